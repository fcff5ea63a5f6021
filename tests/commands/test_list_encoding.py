"""How lists are stored: OBJECT ENCODING (always "quicklist" in Redis 7.0,
whatever list-max-listpack-size says), node size and compression settings,
the type hooks (COPY, RENAME, MOVE, DEL, MEMORY USAGE), memory against
redis-server, and a list of a million elements."""

import pytest

from helpers import assert_same, reply

MILLION = 1000000


@pytest.fixture
def list_config(r):
    """Set list options for one test; the defaults come back afterwards."""
    def setter(fill, depth=0):
        reply(r, "CONFIG", "SET", "list-max-listpack-size", str(fill))
        reply(r, "CONFIG", "SET", "list-compress-depth", str(depth))
    yield setter
    setter(-2, 0)


@pytest.mark.parametrize("fill", ["-2", "1", "128", "-5", "0", "-100", "100000"])
@pytest.mark.parametrize("n", [1, 2, 128, 129, 1000])
def test_object_encoding_is_quicklist_at_every_size(r, list_config, fill, n):
    list_config(fill, 1)
    r.rpush("l", *range(n))
    assert reply(r, "OBJECT", "ENCODING", "l") == b"quicklist"
    assert reply(r, "LLEN", "l") == n
    assert reply(r, "LINDEX", "l", str(n // 2)) == str(n // 2).encode()


def test_huge_element_is_still_a_quicklist(r):
    r.rpush("l", "a", "x" * 100000, "b")
    assert reply(r, "OBJECT", "ENCODING", "l") == b"quicklist"
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"a", b"x" * 100000, b"b"]


def test_config_aliases_and_values(r, list_config):
    assert reply(r, "CONFIG", "GET", "list-max-ziplist-size") == [b"list-max-ziplist-size", b"-2"]
    reply(r, "CONFIG", "SET", "list-max-ziplist-size", "7")
    assert reply(r, "CONFIG", "GET", "list-max-listpack-size") == [b"list-max-listpack-size", b"7"]
    assert reply(r, "CONFIG", "GET", "list-compress-depth") == [b"list-compress-depth", b"0"]


def test_a_list_keeps_the_settings_it_was_created_with(r, list_config):
    list_config(2, 1)
    r.rpush("l", *[b"x%03d" % i + b"-" * 60 for i in range(100)])
    list_config(-2, 0)
    r.rpush("l", *[b"y%03d" % i for i in range(100)])
    values = reply(r, "LRANGE", "l", "0", "-1")
    assert values[:100] == [b"x%03d" % i + b"-" * 60 for i in range(100)]
    assert values[100:] == [b"y%03d" % i for i in range(100)]


def test_compression_makes_long_repetitive_lists_smaller(r, list_config):
    values = [b"element-%d-" % i + b"abcdefgh" * 8 for i in range(20000)]
    sizes = {}
    for depth in (0, 1, 3):
        list_config(-2, depth)
        r.delete("l")
        r.rpush("l", *values)
        sizes[depth] = reply(r, "MEMORY", "USAGE", "l", "SAMPLES", "0")
        assert reply(r, "LRANGE", "l", "9998", "10001") == values[9998:10002]
        assert reply(r, "LINDEX", "l", "-3") == values[-3]
    assert sizes[1] < sizes[0] / 2
    assert sizes[1] <= sizes[3] < sizes[0] / 2


def test_copy_is_deep(r, list_config):
    list_config(4, 1)
    r.rpush("l", *[b"v%d" % i + b"." * 50 for i in range(40)])
    assert reply(r, "COPY", "l", "c") == 1
    reply(r, "LSET", "c", "20", "changed")
    reply(r, "RPOP", "c", "5")
    reply(r, "LPUSH", "l", "head")
    assert reply(r, "LINDEX", "l", "21") == b"v20" + b"." * 50
    assert reply(r, "LLEN", "l") == 41
    assert reply(r, "LLEN", "c") == 35
    assert reply(r, "LINDEX", "c", "20") == b"changed"
    assert reply(r, "OBJECT", "ENCODING", "c") == b"quicklist"


def test_rename_move_and_delete(r):
    r.rpush("l", "a", "b")
    assert reply(r, "RENAME", "l", "m") == b"OK"
    assert reply(r, "LRANGE", "m", "0", "-1") == [b"a", b"b"]
    assert reply(r, "MOVE", "m", "1") == 1
    reply(r, "SELECT", "1")
    assert reply(r, "TYPE", "m") == b"list"
    assert reply(r, "DEL", "m") == 1
    assert reply(r, "EXISTS", "m") == 0
    reply(r, "SELECT", "0")


def test_memory_usage_grows_with_the_list(r):
    r.rpush("l", "a")
    small = reply(r, "MEMORY", "USAGE", "l")
    r.rpush("l", *range(5000))
    assert reply(r, "MEMORY", "USAGE", "l", "SAMPLES", "0") > small + 5000


def fill_list(c, key, n, batch=10000, fmt=b"%d"):
    pipe = c.pipeline(transaction=False)
    for i in range(0, n, batch):
        pipe.rpush(key, *[fmt % j for j in range(i, min(n, i + batch))])
    pipe.execute()


@pytest.mark.parametrize("depth", [0, 1])
def test_memory_is_no_worse_than_redis(both, depth):
    for c in both:
        reply(c, "CONFIG", "SET", "list-compress-depth", str(depth))
    try:
        for c in both:
            fill_list(c, "ints", 100000)
            fill_list(c, "strs", 100000, fmt=b"element:%d:abcdefgh")
        ours, oracle = both
        for key in ("ints", "strs"):
            mine = reply(ours, "MEMORY", "USAGE", key, "SAMPLES", "0")
            theirs = reply(oracle, "MEMORY", "USAGE", key, "SAMPLES", "0")
            assert mine <= theirs * 1.01, (key, mine, theirs)
    finally:
        for c in both:
            reply(c, "CONFIG", "SET", "list-compress-depth", "0")


def test_a_million_elements_agree_with_redis(both):
    for c in both:
        fill_list(c, "big", MILLION)
    for args in [("LLEN", "big"), ("LINDEX", "big", "0"), ("LINDEX", "big", "-1"),
                 ("LINDEX", "big", "499999"), ("LINDEX", "big", "-777777"),
                 ("LINDEX", "big", str(MILLION))]:
        assert_same(both, *args)
    for start in (0, 1, 123456, 500000, 999900, -150, -MILLION):
        assert_same(both, "LRANGE", "big", str(start), str(start + 99))
    for args in [("LSET", "big", "600000", "changed"), ("LINSERT", "big", "BEFORE", "700000", "ins"),
                 ("LINSERT", "big", "AFTER", "300000", "ins2"), ("LPOS", "big", "900000"),
                 ("LPOS", "big", "900000", "RANK", "-1", "MAXLEN", "200000"),
                 ("LPOS", "big", "5", "MAXLEN", "4"), ("LREM", "big", "-1", "999998"),
                 ("LPOP", "big", "1000"), ("RPOP", "big", "1000"),
                 ("LMOVE", "big", "big", "RIGHT", "LEFT"), ("LLEN", "big"),
                 ("LTRIM", "big", "100000", "-100000"), ("LLEN", "big"),
                 ("LRANGE", "big", "399990", "400010"), ("LINDEX", "big", "-1")]:
        assert_same(both, *args)
    ours, oracle = both
    pipe_o, pipe_r = ours.pipeline(transaction=False), oracle.pipeline(transaction=False)
    for i in range(0, 800000, 20000):
        pipe_o.lrange("big", i, i + 19999)
        pipe_r.lrange("big", i, i + 19999)
    assert pipe_o.execute() == pipe_r.execute()
