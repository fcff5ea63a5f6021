"""The listpack (keydb/_core/listpack.pyx) against Redis's own bytes.

redis-server's DUMP of a listpack-encoded hash carries the listpack blob as
it is, so building the same entries with our listpack must give the same
bytes. Walking, seeking, inserting, deleting and finding are checked against
a plain Python list as the model.
"""
import random
import struct

import pytest

from helpers import REDIS_SERVER, Server, no_oracle

listpack = pytest.importorskip("keydb._core.listpack")

INTS = [0, 1, 127, 128, -1, -4096, 4095, 4096, -4097, -32768, 32767, 32768,
        -8388608, 8388607, 8388608, -2147483648, 2147483647, 2147483648,
        -9223372036854775808, 9223372036854775807]
NOT_INTS = [b"", b"a", b"007", b"-0", b"+1", b" 1", b"1 ", b"18446744073709551616",
            b"9223372036854775808", b"1.5", b"x" * 63, b"y" * 64, b"z" * 4095,
            b"w" * 4096, b"v" * 20000]


def as_stored(v):
    """What reading back an entry gives: canonical integers come back as ints."""
    if isinstance(v, int):
        return v
    try:
        n = int(v)
    except ValueError:
        return v
    in_range = -(1 << 63) <= n < (1 << 63)
    return n if in_range and str(n).encode() == v and len(v) <= 20 else v


def rdb_string(payload, pos):
    """Decode one uncompressed RDB string at pos: (bytes, next pos)."""
    b = payload[pos]
    kind = b >> 6
    if kind == 0:
        return payload[pos + 1:pos + 1 + (b & 0x3F)], pos + 1 + (b & 0x3F)
    if kind == 1:
        n = ((b & 0x3F) << 8) | payload[pos + 1]
        return payload[pos + 2:pos + 2 + n], pos + 2 + n
    assert b == 0x80, "unexpected string encoding %#x" % b
    n = struct.unpack(">I", payload[pos + 1:pos + 5])[0]
    return payload[pos + 5:pos + 5 + n], pos + 5 + n


@pytest.fixture(scope="module")
def oracle():
    if no_oracle() or REDIS_SERVER is None:
        pytest.skip("no redis-server")
    with Server("redis", options=[("rdbcompression", "no"),
                                  ("hash-max-listpack-entries", "100000"),
                                  ("hash-max-listpack-value", "100000")]) as srv:
        yield srv


def redis_listpack(srv, pairs):
    """The listpack blob redis-server builds for a hash of these pairs."""
    with srv.client() as c:
        c.delete("h")
        for f, v in pairs:
            c.hset("h", f, v)
        assert c.object("encoding", "h") == b"listpack"
        payload = c.dump("h")
    assert payload[0] == 16          # RDB_TYPE_HASH_LISTPACK
    blob, _ = rdb_string(payload, 1)
    return blob


def test_integer_encodings_match_redis(oracle):
    fields = [str(v).encode() for v in INTS]
    pairs = list(zip(fields, reversed(fields)))
    flat = [x for pair in pairs for x in pair]
    assert listpack.build(flat) == redis_listpack(oracle, pairs)


def test_string_encodings_and_backlens_match_redis(oracle):
    pairs = [(b"f%d" % i, v) for i, v in enumerate(NOT_INTS)]
    flat = [x for pair in pairs for x in pair]
    assert listpack.build(flat) == redis_listpack(oracle, pairs)


def test_a_random_mix_matches_redis(oracle):
    rng = random.Random(7)
    pool = [str(v).encode() for v in INTS] + NOT_INTS
    pairs = {}
    while len(pairs) < 300:
        pairs[rng.choice(pool) + str(len(pairs)).encode()] = rng.choice(pool)
    pairs = list(pairs.items())
    flat = [x for pair in pairs for x in pair]
    assert listpack.build(flat) == redis_listpack(oracle, pairs)


def test_entries_read_back_forwards_and_backwards():
    values = INTS + NOT_INTS + [b"2100000 bytes" * 161539]
    blob = listpack.build(values)
    expected = [as_stored(v) for v in values]
    assert listpack.entries(blob) == expected
    assert listpack.entries(blob, reverse=True) == expected[::-1]


def test_count_saturates_and_is_recounted():
    values = [b"%d" % i for i in range(70000)]
    blob = listpack.build(values)
    assert blob[4:6] == b"\xff\xff"
    _, n, _ = listpack.edit(values, [])
    assert n == 70000
    _, n, _ = listpack.edit(values, [("delete_range", 0, 10000)])
    assert n == 60000


def test_edits_agree_with_a_list_model():
    rng = random.Random(11)
    pool = [str(v).encode() for v in INTS] + NOT_INTS[:12] + [b"k%d" % i for i in range(20)]
    for _ in range(60):
        values = [rng.choice(pool) for _ in range(rng.randrange(0, 40))]
        model = list(values)
        ops = []
        expected_finds = []
        for _ in range(rng.randrange(1, 15)):
            kind = rng.choice(["insert", "delete", "delete_range", "find"])
            if kind == "insert":
                v = rng.choice(pool)
                if not model or rng.random() < 0.2:
                    ops.append(("insert", -1, v, 0))
                    model.append(v)
                    continue
                i = rng.randrange(len(model))
                where = rng.randrange(3)
                ops.append(("insert", i, v, where))
                if where == 0:
                    model.insert(i, v)
                elif where == 1:
                    model.insert(i + 1, v)
                else:
                    model[i] = v
            elif kind == "delete" and model:
                i = rng.randrange(len(model))
                ops.append(("delete", i))
                del model[i]
            elif kind == "delete_range" and model:
                i = rng.randrange(len(model))
                n = rng.randrange(1, 5)
                ops.append(("delete_range", i, n))
                del model[i:i + n]
            elif kind == "find":
                v = rng.choice(pool)
                ops.append(("find", v, 0))
                expected_finds.append(model.index(v) if v in model else -1)
        blob, n, found = listpack.edit(values, ops)
        assert listpack.entries(blob) == [as_stored(v) for v in model]
        assert n == len(model)
        assert blob == listpack.build(model)
        assert found == expected_finds


def test_find_with_skip_only_looks_at_fields():
    values = [b"a", b"b", b"b", b"c", b"12", b"12"]
    _, _, found = listpack.edit(values, [("find", b"b", 1), ("find", b"12", 1),
                                         ("find", b"c", 1), ("find", b"zz", 0)])
    assert found == [2, 4, -1, -1]


def test_merge_gives_the_listpack_of_both_sequences():
    cases = [([], []), ([b"a"], []), ([], INTS), (INTS, NOT_INTS),
             ([b"%d" % i for i in range(40000)], [b"x%d" % i for i in range(30000)])]
    for first, second in cases:
        blob, n, _ = listpack.edit(first, [("merge", second)])
        assert blob == listpack.build(first + second)
        assert n == len(first) + len(second)
