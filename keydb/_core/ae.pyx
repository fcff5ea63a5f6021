"""The per-worker event loop.

Each worker owns an epoll fd, one SO_REUSEPORT listening socket per bind
address (the kernel spreads accepted connections over them), its clients and
an eventfd mailbox. Worker 0 also owns the unix socket, the signalfd and the
server cron (active expiry, database resizing). A client is only ever touched
by its own worker; other threads post to the mailbox.
"""
from libc.string cimport memset, strlen
from libc.stdio cimport snprintf
from libc.stdint cimport uint64_t
from posix.unistd cimport close, read, write
from libc.errno cimport errno, EINTR
from keydb._core.zmalloc cimport zmalloc, zfree, zmalloc_used_memory
from keydb._core.evict cimport perform_evictions
from keydb._core.includes.sys cimport (epoll_event, epoll_wait, epoll_ctl, EPOLL_CTL_ADD, EPOLLIN,
    EPOLLOUT, EPOLLERR, EPOLLHUP, accept4, SOCK_NONBLOCK, SOCK_CLOEXEC, setsockopt, IPPROTO_TCP,
    TCP_NODELAY, SOL_SOCKET, SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
    pthread_mutex_lock, pthread_mutex_unlock, signalfd_siginfo, SIGTERM, SIGINT, SIGHUP, send,
    MSG_NOSIGNAL, sockaddr, sockaddr_storage, sockaddr_in, sockaddr_in6, socklen_t, AF_INET,
    AF_INET6, inet_ntop, ntohs)
from keydb._core.includes.atomic cimport atomic_get_int, atomic_set_int, atomic_get_ll, atomic_add_ll
from keydb._core.state cimport (g, Worker, Client, Handle, MailboxTask, MailboxFn, H_LISTEN,
    H_LISTEN_UNIX, H_CLIENT, H_MAILBOX, H_SIGNAL, CLIENT_CLOSE_ASAP, CLIENT_BLOCKED, BLOCKED_POSTPONE, BLOCKED_KEYS)
from keydb._core.networking cimport (client_create, client_free, client_read,
    client_execute, client_finish_batch, client_on_writable, client_close_async,
    client_check_obuf_limit)
from keydb._core.blocked cimport client_unblock, collect_blocked, blocked_sleep_ms
from keydb._core.db cimport active_expire_cycle, databases_cron
from keydb._core.mailbox cimport mailbox_post, mailbox_drain
from keydb._core.pubsub cimport pubsub_client_gone, deliver_pushes
from keydb._core.lock cimport keyspace_lock, keyspace_unlock
from keydb._core.log cimport serverlog, log_reopen, LL_WARNING, LL_NOTICE, LL_VERBOSE
from keydb._core.util cimport monotonic_us, mstime

cdef enum:
    MAX_EVENTS = 512
    ACCEPTS_PER_EVENT = 1000


cdef void close_killed(Worker* w, void* arg) noexcept nogil:
    cdef Client* c = w.clients
    while c != NULL:
        if atomic_get_int(&c.killed):
            client_close_async(c)
        c = c.next


cdef void wake_all_for_kills() noexcept nogil:
    cdef int i
    for i in range(g.nworkers):
        mailbox_post(&g.workers[i], close_killed, NULL)


cdef void nothing(Worker* w, void* arg) noexcept nogil:
    pass


cdef void wake_all_workers() noexcept nogil:
    cdef int i
    for i in range(g.nworkers):
        mailbox_post(&g.workers[i], nothing, NULL)


cdef void request_shutdown() noexcept nogil:
    if atomic_get_int(&g.shutdown_asap) == 0:
        atomic_set_int(&g.shutdown_asap, 1)
    mailbox_post(&g.workers[0], nothing, NULL)


cdef void stop_all_workers() noexcept nogil:
    cdef int i
    for i in range(g.nworkers):
        atomic_set_int(&g.workers[i].stop, 1)
        mailbox_post(&g.workers[i], nothing, NULL)


# Protected mode's refusal, Redis's wire text.
cdef const char* DENIED = (
    b"-DENIED Redis is running in protected mode because protected mode is enabled and no "
    b"password is set for the default user. In this mode connections are only accepted from "
    b"the loopback interface. If you want to connect from external computers to Redis you may "
    b"adopt one of the following solutions: 1) Just disable protected mode sending the command "
    b"'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from "
    b"the same host the server is running, however MAKE SURE Redis is not publicly accessible "
    b"from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) "
    b"Alternatively you can just disable the protected mode by editing the Redis configuration "
    b"file, and setting the protected mode option to 'no', and then restarting the server. 3) "
    b"If you started the server manually just for testing, restart it with the "
    b"'--protected-mode no' option. 4) Setup a an authentication password for the default "
    b"user. NOTE: You only need to do one of the above things in order for the server to start "
    b"accepting connections from the outside.\r\n")


cdef int is_loopback_peer(sockaddr_storage* ss) noexcept nogil:
    # As Redis 7.0: only 127.0.0.1 and ::1 count as local (not all of 127/8).
    cdef const unsigned char* a6
    cdef int i
    if ss.ss_family == AF_INET:
        a6 = <const unsigned char*>&(<sockaddr_in*>ss).sin_addr
        return a6[0] == 127 and a6[1] == 0 and a6[2] == 0 and a6[3] == 1
    if ss.ss_family == AF_INET6:
        a6 = <const unsigned char*>&(<sockaddr_in6*>ss).sin6_addr
        for i in range(15):
            if a6[i] != 0:
                return 0
        return a6[15] == 1
    return 0


cdef void log_accepted(sockaddr_storage* ss, int is_unix) noexcept nogil:
    cdef char ip[64]
    cdef char line[200]
    if is_unix:
        snprintf(line, sizeof(line), b"Accepted connection to %s", g.cfg.unixsocket)
    elif ss.ss_family == AF_INET6:
        inet_ntop(AF_INET6, &(<sockaddr_in6*>ss).sin6_addr, ip, sizeof(ip))
        snprintf(line, sizeof(line), b"Accepted %s:%d", ip, ntohs((<sockaddr_in6*>ss).sin6_port))
    else:
        inet_ntop(AF_INET, &(<sockaddr_in*>ss).sin_addr, ip, sizeof(ip))
        snprintf(line, sizeof(line), b"Accepted %s:%d", ip, ntohs((<sockaddr_in*>ss).sin_port))
    serverlog(LL_VERBOSE, line)


cdef void accept_clients(Worker* w, Handle* h) noexcept nogil:
    cdef int fd, i, one = 1
    cdef int is_unix = h.kind == H_LISTEN_UNIX
    cdef sockaddr_storage peer
    cdef socklen_t peerlen
    for i in range(ACCEPTS_PER_EVENT):
        peerlen = sizeof(peer)
        fd = accept4(h.fd, <sockaddr*>&peer, &peerlen, SOCK_NONBLOCK | SOCK_CLOEXEC)
        if fd < 0:
            return
        if g.verbosity <= LL_VERBOSE:
            log_accepted(&peer, is_unix)
        if atomic_get_ll(&g.connected_clients) >= g.cfg.maxclients:
            send(fd, b"-ERR max number of clients reached\r\n", 36, MSG_NOSIGNAL)
            atomic_add_ll(&g.stat_rejected_conn, 1)
            close(fd)
            continue
        if (not is_unix and g.cfg.protected_mode and g.cfg.requirepass == NULL
                and not is_loopback_peer(&peer)):
            send(fd, DENIED, strlen(DENIED), MSG_NOSIGNAL)
            atomic_add_ll(&g.stat_rejected_conn, 1)
            close(fd)
            continue
        atomic_add_ll(&g.stat_numconnections, 1)
        if not is_unix:
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int))
            if g.cfg.tcp_keepalive > 0:
                set_keepalive(fd, g.cfg.tcp_keepalive)
        client_create(w, fd, is_unix)


cdef void set_keepalive(int fd, int interval) noexcept nogil:
    cdef int one = 1, idle = interval, intvl = interval // 3, cnt = 3
    if intvl == 0:
        intvl = 1
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(int))
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(int))
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(int))
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(int))


cdef void free_client(Client* c) noexcept nogil:
    # Its subscriptions and undelivered messages first (pubsub.pyx, which
    # networking.pyx's client_free cannot reach: pubsub cimports networking).
    if c.subs != NULL or c.push_buf != NULL:
        pubsub_client_gone(c)
    client_free(c)


cdef void free_closed_clients(Worker* w) noexcept nogil:
    cdef Client* c = w.clients
    cdef Client* nxt
    while c != NULL:
        nxt = c.next
        if c.flags & CLIENT_CLOSE_ASAP:
            free_client(c)
        c = nxt



cdef void handle_signal(Worker* w) noexcept nogil:
    cdef signalfd_siginfo si
    while read(w.signals.fd, &si, sizeof(si)) == sizeof(si):
        if si.ssi_signo == SIGHUP:
            log_reopen()
            continue
        if si.ssi_signo == SIGINT:
            serverlog(LL_WARNING, b"Received SIGINT scheduling shutdown...")
        else:
            serverlog(LL_WARNING, b"Received SIGTERM scheduling shutdown...")
        serverlog(LL_WARNING, b"User requested shutdown...")
        request_shutdown()


cdef void clients_cron(Worker* w) noexcept nogil:
    # Once a second: close clients idle for longer than `timeout` seconds,
    # and those whose unsent output stayed over the soft limit too long even
    # though they sent nothing since (the check after each command misses them).
    cdef Client* c = w.clients
    cdef long long now = mstime()
    cdef int timeout = g.cfg.timeout
    while c != NULL:
        if c.flags & CLIENT_CLOSE_ASAP:
            pass
        elif (timeout > 0 and now - c.last_interaction_ms > <long long>timeout * 1000
                and not (c.flags & CLIENT_BLOCKED)):      # a blocked client waits by design
            client_close_async(c)
        elif c.olen > c.osent:
            client_check_obuf_limit(c, 1)
        c = c.next


cdef void server_cron(Worker* w) noexcept nogil:
    # Worker 0, hz times a second: active expiry and table maintenance under
    # the keyspace lock, bounded to a quarter of the period.
    cdef long long used
    keyspace_lock(NULL)
    if g.cfg.active_expire_enabled:
        # Redis's slow cycle: 25% of the cron period, 2% more per effort step.
        active_expire_cycle((25 + 2 * (g.cfg.active_expire_effort - 1)) * 10000 // g.cfg.hz)
    databases_cron()
    if g.cfg.maxmemory:
        perform_evictions()    # finishes what a command's time-limited round left
    used = zmalloc_used_memory()
    if used > g.stat_peak_memory:
        g.stat_peak_memory = used
    keyspace_unlock(NULL)


cdef inline long long pause_left_ms() noexcept nogil:
    # Racy read of the pause (the keyspace lock is not held): how long until
    # postponed clients may run again, 0 when they may now. A stale answer
    # only costs one extra loop, since execution re-checks under the lock.
    if atomic_get_int(&g.pause_type) == 0:
        return 0
    cdef long long left = atomic_get_ll(&g.pause_end_ms) - mstime()
    return left if left > 0 else 0


cdef int collect_postponed(Worker* w, Client** ready, int nready) noexcept nogil:
    # Add the clients a finished pause held back to the batch about to run.
    cdef Client* c = w.clients
    while c != NULL and nready < MAX_EVENTS:
        if (c.flags & CLIENT_BLOCKED and c.btype == BLOCKED_POSTPONE
                and not (c.flags & CLIENT_CLOSE_ASAP)):
            ready[nready] = c
            nready += 1
        c = c.next
    return nready


cdef void worker_loop(Worker* w) noexcept nogil:
    cdef epoll_event events[MAX_EVENTS]
    cdef Client* ready[MAX_EVENTS]
    cdef int n, i, nready, timeout_ms
    cdef Handle* h
    cdef Client* c
    cdef long long now, next_clients_cron = 0
    w.next_cron_us = monotonic_us()
    while not atomic_get_int(&w.stop):
        now = monotonic_us()
        timeout_ms = <int>((w.next_cron_us - now) // 1000)
        if timeout_ms < 0:
            timeout_ms = 0
        if w.npostponed and pause_left_ms() < timeout_ms:
            timeout_ms = <int>pause_left_ms()
        if w.nblocked_keys:
            timeout_ms = <int>blocked_sleep_ms(w, timeout_ms)
        n = epoll_wait(w.epfd, events, MAX_EVENTS, timeout_ms)
        nready = 0
        for i in range(n):
            h = <Handle*>events[i].data.ptr
            if h.kind == H_CLIENT:
                c = <Client*>h
                if c.flags & CLIENT_CLOSE_ASAP:
                    continue
                if events[i].events & EPOLLOUT:
                    client_on_writable(c)
                if events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP) and client_read(c):
                    if c.flags & CLIENT_BLOCKED:
                        if c.btype == BLOCKED_KEYS:
                            continue            # input waits; collect_blocked brings it back
                        client_unblock(c)       # runs now (and is held back again if still paused)
                    ready[nready] = c
                    nready += 1
            elif h.kind == H_LISTEN or h.kind == H_LISTEN_UNIX:
                accept_clients(w, h)
            elif h.kind == H_MAILBOX:
                mailbox_drain(w)
            elif h.kind == H_SIGNAL:
                handle_signal(w)
        if w.npostponed and pause_left_ms() == 0:
            nready = collect_postponed(w, ready, nready)
        if w.nblocked_keys:
            nready = collect_blocked(w, ready, nready, MAX_EVENTS)
        # Every ready client's commands under one hold of the keyspace lock.
        if nready:
            keyspace_lock(w)
            if w.push_pending != NULL:
                deliver_pushes(w)       # messages published before these commands ran
            for i in range(nready):
                client_execute(ready[i])
            keyspace_unlock(w)
            for i in range(nready):
                client_finish_batch(ready[i])
        free_closed_clients(w)
        now = monotonic_us()
        if now >= w.next_cron_us:
            w.next_cron_us = now + 1000000 // g.cfg.hz
            if w.index == 0:
                server_cron(w)
            if now >= next_clients_cron:
                next_clients_cron = now + 1000000
                clients_cron(w)
        if w.index == 0 and atomic_get_int(&g.shutdown_asap) == 1:
            atomic_set_int(&g.shutdown_asap, 2)
            stop_all_workers()
    # Shutting down: close every client of this worker.
    while w.clients != NULL:
        free_client(w.clients)
