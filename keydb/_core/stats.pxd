# Error statistics (INFO errorstats) and the per-command accounting hook that
# call_command calls after every handler: failed_calls, the slow log and
# the latency monitor.
from keydb._core.state cimport Client, Command

# Count one error reply by its prefix. s/n is the text given to
# add_reply_error_len: "-WRONGTYPE ..." names its prefix, anything else is ERR.
cdef void errorstats_incr(const char* s, size_t n) noexcept nogil
cdef void errorstats_reset() noexcept nogil
# Append "errorstat_<PREFIX>:count=<n>\r\n" lines, prefixes in byte order,
# to the zmalloc'd buffer *p of length *len and capacity *cap (grown as needed).
cdef void errorstats_render(char** p, size_t* len, size_t* cap) noexcept nogil
# After cmd.proc(c) ran for duration_us microseconds and emitted `errors`
# error replies: failed_calls, slow log entry, latency sample. Lock held.
cdef void record_command_stats(Client* c, Command* cmd, long long duration_us,
                               long long errors) noexcept nogil
