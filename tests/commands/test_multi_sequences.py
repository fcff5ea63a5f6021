"""Hypothesis-generated interleavings of two clients using MULTI, EXEC,
DISCARD, WATCH and UNWATCH around ordinary writes and reads, run on our
server and on the oracle; every reply must match (QUEUED, EXECABORT, the
null of a failed EXEC, errors inside EXEC's array) and so must the data
left behind.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import make_client, reply

KEYS = ["a", "b", "l"]

key = st.sampled_from(KEYS)
value = st.sampled_from(["1", "2", "x", "-5"])
client = st.sampled_from([0, 1])


def cmd(*parts):
    return st.tuples(*[p if isinstance(p, st.SearchStrategy) else st.just(p) for p in parts])


command = st.one_of(
    cmd("MULTI"), cmd("EXEC"), cmd("DISCARD"), cmd("UNWATCH"),
    cmd("WATCH", key), cmd("WATCH", key, key),
    cmd("SET", key, value), cmd("INCR", key), cmd("GET", key), cmd("DEL", key),
    cmd("APPEND", key, value), cmd("LPUSH", key, value), cmd("RPOP", key), cmd("LLEN", key),
    cmd("SADD", key, value), cmd("EXPIRE", key, "100"), cmd("PERSIST", key),
    cmd("BLPOP", key, "0.01"), cmd("BRPOPLPUSH", key, key, "0.01"),
    cmd("SELECT", st.sampled_from(["0", "1"])), cmd("FLUSHDB"), cmd("SWAPDB", "0", "1"),
    cmd("GET"), cmd("NOSUCH", key), cmd("EXEC", "x"), cmd("MULTI", "x"),
)
step = st.tuples(client, command)


def final_state(c):
    state = []
    for db in ("0", "1"):
        reply(c, "SELECT", db)
        for k in KEYS:
            t = reply(c, "TYPE", k)
            if t == b"string":
                v = reply(c, "GET", k)
            elif t == b"list":
                v = reply(c, "LRANGE", k, "0", "-1")
            elif t == b"set":
                v = sorted(reply(c, "SMEMBERS", k))
            else:
                v = None
            state.append((db, k, t, v))
    return state


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=40))
def test_random_transactions_of_two_clients_match_the_oracle(both, steps):
    pairs = []
    for c in both:
        port = c.connection_pool.connection_kwargs["port"]
        pairs.append([make_client(port), make_client(port)])
    try:
        reply(pairs[0][0], "FLUSHALL")
        reply(pairs[1][0], "FLUSHALL")
        history = []
        for who, args in steps:
            got = reply(pairs[0][who], *args)
            want = reply(pairs[1][who], *args)
            history.append((who, args, want))
            assert got == want, "after\n%s\nclient %d %r: ours %r, oracle %r" % (
                "\n".join("  %d %r -> %r" % h for h in history[:-1]) or "  (nothing)",
                who, args, got, want)
        for conns in pairs:                 # end any open transaction alike
            for c in conns:
                reply(c, "RESET")
        assert final_state(pairs[0][0]) == final_state(pairs[1][0]), history
    finally:
        for conns in pairs:
            for c in conns:
                c.close()
