"""CONFIG SET port / bind while the server runs: it listens on the new
addresses and stops listening on the old, or refuses with Redis 7.0's
message and keeps listening where it was. The replies are checked on our
server and on redis-server; the 4-thread test checks that every worker got
the new sockets.
"""
import socket

import pytest

from helpers import (Err, Server, free_port, missing_reason, no_oracle, ours_kind, reply,
                     wait_for)

PORT_FAILED = Err("ERR CONFIG SET failed (possibly related to argument 'port') - "
                  "Unable to listen on this port. Check server logs.")
BIND_FAILED = Err("ERR CONFIG SET failed (possibly related to argument 'bind') - "
                  "Failed to bind to specified addresses.")


def kinds():
    return [ours_kind()] + ([] if no_oracle() or ours_kind() == "redis" else ["redis"])


@pytest.fixture(params=kinds())
def srv(request, tmp_path):
    reason = missing_reason(request.param)
    if reason:
        pytest.skip(reason)
    with Server(request.param, options=[("unixsocket", str(tmp_path / "s.sock"))]) as s:
        yield s


def refuses(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return False
    except OSError:
        return True


def ping(port, host="127.0.0.1"):
    with socket.create_connection((host, port), timeout=2) as s:
        s.sendall(b"PING\r\n")
        return s.recv(64)


def test_config_set_port_moves_the_listener(srv):
    old, new = srv.port, free_port()
    with srv.client() as c:
        assert reply(c, "CONFIG", "SET", "port", str(new)) == b"OK"
        assert reply(c, "PING") == b"PONG"          # an open connection stays
    srv.port = new
    assert ping(new) == b"+PONG\r\n"
    assert wait_for(lambda: refuses(old))
    with srv.client() as c:
        assert reply(c, "CONFIG", "GET", "port") == [b"port", str(new).encode()]
        assert b"tcp_port:%d\r\n" % new in reply(c, "INFO", "server")


def test_a_port_in_use_is_refused_and_nothing_moves(srv):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        with srv.client() as c:
            assert reply(c, "CONFIG", "SET", "port", str(taken.getsockname()[1])) == PORT_FAILED
            assert reply(c, "CONFIG", "GET", "port") == [b"port", str(srv.port).encode()]
        assert ping(srv.port) == b"+PONG\r\n"
    finally:
        taken.close()


def test_an_address_that_cannot_be_bound_is_refused_and_nothing_moves(srv):
    with srv.client() as c:
        assert reply(c, "CONFIG", "SET", "bind", "127.0.0.1 192.0.2.1") == BIND_FAILED
        assert reply(c, "CONFIG", "GET", "bind") == [b"bind", b"127.0.0.1"]
    assert ping(srv.port) == b"+PONG\r\n"


def test_an_optional_address_that_fails_is_skipped(srv):
    with srv.client() as c:
        assert reply(c, "CONFIG", "SET", "bind", "127.0.0.1 -192.0.2.1") == b"OK"
        assert reply(c, "CONFIG", "GET", "bind") == [b"bind", b"127.0.0.1 -192.0.2.1"]
    assert ping(srv.port) == b"+PONG\r\n"


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_bind_changes_which_addresses_listen(srv):
    if not ipv6_loopback():
        pytest.skip("no IPv6 loopback")
    with srv.client() as c:
        assert reply(c, "CONFIG", "SET", "bind", "127.0.0.1 ::1") == b"OK"
    assert wait_for(lambda: not refuses(srv.port, "::1"))
    assert ping(srv.port, "::1") == b"+PONG\r\n"
    with srv.client() as c:
        assert reply(c, "CONFIG", "SET", "bind", "127.0.0.1") == b"OK"
    assert wait_for(lambda: refuses(srv.port, "::1"))
    assert ping(srv.port) == b"+PONG\r\n"


def test_port_zero_closes_tcp_and_the_unix_socket_remains(srv):
    with srv.client() as c:
        assert reply(c, "CONFIG", "SET", "port", "0") == b"OK"
    assert wait_for(lambda: refuses(srv.port))
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(dict(srv.options)["unixsocket"])
        s.sendall(b"CONFIG SET port %d\r\n" % srv.port)
        assert s.recv(64) == b"+OK\r\n"
    assert wait_for(lambda: not refuses(srv.port))
    assert ping(srv.port) == b"+PONG\r\n"


def listening_sockets(port):
    """How many sockets listen on TCP `port` (from /proc/net/tcp and tcp6)."""
    n = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.readlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                n += 1
    return n


def test_every_worker_moves_its_own_listening_socket():
    # One SO_REUSEPORT socket per worker: 4 on the new port, none left on the old.
    kind = ours_kind()
    if kind != "keydb" or missing_reason(kind):
        pytest.skip("our server's workers only")
    with Server(kind, threads=4) as srv:
        old, new = srv.port, free_port()
        assert listening_sockets(old) == 4
        with srv.client() as c:
            assert reply(c, "CONFIG", "SET", "port", str(new)) == b"OK"
        srv.port = new
        assert wait_for(lambda: listening_sockets(old) == 0)
        assert listening_sockets(new) == 4
        socks = [socket.create_connection(("127.0.0.1", new), timeout=2) for _ in range(40)]
        try:
            for s in socks:
                s.sendall(b"PING\r\n")
            assert [s.recv(64) for s in socks] == [b"+PONG\r\n"] * 40
        finally:
            for s in socks:
                s.close()
