"""GET/SET and their variants: SET options, SETNX, SETEX, PSETEX, GETSET,
GETDEL, GETEX, MGET, MSET, MSETNX."""

import time

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, arity_error, invalid_expire, reply


def test_set_and_get_a_simple_value(r):
    assert reply(r, "SET", "k", "hello") == b"OK"
    assert reply(r, "GET", "k") == b"hello"


def test_get_of_a_missing_key_is_nil(r):
    assert reply(r, "GET", "nokey") is None


def test_set_and_get_an_empty_value(r):
    assert reply(r, "SET", "k", "") == b"OK"
    assert reply(r, "GET", "k") == b""
    assert reply(r, "EXISTS", "k") == 1


def test_set_and_get_binary_safe_keys_and_values(r):
    key = b"\x00k\r\n\xff"
    value = bytes(range(256)) * 4
    assert reply(r, "SET", key, value) == b"OK"
    assert reply(r, "GET", key) == value


def test_set_and_get_a_one_megabyte_value(r):
    value = b"x" * (1 << 20)
    assert reply(r, "SET", "big", value) == b"OK"
    assert reply(r, "GET", "big") == value


@pytest.mark.requires("rpush")
def test_set_overwrites_a_key_of_another_type(r):
    r.rpush("l", "a")
    assert reply(r, "SET", "l", "v") == b"OK"
    assert reply(r, "TYPE", "l") == b"string"


@pytest.mark.requires("rpush")
def test_get_against_key_holding_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "GET", "l") == WRONGTYPE


def test_set_clears_an_existing_ttl(r):
    r.set("k", "v", ex=100)
    assert reply(r, "SET", "k", "w") == b"OK"
    assert reply(r, "TTL", "k") == -1


def test_get_and_set_wrong_arity(r):
    assert reply(r, "GET") == arity_error("get")
    assert reply(r, "GET", "a", "b") == arity_error("get")
    assert reply(r, "SET", "a") == arity_error("set")


# ---- SET options ---------------------------------------------------------

def test_set_nx_only_sets_a_missing_key(r):
    assert reply(r, "SET", "k", "1", "NX") == b"OK"
    assert reply(r, "SET", "k", "2", "NX") is None
    assert reply(r, "GET", "k") == b"1"


def test_set_xx_only_sets_an_existing_key(r):
    assert reply(r, "SET", "k", "1", "XX") is None
    assert reply(r, "EXISTS", "k") == 0
    r.set("k", "0")
    assert reply(r, "SET", "k", "1", "XX") == b"OK"
    assert reply(r, "GET", "k") == b"1"


def test_set_options_are_case_insensitive(r):
    assert reply(r, "SET", "k", "1", "nx", "ex", "100") == b"OK"
    assert 0 < reply(r, "TTL", "k") <= 100


def test_set_ex_sets_a_ttl_in_seconds(r):
    assert reply(r, "SET", "k", "v", "EX", "100") == b"OK"
    assert 99 <= reply(r, "TTL", "k") <= 100


def test_set_px_sets_a_ttl_in_milliseconds(r):
    assert reply(r, "SET", "k", "v", "PX", "100000") == b"OK"
    assert 99000 < reply(r, "PTTL", "k") <= 100000


def test_set_exat_and_pxat_set_an_absolute_expire_time(r):
    at = int(time.time()) + 1000
    assert reply(r, "SET", "k", "v", "EXAT", str(at)) == b"OK"
    assert reply(r, "EXPIRETIME", "k") == at
    assert reply(r, "SET", "p", "v", "PXAT", str(at * 1000 + 5)) == b"OK"
    assert reply(r, "PEXPIRETIME", "p") == at * 1000 + 5


def test_set_exat_in_the_past_deletes_the_key(r):
    r.set("k", "old")
    assert reply(r, "SET", "k", "v", "EXAT", "1") == b"OK"
    assert reply(r, "EXISTS", "k") == 0
    assert reply(r, "SET", "k", "v", "PXAT", "1") == b"OK"
    assert reply(r, "GET", "k") is None


def test_set_keepttl_retains_the_ttl(r):
    r.set("k", "v", ex=100)
    assert reply(r, "SET", "k", "w", "KEEPTTL") == b"OK"
    assert reply(r, "GET", "k") == b"w"
    assert 0 < reply(r, "TTL", "k") <= 100


def test_set_get_returns_the_old_value(r):
    assert reply(r, "SET", "k", "1", "GET") is None
    assert reply(r, "SET", "k", "2", "GET") == b"1"
    assert reply(r, "GET", "k") == b"2"


@pytest.mark.requires("rpush")
def test_set_get_against_a_list_fails_and_does_not_set(r):
    r.rpush("l", "a")
    assert reply(r, "SET", "l", "v", "GET") == WRONGTYPE
    assert reply(r, "TYPE", "l") == b"list"


def test_set_nx_get_returns_the_old_value_without_setting(r):
    r.set("k", "old")
    assert reply(r, "SET", "k", "new", "NX", "GET") == b"old"
    assert reply(r, "GET", "k") == b"old"
    assert reply(r, "SET", "m", "new", "NX", "GET") is None
    assert reply(r, "GET", "m") == b"new"


def test_set_xx_get_on_a_missing_key_returns_nil_and_does_not_set(r):
    assert reply(r, "SET", "k", "v", "XX", "GET") is None
    assert reply(r, "EXISTS", "k") == 0


def test_set_with_every_compatible_option_at_once(r):
    r.set("k", "old")
    assert reply(r, "SET", "k", "new", "XX", "GET", "PX", "50000") == b"old"
    assert 0 < reply(r, "PTTL", "k") <= 50000


@pytest.mark.parametrize("args", [
    ["NX", "XX"],
    ["XX", "NX"],
    ["EX", "10", "PX", "100"],
    ["EX", "10", "EXAT", "9999999999"],
    ["PX", "10", "PXAT", "9999999999999"],
    ["EX", "10", "KEEPTTL"],
    ["KEEPTTL", "PX", "10"],
    ["KEEPTTL", "EXAT", "9999999999"],
    ["EX"],
    ["PX"],
    ["EXAT"],
    ["PXAT"],
    ["FOO"],
    ["NX", "NX", "XX"],
    ["GET", "GET", "EX"],
    ["10"],
])
def test_set_syntax_errors(r, args):
    assert reply(r, "SET", "k", "v", *args) == SYNTAX
    assert reply(r, "EXISTS", "k") == 0


@pytest.mark.parametrize("opt,value", [
    ("EX", "0"), ("EX", "-1"), ("PX", "0"), ("PX", "-100"),
    ("EXAT", "0"), ("EXAT", "-5"), ("PXAT", "0"),
    ("EX", "9223372036854775807"), ("PX", "9223372036854775807"),
    ("EX", "9223372036854775"),
])
def test_set_invalid_expire_time(r, opt, value):
    assert reply(r, "SET", "k", "v", opt, value) == invalid_expire("set")
    assert reply(r, "EXISTS", "k") == 0


@pytest.mark.parametrize("opt", ["EX", "PX", "EXAT", "PXAT"])
def test_set_expire_that_is_not_an_integer(r, opt):
    assert reply(r, "SET", "k", "v", opt, "abc") == NOT_INTEGER
    assert reply(r, "SET", "k", "v", opt, "1.5") == NOT_INTEGER


def test_set_repeating_the_same_flag_is_accepted(r):
    assert reply(r, "SET", "k", "v", "NX", "NX") == b"OK"
    assert reply(r, "SET", "k", "w", "GET", "GET") == b"v"
    assert reply(r, "SET", "k", "x", "KEEPTTL", "KEEPTTL") == b"OK"
    assert reply(r, "SET", "k", "y", "EX", "10", "EX", "20") == b"OK"
    assert 10 < reply(r, "TTL", "k") <= 20


# ---- SETNX SETEX PSETEX ------------------------------------------------------

def test_setnx_against_a_missing_and_an_existing_key(r):
    assert reply(r, "SETNX", "k", "1") == 1
    assert reply(r, "SETNX", "k", "2") == 0
    assert reply(r, "GET", "k") == b"1"


def test_setnx_against_an_expired_key_sets_it(r):
    r.set("k", "old", px=1)
    time.sleep(0.01)
    assert reply(r, "SETNX", "k", "new") == 1
    assert reply(r, "GET", "k") == b"new"


@pytest.mark.requires("rpush")
def test_setnx_against_a_key_of_another_type_is_zero(r):
    r.rpush("l", "a")
    assert reply(r, "SETNX", "l", "v") == 0


def test_setex_sets_value_and_ttl(r):
    assert reply(r, "SETEX", "k", "100", "v") == b"OK"
    assert reply(r, "GET", "k") == b"v"
    assert 99 <= reply(r, "TTL", "k") <= 100


def test_psetex_sets_value_and_ttl_in_milliseconds(r):
    assert reply(r, "PSETEX", "k", "100000", "v") == b"OK"
    assert reply(r, "GET", "k") == b"v"
    assert 99000 < reply(r, "PTTL", "k") <= 100000


@pytest.mark.parametrize("cmd,ttl", [
    ("SETEX", "0"), ("SETEX", "-10"), ("PSETEX", "0"), ("PSETEX", "-1"),
    ("SETEX", "9223372036854775807"),
])
def test_setex_and_psetex_invalid_expire_time(r, cmd, ttl):
    assert reply(r, cmd, "k", ttl, "v") == invalid_expire(cmd.lower())
    assert reply(r, "EXISTS", "k") == 0


def test_setex_with_a_ttl_that_is_not_an_integer(r):
    assert reply(r, "SETEX", "k", "abc", "v") == NOT_INTEGER
    assert reply(r, "PSETEX", "k", "1.5", "v") == NOT_INTEGER


def test_setnx_setex_psetex_wrong_arity(r):
    assert reply(r, "SETNX", "k") == arity_error("setnx")
    assert reply(r, "SETEX", "k", "10") == arity_error("setex")
    assert reply(r, "PSETEX", "k", "10", "v", "x") == arity_error("psetex")


# ---- GETSET GETDEL -----------------------------------------------------------

def test_getset_returns_the_old_value(r):
    assert reply(r, "GETSET", "k", "1") is None
    assert reply(r, "GETSET", "k", "2") == b"1"
    assert reply(r, "GET", "k") == b"2"


def test_getset_clears_the_ttl(r):
    r.set("k", "v", ex=100)
    reply(r, "GETSET", "k", "w")
    assert reply(r, "TTL", "k") == -1


@pytest.mark.requires("rpush")
def test_getset_against_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "GETSET", "l", "v") == WRONGTYPE


def test_getdel_returns_the_value_and_deletes_the_key(r):
    r.set("k", "v")
    assert reply(r, "GETDEL", "k") == b"v"
    assert reply(r, "EXISTS", "k") == 0
    assert reply(r, "GETDEL", "k") is None


@pytest.mark.requires("rpush")
def test_getdel_against_a_list_does_not_delete(r):
    r.rpush("l", "a")
    assert reply(r, "GETDEL", "l") == WRONGTYPE
    assert reply(r, "EXISTS", "l") == 1


def test_getset_and_getdel_wrong_arity(r):
    assert reply(r, "GETSET", "k") == arity_error("getset")
    assert reply(r, "GETDEL") == arity_error("getdel")
    assert reply(r, "GETDEL", "a", "b") == arity_error("getdel")


# ---- GETEX -------------------------------------------------------------------

def test_getex_without_options_is_a_plain_get(r):
    r.set("k", "v", ex=100)
    assert reply(r, "GETEX", "k") == b"v"
    assert 0 < reply(r, "TTL", "k") <= 100


def test_getex_ex_and_px_set_a_relative_ttl(r):
    r.set("k", "v")
    assert reply(r, "GETEX", "k", "EX", "100") == b"v"
    assert 99 <= reply(r, "TTL", "k") <= 100
    assert reply(r, "GETEX", "k", "PX", "50000") == b"v"
    assert 49000 < reply(r, "PTTL", "k") <= 50000


def test_getex_exat_and_pxat_set_an_absolute_time(r):
    r.set("k", "v")
    at = int(time.time()) + 1000
    assert reply(r, "GETEX", "k", "EXAT", str(at)) == b"v"
    assert reply(r, "EXPIRETIME", "k") == at
    assert reply(r, "GETEX", "k", "PXAT", str(at * 1000 + 7)) == b"v"
    assert reply(r, "PEXPIRETIME", "k") == at * 1000 + 7


def test_getex_exat_in_the_past_returns_the_value_then_deletes(r):
    r.set("k", "v")
    assert reply(r, "GETEX", "k", "EXAT", "1") == b"v"
    assert reply(r, "EXISTS", "k") == 0


def test_getex_persist_removes_the_ttl(r):
    r.set("k", "v", ex=100)
    assert reply(r, "GETEX", "k", "PERSIST") == b"v"
    assert reply(r, "TTL", "k") == -1


def test_getex_on_a_missing_key_is_nil(r):
    assert reply(r, "GETEX", "nokey", "EX", "10") is None
    assert reply(r, "EXISTS", "nokey") == 0


@pytest.mark.requires("rpush")
def test_getex_against_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "GETEX", "l") == WRONGTYPE
    assert reply(r, "GETEX", "l", "EX", "10") == WRONGTYPE


@pytest.mark.parametrize("args", [
    ["EX", "10", "PX", "100"],
    ["PERSIST", "EX", "10"],
    ["EX", "10", "PERSIST"],
    ["FOO"],
    ["EX"],
    ["PXAT"],
    ["KEEPTTL"],
    ["NX"],
])
def test_getex_syntax_errors(r, args):
    r.set("k", "v")
    assert reply(r, "GETEX", "k", *args) == SYNTAX
    assert reply(r, "TTL", "k") == -1


@pytest.mark.parametrize("opt,value", [
    ("EX", "0"), ("EX", "-1"), ("PX", "-1"), ("EXAT", "0"), ("PXAT", "-1"),
    ("EX", "9223372036854775807"), ("EXAT", "9223372036854775807"),
])
def test_getex_invalid_expire_time(r, opt, value):
    r.set("k", "v")
    assert reply(r, "GETEX", "k", opt, value) == invalid_expire("getex")
    assert reply(r, "GET", "k") == b"v"


def test_getex_expire_that_is_not_an_integer(r):
    r.set("k", "v")
    assert reply(r, "GETEX", "k", "EX", "abc") == NOT_INTEGER


def test_getex_wrong_arity(r):
    assert reply(r, "GETEX") == arity_error("getex")


# ---- MGET MSET MSETNX --------------------------------------------------------

@pytest.mark.requires("rpush")
def test_mget_returns_nil_for_missing_keys_and_other_types(r):
    r.set("a", "1")
    r.set("c", "3")
    r.rpush("l", "x")
    assert reply(r, "MGET", "a", "b", "c", "l") == [b"1", None, b"3", None]


def test_mget_with_repeated_keys(r):
    r.set("a", "1")
    assert reply(r, "MGET", "a", "a", "a") == [b"1", b"1", b"1"]


def test_mset_sets_all_keys_and_clears_ttls(r):
    r.set("a", "old", ex=100)
    assert reply(r, "MSET", "a", "1", "b", "2", "c", "3") == b"OK"
    assert reply(r, "MGET", "a", "b", "c") == [b"1", b"2", b"3"]
    assert reply(r, "TTL", "a") == -1


def test_mset_with_a_repeated_key_keeps_the_last_value(r):
    assert reply(r, "MSET", "a", "1", "a", "2") == b"OK"
    assert reply(r, "GET", "a") == b"2"


@pytest.mark.requires("rpush")
def test_mset_overwrites_keys_of_other_types(r):
    r.rpush("l", "x")
    assert reply(r, "MSET", "l", "v") == b"OK"
    assert reply(r, "GET", "l") == b"v"


def test_msetnx_sets_nothing_if_any_key_exists(r):
    r.set("b", "old")
    assert reply(r, "MSETNX", "a", "1", "b", "2") == 0
    assert reply(r, "MGET", "a", "b") == [None, b"old"]


def test_msetnx_sets_all_keys_when_none_exists(r):
    assert reply(r, "MSETNX", "a", "1", "b", "2") == 1
    assert reply(r, "MGET", "a", "b") == [b"1", b"2"]


@pytest.mark.requires("rpush")
def test_msetnx_counts_a_key_of_another_type_as_existing(r):
    r.rpush("l", "x")
    assert reply(r, "MSETNX", "a", "1", "l", "2") == 0
    assert reply(r, "EXISTS", "a") == 0


def test_msetnx_with_the_same_key_twice(r):
    assert reply(r, "MSETNX", "a", "1", "a", "2") == 1
    assert reply(r, "GET", "a") == b"2"


def test_mset_mget_msetnx_wrong_arity(r):
    assert reply(r, "MGET") == arity_error("mget")
    assert reply(r, "MSET") == arity_error("mset")
    assert reply(r, "MSET", "a") == arity_error("mset")
    assert reply(r, "MSET", "a", "1", "b") == arity_error("mset")
    assert reply(r, "MSETNX", "a") == arity_error("msetnx")
    assert reply(r, "MSETNX", "a", "1", "b") == arity_error("msetnx")
    assert reply(r, "EXISTS", "a") == 0


def test_command_names_are_case_insensitive(r):
    assert reply(r, "sEt", "k", "v") == b"OK"
    assert reply(r, "get", "k") == b"v"
    assert reply(r, "MgEt", "k") == [b"v"]
    assert reply(r, "gEt") == arity_error("get")
