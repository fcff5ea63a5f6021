"""Fixtures shared by the black-box suites (see tests/helpers.py).

- `keydb_server` (ours, `--server-threads 2`) and `oracle_server`
  (redis-server) live for the whole session.
- Under tests/commands/, every test that uses `kind`, `server` or `r` runs
  once per server kind, ids "keydb" and "redis"
  (KEYDB_TEST_ORACLE_ONLY=1 / KEYDB_TEST_NO_ORACLE=1 keep only one).
- `r`: a redis-py client on a FLUSHALL'ed server, database 0.
- `both`: (ours, oracle) clients for differential tests.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from helpers import (  # noqa: E402
    Server, ServerStartError, command_kinds, fresh_client, missing_reason, no_oracle,
    oracle_only, reply)

COMMANDS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "commands")

_servers = {}           # (name) -> Server, or the reason it could not start


def _session_server(name, kind, threads=None):
    """Start a session server once; later calls reuse it (restarting it if it died)."""
    got = _servers.get(name)
    if isinstance(got, str):            # an earlier attempt failed: same verdict
        if got.startswith("skip: "):
            pytest.skip(got[len("skip: "):])
        pytest.fail(got, pytrace=False)
    if got is None:
        reason = missing_reason(kind)
        if reason:
            _servers[name] = "skip: " + reason
            pytest.skip(reason)
        srv = Server(kind, threads=threads)
        try:
            srv.start()
        except ServerStartError as e:
            _servers[name] = "could not start %s: %s" % (name, e)
            pytest.fail(_servers[name], pytrace=False)
        _servers[name] = got = srv
    try:
        got.ensure_running()
    except ServerStartError as e:
        pytest.fail("%s died and could not restart: %s" % (name, e), pytrace=False)
    return got


def pytest_sessionfinish(session, exitstatus):
    for srv in _servers.values():
        if isinstance(srv, Server):
            srv.cleanup()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, attach the log tail of any session server that died."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for name, srv in _servers.items():
            if isinstance(srv, Server) and srv.proc is not None and not srv.alive():
                report.sections.append((
                    "%s server died (exit code %s)" % (name, srv.proc.returncode),
                    srv.log_tail(60)))


def pytest_generate_tests(metafunc):
    path = str(metafunc.definition.path)
    if "kind" in metafunc.fixturenames and path.startswith(COMMANDS_DIR + os.sep):
        kinds = command_kinds()
        metafunc.parametrize("kind", kinds, ids=kinds, indirect=True)


@pytest.fixture
def kind(request):
    """The server kind this test runs against ("keydb" or "redis")."""
    return getattr(request, "param", "redis" if oracle_only() else "keydb")


@pytest.fixture(scope="session")
def keydb_server():
    """Our server, two worker threads, started once for the session."""
    return _session_server("keydb", "keydb", threads=2)


@pytest.fixture(scope="session")
def oracle_server():
    """Debian's redis-server; tests using it are skipped when it is absent."""
    if no_oracle():
        pytest.skip("KEYDB_TEST_NO_ORACLE is set")
    return _session_server("redis", "redis")


_known_commands = {}    # command full name -> whether our server has it


def _skip_unless_ours_has(request, srv):
    """Honour @pytest.mark.requires("rpush", "client|pause", ...): a test that
    needs commands of a later issue is skipped on our server until they exist
    (asked through COMMAND INFO), and runs everywhere once they do."""
    marker = request.node.get_closest_marker("requires")
    if marker is None:
        return
    missing = []
    for name in marker.args:
        if name not in _known_commands:
            with srv.client() as c:
                [info] = reply(c, "COMMAND", "INFO", name)
            _known_commands[name] = info is not None
        if not _known_commands[name]:
            missing.append(name.upper())
    if missing:
        pytest.skip("keydb does not implement %s yet" % ", ".join(missing))


@pytest.fixture
def server(kind, request):
    """The session server for this test's kind (restarted if it crashed)."""
    if kind == "keydb":
        srv = _session_server("keydb", "keydb", threads=2)
        _skip_unless_ours_has(request, srv)
        return srv
    if no_oracle():
        pytest.skip("KEYDB_TEST_NO_ORACLE is set")
    return _session_server("redis", "redis")


@pytest.fixture
def r(server):
    """A redis-py client (hiredis, RESP2, bytes) on an empty server, db 0."""
    c = fresh_client(server)
    yield c
    c.close()


@pytest.fixture
def both(request):
    """(ours, oracle): one client on each, both servers FLUSHALL'ed.

    With KEYDB_TEST_ORACLE_ONLY=1 "ours" is a second redis-server, so the
    differential tests can be checked for determinism without our server.
    """
    if no_oracle():
        pytest.skip("KEYDB_TEST_NO_ORACLE is set: no oracle to compare with")
    if oracle_only():
        ours = _session_server("redis-twin", "redis")
    else:
        ours = _session_server("keydb", "keydb", threads=2)
        _skip_unless_ours_has(request, ours)
    oracle = _session_server("redis", "redis")
    a, b = fresh_client(ours), fresh_client(oracle)
    yield a, b
    a.close()
    b.close()
