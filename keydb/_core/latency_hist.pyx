"""Per-command latency histograms, as Redis 7.0's latency tracking.

Each command gets, on its first call with latency-tracking on, a histogram
of call durations in nanoseconds over [1 ns, 1 s] (longer calls count as
1 s) with two significant digits, laid out as HdrHistogram lays out such a
range: values under 256 have a bucket each; from 2^k (k >= 8) to 2^(k+1)
the 128 buckets are 2^(k-7) wide. Durations are measured in microseconds,
so a value is a multiple of 1000 ns and the reported figures (a bucket's
highest value, in microseconds with three decimals: 1 us reads 1.003) come
out as Redis prints them.

INFO latencystats prints the configured percentiles of each histogram;
LATENCY HISTOGRAM reports cumulative counts at power-of-two steps from
1024 ns, as Redis's logarithmic iteration does.
"""
from libc.stdint cimport uint64_t
from libc.string cimport memset, strlen, memcpy
from libc.stdio cimport snprintf
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.state cimport g, Client, Command
from keydb._core.command cimport command_count, command_at, command_lookup_fullname
from keydb._core.reply cimport (add_reply_map_len, add_reply_bulk_cstr, add_reply_ll,
    add_reply_deferred_len, set_deferred_map_len)

cdef inline uint64_t lowest_of(int i) noexcept nogil:
    cdef int k
    if i < SUB_BUCKETS:
        return <uint64_t>i
    k = 8 + (i - SUB_BUCKETS) // HALF
    return <uint64_t>(HALF + (i - SUB_BUCKETS) % HALF) << (k - 7)


cdef inline uint64_t highest_of(int i) noexcept nogil:
    cdef int k
    if i < SUB_BUCKETS:
        return <uint64_t>i
    k = 8 + (i - SUB_BUCKETS) // HALF
    return lowest_of(i) + (<uint64_t>1 << (k - 7)) - 1


cdef void latency_hist_reset(Command* cmd) noexcept nogil:
    zfree(cmd.latency_hist)
    cmd.latency_hist = NULL


cdef uint64_t value_at_percentile(LatencyHist* h, double p) noexcept nogil:
    # HdrHistogram's rule: the first bucket whose running count reaches
    # round(p% of total) (at least 1); its lowest value for p = 0, else its highest.
    cdef double want_d = (p if p < 100.0 else 100.0) / 100.0 * <double>h.total + 0.5
    cdef uint64_t want = <uint64_t>want_d
    cdef uint64_t running = 0
    cdef int i
    if want < 1:
        want = 1
    for i in range(NBUCKETS):
        running += h.counts[i]
        if running >= want:
            return lowest_of(i) if p == 0.0 else highest_of(i)
    return 0


cdef int format_percentile(char* out, size_t cap, double p) noexcept nogil:
    # "%f" with trailing zeros (and a bare dot) trimmed: 50, 99.9, 12.5.
    cdef int n = snprintf(out, cap, b"%f", p)
    while n > 1 and out[n - 1] == 48:      # '0'
        n -= 1
    if n > 1 and out[n - 1] == 46:         # '.'
        n -= 1
    out[n] = 0
    return n


cdef void cat(char** p, size_t* len, size_t* cap, const char* s, size_t n) noexcept nogil:
    if len[0] + n + 1 > cap[0]:
        cap[0] = (len[0] + n + 1) * 2
        p[0] = <char*>zrealloc(p[0], cap[0])
    memcpy(p[0] + len[0], s, n)
    len[0] += n
    p[0][len[0]] = 0


cdef void render_one(char** p, size_t* len, size_t* cap, Command* cmd) noexcept nogil:
    cdef LatencyHist* h = <LatencyHist*>cmd.latency_hist
    cdef char line[256]
    cdef char pct[64]
    cdef int i, n
    if h == NULL:
        return
    n = snprintf(line, sizeof(line), b"latency_percentiles_usec_%s:", cmd.fullname)
    cat(p, len, cap, line, n)
    for i in range(g.cfg.n_latency_percentiles):
        format_percentile(pct, sizeof(pct), g.cfg.latency_percentiles[i])
        n = snprintf(line, sizeof(line), b"%sp%s=%.3f", b"," if i else b"", pct,
                     <double>value_at_percentile(h, g.cfg.latency_percentiles[i]) / 1000.0)
        cat(p, len, cap, line, n)
    cat(p, len, cap, b"\r\n", 2)


cdef void latency_hist_render_info(char** p, size_t* len, size_t* cap) noexcept nogil:
    cdef int i, j
    cdef Command* cmd
    for i in range(command_count()):
        cmd = command_at(i)
        render_one(p, len, cap, cmd)
        for j in range(cmd.nsubs):
            render_one(p, len, cap, cmd.subs[j])


cdef void reply_histogram(Client* c, Command* cmd) noexcept nogil:
    # name => {calls, histogram_usec => {step_usec: cumulative count}}, the
    # steps at 1024 ns * 2^k that add calls.
    cdef LatencyHist* h = <LatencyHist*>cmd.latency_hist
    cdef size_t at
    cdef uint64_t level = 1024, running = 0, previous = 0
    cdef int i = 0, last, steps = 0
    add_reply_bulk_cstr(c, cmd.fullname)
    add_reply_map_len(c, 2)
    add_reply_bulk_cstr(c, b"calls")
    add_reply_ll(c, <long long>h.total)
    add_reply_bulk_cstr(c, b"histogram_usec")
    at = add_reply_deferred_len(c)
    while running < h.total:
        last = bucket_of(level if level < MAX_VALUE_NS else MAX_VALUE_NS)
        while i <= last:
            running += h.counts[i]
            i += 1
        if running > previous:
            add_reply_ll(c, <long long>(highest_of(last) // 1000))
            add_reply_ll(c, <long long>running)
            steps += 1
        previous = running
        if level >= MAX_VALUE_NS:
            break
        level *= 2
    set_deferred_map_len(c, at, steps)


cdef int histogram_count(Command* cmd) noexcept nogil:
    # How many of cmd and its subcommands have a histogram.
    cdef int j, n = 1 if cmd.latency_hist != NULL else 0
    for j in range(cmd.nsubs):
        if cmd.subs[j].latency_hist != NULL:
            n += 1
    return n


cdef void reply_command_and_subs(Client* c, Command* cmd) noexcept nogil:
    cdef int j
    if cmd.latency_hist != NULL:
        reply_histogram(c, cmd)
    for j in range(cmd.nsubs):
        if cmd.subs[j].latency_hist != NULL:
            reply_histogram(c, cmd.subs[j])


cdef void cmd_latency_histogram(Client* c) noexcept nogil:
    # LATENCY HISTOGRAM [command ...]: every tracked command, or the named
    # ones (a container brings its subcommands); unknown names are skipped.
    cdef int i, j, n = 0
    cdef Command* cmd
    cdef size_t at = add_reply_deferred_len(c)
    if c.argc == 2:
        for i in range(command_count()):
            cmd = command_at(i)
            n += histogram_count(cmd)
            reply_command_and_subs(c, cmd)
    else:
        for j in range(2, c.argc):
            cmd = command_lookup_fullname(c.argv[j].ptr, c.argv[j].len)
            if cmd == NULL:
                continue
            n += histogram_count(cmd)
            reply_command_and_subs(c, cmd)
    set_deferred_map_len(c, at, n)
