"""Hash replies byte for byte in RESP3 (after HELLO 3) and RESP2: HGETALL is a
map, HKEYS/HVALS/HMGET arrays, missing values nulls, HINCRBYFLOAT a bulk
string."""

import pytest

from helpers import reply


@pytest.fixture
def c3(server, r):
    """A raw RESP3 connection; "h" holds a=1, b=hello."""
    reply(r, "HSET", "h", "a", "1", "b", "hello")
    c = server.raw()
    assert c.command("HELLO", "3").startswith(b"%")
    yield c
    c.close()


@pytest.fixture
def c2(server, r):
    reply(r, "HSET", "h", "a", "1", "b", "hello")
    c = server.raw()
    yield c
    c.close()


def test_hgetall_is_a_map(c3):
    assert c3.command("HGETALL", "h") == b"%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$5\r\nhello\r\n"
    assert c3.command("HGETALL", "nokey") == b"%0\r\n"


def test_hgetall_in_resp2_is_a_flat_array(c2):
    assert c2.command("HGETALL", "h") == b"*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$5\r\nhello\r\n"
    assert c2.command("HGETALL", "nokey") == b"*0\r\n"


def test_hkeys_and_hvals_are_arrays(c3):
    assert c3.command("HKEYS", "h") == b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    assert c3.command("HVALS", "h") == b"*2\r\n$1\r\n1\r\n$5\r\nhello\r\n"
    assert c3.command("HKEYS", "nokey") == b"*0\r\n"
    assert c3.command("HVALS", "nokey") == b"*0\r\n"


def test_nulls(c3):
    assert c3.command("HGET", "h", "x") == b"_\r\n"
    assert c3.command("HGET", "nokey", "x") == b"_\r\n"
    assert c3.command("HMGET", "h", "x", "a") == b"*2\r\n_\r\n$1\r\n1\r\n"
    assert c3.command("HMGET", "nokey", "x") == b"*1\r\n_\r\n"


def test_resp2_nulls(c2):
    assert c2.command("HGET", "h", "x") == b"$-1\r\n"
    assert c2.command("HMGET", "h", "x", "a") == b"*2\r\n$-1\r\n$1\r\n1\r\n"


def test_integers_and_bulk_strings(c3):
    assert c3.command("HEXISTS", "h", "a") == b":1\r\n"
    assert c3.command("HLEN", "h") == b":2\r\n"
    assert c3.command("HSTRLEN", "h", "b") == b":5\r\n"
    assert c3.command("HSET", "h", "c", "3") == b":1\r\n"
    assert c3.command("HSETNX", "h", "c", "3") == b":0\r\n"
    assert c3.command("HDEL", "h", "c") == b":1\r\n"
    assert c3.command("HINCRBY", "h", "a", "2") == b":3\r\n"
    assert c3.command("HINCRBYFLOAT", "h", "a", "0.5") == b"$3\r\n3.5\r\n"
    assert c3.command("HMSET", "h", "d", "4") == b"+OK\r\n"
    assert c3.command("HGET", "h", "a") == b"$3\r\n3.5\r\n"
