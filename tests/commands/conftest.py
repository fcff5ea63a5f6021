"""Fixtures shared by the command suites (the servers and clients are in
tests/conftest.py)."""

import pytest

from helpers import fresh_client, reply


@pytest.fixture(params=["listpack", "skiplist"])
def zset_encoding(request, r):
    """Run the test once with small sorted sets in each encoding; the
    parameter is the encoding's name."""
    if request.param == "skiplist":
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "0")
    yield request.param
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")


@pytest.fixture
def srv(server):
    """The session server of this test's kind, FLUSHALL'ed, for tests that
    open their own connections (a module may define its own srv)."""
    fresh_client(server).close()
    return server
