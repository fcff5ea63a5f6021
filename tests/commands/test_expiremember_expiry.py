"""Members really go away (our server only): lazily when the key is read,
actively from the cron when nobody reads it; the last member takes the key
with it; and the member expiries follow the key through DEL, overwrites,
RENAME, MOVE, COPY, SWAPDB and FLUSHDB, and are forgotten by the commands
that remove members (SREM, SPOP, SMOVE)."""

import time

import pytest

from helpers import reply, wait_for
from keydb_only import k  # noqa: F401  (fixture)

SOON = "150"        # ms
AFTER = 0.3         # s: SOON has passed


def expired_keys(k):
    info = reply(k, "INFO", "stats")
    return int(info.split(b"expired_keys:")[1].split(b"\r\n")[0])


def test_reads_do_not_see_a_due_member(k):
    reply(k, "SADD", "s", "a", "b", "c")
    reply(k, "EXPIREMEMBER", "s", "a", SOON, "ms")
    reply(k, "CONFIG", "SET", "hz", "1")          # the cron rarely runs: lazy expiry
    try:
        time.sleep(AFTER)
        assert reply(k, "SISMEMBER", "s", "a") == 0
        assert reply(k, "SCARD", "s") == 2
        assert sorted(reply(k, "SMEMBERS", "s")) == [b"b", b"c"]
        assert reply(k, "TTL", "s", "a") == -1
    finally:
        reply(k, "CONFIG", "SET", "hz", "10")


def test_the_last_member_takes_the_key(k):
    reply(k, "SADD", "s", "a", "b")
    reply(k, "EXPIREMEMBER", "s", "a", SOON, "ms")
    reply(k, "EXPIREMEMBER", "s", "b", SOON, "ms")
    before = expired_keys(k)
    time.sleep(AFTER)
    assert reply(k, "EXISTS", "s") == 0
    assert reply(k, "TYPE", "s") == b"none"
    assert expired_keys(k) == before + 1


def test_the_cron_removes_members_nobody_reads(k):
    for i in range(50):
        reply(k, "SADD", "k%d" % i, "m")
        reply(k, "EXPIREMEMBER", "k%d" % i, "m", SOON, "ms")
    reply(k, "SADD", "k0", "stays")
    reply(k, "SET", "other", "v")
    assert reply(k, "DBSIZE") == 51
    # DBSIZE looks nothing up: only active expiry can empty and delete the keys.
    assert wait_for(lambda: reply(k, "DBSIZE") == 2, timeout=5)
    assert reply(k, "SMEMBERS", "k0") == [b"stays"]


def test_active_expiry_empties_a_big_key(k):
    n = 100_000
    pipe = k.pipeline(transaction=False)
    for i in range(0, n, 1000):
        pipe.execute_command("SADD", "big", *[b"m%d" % j for j in range(i, i + 1000)])
    pipe.execute()
    when = int(time.time() * 1000) + 3000
    pipe = k.pipeline(transaction=False)
    for j in range(n):
        pipe.execute_command("PEXPIREMEMBERAT", "big", b"m%d" % j, str(when))
    assert sum(pipe.execute()) == n
    assert time.time() * 1000 < when, "loading took too long for this test"
    assert reply(k, "SCARD", "big") == n
    assert wait_for(lambda: reply(k, "DBSIZE") == 0, timeout=15)


def test_a_big_key_half_expired_by_a_read(k):
    n = 100_000
    pipe = k.pipeline(transaction=False)
    for i in range(0, n, 1000):
        pipe.execute_command("SADD", "big", *[b"m%d" % j for j in range(i, i + 1000)])
    pipe.execute()
    reply(k, "CONFIG", "SET", "hz", "1")
    try:
        when = str(int(time.time() * 1000) + 300)
        pipe = k.pipeline(transaction=False)
        for j in range(0, n, 2):
            pipe.execute_command("PEXPIREMEMBERAT", "big", b"m%d" % j, when)
        pipe.execute()
        time.sleep(0.5)
        assert reply(k, "SCARD", "big") == n // 2
        assert reply(k, "SMISMEMBER", "big", "m0", "m1", "m99998", "m99999") == [0, 1, 0, 1]
    finally:
        reply(k, "CONFIG", "SET", "hz", "10")


@pytest.mark.parametrize("remove", [("SREM", "s", "a"), ("SMOVE", "s", "t", "a")])
def test_a_removed_member_added_again_keeps_no_expiry(k, remove):
    reply(k, "SADD", "s", "a", "stays")
    reply(k, "EXPIREMEMBER", "s", "a", SOON, "ms")
    reply(k, *remove)
    reply(k, "SADD", "s", "a")
    assert reply(k, "TTL", "s", "a") == -1
    time.sleep(AFTER)
    assert sorted(reply(k, "SMEMBERS", "s")) == [b"a", b"stays"]


def test_smove_leaves_the_member_without_expiry_in_the_destination(k):
    reply(k, "SADD", "s", "a", "b")
    reply(k, "EXPIREMEMBER", "s", "a", "100")
    assert reply(k, "SMOVE", "s", "t", "a") == 1
    assert reply(k, "TTL", "t", "a") == -1
    assert reply(k, "TTL", "s", "a") == -1
    reply(k, "SADD", "s", "a")
    assert reply(k, "TTL", "s", "a") == -1


def test_spop_forgets_what_it_pops_and_keeps_the_rest(k):
    members = ["m%d" % i for i in range(20)]
    # Without a count; with a count, one by one; with a count, by drawing the survivors.
    for count in (None, "3", "19"):
        reply(k, "DEL", "s")
        reply(k, "SADD", "s", *members)
        for m in members:
            reply(k, "EXPIREMEMBER", "s", m, "100")
        popped = reply(k, "SPOP", "s", count) if count else [reply(k, "SPOP", "s")]
        assert len(popped) == int(count or 1)
        left = reply(k, "SMEMBERS", "s")
        assert all(reply(k, "TTL", "s", m) == -1 for m in popped)
        assert all(reply(k, "TTL", "s", m) == 100 for m in left)


def test_survivors_of_spop_still_expire(k):
    reply(k, "SADD", "s", *["m%d" % i for i in range(10)])
    for i in range(10):
        reply(k, "EXPIREMEMBER", "s", "m%d" % i, SOON, "ms")
    assert len(reply(k, "SPOP", "s", "9")) == 9
    time.sleep(AFTER)
    assert reply(k, "EXISTS", "s") == 0


def expiring(k, key="s", member="a", ms="100000"):
    reply(k, "SADD", key, member, "other")
    reply(k, "EXPIREMEMBER", key, member, ms, "ms")


@pytest.mark.parametrize("replace", [
    ("DEL", "s"), ("UNLINK", "s"), ("SET", "s", "v"), ("SET", "s", "v", "KEEPTTL"),
    ("SINTERSTORE", "s", "nokey"), ("SUNIONSTORE", "s", "s"), ("RENAME", "t", "s"),
    ("COPY", "t", "s", "REPLACE"), ("FLUSHDB",), ("FLUSHALL",)])
def test_a_key_deleted_or_replaced_drops_its_member_expiries(k, replace):
    expiring(k)
    reply(k, "SADD", "t", "a")
    reply(k, *replace)
    reply(k, "DEL", "s")
    reply(k, "SADD", "s", "a")
    assert reply(k, "TTL", "s", "a") == -1


def test_a_key_expired_by_its_ttl_drops_its_member_expiries(k):
    expiring(k)
    reply(k, "PEXPIRE", "s", SOON)
    time.sleep(AFTER)
    assert reply(k, "EXISTS", "s") == 0
    reply(k, "SADD", "s", "a")
    assert reply(k, "TTL", "s", "a") == -1


def test_rename_carries_the_member_expiries(k):
    expiring(k, ms=SOON)
    reply(k, "EXPIREMEMBER", "s", "other", "100")
    assert reply(k, "RENAME", "s", "t") == b"OK"
    assert reply(k, "TTL", "t", "other") == 100
    reply(k, "SADD", "s", "a")
    assert reply(k, "TTL", "s", "a") == -1
    time.sleep(AFTER)
    assert reply(k, "SMEMBERS", "t") == [b"other"]
    assert reply(k, "RENAMENX", "t", "u") == 1
    assert reply(k, "TTL", "u", "other") == 100


def test_rename_onto_a_key_with_member_expiries(k):
    expiring(k, key="dst", member="x")
    reply(k, "SADD", "src", "x")
    assert reply(k, "RENAME", "src", "dst") == b"OK"
    assert reply(k, "TTL", "dst", "x") == -1


def test_move_carries_the_member_expiries(k):
    expiring(k, ms="50000")
    assert reply(k, "MOVE", "s", "1") == 1
    reply(k, "SELECT", "1")
    try:
        assert 49000 < reply(k, "PTTL", "s", "a") <= 50000
        reply(k, "EXPIREMEMBER", "s", "a", SOON, "ms")
        time.sleep(AFTER)
        assert reply(k, "SMEMBERS", "s") == [b"other"]
    finally:
        reply(k, "FLUSHDB")
        reply(k, "SELECT", "0")


def test_copy_duplicates_the_member_expiries(k):
    expiring(k, ms="50000")
    assert reply(k, "COPY", "s", "t") == 1
    assert 49000 < reply(k, "PTTL", "t", "a") <= 50000
    assert reply(k, "PERSIST", "t", "a") == 1
    assert 49000 < reply(k, "PTTL", "s", "a") <= 50000
    assert reply(k, "COPY", "s", "c", "DB", "2") == 1
    reply(k, "SELECT", "2")
    try:
        assert 49000 < reply(k, "PTTL", "c", "a") <= 50000
    finally:
        reply(k, "FLUSHDB")
        reply(k, "SELECT", "0")


def test_swapdb_swaps_the_member_expiries(k):
    expiring(k, ms=SOON)
    assert reply(k, "SWAPDB", "0", "3") == b"OK"
    try:
        assert reply(k, "EXISTS", "s") == 0
        reply(k, "SELECT", "3")
        time.sleep(AFTER)
        assert reply(k, "SMEMBERS", "s") == [b"other"]
    finally:
        reply(k, "FLUSHDB")
        reply(k, "SELECT", "0")


def test_client_pause_holds_member_expiry_back(k):
    reply(k, "SADD", "s", "a")
    reply(k, "EXPIREMEMBER", "s", "a", "100", "ms")
    assert reply(k, "CLIENT", "PAUSE", "400", "WRITE") == b"OK"
    time.sleep(0.2)
    assert reply(k, "DBSIZE") == 1
    assert reply(k, "SCARD", "s") == 1
    assert wait_for(lambda: reply(k, "DBSIZE") == 0, timeout=5)
