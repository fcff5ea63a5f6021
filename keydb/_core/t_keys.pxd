# Keyspace commands: DEL, EXISTS, TYPE, RENAME, KEYS, SCAN, SELECT, MOVE,
# SWAPDB, COPY, DBSIZE, FLUSHDB/FLUSHALL, OBJECT. The SCAN argument parsing
# is shared with the per-type scans (HSCAN, SSCAN, ZSCAN).
from keydb._core.state cimport Client

cdef struct ScanOpts:
    long long count         # COUNT, default 10
    const char* pattern     # MATCH, NULL when absent or "*"
    size_t patlen
    const char* type        # TYPE, NULL when absent
    size_t typelen

# Parse argv[i] as a SCAN cursor (strtoul's grammar: optional sign, decimal,
# no leading space, up to 2^64-1). 0 on success; -1 after replying
# "ERR invalid cursor".
cdef int scan_parse_cursor(Client* c, int i, unsigned long* cursor) noexcept nogil
# Parse COUNT/MATCH (and TYPE when allow_type) from argv[first:]. 0 on
# success; -1 after replying the error.
cdef int scan_parse_options(Client* c, int first, int allow_type, ScanOpts* o) noexcept nogil
# Reply a scan cursor as a bulk string (all 64 bits: it may pass LLONG_MAX).
cdef void add_reply_bulk_ulong(Client* c, unsigned long v) noexcept nogil

cdef void cmd_del(Client* c) noexcept nogil
cdef void cmd_unlink(Client* c) noexcept nogil
cdef void cmd_exists(Client* c) noexcept nogil
cdef void cmd_type(Client* c) noexcept nogil
cdef void cmd_touch(Client* c) noexcept nogil
cdef void cmd_rename(Client* c) noexcept nogil
cdef void cmd_renamenx(Client* c) noexcept nogil
cdef void cmd_randomkey(Client* c) noexcept nogil
cdef void cmd_keys(Client* c) noexcept nogil
cdef void cmd_scan(Client* c) noexcept nogil
cdef void cmd_select(Client* c) noexcept nogil
cdef void cmd_move(Client* c) noexcept nogil
cdef void cmd_swapdb(Client* c) noexcept nogil
cdef void cmd_copy(Client* c) noexcept nogil
cdef void cmd_dbsize(Client* c) noexcept nogil
cdef void cmd_flushdb(Client* c) noexcept nogil
cdef void cmd_flushall(Client* c) noexcept nogil
cdef void cmd_object_encoding(Client* c) noexcept nogil
cdef void cmd_object_refcount(Client* c) noexcept nogil
cdef void cmd_object_idletime(Client* c) noexcept nogil
cdef void cmd_object_freq(Client* c) noexcept nogil
cdef void cmd_object_help(Client* c) noexcept nogil
