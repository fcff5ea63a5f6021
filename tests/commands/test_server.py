"""COMMAND (COUNT INFO DOCS LIST GETKEYS), TIME, INFO, CONFIG GET, DEBUG SLEEP,
SCRIPT FLUSH, FUNCTION FLUSH, unknown commands and wrong arity."""

import re
import time

import pytest

from helpers import SYNTAX, Err, arity_error, assert_same, pairs, reply, wait_for

ISSUE_COMMANDS = [
    "append", "decr", "decrby", "get", "getdel", "getex", "getrange", "getset",
    "incr", "incrby", "incrbyfloat", "lcs", "mget", "mset", "msetnx", "psetex",
    "set", "setex", "setnx", "setrange", "strlen", "substr",
    "del", "unlink", "exists", "type", "touch", "rename", "renamenx", "randomkey",
    "keys", "scan", "select", "move", "swapdb", "copy", "dbsize", "flushdb", "flushall",
    "object", "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl",
    "expiretime", "pexpiretime", "persist",
    "ping", "echo", "quit", "reset", "hello", "auth", "client", "command", "time",
    "info", "config", "debug", "script", "function",
]


# ---- COMMAND -----------------------------------------------------------------------

def test_command_count_matches_command_and_command_list(r):
    count = reply(r, "COMMAND", "COUNT")
    assert isinstance(count, int) and count > 50
    table = reply(r, "COMMAND")
    assert len(table) == count
    subcommands = [s[0] for info in table for s in info[9]]
    listed = reply(r, "COMMAND", "LIST")
    assert sorted(listed) == sorted([info[0] for info in table] + subcommands)


def test_command_list_names_every_issue_command(r):
    names = set(reply(r, "COMMAND", "LIST"))
    missing = [c for c in ISSUE_COMMANDS if c.encode() not in names]
    assert not missing
    assert all(n == n.lower() for n in names)


def test_command_list_filterby_pattern_and_aclcat(r):
    got = set(reply(r, "COMMAND", "LIST", "FILTERBY", "PATTERN", "get*"))
    assert {b"get", b"getex", b"getdel", b"getrange", b"getset"} <= got
    assert all(n.startswith(b"get") for n in got)
    strings = set(reply(r, "COMMAND", "LIST", "FILTERBY", "ACLCAT", "string"))
    assert {b"set", b"get", b"incr", b"append", b"lcs", b"mset"} <= strings
    assert b"del" not in strings


def test_command_list_syntax_error(r):
    assert reply(r, "COMMAND", "LIST", "FILTERBY", "foo", "bar") == SYNTAX
    assert reply(r, "COMMAND", "LIST", "x") == SYNTAX


def test_command_info_shape_for_get(r):
    [info] = reply(r, "COMMAND", "INFO", "get")
    assert info[:6] == [b"get", 2, [b"readonly", b"fast"], 1, 1, 1]
    assert set(info[6]) == {b"@read", b"@string", b"@fast"}
    assert info[7] == []                         # tips
    assert len(info) == 10 and info[9] == []     # key specs, subcommands


def test_command_info_arity_and_key_positions(r):
    infos = reply(r, "COMMAND", "INFO", "set", "mset", "del", "ping", "lcs", "rename")
    got = {i[0]: (i[1], i[3], i[4], i[5]) for i in infos}
    assert got == {
        b"set": (-3, 1, 1, 1), b"mset": (-3, 1, -1, 2), b"del": (-2, 1, -1, 1),
        b"ping": (-1, 0, 0, 0), b"lcs": (-3, 1, 2, 1), b"rename": (3, 1, 2, 1)}


def test_command_info_flags(r):
    infos = reply(r, "COMMAND", "INFO", "set", "get", "incr", "ping", "flushall", "time")
    flags = {i[0]: set(i[2]) for i in infos}
    assert {b"write", b"denyoom"} <= flags[b"set"]
    assert {b"readonly", b"fast"} <= flags[b"get"]
    assert {b"write", b"denyoom", b"fast"} <= flags[b"incr"]
    assert b"fast" in flags[b"ping"]
    assert b"write" in flags[b"flushall"]
    assert b"fast" in flags[b"time"]


def test_command_info_of_an_unknown_command_is_nil(r):
    assert reply(r, "COMMAND", "INFO", "nosuchcommand", "get")[0] is None


def test_command_info_lists_subcommands(r):
    [info] = reply(r, "COMMAND", "INFO", "object")
    subs = {s[0] for s in info[9]}
    assert {b"object|encoding", b"object|refcount", b"object|idletime",
            b"object|freq", b"object|help"} <= subs
    [client] = reply(r, "COMMAND", "INFO", "client")
    assert {b"client|id", b"client|setname", b"client|getname", b"client|list",
            b"client|kill", b"client|info"} <= {s[0] for s in client[9]}


def test_command_docs_shape_for_get(r):
    docs = pairs(reply(r, "COMMAND", "DOCS", "get"))
    doc = pairs(docs[b"get"])
    assert {b"summary", b"since", b"group", b"complexity"} <= set(doc)
    assert doc[b"group"] == b"string"
    assert doc[b"since"] == b"1.0.0"
    args = [pairs(a) for a in doc[b"arguments"]]
    assert [(a[b"name"], a[b"type"]) for a in args] == [(b"key", b"key")]


def test_command_docs_of_unknown_commands_is_empty(r):
    assert reply(r, "COMMAND", "DOCS", "nosuchcommand") == []


@pytest.mark.parametrize("args,keys", [
    (["SET", "a", "b"], [b"a"]),
    (["GET", "k"], [b"k"]),
    (["MSET", "a", "1", "b", "2"], [b"a", b"b"]),
    (["DEL", "a", "b", "c"], [b"a", b"b", b"c"]),
    (["RENAME", "a", "b"], [b"a", b"b"]),
    (["COPY", "a", "b", "DB", "1"], [b"a", b"b"]),
    (["LCS", "a", "b"], [b"a", b"b"]),
    (["EXPIRE", "k", "10"], [b"k"]),
    (["OBJECT", "ENCODING", "k"], [b"k"]),
    # Keys counted by an argument (keynum key specs).
    (["LMPOP", "2", "a", "b", "LEFT"], [b"a", b"b"]),
    (["BLMPOP", "0", "2", "a", "b", "LEFT"], [b"a", b"b"]),
    (["ZMPOP", "1", "a", "MIN"], [b"a"]),
    (["BZMPOP", "1", "1", "z", "MIN", "COUNT", "2"], [b"z"]),
    (["SINTERCARD", "2", "a", "b", "LIMIT", "1"], [b"a", b"b"]),
    (["ZINTERCARD", "1", "a"], [b"a"]),
    (["ZUNION", "2", "a", "b"], [b"a", b"b"]),
    (["ZINTER", "2", "a", "b", "WEIGHTS", "1", "2"], [b"a", b"b"]),
    (["ZDIFF", "1", "a"], [b"a"]),
    (["ZUNIONSTORE", "d", "2", "a", "b"], [b"d", b"a", b"b"]),
    (["ZINTERSTORE", "d", "1", "a"], [b"d", b"a"]),
    (["ZDIFFSTORE", "d", "2", "a", "b"], [b"d", b"a", b"b"]),
    (["SORT", "k", "BY", "w_*", "STORE", "dst"], [b"k", b"dst"]),
])
def test_command_getkeys(r, args, keys):
    assert reply(r, "COMMAND", "GETKEYS", *args) == keys


@pytest.mark.parametrize("args", [
    ["LMPOP", "0", "a", "LEFT"], ["LMPOP", "5", "a", "LEFT"], ["LMPOP", "x", "a", "LEFT"],
    ["LMPOP", "-1", "a", "LEFT"], ["ZUNIONSTORE", "d", "3", "a", "b"], ["ZINTERCARD", "0", "a"],
])
def test_command_getkeys_with_a_bad_key_count(r, args):
    assert reply(r, "COMMAND", "GETKEYS", *args) == Err("ERR Invalid arguments specified for command")


def test_command_getkeys_errors(r):
    assert reply(r, "COMMAND", "GETKEYS", "PING", "x") == Err(
        "ERR The command has no key arguments")
    assert reply(r, "COMMAND", "GETKEYS", "nosuch", "a") == Err("ERR Invalid command specified")
    assert reply(r, "COMMAND", "GETKEYS", "GET", "a", "b") == Err(
        "ERR Invalid number of arguments specified for command")
    assert reply(r, "COMMAND", "GETKEYS", "SET", "a") == Err(
        "ERR Invalid number of arguments specified for command")
    assert reply(r, "COMMAND", "GETKEYS", "get") == arity_error("command|getkeys")


def test_command_unknown_subcommand_and_arity(r):
    assert reply(r, "COMMAND", "FOO") == Err("ERR unknown subcommand 'FOO'. Try COMMAND HELP.")
    assert reply(r, "COMMAND", "COUNT", "x") == arity_error("command|count")


COMPARED_COMMANDS = ["get", "set", "incr", "incrbyfloat", "mset", "msetnx", "mget", "del",
                     "exists", "expire", "ttl", "getex", "lcs", "rename", "copy", "scan",
                     "keys", "dbsize", "ping", "echo", "setrange", "append", "persist"]


# KeyDB's TTL, PTTL and PERSIST take an optional member: arity -2, not 2.
KEYDB_EXTENDED = {b"ttl", b"pttl", b"persist"}


def _comparable_info(info):
    name, arity, flags, first, last, step, cats, tips, specs, subs = info
    if name in KEYDB_EXTENDED:
        arity = None
    specs = [{k: v for k, v in pairs(s).items() if k != b"notes"} for s in specs]
    return (name, arity, sorted(flags), first, last, step, sorted(cats), sorted(tips), specs,
            sorted(_comparable_info(s) for s in subs))


@pytest.mark.parametrize("name", COMPARED_COMMANDS)
def test_command_info_matches_the_oracle(both, name):
    ours, oracle = both
    [got] = reply(ours, "COMMAND", "INFO", name)
    [want] = reply(oracle, "COMMAND", "INFO", name)
    assert got is not None, "%s missing from COMMAND INFO" % name
    assert _comparable_info(got) == _comparable_info(want)


# CLIENT's client-side caching subcommands (CACHING, TRACKING, TRACKINGINFO)
# belong to a later issue.
@pytest.mark.parametrize("name", ["get", "set", "expire", "object", "lcs", pytest.param(
    "client", marks=pytest.mark.requires("client|caching", "client|tracking",
                                         "client|trackinginfo"))])
def test_command_docs_group_and_arguments_match_the_oracle(both, name):
    def essentials(r):
        docs = pairs(reply(r, "COMMAND", "DOCS", name))
        assert name.encode() in docs
        doc = pairs(docs[name.encode()])
        args = [pairs(a).get(b"name") for a in doc.get(b"arguments", [])]
        subs = sorted(pairs(doc.get(b"subcommands", [])).keys())
        return doc[b"group"], doc[b"since"], args, subs
    ours, oracle = both
    assert essentials(ours) == essentials(oracle)


def test_command_getkeys_matches_the_oracle(both):
    for args in (["SET", "a", "b", "EX", "10"], ["MSETNX", "a", "1", "b", "2"],
                 ["EXISTS", "a", "b"], ["TOUCH", "x"], ["GETEX", "k", "PERSIST"]):
        assert_same(both, "COMMAND", "GETKEYS", *args)


# ---- TIME -----------------------------------------------------------------------------

def test_time_returns_seconds_and_microseconds(r):
    secs, usecs = reply(r, "TIME")
    assert re.match(rb"^\d+$", secs) and re.match(rb"^\d+$", usecs)
    assert abs(int(secs) + int(usecs) / 1e6 - time.time()) < 2
    assert 0 <= int(usecs) < 1000000


def test_time_advances(r):
    a = reply(r, "TIME")
    time.sleep(0.01)
    b = reply(r, "TIME")
    assert (int(b[0]), int(b[1])) > (int(a[0]), int(a[1]))


def test_time_wrong_arity(r):
    assert reply(r, "TIME", "x") == arity_error("time")


# ---- INFO -----------------------------------------------------------------------------

INFO_FIELDS = {
    "Server": ["redis_version", "redis_mode", "os", "arch_bits", "multiplexing_api",
               "process_id", "run_id", "tcp_port", "uptime_in_seconds", "uptime_in_days",
               "hz", "executable", "config_file"],
    "Clients": ["connected_clients", "maxclients", "blocked_clients"],
    "Memory": ["used_memory", "used_memory_human", "used_memory_rss", "used_memory_peak",
               "maxmemory", "maxmemory_human", "maxmemory_policy", "mem_allocator"],
    "Persistence": ["loading", "rdb_changes_since_last_save", "rdb_bgsave_in_progress",
                    "rdb_last_save_time", "aof_enabled"],
    "Stats": ["total_connections_received", "total_commands_processed",
              "instantaneous_ops_per_sec", "rejected_connections", "expired_keys",
              "evicted_keys", "keyspace_hits", "keyspace_misses", "total_error_replies"],
    "Replication": ["role", "connected_slaves", "master_replid", "master_repl_offset"],
    "CPU": ["used_cpu_sys", "used_cpu_user"],
}


def parse_info(text):
    """INFO text -> {section: {field: value}} (values as str)."""
    sections, current = {}, None
    for line in text.decode().split("\r\n"):
        if line.startswith("# "):
            current = sections.setdefault(line[2:], {})
        elif line:
            name, _, value = line.partition(":")
            current[name] = value
    return sections


def test_info_default_has_the_standard_sections_and_fields(r):
    text = reply(r, "INFO")
    assert text.endswith(b"\r\n")
    info = parse_info(text)
    for section, fields in INFO_FIELDS.items():
        assert section in info, "missing section %s" % section
        missing = [f for f in fields if f not in info[section]]
        assert not missing, "%s lacks %s" % (section, missing)
    assert "Keyspace" in info


def test_info_values_describe_this_server(r, server):
    info = parse_info(reply(r, "INFO"))
    assert info["Server"]["tcp_port"] == str(server.port)
    assert info["Server"]["process_id"] == str(server.proc.pid)
    assert info["Server"]["arch_bits"] == "64"
    assert info["Replication"]["role"] == "master"
    assert re.match(r"^[0-9a-f]{40}$", info["Server"]["run_id"])
    assert re.match(r"^[0-9a-f]{40}$", info["Replication"]["master_replid"])
    assert int(info["Clients"]["connected_clients"]) >= 1


def test_info_single_section(r):
    info = parse_info(reply(r, "INFO", "server"))
    assert list(info) == ["Server"]
    assert list(parse_info(reply(r, "INFO", "CLIENTS"))) == ["Clients"]


def test_info_several_sections(r):
    assert list(parse_info(reply(r, "INFO", "server", "clients"))) == ["Server", "Clients"]


def test_info_of_an_unknown_section_is_empty(r):
    assert reply(r, "INFO", "nosuchsection") == b""


def test_info_keyspace_reports_keys_and_expires_per_database(r):
    r.mset({"a": 1, "b": 2, "c": 3})
    r.expire("a", 100)
    reply(r, "SELECT", "3")
    r.set("x", "1")
    ks = parse_info(reply(r, "INFO", "keyspace"))["Keyspace"]
    assert set(ks) == {"db0", "db3"}
    assert re.match(r"^keys=3,expires=1,avg_ttl=\d+$", ks["db0"])
    assert ks["db3"] == "keys=1,expires=0,avg_ttl=0"


def test_info_stats_counts_keyspace_hits_and_misses(r):
    before = parse_info(reply(r, "INFO", "stats"))["Stats"]
    r.set("k", "v")
    reply(r, "GET", "k")
    reply(r, "GET", "k")
    reply(r, "GET", "nokey")
    after = parse_info(reply(r, "INFO", "stats"))["Stats"]
    assert int(after["keyspace_hits"]) - int(before["keyspace_hits"]) == 2
    assert int(after["keyspace_misses"]) - int(before["keyspace_misses"]) == 1


def test_info_all_and_everything_include_commandstats(r):
    reply(r, "GET", "k")
    for arg in ("all", "everything"):
        info = parse_info(reply(r, "INFO", arg))
        assert "Commandstats" in info and "Server" in info
        assert re.match(r"^calls=\d+,usec=\d+,usec_per_call=[\d.]+", info["Commandstats"]["cmdstat_get"])


# ---- CONFIG GET -----------------------------------------------------------------------

def test_config_get_port_and_databases(r, server):
    assert reply(r, "CONFIG", "GET", "port") == [b"port", str(server.port).encode()]
    assert reply(r, "CONFIG", "GET", "databases") == [b"databases", b"16"]


def test_config_get_several_parameters(r):
    got = pairs(reply(r, "CONFIG", "GET", "databases", "appendonly"))
    assert got == {b"databases": b"16", b"appendonly": b"no"}


def test_config_get_with_a_glob(r):
    got = pairs(reply(r, "CONFIG", "GET", "maxmemory*"))
    assert {b"maxmemory", b"maxmemory-policy", b"maxmemory-samples"} <= set(got)
    assert got[b"maxmemory"] == b"0"
    assert got[b"maxmemory-policy"] == b"noeviction"


def test_config_get_of_an_unknown_parameter_is_empty(r):
    assert reply(r, "CONFIG", "GET", "nosuchparameter") == []


def test_config_set_then_get(r):
    assert reply(r, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru") == b"OK"
    try:
        assert reply(r, "CONFIG", "GET", "maxmemory-policy") == [b"maxmemory-policy", b"allkeys-lru"]
    finally:
        reply(r, "CONFIG", "SET", "maxmemory-policy", "noeviction")


def test_config_set_errors(r):
    assert reply(r, "CONFIG", "SET", "nosuchparameter", "1") == Err(
        "ERR Unknown option or number of arguments for CONFIG SET - 'nosuchparameter'")


def test_config_wrong_arity_and_unknown_subcommand(r):
    assert reply(r, "CONFIG", "GET") == arity_error("config|get")
    assert reply(r, "CONFIG", "FOO") == Err("ERR unknown subcommand 'FOO'. Try CONFIG HELP.")


# ---- DEBUG SCRIPT FUNCTION --------------------------------------------------------------

def test_debug_sleep_zero_returns_ok(r):
    assert reply(r, "DEBUG", "SLEEP", "0") == b"OK"


def test_debug_sleep_blocks_for_the_given_time(r):
    t = time.monotonic()
    assert reply(r, "DEBUG", "SLEEP", "0.2") == b"OK"
    assert time.monotonic() - t >= 0.19


def test_debug_unknown_subcommand(r):
    assert reply(r, "DEBUG", "FOO") == Err(
        "ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.")


@pytest.mark.parametrize("args", [[], ["ASYNC"], ["SYNC"], ["async"]])
def test_script_flush(r, args):
    assert reply(r, "SCRIPT", "FLUSH", *args) == b"OK"


def test_script_flush_bad_option(r):
    assert reply(r, "SCRIPT", "FLUSH", "foo") == Err(
        "ERR SCRIPT FLUSH only support SYNC|ASYNC option")


@pytest.mark.parametrize("args", [[], ["ASYNC"], ["SYNC"]])
def test_function_flush(r, args):
    assert reply(r, "FUNCTION", "FLUSH", *args) == b"OK"


def test_function_flush_bad_option(r):
    assert reply(r, "FUNCTION", "FLUSH", "foo") == Err(
        "ERR FUNCTION FLUSH only supports SYNC|ASYNC option")


# ---- unknown commands, arity --------------------------------------------------------------

def test_unknown_command_error_previews_the_arguments(r):
    assert reply(r, "NOSUCHCMD") == Err(
        "ERR unknown command 'NOSUCHCMD', with args beginning with: ")
    assert reply(r, "nosuchcmd", "a", "b", "c d") == Err(
        "ERR unknown command 'nosuchcmd', with args beginning with: 'a' 'b' 'c d' ")


def test_unknown_command_error_truncates_long_arguments(r):
    got = reply(r, "nosuchcmd", "x" * 200, "y")
    assert got == Err("ERR unknown command 'nosuchcmd', with args beginning with: '%s' "
                      % ("x" * 128))
    got = reply(r, "c" * 200)
    assert got == Err("ERR unknown command '%s', with args beginning with: " % ("c" * 128))


def unknown_command_error(name, args):
    """Redis 7.0's text: the name cut at 128 bytes, then quoted arguments while
    the preview is shorter than 128 bytes, each cut to what is left of 128."""
    shown = ""
    for a in args:
        if len(shown) >= 128:
            break
        shown += "'%s' " % a[:128 - len(shown)]
    return Err("ERR unknown command '%s', with args beginning with: %s" % (name[:128], shown))


def test_unknown_command_error_limits_the_number_of_arguments(r):
    args = ["arg%02d" % i for i in range(40)]
    assert reply(r, "nosuchcmd", *args) == unknown_command_error("nosuchcmd", args)
    args = ["x" * 100, "y" * 100, "z"]
    assert reply(r, "nosuchcmd", *args) == unknown_command_error("nosuchcmd", args)


def test_unknown_command_error_sanitizes_newlines(r):
    got = reply(r, "nosuchcmd", "x\r\ny", "z")
    assert got == Err("ERR unknown command 'nosuchcmd', with args beginning with: 'x  y' 'z' ")


def test_unknown_command_with_an_odd_name_over_a_raw_socket(server):
    with server.raw() as c:
        assert c.command("bad\r\ncmd", "x") == \
            b"-ERR unknown command 'bad  cmd', with args beginning with: 'x' \r\n"
        assert c.command("", "x") == b"-ERR unknown command '', with args beginning with: 'x' \r\n"
        assert c.command("PING") == b"+PONG\r\n"


def test_unknown_command_error_matches_the_oracle(both):
    assert_same(both, "nosuchcmd", "x" * 100, "y" * 100, "z")
    assert_same(both, "nosuchcmd", *["a%d" % i for i in range(60)])
    assert_same(both, "nosuchcmd", "\x00\xff")


@pytest.mark.parametrize("args,name", [
    (["GET"], "get"), (["SET", "k"], "set"), (["INCR"], "incr"), (["DEL"], "del"),
    (["EXPIRE", "k"], "expire"), (["TTL"], "ttl"), (["MGET"], "mget"),
    (["ECHO"], "echo"), (["SELECT"], "select"), (["APPEND", "k"], "append"),
    (["STRLEN"], "strlen"), (["TYPE"], "type"), (["COPY", "a"], "copy"),
    (["DBSIZE", "x"], "dbsize"), (["RANDOMKEY", "x"], "randomkey"),
    (["SWAPDB", "0"], "swapdb"), (["GETDEL"], "getdel"), (["SETNX", "k"], "setnx"),
])
def test_wrong_number_of_arguments(r, args, name):
    assert reply(r, *args) == arity_error(name)


def test_wrong_arity_does_not_execute(r):
    reply(r, "SET", "k", "v", "EX")
    reply(r, "SETEX", "k2", "10")
    assert reply(r, "DBSIZE") == 0


STAT_COMMANDS = [
    ["GET", "s"], ["GET", "nokey"], ["MGET", "s", "nokey", "n"], ["EXISTS", "s", "nokey"],
    ["TYPE", "s"], ["STRLEN", "s"], ["GETRANGE", "s", "0", "1"], ["INCR", "n"],
    ["APPEND", "s", "x"], ["SET", "s", "v"], ["SET", "s", "w", "GET"], ["TTL", "s"],
    ["OBJECT", "ENCODING", "s"], ["DEL", "nokey"], ["GETDEL", "t"], ["GETEX", "s"],
    ["LCS", "s", "n"], ["SETNX", "s", "x"], ["RENAME", "s", "s2"], ["COPY", "s2", "s3"],
    ["EXPIRE", "s3", "100"], ["PERSIST", "s3"], ["TOUCH", "s3", "nokey"],
]


def test_keyspace_hits_and_misses_per_command_match_the_oracle(both):
    def stats(c):
        info = parse_info(reply(c, "INFO", "stats"))["Stats"]
        return int(info["keyspace_hits"]), int(info["keyspace_misses"])

    for c in both:
        c.mset({"s": "val", "n": "5", "t": "x"})
    for args in STAT_COMMANDS:
        deltas = []
        for c in both:
            before = stats(c)
            reply(c, *args)
            after = stats(c)
            deltas.append((after[0] - before[0], after[1] - before[1]))
        assert deltas[0] == deltas[1], "%r: ours (hits, misses) %r, oracle %r" % (
            args, deltas[0], deltas[1])


def test_expired_keys_counter_counts_lazy_and_active_expiry(r):
    def expired():
        return int(parse_info(reply(r, "INFO", "stats"))["Stats"]["expired_keys"])

    before = expired()
    r.set("lazy", "1", px=1)
    time.sleep(0.01)
    assert reply(r, "GET", "lazy") is None
    assert expired() == before + 1
    for i in range(10):
        r.set("active%d" % i, "1", px=1)
    assert wait_for(lambda: expired() == before + 11, timeout=5), expired() - before
