"""Hypothesis: random lists, sets and sorted sets with random weight, GET
and hash keys, sorted with random SORT / SORT_RO options (repeated,
reordered, sometimes malformed) on our server and on the oracle. Every
reply must match, errors included, and so must what STORE leaves.

Where Redis leaves the order open, the comparison is relaxed, not dropped:
- a hash-table set read BY nosort (without STORE) comes in the table's
  order: the replies are compared as multisets (as sizes under LIMIT);
- with ALPHA and a BY pattern, elements whose weights compare equal (as C
  strings, or both missing) come in an unspecified order: when the data
  has such ties, the replies are compared as multisets.
No weight here is out of double range (see test_sort_basic.py on errno).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import reply

INTS = ["0", "1", "-1", "7", "42", "100", "-15", "3", "9223372036854775807", "-20"]
OTHERS = ["1.5", "-0.25", "2e3", " 4", "a", "b", "apple", "Zed", "", "\xe9", "a\x00b", "10.0",
          "x" * 30]
WEIGHTS = ["1", "2", "-3", "0.5", "10", "1e2", "", "x", "y", "abc", "b\x00", "1.5", " 7", "0x10"]
BY_PATTERNS = ["w_*", "o_*", "nosort", "w_", "*", "w_*->f"]
GET_PATTERNS = ["#", "o_*", "w_*", "nokey", "o_*_", "#x"]
HASH_PATTERNS = ["h_*->f", "h_*->g", "h_*->"]
LIMITS = ["0", "1", "2", "3", "-1", "-5", "10", "9223372036854775807", "-9223372036854775808"]


def capabilities(ours):
    def has(name):
        [info] = reply(ours, "COMMAND", "INFO", name)
        return info is not None
    return {"zset": has("zadd"), "hash": has("hset")}


@st.composite
def dataset(draw, caps):
    kinds = ["list", "intset", "hashset"] + (["zset"] if caps["zset"] else [])
    kind = draw(st.sampled_from(kinds))
    pool = INTS if kind == "intset" else INTS + OTHERS
    if kind == "list":
        elements = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=12))
    else:
        elements = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=12, unique=True))
    if kind == "hashset" and all(e in INTS for e in elements):
        elements.append("apple")            # make it a hash table
    distinct = sorted(set(elements))
    weights = {e: draw(st.one_of(st.none(), st.sampled_from(WEIGHTS), st.just("LIST")))
               for e in distinct}
    objects = {e: draw(st.one_of(st.none(), st.sampled_from(WEIGHTS))) for e in distinct}
    fields = {}
    if caps["hash"]:
        fields = {e: draw(st.dictionaries(st.sampled_from(["f", "g", "x"]),
                                          st.sampled_from(WEIGHTS), max_size=3))
                  for e in distinct}
    scores = [draw(st.integers(-3, 3)) for _ in elements]
    return kind, elements, weights, objects, fields, scores


@st.composite
def options(draw, caps):
    by = BY_PATTERNS + (HASH_PATTERNS if caps["hash"] else [])
    get = GET_PATTERNS + (HASH_PATTERNS if caps["hash"] else [])
    option = st.one_of(
        st.just(("ASC",)), st.just(("DESC",)), st.just(("ALPHA",)),
        st.tuples(st.just("BY"), st.sampled_from(by)),
        st.tuples(st.just("GET"), st.sampled_from(get)),
        st.tuples(st.just("LIMIT"), st.sampled_from(LIMITS), st.sampled_from(LIMITS)),
        st.just(("STORE", "dst")),
    )
    opts = draw(st.lists(option, max_size=5))
    words = [w for o in opts for w in o]
    if draw(st.integers(0, 19)) == 0:                       # now and then, a broken line
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(
            ["BY", "LIMIT", "GET", "FOO", "STORE"])))
    return words


def load(c, kind, elements, weights, objects, fields, scores):
    reply(c, "FLUSHALL")
    reply(c, "SET", "dst", "old")
    if kind == "list" and elements:
        reply(c, "RPUSH", "src", *elements)
    elif kind in ("intset", "hashset"):
        reply(c, "SADD", "src", *elements)
    elif kind == "zset":
        reply(c, "ZADD", "src", *[x for s, e in zip(scores, elements) for x in (s, e)])
    for e, w in weights.items():
        if w == "LIST":
            reply(c, "RPUSH", "w_" + e, "1")
        elif w is not None:
            reply(c, "SET", "w_" + e, w)
    for e, o in objects.items():
        if o is not None:
            reply(c, "SET", "o_" + e, o)
    for e, f in fields.items():
        if f:
            reply(c, "HSET", "h_" + e, *[x for kv in sorted(f.items()) for x in kv])


def effective(words):
    """What SORT will do with these (well-formed) options: (dontsort,
    alpha, by pattern, has limit, store)."""
    dontsort = alpha = limit = store = False
    by = None
    i = 0
    while i < len(words):
        w = words[i]
        if w == "ALPHA":
            alpha = True
        elif w == "LIMIT":
            limit = True
            i += 2
        elif w == "BY" and i + 1 < len(words):
            by = words[i + 1]
            if "*" not in by.split("\x00")[0]:
                dontsort = True
            i += 1
        elif w in ("GET",):
            i += 1
        elif w == "STORE":
            store = True
            i += 1
        i += 1
    return dontsort, alpha, by, limit, store


def weight_of(pattern, e, weights, objects, fields):
    """The bytes a BY pattern gives element e (None when missing), cut at
    the first NUL as strcoll reads them."""
    if pattern.startswith("w_*->") or pattern == "*":
        value = None                    # a string key's field / a key named e: none here
    elif pattern.startswith("w_"):
        value = weights.get(e)
        value = None if value == "LIST" else value
    elif pattern.startswith("o_"):
        value = objects.get(e)
    else:                               # h_*->field
        field = pattern[len("h_*->"):]
        value = fields.get(e, {}).get(field) if field else None
    return None if value is None else value.split("\x00")[0]


def order_is_open(kind, words, weights, objects, fields, elements):
    """How the order of the reply is left open for this input: None (not
    at all), "multiset" (only the order) or "limit" (which elements, too)."""
    dontsort, alpha, by, limit, store = effective(words)
    open_ = "limit" if limit else "multiset"
    if dontsort:
        return open_ if kind == "hashset" and not store else None
    if not alpha:
        return None
    distinct = sorted(set(elements))
    if by is not None:
        seen = [weight_of(by, e, weights, objects, fields) for e in distinct]
    elif not store and kind in ("hashset", "zset"):
        seen = [e.split("\x00")[0] for e in distinct]      # strcoll's ties
    else:
        return None
    return open_ if len(seen) != len(set(seen)) else None


def normalize(got, how):
    if how is None or not isinstance(got, list):
        return got
    if how == "multiset":
        return sorted(got, key=lambda x: (x is None, x or b""))
    return len(got)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_sorts_match_the_oracle(both, data):
    ours, oracle = both
    caps = capabilities(ours)
    kind, elements, weights, objects, fields, scores = data.draw(dataset(caps))
    for c in both:
        load(c, kind, elements, weights, objects, fields, scores)
    for _ in range(3):
        cmd = data.draw(st.sampled_from(["SORT", "SORT_RO"]))
        words = data.draw(options(caps))
        args = (cmd, "src") + tuple(words)
        how = order_is_open(kind, words, weights, objects, fields, elements)
        got = normalize(reply(ours, *args), how)
        want = normalize(reply(oracle, *args), how)
        assert got == want, "%r on %s %r: ours %r, oracle %r" % (args, kind, elements, got, want)
        stored = [(reply(c, "TYPE", "dst"), reply(c, "LRANGE", "dst", "0", "-1")
                   if reply(c, "TYPE", "dst") == b"list" else reply(c, "GET", "dst"))
                  for c in both]
        if how is not None and stored[1][0] == b"list":
            stored = [(t, normalize(v, how)) for t, v in stored]
            for c in both:              # the lists may differ in order: start again equal
                reply(c, "DEL", "dst")
        assert stored[0] == stored[1], args
        if kind == "zset":
            assert reply(ours, "OBJECT", "ENCODING", "src") == reply(
                oracle, "OBJECT", "ENCODING", "src")
