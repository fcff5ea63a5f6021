"""MONITOR: every executed command, as a line, to every monitoring client.

call_command (call.pyx) calls feed_monitors after a command ran (not for
rejected commands, nor admin or skip-monitor ones, as Redis 7.0), so each
command of a transaction shows before its EXEC. The line is
Redis's: `<unix seconds>.<micros> [<db> <peer>] "arg" "arg" ...` with each
argument quoted like sdscatrepr and secrets shown as "(redacted)". It is
built once, under the keyspace lock, and posted to the mailbox of every
worker that has monitors; that worker appends it to its monitors' output
and asks epoll to tell it when they can be written. Because posting happens
under the lock and mailboxes are FIFO, every monitor sees commands in the
order they ran.
"""
from libc.string cimport memcpy
from libc.stdio cimport snprintf
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.output cimport client_want_write
from keydb._core.includes.atomic cimport atomic_get_int, atomic_add_int
from keydb._core.state cimport (g, Client, Worker, CLIENT_MONITOR, CLIENT_UNIX_SOCKET,
    CLIENT_CLOSE_ASAP, CLIENT_DENY_BLOCKING)
from keydb._core.reply cimport add_reply_ok, add_reply_raw, add_reply_error
from keydb._core.mailbox cimport mailbox_post
from keydb._core.slowlog cimport arg_redacted
from keydb._core.util cimport ustime, repr_len, write_repr

cdef struct Line:
    size_t len
    # the bytes follow


cdef inline char* line_data(Line* l) noexcept nogil:
    return (<char*>l) + sizeof(Line)


cdef Line* format_line(Client* c) noexcept nogil:
    # "+<time> [<db> <peer>] <args>\r\n", a status reply.
    cdef char head[256]
    cdef long long us = ustime()
    cdef int hn, j
    cdef size_t total
    cdef Line* l
    cdef char* w
    if c.flags & CLIENT_UNIX_SOCKET:
        hn = snprintf(head, sizeof(head), b"+%lld.%06lld [%d unix:%s] ", us // 1000000,
                      us % 1000000, c.db.id, g.cfg.unixsocket)
    else:
        hn = snprintf(head, sizeof(head), b"+%lld.%06lld [%d %s] ", us // 1000000,
                      us % 1000000, c.db.id, c.addr)
    if hn >= <int>sizeof(head):
        hn = sizeof(head) - 1
    total = <size_t>hn + 2
    for j in range(c.argc):
        total += (12 if arg_redacted(c, j) else repr_len(c.argv[j].ptr, c.argv[j].len)) + 1
    l = <Line*>zmalloc(sizeof(Line) + total)
    w = line_data(l)
    memcpy(w, head, hn)
    w += hn
    for j in range(c.argc):
        if arg_redacted(c, j):
            memcpy(w, b"\"(redacted)\"", 12)
            w += 12
        else:
            w += write_repr(w, c.argv[j].ptr, c.argv[j].len)
        if j != c.argc - 1:
            w[0] = 32
            w += 1
    w[0] = 13
    w[1] = 10
    w += 2
    l.len = <size_t>(w - line_data(l))
    return l


cdef void deliver(Worker* w, void* arg) noexcept nogil:
    # On the monitors' own worker: queue the line to each, and have epoll
    # report them writable so the worker loop sends it.
    cdef Line* l = <Line*>arg
    cdef Client* c = w.clients
    while c != NULL:
        if c.flags & CLIENT_MONITOR and not (c.flags & CLIENT_CLOSE_ASAP):
            add_reply_raw(c, line_data(l), l.len)
            client_want_write(c)
        c = c.next
    zfree(l)


cdef void feed_monitors(Client* c) noexcept nogil:
    cdef Line* l = format_line(c)
    cdef Line* copy
    cdef int i
    for i in range(g.nworkers):
        if atomic_get_int(&g.workers[i].nmonitors) > 0:
            copy = <Line*>zmalloc(sizeof(Line) + l.len)
            memcpy(copy, l, sizeof(Line) + l.len)
            mailbox_post(&g.workers[i], deliver, copy)
    zfree(l)


cdef void monitor_detach(Client* c) noexcept nogil:
    atomic_add_int(&c.worker.nmonitors, -1)
    atomic_add_int(&g.monitors, -1)


cdef void cmd_monitor(Client* c) noexcept nogil:
    # A client already monitoring gets no reply at all, as in Redis; inside
    # EXEC, where every command must answer, MONITOR is refused.
    if c.flags & CLIENT_DENY_BLOCKING:
        add_reply_error(c, b"MONITOR isn't allowed for DENY BLOCKING client")
        return
    if c.flags & CLIENT_MONITOR:
        return
    c.flags |= CLIENT_MONITOR
    atomic_add_int(&c.worker.nmonitors, 1)
    atomic_add_int(&g.monitors, 1)
    add_reply_ok(c)
