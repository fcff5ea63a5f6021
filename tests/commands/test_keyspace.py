"""DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME, RENAMENX, RANDOMKEY and KEYS."""

import time

import pytest

from helpers import NO_SUCH_KEY, arity_error, reply


# ---- DEL UNLINK EXISTS TOUCH -------------------------------------------------

def test_del_returns_the_number_of_keys_removed(r):
    r.mset({"a": 1, "b": 2, "c": 3})
    assert reply(r, "DEL", "a", "b", "nokey") == 2
    assert reply(r, "EXISTS", "a", "b", "c") == 1


def test_del_counts_a_repeated_key_once(r):
    r.set("a", "1")
    assert reply(r, "DEL", "a", "a") == 1


@pytest.mark.requires("rpush")
def test_del_removes_keys_of_any_type(r):
    r.rpush("l", "x")
    r.set("s", "v")
    assert reply(r, "DEL", "l", "s") == 2
    assert reply(r, "DBSIZE") == 0


@pytest.mark.requires("rpush")
def test_unlink_behaves_like_del(r):
    r.mset({"a": 1, "b": "x" * 10000})
    r.rpush("l", *range(1000))
    assert reply(r, "UNLINK", "a", "b", "l", "nokey") == 3
    assert reply(r, "DBSIZE") == 0
    assert reply(r, "UNLINK", "a") == 0


def test_exists_counts_repeated_keys_each_time(r):
    r.set("a", "1")
    assert reply(r, "EXISTS", "a") == 1
    assert reply(r, "EXISTS", "a", "a", "nokey", "a") == 3
    assert reply(r, "EXISTS", "nokey") == 0


def test_exists_of_an_expired_key_is_zero(r):
    r.set("a", "1", px=1)
    time.sleep(0.01)
    assert reply(r, "EXISTS", "a") == 0


def test_touch_returns_the_number_of_existing_keys(r):
    r.mset({"a": 1, "b": 2})
    assert reply(r, "TOUCH", "a", "b", "nokey") == 2
    assert reply(r, "TOUCH", "a", "a") == 2
    assert reply(r, "TOUCH", "nokey") == 0


def test_keyspace_commands_wrong_arity(r):
    assert reply(r, "DEL") == arity_error("del")
    assert reply(r, "UNLINK") == arity_error("unlink")
    assert reply(r, "EXISTS") == arity_error("exists")
    assert reply(r, "TOUCH") == arity_error("touch")
    assert reply(r, "TYPE") == arity_error("type")
    assert reply(r, "TYPE", "a", "b") == arity_error("type")
    assert reply(r, "RENAME", "a") == arity_error("rename")
    assert reply(r, "RENAMENX", "a") == arity_error("renamenx")
    assert reply(r, "RANDOMKEY", "x") == arity_error("randomkey")
    assert reply(r, "KEYS") == arity_error("keys")
    assert reply(r, "KEYS", "a", "b") == arity_error("keys")


# ---- TYPE --------------------------------------------------------------------

@pytest.mark.requires("rpush")
def test_type_of_strings_lists_and_missing_keys(r):
    r.set("s", "v")
    r.set("n", "12")
    r.rpush("l", "x")
    assert reply(r, "TYPE", "s") == b"string"
    assert reply(r, "TYPE", "n") == b"string"
    assert reply(r, "TYPE", "l") == b"list"
    assert reply(r, "TYPE", "nokey") == b"none"


@pytest.mark.requires("hset", "sadd", "zadd")
def test_type_of_sets_hashes_and_sorted_sets(r):
    r.sadd("set", "x")
    r.hset("hash", "f", "v")
    r.zadd("zset", {"m": 1})
    assert reply(r, "TYPE", "set") == b"set"
    assert reply(r, "TYPE", "hash") == b"hash"
    assert reply(r, "TYPE", "zset") == b"zset"


# ---- RENAME RENAMENX -----------------------------------------------------------

def test_rename_moves_the_value(r):
    r.set("a", "1")
    assert reply(r, "RENAME", "a", "b") == b"OK"
    assert reply(r, "EXISTS", "a") == 0
    assert reply(r, "GET", "b") == b"1"


@pytest.mark.requires("rpush")
def test_rename_overwrites_the_destination_of_any_type(r):
    r.set("a", "1")
    r.rpush("l", "x")
    assert reply(r, "RENAME", "a", "l") == b"OK"
    assert reply(r, "TYPE", "l") == b"string"
    assert reply(r, "GET", "l") == b"1"


@pytest.mark.requires("rpush")
def test_rename_a_list(r):
    r.rpush("l", "x", "y")
    assert reply(r, "RENAME", "l", "m") == b"OK"
    assert reply(r, "LRANGE", "m", "0", "-1") == [b"x", b"y"]


def test_rename_of_a_missing_key_is_an_error(r):
    assert reply(r, "RENAME", "nokey", "x") == NO_SUCH_KEY
    assert reply(r, "RENAME", "nokey", "nokey") == NO_SUCH_KEY
    assert reply(r, "RENAMENX", "nokey", "x") == NO_SUCH_KEY


def test_rename_to_itself_is_ok_and_keeps_the_value(r):
    r.set("a", "1", ex=100)
    assert reply(r, "RENAME", "a", "a") == b"OK"
    assert reply(r, "GET", "a") == b"1"
    assert 0 < reply(r, "TTL", "a") <= 100


def test_rename_moves_the_ttl_with_the_key(r):
    r.set("a", "1", ex=100)
    reply(r, "RENAME", "a", "b")
    assert 0 < reply(r, "TTL", "b") <= 100


def test_rename_clears_the_ttl_of_an_overwritten_destination(r):
    r.set("a", "1")
    r.set("b", "2", ex=100)
    reply(r, "RENAME", "a", "b")
    assert reply(r, "TTL", "b") == -1


def test_renamenx_only_renames_to_a_missing_key(r):
    r.mset({"a": 1, "b": 2})
    assert reply(r, "RENAMENX", "a", "b") == 0
    assert reply(r, "MGET", "a", "b") == [b"1", b"2"]
    assert reply(r, "RENAMENX", "a", "c") == 1
    assert reply(r, "MGET", "a", "c") == [None, b"1"]


def test_renamenx_to_itself_is_zero(r):
    r.set("a", "1")
    assert reply(r, "RENAMENX", "a", "a") == 0
    assert reply(r, "GET", "a") == b"1"


# ---- RANDOMKEY -----------------------------------------------------------------

def test_randomkey_of_an_empty_database_is_nil(r):
    assert reply(r, "RANDOMKEY") is None


def test_randomkey_returns_existing_keys(r):
    keys = {b"k%d" % i for i in range(20)}
    r.mset({k: 1 for k in keys})
    seen = {reply(r, "RANDOMKEY") for _ in range(200)}
    assert seen <= keys
    assert len(seen) > 1


def test_randomkey_with_a_single_key(r):
    r.set("only", "1")
    assert reply(r, "RANDOMKEY") == b"only"


def test_randomkey_skips_expired_keys(r):
    for i in range(5):
        r.set("v%d" % i, "1", px=1)
    time.sleep(0.01)
    assert reply(r, "RANDOMKEY") is None
    r.set("live", "1")
    r.set("dead", "1", px=1)
    time.sleep(0.01)
    assert {reply(r, "RANDOMKEY") for _ in range(20)} == {b"live"}


# ---- KEYS ----------------------------------------------------------------------

GLOB_KEYS = ["hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo",
             "h[a]llo", "h\\llo", "a-b", "a]b", "a^b", "ab", "abc", "a", "b", "c",
             "-", "]", "^", "x\\y"]


@pytest.mark.parametrize("pattern,expected", [
    ("h?llo", ["h*llo", "h?llo", "h\\llo", "hallo", "hello", "hxllo"]),
    ("h*llo", ["h*llo", "h?llo", "h[a]llo", "h\\llo", "hallo", "heeeello", "hello",
               "hllo", "hxllo"]),
    ("h[ae]llo", ["hallo", "hello"]),
    ("h[^e]llo", ["h*llo", "h?llo", "h\\llo", "hallo", "hxllo"]),
    ("h[a-b]llo", ["hallo"]),
    ("h[b-a]llo", ["hallo"]),
    ("h[a-e]llo", ["hallo", "hello"]),
    ("h\\*llo", ["h*llo"]),
    ("h\\?llo", ["h?llo"]),
    ("h\\[a\\]llo", ["h[a]llo"]),
    ("h\\\\llo", ["h\\llo"]),
    ("x\\\\y", ["x\\y"]),
    ("x\\y", []),
    ("?", ["-", "]", "^", "a", "b", "c"]),
    ("??", ["ab"]),
    ("[a-c]", ["a", "b", "c"]),
    ("[c-a]", ["a", "b", "c"]),
    ("[^a-b]", ["-", "]", "^", "c"]),
    ("a[-]b", ["a-b"]),
    ("a[\\]]b", ["a]b"]),
    ("[!a]", ["a"]),
    ("h[", []),
    ("h[a-", []),
    ("a*", ["a", "a-b", "a]b", "a^b", "ab", "abc"]),
    ("*c", ["abc", "c"]),
    ("a*b*", ["a-b", "a]b", "a^b", "ab", "abc"]),
    ("nomatch*", []),
    ("abc", ["abc"]),
])
def test_keys_glob_patterns(r, pattern, expected):
    r.mset({k: 1 for k in GLOB_KEYS})
    assert sorted(reply(r, "KEYS", pattern)) == sorted(k.encode() for k in expected)


def test_keys_star_returns_every_key(r):
    r.mset({k: 1 for k in GLOB_KEYS})
    assert sorted(reply(r, "KEYS", "*")) == sorted(k.encode() for k in GLOB_KEYS)


def test_keys_of_an_empty_database(r):
    assert reply(r, "KEYS", "*") == []


def test_keys_skips_expired_keys(r):
    r.set("live", "1")
    r.set("dead", "1", px=1)
    time.sleep(0.01)
    assert reply(r, "KEYS", "*") == [b"live"]


def test_keys_matches_binary_keys(r):
    r.set(b"k\x00\xff", "1")
    r.set(b"k\r\n", "1")
    assert sorted(reply(r, "KEYS", "k*")) == sorted([b"k\x00\xff", b"k\r\n"])
    assert reply(r, "KEYS", b"k\x00?") == [b"k\x00\xff"]


def test_keys_only_sees_the_selected_database(r):
    r.set("db0", "1")
    reply(r, "SELECT", "1")
    r.set("db1", "1")
    assert reply(r, "KEYS", "*") == [b"db1"]
    reply(r, "SELECT", "0")
    assert reply(r, "KEYS", "*") == [b"db0"]
