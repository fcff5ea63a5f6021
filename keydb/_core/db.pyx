"""Databases: the key dictionary, the expires dictionary, lazy and active expiry.

The expires dictionary maps a key to its absolute expire time in unix
milliseconds, as Redis's does. Time is frozen per batch in g.cmd_time_ms so a
key cannot expire half way through a command.

Each database also holds the expiries of single members (KeyDB's
EXPIREMEMBER) in Db.member_expires; expire_member.pyx owns that table and
this module only keeps it in step with the keys (see MemberExpireHooks in
db.pxd).
"""
from libc.string cimport memcpy
from keydb._core.zmalloc cimport zmalloc
from keydb._core.blocked_types cimport WaitQueue, ReadyKey, ready_key_bytes
from keydb._core.state cimport g, Db
from keydb._core.dict cimport (Dict, DictEntry, dict_create, dict_find, dict_add_or_find,
    dict_unlink, dict_free_entry, dict_delete, dict_size, dict_clear, dict_scan, dict_key,
    dict_try_shrink, dict_rehash_ms, dict_random)
from keydb._core.object cimport RObj, free_object, object_touch
from keydb._core.util cimport monotonic_us
from keydb._core.pause cimport pause_in_effect, PAUSE_OFF

cdef enum:
    EXPIRE_KEYS_PER_LOOP = 20
    EXPIRE_ACCEPTABLE_STALE = 10      # percent


cdef void db_init(int ndb) noexcept nogil:
    cdef int i
    g.dbs = <Db*>zmalloc(sizeof(Db) * ndb)
    for i in range(ndb):
        g.dbs[i].keys = dict_create(free_object)
        g.dbs[i].expires = dict_create(NULL)
        g.dbs[i].blocking_keys = dict_create(NULL)
        g.dbs[i].watched_keys = dict_create(NULL)
        g.dbs[i].id = i
        g.dbs[i].avg_ttl = 0
        g.dbs[i].expires_cursor = 0
        g.dbs[i].member_expires = dict_create(member_expire_hooks.free)
        g.dbs[i].member_expires_cursor = 0


cdef Db* db_get(int id) noexcept nogil:
    if id < 0 or id >= g.cfg.databases:
        return NULL
    return &g.dbs[id]


cdef int key_is_expired(Db* db, const char* k, size_t n) noexcept nogil:
    cdef long long when
    if dict_size(db.expires) == 0:
        return 0
    when = get_expire(db, k, n)
    return when >= 0 and when <= g.cmd_time_ms


cdef int expire_if_needed(Db* db, const char* k, size_t n) noexcept nogil:
    # While CLIENT PAUSE lasts an expired key reads as gone but stays (Redis
    # 7.0: the pause freezes the dataset; it expires once the pause ends).
    # A key that lives on loses its due members here (lazy member expiry).
    if not key_is_expired(db, k, n):
        if dict_size(db.member_expires) != 0:
            return member_expire_hooks.expire_due(db, k, n)
        return 0
    if g.pause_type != PAUSE_OFF and pause_in_effect():
        return 1
    g.stat_expiredkeys += 1
    db_delete(db, k, n)
    signal_modified_key(db, k, n)
    return 1


cdef RObj* lookup_key_raw(Db* db, const char* k, size_t n) noexcept nogil:
    cdef DictEntry* e = dict_find(db.keys, k, n)
    return <RObj*>e.v.ptr if e != NULL else NULL


cdef RObj* lookup_key(Db* db, const char* k, size_t n, int flags) noexcept nogil:
    cdef RObj* o = NULL
    if not expire_if_needed(db, k, n):
        o = lookup_key_raw(db, k, n)
    if not (flags & LOOKUP_NOSTATS):
        if o == NULL:
            g.stat_keyspace_misses += 1
        else:
            g.stat_keyspace_hits += 1
    if o != NULL and not (flags & LOOKUP_NOTOUCH):
        object_touch(o)
    return o


cdef RObj* lookup_key_write(Db* db, const char* k, size_t n) noexcept nogil:
    return lookup_key(db, k, n, LOOKUP_NOSTATS)


cdef RObj* lookup_key_read(Db* db, const char* k, size_t n) noexcept nogil:
    return lookup_key(db, k, n, LOOKUP_NONE)


cdef void db_set_key(Db* db, const char* k, size_t n, RObj* val, int keep_ttl) noexcept nogil:
    cdef int created
    cdef DictEntry* e = dict_add_or_find(db.keys, k, n, &created)
    if not created:
        # Member expiries survive only an in-place replacement of the same
        # value (keep_ttl, same type: SPOP's survivors); a new value drops them.
        if dict_size(db.member_expires) != 0 and \
                (not keep_ttl or (<RObj*>e.v.ptr).type != val.type):
            dict_delete(db.member_expires, k, n)
        free_object(e.v.ptr)
        if not keep_ttl:
            dict_delete(db.expires, k, n)
    e.v.ptr = val
    if dict_size(db.blocking_keys) != 0:
        signal_key_as_ready(db, k, n)


cdef void db_overwrite(Db* db, const char* k, size_t n, RObj* val) noexcept nogil:
    db_set_key(db, k, n, val, 1)


cdef int db_add(Db* db, const char* k, size_t n, RObj* val) noexcept nogil:
    cdef int created
    cdef DictEntry* e = dict_add_or_find(db.keys, k, n, &created)
    if not created:
        return 0
    e.v.ptr = val
    if dict_size(db.blocking_keys) != 0:
        signal_key_as_ready(db, k, n)
    return 1


cdef int db_delete(Db* db, const char* k, size_t n) noexcept nogil:
    if dict_size(db.expires) != 0:
        dict_delete(db.expires, k, n)
    if dict_size(db.member_expires) != 0:
        dict_delete(db.member_expires, k, n)
    return dict_delete(db.keys, k, n)


cdef RObj* db_take(Db* db, const char* k, size_t n) noexcept nogil:
    cdef DictEntry* e = dict_unlink(db.keys, k, n)
    cdef RObj* o
    if e == NULL:
        return NULL
    o = <RObj*>e.v.ptr
    e.v.ptr = NULL
    dict_free_entry(db.keys, e)
    if dict_size(db.expires) != 0:
        dict_delete(db.expires, k, n)
    if dict_size(db.member_expires) != 0:
        dict_delete(db.member_expires, k, n)
    return o


cdef long long db_size(Db* db) noexcept nogil:
    return <long long>dict_size(db.keys)


cdef DictEntry* db_random_key(Db* db) noexcept nogil:
    # During a CLIENT PAUSE expired keys are not deleted, so when every draw
    # is expired the loop gives up after 100 and returns the last one.
    cdef DictEntry* e
    cdef int tries = 100
    while True:
        e = dict_random(db.keys)
        if e == NULL or not expire_if_needed(db, dict_key(e), e.klen):
            return e
        if g.pause_type != PAUSE_OFF:
            tries -= 1
            if tries == 0:
                return e


cdef long long db_empty(Db* db) noexcept nogil:
    cdef long long n = <long long>dict_size(db.keys)
    dict_clear(db.keys)
    dict_clear(db.expires)
    dict_clear(db.member_expires)
    db.avg_ttl = 0
    db.expires_cursor = 0
    db.member_expires_cursor = 0
    return n


cdef void signal_key_as_ready(Db* db, const char* k, size_t n) noexcept nogil:
    # Queue k for handle_ready_keys (blocked.pyx) if clients wait on it and
    # it is not queued yet.
    cdef DictEntry* e = dict_find(db.blocking_keys, k, n)
    cdef WaitQueue* q
    cdef ReadyKey* r
    if e == NULL:
        return
    q = <WaitQueue*>e.v.ptr
    if q.queued_ready:
        return
    q.queued_ready = 1
    r = <ReadyKey*>zmalloc(sizeof(ReadyKey) + n)
    r.db = db
    r.len = n
    r.next = NULL
    memcpy(ready_key_bytes(r), k, n)
    if g.ready_keys_tail != NULL:
        (<ReadyKey*>g.ready_keys_tail).next = r
    else:
        g.ready_keys = r
    g.ready_keys_tail = r


cdef void db_swap(Db* a, Db* b) noexcept nogil:
    cdef Dict* keys = a.keys
    cdef Dict* expires = a.expires
    cdef long long avg_ttl = a.avg_ttl
    cdef unsigned long cursor = a.expires_cursor
    cdef Dict* member_expires = a.member_expires
    cdef unsigned long member_cursor = a.member_expires_cursor
    a.keys = b.keys
    a.expires = b.expires
    a.avg_ttl = b.avg_ttl
    a.expires_cursor = b.expires_cursor
    a.member_expires = b.member_expires
    a.member_expires_cursor = b.member_expires_cursor
    b.keys = keys
    b.expires = expires
    b.avg_ttl = avg_ttl
    b.expires_cursor = cursor
    b.member_expires = member_expires
    b.member_expires_cursor = member_cursor


cdef long long get_expire(Db* db, const char* k, size_t n) noexcept nogil:
    cdef DictEntry* e
    if dict_size(db.expires) == 0:
        return -1
    e = dict_find(db.expires, k, n)
    return e.v.s64 if e != NULL else -1


cdef void set_expire(Db* db, const char* k, size_t n, long long when_ms) noexcept nogil:
    cdef int created
    cdef DictEntry* e = dict_add_or_find(db.expires, k, n, &created)
    e.v.s64 = when_ms


cdef int remove_expire(Db* db, const char* k, size_t n) noexcept nogil:
    return dict_delete(db.expires, k, n)


# Active expiry ------------------------------------------------------------

cdef struct ExpireSample:
    Db* db
    long long now
    int sampled
    int expired
    long long ttl_sum
    int ttl_count
    char* keys[64]          # keys found expired (copied pointers into entries)
    size_t lens[64]
    int nkeys


cdef void sample_entry(void* priv, DictEntry* e) noexcept nogil:
    cdef ExpireSample* s = <ExpireSample*>priv
    s.sampled += 1
    if e.v.s64 <= s.now:
        if s.nkeys < 64:
            s.keys[s.nkeys] = dict_key(e)
            s.lens[s.nkeys] = e.klen
            s.nkeys += 1
    else:
        s.ttl_sum += e.v.s64 - s.now
        s.ttl_count += 1


cdef void active_expire_cycle(long long budget_us) noexcept nogil:
    if g.pause_type != PAUSE_OFF and pause_in_effect():
        return
    active_expire_keys(budget_us)
    if member_expire_hooks.cycle != NULL:
        member_expire_hooks.cycle(budget_us)


cdef void active_expire_keys(long long budget_us) noexcept nogil:
    # Walk each database's expires with a persistent cursor, deleting keys
    # whose time passed; repeat on a database while more than the acceptable
    # share of a sample was stale, stop when the time budget is spent.
    # active-expire-effort (1..10) raises the sample size and lowers the
    # acceptable share as Redis does (the budget is the caller's).
    cdef long long start = monotonic_us()
    cdef ExpireSample s
    cdef Db* db
    cdef int i, j, buckets
    cdef char keybuf[256]
    cdef int effort = g.cfg.active_expire_effort - 1 if g.cfg.active_expire_effort > 0 else 0
    cdef int keys_per_loop = EXPIRE_KEYS_PER_LOOP + EXPIRE_KEYS_PER_LOOP // 4 * effort
    cdef int acceptable_stale = EXPIRE_ACCEPTABLE_STALE - effort
    for i in range(g.cfg.databases):
        db = &g.dbs[i]
        while dict_size(db.expires) != 0:
            s.db = db
            s.now = g.cmd_time_ms
            s.sampled = 0
            s.expired = 0
            s.ttl_sum = 0
            s.ttl_count = 0
            s.nkeys = 0
            buckets = 0
            while s.sampled < keys_per_loop and buckets < keys_per_loop * 20 and s.nkeys < 48:
                db.expires_cursor = dict_scan(db.expires, db.expires_cursor, sample_entry, &s)
                buckets += 1
                if db.expires_cursor == 0:
                    break
            # Delete after the scan: deleting moves entries the scan may hold.
            for j in range(s.nkeys - 1, -1, -1):
                g.stat_expiredkeys += 1
                db_delete_expired(db, s.keys[j], s.lens[j])
            s.expired = s.nkeys
            if s.ttl_count:
                db.avg_ttl = (db.avg_ttl // 50) * 49 + (s.ttl_sum // s.ttl_count) // 50 if db.avg_ttl else s.ttl_sum // s.ttl_count
            if monotonic_us() - start > budget_us:
                return
            if s.sampled == 0 or s.expired * 100 // s.sampled <= acceptable_stale:
                break


cdef void db_delete_expired(Db* db, char* k, size_t n) noexcept nogil:
    # k points into the expires entry itself: unlink the key first, then the
    # expires entry, whose memory holds k.
    cdef DictEntry* e = dict_unlink(db.keys, k, n)
    if e != NULL:
        dict_free_entry(db.keys, e)
    signal_modified_key(db, k, n)
    if dict_size(db.member_expires) != 0:
        dict_delete(db.member_expires, k, n)
    dict_delete(db.expires, k, n)


cdef void databases_cron() noexcept nogil:
    cdef int i
    cdef Db* db
    for i in range(g.cfg.databases):
        db = &g.dbs[i]
        dict_try_shrink(db.keys)
        dict_try_shrink(db.expires)
        dict_try_shrink(db.member_expires)
        if g.cfg.active_rehashing:
            dict_rehash_ms(db.keys, 1)
            dict_rehash_ms(db.expires, 1)
            dict_rehash_ms(db.member_expires, 1)
