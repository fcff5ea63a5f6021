"""SORT's BY and GET patterns: '*' substitution, "#", BY without '*'
(nosort), missing and mistyped keys, hash fields with "->", and the
keyspace hits and misses the lookups count."""

import pytest

from helpers import Err, reply

pytestmark = pytest.mark.requires("rpush")

NOT_DOUBLE = Err("ERR One or more scores can't be converted into double")


def b(*items):
    return [x if isinstance(x, bytes) else str(x).encode() for x in items]


@pytest.fixture
def weighed(r):
    """l: 1..5 in list order 3 1 5 2 4; w_<n> = 10 - n (so BY w_* reverses),
    o_<n> = obj<n>."""
    r.rpush("l", "3", "1", "5", "2", "4")
    for n in range(1, 6):
        r.set("w_%d" % n, str(10 - n))
        r.set("o_%d" % n, "obj%d" % n)
    return r


# ---- BY -----------------------------------------------------------------------------

def test_by_weights_from_keys(weighed):
    assert reply(weighed, "SORT", "l", "BY", "w_*") == b(5, 4, 3, 2, 1)
    assert reply(weighed, "SORT", "l", "BY", "w_*", "DESC") == b(1, 2, 3, 4, 5)


def test_by_missing_weights_count_as_zero_and_ties_go_by_the_element(weighed):
    r = weighed
    r.delete("w_2", "w_4")
    r.set("w_5", "0")
    assert reply(r, "SORT", "l", "BY", "w_*") == b(2, 4, 5, 3, 1)
    assert reply(r, "SORT", "l", "BY", "w_*", "DESC") == b(1, 3, 5, 4, 2)


def test_by_a_key_of_another_type_counts_as_missing(weighed):
    r = weighed
    r.delete("w_3")
    r.rpush("w_3", "100")
    assert reply(r, "SORT", "l", "BY", "w_*") == b(3, 5, 4, 2, 1)


def test_by_weights_that_are_not_numbers_fail(weighed):
    weighed.set("w_2", "heavy")
    assert reply(weighed, "SORT", "l", "BY", "w_*") == NOT_DOUBLE
    assert reply(weighed, "SORT", "l", "BY", "w_*", "ALPHA") == b(5, 4, 3, 1, 2)


def test_by_weights_as_floats_and_integer_encoded_strings(r):
    r.rpush("l", "a", "b", "c", "d")
    r.set("w_a", "1.5")
    r.set("w_b", "-7")           # int encoding
    r.set("w_c", " 2")
    r.set("w_d", "1e1")
    assert reply(r, "OBJECT", "ENCODING", "w_b") == b"int"
    assert reply(r, "SORT", "l", "BY", "w_*") == b("b", "a", "c", "d")


def test_by_alpha_compares_the_weights(r):
    r.rpush("l", "1", "2", "3", "4")
    r.set("w_1", "b")
    r.set("w_2", "a")
    r.set("w_3", "c")
    assert reply(r, "SORT", "l", "BY", "w_*", "ALPHA") == b(4, 2, 1, 3)
    assert reply(r, "SORT", "l", "BY", "w_*", "ALPHA", "DESC") == b(3, 1, 2, 4)


def test_by_alpha_weights_with_nul_bytes(r):
    # Replying compares the weights as C strings, storing byte by byte.
    r.rpush("l", "1", "2", "3")
    r.set("w_1", "a\x00z")
    r.set("w_2", "a\x00b")
    r.set("w_3", "a")
    assert reply(r, "SORT", "l", "BY", "w_*", "ALPHA") == b(1, 2, 3)
    assert reply(r, "SORT", "l", "BY", "w_*", "ALPHA", "STORE", "d") == 3
    assert reply(r, "LRANGE", "d", "0", "-1") == b(3, 2, 1)


def test_only_the_first_star_is_replaced(r):
    r.rpush("l", "1", "2")
    r.set("w_1_*", "5")
    r.set("w_2_*", "3")
    r.set("w_1_1", "1")
    assert reply(r, "SORT", "l", "BY", "w_*_*") == b(2, 1)
    assert reply(r, "SORT", "l", "GET", "w_*_*") == b(5, 3)


def test_star_anywhere_in_the_pattern(r):
    r.rpush("l", "x", "y")
    r.set("x", "2")
    r.set("y", "1")
    r.set("pre-x-post", "p")
    assert reply(r, "SORT", "l", "BY", "*") == b("y", "x")
    assert reply(r, "SORT", "l", "BY", "*", "GET", "pre-*-post", "GET", "*") == [
        None, b"1", b"p", b"2"]


@pytest.mark.parametrize("pattern", ["nosort", "w_", "", "#", "w\x00*"])
def test_by_without_a_star_keeps_the_list_order(weighed, pattern):
    r = weighed
    assert reply(r, "SORT", "l", "BY", pattern) == b(3, 1, 5, 2, 4)
    assert reply(r, "SORT", "l", "BY", pattern, "DESC") == b(4, 2, 5, 1, 3)
    assert reply(r, "SORT", "l", "BY", pattern, "LIMIT", "1", "2") == b(1, 5)
    assert reply(r, "SORT", "l", "BY", pattern, "DESC", "LIMIT", "1", "3") == b(2, 5, 1)
    assert reply(r, "SORT", "l", "BY", pattern, "ALPHA", "LIMIT", "4", "9") == b(4)
    assert reply(r, "SORT", "l", "BY", pattern, "LIMIT", "5", "1") == []
    assert reply(r, "SORT", "l", "BY", pattern, "DESC", "LIMIT", "-3", "2") == b(4, 2)


def test_by_nosort_ignores_weights_that_are_not_numbers(r):
    r.rpush("l", "b", "a", "1")
    assert reply(r, "SORT", "l", "BY", "nosort") == b("b", "a", 1)


def test_by_nosort_is_not_undone_by_a_later_by(weighed):
    r = weighed
    assert reply(r, "SORT", "l", "BY", "nosort", "BY", "w_*") == b(3, 1, 5, 2, 4)
    assert reply(r, "SORT", "l", "BY", "w_*", "BY", "nosort") == b(3, 1, 5, 2, 4)
    assert reply(r, "SORT", "l", "BY", "o_*", "BY", "w_*") == b(5, 4, 3, 2, 1)


# ---- GET ------------------------------------------------------------------------------

def test_get_values_of_keys(weighed):
    assert reply(weighed, "SORT", "l", "GET", "o_*") == b(*("obj%d" % n for n in range(1, 6)))


def test_get_several_patterns_in_order(weighed):
    r = weighed
    r.delete("o_2")
    assert reply(r, "SORT", "l", "LIMIT", "0", "3", "GET", "#", "GET", "o_*", "GET", "w_*") == [
        b"1", b"obj1", b"9", b"2", None, b"8", b"3", b"obj3", b"7"]


@pytest.mark.parametrize("pattern", ["#", "#\x00junk"])
def test_get_hash_sign_is_the_element(weighed, pattern):
    assert reply(weighed, "SORT", "l", "GET", pattern, "DESC") == b(5, 4, 3, 2, 1)


@pytest.mark.parametrize("pattern", ["o_1", "##", "", "o\x00*", "# "])
def test_get_without_a_star_is_nil(weighed, pattern):
    weighed.set(pattern, "v")
    assert reply(weighed, "SORT", "l", "LIMIT", "0", "2", "GET", pattern) == [None, None]


def test_get_a_key_of_another_type_is_nil(weighed):
    r = weighed
    r.delete("o_1", "o_2")
    r.rpush("o_1", "x")
    r.sadd("o_2", "y")
    assert reply(r, "SORT", "l", "LIMIT", "0", "3", "GET", "o_*") == [None, None, b"obj3"]


def test_get_integer_encoded_values(r):
    r.rpush("l", "1")
    r.set("v_1", "12345")
    assert reply(r, "SORT", "l", "GET", "v_*") == [b"12345"]


def test_get_binary_keys_and_values(r):
    r.rpush("l", "a\x00b", "\r\n")
    r.set("k:a\x00b:", "\x00\xff")
    r.set("k:\r\n:", "crlf")
    assert reply(r, "SORT", "l", "ALPHA", "GET", "k:*:") == [b"crlf", "\x00\xff".encode()]


def test_get_with_nosort_and_desc(weighed):
    assert reply(weighed, "SORT", "l", "BY", "nosort", "DESC", "GET", "o_*", "GET", "#") == [
        b"obj4", b"4", b"obj2", b"2", b"obj5", b"5", b"obj1", b"1", b"obj3", b"3"]


def test_get_with_an_arrow_on_a_string_key_is_nil(weighed):
    assert reply(weighed, "SORT", "l", "LIMIT", "0", "1", "GET", "o_*->f") == [None]


def test_an_arrow_with_nothing_after_it_is_part_of_the_key(r):
    r.rpush("l", "1")
    r.set("o_1->", "arrow")
    assert reply(r, "SORT", "l", "GET", "o_*->") == [b"arrow"]


def test_an_arrow_before_the_star_is_part_of_the_key(r):
    r.rpush("l", "1")
    r.set("a->b1", "x")
    assert reply(r, "SORT", "l", "GET", "a->b*") == [b"x"]


# ---- hash fields -------------------------------------------------------------------------

@pytest.fixture
def hashes(weighed):
    r = weighed
    for n in range(1, 6):
        r.hset("h_%d" % n, mapping={"w": str(n * 3 % 5), "name": "n%d" % n, "a->b": "ab%d" % n})
    return r


@pytest.mark.requires("hset")
def test_by_and_get_hash_fields(hashes):
    r = hashes
    # w: 1->3 2->1 3->4 4->2 5->0
    assert reply(r, "SORT", "l", "BY", "h_*->w") == b(5, 2, 4, 1, 3)
    assert reply(r, "SORT", "l", "BY", "h_*->w", "GET", "h_*->name", "GET", "h_*->w") == [
        b"n5", b"0", b"n2", b"1", b"n4", b"2", b"n1", b"3", b"n3", b"4"]
    assert reply(r, "SORT", "l", "BY", "h_*->name", "ALPHA", "DESC", "GET", "#") == b(5, 4, 3, 2, 1)


@pytest.mark.requires("hset")
def test_hash_field_names_run_to_the_end_of_the_pattern(hashes):
    assert reply(hashes, "SORT", "l", "LIMIT", "0", "2", "GET", "h_*->a->b") == [b"ab1", b"ab2"]


@pytest.mark.requires("hset")
def test_missing_fields_and_keys_and_keys_that_are_not_hashes(hashes):
    r = hashes
    r.delete("h_1")
    r.set("h_2", "string")
    r.hdel("h_3", "name")
    assert reply(r, "SORT", "l", "LIMIT", "0", "4", "GET", "h_*->name") == [None, None, None, b"n4"]
    assert reply(r, "SORT", "l", "GET", "h_*->nofield") == [None] * 5
    # Missing weights weigh 0: 1 2 (missing), 5 (0), 4 (2), 3 (4)
    assert reply(r, "SORT", "l", "BY", "h_*->w") == b(1, 2, 5, 4, 3)
    assert reply(r, "SORT", "l", "BY", "h_*->w", "STORE", "d", "GET", "h_*->name") == 5
    assert reply(r, "LRANGE", "d", "0", "-1") == [b"", b"", b"n5", b"n4", b""]


@pytest.mark.requires("hset")
def test_hash_fields_in_both_hash_encodings(r):
    r.rpush("l", "1", "2")
    r.hset("h_1", "w", "20")
    r.hset("h_2", mapping={"w": "10", "big": "x" * 100})
    assert reply(r, "OBJECT", "ENCODING", "h_1") == b"listpack"
    assert reply(r, "OBJECT", "ENCODING", "h_2") == b"hashtable"
    assert reply(r, "SORT", "l", "BY", "h_*->w", "GET", "h_*->w") == b(10, 20)


# ---- keyspace statistics -------------------------------------------------------------------

def stats(r):
    info = reply(r, "INFO", "stats").decode()
    get = dict(line.split(":", 1) for line in info.split("\r\n") if ":" in line)
    return int(get["keyspace_hits"]), int(get["keyspace_misses"])


def test_every_lookup_counts_as_a_hit_or_a_miss(r):
    r.rpush("l", "1", "2", "3")
    r.set("w_1", "1")
    r.set("w_2", "2")
    r.set("o_3", "x")
    h0, m0 = stats(r)
    # The key (hit), BY: 2 hits 1 miss, GET o_*: 1 hit 2 misses, GET #
    # and GET without '*': no lookup.
    reply(r, "SORT", "l", "BY", "w_*", "GET", "o_*", "GET", "#", "GET", "const")
    h1, m1 = stats(r)
    assert (h1 - h0, m1 - m0) == (4, 3)
    reply(r, "SORT", "nokey", "BY", "w_*")
    reply(r, "SORT", "l", "BY", "nosort", "LIMIT", "0", "1", "GET", "o_*")
    h2, m2 = stats(r)
    assert (h2 - h1, m2 - m1) == (1, 2)
