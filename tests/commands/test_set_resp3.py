"""The RESP2 and RESP3 shapes of the set replies, byte for byte: sets (~)
for SMEMBERS, SINTER, SUNION, SDIFF and SPOP with a count, arrays for
SRANDMEMBER with a count, SMISMEMBER and SSCAN, nulls for a missing
member. Intsets keep the member order deterministic."""

import pytest

from helpers import encode_command


def setup(conn):
    conn.command("FLUSHALL")
    conn.command("SADD", "i", "3", "1", "2")
    conn.command("SADD", "j", "2", "3", "4")


EXPECTED = [
    # (command, RESP2 reply, RESP3 reply)
    (("SMEMBERS", "i"), b"*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
     b"~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
    (("SMEMBERS", "nokey"), b"*0\r\n", b"~0\r\n"),
    (("SINTER", "i", "j"), b"*2\r\n$1\r\n2\r\n$1\r\n3\r\n", b"~2\r\n$1\r\n2\r\n$1\r\n3\r\n"),
    (("SINTER", "i", "nokey"), b"*0\r\n", b"~0\r\n"),
    (("SUNION", "i", "j"), b"*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n",
     b"~4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"),
    (("SDIFF", "i", "j"), b"*1\r\n$1\r\n1\r\n", b"~1\r\n$1\r\n1\r\n"),
    (("SDIFF", "nokey", "j"), b"*0\r\n", b"~0\r\n"),
    (("SINTERCARD", "2", "i", "j"), b":2\r\n", b":2\r\n"),
    (("SMISMEMBER", "i", "1", "9"), b"*2\r\n:1\r\n:0\r\n", b"*2\r\n:1\r\n:0\r\n"),
    (("SISMEMBER", "i", "1"), b":1\r\n", b":1\r\n"),
    (("SRANDMEMBER", "i", "5"), b"*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
     b"*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
    (("SRANDMEMBER", "nokey", "5"), b"*0\r\n", b"*0\r\n"),
    (("SRANDMEMBER", "i", "0"), b"*0\r\n", b"*0\r\n"),
    (("SRANDMEMBER", "nokey"), b"$-1\r\n", b"_\r\n"),
    (("SPOP", "nokey"), b"$-1\r\n", b"_\r\n"),
    (("SPOP", "nokey", "2"), b"*0\r\n", b"~0\r\n"),
    (("SPOP", "i", "0"), b"*0\r\n", b"~0\r\n"),
    (("SPOP", "j", "3"), b"*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n",
     b"~3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"),
    (("SSCAN", "i", "0"), b"*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
     b"*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
    (("SSCAN", "nokey", "0"), b"*2\r\n$1\r\n0\r\n*0\r\n", b"*2\r\n$1\r\n0\r\n*0\r\n"),
    (("SINTERSTORE", "d", "i", "j"), b":2\r\n", b":2\r\n"),
]


@pytest.mark.parametrize("proto", [2, 3])
@pytest.mark.parametrize("args,resp2,resp3", EXPECTED, ids=[" ".join(e[0]) for e in EXPECTED])
def test_reply_bytes(server, proto, args, resp2, resp3):
    with server.raw() as conn:
        if proto == 3:
            assert conn.command("HELLO", "3").startswith(b"%")
        setup(conn)
        assert conn.request(encode_command(*args)) == (resp3 if proto == 3 else resp2)


def test_spop_with_a_count_below_the_size_is_a_resp3_set(server):
    with server.raw() as conn:
        conn.command("HELLO", "3")
        setup(conn)
        out = conn.command("SPOP", "i", "2")
        assert out.startswith(b"~2\r\n")
        out = conn.command("SRANDMEMBER", "j", "-4")
        assert out.startswith(b"*4\r\n")
