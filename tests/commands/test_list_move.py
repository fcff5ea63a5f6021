"""LMOVE, RPOPLPUSH and LMPOP: taking elements from one list (or the first
non-empty of several) and where they go."""

import pytest

from helpers import SYNTAX, WRONGTYPE, Err, arity_error, reply

ENDS = ["LEFT", "RIGHT"]


@pytest.mark.parametrize("wherefrom", ENDS)
@pytest.mark.parametrize("whereto", ENDS)
def test_lmove_between_two_lists(r, wherefrom, whereto):
    r.rpush("src", "a", "b", "c")
    r.rpush("dst", "x", "y")
    moved = b"a" if wherefrom == "LEFT" else b"c"
    assert reply(r, "LMOVE", "src", "dst", wherefrom, whereto) == moved
    rest = [b"b", b"c"] if wherefrom == "LEFT" else [b"a", b"b"]
    assert reply(r, "LRANGE", "src", "0", "-1") == rest
    dst = [moved, b"x", b"y"] if whereto == "LEFT" else [b"x", b"y", moved]
    assert reply(r, "LRANGE", "dst", "0", "-1") == dst


@pytest.mark.parametrize("wherefrom", ENDS)
@pytest.mark.parametrize("whereto", ENDS)
def test_lmove_within_one_list_rotates(r, wherefrom, whereto):
    r.rpush("l", "a", "b", "c")
    got = reply(r, "LMOVE", "l", "l", wherefrom, whereto)
    model = [b"a", b"b", b"c"]
    moved = model.pop(0 if wherefrom == "LEFT" else -1)
    assert got == moved
    model.insert(0 if whereto == "LEFT" else len(model), moved)
    assert reply(r, "LRANGE", "l", "0", "-1") == model


def test_lmove_of_a_single_element_onto_itself_keeps_the_key(r):
    r.rpush("l", "only")
    assert reply(r, "LMOVE", "l", "l", "LEFT", "RIGHT") == b"only"
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"only"]


def test_lmove_creates_the_destination_and_deletes_an_emptied_source(r):
    r.rpush("src", "12345")
    assert reply(r, "LMOVE", "src", "dst", "RIGHT", "LEFT") == b"12345"
    assert reply(r, "EXISTS", "src") == 0
    assert reply(r, "LRANGE", "dst", "0", "-1") == [b"12345"]
    assert reply(r, "OBJECT", "ENCODING", "dst") == b"quicklist"


@pytest.mark.parametrize("value", [b"", b"-9223372036854775808", b"z" * 127, b"z" * 128,
                                   b"big" * 3000, b"\x00\xff"])
def test_lmove_moves_any_value(r, value):
    r.rpush("src", value, "tail")
    assert reply(r, "LMOVE", "src", "src", "LEFT", "RIGHT") == value
    assert reply(r, "LMOVE", "src", "dst", "RIGHT", "RIGHT") == value
    assert reply(r, "LRANGE", "dst", "0", "-1") == [value]


def test_lmove_of_a_missing_source_is_null_and_touches_nothing(r):
    r.set("s", "v")
    assert reply(r, "LMOVE", "nokey", "dst", "LEFT", "LEFT") is None
    assert reply(r, "LMOVE", "nokey", "s", "LEFT", "LEFT") is None
    assert reply(r, "EXISTS", "dst") == 0


def test_lmove_type_checks_leave_the_source_alone(r):
    r.set("s", "v")
    r.rpush("l", "a")
    assert reply(r, "LMOVE", "s", "l", "LEFT", "LEFT") == WRONGTYPE
    assert reply(r, "LMOVE", "l", "s", "LEFT", "LEFT") == WRONGTYPE
    assert reply(r, "RPOPLPUSH", "l", "s") == WRONGTYPE
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"a"]


def test_lmove_direction_words(r):
    r.rpush("l", "a", "b")
    assert reply(r, "LMOVE", "l", "m", "left", "Right") == b"a"
    assert reply(r, "LMOVE", "l", "m", "UP", "LEFT") == SYNTAX
    assert reply(r, "LMOVE", "nokey", "m", "LEFT", "DOWN") == SYNTAX
    assert reply(r, "LMOVE", "l", "m", "LEFT") == arity_error("lmove")


def test_rpoplpush_takes_the_tail_and_pushes_the_head(r):
    r.rpush("src", "a", "b", "c")
    r.rpush("dst", "x")
    assert reply(r, "RPOPLPUSH", "src", "dst") == b"c"
    assert reply(r, "RPOPLPUSH", "src", "src") == b"b"
    assert reply(r, "LRANGE", "src", "0", "-1") == [b"b", b"a"]
    assert reply(r, "LRANGE", "dst", "0", "-1") == [b"c", b"x"]
    assert reply(r, "RPOPLPUSH", "nokey", "dst") is None
    assert reply(r, "RPOPLPUSH", "src") == arity_error("rpoplpush")


# ---- LMPOP --------------------------------------------------------------------------

def test_lmpop_pops_from_the_first_non_empty_list(r):
    r.rpush("b", "1", "2", "3")
    r.rpush("c", "x")
    assert reply(r, "LMPOP", "3", "a", "b", "c", "LEFT") == [b"b", [b"1"]]
    assert reply(r, "LMPOP", "3", "a", "b", "c", "RIGHT", "COUNT", "5") == [b"b", [b"3", b"2"]]
    assert reply(r, "EXISTS", "b") == 0
    assert reply(r, "LMPOP", "3", "a", "b", "c", "left", "count", "1") == [b"c", [b"x"]]
    assert reply(r, "LMPOP", "3", "a", "b", "c", "LEFT") is None


def test_lmpop_stops_at_a_wrong_type_only_when_no_list_came_before(r):
    r.set("s", "v")
    r.rpush("l", "a")
    assert reply(r, "LMPOP", "2", "s", "l", "LEFT") == WRONGTYPE
    assert reply(r, "LMPOP", "2", "nokey", "s", "LEFT") == WRONGTYPE
    assert reply(r, "LMPOP", "2", "l", "s", "LEFT") == [b"l", [b"a"]]


@pytest.mark.parametrize("args, error", [
    (("0", "a", "LEFT"), "ERR numkeys should be greater than 0"),
    (("-1", "a", "LEFT"), "ERR numkeys should be greater than 0"),
    (("x", "a", "LEFT"), "ERR numkeys should be greater than 0"),
    (("2", "a", "LEFT"), "ERR syntax error"),
    (("3", "a", "LEFT"), "ERR syntax error"),
    (("9223372036854775807", "a", "LEFT"), "ERR syntax error"),
    (("1", "a", "UP"), "ERR syntax error"),
    (("1", "a", "LEFT", "COUNT"), "ERR syntax error"),
    (("1", "a", "LEFT", "COUNT", "0"), "ERR count should be greater than 0"),
    (("1", "a", "LEFT", "COUNT", "-3"), "ERR count should be greater than 0"),
    (("1", "a", "LEFT", "COUNT", "x"), "ERR count should be greater than 0"),
    (("1", "a", "LEFT", "COUNT", "9223372036854775808"), "ERR count should be greater than 0"),
    (("1", "a", "LEFT", "COUNT", "1", "COUNT", "2"), "ERR syntax error"),
    (("1", "a", "LEFT", "FOO"), "ERR syntax error"),
    (("1", "a", "LEFT", "FOO", "1"), "ERR syntax error"),
])
def test_lmpop_argument_errors(r, args, error):
    r.rpush("a", "x")
    assert reply(r, "LMPOP", *args) == Err(error)
    assert reply(r, "LLEN", "a") == 1


def test_lmpop_arity(r):
    assert reply(r, "LMPOP", "1", "a") == arity_error("lmpop")


def test_lmpop_huge_count_takes_everything(r):
    r.rpush("a", *range(5))
    assert reply(r, "LMPOP", "1", "a", "RIGHT", "COUNT", "9223372036854775807") == \
        [b"a", [b"4", b"3", b"2", b"1", b"0"]]


def test_resp3_move_and_mpop_shapes(server, r):
    with server.raw() as c:
        c.command("HELLO", "3")
        assert c.command("LMPOP", "1", "l", "LEFT") == b"_\r\n"
        assert c.command("LMOVE", "l", "m", "LEFT", "LEFT") == b"_\r\n"
        c.command("RPUSH", "l", "a", "b")
        assert c.command("LMPOP", "1", "l", "LEFT") == b"*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n"
        assert c.command("LMOVE", "l", "m", "LEFT", "LEFT") == b"$1\r\nb\r\n"
