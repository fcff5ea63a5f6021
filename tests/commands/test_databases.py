"""SELECT, MOVE, SWAPDB, COPY, DBSIZE, FLUSHDB and FLUSHALL."""

import pytest

from helpers import (DB_OUT_OF_RANGE, NOT_INTEGER, SAME_OBJECT, SYNTAX, Err,
                     arity_error, reply)


def test_select_switches_between_independent_databases(r):
    r.set("k", "db0")
    assert reply(r, "SELECT", "9") == b"OK"
    assert reply(r, "GET", "k") is None
    r.set("k", "db9")
    assert reply(r, "SELECT", "0") == b"OK"
    assert reply(r, "GET", "k") == b"db0"


def test_select_the_last_database(r):
    assert reply(r, "SELECT", "15") == b"OK"


@pytest.mark.parametrize("index,error", [
    ("16", DB_OUT_OF_RANGE), ("-1", DB_OUT_OF_RANGE), ("abc", NOT_INTEGER),
    ("1.5", NOT_INTEGER), ("99999999999999999999", NOT_INTEGER),
])
def test_select_invalid_index(r, index, error):
    assert reply(r, "SELECT", index) == error


def test_select_is_per_connection(r, server):
    other = server.client()
    try:
        reply(r, "SELECT", "3")
        r.set("k", "db3")
        assert other.get("k") is None
    finally:
        other.close()


def test_select_wrong_arity(r):
    assert reply(r, "SELECT") == arity_error("select")
    assert reply(r, "SELECT", "1", "2") == arity_error("select")


# ---- DBSIZE ------------------------------------------------------------------

@pytest.mark.requires("rpush")
def test_dbsize_counts_keys_of_the_selected_database(r):
    assert reply(r, "DBSIZE") == 0
    r.mset({"a": 1, "b": 2})
    r.rpush("l", "x")
    assert reply(r, "DBSIZE") == 3
    reply(r, "SELECT", "1")
    assert reply(r, "DBSIZE") == 0


def test_dbsize_wrong_arity(r):
    assert reply(r, "DBSIZE", "x") == arity_error("dbsize")


# ---- MOVE --------------------------------------------------------------------

def test_move_moves_a_key_to_another_database(r):
    r.set("k", "v", ex=100)
    assert reply(r, "MOVE", "k", "1") == 1
    assert reply(r, "EXISTS", "k") == 0
    reply(r, "SELECT", "1")
    assert reply(r, "GET", "k") == b"v"
    assert 0 < reply(r, "TTL", "k") <= 100


def test_move_does_nothing_if_the_destination_has_the_key(r):
    r.set("k", "src")
    reply(r, "SELECT", "1")
    r.set("k", "dst")
    reply(r, "SELECT", "0")
    assert reply(r, "MOVE", "k", "1") == 0
    assert reply(r, "GET", "k") == b"src"


def test_move_of_a_missing_key_is_zero(r):
    assert reply(r, "MOVE", "nokey", "1") == 0


@pytest.mark.requires("rpush")
def test_move_a_list(r):
    r.rpush("l", "a", "b")
    assert reply(r, "MOVE", "l", "2") == 1
    reply(r, "SELECT", "2")
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"a", b"b"]


def test_move_errors(r):
    r.set("k", "v")
    assert reply(r, "MOVE", "k", "0") == SAME_OBJECT
    assert reply(r, "MOVE", "k", "16") == DB_OUT_OF_RANGE
    assert reply(r, "MOVE", "k", "-1") == DB_OUT_OF_RANGE
    assert reply(r, "MOVE", "k", "abc") == NOT_INTEGER
    assert reply(r, "MOVE", "k") == arity_error("move")


# ---- SWAPDB ------------------------------------------------------------------

def test_swapdb_exchanges_two_databases(r):
    r.mset({"a": "db0", "only0": 1})
    reply(r, "SELECT", "1")
    r.set("a", "db1", ex=100)
    assert reply(r, "SWAPDB", "0", "1") == b"OK"
    assert reply(r, "GET", "a") == b"db0"
    assert reply(r, "EXISTS", "only0") == 1
    reply(r, "SELECT", "0")
    assert reply(r, "GET", "a") == b"db1"
    assert 0 < reply(r, "TTL", "a") <= 100
    assert reply(r, "EXISTS", "only0") == 0


def test_swapdb_is_seen_by_other_connections(r, server):
    r.set("k", "db0")
    other = server.client()
    try:
        assert reply(r, "SWAPDB", "0", "5") == b"OK"
        assert other.get("k") is None          # other is on db 0, now empty
        other.select(5)
        assert other.get("k") == b"db0"
    finally:
        other.close()


def test_swapdb_with_itself_is_ok(r):
    r.set("k", "v")
    assert reply(r, "SWAPDB", "0", "0") == b"OK"
    assert reply(r, "GET", "k") == b"v"


def test_swapdb_errors(r):
    assert reply(r, "SWAPDB", "0", "16") == DB_OUT_OF_RANGE
    assert reply(r, "SWAPDB", "-1", "0") == DB_OUT_OF_RANGE
    assert reply(r, "SWAPDB", "a", "0") == Err("ERR invalid first DB index")
    assert reply(r, "SWAPDB", "0", "a") == Err("ERR invalid second DB index")
    assert reply(r, "SWAPDB", "0") == arity_error("swapdb")


# ---- COPY --------------------------------------------------------------------

def test_copy_duplicates_a_string_with_its_ttl(r):
    r.set("a", "v", ex=100)
    assert reply(r, "COPY", "a", "b") == 1
    assert reply(r, "MGET", "a", "b") == [b"v", b"v"]
    assert 0 < reply(r, "TTL", "b") <= 100


@pytest.mark.requires("rpush")
def test_copy_is_independent_of_the_source(r):
    r.set("a", "v")
    reply(r, "COPY", "a", "b")
    reply(r, "APPEND", "a", "x")
    assert reply(r, "GET", "b") == b"v"
    r.rpush("l", "x")
    reply(r, "COPY", "l", "m")
    r.rpush("l", "y")
    assert reply(r, "LRANGE", "m", "0", "-1") == [b"x"]


def test_copy_does_not_overwrite_without_replace(r):
    r.mset({"a": "1", "b": "2"})
    assert reply(r, "COPY", "a", "b") == 0
    assert reply(r, "GET", "b") == b"2"
    assert reply(r, "COPY", "a", "b", "REPLACE") == 1
    assert reply(r, "GET", "b") == b"1"


@pytest.mark.requires("rpush")
def test_copy_replace_overwrites_another_type(r):
    r.set("a", "1")
    r.rpush("l", "x")
    assert reply(r, "COPY", "a", "l", "REPLACE") == 1
    assert reply(r, "TYPE", "l") == b"string"


def test_copy_of_a_missing_key_is_zero(r):
    assert reply(r, "COPY", "nokey", "b") == 0
    assert reply(r, "EXISTS", "b") == 0


def test_copy_to_another_database(r):
    r.set("a", "v")
    assert reply(r, "COPY", "a", "a", "DB", "1") == 1
    assert reply(r, "COPY", "a", "a", "DB", "1") == 0
    assert reply(r, "COPY", "a", "a", "db", "1", "replace") == 1
    reply(r, "SELECT", "1")
    assert reply(r, "GET", "a") == b"v"


def test_copy_errors(r):
    r.set("a", "v")
    assert reply(r, "COPY", "a", "a") == SAME_OBJECT
    assert reply(r, "COPY", "a", "a", "DB", "0") == SAME_OBJECT
    assert reply(r, "COPY", "a", "b", "DB", "16") == DB_OUT_OF_RANGE
    assert reply(r, "COPY", "a", "b", "DB", "abc") == NOT_INTEGER
    assert reply(r, "COPY", "a", "b", "DB") == SYNTAX
    assert reply(r, "COPY", "a", "b", "FOO") == SYNTAX
    assert reply(r, "COPY", "a") == arity_error("copy")
    assert reply(r, "EXISTS", "b") == 0


# ---- FLUSHDB FLUSHALL ----------------------------------------------------------

def _fill_two_dbs(r):
    r.mset({"a": 1, "b": 2})
    reply(r, "SELECT", "1")
    r.mset({"c": 3})
    reply(r, "SELECT", "0")


@pytest.mark.parametrize("mode", [None, "ASYNC", "SYNC", "async"])
def test_flushdb_empties_only_the_selected_database(r, mode):
    _fill_two_dbs(r)
    assert reply(r, "FLUSHDB", *([mode] if mode else [])) == b"OK"
    assert reply(r, "DBSIZE") == 0
    reply(r, "SELECT", "1")
    assert reply(r, "DBSIZE") == 1


@pytest.mark.parametrize("mode", [None, "ASYNC", "SYNC", "sync"])
def test_flushall_empties_every_database(r, mode):
    _fill_two_dbs(r)
    assert reply(r, "FLUSHALL", *([mode] if mode else [])) == b"OK"
    assert reply(r, "DBSIZE") == 0
    reply(r, "SELECT", "1")
    assert reply(r, "DBSIZE") == 0


def test_flushall_async_of_a_large_database(r):
    for i in range(10):
        r.mset({"k%d:%d" % (i, j): "x" * 100 for j in range(1000)})
    assert reply(r, "FLUSHALL", "ASYNC") == b"OK"
    assert reply(r, "DBSIZE") == 0
    r.set("after", "1")
    assert reply(r, "KEYS", "*") == [b"after"]


def test_flush_errors(r):
    assert reply(r, "FLUSHDB", "foo") == SYNTAX
    assert reply(r, "FLUSHALL", "foo") == SYNTAX
    assert reply(r, "FLUSHDB", "ASYNC", "SYNC") == SYNTAX
    assert reply(r, "FLUSHALL", "ASYNC", "x") == SYNTAX
