"""Server configuration: the option table, the config-file grammar, CONFIG GET/SET.

This module owns every option the server implements: its name (and aliases),
type, default, whether CONFIG SET may change it, and how its value is shown by
CONFIG GET.  It is pure Python and never imports ``keydb._core``: the values
reach the core through one callback injected by the server,

    config = Config.from_argv(sys.argv[1:], apply=core_apply)
    config.apply_all()                  # start-up: apply(name, value) for every option
    config.set([b"maxmemory", b"1gb"])  # CONFIG SET: apply(name, value) per changed option

where ``value`` is typed: ``int``, ``bool``, ``str`` (enums give their lower-case
name, ``dir`` its absolute path), ``list[str]`` (``bind``, ``save``,
``replicaof``, flag sets such as ``shutdown-on-sigterm``), ``list[int]``
(``oom-score-adj-values``), ``list[float]`` (``latency-tracking-info-
percentiles``), ``frozenset`` of event-class characters
(``notify-keyspace-events``) or ``dict`` class -> (hard bytes, soft bytes,
seconds) for ``client-output-buffer-limit`` (classes normal, slave, pubsub).
``maxmemory-clients`` is bytes, or minus a percentage.  Text is UTF-8
decoded with ``surrogateescape``, so every str maps back to the exact bytes of
the file or the client (``os.fsencode`` rules).

Every option of Redis 7.0 and of KeyDB 6.3 is in the table, with Redis's
types, defaults, ranges and mutability; the server acts on some of them and
stores the rest (CONFIG GET reports them, CONFIG REWRITE writes them back).

Behaviour follows Redis 7.0 (config.c): the file grammar and its error block,
command-line ``--name value`` options appended after the file, memory units,
numeric range messages, and the all-or-nothing CONFIG SET with its error
strings, and CONFIG REWRITE's way of updating the file in place.  Only the
strings clients and operators see are Redis's; the code is our own.

Sections: errors - text helpers (sdssplitargs, string2ll, memtoull, glob) -
option types - the option table - Config - command line.

Adding an option: append one entry to ``OPTIONS`` (and, if it needs a new
shape of value, one ``Option`` subclass with ``parse_one``/``parse``,
``format`` and, where CONFIG REWRITE writes it differently from CONFIG GET,
``rewrite_lines``), and document it in the root keydb.conf (a test checks).
Nothing else in this file needs to change.
"""

from __future__ import annotations

import errno
import glob as _glob
import hashlib
import os
import stat
import sys
import threading
from typing import Any, BinaryIO, Callable, Iterable, Sequence

from keydb import REDIS_VERSION     # named in the FATAL CONFIG FILE ERROR banner

__all__ = [
    "REDIS_VERSION", "ConfigError", "ConfigSetError", "ConfigRewriteError", "Option", "OPTIONS",
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


class ConfigRewriteError(Exception):
    """CONFIG REWRITE was refused; ``message`` is the error line without the
    '-' (e.g. "ERR The server is running without a config file")."""

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


def _memory_text(value: int) -> str:
    """A byte count as CONFIG REWRITE writes it: in gb, mb or kb when exact."""
    for unit, size in (("gb", 1024**3), ("mb", 1024**2), ("kb", 1024)):
        if value and value % size == 0:
            return f"{value // size}{unit}"
    return str(value)


def _quote(value: str) -> str:
    """A string value as CONFIG REWRITE writes it: double-quoted, escaped."""
    return _text(_repr_arg(_bytes(value)))


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

    def rewrite_lines(self, value: Any) -> list[tuple[str, bool]] | None:
        """CONFIG REWRITE: the text after the name of each line this value
        needs, each with ``force`` (write it even where the file has no line
        for this option).  None: the option's lines are removed."""
        return [(self.format(value), value != self.default)]

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
    """KeyDB's server-thread-affinity: yes/no (or KeyDB's true/false), or a
    positive CPU offset, which pins too: worker i then runs on CPU offset + i.
    The value is False, True, or the offset as an int."""

    def parse_one(self, arg: str) -> bool | int:
        word = arg.lower()
        if word in ("yes", "true", "no", "false"):
            return word in ("yes", "true")
        if word.isdigit() and int(word) > 0:
            return int(word)
        raise Invalid("argument must be 'yes', 'no', 'true', 'false' or a CPU offset above 0")

    def format(self, value: bool | int) -> str:
        if value is True or value is False:
            return "yes" if value else "no"
        return str(value)


class Enum(Option):
    """One of a fixed list of words (any case); the value is the listed word."""

    def __init__(self, name: str, default: str, choices: Sequence[str], *,
                 synonyms: dict[str, str] | None = None, **kw: Any) -> None:
        super().__init__(name, default, **kw)
        self.choices = tuple(choices)
        self.synonyms = synonyms or {}      # word -> the word shown for it

    def parse_one(self, arg: str) -> str:
        word = arg.lower()
        if word in self.choices:
            return self.synonyms.get(word, word)
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

    def rewrite_lines(self, value: int) -> list[tuple[str, bool]] | None:
        text = _memory_text(value) if self.memory else self.format(value)
        return [(text, value != self.default)]


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

    def rewrite_lines(self, value: str) -> list[tuple[str, bool]] | None:
        if not value and not self.default:
            return None                 # an empty string is written as no line
        return [(_quote(value), value != self.default)]


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

    def rewrite_lines(self, value: list[str]) -> list[tuple[str, bool]] | None:
        return [(" ".join(value) or '""', value != self.default)]


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

    def rewrite_lines(self, value: list[str]) -> list[tuple[str, bool]] | None:
        # One line per save point, always written (even the defaults).
        pairs = [f"{value[j]} {value[j + 1]}" for j in range(0, len(value), 2)]
        return [(pair, True) for pair in pairs] or [('""', True)]


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

    def rewrite_lines(self, value: list[str]) -> list[tuple[str, bool]] | None:
        return [(" ".join(value), True)] if value else None


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

    def rewrite_lines(self, value: str) -> list[tuple[str, bool]] | None:
        return [(_quote(value), True)]          # always written


class Words(Option):
    """Several free words on one line (KeyDB's storage-provider,
    tls-allowlist); stored as a list and shown joined by spaces."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[str]:
        return [] if args == [""] else list(args)

    def format(self, value: list[str]) -> str:
        return " ".join(value)

    def rewrite_lines(self, value: list[str]) -> list[tuple[str, bool]] | None:
        return [(" ".join(value), True)] if value else None


class Flags(Option):
    """A set of words from a fixed list (shutdown-on-sigint/-sigterm): the
    value is the chosen words in list order; "default" alone means none."""

    multi_arg = True

    def __init__(self, name: str, default: list[str], choices: Sequence[str],
                 exclusive: tuple[str, str] | None = None, **kw: Any) -> None:
        super().__init__(name, default, **kw)
        self.choices = tuple(choices)       # choices[0] is the empty set's name
        self.exclusive = exclusive

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[str]:
        words = {a.lower() for a in args}
        if not args or not words <= set(self.choices):
            raise Invalid("argument(s) must be one of the following: " + ", ".join(self.choices))
        if self.exclusive and set(self.exclusive) <= words:
            a, b = (w.upper() for w in self.exclusive)
            raise Invalid(f"shutdown options {a} and {b} can't be used simultaneously")
        return [c for c in self.choices[1:] if c in words]

    def format(self, value: list[str]) -> str:
        return " ".join(value) or self.choices[0]


#: notify-keyspace-events: the event classes, in the order CONFIG GET shows them.
_EVENT_CLASSES = "g$lshzxetdn"
_EVENT_ALL = "g$lshzxetd"                   # what 'A' stands for


class NotifyEvents(Option):
    """notify-keyspace-events: a set of event-class characters, kept as a
    frozenset.  Shown as Redis does: 'A' when every class of A is set (and
    then no 'n'), else the classes; then K, E and m."""

    def parse_one(self, arg: str) -> frozenset:
        flags = set()
        for ch in arg:
            if ch == "A":
                flags.update(_EVENT_ALL)
            elif ch in _EVENT_CLASSES or ch in "KEm":
                flags.add(ch)
            else:
                raise Invalid("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
        return frozenset(flags)

    def format(self, value: frozenset) -> str:
        if set(_EVENT_ALL) <= value:
            text = "A"
        else:
            text = "".join(c for c in _EVENT_CLASSES if c in value)
        return text + "".join(c for c in "KEm" if c in value)

    def rewrite_lines(self, value: frozenset) -> list[tuple[str, bool]] | None:
        return [(_quote(self.format(value)), value != self.default)]


class Percentiles(Option):
    """latency-tracking-info-percentiles: numbers between 0 and 100."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[float]:
        if args == [""]:
            return []
        values = []
        for arg in args:
            try:
                v = float(arg)
            except ValueError:
                v = None
            if v is None or not arg or arg != arg.strip() or "_" in arg:
                raise Invalid("Invalid latency-tracking-info-percentiles parameters")
            if not 0.0 <= v <= 100.0:
                raise Invalid("latency-tracking-info-percentiles parameters "
                              "should sit between [0.0,100.0]")
            values.append(v)
        return values

    def format(self, value: list[float]) -> str:
        return " ".join(("%f" % v).rstrip("0").rstrip(".") for v in value)

    def rewrite_lines(self, value: list[float]) -> list[tuple[str, bool]] | None:
        return [(self.format(value) or '""', True)]     # Redis always writes it


class OomValues(Option):
    """oom-score-adj-values: three integers between -2000 and 2000."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> list[int]:
        if len(args) != 3:
            raise Invalid("wrong number of arguments")
        values = []
        for arg in args:
            v = _string2ll(arg)
            if v is None or not -2000 <= v <= 2000:
                raise Invalid("Invalid oom-score-adj-values, elements must be "
                              "between -2000 and 2000.")
            values.append(v)
        return values

    def format(self, value: list[int]) -> str:
        return " ".join(map(str, value))


class MemoryOrPercent(Option):
    """maxmemory-clients: bytes (with units) or 'N%' of maxmemory (N <= 100).
    Kept as Redis keeps it: a percentage as a negative number."""

    def parse_one(self, arg: str) -> int:
        if arg.endswith("%"):
            v = _string2ll(arg[:-1])
            if v is None or v < 0:
                raise Invalid("argument must be a memory or percent value")
            if v > 100:
                raise Invalid("percentage argument must be less or equal to 100")
            return -v
        v = memtoull(arg)
        if v is None:
            raise Invalid("argument must be a memory or percent value")
        return v - 2**64 if v > LLONG_MAX else v

    def format(self, value: int) -> str:
        return f"{-value}%" if value < 0 else str(value)

    def rewrite_lines(self, value: int) -> list[tuple[str, bool]] | None:
        text = self.format(value) if value < 0 else _memory_text(value)
        return [(text, value != self.default)]


#: client-output-buffer-limit classes, as CONFIG GET names them, and the
#: names a client may use for each.
_OBUF_CLASSES = ("normal", "slave", "pubsub")
_OBUF_NAMES = {"normal": "normal", "slave": "slave", "replica": "slave", "pubsub": "pubsub"}


class BufferLimits(Option):
    """client-output-buffer-limit <class> <hard> <soft> <soft seconds> ...:
    a dict class -> (hard bytes, soft bytes, seconds).  Each line or CONFIG
    SET changes only the classes it names."""

    multi_arg = True

    def parse(self, args: list[str], config: "Config", loading: bool) -> dict:
        if not args or len(args) % 4:
            raise Invalid("Wrong number of arguments in buffer limit configuration.")
        value = dict(config[self.name])
        for j in range(0, len(args), 4):
            cls = _OBUF_NAMES.get(args[j].lower())
            if cls is None:
                raise Invalid("Invalid client class specified in buffer limit configuration.")
            hard, soft = memtoull(args[j + 1]), memtoull(args[j + 2])
            secs = _string2ll(args[j + 3])
            if hard is None or soft is None or secs is None or secs < 0:
                raise Invalid("Error in hard, soft or soft_seconds setting in "
                              "buffer limit configuration.")
            value[cls] = (hard, soft, secs)
        return value

    def format(self, value: dict) -> str:
        return " ".join(f"{c} {value[c][0]} {value[c][1]} {value[c][2]}"
                        for c in _OBUF_CLASSES)

    def rewrite_lines(self, value: dict) -> list[tuple[str, bool]] | None:
        return [(f"{c} {_memory_text(value[c][0])} {_memory_text(value[c][1])} {value[c][2]}",
                 value[c] != self.default[c]) for c in _OBUF_CLASSES]


#: proc-title-template variables, and whether each is known to be non-empty.
_TITLE_VARIABLES = {"title": False, "listen-addr": True, "server-mode": False,
                    "port": True, "tls-port": True, "unixsocket": False,
                    "config-file": False}


def _title_template(value: str) -> str | None:
    """proc-title-template must parse ({{ and }} are literal braces, {name}
    a known variable) and give a non-blank title even when the variables
    that may be empty are."""
    out, i = [], 0
    while i < len(value):
        if value.startswith(("{{", "}}"), i):
            out.append(value[i])
            i += 2
        elif value[i] == "{":
            end = value.find("}", i)
            name = value[i + 1:end] if end > 0 else None
            if name not in _TITLE_VARIABLES:
                return "template format is invalid or contains unknown variables"
            out.append("x" if _TITLE_VARIABLES[name] else "")
            i = end + 1
        else:
            out.append(value[i])
            i += 1
    if not "".join(out).strip(" "):
        return "template format is invalid or contains unknown variables"
    return None


def _hostname(value: str) -> str | None:
    if all(c.isascii() and (c.isalnum() or c in "-.") for c in value):
        return None
    return "Hostnames may only contain alphanumeric characters, hyphens or dots"


# ---------------------------------------------------------- the option table

_PROTECTED_ACTION = ("no", "yes", "local")
_LOGLEVELS = ("debug", "verbose", "notice", "warning")
_SHUTDOWN_FLAGS = ("default", "save", "nosave", "now", "force")
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
    # the rest of Redis 7.0's options (stored and reported by CONFIG GET)
    Enum("acl-pubsub-default", "resetchannels", ("allchannels", "resetchannels")),
    String("aclfile", "", mutable=False),
    Number("acllog-max-len", 128, 0, LLONG_MAX),
    Number("active-defrag-cycle-max", 25, 1, 99),
    Number("active-defrag-cycle-min", 1, 1, 99),
    Number("active-defrag-ignore-bytes", 104857600, 1, LLONG_MAX, memory=True),
    Number("active-defrag-max-scan-fields", 1000, 1, LLONG_MAX),
    Number("active-defrag-threshold-lower", 10, 0, 1000),
    Number("active-defrag-threshold-upper", 100, 0, 1000),
    Number("active-expire-effort", 1, 1, 10),
    Bool("activedefrag", False),
    Bool("activerehashing", True),
    Bool("always-show-logo", False, mutable=False),
    Bool("aof-disable-auto-gc", False),
    Bool("aof-load-truncated", True),
    Bool("aof-rewrite-incremental-fsync", True),
    Bool("aof-timestamp-enabled", False),
    Bool("aof-use-rdb-preamble", True),
    String("aof_rewrite_cpulist", "", mutable=False),
    String("appenddirname", "appendonlydir", mutable=False),
    String("appendfilename", "appendonly.aof", mutable=False),
    Enum("appendfsync", "everysec", ("everysec", "always", "no")),
    Number("auto-aof-rewrite-min-size", 67108864, 0, LLONG_MAX, memory=True),
    Number("auto-aof-rewrite-percentage", 100, 0, INT_MAX),
    String("bgsave_cpulist", "", mutable=False),
    String("bio_cpulist", "", mutable=False),
    Number("busy-reply-threshold", 5000, 0, LLONG_MAX),
    Bool("cluster-allow-pubsubshard-when-down", True),
    Bool("cluster-allow-reads-when-down", False),
    Bool("cluster-allow-replica-migration", True),
    Number("cluster-announce-bus-port", 0, 0, 65535),
    String("cluster-announce-ip", ""),
    Number("cluster-announce-port", 0, 0, 65535),
    Number("cluster-announce-tls-port", 0, 0, 65535),
    String("cluster-config-file", "nodes.conf", mutable=False),
    Bool("cluster-enabled", False, mutable=False),
    Number("cluster-link-sendbuf-limit", 0, 0, ULLONG_MAX, memory=True, unsigned=True),
    Number("cluster-migration-barrier", 1, 0, INT_MAX),
    Number("cluster-node-timeout", 15000, 0, LLONG_MAX),
    Number("cluster-port", 0, 0, 65535, mutable=False),
    Enum("cluster-preferred-endpoint-type", "ip", ("ip", "hostname", "unknown-endpoint")),
    Bool("cluster-replica-no-failover", False, aliases=("cluster-slave-no-failover",)),
    Number("cluster-replica-validity-factor", 10, 0, INT_MAX,
           aliases=("cluster-slave-validity-factor",)),
    Bool("cluster-require-full-coverage", True),
    Bool("crash-log-enabled", True),
    Bool("crash-memcheck-enabled", True),
    Bool("disable-thp", True, mutable=False),
    Number("hash-max-listpack-entries", 512, 0, LLONG_MAX,
           aliases=("hash-max-ziplist-entries",)),
    Number("hash-max-listpack-value", 64, 0, LLONG_MAX, memory=True,
           aliases=("hash-max-ziplist-value",)),
    Number("hll-sparse-max-bytes", 3000, 0, LLONG_MAX, memory=True),
    String("ignore-warnings", ""),
    Number("io-threads", 1, 1, 128, mutable=False),
    Bool("io-threads-do-reads", False, mutable=False),
    Bool("jemalloc-bg-thread", True),
    Number("key-load-delay", 0, -INT_MAX - 1, INT_MAX, hidden=True),
    Bool("latency-tracking", True),
    Bool("lazyfree-lazy-eviction", False),
    Bool("lazyfree-lazy-expire", False),
    Bool("lazyfree-lazy-server-del", False),
    Bool("lazyfree-lazy-user-del", False),
    Bool("lazyfree-lazy-user-flush", False),
    Number("list-compress-depth", 0, 0, INT_MAX),
    Number("list-max-listpack-size", -2, -INT_MAX - 1, INT_MAX,
           aliases=("list-max-ziplist-size",)),
    Number("loading-process-events-interval-bytes", 2097152, 1024, INT_MAX, hidden=True),
    Bool("lua-enable-deprecated-api", False, mutable=False, hidden=True),
    Number("lua-time-limit", 5000, 0, LLONG_MAX),
    String("masterauth", "", sensitive=True),
    String("masteruser", ""),
    Number("min-replicas-max-lag", 10, 0, INT_MAX, aliases=("min-slaves-max-lag",)),
    Number("min-replicas-to-write", 0, 0, INT_MAX, aliases=("min-slaves-to-write",)),
    Bool("no-appendfsync-on-rewrite", False),
    Enum("oom-score-adj", "no", ("no", "yes", "relative", "absolute"),
         synonyms={"relative": "yes"}),
    String("proc-title-template", "{title} {listen-addr} {server-mode}",
           check=_title_template),
    Enum("propagation-error-behavior", "ignore", ("ignore", "panic", "panic-on-replicas")),
    Bool("rdb-del-sync-files", False),
    Number("rdb-key-save-delay", 0, -INT_MAX - 1, INT_MAX, hidden=True),
    Bool("rdb-save-incremental-fsync", True),
    Bool("rdbchecksum", True, mutable=False),
    Bool("rdbcompression", True),
    Number("repl-backlog-size", 1048576, 1, LLONG_MAX, memory=True),
    Number("repl-backlog-ttl", 3600, 0, LLONG_MAX),
    Bool("repl-disable-tcp-nodelay", False),
    Enum("repl-diskless-load", "disabled", ("disabled", "on-empty-db", "swapdb")),
    Bool("repl-diskless-sync", True),
    Number("repl-diskless-sync-delay", 5, 0, INT_MAX),
    Number("repl-diskless-sync-max-replicas", 0, 0, INT_MAX),
    Number("repl-ping-replica-period", 10, 1, INT_MAX, aliases=("repl-ping-slave-period",)),
    Number("repl-timeout", 60, 1, INT_MAX),
    String("replica-announce-ip", "", aliases=("slave-announce-ip",)),
    Number("replica-announce-port", 0, 0, 65535, aliases=("slave-announce-port",)),
    Bool("replica-announced", True),
    Bool("replica-ignore-disk-write-errors", False),
    Bool("replica-ignore-maxmemory", True, aliases=("slave-ignore-maxmemory",)),
    Bool("replica-lazy-flush", False, aliases=("slave-lazy-flush",)),
    Number("replica-priority", 100, 0, INT_MAX, aliases=("slave-priority",)),
    Bool("replica-read-only", True, aliases=("slave-read-only",)),
    Bool("replica-serve-stale-data", True, aliases=("slave-serve-stale-data",)),
    Enum("sanitize-dump-payload", "no", ("no", "yes", "clients")),
    String("server_cpulist", "", mutable=False),
    Number("set-max-intset-entries", 512, 0, LLONG_MAX),
    Bool("set-proc-title", True, mutable=False),
    Number("shutdown-timeout", 10, 0, INT_MAX),
    Number("socket-mark-id", 0, 0, UINT_MAX, mutable=False),
    Bool("stop-writes-on-bgsave-error", True),
    Number("stream-node-max-bytes", 4096, 0, LLONG_MAX, memory=True),
    Number("stream-node-max-entries", 100, 0, LLONG_MAX),
    Enum("tls-auth-clients", "yes", ("no", "yes", "optional")),
    String("tls-ca-cert-dir", ""),
    String("tls-ca-cert-file", ""),
    String("tls-cert-file", ""),
    String("tls-ciphers", ""),
    String("tls-ciphersuites", ""),
    String("tls-client-cert-file", ""),
    String("tls-client-key-file", ""),
    String("tls-client-key-file-pass", "", sensitive=True),
    Bool("tls-cluster", False),
    String("tls-dh-params-file", ""),
    String("tls-key-file", ""),
    String("tls-key-file-pass", "", sensitive=True),
    Number("tls-port", 0, 0, 65535),
    Bool("tls-prefer-server-ciphers", False),
    String("tls-protocols", ""),
    Bool("tls-replication", False),
    Number("tls-session-cache-size", 20480, 0, INT_MAX),
    Number("tls-session-cache-timeout", 300, 0, INT_MAX),
    Bool("tls-session-caching", True),
    Number("tracking-table-max-keys", 1000000, 0, LLONG_MAX),
    Bool("use-exit-on-panic", False, hidden=True),
    Number("watchdog-period", 0, 0, INT_MAX, hidden=True),
    Number("zset-max-listpack-entries", 128, 0, LLONG_MAX,
           aliases=("zset-max-ziplist-entries",)),
    Number("zset-max-listpack-value", 64, 0, LLONG_MAX, memory=True,
           aliases=("zset-max-ziplist-value",)),
    BufferLimits("client-output-buffer-limit", {"normal": (0, 0, 0),
                  "slave": (256 * _MB, 64 * _MB, 60), "pubsub": (32 * _MB, 8 * _MB, 60)}),
    String("cluster-announce-hostname", "", check=_hostname),
    Percentiles("latency-tracking-info-percentiles", [50.0, 99.0, 99.9]),
    MemoryOrPercent("maxmemory-clients", 0),
    NotifyEvents("notify-keyspace-events", frozenset()),
    OomValues("oom-score-adj-values", [0, 200, 800]),
    Flags("shutdown-on-sigint", [], _SHUTDOWN_FLAGS, exclusive=("save", "nosave")),
    Flags("shutdown-on-sigterm", [], _SHUTDOWN_FLAGS, exclusive=("save", "nosave")),
    # KeyDB 6.3 (stored and reported; only the threading options act yet)
    Bool("active-replica", False),
    Bool("multi-master", False, mutable=False),
    Bool("multi-master-no-forward", False),
    Number("replica-weighting-factor", 2, 1, INT_MAX),
    Number("replica-quorum", -1, -1, INT_MAX),
    Number("min-clients-per-thread", 20, 0, 400),
    Bool("active-client-balancing", True),
    Bool("enable-async-commands", False),
    Bool("enable-async-rehash", True),
    Bool("enable-keydb-fastsync", False),
    Bool("multithread-load-enabled", False),
    Bool("prefetch-enabled", True),
    Bool("time-thread-priority", False, mutable=False),
    Bool("use-fork", False, mutable=False),
    Bool("enable-motd", True, mutable=False),
    Bool("allow-rdb-resize-op", True),
    Bool("allow-write-during-load", False),
    Bool("soft-shutdown", False),
    Number("max-snapshot-slip", 400, 0, 5000),
    Number("max-rand-count", LLONG_MAX // 2, 0, LLONG_MAX),
    Number("maxclients-reserved", 0, 0, 100),
    Number("overload-protect-percent", 0, 0, 200),
    Number("loading-process-events-interval-keys", 8192, 0, LLONG_MAX),
    Number("semi-ordered-set-bucket-size", 0, 0, 1024),
    String("availability-zone", ""),
    String("db-s3-object", "", mutable=False),
    Words("storage-provider", [], mutable=False),
    String("storage-provider-options", "", mutable=False),
    Enum("storage-cache-mode", "writethrough", ("writeback", "writethrough"), mutable=False),
    Number("storage-flush-period", 500, 1, 10000),
    Number("maxstorage", 0, 0, LLONG_MAX, memory=True),
    Bool("delete-on-evict", False),
    Bool("flash-disable-key-cache", False),
    Number("force-eviction-percent", 0, 0, 100),
    Number("repl-backlog-disk-reserve", 0, 0, LLONG_MAX, memory=True, mutable=False),
    Bool("force-backlog-disk-reserve", False),
    String("scratch-file-path", "", mutable=False),
    String("version-override", "", mutable=False),
    Bool("tls-rotation", False),
    Words("tls-allowlist", []),
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
               "lua-replicate-commands": (2, 2),
               "enable-pro": (1, 1024)}     # KeyDB's Pro edition switch


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
        self.acl_user_lines: list[list[str]] = []     # `user` lines of users other than default
        self._default_user_hash: str | None = None    # from a `user default ... #sha256` line
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
            config._check_default_user_hash()
        return config

    def _check_default_user_hash(self) -> None:
        # A `user default ... #sha256` line is honoured when it names the
        # password that requirepass sets (in any order in the file), as in
        # the files CONFIG REWRITE writes; a hash alone cannot be checked yet.
        want = self._default_user_hash
        if want is None:
            return
        have = self._values["requirepass"]
        if not have or hashlib.sha256(have.encode("utf-8", "surrogateescape")).hexdigest() != want:
            raise _fatal("The default user's password hash must match requirepass "
                         "(hashed passwords alone are not supported yet)")

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
        elif name == "user" and len(args) >= 2:
            self._load_user([_text(a) for a in args[1:]])
        else:
            raise Invalid("Bad directive or wrong number of arguments")

    #: ACL rules of a `user default` line that grant everything (no effect here).
    _PERMISSIVE_RULES = {"on", "~*", "&*", "+@all", "allkeys", "allchannels", "allcommands",
                         "reset", "resetkeys", "resetchannels"}

    def _load_user(self, args: list[str]) -> None:
        """A `user` line, as CONFIG REWRITE writes it: for the default user,
        its password rules set requirepass (nopass/resetpass clear it, >pw
        sets it, #sha256 must match requirepass once the whole file is read). Lines of
        other users are kept for when ACL users exist; restrictive rules of
        the default user are refused rather than silently ignored."""
        if args[0] != "default":
            self.acl_user_lines.append(args)
            return
        for rule in args[1:]:
            if rule in ("nopass", "resetpass"):
                self._values["requirepass"] = ""
                self._default_user_hash = None
            elif rule.startswith(">"):
                self._values["requirepass"] = rule[1:]
            elif rule.startswith("#"):
                self._default_user_hash = rule[1:].lower()
            elif rule.lower() not in self._PERMISSIVE_RULES:
                raise Invalid("ACL rule '%s' for the default user is not supported yet" % rule)

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
            for opt, name, raw in zip(chosen, args[0::2], args[1::2]):
                if opt.multi_arg:
                    values = raw.split(b" ") if raw else []
                else:
                    values = [raw]
                try:
                    new.append(opt.parse([_text(v) for v in values], self, False))
                except Invalid as exc:
                    # Redis names the option as the client spelled it
                    raise ConfigSetError(_set_failed(_text(name), str(exc))) from None
            self._commit(chosen, new, [_text(n) for n in args[0::2]])

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

    def _commit(self, opts: list[Option], new: list[Any], names: list[str]) -> None:
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
                raise ConfigSetError(_set_failed(names[i], reason)) from exc
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
        """CONFIG REWRITE, as Redis 7.0 does it.

        The file's comments, blank lines, ``include``/``rename-command``/...
        lines and order are kept.  Every option that has lines in the file
        gets its current value written on its first line (under its canonical
        name, even when that is the default); its extra lines are dropped.
        Options without a line are appended after the "# Generated by CONFIG
        REWRITE" marker when their value differs from the default (``save``,
        ``dir`` and ``latency-tracking-info-percentiles`` always).  Lines that
        name no known option are kept commented out as "# ??? <line>".  Runs
        of blank lines shrink to one.  The new file replaces the old one
        atomically.  Raises ConfigRewriteError without a config file, OSError
        when the file cannot be written.
        """
        if self.config_file is None:
            raise ConfigRewriteError("ERR The server is running without a config file")
        with self._lock:
            try:
                with open(self.config_file, "rb") as f:
                    old = f.read()
            except FileNotFoundError:
                old = b""
            _write_atomically(self.config_file, self._rewritten(old))

    def _rewritten(self, old: bytes) -> bytes:
        lines: list[bytes] = []
        where: dict[str, list[int]] = {}        # option name -> its line indexes
        signed = False
        for raw in old.split(b"\n"):
            line = raw.strip(b"\r\n\t ")
            if not line or line.startswith(b"#"):
                signed |= line == _REWRITE_SIGNATURE
                lines.append(line)
                continue
            args = split_args(line)
            name = _text(args[0]).lower() if args else ""
            opt = _BY_NAME.get(name)
            if opt is not None:
                where.setdefault(opt.name, []).append(len(lines))
            elif not args or name not in _KEPT_DIRECTIVES:
                line = b"# ??? " + line
            lines.append(line)
        if lines and not lines[-1]:
            lines.pop()                         # the file's final newline
        appended: list[bytes] = []
        for opt in OPTIONS:
            value = self._values[opt.name]
            entries = opt.rewrite_lines(value)
            slots = where.get(opt.name, [])
            for text, force in entries or ():
                out = _bytes(f"{opt.name} {text}")
                if slots:
                    lines[slots.pop(0)] = out
                elif force:
                    appended.append(out)
            for index in slots:
                lines[index] = b""              # a line this option no longer needs
        self._rewrite_default_user(lines, appended)
        if appended:
            if not signed:
                lines += [b"", _REWRITE_SIGNATURE]
            lines += appended
        out: list[bytes] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return b"".join(line + b"\n" for line in out)


    def _rewrite_default_user(self, lines: list[bytes], appended: list[bytes]) -> None:
        """Without an aclfile Redis also writes its users: the default
        user's line (its password as a SHA-256, or nopass) replaces the
        file's "user default" line, or is appended. Other users' lines are
        kept as they are (ACL users are not supported yet)."""
        if self._values["aclfile"]:
            return
        password = self._values["requirepass"]
        secret = "#" + hashlib.sha256(_bytes(password)).hexdigest() if password else "nopass"
        line = _bytes(f"user default on {secret} ~* &* +@all")
        for i, old in enumerate(lines):
            args = split_args(old) if old and not old.startswith(b"#") else []
            if len(args) >= 2 and _text(args[0]).lower() == "user" and args[1] == b"default":
                lines[i] = line
                return
        appended.append(line)


_REWRITE_SIGNATURE = b"# Generated by CONFIG REWRITE"
#: Directives CONFIG REWRITE keeps as they are (they are not options).
_KEPT_DIRECTIVES = {"include", "rename-command", "user", "loadmodule", "sentinel",
                    "enable-pro"}


def _write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` by ``data`` through a temporary file in the same
    directory (same permissions as the old file), so a crash leaves either
    the old or the new file."""
    directory = os.path.dirname(path) or "."
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.rewrite")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o644
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
