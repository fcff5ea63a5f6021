"""Connection limits and socket options: maxclients, timeout, bind to IPv6,
thread affinity, the query buffer limit, and expired keys giving their
memory back. Each test starts its own server (ours, or redis-server with
KEYDB_TEST_ORACLE_ONLY=1, which checks the tests themselves)."""

import socket
import time

import pytest

from helpers import Server, missing_reason, ours_kind

KIND = ours_kind()


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


def started(*options, threads=None):
    return Server(KIND, threads=threads, options=options).start()


def read_until_closed(sock, timeout):
    """Everything the server sends until it closes the connection (or timeout)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return data, True
            data += chunk
    except ConnectionResetError:
        return data, True
    except socket.timeout:
        return data, False


def test_maxclients_refuses_the_connection_over_the_limit():
    srv = started(("maxclients", "3"))
    try:
        time.sleep(0.3)     # let the start-up PING connection's close be processed
        held = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(3)]
        for s in held:
            s.sendall(b"PING\r\n")
            assert s.recv(64) == b"+PONG\r\n"
        extra = socket.create_connection(("127.0.0.1", srv.port))
        data, closed = read_until_closed(extra, 5)
        assert data == b"-ERR max number of clients reached\r\n"
        assert closed
        held.pop().close()
        time.sleep(0.3)
        again = socket.create_connection(("127.0.0.1", srv.port))
        again.sendall(b"PING\r\n")
        assert again.recv(64) == b"+PONG\r\n"
    finally:
        srv.stop()


def test_idle_clients_are_closed_after_timeout_and_busy_ones_are_not():
    srv = started(("timeout", "1"))
    try:
        idle = socket.create_connection(("127.0.0.1", srv.port))
        busy = socket.create_connection(("127.0.0.1", srv.port))
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            busy.sendall(b"PING\r\n")
            assert busy.recv(64) == b"+PONG\r\n"
            time.sleep(0.2)
        data, closed = read_until_closed(idle, 1)
        assert closed and data == b""
    finally:
        srv.stop()


def test_bind_to_ipv6_loopback_serves_ipv6_clients():
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    srv = Server(KIND, options=(("bind", "::1 127.0.0.1"),))
    try:
        srv.start()
    except Exception as e:      # a sandbox without ::1
        pytest.skip("cannot bind ::1: %s" % e)
    try:
        s = socket.create_connection(("::1", srv.port))
        s.sendall(b"PING\r\n")
        assert s.recv(64) == b"+PONG\r\n"
    finally:
        srv.stop()


@pytest.mark.skipif(KIND != "keydb", reason="server-thread-affinity is a KeyDB option")
def test_pinned_worker_threads_serve_clients():
    srv = started(("server-thread-affinity", "yes"), threads=2)
    try:
        clients = [srv.client() for _ in range(8)]
        for i, c in enumerate(clients):
            c.set("k%d" % i, i)
        assert [int(c.get("k%d" % i)) for i, c in enumerate(clients)] == list(range(8))
    finally:
        srv.stop()


def test_a_client_over_the_query_buffer_limit_is_closed_and_others_go_on():
    srv = started(("client-query-buffer-limit", "1mb"))
    try:
        greedy = socket.create_connection(("127.0.0.1", srv.port))
        # A bulk that is never finished keeps growing the query buffer.
        greedy.sendall(b"*2\r\n$3\r\nGET\r\n$3000000\r\n")
        try:
            for _ in range(40):
                greedy.sendall(b"x" * 65536)
        except OSError:
            pass
        data, closed = read_until_closed(greedy, 5)
        assert closed
        c = srv.client()
        assert c.ping()
    finally:
        srv.stop()


def test_expired_keys_give_their_memory_back():
    srv = started()
    try:
        c = srv.client()
        # Active expiry waits until the fill is measured: on a loaded machine
        # the fill itself can outlast the keys' 200 ms.
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        before = int(c.info("memory")["used_memory"])
        pipe = c.pipeline(transaction=False)
        for i in range(20000):
            pipe.set("temp:%d" % i, "x" * 100, px=200)
        pipe.execute()
        filled = int(c.info("memory")["used_memory"])
        assert filled - before > 20000 * 100
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")
        deadline = time.monotonic() + 10
        while c.dbsize() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert c.dbsize() == 0
        after = int(c.info("memory")["used_memory"])
        # The keys' memory is back, give or take table and buffer slack.
        assert after - before < (filled - before) // 5
    finally:
        srv.stop()
