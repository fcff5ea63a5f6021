"""Hypothesis-generated sequences of hash commands (with some keyspace and
string commands mixed in) over a few keys, run on our server and on the
oracle with small listpack limits so that conversions happen; every reply
must match, errors and OBJECT ENCODING included.

Replies whose order depends on the hash table (HGETALL, HKEYS, HVALS of a
hashtable) are compared sorted; random replies (HRANDFIELD) by their length,
or sorted when they are the whole hash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import reply

KEYS = ["a", "b", "c"]
LIMITS = {"hash-max-listpack-entries": ("6", "512"), "hash-max-listpack-value": ("8", "64")}

key = st.sampled_from(KEYS)
field = st.one_of(st.sampled_from(["f", "g", "h", "1", "-2", "007", "", "long-field-name"]),
                  st.integers(0, 12).map(lambda i: "x%d" % i))
value = st.one_of(
    st.sampled_from(["0", "1", "-1", "10", "9223372036854775807", "-9223372036854775808",
                     "1.5", "-0.25", "3e2", "abc", "", " 1", "0x10", "hello world",
                     "12345678", "123456789", "inf", "007"]),
    st.integers(-1000, 1000).map(str),
    st.text(alphabet="abcxyz012", max_size=10),
)
int_arg = st.one_of(st.sampled_from(["0", "1", "-1", "abc", "1.5", "9223372036854775807",
                                     "-9223372036854775808"]),
                    st.integers(-50, 50).map(str))
float_arg = st.sampled_from(["0.1", "1.5", "-2.5", "1e3", "abc", "inf", "0", "-0.1", "3",
                             "0.0000001"])
count_arg = st.sampled_from(["-3", "-1", "0", "1", "2", "5", "100", "x"])


def cmd(*parts):
    return st.tuples(*[p if isinstance(p, st.SearchStrategy) else st.just(p) for p in parts])


pairs_ = st.lists(st.tuples(field, value), min_size=1, max_size=4).map(
    lambda ps: tuple(x for p in ps for x in p))
fields = st.lists(field, min_size=1, max_size=4).map(tuple)

command = st.one_of(
    st.tuples(st.just("HSET"), key).flatmap(lambda t: pairs_.map(lambda p: t + p)),
    st.tuples(st.just("HMSET"), key).flatmap(lambda t: pairs_.map(lambda p: t + p)),
    cmd("HSET", key, field), cmd("HSETNX", key, field, value),
    cmd("HGET", key, field), cmd("HEXISTS", key, field), cmd("HSTRLEN", key, field),
    st.tuples(st.just("HMGET"), key).flatmap(lambda t: fields.map(lambda f: t + f)),
    st.tuples(st.just("HDEL"), key).flatmap(lambda t: fields.map(lambda f: t + f)),
    cmd("HLEN", key), cmd("HKEYS", key), cmd("HVALS", key), cmd("HGETALL", key),
    cmd("HINCRBY", key, field, int_arg), cmd("HINCRBYFLOAT", key, field, float_arg),
    cmd("HRANDFIELD", key), cmd("HRANDFIELD", key, count_arg),
    cmd("HRANDFIELD", key, count_arg, "WITHVALUES"),
    cmd("HSCAN", key, "0", "COUNT", "1000"),
    cmd("HSCAN", key, "0", "MATCH", st.sampled_from(["x*", "?", "*"]), "COUNT", "1000"),
    cmd("OBJECT", "ENCODING", key), cmd("TYPE", key), cmd("EXISTS", key),
    cmd("DEL", key), cmd("COPY", key, key), cmd("RENAME", key, key),
    cmd("SET", key, value), cmd("GET", key),
)


def normalize(args, got, hash_size):
    name = args[0]
    if name == "HRANDFIELD" and isinstance(got, bytes):
        return "a field"
    if not isinstance(got, list):
        return got
    if name in ("HKEYS", "HVALS"):
        return sorted(got)
    if name == "HGETALL":
        return sorted(zip(got[::2], got[1::2]))
    if name == "HSCAN":
        return [got[0], sorted(zip(got[1][::2], got[1][1::2]))]
    if name == "HRANDFIELD":
        count = int(args[2])
        if count >= hash_size:
            if len(args) == 4:
                return sorted(zip(got[::2], got[1::2]))
            return sorted(got)
        return len(got)
    return got


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(command, min_size=1, max_size=30))
def test_random_hash_command_sequences_match_the_oracle(both, commands):
    ours, oracle = both
    for c in (ours, oracle):
        reply(c, "FLUSHALL")
        for name, (small, _) in LIMITS.items():
            reply(c, "CONFIG", "SET", name, small)
    history = []
    try:
        for args in commands:
            size = reply(oracle, "HLEN", args[1]) if len(args) > 1 else 0
            size = size if isinstance(size, int) else 0
            got = normalize(args, reply(ours, *args), size)
            want = normalize(args, reply(oracle, *args), size)
            history.append((args, want))
            assert got == want, "after %s\n%r: ours %r, oracle %r" % (
                "\n".join("  %r -> %r" % h for h in history[:-1]) or "  (nothing)",
                args, got, want)
        for k in KEYS:
            state = [reply(c, "TYPE", k) for c in (ours, oracle)]
            assert state[0] == state[1]
            if state[0] == b"hash":
                assert normalize(("HGETALL",), reply(ours, "HGETALL", k), 0) == \
                    normalize(("HGETALL",), reply(oracle, "HGETALL", k), 0)
                assert reply(ours, "OBJECT", "ENCODING", k) == reply(
                    oracle, "OBJECT", "ENCODING", k)
    finally:
        for c in (ours, oracle):
            for name, (_, default) in LIMITS.items():
                reply(c, "CONFIG", "SET", name, default)
