"""Black-box test support: launch servers, talk to them, compare replies.

Everything here works on a real server process over sockets, never on our
modules directly, so the same test body runs against our `./keydb-server`
and against Debian's `redis-server` (the oracle).

- `Server`: start a server on a free loopback port, wait for PING, stop it.
- `make_client`: a redis-py client (hiredis parser, RESP2, bytes replies).
- `reply` / `Err`: a command's raw reply, or its error as a comparable value.
- `assert_same`: run one command on two servers and compare the replies.
- `RawConn`: a plain socket for byte-level protocol checks.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import warnings

import redis
from redis._parsers.hiredis import _HiredisParser

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYDB_SERVER = os.environ.get("KEYDB_TEST_SERVER", os.path.join(REPO_ROOT, "keydb-server"))
REDIS_SERVER = shutil.which("redis-server")

START_TIMEOUT = 10.0


# --------------------------------------------------------------------------
# Which servers this run uses
# --------------------------------------------------------------------------

def oracle_only():
    """KEYDB_TEST_ORACLE_ONLY=1: run everything against redis-server only."""
    return os.environ.get("KEYDB_TEST_ORACLE_ONLY", "") not in ("", "0")


def no_oracle():
    """KEYDB_TEST_NO_ORACLE=1: never start redis-server."""
    return os.environ.get("KEYDB_TEST_NO_ORACLE", "") not in ("", "0")


def command_kinds():
    """The server kinds tests/commands/ runs against: ids "keydb", "redis"."""
    kinds = []
    if not oracle_only():
        kinds.append("keydb")
    if not no_oracle():
        kinds.append("redis")
    return kinds


def ours_kind():
    """The kind standing in for our server in tests written only for ours.

    Normally "keydb"; with KEYDB_TEST_ORACLE_ONLY=1 it is "redis", so the
    concurrency and start-up tests can be checked against the oracle too.
    """
    return "redis" if oracle_only() else "keydb"


def executable(kind):
    return KEYDB_SERVER if kind == "keydb" else REDIS_SERVER


def missing_reason(kind):
    """Why a server of this kind cannot be started, or None."""
    path = executable(kind)
    if kind == "redis":
        return None if path else "redis-server is not installed"
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return "%s does not exist (run make)" % path
    return None


# --------------------------------------------------------------------------
# Ports and processes
# --------------------------------------------------------------------------

def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_argv(kind, port, options=(), config_file=None, threads=None):
    """The command line that starts a server of `kind`.

    `options` is a sequence of (name, value) pairs given as `--name value`.
    `threads` becomes `--server-threads N` for ours and is dropped for
    redis-server, which has no such option.
    """
    argv = [executable(kind)]
    if config_file:
        argv.append(config_file)
    argv += ["--port", str(port), "--bind", "127.0.0.1"]
    if threads is not None and kind == "keydb":
        argv += ["--server-threads", str(threads)]
    for name, value in options:
        argv += ["--" + name, str(value)]
    return argv


class ServerStartError(RuntimeError):
    pass


class Server:
    """One server process on a loopback port, its log in a temp file.

    `Server("keydb", threads=2)` runs our launcher, `Server("redis")` runs
    redis-server; both get `--save "" --appendonly no
    --enable-debug-command yes` and a private working directory.
    """

    DEFAULT_OPTIONS = (("save", ""), ("appendonly", "no"),
                       ("enable-debug-command", "yes"))

    def __init__(self, kind, threads=None, options=(), config_text=None, workdir=None,
                 password=None):
        self.kind = kind
        self.password = password       # sent with AUTH by ping(), stop() and client()
        self.threads = threads
        self.options = list(self.DEFAULT_OPTIONS) + list(options)
        if password is not None:
            self.options.append(("requirepass", password))
        self.config_text = config_text
        self.own_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="keydb-test-%s-" % kind)
        self.options.append(("dir", self.workdir))
        self.log_path = os.path.join(self.workdir, "server.log")
        self.proc = None
        self.port = None
        self.restarts = 0

    # ---- lifecycle -------------------------------------------------------

    def start(self, attempts=3):
        """Start the process; return once PING answers (or raise with the log)."""
        reason = missing_reason(self.kind)
        if reason:
            raise ServerStartError(reason)
        config_file = None
        if self.config_text is not None:
            config_file = os.path.join(self.workdir, "server.conf")
            with open(config_file, "w") as f:
                f.write(self.config_text)
        last = None
        for _ in range(attempts):
            self.port = free_port()
            argv = server_argv(self.kind, self.port, self.options, config_file, self.threads)
            with open(self.log_path, "ab") as log:
                log.write(("\n### %s\n" % " ".join(repr(a) for a in argv)).encode())
                log.flush()
                self.proc = subprocess.Popen(
                    argv, cwd=self.workdir, stdin=subprocess.DEVNULL,
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                self.wait_ready(START_TIMEOUT)
                return self
            except ServerStartError as e:
                last = e
                self.kill()
                if "in use" not in self.log_tail():
                    break        # not a port race: retrying will not help
        raise last

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerStartError(
                    "%s exited with code %s during start-up; log tail:\n%s"
                    % (self.kind, self.proc.returncode, self.log_tail()))
            if self.ping():
                return
            time.sleep(0.05)
        raise ServerStartError("%s did not answer PING within %ss; log tail:\n%s"
                               % (self.kind, timeout, self.log_tail()))

    def _auth_prefix(self):
        return encode_command("AUTH", self.password) if self.password is not None else b""

    def ping(self, timeout=0.5):
        """True when the server answers +PONG on a fresh connection."""
        want = (b"+OK\r\n" if self.password is not None else b"") + b"+PONG\r\n"
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
                s.sendall(self._auth_prefix() + b"PING\r\n")
                data = b""
                while len(data) < len(want) and want.startswith(data):
                    chunk = s.recv(64)
                    if not chunk:
                        return False
                    data += chunk
                return data == want
        except OSError:
            return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def ensure_running(self):
        """Restart a server that died (a crash in an earlier test)."""
        if not self.alive():
            self.restarts += 1
            self.start()

    def stop(self, timeout=5.0):
        """SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL; return the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(self._auth_prefix() + encode_command("SHUTDOWN", "NOSAVE"))
                    s.settimeout(timeout)
                    try:
                        s.recv(1024)
                    except OSError:
                        pass
            except OSError:
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    self.proc.wait(timeout)
                    break
                except subprocess.TimeoutExpired:
                    self.proc.send_signal(sig)
            self.proc.wait()
        return self.proc.returncode

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def cleanup(self):
        self.stop()
        if self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # ---- access ----------------------------------------------------------

    def log_tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def client(self, **kw):
        if self.password is not None:
            kw.setdefault("password", self.password)
        return make_client(self.port, **kw)

    def raw(self, timeout=5.0):
        return RawConn(self.port, timeout=timeout)

    def __repr__(self):
        return "<Server %s port=%s pid=%s>" % (
            self.kind, self.port, self.proc.pid if self.proc else None)


# --------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------

def make_client(port, db=0, protocol=2, single=True, timeout=10.0, **kw):
    """A redis-py client with the hiredis parser, RESP2 and bytes replies.

    No retries (an error must show, not be hidden by a reconnect) and no
    CLIENT SETINFO on connect (not a Redis 7.0 command).
    """
    pool = redis.ConnectionPool(
        host="127.0.0.1", port=port, db=db, protocol=protocol,
        parser_class=_HiredisParser, decode_responses=False,
        socket_timeout=timeout, socket_connect_timeout=timeout,
        driver_info=None,
        retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0), **kw)
    return redis.Redis(connection_pool=pool, single_connection_client=single)


class Err(str):
    """An error reply, full text including its code: Err("ERR syntax error")."""

    def __repr__(self):
        return "Err(%s)" % str.__repr__(self)

    def __eq__(self, other):
        return isinstance(other, Err) and str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


def error_text(exc):
    """The server's error line from a redis-py exception, code included."""
    msg = str(exc.args[0]) if exc.args else ""
    code = getattr(exc, "status_code", None)
    return "%s %s" % (code, msg) if code else msg


def _unwrap(value):
    if isinstance(value, redis.exceptions.RedisError):
        return Err(error_text(value))
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def reply(r, *args):
    """Send one command; return the parsed reply or an `Err` with its text.

    Bypasses redis-py's per-command reply callbacks, so what comes back is
    the protocol reply itself (status replies as bytes, e.g. b"OK").
    """
    conn = r.connection
    pool = None
    if conn is None:
        pool = r.connection_pool
        conn = pool.get_connection()
    lock = getattr(r, "single_connection_lock", None) if pool is None else None
    if lock is not None:
        lock.acquire()
    try:
        conn.send_command(*args)
        try:
            # An error reply leaves the stream in sync: keep the connection
            # (and its state: SELECT, CLIENT SETNAME, ...).
            value = conn.read_response(disconnect_on_error=False)
        except redis.exceptions.RedisError as e:
            if isinstance(e, redis.exceptions.ResponseError) or e.status_code:
                return Err(error_text(e))
            conn.disconnect()
            raise
        except BaseException:
            conn.disconnect()
            raise
        return _unwrap(value)
    finally:
        if lock is not None:
            lock.release()
        if pool is not None:
            pool.release(conn)


def fresh_client(srv):
    """A new client on an emptied server, database 0.

    If FLUSHALL or SELECT themselves fail (an incomplete server), fall back to
    deleting database 0's keys one by one so that the failure shows up in the
    FLUSHALL/SELECT tests instead of in the setup of every test.
    """
    c = srv.client()
    if reply(c, "FLUSHALL") != b"OK":
        warnings.warn("FLUSHALL failed on %s; emptying db 0 with KEYS/DEL" % srv.kind)
        keys = reply(c, "KEYS", "*")
        if isinstance(keys, Err):
            raise AssertionError("cannot empty the %s server: FLUSHALL and KEYS both fail (%s)"
                                 % (srv.kind, keys))
        for k in keys:
            reply(c, "DEL", k)
    if reply(c, "SELECT", "0") != b"OK":
        warnings.warn("SELECT 0 failed on %s; a new connection starts in db 0" % srv.kind)
    return c


def err(r, *args):
    """The error text a command must fail with (fails the test if it succeeds)."""
    value = reply(r, *args)
    assert isinstance(value, Err), "expected an error from %r, got %r" % (args, value)
    return str(value)


def assert_same(both, *args):
    """Run `args` on ours and on the oracle; the replies must be equal."""
    ours, oracle = both
    got = reply(ours, *args)
    want = reply(oracle, *args)
    assert got == want, "%r: ours %r, oracle %r" % (args, got, want)
    return want


def pairs(flat):
    """[k1, v1, k2, v2] -> {k1: v1, k2: v2} (RESP2 maps)."""
    return dict(zip(flat[::2], flat[1::2]))


def wait_for(predicate, timeout=5.0, interval=0.01):
    """Poll `predicate` until it is true; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


# --------------------------------------------------------------------------
# Raw sockets and RESP framing
# --------------------------------------------------------------------------

def encode_command(*args):
    """A command as a RESP multibulk request."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = b"%d" % a
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def resp_end(buf, pos=0):
    """End offset of the complete RESP2/RESP3 reply at `pos`, or None if cut."""
    nl = buf.find(b"\r\n", pos)
    if nl < 0:
        return None
    kind = buf[pos:pos + 1]
    head = buf[pos + 1:nl]
    after = nl + 2
    if kind in b"+-:_,#(":
        return after
    if kind in b"$=!":
        n = int(head)
        if n < 0:
            return after
        end = after + n + 2
        return end if len(buf) >= end else None
    if kind in b"*~>%|":
        n = int(head)
        if n < 0:
            return after
        if kind in b"%|":
            n *= 2
        for _ in range(n):
            after = resp_end(buf, after)
            if after is None:
                return None
        if kind == b"|":             # an attribute precedes the real reply
            return resp_end(buf, after)
        return after
    raise ValueError("not a RESP reply at %d: %r" % (pos, buf[pos:pos + 40]))


def split_replies(buf):
    """Split a buffer into complete replies (the remainder must be empty)."""
    out, pos = [], 0
    while pos < len(buf):
        end = resp_end(buf, pos)
        if end is None:
            raise ValueError("incomplete reply: %r" % buf[pos:pos + 80])
        out.append(buf[pos:end])
        pos = end
    return out


class RawConn:
    """A plain TCP connection for byte-level checks."""

    def __init__(self, port, host="127.0.0.1", timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.timeout = timeout
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _recv(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("no complete reply in time; have %r" % self.buf[:200])
        self.sock.settimeout(left)
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("connection closed; have %r" % self.buf[:200])
        self.buf += chunk

    def read_replies(self, n=1, timeout=None):
        """Read exactly `n` complete replies; return their raw bytes joined."""
        deadline = time.monotonic() + (timeout or self.timeout)
        pos = 0
        for _ in range(n):
            while True:
                end = resp_end(self.buf, pos)
                if end is not None:
                    pos = end
                    break
                self._recv(deadline)
        out, self.buf = self.buf[:pos], self.buf[pos:]
        return out

    def request(self, data, n=1, timeout=None):
        """Send bytes, then read `n` replies."""
        self.send(data)
        return self.read_replies(n, timeout)

    def command(self, *args, timeout=None):
        return self.request(encode_command(*args), 1, timeout)

    def read_until_close(self, timeout=None):
        """Everything the server sends until it closes (raises on timeout)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            try:
                self._recv(deadline)
            except ConnectionError:
                break
            except OSError as e:
                if isinstance(e, socket.timeout):
                    raise
                break            # ECONNRESET counts as closed
        out, self.buf = self.buf, b""
        return out

    def read_available(self, wait=0.2):
        """Whatever arrives within `wait` seconds (no framing)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                self._recv(deadline)
            except (socket.timeout, ConnectionError, OSError):
                break
        out, self.buf = self.buf, b""
        return out

    def is_closed(self, timeout=2.0):
        """True if the server closes the connection within `timeout`."""
        try:
            self.read_until_close(timeout)
            return True
        except socket.timeout:
            return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------
# Error replies every command suite compares against
# --------------------------------------------------------------------------

WRONGTYPE = Err("WRONGTYPE Operation against a key holding the wrong kind of value")
NOT_INTEGER = Err("ERR value is not an integer or out of range")
NOT_FLOAT = Err("ERR value is not a valid float")
SYNTAX = Err("ERR syntax error")
OVERFLOW = Err("ERR increment or decrement would overflow")
DB_OUT_OF_RANGE = Err("ERR DB index is out of range")
NO_SUCH_KEY = Err("ERR no such key")
SAME_OBJECT = Err("ERR source and destination objects are the same")


def arity_error(name):
    """ERR wrong number of arguments for 'name' command (name as Redis prints it)."""
    return Err("ERR wrong number of arguments for '%s' command" % name)


def invalid_expire(name):
    return Err("ERR invalid expire time in '%s' command" % name)


class Background:
    """Send one command on its own connection and wait for its reply in a
    thread (for commands that block or are held back); `done` says whether
    the reply has come, finish() returns its raw bytes."""

    def __init__(self, srv, *args):
        self.conn = RawConn(srv.port, timeout=10)
        self.result = None
        self.error = None
        self.done = threading.Event()
        self.conn.send(encode_command(*args))
        self.thread = threading.Thread(target=self._wait, daemon=True)
        self.thread.start()

    def _wait(self):
        # A test may close the connection itself (a client that leaves
        # while blocked): the wait then ends with the error kept.
        try:
            self.result = self.conn.read_replies(1, timeout=10)
        except OSError as e:
            self.error = e
        self.done.set()

    def finish(self, timeout=5):
        assert self.done.wait(timeout), "no reply came in time"
        self.conn.sock.close()
        if self.error is not None:
            raise self.error
        return self.result
