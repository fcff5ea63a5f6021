"""SCAN's guarantee while the hash table is resized under it.

A key present in the database for the whole of a full SCAN iteration must be
returned at least once, however other keys are added or removed between the
calls (which makes the table grow, shrink and rehash incrementally), and SCAN
must never return a key that did not exist. Each test runs against our server
and against redis-server, over redis-py.
"""

import random
import time

import pytest

from helpers import fresh_client, reply


@pytest.fixture(params=["keydb", "redis"])
def r(request):
    srv = request.getfixturevalue("keydb_server" if request.param == "keydb"
                                  else "oracle_server")
    c = fresh_client(srv)
    yield c
    c.close()


@pytest.fixture
def writer(r):
    """A second connection on the same server and database as r."""
    host, port = r.connection.host, r.connection.port
    w = type(r)(host=host, port=port, single_connection_client=True)
    yield w
    w.close()


def full_scan(r, count, between):
    """SCAN from cursor 0 back to 0; call between(step) after each call."""
    cursor, seen, step = b"0", [], 0
    while True:
        cursor, keys = reply(r, "SCAN", cursor, "COUNT", str(count))
        seen.extend(keys)
        step += 1
        if cursor == b"0":
            return seen
        between(step)
        assert step < 200000, "SCAN did not terminate"


def mset(w, keys):
    for i in range(0, len(keys), 500):
        w.mset({k: 1 for k in keys[i:i + 500]})


def delete(w, keys):
    for i in range(0, len(keys), 500):
        w.delete(*keys[i:i + 500])


def test_keys_survive_a_scan_while_the_table_grows(r, writer):
    stable = [b"stable:%d" % i for i in range(300)]
    mset(r, stable)
    added = []

    def grow(step):
        # ~60 doublings' worth of inserts spread over the scan: most calls
        # land in the middle of an incremental rehash.
        if step <= 150:
            keys = [b"grow:%d:%d" % (step, i) for i in range(120)]
            mset(writer, keys)
            added.extend(keys)

    seen = set(full_scan(r, 5, grow))
    assert not set(stable) - seen
    assert seen <= set(stable) | set(added)


def test_keys_survive_a_scan_while_the_table_shrinks(r, writer):
    stable = [b"stable:%d" % i for i in range(100)]
    temp = [b"temp:%d" % i for i in range(20000)]
    mset(r, stable)
    mset(r, temp)

    def shrink(step):
        # Remove the bulk early, then give the server cron (hz 10) time to
        # start shrinking and rehashing while the scan goes on.
        if step <= 20:
            delete(writer, temp[(step - 1) * 1000:step * 1000])
        elif step <= 30:
            time.sleep(0.05)

    seen = set(full_scan(r, 10, shrink))
    assert not set(stable) - seen
    assert seen <= set(stable) | set(temp)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_keys_survive_random_growth_and_shrinkage(r, writer, seed):
    rnd = random.Random(seed)
    stable = [b"s:%d" % i for i in range(200)]
    mset(r, stable)
    live, ever = [], set(stable)
    serial = [0]

    def churn(step):
        if step % 40 < 20:
            keys = [b"c:%d" % (serial[0] + i) for i in range(rnd.randint(50, 400))]
            serial[0] += len(keys)
            mset(writer, keys)
            live.extend(keys)
            ever.update(keys)
        elif live:
            rnd.shuffle(live)
            n = rnd.randint(len(live) // 3, len(live))
            delete(writer, live[:n])
            del live[:n]
            if rnd.random() < 0.3:
                time.sleep(0.12)       # let a cron shrink the table

    seen = set(full_scan(r, rnd.choice([1, 3, 10]), churn))
    assert not set(stable) - seen
    assert seen <= ever


def test_a_full_scan_of_a_quiet_table_returns_each_key_once(r):
    keys = [b"k:%d" % i for i in range(5000)]
    mset(r, keys)
    time.sleep(0.5)             # let any resize started by the inserts finish
    got = full_scan(r, 7, lambda step: None)
    assert sorted(got) == sorted(keys)
