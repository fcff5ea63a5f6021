"""RESP2/RESP3 reply encoding.

Errors are counted three ways: g.stat_total_error_replies (atomically:
protocol errors are replied outside the keyspace lock), c.error_replies (so
a command knows whether it failed), and by prefix in stats.pyx's errorstats. A
deferred length reserves its offset and is spliced in later, moving the
bytes written after it.
"""
from libc.stdio cimport snprintf
from libc.string cimport memcpy, memmove, strlen
from libc.stdlib cimport malloc, free
from keydb._core.zmalloc cimport zrealloc
from keydb._core.includes.atomic cimport atomic_add_ll
from keydb._core.state cimport g, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP
from keydb._core.util cimport ll2string, d2string
from keydb._core.stats cimport errorstats_incr

cdef void reply_grow(Client* c, size_t n) noexcept nogil:
    cdef size_t cap = c.ocap if c.ocap else 16384
    while cap < c.olen + n:
        cap *= 2
    c.obuf = <char*>zrealloc(c.obuf, cap)
    c.ocap = cap


cdef inline void add_prefixed_len(Client* c, char prefix, long long n) noexcept nogil:
    cdef char buf[32]
    buf[0] = prefix
    cdef int k = ll2string(buf + 1, 24, n)
    buf[k + 1] = 13
    buf[k + 2] = 10
    add_reply_raw(c, buf, k + 3)


cdef void add_reply_ok(Client* c) noexcept nogil:
    add_reply_raw(c, b"+OK\r\n", 5)


cdef void add_reply_status_len(Client* c, const char* s, size_t n) noexcept nogil:
    add_reply_raw(c, b"+", 1)
    add_reply_raw(c, s, n)
    add_reply_raw(c, b"\r\n", 2)


cdef void add_reply_status(Client* c, const char* s) noexcept nogil:
    add_reply_status_len(c, s, strlen(s))


cdef void add_reply_error_len(Client* c, const char* s, size_t n) noexcept nogil:
    cdef size_t start, i
    atomic_add_ll(&g.stat_total_error_replies, 1)
    c.error_replies += 1
    errorstats_incr(s, n)
    if n == 0 or s[0] != 45:
        add_reply_raw(c, b"-ERR ", 5)
    start = c.olen
    add_reply_raw(c, s, n)
    if not (c.flags & (CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP)):
        for i in range(start, c.olen):
            if c.obuf[i] == 13 or c.obuf[i] == 10:
                c.obuf[i] = 32
    add_reply_raw(c, b"\r\n", 2)


cdef void add_reply_error(Client* c, const char* s) noexcept nogil:
    add_reply_error_len(c, s, strlen(s))


cdef void add_reply_error_arity(Client* c) noexcept nogil:
    cdef char buf[160]
    cdef int n = snprintf(buf, sizeof(buf), b"wrong number of arguments for '%s' command", c.cmd.fullname)
    add_reply_error_len(c, buf, n)


cdef void add_reply_wrongtype(Client* c) noexcept nogil:
    add_reply_error(c, b"-WRONGTYPE Operation against a key holding the wrong kind of value")


cdef void add_reply_syntax_error(Client* c) noexcept nogil:
    add_reply_error(c, b"syntax error")


cdef void add_reply_not_integer(Client* c) noexcept nogil:
    add_reply_error(c, b"value is not an integer or out of range")


cdef void add_reply_ll(Client* c, long long v) noexcept nogil:
    add_prefixed_len(c, 58, v)      # ':'


cdef void add_reply_bulk(Client* c, const char* p, size_t n) noexcept nogil:
    add_prefixed_len(c, 36, <long long>n)   # '$'
    add_reply_raw(c, p, n)
    add_reply_raw(c, b"\r\n", 2)


cdef void add_reply_bulk_cstr(Client* c, const char* s) noexcept nogil:
    if s == NULL:
        add_reply_null(c)
    else:
        add_reply_bulk(c, s, strlen(s))


cdef void add_reply_bulk_ll(Client* c, long long v) noexcept nogil:
    cdef char buf[32]
    cdef int n = ll2string(buf, sizeof(buf), v)
    add_reply_bulk(c, buf, n)


cdef void add_reply_null(Client* c) noexcept nogil:
    if c.resp >= 3:
        add_reply_raw(c, b"_\r\n", 3)
    else:
        add_reply_raw(c, b"$-1\r\n", 5)


cdef void add_reply_null_array(Client* c) noexcept nogil:
    if c.resp >= 3:
        add_reply_raw(c, b"_\r\n", 3)
    else:
        add_reply_raw(c, b"*-1\r\n", 5)


cdef void add_reply_array_len(Client* c, long long n) noexcept nogil:
    add_prefixed_len(c, 42, n)      # '*'


cdef void add_reply_map_len(Client* c, long long n) noexcept nogil:
    if c.resp >= 3:
        add_prefixed_len(c, 37, n)  # '%'
    else:
        add_prefixed_len(c, 42, n * 2)


cdef void add_reply_set_len(Client* c, long long n) noexcept nogil:
    add_prefixed_len(c, 126 if c.resp >= 3 else 42, n)   # '~'


cdef void add_reply_attribute_len(Client* c, long long n) noexcept nogil:
    add_prefixed_len(c, 124, n)     # '|'


cdef void add_reply_double(Client* c, double v) noexcept nogil:
    cdef char buf[64]
    cdef int n = d2string(buf, sizeof(buf), v)
    if c.resp >= 3:
        add_reply_raw(c, b",", 1)
        add_reply_raw(c, buf, n)
        add_reply_raw(c, b"\r\n", 2)
    else:
        add_reply_bulk(c, buf, n)


cdef void add_reply_bool(Client* c, int v) noexcept nogil:
    if c.resp >= 3:
        add_reply_raw(c, b"#t\r\n" if v else b"#f\r\n", 4)
    else:
        add_reply_raw(c, b":1\r\n" if v else b":0\r\n", 4)


cdef void add_reply_bignum(Client* c, const char* p, size_t n) noexcept nogil:
    if c.resp >= 3:
        add_reply_raw(c, b"(", 1)
        add_reply_raw(c, p, n)
        add_reply_raw(c, b"\r\n", 2)
    else:
        add_reply_bulk(c, p, n)


cdef void add_reply_verbatim(Client* c, const char* p, size_t n, const char* ext) noexcept nogil:
    if c.resp >= 3:
        add_prefixed_len(c, 61, <long long>n + 4)   # '='
        add_reply_raw(c, ext, 3)
        add_reply_raw(c, b":", 1)
        add_reply_raw(c, p, n)
        add_reply_raw(c, b"\r\n", 2)
    else:
        add_reply_bulk(c, p, n)


cdef void add_reply_help(Client* c, const char* const* lines) noexcept nogil:
    cdef int n = 0
    while lines[n] != NULL:
        n += 1
    add_reply_array_len(c, n)
    for i in range(n):
        add_reply_status(c, lines[i])


cdef size_t add_reply_deferred_len(Client* c) noexcept nogil:
    return c.olen


cdef void set_deferred_len(Client* c, size_t at, char prefix, long long n) noexcept nogil:
    cdef char buf[32]
    cdef int k
    if c.flags & (CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP):
        return
    buf[0] = prefix
    k = ll2string(buf + 1, 24, n)
    buf[k + 1] = 13
    buf[k + 2] = 10
    k += 3
    if c.olen + k > c.ocap:
        reply_grow(c, k)
    memmove(c.obuf + at + k, c.obuf + at, c.olen - at)
    memcpy(c.obuf + at, buf, k)
    c.olen += k


cdef void set_deferred_array_len(Client* c, size_t at, long long n) noexcept nogil:
    set_deferred_len(c, at, 42, n)


cdef void set_deferred_map_len(Client* c, size_t at, long long n) noexcept nogil:
    if c.resp >= 3:
        set_deferred_len(c, at, 37, n)
    else:
        set_deferred_len(c, at, 42, n * 2)


cdef void set_deferred_set_len(Client* c, size_t at, long long n) noexcept nogil:
    set_deferred_len(c, at, 126 if c.resp >= 3 else 42, n)


cdef void reply_subcommand_syntax_error(Client* c) noexcept nogil:
    # "unknown subcommand or wrong number of arguments for 'x'. Try CMD HELP."
    cdef char buf[512]
    cdef char upper[64]
    cdef size_t i, n = c.argv[0].len if c.argv[0].len < sizeof(upper) - 1 else sizeof(upper) - 1
    cdef int k
    for i in range(n):
        upper[i] = c.argv[0].ptr[i] - 32 if 97 <= c.argv[0].ptr[i] <= 122 else c.argv[0].ptr[i]
    upper[n] = 0
    k = snprintf(buf, sizeof(buf),
        b"unknown subcommand or wrong number of arguments for '%.*s'. Try %s HELP.",
        <int>(c.argv[1].len if c.argv[1].len < 128 else 128), c.argv[1].ptr, upper)
    add_reply_error_len(c, buf, <size_t>k if <size_t>k < sizeof(buf) - 1 else sizeof(buf) - 1)
