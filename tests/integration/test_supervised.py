"""`supervised systemd|auto|no`: the sd_notify messages a server sends through
$NOTIFY_SOCKET (a unix datagram socket; '@name' is in the abstract namespace).

Each test binds its own notify socket and starts a server with NOTIFY_SOCKET
pointing at it. Ours normally; with KEYDB_TEST_ORACLE_ONLY=1 redis-server.
"""

import os
import re
import socket
import tempfile
import time

import pytest

from helpers import Server, missing_reason, ours_kind

KIND = ours_kind()

LOADING = re.compile(rb"^STATUS=(Redis|KeyDB) is loading\.\.\.\n$")
READY_STATUS = b"STATUS=Ready to accept connections\n"


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="keydb-notify-") as d:
        yield d


@pytest.fixture
def notify(workdir, monkeypatch):
    """A bound notify socket in the temp dir; NOTIFY_SOCKET names it."""
    path = os.path.join(workdir, "notify.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    yield s
    s.close()


def messages(sock, until=None, timeout=10.0):
    """Datagrams received until one equals `until` (or the timeout passes)."""
    got = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            got.append(sock.recv(4096))
        except socket.timeout:
            break
        if until is not None and got[-1] == until:
            break
    return got


def check_ready_sequence(got):
    assert len(got) == 3, got
    assert LOADING.match(got[0]), got
    assert got[1:] == [READY_STATUS, b"READY=1\n"]


def run_and_check(workdir, sock, options):
    srv = Server(KIND, options=options, workdir=workdir).start()
    try:
        check_ready_sequence(messages(sock, until=b"READY=1\n"))
        assert srv.ping()
        assert srv.stop() == 0
        assert messages(sock, until=b"STOPPING=1\n", timeout=5.0) == [b"STOPPING=1\n"]
    finally:
        srv.kill()


def test_systemd_ready_and_stopping(workdir, notify):
    run_and_check(workdir, notify, [("supervised", "systemd")])


def test_auto_detects_systemd_from_notify_socket(workdir, notify):
    run_and_check(workdir, notify, [("supervised", "auto")])


def test_abstract_notify_socket(workdir, monkeypatch):
    name = "keydb-test-notify-%d-%d" % (os.getpid(), time.monotonic_ns())
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.bind("\0" + name)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        run_and_check(workdir, s, [("supervised", "systemd")])
    finally:
        s.close()


def test_supervised_no_sends_nothing(workdir, notify):
    srv = Server(KIND, options=[("supervised", "no")], workdir=workdir).start()
    try:
        assert srv.stop() == 0
        assert messages(notify, timeout=0.5) == []
    finally:
        srv.kill()


@pytest.mark.parametrize("mode", ["systemd", "auto"])
def test_without_notify_socket_the_server_runs(workdir, monkeypatch, mode):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("UPSTART_JOB", raising=False)
    srv = Server(KIND, options=[("supervised", mode)], workdir=workdir).start()
    try:
        assert srv.stop() == 0
        warned = "systemd supervision error: NOTIFY_SOCKET not found!" in srv.log_text()
        assert warned == (mode == "systemd"), srv.log_text()
    finally:
        srv.kill()


def test_supervised_server_does_not_daemonize(workdir, notify):
    srv = Server(KIND, options=[("supervised", "systemd"), ("daemonize", "yes"),
                                ("pidfile", os.path.join(workdir, "s.pid"))],
                 workdir=workdir).start()
    try:
        assert srv.alive(), "a supervised server stays in the foreground"
        check_ready_sequence(messages(notify, until=b"READY=1\n"))
        with open(os.path.join(workdir, "s.pid")) as f:
            assert f.read() == "%d\n" % srv.proc.pid
        assert srv.stop() == 0
    finally:
        srv.kill()


def test_supervised_is_reported_and_immutable(workdir, notify):
    srv = Server(KIND, options=[("supervised", "systemd")], workdir=workdir).start()
    try:
        with srv.raw() as c:
            assert c.command("CONFIG", "GET", "supervised") == \
                b"*2\r\n$10\r\nsupervised\r\n$7\r\nsystemd\r\n"
            assert c.command("CONFIG", "SET", "supervised", "no") == (
                b"-ERR CONFIG SET failed (possibly related to argument 'supervised') - "
                b"can't set immutable config\r\n")
    finally:
        srv.stop()
        srv.kill()
