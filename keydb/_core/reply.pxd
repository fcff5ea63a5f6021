# Reply encoding into a client's output buffer, RESP2 or RESP3 by c.resp.
# All functions append; the worker writes the buffer after the batch.
from libc.string cimport memcpy, strlen
from keydb._core.state cimport Client, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP

cdef void reply_grow(Client* c, size_t n) noexcept nogil    # room for n more bytes

cdef inline void add_reply_raw(Client* c, const char* p, size_t n) noexcept nogil:
    if c.flags & (CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP):
        return
    if c.olen + n > c.ocap:
        reply_grow(c, n)
    memcpy(c.obuf + c.olen, p, n)
    c.olen += n

cdef inline void add_reply_str(Client* c, const char* s) noexcept nogil:
    add_reply_raw(c, s, strlen(s))

cdef void add_reply_ok(Client* c) noexcept nogil                          # +OK
cdef void add_reply_status(Client* c, const char* s) noexcept nogil      # +s
cdef void add_reply_status_len(Client* c, const char* s, size_t n) noexcept nogil
# -ERR s, or -s when s starts with '-' ("-WRONGTYPE ..."). \r\n become spaces.
cdef void add_reply_error(Client* c, const char* s) noexcept nogil
cdef void add_reply_error_len(Client* c, const char* s, size_t n) noexcept nogil
cdef void add_reply_error_arity(Client* c) noexcept nogil   # wrong number of arguments for 'x'
cdef void add_reply_wrongtype(Client* c) noexcept nogil
cdef void add_reply_syntax_error(Client* c) noexcept nogil
# A known subcommand given the wrong arguments: "unknown subcommand or wrong
# number of arguments for '<sub>'. Try <CMD> HELP." (argv[1] as typed).
cdef void reply_subcommand_syntax_error(Client* c) noexcept nogil
cdef void add_reply_not_integer(Client* c) noexcept nogil  # value is not an integer or out of range
cdef void add_reply_ll(Client* c, long long v) noexcept nogil            # :v
cdef void add_reply_bulk(Client* c, const char* p, size_t n) noexcept nogil
cdef void add_reply_bulk_cstr(Client* c, const char* s) noexcept nogil
cdef void add_reply_bulk_ll(Client* c, long long v) noexcept nogil       # integer as a bulk string
cdef void add_reply_null(Client* c) noexcept nogil                        # $-1 / _
cdef void add_reply_null_array(Client* c) noexcept nogil                  # *-1 / _
cdef void add_reply_array_len(Client* c, long long n) noexcept nogil     # *n
cdef void add_reply_map_len(Client* c, long long n) noexcept nogil       # *2n / %n
cdef void add_reply_set_len(Client* c, long long n) noexcept nogil       # *n / ~n
cdef void add_reply_attribute_len(Client* c, long long n) noexcept nogil
cdef void add_reply_double(Client* c, double v) noexcept nogil           # bulk / ,v
cdef void add_reply_bool(Client* c, int v) noexcept nogil                # :0/:1 / #f/#t
cdef void add_reply_bignum(Client* c, const char* p, size_t n) noexcept nogil   # bulk / (n
# Verbatim string (RESP3 "=len\r\ntxt:..."), a plain bulk string in RESP2.
cdef void add_reply_verbatim(Client* c, const char* p, size_t n, const char* ext) noexcept nogil
cdef void add_reply_help(Client* c, const char* const* lines) noexcept nogil   # NULL-terminated
# Deferred aggregate length: reserve now, fill in when the count is known.
cdef size_t add_reply_deferred_len(Client* c) noexcept nogil
cdef void set_deferred_array_len(Client* c, size_t at, long long n) noexcept nogil
cdef void set_deferred_map_len(Client* c, size_t at, long long n) noexcept nogil
cdef void set_deferred_set_len(Client* c, size_t at, long long n) noexcept nogil
