"""Many client threads against one server with four worker threads.

Invariants, not timings: no lost INCR, every client reads back what it last
wrote, MSET is never seen half-applied, SETNX has exactly one winner, and
clients sending garbage cannot disturb the others or the server.

Ours runs with `--server-threads 4`; with KEYDB_TEST_ORACLE_ONLY=1 the same
tests run against redis-server to check the tests themselves.
"""

import os
import random
import socket
import struct
import threading
import time

import pytest

from helpers import RawConn, encode_command, fresh_client, reply, split_replies, wait_for

THREADS = 32


@pytest.fixture
def srv(threaded_server):
    threaded_server.ensure_running()
    fresh_client(threaded_server).close()
    return threaded_server


def run_threads(n, target, timeout=60):
    """Start n threads running target(i, barrier); re-raise the first error."""
    barrier = threading.Barrier(n)
    errors = []

    def wrap(i):
        try:
            target(i, barrier)
        except BaseException as e:          # noqa: B902 - reported below
            errors.append((i, e))
            barrier.abort()

    threads = [threading.Thread(target=wrap, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "threads still running after %ss" % timeout
    real = [e for e in errors if not isinstance(e[1], threading.BrokenBarrierError)]
    if real:
        raise real[0][1]
    assert not errors, errors


def test_parallel_incr_loses_no_updates(srv):
    per_thread, counters = 400, ["counter:%d" % i for i in range(4)]

    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            for n in range(per_thread):
                c.incr(counters[n % 4])
        finally:
            c.close()

    run_threads(THREADS, work)
    c = srv.client()
    values = [int(c.get(k)) for k in counters]
    c.close()
    assert values == [THREADS * per_thread // 4] * 4


def test_parallel_incrby_decrby_and_incrbyfloat_sum_exactly(srv):
    per_thread = 200

    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            for n in range(per_thread):
                c.incrby("sum", 3)
                c.decrby("sum", 1)
                c.incrbyfloat("fsum", "0.5")
        finally:
            c.close()

    run_threads(THREADS, work)
    c = srv.client()
    assert int(c.get("sum")) == THREADS * per_thread * 2
    assert c.get("fsum") == str(THREADS * per_thread // 2).encode()
    c.close()


def test_pipelined_incr_batches_from_many_connections(srv):
    batch, batches = 500, 4

    def work(i, barrier):
        with RawConn(srv.port, timeout=20) as c:
            barrier.wait()
            last = 0
            for _ in range(batches):
                c.send(encode_command("INCR", "pipelined") * batch)
                values = [int(x[1:-2]) for x in split_replies(c.read_replies(batch))]
                assert all(a < b for a, b in zip([last] + values, values)), \
                    "INCR replies on one connection must increase"
                last = values[-1]

    run_threads(16, work)
    c = srv.client()
    assert int(c.get("pipelined")) == 16 * batch * batches
    c.close()


def test_each_client_reads_back_what_it_last_set(srv):
    rounds = 300

    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            for n in range(rounds):
                value = b"%d:%d:%s" % (i, n, b"v" * (n % 50))
                c.set("own:%d" % i, value)
                c.incr("shared")
                got = c.get("own:%d" % i)
                assert got == value, (i, n, got)
        finally:
            c.close()

    run_threads(THREADS, work)
    c = srv.client()
    assert int(c.get("shared")) == THREADS * rounds
    assert c.dbsize() == THREADS + 1
    c.close()


def test_mset_is_never_seen_half_applied(srv):
    keys = ["m:%d" % i for i in range(10)]
    c = srv.client()
    c.mset({k: "0" for k in keys})
    c.close()
    stop = threading.Event()
    writers, readers = 4, 12

    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            if i < writers:
                n = 0
                while not stop.is_set():
                    n += 1
                    c.mset({k: "%d-%d" % (i, n) for k in keys})
            else:
                deadline = time.monotonic() + 3.0
                reads = 0
                while time.monotonic() < deadline:
                    values = c.mget(keys)
                    assert len(set(values)) == 1, "torn MSET: %r" % values
                    reads += 1
                assert reads > 10
        finally:
            c.close()

    def timer():
        time.sleep(3.2)
        stop.set()

    t = threading.Thread(target=timer, daemon=True)
    t.start()
    try:
        run_threads(writers + readers, work)
    finally:
        stop.set()
        t.join()


def test_msetnx_from_many_clients_has_exactly_one_winner_per_round(srv):
    rounds = 20

    def work(i, barrier):
        c = srv.client()
        try:
            for n in range(rounds):
                barrier.wait()
                if c.msetnx({"nx:%d:a" % n: i, "nx:%d:b" % n: i}):
                    c.incr("winners:%d" % n)
        finally:
            c.close()

    run_threads(16, work)
    c = srv.client()
    for n in range(rounds):
        assert c.get("winners:%d" % n) == b"1"
        assert c.get("nx:%d:a" % n) == c.get("nx:%d:b" % n)
    c.close()


def test_setnx_race_has_exactly_one_winner(srv):
    rounds = 30

    def work(i, barrier):
        c = srv.client()
        try:
            for n in range(rounds):
                barrier.wait()
                if c.setnx("lock:%d" % n, i):
                    c.incr("wins:%d" % n)
                    c.set("owner:%d" % n, i)
        finally:
            c.close()

    run_threads(THREADS, work)
    c = srv.client()
    for n in range(rounds):
        assert c.get("wins:%d" % n) == b"1"
        assert c.get("owner:%d" % n) == c.get("lock:%d" % n)
    c.close()


def test_parallel_append_keeps_every_byte(srv):
    per_thread = 200

    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            for _ in range(per_thread):
                c.append("log", b"%c" % (65 + i % 26))
        finally:
            c.close()

    run_threads(THREADS, work)
    c = srv.client()
    log = c.get("log")
    c.close()
    assert len(log) == THREADS * per_thread
    for i in range(26):
        expected = sum(per_thread for t in range(THREADS) if t % 26 == i)
        assert log.count(b"%c" % (65 + i)) == expected


def test_rename_under_contention_keeps_exactly_one_copy(srv):
    c = srv.client()
    c.set("token:0", "payload")
    c.close()
    slots = ["token:%d" % i for i in range(8)]

    def work(i, barrier):
        rng = random.Random(i)
        c = srv.client()
        try:
            barrier.wait()
            for _ in range(150):
                src, dst = rng.sample(slots, 2)
                try:
                    c.rename(src, dst)
                except Exception as e:          # the token was elsewhere
                    assert "no such key" in str(e)
        finally:
            c.close()

    run_threads(16, work)
    c = srv.client()
    present = [k for k in slots if c.exists(k)]
    assert len(present) == 1 and c.get(present[0]) == b"payload"
    c.close()


def test_connection_churn_while_others_work(srv):
    def work(i, barrier):
        barrier.wait()
        if i % 2:
            for _ in range(60):
                c = srv.client()
                assert c.ping()
                c.close()
        else:
            c = srv.client()
            try:
                for n in range(300):
                    c.set("churn:%d" % i, n)
                    assert c.get("churn:%d" % i) == b"%d" % n
            finally:
                c.close()

    run_threads(16, work)
    assert srv.ping()


def test_scan_guarantee_holds_while_many_clients_write(srv):
    c = srv.client()
    stable = {b"stable:%d" % i for i in range(2000)}
    c.mset({k: 1 for k in stable})
    c.close()
    stop = threading.Event()

    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            if i == 0:
                for _ in range(3):
                    cursor, seen = b"0", set()
                    while True:
                        cursor, keys = reply(c, "SCAN", cursor, "COUNT", "50")
                        seen.update(keys)
                        if cursor == b"0":
                            break
                    missing = stable - seen
                    assert not missing, "SCAN lost %d stable keys" % len(missing)
                stop.set()
            else:
                n = 0
                while not stop.is_set():
                    # grow and shrink the table under the scan
                    c.mset({"tmp:%d:%d:%d" % (i, n, j): 1 for j in range(50)})
                    if n >= 2:
                        c.delete(*["tmp:%d:%d:%d" % (i, n - 2, j) for j in range(50)])
                    n += 1
        finally:
            stop.set()
            c.close()

    run_threads(9, work)


def test_short_lived_keys_expire_cleanly_under_concurrent_access(srv):
    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            for n in range(100):
                c.set("ephemeral:%d:%d" % (i, n % 5), n, px=5)
                c.get("ephemeral:%d:%d" % ((i + 1) % 16, n % 5))
                c.incr("touches")
                c.exists("ephemeral:%d:%d" % ((i + 3) % 16, n % 5))
        finally:
            c.close()

    run_threads(16, work)
    c = srv.client()
    try:
        time.sleep(0.05)
        assert c.keys("ephemeral:*") == []
        assert int(c.get("touches")) == 1600
        assert wait_for(lambda: c.dbsize() == 1, timeout=5), c.dbsize()
    finally:
        c.close()


def test_flushall_and_swapdb_while_others_write(srv):
    def work(i, barrier):
        c = srv.client()
        try:
            barrier.wait()
            for n in range(200):
                if i == 0 and n % 20 == 0:
                    c.flushall()
                elif i == 1 and n % 10 == 0:
                    c.swapdb(0, 1)
                elif i == 2 and n % 25 == 0:
                    c.flushdb(asynchronous=True)
                else:
                    c.set("w:%d" % i, n)
                    c.incr("w:count")
                    v = c.get("w:%d" % i)
                    assert v is None or v.isdigit()
        finally:
            c.close()

    run_threads(12, work)
    assert srv.ping()
    c = srv.client()
    try:
        c.select(0)
        assert c.set("after:flush", "1") and c.get("after:flush") == b"1"
    finally:
        c.close()


GARBAGE = [
    b"*abc\r\n",
    b"*1\r\n$abc\r\n",
    b"*1\r\n:4\r\n",
    b"*1\r\n$-5\r\n",
    b"*2\r\n$3\r\nGET\r\n$999999999999\r\n",
    b'SET "unbalanced\r\n',
    b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nab",      # truncated, then hang up
    b"\x00\xff\xfe" * 100 + b"\r\n",
    b"x" * 70000,
    b"*" + b"9" * 70000,
    b"*1\r\n$" + b"9" * 70000,
    b"*2147483647\r\n",
    b"*1\r\n$536870912\r\n" + b"x" * 1000,
]


def send_garbage(port, i, rng):
    """One connection that sends broken input, maybe after a valid command."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            if rng.random() < 0.5:
                payload = rng.choice(GARBAGE)
            else:
                payload = os.urandom(rng.randint(1, 4096))
            if rng.random() < 0.3:
                payload = encode_command("SET", "g:%d" % i, "ok") + payload
            s.sendall(payload)
            if rng.random() < 0.5:
                s.recv(65536)
            if rng.random() < 0.2:      # hang up with a reset instead of a FIN
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


def test_garbage_senders_do_not_disturb_good_clients(srv):
    garbage_threads, good_threads, good_rounds = 16, 16, 400
    stop = threading.Event()
    lock = threading.Lock()
    good_left = [good_threads]
    deadline = time.monotonic() + 40

    def work(i, barrier):
        barrier.wait()
        if i < garbage_threads:
            rng = random.Random(i)
            while not stop.is_set() and time.monotonic() < deadline:
                send_garbage(srv.port, i, rng)
            return
        try:
            c = srv.client()
            try:
                for n in range(good_rounds):
                    c.set("good:%d" % i, n)
                    c.incr("good:total")
                    assert c.get("good:%d" % i) == b"%d" % n
            finally:
                c.close()
        finally:
            with lock:
                good_left[0] -= 1
                if good_left[0] == 0:
                    stop.set()

    run_threads(garbage_threads + good_threads, work)
    assert srv.alive(), "server died; log tail:\n" + srv.log_tail()
    assert srv.ping()
    c = srv.client()
    try:
        assert int(c.get("good:total")) == good_threads * good_rounds
    finally:
        c.close()


def test_many_protocol_errors_at_once_each_get_their_error_and_close(srv):
    def work(i, barrier):
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
            barrier.wait()
            s.sendall(b"*1\r\n$4\r\nPING\r\n*1\r\n:%d\r\n" % i)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            assert data == b"+PONG\r\n-ERR Protocol error: expected '$', got ':'\r\n"

    run_threads(THREADS, work)
    assert srv.ping()


def test_server_still_serves_after_the_stress(srv):
    assert srv.alive()
    c = srv.client()
    try:
        assert c.ping()
        assert c.set("after", "1") and c.get("after") == b"1"
    finally:
        c.close()
