"""Set encodings as Redis 7.0 reports them in OBJECT ENCODING: intset while
every member is a canonical integer and there are at most
set-max-intset-entries, hashtable after; what encoding the results of the
STORE commands, SPOP and COPY get; intset element widening."""

import pytest

from helpers import reply


def enc(r, key):
    return reply(r, "OBJECT", "ENCODING", key)


@pytest.fixture
def intset_limit(r):
    """Set set-max-intset-entries for one test; the old value comes back after."""
    old = reply(r, "CONFIG", "GET", "set-max-intset-entries")[1]

    def set_limit(n):
        assert reply(r, "CONFIG", "SET", "set-max-intset-entries", str(n)) == b"OK"

    yield set_limit
    reply(r, "CONFIG", "SET", "set-max-intset-entries", old)


def test_default_intset_limit_is_512(r):
    assert reply(r, "CONFIG", "GET", "set-max-intset-entries") == [
        b"set-max-intset-entries", b"512"]


def test_integers_make_an_intset(r):
    reply(r, "SADD", "s", "1", "-2", "3")
    assert enc(r, "s") == b"intset"


def test_a_first_string_member_makes_a_hashtable(r):
    reply(r, "SADD", "s", "a")
    assert enc(r, "s") == b"hashtable"


@pytest.mark.parametrize("member", ["a", "01", "+1", "1.0", " 1", "1 ", "", "0x1",
                                    "9223372036854775808", "-9223372036854775809"])
def test_a_non_integer_member_converts_an_intset(r, member):
    reply(r, "SADD", "s", "1", "2")
    reply(r, "SADD", "s", member)
    assert enc(r, "s") == b"hashtable"
    assert reply(r, "SCARD", "s") == 3
    assert reply(r, "SISMEMBER", "s", "1") == 1
    assert reply(r, "SISMEMBER", "s", member) == 1


def test_int64_limits_stay_in_the_intset(r):
    reply(r, "SADD", "s", "9223372036854775807", "-9223372036854775808", "0")
    assert enc(r, "s") == b"intset"
    assert reply(r, "SMEMBERS", "s") == [b"-9223372036854775808", b"0", b"9223372036854775807"]


def test_the_intset_converts_past_the_default_limit(r):
    reply(r, "SADD", "s", *[str(i) for i in range(512)])
    assert enc(r, "s") == b"intset"
    reply(r, "SADD", "s", "0")           # already there: no change
    assert enc(r, "s") == b"intset"
    reply(r, "SADD", "s", "512")
    assert enc(r, "s") == b"hashtable"
    assert reply(r, "SCARD", "s") == 513


def test_the_intset_limit_follows_config_set(r, intset_limit):
    intset_limit(4)
    reply(r, "SADD", "s", "1", "2", "3", "4")
    assert enc(r, "s") == b"intset"
    reply(r, "SADD", "s", "5")
    assert enc(r, "s") == b"hashtable"
    reply(r, "SADD", "big", "1", "2", "3", "4", "5")
    assert enc(r, "big") == b"hashtable"


def test_a_zero_intset_limit_means_hashtables_only(r, intset_limit):
    intset_limit(0)
    reply(r, "SADD", "s", "1")
    assert enc(r, "s") == b"hashtable"


def test_a_set_never_goes_back_to_an_intset(r, intset_limit):
    intset_limit(3)
    reply(r, "SADD", "s", "1", "2", "3", "x")
    reply(r, "SREM", "s", "x", "3")
    assert enc(r, "s") == b"hashtable"
    assert sorted(reply(r, "SMEMBERS", "s")) == [b"1", b"2"]


def test_widening_keeps_the_intset_sorted(r):
    reply(r, "SADD", "s", "5", "1", "3")
    reply(r, "SADD", "s", "-40000")           # 32-bit, in front
    reply(r, "SADD", "s", "70000")            # 32-bit, at the end
    reply(r, "SADD", "s", "5000000000")       # 64-bit, at the end
    reply(r, "SADD", "s", "-5000000000")      # 64-bit, in front
    reply(r, "SADD", "s", "2", "-1")
    assert enc(r, "s") == b"intset"
    assert reply(r, "SMEMBERS", "s") == [b"-5000000000", b"-40000", b"-1", b"1", b"2", b"3",
                                         b"5", b"70000", b"5000000000"]
    assert reply(r, "SREM", "s", "5000000000", "-40000", "3") == 3
    assert reply(r, "SMEMBERS", "s") == [b"-5000000000", b"-1", b"1", b"2", b"5", b"70000"]
    assert reply(r, "SISMEMBER", "s", "70000") == 1
    assert reply(r, "SISMEMBER", "s", "4") == 0


def test_memory_usage_grows_when_an_intset_widens(r):
    reply(r, "SADD", "s", *[str(i) for i in range(200)])
    narrow = reply(r, "MEMORY", "USAGE", "s")
    reply(r, "SADD", "s", "10000000000")
    wide = reply(r, "MEMORY", "USAGE", "s")
    assert wide > narrow + 200 * 4


def test_smove_creates_the_destination_by_the_member(r):
    reply(r, "SADD", "src", "1", "a")
    reply(r, "SMOVE", "src", "ints", "1")
    reply(r, "SMOVE", "src", "strs", "a")
    assert enc(r, "ints") == b"intset"
    assert enc(r, "strs") == b"hashtable"


def test_smove_of_a_string_into_an_intset_converts_it(r):
    reply(r, "SADD", "src", "a")
    reply(r, "SADD", "dst", "1")
    reply(r, "SMOVE", "src", "dst", "a")
    assert enc(r, "dst") == b"hashtable"


def test_store_results_of_integers_are_intsets(r):
    reply(r, "SADD", "h1", "1", "2", "3", "a")
    reply(r, "SADD", "h2", "2", "3", "4", "b")
    assert enc(r, "h1") == b"hashtable"
    reply(r, "SINTERSTORE", "i", "h1", "h2")
    assert enc(r, "i") == b"intset"
    assert reply(r, "SMEMBERS", "i") == [b"2", b"3"]
    reply(r, "SDIFFSTORE", "d", "h1", "h2")
    assert sorted(reply(r, "SMEMBERS", "d")) == [b"1", b"a"]
    assert enc(r, "d") == b"hashtable"
    reply(r, "SADD", "h3", "1", "a", "b")
    reply(r, "SDIFFSTORE", "d", "h1", "h3")
    assert enc(r, "d") == b"intset"
    reply(r, "SUNIONSTORE", "u", "i", "d")
    assert enc(r, "u") == b"intset"
    reply(r, "SUNIONSTORE", "u", "i", "h2")
    assert enc(r, "u") == b"hashtable"


def test_store_results_past_the_limit_are_hashtables(r, intset_limit):
    intset_limit(5)
    reply(r, "SADD", "a", "1", "2", "3")
    reply(r, "SADD", "b", "4", "5", "6")
    reply(r, "SUNIONSTORE", "u", "a", "b")
    assert enc(r, "u") == b"hashtable"
    reply(r, "SINTERSTORE", "i", "u", "u")
    assert enc(r, "i") == b"hashtable"


def test_sdiffstore_by_removal_can_leave_a_small_hashtable(r, intset_limit):
    # The first set is large next to the sets to subtract, so SDIFF copies it
    # and removes the others: the copy passes the limit on the way.
    intset_limit(8)
    reply(r, "SADD", "big", *[str(i) for i in range(12)])
    reply(r, "SADD", "sub", *[str(i) for i in range(10)])
    for k in range(6):
        reply(r, "SADD", "one%d" % k, "x%d" % k)
    assert reply(r, "SDIFFSTORE", "d", "big", "sub", *["one%d" % k for k in range(6)]) == 2
    assert enc(r, "d") == b"hashtable"
    # With one set to subtract, the members of the first are tested one by one.
    assert reply(r, "SDIFFSTORE", "d2", "big", "sub") == 2
    assert enc(r, "d2") == b"intset"


def test_spop_of_most_of_a_hashtable_of_integers_leaves_an_intset(r, intset_limit):
    intset_limit(16)
    reply(r, "SADD", "s", *[str(i) for i in range(40)])
    assert enc(r, "s") == b"hashtable"
    assert len(reply(r, "SPOP", "s", "35")) == 35
    assert enc(r, "s") == b"intset"
    assert reply(r, "SCARD", "s") == 5


def test_spop_of_a_few_members_keeps_the_hashtable(r, intset_limit):
    intset_limit(16)
    reply(r, "SADD", "s", *[str(i) for i in range(40)])
    assert len(reply(r, "SPOP", "s", "5")) == 5
    assert enc(r, "s") == b"hashtable"


def test_spop_with_a_count_keeps_the_ttl(r, intset_limit):
    intset_limit(16)
    reply(r, "SADD", "s", *[str(i) for i in range(40)])
    r.expire("s", 1000)
    reply(r, "SPOP", "s", "35")
    assert 0 < r.ttl("s") <= 1000


@pytest.mark.parametrize("members", [["1", "2", "3"], ["a", "b", "1"]])
def test_copy_keeps_the_encoding_and_is_independent(r, members):
    reply(r, "SADD", "s", *members)
    assert reply(r, "COPY", "s", "t") == 1
    assert enc(r, "t") == enc(r, "s")
    assert sorted(reply(r, "SMEMBERS", "t")) == sorted(m.encode() for m in members)
    reply(r, "SADD", "t", "new")
    reply(r, "SREM", "s", members[0])
    assert reply(r, "SCARD", "s") == 2
    assert reply(r, "SCARD", "t") == 4


def test_rename_and_move_carry_the_set(r):
    reply(r, "SADD", "s", "1", "x")
    reply(r, "RENAME", "s", "t")
    assert sorted(reply(r, "SMEMBERS", "t")) == [b"1", b"x"]
    assert reply(r, "MOVE", "t", "1") == 1
    reply(r, "SELECT", "1")
    assert sorted(reply(r, "SMEMBERS", "t")) == [b"1", b"x"]
    reply(r, "SELECT", "0")
