"""CLIENT REPLY, GETREDIR, NO-EVICT and UNBLOCK, as Redis 7.0.15 answers them.

REPLY is checked over a raw socket: a suppressed reply is simply missing from
the byte stream, so every sequence ends with a PING whose reply proves that
everything before it was processed.
"""

import pytest

from helpers import Err, encode_command, reply


def send_all(conn, *commands):
    conn.send(b"".join(encode_command(*cmd) for cmd in commands))


@pytest.fixture
def raw(server):
    conn = server.raw()
    yield conn
    conn.close()


def test_reply_off_suppresses_until_on(raw):
    send_all(raw, ("CLIENT", "REPLY", "OFF"), ("SET", "k", "v"), ("GET", "k"),
             ("NOSUCHCOMMAND",), ("CLIENT", "REPLY", "ON"), ("PING", "end"))
    assert raw.read_replies(2) == b"+OK\r\n$3\r\nend\r\n"
    assert raw.read_available(0.1) == b""


def test_reply_skip_drops_only_the_next_reply(raw):
    send_all(raw, ("CLIENT", "REPLY", "SKIP"), ("PING", "a"), ("PING", "b"))
    assert raw.read_replies(1) == b"$1\r\nb\r\n"
    assert raw.read_available(0.1) == b""


def test_reply_skip_skips_an_error_too(raw):
    send_all(raw, ("CLIENT", "REPLY", "SKIP"), ("GET",), ("PING", "b"))
    assert raw.read_replies(1) == b"$1\r\nb\r\n"


def test_reply_on_right_after_skip_is_answered(raw):
    # ON cancels the pending skip before replying, so its own OK comes back.
    send_all(raw, ("CLIENT", "REPLY", "SKIP"), ("CLIENT", "REPLY", "ON"), ("PING", "x"))
    assert raw.read_replies(2) == b"+OK\r\n$1\r\nx\r\n"


def test_reply_skip_while_off_does_nothing(raw):
    send_all(raw, ("CLIENT", "REPLY", "OFF"), ("CLIENT", "REPLY", "SKIP"), ("PING", "a"),
             ("CLIENT", "REPLY", "ON"), ("PING", "b"))
    assert raw.read_replies(2) == b"+OK\r\n$1\r\nb\r\n"


def test_reply_skip_across_separate_reads(raw):
    raw.send(encode_command("CLIENT", "REPLY", "SKIP"))
    assert raw.read_available(0.1) == b""
    raw.send(encode_command("PING", "a"))
    assert raw.read_available(0.1) == b""
    assert raw.command("PING", "b") == b"$1\r\nb\r\n"


def test_reply_argument_errors(r):
    assert reply(r, "CLIENT", "REPLY", "maybe") == Err("ERR syntax error")
    assert reply(r, "CLIENT", "REPLY") == Err(
        "ERR wrong number of arguments for 'client|reply' command")
    assert reply(r, "CLIENT", "REPLY", "on") == b"OK"


def test_getredir_without_tracking(r):
    assert reply(r, "CLIENT", "GETREDIR") == -1
    assert reply(r, "CLIENT", "GETREDIR", "x") == Err(
        "ERR wrong number of arguments for 'client|getredir' command")


def flags_of(r):
    line = reply(r, "CLIENT", "INFO").decode()
    return dict(p.split("=", 1) for p in line.split())["flags"]


def test_no_evict_flag_in_client_info_and_list(r):
    my_id = reply(r, "CLIENT", "ID")
    assert flags_of(r) == "N"
    assert reply(r, "CLIENT", "NO-EVICT", "on") == b"OK"
    assert flags_of(r) == "e"
    line = reply(r, "CLIENT", "LIST", "ID", my_id).decode()
    assert " flags=e " in line
    assert reply(r, "CLIENT", "NO-EVICT", "OFF") == b"OK"
    assert flags_of(r) == "N"


def test_no_evict_argument_errors(r):
    assert reply(r, "CLIENT", "NO-EVICT", "maybe") == Err("ERR syntax error")
    assert reply(r, "CLIENT", "NO-EVICT") == Err(
        "ERR wrong number of arguments for 'client|no-evict' command")


def test_unblock_a_client_that_is_not_blocked(r):
    my_id = reply(r, "CLIENT", "ID")
    assert reply(r, "CLIENT", "UNBLOCK", my_id) == 0
    assert reply(r, "CLIENT", "UNBLOCK", my_id, "TIMEOUT") == 0
    assert reply(r, "CLIENT", "UNBLOCK", 999999, "error") == 0
    assert reply(r, "CLIENT", "UNBLOCK", -5) == 0


def test_unblock_argument_errors(r):
    assert reply(r, "CLIENT", "UNBLOCK", "abc") == Err(
        "ERR value is not an integer or out of range")
    assert reply(r, "CLIENT", "UNBLOCK", 1, "later") == Err(
        "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
    # The reason is checked before the id.
    assert reply(r, "CLIENT", "UNBLOCK", "abc", "later") == Err(
        "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
    assert reply(r, "CLIENT", "unblock", 1, "error", "x") == Err(
        "ERR unknown subcommand or wrong number of arguments for 'unblock'. "
        "Try CLIENT HELP.")
    assert reply(r, "CLIENT", "UNBLOCK") == Err(
        "ERR wrong number of arguments for 'client|unblock' command")
