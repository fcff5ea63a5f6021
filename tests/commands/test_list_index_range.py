"""LINDEX, LRANGE, LSET and LTRIM: positions from either end, clamping, out of
range, errors. Each position grid runs on one-node lists and on lists split
into many small (and compressed) nodes."""

import pytest

from helpers import NO_SUCH_KEY, NOT_INTEGER, WRONGTYPE, Err, arity_error, reply

INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808
POSITIONS = [0, 1, 2, 5, 9, 10, 11, 100, -1, -2, -5, -10, -11, -100, INT64_MAX, INT64_MIN]


@pytest.fixture(params=["one-node", "small-nodes"])
def layout(request, r):
    """Lists created under this fixture have one node, or nodes of 3 entries
    with the inner ones compressed."""
    if request.param == "small-nodes":
        reply(r, "CONFIG", "SET", "list-max-listpack-size", "3")
        reply(r, "CONFIG", "SET", "list-compress-depth", "1")
    yield request.param
    reply(r, "CONFIG", "SET", "list-max-listpack-size", "-2")
    reply(r, "CONFIG", "SET", "list-compress-depth", "0")


def ten(r):
    # Long enough elements that a 3-entry node is worth compressing.
    model = [b"element-%02d-" % i + b"x" * 30 for i in range(10)]
    r.rpush("l", *model)
    return model


def py_index(model, i):
    if -len(model) <= i < len(model):
        return model[i]
    return None


def py_range(model, start, stop):
    n = len(model)
    start = max(start + n if start < 0 else start, 0)
    stop = stop + n if stop < 0 else stop
    if start > stop or start >= n:
        return []
    return model[start:min(stop, n - 1) + 1]


def test_lindex_at_every_position(r, layout):
    model = ten(r)
    for i in POSITIONS:
        assert reply(r, "LINDEX", "l", str(i)) == py_index(model, i), i


def test_lindex_of_a_missing_key_is_null_whatever_the_index(r):
    assert reply(r, "LINDEX", "l", "0") is None
    assert reply(r, "LINDEX", "l", "x") is None


def test_lindex_index_must_be_an_integer(r):
    r.rpush("l", "a")
    for bad in ("x", "1.0", "", "9223372036854775808"):
        assert reply(r, "LINDEX", "l", bad) == NOT_INTEGER


@pytest.mark.parametrize("start", POSITIONS)
def test_lrange_from_every_start(r, layout, start):
    model = ten(r)
    for stop in POSITIONS:
        assert reply(r, "LRANGE", "l", str(start), str(stop)) == py_range(model, start, stop), \
            (start, stop)


def test_lrange_of_a_missing_key_is_empty(r):
    assert reply(r, "LRANGE", "l", "0", "-1") == []


def test_lrange_checks_its_integers_before_the_key(r):
    r.set("s", "v")
    assert reply(r, "LRANGE", "nokey", "x", "1") == NOT_INTEGER
    assert reply(r, "LRANGE", "s", "0", "x") == NOT_INTEGER
    assert reply(r, "LRANGE", "s", "0", "1") == WRONGTYPE


def test_lset_at_every_position(r, layout):
    for i in POSITIONS:
        r.delete("l")
        model = ten(r)
        got = reply(r, "LSET", "l", str(i), "new")
        if py_index(model, i) is None:
            assert got == Err("ERR index out of range"), i
        else:
            assert got == b"OK", i
            model[i] = b"new"
        assert reply(r, "LRANGE", "l", "0", "-1") == model, i


def test_lset_with_values_of_every_size(r, layout):
    model = ten(r)
    for i, value in enumerate([b"", b"1", b"-77", b"y" * 64, b"z" * 5000, b"w" * 20000, b"12"]):
        pos = (i * 3) % 10
        assert reply(r, "LSET", "l", str(pos), value) == b"OK"
        model[pos] = value
        assert reply(r, "LRANGE", "l", "0", "-1") == model


def test_lset_errors_in_redis_order(r):
    r.set("s", "v")
    assert reply(r, "LSET", "nokey", "0", "a") == NO_SUCH_KEY
    assert reply(r, "LSET", "nokey", "x", "a") == NO_SUCH_KEY
    assert reply(r, "LSET", "s", "x", "a") == WRONGTYPE
    r.rpush("l", "a")
    assert reply(r, "LSET", "l", "x", "a") == NOT_INTEGER
    assert reply(r, "LSET", "l", "1", "a") == Err("ERR index out of range")


@pytest.mark.parametrize("start", [0, 1, 3, 9, 10, -1, -3, -10, -11, INT64_MIN, INT64_MAX])
def test_ltrim_keeps_what_lrange_would_show(r, layout, start):
    for stop in [0, 2, 8, 9, 20, -1, -2, -9, -20, INT64_MAX, INT64_MIN]:
        r.delete("l")
        model = ten(r)
        assert reply(r, "LTRIM", "l", str(start), str(stop)) == b"OK"
        kept = py_range(model, start, stop)
        assert reply(r, "LRANGE", "l", "0", "-1") == kept, (start, stop)
        assert reply(r, "EXISTS", "l") == (1 if kept else 0)


def test_ltrim_of_a_missing_key_is_ok(r):
    assert reply(r, "LTRIM", "l", "0", "1") == b"OK"
    assert reply(r, "EXISTS", "l") == 0


def test_ltrim_errors(r):
    r.set("s", "v")
    assert reply(r, "LTRIM", "nokey", "x", "1") == NOT_INTEGER
    assert reply(r, "LTRIM", "s", "0", "x") == NOT_INTEGER
    assert reply(r, "LTRIM", "s", "0", "1") == WRONGTYPE


@pytest.mark.parametrize("cmd", ["LINDEX", "LRANGE", "LSET", "LTRIM"])
def test_against_a_string_is_wrongtype(r, cmd):
    r.set("s", "v")
    args = {"LINDEX": ["0"], "LRANGE": ["0", "1"], "LSET": ["0", "x"], "LTRIM": ["0", "1"]}[cmd]
    assert reply(r, cmd, "s", *args) == WRONGTYPE


@pytest.mark.parametrize("args", [("LINDEX", "l"), ("LINDEX", "l", "0", "1"), ("LRANGE", "l", "0"),
                                  ("LSET", "l", "0"), ("LTRIM", "l", "0"),
                                  ("LTRIM", "l", "0", "1", "2")])
def test_wrong_number_of_arguments(r, args):
    assert reply(r, *args) == arity_error(args[0].lower())


def test_resp3_range_and_index_shapes(server, r):
    with server.raw() as c:
        c.command("HELLO", "3")
        assert c.command("LRANGE", "l", "0", "-1") == b"*0\r\n"
        assert c.command("LINDEX", "l", "0") == b"_\r\n"
        c.command("RPUSH", "l", "a", "-5")
        assert c.command("LRANGE", "l", "0", "-1") == b"*2\r\n$1\r\na\r\n$2\r\n-5\r\n"
        assert c.command("LINDEX", "l", "7") == b"_\r\n"
