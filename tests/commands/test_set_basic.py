"""SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS and SMOVE: membership,
key creation and deletion, wrong types and wrong arity."""

import pytest

from helpers import WRONGTYPE, Err, arity_error, reply


def members(r, key):
    return sorted(reply(r, "SMEMBERS", key))


# ---- SADD ------------------------------------------------------------------------

def test_sadd_counts_only_new_members(r):
    assert reply(r, "SADD", "s", "a", "b", "a") == 2
    assert reply(r, "SADD", "s", "b", "c") == 1
    assert reply(r, "SADD", "s", "c") == 0
    assert members(r, "s") == [b"a", b"b", b"c"]


def test_sadd_creates_a_set_key(r):
    reply(r, "SADD", "s", "x")
    assert reply(r, "TYPE", "s") == b"set"
    assert reply(r, "EXISTS", "s") == 1


def test_sadd_against_a_string_is_a_wrong_type_error(r):
    r.set("k", "v")
    assert reply(r, "SADD", "k", "a") == WRONGTYPE
    assert reply(r, "GET", "k") == b"v"


def test_members_are_binary_safe(r):
    odd = [b"", b"\x00", b"a\x00b", b"\xff\xfe", b"with space", b"\r\n"]
    assert reply(r, "SADD", "s", *odd) == len(odd)
    assert members(r, "s") == sorted(odd)
    for m in odd:
        assert reply(r, "SISMEMBER", "s", m) == 1
    assert reply(r, "SISMEMBER", "s", b"a") == 0


def test_integer_members_keep_their_text(r):
    reply(r, "SADD", "s", "-1", "0", "9223372036854775807", "-9223372036854775808")
    assert members(r, "s") == sorted([b"-1", b"0", b"9223372036854775807",
                                      b"-9223372036854775808"])


def test_integer_like_members_are_distinct_strings(r):
    assert reply(r, "SADD", "s", "1", "01", "+1", "1.0", " 1") == 5
    assert reply(r, "SCARD", "s") == 5
    assert reply(r, "SISMEMBER", "s", "1") == 1
    assert reply(r, "SISMEMBER", "s", "001") == 0


def test_a_non_canonical_integer_is_not_a_member_of_an_intset(r):
    reply(r, "SADD", "s", "1", "2")
    assert reply(r, "SISMEMBER", "s", "01") == 0
    assert reply(r, "SISMEMBER", "s", "+1") == 0
    assert reply(r, "SREM", "s", "01") == 0
    assert reply(r, "SCARD", "s") == 2


# ---- SREM ------------------------------------------------------------------------

def test_srem_counts_removed_members(r):
    reply(r, "SADD", "s", "a", "b", "c", "d")
    assert reply(r, "SREM", "s", "a", "x", "a", "b") == 2
    assert members(r, "s") == [b"c", b"d"]


def test_srem_on_a_missing_key_is_zero(r):
    assert reply(r, "SREM", "nokey", "a") == 0
    assert reply(r, "EXISTS", "nokey") == 0


def test_srem_of_the_last_member_deletes_the_key(r):
    reply(r, "SADD", "s", "a", "b")
    assert reply(r, "SREM", "s", "a", "b", "c") == 2
    assert reply(r, "EXISTS", "s") == 0
    assert reply(r, "TYPE", "s") == b"none"


def test_srem_empties_an_intset_too(r):
    reply(r, "SADD", "s", "1", "2", "3")
    assert reply(r, "SREM", "s", "3", "1", "2") == 3
    assert reply(r, "EXISTS", "s") == 0


def test_srem_against_a_string_is_a_wrong_type_error(r):
    r.set("k", "v")
    assert reply(r, "SREM", "k", "v") == WRONGTYPE


# ---- SCARD SISMEMBER SMISMEMBER SMEMBERS ---------------------------------------------

def test_scard(r):
    assert reply(r, "SCARD", "s") == 0
    reply(r, "SADD", "s", "a", "b", "1")
    assert reply(r, "SCARD", "s") == 3


def test_sismember(r):
    reply(r, "SADD", "s", "a", "5")
    assert reply(r, "SISMEMBER", "s", "a") == 1
    assert reply(r, "SISMEMBER", "s", "5") == 1
    assert reply(r, "SISMEMBER", "s", "b") == 0
    assert reply(r, "SISMEMBER", "nokey", "a") == 0


def test_smismember_answers_per_value(r):
    reply(r, "SADD", "s", "a", "1")
    assert reply(r, "SMISMEMBER", "s", "a", "b", "1", "a") == [1, 0, 1, 1]
    assert reply(r, "SMISMEMBER", "nokey", "a", "b") == [0, 0]


def test_smembers(r):
    assert reply(r, "SMEMBERS", "nokey") == []
    reply(r, "SADD", "s", "x", "y", "z")
    assert members(r, "s") == [b"x", b"y", b"z"]


def test_smembers_of_an_intset_is_in_ascending_order(r):
    reply(r, "SADD", "s", "5", "-3", "100", "0", "7")
    assert reply(r, "SMEMBERS", "s") == [b"-3", b"0", b"5", b"7", b"100"]


@pytest.mark.parametrize("args", [
    ("SCARD", "k"), ("SISMEMBER", "k", "a"), ("SMISMEMBER", "k", "a"), ("SMEMBERS", "k"),
])
def test_read_commands_against_a_string_are_wrong_type_errors(r, args):
    r.set("k", "v")
    assert reply(r, *args) == WRONGTYPE


# ---- SMOVE -----------------------------------------------------------------------

def test_smove_moves_a_member(r):
    reply(r, "SADD", "src", "a", "b")
    reply(r, "SADD", "dst", "c")
    assert reply(r, "SMOVE", "src", "dst", "a") == 1
    assert members(r, "src") == [b"b"]
    assert members(r, "dst") == [b"a", b"c"]


def test_smove_to_a_set_that_already_has_the_member(r):
    reply(r, "SADD", "src", "a", "b")
    reply(r, "SADD", "dst", "a")
    assert reply(r, "SMOVE", "src", "dst", "a") == 1
    assert members(r, "src") == [b"b"]
    assert members(r, "dst") == [b"a"]


def test_smove_of_a_missing_member_is_zero(r):
    reply(r, "SADD", "src", "a")
    assert reply(r, "SMOVE", "src", "dst", "x") == 0
    assert reply(r, "EXISTS", "dst") == 0


def test_smove_from_a_missing_key_is_zero_whatever_the_destination(r):
    r.set("str", "v")
    assert reply(r, "SMOVE", "nokey", "dst", "a") == 0
    assert reply(r, "SMOVE", "nokey", "str", "a") == 0


def test_smove_creates_the_destination_and_deletes_an_emptied_source(r):
    reply(r, "SADD", "src", "a")
    assert reply(r, "SMOVE", "src", "dst", "a") == 1
    assert reply(r, "EXISTS", "src") == 0
    assert members(r, "dst") == [b"a"]


def test_smove_into_the_same_key_only_reports_membership(r):
    reply(r, "SADD", "s", "a", "b")
    assert reply(r, "SMOVE", "s", "s", "a") == 1
    assert reply(r, "SMOVE", "s", "s", "x") == 0
    assert members(r, "s") == [b"a", b"b"]


def test_smove_with_a_wrong_type_source_or_destination(r):
    r.set("str", "v")
    reply(r, "SADD", "s", "a")
    assert reply(r, "SMOVE", "str", "s", "a") == WRONGTYPE
    assert reply(r, "SMOVE", "s", "str", "a") == WRONGTYPE
    # the destination is checked even when the member is not in the source
    assert reply(r, "SMOVE", "s", "str", "x") == WRONGTYPE
    assert members(r, "s") == [b"a"]


def test_smove_keeps_the_ttl_of_both_keys(r):
    reply(r, "SADD", "src", "a", "b")
    reply(r, "SADD", "dst", "c")
    r.expire("src", 1000)
    r.expire("dst", 2000)
    reply(r, "SMOVE", "src", "dst", "a")
    assert 0 < r.ttl("src") <= 1000
    assert 1000 < r.ttl("dst") <= 2000


# ---- arity -----------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("SADD", "k"), ("SADD",), ("SREM", "k"), ("SCARD",), ("SCARD", "a", "b"),
    ("SISMEMBER", "k"), ("SISMEMBER", "k", "a", "b"), ("SMISMEMBER", "k"),
    ("SMEMBERS",), ("SMEMBERS", "a", "b"), ("SMOVE", "a", "b"), ("SMOVE", "a", "b", "c", "d"),
    ("SPOP",), ("SRANDMEMBER",), ("SINTER",), ("SINTERSTORE", "d"), ("SINTERCARD", "1"),
    ("SUNION",), ("SUNIONSTORE", "d"), ("SDIFF",), ("SDIFFSTORE", "d"), ("SSCAN", "k"),
])
def test_wrong_number_of_arguments(r, args):
    assert reply(r, *args) == arity_error(args[0].lower())


def test_spop_and_srandmember_take_at_most_a_count(r):
    reply(r, "SADD", "s", "a")
    assert reply(r, "SPOP", "s", "1", "2") == Err("ERR syntax error")
    assert reply(r, "SRANDMEMBER", "s", "1", "2") == Err("ERR syntax error")
    assert reply(r, "SCARD", "s") == 1


# ---- keyspace hits and misses ------------------------------------------------------

STAT_COMMANDS = [
    ["SADD", "a", "1", "2", "3"], ["SADD", "b", "2", "x"], ["SREM", "a", "9"],
    ["SREM", "nokey", "1"], ["SCARD", "a"], ["SCARD", "nokey"], ["SISMEMBER", "a", "1"],
    ["SMISMEMBER", "nokey", "1"], ["SMEMBERS", "b"], ["SMOVE", "a", "b", "1"],
    ["SINTER", "a", "b", "nokey"], ["SINTERCARD", "2", "a", "b"], ["SINTERSTORE", "d", "a", "b"],
    ["SUNION", "a", "nokey"], ["SUNIONSTORE", "d", "a", "b"], ["SDIFF", "a", "b"],
    ["SDIFFSTORE", "d", "nokey", "b"], ["SRANDMEMBER", "a"], ["SRANDMEMBER", "nokey", "2"],
    ["SSCAN", "a", "0"], ["SPOP", "b", "1"], ["SPOP", "a", "10"], ["SPOP", "nokey"],
]


def keyspace_stats(c):
    text = reply(c, "INFO", "stats").decode()
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    return int(fields["keyspace_hits"]), int(fields["keyspace_misses"])


def test_keyspace_hits_and_misses_match_the_oracle(both):
    for args in STAT_COMMANDS:
        deltas = []
        for c in both:
            before = keyspace_stats(c)
            reply(c, *args)
            after = keyspace_stats(c)
            deltas.append((after[0] - before[0], after[1] - before[1]))
        assert deltas[0] == deltas[1], "%r: ours (hits, misses) %r, oracle %r" % (
            args, deltas[0], deltas[1])
