"""HRANDFIELD: one field, COUNT (distinct fields, all of them when COUNT
reaches the size), negative COUNT (repeats allowed), WITHVALUES, the count
limits, and the RESP3 shapes, on listpack and hashtable hashes.

Never ask a non-empty hash for an enormous negative COUNT: both servers
would try to build the whole reply."""

from collections import Counter

import pytest

from helpers import NOT_INTEGER, SYNTAX, Err, pairs, reply

SMALL = {b"a": b"1", b"b": b"2", b"c": b"3", b"d": b"hello", b"e": b""}
# More than hash-max-listpack-entries (512): a hashtable.
BIG = {b"field:%d" % i: b"value:%d" % i for i in range(1000)}


def make(r, data, key="h"):
    for start in range(0, len(data), 200):
        chunk = list(data.items())[start:start + 200]
        reply(r, "HSET", key, *[x for kv in chunk for x in kv])
    return data


@pytest.fixture(params=["listpack", "hashtable"])
def hash_(r, request):
    """(r, data) with "h" holding data in the encoding of the parameter."""
    data = make(r, SMALL if request.param == "listpack" else BIG)
    assert reply(r, "OBJECT", "ENCODING", "h") == request.param.encode()
    return r, data


def test_one_random_field(hash_):
    r, data = hash_
    seen = {reply(r, "HRANDFIELD", "h") for _ in range(200)}
    assert seen <= set(data)
    assert len(seen) > 1


def test_one_random_field_of_a_missing_key_is_null(r):
    assert reply(r, "HRANDFIELD", "nokey") is None


def test_every_field_comes_up(r):
    make(r, SMALL)
    seen = {reply(r, "HRANDFIELD", "h") for _ in range(300)}
    assert seen == set(SMALL)


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_positive_count_gives_distinct_fields(hash_, share):
    r, data = hash_
    count = max(2, int(len(data) * share))
    got = reply(r, "HRANDFIELD", "h", count)
    assert len(got) == count
    assert len(set(got)) == count
    assert set(got) <= set(data)


def test_positive_count_varies_between_calls(hash_):
    r, data = hash_
    count = len(data) // 2
    draws = {tuple(sorted(reply(r, "HRANDFIELD", "h", count))) for _ in range(20)}
    assert len(draws) > 1


def test_count_of_one_is_one_field(hash_):
    r, data = hash_
    got = reply(r, "HRANDFIELD", "h", 1)
    assert len(got) == 1 and got[0] in data


def test_count_at_least_the_size_returns_the_whole_hash(hash_):
    r, data = hash_
    for count in (len(data), len(data) + 1, 100000):
        got = reply(r, "HRANDFIELD", "h", count)
        assert sorted(got) == sorted(data)
    with_values = reply(r, "HRANDFIELD", "h", len(data) * 2, "WITHVALUES")
    assert pairs(with_values) == data


def test_the_whole_small_hash_comes_in_insertion_order(r):
    make(r, SMALL)
    assert reply(r, "HRANDFIELD", "h", 10) == list(SMALL)
    assert reply(r, "HRANDFIELD", "h", 5, "WITHVALUES") == reply(r, "HGETALL", "h")


def test_negative_count_may_repeat(hash_):
    r, data = hash_
    got = reply(r, "HRANDFIELD", "h", -3000)
    assert len(got) == 3000
    assert set(got) <= set(data)
    assert len(set(got)) < 3000


def test_negative_count_is_roughly_uniform(r):
    make(r, SMALL)
    counts = Counter(reply(r, "HRANDFIELD", "h", -5000))
    assert set(counts) == set(SMALL)
    assert min(counts.values()) > 700          # 1000 expected for each


@pytest.mark.parametrize("count", [-7, -1, 1, 3, 5, 1000])
def test_withvalues_pairs_each_field_with_its_value(hash_, count):
    r, data = hash_
    got = reply(r, "HRANDFIELD", "h", count, "WITHVALUES")
    want_len = abs(count) if count < 0 else min(count, len(data))
    assert len(got) == 2 * want_len
    for f, v in zip(got[::2], got[1::2]):
        assert data[f] == v


def test_withvalues_is_case_insensitive(r):
    make(r, SMALL)
    assert len(reply(r, "HRANDFIELD", "h", 2, "withValues")) == 4


def test_count_zero_and_missing_keys_give_empty_arrays(r):
    assert reply(r, "HRANDFIELD", "nokey", 3) == []
    assert reply(r, "HRANDFIELD", "nokey", -3, "WITHVALUES") == []
    make(r, SMALL)
    assert reply(r, "HRANDFIELD", "h", 0) == []
    assert reply(r, "HRANDFIELD", "h", 0, "WITHVALUES") == []


def test_count_must_be_an_integer(r):
    make(r, SMALL)
    for bad in ("1.5", "abc", "", "9223372036854775808"):
        assert reply(r, "HRANDFIELD", "h", bad) == NOT_INTEGER


def test_count_limits(r):
    # Only on a missing key: the accepted extremes would be huge replies.
    assert reply(r, "HRANDFIELD", "nokey", "-9223372036854775808") == Err(
        "ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807")
    assert reply(r, "HRANDFIELD", "nokey", "-9223372036854775807") == []
    assert reply(r, "HRANDFIELD", "nokey", "9223372036854775807") == []
    out_of_range = Err("ERR value is out of range")
    for count in ("-4611686018427387904", "4611686018427387904", "9223372036854775807",
                  "-9223372036854775807"):
        assert reply(r, "HRANDFIELD", "nokey", count, "WITHVALUES") == out_of_range
    for count in ("-4611686018427387903", "4611686018427387903"):
        assert reply(r, "HRANDFIELD", "nokey", count, "WITHVALUES") == []


def test_syntax_errors(r):
    make(r, SMALL)
    assert reply(r, "HRANDFIELD", "h", 1, "WITHVALUE") == SYNTAX
    assert reply(r, "HRANDFIELD", "h", 1, "WITHVALUES", "x") == SYNTAX
    assert reply(r, "HRANDFIELD", "nokey", 1, "WITHSCORES") == SYNTAX


def test_the_count_is_checked_before_the_type(r):
    r.set("s", "x")
    assert reply(r, "HRANDFIELD", "s", "x") == NOT_INTEGER
    assert reply(r, "HRANDFIELD", "s", 1, "foo") == SYNTAX
    assert reply(r, "HRANDFIELD", "s", 0).startswith("WRONGTYPE")


# ---- RESP3 ---------------------------------------------------------------------

def resp3(server):
    c = server.raw()
    assert c.command("HELLO", "3").startswith(b"%")
    return c


def test_resp3_shapes(server, r):
    reply(r, "HSET", "h", "a", "1")
    with resp3(server) as c:
        assert c.command("HRANDFIELD", "h") == b"$1\r\na\r\n"
        assert c.command("HRANDFIELD", "nokey") == b"_\r\n"
        assert c.command("HRANDFIELD", "nokey", "2") == b"*0\r\n"
        assert c.command("HRANDFIELD", "h", "0", "WITHVALUES") == b"*0\r\n"
        assert c.command("HRANDFIELD", "h", "1") == b"*1\r\n$1\r\na\r\n"
        assert c.command("HRANDFIELD", "h", "5", "WITHVALUES") == b"*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
        assert c.command("HRANDFIELD", "h", "-2", "WITHVALUES") == (
            b"*2\r\n" + b"*2\r\n$1\r\na\r\n$1\r\n1\r\n" * 2)
        assert c.command("HRANDFIELD", "h", "-2") == b"*2\r\n$1\r\na\r\n$1\r\na\r\n"


def test_resp2_withvalues_is_flat(server, r):
    reply(r, "HSET", "h", "a", "1")
    with server.raw() as c:
        assert c.command("HRANDFIELD", "h", "-2", "WITHVALUES") == (
            b"*4\r\n" + b"$1\r\na\r\n$1\r\n1\r\n" * 2)


@pytest.mark.parametrize("count", ["3", "-3", "200", "900"])
def test_resp3_pairs_on_a_hashtable(server, r, count):
    make(r, BIG)
    with resp3(server) as c:
        out = c.command("HRANDFIELD", "h", count, "WITHVALUES")
    n = abs(int(count))
    assert out.startswith(b"*%d\r\n*2\r\n" % n)
    assert out.count(b"*2\r\n") == n


def test_negative_count_on_a_hashtable_reaches_every_field(r):
    make(r, BIG)
    counts = Counter(reply(r, "HRANDFIELD", "h", -20000))
    assert set(counts) == set(BIG)                # 20 expected for each
    assert max(counts.values()) < 80
