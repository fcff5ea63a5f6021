"""LATENCY and the latency monitor's time series.

Each event has a ring of 160 samples, one per second at most: a second
sample within the same second only raises that second's value. The event
also remembers the worst latency it ever saw. An event exists from its
first sample until LATENCY RESET removes it. Keyspace lock throughout.
"""
from libc.stdio cimport snprintf
from libc.string cimport memset, strlen
from keydb._core.state cimport g, Client
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.reply cimport (add_reply_error, add_reply_ll, add_reply_bulk,
    add_reply_array_len, add_reply_help, add_reply_verbatim)
from keydb._core.util cimport ustime

cdef enum:
    TS_LEN = 160
    MAX_EVENTS = 16

cdef struct Sample:
    long long time          # unix seconds, 0 = unused slot
    long long latency       # milliseconds

cdef struct Series:
    const char* name        # static string
    int idx                 # next slot to write
    long long max
    Sample samples[TS_LEN]

cdef Series* events[MAX_EVENTS]
cdef int nevents = 0


cdef int find_event(const char* name, size_t n) noexcept nogil:
    cdef int i
    for i in range(nevents):
        if strlen(events[i].name) == n and memcmp_eq(events[i].name, name, n):
            return i
    return -1


cdef inline int memcmp_eq(const char* a, const char* b, size_t n) noexcept nogil:
    cdef size_t i
    for i in range(n):
        if a[i] != b[i]:
            return 0
    return 1


cdef void latency_add_sample_if_needed(const char* event, long long ms) noexcept nogil:
    global nevents
    cdef long long now
    cdef int i, prev
    cdef Series* s
    if g.cfg.latency_monitor_threshold <= 0 or ms < g.cfg.latency_monitor_threshold:
        return
    i = find_event(event, strlen(event))
    if i < 0:
        if nevents == MAX_EVENTS:
            return
        s = <Series*>zmalloc(sizeof(Series))
        memset(s, 0, sizeof(Series))
        s.name = event
        events[nevents] = s
        nevents += 1
    else:
        s = events[i]
    now = ustime() // 1000000
    if ms > s.max:
        s.max = ms
    prev = (s.idx + TS_LEN - 1) % TS_LEN
    if s.samples[prev].time == now:
        if ms > s.samples[prev].latency:
            s.samples[prev].latency = ms
        return
    s.samples[s.idx].time = now
    s.samples[s.idx].latency = ms
    s.idx = (s.idx + 1) % TS_LEN


cdef void cmd_latency_latest(Client* c) noexcept nogil:
    # One [event, unix time, latency ms, worst ms] per event.
    cdef int i, last
    cdef Series* s
    add_reply_array_len(c, nevents)
    for i in range(nevents):
        s = events[i]
        last = (s.idx + TS_LEN - 1) % TS_LEN
        add_reply_array_len(c, 4)
        add_reply_bulk(c, s.name, strlen(s.name))
        add_reply_ll(c, s.samples[last].time)
        add_reply_ll(c, s.samples[last].latency)
        add_reply_ll(c, s.max)


cdef void cmd_latency_history(Client* c) noexcept nogil:
    # [unix time, latency ms] pairs of the event, oldest first.
    cdef int i = find_event(c.argv[2].ptr, c.argv[2].len), j, n = 0
    cdef Series* s
    if i < 0:
        add_reply_array_len(c, 0)
        return
    s = events[i]
    for j in range(TS_LEN):
        if s.samples[j].time != 0:
            n += 1
    add_reply_array_len(c, n)
    for j in range(TS_LEN):
        i = (s.idx + j) % TS_LEN
        if s.samples[i].time == 0:
            continue
        add_reply_array_len(c, 2)
        add_reply_ll(c, s.samples[i].time)
        add_reply_ll(c, s.samples[i].latency)


cdef void remove_event(int i) noexcept nogil:
    global nevents
    cdef int j
    zfree(events[i])
    for j in range(i, nevents - 1):
        events[j] = events[j + 1]
    nevents -= 1


cdef void cmd_latency_reset(Client* c) noexcept nogil:
    # LATENCY RESET [event ...]: drop the named events (all without names);
    # replies how many existed.
    cdef int j, i, n = 0
    if c.argc == 2:
        n = nevents
        while nevents > 0:
            remove_event(nevents - 1)
    else:
        for j in range(2, c.argc):
            i = find_event(c.argv[j].ptr, c.argv[j].len)
            if i >= 0:
                remove_event(i)
                n += 1
    add_reply_ll(c, n)


cdef void text_cat(char** p, size_t* len, size_t* cap, const char* s, int n) noexcept nogil:
    cdef int i
    if n <= 0:
        return
    if len[0] + n + 1 > cap[0]:
        cap[0] = (len[0] + n + 1) * 2
        p[0] = <char*>zrealloc(p[0], cap[0])
    for i in range(n):
        p[0][len[0] + i] = s[i]
    len[0] += n


cdef void describe_event(char** p, size_t* len, size_t* cap, int k, Series* s) noexcept nogil:
    # "k. event: N spikes (average A ms, mean deviation D ms, period P sec). Worst ever W ms."
    cdef char line[512]
    cdef int j, n = 0
    cdef long long sum = 0, first = 0, last = 0
    cdef double avg, dev = 0, period
    for j in range(TS_LEN):
        if s.samples[j].time == 0:
            continue
        n += 1
        sum += s.samples[j].latency
        if first == 0 or s.samples[j].time < first:
            first = s.samples[j].time
        if s.samples[j].time > last:
            last = s.samples[j].time
    avg = <double>sum / n if n else 0
    for j in range(TS_LEN):
        if s.samples[j].time != 0:
            dev += abs(s.samples[j].latency - avg)
    if n:
        dev /= n
    period = <double>(last - first) / (n - 1) if n > 1 else 1.0
    text_cat(p, len, cap, line, snprintf(line, sizeof(line),
        b"%d. %s: %d latency spikes (average %lldms, mean deviation %lldms, period %.2f sec). "
        b"Worst all time event %lldms.\n",
        k, s.name, n, <long long>avg, <long long>dev, period, s.max))


cdef void cmd_latency_doctor(Client* c) noexcept nogil:
    # A short plain-text report of every event, with hints.
    cdef char* p = <char*>zmalloc(256)
    cdef size_t len = 0, cap = 256
    cdef char line[256]
    cdef int i
    if nevents == 0:
        text_cat(&p, &len, &cap, line, snprintf(line, sizeof(line),
            b"No latency spike has been recorded since the server started or since the last "
            b"LATENCY RESET (latency-monitor-threshold is %lld ms%s).\n",
            g.cfg.latency_monitor_threshold,
            b", so monitoring is off" if g.cfg.latency_monitor_threshold == 0 else b""))
    else:
        text_cat(&p, &len, &cap, line, snprintf(line, sizeof(line),
            b"Latency spikes were recorded (latency-monitor-threshold is %lld ms).\n\n",
            g.cfg.latency_monitor_threshold))
        for i in range(nevents):
            describe_event(&p, &len, &cap, i + 1, events[i])
        text_cat(&p, &len, &cap, line, snprintf(line, sizeof(line),
            b"\nHints:\n\n- SLOWLOG GET lists the commands that took longest to run.\n"
            b"- Deleting or expiring very large values blocks the server; "
            b"split such values into smaller keys.\n"))
    add_reply_verbatim(c, p, len, b"txt")
    zfree(p)


cdef void cmd_latency_graph(Client* c) noexcept nogil:
    # A text chart of the event's samples, oldest on the left: a header
    # with the range, then four rows of bars ('#' tops them, '|' fills
    # below) scaled between the lowest and highest sample, a blank row, and
    # each sample's age ("12s") written downwards under its column.
    cdef int i = find_event(c.argv[2].ptr, c.argv[2].len), j, k, row, n = 0, level, lablen = 0
    cdef Series* s
    cdef Sample picked[TS_LEN]
    cdef char labels[TS_LEN][24]
    cdef char line[256]
    cdef char ch
    cdef char* p
    cdef size_t len = 0, cap = 1024
    cdef long long low = 0, high = 0, now = ustime() // 1000000
    if i < 0:
        snprintf(line, sizeof(line), b"No samples available for event '%.*s'",
                     <int>(c.argv[2].len if c.argv[2].len < 128 else 128), c.argv[2].ptr)
        add_reply_error(c, line)
        return
    s = events[i]
    for j in range(TS_LEN):
        k = (s.idx + j) % TS_LEN
        if s.samples[k].time == 0:
            continue
        picked[n] = s.samples[k]
        if n == 0 or picked[n].latency < low:
            low = picked[n].latency
        if picked[n].latency > high:
            high = picked[n].latency
        k = snprintf(labels[n], 24, b"%llds", now - picked[n].time if now > picked[n].time else 0)
        if k > lablen:
            lablen = k
        n += 1
    p = <char*>zmalloc(cap)
    text_cat(&p, &len, &cap, line, snprintf(line, sizeof(line),
        b"%s - high %lld ms, low %lld ms (all time high %lld ms)\n", s.name, high, low, s.max))
    for j in range(80):
        text_cat(&p, &len, &cap, b"-", 1)
    text_cat(&p, &len, &cap, b"\n", 1)
    for row in range(4, 0, -1):
        for j in range(n):
            level = 4 if high == low else 1 + <int>((picked[j].latency - low) * 3 // (high - low))
            ch = 35 if level == row else (124 if level > row else 32)     # '#', '|', ' '
            text_cat(&p, &len, &cap, &ch, 1)
        text_cat(&p, &len, &cap, b"\n", 1)
    for j in range(n):
        text_cat(&p, &len, &cap, b" ", 1)
    text_cat(&p, &len, &cap, b"\n", 1)
    for row in range(lablen):
        for j in range(n):
            ch = labels[j][row] if row < <int>strlen(labels[j]) else 32
            text_cat(&p, &len, &cap, &ch, 1)
        text_cat(&p, &len, &cap, b"\n", 1)
    add_reply_verbatim(c, p, len, b"txt")
    zfree(p)


cdef const char* LATENCY_HELP[15]
LATENCY_HELP[:] = [
    b"LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"DOCTOR",
    b"    Describe the recorded latency spikes in plain text.",
    b"GRAPH <event>",
    b"    Draw the samples of the <event> class as a text chart.",
    b"HISTORY <event>",
    b"    Show the [unix time, milliseconds] samples of the <event> class.",
    b"LATEST",
    b"    Show the newest sample and the worst latency of every event class.",
    b"RESET [<event> ...]",
    b"    Forget the samples of the given <event> classes",
    b"    (of every event class when none is named).",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef void cmd_latency_help(Client* c) noexcept nogil:
    add_reply_help(c, LATENCY_HELP)
