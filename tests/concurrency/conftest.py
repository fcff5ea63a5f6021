"""The server every concurrency test module runs against: ours with
`--server-threads 4` (redis-server with KEYDB_TEST_ORACLE_ONLY=1, which
checks the tests themselves), one per module. A module can give it extra
options in a module-level SERVER_OPTIONS list of (name, value) pairs."""
import pytest

from helpers import Server, missing_reason, ours_kind


@pytest.fixture(scope="module")
def threaded_server(request):
    kind = ours_kind()
    reason = missing_reason(kind)
    if reason:
        pytest.skip(reason)
    srv = Server(kind, threads=4, options=getattr(request.module, "SERVER_OPTIONS", ()))
    srv.start()
    yield srv
    srv.cleanup()


@pytest.fixture
def srv(threaded_server):
    """The module's server, restarted if an earlier test crashed it."""
    threaded_server.ensure_running()
    return threaded_server
