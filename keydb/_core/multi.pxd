# MULTI/EXEC/DISCARD/WATCH/UNWATCH (see multi.pyx). Keyspace lock held by
# the caller unless said otherwise.
from keydb._core.state cimport Client, Command, Arg, CLIENT_MULTI, CLIENT_DIRTY_EXEC

# One command queued after MULTI, with its own copy of the arguments.
cdef struct QueuedCommand:
    Command* cmd
    int argc
    Arg* argv                       # argc Args, then their bytes (each NUL-ended): one allocation

cdef struct MultiState:
    QueuedCommand* cmds
    int count
    int cap
    unsigned long long flags        # every queued command's CMD_* flags, or'ed
    size_t mem                      # bytes held by the queue (CLIENT LIST multi-mem)

# Queue c.argv/c.argc (cmd resolved) and reply +QUEUED.
cdef void queue_multi_command(Client* c, Command* cmd) noexcept nogil
# The flags EXEC will run with: its queued commands' (0 outside MULTI).
cdef unsigned long long multi_queued_flags(Client* c) noexcept nogil
cdef int multi_queued_count(Client* c) noexcept nogil        # -1 outside MULTI
cdef size_t multi_queued_mem(Client* c) noexcept nogil
# EXEC refused before running (wrong arity, NOAUTH, OOM): end the
# transaction and answer "-EXECABORT Transaction discarded because of: <reason>".
cdef void exec_abort(Client* c, const char* reason) noexcept nogil
# Leave MULTI (if in it) and forget the watched keys (RESET; DISCARD; EXEC).
cdef void discard_transaction(Client* c) noexcept nogil
# Owner, no lock (takes it to unwatch): c is being freed.
cdef void multi_client_gone(Client* c) noexcept nogil
# MULTI, EXEC, DISCARD, WATCH, QUIT and RESET run at once inside MULTI;
# everything else is queued.
cdef int runs_inside_multi(Command* cmd) noexcept nogil

# A command rejected while queuing (unknown, wrong arity, NOAUTH, OOM ...)
# makes the EXEC that follows abort, as Redis's flagTransaction.
cdef inline void flag_transaction(Client* c) noexcept nogil:
    if c.flags & CLIENT_MULTI:
        c.flags |= CLIENT_DIRTY_EXEC

cdef void cmd_multi(Client* c) noexcept nogil
cdef void cmd_exec(Client* c) noexcept nogil
cdef void cmd_discard(Client* c) noexcept nogil
cdef void cmd_watch(Client* c) noexcept nogil
cdef void cmd_unwatch(Client* c) noexcept nogil
