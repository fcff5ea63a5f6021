"""GIL trampolines from nogil command handlers into Python.

Each handler is a Python callable registered at start-up with register().
It receives the command's arguments as a list of bytes and returns a value
that is encoded as the reply:
    None -> null, int -> integer, bytes/str -> bulk string, list/tuple ->
    array, dict -> map, Status("OK") -> status, ReplyError("ERR ...") -> error.
Any other exception is logged and answered with a generic error; none
escapes into the C caller.
"""
import traceback

from keydb._core.state cimport Client
from keydb._core.reply cimport (add_reply_null, add_reply_ll, add_reply_bulk, add_reply_array_len,
    add_reply_map_len, add_reply_status_len, add_reply_error_len)
from keydb._core.log cimport serverlog, LL_WARNING

cdef list handlers = [None] * BRIDGE_COUNT

CONFIG_GET = BRIDGE_CONFIG_GET
CONFIG_SET = BRIDGE_CONFIG_SET
CONFIG_REWRITE = BRIDGE_CONFIG_REWRITE


class Status(bytes):
    """A reply sent as a RESP simple string."""


class ReplyError(Exception):
    """Raised by a handler: its message (e.g. "ERR ...") is the error reply."""


def register(int which, handler):
    handlers[which] = handler


cdef void encode(Client* c, object v):
    cdef bytes b
    if v is None:
        add_reply_null(c)
    elif isinstance(v, Status):
        add_reply_status_len(c, <bytes>v, len(v))
    elif isinstance(v, bool) or isinstance(v, int):
        add_reply_ll(c, v)
    elif isinstance(v, (bytes, str)):
        b = v.encode() if isinstance(v, str) else v
        add_reply_bulk(c, b, len(b))
    elif isinstance(v, dict):
        add_reply_map_len(c, len(v))
        for k, x in v.items():
            encode(c, k)
            encode(c, x)
    else:
        add_reply_array_len(c, len(v))
        for x in v:
            encode(c, x)


cdef void reply_error(Client* c, str msg):
    cdef bytes b = msg.encode()
    if not b.startswith(b"-"):
        b = b"-" + b
    add_reply_error_len(c, b, len(b))


cdef void bridge_call(Client* c, int which) noexcept nogil:
    with gil:
        try:
            args = [c.argv[i].ptr[:c.argv[i].len] for i in range(c.argc)]
            handler = handlers[which]
            if handler is None:
                reply_error(c, "ERR this command is not available")
                return
            encode(c, handler(args))
        except ReplyError as e:
            reply_error(c, str(e))
        except BaseException as e:
            msg = "".join(traceback.format_exception_only(type(e), e)).strip()
            serverlog(LL_WARNING, msg.encode()[:900])
            reply_error(c, "ERR internal error in " + type(e).__name__)
