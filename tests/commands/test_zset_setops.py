"""ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD: WEIGHTS,
AGGREGATE, WITHSCORES, LIMIT, missing keys, errors and the encoding of
stored results."""

import pytest

from helpers import SYNTAX, WRONGTYPE, Err, arity_error, reply

NOT_WEIGHT = Err("ERR weight value is not a float")


@pytest.fixture
def sets(r, zset_encoding):
    reply(r, "ZADD", "z1", "1", "a", "2", "b", "3", "c")
    reply(r, "ZADD", "z2", "10", "b", "20", "c", "30", "d")
    reply(r, "ZADD", "z3", "100", "c", "200", "e")
    return r


def withscores(flat):
    return list(zip(flat[::2], flat[1::2]))


def test_zunion(sets):
    assert withscores(reply(sets, "ZUNION", "2", "z1", "z2", "WITHSCORES")) == [
        (b"a", b"1"), (b"b", b"12"), (b"c", b"23"), (b"d", b"30")]
    assert reply(sets, "ZUNION", "3", "z1", "z2", "z3") == [b"a", b"b", b"d", b"c", b"e"]


@pytest.mark.parametrize("how,want", [
    ("SUM", [(b"a", b"2"), (b"b", b"34"), (b"c", b"66"), (b"d", b"90")]),
    ("MIN", [(b"a", b"2"), (b"b", b"4"), (b"c", b"6"), (b"d", b"90")]),
    ("max", [(b"a", b"2"), (b"c", b"60"), (b"b", b"30"), (b"d", b"90")]),
])
def test_zunion_weights_and_aggregate(sets, how, want):
    got = reply(sets, "ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "3", "AGGREGATE", how,
                "WITHSCORES")
    assert sorted(withscores(got), key=lambda p: float(p[1])) == \
        sorted(want, key=lambda p: float(p[1]))


def test_zinter(sets):
    assert withscores(reply(sets, "ZINTER", "2", "z1", "z2", "WITHSCORES")) == [
        (b"b", b"12"), (b"c", b"23")]
    assert reply(sets, "ZINTER", "3", "z1", "z2", "z3", "WITHSCORES") == [b"c", b"123"]
    assert reply(sets, "ZINTER", "2", "z1", "z2", "AGGREGATE", "MAX", "WITHSCORES") == [
        b"b", b"10", b"c", b"20"]
    assert reply(sets, "ZINTER", "2", "z1", "z2", "WEIGHTS", "1", "-1") == [b"c", b"b"]


def test_zinter_of_a_key_with_itself(sets):
    assert reply(sets, "ZINTER", "2", "z1", "z1", "WITHSCORES") == [
        b"a", b"2", b"b", b"4", b"c", b"6"]


def test_zdiff(sets):
    assert reply(sets, "ZDIFF", "2", "z1", "z2", "WITHSCORES") == [b"a", b"1"]
    assert reply(sets, "ZDIFF", "3", "z2", "z1", "z3") == [b"d"]
    assert reply(sets, "ZDIFF", "1", "z3", "WITHSCORES") == [b"c", b"100", b"e", b"200"]
    assert reply(sets, "ZDIFF", "2", "z1", "z1") == []
    assert reply(sets, "ZDIFF", "2", "nokey", "z1") == []
    assert reply(sets, "ZDIFF", "2", "z1", "nokey") == [b"a", b"b", b"c"]


def test_zdiff_with_a_large_first_input_and_small_others(r, zset_encoding):
    reply(r, "ZADD", "big", *[x for i in range(300) for x in (str(i), "m%d" % i)])
    reply(r, "ZADD", "small", "0", "m5", "0", "m7", "0", "zz")
    got = reply(r, "ZDIFF", "2", "big", "small")
    assert len(got) == 298 and b"m5" not in got
    assert got[:6] == [b"m0", b"m1", b"m2", b"m3", b"m4", b"m6"]


def test_missing_keys_are_empty_inputs(sets):
    assert reply(sets, "ZUNION", "2", "nokey", "z3", "WITHSCORES") == [b"c", b"100", b"e", b"200"]
    assert reply(sets, "ZINTER", "2", "nokey", "z3") == []
    assert reply(sets, "ZINTERCARD", "2", "z3", "nokey") == 0
    assert reply(sets, "ZUNION", "1", "nokey") == []


def test_infinities_and_nan_are_taken_as_zero(r):
    reply(r, "ZADD", "p", "inf", "x", "1", "y")
    reply(r, "ZADD", "n", "-inf", "x", "inf", "y")
    assert reply(r, "ZUNION", "2", "p", "n", "WITHSCORES") == [b"x", b"0", b"y", b"inf"]
    assert reply(r, "ZINTER", "2", "p", "n", "WITHSCORES") == [b"x", b"0", b"y", b"inf"]
    # weight 0 times inf is NaN, taken as 0 before it is combined
    assert reply(r, "ZUNION", "1", "p", "WEIGHTS", "0", "WITHSCORES") == [b"x", b"0", b"y", b"0"]
    assert reply(r, "ZUNION", "2", "n", "p", "WEIGHTS", "1", "0", "AGGREGATE", "MAX",
                 "WITHSCORES") == [b"x", b"0", b"y", b"inf"]
    # ZINTER only does so for the smallest input; MIN ignores a later NaN
    assert reply(r, "ZINTER", "2", "n", "p", "WEIGHTS", "1", "0", "AGGREGATE", "MIN",
                 "WITHSCORES") == [b"x", b"-inf", b"y", b"0"]


def test_scores_are_summed_smallest_input_first(r):
    # (0.3 + 0.2) + 0.1 and (0.1 + 0.2) + 0.3 differ in the last bit.
    reply(r, "ZADD", "big", "0.1", "x", "1", "p", "2", "q")
    reply(r, "ZADD", "mid", "0.2", "x", "1", "r")
    reply(r, "ZADD", "one", "0.3", "x")
    for order in (("big", "mid", "one"), ("one", "big", "mid"), ("mid", "one", "big")):
        assert reply(r, "ZUNION", "3", *order, "WITHSCORES")[:2] == [b"x", b"0.59999999999999998"]
        assert reply(r, "ZINTER", "3", *order, "WITHSCORES") == [b"x", b"0.59999999999999998"]


# ---- STORE forms ---------------------------------------------------------------------------

def test_zunionstore_zinterstore_zdiffstore(sets):
    assert reply(sets, "ZUNIONSTORE", "dst", "2", "z1", "z3", "WEIGHTS", "1", "2") == 4
    assert reply(sets, "ZRANGE", "dst", "0", "-1", "WITHSCORES") == [
        b"a", b"1", b"b", b"2", b"c", b"203", b"e", b"400"]
    assert reply(sets, "ZINTERSTORE", "dst", "2", "z1", "z2", "AGGREGATE", "MIN") == 2
    assert reply(sets, "ZRANGE", "dst", "0", "-1", "WITHSCORES") == [b"b", b"2", b"c", b"3"]
    assert reply(sets, "ZDIFFSTORE", "dst", "2", "z2", "z1") == 1
    assert reply(sets, "ZRANGE", "dst", "0", "-1", "WITHSCORES") == [b"d", b"30"]


def test_store_with_an_empty_result_deletes_the_destination(sets):
    assert reply(sets, "ZINTERSTORE", "z2", "2", "z1", "nokey") == 0
    assert reply(sets, "EXISTS", "z2") == 0
    assert reply(sets, "ZDIFFSTORE", "nokey2", "1", "nokey") == 0
    assert reply(sets, "EXISTS", "nokey2") == 0


def test_store_replaces_another_type_and_drops_the_ttl(sets):
    sets.set("dst", "x")
    reply(sets, "EXPIRE", "dst", "100")
    assert reply(sets, "ZUNIONSTORE", "dst", "1", "z1") == 3
    assert reply(sets, "TYPE", "dst") == b"zset"
    assert reply(sets, "TTL", "dst") == -1


def test_store_into_one_of_the_inputs(sets):
    assert reply(sets, "ZUNIONSTORE", "z1", "2", "z1", "z1") == 3
    assert reply(sets, "ZRANGE", "z1", "0", "-1", "WITHSCORES") == [
        b"a", b"2", b"b", b"4", b"c", b"6"]


def test_stored_results_pick_their_encoding_by_size(r):
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "4")
    reply(r, "CONFIG", "SET", "zset-max-listpack-value", "8")
    try:
        reply(r, "ZADD", "big", *[x for i in range(6) for x in (str(i), "m%d" % i)])
        assert reply(r, "OBJECT", "ENCODING", "big") == b"skiplist"
        reply(r, "ZADD", "small", "1", "m1", "2", "m2")
        reply(r, "ZINTERSTORE", "dst", "2", "big", "small")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"listpack"
        reply(r, "ZUNIONSTORE", "dst", "2", "big", "small")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"skiplist"
        reply(r, "ZADD", "long", "1", "a-long-member")
        reply(r, "ZUNIONSTORE", "dst", "1", "long")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"skiplist"
        reply(r, "ZDIFFSTORE", "dst", "2", "big", "small")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"listpack"
        reply(r, "ZRANGESTORE", "dst", "big", "0", "3")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"listpack"
        reply(r, "ZRANGESTORE", "dst", "big", "0", "4")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"skiplist"
        reply(r, "ZRANGESTORE", "dst", "long", "-inf", "inf", "BYSCORE")
        assert reply(r, "OBJECT", "ENCODING", "dst") == b"skiplist"
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")
        reply(r, "CONFIG", "SET", "zset-max-listpack-value", "64")


# ---- ZINTERCARD --------------------------------------------------------------------------------

def test_zintercard(sets):
    assert reply(sets, "ZINTERCARD", "2", "z1", "z2") == 2
    assert reply(sets, "ZINTERCARD", "3", "z1", "z2", "z3") == 1
    assert reply(sets, "ZINTERCARD", "2", "z1", "z2", "LIMIT", "1") == 1
    assert reply(sets, "ZINTERCARD", "2", "z1", "z2", "LIMIT", "0") == 2
    assert reply(sets, "ZINTERCARD", "2", "z1", "z2", "LIMIT", "5") == 2


# ---- errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("args,error", [
    (["ZUNION", "0", "z1"], "ERR at least 1 input key is needed for 'zunion' command"),
    (["ZINTER", "-1", "z1"], "ERR at least 1 input key is needed for 'zinter' command"),
    (["ZDIFFSTORE", "d", "0", "z1"], "ERR at least 1 input key is needed for 'zdiffstore' command"),
    (["ZINTERCARD", "0", "z1"], "ERR at least 1 input key is needed for 'zintercard' command"),
    (["ZUNION", "x", "z1"], "ERR value is not an integer or out of range"),
    (["ZUNION", "2", "z1"], "ERR syntax error"),
    (["ZUNIONSTORE", "d", "3", "z1", "z2"], "ERR syntax error"),
    (["ZUNION", "2", "z1", "z2", "WEIGHTS", "1"], "ERR syntax error"),
    (["ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "x"], "ERR weight value is not a float"),
    (["ZUNION", "1", "z1", "WEIGHTS", "nan"], "ERR weight value is not a float"),
    (["ZUNION", "1", "z1", "AGGREGATE", "avg"], "ERR syntax error"),
    (["ZUNION", "1", "z1", "AGGREGATE"], "ERR syntax error"),
    (["ZUNION", "1", "z1", "FOO"], "ERR syntax error"),
    (["ZUNIONSTORE", "d", "1", "z1", "WITHSCORES"], "ERR syntax error"),
    (["ZDIFF", "1", "z1", "WEIGHTS", "1"], "ERR syntax error"),
    (["ZDIFF", "1", "z1", "AGGREGATE", "SUM"], "ERR syntax error"),
    (["ZINTERCARD", "1", "z1", "WITHSCORES"], "ERR syntax error"),
    (["ZINTERCARD", "1", "z1", "WEIGHTS", "1"], "ERR syntax error"),
    (["ZINTERCARD", "1", "z1", "LIMIT"], "ERR syntax error"),
    (["ZINTERCARD", "1", "z1", "LIMIT", "-1"], "ERR LIMIT can't be negative"),
    (["ZINTERCARD", "1", "z1", "LIMIT", "x"], "ERR LIMIT can't be negative"),
])
def test_errors(r, args, error):
    reply(r, "ZADD", "z1", "1", "a")
    assert reply(r, *args) == Err(error)


def test_wrong_type_is_checked_before_the_options(r):
    r.set("s", "x")
    assert reply(r, "ZUNION", "2", "nokey", "s", "FOO") == WRONGTYPE
    assert reply(r, "ZINTERSTORE", "d", "1", "s") == WRONGTYPE
    assert reply(r, "ZDIFF", "1", "s") == WRONGTYPE
    assert reply(r, "ZINTERCARD", "1", "s") == WRONGTYPE


def test_withscores_may_repeat(sets):
    assert reply(sets, "ZINTER", "1", "z3", "WITHSCORES", "WITHSCORES") == [
        b"c", b"100", b"e", b"200"]
    assert reply(sets, "ZUNION", "1", "z3", "WEIGHTS", "2", "WEIGHTS", "3", "WITHSCORES") == [
        b"c", b"300", b"e", b"600"]


@pytest.mark.parametrize("cmd,n", [
    ("zunion", 3), ("zinter", 3), ("zdiff", 3), ("zintercard", 3),
    ("zunionstore", 4), ("zinterstore", 4), ("zdiffstore", 4),
])
def test_arity(r, cmd, n):
    assert reply(r, cmd.upper(), *["1"] * (n - 2)) == arity_error(cmd)


def test_resp3_withscores_is_nested(server, r):
    reply(r, "ZADD", "z", "1.5", "a")
    with server.raw() as c:
        c.command("HELLO", "3")
        assert c.command("ZUNION", "1", "z", "WITHSCORES") == b"*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n"
        assert c.command("ZINTER", "1", "z") == b"*1\r\n$1\r\na\r\n"
        assert c.command("ZDIFF", "1", "z", "WITHSCORES") == b"*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n"


# ---- plain sets as inputs ----------------------------------------------------------------

@pytest.fixture(params=["intset", "hashtable"])
def with_set(request, r):
    """s: a plain set of 1, 2, 3 (intset) or a, b, 3 (hash table)."""
    members = ["1", "2", "3"] if request.param == "intset" else ["a", "b", "3"]
    reply(r, "SADD", "s", *members)
    assert reply(r, "OBJECT", "ENCODING", "s") == request.param.encode()
    reply(r, "ZADD", "z", "10", members[0], "20", "x", "30", "3")
    return r, members


def test_set_members_count_with_score_one(with_set):
    r, m = with_set
    one, two = m[0].encode(), m[1].encode()
    assert reply(r, "ZUNION", "2", "s", "z", "WITHSCORES") == [
        two, b"1", one, b"11", b"x", b"20", b"3", b"31"]
    assert reply(r, "ZINTER", "2", "s", "z", "WITHSCORES", "WEIGHTS", "5", "1") == [
        one, b"15", b"3", b"35"]
    assert reply(r, "ZDIFF", "2", "s", "z", "WITHSCORES") == [two, b"1"]
    assert reply(r, "ZDIFF", "2", "z", "s") == [b"x"]
    assert reply(r, "ZINTERCARD", "2", "z", "s") == 2
    assert reply(r, "ZUNION", "1", "s", "AGGREGATE", "MAX", "WEIGHTS", "-2") == sorted(
        [x.encode() for x in m])


def test_stored_results_of_set_inputs_are_sorted_sets(with_set):
    r, m = with_set
    assert reply(r, "ZUNIONSTORE", "dst", "2", "s", "s") == 3
    assert reply(r, "TYPE", "dst") == b"zset"
    assert reply(r, "ZRANGE", "dst", "0", "-1", "WITHSCORES")[1::2] == [b"2", b"2", b"2"]
    assert reply(r, "ZINTERSTORE", "dst", "3", "s", "z", "s") == 2
    assert reply(r, "ZSCORE", "dst", "3") == b"32"
    assert reply(r, "ZDIFFSTORE", "s", "2", "s", "z") == 1
    assert reply(r, "TYPE", "s") == b"zset"


def test_a_set_listed_twice_in_an_intersection(with_set):
    r, m = with_set
    assert reply(r, "ZINTER", "2", "s", "s", "WITHSCORES")[1::2] == [b"2", b"2", b"2"]
    assert reply(r, "ZDIFF", "2", "s", "s") == []


def test_a_large_hash_table_set_as_input(r):
    reply(r, "SADD", "big", *["m%d" % i for i in range(2000)])
    reply(r, "ZADD", "z", "5", "m7", "5", "zz")
    assert reply(r, "ZINTER", "2", "big", "z", "WITHSCORES") == [b"m7", b"6"]
    assert reply(r, "ZUNIONSTORE", "u", "2", "big", "z") == 2001
    assert reply(r, "ZCARD", "u") == 2001
    assert reply(r, "ZDIFFSTORE", "d", "2", "big", "z") == 1999
    assert reply(r, "OBJECT", "ENCODING", "d") == b"skiplist"


def test_other_types_are_still_wrong(r):
    r.rpush("l", "a") if reply(r, "COMMAND", "INFO", "rpush")[0] else r.set("l", "a")
    assert reply(r, "ZUNION", "1", "l") == WRONGTYPE
