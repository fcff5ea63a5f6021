"""Security basics: protected mode and rename-command.

Protected mode (on by default, no password): a TCP client whose address is
not 127.0.0.1 or ::1 gets the DENIED error and is disconnected. A client can
pick 127.0.0.2 as its source address on any Linux host, so that case always
runs; the machine's own non-loopback address is used too where it has one.

These start their own servers. Ours normally; with KEYDB_TEST_ORACLE_ONLY=1
redis-server instead, to check the tests themselves.
"""

import os
import re
import socket
import subprocess
import tempfile

import pytest

from helpers import (Err, Server, encode_command, executable, free_port, missing_reason,
                     ours_kind, reply)

KIND = ours_kind()

DENIED = (
    b"-DENIED Redis is running in protected mode because protected mode is enabled and no "
    b"password is set for the default user. In this mode connections are only accepted from "
    b"the loopback interface. If you want to connect from external computers to Redis you may "
    b"adopt one of the following solutions: 1) Just disable protected mode sending the command "
    b"'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from "
    b"the same host the server is running, however MAKE SURE Redis is not publicly accessible "
    b"from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) "
    b"Alternatively you can just disable the protected mode by editing the Redis configuration "
    b"file, and setting the protected mode option to 'no', and then restarting the server. 3) "
    b"If you started the server manually just for testing, restart it with the "
    b"'--protected-mode no' option. 4) Setup a an authentication password for the default "
    b"user. NOTE: You only need to do one of the above things in order for the server to start "
    b"accepting connections from the outside.\r\n")

FATAL_BLOCK = re.compile(
    r"\*\*\* FATAL CONFIG FILE ERROR \((?:Redis|KeyDB) [0-9][0-9.]*\) \*\*\*\n"
    r"Reading the configuration file, at line (\d+)\n>>> '(.*)'\n(.+)\n")


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="keydb-security-") as d:
        yield d


def outside_address():
    """This machine's first non-loopback IPv4 address, or None."""
    try:
        out = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"],
                             capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"\binet (\d+\.\d+\.\d+\.\d+)/", out)
    return m.group(1) if m else None


def talk(host, port, source=None, data=b"PING\r\n"):
    """Connect (from `source` if given), send, return all bytes until close or
    until the first reply when the server keeps the connection."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        if source:
            s.bind((source, 0))
        s.connect((host, port))
        s.sendall(data)
        got = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            got += chunk
            if not got.startswith(b"-DENIED") and got.endswith(b"\r\n"):
                return got, False
        return got, True
    finally:
        s.close()


def stats(srv):
    c = srv.client()
    try:
        info = c.info("stats")
    finally:
        c.close()
    return info["total_connections_received"], info["rejected_connections"]


# ---- protected mode ---------------------------------------------------------------------

def test_non_loopback_source_is_denied_and_disconnected(workdir):
    with Server(KIND, workdir=workdir) as srv:
        total, rejected = stats(srv)
        got, closed = talk("127.0.0.1", srv.port, source="127.0.0.2")
        assert got == DENIED
        assert closed
        total2, rejected2 = stats(srv)
        assert rejected2 == rejected + 1
        assert total2 == total + 1, "only the INFO connection counts as received"
        assert srv.ping()


def test_outside_interface_is_denied(workdir):
    addr = outside_address()
    if addr is None:
        pytest.skip("this host has only loopback interfaces")
    with Server(KIND, options=[("bind", "127.0.0.1 " + addr)], workdir=workdir) as srv:
        got, closed = talk(addr, srv.port)
        assert (got, closed) == (DENIED, True)
        assert talk("127.0.0.1", srv.port) == (b"+PONG\r\n", False)


def test_loopback_is_always_allowed(workdir):
    with Server(KIND, workdir=workdir) as srv:
        assert talk("127.0.0.1", srv.port, source="127.0.0.1") == (b"+PONG\r\n", False)


def test_ipv6_loopback_is_allowed(workdir):
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback")
    with Server(KIND, options=[("bind", "127.0.0.1 ::1")], workdir=workdir) as srv:
        with socket.create_connection(("::1", srv.port), timeout=5) as s:
            s.sendall(b"PING\r\n")
            assert s.recv(64) == b"+PONG\r\n"


def test_unix_socket_is_allowed(workdir):
    path = os.path.join(workdir, "s.sock")
    with Server(KIND, options=[("unixsocket", path)], workdir=workdir) as srv:
        assert srv.ping()
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(path)
            s.sendall(b"PING\r\n")
            assert s.recv(64) == b"+PONG\r\n"


def test_protected_mode_no_accepts_everyone(workdir):
    with Server(KIND, options=[("protected-mode", "no")], workdir=workdir) as srv:
        assert talk("127.0.0.1", srv.port, source="127.0.0.2") == (b"+PONG\r\n", False)


def test_config_set_protected_mode_applies_to_new_connections(workdir):
    with Server(KIND, workdir=workdir) as srv:
        assert talk("127.0.0.1", srv.port, source="127.0.0.2")[0] == DENIED
        c = srv.client()
        try:
            assert c.config_get("protected-mode") == {"protected-mode": "yes"}
            assert reply(c, "CONFIG", "SET", "protected-mode", "no") == b"OK"
            assert talk("127.0.0.1", srv.port, source="127.0.0.2") == (b"+PONG\r\n", False)
            assert reply(c, "CONFIG", "SET", "protected-mode", "yes") == b"OK"
            assert talk("127.0.0.1", srv.port, source="127.0.0.2")[0] == DENIED
        finally:
            c.close()


def test_a_password_lifts_protected_mode(workdir):
    with Server(KIND, password="pw", workdir=workdir) as srv:
        data = encode_command("PING") + encode_command("AUTH", "pw") + encode_command("PING")
        s = socket.socket()
        s.settimeout(5)
        try:
            s.bind(("127.0.0.2", 0))
            s.connect(("127.0.0.1", srv.port))
            s.sendall(data)
            want = b"-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n"
            got = b""
            while len(got) < len(want):
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            assert got == want
        finally:
            s.close()


# ---- rename-command ---------------------------------------------------------------------

RENAMES = ("rename-command get myget\n"
           "rename-command flushall \"\"\n"
           "rename-command config cfg\n")


@pytest.fixture(scope="module")
def renamed():
    with tempfile.TemporaryDirectory(prefix="keydb-rename-") as d:
        with Server(KIND, config_text=RENAMES, workdir=d) as srv:
            c = srv.client()
            yield srv, c
            c.close()


def unknown(name, *args):
    return Err("ERR unknown command '%s', with args beginning with: %s" % (
        name, "".join("'%s' " % a for a in args)))


def test_renamed_command_answers_to_its_new_name_only(renamed):
    srv, c = renamed
    assert reply(c, "SET", "k", "v") == b"OK"
    assert reply(c, "myget", "k") == b"v"
    assert reply(c, "MyGeT", "k") == b"v"
    assert reply(c, "GET", "k") == unknown("GET", "k")


def test_disabled_command_is_unknown(renamed):
    srv, c = renamed
    assert reply(c, "FLUSHALL") == unknown("FLUSHALL")
    assert reply(c, "flushall", "async") == unknown("flushall", "async")


def test_renamed_container_keeps_its_subcommands(renamed):
    srv, c = renamed
    assert reply(c, "cfg", "get", "databases") == [b"databases", b"16"]
    assert reply(c, "CONFIG", "GET", "databases") == unknown("CONFIG", "GET", "databases")
    assert reply(c, "cfg", "nosuch") == Err("ERR unknown subcommand 'nosuch'. Try CFG HELP.")
    assert reply(c, "cfg", "get") == Err("ERR wrong number of arguments for 'config|get' command")


def test_command_info_looks_up_new_names_and_shows_real_ones(renamed):
    srv, c = renamed
    info = reply(c, "COMMAND", "INFO", "get", "myget", "flushall", "cfg|get", "config|get")
    assert info[0] is None and info[2] is None and info[4] is None
    assert info[1][0] == b"get" and info[1][1] == 2
    assert info[3][0] == b"config|get"
    docs = reply(c, "COMMAND", "DOCS", "myget")
    assert docs[0] == b"get"


def test_command_listing_drops_disabled_commands(renamed, workdir):
    srv, c = renamed
    names = [entry[0] for entry in reply(c, "COMMAND")]
    assert b"flushall" not in names
    assert b"get" in names and b"myget" not in names
    with Server(KIND, workdir=workdir) as plain:
        p = plain.client()
        try:
            assert reply(p, "COMMAND", "COUNT") == reply(c, "COMMAND", "COUNT") + 1
        finally:
            p.close()


def test_rename_on_the_command_line(workdir):
    # "--rename-command get" then "myget": the command line carries both words.
    with Server(KIND, options=[("rename-command get", "myget")], workdir=workdir) as srv:
        c = srv.client()
        try:
            assert reply(c, "myget", "x") is None
            assert reply(c, "get", "x") == unknown("get", "x")
        finally:
            c.close()


def test_rename_to_the_same_name_in_another_case(workdir):
    with Server(KIND, config_text="rename-command get GET\n", workdir=workdir) as srv:
        c = srv.client()
        try:
            assert reply(c, "get", "x") is None
        finally:
            c.close()


@pytest.mark.parametrize("content,line,reason", [
    ("rename-command nosuch foo\n", 1, "No such command in rename-command"),
    ("rename-command get set\n", 1, "Target command name already exists"),
    ("rename-command get\n", 1, "Bad directive or wrong number of arguments"),
    ("rename-command get a b\n", 1, "Bad directive or wrong number of arguments"),
    ("rename-command get \"\"\nrename-command get x\n", 2, "No such command in rename-command"),
    ("rename-command get x\nrename-command get y\n", 2, "No such command in rename-command"),
])
def test_bad_rename_lines_are_fatal(workdir, content, line, reason):
    conf = os.path.join(workdir, "bad.conf")
    with open(conf, "w") as f:
        f.write(content)
    p = subprocess.run([executable(KIND), conf, "--port", str(free_port())], cwd=workdir,
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=15)
    assert p.returncode != 0
    m = FATAL_BLOCK.search(p.stderr.decode())
    assert m, p.stderr
    assert (int(m.group(1)), m.group(2), m.group(3)) == \
        (line, content.splitlines()[line - 1], reason)
