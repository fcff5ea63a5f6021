# String commands.
from keydb._core.state cimport Client

cdef void cmd_get(Client* c) noexcept nogil
cdef void cmd_set(Client* c) noexcept nogil
