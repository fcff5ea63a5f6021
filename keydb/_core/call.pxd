# Running one command that passed every check (Redis's call()).
from keydb._core.state cimport Client, Command

# Run cmd.proc on c.argv/c.argc and account for it: calls, time, failed
# calls, latency, slow log, MONITOR. Keyspace lock held. Used for every
# command the client sends and for each command EXEC runs.
cdef void call_command(Client* c, Command* cmd) noexcept nogil
