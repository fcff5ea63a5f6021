# MONITOR (see monitor.pyx).
from keydb._core.state cimport Client

# Send c's command (just executed, keyspace lock held) to every monitor.
cdef void feed_monitors(Client* c) noexcept nogil
# A monitoring client goes away (client_free).
cdef void monitor_detach(Client* c) noexcept nogil
cdef void cmd_monitor(Client* c) noexcept nogil
