"""Listening sockets: opened for every worker at start-up, and moved when
CONFIG SET changes `port` or `bind` while the server runs.

Every worker has its own SO_REUSEPORT socket per bind address, so the
kernel spreads new connections over the workers. Before the first socket
of an address is opened with SO_REUSEPORT, a plain bind probes the port,
so that another process already there makes us fail instead of sharing its
port. The probe is skipped when the port is the one we listen on already:
our own sockets would fail it.

At run time (listen_on, from CONFIG SET, on some worker's thread) the new
sockets are all opened first: if one that is not optional ("-addr") fails,
they are closed again and CONFIG SET fails with Redis's message, the old
sockets untouched. Otherwise each worker gets its new set through its
mailbox and closes the old one itself, so no worker's epoll set or accept
loop is changed under it.
"""
from libc.string cimport memset, memcpy, strlen, strerror
from libc.stdio cimport snprintf
from libc.errno cimport errno
from posix.unistd cimport close, unlink
from posix.stat cimport chmod
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.includes.sys cimport (socket, bind, listen, setsockopt, epoll_ctl,
    epoll_event, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLLIN, sockaddr, sockaddr_in, sockaddr_in6,
    sockaddr_un, AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_NONBLOCK, SOCK_CLOEXEC,
    SOL_SOCKET, SO_REUSEADDR, SO_REUSEPORT, IPPROTO_IPV6, IPV6_V6ONLY, htons, inet_pton)
from keydb._core.state cimport g, Worker, H_LISTEN, MAX_LISTENERS
from keydb._core.mailbox cimport mailbox_post


class ListenError(Exception):
    """A listening socket could not be created: `host`, `port`, and the
    system's reason in `reason`."""

    def __init__(self, host, port, reason):
        super().__init__(f"{host}:{port}: {reason}")
        self.host = host
        self.port = port
        self.reason = reason


cdef int tcp_listener(const char* addr, int port, int backlog, char* err,
                      int reuseport) noexcept nogil:
    cdef sockaddr_in a4
    cdef sockaddr_in6 a6
    cdef int fd, one = 1, is6 = 0
    cdef const char* host = addr
    if host[0] == 42 and host[1] == 0:          # "*"
        host = b"0.0.0.0"
    elif host[0] == 58 and host[1] == 58 and host[2] == 42 and host[3] == 0:   # "::*"
        host = b"::"
    memset(&a4, 0, sizeof(a4))
    memset(&a6, 0, sizeof(a6))
    if inet_pton(AF_INET, host, &a4.sin_addr) == 1:
        a4.sin_family = AF_INET
        a4.sin_port = htons(port)
    elif inet_pton(AF_INET6, host, &a6.sin6_addr) == 1:
        a6.sin6_family = AF_INET6
        a6.sin6_port = htons(port)
        is6 = 1
    else:
        snprintf(err, 128, b"Invalid bind address")
        return -1
    fd = socket(AF_INET6 if is6 else AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)
    if fd < 0:
        snprintf(err, 128, b"socket: %s", strerror(errno))
        return -1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(int))
    if reuseport:
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(int))
    if is6:
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(int))
    if (bind(fd, <sockaddr*>&a6, sizeof(a6)) if is6 else bind(fd, <sockaddr*>&a4, sizeof(a4))) < 0:
        snprintf(err, 128, b"bind: %s", strerror(errno))
        close(fd)
        return -1
    if backlog < 0:
        return fd
    if listen(fd, backlog) < 0:
        snprintf(err, 128, b"listen: %s", strerror(errno))
        close(fd)
        return -1
    return fd


cdef int unix_listener(const char* path, int perm, int backlog, char* err) noexcept nogil:
    cdef sockaddr_un a
    cdef int fd
    memset(&a, 0, sizeof(a))
    a.sun_family = AF_UNIX
    if strlen(path) >= sizeof(a.sun_path):
        snprintf(err, 128, b"path too long")
        return -1
    memcpy(a.sun_path, path, strlen(path))
    unlink(path)
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)
    if fd < 0 or bind(fd, <sockaddr*>&a, sizeof(a)) < 0 or listen(fd, backlog) < 0:
        snprintf(err, 128, b"%s", strerror(errno))
        if fd >= 0:
            close(fd)
        return -1
    if perm:
        chmod(path, perm)
    return fd


def bind_addresses(binds):
    """The bind list as configured, or Redis's default (every IPv4 address,
    and every IPv6 one if there is IPv6)."""
    return list(binds) or ["*", "-::*"]


def open_tcp_listeners(int port, binds, int nworkers, bint probe=True):
    """For each of nworkers workers, the fds of new listening sockets on
    `port`, one per bind address (a "-addr" that fails is left out), after
    a probe that the port is free unless `probe` is false. Port 0 gives no
    sockets. Raises ListenError after closing what it opened."""
    cdef char err[128]
    cdef int fd, i
    per_worker = [[] for _ in range(nworkers)]
    if port == 0:
        return per_worker
    try:
        for addr in bind_addresses(binds):
            optional = addr.startswith("-")
            host = addr[1:] if optional else addr
            if probe:
                # SO_REUSEPORT would let us share the port with another
                # server: first bind once without it to be sure it is free.
                fd = tcp_listener(host.encode(), port, -1, err, 0)
                if fd < 0:
                    if optional:
                        continue
                    raise ListenError(host, port, err.decode())
                close(fd)
            fds = []
            for i in range(nworkers):
                fd = tcp_listener(host.encode(), port, g.cfg.tcp_backlog, err, 1)
                if fd < 0:
                    for fd in fds:
                        close(fd)
                    if optional:
                        break
                    raise ListenError(host, port, err.decode())
                fds.append(fd)
            else:
                for i in range(nworkers):
                    per_worker[i].append(fds[i])
    except ListenError:
        for fds in per_worker:
            for fd in fds:
                close(fd)
        raise
    return per_worker


cdef void watch_listener(Worker* w, int j, int fd) noexcept nogil:
    cdef epoll_event ev
    w.listeners[j].kind = H_LISTEN
    w.listeners[j].fd = fd
    ev.events = EPOLLIN
    ev.data.ptr = &w.listeners[j]
    epoll_ctl(w.epfd, EPOLL_CTL_ADD, fd, &ev)


def install_listeners(int index, fds):
    """Start-up, before the workers run: worker `index` listens on fds."""
    cdef Worker* w = &g.workers[index]
    cdef int j
    for j, fd in enumerate(fds[:MAX_LISTENERS]):
        watch_listener(w, j, fd)
    w.nlisteners = min(len(fds), MAX_LISTENERS)


cdef struct ListenerSet:
    int n
    int fds[MAX_LISTENERS]


cdef void swap_listeners(Worker* w, void* arg) noexcept nogil:
    # Mailbox task, on w's own thread: close the old sockets, watch the new.
    # An event of an old socket still pending in this epoll round finds the
    # slot's new fd, or -1 where accept fails harmlessly.
    cdef ListenerSet* s = <ListenerSet*>arg
    cdef int j
    for j in range(w.nlisteners):
        epoll_ctl(w.epfd, EPOLL_CTL_DEL, w.listeners[j].fd, NULL)
        close(w.listeners[j].fd)
        w.listeners[j].fd = -1
    for j in range(s.n):
        watch_listener(w, j, s.fds[j])
    w.nlisteners = s.n
    zfree(s)


def listen_on(int port, binds):
    """CONFIG SET port / bind while running: open the new sockets for every
    worker, then hand each worker its set (it closes the old one). Raises
    ListenError, with nothing changed, when a required address fails."""
    cdef ListenerSet* s
    cdef int i, j
    per_worker = open_tcp_listeners(port, binds, g.nworkers, port != g.cfg.port)
    for i in range(g.nworkers):
        s = <ListenerSet*>zmalloc(sizeof(ListenerSet))
        s.n = min(len(per_worker[i]), MAX_LISTENERS)
        for j in range(s.n):
            s.fds[j] = per_worker[i][j]
        mailbox_post(&g.workers[i], swap_listeners, s)
