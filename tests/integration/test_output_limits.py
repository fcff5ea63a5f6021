"""client-output-buffer-limit for normal and Pub/Sub clients: a client that
asks for (or is sent) more than it reads is disconnected once its pending
output reaches its class's hard limit, or stays above the soft limit for
longer than the soft seconds, while the other clients carry on. Each test starts its own server (ours, or
redis-server with KEYDB_TEST_ORACLE_ONLY=1, which checks the tests)."""

import socket
import time

import pytest

from helpers import Server, encode_command, make_client, missing_reason, ours_kind, wait_for

KIND = ours_kind()
VALUE = b"x" * 100_000
# Redis logs "scheduled to be closed ASAP for overcoming ..." when a reply
# crosses a limit, "closed for overcoming ..." when its cron finds one.
WARNING = "for overcoming of output buffer limits."


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


@pytest.fixture
def srv():
    server = Server(KIND).start()
    yield server
    server.stop()


def slow_reader(port):
    """A connection with a small receive buffer, so unread replies pile up
    in the server rather than in the kernel."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    s.connect(("127.0.0.1", port))
    return s


def closed_within(sock, timeout):
    """Read and discard until the server closes the connection; True if it
    does within `timeout`."""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                if not sock.recv(1 << 16):
                    return True
            except socket.timeout:
                return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    return False


def gets(n):
    return encode_command("GET", "big") * n


def test_hard_limit_disconnects_the_slow_reader_only(srv):
    with make_client(srv.port) as c:
        assert c.execute_command("CONFIG", "SET", "client-output-buffer-limit",
                                 "normal 1mb 512kb 2") == b"OK"
        c.execute_command("SET", "big", VALUE)
        slow = slow_reader(srv.port)
        try:
            slow.sendall(gets(200))             # 20 MB of replies, none read
            time.sleep(0.5)
            assert c.execute_command("PING") is True
            assert c.execute_command("STRLEN", "big") == len(VALUE)
            assert closed_within(slow, 10)
        finally:
            slow.close()
        assert c.execute_command("DBSIZE") == 1
    assert "scheduled to be closed ASAP " + WARNING in srv.log_text()


def test_soft_limit_disconnects_after_its_seconds(srv):
    with make_client(srv.port) as c:
        assert c.execute_command("CONFIG", "SET", "client-output-buffer-limit",
                                 "normal 0 512kb 1") == b"OK"
        c.execute_command("SET", "big", VALUE)
        slow = slow_reader(srv.port)
        try:
            slow.sendall(gets(100))
            time.sleep(0.3)
            # Still connected: the soft limit allows its second.
            assert not closed_within(slow, 0.01)
            # The limit is checked as replies are added: keep asking.
            closed = False
            deadline = time.monotonic() + 8
            while not closed and time.monotonic() < deadline:
                try:
                    slow.sendall(gets(1))
                except (ConnectionResetError, BrokenPipeError):
                    break
                time.sleep(0.25)
                closed = closed_probe(slow)
            assert time.monotonic() < deadline
        finally:
            slow.close()
        assert c.execute_command("PING") is True
    assert WARNING in srv.log_text()


def test_a_stalled_reader_is_closed_by_the_cron(srv):
    # Over the soft limit once, then silent: no new reply triggers the
    # check, the once-a-second clients cron must.
    with make_client(srv.port) as c:
        assert c.execute_command("CONFIG", "SET", "client-output-buffer-limit",
                                 "normal 0 512kb 1") == b"OK"
        c.execute_command("SET", "big", VALUE)
        slow = slow_reader(srv.port)
        try:
            slow.sendall(gets(100))
            time.sleep(0.3)
            # Asked on the server side: the socket still holds megabytes
            # of replies to drain before it would show the close.
            assert c.execute_command("INFO", "clients")["connected_clients"] == 2
            deadline = time.monotonic() + 6
            while (c.execute_command("INFO", "clients")["connected_clients"] == 2
                   and time.monotonic() < deadline):
                time.sleep(0.1)
            assert c.execute_command("INFO", "clients")["connected_clients"] == 1
        finally:
            slow.close()
        assert c.execute_command("PING") is True
    log = srv.log_text()
    assert "closed for overcoming of output buffer limits." in log
    line = [ln for ln in log.splitlines() if WARNING in ln][0]
    assert " id=" in line and " addr=127.0.0.1:" in line and " cmd=get " in line


def closed_probe(sock):
    """Whether the server has closed the socket (reads nothing otherwise
    beyond what is buffered; replies that are there are discarded)."""
    sock.setblocking(False)
    try:
        # Only a little is drained: the reader must stay slow.
        return not sock.recv(1 << 12)
    except BlockingIOError:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    finally:
        sock.setblocking(True)


def test_no_limit_by_default(srv):
    with make_client(srv.port) as c:
        assert c.execute_command("CONFIG", "GET", "client-output-buffer-limit")[1].startswith(
            b"normal 0 0 0 ")
        c.execute_command("SET", "big", VALUE)
        slow = slow_reader(srv.port)
        try:
            slow.sendall(gets(60))              # 6 MB
            time.sleep(0.5)
            want = len(b"$100000\r\n" + VALUE + b"\r\n") * 60
            got = 0
            slow.settimeout(10)
            while got < want:
                chunk = slow.recv(1 << 16)
                assert chunk, "connection closed after %d of %d bytes" % (got, want)
                got += len(chunk)
            assert got == want
        finally:
            slow.close()


def subscribed_slow_reader(port, channel):
    s = slow_reader(port)
    s.sendall(encode_command("SUBSCRIBE", channel))
    s.settimeout(5)
    assert s.recv(100).startswith(b"*3\r\n$9\r\nsubscribe\r\n")
    return s


@pytest.mark.parametrize("limits,survives", [
    ("normal 0 0 0 pubsub 1mb 512kb 60", False),
    ("normal 1mb 512kb 60 pubsub 0 0 0", True),
])
def test_a_subscriber_that_does_not_read_is_held_to_the_pubsub_class(srv, limits, survives):
    # 8 MB published to a subscriber that reads nothing: the pubsub class's
    # hard limit drops it; the normal class's limits do not apply to it.
    with make_client(srv.port) as c:
        assert c.execute_command("CONFIG", "SET", "client-output-buffer-limit", limits) == b"OK"
        slow = subscribed_slow_reader(srv.port, "news")
        try:
            for _ in range(80):
                c.execute_command("PUBLISH", "news", VALUE)
            assert c.execute_command("PING") is True
            if survives:
                time.sleep(0.5)
                assert c.execute_command("INFO", "clients")["connected_clients"] == 2
            else:
                assert wait_for(
                    lambda: c.execute_command("INFO", "clients")["connected_clients"] == 1)
        finally:
            slow.close()
    assert (WARNING in srv.log_text()) != survives
    if not survives:
        line = [ln for ln in srv.log_text().splitlines() if WARNING in ln][0]
        assert " flags=P " in line and " sub=1 " in line
