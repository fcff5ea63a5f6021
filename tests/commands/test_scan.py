"""SCAN: MATCH, COUNT, TYPE, errors, and the full-iteration guarantee."""

import time

import pytest

from helpers import NOT_INTEGER, SYNTAX, Err, arity_error, reply


def scan_all(r, *opts, max_calls=100000, on_step=None):
    """Iterate SCAN to the end; return (every key returned, as a list; calls)."""
    cursor = b"0"
    seen = []
    calls = 0
    while True:
        got = reply(r, "SCAN", cursor, *opts)
        assert isinstance(got, list) and len(got) == 2, got
        cursor, keys = got
        assert cursor.isdigit(), cursor
        seen.extend(keys)
        calls += 1
        if on_step:
            on_step(calls)
        if cursor == b"0":
            return seen, calls
        assert calls < max_calls, "SCAN did not terminate"


def test_scan_of_an_empty_database(r):
    assert reply(r, "SCAN", "0") == [b"0", []]


def test_scan_returns_every_key(r):
    keys = {b"key:%d" % i for i in range(1000)}
    r.mset({k: 1 for k in keys})
    seen, _ = scan_all(r)
    assert set(seen) == keys


@pytest.mark.parametrize("count", ["1", "7", "100", "5000"])
def test_scan_with_count_returns_every_key(r, count):
    keys = {b"k%d" % i for i in range(300)}
    r.mset({k: 1 for k in keys})
    seen, calls = scan_all(r, "COUNT", count)
    assert set(seen) == keys
    if count == "1":
        assert calls > 10          # COUNT bounds the work of one call


def test_scan_with_match_filters_keys(r):
    r.mset({"user:%d" % i: 1 for i in range(100)})
    r.mset({"item:%d" % i: 1 for i in range(100)})
    seen, _ = scan_all(r, "MATCH", "user:1*")
    assert sorted(set(seen)) == sorted({b"user:1"} | {b"user:1%d" % i for i in range(10)})


def test_scan_with_match_and_count(r):
    r.mset({"a%d" % i: 1 for i in range(200)})
    seen, _ = scan_all(r, "MATCH", "a?", "COUNT", "5")
    assert sorted(set(seen)) == sorted(b"a%d" % i for i in range(10))


def test_scan_with_a_match_that_matches_nothing(r):
    r.mset({"a%d" % i: 1 for i in range(50)})
    seen, _ = scan_all(r, "MATCH", "zzz*")
    assert seen == []


@pytest.mark.requires("rpush")
def test_scan_with_type_filters_by_value_type(r):
    r.mset({"s%d" % i: 1 for i in range(20)})
    for i in range(10):
        r.rpush("l%d" % i, "x")
    strings, _ = scan_all(r, "TYPE", "string")
    lists, _ = scan_all(r, "TYPE", "list")
    assert set(strings) == {b"s%d" % i for i in range(20)}
    assert set(lists) == {b"l%d" % i for i in range(10)}


@pytest.mark.requires("rpush")
def test_scan_type_is_case_insensitive(r):
    r.rpush("l", "x")
    seen, _ = scan_all(r, "TYPE", "LIST")
    assert seen == [b"l"]


def test_scan_with_an_unknown_type_returns_nothing(r):
    r.set("a", "1")
    seen, _ = scan_all(r, "TYPE", "nosuchtype")
    assert seen == []


@pytest.mark.requires("rpush")
def test_scan_with_match_count_and_type_together(r):
    r.mset({"s%d" % i: 1 for i in range(30)})
    r.rpush("s_list", "x")
    seen, _ = scan_all(r, "MATCH", "s*", "COUNT", "3", "TYPE", "string")
    assert set(seen) == {b"s%d" % i for i in range(30)}


def test_scan_does_not_return_expired_keys(r):
    r.mset({"live%d" % i: 1 for i in range(10)})
    for i in range(10):
        r.set("dead%d" % i, 1, px=1)
    time.sleep(0.01)
    seen, _ = scan_all(r)
    assert set(seen) == {b"live%d" % i for i in range(10)}


def test_scan_guarantees_keys_present_for_the_whole_scan_while_others_change(r, server):
    stable = {b"stable:%d" % i for i in range(500)}
    r.mset({k: 1 for k in stable})
    r.mset({"gone:%d" % i: 1 for i in range(500)})
    writer = server.client()

    def churn(step):
        # delete old keys and add many new ones (forcing table growth) mid-scan
        if step <= 50:
            writer.delete(*["gone:%d" % i for i in range((step - 1) * 10, step * 10)])
            writer.mset({"new:%d:%d" % (step, i): 1 for i in range(40)})

    try:
        seen, _ = scan_all(r, "COUNT", "10", on_step=churn)
    finally:
        writer.close()
    missing = stable - set(seen)
    assert not missing, "SCAN lost %d stable keys" % len(missing)


def test_scan_guarantee_holds_while_the_table_shrinks(r, server):
    stable = {b"stable:%d" % i for i in range(100)}
    r.mset({k: 1 for k in stable})
    r.mset({"tmp:%d" % i: 1 for i in range(3000)})
    writer = server.client()

    def shrink(step):
        if step <= 30:
            writer.delete(*["tmp:%d" % i for i in range((step - 1) * 100, step * 100)])

    try:
        seen, _ = scan_all(r, "COUNT", "20", on_step=shrink)
    finally:
        writer.close()
    assert stable <= set(seen)


def test_scan_only_sees_the_selected_database(r):
    r.set("db0", "1")
    reply(r, "SELECT", "2")
    r.set("db2", "1")
    seen, _ = scan_all(r)
    assert seen == [b"db2"]


def test_scan_with_a_huge_cursor_answers(r):
    r.set("a", "1")
    got = reply(r, "SCAN", "18446744073709551615")
    assert isinstance(got, list) and len(got) == 2 and got[0].isdigit()


@pytest.mark.parametrize("cursor", ["abc", "18446744073709551616", " 0", "1.5", "-"])
def test_scan_with_an_invalid_cursor(r, cursor):
    assert reply(r, "SCAN", cursor) == Err("ERR invalid cursor")


@pytest.mark.parametrize("args,error", [
    (["COUNT", "0"], SYNTAX),
    (["COUNT", "-1"], SYNTAX),
    (["COUNT", "abc"], NOT_INTEGER),
    (["COUNT"], SYNTAX),
    (["MATCH"], SYNTAX),
    (["TYPE"], SYNTAX),
    (["FOO", "bar"], SYNTAX),
    (["MATCH", "a", "FOO"], SYNTAX),
])
def test_scan_option_errors(r, args, error):
    assert reply(r, "SCAN", "0", *args) == error


def test_scan_wrong_arity(r):
    assert reply(r, "SCAN") == arity_error("scan")
