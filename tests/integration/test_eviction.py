"""maxmemory under each of the eight maxmemory-policy values.

Every test starts its own server (ours, or redis-server with
KEYDB_TEST_ORACLE_ONLY=1, which checks the tests themselves), sets maxmemory
a few MB above the memory the empty server uses, writes well past it, and
checks that used_memory stayed under the limit and which keys went.
"""

import time

import pytest
import redis

from helpers import Server, missing_reason, ours_kind, wait_for

KIND = ours_kind()
VALUE = b"v" * 1000
HEADROOM = 3 * 1024 * 1024       # maxmemory = empty server's used_memory + this
TOLERANCE = 64 * 1024            # what one command and INFO's reply may add
OOM = b"OOM command not allowed when used memory > 'maxmemory'."


def is_oom(err):
    """redis-py turns "-OOM text" into OutOfMemoryError("text")."""
    return (isinstance(err, redis.exceptions.OutOfMemoryError)
            and b"OOM " + str(err).encode() == OOM)


@pytest.fixture(autouse=True)
def _need_server():
    reason = missing_reason(KIND)
    if reason:
        pytest.skip(reason)


class Limited:
    """A server with `policy` and maxmemory set just above its start-up use."""

    def __init__(self, policy, *options):
        self.srv = Server(KIND, options=(("maxmemory-policy", policy),) + options).start()
        self.c = self.srv.client()
        self.limit = self.used() + HEADROOM
        self.c.config_set("maxmemory", self.limit)

    def used(self):
        return int(self.c.info("memory")["used_memory"])

    def evicted(self):
        return int(self.c.info("stats")["evicted_keys"])

    def fill(self, prefix, n, ttl_of=None, batch=50):
        """SET prefix:0..n-1 (with EX ttl_of(i) when given), in small pipelines
        so that no query buffer is large; stops at the first error."""
        for start in range(0, n, batch):
            pipe = self.c.pipeline(transaction=False)
            for i in range(start, min(n, start + batch)):
                ex = ttl_of(i) if ttl_of else None
                pipe.set(b"%s:%d" % (prefix, i), VALUE, ex=ex)
            for res in pipe.execute(raise_on_error=False):
                if isinstance(res, Exception):
                    return res
        return None

    def touch(self, prefix, indices, batch=100):
        """Read each key (STRLEN: an access with a short reply, so no output
        buffer grows large enough to count against maxmemory)."""
        indices = list(indices)
        for start in range(0, len(indices), batch):
            pipe = self.c.pipeline(transaction=False)
            for i in indices[start:start + batch]:
                pipe.strlen(b"%s:%d" % (prefix, i))
            pipe.execute()

    def alive(self, prefix, indices):
        pipe = self.c.pipeline(transaction=False)
        for i in indices:
            pipe.exists(b"%s:%d" % (prefix, i))
        return sum(pipe.execute())

    def assert_under_limit(self):
        assert self.used() <= self.limit + TOLERANCE

    def close(self):
        self.c.close()
        self.srv.cleanup()


@pytest.fixture
def limited():
    made = []

    def make(policy, *options):
        s = Limited(policy, *options)
        made.append(s)
        return s
    yield make
    for s in made:
        s.close()


MB_OF_KEYS = 1024     # about 1 MB of 1000-byte values


@pytest.mark.parametrize("policy", ["allkeys-lru", "allkeys-lfu", "allkeys-random"])
def test_allkeys_policies_evict_any_key_and_stay_under_the_limit(limited, policy):
    s = limited(policy)
    assert s.fill(b"k", 6 * MB_OF_KEYS) is None       # never an OOM error
    s.assert_under_limit()
    assert s.evicted() > 0
    left = s.c.dbsize()
    assert 0 < left < 6 * MB_OF_KEYS
    assert s.evicted() >= 6 * MB_OF_KEYS - left


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random",
                                    "volatile-ttl"])
def test_volatile_policies_evict_only_keys_with_a_ttl(limited, policy):
    s = limited(policy)
    assert s.fill(b"keep", MB_OF_KEYS) is None
    assert s.fill(b"tmp", 5 * MB_OF_KEYS, ttl_of=lambda i: 100000 + i) is None
    s.assert_under_limit()
    assert s.evicted() > 0
    assert s.alive(b"keep", range(MB_OF_KEYS)) == MB_OF_KEYS
    assert s.alive(b"tmp", range(5 * MB_OF_KEYS)) < 5 * MB_OF_KEYS


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random",
                                    "volatile-ttl"])
def test_volatile_policies_answer_oom_when_no_key_has_a_ttl(limited, policy):
    s = limited(policy)
    err = s.fill(b"keep", 6 * MB_OF_KEYS)
    assert is_oom(err)
    assert s.evicted() == 0
    s.assert_under_limit()


def test_noeviction_refuses_writes_but_serves_reads_and_deletes(limited):
    s = limited("noeviction")
    err = s.fill(b"k", 6 * MB_OF_KEYS)
    assert is_oom(err)
    s.assert_under_limit()
    n = s.c.dbsize()
    assert s.evicted() == 0
    assert s.c.get(b"k:0") == VALUE                   # reads still work
    assert s.c.execute_command("OBJECT", "ENCODING", "k:1") is not None
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        s.c.set(b"another", b"x")
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        s.c.append(b"k:0", b"x")
    assert s.c.delete(*[b"k:%d" % i for i in range(200)]) == 200
    assert s.c.set(b"another", b"x")                 # room again after DEL
    assert s.c.dbsize() == n - 200 + 1


def test_noeviction_oom_error_is_redis_wire_text(limited):
    s = limited("noeviction")
    s.fill(b"k", 6 * MB_OF_KEYS)
    conn = s.srv.raw()
    try:
        assert conn.command("SET", "x", "y") == b"-" + OOM + b"\r\n"
    finally:
        conn.close()


def test_volatile_ttl_evicts_the_nearest_expiries_first(limited):
    s = limited("volatile-ttl")
    # Later keys expire sooner, so they are the ones to go.
    n = 5 * MB_OF_KEYS
    assert s.fill(b"t", n, ttl_of=lambda i: 1000000 - 100 * i) is None
    s.assert_under_limit()
    q = n // 4
    early = s.alive(b"t", range(q)) / q
    late = s.alive(b"t", range(n - q, n)) / q
    assert early > 0.9
    assert late < 0.6          # sampling approximates: ideal would be 0


@pytest.mark.parametrize("policy", ["allkeys-lru", "volatile-lru"])
def test_lru_keeps_recently_touched_keys(limited, policy):
    s = limited(policy)
    ttl = (lambda i: 100000) if policy.startswith("volatile") else None
    n = 1200
    assert s.fill(b"a", n, ttl_of=ttl) is None
    time.sleep(2.2)                                   # the LRU clock counts seconds
    # The even keys stay in use while the b keys push memory over the limit;
    # the odd ones are never read again. (Touching once before a fill that
    # lasts over a second would let the touched keys age past the new ones.)
    for chunk in range(12):
        s.touch(b"a", range(0, n, 2))
        assert s.fill(b"b:%d" % chunk, 3 * MB_OF_KEYS // 12, ttl_of=ttl) is None
    s.assert_under_limit()
    touched = s.alive(b"a", range(0, n, 2)) / (n // 2)
    untouched = s.alive(b"a", range(1, n, 2)) / (n // 2)
    # Sampling approximates LRU: a few untouched keys are never sampled.
    assert untouched < 0.35
    assert touched > untouched + 0.3


@pytest.mark.parametrize("policy", ["allkeys-lfu", "volatile-lfu"])
def test_lfu_keeps_frequently_read_keys(limited, policy):
    s = limited(policy, ("lfu-decay-time", "0"))
    ttl = (lambda i: 100000) if policy.startswith("volatile") else None
    n = 1200
    assert s.fill(b"a", n, ttl_of=ttl) is None
    for _ in range(20):
        s.touch(b"a", range(0, n, 2))
    assert s.fill(b"b", 4 * MB_OF_KEYS, ttl_of=ttl) is None
    s.assert_under_limit()
    frequent = s.alive(b"a", range(0, n, 2)) / (n // 2)
    rare = s.alive(b"a", range(1, n, 2)) / (n // 2)
    assert frequent > 0.9
    assert rare < frequent - 0.2
    freq = s.c.execute_command("OBJECT", "FREQ", "a:0")
    assert freq > 5


def test_eviction_counters_reset_with_config_resetstat(limited):
    s = limited("allkeys-random")
    s.fill(b"k", 5 * MB_OF_KEYS)
    assert s.evicted() > 0
    s.c.config_resetstat()
    assert s.evicted() == 0


def test_lowering_maxmemory_evicts_down_to_the_new_limit(limited):
    s = limited("allkeys-lru")
    s.fill(b"k", 2 * MB_OF_KEYS)
    before = s.c.dbsize()
    s.limit -= MB_OF_KEYS * 1024
    s.c.config_set("maxmemory", s.limit)
    # Each eviction round is time-bounded (maxmemory-eviction-tenacity) and
    # the cron finishes what one round leaves, as Redis's eviction timer
    # does: on a loaded machine the drop takes a few rounds.
    wait_for(lambda: s.used() <= s.limit + TOLERANCE, timeout=5)
    s.assert_under_limit()
    assert s.c.dbsize() < before


def test_maxmemory_config_and_info_fields(limited):
    s = limited("volatile-lfu", ("maxmemory-samples", "10"),
                ("maxmemory-eviction-tenacity", "20"))
    cfg = s.c.config_get("maxmemory*")
    assert cfg["maxmemory"] == str(s.limit)
    assert cfg["maxmemory-policy"] == "volatile-lfu"
    assert cfg["maxmemory-samples"] == "10"
    assert cfg["maxmemory-eviction-tenacity"] == "20"
    info = s.c.info("memory")
    assert int(info["maxmemory"]) == s.limit
    assert info["maxmemory_policy"] == "volatile-lfu"
    assert info["maxmemory_human"].endswith("M")
    peak = int(info["used_memory_peak"])
    s.fill(b"k", 500)
    assert int(s.c.info("memory")["used_memory_peak"]) > peak


@pytest.mark.parametrize("policy", ["allkeys-lru", "volatile-random", "volatile-ttl"])
def test_long_key_names_are_evicted_too(limited, policy):
    s = limited(policy)
    prefix = b"p" * 300          # longer than the candidate pool's cached names
    ttl = (lambda i: 100000 + i) if policy.startswith("volatile") else None
    assert s.fill(prefix, 5 * MB_OF_KEYS, ttl_of=ttl) is None
    s.assert_under_limit()
    assert 0 < s.c.dbsize() < 5 * MB_OF_KEYS
    assert s.c.dbsize() + s.evicted() >= 5 * MB_OF_KEYS
