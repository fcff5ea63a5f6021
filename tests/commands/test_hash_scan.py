"""HSCAN: a listpack hash comes whole in one call with cursor 0; a hashtable
is walked with a cursor, every field present for the whole walk coming back
at least once; MATCH, COUNT, errors and their order."""

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, Err, reply

BIG = {b"field:%d" % i: b"value:%d" % i for i in range(2000)}


def fill(r, data, key="h"):
    items = list(data.items())
    for start in range(0, len(items), 500):
        reply(r, "HSET", key, *[x for kv in items[start:start + 500] for x in kv])


def hscan_all(r, key, *opts, max_calls=100000):
    """Iterate HSCAN to cursor 0: (every field, value pair returned; calls)."""
    cursor, got, calls = b"0", [], 0
    while True:
        out = reply(r, "HSCAN", key, cursor, *opts)
        assert isinstance(out, list) and len(out) == 2, out
        cursor, flat = out
        assert len(flat) % 2 == 0
        got.extend(zip(flat[::2], flat[1::2]))
        calls += 1
        if cursor == b"0":
            return got, calls
        assert calls < max_calls


def test_a_listpack_hash_comes_whole_in_one_call(r):
    reply(r, "HSET", "h", "a", "1", "b", "2", "c", "3")
    assert reply(r, "HSCAN", "h", "0") == [b"0", [b"a", b"1", b"b", b"2", b"c", b"3"]]
    assert reply(r, "HSCAN", "h", "0", "COUNT", "1") == [
        b"0", [b"a", b"1", b"b", b"2", b"c", b"3"]]
    # Any cursor: still everything, and cursor 0.
    assert reply(r, "HSCAN", "h", "12345")[0] == b"0"
    assert len(reply(r, "HSCAN", "h", "12345")[1]) == 6


def test_match_on_a_listpack_filters_fields_not_values(r):
    reply(r, "HSET", "h", "apple", "x1", "avocado", "apple", "banana", "a", "42", "a")
    assert reply(r, "HSCAN", "h", "0", "MATCH", "a*") == [
        b"0", [b"apple", b"x1", b"avocado", b"apple"]]
    assert reply(r, "HSCAN", "h", "0", "MATCH", "4?") == [b"0", [b"42", b"a"]]
    assert reply(r, "HSCAN", "h", "0", "MATCH", "zzz*") == [b"0", []]
    assert reply(r, "HSCAN", "h", "0", "MATCH", "*") == reply(r, "HSCAN", "h", "0")


def test_a_hashtable_is_walked_completely(r):
    fill(r, BIG)
    assert reply(r, "OBJECT", "ENCODING", "h") == b"hashtable"
    got, calls = hscan_all(r, "h")
    assert dict(got) == BIG
    assert calls > 10


@pytest.mark.parametrize("count", ["1", "7", "100", "10000"])
def test_count_bounds_the_work_of_one_call(r, count):
    fill(r, BIG)
    got, calls = hscan_all(r, "h", "COUNT", count)
    assert dict(got) == BIG
    if count == "10000":
        assert calls == 1
    if count == "1":
        assert calls > 100


def test_match_on_a_hashtable(r):
    fill(r, BIG)
    got, _ = hscan_all(r, "h", "MATCH", "field:1?", "COUNT", "50")
    assert dict(got) == {b"field:1%d" % i: b"value:1%d" % i for i in range(10)}


def test_fields_present_for_the_whole_walk_come_back_while_it_grows_and_shrinks(r):
    fill(r, BIG)
    stable = {f for i, f in enumerate(BIG) if i % 2 == 0}
    cursor, seen, step = b"0", set(), 0
    while True:
        cursor, flat = reply(r, "HSCAN", "h", cursor, "COUNT", "20")
        seen.update(flat[::2])
        step += 1
        if step == 5:      # grow: the table doubles during the walk
            fill(r, {b"extra:%d" % i: b"x" for i in range(3000)})
        if step == 30:     # shrink: delete the odd fields and the extras
            odd = [f for i, f in enumerate(BIG) if i % 2 == 1]
            reply(r, "HDEL", "h", *odd)
            reply(r, "HDEL", "h", *[b"extra:%d" % i for i in range(3000)])
        if cursor == b"0":
            break
    assert stable <= seen


def test_a_missing_key_is_an_empty_scan(r):
    assert reply(r, "HSCAN", "nokey", "0") == [b"0", []]
    # Options are not even parsed then.
    assert reply(r, "HSCAN", "nokey", "0", "COUNT", "0") == [b"0", []]
    assert reply(r, "HSCAN", "nokey", "0", "BOGUS") == [b"0", []]


def test_option_errors(r):
    reply(r, "HSET", "h", "a", "1")
    assert reply(r, "HSCAN", "h", "0", "COUNT", "0") == SYNTAX
    assert reply(r, "HSCAN", "h", "0", "COUNT", "-1") == SYNTAX
    assert reply(r, "HSCAN", "h", "0", "COUNT", "x") == NOT_INTEGER
    assert reply(r, "HSCAN", "h", "0", "COUNT") == SYNTAX
    assert reply(r, "HSCAN", "h", "0", "MATCH") == SYNTAX
    assert reply(r, "HSCAN", "h", "0", "TYPE", "hash") == SYNTAX
    assert reply(r, "HSCAN", "h", "0", "NOVALUES") == SYNTAX


@pytest.mark.parametrize("cursor", ["x", "1x", " 1", "18446744073709551616", "1.0"])
def test_invalid_cursors(r, cursor):
    reply(r, "HSET", "h", "a", "1")
    assert reply(r, "HSCAN", "h", cursor) == Err("ERR invalid cursor")
    assert reply(r, "HSCAN", "nokey", cursor) == Err("ERR invalid cursor")


def test_error_order_cursor_then_type_then_options(r):
    r.set("s", "x")
    assert reply(r, "HSCAN", "s", "x") == Err("ERR invalid cursor")
    assert reply(r, "HSCAN", "s", "0", "COUNT", "0") == WRONGTYPE


def test_resp3_shape(server, r):
    reply(r, "HSET", "h", "a", "1")
    with server.raw() as c:
        assert c.command("HELLO", "3").startswith(b"%")
        assert c.command("HSCAN", "h", "0") == b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
        assert c.command("HSCAN", "nokey", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"
