"""Hash encodings as OBJECT ENCODING reports them: listpack while small,
hashtable once hash-max-listpack-entries or hash-max-listpack-value is
passed (by any writing command), never back; the contents survive the
conversion, COPY, RENAME and MOVE."""

import pytest

from helpers import pairs, reply

DEFAULTS = {"hash-max-listpack-entries": "512", "hash-max-listpack-value": "64"}


def encoding(r, key):
    return reply(r, "OBJECT", "ENCODING", key)


@pytest.fixture
def small(r):
    """r with hashes limited to 4 fields of at most 8 bytes; defaults restored after."""
    assert reply(r, "CONFIG", "SET", "hash-max-listpack-entries", "4") == b"OK"
    assert reply(r, "CONFIG", "SET", "hash-max-listpack-value", "8") == b"OK"
    yield r
    for name, value in DEFAULTS.items():
        reply(r, "CONFIG", "SET", name, value)


def test_default_thresholds(r):
    for name, value in DEFAULTS.items():
        assert reply(r, "CONFIG", "GET", name) == [name.encode(), value.encode()]


def test_a_small_hash_is_a_listpack(r):
    reply(r, "HSET", "h", "a", "1")
    assert encoding(r, "h") == b"listpack"


def test_512_fields_stay_a_listpack_513_do_not(r):
    for i in range(512):
        reply(r, "HSET", "h", "f%d" % i, i)
    assert encoding(r, "h") == b"listpack"
    reply(r, "HSET", "h", "f512", "x")
    assert encoding(r, "h") == b"hashtable"
    assert reply(r, "HLEN", "h") == 513


def test_a_value_of_64_bytes_stays_a_listpack_65_does_not(r):
    reply(r, "HSET", "h", "f", "v" * 64)
    assert encoding(r, "h") == b"listpack"
    reply(r, "HSET", "h", "g", "v" * 65)
    assert encoding(r, "h") == b"hashtable"
    assert reply(r, "HGET", "h", "g") == b"v" * 65


def test_a_long_field_converts(r):
    reply(r, "HSET", "h", "a", "1")
    reply(r, "HSET", "h", "f" * 65, "1")
    assert encoding(r, "h") == b"hashtable"


def test_one_hset_with_too_many_pairs_converts(small):
    r = small
    reply(r, "HSET", "h", *[x for i in range(5) for x in ("f%d" % i, i)])
    assert encoding(r, "h") == b"hashtable"


def test_the_entry_limit_is_inclusive(small):
    r = small
    reply(r, "HMSET", "h", *[x for i in range(4) for x in ("f%d" % i, i)])
    assert encoding(r, "h") == b"listpack"
    reply(r, "HSET", "h", "f0", "new")
    assert encoding(r, "h") == b"listpack"
    reply(r, "HSETNX", "h", "f4", "4")
    assert encoding(r, "h") == b"hashtable"


def test_hsetnx_with_a_long_value_converts_only_when_it_sets(small):
    r = small
    reply(r, "HSET", "h", "a", "1")
    assert reply(r, "HSETNX", "h", "a", "x" * 9) == 0
    assert encoding(r, "h") == b"listpack"
    assert reply(r, "HSETNX", "h", "b", "x" * 9) == 1
    assert encoding(r, "h") == b"hashtable"


def test_hincrby_with_a_long_field_converts(small):
    r = small
    reply(r, "HSET", "h", "a", "1")
    assert reply(r, "HINCRBY", "h", "f" * 9, "1") == 1
    assert encoding(r, "h") == b"hashtable"


def test_hincrby_of_a_new_key_with_a_long_field(small):
    r = small
    assert reply(r, "HINCRBY", "h", "f" * 9, "1") == 1
    assert encoding(r, "h") == b"hashtable"


def test_hincrbyfloat_with_a_long_result_converts(small):
    r = small
    reply(r, "HSET", "h", "a", "1.5")
    assert reply(r, "HINCRBYFLOAT", "h", "a", "0.25") == b"1.75"
    assert encoding(r, "h") == b"listpack"
    assert reply(r, "HINCRBYFLOAT", "h", "a", "0.0000001") == b"1.7500001"
    assert encoding(r, "h") == b"hashtable"


def test_a_lowered_limit_converts_at_the_next_write_even_an_update(r):
    reply(r, "HSET", "h", "a", "1", "b", "2", "c", "3")
    try:
        reply(r, "CONFIG", "SET", "hash-max-listpack-entries", "2")
        assert encoding(r, "h") == b"listpack"
        assert reply(r, "HGET", "h", "a") == b"1"
        assert encoding(r, "h") == b"listpack"
        assert reply(r, "HSET", "h", "a", "10") == 0
        assert encoding(r, "h") == b"hashtable"
    finally:
        reply(r, "CONFIG", "SET", "hash-max-listpack-entries", "512")


def test_hdel_never_converts_back(small):
    r = small
    reply(r, "HSET", "h", *[x for i in range(6) for x in ("f%d" % i, i)])
    assert encoding(r, "h") == b"hashtable"
    assert reply(r, "HDEL", "h", "f0", "f1", "f2", "f3", "f4") == 5
    assert encoding(r, "h") == b"hashtable"
    assert reply(r, "HGETALL", "h") == [b"f5", b"5"]


def test_entries_limit_zero_makes_every_hash_a_hashtable(r):
    try:
        reply(r, "CONFIG", "SET", "hash-max-listpack-entries", "0")
        reply(r, "HSET", "h", "a", "1")
        assert encoding(r, "h") == b"hashtable"
    finally:
        reply(r, "CONFIG", "SET", "hash-max-listpack-entries", "512")


def test_value_limit_zero_allows_only_empty_strings(r):
    try:
        reply(r, "CONFIG", "SET", "hash-max-listpack-value", "0")
        reply(r, "HSET", "h", "", "")
        assert encoding(r, "h") == b"listpack"
        reply(r, "HSET", "h", "a", "")
        assert encoding(r, "h") == b"hashtable"
    finally:
        reply(r, "CONFIG", "SET", "hash-max-listpack-value", "64")


def test_the_ziplist_names_are_aliases(r):
    try:
        assert reply(r, "CONFIG", "SET", "hash-max-ziplist-entries", "1") == b"OK"
        assert reply(r, "CONFIG", "GET", "hash-max-listpack-entries") == [
            b"hash-max-listpack-entries", b"1"]
        reply(r, "HSET", "h", "a", "1", "b", "2")
        assert encoding(r, "h") == b"hashtable"
    finally:
        reply(r, "CONFIG", "SET", "hash-max-listpack-entries", "512")


def test_contents_survive_the_conversion(small):
    r = small
    want = {b"a": b"1", b"b": b"-20", b"c": b"", b"": b"empty", b"77": b"x"}
    reply(r, "HSET", "h", *[x for kv in list(want.items())[:4] for x in kv])
    assert encoding(r, "h") == b"listpack"
    reply(r, "HSET", "h", b"77", b"x")
    assert encoding(r, "h") == b"hashtable"
    assert pairs(reply(r, "HGETALL", "h")) == want
    assert sorted(reply(r, "HKEYS", "h")) == sorted(want)
    assert sorted(reply(r, "HVALS", "h")) == sorted(want.values())
    for f, v in want.items():
        assert reply(r, "HGET", "h", f) == v
        assert reply(r, "HSTRLEN", "h", f) == len(v)


def test_hashtable_values_of_every_length(small):
    # Lengths around the inline/short/long storage boundaries of the table.
    r = small
    lengths = [0, 1, 6, 7, 8, 9, 100, 254, 255, 256, 1000, 70000]
    for n in lengths:
        reply(r, "HSET", "h", "f%d" % n, b"%c" % (65 + n % 26) * n)
    assert encoding(r, "h") == b"hashtable"
    for n in lengths:
        assert reply(r, "HGET", "h", "f%d" % n) == b"%c" % (65 + n % 26) * n
        assert reply(r, "HSTRLEN", "h", "f%d" % n) == n
    for n in lengths:
        reply(r, "HSET", "h", "f%d" % n, "short")
        assert reply(r, "HGET", "h", "f%d" % n) == b"short"


@pytest.mark.parametrize("nfields", [3, 600])
def test_copy_rename_and_move_keep_contents_and_encoding(r, nfields):
    data = {b"f%d" % i: b"v%d" % i for i in range(nfields)}
    reply(r, "HSET", "h", *[x for kv in data.items() for x in kv])
    enc = encoding(r, "h")
    assert enc == (b"listpack" if nfields < 512 else b"hashtable")
    assert reply(r, "COPY", "h", "h2") == 1
    assert encoding(r, "h2") == enc
    assert pairs(reply(r, "HGETALL", "h2")) == data
    reply(r, "HSET", "h2", "f0", "changed")
    assert reply(r, "HGET", "h", "f0") == b"v0"
    assert reply(r, "RENAME", "h2", "h3") == b"OK"
    assert encoding(r, "h3") == enc
    assert reply(r, "MOVE", "h3", "1") == 1
    reply(r, "SELECT", "1")
    assert reply(r, "HLEN", "h3") == nfields
    assert reply(r, "HGET", "h3", "f0") == b"changed"
    reply(r, "FLUSHDB")
    reply(r, "SELECT", "0")


def test_memory_usage_grows_with_the_hash(r):
    reply(r, "HSET", "h", "a", "1")
    small_size = reply(r, "MEMORY", "USAGE", "h")
    reply(r, "HSET", "h", *[x for i in range(1000) for x in ("field:%d" % i, "value:%d" % i)])
    big = reply(r, "MEMORY", "USAGE", "h")
    exact = reply(r, "MEMORY", "USAGE", "h", "SAMPLES", "0")
    assert 0 < small_size < 200
    # 1000 fields of ~10 bytes and values of ~10 bytes
    assert 20000 < big < 150000
    assert 20000 < exact < 150000
