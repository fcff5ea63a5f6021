# KeyDB's own commands on members and keys: EXPIREMEMBER, EXPIREMEMBERAT,
# PEXPIREMEMBERAT (expire_member.pxd holds the machinery) and KEYDB.MEXISTS.
from keydb._core.state cimport Client

cdef void cmd_expiremember(Client* c) noexcept nogil
cdef void cmd_expirememberat(Client* c) noexcept nogil
cdef void cmd_pexpirememberat(Client* c) noexcept nogil
cdef void cmd_keydb_mexists(Client* c) noexcept nogil
cdef void cmd_keydb_hrename(Client* c) noexcept nogil
