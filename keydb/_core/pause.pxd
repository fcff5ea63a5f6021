# CLIENT PAUSE: the pause state and the check execute_command makes before
# running a command. A paused command is not run or answered: its client is
# blocked (BLOCKED_POSTPONE) with the rest of its batch, and its worker runs
# the batch on when the pause ends (ae.pyx). As in Redis 7.0, WRITE holds
# back commands flagged write or may-replicate, ALL holds back every command
# (CLIENT UNPAUSE included), and while a pause lasts no key is expired or
# evicted (lookups see expired keys as gone without deleting them).
from keydb._core.state cimport g
from keydb._core.command cimport CMD_WRITE, CMD_MAY_REPLICATE
from keydb._core.util cimport mstime

cdef enum:
    PAUSE_OFF = 0
    PAUSE_WRITE = 1
    PAUSE_ALL = 2


cdef inline int pause_in_effect() noexcept nogil:
    # The pause type now (keyspace lock held); a pause whose time is up ends here.
    if g.pause_type != PAUSE_OFF and mstime() >= g.pause_end_ms:
        g.pause_type = PAUSE_OFF
    return g.pause_type


cdef inline int pause_blocks(unsigned long long cmd_flags) noexcept nogil:
    # cmd_flags: the command's CMD_* flags (EXEC's: its queued commands').
    cdef int t = pause_in_effect()
    return t == PAUSE_ALL or (t == PAUSE_WRITE and (cmd_flags & (CMD_WRITE | CMD_MAY_REPLICATE)) != 0)
