"""Server configuration: the option table, the config-file grammar, CONFIG GET/SET.

This module owns every option the server implements: its name (and aliases),
type, default, whether CONFIG SET may change it, and how its value is shown by
CONFIG GET.  It is pure Python and never imports ``keydb._core``: the values
reach the core through one callback injected by the server,

    config = Config.from_argv(sys.argv[1:], apply=core_apply)
    config.apply_all()                  # start-up: apply(name, value) for every option
    config.set([b"maxmemory", b"1gb"])  # CONFIG SET: apply(name, value) per changed option

where ``value`` is typed: ``int``, ``bool``, ``str`` (enums give their lower-case
name, ``dir`` its absolute path) or ``list[str]`` (``bind``, ``save``,
``replicaof``).  Text is UTF-8 decoded with ``surrogateescape``, so every str
maps back to the exact bytes of the file or the client (``os.fsencode`` rules).

Behaviour follows Redis 7.0 (config.c): the file grammar and its error block,
command-line ``--name value`` options appended after the file, memory units,
numeric range messages, and the all-or-nothing CONFIG SET with its error
strings.  Only the strings clients and operators see are Redis's; the code is
our own.

Sections: errors - text helpers (sdssplitargs, string2ll, memtoull, glob) -
option types - the option table - Config - command line.

Adding an option: append one entry to ``OPTIONS`` (and, if it needs a new
shape of value, one ``Option`` subclass with ``parse_one``/``parse`` and
``format``).  Nothing else in this file needs to change.
"""

from __future__ import annotations

import errno
import glob as _glob
import os
import stat
import sys
import threading
from typing import Any, BinaryIO, Callable, Iterable, Sequence

from keydb import REDIS_VERSION     # named in the FATAL CONFIG FILE ERROR banner

__all__ = [
    "REDIS_VERSION", "ConfigError", "ConfigSetError", "Option", "OPTIONS",
    "Config", "lookup", "split_args", "split_argv", "parse_argv", "memtoull",
    "string_match",
]

INT_MAX = 2**31 - 1
UINT_MAX = 2**32 - 1
LLONG_MAX = 2**63 - 1
ULLONG_MAX = 2**64 - 1

#: KeyDB's limit on event-loop threads (MAX_EVENT_LOOPS).
MAX_SERVER_THREADS = 16
#: Redis's CONFIG_BINDADDR_MAX.
BIND_ADDR_MAX = 16
#: hz is a hint: values outside this range are accepted and clamped.
HZ_MIN, HZ_MAX = 1, 500


# --------------------------------------------------------------------- errors

class ConfigError(Exception):
    """A start-up configuration error; the server prints ``text`` and exits 1.

    ``text`` (also ``str(exc)``) ends with a newline.  It is either the complete
    FATAL CONFIG FILE ERROR block, byte for byte what redis-server writes to
    stderr (blank first line included), or, when ``log_message`` is true, one
    message that Redis emits through its logger at warning level ("Fatal
    error, can't open config file ...").
    """

    def __init__(self, text: str, *, log_message: bool = False) -> None:
        super().__init__(text)
        self.text = text
        self.log_message = log_message


class ConfigSetError(Exception):
    """CONFIG SET was refused; ``message`` is the error line without the '-'.

    Example: ``"ERR Unknown option or number of arguments for CONFIG SET - 'foo'"``.
    No option changed (CONFIG SET is all or nothing).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """An option rejected a value; the text is Redis's reason (e.g. "argument
    must be 'yes' or 'no'").  Internal: callers turn it into ConfigError or
    ConfigSetError."""


def _fatal(reason: str, linenum: int | None = None, line: str | None = None) -> ConfigError:
    text = f"\n*** FATAL CONFIG FILE ERROR (Redis {REDIS_VERSION}) ***\n"
    if linenum is not None:
        text += f"Reading the configuration file, at line {linenum}\n>>> '{line}'\n"
    return ConfigError(text + reason + "\n")


def _cant_open(path: str, exc: OSError) -> ConfigError:
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return ConfigError(f"Fatal error, can't open config file '{path}': {reason}\n",
                       log_message=True)


# --------------------------------------------------------------- text helpers

def _text(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def _bytes(s: str | bytes) -> bytes:
    return s if isinstance(s, bytes) else s.encode("utf-8", "surrogateescape")


_SPACES = b" \t\n\v\f\r"            # C isspace() in the C locale
_ARG_ENDS = b" \n\r\t"              # what ends an unquoted argument
_HEX = b"0123456789abcdefABCDEF"
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("a"): 7}
_BSL, _DQ, _SQ, _X = ord("\\"), ord('"'), ord("'"), ord("x")


def split_args(line: bytes) -> list[bytes] | None:
    """Split one config line into arguments, as Redis's sdssplitargs does.

    Arguments are separated by blanks.  "double quotes" understand \\n \\r \\t
    \\b \\a, \\xHH and \\<any char>; 'single quotes' understand only \\'.  A
    closing quote must be followed by a blank or the end of the line.  A quote
    inside a bare word opens a quoted part of the same argument.  Returns None
    for unbalanced quotes.  A NUL byte ends the line, as it does in C.
    """
    line = line.split(b"\0", 1)[0]
    n = len(line)
    args: list[bytes] = []
    i = 0
    while True:
        while i < n and line[i] in _SPACES:
            i += 1
        if i >= n:
            return args
        cur = bytearray()
        in_dq = in_sq = done = False
        while not done:
            c = line[i] if i < n else 0         # 0: end of line, as C's NUL
            nxt = line[i + 1] if i + 1 < n else 0
            if in_dq:
                if (c == _BSL and nxt == _X and i + 3 < n
                        and line[i + 2] in _HEX and line[i + 3] in _HEX):
                    cur.append(int(line[i + 2:i + 4], 16))
                    i += 3
                elif c == _BSL and nxt:
                    i += 1
                    cur.append(_ESCAPES.get(nxt, nxt))
                elif c == _DQ:
                    if nxt and nxt not in _SPACES:
                        return None     # closing quote glued to more text
                    done = True
                elif not c:
                    return None         # unterminated quotes
                else:
                    cur.append(c)
            elif in_sq:
                if c == _BSL and nxt == _SQ:
                    i += 1
                    cur.append(_SQ)
                elif c == _SQ:
                    if nxt and nxt not in _SPACES:
                        return None
                    done = True
                elif not c:
                    return None
                else:
                    cur.append(c)
            elif not c or c in _ARG_ENDS:
                done = True
            elif c == _DQ:
                in_dq = True
            elif c == _SQ:
                in_sq = True
            else:
                cur.append(c)
            if i < n:
                i += 1
        args.append(bytes(cur))


def _repr_arg(arg: bytes) -> bytes:
    """Quote one command-line value the way Redis's sdscatrepr does."""
    out = bytearray(b'"')
    for c in arg:
        if c in b'\\"':
            out += b"\\" + bytes([c])
        elif c in _REPR_ESCAPES:
            out += _REPR_ESCAPES[c]
        elif 0x20 <= c < 0x7F:
            out.append(c)
        else:
            out += b"\\x%02x" % c
    return bytes(out + b'"')


_REPR_ESCAPES = {10: b"\\n", 13: b"\\r", 9: b"\\t", 7: b"\\a", 8: b"\\b"}


def _string2ll(s: str) -> int | None:
    """Strict decimal integer (Redis string2ll): optional '-', no '+', no
    blanks, no leading zeros, within 64-bit signed range; None otherwise."""
    digits = s[1:] if s.startswith("-") else s
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    if digits[0] == "0" and (len(digits) > 1 or s.startswith("-")):
        return None
    v = int(digits)
    v = -v if s.startswith("-") else v
    return v if -LLONG_MAX - 1 <= v <= LLONG_MAX else None


def _strtoll(s: str, base: int = 10) -> tuple[int, str, bool]:
    """C strtoll: leading blanks and a sign allowed, stops at the first
    non-digit.  Returns (value clamped to 64-bit, unparsed rest, overflowed)."""
    i, n = 0, len(s)
    while i < n and s[i] in " \t\n\v\f\r":
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    j = i
    while j < n and s[j] in "0123456789"[:base]:
        j += 1
    if j == i:
        return 0, s, False          # no conversion: rest is the whole string
    v = int(s[i:j], base)
    v = -v if neg else v
    overflow = not -LLONG_MAX - 1 <= v <= LLONG_MAX
    v = max(-LLONG_MAX - 1, min(LLONG_MAX, v))
    return v, s[j:], overflow


def _c_int(v: int) -> int:
    """Truncate to a 32-bit C int, as an implicit C conversion does."""
    return (v + 2**31) % 2**32 - 2**31


_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 1000**2, "mb": 1024**2,
          "g": 1000**3, "gb": 1024**3}


def memtoull(s: str) -> int | None:
    """Parse a memory amount like Redis: digits and an optional unit (b, k=1000,
    kb=1024, m, mb, g, gb; any case).  "" and a bare unit read as 0.  Too many
    digits saturate at 2**64-1 and the unit multiplication wraps modulo 2**64,
    as in C.  Returns None when the text is not a memory value."""
    i = 0
    while i < len(s) and s[i] in "0123456789":
        i += 1
    mul = _UNITS.get(s[i:].lower())
    if mul is None or i >= 128:
        return None
    val = min(int(s[:i]) if i else 0, ULLONG_MAX)
    return (val * mul) % 2**64


def string_match(pattern: bytes, string: bytes, nocase: bool = True) -> bool:
    """Glob match with Redis's rules (stringmatchlen): * ? [abc] [^a-z] and
    backslash escapes; an unclosed [ ends at the end of the pattern."""
    if nocase:
        pattern, string = pattern.lower(), string.lower()
    return _match(pattern, 0, string, 0, {})


def _match(p: bytes, pi: int, s: bytes, si: int, memo: dict) -> bool:
    key = (pi, si)
    if key in memo:
        return memo[key]
    result = _match_uncached(p, pi, s, si, memo)
    memo[key] = result
    return result


def _match_uncached(p: bytes, pi: int, s: bytes, si: int, memo: dict) -> bool:
    while pi < len(p):
        c = p[pi]
        if c == ord("*"):
            while pi < len(p) and p[pi] == ord("*"):
                pi += 1
            if pi == len(p):
                return True
            return any(_match(p, pi, s, k, memo) for k in range(si, len(s) + 1))
        if si >= len(s):
            return False
        if c == ord("?"):
            pi += 1
        elif c == ord("["):
            pi, ok = _match_class(p, pi + 1, s[si])
            if not ok:
                return False
        else:
            if c == _BSL and pi + 1 < len(p):
                pi += 1
            if p[pi] != s[si]:
                return False
            pi += 1
        si += 1
    return si == len(s)


def _match_class(p: bytes, pi: int, ch: int) -> tuple[int, bool]:
    """Match ch against the [...] class starting after '['; returns (index
    after the class, matched)."""
    negate = pi < len(p) and p[pi] == ord("^")
    if negate:
        pi += 1
    found = False
    while pi < len(p):
        c = p[pi]
        if c == _BSL and pi + 1 < len(p):
            pi += 1
            found |= p[pi] == ch
        elif c == ord("]"):
            break
        elif pi + 2 < len(p) and p[pi + 1] == ord("-"):
            lo, hi = sorted((c, p[pi + 2]))
            found |= lo <= ch <= hi
            pi += 2
        else:
            found |= c == ch
        pi += 1
    return pi + 1, found != negate


# --------------------------------------------------------------- option types

class Option:
    """One configuration option.

    Subclasses implement ``parse`` (or ``parse_one`` for single-argument
    options), returning the typed value or raising ``Invalid(reason)``, and
    ``format``, the CONFIG GET text.  ``parse`` receives the arguments after the
    option name, the Config (for options whose new value depends on the current
    one) and ``loading`` (True while reading the config file and command line).
    """

    multi_arg = False   # takes several arguments; one quoted argument is split

    def __init__(self, name: str, default: Any, *, aliases: Sequence[str] = (),
                 mutable: bool = True, protected: bool = False,
                 hidden: bool = False, sensitive: bool = False) -> None:
        self.name = name
        self.aliases = tuple(aliases)
        self.default = default
        self.mutable = mutable          # False: CONFIG SET answers "immutable"
        self.protected = protected      # needs enable-protected-configs
        self.hidden = hidden            # CONFIG GET needs the exact name
        self.sensitive = sensitive      # value must not reach logs / MONITOR

    def initial(self) -> Any:
        """The value before any configuration is read."""
        return self.default

    def parse(self, args: list[str], config: "Config", loading: bool) -> Any:
        if len(args) != 1:
            raise Invalid("wrong number of arguments")
        return self.parse_one(args[0])

    def parse_one(self, arg: str) -> Any:
        raise NotImplementedError

    def format(self, value: Any) -> str:
        return str(value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class Bool(Option):
    """yes / no (any case)."""

    def parse_one(self, arg: str) -> bool:
        word = arg.lower()
        if word in ("yes", "no"):
            return word == "yes"
        raise Invalid("argument must be 'yes' or 'no'")

    def format(self, value: bool) -> str:
        return "yes" if value else "no"


class Affinity(Bool):
    """KeyDB's server-thread-affinity: yes/no, or KeyDB's true/false."""

    def parse_one(self, arg: str) -> bool:
        word = arg.lower()
        if word in ("yes", "true", "no", "false"):
            return word in ("yes", "true")
        raise Invalid("argument must be 'yes', 'no', 'true' or 'false'")


class Enum(Option):
    """One of a fixed list of words (any case); the value is the listed word."""

    def __init__(self, name: str, default: str, choices: Sequence[str], **kw: Any) -> None:
        super().__init__(name, default, **kw)
        self.choices = tuple(choices)

    def parse_one(self, arg: str) -> str:
        word = arg.lower()
        if word in self.choices:
            return word
        raise Invalid("argument(s) must be one of the following: " + ", ".join(self.choices))


class Number(Option):
    """An integer with inclusive bounds, modelled on a C field.

    ``unsigned``: the C field is unsigned, so a negative input wraps and fails
    the bound check (Redis's message then names the unsigned bounds).
    ``memory``: accepts units (1k, 1kb, 1gb...); CONFIG GET shows bytes.
    ``octal``: parsed and shown in base 8 (unixsocketperm).
    ``clamp``: (lo, hi) applied after the bound check (hz).
    """

    def __init__(self, name: str, default: int, lo: int, hi: int, *,
                 unsigned: bool = False, memory: bool = False, octal: bool = False,
                 clamp: tuple[int, int] | None = None, **kw: Any) -> None:
        super().__init__(name, default, **kw)
        self.lo, self.hi = lo, hi
        self.unsigned, self.memory, self.octal = unsigned, memory, octal
        self.clamp = clamp

    def parse_one(self, arg: str) -> int:
        value = self._parse_number(arg)
        if self.unsigned:
            value %= 2**64
        if not self.lo <= value <= self.hi:
            fmt = "o" if self.octal else "d"
            raise Invalid(f"argument must be between {self.lo:{fmt}} and "
                          f"{self.hi:{fmt}} inclusive")
        if self.clamp:
            value = max(self.clamp[0], min(self.clamp[1], value))
        return value

    def _parse_number(self, arg: str) -> int:
        if self.memory:
            v = memtoull(arg)
            if v is not None:
                return v - 2**64 if v > LLONG_MAX else v     # stored in a long long
            raise Invalid("argument must be a memory value")
        if self.octal:
            v, rest, overflow = _strtoll(arg, 8)
            if not rest and not overflow:
                return v
            raise Invalid("argument couldn't be parsed as an octal number")
        v = _string2ll(arg)
        if v is None:
            raise Invalid("argument couldn't be parsed into an integer")
        return v

    def format(self, value: int) -> str:
        return format(value, "o") if self.octal else str(value)


class String(Option):
    """Free text; ``check(value)`` may return a reason to refuse it."""

    def __init__(self, name: str, default: str, *,
                 check: Callable[[str], str | None] | None = None, **kw: Any) -> None:
        super().__init__(name, default, **kw)
        self.check = check

    def parse_one(self, arg: str) -> str:
        reason = self.check(arg) if self.check else None
        if reason:
            raise Invalid(reason)
        return arg


def _basename_only(value: str) -> str | None:
    if "/" in value or "\\" in value:
        return "dbfilename can't be a path, just a filename"
    return None


class Bind(Option):
    """bind: up to 16 addresses; a single empty argument means none.  Each
    bind line replaces the previous one."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[str]:
        if len(args) > BIND_ADDR_MAX:
            raise Invalid("Too many bind addresses specified.")
        return [] if args == [""] else list(args)

    def format(self, value: list[str]) -> str:
        return " ".join(value)


class Save(Option):
    """save <seconds> <changes> [...]: RDB save points, stored as decimal
    strings.  While loading, the first save line replaces the defaults and
    later lines add to it; ``save ""`` clears.  CONFIG SET replaces."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[str]:
        clear = len(args) == 1 and args[0] == ""
        if clear:
            args = []
        if len(args) % 2:
            raise Invalid("Invalid save parameters")
        points = []
        for j, arg in enumerate(args):
            v, rest, _ = _strtoll(arg)
            if rest or v < (1 if j % 2 == 0 else 0):
                raise Invalid("Invalid save parameters")
            points.append(str(v if j % 2 == 0 else _c_int(v)))
        if not loading or clear or not config._save_loaded:
            config._save_loaded = config._save_loaded or loading
            return points
        return config[self.name] + points

    def format(self, value: list[str]) -> str:
        return " ".join(value)


class ReplicaOf(Option):
    """replicaof <host> <port> | no one: stored as [host, port] or []."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[str]:
        if len(args) != 2:
            raise Invalid("wrong number of arguments")
        host, port = args
        if host.lower() == "no" and port.lower() == "one":
            return []
        v, rest, _ = _strtoll(port)
        v = _c_int(v)
        if rest or not 0 <= v <= 65535:
            raise Invalid("Invalid master port")
        return [host, str(v)]

    def format(self, value: list[str]) -> str:
        return " ".join(value)


class Dir(Option):
    """dir: the working directory, kept as an absolute physical path.  A
    relative value is taken from the current ``dir``.  The directory must exist
    (the reason is chdir's strerror); the apply hook does the chdir."""

    def initial(self) -> str:
        return os.getcwd()

    def parse(self, args: list[str], config: "Config", loading: bool) -> str:
        if len(args) != 1:
            raise Invalid("wrong number of arguments")
        path = config.resolve_path(args[0])
        try:
            if not args[0]:
                raise FileNotFoundError(errno.ENOENT, "")
            mode = os.stat(path).st_mode
            if not stat.S_ISDIR(mode):
                raise NotADirectoryError(errno.ENOTDIR, "")
            if not os.access(path, os.X_OK):
                raise PermissionError(errno.EACCES, "")
        except OSError as exc:
            raise Invalid(os.strerror(exc.errno or errno.EIO)) from None
        return os.path.realpath(path)


# ---------------------------------------------------------- the option table

_PROTECTED_ACTION = ("no", "yes", "local")
_LOGLEVELS = ("debug", "verbose", "notice", "warning")
_SUPERVISED = ("upstart", "systemd", "auto", "no")
_SYSLOG_FACILITIES = ("user",) + tuple(f"local{i}" for i in range(8))
_MAXMEMORY_POLICIES = ("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                       "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")
_MB = 1024 * 1024

#: Every option, in redis.conf order.  Defaults are Redis 7.0's (KeyDB's for
#: server-threads and server-thread-affinity).
OPTIONS: tuple[Option, ...] = (
    # network
    Bind("bind", ["*", "-::*"]),
    String("bind-source-addr", ""),
    Bool("protected-mode", True),
    Number("port", 6379, 0, 65535),
    Number("tcp-backlog", 511, 0, INT_MAX, mutable=False),
    String("unixsocket", "", mutable=False),
    Number("unixsocketperm", 0, 0, 0o777, unsigned=True, octal=True, mutable=False),
    Number("timeout", 0, 0, INT_MAX, unsigned=True),
    Number("tcp-keepalive", 300, 0, INT_MAX),
    # general
    Bool("daemonize", False, mutable=False),
    Enum("supervised", "no", _SUPERVISED, mutable=False),
    String("pidfile", "", mutable=False),
    Enum("loglevel", "notice", _LOGLEVELS),
    String("logfile", "", mutable=False),
    Bool("syslog-enabled", False, mutable=False),
    String("syslog-ident", "redis", mutable=False),
    Enum("syslog-facility", "local0", _SYSLOG_FACILITIES, mutable=False),
    Number("databases", 16, 1, INT_MAX, mutable=False),
    # snapshotting
    Save("save", ["3600", "1", "300", "100", "60", "10000"]),
    String("dbfilename", "dump.rdb", check=_basename_only, protected=True),
    Dir("dir", "./", protected=True),
    # replication
    ReplicaOf("replicaof", [], aliases=("slaveof",), mutable=False),
    # security
    String("requirepass", "", sensitive=True),
    Enum("enable-protected-configs", "no", _PROTECTED_ACTION, mutable=False),
    Enum("enable-debug-command", "no", _PROTECTED_ACTION, mutable=False),
    Enum("enable-module-command", "no", _PROTECTED_ACTION, mutable=False),
    # clients
    Number("maxclients", 10000, 1, UINT_MAX, unsigned=True),
    # memory management
    Number("maxmemory", 0, 0, ULLONG_MAX, unsigned=True, memory=True),
    Enum("maxmemory-policy", "noeviction", _MAXMEMORY_POLICIES),
    Number("maxmemory-samples", 5, 1, 64),
    Number("maxmemory-eviction-tenacity", 10, 0, 100),
    Number("lfu-log-factor", 10, 0, INT_MAX),
    Number("lfu-decay-time", 1, 0, INT_MAX),
    # append only mode
    Bool("appendonly", False),
    # slow log
    Number("slowlog-log-slower-than", 10000, -1, LLONG_MAX),
    Number("slowlog-max-len", 128, 0, LLONG_MAX),
    # latency monitor
    Number("latency-monitor-threshold", 0, 0, LLONG_MAX),
    # advanced
    Number("hz", 10, 0, INT_MAX, clamp=(HZ_MIN, HZ_MAX)),
    Bool("dynamic-hz", True),
    Number("proto-max-bulk-len", 512 * _MB, _MB, LLONG_MAX, memory=True),
    Number("client-query-buffer-limit", 1024 * _MB, _MB, LLONG_MAX,
           unsigned=True, memory=True),
    # KeyDB
    Number("server-threads", 1, 1, MAX_SERVER_THREADS, mutable=False),
    Affinity("server-thread-affinity", False, mutable=False),
)

_BY_NAME: dict[str, Option] = {}
for _opt in OPTIONS:
    for _name in (_opt.name, *_opt.aliases):
        assert _name not in _BY_NAME, _name
        _BY_NAME[_name] = _opt
del _opt, _name

#: Redis 7.0 still reads these from old config files and ignores them:
#: name -> (min argc, max argc), argc counting the name.
_DEPRECATED = {"list-max-ziplist-entries": (2, 2), "list-max-ziplist-value": (2, 2),
               "lua-replicate-commands": (2, 2)}


def lookup(name: str | bytes) -> Option | None:
    """The option called ``name`` (or one of its aliases), any case."""
    if isinstance(name, bytes):
        name = _text(name)
    return _BY_NAME.get(name.lower())


# --------------------------------------------------------------------- Config

class Config:
    """The server's configuration values and the CONFIG GET/SET logic.

    ``apply(name, value)`` is called with the canonical option name and the
    typed value: by ``apply_all()`` for every option, and by ``set()`` for each
    option whose value changed.  It may raise to refuse a value (its message
    becomes the CONFIG SET error).  Loading a file never calls it.

    ``rename(old, new)`` is called for each ``rename-command old new`` line as
    it is read (``new`` empty: disable); it raises ValueError(reason) to make
    the line a fatal error.  The lines are also kept in ``renamed_commands``.

    Thread safety: ``get``, ``set`` and ``apply_all`` are serialised by an
    internal lock; the hook runs under it.
    """

    def __init__(self, apply: Callable[[str, Any], None] | None = None,
                 rename: Callable[[str, str], None] | None = None) -> None:
        self._apply = apply
        self._rename = rename
        #: (old, new) of every rename-command line, in file order.
        self.renamed_commands: list[tuple[str, str]] = []
        self._lock = threading.RLock()
        self._values: dict[str, Any] = {opt.name: opt.initial() for opt in OPTIONS}
        self._save_loaded = False   # a save line was read: later ones accumulate
        #: Absolute path of the config file given on the command line, or None.
        self.config_file: str | None = None
        #: True when the configuration was (also) read from stdin ("-").
        self.config_from_stdin = False

    # ---- access

    def __getitem__(self, name: str) -> Any:
        opt = lookup(name)
        if opt is None:
            raise KeyError(name)
        value = self._values[opt.name]
        return list(value) if isinstance(value, list) else value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, (str, bytes)) and lookup(name) is not None

    def items(self) -> list[tuple[str, Any]]:
        """(canonical name, typed value) for every option, in table order."""
        return [(opt.name, self[opt.name]) for opt in OPTIONS]

    def resolve_path(self, path: str) -> str:
        """A path from the configuration, relative to the configured ``dir``
        (Redis has already chdir'ed there when it reads the next line).  A
        NUL ends the path, as it does for the C library."""
        return os.path.join(self._values["dir"], path.split("\0", 1)[0])

    # ---- loading

    @classmethod
    def from_argv(cls, argv: Sequence[str | bytes],
                  apply: Callable[[str, Any], None] | None = None, *,
                  stdin: BinaryIO | None = None,
                  rename: Callable[[str, str], None] | None = None) -> "Config":
        """Build the configuration from the server's command line.

        ``argv`` excludes the program name (``sys.argv[1:]``): an optional
        config file (``-`` or a trailing ``-`` reads stdin too), then
        ``--name value ...`` options, which are applied after the file as
        Redis does.  Handling -v/--help is the server's job.  The hook is not
        called: the server calls ``apply_all()`` when the core is ready.
        Raises ConfigError.
        """
        config = cls(apply, rename)
        path, from_stdin, _ = split_argv(argv)
        config.config_file = _absolute_path(path) if path is not None else None
        config.config_from_stdin = from_stdin
        if argv:
            config.load_string(parse_argv(argv, stdin=stdin))
        return config

    def load_file(self, path: str) -> None:
        """Read one config file (``include`` does this); a relative ``path`` is
        taken from ``dir``, and errors name it as given.  Raises ConfigError."""
        try:
            with open(self.resolve_path(path), "rb") as f:
                data = f.read()
        except OSError as exc:
            raise _cant_open(path, exc) from None
        self.load_string(data)

    def load_string(self, text: str | bytes) -> None:
        """Apply config-file text line by line; raises ConfigError with the
        FATAL block on the first bad line (earlier lines stay applied)."""
        lines = _bytes(text).split(b"\n")
        for linenum, raw in enumerate(lines, 1):
            line = raw.strip(b" \t\r\n")
            if not line or line.startswith(b"#"):
                continue
            try:
                self._load_line(line)
            except Invalid as exc:
                shown = _text(line.split(b"\0", 1)[0])
                raise _fatal(str(exc), linenum, shown) from None
        logfile = self._values["logfile"]
        if logfile:
            try:
                open(self.resolve_path(logfile), "ab").close()
            except OSError as exc:
                raise _fatal("Can't open the log file: "
                             + os.strerror(exc.errno or errno.EIO)) from None

    def _load_line(self, line: bytes) -> None:
        args = split_args(line)
        if args is None:
            raise Invalid("Unbalanced quotes in configuration line")
        if not args:
            return
        name = _text(args[0].lower())
        opt = _BY_NAME.get(name)
        if opt is not None:
            values = args[1:]
            if not opt.multi_arg and len(values) != 1:
                raise Invalid("wrong number of arguments")
            if opt.multi_arg and len(values) == 1 and values[0]:
                values = split_args(values[0]) or []
            self._values[opt.name] = opt.parse([_text(v) for v in values], self, True)
        elif name in _DEPRECATED and _DEPRECATED[name][0] <= len(args) <= _DEPRECATED[name][1]:
            pass
        elif name == "include" and len(args) == 2:
            self._include(_text(args[1]))
        elif name == "rename-command" and len(args) == 3:
            old, new = _text(args[1]), _text(args[2])
            if self._rename is not None:
                try:
                    self._rename(old, new)
                except ValueError as exc:
                    raise Invalid(str(exc)) from None
            self.renamed_commands.append((old, new))
        else:
            raise Invalid("Bad directive or wrong number of arguments")

    def _include(self, pattern: str) -> None:
        # Redis opens relative names from its working directory, which `dir`
        # lines have already changed; errors show the name as written.
        pattern = pattern.split("\0", 1)[0]
        if any(c in pattern for c in "*?["):
            for match in sorted(_glob.glob(pattern, root_dir=self._values["dir"])):
                self.load_file(match)
        else:
            self.load_file(pattern)

    # ---- CONFIG GET / SET / REWRITE

    def get(self, patterns: Iterable[bytes]) -> list[tuple[bytes, bytes]]:
        """CONFIG GET: (name, value) pairs for the options matching any of the
        glob patterns (any case), each name once.  An exact (glob-free) name
        is answered under the spelling the client used; aliases match too."""
        with self._lock:
            found: dict[str, tuple[bytes, Option]] = {}
            for pattern in patterns:
                pattern = _bytes(pattern)
                if not any(c in pattern for c in b"*?["):
                    key = _text(pattern).lower()
                    opt = lookup(pattern)
                    if opt is not None and key not in found:
                        found[key] = (pattern, opt)
                    continue
                for name, opt in _BY_NAME.items():
                    if (not opt.hidden and name not in found
                            and string_match(pattern, name.encode())):
                        found[name] = (name.encode(), opt)
            return [(key, _bytes(opt.format(self._values[opt.name])))
                    for key, opt in found.values()]

    def set(self, args: Sequence[bytes], *, local_client: bool = False) -> None:
        """CONFIG SET name value [name value ...], all or nothing.

        ``args`` follows the SET token.  ``local_client``: the client is on a
        local connection (enable-protected-configs local).  Each changed
        option is stored and passed to the hook in order; if the hook raises,
        every option gets its old value back, the earlier hooks are re-run with
        the old values, and the error names the option.  Raises ConfigSetError.
        """
        args = [_bytes(a) for a in args]
        if len(args) < 2:
            raise ConfigSetError("ERR wrong number of arguments for 'config|set' command")
        if len(args) % 2:
            raise ConfigSetError("ERR syntax error")
        with self._lock:
            chosen = self._check_set_names(args[0::2], local_client)
            new = []
            for opt, raw in zip(chosen, args[1::2]):
                if opt.multi_arg:
                    values = raw.split(b" ") if raw else []
                else:
                    values = [raw]
                try:
                    new.append(opt.parse([_text(v) for v in values], self, False))
                except Invalid as exc:
                    raise ConfigSetError(_set_failed(opt.name, str(exc))) from None
            self._commit(chosen, new)

    def _check_set_names(self, names: list[bytes], local_client: bool) -> list[Option]:
        chosen: list[Option] = []
        for name in names:
            opt = lookup(name)
            if opt is None:
                raise ConfigSetError("ERR Unknown option or number of arguments "
                                     f"for CONFIG SET - '{_text(name)}'")
            reason = None
            if not opt.mutable:
                reason = "can't set immutable config"
            elif opt.protected and not self._protected_allowed(local_client):
                reason = "can't set protected config"
            if opt in chosen:
                reason = "duplicate parameter"
            if reason:
                raise ConfigSetError(_set_failed(_text(name), reason))
            chosen.append(opt)
        return chosen

    def _protected_allowed(self, local_client: bool) -> bool:
        mode = self._values["enable-protected-configs"]
        return mode == "yes" or (mode == "local" and local_client)

    def _commit(self, opts: list[Option], new: list[Any]) -> None:
        old = [self._values[opt.name] for opt in opts]
        for opt, value in zip(opts, new):
            self._values[opt.name] = value
        applied: list[int] = []
        for i, opt in enumerate(opts):
            if new[i] == old[i]:
                continue
            try:
                self._call_apply(opt.name, new[i])
            except Exception as exc:
                for o, value in zip(opts, old):
                    self._values[o.name] = value
                for j in reversed(applied):
                    try:
                        self._call_apply(opts[j].name, old[j])
                    except Exception:
                        pass        # best effort: the original error is reported
                reason = str(exc) or type(exc).__name__
                raise ConfigSetError(_set_failed(opt.name, reason)) from exc
            applied.append(i)

    def _call_apply(self, name: str, value: Any) -> None:
        if self._apply is not None:
            self._apply(name, list(value) if isinstance(value, list) else value)

    def apply_all(self) -> None:
        """Pass every option's value to the hook, in table order (start-up).
        Exceptions from the hook propagate."""
        with self._lock:
            for opt in OPTIONS:
                self._call_apply(opt.name, self._values[opt.name])

    def rewrite(self) -> None:
        """CONFIG REWRITE (not yet implemented)."""
        raise NotImplementedError("CONFIG REWRITE is not implemented yet")


def _set_failed(name: str, reason: str) -> str:
    return f"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}"


# --------------------------------------------------------------- command line

def split_argv(argv: Sequence[str | bytes]) -> tuple[str | None, bool, bytes]:
    """Split the command line (without the program name) as Redis's main()
    does: returns (config file or None, read stdin, options text).

    The first argument is the config file unless it starts with '-'.  A lone
    '-' first or last means "also read stdin".  Each ``--name`` starts a new
    options line; the values after it are quoted and appended to that line.
    A name given with its value in one argument ("--port 6380") is taken
    verbatim.  A bare ``--save`` (last, or followed by another ``--name``)
    means ``save ""``.
    """
    args = [os.fsencode(a) for a in argv]
    path = None
    j = 0
    if args and not args[0].startswith(b"-"):
        path = os.fsdecode(args[0])
        j = 1
    from_stdin = False
    options = bytearray()
    last_has_value = True
    while j < len(args):
        arg = args[j]
        last = j == len(args) - 1
        if arg == b"-" and (j == 0 or last):
            from_stdin = True
        elif last_has_value and arg.startswith(b"--"):
            if options:
                options += b"\n"
            options += arg[2:] + b" "
            words = split_args(arg)
            if words is not None and len(words) == 1:
                last_has_value = False
                followed_by_name = not last and args[j + 1].startswith(b"--")
                if arg.lower() == b"--save" and (last or followed_by_name):
                    options += b'""'
                    last_has_value = not last
                elif arg.lower() == b"--sentinel" and followed_by_name:
                    last_has_value = True
            else:
                last_has_value = True
        else:
            options += _repr_arg(arg) + b" "
            last_has_value = True
        j += 1
    return path, from_stdin, bytes(options)


def parse_argv(argv: Sequence[str | bytes], *, stdin: BinaryIO | None = None) -> bytes:
    """The configuration text Redis builds from its command line: the config
    file's content, then stdin's (if asked), then a newline and the options
    (see ``split_argv``).  Includes are not expanded here.  Raises ConfigError
    when the config file cannot be read."""
    path, from_stdin, options = split_argv(argv)
    text = b""
    if path is not None:
        path = _absolute_path(path)         # Redis names the file by its absolute path
        try:
            with open(path, "rb") as f:
                text = f.read()
        except OSError as exc:
            raise _cant_open(path, exc) from None
    if from_stdin:
        text += (stdin if stdin is not None else sys.stdin.buffer).read()
    return text + b"\n" + options


def _absolute_path(path: str) -> str:
    return path if path.startswith("/") else os.path.abspath(path)
