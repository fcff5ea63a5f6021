# Per-command latency histograms (latency-tracking): INFO latencystats and
# LATENCY HISTOGRAM. Keyspace lock. The layout is explained in latency_hist.pyx.
# Recording is inline here so that stats.pyx (imported by command.pyx) need
# not import this module, which itself walks the command table.
from libc.stdint cimport uint64_t
from libc.string cimport memset
from keydb._core.zmalloc cimport zmalloc
from keydb._core.state cimport Client, Command

cdef extern from *:
    int clzll "__builtin_clzll"(unsigned long long x) nogil

cdef enum:
    SUB_BUCKETS = 256          # exact below this value
    HALF = 128                 # buckets per power of two above it
    MAX_EXPONENT = 29          # 2^29 <= 1e9 < 2^30
    NBUCKETS = SUB_BUCKETS + (MAX_EXPONENT - 8 + 1) * HALF
    MAX_VALUE_NS = 1000000000

cdef struct LatencyHist:
    uint64_t total
    uint64_t counts[NBUCKETS]


cdef inline int bucket_of(uint64_t v) noexcept nogil:
    cdef int k
    if v < SUB_BUCKETS:
        return <int>v
    k = 63 - clzll(v)
    return SUB_BUCKETS + (k - 8) * HALF + <int>(v >> (k - 7)) - HALF


cdef inline void latency_hist_record(Command* cmd, long long duration_us) noexcept nogil:
    # Count one call of cmd that took duration_us, clamped to [1 ns, 1 s].
    cdef LatencyHist* h = <LatencyHist*>cmd.latency_hist
    cdef long long ns = duration_us * 1000
    if h == NULL:
        h = <LatencyHist*>zmalloc(sizeof(LatencyHist))
        memset(h, 0, sizeof(LatencyHist))
        cmd.latency_hist = h
    if ns < 1:
        ns = 1
    elif ns > MAX_VALUE_NS:
        ns = MAX_VALUE_NS
    h.counts[bucket_of(<uint64_t>ns)] += 1
    h.total += 1


cdef void latency_hist_reset(Command* cmd) noexcept nogil          # CONFIG RESETSTAT
# Append the INFO latencystats lines of every command with a histogram.
cdef void latency_hist_render_info(char** p, size_t* len, size_t* cap) noexcept nogil
cdef void cmd_latency_histogram(Client* c) noexcept nogil
