"""Fixtures for tests of KeyDB's own commands (EXPIREMEMBER, KEYDB.*),
which redis-server lacks: they run on our server only, once per test, and
are skipped when KEYDB_TEST_ORACLE_ONLY=1 asks for the oracle alone.

A test module imports the fixtures it uses: `from keydb_only import k, k3`.
"""

import pytest

from helpers import fresh_client, oracle_only


def _ours(request):
    if oracle_only():
        pytest.skip("KeyDB addition: redis-server does not have it")
    return request.getfixturevalue("keydb_server")


@pytest.fixture
def ours(request):
    """Our session server (for raw connections)."""
    return _ours(request)


@pytest.fixture
def k(request):
    """A RESP2 redis-py client on our emptied server, database 0."""
    c = fresh_client(_ours(request))
    yield c
    c.close()


@pytest.fixture
def k3(request):
    """A raw RESP3 connection (HELLO 3 sent) on our emptied server."""
    conn = _ours(request).raw()
    assert conn.command("HELLO", "3").startswith(b"%")
    conn.command("FLUSHALL")
    yield conn
    conn.close()
