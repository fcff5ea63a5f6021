"""The core's Python face, used by keydb/server.py at start-up and by
CONFIG SET (config_apply).

Nothing here runs on the request path: it fills the C configuration from
keydb/config.py's typed values, creates the workers and their listening
sockets (listen.pyx), and runs the workers on Python threads that drop the
GIL at once.
"""
import os
import threading

from libc.string cimport memset, memcpy
from libc.stdint cimport uint8_t
from posix.unistd cimport close, unlink
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.includes.sys cimport (epoll_create1, epoll_ctl, epoll_event, EPOLL_CTL_ADD,
    EPOLLIN, EPOLL_CLOEXEC, eventfd, EFD_NONBLOCK, EFD_CLOEXEC, signalfd, SFD_NONBLOCK,
    SFD_CLOEXEC, sigset_t, sigemptyset, sigaddset, pthread_sigmask, SIG_BLOCK, SIGTERM, SIGINT,
    SIGHUP, SIGPIPE, pthread_mutex_init, cpu_set_t, CPU_ZERO, CPU_SET, sched_setaffinity,
    getrandom)
from keydb._core.listen cimport unix_listener
from keydb._core.log cimport LL_WARNING
from keydb._core import listen, log
from keydb._core.state cimport (g, Worker, H_LISTEN_UNIX, H_MAILBOX, H_SIGNAL,
    MAX_WORKERS, MAX_LISTENERS)
from keydb._core.dict cimport dict_seed
from keydb._core.object cimport object_init
from keydb._core.db cimport db_init
from keydb._core.ae cimport worker_loop
from keydb._core.command cimport (command_lookup_fullname, command_count, command_at,
    command_rename)
from keydb._core.state cimport Command
from keydb._core.util cimport mstime
from keydb._core cimport command_table

LOGLEVELS = {"debug": 0, "verbose": 1, "notice": 2, "warning": 3}
ENABLE_FLAGS = {"no": 0, "yes": 1, "local": 2}
# In the order of state.pxd's MaxmemoryPolicy.
MAXMEMORY_POLICIES = ("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                      "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")


cdef char* dup_cstr(s):
    # A zmalloc'd NUL-terminated copy of str/bytes s; NULL for None or empty.
    if s is None:
        return NULL
    cdef bytes b = s.encode() if isinstance(s, str) else bytes(s)
    if not b:
        return NULL
    cdef char* p = <char*>zmalloc(len(b) + 1)
    memcpy(p, <char*>b, len(b))
    p[len(b)] = 0
    return p


def init():
    """Seed the hash function, create shared objects; call once, first."""
    cdef uint8_t seed[16]
    getrandom(seed, 16, 0)
    dict_seed(seed)
    memset(&g, 0, sizeof(g))
    pthread_mutex_init(&g.lock, NULL)
    pthread_mutex_init(&g.clients_lock, NULL)
    g.pid = os.getpid()
    g.log_fd = 1
    g.verbosity = 2
    g.start_time_ms = mstime()
    g.cfg.hz = 10
    g.cfg.databases = 16
    g.cfg.threads = 1
    g.cfg.maxclients = 10000
    g.cfg.proto_max_bulk_len = 512 * 1024 * 1024
    g.cfg.client_query_buffer_limit = 1024 * 1024 * 1024
    g.cfg.active_expire_enabled = 1
    g.cfg.tcp_backlog = 511
    g.cfg.port = 6379
    g.cfg.maxmemory_policy = MAXMEMORY_POLICIES.index("noeviction")
    g.cfg.lfu_log_factor = 10
    g.cfg.lfu_decay_time = 1
    g.cfg.maxmemory_samples = 5
    g.cfg.maxmemory_eviction_tenacity = 10
    g.cfg.slowlog_log_slower_than = 10000
    g.cfg.slowlog_max_len = 128
    rid = os.urandom(20).hex().encode()
    memcpy(g.run_id, <char*>rid, 40)
    g.run_id[40] = 0
    object_init()
    command_table.command_table_fill()


def refresh_pid():
    """After a fork (daemonize) the log lines must carry the child's pid."""
    g.pid = os.getpid()


def set_paths(executable, config_file):
    g.executable = dup_cstr(executable)
    g.config_file = dup_cstr(config_file)


def config_apply(name, value):
    """Store one typed option value (from keydb/config.py) in the C config."""
    cdef int i
    if name == "port":
        if g.workers != NULL and value != g.cfg.port:
            move_listeners(value, [g.cfg.bind[i].decode() for i in range(g.cfg.nbind)],
                           "Unable to listen on this port. Check server logs.")
        g.cfg.port = value
    elif name == "tcp-backlog": g.cfg.tcp_backlog = value
    elif name == "tcp-keepalive": g.cfg.tcp_keepalive = value
    elif name == "timeout": g.cfg.timeout = value
    elif name == "maxclients": g.cfg.maxclients = value
    elif name == "server-threads": g.cfg.threads = value
    elif name == "server-thread-affinity":
        g.cfg.thread_affinity = bool(value)
        g.cfg.thread_affinity_offset = 0 if isinstance(value, bool) else value
    elif name == "databases": g.cfg.databases = value
    elif name == "requirepass":
        zfree(g.cfg.requirepass)
        g.cfg.requirepass = dup_cstr(value)
        g.cfg.requirepass_len = len(value) if value else 0
    elif name == "hz": g.cfg.hz = max(1, min(500, value))
    elif name == "proto-max-bulk-len": g.cfg.proto_max_bulk_len = value
    elif name == "client-query-buffer-limit": g.cfg.client_query_buffer_limit = value
    elif name == "enable-debug-command": g.cfg.enable_debug_cmd = _enable_flag(value)
    elif name == "enable-protected-configs": g.cfg.enable_protected_configs = _enable_flag(value)
    elif name == "enable-module-command": g.cfg.enable_module_cmd = _enable_flag(value)
    elif name == "loglevel":
        g.cfg.loglevel = LOGLEVELS.get(value, 2) if isinstance(value, str) else value
        g.verbosity = g.cfg.loglevel
    elif name == "unixsocket":
        zfree(g.cfg.unixsocket)
        g.cfg.unixsocket = dup_cstr(value)
    elif name == "unixsocketperm": g.cfg.unixsocketperm = value
    elif name == "bind":
        addrs = value.split() if isinstance(value, str) else list(value)
        if g.workers != NULL:
            move_listeners(g.cfg.port, addrs, "Failed to bind to specified addresses.")
        for i in range(g.cfg.nbind):
            zfree(g.cfg.bind[i])
        g.cfg.nbind = min(len(addrs), MAX_LISTENERS)
        for i in range(g.cfg.nbind):
            g.cfg.bind[i] = dup_cstr(addrs[i])
    elif name == "protected-mode": g.cfg.protected_mode = bool(value)
    elif name == "maxmemory": g.cfg.maxmemory = value
    elif name == "maxmemory-policy": g.cfg.maxmemory_policy = MAXMEMORY_POLICIES.index(value)
    elif name == "lfu-log-factor": g.cfg.lfu_log_factor = value
    elif name == "lfu-decay-time": g.cfg.lfu_decay_time = value
    elif name == "maxmemory-samples": g.cfg.maxmemory_samples = value
    elif name == "maxmemory-eviction-tenacity": g.cfg.maxmemory_eviction_tenacity = value
    elif name == "slowlog-log-slower-than": g.cfg.slowlog_log_slower_than = value
    elif name == "slowlog-max-len": g.cfg.slowlog_max_len = value
    elif name == "latency-monitor-threshold": g.cfg.latency_monitor_threshold = value
    elif name == "latency-tracking": g.cfg.latency_tracking = bool(value)
    elif name == "activerehashing": g.cfg.active_rehashing = bool(value)
    elif name == "active-expire-effort": g.cfg.active_expire_effort = value
    elif name == "latency-tracking-info-percentiles":
        zfree(g.cfg.latency_percentiles)
        g.cfg.n_latency_percentiles = len(value)
        g.cfg.latency_percentiles = <double*>zmalloc(sizeof(double) * (len(value) or 1))
        for i in range(len(value)):
            g.cfg.latency_percentiles[i] = value[i]
    elif name == "hash-max-listpack-entries": g.cfg.hash_max_listpack_entries = value
    elif name == "hash-max-listpack-value": g.cfg.hash_max_listpack_value = value
    elif name == "set-max-intset-entries": g.cfg.set_max_intset_entries = value
    elif name == "zset-max-listpack-entries": g.cfg.zset_max_listpack_entries = value
    elif name == "zset-max-listpack-value": g.cfg.zset_max_listpack_value = value
    elif name == "list-max-listpack-size": g.cfg.list_max_listpack_size = value
    elif name == "list-compress-depth": g.cfg.list_compress_depth = value
    elif name == "client-output-buffer-limit":
        g.cfg.obuf_hard_normal, g.cfg.obuf_soft_normal, g.cfg.obuf_soft_secs_normal = \
            value["normal"]
        g.cfg.obuf_hard_pubsub, g.cfg.obuf_soft_pubsub, g.cfg.obuf_soft_secs_pubsub = \
            value["pubsub"]
    else:
        return False
    return True


def move_listeners(port, binds, failure):
    """CONFIG SET port/bind at run time: listen on the new addresses (see
    listen.pyx), or log why not and raise with Redis's CONFIG SET reason."""
    try:
        listen.listen_on(port, binds)
    except listen.ListenError as e:
        log.log(LL_WARNING, f"Warning: Could not create server TCP listening socket "
                            f"{e.host}:{e.port}: {e.reason}")
        raise RuntimeError(failure) from None


def _enable_flag(value):
    if isinstance(value, str):
        return ENABLE_FLAGS.get(value, 0)
    return int(value)


class ListenError(Exception):
    """The server cannot listen as configured; the text is Redis's log lines."""


cdef void watch(Worker* w, void* handle, int fd):
    cdef epoll_event ev
    ev.events = EPOLLIN
    ev.data.ptr = handle
    epoll_ctl(w.epfd, EPOLL_CTL_ADD, fd, &ev)


def setup_workers():
    """Create the databases, workers, listeners, mailboxes and the signalfd.

    Blocks SIGTERM/SIGINT/SIGHUP in the calling thread (so the worker threads
    inherit the mask) and routes them to worker 0's signalfd. Raises ListenError.
    """
    cdef int i, j, fd, n = max(1, min(MAX_WORKERS, g.cfg.threads))
    cdef Worker* w
    cdef sigset_t mask
    cdef char err[128]
    cdef list binds = [g.cfg.bind[j].decode() for j in range(g.cfg.nbind)]
    db_init(g.cfg.databases)
    g.nworkers = n
    g.workers = <Worker*>zmalloc(sizeof(Worker) * n)
    memset(g.workers, 0, sizeof(Worker) * n)
    sigemptyset(&mask)
    sigaddset(&mask, SIGTERM)
    sigaddset(&mask, SIGINT)
    sigaddset(&mask, SIGHUP)
    sigaddset(&mask, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &mask, NULL)
    for i in range(n):
        w = &g.workers[i]
        w.index = i
        w.epfd = epoll_create1(EPOLL_CLOEXEC)
        pthread_mutex_init(&w.mbox_lock, NULL)
        pthread_mutex_init(&w.push_lock, NULL)
        w.mailbox.kind = H_MAILBOX
        w.mailbox.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)
        watch(w, &w.mailbox, w.mailbox.fd)
        w.signals.fd = -1
        w.unix_listener.fd = -1
    try:
        per_worker = listen.open_tcp_listeners(g.cfg.port, binds, n)
    except listen.ListenError as e:
        raise ListenError(f"Warning: Could not create server TCP listening socket "
                          f"{e.host}:{e.port}: {e.reason}\n"
                          f"Failed listening on port {e.port} (tcp), aborting.") from None
    if g.cfg.port != 0 and not per_worker[0]:
        raise ListenError(f"Failed listening on port {g.cfg.port} (tcp), aborting.")
    for i in range(n):
        listen.install_listeners(i, per_worker[i])
    w = &g.workers[0]
    if g.cfg.unixsocket != NULL:
        fd = unix_listener(g.cfg.unixsocket, g.cfg.unixsocketperm, g.cfg.tcp_backlog, err)
        if fd < 0:
            raise ListenError(f"Failed opening Unix socket: {err.decode()}")
        w.unix_listener.kind = H_LISTEN_UNIX
        w.unix_listener.fd = fd
        watch(w, &w.unix_listener, fd)
    sigemptyset(&mask)
    sigaddset(&mask, SIGTERM)
    sigaddset(&mask, SIGINT)
    sigaddset(&mask, SIGHUP)
    w.signals.kind = H_SIGNAL
    w.signals.fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)
    watch(w, &w.signals, w.signals.fd)


def worker_main(int index):
    """Thread entry: pin if asked, drop the GIL, run the loop until stop."""
    cdef Worker* w = &g.workers[index]
    cdef cpu_set_t cpus
    if g.cfg.thread_affinity:
        CPU_ZERO(&cpus)
        CPU_SET((g.cfg.thread_affinity_offset + index) % (os.cpu_count() or 1), &cpus)
        sched_setaffinity(0, sizeof(cpu_set_t), &cpus)
    with nogil:
        worker_loop(w)


def run_workers():
    """Run every worker on its own thread and wait for all of them to stop."""
    threads = [threading.Thread(target=worker_main, args=(i,), name=f"keydb-worker-{i}",
                                daemon=True) for i in range(g.nworkers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def close_listeners():
    cdef int i, j
    for i in range(g.nworkers):
        for j in range(g.workers[i].nlisteners):
            close(g.workers[i].listeners[j].fd)
        if g.workers[i].unix_listener.fd >= 0:
            close(g.workers[i].unix_listener.fd)
    if g.cfg.unixsocket != NULL:
        unlink(g.cfg.unixsocket)


def shutdown_exit_code():
    return g.shutdown_exit_code


def registered_commands():
    """Full names ("get", "client|id") of every command in the table."""
    cdef int i, j
    cdef Command* cmd
    names = set()
    for i in range(command_count()):
        cmd = command_at(i)
        names.add(cmd.fullname.decode())
        for j in range(cmd.nsubs):
            names.add(cmd.subs[j].fullname.decode())
    return names


def rename_command(old, new):
    """rename-command: `old` answers to `new` from now on ("" disables it).
    Raises ValueError with Redis's config error text."""
    cdef bytes o = old.encode() if isinstance(old, str) else old
    cdef bytes n = new.encode() if isinstance(new, str) else new
    cdef int rc = command_rename(o, len(o), n, len(n))
    if rc == -1:
        raise ValueError("No such command in rename-command")
    if rc == -2:
        raise ValueError("Target command name already exists")


def set_command_blobs(name, info2, info3, docs2, docs3):
    """Attach the precomputed COMMAND INFO/DOCS encodings to a command."""
    cdef bytes n = name.encode() if isinstance(name, str) else name
    cdef Command* cmd = command_lookup_fullname(n, len(n))
    if cmd == NULL:
        return False
    cmd.info_blob[0] = dup_cstr(info2)
    cmd.info_len[0] = len(info2)
    cmd.info_blob[1] = dup_cstr(info3)
    cmd.info_len[1] = len(info3)
    cmd.docs_blob[0] = dup_cstr(docs2)
    cmd.docs_len[0] = len(docs2)
    cmd.docs_blob[1] = dup_cstr(docs3)
    cmd.docs_len[1] = len(docs3)
    return True
