"""EXPIREMEMBER, EXPIREMEMBERAT and PEXPIREMEMBERAT (KeyDB): replies, units,
errors in KeyDB's order and words, and the command table entries. These run
on our server only: redis-server has no member expiry."""

import time

import pytest

from helpers import NOT_INTEGER, Err, arity_error, invalid_expire, pairs, reply
from keydb_only import k, k3  # noqa: F401  (fixtures)

UNSUPPORTED = Err("ERR object type is unsupported")


def test_expiremember_sets_a_lifetime_in_seconds(k):
    reply(k, "SADD", "s", "a", "b")
    assert reply(k, "EXPIREMEMBER", "s", "a", "100") == 1
    assert reply(k, "TTL", "s", "a") == 100
    assert 99000 < reply(k, "PTTL", "s", "a") <= 100000
    assert reply(k, "TTL", "s", "b") == -1
    assert reply(k, "TTL", "s") == -1          # the key itself has no TTL


@pytest.mark.parametrize("unit,ms", [("s", 100000), ("S", 100000), ("ms", 100), ("Ms", 100)])
def test_expiremember_units(k, unit, ms):
    reply(k, "SADD", "s", "a")
    assert reply(k, "EXPIREMEMBER", "s", "a", "100", unit) == 1
    assert ms - 1000 < reply(k, "PTTL", "s", "a") <= ms


def test_expirememberat_and_pexpirememberat_take_unix_times(k):
    reply(k, "SADD", "s", "a", "b")
    now = time.time()
    assert reply(k, "EXPIREMEMBERAT", "s", "a", str(int(now) + 100)) == 1
    assert 98 <= reply(k, "TTL", "s", "a") <= 100
    assert reply(k, "PEXPIREMEMBERAT", "s", "b", str(int(now * 1000) + 50000)) == 1
    assert 48000 < reply(k, "PTTL", "s", "b") <= 50000


def test_a_missing_key_or_member_answers_zero(k):
    assert reply(k, "EXPIREMEMBER", "nokey", "a", "10") == 0
    assert reply(k, "EXPIREMEMBERAT", "nokey", "a", "9999999999") == 0
    reply(k, "SADD", "s", "a")
    assert reply(k, "EXPIREMEMBER", "s", "zz", "10") == 0
    assert reply(k, "PEXPIREMEMBERAT", "s", "zz", "9999999999999") == 0
    assert reply(k, "TTL", "s", "zz") == -1


def test_values_without_members_are_unsupported(k):
    reply(k, "SET", "str", "v")
    reply(k, "RPUSH", "l", "a")
    for key in ("str", "l"):
        assert reply(k, "EXPIREMEMBER", key, "a", "10") == UNSUPPORTED
        assert reply(k, "EXPIREMEMBERAT", key, "a", "9999999999") == UNSUPPORTED
        assert reply(k, "PEXPIREMEMBERAT", key, "a", "9999999999999") == UNSUPPORTED


def test_errors_in_keydbs_order(k):
    reply(k, "SADD", "s", "a")
    # The delay is parsed first, then the argument count, then the unit.
    assert reply(k, "EXPIREMEMBER", "s", "a", "x") == NOT_INTEGER
    assert reply(k, "EXPIREMEMBER", "s", "a", "1.5") == NOT_INTEGER
    assert reply(k, "EXPIREMEMBER", "s", "a", "x", "s", "extra") == NOT_INTEGER
    assert reply(k, "EXPIREMEMBER", "s", "a", "10", "s", "extra") == Err(
        "ERR Invalid number of arguments")
    assert reply(k, "EXPIREMEMBER", "s", "a", "10", "h") == Err("ERR Invalid unit arg")
    assert reply(k, "EXPIREMEMBER", "s", "a", "10", "") == Err("ERR Invalid unit arg")
    assert reply(k, "EXPIREMEMBER", "s", "a", "10", "sec") == Err("ERR Invalid unit arg")
    # The unit is checked before the key is looked up.
    assert reply(k, "EXPIREMEMBER", "nokey", "a", "10", "h") == Err("ERR Invalid unit arg")
    assert reply(k, "EXPIREMEMBERAT", "s", "a", "soon") == NOT_INTEGER
    assert reply(k, "PEXPIREMEMBERAT", "s", "a", "") == NOT_INTEGER
    assert reply(k, "TTL", "s", "a") == -1


def test_times_that_overflow_are_invalid(k):
    reply(k, "SADD", "s", "a")
    assert reply(k, "EXPIREMEMBER", "s", "a", "9223372036854775807") == invalid_expire(
        "expiremember")
    assert reply(k, "EXPIREMEMBER", "s", "a", "9223372036854775", "ms") == 1
    assert reply(k, "EXPIREMEMBER", "s", "a", "9223372036854775807", "ms") == invalid_expire(
        "expiremember")
    assert reply(k, "EXPIREMEMBERAT", "s", "a", "9223372036854776") == invalid_expire(
        "expirememberat")
    assert reply(k, "PEXPIREMEMBERAT", "s", "a", "9223372036854775807") == 1
    assert reply(k, "SISMEMBER", "s", "a") == 1


def test_wrong_arity(k):
    assert reply(k, "EXPIREMEMBER", "s", "a") == arity_error("expiremember")
    assert reply(k, "EXPIREMEMBERAT", "s", "a") == arity_error("expirememberat")
    assert reply(k, "EXPIREMEMBERAT", "s", "a", "1", "2") == arity_error("expirememberat")
    assert reply(k, "PEXPIREMEMBERAT", "s", "a") == arity_error("pexpirememberat")
    assert reply(k, "PEXPIREMEMBERAT", "s", "a", "1", "ms") == arity_error("pexpirememberat")


def test_setting_again_moves_the_expiry_both_ways(k):
    reply(k, "SADD", "s", "a", "b", "c")
    assert reply(k, "EXPIREMEMBER", "s", "a", "100") == 1
    assert reply(k, "EXPIREMEMBER", "s", "b", "200") == 1
    assert reply(k, "EXPIREMEMBER", "s", "a", "10") == 1
    assert reply(k, "TTL", "s", "a") == 10
    assert reply(k, "EXPIREMEMBER", "s", "a", "1000") == 1
    assert reply(k, "TTL", "s", "a") == 1000
    assert reply(k, "TTL", "s", "b") == 200


@pytest.mark.parametrize("cmd,when", [
    ("EXPIREMEMBER", "0"), ("EXPIREMEMBER", "-5"), ("EXPIREMEMBERAT", "1"),
    ("PEXPIREMEMBERAT", "1000"), ("PEXPIREMEMBERAT", "-1")])
def test_a_time_already_past_removes_the_member_at_once(k, cmd, when):
    reply(k, "SADD", "s", "a", "b")
    assert reply(k, cmd, "s", "a", when) == 1
    assert reply(k, "SMEMBERS", "s") == [b"b"]
    assert reply(k, cmd, "s", "b", when) == 1
    assert reply(k, "EXISTS", "s") == 0


def test_intset_members_and_members_that_are_not_canonical(k):
    reply(k, "SADD", "i", "1", "2", "-7")
    assert reply(k, "OBJECT", "ENCODING", "i") == b"intset"
    assert reply(k, "EXPIREMEMBER", "i", "01", "10") == 0
    assert reply(k, "EXPIREMEMBER", "i", "+1", "10") == 0
    assert reply(k, "EXPIREMEMBER", "i", "-7", "10") == 1
    assert reply(k, "TTL", "i", "-7") == 10
    reply(k, "SADD", "i", "x")                  # converts to a hash table
    assert reply(k, "OBJECT", "ENCODING", "i") == b"hashtable"
    assert reply(k, "TTL", "i", "-7") == 10
    assert reply(k, "EXPIREMEMBER", "i", "-7", "0") == 1
    assert sorted(reply(k, "SMEMBERS", "i")) == [b"1", b"2", b"x"]


def test_members_are_binary_safe(k):
    m = b"a\x00b\r\n"
    reply(k, "SADD", "s", m, b"a")
    assert reply(k, "EXPIREMEMBER", "s", m, "50") == 1
    assert reply(k, "TTL", "s", m) == 50
    assert reply(k, "TTL", "s", b"a") == -1
    assert reply(k, "EXPIREMEMBER", "s", m, "0") == 1
    assert reply(k, "SMEMBERS", "s") == [b"a"]


def test_resp3_replies_are_integers(k3):
    k3.command("SADD", "s", "a")
    assert k3.command("EXPIREMEMBER", "s", "a", "10") == b":1\r\n"
    assert k3.command("EXPIREMEMBER", "s", "zz", "10") == b":0\r\n"
    assert k3.command("TTL", "s", "a") == b":10\r\n"
    assert k3.command("EXPIREMEMBER", "s", "a", "10", "h") == b"-ERR Invalid unit arg\r\n"


def test_command_info_and_docs(k):
    info = {i[0]: i for i in reply(k, "COMMAND", "INFO", "expiremember", "expirememberat",
                                   "pexpirememberat")}
    assert info[b"expiremember"][1:7] == [-4, [b"write", b"fast"], 1, 1, 1,
                                          [b"@keyspace", b"@write", b"@fast"]]
    assert info[b"expirememberat"][1] == 4
    assert info[b"pexpirememberat"][1] == 4
    docs = pairs(reply(k, "COMMAND", "DOCS", "expiremember"))
    doc = pairs(docs[b"expiremember"])
    assert doc[b"group"] == b"generic"
    assert [pairs(a)[b"name"] for a in doc[b"arguments"]] == [b"key", b"member", b"delay", b"unit"]
    assert reply(k, "COMMAND", "GETKEYS", "EXPIREMEMBER", "s", "a", "1") == [b"s"]
    assert set(reply(k, "COMMAND", "LIST", "FILTERBY", "PATTERN", "*expiremember*")) == {
        b"expiremember", b"expirememberat", b"pexpirememberat"}
