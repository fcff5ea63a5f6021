"""SLOWLOG GET/LEN/RESET/HELP with slowlog-log-slower-than and slowlog-max-len:
entry shape, argument truncation and redaction, trimming, disabling."""

import time

import pytest

from helpers import Err, reply

DEFAULTS = {"slowlog-log-slower-than": "10000", "slowlog-max-len": "128"}


@pytest.fixture
def slow(r):
    """r with every command logged (threshold 0) on an empty slow log; the
    defaults are restored afterwards."""
    assert reply(r, "CONFIG", "SET", "slowlog-log-slower-than", "0") == b"OK"
    assert reply(r, "SLOWLOG", "RESET") == b"OK"
    yield r
    for name, value in DEFAULTS.items():
        reply(r, "CONFIG", "SET", name, value)
    reply(r, "SLOWLOG", "RESET")


def argvs(entries):
    return [e[3] for e in entries]


def test_defaults(r):
    for name, value in DEFAULTS.items():
        assert reply(r, "CONFIG", "GET", name) == [name.encode(), value.encode()]


def test_entry_shape(slow):
    r = slow
    before = int(time.time())
    assert reply(r, "SET", "k", "v") == b"OK"
    entries = reply(r, "SLOWLOG", "GET")
    # Newest first: SET, then the SLOWLOG RESET of the fixture.
    assert argvs(entries) == [[b"SET", b"k", b"v"], [b"SLOWLOG", b"RESET"]]
    ident, when, duration, argv, peer, name = entries[0]
    assert ident == entries[1][0] + 1
    assert before - 1 <= when <= time.time() + 1
    assert isinstance(duration, int) and duration >= 0
    addr = dict(f.split(b"=", 1) for f in reply(r, "CLIENT", "INFO").split())[b"addr"]
    assert peer == addr
    assert name == b""


def test_name_of_the_client_is_recorded(slow):
    r = slow
    assert reply(r, "CLIENT", "SETNAME", "logger") == b"OK"
    reply(r, "PING")
    assert [e[5] for e in reply(r, "SLOWLOG", "GET", "3")] == [b"logger", b"logger", b""]


def test_long_arguments_are_cut_at_128_bytes(slow):
    r = slow
    reply(r, "SET", "k", "x" * 200)
    reply(r, "SET", "y" * 129, "z" * 128)
    entries = reply(r, "SLOWLOG", "GET", "2")
    assert entries[0][3] == [b"SET", b"y" * 128 + b"... (1 more bytes)", b"z" * 128]
    assert entries[1][3] == [b"SET", b"k", b"x" * 128 + b"... (72 more bytes)"]


def test_at_most_32_arguments_are_kept(slow):
    r = slow
    keys = ["k%d" % i for i in range(40)]
    assert reply(r, "DEL", *keys) == 0
    [argv] = argvs(reply(r, "SLOWLOG", "GET", "1"))
    assert len(argv) == 32
    assert argv[:31] == [b"DEL"] + [k.encode() for k in keys[:30]]
    assert argv[31] == b"... (10 more arguments)"
    reply(r, "DEL", *keys[:31])         # exactly 32 arguments: all kept
    [argv] = argvs(reply(r, "SLOWLOG", "GET", "1"))
    assert argv == [b"DEL"] + [k.encode() for k in keys[:31]]


def test_secrets_are_redacted(slow):
    r = slow
    assert isinstance(reply(r, "AUTH", "secret"), Err)
    assert isinstance(reply(r, "AUTH", "someone", "secret"), Err)
    assert reply(r, "CONFIG", "SET", "requirepass", "") == b"OK"
    assert argvs(reply(r, "SLOWLOG", "GET", "3")) == [
        [b"CONFIG", b"SET", b"requirepass", b"(redacted)"],
        [b"AUTH", b"(redacted)", b"(redacted)"],
        [b"AUTH", b"(redacted)"],
    ]


def test_get_count(slow):
    r = slow
    for i in range(5):
        reply(r, "PING", str(i))
    assert len(reply(r, "SLOWLOG", "GET")) == 6      # 5 PINGs and the RESET
    assert argvs(reply(r, "SLOWLOG", "GET", "2")) == [[b"SLOWLOG", b"GET"], [b"PING", b"4"]]
    assert reply(r, "SLOWLOG", "GET", "0") == []
    assert len(reply(r, "SLOWLOG", "GET", "-1")) == 9
    assert len(reply(r, "SLOWLOG", "GET", "1000")) == 10


@pytest.mark.parametrize("args,error", [
    (("GET", "-2"), "ERR count should be greater than or equal to -1"),
    (("GET", "abc"), "ERR count should be greater than or equal to -1"),
    (("GET", "1", "2"),
     "ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP."),
    (("LEN", "1"), "ERR wrong number of arguments for 'slowlog|len' command"),
    (("RESET", "1"), "ERR wrong number of arguments for 'slowlog|reset' command"),
    (("NOPE",), "ERR unknown subcommand 'NOPE'. Try SLOWLOG HELP."),
    ((), "ERR wrong number of arguments for 'slowlog' command"),
])
def test_errors(r, args, error):
    assert reply(r, "SLOWLOG", *args) == Err(error)


def test_len_and_reset(slow):
    r = slow
    assert reply(r, "SLOWLOG", "LEN") == 1           # the fixture's RESET
    reply(r, "PING")
    assert reply(r, "SLOWLOG", "LEN") == 3           # PING and the first LEN
    assert reply(r, "SLOWLOG", "RESET") == b"OK"
    assert reply(r, "SLOWLOG", "LEN") == 1           # the RESET itself


def test_ids_keep_growing_across_reset(slow):
    r = slow
    first = reply(r, "SLOWLOG", "GET", "1")[0][0]
    reply(r, "SLOWLOG", "RESET")
    assert reply(r, "SLOWLOG", "GET", "1")[0][0] > first


def test_max_len_trims_the_oldest(slow):
    r = slow
    assert reply(r, "CONFIG", "SET", "slowlog-max-len", "3") == b"OK"
    for i in range(10):
        reply(r, "PING", str(i))
    assert argvs(reply(r, "SLOWLOG", "GET", "-1")) == [
        [b"PING", b"9"], [b"PING", b"8"], [b"PING", b"7"]]
    assert reply(r, "CONFIG", "SET", "slowlog-max-len", "0") == b"OK"
    assert reply(r, "SLOWLOG", "LEN") == 0           # trimmed after the CONFIG SET
    reply(r, "CONFIG", "SET", "slowlog-max-len", "1")
    reply(r, "PING")
    assert argvs(reply(r, "SLOWLOG", "GET")) == [[b"PING"]]


def test_minus_one_disables_and_threshold_filters(slow):
    r = slow
    assert reply(r, "CONFIG", "SET", "slowlog-log-slower-than", "-1") == b"OK"
    reply(r, "SLOWLOG", "RESET")
    reply(r, "DEBUG", "SLEEP", "0")
    assert reply(r, "SLOWLOG", "LEN") == 0
    assert reply(r, "CONFIG", "SET", "slowlog-log-slower-than", "50000") == b"OK"
    reply(r, "PING")
    reply(r, "DEBUG", "SLEEP", "0.06")
    [entry] = reply(r, "SLOWLOG", "GET")
    assert entry[3] == [b"DEBUG", b"SLEEP", b"0.06"]
    assert 60000 <= entry[2] < 2000000


def test_config_errors(r):
    assert reply(r, "CONFIG", "SET", "slowlog-log-slower-than", "-2") == Err(
        "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - "
        "argument must be between -1 and 9223372036854775807 inclusive")
    assert reply(r, "CONFIG", "SET", "slowlog-max-len", "-1") == Err(
        "ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - "
        "argument must be between 0 and 9223372036854775807 inclusive")


def test_help(r):
    lines = reply(r, "SLOWLOG", "HELP")
    assert lines[0] == b"SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    for word in (b"GET [<count>]", b"LEN", b"RESET", b"HELP"):
        assert word in lines


def test_same_entries_as_the_oracle(both):
    """Everything but ids, times, durations and addresses matches Redis."""
    def run(r):
        reply(r, "CONFIG", "SET", "slowlog-log-slower-than", "0")
        reply(r, "SLOWLOG", "RESET")
        reply(r, "SET", "a" * 300, "1")
        reply(r, "MSET", *["k%d" % i for i in range(60)])
        reply(r, "GET", "a" * 300)
        reply(r, "AUTH", "x", "y")
        reply(r, "CLIENT", "SETNAME", "n1")
        reply(r, "INCR", "k0")
        got = reply(r, "SLOWLOG", "GET", "-1")
        length = reply(r, "SLOWLOG", "LEN")
        reply(r, "CONFIG", "SET", "slowlog-log-slower-than", "10000")
        reply(r, "SLOWLOG", "RESET")
        return [[len(e), e[3], e[5]] for e in got], length
    ours, oracle = both
    assert run(ours) == run(oracle)
