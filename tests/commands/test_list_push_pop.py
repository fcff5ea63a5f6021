"""LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP (with and without count) and LLEN:
order, lengths, emptied keys, element bytes, errors, RESP3 shapes."""

import pytest

from helpers import WRONGTYPE, Err, arity_error, reply

OUT_OF_RANGE = Err("ERR value is out of range, must be positive")


def test_lpush_puts_each_element_at_the_head_in_turn(r):
    assert reply(r, "LPUSH", "l", "a", "b", "c") == 3
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"c", b"b", b"a"]
    assert reply(r, "LPUSH", "l", "d") == 4
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"d", b"c", b"b", b"a"]


def test_rpush_appends_in_argument_order(r):
    assert reply(r, "RPUSH", "l", "a", "b") == 2
    assert reply(r, "RPUSH", "l", "c", "d", "e") == 5
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"a", b"b", b"c", b"d", b"e"]


@pytest.mark.parametrize("cmd", ["LPUSHX", "RPUSHX"])
def test_pushx_on_a_missing_key_creates_nothing(r, cmd):
    assert reply(r, cmd, "l", "a", "b") == 0
    assert reply(r, "EXISTS", "l") == 0


def test_pushx_on_an_existing_list(r):
    r.rpush("l", "m")
    assert reply(r, "LPUSHX", "l", "a", "b") == 3
    assert reply(r, "RPUSHX", "l", "y", "z") == 5
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"b", b"a", b"m", b"y", b"z"]


@pytest.mark.parametrize("value", [b"", b"0", b"007", b"-0", b"+1", b" 1", b"-1",
                                   b"9223372036854775807", b"-9223372036854775808",
                                   b"9223372036854775808", b"1.5", b"a\x00b\r\n", b"\xff" * 70,
                                   b"x" * 5000, b"12345678901234567890123"])
def test_elements_come_back_byte_for_byte(r, value):
    reply(r, "RPUSH", "l", "first", value, "last")
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"first", value, b"last"]
    assert reply(r, "LINDEX", "l", "1") == value
    assert reply(r, "LPOP", "l", "2") == [b"first", value]


def test_lpop_and_rpop_take_one_element(r):
    r.rpush("l", "a", "b", "c")
    assert reply(r, "LPOP", "l") == b"a"
    assert reply(r, "RPOP", "l") == b"c"
    assert reply(r, "LLEN", "l") == 1


def test_pop_of_a_missing_key_is_null(r):
    assert reply(r, "LPOP", "l") is None
    assert reply(r, "RPOP", "l") is None
    assert reply(r, "LPOP", "l", "3") is None
    assert reply(r, "RPOP", "l", "0") is None


def test_pop_with_count_replies_in_pop_order(r):
    r.rpush("l", *"abcdef")
    assert reply(r, "LPOP", "l", "2") == [b"a", b"b"]
    assert reply(r, "RPOP", "l", "3") == [b"f", b"e", b"d"]
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"c"]


def test_pop_with_count_zero_is_an_empty_array(r):
    r.rpush("l", "a")
    assert reply(r, "LPOP", "l", "0") == []
    assert reply(r, "RPOP", "l", "0") == []
    assert reply(r, "LLEN", "l") == 1


@pytest.mark.parametrize("cmd", ["LPOP", "RPOP"])
def test_popping_the_last_elements_deletes_the_key(r, cmd):
    r.rpush("l", "a", "b")
    assert reply(r, cmd, "l", "9223372036854775807") in ([b"a", b"b"], [b"b", b"a"])
    assert reply(r, "EXISTS", "l") == 0
    r.rpush("l", "a")
    assert reply(r, cmd, "l") == b"a"
    assert reply(r, "EXISTS", "l") == 0
    assert reply(r, "TYPE", "l") == b"none"


@pytest.mark.parametrize("count", ["-1", "x", "1.5", "9223372036854775808", "", " 1"])
def test_pop_count_must_be_a_non_negative_integer(r, count):
    r.rpush("l", "a")
    assert reply(r, "LPOP", "l", count) == OUT_OF_RANGE
    assert reply(r, "RPOP", "l", count) == OUT_OF_RANGE
    assert reply(r, "LLEN", "l") == 1


def test_pop_count_is_checked_before_the_key(r):
    r.set("s", "v")
    assert reply(r, "LPOP", "nokey", "-1") == OUT_OF_RANGE
    assert reply(r, "LPOP", "s", "-1") == OUT_OF_RANGE
    assert reply(r, "LPOP", "s", "0") == WRONGTYPE


def test_pop_with_two_counts_is_an_arity_error(r):
    r.rpush("l", "a")
    assert reply(r, "LPOP", "l", "1", "2") == arity_error("lpop")
    assert reply(r, "RPOP", "l", "1", "2") == arity_error("rpop")


def test_llen(r):
    assert reply(r, "LLEN", "l") == 0
    r.rpush("l", *range(10))
    assert reply(r, "LLEN", "l") == 10


@pytest.mark.parametrize("args", [("LPUSH", "s", "a"), ("RPUSH", "s", "a"), ("LPUSHX", "s", "a"),
                                  ("RPUSHX", "s", "a"), ("LPOP", "s"), ("RPOP", "s"),
                                  ("RPOP", "s", "2"), ("LLEN", "s")])
def test_commands_against_a_string_are_wrongtype(r, args):
    r.set("s", "v")
    assert reply(r, *args) == WRONGTYPE
    assert reply(r, "GET", "s") == b"v"


@pytest.mark.parametrize("args", [("LPUSH", "l"), ("RPUSH", "l"), ("LPUSHX", "l"),
                                  ("RPUSHX", "l"), ("LPOP",), ("RPOP",), ("LLEN",),
                                  ("LLEN", "l", "m")])
def test_wrong_number_of_arguments(r, args):
    assert reply(r, *args) == arity_error(args[0].lower())


def test_a_push_does_not_keep_the_ttl_away(r):
    r.rpush("l", "a")
    r.expire("l", 100)
    reply(r, "RPUSH", "l", "b")
    reply(r, "LPOP", "l")
    assert 0 < reply(r, "TTL", "l") <= 100


# ---- RESP3 -------------------------------------------------------------------------

def resp3(server):
    c = server.raw()
    assert c.command("HELLO", "3").startswith(b"%")
    return c


def test_resp3_pop_replies(server, r):
    with resp3(server) as c:
        assert c.command("LPOP", "l") == b"_\r\n"
        assert c.command("RPOP", "l", "2") == b"_\r\n"
        c.command("RPUSH", "l", "a", "12", "c")
        assert c.command("LPOP", "l", "0") == b"*0\r\n"
        assert c.command("LPOP", "l") == b"$1\r\na\r\n"
        assert c.command("RPOP", "l", "5") == b"*2\r\n$1\r\nc\r\n$2\r\n12\r\n"
        assert c.command("LLEN", "l") == b":0\r\n"
