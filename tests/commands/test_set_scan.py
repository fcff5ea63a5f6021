"""SSCAN: an intset comes whole with cursor 0; a hash table is walked with
a cursor that returns every member over a full pass; MATCH, COUNT and
the errors."""

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, Err, reply

INVALID_CURSOR = Err("ERR invalid cursor")


def full_scan(r, key, *opts):
    """Every member a full SSCAN pass returns, and the number of calls."""
    cursor, seen, calls = b"0", [], 0
    while True:
        cursor, batch = reply(r, "SSCAN", key, cursor, *opts)
        seen += batch
        calls += 1
        if cursor == b"0":
            return seen, calls


def test_sscan_of_an_intset_returns_everything_at_once(r):
    reply(r, "SADD", "s", *[str(i) for i in range(100)])
    assert reply(r, "SSCAN", "s", "0") == [b"0", [str(i).encode() for i in range(100)]]
    assert reply(r, "SSCAN", "s", "0", "COUNT", "1")[0] == b"0"
    # any cursor: the intset has no position to resume from
    assert reply(r, "SSCAN", "s", "12345") == reply(r, "SSCAN", "s", "0")


def test_sscan_of_an_intset_with_match(r):
    reply(r, "SADD", "s", "1", "10", "11", "21", "-1")
    assert reply(r, "SSCAN", "s", "0", "MATCH", "1*") == [b"0", [b"1", b"10", b"11"]]
    assert reply(r, "SSCAN", "s", "0", "MATCH", "-*") == [b"0", [b"-1"]]
    assert reply(r, "SSCAN", "s", "0", "MATCH", "x*") == [b"0", []]


def test_sscan_of_a_hashtable_returns_every_member(r):
    items = [b"m:%d" % i for i in range(1000)]
    reply(r, "SADD", "s", *items)
    seen, calls = full_scan(r, "s")
    assert sorted(set(seen)) == sorted(items)
    assert calls > 10             # about COUNT (10) per call


def test_sscan_count_makes_bigger_batches(r):
    items = [b"m:%d" % i for i in range(1000)]
    reply(r, "SADD", "s", *items)
    seen, calls = full_scan(r, "s", "COUNT", "200")
    assert sorted(set(seen)) == sorted(items)
    assert calls < 20
    seen, calls = full_scan(r, "s", "COUNT", "100000")
    assert calls == 1 and sorted(seen) == sorted(items)


def test_sscan_of_a_hashtable_with_match(r):
    reply(r, "SADD", "s", *[b"a:%d" % i for i in range(300)], *[b"b:%d" % i for i in range(300)])
    seen, _ = full_scan(r, "s", "MATCH", "a:1*", "COUNT", "50")
    assert sorted(set(seen)) == sorted(b"a:%d" % i for i in range(300)
                                       if str(i).startswith("1"))


def test_sscan_sees_members_present_for_the_whole_scan_despite_changes(r):
    keep = [b"k:%d" % i for i in range(500)]
    reply(r, "SADD", "s", *keep)
    cursor, seen, n = b"0", set(), 0
    while True:
        cursor, batch = reply(r, "SSCAN", "s", cursor)
        seen.update(batch)
        # grow the table (and so rehash it) during the scan
        reply(r, "SADD", "s", *[b"new:%d:%d" % (n, j) for j in range(20)])
        n += 1
        if cursor == b"0":
            break
    assert set(keep) <= seen


def test_sscan_of_a_missing_key(r):
    assert reply(r, "SSCAN", "nokey", "0") == [b"0", []]


def test_sscan_against_a_string(r):
    r.set("k", "v")
    assert reply(r, "SSCAN", "k", "0") == WRONGTYPE


@pytest.mark.parametrize("opts,error", [
    (("COUNT", "0"), SYNTAX), (("COUNT", "-1"), SYNTAX), (("COUNT", "x"), NOT_INTEGER),
    (("COUNT",), SYNTAX), (("MATCH",), SYNTAX), (("TYPE", "set"), SYNTAX),
    (("FOO", "1"), SYNTAX),
])
def test_sscan_option_errors(r, opts, error):
    reply(r, "SADD", "s", "a")
    assert reply(r, "SSCAN", "s", "0", *opts) == error


def test_sscan_options_are_not_checked_on_a_missing_key(r):
    assert reply(r, "SSCAN", "nokey", "0", "COUNT", "0") == [b"0", []]


@pytest.mark.parametrize("cursor", ["x", "1.5", "18446744073709551616", " 1"])
def test_sscan_invalid_cursor(r, cursor):
    reply(r, "SADD", "s", "a")
    assert reply(r, "SSCAN", "s", cursor) == INVALID_CURSOR
    assert reply(r, "SSCAN", "nokey", cursor) == INVALID_CURSOR


def test_sscan_reads_a_cursor_as_strtoul_does(r):
    reply(r, "SADD", "s", "a", "b")
    assert sorted(reply(r, "SSCAN", "s", "-1")[1]) in ([], [b"a"], [b"b"], [b"a", b"b"])
    assert reply(r, "SSCAN", "s", "18446744073709551615")[0] == b"0"
