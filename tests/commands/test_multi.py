"""MULTI, EXEC, DISCARD, WATCH, UNWATCH on our server and on the oracle.

Most checks read raw reply bytes (RawConn), so +QUEUED, EXECABORT and the
RESP2/RESP3 nulls are compared exactly; every test runs on both servers.
"""
import time

import pytest

from helpers import Background, Err, RawConn, encode_command, fresh_client, reply, wait_for

EXECABORT = b"-EXECABORT Transaction discarded because of previous errors.\r\n"


@pytest.fixture
def conn(srv):
    with srv.raw() as c:
        yield c


def run(c, *commands):
    """Send every command (tuples) in one write; return each raw reply."""
    c.send(b"".join(encode_command(*cmd) for cmd in commands))
    return [c.read_replies(1) for _ in commands]


# ---- queueing and EXEC ------------------------------------------------------------

def test_exec_runs_the_queue_in_order_and_answers_an_array(conn):
    got = run(conn, ("MULTI",), ("SET", "a", "1"), ("INCR", "a"), ("GET", "a"), ("EXEC",))
    assert got == [b"+OK\r\n", b"+QUEUED\r\n", b"+QUEUED\r\n", b"+QUEUED\r\n",
                   b"*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n"]


def test_a_queued_command_runs_only_at_exec(srv, conn):
    other = fresh_client(srv)
    run(conn, ("MULTI",), ("SET", "k", "v"))
    assert reply(other, "EXISTS", "k") == 0
    assert conn.command("EXEC") == b"*1\r\n+OK\r\n"
    assert reply(other, "GET", "k") == b"v"


def test_an_empty_transaction_answers_an_empty_array(conn):
    assert run(conn, ("MULTI",), ("EXEC",)) == [b"+OK\r\n", b"*0\r\n"]


def test_runtime_errors_stay_inside_the_array_and_the_rest_runs(conn):
    got = run(conn, ("SET", "s", "x"), ("MULTI",), ("INCR", "s"), ("LPUSH", "s", "1"),
              ("SET", "t", "1"), ("EXEC",), ("GET", "t"))
    assert got[-2] == (b"*3\r\n-ERR value is not an integer or out of range\r\n"
                       b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
                       b"+OK\r\n")
    assert got[-1] == b"$1\r\n1\r\n"


@pytest.mark.parametrize("bad,error", [
    (("NOSUCHCMD", "x"), b"-ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \r\n"),
    (("GET",), b"-ERR wrong number of arguments for 'get' command\r\n"),
    (("CLIENT", "NOSUCH"), b"-ERR unknown subcommand 'NOSUCH'. Try CLIENT HELP.\r\n"),
    (("SHUTDOWN",), b"-ERR Command not allowed inside a transaction\r\n"),
])
def test_a_command_rejected_while_queuing_aborts_the_transaction(srv, conn, bad, error):
    got = run(conn, ("MULTI",), ("SET", "k", "v"), bad, ("SET", "j", "v"), ("EXEC",))
    assert got == [b"+OK\r\n", b"+QUEUED\r\n", error, b"+QUEUED\r\n", EXECABORT]
    assert reply(fresh_client(srv), "EXISTS", "k", "j") == 0
    assert conn.command("EXEC") == b"-ERR EXEC without MULTI\r\n"     # MULTI ended


def test_exec_and_discard_without_multi(conn):
    assert conn.command("EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert conn.command("DISCARD") == b"-ERR DISCARD without MULTI\r\n"


def test_nested_multi_is_an_error_that_does_not_abort(conn):
    got = run(conn, ("MULTI",), ("MULTI",), ("SET", "k", "v"), ("EXEC",))
    assert got == [b"+OK\r\n", b"-ERR MULTI calls can not be nested\r\n", b"+QUEUED\r\n",
                   b"*1\r\n+OK\r\n"]


def test_discard_drops_the_queue(srv, conn):
    got = run(conn, ("MULTI",), ("SET", "k", "v"), ("DISCARD",), ("EXISTS", "k"))
    assert got == [b"+OK\r\n", b"+QUEUED\r\n", b"+OK\r\n", b":0\r\n"]


def test_transaction_commands_have_their_arity(conn):
    for name in ("MULTI", "DISCARD", "UNWATCH"):
        assert conn.command(name, "x") == \
            b"-ERR wrong number of arguments for '%s' command\r\n" % name.lower().encode()
    assert conn.command("WATCH") == b"-ERR wrong number of arguments for 'watch' command\r\n"


EXEC_ARITY = (b"-EXECABORT Transaction discarded because of: "
              b"wrong number of arguments for 'exec' command\r\n")


def test_a_refused_exec_aborts_with_its_reason(srv, conn):
    assert conn.command("EXEC", "x") == EXEC_ARITY
    got = run(conn, ("MULTI",), ("SET", "k", "v"), ("EXEC", "x"), ("EXEC",))
    assert got == [b"+OK\r\n", b"+QUEUED\r\n", EXEC_ARITY, b"-ERR EXEC without MULTI\r\n"]
    assert reply(fresh_client(srv), "EXISTS", "k") == 0


def test_select_inside_a_transaction_applies_to_what_follows(srv, conn):
    got = run(conn, ("MULTI",), ("SELECT", "3"), ("SET", "k", "db3"), ("EXEC",), ("GET", "k"))
    assert got[-2] == b"*2\r\n+OK\r\n+OK\r\n"
    assert got[-1] == b"$3\r\ndb3\r\n"
    assert reply(fresh_client(srv), "EXISTS", "k") == 0


def test_quit_inside_multi_closes_and_drops_the_queue(srv, conn):
    conn.send(encode_command("MULTI") + encode_command("SET", "k", "v") + encode_command("QUIT"))
    assert conn.read_until_close() == b"+OK\r\n+QUEUED\r\n+OK\r\n"
    assert reply(fresh_client(srv), "EXISTS", "k") == 0


def test_reset_ends_the_transaction_and_the_watches(srv, conn):
    other = fresh_client(srv)
    got = run(conn, ("WATCH", "w"), ("MULTI",), ("SET", "k", "v"), ("RESET",))
    assert got[-1] == b"+RESET\r\n"
    reply(other, "SET", "w", "changed")
    assert run(conn, ("MULTI",), ("PING",), ("EXEC",))[-1] == b"*1\r\n+PONG\r\n"
    assert reply(other, "EXISTS", "k") == 0


def test_resp3_exec_replies(conn):
    conn.command("HELLO", "3")
    got = run(conn, ("MULTI",), ("HSET", "h", "f", "v"), ("HGETALL", "h"), ("EXEC",))
    assert got[-1] == b"*2\r\n:1\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n"


def test_client_list_shows_the_transaction(srv, conn):
    run(conn, ("CLIENT", "SETNAME", "tx"), ("MULTI",), ("SET", "a", "1"), ("SET", "b", "2"))
    line = [ln for ln in reply(fresh_client(srv), "CLIENT", "LIST").decode().splitlines()
            if "name=tx " in ln][0]
    fields = dict(f.split("=", 1) for f in line.split(" "))
    assert fields["flags"] == "x"
    assert fields["multi"] == "2"
    assert int(fields["multi-mem"]) > 0
    conn.command("DISCARD")
    line = reply(fresh_client(srv), "CLIENT", "LIST").decode()
    fields = dict(f.split("=", 1) for f in [ln for ln in line.splitlines()
                                              if "name=tx " in ln][0].split(" "))
    assert fields["flags"] == "N" and fields["multi"] == "-1"


def test_client_info_inside_exec_names_exec(conn):
    got = run(conn, ("MULTI",), ("CLIENT", "INFO"), ("EXEC",))[-1]
    assert b" flags=x " in got and b" multi=1 " in got and b" cmd=exec " in got


def test_monitor_is_refused_inside_exec(conn):
    got = run(conn, ("MULTI",), ("MONITOR",), ("EXEC",), ("PING",))
    assert got[-2] == b"*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n"
    assert got[-1] == b"+PONG\r\n"


def test_monitor_sees_multi_then_each_command_then_exec(srv, conn):
    with srv.raw() as mon:
        assert mon.command("MONITOR") == b"+OK\r\n"
        run(conn, ("MULTI",), ("SET", "k", "v"), ("INCR", "n"), ("EXEC",))
        lines = []
        while len(lines) < 4:
            lines += [ln for ln in mon.read_replies(1).decode().split("\r\n") if ln]
    names = [ln.split("] ", 1)[1].split(" ")[0] for ln in lines]
    assert names == ['"MULTI"', '"SET"', '"INCR"', '"EXEC"']


def test_commandstats_count_each_queued_command(srv, conn):
    c = fresh_client(srv)
    reply(c, "CONFIG", "RESETSTAT")
    run(conn, ("SET", "s", "x"), ("MULTI",), ("INCR", "s"), ("GET", "s"), ("EXEC",),
        ("MULTI",), ("GET",), ("EXEC",))
    stats = reply(c, "INFO", "commandstats").decode()

    def stat(name):
        line = [ln for ln in stats.splitlines() if ln.startswith("cmdstat_%s:" % name)][0]
        return {k: v for k, v in (p.split("=") for p in line.split(":", 1)[1].split(","))}
    assert stat("incr")["calls"] == "1" and stat("incr")["failed_calls"] == "1"
    assert stat("get")["calls"] == "1" and stat("get")["rejected_calls"] == "1"
    assert stat("exec")["calls"] == "2"
    assert stat("exec")["failed_calls"] == "1"        # the EXECABORT, not INCR's error
    errors = reply(c, "INFO", "errorstats").decode()
    assert "errorstat_EXECABORT:count=1" in errors


# ---- WATCH ------------------------------------------------------------------------

def watched_exec(conn, *commands):
    """MULTI, the commands (default PING), EXEC: EXEC's raw reply."""
    commands = commands or (("PING",),)
    return run(conn, ("MULTI",), *commands, ("EXEC",))[-1]


def test_exec_runs_when_no_watched_key_changed(conn):
    run(conn, ("SET", "x", "1"), ("WATCH", "x", "y"), ("WATCH", "z"))
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"


def test_a_watched_key_changed_by_another_client_fails_exec(srv, conn):
    other = fresh_client(srv)
    run(conn, ("SET", "x", "1"), ("WATCH", "a", "x", "b"))
    reply(other, "SET", "x", "2")
    assert watched_exec(conn, ("SET", "x", "3")) == b"*-1\r\n"
    assert reply(other, "GET", "x") == b"2"


def test_a_change_by_the_watcher_itself_also_counts(conn):
    run(conn, ("WATCH", "x"), ("SET", "x", "mine"))
    assert watched_exec(conn) == b"*-1\r\n"


def test_creating_a_watched_missing_key_fails_exec(srv, conn):
    other = fresh_client(srv)
    conn.command("WATCH", "new")
    reply(other, "LPUSH", "new", "a")
    assert watched_exec(conn) == b"*-1\r\n"


def test_resp3_failed_exec_is_a_null(srv, conn):
    other = fresh_client(srv)
    conn.command("HELLO", "3")
    conn.command("WATCH", "x")
    reply(other, "SET", "x", "2")
    assert watched_exec(conn) == b"_\r\n"


def test_exec_and_discard_and_unwatch_forget_the_watches(srv, conn):
    other = fresh_client(srv)
    for end in (("EXEC",), ("DISCARD",)):
        conn.command("WATCH", "x")
        run(conn, ("MULTI",), end)
        reply(other, "SET", "x", "again")
        assert watched_exec(conn) == b"*1\r\n+PONG\r\n"
    run(conn, ("WATCH", "x"), ("UNWATCH",))
    reply(other, "SET", "x", "again")
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"


def test_unwatch_clears_an_already_dirty_watch(srv, conn):
    other = fresh_client(srv)
    conn.command("WATCH", "x")
    reply(other, "SET", "x", "2")
    conn.command("UNWATCH")
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"


def test_watch_inside_multi_is_an_error_that_does_not_abort(conn):
    got = run(conn, ("MULTI",), ("WATCH", "x"), ("EXEC",))
    assert got == [b"+OK\r\n", b"-ERR WATCH inside MULTI is not allowed\r\n", b"*0\r\n"]


def test_watch_is_per_database(srv, conn):
    other = fresh_client(srv)
    run(conn, ("SELECT", "2"), ("WATCH", "x"))
    reply(other, "SET", "x", "in db 0")
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"
    conn.command("WATCH", "x")
    reply(other, "SELECT", "2")
    reply(other, "SET", "x", "in db 2")
    assert watched_exec(conn) == b"*-1\r\n"


def test_the_dirty_flag_shows_in_client_list(srv, conn):
    run(conn, ("CLIENT", "SETNAME", "w"), ("WATCH", "x"))
    other = fresh_client(srv)
    reply(other, "SET", "x", "1")
    line = [ln for ln in reply(other, "CLIENT", "LIST").decode().splitlines()
            if " name=w " in ln][0]
    assert " flags=d " in line


@pytest.mark.parametrize("flush", [("FLUSHALL",), ("FLUSHDB",), ("FLUSHALL", "ASYNC")])
def test_flushing_a_watched_key_fails_exec(srv, conn, flush):
    other = fresh_client(srv)
    run(conn, ("SET", "x", "1"), ("WATCH", "x"))
    reply(other, *flush)
    assert watched_exec(conn) == b"*-1\r\n"


def test_flushing_leaves_a_watch_on_a_missing_key_alone(srv, conn):
    other = fresh_client(srv)
    run(conn, ("SET", "other", "1"), ("WATCH", "x"))
    reply(other, "FLUSHALL")
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"


def test_flushing_another_database_leaves_the_watch_alone(srv, conn):
    other = fresh_client(srv)
    run(conn, ("SET", "x", "1"), ("WATCH", "x"))
    reply(other, "SELECT", "1")
    reply(other, "FLUSHDB")
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"


@pytest.mark.parametrize("here,there,fails", [
    (True, False, True), (False, True, True), (True, True, True), (False, False, False)])
def test_swapdb_fails_exec_when_the_watched_key_exists_on_either_side(srv, conn, here, there,
                                                                       fails):
    other = fresh_client(srv)
    if here:
        reply(other, "SET", "x", "db0")
    if there:
        reply(other, "SELECT", "1")
        reply(other, "SET", "x", "db1")
    reply(other, "SET", "unrelated", "1")
    conn.command("WATCH", "x")
    reply(other, "SWAPDB", "0", "1")
    assert watched_exec(conn) == (b"*-1\r\n" if fails else b"*1\r\n+PONG\r\n")


def test_a_watched_key_that_expires_before_exec_fails_it(conn):
    run(conn, ("SET", "x", "1", "PX", "300"), ("WATCH", "x"))
    time.sleep(0.4)
    assert watched_exec(conn) == b"*-1\r\n"


@pytest.fixture
def expired_when_watched(srv, conn):
    """x expired (active expiry off, so it is still stored) before conn
    WATCHes it; yields another client."""
    other = fresh_client(srv)
    reply(other, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        run(conn, ("SET", "x", "1", "PX", "1"))
        time.sleep(0.02)
        conn.command("WATCH", "x")
        yield other
    finally:
        reply(other, "DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_a_key_already_expired_when_watched_does_not_fail_exec(conn, expired_when_watched):
    assert reply(expired_when_watched, "GET", "x") is None      # deleted by lazy expiry now
    assert watched_exec(conn) == b"*1\r\n+PONG\r\n"


def test_an_expired_watched_key_set_again_fails_exec(conn, expired_when_watched):
    reply(expired_when_watched, "SET", "x", "new")
    assert watched_exec(conn) == b"*-1\r\n"


def test_cas_increment_with_watch(srv, conn):
    other = fresh_client(srv)
    reply(other, "SET", "counter", "10")
    conn.command("WATCH", "counter")
    value = int(conn.command("GET", "counter").split(b"\r\n")[1])
    reply(other, "INCR", "counter")                      # a racing writer wins
    assert watched_exec(conn, ("SET", "counter", str(value + 1))) == b"*-1\r\n"
    conn.command("WATCH", "counter")
    value = int(conn.command("GET", "counter").split(b"\r\n")[1])
    assert watched_exec(conn, ("SET", "counter", str(value + 1))) == b"*1\r\n+OK\r\n"
    assert reply(other, "GET", "counter") == b"12"


# ---- blocking commands inside MULTI ---------------------------------------------

BLOCKING = [
    ("BLPOP", "l", "0"), ("BRPOP", "l", "0"), ("BLMPOP", "0", "1", "l", "LEFT"),
    ("BLMOVE", "l", "d", "LEFT", "RIGHT", "0"), ("BRPOPLPUSH", "l", "d", "0"),
    ("BZPOPMIN", "z", "0"), ("BZPOPMAX", "z", "0"), ("BZMPOP", "0", "1", "z", "MIN"),
]


@pytest.mark.parametrize("resp", ["2", "3"])
@pytest.mark.parametrize("cmd", BLOCKING, ids=[c[0] for c in BLOCKING])
def test_blocking_commands_inside_multi_answer_at_once(conn, cmd, resp):
    conn.command("HELLO", resp)
    got = run(conn, ("MULTI",), cmd, ("EXEC",))[-1]
    null = b"_\r\n" if resp == "3" else (b"$-1\r\n" if cmd[0] in ("BLMOVE", "BRPOPLPUSH")
                                          else b"*-1\r\n")
    assert got == b"*1\r\n" + null
    assert conn.command("PING") in (b"+PONG\r\n",)


def test_blocking_commands_inside_multi_still_serve_data(conn):
    got = run(conn, ("RPUSH", "l", "a", "b"), ("MULTI",), ("BLPOP", "l", "0"),
              ("BLMOVE", "l", "d", "LEFT", "RIGHT", "0"), ("EXEC",))[-1]
    assert got == b"*2\r\n*2\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\nb\r\n"


def blocked_count(c):
    info = reply(c, "INFO", "clients").decode()
    return int(info.split("blocked_clients:")[1].split("\r\n")[0])


def test_a_key_pushed_and_deleted_in_one_exec_wakes_nobody(srv, conn):
    other = fresh_client(srv)
    waiter = Background(srv, "BLPOP", "q", "0")
    wait_for(lambda: blocked_count(other) == 1)
    got = watched_exec(conn, ("LPUSH", "q", "a"), ("DEL", "q"))
    assert got == b"*2\r\n:1\r\n:1\r\n"
    time.sleep(0.1)
    assert not waiter.done.is_set()
    reply(other, "LPUSH", "q", "b")
    assert waiter.finish() == b"*2\r\n$1\r\nq\r\n$1\r\nb\r\n"


def test_a_waiter_is_served_after_the_whole_transaction(srv, conn):
    other = fresh_client(srv)
    waiter = Background(srv, "BLPOP", "q", "0")
    wait_for(lambda: blocked_count(other) == 1)
    got = watched_exec(conn, ("LPUSH", "q", "a"), ("LPUSH", "q", "b"), ("LLEN", "q"))
    assert got == b"*3\r\n:1\r\n:2\r\n:2\r\n"            # nothing was served in between
    assert waiter.finish() == b"*2\r\n$1\r\nq\r\n$1\r\nb\r\n"
    assert reply(other, "LRANGE", "q", "0", "-1") == [b"a"]


def test_a_key_replaced_by_another_type_in_one_exec_wakes_nobody(srv, conn):
    other = fresh_client(srv)
    waiter = Background(srv, "BLPOP", "q", "0")
    wait_for(lambda: blocked_count(other) == 1)
    watched_exec(conn, ("LPUSH", "q", "a"), ("SET", "q", "string"))
    time.sleep(0.1)
    assert not waiter.done.is_set()
    reply(other, "DEL", "q")
    reply(other, "RPUSH", "q", "x")
    assert waiter.finish() == b"*2\r\n$1\r\nq\r\n$1\r\nx\r\n"


# ---- with CLIENT PAUSE and maxmemory ----------------------------------------------

def test_pause_write_holds_back_an_exec_with_writes_only(srv, conn):
    other = fresh_client(srv)
    run(conn, ("MULTI",), ("GET", "k"), ("EXEC",))
    assert reply(other, "CLIENT", "PAUSE", "10000", "WRITE") == b"OK"
    try:
        got = run(conn, ("MULTI",), ("GET", "k"), ("EXEC",))
        assert got[-1] == b"*1\r\n$-1\r\n"                # reads only: runs
        conn.send(encode_command("MULTI") + encode_command("GET", "k"))
        assert conn.read_replies(2) == b"+OK\r\n+QUEUED\r\n"
        writer = Background(srv, "SET", "k", "v")          # held back
        time.sleep(0.1)
        assert not writer.done.is_set()
        assert reply(other, "CLIENT", "UNPAUSE") == b"OK"
        assert writer.finish() == b"+OK\r\n"
        assert conn.command("EXEC") == b"*1\r\n$1\r\nv\r\n"
    finally:
        reply(other, "CLIENT", "UNPAUSE")


def test_out_of_memory_refuses_queuing_and_aborts(srv, conn):
    other = fresh_client(srv)
    reply(other, "SET", "filler", "x" * 1000)
    old = reply(other, "CONFIG", "GET", "maxmemory")[1]
    policy = reply(other, "CONFIG", "GET", "maxmemory-policy")[1]
    conn.command("MULTI")
    reply(other, "CONFIG", "SET", "maxmemory-policy", "noeviction")
    reply(other, "CONFIG", "SET", "maxmemory", "1")
    try:
        got = run(conn, ("GET", "filler"), ("EXEC",))
        assert got == [b"-OOM command not allowed when used memory > 'maxmemory'.\r\n",
                       EXECABORT]
    finally:
        reply(other, "CONFIG", "SET", "maxmemory", old)
        reply(other, "CONFIG", "SET", "maxmemory-policy", policy)


# ---- memory ----------------------------------------------------------------------

def used_memory(c):
    info = reply(c, "INFO", "memory").decode()
    return int(info.split("used_memory:")[1].split("\r\n")[0])


@pytest.mark.parametrize("ending", ["DISCARD", "EXEC-abort", "close"])
def test_a_dropped_queue_and_its_watches_give_their_memory_back(srv, ending):
    # 2 MB queued and 5000 keys watched, then dropped: used_memory must
    # come back to within a fraction of that. A first round of watches sizes
    # the database's watched-keys table, which (as in Redis) is kept.
    observer = fresh_client(srv)
    watch = encode_command("WATCH", *["w%d" % i for i in range(5000)])
    with srv.raw() as c:
        assert c.request(watch) == b"+OK\r\n"
    before = used_memory(observer)
    with srv.raw() as c:
        assert c.request(watch) == b"+OK\r\n"
        c.send(encode_command("MULTI") + b"".join(
            encode_command("SET", "k%d" % i, "v" * 1000) for i in range(2000)))
        c.read_replies(2001)
        assert used_memory(observer) > before + 2_000_000
        if ending == "DISCARD":
            assert c.command("DISCARD") == b"+OK\r\n"
        elif ending == "EXEC-abort":
            c.command("NOSUCH")
            assert c.command("EXEC") == EXECABORT
    assert wait_for(lambda: used_memory(observer) < before + 300_000), (before,
                                                                        used_memory(observer))
    assert reply(observer, "DBSIZE") == 0
