"""LPOS (RANK, COUNT, MAXLEN), LREM and LINSERT: the commands that look for
an element by value."""

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, Err, arity_error, reply

RANK_ZERO = Err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                "second ... or use negative to start from the end of the list")
COUNT_NEGATIVE = Err("ERR COUNT can't be negative")
MAXLEN_NEGATIVE = Err("ERR MAXLEN can't be negative")
INT64_MAX = "9223372036854775807"
INT64_MIN = "-9223372036854775808"

# a at 0, 3, 6, 9; the integer 5 at 1 and 7
ELEMENTS = ["a", "5", "b", "a", "c", "d", "a", "5", "e", "a"]


@pytest.fixture(params=["one-node", "small-nodes"])
def l(request, r):
    """The list ELEMENTS at key l, in one node or in 2-entry nodes."""
    if request.param == "small-nodes":
        reply(r, "CONFIG", "SET", "list-max-listpack-size", "2")
    r.rpush("l", *ELEMENTS)
    yield "l"
    reply(r, "CONFIG", "SET", "list-max-listpack-size", "-2")


def py_lpos(elem, rank=1, count=None, maxlen=0):
    idx = list(range(len(ELEMENTS)))
    if rank < 0:
        idx.reverse()
    if maxlen:
        idx = idx[:maxlen]
    hits = [i for i in idx if ELEMENTS[i] == elem][abs(rank) - 1:]
    if count is None:
        return hits[0] if hits else None
    return hits[:count] if count else hits


@pytest.mark.parametrize("elem", ["a", "5", "e", "zz", "05"])
def test_lpos_option_grid(r, l, elem):
    for rank in (1, 2, 4, 5, -1, -2, -4, -5):
        assert reply(r, "LPOS", l, elem, "RANK", str(rank)) == py_lpos(elem, rank), rank
        for maxlen in (0, 1, 3, 7, 100):
            for count in (0, 1, 2, 10):
                got = reply(r, "LPOS", l, elem, "RANK", str(rank), "COUNT", str(count),
                            "MAXLEN", str(maxlen))
                assert got == py_lpos(elem, rank, count, maxlen), (rank, count, maxlen)


def test_lpos_without_options(r, l):
    assert reply(r, "LPOS", l, "a") == 0
    assert reply(r, "LPOS", l, "c") == 4
    assert reply(r, "LPOS", l, "nope") is None
    assert reply(r, "LPOS", l, "nope", "COUNT", "1") == []


def test_lpos_options_repeat_and_the_last_one_counts(r, l):
    assert reply(r, "LPOS", l, "a", "RANK", "1", "RANK", "2") == 3
    assert reply(r, "LPOS", l, "a", "COUNT", "1", "COUNT", "0") == [0, 3, 6, 9]


def test_lpos_rank_extremes(r, l):
    assert reply(r, "LPOS", l, "a", "RANK", INT64_MAX) is None
    assert reply(r, "LPOS", l, "a", "RANK", "-" + INT64_MAX) is None
    # Redis negates the most negative rank in a long: it wraps, so every
    # match qualifies and COUNT stops nothing.
    assert reply(r, "LPOS", l, "a", "RANK", INT64_MIN) == 9
    assert reply(r, "LPOS", l, "a", "RANK", INT64_MIN, "COUNT", "1") == [9, 6, 3, 0]


def test_lpos_on_a_missing_key(r):
    assert reply(r, "LPOS", "nokey", "a") is None
    assert reply(r, "LPOS", "nokey", "a", "COUNT", "0") == []


def test_lpos_errors(r, l):
    r.set("s", "v")
    assert reply(r, "LPOS", l, "a", "RANK", "0") == RANK_ZERO
    assert reply(r, "LPOS", "nokey", "a", "RANK", "0") == RANK_ZERO
    assert reply(r, "LPOS", l, "a", "RANK", "x") == NOT_INTEGER
    assert reply(r, "LPOS", l, "a", "RANK", "9223372036854775808") == NOT_INTEGER
    assert reply(r, "LPOS", l, "a", "COUNT", "-1") == COUNT_NEGATIVE
    assert reply(r, "LPOS", l, "a", "COUNT", "x") == COUNT_NEGATIVE
    assert reply(r, "LPOS", l, "a", "MAXLEN", "-1") == MAXLEN_NEGATIVE
    assert reply(r, "LPOS", l, "a", "MAXLEN", "1.5") == MAXLEN_NEGATIVE
    assert reply(r, "LPOS", l, "a", "RANK") == SYNTAX
    assert reply(r, "LPOS", l, "a", "FOO", "1") == SYNTAX
    assert reply(r, "LPOS", l, "a", "COUNT", "1", "MAXLEN") == SYNTAX
    assert reply(r, "LPOS", "s", "a", "RANK", "0") == RANK_ZERO
    assert reply(r, "LPOS", "s", "a") == WRONGTYPE
    assert reply(r, "LPOS", l) == arity_error("lpos")


# ---- LREM ---------------------------------------------------------------------------

@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5, -1, -2, -4, -5, INT64_MAX, INT64_MIN])
@pytest.mark.parametrize("elem", ["a", "5", "c", "zz"])
def test_lrem_counts_from_either_end(r, l, count, elem):
    count = int(count)
    model = list(ELEMENTS)
    limit = abs(count) if count not in (0, int(INT64_MIN)) else len(model)
    order = range(len(model)) if count >= 0 else range(len(model) - 1, -1, -1)
    drop = [i for i in order if model[i] == elem][:limit]
    expected = [x.encode() for i, x in enumerate(model) if i not in drop]
    assert reply(r, "LREM", l, str(count), elem) == len(drop)
    assert reply(r, "LRANGE", l, "0", "-1") == expected


def test_lrem_removing_everything_deletes_the_key(r):
    r.rpush("l", "x", "x", "x")
    assert reply(r, "LREM", "l", "0", "x") == 3
    assert reply(r, "EXISTS", "l") == 0


def test_lrem_compares_integers_by_value_of_their_text(r):
    r.rpush("l", "10", "010", "10", "1e1")
    assert reply(r, "LREM", "l", "0", "10") == 2
    assert reply(r, "LRANGE", "l", "0", "-1") == [b"010", b"1e1"]


def test_lrem_errors(r):
    r.set("s", "v")
    assert reply(r, "LREM", "nokey", "x", "a") == NOT_INTEGER
    assert reply(r, "LREM", "nokey", "1", "a") == 0
    assert reply(r, "LREM", "s", "x", "a") == NOT_INTEGER
    assert reply(r, "LREM", "s", "1", "a") == WRONGTYPE
    assert reply(r, "LREM", "s", "1") == arity_error("lrem")


# ---- LINSERT ------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["BEFORE", "AFTER", "before", "After"])
@pytest.mark.parametrize("pivot", ["a", "5", "e", "c"])
def test_linsert_next_to_the_first_pivot(r, l, where, pivot):
    model = [x.encode() for x in ELEMENTS]
    at = ELEMENTS.index(pivot) + (1 if where.lower() == "after" else 0)
    model.insert(at, b"new")
    assert reply(r, "LINSERT", l, where, pivot, "new") == len(model)
    assert reply(r, "LRANGE", l, "0", "-1") == model


def test_linsert_without_the_pivot(r, l):
    assert reply(r, "LINSERT", l, "BEFORE", "zz", "new") == -1
    assert reply(r, "LLEN", l) == len(ELEMENTS)


def test_linsert_many_times_into_small_nodes(r):
    reply(r, "CONFIG", "SET", "list-max-listpack-size", "4")
    reply(r, "CONFIG", "SET", "list-compress-depth", "1")
    try:
        model = [b"p%d" % i + b"-" * 40 for i in range(20)]
        r.rpush("l", *model)
        for i in range(60):
            pivot = model[(i * 7) % len(model)]
            after = i % 2
            value = b"v%d" % i + b"+" * (i % 5) * 30
            reply(r, "LINSERT", "l", "AFTER" if after else "BEFORE", pivot, value)
            model.insert(model.index(pivot) + after, value)
        assert reply(r, "LRANGE", "l", "0", "-1") == model
    finally:
        reply(r, "CONFIG", "SET", "list-max-listpack-size", "-2")
        reply(r, "CONFIG", "SET", "list-compress-depth", "0")


def test_linsert_errors(r):
    r.set("s", "v")
    assert reply(r, "LINSERT", "nokey", "MIDDLE", "a", "b") == SYNTAX
    assert reply(r, "LINSERT", "nokey", "BEFORE", "a", "b") == 0
    assert reply(r, "EXISTS", "nokey") == 0
    assert reply(r, "LINSERT", "s", "AROUND", "a", "b") == SYNTAX
    assert reply(r, "LINSERT", "s", "AFTER", "a", "b") == WRONGTYPE
    assert reply(r, "LINSERT", "s", "AFTER", "a") == arity_error("linsert")
