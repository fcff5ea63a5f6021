"""Hypothesis-generated sequences of set commands mixed with member
expiries, run on our server and checked against a model (there is no
oracle: redis-server has no EXPIREMEMBER). Expiry times are either far in
the future or already past, so the model needs no clock: a past time
removes the member at once, a future one only shows in TTL (as "set")."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import Err, reply
from keydb_only import k  # noqa: F401  (fixture)

SETS = ["a", "b"]
FUTURE = "9999999999999"
START = ["1", "2", "x"]         # the members of "a" and "b" at the start
UNSUPPORTED = Err("ERR object type is unsupported")

# Mostly one key and few members, so that members with expiries are often
# removed, moved and added back.
key = st.sampled_from(["a"] * 4 + ["b"] * 2 + ["str", "nokey"])
member = st.sampled_from(["1", "2", "x"])
members = st.lists(member, min_size=1, max_size=3)


def cmd(*parts):
    return st.tuples(*[p if isinstance(p, st.SearchStrategy) else st.just(p) for p in parts])


sadd = members.flatmap(lambda ms: key.map(lambda kk: ("SADD", kk) + tuple(ms)))
expire_later = st.one_of(cmd("PEXPIREMEMBERAT", key, member, FUTURE),
                         cmd("EXPIREMEMBER", key, member, "1000"))
srem = members.flatmap(lambda ms: key.map(lambda kk: ("SREM", kk) + tuple(ms)))
smove = cmd("SMOVE", key, key, member)
spop = cmd("SPOP", key)
command = st.one_of(
    sadd, sadd, sadd, expire_later, expire_later, expire_later, srem, srem, smove, smove,
    spop, spop, cmd("SPOP", key, "100"),
    cmd("PEXPIREMEMBERAT", key, member, "1"), cmd("EXPIREMEMBER", key, member, "-1", "ms"),
    cmd("PERSIST", key, member), cmd("TTL", key, member), cmd("SMEMBERS", key),
    cmd("DEL", key), cmd("RENAME", key, key), cmd("COPY", key, key, "REPLACE"),
    cmd("SINTERSTORE", key, key), cmd("SET", key, "v"),
)


class Model:
    """key -> {member: has an expiry} for sets, or the string "string"."""

    def __init__(self):
        self.keys = {"str": "string", "a": dict.fromkeys(START, False),
                     "b": dict.fromkeys(START, False)}

    def drop_if_empty(self, k):
        if self.keys.get(k) == {}:
            del self.keys[k]

    def apply(self, args, got):
        # got: the server's reply, for SPOP's random choice only.
        name = args[0]
        v = self.keys.get(args[1])
        wrong = isinstance(v, str)
        if name == "SADD":
            if wrong:
                return "WRONGTYPE"
            s = self.keys.setdefault(args[1], {})
            added = 0
            for m in args[2:]:
                if m not in s:
                    s[m] = False
                    added += 1
            return added
        if name == "SREM":
            if v is None:
                return 0
            if wrong:
                return "WRONGTYPE"
            removed = 0
            for m in dict.fromkeys(args[2:]):
                if m in v:
                    del v[m]
                    removed += 1
            self.drop_if_empty(args[1])
            return removed
        if name == "SMOVE":
            src, dst, m = args[1:]
            d = self.keys.get(dst)
            if v is None:
                return 0
            if wrong or isinstance(d, str):
                return "WRONGTYPE"
            if src == dst:
                return int(m in v)
            if m not in v:
                return 0
            del v[m]
            self.drop_if_empty(src)
            self.keys.setdefault(dst, {}).setdefault(m, False)
            return 1
        if name == "SPOP" and len(args) == 2:
            if v is None:
                return None
            if wrong:
                return "WRONGTYPE"
            assert isinstance(got, bytes) and got.decode() in v, got
            del v[got.decode()]
            self.drop_if_empty(args[1])
            return got
        if name == "SPOP":
            if v is None:
                return []
            if wrong:
                return "WRONGTYPE"
            del self.keys[args[1]]
            return sorted(v)
        if name in ("PEXPIREMEMBERAT", "EXPIREMEMBER"):
            m = args[2]
            past = args[3] in ("1", "-1")
            if v is None:
                return 0
            if wrong:
                return "UNSUPPORTED"
            if m not in v:
                return 0
            if past:
                del v[m]
                self.drop_if_empty(args[1])
            else:
                v[m] = True
            return 1
        if name == "PERSIST":
            if v is None:
                return 0
            if wrong or not v.get(args[2]):
                return 0
            v[args[2]] = False
            return 1
        if name == "TTL":
            if v is None:
                return -2
            return "set" if not wrong and v.get(args[2]) else -1
        if name == "SMEMBERS":
            if wrong:
                return "WRONGTYPE"
            return sorted(v or {})
        if name == "DEL":
            return int(self.keys.pop(args[1], None) is not None)
        if name == "RENAME":
            if v is None:
                return "NOKEY"
            if args[1] != args[2]:
                self.keys[args[2]] = self.keys.pop(args[1])
            return "OK"
        if name == "COPY":
            if args[1] == args[2]:
                return "SAME"
            if v is None:
                return 0
            self.keys[args[2]] = v if wrong else dict(v)
            return 1
        if name == "SINTERSTORE":
            src = self.keys.get(args[2])
            if isinstance(src, str):
                return "WRONGTYPE"
            self.keys.pop(args[1], None)
            if src:
                self.keys[args[1]] = {m: False for m in src}
            return len(src or {})
        if name == "SET":
            self.keys[args[1]] = "string"
            return "OK"
        raise AssertionError(name)


def normalize(args, got):
    if isinstance(got, Err):
        for word, text in (("WRONGTYPE", "WRONGTYPE"), ("UNSUPPORTED", "unsupported"),
                           ("NOKEY", "no such key"), ("SAME", "are the same")):
            if text in got:
                return word
        return got
    if got == b"OK":
        return "OK"
    if args[0] == "TTL" and isinstance(got, int) and got >= 0:
        return "set"
    if args[0] in ("SMEMBERS", "SPOP") and isinstance(got, list):
        return sorted(m.decode() for m in got)
    return got


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(command, min_size=20, max_size=60))
def test_member_expiry_sequences_follow_the_model(k, commands):
    reply(k, "FLUSHALL")
    reply(k, "SET", "str", "v")
    reply(k, "SADD", "a", *START)
    reply(k, "SADD", "b", *START)
    model = Model()
    history = []
    for args in commands:
        got = normalize(args, reply(k, *args))
        want = model.apply(args, got)
        history.append((args, want))
        assert got == want, "after %s\n%r: got %r, model %r" % (
            "\n".join("  %r -> %r" % h for h in history[:-1]) or "  (nothing)", args, got, want)
    for name in SETS:
        v = model.keys.get(name)
        if isinstance(v, str):
            assert reply(k, "TYPE", name) == b"string"
            continue
        assert normalize(("SMEMBERS",), reply(k, "SMEMBERS", name)) == sorted(v or {}), history
        for m in (v or {}):
            assert normalize(("TTL",), reply(k, "TTL", name, m)) == ("set" if v[m] else -1), \
                (name, m, history)
