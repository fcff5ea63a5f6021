# The command table: registration (from the generated command_table.pyx),
# case-insensitive lookup, and execution of one parsed command with Redis's
# checks (unknown command, arity, subcommands, authentication).
from keydb._core.state cimport Client, Command, CommandProc

cdef enum:
    CMD_WRITE = 1 << 0
    CMD_READONLY = 1 << 1
    CMD_DENYOOM = 1 << 2
    CMD_MODULE = 1 << 3
    CMD_ADMIN = 1 << 4
    CMD_PUBSUB = 1 << 5
    CMD_NOSCRIPT = 1 << 6
    CMD_BLOCKING = 1 << 8
    CMD_LOADING = 1 << 9
    CMD_STALE = 1 << 10
    CMD_SKIP_MONITOR = 1 << 11
    CMD_SKIP_SLOWLOG = 1 << 12
    CMD_ASKING = 1 << 13
    CMD_FAST = 1 << 14
    CMD_NO_AUTH = 1 << 15
    CMD_MAY_REPLICATE = 1 << 16
    CMD_SENTINEL = 1 << 17
    CMD_ONLY_SENTINEL = 1 << 18
    CMD_NO_MANDATORY_KEYS = 1 << 19
    CMD_PROTECTED = 1 << 20
    CMD_MODULE_GETKEYS = 1 << 21
    CMD_MODULE_NO_CLUSTER = 1 << 22
    CMD_NO_ASYNC_LOADING = 1 << 23
    CMD_NO_MULTI = 1 << 24
    CMD_MOVABLE_KEYS = 1 << 25
    CMD_ALLOW_BUSY = 1 << 26

# Register a command (parent NULL) or a subcommand of `parent`. The name is
# not copied: pass a static string. Returns the new entry.
cdef Command* command_register(const char* name, Command* parent, int arity,
                               unsigned long long flags, int first_key, int last_key,
                               int key_step, CommandProc proc) noexcept nogil
cdef Command* command_lookup(const char* name, size_t n) noexcept nogil       # NULL if unknown
cdef Command* command_lookup_sub(Command* parent, const char* name, size_t n) noexcept nogil
# Resolve "get" or "client|id" (any case) to a command or subcommand.
cdef Command* command_lookup_fullname(const char* name, size_t n) noexcept nogil
# rename-command: look `old` up under `new_name` instead (empty: disable it).
# 0, or -1 no such command, -2 new name taken. Start-up only.
cdef int command_rename(const char* old, size_t n_old, const char* new_name, size_t n_new) noexcept nogil
cdef int command_count() noexcept nogil
cdef Command* command_at(int i) noexcept nogil                                 # top-level, in order

# Run c.argv/c.argc. Caller holds the keyspace lock. Returns EXEC_DONE, or
# EXEC_POSTPONED when CLIENT PAUSE holds the command back: nothing was run or
# replied, and the caller must keep it (and what follows) for later.
cdef enum:
    EXEC_DONE = 0
    EXEC_POSTPONED = 1
cdef int execute_command(Client* c) noexcept nogil
