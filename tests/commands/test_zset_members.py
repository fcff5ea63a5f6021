"""ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK and ZREVRANK in both encodings."""

import pytest

from helpers import WRONGTYPE, arity_error, reply


def fill(r):
    reply(r, "ZADD", "z", "1", "a", "2", "b", "2", "c", "-1.5", "d", "inf", "e")


def test_fill_uses_the_encoding_under_test(r, zset_encoding):
    fill(r)
    assert reply(r, "OBJECT", "ENCODING", "z") == zset_encoding.encode()


def test_zcard(r, zset_encoding):
    assert reply(r, "ZCARD", "z") == 0
    fill(r)
    assert reply(r, "ZCARD", "z") == 5


def test_zscore_and_zmscore(r, zset_encoding):
    fill(r)
    assert reply(r, "ZSCORE", "z", "d") == b"-1.5"
    assert reply(r, "ZSCORE", "z", "e") == b"inf"
    assert reply(r, "ZSCORE", "z", "x") is None
    assert reply(r, "ZSCORE", "nokey", "a") is None
    assert reply(r, "ZMSCORE", "z", "a", "x", "e", "a") == [b"1", None, b"inf", b"1"]
    assert reply(r, "ZMSCORE", "nokey", "a", "b") == [None, None]


def test_zrank_and_zrevrank_order_ties_by_member(r, zset_encoding):
    fill(r)
    ranks = [reply(r, "ZRANK", "z", m) for m in "dabce"]
    assert ranks == [0, 1, 2, 3, 4]
    assert [reply(r, "ZREVRANK", "z", m) for m in "dabce"] == [4, 3, 2, 1, 0]
    assert reply(r, "ZRANK", "z", "x") is None
    assert reply(r, "ZREVRANK", "nokey", "a") is None


def test_zrem_counts_removed_members_and_deletes_an_empty_key(r, zset_encoding):
    fill(r)
    assert reply(r, "ZREM", "z", "a", "x", "a") == 1
    assert reply(r, "ZRANGE", "z", "0", "-1") == [b"d", b"b", b"c", b"e"]
    assert reply(r, "ZREM", "z", "b", "c", "d", "e", "more") == 4
    assert reply(r, "EXISTS", "z") == 0
    assert reply(r, "ZREM", "z", "a") == 0


def test_zrem_keeps_ranks_consistent(r, zset_encoding):
    for i in range(20):
        reply(r, "ZADD", "z", str(i % 7), "m%02d" % i)
    for i in range(0, 20, 3):
        reply(r, "ZREM", "z", "m%02d" % i)
    got = reply(r, "ZRANGE", "z", "0", "-1")
    assert [reply(r, "ZRANK", "z", m) for m in got] == list(range(len(got)))


@pytest.mark.parametrize("args", [
    ["ZCARD", "s"], ["ZSCORE", "s", "a"], ["ZMSCORE", "s", "a"], ["ZRANK", "s", "a"],
    ["ZREVRANK", "s", "a"], ["ZREM", "s", "a"],
])
def test_wrong_type(r, args):
    r.set("s", "x")
    assert reply(r, *args) == WRONGTYPE


@pytest.mark.parametrize("cmd,args", [
    ("zcard", []), ("zcard", ["z", "x"]), ("zscore", ["z"]), ("zmscore", ["z"]),
    ("zrank", ["z"]), ("zrank", ["z", "a", "withscore"]), ("zrevrank", ["z"]), ("zrem", ["z"]),
])
def test_arity(r, cmd, args):
    assert reply(r, cmd.upper(), *args) == arity_error(cmd)


def test_type_and_object_encoding(r):
    reply(r, "ZADD", "z", "1", "a")
    assert reply(r, "TYPE", "z") == b"zset"
    assert reply(r, "OBJECT", "ENCODING", "z") == b"listpack"


def test_keyspace_hits_and_misses_as_redis_counts_them(both):
    # Sources are read lookups (counted), written keys and pops are not.
    cmds = [("ZUNIONSTORE", "d", "2", "z", "nokey"), ("ZRANGESTORE", "d", "z", "0", "-1"),
            ("ZRANGESTORE", "d", "nokey", "0", "-1"), ("ZINTERCARD", "1", "z"),
            ("ZMPOP", "2", "nokey", "z", "MIN"), ("ZPOPMAX", "nokey"), ("ZRANDMEMBER", "z"),
            ("ZSCAN", "z", "0"), ("ZADD", "z", "2", "b"), ("ZREM", "nokey", "a"),
            ("ZSCORE", "z", "a"), ("ZMSCORE", "nokey", "a"), ("ZCOUNT", "z", "0", "1"),
            ("ZREMRANGEBYRANK", "z", "5", "6"), ("ZINCRBY", "z", "1", "a")]
    for cmd in cmds:
        stats = []
        for c in both:
            reply(c, "ZADD", "z", "1", "a")
            reply(c, "CONFIG", "RESETSTAT")
            reply(c, *cmd)
            info = c.info("stats")
            stats.append((info["keyspace_hits"], info["keyspace_misses"]))
        assert stats[0] == stats[1], cmd
