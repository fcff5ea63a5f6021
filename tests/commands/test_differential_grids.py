"""Exhaustive small grids run on ours and on the oracle side by side: number
parsing and formatting, range arithmetic and glob matching, where a table
of expected values would be longer than the test."""

import itertools

import pytest

from helpers import assert_same, reply

NUMBERS = ["0", "-0", "1", "-1", "10", "007", "+1", " 1", "1 ", "1.0", "1e3", "0x1A",
           "9223372036854775807", "-9223372036854775808", "9223372036854775808",
           "-9223372036854775809", "12345678901234567890", "", "abc", "1.5", "-1.5e-3",
           ".5", "5.", "inf", "-inf", "nan", "1e308", "1e-308", "3.14159265358979323846",
           "0.1", "1e20", "123456789.123456789", "\t1", "1\x00"]


@pytest.mark.parametrize("start", NUMBERS)
def test_incr_family_parsing_matches_the_oracle(both, start):
    for cmd in (["INCR", "k"], ["DECR", "k"], ["INCRBY", "k", "5"], ["DECRBY", "k", "-5"],
                ["INCRBYFLOAT", "k", "0.1"], ["INCRBYFLOAT", "k", "-1e3"]):
        assert_same(both, "SET", "k", start)
        assert_same(both, *cmd)
        assert_same(both, "GET", "k")
        assert_same(both, "OBJECT", "ENCODING", "k")


@pytest.mark.parametrize("amount", NUMBERS)
def test_increment_argument_parsing_matches_the_oracle(both, amount):
    for cmd in ("INCRBY", "DECRBY", "INCRBYFLOAT"):
        assert_same(both, "SET", "k", "100")
        assert_same(both, cmd, "k", amount)
        assert_same(both, "GET", "k")


def test_incrbyfloat_chains_format_like_the_oracle(both):
    steps = ["0.1", "0.2", "1e-7", "-0.3", "1e15", "0.000001", "-1e15", "3.3333333333",
             "1.5e-10", "-7", "2.5e5", "0.125"]
    for _ in range(3):
        for s in steps:
            assert_same(both, "INCRBYFLOAT", "f", s)


INDEXES = ["0", "1", "3", "10", "11", "12", "-1", "-2", "-11", "-12", "-100", "100"]


def test_getrange_grid_matches_the_oracle(both):
    assert_same(both, "SET", "s", "Hello World")
    assert_same(both, "SET", "n", "-12345")
    assert_same(both, "SET", "e", "")
    for key, start, end in itertools.product(["s", "n", "e", "missing"], INDEXES, INDEXES):
        assert_same(both, "GETRANGE", key, start, end)


def test_setrange_grid_matches_the_oracle(both):
    for offset, value in itertools.product(["0", "1", "5", "11", "15"], ["", "x", "abcdef"]):
        assert_same(both, "SET", "s", "Hello World")
        assert_same(both, "SETRANGE", "s", offset, value)
        assert_same(both, "GET", "s")
        assert_same(both, "SETRANGE", "fresh", offset, value)
        assert_same(both, "GET", "fresh")
        assert_same(both, "DEL", "fresh")


PATTERN_KEYS = ["a", "b", "ab", "ba", "abc", "a*c", "a?c", "a[b]c", "a\\b", "A", "-", "]",
                "[", "\\", "aXc", "a.c", "", "abcabc"]
PATTERN_PIECES = ["a", "*", "?", "[ab]", "[^a]", "[a-c]", "\\*", "\\?", "\\[", "c", "[]]",
                  "[\\]]", "[a-]", "\\\\", "[!b]"]


def test_keys_pattern_grid_matches_the_oracle(both):
    for c in both:
        c.mset({k: 1 for k in PATTERN_KEYS})
    patterns = set(PATTERN_PIECES)
    patterns |= {a + b for a, b in itertools.product(PATTERN_PIECES, repeat=2)}
    for p in sorted(patterns):
        ours, oracle = both
        assert sorted(reply(ours, "KEYS", p)) == sorted(reply(oracle, "KEYS", p)), p


def test_lcs_grid_matches_the_oracle(both):
    words = ["", "a", "ab", "ba", "abcbdab", "bdcaba", "ohmytext", "mynewtext", "aaaa", "12345"]
    for c in both:
        c.mset({"w%d" % i: w for i, w in enumerate(words)})
    for i, j in itertools.product(range(len(words)), repeat=2):
        a, b = "w%d" % i, "w%d" % j
        assert_same(both, "LCS", a, b)
        assert_same(both, "LCS", a, b, "LEN")
        assert_same(both, "LCS", a, b, "IDX", "WITHMATCHLEN")
        assert_same(both, "LCS", a, b, "IDX", "MINMATCHLEN", "2")


def test_set_option_combinations_match_the_oracle(both):
    opts = [[], ["NX"], ["XX"], ["GET"], ["KEEPTTL"], ["EX", "100"], ["PX", "100000"],
            ["EXAT", "99999999999"], ["EX", "0"]]
    for a, b in itertools.product(opts, repeat=2):
        for present in (False, True):
            assert_same(both, "DEL", "k")
            if present:
                assert_same(both, "SET", "k", "old")
            assert_same(both, "SET", "k", "new", *a, *b)
            assert_same(both, "GET", "k")
