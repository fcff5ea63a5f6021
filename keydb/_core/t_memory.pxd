# MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP.
from keydb._core.state cimport Client

cdef void cmd_memory_usage(Client* c) noexcept nogil
cdef void cmd_memory_stats(Client* c) noexcept nogil
cdef void cmd_memory_doctor(Client* c) noexcept nogil
cdef void cmd_memory_malloc_stats(Client* c) noexcept nogil
cdef void cmd_memory_purge(Client* c) noexcept nogil
cdef void cmd_memory_help(Client* c) noexcept nogil
