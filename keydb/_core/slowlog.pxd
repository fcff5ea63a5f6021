# The slow log: commands that ran for at least slowlog-log-slower-than
# microseconds, newest first, at most slowlog-max-len of them. Keyspace lock.
from keydb._core.state cimport Client

# Record c's current command (argv, address, name) if it ran long enough.
# Whether argv[j] of the command being run is a secret that logs must not show
# (AUTH and HELLO AUTH passwords, CONFIG SET of a sensitive option).
cdef int arg_redacted(Client* c, int j) noexcept nogil
cdef void slowlog_push(Client* c, long long duration_us) noexcept nogil
cdef void cmd_slowlog_get(Client* c) noexcept nogil
cdef void cmd_slowlog_len(Client* c) noexcept nogil
cdef void cmd_slowlog_reset(Client* c) noexcept nogil
cdef void cmd_slowlog_help(Client* c) noexcept nogil
