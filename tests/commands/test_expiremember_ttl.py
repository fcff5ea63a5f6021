"""TTL, PTTL and PERSIST with a member, as KeyDB has them (our server only),
and how member expiries and the key's own TTL stay apart."""

import time

from helpers import Err, reply
from keydb_only import k  # noqa: F401  (fixture)

INVALID = Err("ERR Invalid arguments")


def test_ttl_and_pttl_of_a_member(k):
    reply(k, "SADD", "s", "a", "b")
    reply(k, "EXPIREMEMBER", "s", "a", "1800", "ms")
    assert reply(k, "TTL", "s", "a") == 2             # rounded to the nearest second
    assert 1000 < reply(k, "PTTL", "s", "a") <= 1800
    assert reply(k, "TTL", "s", "b") == -1            # a member without expiry
    assert reply(k, "PTTL", "s", "b") == -1
    assert reply(k, "TTL", "s", "zz") == -1           # not a member at all
    assert reply(k, "TTL", "nokey", "a") == -2
    assert reply(k, "PTTL", "nokey", "a") == -2


def test_ttl_with_more_arguments(k):
    reply(k, "SADD", "s", "a")
    assert reply(k, "TTL", "s", "a", "b") == INVALID
    assert reply(k, "PTTL", "s", "a", "b", "c") == INVALID
    # KeyDB looks the key up first: a missing key answers -2 whatever follows.
    assert reply(k, "TTL", "nokey", "a", "b") == -2


def test_persist_a_member(k):
    reply(k, "SADD", "s", "a", "b")
    reply(k, "EXPIREMEMBER", "s", "a", "100")
    assert reply(k, "PERSIST", "s", "a") == 1
    assert reply(k, "TTL", "s", "a") == -1
    assert reply(k, "PERSIST", "s", "a") == 0
    assert reply(k, "PERSIST", "s", "b") == 0
    assert reply(k, "PERSIST", "s", "zz") == 0
    assert reply(k, "PERSIST", "nokey", "a") == 0
    assert reply(k, "PERSIST", "s", "a", "b") == INVALID
    assert reply(k, "PERSIST", "nokey", "a", "b") == 0
    assert sorted(reply(k, "SMEMBERS", "s")) == [b"a", b"b"]


def test_persisted_member_stays(k):
    reply(k, "SADD", "s", "a", "b")
    reply(k, "EXPIREMEMBER", "s", "a", "100", "ms")
    reply(k, "EXPIREMEMBER", "s", "b", "100", "ms")
    assert reply(k, "PERSIST", "s", "a") == 1
    time.sleep(0.25)
    assert reply(k, "SMEMBERS", "s") == [b"a"]


def test_key_ttl_and_member_expiries_are_separate(k):
    reply(k, "SADD", "s", "a", "b")
    reply(k, "EXPIREMEMBER", "s", "a", "50")
    assert reply(k, "TTL", "s") == -1
    assert reply(k, "EXPIRE", "s", "100") == 1
    assert reply(k, "TTL", "s") == 100
    assert reply(k, "TTL", "s", "a") == 50
    # PERSIST key clears the key's TTL only; PERSIST key member the member's only.
    assert reply(k, "PERSIST", "s") == 1
    assert reply(k, "TTL", "s", "a") == 50
    assert reply(k, "PERSIST", "s") == 0
    reply(k, "EXPIRE", "s", "100")
    assert reply(k, "PERSIST", "s", "a") == 1
    assert reply(k, "TTL", "s") == 100
    assert reply(k, "EXPIRETIME", "s") > 0


def test_expiretime_takes_no_member(k):
    reply(k, "SADD", "s", "a")
    assert reply(k, "EXPIRETIME", "s", "a") == Err(
        "ERR wrong number of arguments for 'expiretime' command")
    assert reply(k, "TTL") == Err("ERR wrong number of arguments for 'ttl' command")


def test_ttl_of_a_member_of_a_string_key(k):
    reply(k, "SET", "str", "v")
    assert reply(k, "TTL", "str", "a") == -1
    assert reply(k, "PERSIST", "str", "a") == 0


def test_command_info_of_the_extended_commands(k):
    for name in ("ttl", "pttl", "persist"):
        [info] = reply(k, "COMMAND", "INFO", name)
        assert info[1] == -2
        assert info[3:6] == [1, 1, 1]
