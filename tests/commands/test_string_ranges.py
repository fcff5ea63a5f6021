"""APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE and LCS."""

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, Err, arity_error, reply


# ---- APPEND STRLEN ---------------------------------------------------------

def test_append_creates_a_missing_key(r):
    assert reply(r, "APPEND", "k", "foo") == 3
    assert reply(r, "GET", "k") == b"foo"


def test_append_to_an_existing_string(r):
    r.set("k", "foo")
    assert reply(r, "APPEND", "k", "bar") == 6
    assert reply(r, "APPEND", "k", "") == 6
    assert reply(r, "GET", "k") == b"foobar"


def test_append_to_an_integer_value(r):
    r.set("n", "12345")
    assert reply(r, "APPEND", "n", "6") == 6
    assert reply(r, "GET", "n") == b"123456"
    assert reply(r, "INCR", "n") == 123457


def test_append_keeps_the_ttl(r):
    r.set("k", "v", ex=100)
    reply(r, "APPEND", "k", "w")
    assert 0 < reply(r, "TTL", "k") <= 100


def test_append_many_times_builds_the_concatenation(r):
    for i in range(200):
        reply(r, "APPEND", "k", "%03d" % i)
    assert reply(r, "GET", "k") == b"".join(b"%03d" % i for i in range(200))


def test_append_binary_data(r):
    assert reply(r, "APPEND", "k", b"\x00\r\n") == 3
    assert reply(r, "APPEND", "k", b"\xff") == 4
    assert reply(r, "GET", "k") == b"\x00\r\n\xff"


@pytest.mark.requires("rpush")
def test_append_against_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "APPEND", "l", "x") == WRONGTYPE


def test_strlen_of_strings_integers_and_missing_keys(r):
    r.set("k", "Hello World")
    r.set("n", "-12345")
    r.set("e", "")
    assert reply(r, "STRLEN", "k") == 11
    assert reply(r, "STRLEN", "n") == 6
    assert reply(r, "STRLEN", "e") == 0
    assert reply(r, "STRLEN", "nokey") == 0


@pytest.mark.requires("rpush")
def test_strlen_against_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "STRLEN", "l") == WRONGTYPE


def test_append_and_strlen_wrong_arity(r):
    assert reply(r, "APPEND", "k") == arity_error("append")
    assert reply(r, "STRLEN") == arity_error("strlen")
    assert reply(r, "STRLEN", "a", "b") == arity_error("strlen")


# ---- GETRANGE SUBSTR ---------------------------------------------------------

@pytest.mark.parametrize("start,end,result", [
    ("0", "4", b"Hello"),
    ("-5", "-1", b"World"),
    ("0", "-1", b"Hello World"),
    ("-100", "100", b"Hello World"),
    ("5", "2", b""),
    ("11", "20", b""),
    ("-1", "-5", b""),
    ("0", "-100", b"H"),
    ("-1", "0", b""),
    ("6", "6", b"W"),
    ("0", "9223372036854775807", b"Hello World"),
    ("9223372036854775807", "0", b""),
    ("-9223372036854775808", "-1", b"Hello World"),
])
def test_getrange_index_arithmetic(r, start, end, result):
    r.set("k", "Hello World")
    assert reply(r, "GETRANGE", "k", start, end) == result


def test_getrange_of_an_integer_encoded_value(r):
    r.set("n", "1234")
    assert reply(r, "GETRANGE", "n", "1", "2") == b"23"
    assert reply(r, "GETRANGE", "n", "-1", "-1") == b"4"


def test_getrange_of_a_missing_or_empty_key_is_empty(r):
    r.set("e", "")
    assert reply(r, "GETRANGE", "nokey", "0", "-1") == b""
    assert reply(r, "GETRANGE", "e", "0", "-1") == b""
    assert reply(r, "GETRANGE", "e", "-1", "-1") == b""


@pytest.mark.requires("rpush")
def test_getrange_against_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "GETRANGE", "l", "0", "-1") == WRONGTYPE


def test_getrange_with_indexes_that_are_not_integers(r):
    r.set("k", "v")
    assert reply(r, "GETRANGE", "k", "a", "b") == NOT_INTEGER
    assert reply(r, "GETRANGE", "k", "0", "1.5") == NOT_INTEGER


def test_substr_is_getrange(r):
    r.set("k", "Hello World")
    assert reply(r, "SUBSTR", "k", "0", "4") == b"Hello"
    assert reply(r, "SUBSTR", "k", "-5", "-1") == b"World"
    assert reply(r, "SUBSTR", "nokey", "0", "-1") == b""


def test_getrange_and_substr_wrong_arity(r):
    assert reply(r, "GETRANGE", "k", "0") == arity_error("getrange")
    assert reply(r, "SUBSTR", "k", "0", "1", "2") == arity_error("substr")


# ---- SETRANGE ----------------------------------------------------------------

def test_setrange_overwrites_part_of_a_string(r):
    r.set("k", "Hello World")
    assert reply(r, "SETRANGE", "k", "6", "Redis") == 11
    assert reply(r, "GET", "k") == b"Hello Redis"


def test_setrange_beyond_the_end_pads_with_zero_bytes(r):
    r.set("k", "ab")
    assert reply(r, "SETRANGE", "k", "5", "cd") == 7
    assert reply(r, "GET", "k") == b"ab\x00\x00\x00cd"


def test_setrange_creates_a_missing_key_padded_with_zero_bytes(r):
    assert reply(r, "SETRANGE", "k", "2", "ab") == 4
    assert reply(r, "GET", "k") == b"\x00\x00ab"


def test_setrange_with_an_empty_value_does_not_create_the_key(r):
    assert reply(r, "SETRANGE", "k", "0", "") == 0
    assert reply(r, "SETRANGE", "k", "10", "") == 0
    assert reply(r, "EXISTS", "k") == 0


def test_setrange_with_an_empty_value_returns_the_current_length(r):
    r.set("k", "Hello World")
    assert reply(r, "SETRANGE", "k", "0", "") == 11
    assert reply(r, "SETRANGE", "k", "20", "") == 11
    assert reply(r, "GET", "k") == b"Hello World"


def test_setrange_on_an_integer_value(r):
    r.set("n", "1234")
    assert reply(r, "SETRANGE", "n", "1", "xx") == 4
    assert reply(r, "GET", "n") == b"1xx4"
    r.set("m", "1234")
    assert reply(r, "SETRANGE", "m", "4", "5") == 5
    assert reply(r, "INCR", "m") == 12346


def test_setrange_keeps_the_ttl(r):
    r.set("k", "v", ex=100)
    reply(r, "SETRANGE", "k", "0", "w")
    assert 0 < reply(r, "TTL", "k") <= 100


def test_setrange_with_a_negative_offset(r):
    r.set("k", "v")
    assert reply(r, "SETRANGE", "k", "-1", "x") == Err("ERR offset is out of range")


def test_setrange_past_the_512mb_limit(r):
    assert reply(r, "SETRANGE", "k", "536870912", "x") == Err(
        "ERR string exceeds maximum allowed size (proto-max-bulk-len)")
    assert reply(r, "SETRANGE", "k", "536870911", "xy") == Err(
        "ERR string exceeds maximum allowed size (proto-max-bulk-len)")
    assert reply(r, "EXISTS", "k") == 0


def test_setrange_at_the_limit_with_an_empty_value_is_a_no_op(r):
    r.set("k", "v")
    assert reply(r, "SETRANGE", "k", "536870911", "") == 1
    assert reply(r, "SETRANGE", "k", "536870912", "") == 1


def test_setrange_with_an_offset_that_is_not_an_integer(r):
    assert reply(r, "SETRANGE", "k", "abc", "x") == NOT_INTEGER


@pytest.mark.requires("rpush")
def test_setrange_against_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "SETRANGE", "l", "0", "x") == WRONGTYPE
    assert reply(r, "SETRANGE", "l", "0", "") == WRONGTYPE


def test_setrange_wrong_arity(r):
    assert reply(r, "SETRANGE", "k", "0") == arity_error("setrange")


# ---- LCS ---------------------------------------------------------------------

@pytest.fixture
def lcs_keys(r):
    r.set("s1", "ohmytext")
    r.set("s2", "mynewtext")
    return r


def test_lcs_returns_the_longest_common_subsequence(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2") == b"mytext"


def test_lcs_len_returns_the_length(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "LEN") == 6


def test_lcs_idx_returns_the_matching_ranges(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "IDX") == [
        b"matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len", 6]


def test_lcs_idx_with_minmatchlen_filters_short_matches(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "IDX", "MINMATCHLEN", "4") == [
        b"matches", [[[4, 7], [5, 8]]], b"len", 6]


def test_lcs_idx_withmatchlen_adds_the_match_length(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "IDX", "WITHMATCHLEN") == [
        b"matches", [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], b"len", 6]
    assert reply(lcs_keys, "LCS", "s1", "s2", "IDX", "MINMATCHLEN", "4",
                 "WITHMATCHLEN") == [b"matches", [[[4, 7], [5, 8], 4]], b"len", 6]


def test_lcs_negative_minmatchlen_behaves_as_zero(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "IDX", "MINMATCHLEN", "-1") == [
        b"matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len", 6]


def test_lcs_options_without_idx_are_ignored(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "WITHMATCHLEN") == b"mytext"
    assert reply(lcs_keys, "LCS", "s1", "s2", "LEN", "MINMATCHLEN", "2") == 6


def test_lcs_of_missing_keys_is_empty(r):
    r.set("a", "abc")
    assert reply(r, "LCS", "a", "nokey") == b""
    assert reply(r, "LCS", "nokey", "nokey2", "LEN") == 0
    assert reply(r, "LCS", "nokey", "nokey2", "IDX") == [b"matches", [], b"len", 0]


def test_lcs_of_a_string_with_itself(r):
    r.set("a", "abcdef")
    assert reply(r, "LCS", "a", "a") == b"abcdef"
    assert reply(r, "LCS", "a", "a", "IDX", "WITHMATCHLEN") == [
        b"matches", [[[0, 5], [0, 5], 6]], b"len", 6]


def test_lcs_of_strings_with_nothing_in_common(r):
    r.mset({"a": "abc", "b": "xyz"})
    assert reply(r, "LCS", "a", "b") == b""
    assert reply(r, "LCS", "a", "b", "IDX") == [b"matches", [], b"len", 0]


def test_lcs_works_on_integer_encoded_values(r):
    r.mset({"a": "12345", "b": "2468"})
    assert reply(r, "LCS", "a", "b") == b"24"


def test_lcs_of_longer_strings(r):
    a = "ACCGGTCGAGTGCGCGGAAGCCGGCCGAA" * 4
    b = "GTCGTTCGGAATGCCGTTGCTCTGTAAA" * 4
    r.mset({"a": a, "b": b})
    got = reply(r, "LCS", "a", "b")
    assert len(got) == reply(r, "LCS", "a", "b", "LEN") == _lcs_len(a, b)
    assert _is_subsequence(got.decode(), a) and _is_subsequence(got.decode(), b)


def _lcs_len(a, b):
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _is_subsequence(sub, s):
    it = iter(s)
    return all(ch in it for ch in sub)


def test_lcs_len_and_idx_together_is_an_error(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "LEN", "IDX") == Err(
        "ERR If you want both the length and indexes, please just use IDX.")


def test_lcs_syntax_errors(lcs_keys):
    assert reply(lcs_keys, "LCS", "s1", "s2", "MINMATCHLEN") == SYNTAX
    assert reply(lcs_keys, "LCS", "s1", "s2", "FOO") == SYNTAX
    assert reply(lcs_keys, "LCS", "s1", "s2", "s3") == SYNTAX
    assert reply(lcs_keys, "LCS", "s1", "s2", "MINMATCHLEN", "abc") == NOT_INTEGER


@pytest.mark.requires("rpush")
def test_lcs_against_a_list(r):
    r.set("a", "abc")
    r.rpush("l", "x")
    assert reply(r, "LCS", "a", "l") == Err("ERR The specified keys must contain string values")
    assert reply(r, "LCS", "l", "a") == Err("ERR The specified keys must contain string values")


def test_lcs_wrong_arity(r):
    assert reply(r, "LCS", "a") == arity_error("lcs")
