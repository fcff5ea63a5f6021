"""Member expiry on hash fields and sorted-set members (our server only), in
both encodings of each type, and the hash and sorted-set commands that must
forget or keep a member's expiry."""

import time

import pytest

from helpers import reply, wait_for
from keydb_only import k  # noqa: F401  (fixture)

SOON = "150"
AFTER = 0.3


@pytest.fixture(params=["listpack", "hashtable"])
def hash_encoding(k, request):
    old = reply(k, "CONFIG", "GET", "hash-max-listpack-entries")[1]
    reply(k, "CONFIG", "SET", "hash-max-listpack-entries",
          "128" if request.param == "listpack" else "1")
    yield request.param
    reply(k, "CONFIG", "SET", "hash-max-listpack-entries", old)


@pytest.fixture(params=["listpack", "skiplist"])
def zset_encoding(k, request):
    old = reply(k, "CONFIG", "GET", "zset-max-listpack-entries")[1]
    reply(k, "CONFIG", "SET", "zset-max-listpack-entries",
          "128" if request.param == "listpack" else "1")
    yield request.param
    reply(k, "CONFIG", "SET", "zset-max-listpack-entries", old)


def test_a_hash_field_expires(k, hash_encoding):
    reply(k, "HSET", "h", "f1", "v1", "f2", "v2", "f3", "3")
    assert reply(k, "OBJECT", "ENCODING", "h") == hash_encoding.encode()
    assert reply(k, "EXPIREMEMBER", "h", "f1", SOON, "ms") == 1
    assert reply(k, "EXPIREMEMBER", "h", "f3", "100") == 1
    assert reply(k, "EXPIREMEMBER", "h", "nofield", "100") == 0
    assert reply(k, "TTL", "h", "f3") == 100
    time.sleep(AFTER)
    assert reply(k, "HGETALL", "h") in ([b"f2", b"v2", b"f3", b"3"], [b"f3", b"3", b"f2", b"v2"])
    assert reply(k, "HLEN", "h") == 2
    reply(k, "EXPIREMEMBER", "h", "f2", "0")
    reply(k, "EXPIREMEMBER", "h", "f3", "0")
    assert reply(k, "EXISTS", "h") == 0


def test_a_sorted_set_member_expires(k, zset_encoding):
    reply(k, "ZADD", "z", "1", "a", "2", "b", "3", "c")
    assert reply(k, "OBJECT", "ENCODING", "z") == zset_encoding.encode()
    assert reply(k, "EXPIREMEMBER", "z", "b", SOON, "ms") == 1
    assert reply(k, "EXPIREMEMBER", "z", "zz", "100") == 0
    time.sleep(AFTER)
    assert reply(k, "ZRANGE", "z", "0", "-1", "WITHSCORES") == [b"a", b"1", b"c", b"3"]
    assert reply(k, "ZSCORE", "z", "b") is None
    reply(k, "EXPIREMEMBER", "z", "a", "0")
    reply(k, "EXPIREMEMBER", "z", "c", "0")
    assert reply(k, "EXISTS", "z") == 0


def test_active_expiry_of_hash_fields_and_zset_members(k):
    for i in range(20):
        reply(k, "HSET", "h%d" % i, "f", "v")
        reply(k, "EXPIREMEMBER", "h%d" % i, "f", SOON, "ms")
        reply(k, "ZADD", "z%d" % i, "1", "m")
        reply(k, "EXPIREMEMBER", "z%d" % i, "m", SOON, "ms")
    assert reply(k, "DBSIZE") == 40
    assert wait_for(lambda: reply(k, "DBSIZE") == 0, timeout=5)


def test_hash_updates_keep_the_expiry_and_hdel_forgets_it(k, hash_encoding):
    reply(k, "HSET", "h", "f", "1", "g", "x")
    reply(k, "EXPIREMEMBER", "h", "f", "100")
    reply(k, "HSET", "h", "f", "2")
    reply(k, "HINCRBY", "h", "f", "5")
    reply(k, "HSETNX", "h", "f", "9")
    assert reply(k, "TTL", "h", "f") == 100
    assert reply(k, "HDEL", "h", "f") == 1
    reply(k, "HSET", "h", "f", "again")
    assert reply(k, "TTL", "h", "f") == -1


@pytest.mark.parametrize("remove", [
    ("ZREM", "z", "b"), ("ZREMRANGEBYSCORE", "z", "2", "2"), ("ZREMRANGEBYRANK", "z", "1", "1"),
    ("ZREMRANGEBYLEX", "z", "[b", "[b"), ("ZPOPMIN", "z", "2"), ("ZPOPMAX", "z", "2"),
    ("ZMPOP", "1", "z", "MIN", "COUNT", "2"), ("BZMPOP", "0", "1", "z", "MIN", "COUNT", "2")])
def test_zset_removals_forget_the_expiry(k, zset_encoding, remove):
    reply(k, "ZADD", "z", "1", "a", "2", "b", "3", "c")
    reply(k, "EXPIREMEMBER", "z", "b", "100")
    reply(k, *remove)
    assert reply(k, "ZSCORE", "z", "b") is None
    reply(k, "ZADD", "z", "2", "b")
    assert reply(k, "TTL", "z", "b") == -1


def test_zset_removals_keep_the_other_members_expiries(k, zset_encoding):
    reply(k, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d")
    for m in "abcd":
        reply(k, "EXPIREMEMBER", "z", m, "100")
    reply(k, "ZREMRANGEBYSCORE", "z", "2", "3")
    reply(k, "ZPOPMAX", "z")
    assert reply(k, "ZRANGE", "z", "0", "-1") == [b"a"]
    assert reply(k, "TTL", "z", "a") == 100


def test_zset_updates_keep_the_expiry(k, zset_encoding):
    reply(k, "ZADD", "z", "1", "a", "2", "b")
    reply(k, "EXPIREMEMBER", "z", "a", "100")
    reply(k, "ZADD", "z", "5", "a")
    reply(k, "ZINCRBY", "z", "1", "a")
    assert reply(k, "TTL", "z", "a") == 100
    assert reply(k, "ZSCORE", "z", "a") == b"6"


def test_store_commands_replace_the_expiries(k):
    reply(k, "ZADD", "z", "1", "a")
    reply(k, "EXPIREMEMBER", "z", "a", "100")
    reply(k, "ZUNIONSTORE", "z", "1", "z")
    assert reply(k, "TTL", "z", "a") == -1
    reply(k, "EXPIREMEMBER", "z", "a", "100")
    reply(k, "ZRANGESTORE", "z", "z", "0", "-1")
    assert reply(k, "TTL", "z", "a") == -1


def test_hrename_leaves_the_expiry_behind(k, hash_encoding):
    reply(k, "HSET", "h", "src", "1", "dst", "2", "other", "3")
    reply(k, "EXPIREMEMBER", "h", "src", "100")
    reply(k, "EXPIREMEMBER", "h", "dst", "200")
    assert reply(k, "KEYDB.HRENAME", "h", "src", "dst") == 1
    assert reply(k, "TTL", "h", "dst") == 200
    reply(k, "HSET", "h", "src", "again")
    assert reply(k, "TTL", "h", "src") == -1
    assert reply(k, "KEYDB.HRENAME", "h", "dst", "dst") == 1
    assert reply(k, "TTL", "h", "dst") == 200
    assert reply(k, "KEYDB.HRENAME", "h", "dst", "new") == 1
    assert reply(k, "TTL", "h", "new") == -1
