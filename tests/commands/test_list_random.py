"""Hypothesis-generated sequences of list commands over three keys, run on our
server and on the oracle under random node sizes and compress depths;
every reply must match, errors included, and so must the final lists."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import reply

KEYS = ["a", "b", "c"]

key = st.sampled_from(KEYS)
value = st.one_of(
    st.sampled_from(["0", "1", "-1", "007", "9223372036854775807", "-9223372036854775808",
                     "9223372036854775808", "", "x", "hello world", "a" * 63, "b" * 64,
                     "c" * 300, "d" * 5000]),
    st.integers(-300, 300).map(str),
    st.text(alphabet="abcxyz", min_size=1, max_size=3),
)
values = st.lists(value, min_size=1, max_size=6)
index = st.one_of(st.integers(-12, 12).map(str),
                  st.sampled_from(["9223372036854775807", "-9223372036854775808", "x"]))
count = st.one_of(st.integers(-4, 6).map(str), st.sampled_from(["x", "9223372036854775807"]))
end = st.sampled_from(["LEFT", "RIGHT", "left", "UP"])


def cmd(*parts):
    return st.tuples(*[p if isinstance(p, st.SearchStrategy) else st.just(p) for p in parts])


def with_values(name):
    return st.tuples(st.just(name), key).flatmap(lambda t: values.map(lambda v: t + tuple(v)))


lpos_options = st.lists(st.sampled_from([
    ("RANK", "1"), ("RANK", "-1"), ("RANK", "2"), ("RANK", "-3"), ("RANK", "0"),
    ("COUNT", "0"), ("COUNT", "1"), ("COUNT", "3"), ("MAXLEN", "0"), ("MAXLEN", "2"),
    ("MAXLEN", "5"), ("COUNT", "-1"),
]), max_size=3).map(lambda opts: tuple(x for o in opts for x in o))

command = st.one_of(
    with_values("LPUSH"), with_values("RPUSH"), with_values("LPUSHX"), with_values("RPUSHX"),
    cmd("LPOP", key), cmd("RPOP", key), cmd("LPOP", key, count), cmd("RPOP", key, count),
    cmd("LLEN", key), cmd("LINDEX", key, index), cmd("LRANGE", key, index, index),
    cmd("LSET", key, index, value), cmd("LTRIM", key, index, index),
    cmd("LREM", key, count, value),
    cmd("LINSERT", key, st.sampled_from(["BEFORE", "AFTER", "MIDDLE"]), value, value),
    st.tuples(st.just("LPOS"), key, value).flatmap(lambda t: lpos_options.map(lambda o: t + o)),
    cmd("LMOVE", key, key, end, end), cmd("RPOPLPUSH", key, key),
    cmd("LMPOP", "2", key, key, end), cmd("LMPOP", "3", key, key, key, end, "COUNT", count),
    cmd("SET", key, value), cmd("DEL", key), cmd("TYPE", key), cmd("COPY", key, key),
    cmd("OBJECT", "ENCODING", key),
)

layout = st.tuples(st.sampled_from(["-2", "-1", "1", "2", "3", "5"]),
                   st.sampled_from(["0", "1", "2"]))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(layout, st.lists(command, min_size=1, max_size=40))
def test_random_list_commands_match_the_oracle(both, layout, commands):
    ours, oracle = both
    fill, depth = layout
    for c in (ours, oracle):
        reply(c, "FLUSHALL")
        reply(c, "CONFIG", "SET", "list-max-listpack-size", fill)
        reply(c, "CONFIG", "SET", "list-compress-depth", depth)
    try:
        history = []
        for args in commands:
            got = reply(ours, *args)
            want = reply(oracle, *args)
            history.append((args, want))
            assert got == want, "after %s\n%r: ours %r, oracle %r" % (
                "\n".join("  %r -> %r" % h for h in history[:-1]) or "  (nothing)",
                args, got, want)
        for k in KEYS:
            assert reply(ours, "TYPE", k) == reply(oracle, "TYPE", k)
            if reply(oracle, "TYPE", k) == b"list":
                assert reply(ours, "LRANGE", k, "0", "-1") == reply(oracle, "LRANGE", k, "0", "-1")
    finally:
        for c in (ours, oracle):
            reply(c, "CONFIG", "SET", "list-max-listpack-size", "-2")
            reply(c, "CONFIG", "SET", "list-compress-depth", "0")
