"""SPOP and SRANDMEMBER. Which members come out is random, so the tests check
properties (membership, distinctness, sizes, what is removed) on both
servers; replies that do not depend on chance are compared exactly."""

from collections import Counter

import pytest

from helpers import NOT_INTEGER, WRONGTYPE, Err, reply

POSITIVE = Err("ERR value is out of range, must be positive")
SRAND_RANGE = Err("ERR value is out of range, value must between "
                  "-9223372036854775807 and 9223372036854775807")

INTS = [str(i).encode() for i in range(20)]
STRS = [b"m%d" % i for i in range(20)]


@pytest.fixture(params=["intset", "hashtable"])
def filled(r, request):
    """Key s holds 20 members, as an intset or as a hash table."""
    items = INTS if request.param == "intset" else STRS
    reply(r, "SADD", "s", *items)
    assert reply(r, "OBJECT", "ENCODING", "s") == request.param.encode()
    return r, items


# ---- SPOP ---------------------------------------------------------------------------

def test_spop_removes_and_returns_one_member(filled):
    r, items = filled
    got = reply(r, "SPOP", "s")
    assert got in items
    assert reply(r, "SISMEMBER", "s", got) == 0
    assert reply(r, "SCARD", "s") == len(items) - 1


def test_spop_until_empty_returns_every_member_once_and_deletes_the_key(filled):
    r, items = filled
    popped = [reply(r, "SPOP", "s") for _ in items]
    assert sorted(popped) == sorted(items)
    assert reply(r, "EXISTS", "s") == 0
    assert reply(r, "SPOP", "s") is None


def test_spop_of_a_missing_key_is_null(r):
    assert reply(r, "SPOP", "nokey") is None
    assert reply(r, "SPOP", "nokey", "3") == []


@pytest.mark.parametrize("count", [1, 3, 10, 15, 19])
def test_spop_with_a_count_below_the_size(filled, count):
    # 3 pops one at a time; 15 and 19 keep the few survivors instead
    r, items = filled
    got = reply(r, "SPOP", "s", str(count))
    assert len(got) == count == len(set(got))
    assert set(got) <= set(items)
    left = reply(r, "SMEMBERS", "s")
    assert sorted(got + left) == sorted(items)


@pytest.mark.parametrize("count", [20, 21, 1000])
def test_spop_with_a_count_of_the_whole_set_pops_it_all(filled, count):
    r, items = filled
    got = reply(r, "SPOP", "s", str(count))
    assert sorted(got) == sorted(items)
    assert reply(r, "EXISTS", "s") == 0


def test_spop_of_a_whole_intset_comes_in_ascending_order(r):
    reply(r, "SADD", "s", "30", "-1", "7", "100000")
    assert reply(r, "SPOP", "s", "10") == [b"-1", b"7", b"30", b"100000"]


def test_spop_with_count_zero_changes_nothing(filled):
    r, items = filled
    assert reply(r, "SPOP", "s", "0") == []
    assert reply(r, "SCARD", "s") == len(items)


@pytest.mark.parametrize("count", ["-1", "abc", "1.5", "", "9223372036854775808"])
def test_spop_count_must_be_a_non_negative_integer(r, count):
    reply(r, "SADD", "s", "a")
    assert reply(r, "SPOP", "s", count) == POSITIVE
    assert reply(r, "SPOP", "nokey", count) == POSITIVE


def test_spop_against_a_string(r):
    r.set("k", "v")
    assert reply(r, "SPOP", "k") == WRONGTYPE
    assert reply(r, "SPOP", "k", "2") == WRONGTYPE
    assert reply(r, "SPOP", "k", "-2") == POSITIVE


def test_spop_keeps_the_ttl_of_a_set_that_is_not_emptied(filled):
    r, items = filled
    r.expire("s", 1000)
    reply(r, "SPOP", "s")
    reply(r, "SPOP", "s", "3")
    assert 0 < r.ttl("s") <= 1000


# ---- SRANDMEMBER --------------------------------------------------------------------

def test_srandmember_returns_a_member_and_removes_nothing(filled):
    r, items = filled
    for _ in range(20):
        assert reply(r, "SRANDMEMBER", "s") in items
    assert reply(r, "SCARD", "s") == len(items)


def test_srandmember_of_a_missing_key(r):
    assert reply(r, "SRANDMEMBER", "nokey") is None
    assert reply(r, "SRANDMEMBER", "nokey", "5") == []
    assert reply(r, "SRANDMEMBER", "nokey", "-5") == []


@pytest.mark.parametrize("count", [1, 2, 5, 6, 7, 10, 19])
def test_srandmember_with_a_positive_count_gives_distinct_members(filled, count):
    # below a third of the size members are drawn; above it the set is shuffled
    r, items = filled
    got = reply(r, "SRANDMEMBER", "s", str(count))
    assert len(got) == count == len(set(got))
    assert set(got) <= set(items)
    assert reply(r, "SCARD", "s") == len(items)


@pytest.mark.parametrize("count", [20, 25, 9223372036854775807])
def test_srandmember_with_a_count_of_the_whole_set_returns_it(filled, count):
    r, items = filled
    got = reply(r, "SRANDMEMBER", "s", str(count))
    assert sorted(got) == sorted(items)


def test_srandmember_of_a_whole_intset_comes_in_ascending_order(r):
    reply(r, "SADD", "s", "30", "-1", "7", "100000")
    assert reply(r, "SRANDMEMBER", "s", "4") == [b"-1", b"7", b"30", b"100000"]


@pytest.mark.parametrize("count", [1, 5, 20, 100])
def test_srandmember_with_a_negative_count_may_repeat(filled, count):
    r, items = filled
    got = reply(r, "SRANDMEMBER", "s", str(-count))
    assert len(got) == count
    assert set(got) <= set(items)


def test_srandmember_negative_count_repeats_on_a_small_set(r):
    reply(r, "SADD", "s", "only")
    assert reply(r, "SRANDMEMBER", "s", "-5") == [b"only"] * 5
    reply(r, "SADD", "t", "1", "2")
    got = reply(r, "SRANDMEMBER", "t", "-50")
    assert len(got) == 50 and set(got) == {b"1", b"2"}


def test_srandmember_draws_reach_every_member(filled):
    # 1000 draws over 20 members: missing one has a chance of about 1e-21
    r, items = filled
    counts = Counter(reply(r, "SRANDMEMBER", "s", "-1000"))
    assert set(counts) == set(items)
    assert max(counts.values()) < 150


def test_spop_draws_reach_every_member(r):
    seen = set()
    for _ in range(30):
        reply(r, "DEL", "s")
        reply(r, "SADD", "s", *STRS[:5])
        seen.add(reply(r, "SPOP", "s"))
    assert seen == set(STRS[:5])


def test_srandmember_count_zero(filled):
    r, _ = filled
    assert reply(r, "SRANDMEMBER", "s", "0") == []


@pytest.mark.parametrize("count,error", [
    ("abc", NOT_INTEGER), ("1.5", NOT_INTEGER), ("", NOT_INTEGER),
    ("9223372036854775808", NOT_INTEGER), ("-9223372036854775808", SRAND_RANGE),
])
def test_srandmember_count_errors(r, count, error):
    reply(r, "SADD", "s", "a")
    assert reply(r, "SRANDMEMBER", "s", count) == error
    assert reply(r, "SRANDMEMBER", "nokey", count) == error


def test_srandmember_against_a_string(r):
    r.set("k", "v")
    assert reply(r, "SRANDMEMBER", "k") == WRONGTYPE
    assert reply(r, "SRANDMEMBER", "k", "3") == WRONGTYPE


def test_spop_of_a_whole_hashtable_of_few_integers_comes_in_ascending_order(r):
    # The popped members are gathered in a new set first, an intset here.
    reply(r, "SADD", "s", "30", "-1", "7", "x")
    reply(r, "SREM", "s", "x")
    assert reply(r, "OBJECT", "ENCODING", "s") == b"hashtable"
    assert reply(r, "SPOP", "s", "4") == [b"-1", b"7", b"30"]


def test_popping_a_big_hashtable_one_by_one_through_its_shrinking(r):
    # The table shrinks (and rehashes) several times on the way down.
    items = [b"e:%d" % i for i in range(20000)]
    pipe = r.pipeline(transaction=False)
    for i in range(0, len(items), 1000):
        pipe.execute_command("SADD", "s", *items[i:i + 1000])
    for _ in items:
        pipe.execute_command("SPOP", "s")
    pipe.execute_command("EXISTS", "s")
    out = pipe.execute()
    popped = out[len(items) // 1000:-1]
    assert sorted(popped) == sorted(items)
    assert out[-1] == 0
