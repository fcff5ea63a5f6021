"""CLIENT LIST and CLIENT INFO lines: the fields of Redis 7.0, in its order
and format. Every test runs against the oracle too, so the expectations
below are Redis 7.0.15's own."""

import re

from helpers import encode_command, reply, wait_for

FIELDS = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub",
          "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl",
          "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp"]

NUMERIC = {"id", "fd", "age", "idle", "db", "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free",
           "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "redir",
           "resp"}


def parse_line(line):
    """b'id=1 addr=...' -> [(name, value), ...] in order."""
    return [tuple(part.split("=", 1)) for part in line.decode().split(" ")]


def lines_of(text):
    assert text.endswith(b"\n")
    return [parse_line(x) for x in text[:-1].split(b"\n")]


def test_client_info_has_the_fields_in_order(r):
    (line,) = lines_of(reply(r, "CLIENT", "INFO"))
    assert [name for name, _ in line] == FIELDS


def test_client_list_lines_have_the_fields_in_order(r, server):
    others = [server.raw() for _ in range(3)]
    try:
        for c in others:
            c.command("PING")
        lines = lines_of(reply(r, "CLIENT", "LIST"))
        assert len(lines) >= 4
        for line in lines:
            assert [name for name, _ in line] == FIELDS
    finally:
        for c in others:
            c.close()


def test_numeric_fields_are_integers(r):
    (line,) = lines_of(reply(r, "CLIENT", "INFO"))
    for name, value in line:
        if name in NUMERIC:
            assert re.match(r"^-?\d+$", value), (name, value)


def test_fixed_values_of_a_plain_connection(r):
    f = dict(lines_of(reply(r, "CLIENT", "INFO"))[0])
    assert f["name"] == ""
    assert f["flags"] == "N"
    assert f["db"] == "0"
    assert (f["sub"], f["psub"], f["ssub"]) == ("0", "0", "0")
    assert f["multi"] == "-1" and f["multi-mem"] == "0"
    assert (f["oll"], f["omem"]) == ("0", "0")
    assert f["events"] == "r"
    assert f["cmd"] == "client|info"
    assert f["user"] == "default"
    assert f["redir"] == "-1"
    assert f["resp"] == "2"
    assert f["argv-mem"] == str(len("client") + len("info"))


def test_fields_follow_the_connection_state(server):
    with server.raw() as c:
        c.command("CLIENT", "SETNAME", "conn-1")
        c.command("SELECT", "5")
        c.command("HELLO", "3")
        out = c.command("CLIENT", "INFO")
        # RESP3: a verbatim string of type txt.
        m = re.match(rb"^=(\d+)\r\ntxt:(.*)\r\n$", out, re.S)
        assert m and int(m.group(1)) == len(m.group(2)) + 4
        f = dict(lines_of(m.group(2))[0])
        assert (f["name"], f["db"], f["resp"]) == ("conn-1", "5", "3")


def test_other_clients_show_their_last_command(r, server):
    def by_addr():
        return {dict(x)["addr"]: dict(x) for x in lines_of(reply(r, "CLIENT", "LIST"))}

    with server.raw() as idle, server.raw() as busy:
        busy.command("SET", "k", "v")
        busy.command("GET", "k")
        idle_addr = "127.0.0.1:%d" % idle.sock.getsockname()[1]
        assert wait_for(lambda: idle_addr in by_addr())     # accepted by now
        clients = by_addr()
        busy_f = clients["127.0.0.1:%d" % busy.sock.getsockname()[1]]
        assert busy_f["cmd"] == "get"
        assert busy_f["argv-mem"] == "0" and busy_f["qbuf"] == "0"
        assert clients[idle_addr]["cmd"] == "NULL"


def test_client_list_is_in_connection_order(r, server):
    conns = [server.raw() for _ in range(4)]
    try:
        for c in conns:
            c.command("PING")
        ids = [int(dict(x)["id"]) for x in lines_of(reply(r, "CLIENT", "LIST"))]
        assert ids == sorted(ids)
    finally:
        for c in conns:
            c.close()


def test_client_list_by_id_keeps_the_argument_order(r, server):
    with server.raw() as a, server.raw() as b:
        ia = a.command("CLIENT", "ID")[1:-2].decode()
        ib = b.command("CLIENT", "ID")[1:-2].decode()
        out = reply(r, "CLIENT", "LIST", "ID", ib, ia, ib, "0", "-1", "999999")
        assert [dict(x)["id"] for x in lines_of(out)] == [ib, ia, ib]


def test_client_list_id_with_another_option_is_an_invalid_id(r):
    me = str(reply(r, "CLIENT", "ID"))
    assert str(reply(r, "CLIENT", "LIST", "ID", me, "TYPE", "normal")) == "ERR Invalid client ID"
    assert str(reply(r, "CLIENT", "LIST", "TYPE", "normal", "ID", me)) == "ERR syntax error"
    assert str(reply(r, "CLIENT", "LIST", "ID")) == "ERR syntax error"


def test_a_pipelined_command_sees_the_whole_query_buffer(server):
    with server.raw() as c:
        c.send(encode_command("PING") + encode_command("CLIENT", "INFO"))
        c.read_replies(1)
        f = dict(lines_of(c.read_replies(1).split(b"\r\n", 1)[1][:-2])[0])
        assert f["cmd"] == "client|info"
        assert int(f["qbuf"]) > 0
