"""KEYDB.HRENAME key src dst (our server only): the value moves to the new
field name, replacing what was there; KeyDB's replies and errors."""

import pytest

from helpers import WRONGTYPE, Err, arity_error, reply
from keydb_only import k, k3  # noqa: F401  (fixtures)

NO_FIELD = Err("ERR hash key doesn't exist")


@pytest.mark.parametrize("entries", ["128", "1"])
def test_rename_a_field(k, entries):
    old = reply(k, "CONFIG", "GET", "hash-max-listpack-entries")[1]
    reply(k, "CONFIG", "SET", "hash-max-listpack-entries", entries)
    try:
        reply(k, "HSET", "h", "a", "1", "b", "two")
        assert reply(k, "KEYDB.HRENAME", "h", "a", "c") == 1
        assert reply(k, "HGET", "h", "c") == b"1"
        assert reply(k, "HEXISTS", "h", "a") == 0
        assert reply(k, "HLEN", "h") == 2
        assert reply(k, "KEYDB.HRENAME", "h", "c", "b") == 1     # replaces b's value
        assert reply(k, "HGETALL", "h") == [b"b", b"1"]
        assert reply(k, "KEYDB.HRENAME", "h", "b", "b") == 1
        assert reply(k, "HGETALL", "h") == [b"b", b"1"]
    finally:
        reply(k, "CONFIG", "SET", "hash-max-listpack-entries", old)


def test_values_keep_their_bytes(k):
    reply(k, "HSET", "h", "int", "-9223372036854775808", "bin", b"a\x00b", "empty", "")
    for f in ("int", "bin", "empty"):
        want = reply(k, "HGET", "h", f)
        assert reply(k, "KEYDB.HRENAME", "h", f, f + "2") == 1
        assert reply(k, "HGET", "h", f + "2") == want


def test_a_long_new_name_converts_the_hash(k):
    reply(k, "HSET", "h", "a", "1")
    assert reply(k, "OBJECT", "ENCODING", "h") == b"listpack"
    assert reply(k, "KEYDB.HRENAME", "h", "a", "x" * 100) == 1
    assert reply(k, "OBJECT", "ENCODING", "h") == b"hashtable"
    assert reply(k, "HGETALL", "h") == [b"x" * 100, b"1"]


def test_errors(k):
    assert reply(k, "KEYDB.HRENAME", "nokey", "a", "b") is None
    reply(k, "HSET", "h", "a", "1")
    assert reply(k, "KEYDB.HRENAME", "h", "zz", "b") == NO_FIELD
    reply(k, "SET", "s", "v")
    assert reply(k, "KEYDB.HRENAME", "s", "a", "b") == WRONGTYPE
    assert reply(k, "KEYDB.HRENAME", "h", "a") == arity_error("keydb.hrename")
    assert reply(k, "KEYDB.HRENAME", "h", "a", "b", "c") == arity_error("keydb.hrename")
    assert reply(k, "HGETALL", "h") == [b"a", b"1"]


def test_resp3_null_for_a_missing_key(k3):
    assert k3.command("KEYDB.HRENAME", "nokey", "a", "b") == b"_\r\n"
    k3.command("HSET", "h", "a", "1")
    assert k3.command("KEYDB.HRENAME", "h", "a", "b") == b":1\r\n"


def test_command_info(k):
    [info] = reply(k, "COMMAND", "INFO", "keydb.hrename")
    assert info[:6] == [b"keydb.hrename", 4, [b"write", b"fast"], 1, 1, 1]
    docs = reply(k, "COMMAND", "DOCS", "keydb.hrename")
    assert docs[0] == b"keydb.hrename" and b"hash" in docs[1]
