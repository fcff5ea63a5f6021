"""Redis-format log lines written with one write(2) each (atomic for lines
under PIPE_BUF, so lines from several workers never interleave); optionally
copied to syslog(3). SIGHUP reopens the log file (log_reopen)."""
from libc.stdio cimport snprintf
from libc.string cimport strlen, strerror, memcpy
from libc.errno cimport errno
from posix.unistd cimport write, close, dup2
from posix.fcntl cimport open as c_open, O_WRONLY, O_APPEND, O_CREAT, O_CLOEXEC
from keydb._core.state cimport g
from keydb._core.zmalloc cimport zmalloc
from keydb._core.includes.sys cimport timespec, clock_gettime, CLOCK_REALTIME, tm, localtime_r, strftime, time_t

cdef extern from "<syslog.h>" nogil:
    void openlog(const char* ident, int option, int facility)
    void syslog(int priority, const char* fmt, ...)
    enum: LOG_PID, LOG_NDELAY, LOG_NOWAIT, LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING
    enum: LOG_USER, LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3, LOG_LOCAL4, LOG_LOCAL5
    enum: LOG_LOCAL6, LOG_LOCAL7

cdef char* log_path = NULL      # const: the log file, NULL when logging to stdout
cdef int syslog_on = 0          # const
cdef int syslog_priority[4]
syslog_priority[:] = [LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING]


cdef void serverlog(int level, const char* msg) noexcept nogil:
    serverlog_len(level, msg, strlen(msg))


cdef void serverlog_len(int level, const char* msg, size_t n) noexcept nogil:
    cdef char line[1200]
    cdef char stamp[64]
    cdef timespec ts
    cdef tm t
    cdef int k
    cdef const char* marks = b".-*#"
    cdef int raw = level & LL_RAW
    level &= 0xff
    if level < g.verbosity:
        return
    if n > 1000:
        n = 1000
    if syslog_on:
        syslog(syslog_priority[level], b"%.*s", <int>n, msg)
    if raw:
        write(g.log_fd, msg, n)
        return
    clock_gettime(CLOCK_REALTIME, &ts)
    localtime_r(<time_t*>&ts.tv_sec, &t)
    strftime(stamp, sizeof(stamp), b"%d %b %Y %H:%M:%S.", &t)
    k = snprintf(line, sizeof(line), b"%d:M %s%03d %c %.*s\n", g.pid, stamp,
                 <int>(ts.tv_nsec // 1000000), marks[level], <int>n, msg)
    if k > <int>sizeof(line) - 1:
        k = sizeof(line) - 1
    write(g.log_fd, line, k)


cdef void log_reopen() noexcept nogil:
    # Point the log's fd at a freshly opened log_path (after logrotate moved
    # the file). dup2 swaps the file under the same fd number, so writers on
    # other threads never see a closed descriptor.
    cdef char msg[300]
    cdef int fd
    if log_path == NULL:
        return
    fd = c_open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    if fd < 0:
        snprintf(msg, sizeof(msg), b"Can't reopen the log file %s: %s", log_path, strerror(errno))
        serverlog(LL_WARNING, msg)
        return
    dup2(fd, g.log_fd)
    close(fd)
    serverlog(LL_NOTICE, b"Received SIGHUP, log file reopened")


cdef char* _copy(bytes b):
    # A NUL-terminated zmalloc'd copy that lives as long as the process.
    cdef char* p = <char*>zmalloc(len(b) + 1)
    memcpy(p, <char*>b, len(b))
    p[len(b)] = 0
    return p


def open_file(path):
    """Send the log to `path` (appending) from now on; raises OSError."""
    global log_path
    cdef bytes b = path.encode() if isinstance(path, str) else path
    cdef int fd = c_open(b, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    if fd < 0:
        raise OSError(errno, strerror(errno).decode())
    g.log_fd = fd
    log_path = _copy(b)


SYSLOG_FACILITIES = {"user": LOG_USER, "local0": LOG_LOCAL0, "local1": LOG_LOCAL1,
                     "local2": LOG_LOCAL2, "local3": LOG_LOCAL3, "local4": LOG_LOCAL4,
                     "local5": LOG_LOCAL5, "local6": LOG_LOCAL6, "local7": LOG_LOCAL7}


def enable_syslog(ident, facility):
    """Copy every log line to syslog(3) under `ident` ("local0", ... facility)."""
    global syslog_on
    cdef bytes b = ident.encode() if isinstance(ident, str) else ident
    openlog(_copy(b), LOG_PID | LOG_NDELAY | LOG_NOWAIT, SYSLOG_FACILITIES[facility])
    syslog_on = 1


def log(int level, msg):
    """Log from Python (start-up, shutdown) through the same writer."""
    cdef bytes b = msg.encode() if isinstance(msg, str) else msg
    serverlog_len(level, b, len(b))
