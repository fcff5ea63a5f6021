"""SORT ... STORE: the result as a list, what happens to the destination,
and how SORT and SORT_RO present themselves (COMMAND INFO, COMMAND DOCS,
COMMAND GETKEYS)."""

import time

import pytest

from helpers import WRONGTYPE, Err, assert_same, encode_command, pairs, reply

pytestmark = pytest.mark.requires("rpush")

NOT_DOUBLE = Err("ERR One or more scores can't be converted into double")


def b(*items):
    return [x if isinstance(x, bytes) else str(x).encode() for x in items]


@pytest.fixture
def lst(r):
    r.rpush("l", "3", "1", "2")
    return r


def test_store_replies_the_count_and_stores_a_list(lst):
    r = lst
    assert reply(r, "SORT", "l", "STORE", "d") == 3
    assert reply(r, "LRANGE", "d", "0", "-1") == b(1, 2, 3)
    assert reply(r, "TYPE", "d") == b"list"
    assert reply(r, "OBJECT", "ENCODING", "d") == b"quicklist"


def test_store_with_options(lst):
    r = lst
    assert reply(r, "SORT", "l", "DESC", "LIMIT", "0", "2", "STORE", "d") == 2
    assert reply(r, "LRANGE", "d", "0", "-1") == b(3, 2)
    assert reply(r, "SORT", "l", "ALPHA", "BY", "nosort", "STORE", "d") == 3
    assert reply(r, "LRANGE", "d", "0", "-1") == b(3, 1, 2)


def test_store_replaces_any_value_and_its_ttl(lst):
    r = lst
    r.set("d", "string")
    r.expire("d", 100)
    assert reply(r, "SORT", "l", "STORE", "d") == 3
    assert reply(r, "TTL", "d") == -1
    assert reply(r, "LRANGE", "d", "0", "-1") == b(1, 2, 3)
    r.sadd("s", "x")
    assert reply(r, "SORT", "l", "STORE", "s") == 3
    assert reply(r, "TYPE", "s") == b"list"


def test_store_into_the_sorted_key_itself(lst):
    assert reply(lst, "SORT", "l", "DESC", "STORE", "l") == 3
    assert reply(lst, "LRANGE", "l", "0", "-1") == b(3, 2, 1)


def test_an_empty_result_deletes_the_destination(lst):
    r = lst
    r.set("d", "x")
    assert reply(r, "SORT", "l", "LIMIT", "5", "1", "STORE", "d") == 0
    assert reply(r, "EXISTS", "d") == 0
    r.set("d", "x")
    assert reply(r, "SORT", "nokey", "STORE", "d") == 0
    assert reply(r, "EXISTS", "d") == 0
    assert reply(r, "SORT", "nokey", "STORE", "d") == 0


def test_store_with_get_counts_every_value_and_stores_missing_ones_empty(lst):
    r = lst
    r.set("o_1", "one")
    r.set("o_3", "three")
    assert reply(r, "SORT", "l", "GET", "o_*", "GET", "#", "STORE", "d") == 6
    assert reply(r, "LRANGE", "d", "0", "-1") == [b"one", b"1", b"", b"2", b"three", b"3"]
    assert reply(r, "SORT", "l", "GET", "nothing", "STORE", "d") == 3
    assert reply(r, "LRANGE", "d", "0", "-1") == [b""] * 3


def test_the_last_store_wins(lst):
    assert reply(lst, "SORT", "l", "STORE", "d1", "STORE", "d2") == 3
    assert reply(lst, "EXISTS", "d1", "d2") == 1
    assert reply(lst, "LRANGE", "d2", "0", "-1") == b(1, 2, 3)


def test_a_failed_sort_leaves_the_destination_alone(r):
    r.rpush("l", "x", "1")
    r.set("d", "keep")
    assert reply(r, "SORT", "l", "STORE", "d") == NOT_DOUBLE
    assert reply(r, "GET", "d") == b"keep"


def test_a_wrong_type_leaves_the_destination_alone(r):
    r.set("s", "x")
    r.set("d", "keep")
    assert reply(r, "SORT", "s", "STORE", "d") == WRONGTYPE
    assert reply(r, "GET", "d") == b"keep"


def test_stored_list_follows_list_max_listpack_size(r):
    old = reply(r, "CONFIG", "GET", "list-max-listpack-size")[1]
    try:
        reply(r, "CONFIG", "SET", "list-max-listpack-size", "4")
        r.rpush("l", *range(100))
        assert reply(r, "SORT", "l", "DESC", "STORE", "d") == 100
        assert reply(r, "LRANGE", "d", "0", "-1") == b(*range(99, -1, -1))
        assert reply(r, "LINDEX", "d", "50") == b"49"
    finally:
        reply(r, "CONFIG", "SET", "list-max-listpack-size", old)


def test_store_of_big_elements(r):
    big = b"x" * 70000
    r.rpush("l", big, b"y", big + b"z")
    assert reply(r, "SORT", "l", "ALPHA", "STORE", "d") == 3
    assert reply(r, "LRANGE", "d", "0", "-1") == [big, big + b"z", b"y"]


# ---- COMMAND ----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("SORT", "k"), ("SORT", "k", "STORE", "d"), ("SORT", "k", "STORE", "d", "STORE", "e"),
    ("SORT", "k", "GET", "STORE", "d"), ("SORT", "k", "BY", "STORE", "d"),
    ("SORT", "k", "LIMIT", "STORE", "x", "STORE"), ("SORT", "k", "STORE"),
    ("SORT", "k", "store", "limit", "1", "2", "store", "x"), ("SORT", "k", "ALPHA", "sToRe", "d"),
    ("SORT", "k", "STORE", "limit", "1", "STORE", "e"), ("SORT_RO", "k"),
    ("SORT_RO", "k", "STORE", "d"), ("SORT_RO", "k", "BY", "w_*", "GET", "#"), ("SORT",),
])
def test_command_getkeys(both, args):
    assert_same(both, "COMMAND", "GETKEYS", *args)


def test_command_getkeys_reports_the_destination(r):
    assert reply(r, "COMMAND", "GETKEYS", "SORT", "src", "LIMIT", "0", "1", "STORE", "dst") == [
        b"src", b"dst"]
    assert reply(r, "COMMAND", "GETKEYS", "SORT", "src", "GET", "STORE") == [b"src"]


@pytest.mark.parametrize("name", ["sort", "sort_ro"])
def test_command_info_matches_the_oracle(both, name):
    def essentials(c):
        [info] = reply(c, "COMMAND", "INFO", name)
        name_, arity, flags, first, last, step, cats, tips, specs, subs = info
        specs = [{k: v for k, v in pairs(s).items() if k != b"notes"} for s in specs]
        return name_, arity, flags, first, last, step, cats, tips, specs, subs
    ours, oracle = both
    assert essentials(ours) == essentials(oracle)


@pytest.mark.parametrize("name", ["sort", "sort_ro"])
def test_command_docs_arguments_match_the_oracle(both, name):
    def essentials(c):
        doc = pairs(pairs(reply(c, "COMMAND", "DOCS", name))[name.encode()])
        return doc[b"group"], doc[b"since"], doc[b"arguments"]
    ours, oracle = both
    assert essentials(ours) == essentials(oracle)


@pytest.mark.requires("blpop")
def test_store_wakes_a_client_blocked_on_the_destination(server):
    with server.raw() as waiter, server.raw() as writer:
        writer.command("FLUSHALL")
        writer.command("RPUSH", "l", "3", "1", "2")
        waiter.send(encode_command("BLPOP", "dst", "5"))
        deadline = time.monotonic() + 5
        while b"blocked_clients:1" not in writer.command("INFO", "clients"):
            assert time.monotonic() < deadline, "BLPOP never blocked"
            time.sleep(0.01)
        assert writer.command("SORT", "l", "STORE", "dst") == b":3\r\n"
        assert waiter.read_replies() == b"*2\r\n$3\r\ndst\r\n$1\r\n1\r\n"
        assert writer.command("LRANGE", "dst", "0", "-1") == b"*2\r\n$1\r\n2\r\n$1\r\n3\r\n"
