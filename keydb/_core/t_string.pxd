# String commands (Redis 7.0's string group).
from keydb._core.state cimport Client

cdef void cmd_get(Client* c) noexcept nogil
cdef void cmd_getdel(Client* c) noexcept nogil
cdef void cmd_getex(Client* c) noexcept nogil
cdef void cmd_getset(Client* c) noexcept nogil
cdef void cmd_mget(Client* c) noexcept nogil
cdef void cmd_strlen(Client* c) noexcept nogil
cdef void cmd_getrange(Client* c) noexcept nogil
cdef void cmd_substr(Client* c) noexcept nogil
cdef void cmd_set(Client* c) noexcept nogil
cdef void cmd_setnx(Client* c) noexcept nogil
cdef void cmd_setex(Client* c) noexcept nogil
cdef void cmd_psetex(Client* c) noexcept nogil
cdef void cmd_mset(Client* c) noexcept nogil
cdef void cmd_msetnx(Client* c) noexcept nogil
cdef void cmd_append(Client* c) noexcept nogil
cdef void cmd_setrange(Client* c) noexcept nogil
cdef void cmd_incr(Client* c) noexcept nogil
cdef void cmd_decr(Client* c) noexcept nogil
cdef void cmd_incrby(Client* c) noexcept nogil
cdef void cmd_decrby(Client* c) noexcept nogil
cdef void cmd_incrbyfloat(Client* c) noexcept nogil
cdef void cmd_lcs(Client* c) noexcept nogil
