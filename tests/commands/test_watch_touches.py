"""Which writes touch a WATCHed key: every write command, and its no-op
forms, run by a second client between WATCH and EXEC on our server and on
the oracle; the EXEC results (null = touched) and the command replies must
be equal. Redis signals a key only when a command really changed it (SADD
of a present member, DEL of a missing key, EXPIRE of a missing key do not),
so this checks every signal_modified_key call site against Redis's.
"""
import pytest

from helpers import make_client, reply

STRING = [("SET", "k", "10")]
LIST = [("RPUSH", "k", "a", "b", "c")]
HASH = [("HSET", "k", "f", "1", "g", "2")]
SET = [("SADD", "k", "a", "b", "3")]
ZSET = [("ZADD", "k", "1", "a", "2", "b", "3", "c")]
NOTHING = []

CASES = [
    # strings
    (NOTHING, ("SET", "k", "v")), (STRING, ("SET", "k", "v", "NX")), (STRING, ("SET", "k", "v", "XX")),
    (NOTHING, ("SET", "k", "v", "XX")), (STRING, ("SET", "k", "10", "KEEPTTL")),
    (STRING, ("SETNX", "k", "v")), (NOTHING, ("SETNX", "k", "v")), (STRING, ("GETSET", "k", "v")),
    (STRING, ("GETDEL", "k")), (NOTHING, ("GETDEL", "k")), (STRING, ("GETEX", "k", "PX", "100000")),
    (STRING, ("GETEX", "k")), (STRING, ("GETEX", "k", "PERSIST")),
    (STRING, ("APPEND", "k", "")), (STRING, ("APPEND", "k", "x")), (NOTHING, ("APPEND", "k", "")),
    (STRING, ("INCR", "k")), (STRING, ("INCRBY", "k", "0")), (STRING, ("DECRBY", "k", "2")),
    (STRING, ("INCRBYFLOAT", "k", "1.5")), (STRING, ("SETRANGE", "k", "0", "")),
    (STRING, ("SETRANGE", "k", "1", "x")), (NOTHING, ("SETRANGE", "k", "0", "")),
    (NOTHING, ("MSET", "k", "1", "z", "2")), (STRING, ("MSETNX", "k", "1", "z", "2")),
    (NOTHING, ("MSETNX", "k", "1", "z", "2")), (NOTHING, ("SETEX", "k", "100", "v")),
    (NOTHING, ("PSETEX", "k", "100000", "v")), (LIST, ("INCR", "k")),
    # keys and expiry
    (STRING, ("DEL", "k")), (NOTHING, ("DEL", "k")), (STRING, ("UNLINK", "k", "z")),
    (STRING, ("EXPIRE", "k", "100")), (NOTHING, ("EXPIRE", "k", "100")),
    (STRING, ("EXPIRE", "k", "100", "NX")), (STRING, ("EXPIRE", "k", "0")),
    (STRING, ("PEXPIREAT", "k", "1")), (STRING, ("EXPIREAT", "k", "99999999999")),
    (STRING, ("PERSIST", "k")), (STRING + [("EXPIRE", "k", "100")], ("PERSIST", "k")),
    (STRING + [("EXPIRE", "k", "100")], ("EXPIRE", "k", "50", "GT")),
    (STRING, ("RENAME", "k", "d")), (STRING, ("RENAMENX", "k", "d")),
    (STRING + [("SET", "d", "1")], ("RENAMENX", "k", "d")), (STRING, ("RENAME", "k", "k")),
    (STRING, ("MOVE", "k", "1")), (STRING, ("COPY", "k", "d")), (STRING, ("COPY", "k", "d", "DB", "1")),
    (STRING + [("SET", "d", "x")], ("COPY", "k", "d")),
    (STRING + [("SET", "d", "x")], ("COPY", "k", "d", "REPLACE")),
    (STRING, ("TOUCH", "k")), (STRING, ("GET", "k")),
    # lists
    (NOTHING, ("LPUSH", "k", "a")), (LIST, ("RPUSH", "k", "a")), (NOTHING, ("LPUSHX", "k", "a")),
    (LIST, ("RPUSHX", "k", "a")), (LIST, ("LPOP", "k")), (NOTHING, ("LPOP", "k")),
    (LIST, ("RPOP", "k", "0")), (LIST, ("RPOP", "k", "5")), (LIST, ("LSET", "k", "0", "x")),
    (LIST, ("LINSERT", "k", "BEFORE", "b", "x")), (LIST, ("LINSERT", "k", "BEFORE", "zz", "x")),
    (LIST, ("LREM", "k", "0", "zz")), (LIST, ("LREM", "k", "0", "a")),
    (LIST, ("LTRIM", "k", "0", "-1")), (LIST, ("LTRIM", "k", "1", "1")),
    (LIST, ("LTRIM", "k", "5", "10")), (LIST, ("LMOVE", "k", "d", "LEFT", "RIGHT")),
    (LIST, ("LMOVE", "k", "k", "LEFT", "RIGHT")), (NOTHING, ("LMOVE", "k", "d", "LEFT", "RIGHT")),
    (LIST, ("RPOPLPUSH", "k", "d")), (LIST, ("LMPOP", "1", "k", "LEFT", "COUNT", "2")),
    (LIST, ("BLPOP", "k", "1")), (LIST, ("BLMOVE", "k", "d", "RIGHT", "LEFT", "1")),
    (LIST, ("SORT", "k", "ALPHA", "STORE", "d")), (NOTHING, ("SORT", "k", "STORE", "d")),
    (LIST + [("SET", "d", "x")], ("SORT", "z", "STORE", "d")),
    # hashes
    (NOTHING, ("HSET", "k", "f", "v")), (HASH, ("HSET", "k", "f", "1")), (HASH, ("HSETNX", "k", "f", "v")),
    (HASH, ("HSETNX", "k", "new", "v")), (HASH, ("HDEL", "k", "zz")), (HASH, ("HDEL", "k", "f")),
    (HASH, ("HDEL", "k", "f", "g")), (HASH, ("HINCRBY", "k", "f", "0")),
    (HASH, ("HINCRBYFLOAT", "k", "f", "0.5")), (HASH, ("HMSET", "k", "f", "1")),
    # sets
    (NOTHING, ("SADD", "k", "a")), (SET, ("SADD", "k", "a")), (SET, ("SADD", "k", "new")),
    (SET, ("SREM", "k", "zz")), (SET, ("SREM", "k", "a")), (SET, ("SPOP", "k")),
    (SET, ("SPOP", "k", "0")), (SET, ("SPOP", "k", "10")), (SET, ("SMOVE", "k", "d", "a")),
    (SET, ("SMOVE", "k", "d", "zz")), (SET, ("SMOVE", "k", "k", "a")),
    (SET, ("SINTERSTORE", "d", "k")), (SET, ("SUNIONSTORE", "d", "k", "z")),
    (SET, ("SDIFFSTORE", "d", "k", "k")), (SET + [("SET", "d", "x")], ("SINTERSTORE", "d", "zz")),
    (NOTHING, ("SINTERSTORE", "d", "zz")), (SET, ("SRANDMEMBER", "k")),
    # sorted sets
    (NOTHING, ("ZADD", "k", "1", "a")), (ZSET, ("ZADD", "k", "1", "a")), (ZSET, ("ZADD", "k", "5", "a")),
    (ZSET, ("ZADD", "k", "NX", "5", "a")), (ZSET, ("ZADD", "k", "GT", "0", "a")),
    (ZSET, ("ZADD", "k", "INCR", "0", "a")), (ZSET, ("ZINCRBY", "k", "0", "a")),
    (ZSET, ("ZREM", "k", "zz")), (ZSET, ("ZREM", "k", "a")), (ZSET, ("ZPOPMIN", "k")),
    (ZSET, ("ZPOPMAX", "k", "0")), (ZSET, ("ZMPOP", "1", "k", "MIN")), (ZSET, ("BZPOPMAX", "k", "1")),
    (ZSET, ("ZREMRANGEBYRANK", "k", "5", "10")), (ZSET, ("ZREMRANGEBYRANK", "k", "0", "0")),
    (ZSET, ("ZREMRANGEBYSCORE", "k", "10", "20")), (ZSET, ("ZREMRANGEBYSCORE", "k", "1", "2")),
    (ZSET, ("ZREMRANGEBYLEX", "k", "[x", "[y")), (ZSET, ("ZREMRANGEBYLEX", "k", "-", "+")),
    (ZSET, ("ZUNIONSTORE", "d", "1", "k")), (ZSET, ("ZINTERSTORE", "d", "2", "k", "zz")),
    (ZSET + [("SET", "d", "x")], ("ZINTERSTORE", "d", "2", "k", "zz")),
    (ZSET, ("ZDIFFSTORE", "d", "1", "k")), (ZSET, ("ZRANGESTORE", "d", "k", "0", "-1")),
    (ZSET, ("ZRANGESTORE", "d", "k", "5", "10")),
    # whole databases
    (STRING, ("FLUSHDB",)), (NOTHING, ("FLUSHDB",)), (STRING, ("SWAPDB", "0", "1")),
    (NOTHING, ("SWAPDB", "0", "1")), (STRING, ("SWAPDB", "0", "0")),
]


def ids(case):
    setup, cmd = case
    return " ".join(cmd) + (" on " + setup[0][0] if setup else " on nothing")


def watch_then(client, setup, cmd):
    """Set up on a second connection, WATCH k and d, run cmd there, then
    MULTI/PING/EXEC: (cmd's reply, EXEC's reply)."""
    other = make_client(client.connection_pool.connection_kwargs["port"])
    try:
        reply(other, "FLUSHALL")
        for step in setup:
            reply(other, *step)
        reply(client, "WATCH", "k", "d")
        got = reply(other, *cmd)
        reply(client, "MULTI")
        reply(client, "PING")
        return got, reply(client, "EXEC")
    finally:
        reply(other, "FLUSHALL")
        other.close()


def normalize(cmd, got):
    # The one random reply here: which member SPOP / SRANDMEMBER drew.
    if cmd[0] in ("SPOP", "SRANDMEMBER") and isinstance(got, bytes):
        return "a member"
    if cmd[0] == "SPOP" and isinstance(got, list):
        return sorted(got)
    return got


@pytest.mark.parametrize("case", CASES, ids=[ids(c) for c in CASES])
def test_a_write_touches_a_watched_key_exactly_when_redis_does(both, case):
    setup, cmd = case
    (got_ours, exec_ours), (got_oracle, exec_oracle) = [watch_then(c, setup, cmd) for c in both]
    assert normalize(cmd, got_ours) == normalize(cmd, got_oracle)
    assert exec_ours == exec_oracle, "%r after %r: EXEC ours %r, oracle %r" % (
        cmd, setup, exec_ours, exec_oracle)
