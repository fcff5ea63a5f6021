# One client's CLIENT LIST line (see client_info.pyx).
from keydb._core.zmalloc cimport zrealloc
from keydb._core.state cimport Client

# Growable text buffer (CLIENT LIST, INFO-like replies, log lines).
cdef struct Buf:
    char* p
    size_t len
    size_t cap


cdef inline void buf_reserve(Buf* b, size_t n) noexcept nogil:
    if b.len + n > b.cap:
        b.cap = (b.len + n) * 2
        b.p = <char*>zrealloc(b.p, b.cap)


# Append cl's line (no newline). `me` is the client running the command, whose
# current command and argument sizes are known; pass NULL from outside a command.
cdef void cat_client_line(Buf* b, Client* cl, Client* me) noexcept nogil
