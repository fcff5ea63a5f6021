"""call_command: run a command's handler and account for it.

execute_command (command.pyx) calls it once its checks pass, and EXEC
(multi.pyx) calls it for each queued command, so a transaction's commands
show in INFO commandstats, the slow log and MONITOR one by one, as in
Redis 7.0. EXEC's own entry comes after them: its time includes theirs, but
an error one of them replied counts as that command's failure only
(c.errors_counted marks the errors already charged).
"""
from keydb._core.state cimport g, Client, Command
from keydb._core.command cimport CMD_ADMIN, CMD_SKIP_MONITOR
from keydb._core.util cimport monotonic_us
from keydb._core.stats cimport record_command_stats
from keydb._core.monitor cimport feed_monitors
from keydb._core.includes.atomic cimport atomic_get_int


cdef void call_command(Client* c, Command* cmd) noexcept nogil:
    cdef long long errors = c.error_replies
    cdef long long start, duration
    start = monotonic_us()
    cmd.proc(c)
    duration = monotonic_us() - start
    cmd.usec += duration
    cmd.calls += 1
    g.stat_numcommands += 1
    if c.errors_counted > errors:
        errors = c.errors_counted
    c.errors_counted = c.error_replies
    record_command_stats(c, cmd, duration, c.error_replies - errors)
    if atomic_get_int(&g.monitors) and not (cmd.flags & (CMD_ADMIN | CMD_SKIP_MONITOR)):
        feed_monitors(c)
