"""CLIENT PAUSE and MONITOR across worker threads (`--server-threads 4`).

Connections land on different workers: a pause started on one worker must
hold back writers on every worker and release them all on UNPAUSE, without
losing or reordering any client's commands; a monitor must see the commands
of clients on every worker, each client's in its own order.
"""
import re
import threading
import time


from helpers import RawConn, encode_command, reply

CLIENTS = 24
WRITES = 20


def test_pause_holds_writers_on_every_worker_then_releases_them_in_order(srv):
    c = srv.client()
    reply(c, "FLUSHALL")
    conns = [RawConn(srv.port, timeout=10) for _ in range(CLIENTS)]
    assert reply(c, "CLIENT", "PAUSE", "20000", "WRITE") == b"OK"
    try:
        for i, conn in enumerate(conns):
            # A read, then writes that must wait, pipelined in one send.
            conn.send(encode_command("GET", "k%d" % i)
                      + b"".join(encode_command("APPEND", "k%d" % i, "%d," % j)
                                 for j in range(WRITES)))
        for conn in conns:
            assert conn.read_replies(1) == b"$-1\r\n"
        time.sleep(0.3)
        assert all(conn.read_available(0.01) == b"" for conn in conns)
        info = reply(c, "INFO", "clients").decode()
        assert "blocked_clients:%d" % CLIENTS in info
        assert reply(c, "DBSIZE") == 0
    finally:
        assert reply(c, "CLIENT", "UNPAUSE") == b"OK"
    expected = "".join("%d," % j for j in range(WRITES)).encode()
    for i, conn in enumerate(conns):
        replies = conn.read_replies(WRITES)
        assert replies.count(b":") == WRITES
        assert reply(c, "GET", "k%d" % i) == expected
    assert "blocked_clients:0" in reply(c, "INFO", "clients").decode()


def test_monitor_sees_every_worker_in_each_clients_order(srv):
    mon = RawConn(srv.port, timeout=10)
    assert mon.command("MONITOR") == b"+OK\r\n"
    errors = []

    def writer(i):
        try:
            with srv.client() as w:
                for j in range(WRITES):
                    w.set("m%d" % i, j)
        except Exception as e:          # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seen = {}
    data = mon.read_replies(CLIENTS * WRITES, timeout=20)
    for line in data.split(b"\r\n"):
        m = re.match(rb'^\+\d+\.\d{6} \[0 [^\]]+\] "SET" "m(\d+)" "(\d+)"$', line)
        if m:
            seen.setdefault(int(m.group(1)), []).append(int(m.group(2)))
    assert sorted(seen) == list(range(CLIENTS))
    for i in range(CLIENTS):
        assert seen[i] == list(range(WRITES))
    with srv.client() as c:
        listing = reply(c, "CLIENT", "LIST").decode()
    assert listing.count("flags=O") == 1
