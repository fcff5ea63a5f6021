# The server log in Redis's line format: "pid:role dd Mon yyyy hh:mm:ss.mmm <level> msg".
cdef enum:
    LL_DEBUG = 0
    LL_VERBOSE = 1
    LL_NOTICE = 2
    LL_WARNING = 3
    LL_RAW = 1 << 10        # write msg as is, no prefix

cdef void serverlog(int level, const char* msg) noexcept nogil
cdef void serverlog_len(int level, const char* msg, size_t n) noexcept nogil
# SIGHUP: reopen the log file by its path (no-op when logging to stdout).
cdef void log_reopen() noexcept nogil
