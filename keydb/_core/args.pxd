# Argument helpers every command module shares: option words, numbers with
# Redis's error replies, and the type check of a looked-up value.
# Each returns OK, or ERR after replying the error (the handler just returns).
from libc.string cimport memchr
from keydb._core.state cimport Client, Arg
from keydb._core.object cimport RObj
from keydb._core.util cimport string2ll, string2d, eq_nocase
from keydb._core.reply cimport add_reply_not_integer, add_reply_error, add_reply_wrongtype

cdef enum:
    OK = 0
    ERR = -1


cdef inline int arg_is(Arg* a, const char* word) noexcept nogil:
    # Case-insensitive option match that, like Redis's C-string compare,
    # ends the argument at its first NUL byte.
    cdef const char* z = <const char*>memchr(a.ptr, 0, a.len)
    return eq_nocase(a.ptr, <size_t>(z - a.ptr) if z != NULL else a.len, word)


cdef inline int arg_to_ll(Client* c, Arg* a, long long* out) noexcept nogil:
    # "value is not an integer or out of range" when a is not a 64-bit integer.
    if string2ll(a.ptr, a.len, out):
        return OK
    add_reply_not_integer(c)
    return ERR


cdef inline int arg_to_double(Client* c, Arg* a, double* out) noexcept nogil:
    # "value is not a valid float" when a is not a number (inf is accepted).
    if string2d(a.ptr, a.len, out):
        return OK
    add_reply_error(c, b"value is not a valid float")
    return ERR


cdef inline int arg_to_positive(Client* c, Arg* a, long long* out, const char* what) noexcept nogil:
    # An integer > 0, else "<what> should be greater than 0" (Redis's
    # getPositiveLongFromObjectOrReply wording is the caller's `what`).
    if arg_to_ll(c, a, out) != OK:
        return ERR
    if out[0] <= 0:
        add_reply_error(c, what)
        return ERR
    return OK


cdef inline int wrong_type(Client* c, RObj* o, int type) noexcept nogil:
    # 1 (WRONGTYPE replied) when o exists and is not of `type`; 0 otherwise.
    if o != NULL and o.type != type:
        add_reply_wrongtype(c)
        return 1
    return 0


cdef inline int normalize_range(long long* start, long long* end, long long llen) noexcept nogil:
    # Rank positions (LRANGE, LTRIM, ZRANGE, ZREMRANGEBYRANK): negative from
    # the end, clamped to the llen elements. 0 when the range holds none.
    if start[0] < 0:
        start[0] += llen
    if end[0] < 0:
        end[0] += llen
    if start[0] < 0:
        start[0] = 0
    if start[0] > end[0] or start[0] >= llen:
        return 0
    if end[0] >= llen:
        end[0] = llen - 1
    return 1
