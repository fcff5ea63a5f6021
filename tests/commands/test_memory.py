"""MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP: reply shapes
and errors as redis-server 7.0 gives them; byte counts in Redis's range."""

import pytest

from helpers import Err, arity_error, assert_same, err, pairs, reply

SYNTAX = "ERR syntax error"
NOT_INTEGER = "ERR value is not an integer or out of range"


def usage(r, key, *opts):
    return reply(r, "MEMORY", "USAGE", key, *opts)


def test_memory_usage_of_a_missing_key_is_null(r):
    assert usage(r, "nokey") is None


@pytest.mark.parametrize("size", [1, 5, 44, 100, 1000, 10000, 100000])
def test_memory_usage_of_a_string_is_close_to_its_size(r, size):
    # Redis: about 48 bytes of key and header on top of the allocator's size
    # class for the value.
    r.set("k", "x" * size)
    n = usage(r, "k")
    assert isinstance(n, int)
    assert size < n <= size * 1.3 + 128


def test_memory_usage_of_a_small_integer_counts_the_header_and_key(r):
    r.set("k", "7")
    assert 16 <= usage(r, "k") <= 96


def test_memory_usage_grows_with_the_value(r):
    sizes = [10, 100, 1000, 10000]
    for s in sizes:
        r.set("k%d" % s, "x" * s)
    got = [usage(r, "k%d" % s) for s in sizes]
    assert got == sorted(got) and len(set(got)) == len(got)


def test_memory_usage_accepts_samples(r):
    r.set("k", "hello")
    base = usage(r, "k")
    assert usage(r, "k", "SAMPLES", "0") == base
    assert usage(r, "k", "samples", "10") == base
    assert usage(r, "k", "SAMPLES", "5", "SAMPLES", "3") == base


@pytest.mark.parametrize("opts,error", [
    (("SAMPLES", "-1"), SYNTAX),
    (("SAMPLES", "abc"), NOT_INTEGER),
    (("SAMPLES",), SYNTAX),
    (("foo",), SYNTAX),
    (("SAMPLES", "2", "foo"), SYNTAX),
])
@pytest.mark.parametrize("key", ["k", "nokey"])
def test_memory_usage_option_errors_come_before_the_key_lookup(r, opts, error, key):
    r.set("k", "v")
    assert err(r, "MEMORY", "USAGE", key, *opts) == error


def test_memory_arity_errors(r):
    assert reply(r, "MEMORY") == arity_error("memory")
    assert reply(r, "MEMORY", "USAGE") == arity_error("memory|usage")
    assert reply(r, "MEMORY", "STATS", "x") == arity_error("memory|stats")


def test_memory_unknown_subcommand(r):
    assert err(r, "MEMORY", "nope") == \
        "ERR unknown subcommand 'nope'. Try MEMORY HELP."


def test_memory_stats_field_names_and_order(both):
    ours, oracle = both
    for c in both:
        c.set("k", "v")
        c.set("t", "v", ex=100)
    got = pairs(reply(ours, "MEMORY", "STATS"))
    want = pairs(reply(oracle, "MEMORY", "STATS"))
    assert list(got) == list(want)
    assert list(pairs(got[b"db.0"])) == list(pairs(want[b"db.0"]))


def test_memory_stats_values(r):
    r.set("k", "v")
    r.set("t", "v", ex=100)
    stats = pairs(reply(r, "MEMORY", "STATS"))
    assert stats[b"keys.count"] == 2
    assert stats[b"total.allocated"] > 0
    assert stats[b"peak.allocated"] >= stats[b"total.allocated"] > 0
    assert stats[b"overhead.total"] > 0
    db0 = pairs(stats[b"db.0"])
    assert db0[b"overhead.hashtable.main"] > 0
    assert db0[b"overhead.hashtable.expires"] > 0
    for name in (b"dataset.percentage", b"peak.percentage", b"fragmentation"):
        assert isinstance(stats[name], bytes)       # a double: a bulk string in RESP2
        float(stats[name])
    assert b"db.1" not in stats                      # only databases with keys


def test_memory_stats_resp3_is_a_map_with_doubles(server):
    from helpers import make_client
    c = make_client(server.port, protocol=3)
    try:
        c.flushall()
        c.set("k", "v")
        stats = reply(c, "MEMORY", "STATS")
        assert isinstance(stats, dict)
        assert isinstance(stats[b"peak.percentage"], float)
        assert isinstance(stats[b"db.0"], dict)
    finally:
        c.close()


def test_memory_doctor_is_a_text_report(r):
    text = reply(r, "MEMORY", "DOCTOR")
    assert isinstance(text, bytes) and len(text) > 10


def test_memory_malloc_stats_is_a_text_report(r):
    text = reply(r, "MEMORY", "MALLOC-STATS")
    assert isinstance(text, bytes) and len(text) > 10


def test_memory_purge_is_ok(r):
    assert reply(r, "MEMORY", "PURGE") == b"OK"


def test_memory_help_lists_every_subcommand(r):
    lines = reply(r, "MEMORY", "HELP")
    assert lines[0].startswith(b"MEMORY <subcommand>")
    for sub in (b"DOCTOR", b"MALLOC-STATS", b"PURGE", b"STATS",
                b"USAGE <key> [SAMPLES <count>]", b"HELP"):
        assert sub in lines


def _comparable_info(info):
    # Redis lists subcommands in its hash table's (per-process) order.
    return info[:9] + [sorted(_comparable_info(s) for s in info[9])]


@pytest.mark.parametrize("name", ["memory", "memory|usage", "memory|stats", "memory|doctor",
                                  "memory|malloc-stats", "memory|purge", "memory|help"])
def test_memory_command_info_matches_redis(both, name):
    ours, oracle = both
    [got] = reply(ours, "COMMAND", "INFO", name)
    [want] = reply(oracle, "COMMAND", "INFO", name)
    assert _comparable_info(got) == _comparable_info(want)


def test_memory_command_docs_match_redis(both):
    def essentials(r):
        doc = pairs(pairs(reply(r, "COMMAND", "DOCS", "memory"))[b"memory"])
        subs = pairs(doc[b"subcommands"])
        return doc[b"group"], doc[b"since"], sorted(
            (name, pairs(d)[b"since"], pairs(d)[b"complexity"],
             [pairs(a)[b"name"] for a in pairs(d).get(b"arguments", [])])
            for name, d in subs.items())
    ours, oracle = both
    assert essentials(ours) == essentials(oracle)


def test_memory_command_getkeys(both):
    assert_same(both, "COMMAND", "GETKEYS", "MEMORY", "USAGE", "k", "SAMPLES", "3")
