"""The request path: read, parse every complete command, run the batch under
one acquisition of the keyspace lock, write the replies.

The worker drives it in three steps (ae.pyx): client_read() for every
readable client of an epoll round, then client_execute() for all of them
under a single hold of the keyspace lock, then client_finish_batch(). Taking
the lock once per round rather than once per client is a departure from
DESIGN.md section 2's "once per read event" that only widens the batch: it
cuts lock traffic by the number of ready clients, which is what keeps two
workers on two shared cores from fighting over the lock.

Parsed arguments are recorded as offsets into the query buffer while parsing
(the buffer may move when it grows) and turned into pointers just before the
batch runs; nothing is copied. Inline commands are unescaped in place, which
is safe because unescaping never lengthens a token.
"""
from libc.string cimport memcpy, memmove, memchr, memset, strlen, strerror
from libc.stdio cimport snprintf
from posix.unistd cimport close, read
from libc.errno cimport errno, EAGAIN, EINTR
from libc.limits cimport INT_MAX
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.includes.sys cimport (epoll_event, epoll_ctl, EPOLL_CTL_ADD, EPOLL_CTL_MOD,
    EPOLL_CTL_DEL, EPOLLIN, EPOLLOUT, send, recv, MSG_NOSIGNAL, pthread_mutex_lock,
    pthread_mutex_unlock, sockaddr_storage, sockaddr, sockaddr_in, sockaddr_in6, socklen_t,
    getpeername, getsockname, inet_ntop, ntohs, AF_INET, AF_INET6)
from keydb._core.includes.atomic cimport atomic_add_ll, atomic_incr_u64, atomic_get_int
from keydb._core.state cimport (g, Client, Worker, Arg, H_CLIENT, CLIENT_CLOSE_AFTER_REPLY,
    CLIENT_CLOSE_ASAP, CLIENT_UNIX_SOCKET, CLIENT_WANT_WRITE, CLIENT_REPLY_SKIP,
    CLIENT_REPLY_SKIP_NEXT, CLIENT_BLOCKED, CLIENT_MONITOR, CLIENT_PUBSUB, BLOCKED_POSTPONE,
    BLOCKED_KEYS)
from keydb._core.reply cimport add_reply_error, add_reply_error_len
from keydb._core.command cimport execute_command, EXEC_POSTPONED
from keydb._core.multi cimport multi_client_gone
from keydb._core.output cimport client_want_write
from keydb._core.monitor cimport monitor_detach
from keydb._core.blocked cimport (client_block, client_unblock, blocked_resume, blocked_client_gone,
    handle_ready_keys)
from keydb._core.client_info cimport Buf, buf_reserve, cat_client_line
from keydb._core.lock cimport keyspace_lock, keyspace_unlock
from keydb._core.dict cimport Dict, DictEntry, dict_bucket, dict_hash
from keydb._core.includes.sys cimport __builtin_prefetch
from keydb._core.util cimport string2ll, mstime
from keydb._core.log cimport serverlog, LL_WARNING, LL_VERBOSE

cdef enum:
    IOBUF_LEN = 16 * 1024
    INLINE_MAX_SIZE = 64 * 1024
    MBULK_BIG_ARG = 32 * 1024
    REQ_NONE = 0
    REQ_INLINE = 1
    REQ_MULTIBULK = 2
    PREFETCH_MAX = 64


# Lifecycle -----------------------------------------------------------------

cdef Client* client_create(Worker* w, int fd, int is_unix) noexcept nogil:
    cdef Client* c = <Client*>zmalloc(sizeof(Client))
    cdef epoll_event ev
    memset(c, 0, sizeof(Client))
    c.h.kind = H_CLIENT
    c.h.fd = fd
    c.id = atomic_incr_u64(&g.next_client_id)
    c.worker = w
    c.resp = 2
    c.db = &g.dbs[0]
    c.bulklen = -1
    c.mb_left = -1
    c.ctime_ms = mstime()
    c.last_interaction_ms = c.ctime_ms
    if is_unix:
        c.flags |= CLIENT_UNIX_SOCKET
    c.authenticated = g.cfg.requirepass == NULL
    fill_addresses(c, is_unix)
    ev.events = EPOLLIN
    ev.data.ptr = c
    epoll_ctl(w.epfd, EPOLL_CTL_ADD, fd, &ev)
    # Worker list (owner) and global registry (clients lock).
    c.next = w.clients
    if w.clients != NULL:
        w.clients.prev = c
    w.clients = c
    w.nclients += 1
    pthread_mutex_lock(&g.clients_lock)
    c.gnext = g.clients_head
    if g.clients_head != NULL:
        g.clients_head.gprev = c
    g.clients_head = c
    pthread_mutex_unlock(&g.clients_lock)
    atomic_add_ll(&g.connected_clients, 1)
    return c


cdef void fill_addresses(Client* c, int is_unix) noexcept nogil:
    cdef sockaddr_storage ss
    cdef socklen_t len_
    if is_unix:
        snprintf(c.addr, sizeof(c.addr), b"%s:0", g.cfg.unixsocket)
        snprintf(c.laddr, sizeof(c.laddr), b"%s:0", g.cfg.unixsocket)
        return
    len_ = sizeof(ss)
    if getpeername(c.h.fd, <sockaddr*>&ss, &len_) == 0:
        format_addr(&ss, c.addr, sizeof(c.addr))
    len_ = sizeof(ss)
    if getsockname(c.h.fd, <sockaddr*>&ss, &len_) == 0:
        format_addr(&ss, c.laddr, sizeof(c.laddr))


cdef void format_addr(sockaddr_storage* ss, char* out, size_t cap) noexcept nogil:
    cdef char ip[64]
    cdef sockaddr_in* s4
    cdef sockaddr_in6* s6
    if ss.ss_family == AF_INET:
        s4 = <sockaddr_in*>ss
        inet_ntop(AF_INET, &s4.sin_addr, ip, sizeof(ip))
        snprintf(out, cap, b"%s:%d", ip, ntohs(s4.sin_port))
    elif ss.ss_family == AF_INET6:
        s6 = <sockaddr_in6*>ss
        inet_ntop(AF_INET6, &s6.sin6_addr, ip, sizeof(ip))
        snprintf(out, cap, b"%s:%d", ip, ntohs(s6.sin6_port))
    else:
        out[0] = 0


cdef int client_addr_string(Client* c, char* buf, size_t cap) noexcept nogil:
    return snprintf(buf, cap, b"%s", c.addr)


cdef void client_free(Client* c) noexcept nogil:
    cdef Worker* w = c.worker
    epoll_ctl(w.epfd, EPOLL_CTL_DEL, c.h.fd, NULL)
    close(c.h.fd)
    if c.prev != NULL:
        c.prev.next = c.next
    else:
        w.clients = c.next
    if c.next != NULL:
        c.next.prev = c.prev
    w.nclients -= 1
    if c.flags & CLIENT_BLOCKED:
        if c.btype == BLOCKED_KEYS:
            blocked_client_gone(c)
        client_unblock(c)
    if c.flags & CLIENT_MONITOR:
        monitor_detach(c)
    pthread_mutex_lock(&g.clients_lock)
    if c.gprev != NULL:
        c.gprev.gnext = c.gnext
    else:
        g.clients_head = c.gnext
    if c.gnext != NULL:
        c.gnext.gprev = c.gprev
    pthread_mutex_unlock(&g.clients_lock)
    if c.mstate != NULL or c.watched != NULL:
        multi_client_gone(c)
    atomic_add_ll(&g.connected_clients, -1)
    zfree(c.qbuf)
    zfree(c.obuf)
    zfree(c.args)
    zfree(c.cmd_argc)
    zfree(c.name)
    zfree(c)


cdef void client_close_async(Client* c) noexcept nogil:
    c.flags |= CLIENT_CLOSE_ASAP


# Parsing -------------------------------------------------------------------

cdef inline void push_arg(Client* c, size_t off, size_t n) noexcept nogil:
    if c.nargs == c.args_cap:
        c.args_cap = c.args_cap * 2 if c.args_cap else 16
        c.args = <Arg*>zrealloc(c.args, sizeof(Arg) * c.args_cap)
    c.args[c.nargs].off = off
    c.args[c.nargs].len = n
    c.nargs += 1


cdef inline void end_command(Client* c, int argc) noexcept nogil:
    if c.ncmds == c.cmds_cap:
        c.cmds_cap = c.cmds_cap * 2 if c.cmds_cap else 16
        c.cmd_argc = <int*>zrealloc(c.cmd_argc, sizeof(int) * c.cmds_cap)
    c.cmd_argc[c.ncmds] = argc
    c.ncmds += 1
    c.done_args = c.nargs
    c.qpos = c.qparse
    c.reqtype = REQ_NONE
    c.mb_left = -1
    c.bulklen = -1


cdef inline void protocol_error(Client* c, const char* msg) noexcept nogil:
    c.pending_error = 1
    snprintf(c.perror, sizeof(c.perror), b"%s", msg)


cdef inline int needs_auth(Client* c) noexcept nogil:
    return not c.authenticated


cdef inline int is_space(char ch) noexcept nogil:
    return ch == 32 or ch == 10 or ch == 13 or ch == 9 or ch == 11 or ch == 12


cdef inline int hex_val(char ch) noexcept nogil:
    if 48 <= ch <= 57: return ch - 48
    if 97 <= ch <= 102: return ch - 87
    if 65 <= ch <= 70: return ch - 55
    return -1


cdef inline int quote_closes_token(const char* buf, size_t p, size_t end) noexcept nogil:
    # A closing quote at p must be followed by a space or the end of the line.
    return not (p + 1 < end and buf[p + 1] != 0 and not is_space(buf[p + 1]))


cdef int split_inline(Client* c, size_t start, size_t end) noexcept nogil:
    # Split qbuf[start:end) into args with Redis's quoting rules, unescaping
    # in place. Returns argc, or -1 on unbalanced quotes.
    cdef char* buf = c.qbuf
    cdef size_t p = start, w, tok
    cdef int argc = 0, inq, insq, done
    cdef char ch
    while True:
        while p < end and is_space(buf[p]):
            p += 1
        if p >= end or buf[p] == 0:
            return argc
        inq = 0
        insq = 0
        done = 0
        w = p
        tok = p
        while not done:
            ch = buf[p] if p < end else 0
            if inq:
                if ch == 92 and p + 3 < end and buf[p + 1] == 120 and hex_val(buf[p + 2]) >= 0 and hex_val(buf[p + 3]) >= 0:
                    buf[w] = <char>(hex_val(buf[p + 2]) * 16 + hex_val(buf[p + 3]))
                    w += 1
                    p += 3
                elif ch == 92 and p + 1 < end and buf[p + 1] != 0:
                    p += 1
                    ch = buf[p]
                    if ch == 110: ch = 10
                    elif ch == 114: ch = 13
                    elif ch == 116: ch = 9
                    elif ch == 98: ch = 8
                    elif ch == 97: ch = 7
                    buf[w] = ch
                    w += 1
                elif ch == 34:
                    if not quote_closes_token(buf, p, end):
                        return -1
                    done = 1
                elif ch == 0:
                    return -1
                else:
                    buf[w] = ch
                    w += 1
            elif insq:
                if ch == 92 and p + 1 < end and buf[p + 1] == 39:
                    p += 1
                    buf[w] = 39
                    w += 1
                elif ch == 39:
                    if not quote_closes_token(buf, p, end):
                        return -1
                    done = 1
                elif ch == 0:
                    return -1
                else:
                    buf[w] = ch
                    w += 1
            else:
                if ch == 32 or ch == 10 or ch == 13 or ch == 9 or ch == 0:
                    done = 1
                elif ch == 34:
                    inq = 1
                elif ch == 39:
                    insq = 1
                else:
                    buf[w] = ch
                    w += 1
            if p < end:
                p += 1
        push_arg(c, tok, w - tok)
        argc += 1


cdef int parse_inline(Client* c) noexcept nogil:
    # 1: a command (or an empty line) was consumed; 0: need more; -1: error.
    cdef char* nl = <char*>memchr(c.qbuf + c.qparse, 10, c.qlen - c.qparse)
    cdef size_t end, first = c.nargs
    cdef int argc
    if nl == NULL:
        if c.qlen - c.qparse > INLINE_MAX_SIZE:
            protocol_error(c, b"Protocol error: too big inline request")
            return -1
        return 0
    end = <size_t>(nl - c.qbuf)
    if end > c.qparse and c.qbuf[end - 1] == 13:
        end -= 1
    argc = split_inline(c, c.qparse, end)
    if argc < 0:
        c.nargs = <int>first
        protocol_error(c, b"Protocol error: unbalanced quotes in request")
        return -1
    c.qparse = <size_t>(nl - c.qbuf) + 1
    if argc == 0:
        c.qpos = c.qparse
        c.reqtype = REQ_NONE
        return 1
    end_command(c, argc)
    return 1


cdef int parse_multibulk(Client* c) noexcept nogil:
    # 1: a command (or an empty multibulk) was consumed; 0: need more; -1: error.
    cdef char* cr
    cdef long long ll
    cdef size_t avail
    cdef char msg[64]
    if c.mb_left == -1:
        cr = <char*>memchr(c.qbuf + c.qparse, 13, c.qlen - c.qparse)
        if cr == NULL:
            if c.qlen - c.qparse > INLINE_MAX_SIZE:
                protocol_error(c, b"Protocol error: too big mbulk count string")
                return -1
            return 0
        if <size_t>(cr - c.qbuf) + 1 >= c.qlen:
            return 0
        if not string2ll(c.qbuf + c.qparse + 1, <size_t>(cr - c.qbuf) - c.qparse - 1, &ll) or ll > INT_MAX:
            protocol_error(c, b"Protocol error: invalid multibulk length")
            return -1
        if ll > 10 and needs_auth(c):
            protocol_error(c, b"Protocol error: unauthenticated multibulk length")
            return -1
        c.qparse = <size_t>(cr - c.qbuf) + 2
        if ll <= 0:
            c.qpos = c.qparse
            c.reqtype = REQ_NONE
            return 1
        c.mb_left = ll
        c.bulklen = -1
    while c.mb_left > 0:
        if c.bulklen == -1:
            cr = <char*>memchr(c.qbuf + c.qparse, 13, c.qlen - c.qparse)
            if cr == NULL:
                if c.qlen - c.qparse > INLINE_MAX_SIZE:
                    protocol_error(c, b"Protocol error: too big bulk count string")
                    return -1
                return 0
            if <size_t>(cr - c.qbuf) + 1 >= c.qlen:
                return 0
            if c.qbuf[c.qparse] != 36:     # '$'
                snprintf(msg, sizeof(msg), b"Protocol error: expected '$', got '%c'", c.qbuf[c.qparse])
                protocol_error(c, msg)
                return -1
            if (not string2ll(c.qbuf + c.qparse + 1, <size_t>(cr - c.qbuf) - c.qparse - 1, &ll)
                    or ll < 0 or ll > g.cfg.proto_max_bulk_len):
                protocol_error(c, b"Protocol error: invalid bulk length")
                return -1
            if ll > 16384 and needs_auth(c):
                protocol_error(c, b"Protocol error: unauthenticated bulk length")
                return -1
            c.qparse = <size_t>(cr - c.qbuf) + 2
            c.bulklen = ll
        avail = c.qlen - c.qparse
        if avail < <size_t>c.bulklen + 2:
            return 0
        push_arg(c, c.qparse, <size_t>c.bulklen)
        c.qparse += <size_t>c.bulklen + 2
        c.bulklen = -1
        c.mb_left -= 1
    # All args of this command have arrived: those after the last command's.
    end_command(c, c.nargs - c.done_args)
    return 1


cdef void parse_input(Client* c) noexcept nogil:
    cdef int r
    while c.qparse < c.qlen and not c.pending_error:
        if c.reqtype == REQ_NONE:
            c.reqtype = REQ_MULTIBULK if c.qbuf[c.qparse] == 42 else REQ_INLINE
        if c.reqtype == REQ_INLINE:
            r = parse_inline(c)
        else:
            r = parse_multibulk(c)
        if r <= 0:
            return


# The batch -----------------------------------------------------------------

cdef void prefetch_keys(Client* c) noexcept nogil:
    # Pipelined commands touch random keys: start loading the bucket, entry
    # and value of each command's first argument (the key of nearly every
    # command) for the whole batch at once, so the cache misses overlap
    # instead of being paid one after the other during execution.
    cdef DictEntry** slots[PREFETCH_MAX]
    cdef DictEntry* e
    cdef Dict* keys = c.db.keys
    cdef int i, k = 0, n = c.ncmds if c.ncmds < PREFETCH_MAX else PREFETCH_MAX
    for i in range(n):
        slots[i] = NULL
        if c.cmd_argc[i] >= 2:
            slots[i] = dict_bucket(keys, dict_hash(c.args[k + 1].ptr, c.args[k + 1].len))
            if slots[i] != NULL:
                __builtin_prefetch(slots[i])
        k += c.cmd_argc[i]
    for i in range(n):
        if slots[i] != NULL and slots[i][0] != NULL:
            __builtin_prefetch(slots[i][0])
    for i in range(n):
        if slots[i] != NULL:
            e = slots[i][0]
            if e != NULL and e.v.ptr != NULL:
                __builtin_prefetch(e.v.ptr)


cdef int obuf_limit_reached(Client* c) noexcept nogil:
    # client-output-buffer-limit of the client's class (pubsub for a client
    # subscribed to something, else normal): the pending output reaches the
    # hard limit, or has stayed at or above the soft limit for longer than
    # its seconds. The limits are read racily when the cron calls this
    # without the keyspace lock.
    cdef long long pending = <long long>(c.olen - c.osent)
    cdef int pubsub = (c.flags & CLIENT_PUBSUB) != 0
    cdef long long hard = g.cfg.obuf_hard_pubsub if pubsub else g.cfg.obuf_hard_normal
    cdef long long soft = g.cfg.obuf_soft_pubsub if pubsub else g.cfg.obuf_soft_normal
    cdef long long secs = g.cfg.obuf_soft_secs_pubsub if pubsub else g.cfg.obuf_soft_secs_normal
    cdef long long now
    if hard and pending >= hard:
        return 1
    if not soft or pending < soft:
        c.obuf_soft_since_ms = 0
        return 0
    now = mstime()
    if c.obuf_soft_since_ms == 0:
        c.obuf_soft_since_ms = now
        return 0
    return (now - c.obuf_soft_since_ms) // 1000 > secs


cdef void log_with_client(const char* prefix, const char* text, Client* c) noexcept nogil:
    # A verbose log line: prefix, then text or (c not NULL) c's CLIENT LIST line.
    cdef Buf line
    cdef size_t n = strlen(prefix)
    line.p = NULL
    line.len = 0
    line.cap = 0
    buf_reserve(&line, n + 1)
    memcpy(line.p, prefix, n + 1)
    line.len = n
    if c != NULL:
        cat_client_line(&line, c, NULL)
    else:
        n = strlen(text)
        buf_reserve(&line, n + 1)
        memcpy(line.p + line.len, text, n + 1)
        line.len += n
    serverlog(LL_VERBOSE, line.p)
    zfree(line.p)


cdef void close_for_obuf_limit(Client* c, int from_cron) noexcept nogil:
    # Drop the client at once, unsent replies included, with Redis's warning
    # naming the client by its CLIENT LIST line (Redis words it "closed" when
    # its cron finds the client, "scheduled to be closed ASAP" otherwise).
    cdef Buf line
    line.p = NULL
    line.len = 0
    line.cap = 0
    buf_reserve(&line, 64)
    memcpy(line.p, b"Client ", 7)
    line.len = 7
    cat_client_line(&line, c, NULL)
    buf_reserve(&line, 80)
    line.len += <size_t>snprintf(line.p + line.len, line.cap - line.len,
                                 b" %s for overcoming of output buffer limits.",
                                 b"closed" if from_cron else b"scheduled to be closed ASAP")
    serverlog(LL_WARNING, line.p)
    zfree(line.p)
    c.olen = 0
    c.osent = 0
    client_close_async(c)


cdef void client_check_obuf_limit(Client* c, int from_cron) noexcept nogil:
    if (g.cfg.obuf_hard_normal or g.cfg.obuf_soft_normal or g.cfg.obuf_hard_pubsub
            or g.cfg.obuf_soft_pubsub) and obuf_limit_reached(c):
        close_for_obuf_limit(c, from_cron)


cdef void client_execute(Client* c) noexcept nogil:
    # Run the parsed commands in order. One that CLIENT PAUSE holds back
    # blocks the client (BLOCKED_POSTPONE) and stops the batch there;
    # exec_cmds/exec_args tell consume_batch what ran.
    cdef int i, k = 0
    if c.flags & CLIENT_BLOCKED:
        if c.btype != BLOCKED_KEYS:
            client_unblock(c)
        elif not blocked_resume(c):
            return                      # still waiting: nothing runs
    for i in range(c.nargs):
        c.args[i].ptr = c.qbuf + c.args[i].off
    if c.ncmds > 1:
        prefetch_keys(c)
    for i in range(c.ncmds):
        if (c.flags & (CLIENT_CLOSE_AFTER_REPLY | CLIENT_CLOSE_ASAP)
                or atomic_get_int(&c.killed) or atomic_get_int(&g.shutdown_asap)):
            break
        c.argv = c.args + k
        c.argc = c.cmd_argc[i]
        if execute_command(c) == EXEC_POSTPONED:
            client_block(c, BLOCKED_POSTPONE)
            break
        k += c.argc
        c.exec_cmds = i + 1
        c.exec_args = k
        if g.ready_keys != NULL:
            handle_ready_keys()
        # CLIENT REPLY SKIP drops the reply of the command after it only.
        c.flags &= ~CLIENT_REPLY_SKIP
        if c.flags & CLIENT_REPLY_SKIP_NEXT:
            c.flags = (c.flags & ~CLIENT_REPLY_SKIP_NEXT) | CLIENT_REPLY_SKIP
        client_check_obuf_limit(c, 0)
        if c.flags & CLIENT_BLOCKED:
            break                       # BLPOP & co: what follows waits with it
    c.argv = NULL
    c.argc = 0


cdef void consume_batch(Client* c) noexcept nogil:
    # Drop the executed commands (exec_cmds of them, exec_args args): move
    # what is left (commands a pause held back, a half-parsed multibulk's
    # args, the unparsed tail) to the front of the buffers.
    cdef int k = c.exec_args
    cdef int rest_cmds = c.ncmds - c.exec_cmds
    cdef int i, rest = c.nargs - k
    cdef size_t shift = c.qpos
    if rest_cmds > 0:
        shift = c.args[k].off          # the first held-back command's first arg
        for i in range(rest_cmds):
            c.cmd_argc[i] = c.cmd_argc[c.exec_cmds + i]
    for i in range(rest):
        c.args[i] = c.args[k + i]
        c.args[i].off -= shift
    c.nargs = rest
    c.ncmds = rest_cmds
    c.done_args -= k
    c.exec_cmds = 0
    c.exec_args = 0
    if shift:
        memmove(c.qbuf, c.qbuf + shift, c.qlen - shift)
        c.qlen -= shift
        c.qparse -= shift
        c.qpos -= shift


cdef void client_finish_batch(Client* c) noexcept nogil:
    consume_batch(c)
    if c.pending_error and c.ncmds == 0:
        add_reply_error(c, c.perror)
        c.flags |= CLIENT_CLOSE_AFTER_REPLY
        c.pending_error = 0
    client_write(c)
    # Release large buffers once drained (a deep pipeline leaves big ones).
    if c.qlen == 0 and c.qcap > 4 * IOBUF_LEN:
        zfree(c.qbuf)
        c.qbuf = NULL
        c.qcap = 0
    if c.nargs == 0 and c.args_cap > 1024:
        zfree(c.args)
        c.args = NULL
        c.args_cap = 0
    if c.cmds_cap > 1024:
        zfree(c.cmd_argc)
        c.cmd_argc = NULL
        c.cmds_cap = 0


cdef int client_read(Client* c) noexcept nogil:
    cdef size_t want = IOBUF_LEN
    cdef ssize_t n
    cdef size_t remaining
    if c.flags & (CLIENT_CLOSE_ASAP | CLIENT_CLOSE_AFTER_REPLY):
        return 0
    # A big bulk in progress: read exactly what it still needs.
    if c.reqtype == REQ_MULTIBULK and c.bulklen >= MBULK_BIG_ARG:
        remaining = <size_t>c.bulklen + 2 - (c.qlen - c.qparse)
        if remaining > want:
            want = remaining
    if c.qcap - c.qlen < want:
        c.qcap = c.qlen + want if c.qlen + want > c.qcap * 2 else c.qcap * 2
        c.qbuf = <char*>zrealloc(c.qbuf, c.qcap)
    n = recv(c.h.fd, c.qbuf + c.qlen, want, 0)
    if n < 0:
        if errno == EAGAIN or errno == EINTR:
            return 0
        if g.verbosity <= LL_VERBOSE:
            log_with_client(b"Reading from client: ", strerror(errno), NULL)
        client_close_async(c)
        return 0
    if n == 0:
        if g.verbosity <= LL_VERBOSE:
            log_with_client(b"Client closed connection ", NULL, c)
        client_close_async(c)
        return 0
    c.qlen += <size_t>n
    c.worker.stat_net_input += n
    c.last_interaction_ms = mstime()
    if c.qlen > <size_t>g.cfg.client_query_buffer_limit:
        serverlog(LL_WARNING, b"Closing client that reached max query buffer length")
        client_close_async(c)
        return 0
    parse_input(c)
    return c.ncmds > 0 or c.pending_error


cdef void client_on_writable(Client* c) noexcept nogil:
    client_write(c)


cdef int client_write(Client* c) noexcept nogil:
    cdef ssize_t n
    cdef epoll_event ev
    while c.osent < c.olen:
        n = send(c.h.fd, c.obuf + c.osent, c.olen - c.osent, MSG_NOSIGNAL)
        if n <= 0:
            if n < 0 and (errno == EAGAIN or errno == EINTR):
                client_want_write(c)
                return 0
            client_close_async(c)
            return -1
        c.osent += <size_t>n
        c.worker.stat_net_output += n
    c.olen = 0
    c.osent = 0
    if c.ocap > 1024 * 1024:
        zfree(c.obuf)
        c.obuf = NULL
        c.ocap = 0
    if c.flags & CLIENT_WANT_WRITE:
        c.flags &= ~CLIENT_WANT_WRITE
        ev.events = EPOLLIN
        ev.data.ptr = c
        epoll_ctl(c.worker.epfd, EPOLL_CTL_MOD, c.h.fd, &ev)
    if c.flags & CLIENT_CLOSE_AFTER_REPLY:
        client_close_async(c)
        return -1
    return 0
