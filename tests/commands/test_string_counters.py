"""INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT: arithmetic, limits, formatting."""

import pytest

from helpers import NOT_FLOAT, NOT_INTEGER, OVERFLOW, WRONGTYPE, Err, arity_error, reply

INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808


def test_incr_creates_a_missing_key_starting_from_zero(r):
    assert reply(r, "INCR", "n") == 1
    assert reply(r, "GET", "n") == b"1"


def test_incr_against_an_existing_integer(r):
    r.set("n", "41")
    assert reply(r, "INCR", "n") == 42
    assert reply(r, "INCR", "n") == 43


def test_decr_goes_below_zero(r):
    assert reply(r, "DECR", "n") == -1
    assert reply(r, "DECR", "n") == -2
    assert reply(r, "GET", "n") == b"-2"


def test_incrby_and_decrby_with_positive_and_negative_amounts(r):
    assert reply(r, "INCRBY", "n", "100") == 100
    assert reply(r, "INCRBY", "n", "-150") == -50
    assert reply(r, "DECRBY", "n", "25") == -75
    assert reply(r, "DECRBY", "n", "-80") == 5


def test_incrby_over_32_bit_values(r):
    r.set("n", "17179869184")
    assert reply(r, "INCRBY", "n", "17179869184") == 34359738368


@pytest.mark.requires("rpush")
def test_incr_against_key_holding_a_list(r):
    r.rpush("l", "a")
    assert reply(r, "INCR", "l") == WRONGTYPE
    assert reply(r, "DECRBY", "l", "1") == WRONGTYPE
    assert reply(r, "INCRBYFLOAT", "l", "1") == WRONGTYPE


def test_incr_against_a_non_numeric_string(r):
    r.set("k", "abc")
    assert reply(r, "INCR", "k") == NOT_INTEGER
    assert reply(r, "GET", "k") == b"abc"


@pytest.mark.parametrize("value", [" 11", "11 ", "0x10", "1.5", "1e3", "", "+1", "00"])
def test_incr_fails_on_values_that_are_not_canonical_integers(r, value):
    r.set("k", value)
    assert reply(r, "INCR", "k") == NOT_INTEGER


def test_incr_on_a_value_longer_than_twenty_digits_fails(r):
    r.set("k", "1" * 21)
    assert reply(r, "INCR", "k") == NOT_INTEGER


def test_incr_fails_at_int64_max(r):
    r.set("n", str(INT64_MAX))
    assert reply(r, "INCR", "n") == OVERFLOW
    assert reply(r, "GET", "n") == str(INT64_MAX).encode()


def test_decr_fails_at_int64_min(r):
    r.set("n", str(INT64_MIN))
    assert reply(r, "DECR", "n") == OVERFLOW
    assert reply(r, "GET", "n") == str(INT64_MIN).encode()


def test_incrby_reaches_int64_max_exactly(r):
    r.set("n", str(INT64_MAX - 10))
    assert reply(r, "INCRBY", "n", "10") == INT64_MAX
    assert reply(r, "INCRBY", "n", "1") == OVERFLOW


def test_decrby_with_int64_min_amount_is_a_decrement_overflow(r):
    r.set("n", "0")
    assert reply(r, "DECRBY", "n", str(INT64_MIN)) == Err("ERR decrement would overflow")


def test_incrby_with_an_amount_out_of_int64_range_fails(r):
    assert reply(r, "INCRBY", "n", "9223372036854775808") == NOT_INTEGER
    assert reply(r, "INCRBY", "n", "abc") == NOT_INTEGER
    assert reply(r, "INCRBY", "n", "1.5") == NOT_INTEGER
    assert reply(r, "EXISTS", "n") == 0


def test_incr_keeps_the_ttl_of_the_key(r):
    r.set("n", "1", ex=1000)
    reply(r, "INCR", "n")
    assert 0 < r.ttl("n") <= 1000


def test_counter_commands_wrong_arity(r):
    assert reply(r, "INCR") == arity_error("incr")
    assert reply(r, "INCR", "a", "b") == arity_error("incr")
    assert reply(r, "DECR") == arity_error("decr")
    assert reply(r, "INCRBY", "a") == arity_error("incrby")
    assert reply(r, "DECRBY", "a", "1", "2") == arity_error("decrby")
    assert reply(r, "INCRBYFLOAT", "a") == arity_error("incrbyfloat")


# ---- INCRBYFLOAT ---------------------------------------------------------

@pytest.mark.parametrize("start,incr,result", [
    (None, "1.5", b"1.5"),
    ("10.5", "0.1", b"10.6"),
    ("5.0e3", "2.0e2", b"5200"),
    ("10", "-10", b"0"),
    ("1", "1e-5", b"1.00001"),
    ("0", "0.1", b"0.1"),
    ("3", "-3.5", b"-0.5"),
    ("1.1", "2.2", b"3.3"),
    (None, "1e20", b"100000000000000000000"),
    (None, "-0", b"0"),
    (None, ".5", b"0.5"),
    (None, "5.", b"5"),
    ("17179869184", "1.5", b"17179869185.5"),
])
def test_incrbyfloat_formats_results_like_redis(r, start, incr, result):
    if start is not None:
        r.set("f", start)
    assert reply(r, "INCRBYFLOAT", "f", incr) == result
    assert reply(r, "GET", "f") == result


def test_incrbyfloat_uses_long_double_precision(r):
    r.set("f", "10.00001")
    assert reply(r, "INCRBYFLOAT", "f", "1e20") == b"100000000000000000008"


def test_incrbyfloat_accepts_hexadecimal_like_strtold(r):
    assert reply(r, "INCRBYFLOAT", "f", "0x10") == b"16"


def test_incrbyfloat_result_is_never_in_exponent_notation(r):
    assert reply(r, "INCRBYFLOAT", "f", "1e-5") == b"0.00001"
    assert reply(r, "INCRBYFLOAT", "g", "1.5e10") == b"15000000000"


@pytest.mark.parametrize("incr", ["inf", "-inf", "+inf", "infinity"])
def test_incrbyfloat_rejects_an_infinite_increment(r, incr):
    r.set("f", "1")
    assert reply(r, "INCRBYFLOAT", "f", incr) == Err(
        "ERR increment would produce NaN or Infinity")
    assert reply(r, "GET", "f") == b"1"


@pytest.mark.parametrize("incr", ["nan", "abc", "", "1.5 ", " 1.5", "1.5e", "1,5"])
def test_incrbyfloat_rejects_an_increment_that_is_not_a_float(r, incr):
    r.set("f", "1")
    assert reply(r, "INCRBYFLOAT", "f", incr) == NOT_FLOAT


@pytest.mark.parametrize("value", ["abc", " 1", "1 ", "nan"])
def test_incrbyfloat_against_a_value_that_is_not_a_float(r, value):
    r.set("f", value)
    assert reply(r, "INCRBYFLOAT", "f", "1") == NOT_FLOAT


@pytest.mark.parametrize("value", ["inf", "-inf"])
def test_incrbyfloat_against_an_infinite_value(r, value):
    r.set("f", value)
    assert reply(r, "INCRBYFLOAT", "f", "1") == Err(
        "ERR increment would produce NaN or Infinity")


def test_incrbyfloat_overflowing_to_infinity_fails(r):
    r.set("f", "1.1e4932")
    assert reply(r, "INCRBYFLOAT", "f", "1.1e4932") == Err(
        "ERR increment would produce NaN or Infinity")
    assert reply(r, "GET", "f") == b"1.1e4932"


def test_incrbyfloat_result_can_be_used_by_incr_when_integral(r):
    assert reply(r, "INCRBYFLOAT", "f", "2.5") == b"2.5"
    assert reply(r, "INCRBYFLOAT", "f", "0.5") == b"3"
    assert reply(r, "INCR", "f") == 4


def test_incrbyfloat_keeps_the_ttl_of_the_key(r):
    r.set("f", "1.5", ex=1000)
    reply(r, "INCRBYFLOAT", "f", "1")
    assert 0 < r.ttl("f") <= 1000
