"""SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF and SDIFFSTORE:
results, missing keys, repeated keys, wrong types, and what the STORE
forms do to their destination."""

import pytest

from helpers import SYNTAX, WRONGTYPE, Err, reply


def members(r, key):
    return sorted(reply(r, "SMEMBERS", key))


@pytest.fixture
def abc(r):
    """a = {1..5, x}, b = {4..8, x, y}, c = {5, x, z}."""
    reply(r, "SADD", "a", "1", "2", "3", "4", "5", "x")
    reply(r, "SADD", "b", "4", "5", "6", "7", "8", "x", "y")
    reply(r, "SADD", "c", "5", "x", "z")
    return r


# ---- SINTER -------------------------------------------------------------------------

def test_sinter(abc):
    assert sorted(reply(abc, "SINTER", "a", "b")) == [b"4", b"5", b"x"]
    assert sorted(reply(abc, "SINTER", "a", "b", "c")) == [b"5", b"x"]
    assert sorted(reply(abc, "SINTER", "c")) == [b"5", b"x", b"z"]


def test_sinter_of_intsets_is_in_ascending_order(r):
    reply(r, "SADD", "i", "9", "3", "7", "1", "5")
    reply(r, "SADD", "j", "1", "3", "5", "7", "9", "11", "13")
    assert reply(r, "SINTER", "j", "i") == [b"1", b"3", b"5", b"7", b"9"]


def test_sinter_with_a_missing_key_is_empty(abc):
    assert reply(abc, "SINTER", "a", "nokey", "b") == []
    assert reply(abc, "SINTER", "nokey") == []


def test_sinter_of_a_key_with_itself(abc):
    assert sorted(reply(abc, "SINTER", "c", "c", "c")) == [b"5", b"x", b"z"]


def test_sinter_of_an_intset_and_a_hash_table(r):
    reply(r, "SADD", "i", "1", "2", "3")
    reply(r, "SADD", "h", "2", "3", "4", "w")
    assert sorted(reply(r, "SINTER", "i", "h")) == [b"2", b"3"]
    assert sorted(reply(r, "SINTER", "h", "i")) == [b"2", b"3"]


def test_sinter_checks_every_key_type_even_after_a_missing_key(abc):
    abc.set("str", "v")
    assert reply(abc, "SINTER", "nokey", "str") == WRONGTYPE
    assert reply(abc, "SINTER", "a", "str") == WRONGTYPE
    assert reply(abc, "SINTERSTORE", "d", "nokey", "str") == WRONGTYPE
    assert reply(abc, "SINTERCARD", "2", "nokey", "str") == WRONGTYPE


# ---- SINTERCARD ---------------------------------------------------------------------

def test_sintercard(abc):
    assert reply(abc, "SINTERCARD", "2", "a", "b") == 3
    assert reply(abc, "SINTERCARD", "3", "a", "b", "c") == 2
    assert reply(abc, "SINTERCARD", "1", "a") == 6
    assert reply(abc, "SINTERCARD", "2", "a", "nokey") == 0


def test_sintercard_limit(abc):
    assert reply(abc, "SINTERCARD", "2", "a", "b", "LIMIT", "1") == 1
    assert reply(abc, "SINTERCARD", "2", "a", "b", "limit", "2") == 2
    assert reply(abc, "SINTERCARD", "2", "a", "b", "LIMIT", "3") == 3
    assert reply(abc, "SINTERCARD", "2", "a", "b", "LIMIT", "100") == 3
    assert reply(abc, "SINTERCARD", "2", "a", "b", "LIMIT", "0") == 3
    # the last LIMIT counts
    assert reply(abc, "SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "0") == 3


@pytest.mark.parametrize("args,error", [
    (("0", "a"), "ERR numkeys should be greater than 0"),
    (("-1", "a"), "ERR numkeys should be greater than 0"),
    (("x", "a"), "ERR numkeys should be greater than 0"),
    (("9223372036854775808", "a"), "ERR numkeys should be greater than 0"),
    (("2", "a"), "ERR Number of keys can't be greater than number of args"),
    (("1", "a", "LIMIT"), "ERR syntax error"),
    (("1", "a", "LIMIT", "-1"), "ERR LIMIT can't be negative"),
    (("1", "a", "LIMIT", "x"), "ERR LIMIT can't be negative"),
    (("1", "a", "FOO", "1"), "ERR syntax error"),
    (("1", "a", "b"), "ERR syntax error"),
])
def test_sintercard_errors(abc, args, error):
    assert reply(abc, "SINTERCARD", *args) == Err(error)


# ---- SINTERSTORE --------------------------------------------------------------------

def test_sinterstore(abc):
    assert reply(abc, "SINTERSTORE", "d", "a", "b") == 3
    assert members(abc, "d") == [b"4", b"5", b"x"]


def test_sinterstore_overwrites_any_destination_and_drops_its_ttl(abc):
    abc.set("d", "string", ex=1000)
    assert reply(abc, "SINTERSTORE", "d", "a", "c") == 2
    assert reply(abc, "TYPE", "d") == b"set"
    assert reply(abc, "TTL", "d") == -1


def test_sinterstore_with_an_empty_result_deletes_the_destination(abc):
    reply(abc, "SADD", "d", "old")
    reply(abc, "SADD", "e", "nothing-in-common")
    assert reply(abc, "SINTERSTORE", "d", "a", "e") == 0
    assert reply(abc, "EXISTS", "d") == 0


def test_sinterstore_with_a_missing_source_deletes_the_destination(abc):
    abc.set("d", "v")
    assert reply(abc, "SINTERSTORE", "d", "a", "nokey") == 0
    assert reply(abc, "EXISTS", "d") == 0


def test_sinterstore_into_one_of_its_sources(abc):
    assert reply(abc, "SINTERSTORE", "a", "a", "b") == 3
    assert members(abc, "a") == [b"4", b"5", b"x"]
    assert reply(abc, "SINTERSTORE", "c", "c") == 3
    assert members(abc, "c") == [b"5", b"x", b"z"]


def test_sinterstore_does_not_touch_a_wrong_type_destination_on_error(abc):
    abc.set("str", "v")
    abc.set("d", "keep")
    assert reply(abc, "SINTERSTORE", "d", "a", "str") == WRONGTYPE
    assert reply(abc, "GET", "d") == b"keep"


# ---- SUNION -------------------------------------------------------------------------

def test_sunion(abc):
    assert sorted(reply(abc, "SUNION", "a", "c")) == sorted(
        [b"1", b"2", b"3", b"4", b"5", b"x", b"z"])
    assert len(reply(abc, "SUNION", "a", "b", "c")) == 11


def test_sunion_ignores_missing_keys(abc):
    assert sorted(reply(abc, "SUNION", "nokey", "c", "nokey2")) == [b"5", b"x", b"z"]
    assert reply(abc, "SUNION", "nokey") == []


def test_sunion_of_intsets_is_in_ascending_order(r):
    reply(r, "SADD", "i", "10", "-2", "4")
    reply(r, "SADD", "j", "3", "100000", "-70000")
    assert reply(r, "SUNION", "j", "i") == [b"-70000", b"-2", b"3", b"4", b"10", b"100000"]


def test_sunion_with_a_wrong_type_key(abc):
    abc.set("str", "v")
    assert reply(abc, "SUNION", "a", "str") == WRONGTYPE
    assert reply(abc, "SUNIONSTORE", "d", "nokey", "str") == WRONGTYPE


def test_sunionstore(abc):
    assert reply(abc, "SUNIONSTORE", "d", "a", "c") == 7
    assert members(abc, "d") == sorted([b"1", b"2", b"3", b"4", b"5", b"x", b"z"])


def test_sunionstore_into_one_of_its_sources(abc):
    assert reply(abc, "SUNIONSTORE", "c", "c", "a") == 7
    assert reply(abc, "SCARD", "c") == 7


def test_sunionstore_of_nothing_deletes_the_destination(abc):
    abc.set("d", "v", ex=100)
    assert reply(abc, "SUNIONSTORE", "d", "nokey") == 0
    assert reply(abc, "EXISTS", "d") == 0


def test_sunionstore_drops_the_destination_ttl(abc):
    reply(abc, "SADD", "d", "old")
    abc.expire("d", 1000)
    reply(abc, "SUNIONSTORE", "d", "d", "c")
    assert members(abc, "d") == [b"5", b"old", b"x", b"z"]
    assert reply(abc, "TTL", "d") == -1


# ---- SDIFF --------------------------------------------------------------------------

def test_sdiff(abc):
    assert sorted(reply(abc, "SDIFF", "a", "b")) == [b"1", b"2", b"3"]
    assert sorted(reply(abc, "SDIFF", "b", "a", "c")) == [b"6", b"7", b"8", b"y"]
    assert sorted(reply(abc, "SDIFF", "a")) == sorted([b"1", b"2", b"3", b"4", b"5", b"x"])


def test_sdiff_with_missing_keys(abc):
    assert reply(abc, "SDIFF", "nokey", "a") == []
    assert sorted(reply(abc, "SDIFF", "c", "nokey")) == [b"5", b"x", b"z"]


def test_sdiff_of_a_key_with_itself_is_empty(abc):
    assert reply(abc, "SDIFF", "a", "a") == []
    assert reply(abc, "SDIFF", "a", "b", "a") == []
    assert reply(abc, "SDIFFSTORE", "d", "c", "c") == 0
    assert reply(abc, "EXISTS", "d") == 0


def test_sdiff_of_intsets_is_in_ascending_order(r):
    reply(r, "SADD", "i", "50", "40", "30", "20", "10")
    reply(r, "SADD", "j", "20", "40")
    assert reply(r, "SDIFF", "i", "j") == [b"10", b"30", b"50"]


def test_sdiff_with_many_small_subtrahends(r):
    # many sets to subtract and a small first set: the second algorithm
    reply(r, "SADD", "big", *[str(i) for i in range(20)])
    for k in range(10):
        reply(r, "SADD", "sub%d" % k, str(k), "s%d" % k)
    got = reply(r, "SDIFF", "big", *["sub%d" % k for k in range(10)])
    assert sorted(got, key=int) == [str(i).encode() for i in range(10, 20)]


def test_sdiff_with_a_wrong_type_key(abc):
    abc.set("str", "v")
    assert reply(abc, "SDIFF", "a", "str") == WRONGTYPE
    assert reply(abc, "SDIFF", "str", "a") == WRONGTYPE
    assert reply(abc, "SDIFF", "nokey", "str") == WRONGTYPE


def test_sdiffstore(abc):
    assert reply(abc, "SDIFFSTORE", "d", "a", "b", "c") == 3
    assert members(abc, "d") == [b"1", b"2", b"3"]


def test_sdiffstore_into_its_first_source(abc):
    assert reply(abc, "SDIFFSTORE", "a", "a", "c") == 4
    assert members(abc, "a") == [b"1", b"2", b"3", b"4"]


def test_sdiffstore_with_an_empty_result_deletes_the_destination(abc):
    reply(abc, "SADD", "d", "old")
    assert reply(abc, "SDIFFSTORE", "d", "c", "a", "b") == 1   # z survives
    assert reply(abc, "SDIFFSTORE", "d", "c", "a", "b", "d") == 0
    assert reply(abc, "EXISTS", "d") == 0
    abc.set("d", "v")
    assert reply(abc, "SDIFFSTORE", "d", "nokey", "a") == 0
    assert reply(abc, "EXISTS", "d") == 0


def test_store_commands_take_the_destination_as_first_argument(abc):
    assert reply(abc, "SINTERSTORE", "c", "a") == 6
    assert reply(abc, "SUNIONSTORE", "b", "c") == 6
    assert reply(abc, "SDIFFSTORE", "a", "b") == 6
    assert members(abc, "a") == sorted([b"1", b"2", b"3", b"4", b"5", b"x"])


def test_words_after_the_keys_are_keys_except_for_sintercard(abc):
    # no option parsing: words after the keys are keys
    assert reply(abc, "SINTER", "a", "LIMIT") == []
    assert sorted(reply(abc, "SUNION", "c", "WITHSCORES")) == [b"5", b"x", b"z"]
    assert reply(abc, "SINTERCARD", "1", "a", "LIMIT", "2", "x") == SYNTAX


def test_sunion_and_sdiff_of_hashtables_of_few_integers_come_in_ascending_order(r):
    # The result is gathered in a new set first, an intset here.
    reply(r, "SADD", "h", "30", "-1", "7", "1000", "x")
    reply(r, "SREM", "h", "x")
    assert reply(r, "OBJECT", "ENCODING", "h") == b"hashtable"
    assert reply(r, "SUNION", "h") == [b"-1", b"7", b"30", b"1000"]
    assert reply(r, "SDIFF", "h", "nokey") == [b"-1", b"7", b"30", b"1000"]
