"""Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis 7.0's multi.c).

After MULTI, execute_command (command.pyx) checks each command as usual,
then queues it here with a copy of its arguments (the originals live in
the query buffer, which the next batch reuses) and replies +QUEUED. A
command rejected on the way (unknown, wrong arity, NOAUTH, OOM) flags the
transaction, and EXEC then answers EXECABORT. MULTI, EXEC, DISCARD, WATCH,
QUIT and RESET are never queued.

EXEC runs the queue through call_command under the hold of the keyspace
lock that its batch already has (DESIGN.md section 2), so no other client's
command runs in between, whichever worker it is on, and the clients blocked
on keys that the transaction filled are served only after it (so a key
pushed and deleted in one EXEC wakes nobody). Blocking commands inside it
answer at once, as on a timeout (CLIENT_DENY_BLOCKING, t_blocking.pyx).

WATCH itself lives in watch.pyx; EXEC fails with a null array when a
watched key was touched (dirty_cas) or has expired since it was watched.
"""
from libc.string cimport memcpy, strcmp
from libc.stdio cimport snprintf
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.includes.atomic cimport atomic_get_int
from keydb._core.state cimport (g, Client, Command, Arg, CLIENT_MULTI, CLIENT_DIRTY_EXEC,
    CLIENT_DENY_BLOCKING)
from keydb._core.reply cimport (add_reply_ok, add_reply_status, add_reply_error,
    add_reply_error_len, add_reply_null_array, add_reply_array_len)
from keydb._core.db cimport key_is_expired
from keydb._core.watch cimport watch_key, unwatch_all_keys, watched_key_expired
from keydb._core.lock cimport keyspace_lock, keyspace_unlock
from keydb._core.monitor cimport feed_monitors
from keydb._core.call cimport call_command

cdef const char* EXECABORT = b"-EXECABORT Transaction discarded because of previous errors."


cdef void queue_multi_command(Client* c, Command* cmd) noexcept nogil:
    cdef MultiState* ms = <MultiState*>c.mstate
    cdef QueuedCommand* q
    cdef size_t size = sizeof(Arg) * <size_t>c.argc
    cdef char* p
    cdef int i
    for i in range(c.argc):
        size += c.argv[i].len + 1
    if ms.count == ms.cap:
        ms.cap = ms.cap * 2 if ms.cap else 8
        ms.cmds = <QueuedCommand*>zrealloc(ms.cmds, sizeof(QueuedCommand) * <size_t>ms.cap)
    q = &ms.cmds[ms.count]
    q.cmd = cmd
    q.argc = c.argc
    q.argv = <Arg*>zmalloc(size)
    p = (<char*>q.argv) + sizeof(Arg) * <size_t>c.argc
    for i in range(c.argc):
        memcpy(p, c.argv[i].ptr, c.argv[i].len)
        p[c.argv[i].len] = 0
        q.argv[i].ptr = p
        q.argv[i].len = c.argv[i].len
        q.argv[i].off = 0
        p += c.argv[i].len + 1
    ms.count += 1
    ms.flags |= cmd.flags
    ms.mem += size + sizeof(QueuedCommand)
    add_reply_status(c, b"QUEUED")


cdef unsigned long long multi_queued_flags(Client* c) noexcept nogil:
    if c.mstate == NULL:
        return 0
    return (<MultiState*>c.mstate).flags


cdef int multi_queued_count(Client* c) noexcept nogil:
    if c.mstate == NULL:
        return -1
    return (<MultiState*>c.mstate).count


cdef size_t multi_queued_mem(Client* c) noexcept nogil:
    if c.mstate == NULL:
        return 0
    return (<MultiState*>c.mstate).mem


cdef void free_multi_state(Client* c) noexcept nogil:
    cdef MultiState* ms = <MultiState*>c.mstate
    cdef int i
    if ms == NULL:
        return
    for i in range(ms.count):
        zfree(ms.cmds[i].argv)
    zfree(ms.cmds)
    zfree(ms)
    c.mstate = NULL
    c.flags &= ~(CLIENT_MULTI | CLIENT_DIRTY_EXEC)


cdef void exec_abort(Client* c, const char* reason) noexcept nogil:
    # As Redis, MONITOR still sees the EXEC.
    cdef char buf[256]
    cdef int n = snprintf(buf, sizeof(buf), b"-EXECABORT Transaction discarded because of: %s",
                          reason)
    discard_transaction(c)
    add_reply_error_len(c, buf, <size_t>n)
    if atomic_get_int(&g.monitors):
        feed_monitors(c)


cdef void discard_transaction(Client* c) noexcept nogil:
    free_multi_state(c)
    unwatch_all_keys(c)
    c.dirty_cas = 0


cdef void multi_client_gone(Client* c) noexcept nogil:
    free_multi_state(c)
    if c.watched != NULL:
        keyspace_lock(NULL)
        unwatch_all_keys(c)
        keyspace_unlock(NULL)


cdef int runs_inside_multi(Command* cmd) noexcept nogil:
    # By the command's own name, so a renamed command keeps its role.
    cdef const char* n = cmd.name
    return (strcmp(n, b"exec") == 0 or strcmp(n, b"discard") == 0 or strcmp(n, b"multi") == 0
            or strcmp(n, b"watch") == 0 or strcmp(n, b"quit") == 0 or strcmp(n, b"reset") == 0)


cdef void cmd_multi(Client* c) noexcept nogil:
    cdef MultiState* ms
    if c.flags & CLIENT_MULTI:
        add_reply_error(c, b"MULTI calls can not be nested")
        return
    ms = <MultiState*>zmalloc(sizeof(MultiState))
    ms.cmds = NULL
    ms.count = 0
    ms.cap = 0
    ms.flags = 0
    ms.mem = 0
    c.mstate = ms
    c.flags |= CLIENT_MULTI
    add_reply_ok(c)


cdef void cmd_discard(Client* c) noexcept nogil:
    if not (c.flags & CLIENT_MULTI):
        add_reply_error(c, b"DISCARD without MULTI")
        return
    discard_transaction(c)
    add_reply_ok(c)


cdef void cmd_exec(Client* c) noexcept nogil:
    cdef MultiState* ms
    cdef Arg* argv = c.argv
    cdef int argc = c.argc
    cdef Command* exec_cmd = c.cmd
    cdef int deny_blocking
    cdef int i
    if not (c.flags & CLIENT_MULTI):
        add_reply_error(c, b"EXEC without MULTI")
        return
    if watched_key_expired(c):
        c.dirty_cas = 1
    if c.flags & CLIENT_DIRTY_EXEC:
        add_reply_error(c, EXECABORT)
        discard_transaction(c)
        return
    if c.dirty_cas:
        add_reply_null_array(c)
        discard_transaction(c)
        return
    ms = <MultiState*>c.mstate
    unwatch_all_keys(c)         # as Redis: nothing the queue does can fail it now
    deny_blocking = c.flags & CLIENT_DENY_BLOCKING
    c.flags |= CLIENT_DENY_BLOCKING
    add_reply_array_len(c, ms.count)
    for i in range(ms.count):
        c.argv = ms.cmds[i].argv
        c.argc = ms.cmds[i].argc
        c.cmd = ms.cmds[i].cmd
        call_command(c, ms.cmds[i].cmd)
    if not deny_blocking:
        c.flags &= ~CLIENT_DENY_BLOCKING
    c.argv = argv
    c.argc = argc
    c.cmd = exec_cmd
    discard_transaction(c)


cdef void cmd_watch(Client* c) noexcept nogil:
    cdef int j
    if c.flags & CLIENT_MULTI:
        add_reply_error(c, b"WATCH inside MULTI is not allowed")
        return
    if not c.dirty_cas:         # once dirty, watching more changes nothing
        for j in range(1, c.argc):
            watch_key(c, c.db, c.argv[j].ptr, c.argv[j].len,
                      key_is_expired(c.db, c.argv[j].ptr, c.argv[j].len))
    add_reply_ok(c)


cdef void cmd_unwatch(Client* c) noexcept nogil:
    unwatch_all_keys(c)
    c.dirty_cas = 0
    add_reply_ok(c)
