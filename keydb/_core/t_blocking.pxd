# The blocking list and sorted-set commands (see t_blocking.pyx).
from keydb._core.state cimport Client

cdef void cmd_blpop(Client* c) noexcept nogil
cdef void cmd_brpop(Client* c) noexcept nogil
cdef void cmd_blmpop(Client* c) noexcept nogil
cdef void cmd_blmove(Client* c) noexcept nogil
cdef void cmd_brpoplpush(Client* c) noexcept nogil
cdef void cmd_bzpopmin(Client* c) noexcept nogil
cdef void cmd_bzpopmax(Client* c) noexcept nogil
cdef void cmd_bzmpop(Client* c) noexcept nogil
