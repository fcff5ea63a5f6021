"""Command registry, lookup and execution checks.

The table itself comes from utils/gen_commands.py (command_table.pyx), which
calls command_register for every spec in keydb/commands/. Lookup is an
open-addressing table keyed by the lower-cased name; rename-command changes
an entry's key (the command keeps its own name for COMMAND and INFO).
"""
from libc.string cimport memcpy, memset, strlen, strcmp
from libc.stdio cimport snprintf
from keydb._core.zmalloc cimport zmalloc, zrealloc
from keydb._core.state cimport (g, Client, Command, CommandProc, CLIENT_MONITOR, CLIENT_MULTI,
    CLIENT_PUBSUB)
from keydb._core.reply cimport add_reply_error, add_reply_error_len, add_reply_error_arity
from keydb._core.evict cimport perform_evictions, EVICT_FAIL
from keydb._core.pause cimport pause_blocks, PAUSE_OFF
from keydb._core.call cimport call_command
from keydb._core.multi cimport (flag_transaction, runs_inside_multi, queue_multi_command,
    multi_queued_flags, cmd_exec, exec_abort)

cdef enum:
    TABLE_SLOTS = 1024      # power of two, well above the command count
    MAX_NAME = 63

cdef Command* slots[TABLE_SLOTS]
cdef const char* slot_names[TABLE_SLOTS]     # each slot's lookup key, lower case
cdef Command** ordered = NULL
cdef int ncommands = 0
cdef int ordered_cap = 0
memset(slots, 0, sizeof(slots))
memset(slot_names, 0, sizeof(slot_names))


cdef inline unsigned int name_hash(const char* s, size_t n) noexcept nogil:
    # FNV-1a over the lower-cased bytes.
    cdef unsigned int h = 2166136261U
    cdef size_t i
    cdef unsigned char ch
    for i in range(n):
        ch = <unsigned char>s[i]
        if 65 <= ch <= 90:
            ch += 32
        h = (h ^ ch) * 16777619U
    return h


cdef inline int name_eq(const char* lower_name, const char* s, size_t n) noexcept nogil:
    cdef size_t i
    cdef char ch
    for i in range(n):
        ch = s[i]
        if 65 <= ch <= 90:
            ch += 32
        if lower_name[i] != ch:
            return 0
    return lower_name[n] == 0


cdef Command* command_register(const char* name, Command* parent, int arity,
                               unsigned long long flags, int first_key, int last_key,
                               int key_step, CommandProc proc) noexcept nogil:
    global ncommands
    cdef Command* cmd = <Command*>zmalloc(sizeof(Command))
    cdef unsigned int h
    memset(cmd, 0, sizeof(Command))
    cmd.name = name
    cmd.arity = arity
    cmd.flags = flags
    cmd.first_key = first_key
    cmd.last_key = last_key
    cmd.key_step = key_step
    cmd.proc = proc
    cmd.parent = parent
    if parent != NULL:
        snprintf(cmd.fullname, sizeof(cmd.fullname), b"%s|%s", parent.name, name)
        parent.subs = <Command**>zrealloc(parent.subs, sizeof(Command*) * (parent.nsubs + 1))
        parent.subs[parent.nsubs] = cmd
        parent.nsubs += 1
        return cmd
    snprintf(cmd.fullname, sizeof(cmd.fullname), b"%s", name)
    slot_insert(name, cmd)
    if ncommands == ordered_cap:
        _grow_ordered()
    ordered[ncommands] = cmd
    ncommands += 1
    return cmd


cdef void slot_insert(const char* name, Command* cmd) noexcept nogil:
    cdef unsigned int h = name_hash(name, strlen(name)) & (TABLE_SLOTS - 1)
    while slots[h] != NULL:
        h = (h + 1) & (TABLE_SLOTS - 1)
    slots[h] = cmd
    slot_names[h] = name


cdef int command_rename(const char* old, size_t n_old,
                        const char* new_name, size_t n_new) noexcept nogil:
    # Start-up only (rename-command). Drops old's table entry, then adds it
    # back under `new_name` unless that is empty (disabled: also leaves COMMAND's
    # list). The table is rebuilt without the entry, so probing stays intact.
    global ncommands
    cdef Command* cmd = command_lookup(old, n_old)
    cdef Command* kept[TABLE_SLOTS]
    cdef const char* kept_names[TABLE_SLOTS]
    cdef int i, j, nkept = 0
    cdef char* key
    if cmd == NULL:
        return -1
    for i in range(TABLE_SLOTS):
        if slots[i] != NULL and slots[i] != cmd:
            kept[nkept] = slots[i]
            kept_names[nkept] = slot_names[i]
            nkept += 1
    memset(slots, 0, sizeof(slots))
    memset(slot_names, 0, sizeof(slot_names))
    for i in range(nkept):
        slot_insert(kept_names[i], kept[i])
    if n_new == 0:
        j = 0
        for i in range(ncommands):
            if ordered[i] != cmd:
                ordered[j] = ordered[i]
                j += 1
        ncommands = j
        return 0
    if command_lookup(new_name, n_new) != NULL:
        return -2
    key = <char*>zmalloc(n_new + 1)
    for i in range(<int>n_new):
        key[i] = new_name[i] + 32 if 65 <= new_name[i] <= 90 else new_name[i]
    key[n_new] = 0
    slot_insert(key, cmd)
    return 0


cdef void _grow_ordered() noexcept nogil:
    global ordered, ordered_cap
    ordered_cap = ordered_cap * 2 if ordered_cap else 256
    ordered = <Command**>zrealloc(ordered, sizeof(Command*) * ordered_cap)


cdef Command* command_lookup(const char* name, size_t n) noexcept nogil:
    cdef unsigned int h
    cdef Command* cmd
    if n > MAX_NAME:
        return NULL
    h = name_hash(name, n) & (TABLE_SLOTS - 1)
    while True:
        cmd = slots[h]
        if cmd == NULL:
            return NULL
        if name_eq(slot_names[h], name, n):
            return cmd
        h = (h + 1) & (TABLE_SLOTS - 1)


cdef Command* command_lookup_sub(Command* parent, const char* name, size_t n) noexcept nogil:
    cdef int i
    for i in range(parent.nsubs):
        if name_eq(parent.subs[i].name, name, n):
            return parent.subs[i]
    return NULL


cdef Command* command_lookup_fullname(const char* name, size_t n) noexcept nogil:
    cdef size_t i
    cdef Command* parent
    for i in range(n):
        if name[i] == 124:    # '|'
            parent = command_lookup(name, i)
            if parent == NULL:
                return NULL
            return command_lookup_sub(parent, name + i + 1, n - i - 1)
    return command_lookup(name, n)


cdef int command_count() noexcept nogil:
    return ncommands


cdef Command* command_at(int i) noexcept nogil:
    return ordered[i]


cdef inline int arity_ok(Command* cmd, int argc) noexcept nogil:
    return not ((cmd.arity > 0 and cmd.arity != argc) or argc < -cmd.arity)


cdef void reply_unknown_command(Client* c) noexcept nogil:
    # "unknown command 'x', with args beginning with: 'a' 'b' " (args total <= 128).
    cdef char buf[1024]
    cdef char tmp[200]
    cdef int n, i
    n = snprintf(buf, sizeof(buf), b"unknown command '%.128s', with args beginning with: ",
                 _arg_cstr(c, 0, tmp, sizeof(tmp)))
    i = 1
    cdef int args_start = n
    while i < c.argc and n - args_start < 128 and n < 560:
        n += snprintf(buf + n, sizeof(buf) - n, b"'%.*s' ", 128 - (n - args_start),
                      _arg_cstr(c, i, tmp, sizeof(tmp)))
        i += 1
    add_reply_error_len(c, buf, n)


cdef const char* _arg_cstr(Client* c, int i, char* tmp, size_t cap) noexcept nogil:
    # A NUL-terminated copy of argv[i] (truncated to cap-1) for printf.
    cdef size_t n = c.argv[i].len
    if n > cap - 1:
        n = cap - 1
    memcpy(tmp, c.argv[i].ptr, n)
    tmp[n] = 0
    return tmp


cdef void reply_unknown_subcommand(Client* c) noexcept nogil:
    # Names the container as the client typed it (a renamed one by its new name).
    cdef char buf[400]
    cdef char upper[64]
    cdef char tmp[200]
    cdef int i, n
    _arg_cstr(c, 0, upper, sizeof(upper))
    for i in range(strlen(upper)):
        if 97 <= upper[i] <= 122:
            upper[i] -= 32
    n = snprintf(buf, sizeof(buf), b"unknown subcommand '%.128s'. Try %s HELP.",
                 _arg_cstr(c, 1, tmp, sizeof(tmp)), upper)
    add_reply_error_len(c, buf, n)


cdef int allowed_in_pubsub_context(Command* cmd) noexcept nogil:
    # What a RESP2 client with subscriptions may still send (by the
    # command's own name, so renaming does not change it).
    cdef const char* n = cmd.name
    return (strcmp(n, b"ping") == 0 or strcmp(n, b"subscribe") == 0
            or strcmp(n, b"unsubscribe") == 0 or strcmp(n, b"psubscribe") == 0
            or strcmp(n, b"punsubscribe") == 0 or strcmp(n, b"ssubscribe") == 0
            or strcmp(n, b"sunsubscribe") == 0 or strcmp(n, b"quit") == 0
            or strcmp(n, b"reset") == 0)


cdef inline int reject(Client* c, Command* cmd, const char* exec_reason) noexcept nogil:
    # A command refused before running: counted, and inside MULTI it dooms
    # the transaction. A refused EXEC answers EXECABORT with exec_reason
    # (and ends the transaction) as in Redis: 0 then, else 1 and the caller
    # replies the usual error.
    if cmd != NULL:
        cmd.rejected_calls += 1
        if cmd.proc == cmd_exec:
            exec_abort(c, exec_reason)
            return 0
    flag_transaction(c)
    return 1


cdef int execute_command(Client* c) noexcept nogil:
    # Redis's processCommand: resolve, check, then queue (inside MULTI) or
    # run. As there, c.lastcmd names what the client asked for even when it
    # is then rejected (NULL for an unknown (sub)command). EXEC is checked
    # against the flags of the commands it will run.
    cdef Command* cmd = command_lookup(c.argv[0].ptr, c.argv[0].len)
    cdef Command* sub
    cdef unsigned long long flags
    cdef int queue = 0
    cdef char buf[256]
    cdef int n
    c.lastcmd = cmd
    if cmd == NULL:
        reject(c, NULL, NULL)
        reply_unknown_command(c)
        return EXEC_DONE
    if cmd.nsubs:
        if c.argc >= 2:
            sub = command_lookup_sub(cmd, c.argv[1].ptr, c.argv[1].len)
            if sub == NULL:
                c.cmd = cmd
                c.lastcmd = NULL
                reject(c, NULL, NULL)
                reply_unknown_subcommand(c)
                return EXEC_DONE
            cmd = sub
    c.cmd = cmd
    c.lastcmd = cmd
    flags = cmd.flags
    if c.flags & CLIENT_MULTI:
        if not runs_inside_multi(cmd):
            queue = 1
        elif cmd.proc == cmd_exec:
            flags |= multi_queued_flags(c)
    if not arity_ok(cmd, c.argc) or cmd.proc == NULL:
        if reject(c, cmd, b"wrong number of arguments for 'exec' command"):
            add_reply_error_arity(c)
        return EXEC_DONE
    if g.cfg.requirepass != NULL and not c.authenticated and not (flags & CMD_NO_AUTH):
        if reject(c, cmd, b"NOAUTH Authentication required."):
            add_reply_error_len(c, b"-NOAUTH Authentication required.", 32)
        return EXEC_DONE
    if c.flags & CLIENT_MULTI and flags & CMD_NO_MULTI:
        if reject(c, cmd, NULL):
            add_reply_error(c, b"Command not allowed inside a transaction")
        return EXEC_DONE
    if g.cfg.maxmemory and perform_evictions() == EVICT_FAIL and (flags & CMD_DENYOOM or queue):
        if reject(c, cmd, b"OOM command not allowed when used memory > 'maxmemory'."):
            add_reply_error_len(c, b"-OOM command not allowed when used memory > 'maxmemory'.", 56)
        return EXEC_DONE
    if c.flags & CLIENT_PUBSUB and c.resp == 2 and not allowed_in_pubsub_context(cmd):
        n = snprintf(buf, sizeof(buf), b"Can't execute '%s': only (P|S)SUBSCRIBE / "
                     b"(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
                     cmd.fullname)
        if reject(c, cmd, buf):
            add_reply_error_len(c, buf, n)
        return EXEC_DONE
    if c.flags & CLIENT_MONITOR and flags & (CMD_WRITE | CMD_READONLY | CMD_MAY_REPLICATE):
        if reject(c, cmd, b"Replica can't interact with the keyspace"):
            add_reply_error(c, b"Replica can't interact with the keyspace")
        return EXEC_DONE
    if g.pause_type != PAUSE_OFF and pause_blocks(flags):
        return EXEC_POSTPONED
    if queue:
        queue_multi_command(c, cmd)
    else:
        call_command(c, cmd)
    return EXEC_DONE
