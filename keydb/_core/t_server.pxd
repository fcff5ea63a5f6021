# Server commands: INFO, TIME, SHUTDOWN, DEBUG, CONFIG, and SCRIPT FLUSH /
# FUNCTION FLUSH (no scripts or functions are loaded yet).
from keydb._core.state cimport Client

cdef void cmd_info(Client* c) noexcept nogil
cdef void cmd_time(Client* c) noexcept nogil
cdef void cmd_shutdown(Client* c) noexcept nogil
cdef void cmd_debug(Client* c) noexcept nogil
cdef void cmd_config_get(Client* c) noexcept nogil
cdef void cmd_config_set(Client* c) noexcept nogil
cdef void cmd_config_rewrite(Client* c) noexcept nogil
cdef void cmd_config_resetstat(Client* c) noexcept nogil
cdef void cmd_config_help(Client* c) noexcept nogil
cdef void cmd_script_flush(Client* c) noexcept nogil
cdef void cmd_function_flush(Client* c) noexcept nogil

# The INFO text for the given sections (INFO_* bits) into a zmalloc'd,
# NUL-terminated buffer; *n receives its length. The caller frees it.
cdef enum:
    INFO_SERVER = 1 << 0
    INFO_CLIENTS = 1 << 1
    INFO_MEMORY = 1 << 2
    INFO_PERSISTENCE = 1 << 3
    INFO_STATS = 1 << 4
    INFO_REPLICATION = 1 << 5
    INFO_CPU = 1 << 6
    INFO_MODULES = 1 << 7
    INFO_COMMANDSTATS = 1 << 8
    INFO_ERRORSTATS = 1 << 9
    INFO_LATENCYSTATS = 1 << 10
    INFO_CLUSTER = 1 << 11
    INFO_KEYSPACE = 1 << 12
    INFO_KEYDB = 1 << 13
    INFO_SECTION_COUNT = 14
cdef char* info_generate(unsigned int sections, size_t* n) noexcept nogil
