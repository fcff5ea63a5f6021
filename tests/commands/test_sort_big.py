"""SORT over big collections (300k elements loaded by pipelining): full
numeric and ALPHA sorts agree with Python's, LIMIT windows, BY nosort
ranges read straight from the list, BY and GET over 300k keys, and STORE
of the whole result."""

import random

import pytest

from helpers import reply

N = 300_000
BATCH = 2000

pytestmark = pytest.mark.requires("rpush", "sadd")


def pipelined(r, commands):
    pipe = r.pipeline(transaction=False)
    for cmd in commands:
        pipe.execute_command(*cmd)
    return pipe.execute()


@pytest.fixture
def big(r):
    rnd = random.Random(7)
    values = [rnd.randrange(-10**9, 10**9) for _ in range(N)]
    values[::7] = [v / 8 for v in values[::7]]          # some floats among the integers
    elements = [repr(v).encode() for v in values]
    pipelined(r, [("RPUSH", "l", *elements[i:i + BATCH]) for i in range(0, N, BATCH)])
    pipelined(r, [("SADD", "s", *elements[i:i + BATCH]) for i in range(0, N, BATCH)])
    return r, values, elements


def test_numeric_sort_of_a_big_list(big):
    r, values, elements = big
    want = [e for _, e in sorted(zip(values, elements))]
    assert reply(r, "SORT", "l") == want
    assert reply(r, "SORT", "l", "DESC", "LIMIT", "1000", "50") == want[::-1][1000:1050]


def test_alpha_sort_of_a_big_set(big):
    r, values, elements = big
    distinct = sorted(set(elements))
    assert reply(r, "SCARD", "s") == len(distinct)
    assert reply(r, "SORT", "s", "ALPHA") == distinct
    assert reply(r, "SORT_RO", "s", "ALPHA", "LIMIT", str(len(distinct) - 3), "10") == distinct[-3:]


def test_nosort_windows_of_a_big_list(big):
    r, values, elements = big
    assert reply(r, "SORT", "l", "BY", "nosort", "LIMIT", "150000", "5") == elements[150000:150005]
    assert reply(r, "SORT", "l", "BY", "nosort", "DESC", "LIMIT", "10", "3") == elements[::-1][10:13]
    assert len(reply(r, "SORT", "l", "BY", "nosort")) == N


def test_by_and_get_over_many_keys(r):
    n = 100_000
    pipelined(r, [("RPUSH", "l", *range(i, min(i + BATCH, n))) for i in range(0, n, BATCH)])
    pipelined(r, [("MSET", *[x for j in range(i, min(i + BATCH, n))
                             for x in ("w_%d" % j, str((j * 7919) % n), "o_%d" % j, "v%d" % j)])
                  for i in range(0, n, BATCH)])
    order = sorted(range(n), key=lambda j: ((j * 7919) % n, str(j)))
    got = reply(r, "SORT", "l", "BY", "w_*", "GET", "o_*", "LIMIT", "0", "1000")
    assert got == [b"v%d" % j for j in order[:1000]]


def test_store_of_a_big_sorted_list(big):
    r, values, elements = big
    assert reply(r, "SORT", "l", "STORE", "d") == N
    assert reply(r, "LLEN", "d") == N
    want = [e for _, e in sorted(zip(values, elements))]
    assert reply(r, "LRANGE", "d", "0", "9") == want[:10]
    assert reply(r, "LRANGE", "d", "-10", "-1") == want[-10:]
    assert reply(r, "LINDEX", "d", str(N // 2)) == want[N // 2]
