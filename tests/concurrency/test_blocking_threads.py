"""Blocking pops across worker threads (`--server-threads 4`).

Consumers block on two lists from connections spread over the workers;
producers on other workers push. Every element must reach exactly one
consumer (none lost, none twice), each consumer's elements from one producer
and one list must keep that producer's order, and nothing may stay blocked
once the elements are all taken.
"""
import threading


from helpers import reply

CONSUMERS = 16
PRODUCERS = 4
PER_PRODUCER = 300


def test_every_pushed_element_reaches_exactly_one_blocked_consumer(srv):
    total = PRODUCERS * PER_PRODUCER
    got = [[] for _ in range(CONSUMERS)]
    errors = []
    taken = threading.Semaphore(0)

    def consume(i):
        try:
            with srv.client() as c:
                while True:
                    r = c.execute_command("BLPOP", "q", "q2", "3")
                    if r is None:
                        return
                    got[i].append(r[1])
                    taken.release()
        except Exception as e:          # reported below
            errors.append(e)

    def produce(p):
        try:
            with srv.client() as c:
                for j in range(PER_PRODUCER):
                    c.rpush("q" if j % 3 else "q2", b"%d:%d" % (p, j))
        except Exception as e:
            errors.append(e)

    consumers = [threading.Thread(target=consume, args=(i,)) for i in range(CONSUMERS)]
    for t in consumers:
        t.start()
    producers = [threading.Thread(target=produce, args=(p,)) for p in range(PRODUCERS)]
    for t in producers:
        t.start()
    for t in producers:
        t.join()
    for t in consumers:
        t.join(30)
    assert not errors
    everything = [x for g in got for x in g]
    assert len(everything) == total
    assert len(set(everything)) == total
    # One list is FIFO: a consumer's successive pops from it come later in
    # each producer's order (across q and q2 BLPOP prefers q, so compare
    # per list).
    for g in got:
        for p in range(PRODUCERS):
            mine = [int(x.split(b":")[1]) for x in g if x.startswith(b"%d:" % p)]
            for in_q2 in (True, False):
                one_list = [j for j in mine if (j % 3 == 0) == in_q2]
                assert one_list == sorted(one_list)
    with srv.client() as c:
        assert reply(c, "EXISTS", "q", "q2") == 0
        assert b"blocked_clients:0" in reply(c, "INFO", "clients")


def test_brpoplpush_chains_across_workers(srv):
    # Each stage waits on the previous one's list; one push must travel the
    # whole chain, whichever workers the stages are on.
    stages = 8
    results = [None] * stages

    def stage(i):
        with srv.client() as c:
            results[i] = c.execute_command("BRPOPLPUSH", "s%d" % i, "s%d" % (i + 1), "10")

    threads = [threading.Thread(target=stage, args=(i,)) for i in range(stages)]
    for t in threads:
        t.start()
    with srv.client() as c:
        for _ in range(200):
            info = reply(c, "INFO", "clients")
            if b"blocked_clients:%d" % stages in info:
                break
            threading.Event().wait(0.02)
        c.rpush("s0", "token")
    for t in threads:
        t.join(15)
    assert results == [b"token"] * stages
    with srv.client() as c:
        assert c.lrange("s%d" % stages, 0, -1) == [b"token"]
