"""Command specs: one JSON file per command under keydb/commands/<group>/.

Each file holds one object keyed by the upper-case command name (the
subcommand name for a subcommand, which also carries "container").  This
module loads them, checks their structure, and encodes the replies that
COMMAND INFO and COMMAND DOCS give for them, byte for byte as Redis 7.0 does
in RESP2 and RESP3.  The core stores those replies as opaque blobs, so no
reply building happens on the request path.

KeyDB's own commands and KeyDB's changes to Redis commands are marked with
a "keydb" field, which COMMAND does not report:
  "only"     a command Redis does not have (EXPIREMEMBER, KEYDB.*);
  "extends"  a Redis command KeyDB gives more arguments (TTL key [member]),
             so its arity and arguments differ from Redis's.

Nothing here imports the compiled core: utils/gen_commands.py loads this file
by path before anything is built.
"""
import glob
import json
import os

SPEC_DIR = os.path.dirname(os.path.abspath(__file__))

# Flag names in the order COMMAND INFO lists them.  The hidden ones are kept
# in the specs (the core uses them) but never reported.
FLAG_ORDER = (
    "WRITE", "READONLY", "DENYOOM", "MODULE", "ADMIN", "PUBSUB", "NOSCRIPT",
    "BLOCKING", "LOADING", "STALE", "SKIP_MONITOR", "SKIP_SLOWLOG", "ASKING",
    "FAST", "NO_AUTH", "NO_MANDATORY_KEYS", "NO_ASYNC_LOADING", "NO_MULTI",
    "MOVABLE_KEYS", "ALLOW_BUSY",
)
HIDDEN_FLAGS = ("MAY_REPLICATE", "SENTINEL", "ONLY_SENTINEL", "PROTECTED",
                "MODULE_NO_CLUSTER")
KNOWN_FLAGS = frozenset(FLAG_ORDER + HIDDEN_FLAGS)

# ACL categories in the order COMMAND INFO (and ACL CAT) lists them.
CATEGORY_ORDER = (
    "KEYSPACE", "READ", "WRITE", "SET", "SORTEDSET", "LIST", "HASH", "STRING",
    "BITMAP", "HYPERLOGLOG", "GEO", "STREAM", "PUBSUB", "ADMIN", "FAST",
    "SLOW", "BLOCKING", "DANGEROUS", "CONNECTION", "TRANSACTION", "SCRIPTING",
)
DOC_FLAGS = ("DEPRECATED", "SYSCMD")
ARG_TYPES = frozenset(("string", "integer", "double", "key", "pattern",
                       "unix-time", "pure-token", "oneof", "block"))
ARG_FLAGS = frozenset(("optional", "multiple", "multiple_token"))
# Argument fields in the order COMMAND DOCS lists them.
ARG_FIELDS = ("name", "type", "key_spec_index", "token", "summary", "since",
              "deprecated_since", "flags", "arguments")
REQUIRED_FIELDS = ("summary", "since", "group", "complexity", "arity",
                   "function", "command_flags", "acl_categories")
KEYDB_MARKS = ("only", "extends")


class CommandSpec:
    """One loaded spec file."""

    __slots__ = ("name", "container", "data", "path")

    def __init__(self, name, data, path):
        self.name = name                         # upper-case, as keyed in the file
        self.container = data.get("container")   # upper-case container name or None
        self.data = data
        self.path = path

    @property
    def fullname(self):
        """Lower-case name as COMMAND reports it: 'get' or 'client|id'."""
        if self.container:
            return "%s|%s" % (self.container.lower(), self.name.lower())
        return self.name.lower()

    @property
    def expected_function(self):
        return "cmd_" + handler_suffix(self.fullname)

    def __repr__(self):
        return "<CommandSpec %s>" % self.fullname


def handler_suffix(fullname):
    """'client|no-evict' -> 'client_no_evict', 'keydb.mexists' -> 'keydb_mexists'."""
    return fullname.replace("|", "_").replace("-", "_").replace(".", "_")


def load_specs(root=SPEC_DIR):
    """All specs under root, as {fullname: CommandSpec}; ValueError on a
    malformed file or a name defined twice."""
    specs = {}
    for path in sorted(glob.glob(os.path.join(root, "*", "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not isinstance(doc, dict) or len(doc) != 1:
            raise ValueError("%s: expected one object keyed by the command name" % path)
        (name, data), = doc.items()
        spec = CommandSpec(name, data, path)
        if spec.fullname in specs:
            raise ValueError("%s: %s already defined in %s"
                             % (path, spec.fullname, specs[spec.fullname].path))
        specs[spec.fullname] = spec
    return specs


def subcommands_of(specs, fullname):
    """Fullnames of the subcommands of container fullname, sorted."""
    prefix = fullname + "|"
    return sorted(n for n in specs if n.startswith(prefix))


def is_container(specs, fullname):
    return "|" not in fullname and bool(subcommands_of(specs, fullname))


def registered_only(specs, registered):
    """The specs whose fullname is in registered (a set of lower-case full
    names, as the core registered them)."""
    return {n: s for n, s in specs.items() if n in registered}


# --- derived fields -----------------------------------------------------------

def legacy_key_range(key_specs):
    """(first, last, step): the old-style key positions COMMAND INFO reports,
    derived from the key specs.  Only 'index' + 'range' specs qualify; several
    specs merge when each starts right after the previous one ends and steps
    by one, and a spec that does not fit that shape is left out."""
    if not key_specs:
        return 0, 0, 0
    ranges = [ks for ks in key_specs
              if ks["begin_search"]["type"] == "index"
              and ks["find_keys"]["type"] == "range"]
    if len(key_specs) == 1 and len(ranges) == 1:
        pos = ranges[0]["begin_search"]["spec"]["index"]
        fk = ranges[0]["find_keys"]["spec"]
        last = pos + fk["lastkey"] if fk["lastkey"] >= 0 else fk["lastkey"]
        return pos, last, fk["keystep"]
    first, last, found = None, None, False
    for ks in ranges:
        pos = ks["begin_search"]["spec"]["index"]
        fk = ks["find_keys"]["spec"]
        if fk["keystep"] != 1 or (found and last >= 0 and last != pos - 1):
            continue
        end = pos + fk["lastkey"] if fk["lastkey"] >= 0 else fk["lastkey"]
        first = pos if first is None else min(first, pos)
        if last is None or end < 0 or (last >= 0 and end > last):
            last = end
        found = True
    return (first, last, 1) if found else (0, 0, 0)


def reported_flags(data):
    """Lower-case flag names as COMMAND INFO lists them."""
    flags = set(data["command_flags"])
    names = []
    for f in FLAG_ORDER:
        if f in flags:
            names.append("movablekeys" if f == "MOVABLE_KEYS" else f.lower())
    return names


def reported_categories(data):
    """'@name' ACL categories as COMMAND INFO lists them: the spec's own
    categories plus those its flags imply (a command that is not fast is
    slow; admin commands are dangerous; scripting commands are not @read)."""
    flags = set(data["command_flags"])
    cats = set(data["acl_categories"])
    if "WRITE" in flags:
        cats.add("WRITE")
    if "READONLY" in flags and "SCRIPTING" not in cats:
        cats.add("READ")
    if "ADMIN" in flags:
        cats.update(("ADMIN", "DANGEROUS"))
    if "PUBSUB" in flags:
        cats.add("PUBSUB")
    if "FAST" in flags:
        cats.add("FAST")
    if "BLOCKING" in flags:
        cats.add("BLOCKING")
    if "FAST" not in cats:
        cats.add("SLOW")
    return ["@" + c.lower() for c in CATEGORY_ORDER if c in cats]


# --- structural checks -------------------------------------------------------

def _arg_width(arg):
    """Least number of words a present argument takes on the command line."""
    n = 1 if arg.get("token") and arg["type"] != "pure-token" else 0
    if arg["type"] == "block":
        return n + sum(_arg_width(a) for a in arg["arguments"]
                       if "optional" not in a.get("flags", ()))
    return n + 1


def _variadic(args):
    """Whether args (at any depth) can take a varying number of words."""
    return any(set(a.get("flags", ())) & {"optional", "multiple"}
               or _variadic(a.get("arguments", ())) for a in args)


def _check_args(args, where, nkeyspecs, used, problems):
    for a in args:
        w = "%s argument %r" % (where, a.get("name"))
        unknown = set(a) - set(ARG_FIELDS)
        if unknown:
            problems.append("%s: unknown fields %s" % (w, sorted(unknown)))
        if list(a) != [f for f in ARG_FIELDS if f in a]:
            problems.append("%s: fields out of order" % w)
        if not a.get("name") or a.get("type") not in ARG_TYPES:
            problems.append("%s: needs a name and a known type" % w)
            continue
        if not set(a.get("flags", ())) <= ARG_FLAGS:
            problems.append("%s: unknown flags" % w)
        # A key names its key spec; so does a pattern that names keys
        # (SORT's BY and GET).
        if a["type"] == "key" or (a["type"] == "pattern" and "key_spec_index" in a):
            i = a.get("key_spec_index")
            if not isinstance(i, int) or not 0 <= i < nkeyspecs:
                problems.append("%s: key_spec_index out of range" % w)
            else:
                used.add(i)
        elif "key_spec_index" in a:
            problems.append("%s: key_spec_index on a non-key argument" % w)
        if a["type"] == "pure-token" and not a.get("token"):
            problems.append("%s: pure-token without a token" % w)
        if (a["type"] in ("oneof", "block")) != ("arguments" in a):
            problems.append("%s: only oneof/block arguments nest" % w)
        if "arguments" in a:
            _check_args(a["arguments"], w, nkeyspecs, used, problems)


def check_specs(specs):
    """Structural problems in specs, as a list of strings (empty when good)."""
    problems = []
    for full, s in sorted(specs.items()):
        d, w = s.data, "%s (%s)" % (full, os.path.basename(s.path))
        missing = [f for f in REQUIRED_FIELDS if f not in d]
        if missing:
            problems.append("%s: missing %s" % (w, missing))
            continue
        if s.name != s.name.upper() or not s.name:
            problems.append("%s: name must be upper-case" % w)
        expect_file = full.replace("|", "-") + ".json"
        if os.path.basename(s.path) != expect_file:
            problems.append("%s: file should be named %s" % (w, expect_file))
        if os.path.basename(os.path.dirname(s.path)) != d["group"]:
            problems.append("%s: file should be under %s/" % (w, d["group"]))
        if not isinstance(d["arity"], int) or d["arity"] == 0:
            problems.append("%s: arity must be a non-zero integer" % w)
        bad = set(d["command_flags"]) - KNOWN_FLAGS
        if bad:
            problems.append("%s: unknown flags %s" % (w, sorted(bad)))
        bad = set(d["acl_categories"]) - set(CATEGORY_ORDER)
        if bad:
            problems.append("%s: unknown ACL categories %s" % (w, sorted(bad)))
        bad = set(d.get("doc_flags", ())) - set(DOC_FLAGS)
        if bad:
            problems.append("%s: unknown doc flags %s" % (w, sorted(bad)))
        if "keydb" in d and d["keydb"] not in KEYDB_MARKS:
            problems.append("%s: keydb must be one of %s" % (w, KEYDB_MARKS))
        if s.container:
            parent = s.container.lower()
            if parent not in specs:
                problems.append("%s: container %s has no spec" % (w, s.container))
        if is_container(specs, full):
            # A container normally has no handler of its own; one that also
            # runs bare (COMMAND) names its handler by the usual rule.
            if d["function"] not in (None, s.expected_function):
                problems.append("%s: function should be null or %s"
                                % (w, s.expected_function))
            if d["arity"] >= 0:
                problems.append("%s: a container has a negative arity" % w)
        elif d["function"] != s.expected_function:
            problems.append("%s: function should be %s" % (w, s.expected_function))
        key_specs = d.get("key_specs", [])
        used = set()
        _check_args(d.get("arguments", []), w, len(key_specs), used, problems)
        names_keys = {i for i, ks in enumerate(key_specs) if "not_key" not in ks["flags"]}
        if "arguments" in d and not names_keys <= used <= set(range(len(key_specs))):
            problems.append("%s: key specs and key arguments disagree" % w)
        if "arguments" in d and not is_container(specs, full):
            fixed = 2 if s.container else 1
            least = fixed + sum(_arg_width(a) for a in d["arguments"]
                                if "optional" not in a.get("flags", ()))
            variadic = _variadic(d["arguments"])
            if abs(d["arity"]) != least or (d["arity"] > 0) == variadic:
                problems.append("%s: arity %d disagrees with the arguments"
                                % (w, d["arity"]))
    return problems


# --- RESP encoding -----------------------------------------------------------

class Map(list):
    """Key/value pairs: a RESP3 map, a flat array in RESP2."""


class Set(list):
    """A RESP3 set, an array in RESP2."""


class Simple(str):
    """A simple (status) string."""


def encode(value, proto):
    """RESP encoding of value.  str/bytes are bulk strings, Simple a status
    line, int an integer, None a null, list an array."""
    out = []
    _encode(value, proto, out)
    return b"".join(out)


def _encode(v, proto, out):
    if isinstance(v, Simple):
        out.append(b"+%s\r\n" % v.encode())
    elif isinstance(v, (str, bytes)):
        b = v.encode() if isinstance(v, str) else v
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    elif isinstance(v, bool):
        raise TypeError("no booleans in command replies")
    elif isinstance(v, int):
        out.append(b":%d\r\n" % v)
    elif v is None:
        out.append(b"_\r\n" if proto == 3 else b"$-1\r\n")
    elif isinstance(v, Map):
        out.append(b"%%%d\r\n" % len(v) if proto == 3 else b"*%d\r\n" % (2 * len(v)))
        for k, x in v:
            _encode(k, proto, out)
            _encode(x, proto, out)
    elif isinstance(v, Set):
        out.append(b"~%d\r\n" % len(v) if proto == 3 else b"*%d\r\n" % len(v))
        for x in v:
            _encode(x, proto, out)
    elif isinstance(v, list):
        out.append(b"*%d\r\n" % len(v))
        for x in v:
            _encode(x, proto, out)
    else:
        raise TypeError("cannot encode %r" % (v,))


def _spec_map(d):
    """A begin_search/find_keys 'spec' object: names as bulk strings,
    numbers as integers."""
    return Map((k, v) for k, v in d.items())


def _key_spec_value(ks):
    m = Map()
    if ks.get("notes"):
        m.append(("notes", ks["notes"]))
    m.append(("flags", Set(Simple(f) for f in ks["flags"])))
    for part in ("begin_search", "find_keys"):
        m.append((part, Map([("type", ks[part]["type"]),
                             ("spec", _spec_map(ks[part].get("spec", {})))])))
    return m


def info_value(specs, fullname):
    """The COMMAND INFO entry of fullname, as an encodable value.  A
    container lists the subcommands present in specs."""
    d = specs[fullname].data
    first, last, step = legacy_key_range(d.get("key_specs", []))
    if is_container(specs, fullname):
        subs = [info_value(specs, n) for n in subcommands_of(specs, fullname)]
    else:
        subs = Set()
    return [
        fullname,
        d["arity"],
        Set(Simple(f) for f in reported_flags(d)),
        first, last, step,
        Set(Simple(c) for c in reported_categories(d)),
        Set(d.get("tips", [])),
        Set(_key_spec_value(ks) for ks in d.get("key_specs", [])),
        subs,
    ]


def _arg_value(a):
    m = Map()
    for f in ARG_FIELDS:
        if f not in a:
            continue
        if f == "flags":
            if a["flags"]:
                m.append((f, Set(Simple(x) for x in a["flags"])))
        elif f == "arguments":
            m.append((f, [_arg_value(x) for x in a["arguments"]]))
        else:
            m.append((f, a[f]))
    return m


def docs_value(specs, fullname):
    """The value of fullname's entry in the COMMAND DOCS map, as an
    encodable value."""
    d = specs[fullname].data
    m = Map([("summary", d["summary"]), ("since", d["since"]),
             ("group", d["group"])])
    if d.get("complexity"):
        m.append(("complexity", d["complexity"]))
    if d.get("doc_flags"):
        m.append(("doc_flags", Set(Simple(f.lower()) for f in d["doc_flags"])))
    if d.get("deprecated_since"):
        m.append(("deprecated_since", d["deprecated_since"]))
    if d.get("replaced_by"):
        m.append(("replaced_by", d["replaced_by"]))
    if d.get("history"):
        m.append(("history", Set([v, text] for v, text in d["history"])))
    if d.get("arguments"):
        m.append(("arguments", [_arg_value(a) for a in d["arguments"]]))
    if is_container(specs, fullname):
        m.append(("subcommands", Map((n, docs_value(specs, n))
                                     for n in subcommands_of(specs, fullname))))
    return m


def reply_blobs(registered=None, specs=None):
    """[(fullname, info_resp2, info_resp3, docs_resp2, docs_resp3)] for every
    spec, sorted by fullname.  With registered (a set of full names), only
    those commands, and containers list only registered subcommands."""
    if specs is None:
        specs = load_specs()
    if registered is not None:
        specs = registered_only(specs, registered)
    out = []
    for name in sorted(specs):
        info = info_value(specs, name)
        docs = docs_value(specs, name)
        out.append((name, encode(info, 2), encode(info, 3),
                    encode(docs, 2), encode(docs, 3)))
    return out
