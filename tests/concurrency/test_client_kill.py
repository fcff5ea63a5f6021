"""CLIENT KILL and CLIENT LIST across worker threads.

With `--server-threads 4` the kernel spreads connections over the workers,
so most victims live on another thread than the killer: the kill must reach
them (their owner closes them), CLIENT LIST must see every worker's clients,
and neither may crash or hang while clients come and go.
"""

import socket
import threading
import time


from helpers import encode_command, wait_for

CONNS = 40


def client_id(conn):
    return int(conn.command("CLIENT", "ID")[1:-2])


def listed(killer):
    """{id: fields} of every client CLIENT LIST shows."""
    out = killer.command("CLIENT", "LIST")
    body = out.split(b"\r\n", 1)[1][:-2].decode()
    clients = {}
    for line in body.splitlines():
        f = dict(part.split("=", 1) for part in line.split(" "))
        clients[int(f["id"])] = f
    return clients


def open_victims(srv, n, prefix):
    conns = [srv.raw() for _ in range(n)]
    for i, c in enumerate(conns):
        assert c.command("CLIENT", "SETNAME", "%s-%d" % (prefix, i)) == b"+OK\r\n"
    return conns


def test_client_list_sees_the_clients_of_every_worker(srv):
    with srv.raw() as killer:
        victims = open_victims(srv, CONNS, "seen")
        try:
            ids = {client_id(c) for c in victims}
            clients = listed(killer)
            assert ids <= set(clients)
            names = {clients[i]["name"] for i in ids}
            assert names == {"seen-%d" % i for i in range(CONNS)}
        finally:
            for c in victims:
                c.close()


def test_kill_by_id_closes_clients_on_other_workers(srv):
    with srv.raw() as killer:
        victims = open_victims(srv, CONNS, "byid")
        try:
            for c in victims:
                vid = client_id(c)
                assert killer.command("CLIENT", "KILL", "ID", str(vid)) == b":1\r\n"
                # A killed client is gone at once: a second kill finds nothing.
                assert killer.command("CLIENT", "KILL", "ID", str(vid)) == b":0\r\n"
            for c in victims:
                assert c.is_closed()
            assert not any(f["name"].startswith("byid-") for f in listed(killer).values())
            assert killer.command("PING") == b"+PONG\r\n"
        finally:
            for c in victims:
                c.close()


def test_kill_by_address_closes_a_client_on_another_worker(srv):
    with srv.raw() as killer:
        victims = open_victims(srv, 8, "byaddr")
        try:
            for c in victims:
                addr = "127.0.0.1:%d" % c.sock.getsockname()[1]
                assert killer.command("CLIENT", "KILL", addr) == b"+OK\r\n"
            for c in victims:
                assert c.is_closed()
        finally:
            for c in victims:
                c.close()


def test_kill_all_normal_clients_spares_the_caller(srv):
    with srv.raw() as killer:
        victims = open_victims(srv, CONNS, "all")
        try:
            me = client_id(killer)
            others = set(listed(killer)) - {me}
            # Clients of earlier tests may still be closing: at most those.
            got = int(killer.command("CLIENT", "KILL", "TYPE", "normal")[1:-2])
            assert CONNS <= got <= len(others)
            for c in victims:
                assert c.is_closed()
            assert wait_for(lambda: set(listed(killer)) == {me})
        finally:
            for c in victims:
                c.close()


def test_kill_busy_clients_while_they_send_commands(srv):
    stop = threading.Event()
    errors = []
    closed = []
    ready = threading.Barrier(CONNS + 1)

    def hammer(i):
        try:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            with s:
                s.sendall(encode_command("CLIENT", "SETNAME", "busy-%d" % i))
                s.recv(64)
                ready.wait()
                req = encode_command("INCR", "busy:counter") * 20
                while not stop.is_set():
                    try:
                        s.sendall(req)
                        if not s.recv(1 << 16):
                            closed.append(i)
                            return
                    except (ConnectionResetError, BrokenPipeError):
                        closed.append(i)
                        return
        except Exception as e:          # noqa: BLE001 - reported below
            errors.append((i, e))
            ready.abort()

    threads = [threading.Thread(target=hammer, args=(i,), daemon=True) for i in range(CONNS)]
    for t in threads:
        t.start()
    with srv.raw() as killer:
        ready.wait(timeout=10)
        time.sleep(0.2)
        ids = [int(i) for i, f in listed(killer).items() if f["name"].startswith("busy-")]
        assert len(ids) == CONNS
        killed = 0
        for vid in ids:
            killed += int(killer.command("CLIENT", "KILL", "ID", str(vid))[1:-2])
        assert killed == CONNS
        for t in threads:
            t.join(10)
        stop.set()
        assert not errors, errors
        assert sorted(closed) == list(range(CONNS))
        assert killer.command("PING") == b"+PONG\r\n"


def test_client_list_while_clients_connect_and_disconnect(srv):
    stop = threading.Event()
    errors = []

    def churn():
        try:
            while not stop.is_set():
                with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
                    s.sendall(encode_command("CLIENT", "SETNAME", "churn"))
                    s.recv(64)
        except Exception as e:          # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=churn, daemon=True) for _ in range(6)]
    for t in threads:
        t.start()
    try:
        with srv.raw() as lister:
            deadline = time.monotonic() + 2.0
            rounds = 0
            while time.monotonic() < deadline:
                for f in listed(lister).values():
                    assert list(f)[0] == "id" and list(f)[-1] == "resp", f
                    if f["name"] == "churn":
                        assert f["cmd"] == "client|setname", f
                rounds += 1
            assert rounds > 10
    finally:
        stop.set()
        for t in threads:
            t.join(5)
    assert not errors, errors
    assert srv.ping()
