"""KEYDB.NHSET and KEYDB.NHGET, KeyDB's nested hashes (our server only):
paths, replaced levels, RESP and JSON replies, errors, and the value type
among the other commands."""

import json

import pytest

from helpers import WRONGTYPE, Err, arity_error, reply
from keydb_only import k, k3  # noqa: F401  (fixtures)

SYNTAX = Err("ERR syntax error")
NO_KEY = Err("ERR no such key")


def test_set_and_get_a_path(k):
    assert reply(k, "KEYDB.NHSET", "a.b.c", "1") == 0
    assert reply(k, "KEYDB.NHGET", "a.b.c") == b"1"
    assert reply(k, "KEYDB.NHSET", "a.b.c", "2") == 1        # replaced
    assert reply(k, "KEYDB.NHGET", "a.b.c") == b"2"
    assert reply(k, "KEYDB.NHSET", "a.b.d", "x") == 0
    assert reply(k, "TYPE", "a") == b"unknown"
    assert reply(k, "OBJECT", "ENCODING", "a") == b"hashtable"
    assert reply(k, "EXISTS", "a") == 1
    assert reply(k, "DBSIZE") == 1


def test_one_child_is_answered_as_a_bare_pair(k):
    reply(k, "KEYDB.NHSET", "a.b", "1")
    assert reply(k, "KEYDB.NHGET", "a") == [b"b", b"1"]
    reply(k, "KEYDB.NHSET", "a.c", "2")
    assert sorted(reply(k, "KEYDB.NHGET", "a")) == [[b"b", b"1"], [b"c", b"2"]]


def test_nested_levels_in_resp(k):
    reply(k, "KEYDB.NHSET", "a.x.y", "1")
    reply(k, "KEYDB.NHSET", "a.x.z", "2")
    reply(k, "KEYDB.NHSET", "a.w", "3")
    got = reply(k, "KEYDB.NHGET", "a")
    assert len(got) == 2
    by_name = {pair[0]: pair[1] for pair in got}
    assert by_name[b"w"] == b"3"
    assert sorted(by_name[b"x"]) == [[b"y", b"1"], [b"z", b"2"]]
    assert reply(k, "KEYDB.NHGET", "a.x") == by_name[b"x"]


def test_several_values_make_a_list(k):
    assert reply(k, "KEYDB.NHSET", "a.l", "x", "y", "7") == 0
    assert reply(k, "KEYDB.NHGET", "a.l") == [b"x", b"y", b"7"]
    assert reply(k, "KEYDB.NHGET", "json", "a.l") == b'["x","y","7"]'
    assert reply(k, "KEYDB.NHSET", "top", "x", "y") == 0    # a list at the top is a real list
    assert reply(k, "TYPE", "top") == b"list"
    assert reply(k, "LRANGE", "top", "0", "-1") == [b"x", b"y"]
    assert reply(k, "KEYDB.NHGET", "top") == [b"x", b"y"]
    reply(k, "RPUSH", "plain", "1", "2")
    assert reply(k, "KEYDB.NHGET", "plain") == [b"1", b"2"]


def test_a_single_name_sets_a_plain_string(k):
    assert reply(k, "KEYDB.NHSET", "s", "v") == 0
    assert reply(k, "GET", "s") == b"v"
    assert reply(k, "KEYDB.NHGET", "s") == b"v"
    assert reply(k, "KEYDB.NHSET", "s", "w") == 1
    assert reply(k, "GET", "s") == b"w"


def test_levels_of_another_kind_are_replaced(k):
    reply(k, "SADD", "a", "m")
    assert reply(k, "KEYDB.NHSET", "a.b", "1") == 0        # a set at the top gives way
    assert reply(k, "TYPE", "a") == b"unknown"
    assert reply(k, "KEYDB.NHSET", "a.b.c", "2") == 0      # so does a string inside
    assert reply(k, "KEYDB.NHGET", "a.b.c") == b"2"
    assert reply(k, "KEYDB.NHSET", "a.b", "3") == 1        # and a level, at the end
    assert reply(k, "KEYDB.NHGET", "a.b") == b"3"
    assert reply(k, "KEYDB.NHSET", "a", "4") == 1
    assert reply(k, "GET", "a") == b"4"


def test_nhset_keeps_the_key_ttl(k):
    reply(k, "KEYDB.NHSET", "a.b", "1")
    reply(k, "EXPIRE", "a", "100")
    reply(k, "KEYDB.NHSET", "a.c", "2")
    assert reply(k, "TTL", "a") == 100
    reply(k, "SET", "s", "v", "EX", "100")
    reply(k, "KEYDB.NHSET", "s", "w")
    assert reply(k, "TTL", "s") == 100


def test_json(k):
    reply(k, "KEYDB.NHSET", "a.b.c", "1")
    reply(k, "KEYDB.NHSET", "a.b.d", "x", "y")
    reply(k, "KEYDB.NHSET", "a.e", "v")
    text = reply(k, "KEYDB.NHGET", "JSON", "a")
    assert json.loads(text) == {"b": {"c": "1", "d": ["x", "y"]}, "e": "v"}
    assert b'" : ' in text and b", " not in text
    assert reply(k, "KEYDB.NHGET", "json", "a.b.c") == b'"1"'
    assert reply(k, "KEYDB.NHGET", "resp", "a.b.c") == b"1"
    assert reply(k, "KEYDB.NHGET", "ReSp", "a.e") == b"v"


def test_json_escapes(k):
    value = 'q"b\\s\n\x01\x7f é'
    reply(k, "KEYDB.NHSET", "a.k\"ey", value)
    text = reply(k, "KEYDB.NHGET", "json", "a")
    assert text == b'{"k\\"ey" : "q\\"b\\\\s\\u000a\\u0001\x7f \xc3\xa9"}'
    assert json.loads(text) == {'k"ey': value}


@pytest.mark.parametrize("path", ["", ".", ".a", "a.", "a..b", "a.b."])
def test_empty_names_are_syntax_errors_and_change_nothing(k, path):
    assert reply(k, "KEYDB.NHSET", path, "1") == SYNTAX
    assert reply(k, "DBSIZE") == 0


def test_nhget_errors(k):
    reply(k, "KEYDB.NHSET", "a.b.c", "1")
    reply(k, "KEYDB.NHSET", "a.l", "1", "2")
    assert reply(k, "KEYDB.NHGET", "nokey") == NO_KEY
    assert reply(k, "KEYDB.NHGET", "nokey.a") == NO_KEY
    assert reply(k, "KEYDB.NHGET", "nokey..a") == NO_KEY     # names are checked in order
    assert reply(k, "KEYDB.NHGET", "a.x") == NO_KEY
    assert reply(k, "KEYDB.NHGET", "a.b.c.d") == NO_KEY     # past a string
    assert reply(k, "KEYDB.NHGET", "a.b.c.") == NO_KEY
    assert reply(k, "KEYDB.NHGET", "a.l.x") == NO_KEY       # past a list
    assert reply(k, "KEYDB.NHGET", "") == SYNTAX
    assert reply(k, "KEYDB.NHGET", ".a") == SYNTAX
    assert reply(k, "KEYDB.NHGET", "a..b") == SYNTAX
    assert reply(k, "KEYDB.NHGET", "a.b.") == SYNTAX
    assert reply(k, "KEYDB.NHGET", "xml", "a") == SYNTAX
    assert reply(k, "KEYDB.NHGET", "json", "a", "b") == SYNTAX
    assert reply(k, "KEYDB.NHGET") == arity_error("keydb.nhget")
    assert reply(k, "KEYDB.NHSET", "a") == arity_error("keydb.nhset")


def test_nhget_of_a_value_without_a_path_shape(k):
    reply(k, "SADD", "s", "m")
    assert reply(k, "KEYDB.NHGET", "s") == WRONGTYPE
    assert reply(k, "KEYDB.NHGET", "s.m") == WRONGTYPE


def test_other_commands_on_a_nested_hash(k):
    reply(k, "KEYDB.NHSET", "a.b.c", "1")
    reply(k, "KEYDB.NHSET", "a.d", "x", "y")
    assert reply(k, "GET", "a") == WRONGTYPE
    assert reply(k, "SADD", "a", "m") == WRONGTYPE
    assert reply(k, "MEMORY", "USAGE", "a") > 100
    assert reply(k, "COPY", "a", "copy") == 1
    reply(k, "KEYDB.NHSET", "a.b.c", "changed")
    assert reply(k, "KEYDB.NHGET", "copy.b.c") == b"1"
    assert reply(k, "KEYDB.NHGET", "copy.d") == [b"x", b"y"]
    assert reply(k, "RENAME", "copy", "moved") == b"OK"
    assert reply(k, "KEYDB.NHGET", "moved.b.c") == b"1"
    assert reply(k, "SCAN", "0", "TYPE", "unknown")[1] in ([b"a", b"moved"], [b"moved", b"a"])
    assert reply(k, "DEL", "a", "moved") == 2
    assert reply(k, "DBSIZE") == 0


def test_deep_and_long_paths(k):
    path = ".".join("n%d" % i for i in range(40))
    assert reply(k, "KEYDB.NHSET", path, "deep") == 0
    assert reply(k, "KEYDB.NHGET", path) == b"deep"
    assert reply(k, "KEYDB.NHGET", "n0.n1.n2.n3.n4.n5.n6.n7.n8.n9.n10.n11.n12.n13.n14.n15."
                 "n16.n17.n18.n19.n20.n21.n22.n23.n24.n25.n26.n27.n28.n29.n30.n31.n32.n33."
                 "n34.n35.n36.n37.n38") == [b"n39", b"deep"]


def test_many_children(k):
    pipe = k.pipeline(transaction=False)
    for i in range(2000):
        pipe.execute_command("KEYDB.NHSET", "big.c%d" % i, str(i))
    assert sum(pipe.execute()) == 0
    got = reply(k, "KEYDB.NHGET", "big")
    assert len(got) == 2000
    assert {p[0]: p[1] for p in got} == {b"c%d" % i: b"%d" % i for i in range(2000)}
    assert len(json.loads(reply(k, "KEYDB.NHGET", "json", "big"))) == 2000


def test_resp3_shapes(k3):
    k3.command("KEYDB.NHSET", "a.b", "1")
    assert k3.command("KEYDB.NHGET", "a") == b"*2\r\n$1\r\nb\r\n$1\r\n1\r\n"
    assert k3.command("KEYDB.NHGET", "a.b") == b"$1\r\n1\r\n"
    assert k3.command("KEYDB.NHGET", "json", "a") == b'$11\r\n{"b" : "1"}\r\n'
    assert k3.command("KEYDB.NHGET", "a.x") == b"-ERR no such key\r\n"


def test_command_info(k):
    info = {i[0]: i for i in reply(k, "COMMAND", "INFO", "keydb.nhset", "keydb.nhget")}
    assert info[b"keydb.nhset"][1:6] == [-3, [b"write", b"denyoom", b"fast"], 1, 1, 1]
    assert info[b"keydb.nhget"][1:6] == [-2, [b"readonly", b"fast"], 1, 1, 1]
