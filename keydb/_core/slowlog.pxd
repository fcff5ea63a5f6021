# The slow log: commands that ran for at least slowlog-log-slower-than
# microseconds, newest first, at most slowlog-max-len of them. Keyspace lock.
from keydb._core.state cimport Client

# Record c's current command (argv, address, name) if it ran long enough.
cdef void slowlog_push(Client* c, long long duration_us) noexcept nogil
cdef void cmd_slowlog_get(Client* c) noexcept nogil
cdef void cmd_slowlog_len(Client* c) noexcept nogil
cdef void cmd_slowlog_reset(Client* c) noexcept nogil
cdef void cmd_slowlog_help(Client* c) noexcept nogil
