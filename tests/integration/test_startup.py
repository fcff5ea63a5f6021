"""Start-up and shutdown of the server process: config file errors, option
overrides, exit codes and log lines, many connections on four threads,
unix sockets.

These start their own servers. Ours normally; with KEYDB_TEST_ORACLE_ONLY=1
redis-server instead, to check the tests themselves.
"""

import os
import re
import signal
import socket
import stat
import subprocess
import tempfile
import threading

import pytest
import redis

from helpers import (REDIS_SERVER, Server, encode_command, executable, free_port,
                     missing_reason, no_oracle, ours_kind)

KIND = ours_kind()

FATAL_BLOCK = re.compile(
    r"\n\*\*\* FATAL CONFIG FILE ERROR \((?:Redis|KeyDB) [0-9][0-9.]*\) \*\*\*\n"
    r"Reading the configuration file, at line (\d+)\n"
    r">>> '(.*)'\n"
    r"(.+)\n")


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="keydb-startup-") as d:
        yield d


def run_to_exit(kind, args, cwd, timeout=15):
    """Run a server that is expected to exit on its own; return (rc, stdout, stderr)."""
    p = subprocess.run([executable(kind)] + args, cwd=cwd, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def normalize_fatal(text):
    return re.sub(r"\((?:Redis|KeyDB) [0-9][0-9.]*\)", "(VERSION)", text)


# ---- config file errors ---------------------------------------------------------------

def test_unknown_option_in_a_config_file_is_fatal(workdir):
    conf = os.path.join(workdir, "bad.conf")
    with open(conf, "w") as f:
        f.write("port %d\nsave \"\"\nnosuchoption yes\n" % free_port())
    rc, out, err = run_to_exit(KIND, [conf], workdir)
    assert rc != 0
    m = FATAL_BLOCK.search(err)
    assert m, "no FATAL CONFIG FILE ERROR block on stderr:\n%s" % err
    assert m.group(1) == "3"
    assert m.group(2) == "nosuchoption yes"
    assert m.group(3) == "Bad directive or wrong number of arguments"


@pytest.mark.parametrize("content,line,echo,reason", [
    ("databases\n", "1", "databases", "wrong number of arguments"),
    ("port 1234\nmaxmemory abc\n", "2", "maxmemory abc", "argument must be a memory value"),
    ("\n# comment\nappendonly maybe\n", "3", "appendonly maybe",
     "argument must be 'yes' or 'no'"),
])
def test_invalid_values_in_a_config_file_are_fatal(workdir, content, line, echo, reason):
    conf = os.path.join(workdir, "bad.conf")
    with open(conf, "w") as f:
        f.write(content)
    rc, out, err = run_to_exit(KIND, [conf, "--port", str(free_port())], workdir)
    assert rc != 0
    m = FATAL_BLOCK.search(err)
    assert m, err
    assert (m.group(1), m.group(2), m.group(3)) == (line, echo, reason)


def test_unknown_command_line_option_is_fatal(workdir):
    rc, out, err = run_to_exit(KIND, ["--port", str(free_port()), "--nosuch", "yes"], workdir)
    assert rc != 0
    m = FATAL_BLOCK.search(err)
    assert m, err
    assert m.group(2) == 'nosuch "yes"'
    assert m.group(3) == "Bad directive or wrong number of arguments"


@pytest.mark.skipif(KIND == "redis" or REDIS_SERVER is None or no_oracle(),
                    reason="compares our stderr with redis-server's")
@pytest.mark.parametrize("content", ["port 1\nnosuchoption yes\n", "databases\n",
                                     "maxmemory 12qq\n"])
def test_config_file_error_block_is_the_same_as_redis(workdir, content):
    conf = os.path.join(workdir, "bad.conf")
    with open(conf, "w") as f:
        f.write(content)
    ours = run_to_exit("keydb", [conf], workdir)
    theirs = run_to_exit("redis", [conf], workdir)
    assert (ours[0] != 0) and (theirs[0] != 0)
    assert FATAL_BLOCK.search(ours[2]) and FATAL_BLOCK.search(theirs[2])
    assert normalize_fatal(FATAL_BLOCK.search(ours[2]).group(0)) == \
        normalize_fatal(FATAL_BLOCK.search(theirs[2]).group(0))


def test_missing_config_file_is_fatal(workdir):
    rc, out, err = run_to_exit(KIND, [os.path.join(workdir, "none.conf")], workdir)
    assert rc != 0
    assert "can't open config file" in out + err


# ---- options --------------------------------------------------------------------------

def test_port_on_the_command_line_overrides_the_config_file(workdir):
    file_port = free_port()
    srv = Server(KIND, config_text="port %d\ndatabases 4\n" % file_port, workdir=workdir)
    with srv:
        assert srv.port != file_port
        c = srv.client()
        try:
            assert c.config_get("port") == {"port": str(srv.port)}
            assert c.config_get("databases") == {"databases": "4"}
            with pytest.raises(redis.ResponseError):
                c.select(4)
        finally:
            c.close()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", file_port), timeout=1).close()


def test_config_file_values_are_applied(workdir):
    conf = "maxmemory 10mb\nmaxmemory-policy allkeys-lru\nhz 20\n"
    with Server(KIND, config_text=conf, workdir=workdir) as srv:
        c = srv.client()
        try:
            got = c.config_get("maxmemory*")
            assert got["maxmemory"] == str(10 * 1024 * 1024)
            assert got["maxmemory-policy"] == "allkeys-lru"
            assert c.config_get("hz") == {"hz": "20"}
        finally:
            c.close()


def test_command_line_options_override_the_config_file(workdir):
    srv = Server(KIND, config_text="maxmemory-policy allkeys-lru\n",
                 options=[("maxmemory-policy", "volatile-ttl")], workdir=workdir)
    with srv:
        c = srv.client()
        try:
            assert c.config_get("maxmemory-policy") == {"maxmemory-policy": "volatile-ttl"}
        finally:
            c.close()


# ---- shutdown -------------------------------------------------------------------------

def test_sigterm_exits_with_code_zero_and_says_goodbye(workdir):
    srv = Server(KIND, workdir=workdir).start()
    try:
        srv.proc.send_signal(signal.SIGTERM)
        assert srv.proc.wait(15) == 0
        assert "ready to exit, bye bye" in srv.log_text()
    finally:
        srv.kill()


def test_sigint_exits_with_code_zero(workdir):
    srv = Server(KIND, workdir=workdir).start()
    try:
        srv.proc.send_signal(signal.SIGINT)
        assert srv.proc.wait(15) == 0
        assert "ready to exit, bye bye" in srv.log_text()
    finally:
        srv.kill()


@pytest.mark.parametrize("args", [["SHUTDOWN"], ["SHUTDOWN", "NOSAVE"]])
def test_shutdown_command_exits_with_code_zero_and_says_goodbye(workdir, args):
    srv = Server(KIND, workdir=workdir).start()
    try:
        with srv.raw() as c:
            c.send(encode_command(*args))
            assert c.read_until_close(timeout=15) == b""
        assert srv.proc.wait(15) == 0
        assert "ready to exit, bye bye" in srv.log_text()
    finally:
        srv.kill()


def test_shutdown_while_clients_are_connected(workdir):
    srv = Server(KIND, threads=4, workdir=workdir).start()
    try:
        idle = [srv.raw() for _ in range(20)]
        for c in idle:
            c.command("PING")
        with srv.raw() as c:
            c.send(b"*1\r\n$8\r\nSHUTDOWN\r\n")
            c.read_until_close(timeout=15)
        assert srv.proc.wait(15) == 0
        for c in idle:
            assert c.is_closed(5)
            c.close()
    finally:
        srv.kill()


def test_sigterm_exits_while_a_client_is_mid_command(workdir):
    srv = Server(KIND, threads=4, workdir=workdir).start()
    try:
        with srv.raw() as c:
            c.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc")     # incomplete
            srv.proc.send_signal(signal.SIGTERM)
            assert srv.proc.wait(15) == 0
    finally:
        srv.kill()


# ---- threads and connections -------------------------------------------------------------

def test_four_thread_server_answers_on_many_connections(workdir):
    with Server(KIND, threads=4, workdir=workdir) as srv:
        if KIND == "keydb":
            c = srv.client()
            assert c.config_get("server-threads") == {"server-threads": "4"}
            c.close()
        conns = [srv.raw() for _ in range(200)]
        try:
            for i, c in enumerate(conns):
                c.send(b"*3\r\n$3\r\nSET\r\n$%d\r\nconn:%d\r\n$1\r\n1\r\n" % (len(b"conn:%d" % i), i))
            for c in conns:
                assert c.read_replies(1) == b"+OK\r\n"
            for c in conns:
                assert c.command("PING") == b"+PONG\r\n"
            r = srv.client()
            assert r.dbsize() == 200
            r.close()
        finally:
            for c in conns:
                c.close()


def test_four_thread_server_serves_parallel_clients(workdir):
    with Server(KIND, threads=4, workdir=workdir) as srv:
        errors = []

        def work(i):
            try:
                c = srv.client()
                for n in range(200):
                    c.set("t%d" % i, n)
                    assert c.get("t%d" % i) == b"%d" % n
                c.close()
            except Exception as e:      # reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors[:3]


# ---- unix socket ------------------------------------------------------------------------------

def test_unix_socket_option(workdir):
    path = os.path.join(workdir, "keydb.sock")
    srv = Server(KIND, options=[("unixsocket", path), ("unixsocketperm", "700")],
                 workdir=workdir)
    with srv:
        assert stat.S_ISSOCK(os.stat(path).st_mode)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
        c = redis.Redis(unix_socket_path=path, protocol=2)
        try:
            assert c.ping()
            assert c.set("via:unix", "1")
            line = c.execute_command("CLIENT", "INFO").decode()
            assert "addr=%s:0" % path in line
            assert " flags=U " in line
        finally:
            c.close()
        tcp = srv.client()
        try:
            assert tcp.get("via:unix") == b"1"
            assert tcp.config_get("unixsocket") == {"unixsocket": path}
        finally:
            tcp.close()
    assert not os.path.exists(path), "the unix socket file must be removed at shutdown"
