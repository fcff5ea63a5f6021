"""Running as a daemon: daemonize, pidfile, logfile, the log line format,
loglevel filtering, SIGHUP after the log file was moved, syslog.

These start their own servers. Ours normally; with KEYDB_TEST_ORACLE_ONLY=1
redis-server instead, to check the tests themselves.
"""

import os
import re
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from helpers import Server, encode_command, executable, free_port, missing_reason, ours_kind

KIND = ours_kind()

# "pid:role dd Mon yyyy hh:mm:ss.mmm <level> message", level one of . - * #
LOG_LINE = re.compile(r"^(\d+):([MSCX]) (\d\d) ([A-Z][a-z]{2}) (\d{4}) "
                      r"(\d\d):(\d\d):(\d\d)\.(\d{3}) ([.\-*#]) (.*)$")


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="keydb-daemon-") as d:
        yield d


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def pings(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64) == b"+PONG\r\n"
    except OSError:
        return False


def gone(pid):
    """The process has exited (a zombie waiting for init counts as gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def shutdown(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(encode_command("SHUTDOWN", "NOSAVE"))
        try:
            s.recv(64)
        except OSError:
            pass


class Daemon:
    """A server started with `daemonize yes`: the launcher returns at once and
    the server runs on in the background under the pid in its pidfile."""

    def __init__(self, workdir, options=()):
        self.port = free_port()
        self.pidfile = os.path.join(workdir, "server.pid")
        self.logfile = os.path.join(workdir, "server.log")
        argv = [executable(KIND), "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", workdir,
                "--daemonize", "yes", "--pidfile", self.pidfile, "--logfile", self.logfile]
        for name, value in options:
            argv += ["--" + name, value]
        self.launcher = subprocess.run(argv, cwd=workdir, stdin=subprocess.DEVNULL,
                                       capture_output=True, timeout=30)
        self.pid = None
        if self.launcher.returncode == 0:
            wait_for(lambda: read(self.pidfile).endswith("\n"), what="the pid file")
            self.pid = int(read(self.pidfile))
            wait_for(lambda: pings(self.port), what="PING\n" + read(self.logfile))

    def kill(self):
        if self.pid is not None and not gone(self.pid):
            os.kill(self.pid, signal.SIGKILL)
            wait_for(lambda: gone(self.pid), what="the killed daemon to exit")


@pytest.fixture
def daemon_factory(workdir):
    started = []

    def start(options=()):
        d = Daemon(workdir, options)
        started.append(d)
        return d

    yield start
    for d in started:
        d.kill()


# ---- daemonize and pidfile ------------------------------------------------------------

def test_daemonize_forks_and_writes_the_childs_pid(daemon_factory):
    d = daemon_factory()
    assert d.launcher.returncode == 0, d.launcher.stderr
    assert d.pid is not None and d.pid != os.getpid()
    assert not gone(d.pid)
    assert os.getsid(d.pid) == d.pid, "the daemon leads its own session"
    assert "pid=%d" % d.pid in read(d.logfile)
    assert d.launcher.stdout == b"", "a daemon writes its log to the logfile only"


def test_sigterm_removes_the_pidfile(daemon_factory):
    d = daemon_factory()
    os.kill(d.pid, signal.SIGTERM)
    wait_for(lambda: gone(d.pid), what="exit after SIGTERM")
    assert not os.path.exists(d.pidfile)
    log = read(d.logfile)
    assert "Received SIGTERM scheduling shutdown..." in log
    assert "Removing the pid file." in log
    assert log.index("Removing the pid file.") < log.index("ready to exit, bye bye...")


def test_shutdown_removes_the_pidfile(daemon_factory):
    d = daemon_factory()
    shutdown(d.port)
    wait_for(lambda: gone(d.pid), what="exit after SHUTDOWN")
    assert not os.path.exists(d.pidfile)
    assert "Removing the pid file." in read(d.logfile)


def test_pidfile_without_daemonize(workdir):
    pidfile = os.path.join(workdir, "fg.pid")
    srv = Server(KIND, options=[("pidfile", pidfile)], workdir=workdir).start()
    try:
        assert read(pidfile) == "%d\n" % srv.proc.pid
        assert srv.stop() == 0
        assert not os.path.exists(pidfile)
    finally:
        srv.kill()


def test_logfile_receives_the_log_and_stdout_does_not(workdir):
    logfile = os.path.join(workdir, "own.log")
    srv = Server(KIND, options=[("logfile", logfile)], workdir=workdir).start()
    try:
        assert "Ready to accept connections" in read(logfile)
        srv.stop()
        assert "ready to exit, bye bye..." in read(logfile)
        assert "Ready to accept connections" not in srv.log_text()
    finally:
        srv.kill()


# ---- log format and levels -----------------------------------------------------------

def test_log_lines_have_redis_format(workdir):
    srv = Server(KIND, workdir=workdir).start()
    try:
        text = srv.log_text()
        srv.stop()
    finally:
        srv.kill()
    lines = [l for l in text.splitlines() if l and not l.startswith("### ")]
    assert lines
    for line in lines:
        m = LOG_LINE.match(line)
        assert m, "not in the log line format: %r" % line
        assert int(m.group(1)) == srv.proc.pid
    ready = [LOG_LINE.match(l) for l in lines if l.endswith("Ready to accept connections")]
    assert len(ready) == 1 and ready[0].group(10) == "*"
    assert ready[0].group(2) == "M"


def accepted_line(port):
    """Connect, PING, close; the "Accepted ip:port" line that connection makes."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        local = s.getsockname()
        s.sendall(b"PING\r\n")
        assert s.recv(64) == b"+PONG\r\n"
    return "Accepted %s:%d" % local


@pytest.mark.parametrize("level,marks", [("debug", ".-*#"), ("verbose", "-*#"),
                                         ("notice", "*#"), ("warning", "#")])
def test_loglevel_filters_lines(workdir, level, marks):
    logfile = os.path.join(workdir, "lvl.log")
    srv = Server(KIND, options=[("logfile", logfile), ("loglevel", level)],
                 workdir=workdir).start()
    try:
        accepted = accepted_line(srv.port)
        if level in ("debug", "verbose"):
            wait_for(lambda: accepted in read(logfile), what=accepted)
        else:
            time.sleep(0.2)
        assert srv.stop() == 0
    finally:
        srv.kill()
    text = read(logfile)
    lines = [LOG_LINE.match(l) for l in text.splitlines() if LOG_LINE.match(l)]
    assert lines and all(m.group(10) in marks for m in lines), text
    assert ("Ready to accept connections" in text) == (level != "warning")
    assert (accepted in text) == (level in ("debug", "verbose"))
    assert "ready to exit, bye bye..." in text


def test_verbose_log_names_the_client_that_closed(workdir):
    logfile = os.path.join(workdir, "closed.log")
    srv = Server(KIND, options=[("logfile", logfile), ("loglevel", "verbose")],
                 workdir=workdir).start()
    try:
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
            port = s.getsockname()[1]
            s.sendall(b"CLIENT SETNAME leaving\r\n")
            assert s.recv(64) == b"+OK\r\n"
        addr = " addr=127.0.0.1:%d " % port

        def closing_line():
            return [l for l in read(logfile).splitlines()
                    if "Client closed connection id=" in l and addr in l]
        wait_for(closing_line, what="the closing line")
        assert " name=leaving " in closing_line()[0]
        assert " cmd=client|setname " in closing_line()[0]
    finally:
        srv.stop()
        srv.kill()


def test_config_set_loglevel_applies_at_once(workdir):
    logfile = os.path.join(workdir, "lvl.log")
    srv = Server(KIND, options=[("logfile", logfile), ("loglevel", "verbose")],
                 workdir=workdir).start()
    try:
        first = accepted_line(srv.port)
        wait_for(lambda: first in read(logfile), what=first)
        with srv.raw() as c:
            assert c.command("CONFIG", "SET", "loglevel", "warning") == b"+OK\r\n"
            assert c.command("CONFIG", "GET", "loglevel") == \
                b"*2\r\n$8\r\nloglevel\r\n$7\r\nwarning\r\n"
        second = accepted_line(srv.port)
        time.sleep(0.2)
        assert second not in read(logfile)
    finally:
        srv.stop()
        srv.kill()


# ---- SIGHUP --------------------------------------------------------------------------

def test_sighup_after_the_log_was_moved_writes_to_a_new_file(workdir):
    logfile = os.path.join(workdir, "rot.log")
    srv = Server(KIND, options=[("logfile", logfile), ("loglevel", "verbose")],
                 workdir=workdir).start()
    try:
        os.rename(logfile, logfile + ".1")
        srv.proc.send_signal(signal.SIGHUP)

        def logs_to_new_file():
            return accepted_line(srv.port) in read(logfile)
        wait_for(logs_to_new_file, what="log lines in the new log file")
        assert srv.alive(), "SIGHUP must not stop the server"
        assert srv.stop() == 0
    finally:
        srv.kill()
    old, new = read(logfile + ".1"), read(logfile)
    assert "Ready to accept connections" in old
    assert "ready to exit, bye bye..." in new
    assert "ready to exit, bye bye..." not in old


def test_sighup_without_a_logfile_is_harmless(workdir):
    srv = Server(KIND, workdir=workdir).start()
    try:
        srv.proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        assert srv.alive() and srv.ping()
        assert srv.stop() == 0
    finally:
        srv.kill()


# ---- syslog --------------------------------------------------------------------------

@pytest.fixture
def dev_log():
    """A datagram socket at /dev/log standing in for syslogd (root, and only
    where no syslog daemon owns /dev/log)."""
    if os.geteuid() != 0 or os.path.lexists("/dev/log"):
        pytest.skip("needs root and a free /dev/log to stand in for syslogd")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.bind("/dev/log")
    except OSError as e:
        s.close()
        pytest.skip("cannot bind /dev/log: %s" % e)
    s.settimeout(0.2)
    try:
        yield s
    finally:
        s.close()
        os.unlink("/dev/log")


def test_syslog_gets_the_log_lines(workdir, dev_log):
    ident = "kdbtest%d" % os.getpid()
    srv = Server(KIND, options=[("syslog-enabled", "yes"), ("syslog-ident", ident),
                                ("syslog-facility", "local3")], workdir=workdir).start()
    try:
        with srv.raw() as c:
            assert c.command("CONFIG", "GET", "syslog-ident") == \
                b"*2\r\n$12\r\nsyslog-ident\r\n$%d\r\n%s\r\n" % (len(ident), ident.encode())
        got = []
        deadline = time.monotonic() + 5
        want = "Ready to accept connections"
        while time.monotonic() < deadline and not any(want in m for m in got):
            try:
                got.append(dev_log.recv(4096).decode("utf-8", "replace"))
            except socket.timeout:
                pass
        # local3 (19) * 8 + notice (5) = 157; "<pri>timestamp ident[pid]: message"
        ready = [m for m in got if m.endswith(want)]
        assert ready, got
        assert re.match(r"^<157>.* %s\[%d\]: %s$" % (ident, srv.proc.pid, want), ready[0])
        assert srv.stop() == 0
    finally:
        srv.kill()
