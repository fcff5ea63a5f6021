"""OBJECT ENCODING / REFCOUNT after string commands, beyond test_object.py:
which commands re-encode their value (int, embstr, raw) and which keep it."""

import pytest

from helpers import reply

SHARED = 2147483647     # OBJECT REFCOUNT of a shared (never freed) integer


def encoding(r, key):
    return reply(r, "OBJECT", "ENCODING", key)


@pytest.mark.parametrize("args", [
    ["SET", "k", "42", "EX", "100"],
    ["SET", "k", "42", "KEEPTTL"],
    ["SET", "k", "42", "GET"],
    ["SET", "k", "42", "NX"],
    ["PSETEX", "k", "100000", "42"],
    ["MSETNX", "k", "42"],
    ["GETSET", "k", "42"],
])
def test_every_set_variant_stores_a_canonical_integer_as_int(r, args):
    reply(r, *args)
    assert encoding(r, "k") == b"int"


@pytest.mark.parametrize("value,enc", [
    ("-5", b"int"), ("12345678901234567890", b"embstr"), ("x" * 44, b"embstr"),
    ("x" * 45, b"raw"), ("1" * 45, b"raw"),
])
def test_append_to_a_missing_key_encodes_like_set(r, value, enc):
    reply(r, "APPEND", "k", value)
    assert encoding(r, "k") == enc


def test_append_of_nothing_still_makes_the_value_raw(r):
    r.set("k", "abc")
    assert reply(r, "APPEND", "k", "") == 3
    assert encoding(r, "k") == b"raw"


def test_setrange_on_a_missing_key_creates_a_raw_string(r):
    reply(r, "SETRANGE", "k", "0", "1")
    assert encoding(r, "k") == b"raw"


def test_setrange_with_an_empty_value_keeps_the_encoding(r):
    r.set("k", "123")
    assert reply(r, "SETRANGE", "k", "5", "") == 3
    assert encoding(r, "k") == b"int"


def test_setrange_on_an_integer_makes_it_raw(r):
    r.set("k", "123")
    reply(r, "SETRANGE", "k", "0", "9")
    assert encoding(r, "k") == b"raw"
    assert reply(r, "GET", "k") == b"923"


def test_incr_uses_shared_integers_below_10000(r):
    r.set("n", "9998")
    reply(r, "INCR", "n")
    assert reply(r, "OBJECT", "REFCOUNT", "n") == SHARED
    reply(r, "INCR", "n")
    assert encoding(r, "n") == b"int"
    assert reply(r, "OBJECT", "REFCOUNT", "n") == 1


def test_incr_of_a_private_integer_back_into_the_shared_range(r):
    r.set("n", "50000")
    assert reply(r, "OBJECT", "REFCOUNT", "n") == 1
    reply(r, "DECRBY", "n", "49999")
    assert reply(r, "OBJECT", "REFCOUNT", "n") == SHARED
    assert reply(r, "GET", "n") == b"1"


def test_incr_of_a_large_int_stays_int(r):
    r.set("n", "-9223372036854775807")
    reply(r, "DECR", "n")
    assert encoding(r, "n") == b"int"
    assert reply(r, "GET", "n") == b"-9223372036854775808"


def test_incr_of_an_embstr_number_stores_an_int(r):
    reply(r, "SETRANGE", "n", "0", "7")
    assert encoding(r, "n") == b"raw"
    reply(r, "INCRBY", "n", "100000")
    assert encoding(r, "n") == b"int"


def test_incrbyfloat_with_a_long_result_stores_a_raw_string(r):
    reply(r, "INCRBYFLOAT", "f", "1e50")
    assert encoding(r, "f") == b"raw"
    assert reply(r, "STRLEN", "f") == 51


def test_incrbyfloat_on_an_int_value_stores_an_embstr(r):
    r.set("f", "10")
    assert reply(r, "INCRBYFLOAT", "f", "5") == b"15"
    assert encoding(r, "f") == b"embstr"


@pytest.mark.parametrize("cmd", [
    ["GET", "k"], ["GETEX", "k", "EX", "100"], ["GETEX", "k", "PERSIST"],
    ["STRLEN", "k"], ["GETRANGE", "k", "0", "1"], ["MGET", "k"], ["LCS", "k", "k"],
])
@pytest.mark.parametrize("value,enc", [("123", b"int"), ("abc", b"embstr"), ("z" * 50, b"raw")])
def test_reads_do_not_change_the_encoding(r, cmd, value, enc):
    r.set("k", value)
    reply(r, *cmd)
    assert encoding(r, "k") == enc
