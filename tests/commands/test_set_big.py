"""Big sets (200k members, loaded by pipelining): counts, membership and the
set operations agree with what the members say, a full SSCAN pass sees
every member, and memory per member is no worse than Redis's."""

import pytest

from helpers import reply

N = 200_000
BATCH = 1000


def load(r, key, members):
    pipe = r.pipeline(transaction=False)
    for i in range(0, len(members), BATCH):
        pipe.execute_command("SADD", key, *members[i:i + BATCH])
    assert sum(pipe.execute()) == len(members)


def used_memory(r):
    return int(reply(r, "INFO", "memory").split(b"used_memory:")[1].split(b"\r\n")[0])


@pytest.fixture
def big(r):
    """all: member:0 .. member:N-1; even: the even ones; ints: 0, 3, 6, ..."""
    load(r, "all", [b"member:%d" % i for i in range(N)])
    load(r, "even", [b"member:%d" % i for i in range(0, N, 2)])
    load(r, "ints", [b"%d" % (3 * i) for i in range(N)])
    return r


def test_counts_and_membership(big):
    r = big
    assert reply(r, "SCARD", "all") == N
    assert reply(r, "OBJECT", "ENCODING", "all") == b"hashtable"
    assert reply(r, "SMISMEMBER", "all", "member:0", "member:%d" % (N - 1), "member:%d" % N,
                 "member:-1") == [1, 1, 0, 0]
    assert reply(r, "SISMEMBER", "ints", str(3 * (N - 1))) == 1
    assert reply(r, "SISMEMBER", "ints", "1") == 0
    assert len(reply(r, "SMEMBERS", "all")) == N


def test_set_operations(big):
    r = big
    assert reply(r, "SINTERCARD", "2", "all", "even") == N // 2
    assert reply(r, "SINTERCARD", "2", "all", "even", "LIMIT", "1000") == 1000
    assert reply(r, "SINTERSTORE", "i", "even", "all") == N // 2
    assert reply(r, "SDIFFSTORE", "d", "all", "even") == N // 2
    assert reply(r, "SINTERCARD", "2", "d", "even") == 0
    assert reply(r, "SUNIONSTORE", "u", "d", "even", "ints") == 2 * N
    assert len(reply(r, "SDIFF", "all", "even")) == N // 2
    assert reply(r, "SMOVE", "all", "ints", "member:7") == 1
    assert reply(r, "SCARD", "all") == N - 1


def test_full_sscan_pass(big):
    r = big
    cursor, seen = b"0", set()
    while True:
        cursor, batch = reply(r, "SSCAN", "all", cursor, "COUNT", "1000")
        seen.update(batch)
        if cursor == b"0":
            break
    assert len(seen) == N


def test_random_members(big):
    r = big
    got = reply(r, "SRANDMEMBER", "all", "5000")
    assert len(set(got)) == 5000
    assert all(m.startswith(b"member:") for m in got)
    popped = reply(r, "SPOP", "all", str(N - 100))
    assert len(set(popped)) == N - 100
    assert reply(r, "SCARD", "all") == 100
    assert len(set(popped) | set(reply(r, "SMEMBERS", "all"))) == N


@pytest.mark.parametrize("fmt", [b"member:%d", b"%d"])
def test_memory_per_member_is_no_worse_than_redis(both, fmt):
    sizes = []
    for c in both:
        before = used_memory(c)
        load(c, "s", [fmt % (7 * i) for i in range(N)])
        sizes.append((used_memory(c) - before) / N)
        reply(c, "DEL", "s")
    ours, oracle = sizes
    assert ours <= oracle * 1.02, "bytes per member: ours %.1f, redis %.1f" % (ours, oracle)
