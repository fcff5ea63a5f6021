"""Fixtures shared by the command suites (the servers and clients are in
tests/conftest.py)."""

import pytest

from helpers import reply


@pytest.fixture(params=["listpack", "skiplist"])
def zset_encoding(request, r):
    """Run the test once with small sorted sets in each encoding; the
    parameter is the encoding's name."""
    if request.param == "skiplist":
        reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "0")
    yield request.param
    reply(r, "CONFIG", "SET", "zset-max-listpack-entries", "128")
