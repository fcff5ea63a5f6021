"""Sorted-set encodings as Redis 7.0 picks them: listpack while a set has at
most zset-max-listpack-entries members of at most zset-max-listpack-value
bytes, skiplist after (never back, except for stored set operations); the
ziplist aliases of the two options; COPY, MEMORY USAGE; and a large set
checked against the oracle."""

import pytest

from helpers import pairs, reply


def encoding(r, key):
    return reply(r, "OBJECT", "ENCODING", key)


@pytest.fixture
def small(r):
    """Thresholds of 4 members and 8 bytes, restored afterwards."""
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "4")
    reply(r, "CONFIG", "SET", "zset-max-listpack-value", "8")
    yield r
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")
    reply(r, "CONFIG", "SET", "zset-max-listpack-value", "64")


def test_default_thresholds(r):
    assert pairs(reply(r, "CONFIG", "GET", "zset-max-listpack-*")) == {
        b"zset-max-listpack-entries": b"128", b"zset-max-listpack-value": b"64"}
    assert reply(r, "CONFIG", "GET", "zset-max-ziplist-entries") == [
        b"zset-max-ziplist-entries", b"128"]


def test_entries_threshold(r):
    reply(r, "ZADD", "z", *[x for i in range(128) for x in (str(i), "m%d" % i)])
    assert encoding(r, "z") == b"listpack"
    reply(r, "ZADD", "z", "0", "m0")
    assert encoding(r, "z") == b"listpack"
    reply(r, "ZADD", "z", "1000", "one-more")
    assert encoding(r, "z") == b"skiplist"


def test_value_threshold(r):
    reply(r, "ZADD", "z", "1", "x" * 64)
    assert encoding(r, "z") == b"listpack"
    reply(r, "ZADD", "z", "1", "y" * 65)
    assert encoding(r, "z") == b"skiplist"


def test_a_long_first_member_creates_a_skiplist(r):
    reply(r, "ZADD", "z", "1", "x" * 65, "2", "y")
    assert encoding(r, "z") == b"skiplist"
    assert reply(r, "ZRANGE", "z", "0", "-1") == [b"x" * 65, b"y"]


def test_many_pairs_for_few_members_stay_a_listpack(small):
    reply(small, "ZADD", "z", *["1", "a"] * 20)
    assert encoding(small, "z") == b"listpack"


def test_conversion_keeps_every_member_and_score(small):
    reply(small, "ZADD", "z", "3", "c", "1", "a", "2.5", "b", "-inf", "7", "inf", "-0")
    before = reply(small, "ZRANGE", "z", "0", "-1", "WITHSCORES")
    reply(small, "ZADD", "z", "10", "late")
    assert encoding(small, "z") == b"skiplist"
    reply(small, "ZREM", "z", "late")
    assert reply(small, "ZRANGE", "z", "0", "-1", "WITHSCORES") == before
    assert reply(small, "ZSCORE", "z", "-0") == b"inf"
    assert reply(small, "ZRANK", "z", "7") == 0


def test_removing_members_never_converts_back(small):
    reply(small, "ZADD", "z", *[x for i in range(8) for x in (str(i), "m%d" % i)])
    assert encoding(small, "z") == b"skiplist"
    reply(small, "ZREM", "z", "m0", "m1", "m2", "m3")
    assert encoding(small, "z") == b"skiplist"
    reply(small, "ZPOPMIN", "z")
    reply(small, "ZREMRANGEBYRANK", "z", "0", "0")
    reply(small, "ZADD", "z", "1", "new")
    assert encoding(small, "z") == b"skiplist"


def test_zero_entries_means_always_skiplist(r):
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "0")
    try:
        reply(r, "ZADD", "z", "1", "a")
        reply(r, "ZINCRBY", "y", "1", "a")
        reply(r, "ZADD", "w", "1", "a")
        reply(r, "ZUNIONSTORE", "u", "1", "w")
        assert [encoding(r, k) for k in ("z", "y", "u")] == [b"skiplist"] * 3
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")


def test_zero_value_bytes_allows_only_empty_members_in_a_listpack(r):
    reply(r, "CONFIG", "SET", "zset-max-listpack-value", "0")
    try:
        reply(r, "ZADD", "z", "1", "")
        assert encoding(r, "z") == b"listpack"
        reply(r, "ZADD", "z", "1", "a")
        assert encoding(r, "z") == b"skiplist"
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-value", "64")


def test_ziplist_aliases_set_the_same_thresholds(r):
    reply(r, "CONFIG", "SET", "zset-max-ziplist-entries", "2")
    try:
        reply(r, "ZADD", "z", "1", "a", "2", "b", "3", "c")
        assert encoding(r, "z") == b"skiplist"
        assert reply(r, "CONFIG", "GET", "zset-max-listpack-entries")[1] == b"2"
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")


def test_zunionstore_result_converts_back_when_small(small):
    reply(small, "ZADD", "big", *[x for i in range(6) for x in (str(i), "m%d" % i)])
    reply(small, "ZREM", "big", "m0", "m1", "m2")
    assert encoding(small, "big") == b"skiplist"
    reply(small, "ZUNIONSTORE", "dst", "1", "big")
    assert encoding(small, "dst") == b"listpack"
    assert reply(small, "ZRANGE", "dst", "0", "-1", "WITHSCORES") == \
        reply(small, "ZRANGE", "big", "0", "-1", "WITHSCORES")


@pytest.mark.parametrize("size", [3, 300])
def test_copy_is_deep_and_keeps_the_encoding(r, size):
    reply(r, "ZADD", "z", *[x for i in range(size) for x in (str(i * 0.5), "m%d" % i)])
    assert reply(r, "COPY", "z", "c") == 1
    assert encoding(r, "c") == encoding(r, "z")
    assert reply(r, "ZRANGE", "c", "0", "-1", "WITHSCORES") == \
        reply(r, "ZRANGE", "z", "0", "-1", "WITHSCORES")
    reply(r, "ZADD", "c", "1000", "m0")
    reply(r, "ZREM", "c", "m1")
    assert reply(r, "ZSCORE", "z", "m0") == b"0"
    assert reply(r, "ZSCORE", "z", "m1") == b"0.5"
    assert reply(r, "ZRANK", "c", "m0") == size - 2


def test_rename_and_move_carry_the_value(r):
    reply(r, "ZADD", "z", "1", "a")
    reply(r, "RENAME", "z", "y")
    assert reply(r, "MOVE", "y", "1") == 1
    reply(r, "SELECT", "1")
    assert reply(r, "ZRANGE", "y", "0", "-1", "WITHSCORES") == [b"a", b"1"]
    reply(r, "SELECT", "0")


def test_memory_usage_grows_with_the_members(r):
    reply(r, "ZADD", "small", "1", "a")
    reply(r, "ZADD", "big", *[x for i in range(1000) for x in (str(i), "member-%d" % i)])
    small = reply(r, "MEMORY", "USAGE", "small")
    big = reply(r, "MEMORY", "USAGE", "big", "SAMPLES", "0")
    assert 0 < small < 200
    assert 1000 * 40 < big < 1000 * 200


def test_memory_per_member_is_no_worse_than_redis(both):
    # A skiplist of 20,000 members: ours must not take more than Redis.
    sizes = []
    for c in both:
        p = c.pipeline(transaction=False)
        for i in range(0, 20000, 500):
            p.execute_command("ZADD", "z", *[x for j in range(i, i + 500)
                                             for x in (str(j * 1.25), "member:%d" % j)])
        p.execute()
        sizes.append(reply(c, "MEMORY", "USAGE", "z", "SAMPLES", "0"))
    ours, redis = sizes
    assert ours <= redis, sizes


def test_a_large_sorted_set_agrees_with_the_oracle(both):
    # 200,000 members with repeated scores, filled by pipelining, then
    # counts, ranks, ranges and removals compared.
    n = 200000
    for c in both:
        p = c.pipeline(transaction=False)
        for i in range(0, n, 2000):
            p.execute_command("ZADD", "big", *[x for j in range(i, i + 2000)
                                               for x in (str((j * 7919) % 5000), "m%06d" % j)])
        p.execute()
    queries = [
        ("ZCARD", "big"), ("ZCOUNT", "big", "100", "(200"), ("ZCOUNT", "big", "-inf", "+inf"),
        ("ZRANK", "big", "m123456"), ("ZREVRANK", "big", "m000001"), ("ZSCORE", "big", "m199999"),
        ("ZRANGE", "big", "100000", "100010", "WITHSCORES"),
        ("ZRANGE", "big", "-5", "-1", "REV"),
        ("ZRANGEBYSCORE", "big", "(4990", "+inf", "LIMIT", "7", "20"),
        ("ZREVRANGEBYSCORE", "big", "10", "5", "WITHSCORES", "LIMIT", "3", "5"),
        ("ZLEXCOUNT", "big", "-", "+"),
        ("ZREMRANGEBYSCORE", "big", "2000", "2999"),
        ("ZREMRANGEBYRANK", "big", "5000", "9999"),
        ("ZCARD", "big"), ("ZRANK", "big", "m123456"),
        ("ZPOPMIN", "big", "3"), ("ZPOPMAX", "big", "3"),
        ("ZRANGE", "big", "50000", "50005", "WITHSCORES"),
        ("ZINTERCARD", "2", "big", "big", "LIMIT", "1000"),
        ("ZRANGESTORE", "part", "big", "1000", "1999"), ("ZCARD", "part"),
        ("ZUNIONSTORE", "u", "2", "big", "part", "WEIGHTS", "1", "2"), ("ZSCORE", "u", "m000001"),
        ("ZDIFFSTORE", "d", "2", "big", "part"), ("ZCARD", "d"),
    ]
    ours, oracle = both
    for q in queries:
        assert reply(ours, *q) == reply(oracle, *q), q
