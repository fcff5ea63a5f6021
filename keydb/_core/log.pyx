"""Redis-format log lines written with one write(2) each (atomic for lines
under PIPE_BUF, so lines from several workers never interleave)."""
from libc.stdio cimport snprintf
from libc.string cimport strlen
from posix.unistd cimport write
from keydb._core.state cimport g
from keydb._core.includes.sys cimport timespec, clock_gettime, CLOCK_REALTIME, tm, localtime_r, strftime, time_t


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


def log(int level, msg):
    """Log from Python (start-up, shutdown) through the same writer."""
    cdef bytes b = msg.encode() if isinstance(msg, str) else msg
    serverlog_len(level, b, len(b))
