"""MONITOR, on our server and on the oracle: the line format, what is shown
(executed commands, secrets redacted) and what is not (rejected, admin)."""
import re

from helpers import RawConn, encode_command, fresh_client, reply

LINE = re.compile(rb"^\+(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)$")


def monitor(srv):
    conn = RawConn(srv.port)
    assert conn.command("MONITOR") == b"+OK\r\n"
    return conn


def lines(conn, n):
    """The next n monitor lines as (db, peer, args-part)."""
    out = []
    for raw in conn.read_replies(n).split(b"\r\n")[:n]:
        m = LINE.match(raw)
        assert m, raw
        out.append((int(m.group(3)), m.group(4), m.group(5)))
    return out


def test_commands_are_shown_with_db_peer_and_quoted_args(server):
    mon = monitor(server)
    c = fresh_client(server)
    c.set("k", b'a b"c\n\x01\\')
    reply(c, "SELECT", "3")
    reply(c, "GET", "123")
    got = lines(mon, 5)        # fresh_client's FLUSHALL and SELECT come first
    assert [g[2] for g in got[:2]] == [b'"FLUSHALL"', b'"SELECT" "0"']
    assert got[2][0] == 0 and got[2][2] == b'"SET" "k" "a b\\"c\\n\\x01\\\\"'
    assert got[3][0] == 3 and got[3][2] == b'"SELECT" "3"'
    assert got[4][0] == 3 and got[4][2] == b'"GET" "123"'
    assert all(re.match(rb"127\.0\.0\.1:\d+$", g[1]) for g in got)


def test_secrets_rejected_and_admin_commands(server):
    mon = monitor(server)
    c = server.client()
    reply(c, "AUTH", "secret")                        # fails, but ran: shown redacted
    reply(c, "HELLO", "2", "AUTH", "default", "pw")   # likewise
    reply(c, "NOSUCHCOMMAND", "x")                    # rejected: not shown
    reply(c, "GET")                                   # wrong arity: not shown
    reply(c, "CONFIG", "GET", "maxmemory")            # admin: not shown
    reply(c, "PING")
    got = [g[2] for g in lines(mon, 3)]
    assert got == [b'"AUTH" "(redacted)"',
                   b'"HELLO" "2" "AUTH" "(redacted)" "(redacted)"',
                   b'"PING"']


def test_a_monitor_cannot_touch_the_keyspace(server):
    mon = monitor(server)
    assert mon.command("GET", "k") == b"-ERR Replica can't interact with the keyspace\r\n"
    assert mon.command("SET", "k", "v") == b"-ERR Replica can't interact with the keyspace\r\n"
    mon.send(encode_command("MONITOR"))              # already monitoring: no reply at all
    assert mon.command("PING") == b"+PONG\r\n"


def test_monitor_is_flagged_in_client_list(server):
    mon = monitor(server)
    mon.send(encode_command("CLIENT", "ID"))
    c = server.client()
    listing = reply(c, "CLIENT", "LIST").decode()
    flags = [f.split("=", 1)[1] for line in listing.splitlines()
             for f in line.split() if f.startswith("flags=")]
    assert "O" in flags
    assert mon.read_replies(1).startswith(b":")
