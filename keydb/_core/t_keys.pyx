"""Keyspace commands: the ones that act on keys whatever their type.

DEL/UNLINK, EXISTS, TYPE, TOUCH, RENAME/RENAMENX, RANDOMKEY, KEYS, SCAN,
SELECT, MOVE, SWAPDB, COPY, DBSIZE, FLUSHDB/FLUSHALL and OBJECT. Replies and
error texts follow Redis 7.0. UNLINK and the ASYNC flushes free memory
synchronously: the result seen by clients is the same.
"""
from libc.string cimport memcmp
from libc.limits cimport INT_MIN, INT_MAX, ULONG_MAX
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.state cimport g, Client, Db, policy_is_lfu
from keydb._core.dict cimport (DictEntry, DictIter, dict_scan, dict_key, dict_size,
    dict_iter_init, dict_iter_next)
from keydb._core.watch cimport touch_all_watched_keys
from keydb._core.object cimport (RObj, OBJ_FLAG_SHARED, LRU_CLOCK_MAX, lru_clock, lfu_counter, object_dup,
    encoding_name, type_name)
from keydb._core.db cimport (lookup_key, lookup_key_read, lookup_key_write, LOOKUP_NOTOUCH,
    db_get, db_add, db_delete, db_take, db_size, db_empty, db_swap, db_random_key, get_expire,
    set_expire, key_is_expired, expire_if_needed, signal_modified_key, member_expire_carry,
    lookup_key_raw, signal_key_as_ready)
from keydb._core.reply cimport (add_reply_ok, add_reply_ll, add_reply_bulk, add_reply_bulk_cstr,
    add_reply_null, add_reply_status, add_reply_error, add_reply_syntax_error,
    add_reply_not_integer, add_reply_array_len, add_reply_help, add_reply_deferred_len,
    set_deferred_array_len)
from keydb._core.util cimport string2ll, stringmatchlen, eq_nocase

cdef const char* ERR_DB_RANGE = b"DB index is out of range"
cdef const char* ERR_SAME_OBJECT = b"source and destination objects are the same"


cdef int get_int_arg(Client* c, int i, int* out, const char* msg) noexcept nogil:
    # argv[i] as a C int, or -1 after replying Redis's errors (msg, when not
    # NULL, replaces both the not-an-integer and the out-of-range text).
    cdef long long v
    if not string2ll(c.argv[i].ptr, c.argv[i].len, &v):
        if msg != NULL:
            add_reply_error(c, msg)
        else:
            add_reply_not_integer(c)
        return -1
    if v < INT_MIN or v > INT_MAX:
        if msg != NULL:
            add_reply_error(c, msg)
        else:
            add_reply_error(c, b"value is out of range, value must between -2147483648 and 2147483647")
        return -1
    out[0] = <int>v
    return 0


cdef inline int same_arg(Client* c, int i, int j) noexcept nogil:
    return c.argv[i].len == c.argv[j].len and \
        memcmp(c.argv[i].ptr, c.argv[j].ptr, c.argv[i].len) == 0


# ---- DEL UNLINK EXISTS TYPE TOUCH --------------------------------------------

cdef void del_generic(Client* c) noexcept nogil:
    cdef long long deleted = 0
    cdef int j
    for j in range(1, c.argc):
        expire_if_needed(c.db, c.argv[j].ptr, c.argv[j].len)
        if db_delete(c.db, c.argv[j].ptr, c.argv[j].len):
            signal_modified_key(c.db, c.argv[j].ptr, c.argv[j].len)
            deleted += 1
    add_reply_ll(c, deleted)


cdef void cmd_del(Client* c) noexcept nogil:
    del_generic(c)


cdef void cmd_unlink(Client* c) noexcept nogil:
    del_generic(c)


cdef void cmd_exists(Client* c) noexcept nogil:
    cdef long long n = 0
    cdef int j
    for j in range(1, c.argc):
        if lookup_key(c.db, c.argv[j].ptr, c.argv[j].len, LOOKUP_NOTOUCH) != NULL:
            n += 1
    add_reply_ll(c, n)


cdef void cmd_type(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key(c.db, c.argv[1].ptr, c.argv[1].len, LOOKUP_NOTOUCH)
    if o == NULL:
        add_reply_status(c, b"none")
    else:
        add_reply_status(c, type_name(o))


cdef void cmd_touch(Client* c) noexcept nogil:
    cdef long long n = 0
    cdef int j
    for j in range(1, c.argc):
        if lookup_key_read(c.db, c.argv[j].ptr, c.argv[j].len) != NULL:
            n += 1
    add_reply_ll(c, n)


# ---- RENAME RENAMENX ---------------------------------------------------------

cdef void rename_generic(Client* c, int nx) noexcept nogil:
    # The value moves with its TTL and its members' expiries; an existing
    # destination is replaced (RENAME) or left alone with reply 0 (RENAMENX).
    cdef Db* db = c.db
    cdef long long expire
    cdef RObj* o
    if lookup_key_write(db, c.argv[1].ptr, c.argv[1].len) == NULL:
        add_reply_error(c, b"no such key")
        return
    if same_arg(c, 1, 2):
        if nx:
            add_reply_ll(c, 0)
        else:
            add_reply_ok(c)
        return
    if lookup_key_write(db, c.argv[2].ptr, c.argv[2].len) != NULL:
        if nx:
            add_reply_ll(c, 0)
            return
        db_delete(db, c.argv[2].ptr, c.argv[2].len)
    expire = get_expire(db, c.argv[1].ptr, c.argv[1].len)
    member_expire_carry(db, c.argv[1].ptr, c.argv[1].len, db, c.argv[2].ptr, c.argv[2].len, 0)
    o = db_take(db, c.argv[1].ptr, c.argv[1].len)
    db_add(db, c.argv[2].ptr, c.argv[2].len, o)
    if expire != -1:
        set_expire(db, c.argv[2].ptr, c.argv[2].len, expire)
    signal_modified_key(db, c.argv[1].ptr, c.argv[1].len)
    signal_modified_key(db, c.argv[2].ptr, c.argv[2].len)
    if nx:
        add_reply_ll(c, 1)
    else:
        add_reply_ok(c)


cdef void cmd_rename(Client* c) noexcept nogil:
    rename_generic(c, 0)


cdef void cmd_renamenx(Client* c) noexcept nogil:
    rename_generic(c, 1)


# ---- RANDOMKEY KEYS ----------------------------------------------------------

cdef void cmd_randomkey(Client* c) noexcept nogil:
    cdef DictEntry* e = db_random_key(c.db)
    if e == NULL:
        add_reply_null(c)
    else:
        add_reply_bulk(c, dict_key(e), e.klen)


cdef struct KeysWalk:
    Client* c
    const char* pat         # NULL matches every key
    int patlen
    long long n


cdef void keys_visit(void* priv, DictEntry* e) noexcept nogil:
    # Reply every live key that matches. Only the expires table is read
    # here, so the walk over the keys table is never disturbed.
    cdef KeysWalk* w = <KeysWalk*>priv
    if w.pat != NULL and not stringmatchlen(w.pat, w.patlen, dict_key(e), e.klen, 0):
        return
    if key_is_expired(w.c.db, dict_key(e), e.klen):
        return
    add_reply_bulk(w.c, dict_key(e), e.klen)
    w.n += 1


cdef void cmd_keys(Client* c) noexcept nogil:
    cdef KeysWalk w
    cdef unsigned long cursor
    cdef size_t at = add_reply_deferred_len(c)
    w.c = c
    w.pat = c.argv[1].ptr
    w.patlen = <int>c.argv[1].len
    if w.patlen == 1 and w.pat[0] == c'*':
        w.pat = NULL
    w.n = 0
    cursor = dict_scan(c.db.keys, 0, keys_visit, &w)
    while cursor != 0:
        cursor = dict_scan(c.db.keys, cursor, keys_visit, &w)
    set_deferred_array_len(c, at, w.n)


# ---- SCAN --------------------------------------------------------------------

cdef inline int is_space(char ch) noexcept nogil:
    return ch == c' ' or (c'\t' <= ch <= c'\r')


cdef int scan_parse_cursor(Client* c, int i, unsigned long* cursor) noexcept nogil:
    cdef const char* p = c.argv[i].ptr
    cdef size_t n = c.argv[i].len
    cdef size_t k = 0, start
    cdef unsigned long v = 0, d
    cdef int neg = 0, overflow = 0
    if n and is_space(p[0]):
        add_reply_error(c, b"invalid cursor")
        return -1
    if k < n and (p[k] == c'+' or p[k] == c'-'):
        neg = p[k] == c'-'
        k += 1
    start = k
    while k < n and c'0' <= p[k] <= c'9':
        d = <unsigned long>(p[k] - c'0')
        if v > (ULONG_MAX - d) // 10:
            overflow = 1
        else:
            v = v * 10 + d
        k += 1
    if k == start:
        # No digits: the parse ends where it began; only an empty cursor passes.
        if n and p[0] != 0:
            add_reply_error(c, b"invalid cursor")
            return -1
        cursor[0] = 0
        return 0
    if (k < n and p[k] != 0) or overflow:
        add_reply_error(c, b"invalid cursor")
        return -1
    cursor[0] = (0 - v) if neg else v
    return 0


cdef int scan_parse_options(Client* c, int first, int allow_type, ScanOpts* o) noexcept nogil:
    cdef int i = first
    cdef long long v
    o.count = 10
    o.pattern = NULL
    o.patlen = 0
    o.type = NULL
    o.typelen = 0
    while i < c.argc:
        if c.argc - i < 2:
            add_reply_syntax_error(c)
            return -1
        if eq_nocase(c.argv[i].ptr, c.argv[i].len, b"count"):
            if not string2ll(c.argv[i + 1].ptr, c.argv[i + 1].len, &v):
                add_reply_not_integer(c)
                return -1
            if v < 1:
                add_reply_syntax_error(c)
                return -1
            o.count = v
        elif eq_nocase(c.argv[i].ptr, c.argv[i].len, b"match"):
            o.pattern = c.argv[i + 1].ptr
            o.patlen = c.argv[i + 1].len
            if o.patlen == 1 and o.pattern[0] == c'*':
                o.pattern = NULL
        elif allow_type and eq_nocase(c.argv[i].ptr, c.argv[i].len, b"type"):
            o.type = c.argv[i + 1].ptr
            o.typelen = c.argv[i + 1].len
        else:
            add_reply_syntax_error(c)
            return -1
        i += 2
    return 0


cdef struct ScanBatch:
    ScanOpts* opts
    long long visited       # entries seen, matching or not (bounds the work)
    DictEntry** found       # entries that passed MATCH and TYPE
    int n
    int cap


cdef void scan_visit(void* priv, DictEntry* e) noexcept nogil:
    cdef ScanBatch* b = <ScanBatch*>priv
    b.visited += 1
    if b.opts.pattern != NULL and not stringmatchlen(
            b.opts.pattern, <int>b.opts.patlen, dict_key(e), e.klen, 0):
        return
    if b.opts.type != NULL and not eq_nocase(b.opts.type, b.opts.typelen,
                                             type_name(<RObj*>e.v.ptr)):
        return
    if b.n == b.cap:
        b.cap *= 2
        b.found = <DictEntry**>zrealloc(b.found, b.cap * sizeof(DictEntry*))
    b.found[b.n] = e
    b.n += 1


cdef void add_reply_bulk_ulong(Client* c, unsigned long v) noexcept nogil:
    cdef char buf[24]
    cdef int i = 24
    while True:
        i -= 1
        buf[i] = <char>(c'0' + v % 10)
        v //= 10
        if v == 0:
            break
    add_reply_bulk(c, buf + i, 24 - i)


cdef void cmd_scan(Client* c) noexcept nogil:
    # Visit buckets until COUNT entries were seen (or 10*COUNT buckets, or the
    # end), then reply [next cursor, keys]. Expired keys met are deleted and
    # left out. The dict cursor keeps Redis's guarantee across resizes.
    cdef unsigned long cursor
    cdef ScanOpts opts
    cdef ScanBatch b
    cdef long long buckets
    cdef size_t at
    cdef long long n = 0
    cdef DictEntry* e
    cdef int j
    if scan_parse_cursor(c, 1, &cursor) < 0 or scan_parse_options(c, 2, 1, &opts) < 0:
        return
    b.opts = &opts
    b.visited = 0
    b.n = 0
    b.cap = 16
    b.found = <DictEntry**>zmalloc(b.cap * sizeof(DictEntry*))
    buckets = opts.count * 10 if opts.count < 100000000 else 1000000000
    while True:
        cursor = dict_scan(c.db.keys, cursor, scan_visit, &b)
        buckets -= 1
        if cursor == 0 or buckets == 0 or b.visited >= opts.count:
            break
    add_reply_array_len(c, 2)
    add_reply_bulk_ulong(c, cursor)
    at = add_reply_deferred_len(c)
    for j in range(b.n):
        e = b.found[j]
        # Deleting frees only e itself; the entries still to come stay valid.
        if expire_if_needed(c.db, dict_key(e), e.klen):
            continue
        add_reply_bulk(c, dict_key(e), e.klen)
        n += 1
    set_deferred_array_len(c, at, n)
    zfree(b.found)


# ---- SELECT MOVE SWAPDB COPY DBSIZE FLUSH ------------------------------------

cdef void cmd_select(Client* c) noexcept nogil:
    cdef int id
    cdef Db* db
    if get_int_arg(c, 1, &id, NULL) < 0:
        return
    db = db_get(id)
    if db == NULL:
        add_reply_error(c, ERR_DB_RANGE)
        return
    c.db = db
    add_reply_ok(c)


cdef void cmd_move(Client* c) noexcept nogil:
    cdef Db* src = c.db
    cdef Db* dst
    cdef int id
    cdef long long expire
    cdef const char* k = c.argv[1].ptr
    cdef size_t n = c.argv[1].len
    if get_int_arg(c, 2, &id, NULL) < 0:
        return
    dst = db_get(id)
    if dst == NULL:
        add_reply_error(c, ERR_DB_RANGE)
        return
    if dst == src:
        add_reply_error(c, ERR_SAME_OBJECT)
        return
    if lookup_key_write(src, k, n) == NULL or lookup_key_write(dst, k, n) != NULL:
        add_reply_ll(c, 0)
        return
    expire = get_expire(src, k, n)
    member_expire_carry(src, k, n, dst, k, n, 0)
    db_add(dst, k, n, db_take(src, k, n))
    if expire != -1:
        set_expire(dst, k, n, expire)
    signal_modified_key(src, k, n)
    signal_modified_key(dst, k, n)
    add_reply_ll(c, 1)


cdef void cmd_swapdb(Client* c) noexcept nogil:
    cdef int id1, id2
    cdef Db* a
    cdef Db* b
    if get_int_arg(c, 1, &id1, b"invalid first DB index") < 0 or \
            get_int_arg(c, 2, &id2, b"invalid second DB index") < 0:
        return
    a = db_get(id1)
    b = db_get(id2)
    if a == NULL or b == NULL:
        add_reply_error(c, ERR_DB_RANGE)
        return
    if a != b:
        touch_all_watched_keys(a, b)
        touch_all_watched_keys(b, a)
        db_swap(a, b)
        signal_ready_keys_in_db(a)
        signal_ready_keys_in_db(b)
    add_reply_ok(c)


cdef void signal_ready_keys_in_db(Db* db) noexcept nogil:
    # After SWAPDB: clients blocked on a key that now exists in db (it came
    # from the other database) are served, as Redis's scanDatabaseForReadyKeys.
    cdef DictIter it
    cdef DictEntry* e
    if dict_size(db.blocking_keys) == 0:
        return
    dict_iter_init(&it, db.blocking_keys)
    e = dict_iter_next(&it)
    while e != NULL:
        if lookup_key_raw(db, dict_key(e), e.klen) != NULL:
            signal_key_as_ready(db, dict_key(e), e.klen)
        e = dict_iter_next(&it)


cdef void cmd_copy(Client* c) noexcept nogil:
    # COPY src dst [DB n] [REPLACE]: a deep copy with the source's TTL and
    # its members' expiries.
    cdef Db* src = c.db
    cdef Db* dst = c.db
    cdef int replace = 0, j = 3, id
    cdef long long expire
    cdef RObj* o
    while j < c.argc:
        if eq_nocase(c.argv[j].ptr, c.argv[j].len, b"replace"):
            replace = 1
        elif eq_nocase(c.argv[j].ptr, c.argv[j].len, b"db") and j < c.argc - 1:
            if get_int_arg(c, j + 1, &id, NULL) < 0:
                return
            dst = db_get(id)
            if dst == NULL:
                add_reply_error(c, ERR_DB_RANGE)
                return
            j += 1
        else:
            add_reply_syntax_error(c)
            return
        j += 1
    if src == dst and same_arg(c, 1, 2):
        add_reply_error(c, ERR_SAME_OBJECT)
        return
    o = lookup_key_read(src, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_ll(c, 0)
        return
    expire = get_expire(src, c.argv[1].ptr, c.argv[1].len)
    if lookup_key_write(dst, c.argv[2].ptr, c.argv[2].len) != NULL:
        if not replace:
            add_reply_ll(c, 0)
            return
        db_delete(dst, c.argv[2].ptr, c.argv[2].len)
    db_add(dst, c.argv[2].ptr, c.argv[2].len, object_dup(o))
    member_expire_carry(src, c.argv[1].ptr, c.argv[1].len, dst, c.argv[2].ptr, c.argv[2].len, 1)
    if expire != -1:
        set_expire(dst, c.argv[2].ptr, c.argv[2].len, expire)
    signal_modified_key(dst, c.argv[2].ptr, c.argv[2].len)
    add_reply_ll(c, 1)


cdef void cmd_dbsize(Client* c) noexcept nogil:
    add_reply_ll(c, db_size(c.db))


cdef int flush_args_ok(Client* c) noexcept nogil:
    # FLUSHDB/FLUSHALL take nothing, SYNC or ASYNC; anything else is a syntax error.
    if c.argc == 1 or (c.argc == 2 and (eq_nocase(c.argv[1].ptr, c.argv[1].len, b"sync") or
                                        eq_nocase(c.argv[1].ptr, c.argv[1].len, b"async"))):
        return 1
    add_reply_syntax_error(c)
    return 0


cdef void cmd_flushdb(Client* c) noexcept nogil:
    if flush_args_ok(c):
        touch_all_watched_keys(c.db, NULL)
        db_empty(c.db)
        add_reply_ok(c)


cdef void cmd_flushall(Client* c) noexcept nogil:
    cdef int i
    if flush_args_ok(c):
        for i in range(g.cfg.databases):
            touch_all_watched_keys(&g.dbs[i], NULL)
            db_empty(&g.dbs[i])
        add_reply_ok(c)


# ---- OBJECT ------------------------------------------------------------------

cdef const char* OBJECT_HELP[12]
OBJECT_HELP[:] = [
    b"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"ENCODING <key>",
    b"    Return the internal representation of the value stored at <key>.",
    b"FREQ <key>",
    b"    Return the logarithmic access frequency counter of <key> (LFU policies).",
    b"IDLETIME <key>",
    b"    Return the seconds since <key> was last read or written (LRU policies).",
    b"REFCOUNT <key>",
    b"    Return the number of references to the value stored at <key>.",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef inline RObj* object_lookup(Client* c) noexcept nogil:
    # OBJECT inspects a key without counting as an access to it.
    cdef RObj* o = lookup_key(c.db, c.argv[2].ptr, c.argv[2].len, LOOKUP_NOTOUCH)
    if o == NULL:
        add_reply_null(c)
    return o


cdef void cmd_object_encoding(Client* c) noexcept nogil:
    cdef RObj* o = object_lookup(c)
    if o != NULL:
        add_reply_bulk_cstr(c, encoding_name(o))


cdef void cmd_object_refcount(Client* c) noexcept nogil:
    # Shared objects report Redis's OBJ_SHARED_REFCOUNT.
    cdef RObj* o = object_lookup(c)
    if o != NULL:
        add_reply_ll(c, INT_MAX if o.flags & OBJ_FLAG_SHARED else 1)


cdef void cmd_object_idletime(Client* c) noexcept nogil:
    # Seconds since the last access, from the 24-bit wrapping LRU clock.
    cdef RObj* o = object_lookup(c)
    cdef unsigned long now
    if o != NULL and policy_is_lfu(g.cfg.maxmemory_policy):
        add_reply_error(c, b"An LFU maxmemory policy is selected, idle time not tracked. Please "
                        b"note that when switching between policies at runtime LRU and LFU data "
                        b"will take some time to adjust.")
    elif o != NULL:
        now = lru_clock()
        if now >= o.lru:
            add_reply_ll(c, now - o.lru)
        else:
            add_reply_ll(c, now + (LRU_CLOCK_MAX - o.lru))


cdef void cmd_object_freq(Client* c) noexcept nogil:
    cdef RObj* o = object_lookup(c)
    if o != NULL and policy_is_lfu(g.cfg.maxmemory_policy):
        add_reply_ll(c, lfu_counter(o))
    elif o != NULL:
        add_reply_error(c, b"An LFU maxmemory policy is not selected, access frequency not "
                        b"tracked. Please note that when switching between policies at runtime "
                        b"LRU and LFU data will take some time to adjust.")


cdef void cmd_object_help(Client* c) noexcept nogil:
    add_reply_help(c, OBJECT_HELP)
