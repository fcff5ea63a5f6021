"""Per-command latency tracking: INFO latencystats, LATENCY HISTOGRAM,
latency-tracking and latency-tracking-info-percentiles, on both servers.

Durations differ between servers and runs, so these tests check the shapes
and the arithmetic the numbers must obey rather than the numbers.
"""
import re

import pytest

from helpers import reply

LINE = re.compile(r"^latency_percentiles_usec_([a-z|\-_]+):(.*)$")
FIGURE = re.compile(r"^p([0-9.]+)=(\d+\.\d{3})$")


def latencystats(r):
    """{command: [(percentile label, microseconds)]} from INFO latencystats."""
    text = reply(r, "INFO", "latencystats").decode()
    assert text.startswith("# Latencystats\r\n")
    out = {}
    for line in text.split("\r\n")[1:]:
        if not line:
            continue
        m = LINE.match(line)
        assert m, line
        figures = []
        for part in m.group(2).split(","):
            f = FIGURE.match(part)
            assert f, part
            figures.append((f.group(1), float(f.group(2))))
        out[m.group(1)] = figures
    return out


@pytest.fixture
def tracked(r):
    assert reply(r, "CONFIG", "RESETSTAT") == b"OK"
    yield r
    reply(r, "CONFIG", "SET", "latency-tracking", "yes")
    reply(r, "CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9")


def test_defaults(r):
    assert reply(r, "CONFIG", "GET", "latency-tracking") == [b"latency-tracking", b"yes"]
    assert reply(r, "CONFIG", "GET", "latency-tracking-info-percentiles") == [
        b"latency-tracking-info-percentiles", b"50 99 99.9"]


def test_called_commands_get_percentile_lines(tracked):
    r = tracked
    for _ in range(20):
        r.set("k", "v")
    r.get("k")
    stats = latencystats(r)
    assert "set" in stats and "get" in stats and "config|resetstat" in stats
    assert "incr" not in stats
    labels = [label for label, _ in stats["set"]]
    assert labels == ["50", "99", "99.9"]
    values = [v for _, v in stats["set"]]
    assert values == sorted(values)
    # Microsecond timing: each figure is a bucket's top, never below 1 us's.
    assert all(v >= 0.001 for v in values)


def test_percentiles_follow_the_config(tracked):
    r = tracked
    r.set("k", "v")
    assert reply(r, "CONFIG", "SET", "latency-tracking-info-percentiles", "0 12.5 100") == b"OK"
    labels = [label for label, _ in latencystats(r)["set"]]
    assert labels == ["0", "12.5", "100"]
    assert reply(r, "CONFIG", "SET", "latency-tracking-info-percentiles", "") == b"OK"
    assert reply(r, "INFO", "latencystats").decode().count("latency_percentiles_usec_set:\r\n") == 1


def test_resetstat_forgets_and_tracking_off_stops_recording(tracked):
    r = tracked
    r.set("k", "v")
    assert "set" in latencystats(r)
    assert reply(r, "CONFIG", "SET", "latency-tracking", "no") == b"OK"
    assert reply(r, "CONFIG", "RESETSTAT") == b"OK"
    r.set("k", "v")
    r.get("k")
    assert latencystats(r) == {}


def histogram(r, *names):
    raw = reply(r, "LATENCY", "HISTOGRAM", *names)
    out = {}
    for i in range(0, len(raw), 2):
        body = dict(zip(raw[i + 1][::2], raw[i + 1][1::2]))
        assert set(body) == {b"calls", b"histogram_usec"}
        steps = raw[i + 1][3]
        out[raw[i].decode()] = (body[b"calls"], list(zip(steps[::2], steps[1::2])))
    return out


def test_histogram_counts_are_cumulative_and_end_at_calls(tracked):
    r = tracked
    for _ in range(50):
        r.set("k", "v")
    for _ in range(7):
        r.get("k")
    h = histogram(r, "set", "get", "nosuchcommand")
    assert set(h) == {"set", "get"}
    assert h["set"][0] == 50 and h["get"][0] == 7
    for calls, steps in h.values():
        bounds = [b for b, _ in steps]
        counts = [n for _, n in steps]
        assert bounds == sorted(bounds) and len(set(bounds)) == len(bounds)
        assert counts == sorted(counts) and len(set(counts)) == len(counts)
        assert counts[-1] == calls
        # Steps double from 1 us: 1, 2, 4, 8, 16, 33, 66, 132, ...
        # (the top of the bucket holding 1024 ns << k, in whole microseconds).
        tops = {((1024 << k) + (1024 << k) // 128 - 1) // 1000 for k in range(20)}
        assert set(bounds) <= tops, bounds


def test_histogram_of_a_container_lists_its_subcommands(tracked):
    r = tracked
    reply(r, "CLIENT", "ID")
    reply(r, "CLIENT", "GETNAME")
    h = histogram(r, "client")
    assert set(h) == {"client|id", "client|getname"}
    assert set(histogram(r, "client|id")) == {"client|id"}
    everything = histogram(r)
    assert {"client|id", "client|getname", "config|resetstat"} <= set(everything)


def test_histogram_is_empty_for_commands_never_called(tracked):
    assert reply(tracked, "LATENCY", "HISTOGRAM", "incr", "decr") == []
