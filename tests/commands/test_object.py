"""OBJECT ENCODING (int/embstr/raw transitions), REFCOUNT, IDLETIME, FREQ, HELP."""

import time

import pytest

from helpers import Err, arity_error, reply


def encoding(r, key):
    return reply(r, "OBJECT", "ENCODING", key)


@pytest.mark.parametrize("value", ["0", "10", "-1", "9223372036854775807",
                                   "-9223372036854775808", "123456789"])
def test_object_encoding_of_a_canonical_integer_is_int(r, value):
    r.set("k", value)
    assert encoding(r, "k") == b"int"


@pytest.mark.parametrize("value", ["hello", " 1", "1 ", "01", "+1", "1.5",
                                   "9223372036854775808", "99999999999999999999", "", "-0"])
def test_object_encoding_of_a_short_non_integer_is_embstr(r, value):
    r.set("k", value)
    assert encoding(r, "k") == b"embstr"


def test_object_encoding_embstr_up_to_44_bytes_then_raw(r):
    r.set("k44", "a" * 44)
    r.set("k45", "a" * 45)
    assert encoding(r, "k44") == b"embstr"
    assert encoding(r, "k45") == b"raw"


def test_object_encoding_of_a_long_string_is_raw(r):
    r.set("k", "x" * 1000)
    assert encoding(r, "k") == b"raw"


def test_append_turns_embstr_and_int_into_raw(r):
    r.set("s", "hello")
    r.set("n", "5")
    reply(r, "APPEND", "s", "x")
    reply(r, "APPEND", "n", "0")
    assert encoding(r, "s") == b"raw"
    assert encoding(r, "n") == b"raw"


def test_append_to_a_missing_key_stores_the_value_as_set_would(r):
    reply(r, "APPEND", "k", "x")
    reply(r, "APPEND", "n", "12")
    assert encoding(r, "k") == b"embstr"
    assert encoding(r, "n") == b"int"


def test_setrange_turns_a_string_into_raw(r):
    r.set("s", "abc")
    reply(r, "SETRANGE", "s", "0", "x")
    assert encoding(r, "s") == b"raw"


def test_incr_turns_a_raw_numeric_string_into_int(r):
    r.set("n", "5")
    reply(r, "APPEND", "n", "0")
    assert encoding(r, "n") == b"raw"
    assert reply(r, "INCR", "n") == 51
    assert encoding(r, "n") == b"int"


def test_incr_of_a_missing_key_stores_an_int(r):
    reply(r, "INCRBY", "n", "1000000")
    assert encoding(r, "n") == b"int"


def test_incrbyfloat_stores_an_embstr_even_for_integral_results(r):
    r.set("f", "1.5")
    assert reply(r, "INCRBYFLOAT", "f", "0.5") == b"2"
    assert encoding(r, "f") == b"embstr"


def test_set_family_encodes_integers_as_int(r):
    reply(r, "SETNX", "a", "7")
    reply(r, "MSET", "b", "8", "c", "word")
    reply(r, "GETSET", "d", "9")
    reply(r, "SETEX", "e", "100", "10")
    assert [encoding(r, k) for k in "abcde"] == [b"int", b"int", b"embstr", b"int", b"int"]


def test_getrange_does_not_change_the_encoding(r):
    r.set("k", "a" * 45)
    reply(r, "GETRANGE", "k", "0", "0")
    assert encoding(r, "k") == b"raw"


def test_object_encoding_of_a_missing_key_is_nil(r):
    assert encoding(r, "nokey") is None


@pytest.mark.requires("rpush")
def test_object_encoding_of_a_small_list(r):
    r.rpush("l", "a")
    assert encoding(r, "l") == b"quicklist"


def test_object_refcount_of_a_string_is_one(r):
    r.set("k", "hello")
    r.set("big", "123456")
    assert reply(r, "OBJECT", "REFCOUNT", "k") == 1
    assert reply(r, "OBJECT", "REFCOUNT", "big") == 1


def test_object_refcount_of_a_missing_key_is_nil(r):
    assert reply(r, "OBJECT", "REFCOUNT", "nokey") is None


def test_object_idletime_grows_and_an_access_resets_it(r):
    r.set("k", "v")
    r.set("t", "v")
    assert reply(r, "OBJECT", "IDLETIME", "k") == 0
    time.sleep(2.1)
    assert reply(r, "OBJECT", "IDLETIME", "k") >= 1      # OBJECT does not touch
    assert reply(r, "OBJECT", "IDLETIME", "k") >= 1
    reply(r, "GET", "k")
    reply(r, "TOUCH", "t")
    assert reply(r, "OBJECT", "IDLETIME", "k") == 0
    assert reply(r, "OBJECT", "IDLETIME", "t") == 0


def test_object_idletime_of_a_missing_key_is_nil(r):
    assert reply(r, "OBJECT", "IDLETIME", "nokey") is None


def test_object_freq_without_an_lfu_policy_is_an_error(r):
    r.set("k", "v")
    assert reply(r, "OBJECT", "FREQ", "k") == Err(
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
        "Please note that when switching between policies at runtime LRU and LFU "
        "data will take some time to adjust.")


def test_object_freq_and_idletime_under_an_lfu_policy(r):
    old = r.config_get("maxmemory-policy")["maxmemory-policy"]
    assert reply(r, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu") == b"OK"
    try:
        r.set("k", "v")
        freq = reply(r, "OBJECT", "FREQ", "k")
        assert isinstance(freq, int) and 0 <= freq <= 255
        assert reply(r, "OBJECT", "FREQ", "nokey") is None
        assert reply(r, "OBJECT", "IDLETIME", "k") == Err(
            "ERR An LFU maxmemory policy is selected, idle time not tracked. "
            "Please note that when switching between policies at runtime LRU and "
            "LFU data will take some time to adjust.")
    finally:
        reply(r, "CONFIG", "SET", "maxmemory-policy", old)


def test_object_help_lists_the_subcommands(r):
    lines = reply(r, "OBJECT", "HELP")
    assert isinstance(lines, list) and all(isinstance(x, bytes) for x in lines)
    assert lines[0] == b"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    names = {line.split()[0] for line in lines[1:] if not line.startswith(b" ")}
    assert names == {b"ENCODING", b"FREQ", b"IDLETIME", b"REFCOUNT", b"HELP"}


def test_object_subcommands_are_case_insensitive(r):
    r.set("k", "12")
    assert reply(r, "object", "encoding", "k") == b"int"
    assert reply(r, "OBJECT", "Encoding", "k") == b"int"


def test_object_unknown_subcommand(r):
    assert reply(r, "OBJECT", "FOO") == Err("ERR unknown subcommand 'FOO'. Try OBJECT HELP.")
    assert reply(r, "OBJECT", "foo", "k") == Err("ERR unknown subcommand 'foo'. Try OBJECT HELP.")


def test_object_wrong_arity(r):
    assert reply(r, "OBJECT") == arity_error("object")
    assert reply(r, "OBJECT", "ENCODING") == arity_error("object|encoding")
    assert reply(r, "OBJECT", "ENCODING", "a", "b") == arity_error("object|encoding")
    assert reply(r, "OBJECT", "REFCOUNT") == arity_error("object|refcount")
    assert reply(r, "OBJECT", "HELP", "x") == arity_error("object|help")
