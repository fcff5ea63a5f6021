"""MULTI/EXEC and WATCH across worker threads (`--server-threads 4`).

- Atomicity: writers move one unit at a time between two counters inside
  MULTI/EXEC while readers on other workers read both with MGET and inside
  their own transactions: the sum must never change, and the final values
  must equal what the writers did.
- WATCH: clients on every worker increment one counter with optimistic
  locking (WATCH, GET, MULTI, SET, EXEC, retry on a null EXEC); no increment
  may be lost, so the counter ends at the number of EXECs that succeeded,
  and some EXECs must have failed (the clients really raced).
- Blocking: a waiter never sees what a transaction pushed and deleted again,
  while the pushes that stay reach it.
"""
import threading

import redis

TOTAL = 1000


def run_threads(targets):
    errors = []

    def wrap(fn, *args):
        try:
            fn(*args)
        except Exception as e:          # reported by the caller
            errors.append(e)
    threads = [threading.Thread(target=wrap, args=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not [t for t in threads if t.is_alive()], "threads still running"
    return errors


def test_exec_is_atomic_for_readers_on_other_workers(srv):
    writers, moves = 6, 300
    stop = threading.Event()
    seen = []
    with srv.client() as c:
        c.mset({"a": TOTAL, "b": 0})

    def write(w):
        with srv.client() as c:
            for i in range(moves):
                pipe = c.pipeline(transaction=True)
                if (i + w) % 2:
                    pipe.decr("a").incr("b")
                else:
                    pipe.incr("a").decr("b")
                pipe.execute()

    def read_plain():
        with srv.client() as c:
            while not stop.is_set():
                a, b = c.mget("a", "b")
                seen.append(int(a) + int(b))

    def read_in_transaction():
        with srv.client() as c:
            while not stop.is_set():
                pipe = c.pipeline(transaction=True)
                a, b = pipe.get("a").get("b").execute()
                seen.append(int(a) + int(b))

    readers = [threading.Thread(target=f) for f in (read_plain, read_plain, read_in_transaction)]
    for t in readers:
        t.start()
    errors = run_threads([(write, w) for w in range(writers)])
    stop.set()
    for t in readers:
        t.join(30)
    assert not errors
    assert len(seen) > 10
    assert set(seen) == {TOTAL}
    with srv.client() as c:
        a, b = c.mget("a", "b")
    # Each writer moved as many units each way (moves is even).
    assert (int(a), int(b)) == (TOTAL, 0)


def test_watch_loses_no_increment_across_workers(srv):
    clients, increments = 8, 60
    failed = []
    with srv.client() as c:
        c.set("counter", 0)

    def increment(i):
        misses = 0
        with srv.client() as c:
            for _ in range(increments):
                while True:
                    pipe = c.pipeline(transaction=True)
                    pipe.watch("counter")
                    value = int(pipe.get("counter"))
                    pipe.multi()
                    pipe.set("counter", value + 1)
                    try:
                        pipe.execute()
                        break
                    except redis.WatchError:
                        misses += 1
        failed.append(misses)

    errors = run_threads([(increment, i) for i in range(clients)])
    assert not errors
    with srv.client() as c:
        assert int(c.get("counter")) == clients * increments
    assert sum(failed) > 0, "no EXEC ever failed: the clients did not race"


def test_transactions_that_push_and_delete_never_feed_a_waiter(srv):
    # Pusher p's transactions create and delete g<p> (only ever "ghost"),
    # and now and then also push a real element to q; the waiters block on
    # all of those keys at once.
    pushers, rounds = 4, 200
    keys = ["g%d" % p for p in range(pushers)] + ["q"]
    got = []

    def wait():
        with srv.client() as c:
            while True:
                r = c.execute_command("BLPOP", *keys, "5")
                if r is None or r[1] == b"end":
                    return
                got.append(r[1])

    def push(p):
        with srv.client() as c:
            for i in range(rounds):
                pipe = c.pipeline(transaction=True)
                pipe.rpush("g%d" % p, b"ghost").delete("g%d" % p)
                if i % 10 == 0:
                    pipe.rpush("q", b"real:%d:%d" % (p, i))
                pipe.execute()

    waiters = [threading.Thread(target=wait) for _ in range(3)]
    for t in waiters:
        t.start()
    errors = run_threads([(push, p) for p in range(pushers)])
    with srv.client() as c:
        for _ in waiters:
            c.rpush("q", b"end")
    for t in waiters:
        t.join(30)
    assert not errors
    assert b"ghost" not in got
    with srv.client() as c:
        left = c.lrange("q", 0, -1)
    assert sorted(got + [x for x in left if x != b"end"]) == sorted(
        b"real:%d:%d" % (p, i) for p in range(pushers) for i in range(0, rounds, 10))
