"""EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX XX GT LT), TTL, PTTL,
EXPIRETIME, PEXPIRETIME, PERSIST, and keys really going away."""

import time

import pytest

from helpers import NOT_INTEGER, Err, arity_error, invalid_expire, reply, wait_for


def test_expire_sets_a_ttl_and_returns_one(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "100") == 1
    assert reply(r, "TTL", "k") == 100
    assert 99000 < reply(r, "PTTL", "k") <= 100000


def test_pexpire_sets_a_ttl_in_milliseconds(r):
    r.set("k", "v")
    assert reply(r, "PEXPIRE", "k", "100500") == 1
    assert 100000 < reply(r, "PTTL", "k") <= 100500
    assert reply(r, "TTL", "k") in (100, 101)      # rounded to the nearest second


def test_expireat_and_pexpireat_set_an_absolute_time(r):
    at = int(time.time()) + 1000
    r.mset({"a": 1, "b": 2})
    assert reply(r, "EXPIREAT", "a", str(at)) == 1
    assert reply(r, "EXPIRETIME", "a") == at
    assert reply(r, "PEXPIRETIME", "a") == at * 1000
    assert reply(r, "PEXPIREAT", "b", str(at * 1000 + 123)) == 1
    assert reply(r, "PEXPIRETIME", "b") == at * 1000 + 123
    assert reply(r, "EXPIRETIME", "b") == at


def test_expire_of_a_missing_key_is_zero(r):
    assert reply(r, "EXPIRE", "nokey", "100") == 0
    assert reply(r, "PEXPIRE", "nokey", "100") == 0
    assert reply(r, "EXPIREAT", "nokey", "9999999999") == 0
    assert reply(r, "PEXPIREAT", "nokey", "9999999999999") == 0
    assert reply(r, "EXISTS", "nokey") == 0


def test_ttl_pttl_of_a_missing_and_a_persistent_key(r):
    r.set("k", "v")
    assert reply(r, "TTL", "nokey") == -2
    assert reply(r, "PTTL", "nokey") == -2
    assert reply(r, "TTL", "k") == -1
    assert reply(r, "PTTL", "k") == -1


def test_expiretime_of_a_missing_and_a_persistent_key(r):
    r.set("k", "v")
    assert reply(r, "EXPIRETIME", "nokey") == -2
    assert reply(r, "PEXPIRETIME", "nokey") == -2
    assert reply(r, "EXPIRETIME", "k") == -1
    assert reply(r, "PEXPIRETIME", "k") == -1


@pytest.mark.requires("rpush")
def test_expire_works_on_lists_too(r):
    r.rpush("l", "x")
    assert reply(r, "EXPIRE", "l", "100") == 1
    assert 0 < reply(r, "TTL", "l") <= 100


def test_a_key_with_an_expire_really_disappears(r):
    r.set("k", "v")
    r.set("p", "v")
    reply(r, "PEXPIRE", "k", "100")
    reply(r, "SET", "p", "v", "PX", "100")
    assert reply(r, "GET", "k") == b"v"
    time.sleep(0.2)
    assert reply(r, "GET", "k") is None
    assert reply(r, "EXISTS", "p") == 0
    assert reply(r, "TTL", "k") == -2


def test_a_key_with_a_one_second_expire_is_gone_after_it(r):
    r.set("k", "v")
    reply(r, "EXPIRE", "k", "1")
    assert reply(r, "GET", "k") == b"v"
    time.sleep(1.1)
    assert reply(r, "GET", "k") is None


def test_expired_keys_are_removed_without_being_accessed(r):
    for i in range(50):
        r.set("v%d" % i, "x", px=50)
    r.set("live", "x")
    assert wait_for(lambda: reply(r, "DBSIZE") == 1, timeout=5), \
        "active expiry left %d keys" % reply(r, "DBSIZE")


def test_an_expired_key_can_be_set_again_without_old_ttl(r):
    r.set("k", "v", px=10)
    time.sleep(0.05)
    assert reply(r, "INCR", "k") == 1
    assert reply(r, "TTL", "k") == -1


@pytest.mark.parametrize("cmd,value", [
    ("EXPIRE", "0"), ("EXPIRE", "-1"), ("PEXPIRE", "-1"), ("PEXPIRE", "0"),
    ("EXPIREAT", "1"), ("PEXPIREAT", "1"), ("EXPIREAT", "-5"),
])
def test_expire_in_the_past_deletes_the_key(r, cmd, value):
    r.set("k", "v")
    assert reply(r, cmd, "k", value) == 1
    assert reply(r, "EXISTS", "k") == 0
    assert reply(r, "TTL", "k") == -2


def test_persist_removes_the_ttl(r):
    r.set("k", "v", ex=100)
    assert reply(r, "PERSIST", "k") == 1
    assert reply(r, "TTL", "k") == -1
    assert reply(r, "PERSIST", "k") == 0
    assert reply(r, "PERSIST", "nokey") == 0


def test_set_on_a_volatile_key_makes_it_persistent(r):
    r.set("k", "v", ex=100)
    r.set("k", "w")
    assert reply(r, "TTL", "k") == -1


def test_del_then_set_does_not_keep_the_old_ttl(r):
    r.set("k", "v", ex=100)
    reply(r, "DEL", "k")
    r.set("k", "v")
    assert reply(r, "TTL", "k") == -1


# ---- NX XX GT LT ---------------------------------------------------------------

def test_expire_nx_only_sets_when_there_is_no_ttl(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "100", "NX") == 1
    assert reply(r, "EXPIRE", "k", "200", "NX") == 0
    assert reply(r, "TTL", "k") == 100


def test_expire_xx_only_sets_when_there_is_a_ttl(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "100", "XX") == 0
    assert reply(r, "TTL", "k") == -1
    reply(r, "EXPIRE", "k", "100")
    assert reply(r, "EXPIRE", "k", "200", "XX") == 1
    assert reply(r, "TTL", "k") == 200


def test_expire_gt_only_extends_a_ttl_and_never_sets_one(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "100", "GT") == 0   # no TTL counts as infinite
    assert reply(r, "TTL", "k") == -1
    reply(r, "EXPIRE", "k", "100")
    assert reply(r, "EXPIRE", "k", "50", "GT") == 0
    assert reply(r, "EXPIRE", "k", "200", "GT") == 1
    assert reply(r, "TTL", "k") == 200


def test_expire_lt_only_shortens_a_ttl_and_sets_one_on_a_persistent_key(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "100", "LT") == 1
    assert reply(r, "EXPIRE", "k", "200", "LT") == 0
    assert reply(r, "EXPIRE", "k", "50", "LT") == 1
    assert reply(r, "TTL", "k") == 50


def test_expire_gt_with_a_time_in_the_past_does_not_delete(r):
    r.set("k", "v", ex=100)
    assert reply(r, "EXPIREAT", "k", "1", "GT") == 0
    assert reply(r, "EXISTS", "k") == 1


def test_expire_lt_with_a_time_in_the_past_deletes(r):
    r.set("k", "v", ex=100)
    assert reply(r, "EXPIRE", "k", "0", "LT") == 1
    assert reply(r, "EXISTS", "k") == 0


def test_expire_options_on_every_command_variant(r):
    at = int(time.time()) + 1000
    r.set("k", "v")
    assert reply(r, "PEXPIRE", "k", "100000", "NX") == 1
    assert reply(r, "PEXPIRE", "k", "50000", "gt") == 0
    assert reply(r, "EXPIREAT", "k", str(at), "GT") == 1
    assert reply(r, "PEXPIREAT", "k", str(at * 1000 - 1), "LT") == 1
    assert reply(r, "PEXPIRETIME", "k") == at * 1000 - 1
    assert reply(r, "EXPIREAT", "k", str(at), "XX") == 1
    assert reply(r, "EXPIRETIME", "k") == at


def test_expire_repeating_the_same_option_is_accepted(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "10", "XX", "XX") == 0
    assert reply(r, "EXPIRE", "k", "10", "LT", "LT") == 1


@pytest.mark.parametrize("opts,error", [
    (["NX", "XX"], "ERR NX and XX, GT or LT options at the same time are not compatible"),
    (["NX", "GT"], "ERR NX and XX, GT or LT options at the same time are not compatible"),
    (["LT", "NX"], "ERR NX and XX, GT or LT options at the same time are not compatible"),
    (["GT", "LT"], "ERR GT and LT options at the same time are not compatible"),
    (["XX", "GT", "LT"], "ERR GT and LT options at the same time are not compatible"),
    (["FOO"], "ERR Unsupported option FOO"),
    (["2"], "ERR Unsupported option 2"),
    (["NX", "bar"], "ERR Unsupported option bar"),
])
def test_expire_option_errors(r, opts, error):
    r.set("k", "v")
    for cmd in ("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"):
        assert reply(r, cmd, "k", "100", *opts) == Err(error), cmd
    assert reply(r, "TTL", "k") == -1


# ---- invalid times -------------------------------------------------------------

@pytest.mark.parametrize("cmd,value", [
    ("EXPIRE", "9223372036854775807"),
    ("EXPIRE", "9223372036854775"),
    ("EXPIRE", "-9223372036854776"),
    ("PEXPIRE", "9223372036854775807"),
    ("PEXPIRE", "9223372036854775000"),
    ("EXPIREAT", "9223372036854775807"),
    ("EXPIREAT", "9223372036854776"),
])
def test_expire_overflow_is_an_invalid_expire_time(r, cmd, value):
    r.set("k", "v")
    assert reply(r, cmd, "k", value) == invalid_expire(cmd.lower())
    assert reply(r, "TTL", "k") == -1


def test_expire_far_in_the_future_is_accepted(r):
    r.set("k", "v")
    assert reply(r, "EXPIRE", "k", "9223372036854") == 1
    assert reply(r, "TTL", "k") > 9000000000000


@pytest.mark.parametrize("cmd", ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"])
def test_expire_with_a_time_that_is_not_an_integer(r, cmd):
    r.set("k", "v")
    assert reply(r, cmd, "k", "abc") == NOT_INTEGER
    assert reply(r, cmd, "k", "1.5") == NOT_INTEGER
    assert reply(r, cmd, "k", "") == NOT_INTEGER


def test_expire_family_wrong_arity(r, kind):
    for cmd in ("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"):
        assert reply(r, cmd, "k") == arity_error(cmd.lower())
    for cmd in ("TTL", "PTTL", "PERSIST", "EXPIRETIME", "PEXPIRETIME"):
        assert reply(r, cmd) == arity_error(cmd.lower())
    for cmd in ("EXPIRETIME", "PEXPIRETIME"):
        assert reply(r, cmd, "a", "b") == arity_error(cmd.lower())
    # KeyDB's TTL, PTTL and PERSIST take a member (test_expiremember_ttl.py).
    for cmd in ("TTL", "PTTL", "PERSIST"):
        if kind == "redis":
            assert reply(r, cmd, "a", "b") == arity_error(cmd.lower())
        else:
            assert reply(r, cmd, "a", "b") == (0 if cmd == "PERSIST" else -2)
