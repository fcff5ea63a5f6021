"""PING, ECHO, QUIT, RESET, HELLO, AUTH and CLIENT."""

import re

import pytest

from helpers import (SYNTAX, Err, arity_error, encode_command, pairs, reply,
                     wait_for)

CLIENT_FIELDS = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db",
                 "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem",
                 "multi-mem", "obl", "oll", "omem", "tot-mem", "events", "cmd",
                 "user", "redir", "resp"]


def client_fields(line):
    """'id=1 addr=... name= ...' -> ordered dict of field -> value (str)."""
    out = {}
    for part in line.decode().strip().split(" "):
        name, _, value = part.partition("=")
        out[name] = value
    return out


# ---- PING ECHO -------------------------------------------------------------------

def test_ping_replies_pong(r):
    assert reply(r, "PING") == b"PONG"


def test_ping_with_a_message_echoes_it(r):
    assert reply(r, "PING", "hello world") == b"hello world"
    assert reply(r, "PING", "") == b""
    assert reply(r, "PING", b"\x00\xff") == b"\x00\xff"


def test_echo_returns_its_argument(r):
    assert reply(r, "ECHO", "hello") == b"hello"
    assert reply(r, "ECHO", "") == b""
    assert reply(r, "ECHO", b"a\r\nb") == b"a\r\nb"


def test_ping_and_echo_wrong_arity(r):
    assert reply(r, "PING", "a", "b") == arity_error("ping")
    assert reply(r, "ECHO") == arity_error("echo")
    assert reply(r, "ECHO", "a", "b") == arity_error("echo")


# ---- QUIT RESET -------------------------------------------------------------------

def test_quit_replies_ok_and_closes_the_connection(server):
    with server.raw() as c:
        assert c.request(encode_command("QUIT")) == b"+OK\r\n"
        assert c.is_closed()


def test_quit_in_a_pipeline_drops_the_commands_after_it(server):
    with server.raw() as c:
        c.send(encode_command("PING") + encode_command("QUIT") + encode_command("PING"))
        assert c.read_until_close() == b"+PONG\r\n+OK\r\n"


def test_reset_restores_the_connection_defaults(server):
    with server.raw() as c:
        c.command("SELECT", "3")
        c.command("CLIENT", "SETNAME", "someone")
        c.command("HELLO", "3")
        assert c.command("RESET") == b"+RESET\r\n"
        assert c.command("CLIENT", "GETNAME") == b"$-1\r\n"     # RESP2 again
        info = client_fields(c.command("CLIENT", "INFO").split(b"\r\n")[1])
        assert info["db"] == "0"
        assert info["resp"] == "2"
        assert info["name"] == ""


@pytest.mark.requires("multi")
def test_reset_discards_a_transaction(server):
    with server.raw() as c:
        assert c.command("MULTI") == b"+OK\r\n"
        assert c.command("SET", "k", "v") == b"+QUEUED\r\n"
        assert c.command("RESET") == b"+RESET\r\n"
        assert c.command("EXEC") == b"-ERR EXEC without MULTI\r\n"


def test_reset_wrong_arity(r):
    assert reply(r, "RESET", "x") == arity_error("reset")


# ---- HELLO -------------------------------------------------------------------------

def test_hello_without_arguments_describes_the_server_in_resp2(r):
    info = pairs(reply(r, "HELLO"))
    assert list(info) == [b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"]
    assert info[b"proto"] == 2
    assert info[b"id"] == reply(r, "CLIENT", "ID")
    assert info[b"mode"] == b"standalone"
    assert info[b"role"] == b"master"
    assert info[b"modules"] == []
    assert re.match(rb"^\d+\.\d+\.\d+$", info[b"version"])


def test_hello_2_returns_the_same_fields(r):
    info = pairs(reply(r, "HELLO", "2"))
    assert info[b"proto"] == 2


def test_hello_3_switches_the_connection_to_resp3(server):
    with server.raw() as c:
        out = c.command("HELLO", "3")
        assert out.startswith(b"%7\r\n$6\r\nserver\r\n")
        assert b"$5\r\nproto\r\n:3\r\n" in out
        assert c.command("GET", "nokey:hello3") == b"_\r\n"
        assert c.command("HELLO", "2").startswith(b"*14\r\n")
        assert c.command("GET", "nokey:hello3") == b"$-1\r\n"


def test_hello_setname_sets_the_client_name(r):
    reply(r, "HELLO", "2", "SETNAME", "myname")
    assert reply(r, "CLIENT", "GETNAME") == b"myname"


def test_hello_auth_with_the_default_user_and_no_password_set(r):
    info = pairs(reply(r, "HELLO", "2", "AUTH", "default", "anything"))
    assert info[b"proto"] == 2


@pytest.mark.parametrize("args,error", [
    (["4"], "NOPROTO unsupported protocol version"),
    (["1"], "NOPROTO unsupported protocol version"),
    (["0"], "NOPROTO unsupported protocol version"),
    (["abc"], "ERR Protocol version is not an integer or out of range"),
    (["2", "AUTH", "default"], "ERR Syntax error in HELLO option 'AUTH'"),
    (["2", "SETNAME"], "ERR Syntax error in HELLO option 'SETNAME'"),
    (["2", "FOO"], "ERR Syntax error in HELLO option 'FOO'"),
    (["2", "SETNAME", "a b"],
     "ERR Client names cannot contain spaces, newlines or special characters."),
])
def test_hello_errors(r, args, error):
    assert reply(r, "HELLO", *args) == Err(error)


def test_hello_with_an_unsupported_version_keeps_the_protocol(server):
    with server.raw() as c:
        assert c.command("HELLO", "4") == b"-NOPROTO unsupported protocol version\r\n"
        assert c.command("GET", "nokey:hello4") == b"$-1\r\n"


# ---- AUTH ---------------------------------------------------------------------------

def test_auth_without_a_configured_password_is_an_error(r):
    assert reply(r, "AUTH", "foo") == Err(
        "ERR AUTH <password> called without any password configured for the default "
        "user. Are you sure your configuration is correct?")


def test_auth_as_the_default_nopass_user_succeeds(r):
    assert reply(r, "AUTH", "default", "whatever") == b"OK"


def test_auth_as_an_unknown_user_fails(r):
    assert reply(r, "AUTH", "nosuchuser", "pw") == Err(
        "WRONGPASS invalid username-password pair or user is disabled.")


def test_auth_syntax_and_arity(r):
    assert reply(r, "AUTH") == arity_error("auth")
    assert reply(r, "AUTH", "a", "b", "c") == SYNTAX


# ---- CLIENT -----------------------------------------------------------------------------

def test_client_id_is_a_positive_integer_unique_per_connection(r, server):
    other = server.client()
    try:
        mine, theirs = reply(r, "CLIENT", "ID"), reply(other, "CLIENT", "ID")
    finally:
        other.close()
    assert isinstance(mine, int) and mine > 0
    assert mine != theirs


def test_client_ids_increase(server):
    # b connects only once a has been served: with several workers, two
    # connections opened together may be accepted in either order.
    a = server.client()
    try:
        first = reply(a, "CLIENT", "ID")
        with server.client() as b:
            assert reply(b, "CLIENT", "ID") > first
    finally:
        a.close()


def test_client_setname_and_getname(r):
    assert reply(r, "CLIENT", "GETNAME") is None
    assert reply(r, "CLIENT", "SETNAME", "worker-1") == b"OK"
    assert reply(r, "CLIENT", "GETNAME") == b"worker-1"
    assert reply(r, "CLIENT", "SETNAME", "") == b"OK"
    assert reply(r, "CLIENT", "GETNAME") is None


@pytest.mark.parametrize("name", ["a b", "a\nb", "tab\there", "caf\xe9"])
def test_client_setname_rejects_spaces_and_special_characters(r, name):
    assert reply(r, "CLIENT", "SETNAME", name.encode("latin-1")) == Err(
        "ERR Client names cannot contain spaces, newlines or special characters.")


def test_client_info_describes_this_connection(r):
    reply(r, "CLIENT", "SETNAME", "me")
    reply(r, "SELECT", "4")
    line = reply(r, "CLIENT", "INFO")
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    f = client_fields(line)
    assert list(f)[:2] == ["id", "addr"]
    assert set(CLIENT_FIELDS) <= set(f)
    assert int(f["id"]) == reply(r, "CLIENT", "ID")
    assert f["name"] == "me"
    assert f["db"] == "4"
    assert f["cmd"] == "client|info"
    assert f["user"] == "default"
    assert f["resp"] == "2"
    assert f["flags"] == "N"
    assert f["multi"] == "-1"
    assert re.match(r"^127\.0\.0\.1:\d+$", f["addr"])


def test_client_list_has_a_line_per_connection_with_all_fields(r, server):
    others = [server.client() for _ in range(3)]
    try:
        ids = {reply(c, "CLIENT", "ID") for c in others} | {reply(r, "CLIENT", "ID")}
        out = reply(r, "CLIENT", "LIST")
        lines = [client_fields(x) for x in out.splitlines() if x]
        for f in lines:
            assert set(CLIENT_FIELDS) <= set(f), sorted(set(CLIENT_FIELDS) - set(f))
            assert re.match(r"^\d+$", f["age"]) and re.match(r"^\d+$", f["idle"])
        assert ids <= {int(f["id"]) for f in lines}
        port = str(server.port)
        assert all(f["laddr"].endswith(":" + port) for f in lines)
    finally:
        for c in others:
            c.close()


def test_client_list_by_id_and_type(r):
    me = reply(r, "CLIENT", "ID")
    out = reply(r, "CLIENT", "LIST", "ID", str(me), "999999")
    assert [client_fields(x)["id"] for x in out.splitlines()] == [str(me)]
    normal = reply(r, "CLIENT", "LIST", "TYPE", "normal")
    assert str(me) in {client_fields(x)["id"] for x in normal.splitlines()}
    assert reply(r, "CLIENT", "LIST", "TYPE", "pubsub") == b""


def test_client_list_errors(r):
    assert reply(r, "CLIENT", "LIST", "ID", "abc") == Err("ERR Invalid client ID")
    assert reply(r, "CLIENT", "LIST", "TYPE", "foo") == Err("ERR Unknown client type 'foo'")
    assert reply(r, "CLIENT", "LIST", "foo") == SYNTAX


def test_client_kill_by_id_closes_that_connection(r, server):
    victim = server.raw()
    try:
        victim.command("CLIENT", "SETNAME", "victim")
        vid = int(victim.command("CLIENT", "ID")[1:-2])
        assert reply(r, "CLIENT", "KILL", "ID", str(vid)) == 1
        assert victim.is_closed()
        assert b"name=victim" not in reply(r, "CLIENT", "LIST")
    finally:
        victim.close()


def test_client_kill_by_address_old_and_new_forms(r, server):
    a, b = server.raw(), server.raw()
    try:
        addr_a = "127.0.0.1:%d" % a.sock.getsockname()[1]
        addr_b = "127.0.0.1:%d" % b.sock.getsockname()[1]
        a.command("PING")
        b.command("PING")
        assert reply(r, "CLIENT", "KILL", addr_a) == b"OK"
        assert reply(r, "CLIENT", "KILL", "ADDR", addr_b) == 1
        assert a.is_closed() and b.is_closed()
    finally:
        a.close()
        b.close()


def test_client_kill_skips_the_caller_by_default(r):
    me = str(reply(r, "CLIENT", "ID"))
    assert reply(r, "CLIENT", "KILL", "ID", me) == 0
    assert reply(r, "PING") == b"PONG"


def test_client_kill_skipme_no_kills_the_caller(server):
    with server.raw() as c:
        me = c.command("CLIENT", "ID")[1:-2].decode()
        assert c.request(encode_command("CLIENT", "KILL", "ID", me, "SKIPME", "no")) == b":1\r\n"
        assert c.is_closed()


def test_client_kill_of_nothing(r):
    assert reply(r, "CLIENT", "KILL", "1.2.3.4:5") == Err("ERR No such client")
    assert reply(r, "CLIENT", "KILL", "ID", "999999") == 0
    assert reply(r, "CLIENT", "KILL", "ADDR", "1.2.3.4:5") == 0


@pytest.mark.parametrize("args,error", [
    (["ID", "abc"], "ERR client-id should be greater than 0"),
    (["TYPE", "foo"], "ERR Unknown client type 'foo'"),
    (["SKIPME", "maybe"], "ERR syntax error"),
    (["foo", "bar"], "ERR syntax error"),
    (["USER", "nosuch"], "ERR No such user 'nosuch'"),
])
def test_client_kill_errors(r, args, error):
    assert reply(r, "CLIENT", "KILL", *args) == Err(error)


def test_client_unknown_subcommand_and_arity(r):
    assert reply(r, "CLIENT", "FOO") == Err("ERR unknown subcommand 'FOO'. Try CLIENT HELP.")
    assert reply(r, "CLIENT") == arity_error("client")
    assert reply(r, "CLIENT", "ID", "x") == arity_error("client|id")
    assert reply(r, "CLIENT", "GETNAME", "x") == arity_error("client|getname")
    assert reply(r, "CLIENT", "SETNAME") == arity_error("client|setname")
    assert reply(r, "CLIENT", "SETNAME", "a", "b") == arity_error("client|setname")
    assert reply(r, "CLIENT", "INFO", "x") == arity_error("client|info")
    assert reply(r, "CLIENT", "KILL") == arity_error("client|kill")


def test_client_list_follows_connects_and_disconnects(r, server):
    def listed_ids():
        return {int(client_fields(x)["id"]) for x in reply(r, "CLIENT", "LIST").splitlines() if x}

    extra = [server.raw() for _ in range(5)]
    ids = {int(c.command("CLIENT", "ID")[1:-2]) for c in extra}
    assert len(ids) == 5
    assert ids <= listed_ids()
    for c in extra:
        c.close()
    assert wait_for(lambda: not (ids & listed_ids()), timeout=5)
