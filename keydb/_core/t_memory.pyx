"""MEMORY: per-key usage, the server's memory breakdown, and allocator access.

Byte counts are the allocator's usable sizes (zmalloc), so MEMORY USAGE of a
key is its entry in the key table plus its value object. The allocator's own
report and purge go through jemalloc's entry points when jemalloc is live
(found with dlsym, as zmalloc names it); with libc there is no report and a
purge is malloc_trim.
"""
from libc.stdio cimport snprintf
from libc.string cimport memcpy, strlen
from keydb._core.includes.sys cimport dlsym, RTLD_DEFAULT, pthread_mutex_lock, pthread_mutex_unlock
from keydb._core.zmalloc cimport (zmalloc, zrealloc, zfree, zmalloc_size, zmalloc_used_memory,
    zmalloc_get_rss)
from keydb._core.state cimport g, Client, Db
from keydb._core.dict cimport DictEntry, dict_find, dict_size, dict_buckets
from keydb._core.object cimport RObj, object_memory_sampled
from keydb._core.db cimport lookup_key, LOOKUP_NOTOUCH
from keydb._core.reply cimport (add_reply_ok, add_reply_ll, add_reply_null, add_reply_map_len,
    add_reply_bulk_cstr, add_reply_double, add_reply_verbatim, add_reply_help,
    add_reply_syntax_error, add_reply_not_integer, add_reply_deferred_len, set_deferred_map_len)
from keydb._core.util cimport string2ll, eq_nocase

cdef extern from "<malloc.h>" nogil:
    int malloc_trim(size_t pad)

ctypedef void (*stats_write_fn)(void* opaque, const char* s) noexcept nogil
ctypedef void (*malloc_stats_print_fn)(stats_write_fn w, void* opaque, const char* opts) noexcept nogil
ctypedef int (*mallctl_fn)(const char*, void*, size_t*, void*, size_t) noexcept nogil

cdef enum:
    DICT_ENTRY_COST = 24      # per-key table entry and pointer, as MEMORY STATS counts them
    OBJ_HEADER_COST = 16
    DOCTOR_MIN_BYTES = 5 * 1024 * 1024

cdef const char* MEMORY_HELP[15]
MEMORY_HELP[:] = [
    b"MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"DOCTOR",
    b"    Report memory problems in plain words.",
    b"MALLOC-STATS",
    b"    Return the memory allocator's own statistics report.",
    b"PURGE",
    b"    Ask the allocator to give unused pages back to the system.",
    b"STATS",
    b"    Return a breakdown of the server's memory use.",
    b"USAGE <key> [SAMPLES <count>]",
    b"    Return the bytes used by <key> and its value. Nested values are",
    b"    sampled up to <count> times (default: 5, 0 means sample all).",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef void cmd_memory_help(Client* c) noexcept nogil:
    add_reply_help(c, MEMORY_HELP)


cdef void cmd_memory_usage(Client* c) noexcept nogil:
    # MEMORY USAGE key [SAMPLES count]: options are checked before the key.
    # SAMPLES bounds the elements sampled in aggregate values; a string has none.
    cdef long long samples = 5
    cdef int j = 3
    cdef RObj* o
    cdef DictEntry* e
    while j < c.argc:
        if eq_nocase(c.argv[j].ptr, c.argv[j].len, b"samples") and j + 1 < c.argc:
            if not string2ll(c.argv[j + 1].ptr, c.argv[j + 1].len, &samples):
                add_reply_not_integer(c)
                return
            if samples < 0:
                add_reply_syntax_error(c)
                return
            j += 2
        else:
            add_reply_syntax_error(c)
            return
    o = lookup_key(c.db, c.argv[2].ptr, c.argv[2].len, LOOKUP_NOTOUCH)
    if o == NULL:
        add_reply_null(c)
        return
    e = dict_find(c.db.keys, c.argv[2].ptr, c.argv[2].len)
    add_reply_ll(c, <long long>(object_memory_sampled(o, <size_t>samples) + zmalloc_size(e)))


cdef long long clients_memory() noexcept nogil:
    # Buffers of every connected client, read racily as CLIENT LIST does.
    cdef long long n = 0
    cdef Client* cl
    pthread_mutex_lock(&g.clients_lock)
    cl = g.clients_head
    while cl != NULL:
        n += <long long>(sizeof(Client) + cl.qcap + cl.ocap + <size_t>cl.args_cap * sizeof(cl.args[0]))
        cl = cl.gnext
    pthread_mutex_unlock(&g.clients_lock)
    return n


cdef inline long long table_overhead(Db* db, int expires) noexcept nogil:
    if expires:
        return <long long>(dict_size(db.expires) * DICT_ENTRY_COST + dict_buckets(db.expires) * 8)
    return <long long>(dict_size(db.keys) * (DICT_ENTRY_COST + OBJ_HEADER_COST)
                       + dict_buckets(db.keys) * 8)


cdef inline void stat_ll(Client* c, const char* name, long long v) noexcept nogil:
    add_reply_bulk_cstr(c, name)
    add_reply_ll(c, v)


cdef inline void stat_double(Client* c, const char* name, double v) noexcept nogil:
    add_reply_bulk_cstr(c, name)
    add_reply_double(c, v)


cdef void cmd_memory_stats(Client* c) noexcept nogil:
    # Redis's field names and order; the figures are ours (no replication,
    # AOF, Lua or functions yet, so those are 0).
    cdef long long used = zmalloc_used_memory()
    cdef long long rss = <long long>zmalloc_get_rss()
    cdef long long clients = clients_memory()
    cdef long long overhead = clients, main, expires, keys = 0, dataset
    cdef size_t at
    cdef int i, ndb = 0
    cdef char name[32]
    cdef Db* db
    if used > g.stat_peak_memory:
        g.stat_peak_memory = used
    at = add_reply_deferred_len(c)
    stat_ll(c, b"peak.allocated", g.stat_peak_memory)
    stat_ll(c, b"total.allocated", used)
    stat_ll(c, b"startup.allocated", 0)
    stat_ll(c, b"replication.backlog", 0)
    stat_ll(c, b"clients.slaves", 0)
    stat_ll(c, b"clients.normal", clients)
    stat_ll(c, b"cluster.links", 0)
    stat_ll(c, b"aof.buffer", 0)
    stat_ll(c, b"lua.caches", 0)
    stat_ll(c, b"functions.caches", 0)
    for i in range(g.cfg.databases):
        db = &g.dbs[i]
        if dict_size(db.keys) == 0:
            continue
        main = table_overhead(db, 0)
        expires = table_overhead(db, 1)
        overhead += main + expires
        keys += <long long>dict_size(db.keys)
        snprintf(name, sizeof(name), b"db.%d", i)
        add_reply_bulk_cstr(c, name)
        add_reply_map_len(c, 3)
        stat_ll(c, b"overhead.hashtable.main", main)
        stat_ll(c, b"overhead.hashtable.expires", expires)
        stat_ll(c, b"overhead.hashtable.slot-to-keys", 0)
        ndb += 1
    dataset = used - overhead if used > overhead else 0
    stat_ll(c, b"overhead.total", overhead)
    stat_ll(c, b"keys.count", keys)
    stat_ll(c, b"keys.bytes-per-key", used // keys if keys else 0)
    stat_ll(c, b"dataset.bytes", dataset)
    stat_double(c, b"dataset.percentage", dataset * 100.0 / used if used else 0)
    stat_double(c, b"peak.percentage", used * 100.0 / g.stat_peak_memory if g.stat_peak_memory else 0)
    stat_ll(c, b"allocator.allocated", used)
    stat_ll(c, b"allocator.active", used)
    stat_ll(c, b"allocator.resident", rss)
    stat_double(c, b"allocator-fragmentation.ratio", 1.0)
    stat_ll(c, b"allocator-fragmentation.bytes", 0)
    stat_double(c, b"allocator-rss.ratio", <double>rss / used if used else 0)
    stat_ll(c, b"allocator-rss.bytes", rss - used)
    stat_double(c, b"rss-overhead.ratio", 1.0)
    stat_ll(c, b"rss-overhead.bytes", 0)
    stat_double(c, b"fragmentation", <double>rss / used if used else 0)
    stat_ll(c, b"fragmentation.bytes", rss - used)
    set_deferred_map_len(c, at, 27 + ndb)


cdef void cmd_memory_doctor(Client* c) noexcept nogil:
    cdef char buf[512]
    cdef long long used = zmalloc_used_memory()
    cdef long long rss = <long long>zmalloc_get_rss()
    cdef int n
    if used < DOCTOR_MIN_BYTES:
        n = snprintf(buf, sizeof(buf), b"This instance holds too little data for a memory "
                     b"diagnosis; ask again once it stores more.\n")
    elif g.stat_peak_memory > used + used // 2:
        n = snprintf(buf, sizeof(buf), b"Peak memory (%lld bytes) is well above current use "
                     b"(%lld bytes): a burst came and went, and the freed pages may still be "
                     b"held; MEMORY PURGE can return some of them.\n", g.stat_peak_memory, used)
    elif rss > used + used // 2 + 10 * 1024 * 1024:
        n = snprintf(buf, sizeof(buf), b"The resident set (%lld bytes) is much larger than "
                     b"the data (%lld bytes): memory is fragmented; MEMORY PURGE may help.\n",
                     rss, used)
    else:
        n = snprintf(buf, sizeof(buf), b"No memory problems found.\n")
    add_reply_verbatim(c, buf, <size_t>n, b"txt")


cdef struct TextBuf:
    char* p
    size_t len
    size_t cap


cdef void text_append(void* opaque, const char* s) noexcept nogil:
    cdef TextBuf* b = <TextBuf*>opaque
    cdef size_t n = strlen(s)
    if b.len + n > b.cap:
        b.cap = (b.len + n) * 2
        b.p = <char*>zrealloc(b.p, b.cap)
    memcpy(b.p + b.len, s, n)
    b.len += n


cdef void cmd_memory_malloc_stats(Client* c) noexcept nogil:
    cdef malloc_stats_print_fn print_stats = <malloc_stats_print_fn>dlsym(
        RTLD_DEFAULT, b"malloc_stats_print")
    cdef TextBuf b
    cdef const char* none = b"Stats not supported for the current allocator"
    if dlsym(RTLD_DEFAULT, b"mallctl") == NULL or print_stats == NULL:
        add_reply_verbatim(c, none, strlen(none), b"txt")
        return
    b.p = NULL
    b.len = 0
    b.cap = 0
    print_stats(text_append, &b, NULL)
    if b.p == NULL:
        add_reply_verbatim(c, none, 0, b"txt")
        return
    add_reply_verbatim(c, b.p, b.len, b"txt")
    zfree(b.p)


cdef void cmd_memory_purge(Client* c) noexcept nogil:
    # jemalloc: purge every arena (MALLCTL_ARENAS_ALL); libc: trim the heap.
    cdef mallctl_fn mallctl = <mallctl_fn>dlsym(RTLD_DEFAULT, b"mallctl")
    if mallctl != NULL:
        mallctl(b"arena.4096.purge", NULL, NULL, NULL, 0)
    else:
        malloc_trim(0)
    add_reply_ok(c)
