"""keydb/config.py: the config-file grammar, command-line merging, start-up
errors, CONFIG GET and CONFIG SET.

Where Debian's redis-server is installed it is the oracle: the FATAL CONFIG
FILE ERROR text is compared with what it writes to stderr for the same files
and command lines, and CONFIG GET/SET replies are compared with a running
redis-server configured from the same command line.
"""
import io
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
import redis
from hypothesis import HealthCheck, given, settings, strategies as st

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from keydb import config as cfg  # noqa: E402
from keydb.config import Config, ConfigError, ConfigSetError  # noqa: E402

REDIS_SERVER = shutil.which("redis-server")
needs_oracle = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")

#: Options the oracle does not have (KeyDB's own).
KEYDB_ONLY = {
    "active-client-balancing", "active-replica", "allow-rdb-resize-op",
    "allow-write-during-load", "availability-zone", "db-s3-object", "delete-on-evict",
    "enable-async-commands", "enable-async-rehash", "enable-keydb-fastsync", "enable-motd",
    "flash-disable-key-cache", "force-backlog-disk-reserve", "force-eviction-percent",
    "loading-process-events-interval-keys", "max-rand-count", "max-snapshot-slip",
    "maxclients-reserved", "maxstorage", "min-clients-per-thread", "multi-master",
    "multi-master-no-forward", "multithread-load-enabled", "overload-protect-percent",
    "prefetch-enabled", "repl-backlog-disk-reserve", "replica-quorum",
    "replica-weighting-factor", "scratch-file-path", "semi-ordered-set-bucket-size",
    "server-thread-affinity", "server-threads", "soft-shutdown", "storage-cache-mode",
    "storage-flush-period", "storage-provider", "storage-provider-options",
    "time-thread-priority", "tls-allowlist", "tls-rotation", "use-fork", "version-override",
}


def fatal(reason, linenum=None, line=None):
    text = "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
    if linenum is not None:
        text += "Reading the configuration file, at line %d\n>>> '%s'\n" % (linenum, line)
    return text + reason + "\n"


def load(text, apply=None):
    c = Config(apply)
    c.load_string(text)
    return c


def load_error(text):
    with pytest.raises(ConfigError) as info:
        load(text)
    return info.value.text


def set_error(c, *args):
    with pytest.raises(ConfigSetError) as info:
        c.set([a.encode() if isinstance(a, str) else a for a in args])
    return info.value.message


def get1(c, name):
    (pair,) = c.get([name.encode()])
    return pair[1].decode()


# ------------------------------------------------------------ the grammar

@pytest.mark.parametrize("line, args", [
    (b"a b", [b"a", b"b"]),
    (b"  a \t \"b c\"  d ", [b"a", b"b c", b"d"]),
    (b'"a\\x41\\n\\t\\r\\b\\a\\"\\\\"', [b"aA\n\t\r\b\a\"\\"]),
    (b'"\\x4g"', [b"x4g"]),                     # not a hex escape: \x is x
    (b"'it\\'s' 'a\\nb'", [b"it's", b"a\\nb"]),  # single quotes: only \'
    (b'foo"bar baz"', [b"foobar baz"]),         # a quote inside a word
    (b"'' \"\"", [b"", b""]),
    (b"", []),
    (b"a\0b c", [b"a"]),                        # NUL ends the line, as in C
    (b'"abc', None),
    (b'"a"b', None),
    (b"'a'b", None),
    (b'"a\\"', None),
])
def test_split_args_follows_sdssplitargs(line, args):
    assert cfg.split_args(line) == args


@pytest.mark.parametrize("text, value", [
    ("0", 0), ("1", 1), ("", 0), ("b", 0), ("10b", 10), ("1k", 1000), ("1K", 1000),
    ("1kb", 1024), ("1Kb", 1024), ("1KB", 1024), ("2m", 2000000), ("2mb", 2 * 1024**2),
    ("3g", 3 * 10**9), ("3gB", 3 * 1024**3),
    ("99999999999999999999", 2**64 - 1),                         # saturates like strtoull
    ("18446744073709551615k", (2**64 - 1) * 1000 % 2**64),      # wraps like C
    ("1" * 127, 2**64 - 1),
    ("1" * 128, None), ("-1", None), ("+1", None), ("1.5mb", None), ("1 mb", None),
    ("0x10", None), ("1t", None), ("k1", None),
])
def test_memory_units(text, value):
    assert cfg.memtoull(text) == value


@pytest.mark.parametrize("pattern, name, matches", [
    (b"*", b"port", True), (b"PO?T", b"port", True), (b"[pq]ort", b"port", True),
    (b"[^p]ort", b"port", False), (b"[a-z]ort", b"port", True), (b"[z-a]ort", b"port", True),
    (b"*max*", b"maxmemory-policy", True), (b"max*y", b"maxmemory-policy", True),
    (b"max*x", b"maxmemory-policy", False), (b"p\\ort", b"port", True),
    (b"p\\*", b"port", False), (b"p\\*", b"p*", True), (b"por[t", b"port", True),
    (b"port?", b"port", False), (b"**p**", b"port", True), (b"", b"", True),
])
def test_glob_matching(pattern, name, matches):
    assert cfg.string_match(pattern, name) is matches


def test_defaults_and_their_config_get_text():
    c = Config()
    assert c["port"] == 6379 and c["PORT"] == 6379
    assert c["bind"] == ["*", "-::*"]
    assert c["save"] == ["3600", "1", "300", "100", "60", "10000"]
    assert c["server-threads"] == 1 and c["server-thread-affinity"] is False
    assert c["dir"] == os.getcwd()
    assert c["replicaof"] == [] and c["slaveof"] == []
    got = dict(c.get([b"*"]))
    assert got[b"bind"] == b"* -::*"
    assert got[b"save"] == b"3600 1 300 100 60 10000"
    assert got[b"proto-max-bulk-len"] == b"536870912"
    assert got[b"client-query-buffer-limit"] == b"1073741824"
    assert got[b"unixsocketperm"] == b"0"
    assert got[b"protected-mode"] == b"yes" and got[b"daemonize"] == b"no"
    assert got[b"loglevel"] == b"notice" and got[b"maxmemory-policy"] == b"noeviction"
    assert got[b"enable-debug-command"] == b"no"
    assert got[b"replicaof"] == got[b"slaveof"] == b""
    assert set(got) == {n.encode() for o in cfg.OPTIONS for n in (o.name, *o.aliases)
                        if not o.hidden}
    with pytest.raises(KeyError):
        c["no-such-option"]


def test_comments_blank_lines_case_and_quotes():
    c = load(b"# comment\n\n   \t\nPORT 7000\r\n  loglevel   WARNING  \n"
             b"requirepass \"p\\x41ss word\"\nbind-source-addr 'it\\'s'\n"
             b"dbfilename \"\"\n")
    assert c["port"] == 7000 and c["loglevel"] == "warning"
    assert c["requirepass"] == "pAss word" and c["bind-source-addr"] == "it's"
    assert c["dbfilename"] == ""


def test_values_are_typed_and_formatted_like_redis():
    c = load("maxmemory 1gb\nproto-max-bulk-len 1mb\nunixsocketperm 700\n"
             "protected-mode NO\nhz 1000\nserver-threads 4\nserver-thread-affinity true\n"
             "databases 2\nmaxmemory-policy allkeys-LRU\n")
    assert c["maxmemory"] == 1024**3 and get1(c, "maxmemory") == "1073741824"
    assert c["unixsocketperm"] == 0o700 and get1(c, "unixsocketperm") == "700"
    assert c["protected-mode"] is False and get1(c, "protected-mode") == "no"
    assert c["hz"] == 500                              # clamped, like Redis
    assert load("hz 0\n")["hz"] == 1
    assert c["server-threads"] == 4 and c["server-thread-affinity"] is True
    assert c["maxmemory-policy"] == "allkeys-lru"
    offset = load("server-thread-affinity 3\n")
    assert offset["server-thread-affinity"] == 3 and get1(offset, "server-thread-affinity") == "3"


def test_unixsocketperm_reads_octal_like_strtoll():
    assert load("unixsocketperm 0777\n")["unixsocketperm"] == 0o777
    assert load("unixsocketperm ' 7'\n")["unixsocketperm"] == 7
    assert load("unixsocketperm ''\n")["unixsocketperm"] == 0


def test_repeated_save_lines_accumulate_and_empty_save_clears():
    assert load("save 10 1\nsave 20 2 30 3\n")["save"] == ["10", "1", "20", "2", "30", "3"]
    assert load("save 10 1\nsave \"\"\n")["save"] == []
    assert load("save 10 1\nsave \"\"\nsave 5 5\n")["save"] == ["5", "5"]
    assert load("save \"20 2\"\n")["save"] == ["20", "2"]        # one argument is split
    assert load("save +10 \" 1\"\n")["save"] == ["10", "1"]       # strtoll leniency
    assert load("")["save"] == ["3600", "1", "300", "100", "60", "10000"]


def test_repeated_bind_lines_replace():
    c = load("bind 127.0.0.1\nbind 127.0.0.1 ::1\n")
    assert c["bind"] == ["127.0.0.1", "::1"] and get1(c, "bind") == "127.0.0.1 ::1"
    assert load("bind \"10.0.0.1 10.0.0.2\"\n")["bind"] == ["10.0.0.1", "10.0.0.2"]
    assert load("bind \"\"\n")["bind"] == []


def test_replicaof_is_stored():
    c = load("slaveof 10.0.0.1 6380\n")
    assert c["replicaof"] == ["10.0.0.1", "6380"]
    got = dict(c.get([b"repl*", b"slaveof"]))
    assert (got[b"replicaof"], got[b"slaveof"]) == (b"10.0.0.1 6380", b"10.0.0.1 6380")
    assert load("replicaof h 1\nreplicaof no ONE\n")["replicaof"] == []
    assert load("replicaof \"h 12\"\n")["replicaof"] == ["h", "12"]


def test_deprecated_options_are_ignored():
    load("list-max-ziplist-entries 512\nlua-replicate-commands yes\n")
    assert load_error("list-max-ziplist-entries\n") == fatal(
        "Bad directive or wrong number of arguments", 1, "list-max-ziplist-entries")


def test_dir_is_absolute_and_relative_dirs_chain(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    c = load("dir %s\ndir a\ndir b\n" % tmp_path)
    assert c["dir"] == os.path.realpath(tmp_path / "a" / "b")
    assert get1(c, "dir") == c["dir"]


def test_include_nested_glob_and_relative_to_dir(tmp_path):
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "conf.d" / "1.conf").write_text("hz 7\nsave 10 1\n")
    (tmp_path / "conf.d" / "2.conf").write_text("hz 8\nsave 20 2\n")
    (tmp_path / "main.conf").write_text("port 7000\ninclude %s/conf.d/*.conf\n" % tmp_path)
    (tmp_path / "inc.conf").write_text("loglevel debug\ninclude main.conf\n")
    c = load("dir %s\ninclude inc.conf\ninclude conf.d/none-*.conf\nport 7001\n" % tmp_path)
    assert (c["port"], c["hz"], c["loglevel"]) == (7001, 8, "debug")
    assert c["save"] == ["10", "1", "20", "2"]


def test_error_in_an_included_file_names_its_own_line(tmp_path):
    (tmp_path / "inc.conf").write_text("port 1\n\nbad line\n")
    assert load_error("port 2\ninclude %s/inc.conf\n" % tmp_path) == fatal(
        "Bad directive or wrong number of arguments", 3, "bad line")


def test_missing_include_is_a_log_message(tmp_path):
    with pytest.raises(ConfigError) as info:
        load("include %s/nope.conf\n" % tmp_path)
    assert info.value.log_message
    assert info.value.text == ("Fatal error, can't open config file '%s/nope.conf': "
                               "No such file or directory\n" % tmp_path)


@pytest.mark.parametrize("text, linenum, line, reason", [
    ("port 6379\nfoo bar\n", 2, "foo bar", "Bad directive or wrong number of arguments"),
    ("port abc\n", 1, "port abc", "argument couldn't be parsed into an integer"),
    ("# c\n\nport 70000\n", 3, "port 70000", "argument must be between 0 and 65535 inclusive"),
    ("port\n", 1, "port", "wrong number of arguments"),
    ("port 1 2\n", 1, "port 1 2", "wrong number of arguments"),
    ("loglevel foo\n", 1, "loglevel foo",
     "argument(s) must be one of the following: debug, verbose, notice, warning"),
    ("server-threads 99\n", 1, "server-threads 99", "argument must be between 1 and 16 inclusive"),
    ("server-threads 0\n", 1, "server-threads 0", "argument must be between 1 and 16 inclusive"),
    ("server-thread-affinity maybe\n", 1, "server-thread-affinity maybe",
     "argument must be 'yes', 'no', 'true', 'false' or a CPU offset above 0"),
    ("server-thread-affinity 0\n", 1, "server-thread-affinity 0",
     "argument must be 'yes', 'no', 'true', 'false' or a CPU offset above 0"),
    ("daemonize 1\n", 1, "daemonize 1", "argument must be 'yes' or 'no'"),
    ("maxmemory 1x\n", 1, "maxmemory 1x", "argument must be a memory value"),
    ("unixsocketperm 800\n", 1, "unixsocketperm 800",
     "argument couldn't be parsed as an octal number"),
    ("unixsocketperm 1000\n", 1, "unixsocketperm 1000",
     "argument must be between 0 and 777 inclusive"),
    ("save 1\n", 1, "save 1", "Invalid save parameters"),
    ("port \"1\n", 1, "port \"1", "Unbalanced quotes in configuration line"),
    ("\t  port 'a'b   \r\n", 1, "port 'a'b", "Unbalanced quotes in configuration line"),
])
def test_fatal_error_block(text, linenum, line, reason):
    assert load_error(text) == fatal(reason, linenum, line)


def test_logfile_that_cannot_be_opened(tmp_path):
    assert load_error("logfile %s/no/such/dir.log\n" % tmp_path) == fatal(
        "Can't open the log file: No such file or directory")
    load("logfile %s/ok.log\n" % tmp_path)
    assert (tmp_path / "ok.log").exists()


# ----------------------------------------------------------- command line

@pytest.mark.parametrize("argv, options", [
    (["--port", "7000"], b'port "7000" '),
    (["--port", "7000", "--bind", "127.0.0.1", "::1"],
     b'port "7000" \nbind "127.0.0.1" "::1" '),
    (["--replicaof", "127.0.0.1 6379"], b'replicaof "127.0.0.1 6379" '),
    (["--port 7000", "--hz", "5"], b'port 7000 \nhz "5" '),
    (["--loglevel", "--port", "1"], b'loglevel "--port" "1" '),
    (["--save", "--port", "1"], b'save ""\nport "1" '),
    (["--port", "1", "--save"], b'port "1" \nsave ""'),
    (["--requirepass", 'a\tb"\\\x01'], b'requirepass "a\\tb\\"\\\\\\x01" '),
    (["--port", "1", "-", "2"], b'port "1" "-" "2" '),
])
def test_command_line_options_text(argv, options):
    assert cfg.split_argv(argv) == (None, False, options)


def test_command_line_overrides_the_file(tmp_path):
    conf = tmp_path / "keydb.conf"
    conf.write_text("port 7000\nsave 10 1\nbind 127.0.0.1")        # no final newline
    argv = [str(conf), "--port", "7001", "--save", "20 2", "--bind", "::1", "10.0.0.1"]
    assert cfg.parse_argv(argv) == (b'port 7000\nsave 10 1\nbind 127.0.0.1\n'
                                    b'port "7001" \nsave "20 2" \nbind "::1" "10.0.0.1" ')
    c = Config.from_argv(argv)
    assert c.config_file == str(conf)
    assert c["port"] == 7001 and c["bind"] == ["::1", "10.0.0.1"]
    assert c["save"] == ["10", "1", "20", "2"]                     # still reading: accumulates


def test_relative_config_file_is_made_absolute(tmp_path, monkeypatch):
    (tmp_path / "k.conf").write_text("hz 5\n")
    monkeypatch.chdir(tmp_path)
    c = Config.from_argv(["k.conf"])
    assert c.config_file == os.path.join(os.getcwd(), "k.conf") and c["hz"] == 5


def test_stdin_config(tmp_path):
    c = Config.from_argv(["-", "--hz", "6"], stdin=io.BytesIO(b"port 7002\n"))
    assert c.config_file is None and c.config_from_stdin
    assert (c["port"], c["hz"]) == (7002, 6)
    conf = tmp_path / "k.conf"
    conf.write_text("port 7000\n")
    c = Config.from_argv([str(conf), "-"], stdin=io.BytesIO(b"port 7003\n"))
    assert c["port"] == 7003 and c.config_file == str(conf)


def test_command_line_errors_count_lines_of_the_merged_text():
    with pytest.raises(ConfigError) as info:
        Config.from_argv(["--port", "7000", "--loglevel", "foo", "bar"])
    assert info.value.text == fatal("wrong number of arguments", 3, 'loglevel "foo" "bar"')


def test_missing_config_file():
    with pytest.raises(ConfigError) as info:
        Config.from_argv(["/nonexistent/keydb.conf"])
    assert info.value.log_message and "can't open config file" in info.value.text


def test_no_arguments_means_defaults():
    c = Config.from_argv([])
    assert c.config_file is None and c["port"] == 6379


# -------------------------------------------------------------- CONFIG GET

def test_config_get_patterns_once_each_in_the_clients_spelling():
    c = Config()
    assert c.get([b"PORT"]) == [(b"PORT", b"6379")]
    assert c.get([b"port", b"PORT", b"PO?T", b"*port"])[:1] == [(b"port", b"6379")]
    assert [n for n, _ in c.get([b"port", b"PORT", b"*port*"])].count(b"port") == 1
    assert c.get([b"nope", b"nope*"]) == []
    names = [n for n, _ in c.get([b"*max*", b"maxmemory"])]
    assert len(names) == len(set(names)) and all(b"max" in n for n in names)
    assert set(names) >= {b"maxmemory", b"maxmemory-policy", b"maxclients",
                          b"maxmemory-samples", b"maxmemory-eviction-tenacity",
                          b"proto-max-bulk-len"}
    assert [n for n, _ in c.get([b"slaveof", b"replicaof"])] == [b"slaveof", b"replicaof"]


# -------------------------------------------------------------- CONFIG SET

class Recorder:
    def __init__(self, fail=None):
        self.calls, self.fail = [], fail or {}

    def __call__(self, name, value):
        if name in self.fail and self.fail[name](value):
            raise OSError("Unable to listen on this port")
        self.calls.append((name, value))


def test_apply_all_passes_every_option_typed():
    rec = Recorder()
    c = load("bind 127.0.0.1\nmaxmemory 2mb\n", rec)
    assert rec.calls == []                      # loading never applies
    c.apply_all()
    assert [n for n, _ in rec.calls] == [o.name for o in cfg.OPTIONS]
    got = dict(rec.calls)
    assert got["bind"] == ["127.0.0.1"] and got["maxmemory"] == 2 * 1024**2
    assert got["protected-mode"] is True and got["loglevel"] == "notice"
    assert got["dir"] == os.getcwd()


def test_config_set_applies_changed_options_in_order():
    rec = Recorder()
    c = Config(rec)
    c.set([b"maxmemory", b"1mb", b"port", b"6379", b"SAVE", b"10 1 20 2", b"bind", b""])
    assert rec.calls == [("maxmemory", 1024 * 1024), ("save", ["10", "1", "20", "2"]),
                         ("bind", [])]
    assert c["save"] == ["10", "1", "20", "2"]   # CONFIG SET replaces, never accumulates
    c.set([b"save", b""])
    assert c["save"] == [] and rec.calls[-1] == ("save", [])


def test_config_set_is_all_or_nothing():
    rec = Recorder()
    c = Config(rec)
    assert set_error(c, "timeout", "5", "port", "abc") == (
        "ERR CONFIG SET failed (possibly related to argument 'port') - "
        "argument couldn't be parsed into an integer")
    assert c["timeout"] == 0 and rec.calls == []


def test_failing_apply_hook_rolls_back():
    rec = Recorder(fail={"port": lambda v: v == 1})
    c = Config(rec)
    assert set_error(c, "timeout", "5", "hz", "20", "port", "1", "maxclients", "9") == (
        "ERR CONFIG SET failed (possibly related to argument 'port') - "
        "Unable to listen on this port")
    assert (c["timeout"], c["hz"], c["port"], c["maxclients"]) == (0, 10, 6379, 10000)
    assert rec.calls == [("timeout", 5), ("hz", 20), ("hz", 10), ("timeout", 0)]


@pytest.mark.parametrize("args, message", [
    (["foo", "1"], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"),
    (["databases", "3"], "ERR CONFIG SET failed (possibly related to argument 'databases')"
                         " - can't set immutable config"),
    (["SERVER-THREADS", "3"], "ERR CONFIG SET failed (possibly related to argument "
                              "'SERVER-THREADS') - can't set immutable config"),
    (["Port", "1", "PORT", "2"], "ERR CONFIG SET failed (possibly related to argument "
                                 "'PORT') - duplicate parameter"),
    (["dir", "/"], "ERR CONFIG SET failed (possibly related to argument 'dir')"
                   " - can't set protected config"),
    (["port"], "ERR wrong number of arguments for 'config|set' command"),
    (["port", "1", "2"], "ERR syntax error"),
])
def test_config_set_refusals(args, message):
    assert set_error(Config(), *args) == message


def test_protected_configs_local_and_dir_checks(tmp_path):
    c = load("enable-protected-configs local\n")
    assert "protected" in set_error(c, "dbfilename", "x.rdb")
    c.set([b"dbfilename", b"x.rdb"], local_client=True)
    rec = Recorder()
    c = load("enable-protected-configs yes\n", rec)
    assert set_error(c, "dir", str(tmp_path / "none")).endswith("No such file or directory")
    (tmp_path / "f").write_text("")
    assert set_error(c, "dir", str(tmp_path / "f")).endswith("Not a directory")
    assert set_error(c, "dbfilename", "a/b").endswith("dbfilename can't be a path, just a filename")
    c.set([b"dir", str(tmp_path).encode()])
    assert rec.calls == [("dir", os.path.realpath(tmp_path))]


# ------------------------------------------------------- against the oracle

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oracle_stderr(argv, cwd, stdin=b""):
    p = subprocess.run([REDIS_SERVER, *argv], cwd=cwd, input=stdin,
                       capture_output=True, timeout=10)
    assert p.returncode == 1, p
    return p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def ours_error(argv, cwd, monkeypatch, stdin=b""):
    monkeypatch.chdir(cwd)
    with pytest.raises(ConfigError) as info:
        Config.from_argv(argv, stdin=io.BytesIO(stdin))
    return info.value


BAD_FILES = [
    "port 6379\nfoo bar\n",
    "port abc\n",
    "# x\n\nport 70000\n",
    "port\n",
    "port 1 2\n",
    "PORT \"\"\n",
    "loglevel foo\n",
    "maxmemory-policy lru\n",
    "enable-debug-command maybe\n",
    "daemonize maybe\n",
    "databases 0\n",
    "hz -1\n",
    "timeout -1\n",
    "maxclients 0\n",
    "maxmemory 1x\n",
    "maxmemory -1\n",
    "proto-max-bulk-len 10\n",
    "proto-max-bulk-len 99999999999999999999\n",
    "client-query-buffer-limit 1kb\n",
    "unixsocketperm 800\n",
    "unixsocketperm -1\n",
    "unixsocketperm 1000\n",
    "save 1\n",
    "save 0 1\n",
    "save 10 abc\n",
    "save \"10 1 20\"\n",
    "bind " + " ".join(["127.0.0.1"] * 17) + "\n",
    "replicaof 1.2.3.4\n",
    "replicaof 1.2.3.4 abc\n",
    "slaveof 1.2.3.4 99999\n",
    "dbfilename a/b\n",
    "dbfilename 'a\\b'\n",
    "dir /nonexistent\n",
    "dir /etc/hostname\n",
    "requirepass a b\n",
    "port \"abc\n",
    "port 'a'b\n",
    "  port \"1\"x  \n",
    "include\n",
    "logfile /nonexistent/x.log\n",
    "list-max-ziplist-value\n",
    "hz 5\ninclude inc.conf\n",
    "dir sub\ninclude inc.conf\n",
]

BAD_ARGV = [
    ["--port", "abc"],
    ["--port"],
    ["--port", "7000", "--loglevel"],
    ["--port", "7000", "--loglevel", "foo", "bar"],
    ["--port", "7000", "--loglevel", "foo bar"],
    ["--port", "7000", "--loglevel foo"],
    ["--foo", 'a\tb"\x01'],
    ["--loglevel", "--port", "abc"],
    ["--save", "--port", "abc"],
    ["--port", "abc", "--save"],
    ["--port", "7000", "extra"],
    ["--", "abc"],
    ["FILE", "--port", "abc"],
    ["FILE", "--bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"],
    ["-", "--hz", "x"],
    ["FILE", "-"],
    ["--port", "0", "--hz", "x", "-"],
]


@needs_oracle
def test_fatal_errors_match_redis_for_bad_files(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "inc.conf").write_text("loglevel warning\n\nbad line\n")
    (tmp_path / "sub" / "inc.conf").write_text("hz 5\nmaxmemory 1z\n")
    conf = tmp_path / "bad.conf"
    for text in BAD_FILES:
        conf.write_text(text)
        argv = [str(conf), "--port", "0"]   # never listens should a file be accepted
        _, expected = oracle_stderr(argv, tmp_path)
        assert ours_error(argv, tmp_path, monkeypatch).text == expected, text


@needs_oracle
def test_fatal_errors_match_redis_for_bad_command_lines(tmp_path, monkeypatch):
    conf = tmp_path / "ok.conf"
    conf.write_text("port 0\nhz 5")
    stdin = b"hz 6\nport abc\n"
    for argv in BAD_ARGV:
        argv = [str(conf) if a == "FILE" else a for a in argv]
        _, expected = oracle_stderr(argv, tmp_path, stdin)
        assert ours_error(argv, tmp_path, monkeypatch, stdin).text == expected, argv


@needs_oracle
def test_missing_files_match_redis_log_message(tmp_path, monkeypatch):
    for argv in (["nope.conf"], ["--include", "nope.conf"]):
        out, _ = oracle_stderr(argv, tmp_path)
        error = ours_error(argv, tmp_path, monkeypatch)
        assert error.log_message and error.text.rstrip("\n") in out


class Oracle:
    """A redis-server configured from a command line, and a client to it."""

    def __init__(self, argv, cwd):
        self.port = free_port()
        self.proc = subprocess.Popen([REDIS_SERVER, *argv, "--port", str(self.port)],
                                     cwd=cwd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.client = redis.Redis(port=self.port, socket_timeout=5)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("redis-server did not start: %r" % (argv,))
                time.sleep(0.01)

    def get(self, *names):
        return self.client.execute_command("CONFIG", "GET", *names)

    def set(self, *args):
        try:
            return self.client.execute_command("CONFIG", "SET", *args)
        except redis.ResponseError as e:
            return ConfigSetError("ERR " + str(e))    # redis-py strips the code

    def stop(self):
        self.client.close()
        self.proc.kill()            # no shutdown save
        self.proc.wait()


def ours_set(c, *args):
    try:
        c.set([a if isinstance(a, bytes) else str(a).encode() for a in args])
        return b"OK"
    except ConfigSetError as e:
        return e


def same_result(a, b):
    if isinstance(a, ConfigSetError) or isinstance(b, ConfigSetError):
        return type(a) is type(b) and a.message == b.message
    return a == b


SHARED = [o.name for o in cfg.OPTIONS if o.name not in KEYDB_ONLY and o.name != "port"]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Our Config and a redis-server, both from the same command line."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    tmp = tmp_path_factory.mktemp("oracle")
    argv = ["--bind", "127.0.0.1", "--save", "10 1", "--save", "20 2", "--hz", "1000",
            "--dir", str(tmp), "--enable-protected-configs", "yes", "--maxmemory", "1mb",
            "--loglevel", "WARNING", "--unixsocketperm", "0700"]
    oracle = Oracle(argv, tmp)
    ours = Config.from_argv(argv)
    yield ours, oracle
    oracle.stop()


def assert_same_state(ours, oracle):
    expected = oracle.get(*SHARED)
    got = dict(ours.get([n.encode() for n in SHARED]))
    assert got == {k: v for k, v in expected.items()}


def test_config_get_matches_redis(pair):
    ours, oracle = pair
    assert_same_state(ours, oracle)
    for patterns in ([b"PORT"], [b"*max*"], [b"SLAVE*", b"replicaof"], [b"port", b"PORT"],
                     [b"*"], [b"[a-e]*", b"*-*"]):
        expected = {k: v for k, v in oracle.get(*patterns).items()
                    if cfg.lookup(k) is not None and cfg.lookup(k).name not in KEYDB_ONLY}
        got = {k: v for k, v in ours.get(patterns)
               if cfg.lookup(k).name not in KEYDB_ONLY}
        assert got.keys() == expected.keys(), patterns
        assert {k: v for k, v in got.items() if k.lower() != b"port"} == {
            k: v for k, v in expected.items() if k.lower() != b"port"}, patterns


SET_SCRIPT = [
    ("timeout", "7"), ("timeout", "-1"), ("timeout", "007"), ("timeout", "+7"),
    ("tcp-keepalive", "abc"), ("maxclients", "4294967296"), ("maxclients", "0"),
    ("maxmemory", "2GB"), ("maxmemory", "99999999999999999999"), ("maxmemory", "1 mb"),
    ("maxmemory", ""), ("maxmemory", "kb"), ("proto-max-bulk-len", "100"),
    ("client-query-buffer-limit", "18446744073709551615"),
    ("hz", "0"), ("hz", "100000"), ("hz", "-0"), ("hz", "42"),
    ("loglevel", "foo"), ("loglevel", "Debug"), ("maxmemory-policy", "allkeys-LFU"),
    ("protected-mode", "maybe"), ("protected-mode", "NO"), ("dynamic-hz", "no"),
    ("save", "1 2 3"), ("save", "10 0  20 1"), ("save", "30 3 40 4"), ("save", ""),
    ("save", "0 1"), ("bind", " ".join(["127.0.0.1"] * 17)),
    ("requirepass", ""), ("bind-source-addr", "10.1.2.3"), ("dbfilename", "a/b"),
    ("dbfilename", "x.rdb"), ("dir", "/nonexistent"), ("dir", "/etc/hostname"),
    ("databases", "2"), ("unixsocketperm", "7"), ("replicaof", "no one"),
    ("enable-debug-command", "yes"), ("daemonize", "no"), ("foo", "1"),
    ("timeout", "1", "port", "x"), ("timeout", "1", "foo", "2", "databases", "1"),
    ("databases", "1", "foo", "2"), ("TIMEOUT", "1", "timeout", "2"),
    ("timeout", "3", "hz", "11", "maxmemory", "3mb"), ("timeout", "4", "hz", "x"),
]


def test_config_set_matches_redis(pair):
    ours, oracle = pair
    for args in SET_SCRIPT:
        expected = oracle.set(*args)
        got = ours_set(ours, *args)
        assert same_result(got, expected), (args, got, expected)
        assert_same_state(ours, oracle)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["timeout", "tcp-keepalive", "maxmemory", "proto-max-bulk-len",
                             "client-query-buffer-limit", "hz", "save",
                             "loglevel", "dynamic-hz"]),
       value=st.text(alphabet="0123456789 -+kKmMgGbBx\tyesnoYSdbug", max_size=8)
       | st.integers(-2**64, 2**65).map(str))
def test_config_set_values_match_redis(pair, name, value):
    ours, oracle = pair
    expected = oracle.set(name, value)
    got = ours_set(ours, name, value)
    assert same_result(got, expected), (name, value, got, expected)
    assert dict(ours.get([name.encode()])) == oracle.get(name)


@needs_oracle
@pytest.mark.parametrize("line", [
    '"a\\x41\\n\\t b"', "'it\\'s' ", '"\\x4g\\q"', "x\"y z\"", "'a\\nb'", '""', "a#b",
])
def test_quoted_values_match_redis(tmp_path, line):
    conf = tmp_path / "q.conf"
    conf.write_text("bind 127.0.0.1\nbind-source-addr %s\nsave \"15 5  \"\n" % line)
    ours = Config.from_argv([str(conf)])
    oracle = Oracle([str(conf)], tmp_path)
    try:
        for name in ("bind-source-addr", "save"):
            assert dict(ours.get([name.encode()])) == oracle.get(name), line
    finally:
        oracle.stop()
