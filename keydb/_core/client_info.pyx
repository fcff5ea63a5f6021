"""One client's CLIENT LIST / CLIENT INFO line, in Redis 7.0's field order.

Shared by the CLIENT commands and by the log lines that describe a client
(the output-buffer-limit warning), as Redis's catClientInfoString is.
"""
from libc.stdio cimport snprintf
from keydb._core.zmalloc cimport zrealloc
from keydb._core.state cimport (g, Client, Command, CLIENT_CLOSE_AFTER_REPLY, CLIENT_UNIX_SOCKET,
    CLIENT_WANT_WRITE, CLIENT_NO_EVICT, CLIENT_MONITOR, CLIENT_BLOCKED, CLIENT_MULTI, CLIENT_PUBSUB)
from keydb._core.dict cimport dict_size
from keydb._core.pubsub_types cimport ClientSubs, SUB_CHANNEL, SUB_PATTERN, SUB_SHARD
from keydb._core.multi cimport multi_queued_count, multi_queued_mem


cdef inline unsigned long subscriptions(Client* cl, int kind) noexcept nogil:
    # Read here rather than through pubsub.pyx, which cimports this module.
    if cl.subs == NULL:
        return 0
    return dict_size((<ClientSubs*>cl.subs).names[kind])


cdef void cat_client_line(Buf* b, Client* cl, Client* me) noexcept nogil:
    # Append cl's CLIENT LIST line (no newline) in Redis 7.0's field order.
    # `me` is the client running the command: its argument sizes are
    # known; other clients are between commands. cmd= is the last command
    # each one sent (EXEC, for a CLIENT INFO inside a transaction).
    cdef char flags[16]
    cdef int nf = 0, i
    cdef int cflags = cl.flags
    cdef Command* cmd = cl.lastcmd
    cdef size_t argv_mem = 0, qlen = cl.qlen, qcap = cl.qcap, olen = cl.olen
    cdef size_t osent = cl.osent, ocap = cl.ocap
    cdef size_t obl = olen - osent if olen > osent else 0
    cdef size_t qfree = qcap - qlen if qcap > qlen else 0
    cdef size_t tot_mem
    cdef long long now = g.cmd_time_ms
    cdef long long age = (now - cl.ctime_ms) // 1000
    cdef long long idle = (now - cl.last_interaction_ms) // 1000
    cdef const char* name = b""
    cdef const char* events = b"r"
    cdef const char* cmdname = b"NULL"
    cdef int n
    if cl.name != NULL:
        name = cl.name
    if cflags & CLIENT_WANT_WRITE:
        events = b"rw"
    if cmd != NULL:
        cmdname = cmd.fullname
    if cflags & CLIENT_MONITOR:
        flags[nf] = 79      # 'O'
        nf += 1
    if cflags & CLIENT_PUBSUB:
        flags[nf] = 80      # 'P'
        nf += 1
    if cflags & CLIENT_MULTI:
        flags[nf] = 120     # 'x'
        nf += 1
    if cflags & CLIENT_BLOCKED:
        flags[nf] = 98      # 'b'
        nf += 1
    if cl.dirty_cas:
        flags[nf] = 100     # 'd'
        nf += 1
    if cflags & CLIENT_CLOSE_AFTER_REPLY:
        flags[nf] = 99      # 'c'
        nf += 1
    if cflags & CLIENT_UNIX_SOCKET:
        flags[nf] = 85      # 'U'
        nf += 1
    if cflags & CLIENT_NO_EVICT:
        flags[nf] = 101     # 'e'
        nf += 1
    if nf == 0:
        flags[nf] = 78      # 'N'
        nf += 1
    flags[nf] = 0
    if cl == me:
        for i in range(me.argc):
            argv_mem += me.argv[i].len
    tot_mem = (sizeof(Client) + qcap + ocap + <size_t>cl.args_cap * sizeof(cl.args[0])
               + <size_t>cl.cmds_cap * sizeof(int) + cl.namelen)
    buf_reserve(b, 1024 + cl.namelen)
    n = snprintf(b.p + b.len, b.cap - b.len,
                 b"id=%llu addr=%s laddr=%s fd=%d name=%.*s age=%lld idle=%lld flags=%s db=%d "
                 b"sub=%lu psub=%lu ssub=%lu multi=%d qbuf=%zu qbuf-free=%zu argv-mem=%zu "
                 b"multi-mem=%zu rbs=%zu rbp=%zu obl=%zu oll=0 omem=0 tot-mem=%zu events=%s cmd=%s "
                 b"user=default redir=-1 resp=%d",
                 <unsigned long long>cl.id, cl.addr, cl.laddr, cl.h.fd,
                 <int>cl.namelen, name,
                 age if age > 0 else 0, idle if idle > 0 else 0, flags, cl.db.id,
                 subscriptions(cl, SUB_CHANNEL), subscriptions(cl, SUB_PATTERN),
                 subscriptions(cl, SUB_SHARD), multi_queued_count(cl), qlen, qfree, argv_mem,
                 multi_queued_mem(cl), ocap, ocap, obl, tot_mem + multi_queued_mem(cl),
                 events, cmdname, cl.resp)
    b.len += <size_t>n
