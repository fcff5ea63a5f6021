"""Lists under many clients spread over `--server-threads 4`: pushers,
poppers and movers working on the same few keys at once must neither lose
nor duplicate an element, and every list must stay readable throughout."""

import threading


PUSHERS = 6
POPPERS = 4
PER_PUSHER = 2000


# Small, compressed nodes: pushes, pops and moves keep reshaping them.
SERVER_OPTIONS = [("list-max-listpack-size", "8"), ("list-compress-depth", "1")]


def test_concurrent_push_pop_and_move_lose_nothing(srv):
    start = threading.Barrier(PUSHERS + POPPERS + 1)
    done_pushing = threading.Event()
    popped = [[] for _ in range(POPPERS)]
    errors = []

    def pusher(i):
        try:
            with srv.client() as c:
                start.wait()
                for j in range(0, PER_PUSHER, 50):
                    batch = [b"p%d-%d-%s" % (i, k, b"x" * (k % 40)) for k in range(j, j + 50)]
                    (c.lpush if (i + j) % 2 else c.rpush)("q%d" % (j % 3), *batch)
        except Exception as e:          # noqa: BLE001 - reported below
            errors.append(e)

    def popper(i):
        try:
            with srv.client() as c:
                start.wait()
                while True:
                    finishing = done_pushing.is_set()
                    key = "q%d" % (i % 3)
                    if i % 2:
                        got = c.lmove(key, "q%d" % ((i + 1) % 3), "LEFT", "RIGHT")
                        c.lrange(key, 0, 20)
                    else:
                        got = c.rpop(key, 7) or []
                        popped[i].extend(got)
                    if finishing and not got and all(c.llen("q%d" % k) == 0 for k in range(3)):
                        break
        except Exception as e:          # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=pusher, args=(i,)) for i in range(PUSHERS)]
    threads += [threading.Thread(target=popper, args=(i,)) for i in range(POPPERS)]
    for t in threads:
        t.start()
    start.wait()
    for t in threads[:PUSHERS]:
        t.join()
    done_pushing.set()
    for t in threads[PUSHERS:]:
        t.join(120)
    assert not errors
    assert not any(t.is_alive() for t in threads)
    everything = [x for p in popped for x in p]
    assert len(everything) == PUSHERS * PER_PUSHER
    assert len(set(everything)) == len(everything)
