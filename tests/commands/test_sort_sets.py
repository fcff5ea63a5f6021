"""SORT over sets (intset and hash table) and sorted sets (listpack and
skiplist): numeric and ALPHA order, BY and GET, and what BY nosort means
for each: the intset's ascending order, a hash table's own order (so only
compared as a multiset), ALPHA when a set is stored, the score order of a
sorted set (which SORT converts to a skiplist, as Redis does)."""

import pytest

from helpers import Err, reply

NOT_DOUBLE = Err("ERR One or more scores can't be converted into double")


def b(*items):
    return [x if isinstance(x, bytes) else str(x).encode() for x in items]


@pytest.fixture
def sets(r):
    """ints: an intset; words: a hash table of words and numbers."""
    r.sadd("ints", "5", "-3", "10", "2", "100")
    r.sadd("words", "pear", "apple", "fig", "10", "9", "Zed")
    return r


pytestmark = pytest.mark.requires("sadd")


# ---- sets ---------------------------------------------------------------------------------

def test_set_encodings(sets):
    assert reply(sets, "OBJECT", "ENCODING", "ints") == b"intset"
    assert reply(sets, "OBJECT", "ENCODING", "words") == b"hashtable"


def test_numeric_sort_of_an_intset(sets):
    assert reply(sets, "SORT", "ints") == b(-3, 2, 5, 10, 100)
    assert reply(sets, "SORT", "ints", "DESC", "LIMIT", "1", "2") == b(10, 5)
    assert reply(sets, "SORT_RO", "ints", "LIMIT", "-1", "2") == b(-3, 2)


def test_alpha_sort_of_sets(sets):
    assert reply(sets, "SORT", "ints", "ALPHA") == b(-3, 10, 100, 2, 5)
    assert reply(sets, "SORT", "words", "ALPHA") == b(10, 9, "Zed", "apple", "fig", "pear")
    assert reply(sets, "SORT", "words", "ALPHA", "DESC", "LIMIT", "0", "2") == b("pear", "fig")


def test_numeric_sort_of_a_set_with_words_fails(sets):
    assert reply(sets, "SORT", "words") == NOT_DOUBLE


def test_numeric_sort_of_a_hash_table_set_of_numbers(r):
    r.sadd("s", "1.5", "-1", "3", "inf", "0x10", "2")
    assert reply(r, "OBJECT", "ENCODING", "s") == b"hashtable"
    assert reply(r, "SORT", "s") == b(-1, "1.5", 2, 3, "0x10", "inf")


def test_nosort_gives_an_intset_in_ascending_order(sets):
    assert reply(sets, "SORT", "ints", "BY", "nosort") == b(-3, 2, 5, 10, 100)
    # DESC has nothing to reverse: the set is not read in any order.
    assert reply(sets, "SORT", "ints", "BY", "nosort", "DESC") == b(-3, 2, 5, 10, 100)
    assert reply(sets, "SORT", "ints", "BY", "nosort", "LIMIT", "1", "3") == b(2, 5, 10)


def test_nosort_gives_a_hash_table_in_its_own_order(sets):
    got = reply(sets, "SORT", "words", "BY", "nosort")
    assert sorted(got) == sorted(b("pear", "apple", "fig", 10, 9, "Zed"))
    part = reply(sets, "SORT", "words", "BY", "nosort", "LIMIT", "2", "3")
    assert part == got[2:5]
    assert reply(sets, "SORT", "words", "BY", "nosort", "GET", "#") == got


def test_nosort_with_store_sorts_a_set_alpha(sets):
    r = sets
    assert reply(r, "SORT", "words", "BY", "nosort", "STORE", "d") == 6
    assert reply(r, "LRANGE", "d", "0", "-1") == b(10, 9, "Zed", "apple", "fig", "pear")
    assert reply(r, "SORT", "ints", "BY", "nosort", "DESC", "LIMIT", "0", "3", "STORE", "d") == 3
    assert reply(r, "LRANGE", "d", "0", "-1") == b(5, 2, 100)


def test_nosort_with_store_drops_the_by_pattern_of_a_set(sets):
    r = sets
    r.set("w_apple", "1")
    r.set("o_fig", "F")
    assert reply(r, "SORT", "words", "BY", "w_*", "BY", "nosort", "GET", "o_*", "STORE", "d") == 6
    assert reply(r, "LRANGE", "d", "0", "-1") == [b"", b"", b"", b"", b"F", b""]


def test_by_and_get_on_a_set(sets):
    r = sets
    for i, m in enumerate(["-3", "2", "5", "10", "100"]):
        r.set("w_" + m, str(-i))
        r.set("o_" + m, "o" + m)
    assert reply(r, "SORT", "ints", "BY", "w_*", "GET", "o_*") == [
        b"o100", b"o10", b"o5", b"o2", b"o-3"]
    assert reply(r, "SORT", "words", "BY", "w_*", "LIMIT", "0", "2") == b(10, 9)


# ---- sorted sets ----------------------------------------------------------------------------

@pytest.fixture
def zsets(r):
    """small: a listpack zset; big: a skiplist one (a member past 64 bytes)."""
    r.zadd("small", {"3": 1, "10": 2, "2": 3, "x1": 0})
    r.zadd("big", {"c": 3, "a": 1, "b": 2, "y" * 70: 0})
    return r


@pytest.mark.requires("zadd")
def test_numeric_and_alpha_sort_of_sorted_sets(zsets):
    r = zsets
    r.zrem("small", "x1")
    assert reply(r, "SORT", "small") == b(2, 3, 10)
    assert reply(r, "SORT", "small", "ALPHA", "DESC") == b(3, 2, 10)
    assert reply(r, "SORT", "big", "ALPHA", "LIMIT", "0", "3") == b("a", "b", "c")
    assert reply(r, "SORT", "big") == NOT_DOUBLE


@pytest.mark.requires("zadd")
def test_nosort_follows_the_scores(zsets):
    r = zsets
    assert reply(r, "SORT", "small", "BY", "nosort") == b("x1", 3, 10, 2)
    assert reply(r, "SORT", "small", "BY", "nosort", "DESC") == b(2, 10, 3, "x1")
    assert reply(r, "SORT", "big", "BY", "nosort", "LIMIT", "1", "2") == b("a", "b")
    assert reply(r, "SORT", "big", "BY", "nosort", "DESC", "LIMIT", "1", "5") == b(
        "b", "a", "y" * 70)
    assert reply(r, "SORT", "small", "BY", "nosort", "LIMIT", "4", "1") == []
    assert reply(r, "SORT", "small", "BY", "nosort", "DESC", "LIMIT", "3", "1") == b("x1")


@pytest.mark.requires("zadd")
def test_nosort_with_store_keeps_the_score_order(zsets):
    r = zsets
    assert reply(r, "SORT", "small", "BY", "nosort", "STORE", "d") == 4
    assert reply(r, "LRANGE", "d", "0", "-1") == b("x1", 3, 10, 2)


@pytest.mark.requires("zadd")
def test_sort_converts_a_listpack_sorted_set_to_a_skiplist(zsets):
    r = zsets
    assert reply(r, "OBJECT", "ENCODING", "small") == b"listpack"
    reply(r, "SORT_RO", "small", "ALPHA")
    assert reply(r, "OBJECT", "ENCODING", "small") == b"skiplist"
    assert reply(r, "ZRANGE", "small", "0", "-1", "WITHSCORES") == b("x1", 0, 3, 1, 10, 2, 2, 3)


@pytest.mark.requires("zadd")
def test_a_failed_sort_still_converts_the_sorted_set(zsets):
    assert reply(zsets, "SORT", "small") == NOT_DOUBLE
    assert reply(zsets, "OBJECT", "ENCODING", "small") == b"skiplist"


@pytest.mark.requires("zadd")
def test_by_and_get_on_a_sorted_set(zsets):
    r = zsets
    r.set("w_a", "3")
    r.set("w_b", "1")
    r.set("w_c", "2")
    r.set("o_b", "B")
    assert reply(r, "SORT", "big", "BY", "w_*", "LIMIT", "1", "3", "GET", "o_*", "GET", "#") == [
        b"B", b"b", None, b"c", None, b"a"]
