"""A server started with `requirepass`: AUTH, NOAUTH, HELLO AUTH, and the
stricter protocol limits for clients that have not authenticated yet."""

import pytest

from helpers import Server, encode_command, missing_reason, ours_kind

KIND = ours_kind()
NOAUTH = b"-NOAUTH Authentication required.\r\n"
WRONGPASS = b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"


@pytest.fixture(scope="module")
def locked():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)
    with Server(KIND, threads=2, password="s3cret") as srv:
        yield srv


def test_commands_need_auth(locked):
    with locked.raw() as c:
        assert c.command("PING") == NOAUTH
        assert c.command("GET", "k") == NOAUTH
        assert c.request(b"GET k\r\n") == NOAUTH


def test_auth_with_the_wrong_password(locked):
    with locked.raw() as c:
        assert c.command("AUTH", "wrong") == WRONGPASS
        assert c.command("AUTH", "default", "wrong") == WRONGPASS
        assert c.command("PING") == NOAUTH


def test_auth_with_the_password_then_commands_work(locked):
    with locked.raw() as c:
        assert c.command("AUTH", "s3cret") == b"+OK\r\n"
        assert c.command("PING") == b"+PONG\r\n"
    with locked.raw() as c:
        assert c.command("AUTH", "default", "s3cret") == b"+OK\r\n"
        assert c.command("SET", "k", "v") == b"+OK\r\n"


def test_auth_and_a_command_in_one_write(locked):
    with locked.raw() as c:
        c.send(encode_command("AUTH", "s3cret") + encode_command("PING"))
        assert c.read_replies(2) == b"+OK\r\n+PONG\r\n"


def test_hello_needs_auth_unless_it_carries_it(locked):
    with locked.raw() as c:
        assert c.command("HELLO", "3") == (
            b"-NOAUTH HELLO must be called with the client already authenticated, otherwise "
            b"the HELLO AUTH <user> <pass> option can be used to authenticate the client and "
            b"select the RESP protocol version at the same time\r\n")
        assert c.command("HELLO", "3", "AUTH", "default", "wrong") == WRONGPASS
        assert c.command("HELLO", "3", "AUTH", "default", "s3cret").startswith(b"%7\r\n")
        assert c.command("GET", "nokey") == b"_\r\n"


def test_quit_and_reset_work_without_auth(locked):
    with locked.raw() as c:
        assert c.command("RESET") == b"+RESET\r\n"
        assert c.request(encode_command("QUIT")) == b"+OK\r\n"


def test_reset_forgets_the_authentication(locked):
    with locked.raw() as c:
        c.command("AUTH", "s3cret")
        assert c.command("RESET") == b"+RESET\r\n"
        assert c.command("PING") == NOAUTH


def test_unauthenticated_clients_may_not_declare_large_multibulks(locked):
    with locked.raw() as c:
        c.send(b"*11\r\n")
        assert c.read_until_close() == b"-ERR Protocol error: unauthenticated multibulk length\r\n"
    with locked.raw() as c:
        c.send(b"*10\r\n")
        assert c.read_available(0.2) == b""


def test_unauthenticated_clients_may_not_declare_large_bulks(locked):
    with locked.raw() as c:
        c.send(b"*1\r\n$16385\r\n")
        assert c.read_until_close() == b"-ERR Protocol error: unauthenticated bulk length\r\n"
    with locked.raw() as c:
        c.send(b"*1\r\n$16384\r\n")
        assert c.read_available(0.2) == b""


def test_authenticated_clients_may_send_large_bulks(locked):
    with locked.raw() as c:
        c.command("AUTH", "s3cret")
        assert c.command("SET", "big", b"x" * 100000) == b"+OK\r\n"
        assert c.command("STRLEN", "big") == b":100000\r\n"
