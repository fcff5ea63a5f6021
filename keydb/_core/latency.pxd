# The latency monitor: per event ("command", "fast-command"), one sample a
# second of the worst latency at or above latency-monitor-threshold
# milliseconds, the last 160 kept. Keyspace lock.
from keydb._core.state cimport Client

# Record ms for event (a static name) when monitoring is on and ms reaches the threshold.
cdef void latency_add_sample_if_needed(const char* event, long long ms) noexcept nogil
cdef void cmd_latency_latest(Client* c) noexcept nogil
cdef void cmd_latency_history(Client* c) noexcept nogil
cdef void cmd_latency_reset(Client* c) noexcept nogil
cdef void cmd_latency_doctor(Client* c) noexcept nogil
cdef void cmd_latency_graph(Client* c) noexcept nogil
cdef void cmd_latency_help(Client* c) noexcept nogil
