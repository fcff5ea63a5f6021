"""keydb/config.py: every Redis 7.0 / KeyDB 6.3 option, CONFIG REWRITE, and
the root keydb.conf.

The option table is compared with Debian's redis-server 7.0.15 (the oracle):
CONFIG GET * of a default start, CONFIG SET of the options that have their
own value grammar, and the file CONFIG REWRITE leaves behind.  The root
keydb.conf must name every option and start the server unchanged.
"""
import os
import re
import stat
import sys

import pytest
import redis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from keydb import config as cfg  # noqa: E402
from keydb.config import Config, ConfigError, ConfigRewriteError, ConfigSetError  # noqa: E402
from helpers import Server, missing_reason  # noqa: E402

from test_config import (KEYDB_ONLY, Oracle, needs_oracle,  # noqa: E402
                         ours_set, same_result)

KEYDB_CONF = os.path.join(ROOT, "keydb.conf")
#: Values that depend on where and how the server was started.
PATH_DEPENDENT = {"dir", "port"}




# ------------------------------------------------------ the option table

@needs_oracle
def test_config_get_all_of_a_default_start_matches_redis(tmp_path):
    oracle = Oracle([], tmp_path)
    try:
        expected = oracle.get("*")
        hidden = {o.name: o for o in cfg.OPTIONS if o.hidden}
        expected_hidden = oracle.get(*hidden)
    finally:
        oracle.stop()
    got = dict(Config().get([b"*"]))
    names = {k.decode() for k in got}
    assert set(expected) <= got.keys(), set(expected) - got.keys()
    for name, value in expected.items():
        if name.decode() not in PATH_DEPENDENT:
            assert got[name] == value, name
    # what we report beyond the oracle is exactly KeyDB's own options
    assert names - {k.decode() for k in expected} == KEYDB_ONLY
    assert dict(Config().get([n.encode() for n in hidden])) == expected_hidden
    assert not any(o.name in names for o in hidden.values())


def test_every_option_has_a_known_shape():
    c = Config()
    for opt in cfg.OPTIONS:
        assert opt.format(c[opt.name]) is not None
        assert opt.rewrite_lines(c[opt.name]) is None or all(
            isinstance(text, str) for text, _ in opt.rewrite_lines(c[opt.name]))


SET_SCRIPT = [
    ("notify-keyspace-events", "KEA"), ("notify-keyspace-events", "gx"),
    ("notify-keyspace-events", "Ex"), ("notify-keyspace-events", "nm"),
    ("notify-keyspace-events", "Kn"), ("notify-keyspace-events", "AKEmn"),
    ("notify-keyspace-events", "g$lshzxetd"), ("notify-keyspace-events", "Q"),
    ("notify-keyspace-events", ""),
    ("latency-tracking-info-percentiles", "12.3456789 50"),
    ("latency-tracking-info-percentiles", "0 100"), ("latency-tracking-info-percentiles", ""),
    ("latency-tracking-info-percentiles", "1e1"), ("latency-tracking-info-percentiles", "  5"),
    ("latency-tracking-info-percentiles", "101"), ("latency-tracking-info-percentiles", "x"),
    ("latency-tracking-info-percentiles", "50 99 99.9"),
    ("oom-score-adj-values", "1 2"), ("oom-score-adj-values", "a b c"),
    ("oom-score-adj-values", "-2001 0 0"), ("oom-score-adj-values", "3 2 1"),
    ("oom-score-adj-values", " 1 2 3"), ("oom-score-adj-values", "0 200 800"),
    ("maxmemory-clients", "10%"), ("maxmemory-clients", "0%"), ("maxmemory-clients", "101%"),
    ("maxmemory-clients", "1mb"), ("maxmemory-clients", "5 %"), ("maxmemory-clients", "%"),
    ("maxmemory-clients", "99999999999999999999"), ("maxmemory-clients", "0"),
    ("shutdown-on-sigint", "now nosave"), ("shutdown-on-sigint", "save nosave"),
    ("shutdown-on-sigint", "default now"), ("shutdown-on-sigint", ""),
    ("shutdown-on-sigterm", "NOW"), ("shutdown-on-sigterm", "maybe"),
    ("shutdown-on-sigterm", "default"),
    ("client-output-buffer-limit", "normal 1 2 3"),
    ("client-output-buffer-limit", "pubsub 1mb 2k 3"),
    ("client-output-buffer-limit", "master 1 2 3"), ("client-output-buffer-limit", "normal 1 2"),
    ("client-output-buffer-limit", "normal a 2 3"),
    ("client-output-buffer-limit", "replica 1 2 -1"),
    ("client-output-buffer-limit", "slave 1 2 3 normal 0 0 0"),
    ("cluster-announce-hostname", "a_b"), ("cluster-announce-hostname", "host-1.example"),
    ("appendfsync", "ALWAYS"), ("appendfsync", "sometimes"), ("oom-score-adj", "relative"),
    ("repl-diskless-load", "swapdb"), ("sanitize-dump-payload", "clients"),
    ("acl-pubsub-default", "allchannels"), ("tls-auth-clients", "optional"),
    ("hash-max-ziplist-entries", "100"), ("hash-max-listpack-value", "1kb"),
    ("zset-max-ziplist-value", "-1"), ("list-max-ziplist-size", "-5"),
    ("list-max-listpack-size", "99999999999"), ("slave-priority", "7"),
    ("min-slaves-to-write", "2"), ("cluster-slave-validity-factor", "3"),
    ("repl-ping-slave-period", "0"), ("slave-announce-ip", "10.0.0.1"),
    ("active-defrag-cycle-max", "100"), ("active-defrag-ignore-bytes", "0"),
    ("active-expire-effort", "11"), ("slowlog-log-slower-than", "-2"),
    ("lua-time-limit", "-1"), ("busy-reply-threshold", "100"), ("tls-port", "65536"),
    ("stream-node-max-bytes", "4gb"), ("io-threads", "2"), ("rdbchecksum", "no"),
    ("cluster-link-sendbuf-limit", "99999999999999999999"), ("key-load-delay", "-5"),
    ("loading-process-events-interval-bytes", "1000"), ("watchdog-period", "0"),
    ("use-exit-on-panic", "maybe"), ("lua-enable-deprecated-api", "yes"),
    ("masterauth", "secret"), ("masteruser", "u"), ("aclfile", "x"), ("socket-mark-id", "1"),
    ("lazyfree-lazy-user-flush", "yes"), ("latency-tracking", "no"),
    ("propagation-error-behavior", "panic-on-replicas"), ("jemalloc-bg-thread", "no"),
    ("proc-title-template", "{title}"), ("proc-title-template", "x"),
    ("proc-title-template", "{bad}"), ("proc-title-template", "{title"),
    ("proc-title-template", "{{title}}"), ("proc-title-template", " {title}"),
    ("proc-title-template", "x {title}"), ("proc-title-template", "{server-mode}"),
    ("proc-title-template", "{title} {listen-addr} {server-mode}"),
    ("ignore-warnings", "ARM64-COW-BUG"),
    ("timeout", "1", "notify-keyspace-events", "Z"),
    ("timeout", "2", "client-output-buffer-limit", "pubsub 0 0 0", "hz", "x"),
]


@needs_oracle
def test_config_set_of_the_new_options_matches_redis(tmp_path):
    argv = ["--enable-protected-configs", "yes", "--dir", str(tmp_path)]
    oracle = Oracle(argv, tmp_path)
    ours = Config.from_argv(argv)
    try:
        for args in SET_SCRIPT:
            expected = oracle.set(*args)
            got = ours_set(ours, *args)
            assert same_result(got, expected), (args, got, expected)
            names = [a.encode() for a in args[0::2]]
            assert dict(ours.get(names)) == oracle.get(*names), args
    finally:
        oracle.stop()


def test_keydb_options_load_set_and_report():
    c = Config()
    c.load_string("server-threads 4\nactive-replica yes\nmulti-master yes\n"
                  "replica-weighting-factor 3\nmin-clients-per-thread 50\n"
                  "storage-provider flash /tmp/flash\ndb-s3-object /bucket/dump\n"
                  "enable-pro\nenable-pro some license\n")
    got = {k.decode(): v.decode() for k, v in c.get([b"*"])}
    assert got["active-replica"] == "yes" and got["multi-master"] == "yes"
    assert got["storage-provider"] == "flash /tmp/flash"
    assert got["min-clients-per-thread"] == "50" and got["server-threads"] == "4"
    c.set([b"replica-weighting-factor", b"5", b"active-replica", b"no"])
    assert c["replica-weighting-factor"] == 5 and c["active-replica"] is False
    with pytest.raises(ConfigSetError) as info:
        c.set([b"multi-master", b"no"])
    assert info.value.message.endswith("can't set immutable config")
    with pytest.raises(ConfigSetError) as info:
        c.set([b"min-clients-per-thread", b"401"])
    assert info.value.message.endswith("argument must be between 0 and 400 inclusive")


# ------------------------------------------------------------- rewrite

def rewritten(tmp_path, text, *sets, argv=()):
    conf = tmp_path / "k.conf"
    conf.write_text(text)
    c = Config.from_argv([str(conf), *argv])
    for args in sets:
        c.set([a.encode() for a in args])
    c.rewrite()
    return conf.read_text()


def test_rewrite_without_a_config_file():
    with pytest.raises(ConfigRewriteError) as info:
        Config().rewrite()
    assert info.value.message == "ERR The server is running without a config file"


def test_rewrite_keeps_comments_and_order_and_appends_changes(tmp_path):
    text = ("# top\nport 7000\n\n# network\nslaveof 10.0.0.1 6380\n"
            "hash-max-ziplist-entries 100\ninclude /nonexistent-never-read.conf\n"
            "rename-command FLUSHALL \"\"\nlist-max-ziplist-entries 512\n"
            "timeout 5\ntimeout 6\nmaxmemory 1mb\nloglevel notice\n")
    conf = tmp_path / "k.conf"
    conf.write_text(text.replace("include /nonexistent-never-read.conf\n", ""))
    c = Config.from_argv([str(conf)])
    conf.write_text(text)           # the include is kept, never read again
    c.set([b"timeout", b"0", b"maxmemory", b"2mb", b"maxclients", b"5000",
           b"notify-keyspace-events", b"KEA", b"hash-max-listpack-entries", b"512"])
    c.rewrite()
    lines = conf.read_text().split("\n")
    head = ("# top\nport 7000\n\n# network\nreplicaof 10.0.0.1 6380\n"
            "hash-max-listpack-entries 512\ninclude /nonexistent-never-read.conf\n"
            "rename-command FLUSHALL \"\"\n# ??? list-max-ziplist-entries 512\n"
            "timeout 0\n\nmaxmemory 2mb\nloglevel notice\n\n"
            "# Generated by CONFIG REWRITE\n").split("\n")[:-1]
    assert lines[:len(head)] == head
    tail = set(lines[len(head):]) - {""}
    assert tail == {'save 3600 1', 'save 300 100', 'save 60 10000',
                    'dir "%s"' % c["dir"], 'maxclients 5000',
                    'notify-keyspace-events "AKE"',
                    'latency-tracking-info-percentiles 50 99 99.9',
                    'user default on nopass ~* &* +@all'}
    assert conf.read_text().endswith("\n") and "\n\n\n" not in conf.read_text()


def test_rewrite_writes_the_default_user_and_reads_it_back(tmp_path):
    # As Redis without an aclfile: the default user's line carries the
    # password's SHA-256 (or nopass) and replaces the file's earlier one.
    conf = tmp_path / "k.conf"
    conf.write_text("port 7000\nuser default on nopass ~* &* +@all\n")
    c = Config.from_argv([str(conf)])
    c.set([b"requirepass", b"foo"])
    c.rewrite()
    text = conf.read_text()
    digest = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
    assert "user default on #%s ~* &* +@all\n" % digest in text
    assert 'requirepass "foo"\n' in text and text.count("user default") == 1
    assert Config.from_argv([str(conf)])["requirepass"] == "foo"
    c.set([b"requirepass", b""])
    c.rewrite()
    assert "user default on nopass ~* &* +@all\n" in conf.read_text()
    assert Config.from_argv([str(conf)])["requirepass"] == ""


@pytest.mark.parametrize("line,error", [
    ("user default on #%s ~* &* +@all" % ("0" * 64), "password hash must match requirepass"),
    ("user default on nopass ~foo:* +@all", "ACL rule '~foo:*' for the default user"),
])
def test_user_lines_we_cannot_honour_are_refused(tmp_path, line, error):
    conf = tmp_path / "k.conf"
    conf.write_text(line + "\n")
    with pytest.raises(ConfigError) as exc:
        Config.from_argv([str(conf)])
    assert error in str(exc.value)


def test_a_password_in_a_user_line_sets_requirepass(tmp_path):
    conf = tmp_path / "k.conf"
    conf.write_text("user default on >s3cret ~* &* +@all\nuser alice on >pw ~* +@all\n")
    assert Config.from_argv([str(conf)])["requirepass"] == "s3cret"


def test_rewrite_twice_is_stable_and_signs_once(tmp_path):
    conf = tmp_path / "k.conf"
    conf.write_text("port 7000\n")
    os.chmod(conf, 0o640)
    c = Config.from_argv([str(conf)])
    c.set([b"hz", b"20", b"client-output-buffer-limit", b"normal 1mb 0 0"])
    c.rewrite()
    first = conf.read_text()
    c.rewrite()
    assert conf.read_text() == first and first.count("# Generated by CONFIG REWRITE") == 1
    assert "hz 20\n" in first and "client-output-buffer-limit normal 1mb 0 0\n" in first
    assert stat.S_IMODE(os.stat(conf).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["k.conf"]
    again = Config.from_argv([str(conf)])
    assert again.items() == c.items()


def test_rewrite_removes_emptied_strings_and_forces_what_redis_forces(tmp_path):
    text = rewritten(tmp_path, "requirepass foo\nmasterauth bar\nbind-source-addr 1.2.3.4\n"
                     "unixsocketperm 700\nshutdown-on-sigint now nosave\nsave 10 1\nsave 20 2\n",
                     ("requirepass", "", "masterauth", "", "bind-source-addr", "",
                      "maxmemory-clients", "10%", "hash-max-listpack-value", "1024",
                      "save", "30 3"))
    lines = text.split("\n")
    assert lines[:5] == ["unixsocketperm 700", "shutdown-on-sigint nosave now", "save 30 3",
                         "", "# Generated by CONFIG REWRITE"]
    assert "maxmemory-clients 10%" in lines and "hash-max-listpack-value 1kb" in lines
    assert not any(l.startswith(("requirepass", "masterauth", "bind-source")) for l in lines)


def test_rewrite_of_a_vanished_file_writes_a_new_one(tmp_path):
    conf = tmp_path / "k.conf"
    conf.write_text("port 7000\n")
    c = Config.from_argv([str(conf)])
    conf.unlink()
    c.rewrite()
    assert conf.read_text().startswith("# Generated by CONFIG REWRITE\n")
    assert "port 7000\n" in conf.read_text()


def test_rewrite_errors_are_oserrors(tmp_path):
    sub = tmp_path / "ro"
    sub.mkdir()
    conf = sub / "k.conf"
    conf.write_text("port 7000\n")
    c = Config.from_argv([str(conf)])
    os.chmod(sub, 0o500)
    try:
        if os.access(sub, os.W_OK):
            pytest.skip("running as root: directory permissions are not enforced")
        with pytest.raises(OSError):
            c.rewrite()
    finally:
        os.chmod(sub, 0o700)


REWRITE_FILE = ("# a comment\nport 0\nsave 100 1\nsave 200 2\n\n# network\nbind 127.0.0.1\n"
                "slaveof 127.0.0.1 1\nhash-max-ziplist-entries 100\n"
                "list-max-ziplist-entries 512\ntimeout 5\ntimeout 6\nmaxmemory 1mb\n"
                "loglevel notice\ntcp-keepalive 300\nrequirepass \"\"\n"
                "client-output-buffer-limit pubsub 1mb 0 0\n")
REWRITE_SETS = ["timeout", "0", "maxmemory", "2mb", "hz", "11", "maxclients", "5000",
                "notify-keyspace-events", "KEA", "hash-max-listpack-entries", "512",
                "save", "", "oom-score-adj-values", "0 100 900", "maxmemory-clients", "5%",
                "shutdown-on-sigterm", "nosave now", "client-output-buffer-limit",
                "normal 1gb 1kb 5"]


def _running(kind, tmp_path):
    reason = missing_reason(kind)
    if reason:
        pytest.skip(reason)
    workdir = tmp_path / kind
    workdir.mkdir()
    return Server(kind, config_text=REWRITE_FILE, workdir=str(workdir))


@pytest.mark.parametrize("kind", ["keydb", "redis"])
def test_config_rewrite_through_the_server(kind, tmp_path):
    """CONFIG REWRITE over the wire: the in-place part of the file is
    byte-equal between us and the oracle; the appended part holds the same
    lines (the order of those follows each server's option table)."""
    with _running(kind, tmp_path) as srv:
        r = srv.client()
        assert r.execute_command("CONFIG", "SET", *REWRITE_SETS) == b"OK"
        assert r.execute_command("CONFIG", "REWRITE") == b"OK"
        with open(os.path.join(srv.workdir, "server.conf")) as f:
            text = f.read()
    head, _, tail = text.partition("\n# Generated by CONFIG REWRITE\n")
    assert head == ("# a comment\nport %d\nsave \"\"\n\n# network\nbind 127.0.0.1\n"
                    "replicaof 127.0.0.1 1\nhash-max-listpack-entries 512\n"
                    "# ??? list-max-ziplist-entries 512\ntimeout 0\n\nmaxmemory 2mb\n"
                    "loglevel notice\ntcp-keepalive 300\n\n"
                    "client-output-buffer-limit normal 1gb 1kb 5\n" % srv.port)
    appended = {l for l in tail.split("\n") if l and not l.startswith("user ")}
    assert appended == {
        'dir "%s"' % os.path.realpath(srv.workdir), "hz 11", "maxclients 5000",
        "enable-debug-command yes", 'notify-keyspace-events "AKE"',
        "latency-tracking-info-percentiles 50 99 99.9", "oom-score-adj-values 0 100 900",
        "maxmemory-clients 5%", "shutdown-on-sigterm nosave now",
        "client-output-buffer-limit pubsub 1mb 0 0"}


def test_config_rewrite_without_a_file_over_the_wire():
    kind = "keydb"
    reason = missing_reason(kind)
    if reason:
        pytest.skip(reason)
    with Server(kind) as srv:
        with pytest.raises(redis.ResponseError) as info:
            srv.client().execute_command("CONFIG", "REWRITE")
    assert str(info.value) == "The server is running without a config file"


# ------------------------------------------------------------ keydb.conf

def _conf_lines():
    with open(KEYDB_CONF) as f:
        return f.read().split("\n")


def test_keydb_conf_names_every_option():
    named = set()
    for line in _conf_lines():
        m = re.match(r"#? ?([a-z][a-z0-9_-]*)(?: |$)", line)
        if m:
            named.add(m.group(1))
    missing = [o.name for o in cfg.OPTIONS if o.name not in named]
    assert not missing, missing


def test_keydb_conf_sets_only_defaults():
    """Every active line of keydb.conf gives an option its default value,
    so starting with the file behaves as starting without one."""
    c = Config.from_argv([KEYDB_CONF])
    assert c.items() == Config().items()


def test_keydb_conf_sections_follow_keydb():
    sections = [m.group(1) for m in (re.match(r"#+ ([A-Z][A-Z /&-]+[A-Z]) #+$", l)
                                     for l in _conf_lines()) if m]
    for name in ("NETWORK", "TLS/SSL", "GENERAL", "SNAPSHOTTING", "REPLICATION",
                 "KEYS TRACKING", "SECURITY", "CLIENTS", "MEMORY MANAGEMENT",
                 "LAZY FREEING", "THREADED I/O", "APPEND ONLY MODE", "SHUTDOWN",
                 "LUA SCRIPTING", "REDIS CLUSTER", "SLOW LOG", "LATENCY MONITOR",
                 "EVENT NOTIFICATION", "ADVANCED CONFIG", "ACTIVE DEFRAGMENTATION",
                 "KEYDB"):
        assert name in sections, (name, sections)


def test_the_server_starts_with_keydb_conf(tmp_path):
    reason = missing_reason("keydb")
    if reason:
        pytest.skip(reason)
    with open(KEYDB_CONF) as f:
        text = f.read()
    with Server("keydb", config_text=text, workdir=str(tmp_path)) as srv:
        r = srv.client()
        assert r.ping()
        got = r.execute_command("CONFIG", "GET", "server-threads")
        assert dict(zip(got[0::2], got[1::2])) == {b"server-threads": b"1"}


@pytest.mark.skipif(not os.access("/etc/redis/redis.conf", os.R_OK),
                    reason="no readable /etc/redis/redis.conf")
def test_debians_redis_conf_loads():
    """Debian's own redis.conf is read without an error (paths it names
    that may not exist here are left out)."""
    with open("/etc/redis/redis.conf", "rb") as f:
        text = f.read()
    text = re.sub(rb"(?m)^(logfile|pidfile|dir|unixsocket|include) .*$", b"", text)
    Config().load_string(text)
