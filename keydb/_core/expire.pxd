# Expiry commands: EXPIRE family (NX XX GT LT), TTL family, PERSIST.
# TTL, PTTL and PERSIST also take a member, as KeyDB's do (expire_member.pxd).
from keydb._core.state cimport Client

# "invalid expire time in '<command>' command"
cdef void reply_invalid_expire(Client* c) noexcept nogil

cdef void cmd_expire(Client* c) noexcept nogil
cdef void cmd_pexpire(Client* c) noexcept nogil
cdef void cmd_expireat(Client* c) noexcept nogil
cdef void cmd_pexpireat(Client* c) noexcept nogil
cdef void cmd_ttl(Client* c) noexcept nogil
cdef void cmd_pttl(Client* c) noexcept nogil
cdef void cmd_expiretime(Client* c) noexcept nogil
cdef void cmd_pexpiretime(Client* c) noexcept nogil
cdef void cmd_persist(Client* c) noexcept nogil
