"""HSET, HMSET, HSETNX, HGET, HMGET, HDEL, HEXISTS, HLEN, HSTRLEN, HKEYS, HVALS
and HGETALL: replies, missing keys and fields, key deletion when the last
field goes, errors."""

import pytest

from helpers import WRONGTYPE, arity_error, pairs, reply


def test_hset_counts_only_new_fields(r):
    assert reply(r, "HSET", "h", "a", "1", "b", "2") == 2
    assert reply(r, "HSET", "h", "a", "10", "c", "3") == 1
    assert pairs(reply(r, "HGETALL", "h")) == {b"a": b"10", b"b": b"2", b"c": b"3"}


def test_hset_with_a_field_twice_keeps_the_last_value(r):
    assert reply(r, "HSET", "h", "f", "1", "f", "2") == 1
    assert reply(r, "HGET", "h", "f") == b"2"
    assert reply(r, "HLEN", "h") == 1


def test_hmset_replies_ok(r):
    assert reply(r, "HMSET", "h", "a", "1", "b", "2") == b"OK"
    assert reply(r, "HMSET", "h", "a", "3") == b"OK"
    assert reply(r, "HMGET", "h", "a", "b") == [b"3", b"2"]


@pytest.mark.parametrize("cmd", ["HSET", "HMSET"])
def test_hset_needs_field_value_pairs(r, cmd):
    assert reply(r, cmd, "h", "a") == arity_error(cmd.lower())
    assert reply(r, cmd, "h", "a", "1", "b") == arity_error(cmd.lower())
    assert reply(r, "EXISTS", "h") == 0


def test_hsetnx_sets_only_a_missing_field(r):
    assert reply(r, "HSETNX", "h", "f", "1") == 1
    assert reply(r, "HSETNX", "h", "f", "2") == 0
    assert reply(r, "HGET", "h", "f") == b"1"
    assert reply(r, "HSETNX", "h", "g", "3") == 1
    assert reply(r, "HLEN", "h") == 2


def test_binary_safe_fields_and_values(r):
    field, value = b"f\x00\r\n\xff", b"\x00v\r\n\x80"
    assert reply(r, "HSET", "h", field, value, b"", b"") == 2
    assert reply(r, "HGET", "h", field) == value
    assert reply(r, "HGET", "h", b"") == b""
    assert reply(r, "HSTRLEN", "h", field) == len(value)
    assert reply(r, "HEXISTS", "h", b"") == 1
    assert reply(r, "HGET", "h", b"f") is None


def test_integer_looking_fields_and_values_read_back_as_given(r):
    values = ["0", "-1", "127", "4096", "-4097", "32768", "8388608", "2147483648",
              "9223372036854775807", "-9223372036854775808", "007", "+1", "1.0", " 1",
              "99999999999999999999", "18446744073709551616"]
    for i, v in enumerate(values):
        reply(r, "HSET", "h", v, "x%d" % i)
        reply(r, "HSET", "h", "v%d" % i, v)
    for i, v in enumerate(values):
        assert reply(r, "HGET", "h", v) == b"x%d" % i
        assert reply(r, "HGET", "h", "v%d" % i) == v.encode()
        assert reply(r, "HSTRLEN", "h", "v%d" % i) == len(v)


def test_hget_on_missing_key_and_field(r):
    assert reply(r, "HGET", "nokey", "f") is None
    reply(r, "HSET", "h", "f", "v")
    assert reply(r, "HGET", "h", "other") is None


def test_hmget_replies_one_entry_per_field(r):
    reply(r, "HSET", "h", "a", "1", "b", "2")
    assert reply(r, "HMGET", "h", "a", "x", "b", "a") == [b"1", None, b"2", b"1"]
    assert reply(r, "HMGET", "nokey", "a", "b") == [None, None]


def test_hdel_counts_deleted_fields(r):
    reply(r, "HSET", "h", "a", "1", "b", "2", "c", "3")
    assert reply(r, "HDEL", "h", "a", "x", "a") == 1
    assert reply(r, "HDEL", "h", "b", "c", "d") == 2
    assert reply(r, "HDEL", "nokey", "a") == 0


def test_hdel_of_the_last_field_deletes_the_key(r):
    reply(r, "HSET", "h", "a", "1", "b", "2")
    assert reply(r, "HDEL", "h", "a", "b", "zzz") == 2
    assert reply(r, "EXISTS", "h") == 0
    assert reply(r, "TYPE", "h") == b"none"


def test_hexists_hlen_hstrlen(r):
    assert reply(r, "HEXISTS", "h", "a") == 0
    assert reply(r, "HLEN", "h") == 0
    assert reply(r, "HSTRLEN", "h", "a") == 0
    reply(r, "HSET", "h", "a", "hello", "b", "")
    assert reply(r, "HEXISTS", "h", "a") == 1
    assert reply(r, "HEXISTS", "h", "c") == 0
    assert reply(r, "HLEN", "h") == 2
    assert reply(r, "HSTRLEN", "h", "a") == 5
    assert reply(r, "HSTRLEN", "h", "b") == 0
    assert reply(r, "HSTRLEN", "h", "c") == 0


def test_hkeys_hvals_hgetall_keep_insertion_order_while_small(r):
    reply(r, "HSET", "h", "z", "1", "a", "2", "m", "3")
    reply(r, "HSET", "h", "a", "20")
    assert reply(r, "HKEYS", "h") == [b"z", b"a", b"m"]
    assert reply(r, "HVALS", "h") == [b"1", b"20", b"3"]
    assert reply(r, "HGETALL", "h") == [b"z", b"1", b"a", b"20", b"m", b"3"]


def test_hkeys_hvals_hgetall_of_a_missing_key_are_empty(r):
    assert reply(r, "HKEYS", "nokey") == []
    assert reply(r, "HVALS", "nokey") == []
    assert reply(r, "HGETALL", "nokey") == []


def test_type_of_a_hash(r):
    reply(r, "HSET", "h", "a", "1")
    assert reply(r, "TYPE", "h") == b"hash"


READS = [("HGET", "k", "f"), ("HMGET", "k", "f"), ("HEXISTS", "k", "f"), ("HLEN", "k"),
         ("HSTRLEN", "k", "f"), ("HKEYS", "k"), ("HVALS", "k"), ("HGETALL", "k"),
         ("HRANDFIELD", "k"), ("HRANDFIELD", "k", "2"), ("HSCAN", "k", "0")]
WRITES = [("HSET", "k", "f", "v"), ("HMSET", "k", "f", "v"), ("HSETNX", "k", "f", "v"),
          ("HDEL", "k", "f"), ("HINCRBY", "k", "f", "1"), ("HINCRBYFLOAT", "k", "f", "1")]


@pytest.mark.parametrize("args", READS + WRITES, ids=lambda a: " ".join(a))
def test_hash_commands_against_a_string_key(r, args):
    r.set("k", "v")
    assert reply(r, *args) == WRONGTYPE
    assert reply(r, "GET", "k") == b"v"


@pytest.mark.parametrize("args", [
    ("HSET", "k", "f"), ("HSETNX", "k", "f"), ("HGET", "k"), ("HMGET", "k"),
    ("HDEL", "k"), ("HEXISTS", "k"), ("HLEN",), ("HSTRLEN", "k"), ("HKEYS",),
    ("HVALS", "k", "x"), ("HGETALL",), ("HINCRBY", "k", "f"), ("HINCRBYFLOAT", "k"),
    ("HRANDFIELD",), ("HSCAN", "k"), ("HMSET", "k", "f"),
], ids=lambda a: " ".join(a))
def test_wrong_number_of_arguments(r, args):
    assert reply(r, *args) == arity_error(args[0].lower())

