"""A hash of half a million fields, filled by pipelining: counts, contents,
a full HSCAN, deletes, and its memory next to the oracle's."""

import pytest

from helpers import reply

N = 500000
BATCH = 1000


def fill(r, key, n, value_len=10):
    pipe = r.pipeline(transaction=False)
    for start in range(0, n, BATCH):
        args = []
        for i in range(start, min(n, start + BATCH)):
            args += [b"field:%d" % i, (b"v%d" % i).ljust(value_len, b"x")]
        pipe.execute_command("HSET", key, *args)
    created = pipe.execute()
    assert sum(created) == n


def value(i, value_len=10):
    return (b"v%d" % i).ljust(value_len, b"x")


def test_half_a_million_fields(r):
    fill(r, "big", N)
    assert reply(r, "OBJECT", "ENCODING", "big") == b"hashtable"
    assert reply(r, "HLEN", "big") == N
    everything = reply(r, "HGETALL", "big")
    assert len(everything) == 2 * N
    got = dict(zip(everything[::2], everything[1::2]))
    assert len(got) == N
    for i in (0, 1, 999, 123456, N - 1):
        assert got[b"field:%d" % i] == value(i)
        assert reply(r, "HGET", "big", "field:%d" % i) == value(i)
    assert reply(r, "HSTRLEN", "big", "field:%d" % (N - 1)) == 10
    assert reply(r, "HEXISTS", "big", "field:%d" % N) == 0

    # A full HSCAN returns every field (possibly some twice).
    cursor, seen = b"0", set()
    while True:
        cursor, flat = reply(r, "HSCAN", "big", cursor, "COUNT", "10000")
        seen.update(flat[::2])
        if cursor == b"0":
            break
    assert len(seen) == N

    # Delete every other field, pipelined; the table shrinks as it empties.
    pipe = r.pipeline(transaction=False)
    for start in range(0, N, 2 * BATCH):
        pipe.execute_command("HDEL", "big", *[b"field:%d" % i
                                              for i in range(start, min(N, start + 2 * BATCH), 2)])
    assert sum(pipe.execute()) == N // 2
    assert reply(r, "HLEN", "big") == N // 2
    assert reply(r, "HGET", "big", "field:0") is None
    assert reply(r, "HGET", "big", "field:1") == value(1)
    assert len(reply(r, "HKEYS", "big")) == N // 2
    assert reply(r, "HINCRBY", "big", "field:counter", "7") == 7
    assert reply(r, "HLEN", "big") == N // 2 + 1


def used_memory(r):
    return int(dict(line.split(b":", 1) for line in reply(r, "INFO", "memory").split(b"\r\n")
                    if b":" in line)[b"used_memory"])


@pytest.mark.parametrize("value_len", [4, 10, 40])
def test_memory_per_field_no_worse_than_the_oracle(both, value_len):
    # What the allocator handed out for the hash (used_memory grows by it),
    # and MEMORY USAGE, which must account for the same bytes.
    ours, oracle = both
    grown, usage = [], []
    for c in (ours, oracle):
        before = used_memory(c)
        fill(c, "big", 200000, value_len)
        grown.append(used_memory(c) - before)
        usage.append(reply(c, "MEMORY", "USAGE", "big", "SAMPLES", "0"))
    assert grown[0] <= grown[1] * 1.05, "ours %d bytes, oracle %d bytes" % tuple(grown)
    assert usage[0] <= usage[1] * 1.05, "ours %d bytes, oracle %d bytes" % tuple(usage)
    assert abs(usage[0] - grown[0]) < grown[0] * 0.05, (usage[0], grown[0])
