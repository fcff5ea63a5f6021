"""ZPOPMIN, ZPOPMAX, ZMPOP and ZRANDMEMBER: counts, reply shapes in RESP2 and
RESP3, errors, and the properties of random picks."""

import collections

import pytest

from helpers import SYNTAX, WRONGTYPE, Err, arity_error, reply

NOT_POSITIVE = Err("ERR value is out of range, must be positive")


@pytest.fixture
def z(r, zset_encoding):
    reply(r, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "4", "e")
    return r


def resp3(server, *cmds):
    """The raw RESP3 replies of cmds, on a fresh connection."""
    with server.raw() as c:
        c.command("HELLO", "3")
        return [c.command(*cmd) for cmd in cmds]


# ---- ZPOPMIN ZPOPMAX ---------------------------------------------------------------------

def test_zpopmin_and_zpopmax_without_count(z):
    assert reply(z, "ZPOPMIN", "z") == [b"a", b"1"]
    assert reply(z, "ZPOPMAX", "z") == [b"e", b"4"]
    assert reply(z, "ZRANGE", "z", "0", "-1") == [b"b", b"c", b"d"]


def test_zpop_with_count(z):
    assert reply(z, "ZPOPMIN", "z", "2") == [b"a", b"1", b"b", b"2"]
    assert reply(z, "ZPOPMAX", "z", "2") == [b"e", b"4", b"d", b"4"]
    assert reply(z, "ZPOPMAX", "z", "10") == [b"c", b"3"]
    assert reply(z, "EXISTS", "z") == 0


def test_zpop_count_zero_and_missing_keys(z):
    assert reply(z, "ZPOPMIN", "z", "0") == []
    assert reply(z, "ZCARD", "z") == 5
    assert reply(z, "ZPOPMIN", "nokey") == []
    assert reply(z, "ZPOPMAX", "nokey", "3") == []


@pytest.mark.parametrize("count", ["-1", "x", "1.5", ""])
def test_zpop_count_must_be_a_non_negative_integer(z, count):
    assert reply(z, "ZPOPMIN", "z", count) == NOT_POSITIVE
    assert reply(z, "ZPOPMAX", "z", count) == NOT_POSITIVE


def test_zpop_errors(r):
    assert reply(r, "ZPOPMIN", "z", "1", "2") == SYNTAX
    r.set("s", "x")
    assert reply(r, "ZPOPMIN", "s") == WRONGTYPE
    assert reply(r, "ZPOPMAX", "s", "0") == WRONGTYPE
    assert reply(r, "ZPOPMIN") == arity_error("zpopmin")


def test_zpop_resp3_shapes(server, r):
    reply(r, "ZADD", "z", "1", "a", "2.5", "b", "3", "c")
    assert resp3(server, ("ZPOPMIN", "z"), ("ZPOPMAX", "z", "1"), ("ZPOPMIN", "z", "5"),
                 ("ZPOPMIN", "z"), ("ZPOPMAX", "z", "2")) == [
        b"*2\r\n$1\r\na\r\n,1\r\n",
        b"*1\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        b"*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n",
        b"*0\r\n",
        b"*0\r\n",
    ]


# ---- ZMPOP ----------------------------------------------------------------------------------

def test_zmpop_pops_from_the_first_non_empty_key(z):
    assert reply(z, "ZMPOP", "3", "nokey", "z", "other", "MIN") == [b"z", [[b"a", b"1"]]]
    assert reply(z, "ZMPOP", "1", "z", "max", "COUNT", "2") == [b"z", [[b"e", b"4"], [b"d", b"4"]]]
    assert reply(z, "ZMPOP", "1", "z", "MIN", "COUNT", "10") == [b"z", [[b"b", b"2"], [b"c", b"3"]]]
    assert reply(z, "EXISTS", "z") == 0
    assert reply(z, "ZMPOP", "2", "z", "nokey", "MIN") is None


def test_zmpop_stops_at_a_key_of_another_type(z):
    z.set("s", "x")
    assert reply(z, "ZMPOP", "2", "s", "z", "MIN") == WRONGTYPE
    assert reply(z, "ZMPOP", "2", "nokey", "s", "MIN") == WRONGTYPE
    assert reply(z, "ZMPOP", "2", "z", "s", "MIN") == [b"z", [[b"a", b"1"]]]


@pytest.mark.parametrize("args,error", [
    (["0", "z", "MIN"], "ERR numkeys should be greater than 0"),
    (["-1", "z", "MIN"], "ERR numkeys should be greater than 0"),
    (["x", "z", "MIN"], "ERR numkeys should be greater than 0"),
    (["2", "z", "MIN"], "ERR syntax error"),
    (["1", "z", "LEFT"], "ERR syntax error"),
    (["1", "z", "MIN", "COUNT"], "ERR syntax error"),
    (["1", "z", "MIN", "COUNT", "0"], "ERR count should be greater than 0"),
    (["1", "z", "MIN", "COUNT", "-2"], "ERR count should be greater than 0"),
    (["1", "z", "MIN", "COUNT", "x"], "ERR count should be greater than 0"),
    (["1", "z", "MIN", "COUNT", "1", "COUNT", "1"], "ERR syntax error"),
    (["1", "z", "MIN", "FOO"], "ERR syntax error"),
])
def test_zmpop_errors(r, args, error):
    assert reply(r, "ZMPOP", *args) == Err(error)


def test_zmpop_arity(r):
    assert reply(r, "ZMPOP", "1", "z") == arity_error("zmpop")


def test_zmpop_resp3(server, r):
    reply(r, "ZADD", "z", "1", "a")
    assert resp3(server, ("ZMPOP", "1", "z", "MIN"), ("ZMPOP", "1", "z", "MIN")) == [
        b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n", b"_\r\n"]


# ---- ZRANDMEMBER --------------------------------------------------------------------------------

def test_zrandmember_without_count(z):
    seen = {reply(z, "ZRANDMEMBER", "z") for _ in range(100)}
    assert seen <= {b"a", b"b", b"c", b"d", b"e"} and len(seen) > 1
    assert reply(z, "ZRANDMEMBER", "nokey") is None


def test_zrandmember_count_larger_than_the_set_returns_it_all_highest_first(z):
    assert reply(z, "ZRANDMEMBER", "z", "5") == [b"e", b"d", b"c", b"b", b"a"]
    assert reply(z, "ZRANDMEMBER", "z", "100", "WITHSCORES") == [
        b"e", b"4", b"d", b"4", b"c", b"3", b"b", b"2", b"a", b"1"]


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_zrandmember_positive_count_gives_distinct_members(z, count):
    for _ in range(30):
        got = reply(z, "ZRANDMEMBER", "z", str(count))
        assert len(got) == count == len(set(got))
        assert set(got) <= {b"a", b"b", b"c", b"d", b"e"}


def test_zrandmember_negative_count_may_repeat(z):
    got = reply(z, "ZRANDMEMBER", "z", "-200")
    assert len(got) == 200
    counts = collections.Counter(got)
    assert set(counts) == {b"a", b"b", b"c", b"d", b"e"}
    assert max(counts.values()) < 100


def test_zrandmember_withscores_pairs_members_with_their_scores(z):
    scores = {b"a": b"1", b"b": b"2", b"c": b"3", b"d": b"4", b"e": b"4"}
    for count in ("-7", "3", "1", "-1"):
        got = reply(z, "ZRANDMEMBER", "z", count, "WITHSCORES")
        assert len(got) == 2 * abs(int(count))
        for m, s in zip(got[::2], got[1::2]):
            assert scores[m] == s


def test_zrandmember_of_a_large_skiplist_is_spread_out(r):
    reply(r, "ZADD", "big", *[x for i in range(1000) for x in (str(i), "m%d" % i)])
    got = reply(r, "ZRANDMEMBER", "big", "100")
    assert len(set(got)) == 100
    got = reply(r, "ZRANDMEMBER", "big", "600", "WITHSCORES")
    assert len(set(got[::2])) == 600
    assert all(m == b"m" + s for m, s in zip(got[::2], got[1::2]))


def test_zrandmember_zero_and_missing_key(z):
    assert reply(z, "ZRANDMEMBER", "z", "0") == []
    assert reply(z, "ZRANDMEMBER", "z", "0", "WITHSCORES") == []
    assert reply(z, "ZRANDMEMBER", "nokey", "5") == []
    assert reply(z, "ZRANDMEMBER", "nokey", "-5", "WITHSCORES") == []


@pytest.mark.parametrize("args,error", [
    (["x"], "ERR value is not an integer or out of range"),
    (["1", "WITHSCORE"], "ERR syntax error"),
    (["1", "WITHSCORES", "x"], "ERR syntax error"),
    (["-9223372036854775808"], "ERR value is out of range, value must between "
                               "-9223372036854775807 and 9223372036854775807"),
    (["9223372036854775807", "WITHSCORES"], "ERR value is out of range"),
    (["-4611686018427387905", "WITHSCORES"], "ERR value is out of range"),
])
def test_zrandmember_errors(r, args, error):
    assert reply(r, "ZRANDMEMBER", "z", *args) == Err(error)


def test_zrandmember_wrong_type(r):
    r.set("s", "x")
    assert reply(r, "ZRANDMEMBER", "s") == WRONGTYPE
    assert reply(r, "ZRANDMEMBER", "s", "2") == WRONGTYPE


def test_zrandmember_resp3_nests_pairs(server, r):
    reply(r, "ZADD", "z", "1.5", "a")
    assert resp3(server, ("ZRANDMEMBER", "z", "2", "WITHSCORES"),
                 ("ZRANDMEMBER", "z", "-2", "WITHSCORES"), ("ZRANDMEMBER", "z", "2"),
                 ("ZRANDMEMBER", "nokey")) == [
        b"*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n",
        b"*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\na\r\n,1.5\r\n",
        b"*1\r\n$1\r\na\r\n",
        b"_\r\n",
    ]
