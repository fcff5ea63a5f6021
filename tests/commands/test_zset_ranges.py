"""ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and its older
forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBYRANK/SCORE/LEX, in
both encodings: bounds (inclusive, exclusive, infinite), option errors and
the order in which errors are reported."""

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, Err, arity_error, reply

NOT_FLOAT_RANGE = Err("ERR min or max is not a float")
NOT_LEX_RANGE = Err("ERR min or max not valid string range item")
LIMIT_NEEDS_BY = Err("ERR syntax error, LIMIT is only supported in combination with either "
                     "BYSCORE or BYLEX")
WITHSCORES_BYLEX = Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX")


@pytest.fixture
def z(r, zset_encoding):
    """z: a(1) b(2) c(3) d(4) e(5) f(-inf) g(inf); lex: members all scored 0."""
    reply(r, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "-inf", "f", "inf", "g")
    reply(r, "ZADD", "lex", *[x for m in ["a", "b", "c", "d", "e", "ee", "f", "g", ""]
                               for x in ("0", m)])
    assert reply(r, "OBJECT", "ENCODING", "z") == zset_encoding.encode()
    return r


def rng(r, *args):
    return reply(r, "ZRANGE", *args)


# ---- by rank ---------------------------------------------------------------------------

def rank_slice(items, start, stop):
    """Redis's reading of a rank range over a list."""
    n = len(items)
    start, stop = int(start), int(stop)
    if start < 0:
        start += n
    if stop < 0:
        stop += n
    start = max(start, 0)
    if start > stop or start >= n:
        return items[:0]
    return items[start:min(stop, n - 1) + 1]


@pytest.mark.parametrize("start,stop,want", [
    ("0", "-1", "fabcdeg"), ("0", "0", "f"), ("-1", "-1", "g"), ("2", "4", "bcd"),
    ("-3", "-2", "de"), ("5", "100", "eg"), ("-100", "1", "fa"), ("4", "2", ""),
    ("7", "8", ""), ("-100", "-50", ""), ("0", "-8", ""),
])
def test_zrange_by_rank(z, start, stop, want):
    assert rng(z, "z", start, stop) == [m.encode() for m in want]
    assert rank_slice("fabcdeg", start, stop) == want
    rev = [m.encode() for m in rank_slice("gedcbaf", start, stop)]
    assert reply(z, "ZREVRANGE", "z", start, stop) == rev
    assert rng(z, "z", start, stop, "REV") == rev


def test_zrevrange_is_zrange_rev(z):
    assert reply(z, "ZREVRANGE", "z", "0", "2") == [b"g", b"e", b"d"]
    assert reply(z, "ZRANGE", "z", "0", "2", "REV") == [b"g", b"e", b"d"]
    assert reply(z, "ZREVRANGE", "z", "-2", "-1", "WITHSCORES") == [b"a", b"1", b"f", b"-inf"]


def test_zrange_withscores(z):
    assert rng(z, "z", "0", "1", "WITHSCORES") == [b"f", b"-inf", b"a", b"1"]
    assert rng(z, "z", "-1", "-1", "withscores") == [b"g", b"inf"]


def test_zrange_of_a_missing_key_is_empty(r):
    assert rng(r, "nokey", "0", "-1") == []
    assert rng(r, "nokey", "0", "-1", "BYSCORE") == []
    assert reply(r, "ZRANGEBYLEX", "nokey", "-", "+") == []


# ---- by score ----------------------------------------------------------------------------

@pytest.mark.parametrize("lo,hi,want", [
    ("-inf", "+inf", "fabcdeg"), ("2", "4", "bcd"), ("(2", "4", "cd"), ("2", "(4", "bc"),
    ("(2", "(4", "c"), ("(2", "(3", ""), ("3", "3", "c"), ("(3", "3", ""), ("4", "2", ""),
    ("-inf", "(1", "f"), ("(5", "inf", "g"), ("(-inf", "(inf", "abcde"), ("inf", "inf", "g"),
    ("1.5", "2.5", "b"), ("", "", ""), ("(", "1", "a"), ("0x2", "0x3", "bc"), (" 2", "3", "bc"),
])
def test_zrangebyscore_bounds(z, lo, hi, want):
    want = [m.encode() for m in want]
    assert reply(z, "ZRANGEBYSCORE", "z", lo, hi) == want
    assert rng(z, "z", lo, hi, "BYSCORE") == want
    assert reply(z, "ZREVRANGEBYSCORE", "z", hi, lo) == want[::-1]
    assert rng(z, "z", hi, lo, "BYSCORE", "REV") == want[::-1]
    assert reply(z, "ZCOUNT", "z", lo, hi) == len(want)


@pytest.mark.parametrize("offset,count,want", [
    ("0", "2", "fa"), ("2", "2", "bc"), ("5", "10", "eg"), ("7", "1", ""), ("0", "0", ""),
    ("1", "-1", "abcdeg"), ("3", "-5", "cdeg"), ("-1", "2", ""), ("-1", "-1", ""),
])
def test_zrangebyscore_limit(z, offset, count, want):
    want = [m.encode() for m in want]
    assert reply(z, "ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", offset, count) == want
    assert rng(z, "z", "-inf", "inf", "BYSCORE", "LIMIT", offset, count) == want


def test_zrevrangebyscore_limit_counts_from_the_top(z):
    assert reply(z, "ZREVRANGEBYSCORE", "z", "inf", "-inf", "LIMIT", "1", "2") == [b"e", b"d"]
    assert reply(z, "ZREVRANGEBYSCORE", "z", "(4", "2", "WITHSCORES", "LIMIT", "1", "5") == \
        [b"b", b"2"]


def test_withscores_and_limit_in_either_order_and_repeated(z):
    assert reply(z, "ZRANGEBYSCORE", "z", "1", "3", "LIMIT", "0", "1", "WITHSCORES") == [b"a", b"1"]
    assert reply(z, "ZRANGEBYSCORE", "z", "1", "3", "WITHSCORES", "LIMIT", "0", "1",
                 "WITHSCORES", "LIMIT", "1", "1") == [b"b", b"2"]


# ---- by lex ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lo,hi,want", [
    ("-", "+", ["", "a", "b", "c", "d", "e", "ee", "f", "g"]),
    ("[b", "[d", ["b", "c", "d"]), ("(b", "[d", ["c", "d"]), ("[b", "(d", ["b", "c"]),
    ("(b", "(c", []), ("[e", "(f", ["e", "ee"]), ("(e", "+", ["ee", "f", "g"]),
    ("-", "(a", [""]), ("[", "[", [""]), ("(", "[a", ["a"]), ("+", "-", []), ("[d", "[b", []),
    ("[c", "[c", ["c"]), ("(c", "[c", []), ("-", "-", []), ("+", "+", []), ("[zz", "+", []),
])
def test_zrangebylex_bounds(z, lo, hi, want):
    want = [m.encode() for m in want]
    assert reply(z, "ZRANGEBYLEX", "lex", lo, hi) == want
    assert rng(z, "lex", lo, hi, "BYLEX") == want
    assert reply(z, "ZREVRANGEBYLEX", "lex", hi, lo) == want[::-1]
    assert rng(z, "lex", hi, lo, "BYLEX", "REV") == want[::-1]
    assert reply(z, "ZLEXCOUNT", "lex", lo, hi) == len(want)


def test_zrangebylex_limit(z):
    assert reply(z, "ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "2", "3") == [b"b", b"c", b"d"]
    assert reply(z, "ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "0", "2") == [b"g", b"f"]
    assert reply(z, "ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "-1", "3") == []
    assert rng(z, "lex", "[c", "+", "BYLEX", "LIMIT", "1", "-1") == [b"d", b"e", b"ee", b"f", b"g"]


@pytest.mark.parametrize("bound", ["a", "", "+x", "-x", "{a", "x["])
def test_lex_bound_syntax(z, bound):
    assert reply(z, "ZRANGEBYLEX", "lex", bound, "+") == NOT_LEX_RANGE
    assert reply(z, "ZRANGEBYLEX", "lex", "-", bound) == NOT_LEX_RANGE
    assert reply(z, "ZLEXCOUNT", "lex", bound, "+") == NOT_LEX_RANGE
    assert reply(z, "ZREMRANGEBYLEX", "lex", bound, "+") == NOT_LEX_RANGE


def test_lex_bounds_are_binary(r):
    reply(r, "ZADD", "lex", "0", "a\x00b", "0", "a", "0", "a\x00", "0", "b")
    assert reply(r, "ZRANGEBYLEX", "lex", "(a", "[a\x00b") == [b"a\x00", b"a\x00b"]
    assert reply(r, "ZRANGEBYLEX", "lex", "-\x00", "+\x00x") == [b"a", b"a\x00", b"a\x00b", b"b"]


# ---- option and argument errors ---------------------------------------------------------------

@pytest.mark.parametrize("args,error", [
    (["z", "0", "-1", "LIMIT", "0", "1"], LIMIT_NEEDS_BY),
    (["z", "0", "-1", "REV", "LIMIT", "0", "1", "WITHSCORES"], LIMIT_NEEDS_BY),
    (["z", "-", "+", "BYLEX", "WITHSCORES"], WITHSCORES_BYLEX),
    (["z", "0", "-1", "REV", "REV"], SYNTAX),
    (["z", "0", "-1", "BYSCORE", "BYLEX"], SYNTAX),
    (["z", "0", "-1", "BYSCORE", "BYSCORE"], SYNTAX),
    (["z", "0", "-1", "LIMIT", "1"], SYNTAX),
    (["z", "0", "-1", "FOO"], SYNTAX),
    (["z", "x", "1"], NOT_INTEGER),
    (["z", "0", "1.5"], NOT_INTEGER),
    (["z", "x", "1", "BYSCORE"], NOT_FLOAT_RANGE),
    (["z", "(1", "nan", "BYSCORE"], NOT_FLOAT_RANGE),
    (["z", "1", "2x", "BYSCORE"], NOT_FLOAT_RANGE),
    (["z", "a", "b", "BYLEX"], NOT_LEX_RANGE),
    (["z", "0", "1", "BYSCORE", "LIMIT", "x", "1"], NOT_INTEGER),
    (["z", "0", "1", "BYSCORE", "LIMIT", "0", "1.0"], NOT_INTEGER),
])
def test_zrange_errors(r, args, error):
    assert reply(r, "ZRANGE", *args) == error


@pytest.mark.parametrize("cmd,args,error", [
    ("ZRANGEBYSCORE", ["0", "1", "REV"], SYNTAX),
    ("ZRANGEBYSCORE", ["0", "1", "BYLEX"], SYNTAX),
    ("ZRANGEBYSCORE", ["0", "1", "LIMIT", "0"], SYNTAX),
    ("ZREVRANGEBYSCORE", ["x", "1"], NOT_FLOAT_RANGE),
    ("ZRANGEBYLEX", ["-", "+", "WITHSCORES"], WITHSCORES_BYLEX),
    ("ZREVRANGEBYLEX", ["+", "-", "WITHSCORES"], WITHSCORES_BYLEX),
    ("ZRANGEBYLEX", ["-", "+", "LIMIT", "0", "x"], NOT_INTEGER),
    ("ZREVRANGE", ["0", "1", "LIMIT", "0", "1"], LIMIT_NEEDS_BY),
    ("ZREVRANGE", ["0", "1", "BYSCORE"], SYNTAX),
    ("ZREVRANGE", ["0", "1", "REV"], SYNTAX),
])
def test_older_forms_take_only_their_own_options(r, cmd, args, error):
    assert reply(r, cmd, "z", *args) == error


def test_range_errors_come_before_the_type_check(r):
    r.set("s", "x")
    assert reply(r, "ZRANGE", "s", "x", "1") == NOT_INTEGER
    assert reply(r, "ZRANGE", "s", "0", "1", "LIMIT", "0", "1") == LIMIT_NEEDS_BY
    assert reply(r, "ZCOUNT", "s", "x", "1") == NOT_FLOAT_RANGE
    assert reply(r, "ZLEXCOUNT", "s", "x", "1") == NOT_LEX_RANGE
    assert reply(r, "ZREMRANGEBYSCORE", "s", "x", "1") == NOT_FLOAT_RANGE
    assert reply(r, "ZREMRANGEBYRANK", "s", "x", "1") == NOT_INTEGER
    for args in (["ZRANGE", "s", "0", "1"], ["ZCOUNT", "s", "0", "1"],
                 ["ZLEXCOUNT", "s", "-", "+"], ["ZRANGEBYLEX", "s", "-", "+"],
                 ["ZREMRANGEBYLEX", "s", "-", "+"], ["ZRANGESTORE", "d", "s", "0", "1"]):
        assert reply(r, *args) == WRONGTYPE


@pytest.mark.parametrize("cmd,n", [
    ("zrange", 3), ("zrangestore", 4), ("zrevrange", 3), ("zrangebyscore", 3),
    ("zrevrangebyscore", 3), ("zrangebylex", 3), ("zrevrangebylex", 3), ("zcount", 3),
    ("zlexcount", 3), ("zremrangebyrank", 3), ("zremrangebyscore", 3), ("zremrangebylex", 3),
])
def test_arity(r, cmd, n):
    assert reply(r, cmd.upper(), *["z"] * (n - 1)) == arity_error(cmd)


def test_zcount_and_zlexcount_of_a_missing_key(r):
    assert reply(r, "ZCOUNT", "nokey", "-inf", "inf") == 0
    assert reply(r, "ZLEXCOUNT", "nokey", "-", "+") == 0


# ---- ZRANGESTORE ------------------------------------------------------------------------------

def test_zrangestore_by_rank_score_and_lex(z):
    assert reply(z, "ZRANGESTORE", "dst", "z", "1", "3") == 3
    assert rng(z, "dst", "0", "-1", "WITHSCORES") == [b"a", b"1", b"b", b"2", b"c", b"3"]
    assert reply(z, "ZRANGESTORE", "dst", "z", "(4", "-inf", "BYSCORE", "REV",
                 "LIMIT", "0", "2") == 2
    assert rng(z, "dst", "0", "-1", "WITHSCORES") == [b"b", b"2", b"c", b"3"]
    assert reply(z, "ZRANGESTORE", "dst", "lex", "[b", "(e", "BYLEX") == 3
    assert rng(z, "dst", "0", "-1", "WITHSCORES") == [b"b", b"0", b"c", b"0", b"d", b"0"]


def test_zrangestore_replaces_the_destination_and_its_ttl(z):
    z.set("dst", "string")
    reply(z, "EXPIRE", "dst", "100")
    assert reply(z, "ZRANGESTORE", "dst", "z", "0", "0") == 1
    assert reply(z, "TYPE", "dst") == b"zset"
    assert reply(z, "TTL", "dst") == -1


def test_zrangestore_with_an_empty_result_deletes_the_destination(z):
    reply(z, "ZADD", "dst", "1", "x")
    assert reply(z, "ZRANGESTORE", "dst", "z", "10", "20") == 0
    assert reply(z, "EXISTS", "dst") == 0
    reply(z, "ZADD", "dst", "1", "x")
    assert reply(z, "ZRANGESTORE", "dst", "nokey", "0", "-1") == 0
    assert reply(z, "EXISTS", "dst") == 0


def test_zrangestore_onto_its_source(z):
    assert reply(z, "ZRANGESTORE", "z", "z", "1", "2") == 2
    assert rng(z, "z", "0", "-1") == [b"a", b"b"]


def test_zrangestore_rejects_withscores(z):
    assert reply(z, "ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES") == SYNTAX


# ---- ZREMRANGEBY* -------------------------------------------------------------------------------

@pytest.mark.parametrize("start,stop,removed,left", [
    ("0", "1", 2, "bcdeg"), ("-2", "-1", 2, "fabcd"), ("2", "100", 5, "fa"),
    ("3", "1", 0, "fabcdeg"),
    ("10", "20", 0, "fabcdeg"), ("-100", "0", 1, "abcdeg"), ("0", "-1", 7, ""),
])
def test_zremrangebyrank(z, start, stop, removed, left):
    assert reply(z, "ZREMRANGEBYRANK", "z", start, stop) == removed
    assert rng(z, "z", "0", "-1") == [m.encode() for m in left]
    assert reply(z, "EXISTS", "z") == (1 if left else 0)


@pytest.mark.parametrize("lo,hi,removed,left", [
    ("2", "4", 3, "faeg"), ("(2", "(4", 1, "fabdeg"), ("-inf", "(1", 1, "abcdeg"),
    ("(5", "+inf", 1, "fabcde"), ("-inf", "inf", 7, ""), ("4", "2", 0, "fabcdeg"),
])
def test_zremrangebyscore(z, lo, hi, removed, left):
    assert reply(z, "ZREMRANGEBYSCORE", "z", lo, hi) == removed
    assert rng(z, "z", "0", "-1") == [m.encode() for m in left]


@pytest.mark.parametrize("lo,hi,removed,left", [
    ("[b", "[d", 3, ["", "a", "e", "ee", "f", "g"]),
    ("(b", "(e", 2, ["", "a", "b", "e", "ee", "f", "g"]),
    ("-", "(b", 2, ["b", "c", "d", "e", "ee", "f", "g"]),
    ("[ee", "+", 3, ["", "a", "b", "c", "d", "e"]),
    ("+", "-", 0, ["", "a", "b", "c", "d", "e", "ee", "f", "g"]), ("-", "+", 9, []),
])
def test_zremrangebylex(z, lo, hi, removed, left):
    assert reply(z, "ZREMRANGEBYLEX", "lex", lo, hi) == removed
    assert rng(z, "lex", "0", "-1") == [m.encode() for m in left]


def test_zremrange_on_a_missing_key(r):
    assert reply(r, "ZREMRANGEBYRANK", "nokey", "0", "-1") == 0
    assert reply(r, "ZREMRANGEBYSCORE", "nokey", "-inf", "inf") == 0
    assert reply(r, "ZREMRANGEBYLEX", "nokey", "-", "+") == 0
