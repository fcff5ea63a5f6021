"""SORT and SORT_RO on lists: numeric and ALPHA order, DESC, LIMIT, the
numbers SORT accepts, option parsing and its errors, RESP3 shapes.

Redis 7.0.15 does not clear errno before its strtod, so after one weight
fails with ERANGE its later non-integer weights fail too until something
else resets errno (a new connection does). Every ERANGE case here is
therefore the last SORT of its test: each test gets a new connection.
"""

import pytest

from helpers import NOT_INTEGER, SYNTAX, WRONGTYPE, Err, arity_error, encode_command, reply

pytestmark = pytest.mark.requires("rpush")

NOT_DOUBLE = Err("ERR One or more scores can't be converted into double")
INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808


def b(*items):
    return [x if isinstance(x, bytes) else str(x).encode() for x in items]


@pytest.fixture
def ten(r):
    """l: 10 9 8 ... 1"""
    r.rpush("l", *range(10, 0, -1))
    return r


# ---- order -------------------------------------------------------------------------

def test_numeric_ascending_by_default(ten):
    assert reply(ten, "SORT", "l") == b(*range(1, 11))
    assert reply(ten, "SORT", "l", "ASC") == b(*range(1, 11))


def test_desc_reverses(ten):
    assert reply(ten, "SORT", "l", "DESC") == b(*range(10, 0, -1))


def test_last_of_asc_and_desc_wins(ten):
    assert reply(ten, "SORT", "l", "DESC", "ASC") == b(*range(1, 11))
    assert reply(ten, "SORT", "l", "asc", "desc") == b(*range(10, 0, -1))


def test_sort_does_not_change_the_list(ten):
    reply(ten, "SORT", "l")
    assert reply(ten, "LRANGE", "l", "0", "-1") == b(*range(10, 0, -1))


def test_numeric_order_of_floats_negatives_and_infinities(r):
    r.rpush("l", "1.5", "-2", "inf", "-inf", "10", "2e1", "0", "-0.5", "3")
    assert reply(r, "SORT", "l") == b("-inf", "-2", "-0.5", "0", "1.5", "3", "10", "2e1", "inf")


def test_equal_numbers_are_ordered_by_their_bytes(r):
    r.rpush("l", "1.0", "1", "01", "1e0", "0.1e1")
    assert reply(r, "SORT", "l") == b("0.1e1", "01", "1", "1.0", "1e0")
    assert reply(r, "SORT", "l", "DESC") == b("1e0", "1.0", "1", "01", "0.1e1")


def test_duplicates_are_kept(r):
    r.rpush("l", "3", "1", "3", "2", "1")
    assert reply(r, "SORT", "l") == b(1, 1, 2, 3, 3)


def test_big_integers_sort_as_doubles(r):
    r.rpush("l", str(INT64_MAX), str(INT64_MIN), "9223372036854775806", "0")
    assert reply(r, "SORT", "l") == b(INT64_MIN, 0, "9223372036854775806", INT64_MAX)


def test_alpha_is_byte_order_under_the_default_locale(r):
    r.rpush("l", "b", "a", "B", "10", "9", "", "ab", "\xe9", "a b")
    assert reply(r, "SORT", "l", "ALPHA") == [
        b"", b"10", b"9", b"B", b"a", b"a b", b"ab", b"b", "\xe9".encode()]
    assert reply(r, "SORT", "l", "ALPHA", "DESC") == [
        "\xe9".encode(), b"b", b"ab", b"a b", b"a", b"B", b"9", b"10", b""]


def test_alpha_stops_comparing_at_a_nul_byte_when_replying(r):
    # strcoll reads C strings: "a\0z" and "a\0b" compare equal and keep
    # the list's order; byte order (used by STORE) tells them apart.
    r.rpush("l", "a\x00z", "b", "a\x00b", "a")
    assert reply(r, "SORT", "l", "ALPHA") == [b"a\x00z", b"a\x00b", b"a", b"b"]
    assert reply(r, "SORT", "l", "ALPHA", "STORE", "d") == 4
    assert reply(r, "LRANGE", "d", "0", "-1") == [b"a", b"a\x00b", b"a\x00z", b"b"]


def test_sort_ro_sorts_the_same_way(ten):
    assert reply(ten, "SORT_RO", "l") == b(*range(1, 11))
    assert reply(ten, "SORT_RO", "l", "DESC", "LIMIT", "0", "3") == b(10, 9, 8)
    assert reply(ten, "SORT_RO", "l", "ALPHA") == b(1, 10, 2, 3, 4, 5, 6, 7, 8, 9)


def test_missing_key_is_an_empty_list(r):
    assert reply(r, "SORT", "nokey") == []
    assert reply(r, "SORT", "nokey", "ALPHA", "DESC", "LIMIT", "0", "5") == []
    assert reply(r, "SORT_RO", "nokey") == []


# ---- numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("weight,value", [
    (" 3", 3), ("\t5", 5), ("0x1A", 26), ("1e3", 1000), ("", 0), ("infinity", 10**400),
    ("-inf", -10**400), ("+5", 5), (".5", 0.5), ("1.", 1), ("-0", 0),
    ("2.2250738585072014e-308", 0), ("\x003", 0), ("3\x00x", 3),
])
def test_weights_read_as_c_strtod_reads_them(r, weight, value):
    # Each weight against 1 and 4: where it lands tells its value.
    r.rpush("l", weight, "1", "4")
    got = reply(r, "SORT", "l")
    want = sorted([(value, weight.encode()), (1, b"1"), (4, b"4")])
    assert got == [w for _, w in want]


@pytest.mark.parametrize("weight", ["abc", "3 ", "  ", "1_0", "0b1", "nan", "1.5x", "--1"])
def test_weights_that_are_not_numbers_fail(r, weight):
    r.rpush("l", "1", weight, "2")
    assert reply(r, "SORT", "l") == NOT_DOUBLE
    assert reply(r, "SORT_RO", "l", "DESC") == NOT_DOUBLE


@pytest.mark.parametrize("weight", ["1e400", "-1e400", "1e-400", "1e-310", "4.9e-324"])
def test_weights_out_of_double_range_fail(r, weight):
    # ERANGE, overflow or underflow (the last SORT of the test: see above).
    r.rpush("l", "1", weight)
    assert reply(r, "SORT", "l") == NOT_DOUBLE


def test_a_failed_sort_still_works_in_alpha_and_without_sorting(r):
    r.rpush("l", "b", "1", "a")
    assert reply(r, "SORT", "l") == NOT_DOUBLE
    assert reply(r, "SORT", "l", "ALPHA") == b(1, "a", "b")
    assert reply(r, "SORT", "l", "BY", "nosort") == b("b", 1, "a")


# ---- LIMIT ----------------------------------------------------------------------------

@pytest.mark.parametrize("offset,count,want", [
    (0, 3, [1, 2, 3]), (2, 3, [3, 4, 5]), (8, 5, [9, 10]), (9, 1, [10]), (10, 1, []),
    (20, 3, []), (0, 0, []), (3, 0, []), (-5, 3, [1, 2, 3]), (2, -1, list(range(3, 11))),
    (0, -7, list(range(1, 11))), (5, INT64_MAX, [6, 7, 8, 9, 10]),
    (INT64_MAX, INT64_MAX, []), (INT64_MIN, 2, [1, 2]), (INT64_MIN, INT64_MIN, list(range(1, 11))),
    (9, INT64_MAX, [10]),
])
def test_limit(ten, offset, count, want):
    assert reply(ten, "SORT", "l", "LIMIT", str(offset), str(count)) == b(*want)


def test_limit_with_desc_counts_from_the_top(ten):
    assert reply(ten, "SORT", "l", "DESC", "LIMIT", "1", "3") == b(9, 8, 7)


def test_last_limit_wins(ten):
    assert reply(ten, "SORT", "l", "LIMIT", "0", "1", "LIMIT", "4", "2") == b(5, 6)


def test_limit_arguments_must_be_integers(ten):
    assert reply(ten, "SORT", "l", "LIMIT", "x", "1") == NOT_INTEGER
    assert reply(ten, "SORT", "l", "LIMIT", "1", "1.5") == NOT_INTEGER
    assert reply(ten, "SORT", "l", "LIMIT", "1", "9223372036854775808") == NOT_INTEGER
    assert reply(ten, "SORT_RO", "l", "LIMIT", "", "1") == NOT_INTEGER


# ---- parsing and errors ------------------------------------------------------------------

@pytest.mark.parametrize("opts", [
    ("FOO",), ("LIMIT",), ("LIMIT", "1"), ("BY",), ("GET",), ("STORE",), ("ASC", "DESC", "X"),
    ("ALPHAX",), ("LIMIT", "0", "1", "2"), ("BY", "w_*", "GET"),
])
def test_syntax_errors(ten, opts):
    assert reply(ten, "SORT", "l", *opts) == SYNTAX


def test_sort_ro_has_no_store(ten):
    assert reply(ten, "SORT_RO", "l", "STORE", "d") == SYNTAX
    assert reply(ten, "EXISTS", "d") == 0


def test_options_are_case_insensitive(ten):
    assert reply(ten, "SORT", "l", "desc", "Limit", "0", "2", "alpha") == b(9, 8)


def test_an_option_word_ends_at_a_nul_byte(ten):
    assert reply(ten, "SORT", "l", "DESC\x00junk", "LIMIT\x00", "0", "2") == b(10, 9)


def test_syntax_is_checked_before_the_type(r):
    r.set("s", "x")
    assert reply(r, "SORT", "s", "FOO") == SYNTAX
    assert reply(r, "SORT", "s", "LIMIT", "a", "1") == NOT_INTEGER
    assert reply(r, "SORT", "s") == WRONGTYPE


def test_wrong_type(r):
    r.set("s", "x")
    assert reply(r, "SORT", "s") == WRONGTYPE
    assert reply(r, "SORT_RO", "s", "ALPHA") == WRONGTYPE
    assert reply(r, "SORT", "s", "STORE", "d") == WRONGTYPE


@pytest.mark.requires("hset")
def test_a_hash_cannot_be_sorted(r):
    r.hset("h", "a", "1")
    assert reply(r, "SORT", "h") == WRONGTYPE


def test_arity(r):
    assert reply(r, "SORT") == arity_error("sort")
    assert reply(r, "SORT_RO") == arity_error("sort_ro")


# ---- RESP3 -------------------------------------------------------------------------------

@pytest.mark.parametrize("proto", [2, 3])
def test_reply_bytes(server, proto):
    with server.raw() as conn:
        if proto == 3:
            assert conn.command("HELLO", "3").startswith(b"%")
        conn.command("FLUSHALL")
        conn.command("RPUSH", "l", "2", "1")
        conn.command("SET", "o_1", "one")
        nil = b"_\r\n" if proto == 3 else b"$-1\r\n"
        assert conn.request(encode_command("SORT", "l")) == b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n"
        assert conn.request(encode_command("SORT", "l", "GET", "o_*", "GET", "#")) == (
            b"*4\r\n$3\r\none\r\n$1\r\n1\r\n" + nil + b"$1\r\n2\r\n")
        assert conn.request(encode_command("SORT", "nokey")) == b"*0\r\n"
        assert conn.request(encode_command("SORT", "l", "STORE", "d")) == b":2\r\n"
