"""Command specs (keydb/commands/**/*.json), the table generator and the
COMMAND INFO / COMMAND DOCS reply blobs built from the specs.

Where Debian's redis-server is installed, the blobs are compared byte for
byte with its replies; only the prose we write ourselves (summaries,
complexity, history lines, key spec notes) is masked out.
"""
import importlib.util
import os
import socket
import subprocess
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORACLE = "/usr/bin/redis-server"


def _load(name, relpath):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, relpath))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


commands = _load("_test_command_specs", "keydb/commands/__init__.py")
gen = _load("_test_gen_commands", "utils/gen_commands.py")
SPECS = commands.load_specs()


# --- structure -----------------------------------------------------------------

def test_every_spec_passes_the_structural_checks():
    assert len(SPECS) > 0
    assert commands.check_specs(SPECS) == []


def test_every_spec_has_name_arity_and_flags():
    for full, s in SPECS.items():
        d = s.data
        assert s.name and s.name == s.name.upper(), full
        assert isinstance(d["arity"], int) and d["arity"] != 0, full
        assert isinstance(d["command_flags"], list), full
        assert set(d["command_flags"]) <= commands.KNOWN_FLAGS, full
        assert set(d["acl_categories"]) <= set(commands.CATEGORY_ORDER), full
        assert d["summary"] and d["since"] and d["group"], full


def test_handlers_follow_the_naming_rule():
    for full, s in SPECS.items():
        fn = s.data["function"]
        if commands.is_container(SPECS, full) and fn is None:
            continue
        assert fn == "cmd_" + full.replace("|", "_").replace("-", "_").replace(".", "_"), full


def test_containers_have_no_handler_of_their_own_except_command():
    containers = [n for n in SPECS if commands.is_container(SPECS, n)]
    assert "client" in containers and "config" in containers
    for name in containers:
        d = SPECS[name].data
        assert d["arity"] < 0, name
        assert d["function"] in (None, "cmd_" + name), name
    # COMMAND alone lists every command, so it has a handler and arity -1.
    assert SPECS["command"].data["function"] == "cmd_command"
    assert [n for n in containers if SPECS[n].data["function"]] == ["command"]


def test_subcommands_name_an_existing_container():
    for full, s in SPECS.items():
        if s.container:
            assert s.container.lower() in SPECS, full
            assert os.path.basename(s.path) == full.replace("|", "-") + ".json"


def test_a_name_defined_twice_is_rejected(tmp_path):
    for sub in ("string", "generic"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "get.json").write_text('{"GET": {"arity": 2}}')
    with pytest.raises(ValueError, match="already defined"):
        commands.load_specs(str(tmp_path))


def test_legacy_key_positions_from_key_specs():
    def rng(pos, last, step):
        return {"begin_search": {"type": "index", "spec": {"index": pos}},
                "find_keys": {"type": "range",
                              "spec": {"lastkey": last, "keystep": step, "limit": 0}}}
    assert commands.legacy_key_range([]) == (0, 0, 0)
    assert commands.legacy_key_range([rng(1, 0, 1)]) == (1, 1, 1)
    assert commands.legacy_key_range([rng(1, -1, 2)]) == (1, -1, 2)
    assert commands.legacy_key_range([rng(1, 1, 1)]) == (1, 2, 1)
    assert commands.legacy_key_range([rng(1, 0, 1), rng(2, 0, 1)]) == (1, 2, 1)


# --- generator -----------------------------------------------------------------

def _fake_core(tmp_path, decls):
    core = tmp_path / "core"
    core.mkdir()
    for module, fns in decls.items():
        (core / (module + ".pxd")).write_text(
            "from keydb._core.client cimport Client\n"
            + "".join("cdef void %s(Client* c) noexcept nogil\n" % fn for fn in fns)
            + "cdef void helper_not_a_command(int x) noexcept nogil\n")
    return str(core)


def test_generator_registers_every_declared_handler(tmp_path, capsys):
    declared = {"t_string": ["cmd_get", "cmd_set", "cmd_incr"],
                "client": ["cmd_client_id", "cmd_client_kill"],
                "t_keys": ["cmd_object_freq"],
                "server": ["cmd_command"]}
    handlers = gen.find_handlers(_fake_core(tmp_path, declared))
    assert handlers["cmd_get"] == "keydb._core.t_string"
    assert "helper_not_a_command" not in handlers
    text = gen.render(SPECS, handlers, commands)
    assert text.startswith(gen.HEADER)
    for module, fns in declared.items():
        assert "from keydb._core.%s cimport %s\n" % (module, ", ".join(sorted(fns))) in text
        for fn in fns:
            assert (", %s)\n" % fn) in text, fn
    assert ('command_register(b"get", NULL, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, cmd_get)'
            in text)
    lines = text.splitlines()
    parent = lines.index(
        '    parent = command_register(b"client", NULL, -2, CMD_SENTINEL, 0, 0, 0, NULL)')
    assert lines[parent + 1].startswith('    command_register(b"id", parent, 2, ')
    assert lines[parent + 2].startswith('    command_register(b"kill", parent, -3, ')
    # COMMAND runs bare, so the container carries its own handler.
    assert ('parent = command_register(b"command", NULL, -1, '
            'CMD_LOADING | CMD_STALE | CMD_SENTINEL, 0, 0, 0, cmd_command)') in text
    # No CONFIG handler is declared, so no CONFIG container either.
    assert 'b"config"' not in text
    assert "cmd_del" not in text
    assert "cmd_del not declared" in capsys.readouterr().err
    # Only the flags in use are cimported.
    first = lines[1]
    assert first.startswith("from keydb._core.command cimport Command, command_register, ")
    assert "CMD_ADMIN" in first and "CMD_BLOCKING" not in first


def test_generator_output_is_deterministic(tmp_path):
    handlers = gen.find_handlers(_fake_core(tmp_path, {
        "t_string": ["cmd_set", "cmd_get"], "t_keys": ["cmd_del", "cmd_object_help"]}))
    a = gen.render(SPECS, handlers, commands)
    b = gen.render(dict(reversed(list(SPECS.items()))), dict(reversed(list(handlers.items()))),
                   commands)
    assert a == b


def test_generator_with_no_handlers_still_gives_a_valid_function(tmp_path):
    text = gen.render(SPECS, {}, commands)
    assert text.rstrip().endswith("cdef Command* parent\n    pass")


# --- blobs ---------------------------------------------------------------------

def test_reply_blobs_cover_every_spec():
    blobs = commands.reply_blobs(specs=SPECS)
    assert [b[0] for b in blobs] == sorted(SPECS)
    by = {b[0]: b for b in blobs}
    assert by["get"][1].startswith(b"*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n")
    assert by["get"][2].startswith(b"*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n")
    assert by["get"][4].startswith(b"%")
    assert b"$9\r\nclient|id\r\n" in by["client"][1]


def test_reply_blobs_for_registered_names_only():
    blobs = commands.reply_blobs({"get", "client", "client|id"}, specs=SPECS)
    assert [b[0] for b in blobs] == ["client", "client|id", "get"]
    client = blobs[0]
    assert b"client|id" in client[1] and b"client|kill" not in client[1]


# --- oracle ----------------------------------------------------------------------

class _Resp:
    """Just enough RESP over a socket to fetch raw replies."""

    def __init__(self, port, proto):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""
        if proto == 3:
            self.call("HELLO", "3")

    def call(self, *args):
        req = b"*%d\r\n" % len(args) + b"".join(
            b"$%d\r\n%s\r\n" % (len(a), a.encode()) for a in args)
        self.sock.sendall(req)
        while True:
            try:
                _, end = parse(self.buf, 0)
            except IndexError:
                data = self.sock.recv(65536)
                if not data:
                    raise EOFError
                self.buf += data
                continue
            reply, self.buf = self.buf[:end], self.buf[end:]
            return reply


def parse(b, i):
    """(typed value, end) of the RESP value at b[i:]; IndexError if cut short.
    Typed values are (type byte, payload) so that sets, maps and arrays, and
    simple and bulk strings, stay distinct."""
    j = b.find(b"\r\n", i)
    if j < 0:
        raise IndexError
    t, line, i = b[i:i + 1], b[i + 1:j], j + 2
    if t in b"$=":
        n = int(line)
        if n < 0:
            return (t, None), i
        if len(b) < i + n + 2:
            raise IndexError
        return (t, b[i:i + n]), i + n + 2
    if t in b"*~%>":
        n = int(line) * (2 if t == b"%" else 1)
        items = []
        for _ in range(max(n, 0)):
            v, i = parse(b, i)
            items.append(v)
        return (t, items), i
    return (t, line), i


def _parse_full(b):
    return parse(b, 0)


def _pairs(node):
    return list(zip(node[1][0::2], node[1][1::2]))


MASK = (b"$", b"<prose>")


def _mask_info(entry, keep_subs=None):
    """A COMMAND INFO entry with key spec notes masked and subcommands
    filtered to keep_subs (when given) and sorted by name."""
    t, items = entry
    items = list(items)
    specs = []
    for ks in items[8][1]:
        kv = [(k, MASK if k[1] == b"notes" else v) for k, v in _pairs(ks)]
        specs.append((ks[0], [x for p in kv for x in p]))
    items[8] = (items[8][0], specs)
    subs = [_mask_info(s) for s in items[9][1]
            if keep_subs is None or s[1][0][1].decode() in keep_subs]
    items[9] = (items[9][0], sorted(subs, key=lambda s: s[1][0][1]))
    return (t, items)


def _mask_docs(value, keep_subs=None):
    out = []
    for k, v in _pairs(value):
        if k[1] in (b"summary", b"complexity"):
            v = MASK
        elif k[1] == b"history":
            v = (v[0], [(h[0], [h[1][0], MASK]) for h in v[1]])
        elif k[1] == b"subcommands":
            subs = [(n, _mask_docs(d)) for n, d in _pairs(v)
                    if keep_subs is None or n[1].decode() in keep_subs]
            subs.sort(key=lambda p: p[0][1])
            v = (v[0], [x for p in subs for x in p])
        out += [k, v]
    return (value[0], out)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oracle():
    if not os.path.exists(ORACLE):
        pytest.skip("redis-server not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [ORACLE, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", "/tmp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                conns = {2: _Resp(port, 2), 3: _Resp(port, 3)}
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield conns
    finally:
        proc.terminate()
        proc.wait(5)


def _keydb_mark(full):
    """The spec's "keydb" field: None for a plain Redis command."""
    return SPECS[full].data.get("keydb")


def _mask_arity(entry):
    t, items = entry
    return (t, [items[0], MASK] + items[2:])


def test_keydb_marks_are_few_and_known():
    marks = {n: _keydb_mark(n) for n in SPECS if _keydb_mark(n)}
    assert set(marks.values()) <= {"only", "extends"}
    assert {n for n, m in marks.items() if m == "extends"} == {"ttl", "pttl", "persist"}


def test_info_blobs_equal_the_oracle(oracle):
    # KeyDB's own commands have no oracle; the Redis commands KeyDB extends
    # (TTL key [member]) differ in their arity only.
    for full, i2, i3, _, _ in commands.reply_blobs(specs=SPECS):
        if _keydb_mark(full) == "only":
            continue
        subs = set(commands.subcommands_of(SPECS, full))
        for proto, mine in ((2, i2), (3, i3)):
            reply = oracle[proto].call("COMMAND", "INFO", full)
            top, _ = _parse_full(reply)
            assert len(top[1]) == 1 and top[1][0][1] is not None, full
            theirs = top[1][0]
            ours, end = _parse_full(mine)
            assert end == len(mine), full
            if _keydb_mark(full) == "extends":
                ours, theirs = _mask_arity(ours), _mask_arity(theirs)
                assert ours[1][1] == MASK
            assert _mask_info(ours, subs) == _mask_info(theirs, subs), (full, proto)
            if _keydb_mark(full) != "extends" and not subs and not any(
                    "notes" in ks for ks in SPECS[full].data["key_specs"]):
                # Nothing masked or filtered: the bytes themselves must match.
                assert mine == reply[reply.index(b"\r\n") + 2:], (full, proto)


def _drop_keydb_arguments(docs):
    """A KeyDB-extended command's docs with the arguments KeyDB adds (the
    last, optional ones Redis lacks) left out."""
    t, items = docs
    out = []
    for k, v in _pairs(docs):
        if k[1] == b"arguments":
            v = (v[0], [a for a in v[1]
                        if (b"$", b"member") not in a[1]])
        out += [k, v]
    return (t, out)


def test_docs_blobs_equal_the_oracle(oracle):
    for full, _, _, d2, d3 in commands.reply_blobs(specs=SPECS):
        if _keydb_mark(full) == "only":
            continue
        subs = set(commands.subcommands_of(SPECS, full))
        for proto, mine in ((2, d2), (3, d3)):
            top, _ = _parse_full(oracle[proto].call("COMMAND", "DOCS", full))
            assert len(top[1]) == 2, full
            theirs = top[1][1]
            ours, end = _parse_full(mine)
            assert end == len(mine), full
            if _keydb_mark(full) == "extends":
                ours = _drop_keydb_arguments(ours)
            assert _mask_docs(ours, subs) == _mask_docs(theirs, subs), (full, proto)
