"""KEYDB.MEXISTS (our server only): one boolean per key, RESP2 integers and
RESP3 booleans, expired keys absent, counted as reads."""

import time

from helpers import arity_error, reply
from keydb_only import k, k3  # noqa: F401  (fixtures)


def keyspace(k):
    info = reply(k, "INFO", "stats")
    return tuple(int(info.split(name)[1].split(b"\r\n")[0])
                 for name in (b"keyspace_hits:", b"keyspace_misses:"))


def test_one_answer_per_key_in_order(k):
    reply(k, "SET", "a", "1")
    reply(k, "SADD", "s", "x")
    assert reply(k, "KEYDB.MEXISTS", "a") == [1]
    assert reply(k, "KEYDB.MEXISTS", "nokey", "a", "s", "a", "nokey") == [0, 1, 1, 1, 0]
    assert reply(k, "keydb.mexists", "s") == [1]


def test_expired_keys_do_not_exist(k):
    reply(k, "SET", "a", "1", "PX", "50")
    reply(k, "SET", "b", "1")
    time.sleep(0.1)
    assert reply(k, "KEYDB.MEXISTS", "a", "b") == [0, 1]


def test_a_key_whose_members_all_expired_does_not_exist(k):
    reply(k, "SADD", "s", "x")
    reply(k, "EXPIREMEMBER", "s", "x", "50", "ms")
    reply(k, "CONFIG", "SET", "hz", "1")
    try:
        time.sleep(0.1)
        assert reply(k, "KEYDB.MEXISTS", "s") == [0]
    finally:
        reply(k, "CONFIG", "SET", "hz", "10")


def test_counts_keyspace_hits_and_misses(k):
    reply(k, "SET", "a", "1")
    hits, misses = keyspace(k)
    reply(k, "KEYDB.MEXISTS", "a", "nokey", "a")
    assert keyspace(k) == (hits + 2, misses + 1)


def test_wrong_arity(k):
    assert reply(k, "KEYDB.MEXISTS") == arity_error("keydb.mexists")


def test_resp3_booleans(k3):
    k3.command("SET", "a", "1")
    assert k3.command("KEYDB.MEXISTS", "a", "nokey") == b"*2\r\n#t\r\n#f\r\n"


def test_command_info(k):
    [info] = reply(k, "COMMAND", "INFO", "keydb.mexists")
    assert info[:6] == [b"keydb.mexists", -2, [b"readonly", b"fast"], 1, -1, 1]
    assert reply(k, "COMMAND", "GETKEYS", "KEYDB.MEXISTS", "a", "b") == [b"a", b"b"]
