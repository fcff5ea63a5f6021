# Sorted-set ranges (ZRANGE and its older forms, ZRANGESTORE) and set
# operations (ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD).
from keydb._core.state cimport Client

cdef void cmd_zrange(Client* c) noexcept nogil
cdef void cmd_zrangestore(Client* c) noexcept nogil
cdef void cmd_zrevrange(Client* c) noexcept nogil
cdef void cmd_zrangebyscore(Client* c) noexcept nogil
cdef void cmd_zrevrangebyscore(Client* c) noexcept nogil
cdef void cmd_zrangebylex(Client* c) noexcept nogil
cdef void cmd_zrevrangebylex(Client* c) noexcept nogil
cdef void cmd_zunion(Client* c) noexcept nogil
cdef void cmd_zunionstore(Client* c) noexcept nogil
cdef void cmd_zinter(Client* c) noexcept nogil
cdef void cmd_zinterstore(Client* c) noexcept nogil
cdef void cmd_zintercard(Client* c) noexcept nogil
cdef void cmd_zdiff(Client* c) noexcept nogil
cdef void cmd_zdiffstore(Client* c) noexcept nogil
