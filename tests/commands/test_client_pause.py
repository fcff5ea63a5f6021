"""CLIENT PAUSE / CLIENT UNPAUSE, on our server and on the oracle.

A paused command is neither run nor answered until the pause ends (by
UNPAUSE or by its timeout); WRITE holds back only commands that may change
data, ALL holds back everything. Each test ends any pause it started, so the
session server stays usable.
"""
import time

import pytest

from helpers import Background, Err, RawConn, encode_command, fresh_client, reply


@pytest.fixture
def srv(server):
    yield server
    with server.client() as c:
        # UNPAUSE itself waits out a pause ALL; keep those short.
        reply(c, "CLIENT", "UNPAUSE")


def test_pause_errors(r):
    assert reply(r, "CLIENT", "PAUSE", "abc") == Err("ERR timeout is not an integer or out of range")
    assert reply(r, "CLIENT", "PAUSE", "-1") == Err("ERR timeout is negative")
    assert reply(r, "CLIENT", "PAUSE", "abc", "foo") == Err("ERR CLIENT PAUSE mode must be WRITE or ALL")
    assert reply(r, "CLIENT", "PAUSE", "-1", "nope") == Err("ERR CLIENT PAUSE mode must be WRITE or ALL")
    assert reply(r, "CLIENT", "PAUSE", "10", "write", "x") == Err(
        "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.")
    assert reply(r, "CLIENT", "PAUSE") == Err(
        "ERR wrong number of arguments for 'client|pause' command")
    assert reply(r, "CLIENT", "UNPAUSE", "x") == Err(
        "ERR wrong number of arguments for 'client|unpause' command")


def test_pause_write_holds_writes_but_not_reads(srv):
    c = fresh_client(srv)
    c.set("k", "before")
    assert reply(c, "CLIENT", "PAUSE", "10000", "WRITE") == b"OK"
    writer = Background(srv, "SET", "k", "after")
    reader = srv.client()
    assert reply(reader, "GET", "k") == b"before"
    assert reply(reader, "PING") == b"PONG"
    time.sleep(0.3)
    assert not writer.done.is_set()
    assert reply(reader, "GET", "k") == b"before"
    assert reply(c, "CLIENT", "UNPAUSE") == b"OK"
    assert writer.finish() == b"+OK\r\n"
    assert reply(reader, "GET", "k") == b"after"


def test_pause_all_holds_everything_until_the_timeout(srv):
    c = fresh_client(srv)
    start = time.monotonic()
    assert reply(c, "CLIENT", "PAUSE", "400", "ALL") == b"OK"
    pinger = Background(srv, "PING")
    time.sleep(0.15)
    assert not pinger.done.is_set()
    assert pinger.finish() == b"+PONG\r\n"
    assert time.monotonic() - start >= 0.35


def test_unpause_during_pause_all_is_held_back_too(srv):
    c = srv.client()
    assert reply(c, "CLIENT", "PAUSE", "500") == b"OK"
    unpauser = Background(srv, "CLIENT", "UNPAUSE")
    time.sleep(0.2)
    assert not unpauser.done.is_set()
    assert unpauser.finish() == b"+OK\r\n"


def test_a_pipeline_stops_at_the_first_held_back_command(srv):
    c = fresh_client(srv)
    c.set("k", "1")
    assert reply(c, "CLIENT", "PAUSE", "10000", "WRITE") == b"OK"
    conn = RawConn(srv.port)
    conn.send(encode_command("GET", "k") + encode_command("INCR", "k")
              + encode_command("GET", "k"))
    assert conn.read_replies(1) == b"$1\r\n1\r\n"
    assert conn.read_available(0.3) == b""
    assert reply(c, "CLIENT", "UNPAUSE") == b"OK"
    assert conn.read_replies(2) == b":2\r\n$1\r\n2\r\n"


def test_a_second_pause_keeps_the_later_end_and_the_stricter_mode(srv):
    c = fresh_client(srv)
    start = time.monotonic()
    assert reply(c, "CLIENT", "PAUSE", "1200", "WRITE") == b"OK"
    assert reply(c, "CLIENT", "PAUSE", "100", "ALL") == b"OK"
    # ALL now, until the WRITE pause's later end: a read waits past 100 ms.
    reader = Background(srv, "GET", "k")
    time.sleep(0.5)
    assert not reader.done.is_set()
    assert reader.finish() == b"$-1\r\n"
    assert time.monotonic() - start >= 1.1


def test_paused_clients_are_listed_as_blocked(srv):
    c = srv.client()
    assert reply(c, "CLIENT", "PAUSE", "10000", "WRITE") == b"OK"
    writer = Background(srv, "SET", "x", "1")
    deadline = time.monotonic() + 5
    while True:
        info = reply(c, "INFO", "clients").decode()
        if "blocked_clients:1" in info or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert "blocked_clients:1" in info
    lines = reply(c, "CLIENT", "LIST").decode().splitlines()
    flags = [f.split("=", 1)[1] for line in lines for f in line.split() if f.startswith("flags=")]
    assert "b" in flags
    assert reply(c, "CLIENT", "UNPAUSE") == b"OK"
    assert writer.finish() == b"+OK\r\n"
    assert "blocked_clients:0" in reply(c, "INFO", "clients").decode()


def test_expired_keys_stay_while_writes_are_paused(srv):
    c = fresh_client(srv)
    reply(c, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.set("gone", "v", px=100)
        c.set("kept", "v")
        assert reply(c, "CLIENT", "PAUSE", "10000", "WRITE") == b"OK"
        time.sleep(0.25)
        assert reply(c, "GET", "gone") is None
        assert reply(c, "EXISTS", "gone") == 0
        assert reply(c, "DBSIZE") == 2           # read as gone, not deleted
        assert reply(c, "CLIENT", "UNPAUSE") == b"OK"
        assert reply(c, "GET", "gone") is None
        assert reply(c, "DBSIZE") == 1
    finally:
        reply(c, "DEBUG", "SET-ACTIVE-EXPIRE", "1")
