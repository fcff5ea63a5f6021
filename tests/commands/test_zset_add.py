"""ZADD (NX, XX, GT, LT, CH, INCR and their conflicts) and ZINCRBY: replies,
errors, score parsing and the way scores are printed."""

import pytest

from helpers import NOT_FLOAT, SYNTAX, WRONGTYPE, Err, arity_error, reply

NAN = Err("ERR resulting score is not a number (NaN)")


def members(r, key):
    return reply(r, "ZRANGE", key, "0", "-1", "WITHSCORES")


def test_zadd_creates_the_key_and_counts_new_members(r):
    assert reply(r, "ZADD", "z", "1", "a", "2", "b") == 2
    assert reply(r, "TYPE", "z") == b"zset"
    assert members(r, "z") == [b"a", b"1", b"b", b"2"]


def test_zadd_updates_without_counting_updates(r):
    reply(r, "ZADD", "z", "1", "a")
    assert reply(r, "ZADD", "z", "5", "a", "2", "b") == 1
    assert members(r, "z") == [b"b", b"2", b"a", b"5"]


def test_zadd_ch_counts_updates_too(r):
    reply(r, "ZADD", "z", "1", "a", "2", "b")
    assert reply(r, "ZADD", "z", "CH", "1", "a", "3", "b", "4", "c") == 2
    assert reply(r, "ZADD", "z", "ch", "1", "a") == 0


def test_zadd_same_member_twice_in_one_call_keeps_the_last_score(r):
    assert reply(r, "ZADD", "z", "1", "a", "2", "a", "3", "a") == 1
    assert members(r, "z") == [b"a", b"3"]


def test_zadd_nx_only_adds(r):
    reply(r, "ZADD", "z", "1", "a")
    assert reply(r, "ZADD", "z", "NX", "9", "a", "2", "b") == 1
    assert members(r, "z") == [b"a", b"1", b"b", b"2"]


def test_zadd_xx_only_updates(r):
    reply(r, "ZADD", "z", "1", "a")
    assert reply(r, "ZADD", "z", "XX", "CH", "9", "a", "2", "b") == 1
    assert members(r, "z") == [b"a", b"9"]


def test_zadd_xx_on_a_missing_key_creates_nothing(r):
    assert reply(r, "ZADD", "z", "XX", "1", "a") == 0
    assert reply(r, "EXISTS", "z") == 0
    assert reply(r, "ZADD", "z", "XX", "INCR", "1", "a") is None
    assert reply(r, "EXISTS", "z") == 0


@pytest.mark.parametrize("opt,score,changed", [
    ("GT", "5", True), ("GT", "3", False), ("GT", "1", False),
    ("LT", "1", True), ("LT", "3", False), ("LT", "5", False),
])
def test_zadd_gt_lt_compare_with_the_current_score(r, opt, score, changed):
    reply(r, "ZADD", "z", "3", "a")
    assert reply(r, "ZADD", "z", opt, "CH", score, "a") == (1 if changed else 0)
    assert reply(r, "ZSCORE", "z", "a") == (score.encode() if changed else b"3")


def test_zadd_gt_and_lt_still_add_new_members(r):
    assert reply(r, "ZADD", "z", "GT", "1", "a") == 1
    assert reply(r, "ZADD", "z", "LT", "1", "b") == 1
    assert reply(r, "ZADD", "z", "XX", "GT", "1", "c") == 0
    assert reply(r, "ZCARD", "z") == 2


def test_zadd_incr_replies_the_new_score(r):
    assert reply(r, "ZADD", "z", "INCR", "1.5", "a") == b"1.5"
    assert reply(r, "ZADD", "z", "INCR", "-3", "a") == b"-1.5"
    assert reply(r, "ZADD", "z", "INCR", "NX", "1", "a") is None
    assert reply(r, "ZADD", "z", "INCR", "XX", "1", "b") is None
    assert reply(r, "ZADD", "z", "INCR", "GT", "-1", "a") is None
    assert reply(r, "ZADD", "z", "INCR", "GT", "1", "a") == b"-0.5"
    assert reply(r, "ZADD", "z", "INCR", "LT", "0", "a") is None


def test_zincrby(r):
    assert reply(r, "ZINCRBY", "z", "2", "a") == b"2"
    assert reply(r, "ZINCRBY", "z", "0.25", "a") == b"2.25"
    assert reply(r, "ZINCRBY", "z", "-inf", "a") == b"-inf"
    assert reply(r, "ZINCRBY", "z", "-10", "a") == b"-inf"


def test_zincrby_to_nan_is_an_error_and_changes_nothing(r):
    reply(r, "ZADD", "z", "inf", "a")
    assert reply(r, "ZINCRBY", "z", "-inf", "a") == NAN
    assert reply(r, "ZADD", "z", "INCR", "-inf", "a") == NAN
    assert reply(r, "ZSCORE", "z", "a") == b"inf"


def test_zincrby_parses_an_option_word_as_an_option(r):
    # ZINCRBY shares ZADD's parser: "nx" is taken for NX, leaving one argument.
    assert reply(r, "ZINCRBY", "z", "nx", "a") == SYNTAX
    assert reply(r, "ZINCRBY", "z", "x", "a") == NOT_FLOAT


@pytest.mark.parametrize("args,error", [
    (["NX", "XX", "1", "a"], "ERR XX and NX options at the same time are not compatible"),
    (["GT", "LT", "1", "a"], "ERR GT, LT, and/or NX options at the same time are not compatible"),
    (["NX", "GT", "1", "a"], "ERR GT, LT, and/or NX options at the same time are not compatible"),
    (["NX", "LT", "1", "a"], "ERR GT, LT, and/or NX options at the same time are not compatible"),
    (["INCR", "1", "a", "2", "b"], "ERR INCR option supports a single increment-element pair"),
    (["1", "a", "2"], "ERR syntax error"),
    (["NX", "1"], "ERR syntax error"),
    (["1", "a", "x", "b"], "ERR value is not a valid float"),
    (["nan", "a"], "ERR value is not a valid float"),
    (["1 ", "a"], "ERR value is not a valid float"),
    ([" 1", "a"], "ERR value is not a valid float"),
    (["", "a"], "ERR value is not a valid float"),
])
def test_zadd_errors_change_nothing(r, args, error):
    assert reply(r, "ZADD", "z", *args) == Err(error)
    assert reply(r, "EXISTS", "z") == 0


def test_zadd_option_conflicts_are_reported_before_bad_scores(r):
    assert reply(r, "ZADD", "z", "NX", "XX", "x", "a") == Err(
        "ERR XX and NX options at the same time are not compatible")


def test_zadd_xx_with_gt_is_allowed(r):
    reply(r, "ZADD", "z", "1", "a")
    assert reply(r, "ZADD", "z", "XX", "GT", "CH", "2", "a") == 1


@pytest.mark.parametrize("score,printed", [
    ("1", b"1"), ("-1", b"-1"), ("1.5", b"1.5"), ("0.1", b"0.10000000000000001"),
    ("1e3", b"1000"), ("1e17", b"1e+17"), ("123456789012345678", b"1.2345678901234568e+17"),
    ("-0", b"-0"), ("inf", b"inf"), ("+inf", b"inf"), ("-inf", b"-inf"), ("INF", b"inf"),
    ("infinity", b"inf"), ("0x10", b"16"), ("1e-320", b"9.9998886718268301e-321"),
    ("3.0000000000000004", b"3.0000000000000004"),
])
def test_scores_are_printed_with_17_significant_digits(r, score, printed):
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "0")
    try:
        assert reply(r, "ZADD", "z", score, "m") == 1
        assert reply(r, "ZSCORE", "z", "m") == printed
        assert reply(r, "ZMSCORE", "z", "m") == [printed]
    finally:
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")


def test_a_negative_zero_in_a_listpack_becomes_zero(r):
    # The listpack stores integral scores as integers: -0 is kept as 0.
    reply(r, "ZADD", "z", "-0", "m")
    assert reply(r, "ZSCORE", "z", "m") == b"0"
    assert reply(r, "ZINCRBY", "y", "-0", "m") == b"-0"
    assert reply(r, "ZSCORE", "y", "m") == b"0"


@pytest.mark.parametrize("value", ["1e400", "-1e400", "1e-400"])
def test_out_of_range_scores_are_rejected(r, value):
    assert reply(r, "ZADD", "z", value, "m") == NOT_FLOAT


def test_binary_and_empty_members(r):
    assert reply(r, "ZADD", "z", "1", "", "2", "a\x00b", "3", "\xff") == 3
    assert reply(r, "ZRANGE", "z", "0", "-1") == [b"", b"a\x00b", b"\xc3\xbf"]
    assert reply(r, "ZSCORE", "z", "") == b"1"


def test_integer_looking_members_keep_their_bytes(r):
    reply(r, "ZADD", "z", "1", "007", "2", "7", "3", "-0", "4", "99999999999999999999")
    assert reply(r, "ZRANGE", "z", "0", "-1") == [b"007", b"7", b"-0", b"99999999999999999999"]
    assert reply(r, "ZSCORE", "z", "7") == b"2"
    assert reply(r, "ZSCORE", "z", "07") is None


def test_zadd_against_a_key_of_another_type(r):
    r.set("s", "x")
    assert reply(r, "ZADD", "s", "1", "a") == WRONGTYPE
    assert reply(r, "ZINCRBY", "s", "1", "a") == WRONGTYPE
    assert reply(r, "ZADD", "s", "XX", "1", "a") == WRONGTYPE


def test_zadd_type_check_comes_after_score_parsing(r):
    r.set("s", "x")
    assert reply(r, "ZADD", "s", "x", "a") == NOT_FLOAT


@pytest.mark.parametrize("cmd,args", [
    ("zadd", ["z"]), ("zadd", ["z", "1"]), ("zincrby", ["z", "1"]),
    ("zincrby", ["z", "1", "a", "b"]),
])
def test_arity(r, cmd, args):
    assert reply(r, cmd.upper(), *args) == arity_error(cmd)


def test_zadd_keeps_the_ttl(r):
    reply(r, "ZADD", "z", "1", "a")
    reply(r, "EXPIRE", "z", "100")
    reply(r, "ZADD", "z", "2", "b")
    assert reply(r, "TTL", "z") > 0
