"""Hypothesis sequences mixing every type over the same few keys, on our
server and on the oracle: strings, lists, hashes, sets and sorted sets
created, converted (small thresholds), overwritten, copied, renamed and
popped (blocking pops that find data included), so WRONGTYPE, emptied keys
and encodings are exercised across types. Every reply must match; OBJECT
ENCODING too.

Only deterministic commands are generated (no random members, no SCAN
cursors of hash tables, no unordered replies without sorting them).
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import reply

KEYS = ["k1", "k2", "k3"]
key = st.sampled_from(KEYS)
member = st.sampled_from(["a", "b", "c", "1", "2", "300", "-5", "x" * 20])
score = st.sampled_from(["0", "1", "2.5", "-1", "inf", "-inf", "1e3"])
count = st.sampled_from(["1", "2", "5", "0", "-1"])


def cmd(*parts):
    return st.tuples(*[p if isinstance(p, st.SearchStrategy) else st.just(p) for p in parts])


def many(strategy, lo=1, hi=3):
    return st.lists(strategy, min_size=lo, max_size=hi).map(tuple)


command = st.one_of(
    # strings and keyspace
    cmd("SET", key, member), cmd("GET", key), cmd("APPEND", key, member), cmd("INCR", key),
    cmd("DEL", key), cmd("TYPE", key), cmd("EXISTS", key), cmd("OBJECT", "ENCODING", key),
    cmd("COPY", key, key), cmd("COPY", key, key, "REPLACE"), cmd("RENAME", key, key),
    cmd("MEMORY", "USAGE", "nosuchkey"),
    # lists
    st.tuples(st.just("RPUSH"), key).flatmap(lambda t: many(member).map(lambda m: t + m)),
    st.tuples(st.just("LPUSH"), key).flatmap(lambda t: many(member).map(lambda m: t + m)),
    cmd("LPOP", key), cmd("RPOP", key, count), cmd("LRANGE", key, "0", "-1"), cmd("LLEN", key),
    cmd("LMOVE", key, key, "LEFT", "RIGHT"), cmd("BLPOP", key, key, "0.001"),
    cmd("LREM", key, "0", member), cmd("LINDEX", key, "-1"),
    # hashes
    st.tuples(st.just("HSET"), key).flatmap(
        lambda t: many(st.tuples(member, member)).map(lambda ps: t + tuple(x for p in ps for x in p))),
    cmd("HGET", key, member), cmd("HDEL", key, member), cmd("HLEN", key),
    cmd("HINCRBY", key, member, "3"), cmd("HEXISTS", key, member), cmd("HSTRLEN", key, member),
    # sets
    st.tuples(st.just("SADD"), key).flatmap(lambda t: many(member).map(lambda m: t + m)),
    cmd("SREM", key, member), cmd("SCARD", key), cmd("SISMEMBER", key, member),
    cmd("SMOVE", key, key, member), cmd("SINTERSTORE", key, key, key),
    cmd("SUNIONSTORE", key, key, key), cmd("SDIFFSTORE", key, key, key),
    # sorted sets
    st.tuples(st.just("ZADD"), key).flatmap(
        lambda t: many(st.tuples(score, member)).map(lambda ps: t + tuple(x for p in ps for x in p))),
    cmd("ZINCRBY", key, score, member), cmd("ZREM", key, member), cmd("ZCARD", key),
    cmd("ZRANGE", key, "0", "-1", "WITHSCORES"), cmd("ZPOPMIN", key), cmd("ZSCORE", key, member),
    cmd("ZUNIONSTORE", key, "2", key, key), cmd("ZINTERSTORE", key, "2", key, key, "AGGREGATE", "MAX"),
    cmd("BZPOPMAX", key, "0.001"),
)

# Unordered replies are compared sorted.
UNORDERED = {"SMEMBERS", "HKEYS", "HVALS", "HGETALL"}


def normalize(args, got):
    if args[0] in UNORDERED and isinstance(got, list):
        return sorted(got)
    return got


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(command, min_size=1, max_size=30))
def test_mixed_type_sequences_match_the_oracle(both, commands):
    ours, oracle = both
    for c in (ours, oracle):
        reply(c, "FLUSHALL")
        # Small thresholds, so conversions happen within a few commands.
        for name, value in (("hash-max-listpack-entries", "3"), ("set-max-intset-entries", "3"),
                            ("zset-max-listpack-entries", "3"), ("list-max-listpack-size", "2")):
            reply(c, "CONFIG", "SET", name, value)
    try:
        history = []
        for args in commands:
            got = normalize(args, reply(ours, *args))
            want = normalize(args, reply(oracle, *args))
            history.append((args, want))
            assert got == want, "after %s\n%r: ours %r, oracle %r" % (
                "\n".join("  %r -> %r" % h for h in history[:-1]) or "  (nothing)",
                args, got, want)
        for k in KEYS:
            assert reply(ours, "TYPE", k) == reply(oracle, "TYPE", k)
            assert reply(ours, "OBJECT", "ENCODING", k) == reply(oracle, "OBJECT", "ENCODING", k)
    finally:
        for c in (ours, oracle):
            for name, value in (("hash-max-listpack-entries", "512"), ("set-max-intset-entries", "512"),
                                ("zset-max-listpack-entries", "128"), ("list-max-listpack-size", "-2")):
                reply(c, "CONFIG", "SET", name, value)
