"""Error statistics and the after-command accounting hook.

Every error reply is counted by its prefix (the first word after '-', or ERR
when the text names none or its first space is beyond 32 bytes), as INFO
errorstats reports them. The table is a sorted array behind its own mutex:
protocol errors are replied outside the keyspace lock.

record_command_stats runs after every executed handler (call_command): a
command that replied an error counts as failed (rejections are counted
before the handler by execute_command), then the slow log and the latency monitor get
their chance to record it.
"""
from libc.stdio cimport snprintf
from libc.string cimport memcpy, memcmp, memmove
from keydb._core.includes.sys cimport (pthread_mutex_t, pthread_mutex_init,
    pthread_mutex_lock, pthread_mutex_unlock)
from keydb._core.zmalloc cimport zrealloc, zfree
from keydb._core.state cimport g
from keydb._core.command cimport CMD_FAST, CMD_SKIP_SLOWLOG
from keydb._core.slowlog cimport slowlog_push
from keydb._core.latency cimport latency_add_sample_if_needed
from keydb._core.latency_hist cimport latency_hist_record

cdef enum:
    PREFIX_MAX = 32     # Redis looks for the space within the first 32 bytes

cdef struct ErrorStat:
    char name[PREFIX_MAX]
    size_t len
    long long count

cdef pthread_mutex_t stats_lock
cdef ErrorStat* table = NULL
cdef int nstats = 0
cdef int stats_cap = 0
pthread_mutex_init(&stats_lock, NULL)


cdef int compare_name(const char* a, size_t an, const char* b, size_t bn) noexcept nogil:
    # Byte order, a proper prefix first (the order Redis lists them in).
    cdef int r = memcmp(a, b, an if an < bn else bn)
    if r != 0:
        return r
    return (an > bn) - (an < bn)


cdef void count_prefix(const char* name, size_t n) noexcept nogil:
    # Binary search for name; insert it with count 1 when absent.
    global table, nstats, stats_cap
    cdef int lo = 0, hi = nstats, mid, r
    while lo < hi:
        mid = (lo + hi) // 2
        r = compare_name(table[mid].name, table[mid].len, name, n)
        if r == 0:
            table[mid].count += 1
            return
        if r < 0:
            lo = mid + 1
        else:
            hi = mid
    if nstats == stats_cap:
        stats_cap = stats_cap * 2 if stats_cap else 16
        table = <ErrorStat*>zrealloc(table, sizeof(ErrorStat) * stats_cap)
    memmove(&table[lo + 1], &table[lo], sizeof(ErrorStat) * (nstats - lo))
    memcpy(table[lo].name, name, n)
    table[lo].len = n
    table[lo].count = 1
    nstats += 1


cdef void errorstats_incr(const char* s, size_t n) noexcept nogil:
    cdef size_t i, limit = n if n < PREFIX_MAX else PREFIX_MAX
    cdef const char* name = b"ERR"
    cdef size_t name_len = 3
    if n > 0 and s[0] == 45:                    # '-'
        for i in range(limit):
            if s[i] == 32:
                name = s + 1
                name_len = i - 1
                break
    pthread_mutex_lock(&stats_lock)
    count_prefix(name, name_len)
    pthread_mutex_unlock(&stats_lock)


cdef void errorstats_reset() noexcept nogil:
    global table, nstats, stats_cap
    pthread_mutex_lock(&stats_lock)
    zfree(table)
    table = NULL
    nstats = 0
    stats_cap = 0
    pthread_mutex_unlock(&stats_lock)


cdef void errorstats_render(char** p, size_t* len, size_t* cap) noexcept nogil:
    cdef char line[128]
    cdef int i, k
    pthread_mutex_lock(&stats_lock)
    for i in range(nstats):
        k = snprintf(line, sizeof(line), b"errorstat_%.*s:count=%lld\r\n",
                     <int>table[i].len, table[i].name, table[i].count)
        if len[0] + k + 1 > cap[0]:
            cap[0] = (len[0] + k + 1) * 2
            p[0] = <char*>zrealloc(p[0], cap[0])
        memcpy(p[0] + len[0], line, k)
        len[0] += k
        p[0][len[0]] = 0
    pthread_mutex_unlock(&stats_lock)


cdef void record_command_stats(Client* c, Command* cmd, long long duration_us,
                               long long errors) noexcept nogil:
    if errors > 0:
        cmd.failed_calls += 1
    if g.cfg.latency_tracking:
        latency_hist_record(cmd, duration_us)
    latency_add_sample_if_needed(b"fast-command" if cmd.flags & CMD_FAST else b"command",
                                 duration_us // 1000)
    if not (cmd.flags & CMD_SKIP_SLOWLOG):
        slowlog_push(c, duration_us)
