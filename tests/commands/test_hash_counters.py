"""HINCRBY and HINCRBYFLOAT: arithmetic, limits, formatting of the stored
result, and the errors for bad increments and non-numeric values."""

import pytest

from helpers import NOT_FLOAT, NOT_INTEGER, OVERFLOW, Err, reply

INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808
NOT_HASH_INT = Err("ERR hash value is not an integer")
NOT_HASH_FLOAT = Err("ERR hash value is not a float")


def test_hincrby_creates_key_and_field(r):
    assert reply(r, "HINCRBY", "h", "n", "5") == 5
    assert reply(r, "HGET", "h", "n") == b"5"
    assert reply(r, "HINCRBY", "h", "n", "-7") == -2
    assert reply(r, "HINCRBY", "h", "m", "0") == 0
    assert reply(r, "HGETALL", "h") == [b"n", b"-2", b"m", b"0"]


def test_hincrby_over_32_bit_and_long_values(r):
    reply(r, "HSET", "h", "n", "17179869184", "s", "x" * 100)
    assert reply(r, "HINCRBY", "h", "n", "17179869184") == 34359738368
    assert reply(r, "HGET", "h", "n") == b"34359738368"


def test_hincrby_limits(r):
    reply(r, "HSET", "h", "max", str(INT64_MAX), "min", str(INT64_MIN))
    assert reply(r, "HINCRBY", "h", "max", "1") == OVERFLOW
    assert reply(r, "HINCRBY", "h", "min", "-1") == OVERFLOW
    assert reply(r, "HINCRBY", "h", "max", "-1") == INT64_MAX - 1
    assert reply(r, "HINCRBY", "h", "new", str(INT64_MIN)) == INT64_MIN
    assert reply(r, "HGET", "h", "min") == str(INT64_MIN).encode()


@pytest.mark.parametrize("value", ["abc", "1.5", " 1", "1 ", "0x10", "+1", "007", "",
                                   "99999999999999999999"])
def test_hincrby_on_a_non_integer_value(r, value):
    reply(r, "HSET", "h", "f", value)
    assert reply(r, "HINCRBY", "h", "f", "1") == NOT_HASH_INT
    assert reply(r, "HGET", "h", "f") == value.encode()


@pytest.mark.parametrize("incr", ["abc", "1.5", "", "9223372036854775808", " 1"])
def test_hincrby_with_a_bad_increment(r, incr):
    assert reply(r, "HINCRBY", "h", "f", incr) == NOT_INTEGER
    assert reply(r, "EXISTS", "h") == 0


@pytest.mark.parametrize("start,incr,want", [
    (None, "10.5", b"10.5"),
    ("10.5", "0.1", b"10.6"),
    ("5", "-5", b"0"),
    ("5.0e3", "2.0e2", b"5200"),
    ("1", "1e-10", b"1.0000000001"),
    ("0", "1e60", b"999999999999999999999373423426722168652130621984886772203520"),
    ("-0", "-0", b"0"),
    ("17179869184", "1.5", b"17179869185.5"),
    ("9223372036854775807", "1", b"9223372036854775808"),
    ("3.0", "0x10", b"19"),
    ("1.1", "-2.2", b"-1.1"),
])
def test_hincrbyfloat_formats_like_incrbyfloat(r, start, incr, want):
    if start is not None:
        reply(r, "HSET", "h", "f", start)
    assert reply(r, "HINCRBYFLOAT", "h", "f", incr) == want
    assert reply(r, "HGET", "h", "f") == want


@pytest.mark.parametrize("incr", ["abc", "", " 1", "1 ", "nan", "1e5000x"])
def test_hincrbyfloat_with_a_bad_increment(r, incr):
    assert reply(r, "HINCRBYFLOAT", "h", "f", incr) == NOT_FLOAT
    assert reply(r, "EXISTS", "h") == 0


@pytest.mark.parametrize("incr", ["inf", "-inf", "+inf", "Infinity"])
def test_hincrbyfloat_rejects_an_infinite_increment(r, incr):
    assert reply(r, "HINCRBYFLOAT", "h", "f", incr) == Err("ERR value is NaN or Infinity")
    assert reply(r, "EXISTS", "h") == 0


@pytest.mark.parametrize("value", ["abc", " 1", "1 ", "", "nan"])
def test_hincrbyfloat_on_a_non_numeric_value(r, value):
    reply(r, "HSET", "h", "f", value)
    assert reply(r, "HINCRBYFLOAT", "h", "f", "1") == NOT_HASH_FLOAT
    assert reply(r, "HGET", "h", "f") == value.encode()


def test_hincrbyfloat_on_a_stored_infinity(r):
    # "inf" parses as a value; the sum is then refused.
    reply(r, "HSET", "h", "f", "inf")
    assert reply(r, "HINCRBYFLOAT", "h", "f", "1") == Err(
        "ERR increment would produce NaN or Infinity")


def test_hincrbyfloat_overflowing_to_infinity(r):
    reply(r, "HSET", "h", "f", "1e4932")
    assert reply(r, "HINCRBYFLOAT", "h", "f", "1e4932") == Err(
        "ERR increment would produce NaN or Infinity")
    assert reply(r, "HGET", "h", "f") == b"1e4932"


def test_hincrbyfloat_result_can_be_incremented_as_an_integer(r):
    assert reply(r, "HINCRBYFLOAT", "h", "f", "2.5") == b"2.5"
    assert reply(r, "HINCRBYFLOAT", "h", "f", "0.5") == b"3"
    assert reply(r, "HINCRBY", "h", "f", "1") == 4
