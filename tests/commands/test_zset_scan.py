"""ZSCAN: a listpack comes back whole with cursor 0 and its scores as stored;
a skiplist is walked with a cursor that returns every member at least once;
MATCH, COUNT and the errors."""

import pytest

from helpers import SYNTAX, WRONGTYPE, Err, arity_error, reply


def scan_all(r, key, *opts):
    """Every (member, score) pair a full ZSCAN pass returns, and the number of calls."""
    cursor, seen, calls = b"0", [], 0
    while True:
        cursor, flat = reply(r, "ZSCAN", key, cursor, *opts)
        seen += list(zip(flat[::2], flat[1::2]))
        calls += 1
        if cursor == b"0":
            return seen, calls


def test_zscan_of_a_listpack_is_one_call_in_order(r):
    reply(r, "ZADD", "z", "2", "b", "1", "a", "1e17", "big", "0.5", "half", "-0", "negzero")
    assert reply(r, "ZSCAN", "z", "0") == [b"0", [
        b"negzero", b"0", b"half", b"0.5", b"a", b"1", b"b", b"2", b"big", b"100000000000000000"]]
    assert reply(r, "ZSCAN", "z", "0", "COUNT", "1") == reply(r, "ZSCAN", "z", "0")


def test_zscan_match_filters_members(r):
    reply(r, "ZADD", "z", "1", "apple", "2", "banana", "3", "avocado")
    assert reply(r, "ZSCAN", "z", "0", "MATCH", "a*") == [
        b"0", [b"apple", b"1", b"avocado", b"3"]]
    assert reply(r, "ZSCAN", "z", "0", "MATCH", "*") == reply(r, "ZSCAN", "z", "0")


def test_zscan_of_a_skiplist_returns_every_member(r):
    reply(r, "ZADD", "z", *[x for i in range(1000) for x in (str(i / 4), "m%d" % i)])
    seen, calls = scan_all(r, "z")
    assert calls > 1
    assert dict(seen) == {b"m%d" % i: (b"%g" % (i / 4)) for i in range(1000)}
    seen, _ = scan_all(r, "z", "MATCH", "m1?", "COUNT", "50")
    assert sorted(m for m, _ in seen) == sorted(b"m1%d" % i for i in range(10))


def test_zscan_skiplist_scores_use_17_digits(r):
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "0")
    try:
        reply(r, "ZADD", "z", "1e17", "big", "0.1", "tenth", "-inf", "low", "-0", "negzero")
        assert dict(scan_all(r, "z")[0]) == {
            b"big": b"1e+17", b"tenth": b"0.10000000000000001", b"low": b"-inf", b"negzero": b"-0"}
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")


def test_zscan_keeps_its_guarantee_while_members_change(r):
    reply(r, "ZADD", "z", *[x for i in range(500) for x in (str(i), "keep%d" % i)])
    cursor, seen, i = b"0", set(), 0
    while True:
        cursor, flat = reply(r, "ZSCAN", "z", cursor, "COUNT", "20")
        seen.update(flat[::2])
        reply(r, "ZADD", "z", *[x for j in range(i, i + 30) for x in ("1", "new%d" % j)])
        i += 30
        if cursor == b"0":
            break
    assert {b"keep%d" % k for k in range(500)} <= seen


def test_zscan_of_a_missing_key(r):
    assert reply(r, "ZSCAN", "nokey", "0") == [b"0", []]


@pytest.mark.parametrize("args,error", [
    (["z", "x"], Err("ERR invalid cursor")),
    (["z", "0", "COUNT", "0"], SYNTAX),
    (["z", "0", "COUNT", "x"], Err("ERR value is not an integer or out of range")),
    (["z", "0", "TYPE", "zset"], SYNTAX),
    (["z", "0", "MATCH"], SYNTAX),
    (["z", "0", "FOO", "bar"], SYNTAX),
])
def test_zscan_errors(r, args, error):
    reply(r, "ZADD", "z", "1", "a")
    assert reply(r, "ZSCAN", *args) == error


def test_zscan_checks_the_cursor_then_the_type_then_the_options(r):
    r.set("s", "x")
    assert reply(r, "ZSCAN", "s", "x") == Err("ERR invalid cursor")
    assert reply(r, "ZSCAN", "s", "0", "COUNT", "0") == WRONGTYPE
    assert reply(r, "ZSCAN", "nokey", "0", "COUNT", "0") == [b"0", []]


def test_zscan_arity(r):
    assert reply(r, "ZSCAN", "z") == arity_error("zscan")
