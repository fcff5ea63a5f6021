"""LATENCY LATEST/HISTORY/RESET/DOCTOR/GRAPH/HELP and latency-monitor-threshold: the
"command" event recorded for commands that reach the threshold."""

import time

import pytest

from helpers import Err, reply


@pytest.fixture
def monitored(r):
    """r with a 50 ms latency threshold and no recorded events; monitoring is
    switched off and the events forgotten afterwards."""
    reply(r, "LATENCY", "RESET")
    assert reply(r, "CONFIG", "SET", "latency-monitor-threshold", "50") == b"OK"
    yield r
    reply(r, "CONFIG", "SET", "latency-monitor-threshold", "0")
    reply(r, "LATENCY", "RESET")


def test_threshold_default_is_off(r):
    assert reply(r, "CONFIG", "GET", "latency-monitor-threshold") == [
        b"latency-monitor-threshold", b"0"]
    reply(r, "LATENCY", "RESET")
    reply(r, "DEBUG", "SLEEP", "0.02")
    assert reply(r, "LATENCY", "LATEST") == []


def test_a_slow_command_is_recorded(monitored):
    r = monitored
    before = int(time.time())
    reply(r, "DEBUG", "SLEEP", "0.01")          # under the threshold
    assert reply(r, "LATENCY", "LATEST") == []
    assert reply(r, "DEBUG", "SLEEP", "0.06") == b"OK"
    [[event, when, latest, worst]] = reply(r, "LATENCY", "LATEST")
    assert event == b"command"
    assert before <= when <= time.time() + 1
    assert 60 <= latest < 2000 and worst == latest
    assert reply(r, "LATENCY", "HISTORY", "command") == [[when, latest]]


def test_one_sample_per_second_keeps_the_worst(monitored):
    r = monitored
    reply(r, "DEBUG", "SLEEP", "0.12")
    reply(r, "DEBUG", "SLEEP", "0.06")
    history = reply(r, "LATENCY", "HISTORY", "command")
    worst = reply(r, "LATENCY", "LATEST")[0][3]
    assert 1 <= len(history) <= 2
    assert worst >= 120 and max(s[1] for s in history) == worst
    assert [s[0] for s in history] == sorted(s[0] for s in history)


def test_history_of_an_unknown_event_is_empty(monitored):
    assert reply(monitored, "LATENCY", "HISTORY", "no-such-event") == []


def test_reset(monitored):
    r = monitored
    reply(r, "DEBUG", "SLEEP", "0.06")
    assert reply(r, "LATENCY", "RESET", "no-such-event") == 0
    assert reply(r, "LATENCY", "RESET", "no-such-event", "command") == 1
    assert reply(r, "LATENCY", "LATEST") == []
    assert reply(r, "LATENCY", "HISTORY", "command") == []
    reply(r, "DEBUG", "SLEEP", "0.06")
    assert reply(r, "LATENCY", "RESET") == 1
    assert reply(r, "LATENCY", "RESET") == 0


def test_doctor_is_text(monitored):
    r = monitored
    assert isinstance(reply(r, "LATENCY", "DOCTOR"), bytes)
    reply(r, "DEBUG", "SLEEP", "0.06")
    report = reply(r, "LATENCY", "DOCTOR")
    assert isinstance(report, bytes) and b"command" in report


def test_graph(monitored):
    r = monitored
    assert reply(r, "LATENCY", "GRAPH", "command") == Err(
        "ERR No samples available for event 'command'")
    reply(r, "DEBUG", "SLEEP", "0.06")
    lines = reply(r, "LATENCY", "GRAPH", "command").split(b"\n")
    latency = reply(r, "LATENCY", "LATEST")[0][2]
    assert lines[0] == b"command - high %d ms, low %d ms (all time high %d ms)" % (
        (latency,) * 3)
    assert lines[1] == b"-" * 80


@pytest.mark.parametrize("args,error", [
    (("HISTORY",), "ERR wrong number of arguments for 'latency|history' command"),
    (("GRAPH",), "ERR wrong number of arguments for 'latency|graph' command"),
    (("LATEST", "x"), "ERR wrong number of arguments for 'latency|latest' command"),
    (("DOCTOR", "x"), "ERR wrong number of arguments for 'latency|doctor' command"),
    (("NOPE",), "ERR unknown subcommand 'NOPE'. Try LATENCY HELP."),
    ((), "ERR wrong number of arguments for 'latency' command"),
])
def test_errors(r, args, error):
    assert reply(r, "LATENCY", *args) == Err(error)


def test_threshold_range(r):
    assert reply(r, "CONFIG", "SET", "latency-monitor-threshold", "-1") == Err(
        "ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - "
        "argument must be between 0 and 9223372036854775807 inclusive")


def test_help(r):
    lines = reply(r, "LATENCY", "HELP")
    assert lines[0] == b"LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    for word in (b"DOCTOR", b"GRAPH <event>", b"HISTORY <event>", b"LATEST",
                 b"RESET [<event> ...]", b"HELP"):
        assert word in lines
