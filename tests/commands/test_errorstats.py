"""INFO errorstats (errors counted by prefix), total_error_replies, and the
failed_calls / rejected_calls of INFO commandstats, compared with Redis 7.0."""

import re

from helpers import Err, reply


def section(r, name):
    """The lines of one INFO section, its title left out."""
    text = reply(r, "INFO", name).decode()
    return [line for line in text.split("\r\n") if line and not line.startswith("#")]


def total_errors(r):
    text = reply(r, "INFO", "stats").decode()
    return int(re.search(r"total_error_replies:(\d+)", text).group(1))


def command_stats(r):
    """{command: (calls, rejected_calls, failed_calls)}."""
    stats = {}
    for line in section(r, "commandstats"):
        m = re.match(r"cmdstat_(\S+):calls=(\d+),usec=\d+,usec_per_call=[\d.]+,"
                     r"rejected_calls=(\d+),failed_calls=(\d+)$", line)
        assert m, line
        stats[m.group(1)] = tuple(int(x) for x in m.group(2, 3, 4))
    return stats


def make_errors(r):
    reply(r, "SET", "s", "abc")
    assert isinstance(reply(r, "INCR", "s"), Err)              # failed: ERR
    assert isinstance(reply(r, "INCR", "s"), Err)
    assert isinstance(reply(r, "GET"), Err)                    # rejected: arity
    assert isinstance(reply(r, "NO-SUCH-COMMAND", "x"), Err)   # no command to count
    assert isinstance(reply(r, "CONFIG", "NO-SUCH"), Err)      # unknown subcommand
    assert isinstance(reply(r, "CONFIG"), Err)                 # container arity
    assert isinstance(reply(r, "HELLO", "4"), Err)             # NOPROTO
    assert isinstance(reply(r, "AUTH", "nobody", "x"), Err)    # WRONGPASS
    assert isinstance(reply(r, "SET", "k", "v", "EX", "0"), Err)
    assert isinstance(reply(r, "SLOWLOG", "GET", "-5"), Err)


def test_reset_empties_the_section(r):
    reply(r, "GET")
    assert section(r, "errorstats")
    assert reply(r, "CONFIG", "RESETSTAT") == b"OK"
    assert section(r, "errorstats") == []
    assert total_errors(r) == 0


def test_errors_are_counted_by_prefix(r):
    reply(r, "CONFIG", "RESETSTAT")
    make_errors(r)
    assert section(r, "errorstats") == [
        "errorstat_ERR:count=8", "errorstat_NOPROTO:count=1", "errorstat_WRONGPASS:count=1"]
    assert total_errors(r) == 10


def test_errorstats_section_in_info_everything(r):
    reply(r, "CONFIG", "RESETSTAT")
    reply(r, "GET")
    text = reply(r, "INFO", "everything").decode()
    assert "# Errorstats\r\nerrorstat_ERR:count=1\r\n" in text
    assert "errorstat_ERR:count=1" in reply(r, "INFO").decode()


def test_same_as_the_oracle(both):
    def run(r):
        reply(r, "CONFIG", "RESETSTAT")
        make_errors(r)
        stats = command_stats(r)
        return (section(r, "errorstats"), total_errors(r),
                {name: stats.get(name) for name in (
                    "incr", "get", "config", "config|no-such", "hello", "auth", "set",
                    "slowlog|get", "set")})
    ours, oracle = both
    assert run(ours) == run(oracle)


def test_failed_and_rejected_calls(r):
    reply(r, "CONFIG", "RESETSTAT")
    make_errors(r)
    stats = command_stats(r)
    assert stats["incr"] == (2, 0, 2)
    assert stats["get"] == (0, 1, 0)
    assert stats["config"] == (0, 1, 0)
    assert stats["set"] == (2, 0, 1)
    assert "config|no-such" not in stats
