"""Sorted-set replies in RESP3, byte for byte: scores are doubles (",1.5"),
WITHSCORES pairs are nested arrays, missing things are "_"; ZSCAN stays a
list of bulk strings."""

import pytest

from helpers import reply


def resp3(server, *cmds):
    with server.raw() as c:
        c.command("HELLO", "3")
        return [c.command(*cmd) for cmd in cmds]


@pytest.mark.parametrize("enc_entries", ["128", "0"])
def test_resp3_replies(server, r, enc_entries):
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", enc_entries)
    try:
        reply(r, "ZADD", "z", "1", "a", "2.5", "b", "inf", "c")
        got = resp3(server,
                    ("ZSCORE", "z", "b"), ("ZSCORE", "z", "c"), ("ZSCORE", "z", "x"),
                    ("ZMSCORE", "z", "a", "x"), ("ZINCRBY", "z", "0.5", "a"),
                    ("ZADD", "z", "INCR", "1", "a"), ("ZADD", "z", "XX", "INCR", "1", "x"),
                    ("ZRANK", "z", "b"), ("ZRANK", "z", "x"),
                    ("ZRANGE", "z", "0", "1", "WITHSCORES"), ("ZRANGE", "z", "0", "1"),
                    ("ZRANGEBYSCORE", "z", "2", "inf", "WITHSCORES", "LIMIT", "0", "1"),
                    ("ZREVRANGE", "z", "0", "0", "WITHSCORES"),
                    ("ZRANGE", "z", "-", "+", "BYLEX"),
                    ("ZRANGE", "nokey", "0", "-1", "WITHSCORES"))
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")
    assert got == [
        b",2.5\r\n", b",inf\r\n", b"_\r\n",
        b"*2\r\n,1\r\n_\r\n", b",1.5\r\n",
        b",2.5\r\n", b"_\r\n",
        b":1\r\n", b"_\r\n",
        b"*2\r\n*2\r\n$1\r\na\r\n,2.5\r\n*2\r\n$1\r\nb\r\n,2.5\r\n",
        b"*2\r\n$1\r\na\r\n$1\r\nb\r\n",
        b"*1\r\n*2\r\n$1\r\na\r\n,2.5\r\n",
        b"*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n",
        b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
        b"*0\r\n",
    ]


def test_resp3_zscan_keeps_bulk_strings(server, r):
    reply(r, "ZADD", "z", "1.5", "a")
    assert resp3(server, ("ZSCAN", "z", "0")) == [
        b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$3\r\n1.5\r\n"]


def test_resp2_scores_are_bulk_strings(server, r):
    reply(r, "ZADD", "z", "-2.25", "a")
    with server.raw() as c:
        assert c.command("ZSCORE", "z", "a") == b"$5\r\n-2.25\r\n"
        assert c.command("ZSCORE", "z", "x") == b"$-1\r\n"
        assert c.command("ZRANGE", "z", "0", "-1", "WITHSCORES") == \
            b"*2\r\n$1\r\na\r\n$5\r\n-2.25\r\n"
        assert c.command("ZMPOP", "1", "nokey", "MIN") == b"*-1\r\n"
