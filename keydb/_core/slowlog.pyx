"""SLOWLOG and the slow log it reads.

An entry keeps a copy of what the command looked like: at most 32
arguments (the last one then says how many more there were), each cut at 128
bytes with a note of how many bytes were left out, and secrets (AUTH and
HELLO passwords, CONFIG SET of a sensitive option) replaced by "(redacted)".
Entries form a list, newest at the head; the oldest are dropped once the
list is longer than slowlog-max-len. Everything here runs under the keyspace
lock.
"""
from libc.stdio cimport snprintf
from libc.string cimport memcpy
from keydb._core.state cimport g, Client
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.reply cimport (add_reply_ok, add_reply_error, add_reply_ll, add_reply_bulk,
    add_reply_array_len, add_reply_help, reply_subcommand_syntax_error)
from keydb._core.util cimport eq_nocase, string2ll, ustime

cdef enum:
    MAX_ARGC = 32
    MAX_STRING = 128

cdef struct SlowArg:
    char* ptr
    size_t len

cdef struct Entry:
    long long id
    long long time          # unix seconds
    long long duration      # microseconds
    int argc
    SlowArg* argv
    char* peer
    char* name
    size_t name_len
    Entry* next             # older
    Entry* prev             # newer

cdef Entry* head = NULL     # newest
cdef Entry* tail = NULL     # oldest
cdef long long length = 0
cdef long long next_id = 0


cdef char* copy_bytes(const char* p, size_t n) noexcept nogil:
    cdef char* s = <char*>zmalloc(n + 1)
    memcpy(s, p, n)
    s[n] = 0
    return s


cdef void set_arg(SlowArg* a, const char* p, size_t n) noexcept nogil:
    a.ptr = copy_bytes(p, n)
    a.len = n


cdef int is_sensitive_option(const char* p, size_t n) noexcept nogil:
    return (eq_nocase(p, n, b"requirepass") or eq_nocase(p, n, b"masterauth")
            or eq_nocase(p, n, b"tls-key-file-pass")
            or eq_nocase(p, n, b"tls-client-key-file-pass"))


cdef int arg_redacted(Client* c, int j) noexcept nogil:
    # Whether argv[j] is a secret the log must not keep.
    cdef const char* name = c.cmd.fullname
    cdef int i
    if eq_nocase(name, len_of(name), b"auth"):
        return j >= 1
    if eq_nocase(name, len_of(name), b"hello"):
        i = 2
        while i < c.argc:
            if eq_nocase(c.argv[i].ptr, c.argv[i].len, b"auth") and i + 2 < c.argc:
                if j == i + 1 or j == i + 2:
                    return 1
                i += 3
            elif eq_nocase(c.argv[i].ptr, c.argv[i].len, b"setname") and i + 1 < c.argc:
                i += 2
            else:
                break
        return 0
    if eq_nocase(name, len_of(name), b"config|set"):
        return j >= 3 and j % 2 == 1 and is_sensitive_option(c.argv[j - 1].ptr, c.argv[j - 1].len)
    return 0


cdef inline size_t len_of(const char* s) noexcept nogil:
    cdef size_t n = 0
    while s[n] != 0:
        n += 1
    return n


cdef Entry* entry_create(Client* c, long long duration_us) noexcept nogil:
    cdef Entry* e = <Entry*>zmalloc(sizeof(Entry))
    cdef int j, argc = c.argc if c.argc <= MAX_ARGC else MAX_ARGC
    cdef char buf[MAX_STRING + 64]
    cdef int k
    e.id = next_id
    e.time = ustime() // 1000000
    e.duration = duration_us
    e.argc = argc
    e.argv = <SlowArg*>zmalloc(sizeof(SlowArg) * argc)
    for j in range(argc):
        if argc != c.argc and j == argc - 1:
            k = snprintf(buf, sizeof(buf), b"... (%d more arguments)", c.argc - argc + 1)
            set_arg(&e.argv[j], buf, k)
        elif arg_redacted(c, j):
            set_arg(&e.argv[j], b"(redacted)", 10)
        elif c.argv[j].len > MAX_STRING:
            memcpy(buf, c.argv[j].ptr, MAX_STRING)
            k = snprintf(buf + MAX_STRING, sizeof(buf) - MAX_STRING, b"... (%zu more bytes)",
                         c.argv[j].len - MAX_STRING)
            set_arg(&e.argv[j], buf, MAX_STRING + k)
        else:
            set_arg(&e.argv[j], c.argv[j].ptr, c.argv[j].len)
    e.peer = copy_bytes(c.addr, len_of(c.addr))
    e.name = copy_bytes(c.name, c.namelen) if c.name != NULL else copy_bytes(b"", 0)
    e.name_len = c.namelen if c.name != NULL else 0
    return e


cdef void entry_free(Entry* e) noexcept nogil:
    cdef int j
    for j in range(e.argc):
        zfree(e.argv[j].ptr)
    zfree(e.argv)
    zfree(e.peer)
    zfree(e.name)
    zfree(e)


cdef void drop_oldest() noexcept nogil:
    global head, tail, length
    cdef Entry* e = tail
    tail = e.prev
    if tail != NULL:
        tail.next = NULL
    else:
        head = NULL
    length -= 1
    entry_free(e)


cdef void slowlog_push(Client* c, long long duration_us) noexcept nogil:
    global head, tail, length, next_id
    cdef Entry* e
    if g.cfg.slowlog_log_slower_than < 0:
        return
    if duration_us >= g.cfg.slowlog_log_slower_than:
        e = entry_create(c, duration_us)
        next_id += 1
        e.prev = NULL
        e.next = head
        if head != NULL:
            head.prev = e
        else:
            tail = e
        head = e
        length += 1
    while length > g.cfg.slowlog_max_len:
        drop_oldest()


cdef void cmd_slowlog_get(Client* c) noexcept nogil:
    # SLOWLOG GET [count]: the newest count entries (10 by default, -1 all).
    cdef long long count = 10, j
    cdef Entry* e = head
    if c.argc > 3:
        reply_subcommand_syntax_error(c)
        return
    if c.argc == 3:
        if not string2ll(c.argv[2].ptr, c.argv[2].len, &count) or count < -1:
            add_reply_error(c, b"count should be greater than or equal to -1")
            return
        if count == -1:
            count = length
    if count > length:
        count = length
    add_reply_array_len(c, count)
    while count > 0:
        add_reply_array_len(c, 6)
        add_reply_ll(c, e.id)
        add_reply_ll(c, e.time)
        add_reply_ll(c, e.duration)
        add_reply_array_len(c, e.argc)
        for j in range(e.argc):
            add_reply_bulk(c, e.argv[j].ptr, e.argv[j].len)
        add_reply_bulk(c, e.peer, len_of(e.peer))
        add_reply_bulk(c, e.name, e.name_len)
        e = e.next
        count -= 1


cdef void cmd_slowlog_len(Client* c) noexcept nogil:
    add_reply_ll(c, length)


cdef void cmd_slowlog_reset(Client* c) noexcept nogil:
    while head != NULL:
        drop_oldest()
    add_reply_ok(c)


cdef const char* SLOWLOG_HELP[13]
SLOWLOG_HELP[:] = [
    b"SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"GET [<count>]",
    b"    Show the newest <count> entries of the slow log (10 by default, -1 for all).",
    b"    Each entry holds:",
    b"    id, unix time, duration in microseconds, the command's arguments,",
    b"    client address and port, client name",
    b"LEN",
    b"    Show how many entries the slow log holds.",
    b"RESET",
    b"    Remove every entry from the slow log.",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef void cmd_slowlog_help(Client* c) noexcept nogil:
    add_reply_help(c, SLOWLOG_HELP)
