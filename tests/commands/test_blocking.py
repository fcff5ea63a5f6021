"""Blocking pops and moves (BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH,
BZPOPMIN, BZPOPMAX, BZMPOP) and CLIENT UNBLOCK, on our server and the oracle.

A blocked command is sent on its own connection (helpers.Background); the
test then changes the data from another client and reads the blocked one's
raw reply.
"""
import time

import pytest

from helpers import Background, Err, RawConn, encode_command, fresh_client, reply, wait_for

NOT_FLOAT = Err("ERR timeout is not a float or out of range")
NEGATIVE = Err("ERR timeout is negative")
WRONGTYPE = Err("WRONGTYPE Operation against a key holding the wrong kind of value")


def blocked_count(c):
    info = reply(c, "INFO", "clients").decode()
    return int(info.split("blocked_clients:")[1].split("\r\n")[0])


def block(srv, c, *args, expect=1):
    """Start a blocking command and wait until the server shows it blocked
    (expect = how many clients should then be blocked)."""
    b = Background(srv, *args)
    wait_for(lambda: blocked_count(c) >= expect)
    assert not b.done.is_set()
    return b


# ---- answers without blocking ---------------------------------------------------------

def test_data_present_answers_at_once(r):
    r.rpush("b", "x", "y")
    assert reply(r, "BLPOP", "a", "b", "0") == [b"b", b"x"]
    assert reply(r, "BRPOP", "a", "b", "0") == [b"b", b"y"]
    assert reply(r, "EXISTS", "b") == 0
    r.rpush("l", "1", "2", "3")
    assert reply(r, "BLMPOP", "0", "2", "none", "l", "RIGHT", "COUNT", "2") == [b"l", [b"3", b"2"]]
    assert reply(r, "BLMOVE", "l", "d", "LEFT", "RIGHT", "0") == b"1"
    r.rpush("l", "9")
    assert reply(r, "BRPOPLPUSH", "l", "d", "0") == b"9"
    assert reply(r, "LRANGE", "d", "0", "-1") == [b"9", b"1"]
    r.zadd("z", {"a": 1, "b": 2, "c": 3})
    assert reply(r, "BZPOPMIN", "none", "z", "0") == [b"z", b"a", b"1"]
    assert reply(r, "BZPOPMAX", "z", "0") == [b"z", b"c", b"3"]
    assert reply(r, "BZMPOP", "0", "1", "z", "MIN", "COUNT", "5") == [b"z", [[b"b", b"2"]]]


def test_timeouts_answer_null(r):
    start = time.monotonic()
    assert reply(r, "BLPOP", "none", "0.1") is None
    assert time.monotonic() - start >= 0.09
    assert reply(r, "BRPOP", "none", "0.01") is None
    assert reply(r, "BLMPOP", "0.01", "1", "none", "LEFT") is None
    assert reply(r, "BLMOVE", "none", "d", "LEFT", "LEFT", "0.01") is None
    assert reply(r, "BRPOPLPUSH", "none", "d", "0.01") is None
    assert reply(r, "BZPOPMIN", "none", "0.01") is None
    assert reply(r, "BZMPOP", "0.01", "1", "none", "MAX") is None
    assert reply(r, "BLPOP", "none", "0.0000001") is None     # under 1 ms waits 1 ms


def test_timeout_null_in_resp3(server):
    conn = RawConn(server.port)
    conn.command("HELLO", "3")
    assert conn.command("BLPOP", "none", "0.01") == b"_\r\n"
    assert conn.command("BLMOVE", "none", "d", "LEFT", "LEFT", "0.01") == b"_\r\n"


@pytest.mark.parametrize("args,error", [
    (("BLPOP", "k", "abc"), NOT_FLOAT),
    (("BLPOP", "k", " 1"), NOT_FLOAT),
    (("BLPOP", "k", "nan"), NOT_FLOAT),
    (("BLPOP", "k", "-1"), NEGATIVE),
    (("BLPOP", "k", "inf"), NEGATIVE),
    (("BLPOP", "k", "1e400"), NEGATIVE),
    (("BRPOP", "k", "9223372036854775807"), NEGATIVE),
    (("BLMPOP", "x", "1", "k", "LEFT"), NOT_FLOAT),
    (("BLMPOP", "0", "0", "k", "LEFT"), Err("ERR numkeys should be greater than 0")),
    (("BLMPOP", "0", "1", "k", "UP"), Err("ERR syntax error")),
    (("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "0"), Err("ERR count should be greater than 0")),
    (("BLMOVE", "a", "b", "UP", "LEFT", "0"), Err("ERR syntax error")),
    (("BLMOVE", "a", "b", "LEFT", "LEFT", "x"), NOT_FLOAT),
    (("BRPOPLPUSH", "a", "b", "-2"), NEGATIVE),
    (("BZPOPMIN", "z", "x"), NOT_FLOAT),
    (("BZMPOP", "0", "1", "z", "LEFT"), Err("ERR syntax error")),
    (("BZMPOP", "0", "1", "z", "MIN", "COUNT", "-1"), Err("ERR count should be greater than 0")),
    (("BLPOP", "k"), Err("ERR wrong number of arguments for 'blpop' command")),
    (("BZMPOP", "0", "1", "z"), Err("ERR wrong number of arguments for 'bzmpop' command")),
])
def test_errors(r, args, error):
    assert reply(r, *args) == error


def test_wrong_types(r):
    r.set("s", "v")
    r.rpush("l", "x")
    assert reply(r, "BLPOP", "none", "s", "l", "0") == WRONGTYPE
    assert reply(r, "BZPOPMIN", "l", "0") == WRONGTYPE
    assert reply(r, "BLMOVE", "s", "d", "LEFT", "LEFT", "0") == WRONGTYPE
    assert reply(r, "BLMOVE", "l", "s", "LEFT", "LEFT", "0") == WRONGTYPE
    assert reply(r, "LLEN", "l") == 1


# ---- waiting and being served ---------------------------------------------------------------

def test_a_push_serves_waiters_in_the_order_they_blocked(srv):
    c = srv.client()
    first = block(srv, c, "BLPOP", "q", "5")
    second = block(srv, c, "BRPOP", "q", "other", "5", expect=2)
    third = block(srv, c, "BLPOP", "q", "5", expect=3)
    assert reply(c, "RPUSH", "q", "a", "b") == 2
    assert first.finish() == b"*2\r\n$1\r\nq\r\n$1\r\na\r\n"
    assert second.finish() == b"*2\r\n$1\r\nq\r\n$1\r\nb\r\n"
    assert not third.done.is_set()
    assert reply(c, "EXISTS", "q") == 0
    assert reply(c, "LPUSH", "q", "c") == 1
    assert third.finish() == b"*2\r\n$1\r\nq\r\n$1\r\nc\r\n"
    assert blocked_count(c) == 0


def test_waiting_on_several_keys_takes_whichever_gets_data(srv):
    c = srv.client()
    b = block(srv, c, "BLMPOP", "5", "2", "k1", "k2", "LEFT", "COUNT", "10")
    c.rpush("k2", "x", "y")
    assert b.finish() == b"*2\r\n$2\r\nk2\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n"


def test_blmove_waits_then_moves(srv):
    c = srv.client()
    b = block(srv, c, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "5")
    c.rpush("dst", "old")
    c.rpush("src", "1", "2")
    assert b.finish() == b"$1\r\n2\r\n"
    assert c.lrange("dst", 0, -1) == [b"2", b"old"]
    assert c.lrange("src", 0, -1) == [b"1"]


def test_a_move_into_a_waited_key_serves_the_waiter(srv):
    c = srv.client()
    b = block(srv, c, "BRPOPLPUSH", "mid", "end", "5")
    waiter = block(srv, c, "BLPOP", "end", "5", expect=2)
    c.rpush("start", "v")
    assert reply(c, "LMOVE", "start", "mid", "LEFT", "LEFT") == b"v"
    assert b.finish() == b"$1\r\nv\r\n"
    assert waiter.finish() == b"*2\r\n$3\r\nend\r\n$1\r\nv\r\n"
    assert reply(c, "EXISTS", "start", "mid", "end") == 0


def test_a_wrongtype_destination_ends_the_wait_with_an_error(srv):
    c = srv.client()
    b = block(srv, c, "BLMOVE", "src", "dst", "LEFT", "LEFT", "5")
    c.set("dst", "string")
    c.rpush("src", "v")
    assert b.finish() == b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    assert c.lrange("src", 0, -1) == [b"v"]


def test_a_key_of_another_type_keeps_the_client_waiting(srv):
    c = srv.client()
    b = block(srv, c, "BLPOP", "k", "5")
    c.set("k", "string")
    time.sleep(0.1)
    assert not b.done.is_set()
    c.delete("k")
    c.rpush("k", "v")
    assert b.finish() == b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n"


def test_sorted_set_waiters(srv):
    c = srv.client()
    lo = block(srv, c, "BZPOPMIN", "z", "5")
    hi = block(srv, c, "BZPOPMAX", "z", "5", expect=2)
    many = block(srv, c, "BZMPOP", "5", "1", "z", "MAX", "COUNT", "2", expect=3)
    c.zadd("z", {"a": 1, "b": 2.5, "c": 3, "d": 4, "e": 5})
    assert lo.finish() == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"
    assert hi.finish() == b"*3\r\n$1\r\nz\r\n$1\r\ne\r\n$1\r\n5\r\n"
    assert many.finish() == (b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n"
                             b"*2\r\n$1\r\nc\r\n$1\r\n3\r\n")
    assert c.zrange("z", 0, -1, withscores=True) == [(b"b", 2.5)]


def test_commands_pipelined_after_a_blocked_one_wait_for_it(srv):
    c = srv.client()
    conn = RawConn(srv.port)
    conn.send(encode_command("BLPOP", "k", "5") + encode_command("PING"))
    wait_for(lambda: blocked_count(c) == 1)
    assert conn.read_available(0.1) == b""
    c.rpush("k", "v")
    assert conn.read_replies(2) == b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n+PONG\r\n"


def test_a_client_gone_while_blocked_takes_nothing(srv):
    c = srv.client()
    b = block(srv, c, "BLPOP", "k", "5")
    b.conn.sock.close()
    wait_for(lambda: blocked_count(c) == 0)
    c.rpush("k", "v")
    assert c.lrange("k", 0, -1) == [b"v"]


def test_blocked_clients_are_listed_and_counted(srv):
    c = srv.client()
    b = block(srv, c, "BLPOP", "k", "5")
    listing = reply(c, "CLIENT", "LIST").decode()
    line = [ln for ln in listing.splitlines() if "cmd=blpop" in ln][0]
    assert " flags=b " in line
    c.rpush("k", "v")
    b.finish()
    assert blocked_count(c) == 0


# ---- CLIENT UNBLOCK -----------------------------------------------------------------

def unblock_target(srv, c, *args):
    b = block(srv, c, *args)
    b.conn.send(b"")        # keep the connection object alive
    listing = reply(c, "CLIENT", "LIST").decode()
    cid = [ln.split()[0].split("=")[1] for ln in listing.splitlines()
           if "cmd=%s" % args[0].lower() in ln][0]
    return b, cid


def test_client_unblock_with_timeout_and_error(srv):
    c = srv.client()
    b, cid = unblock_target(srv, c, "BLPOP", "k", "0")
    assert reply(c, "CLIENT", "UNBLOCK", cid) == 1
    assert b.finish() == b"*-1\r\n"
    b, cid = unblock_target(srv, c, "BZPOPMIN", "z", "0")
    assert reply(c, "CLIENT", "UNBLOCK", cid, "ERROR") == 1
    assert b.finish() == b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
    assert reply(c, "CLIENT", "UNBLOCK", cid) == 0
    assert reply(c, "CLIENT", "UNBLOCK", reply(c, "CLIENT", "ID")) == 0
    assert reply(c, "CLIENT", "UNBLOCK", "1", "maybe") == Err(
        "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
    assert blocked_count(c) == 0


def test_a_key_named_twice_is_waited_on_once(srv):
    c = srv.client()
    b = block(srv, c, "BLPOP", "k", "k", "5")
    c.rpush("k", "a", "b")
    assert b.finish() == b"*2\r\n$1\r\nk\r\n$1\r\na\r\n"
    assert c.lrange("k", 0, -1) == [b"b"]
    assert blocked_count(c) == 0


def test_swapdb_serves_a_waiter_whose_key_arrives_with_the_other_database(srv):
    c = fresh_client(srv)
    b = block(srv, c, "BLPOP", "q", "0")
    reply(c, "SELECT", "1")
    reply(c, "RPUSH", "q", "from-db1")
    assert reply(c, "SWAPDB", "0", "1") == b"OK"
    assert b.finish() == b"*2\r\n$1\r\nq\r\n$8\r\nfrom-db1\r\n"
    assert reply(c, "EXISTS", "q") == 0              # db 1 now holds db 0's old data
