"""Member expiry (KeyDB's EXPIREMEMBER): the per-database index of member
expiries, lazy and active expiry of members, and the hooks that keep the
index in step with the keys.

The index (Db.member_expires) maps a key to a MemberTimers record: a binary
min-heap of (time, member) ordered by time, and a Dict from the member bytes
to the member's heap slot. So a member's expiry is set, read or cleared in
O(log n) of the key's member expiries, and "is anything due on this key" is
a look at heap[0]. A record exists only while it holds at least one member.

Lazy expiry: db.pyx's expire_if_needed (every lookup) calls expire_due,
which drops the key's due members before the command sees the value.
Active expiry: the server cron calls member_cycle (through db.pxd's
member_expire_hooks), which walks Db.member_expires with a persistent scan
cursor, as Redis walks the key expires: it samples keys, purges those whose
earliest member is due (at most CYCLE_MEMBERS_PER_KEY members of one key per
visit, so one huge key cannot stall the cron), and goes on sampling while
more than CYCLE_ACCEPTABLE_STALE percent of a sample was due and time is
left. When a purge empties a value the key is deleted (and counted in
INFO's expired_keys); CLIENT PAUSE holds every purge back.

Keyspace notifications do not exist yet in this server; when they do, a
purge is where the member-removal events belong.
"""
from libc.limits cimport LLONG_MAX
from libc.string cimport memcpy
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.state cimport g, Db
from keydb._core.dict cimport (Dict, DictEntry, dict_create, dict_release, dict_find,
    dict_add_or_find, dict_unlink, dict_free_entry, dict_delete, dict_size, dict_key, dict_scan)
from keydb._core.object cimport RObj, OBJ_SET, OBJ_HASH, OBJ_ZSET
from keydb._core.db cimport (member_expire_hooks, lookup_key_raw, db_delete, signal_modified_key)
from keydb._core.pause cimport pause_in_effect, PAUSE_OFF
from keydb._core.util cimport monotonic_us
from keydb._core.t_set cimport set_contains, set_remove, set_size
from keydb._core.t_hash cimport hash_exists, hash_delete, hash_length
from keydb._core.zset cimport zset_score, zset_del, zset_length

cdef enum:
    CYCLE_KEYS_PER_LOOP = 20        # keys sampled per round of the active cycle
    CYCLE_ACCEPTABLE_STALE = 10     # percent of due keys in a sample that ends a database's turn
    CYCLE_MAX_DUE = 32              # due keys one round collects
    CYCLE_MEMBERS_PER_KEY = 1000    # members one visit of the cycle purges from a key


# ---- one key's timers: heap + index -----------------------------------------------

cdef MemberTimers* timers_new() noexcept nogil:
    cdef MemberTimers* t = <MemberTimers*>zmalloc(sizeof(MemberTimers))
    t.index = dict_create(NULL)
    t.heap = NULL
    t.n = 0
    t.cap = 0
    return t


cdef void timers_free(void* p) noexcept nogil:
    cdef MemberTimers* t = <MemberTimers*>p
    dict_release(t.index)
    zfree(t.heap)
    zfree(t)


cdef inline void heap_place(MemberTimers* t, size_t i, MemberTimer x) noexcept nogil:
    t.heap[i] = x
    x.entry.v.s64 = <long long>i


cdef void sift_up(MemberTimers* t, size_t i) noexcept nogil:
    cdef MemberTimer x = t.heap[i]
    cdef size_t parent
    while i > 0:
        parent = (i - 1) // 2
        if t.heap[parent].when <= x.when:
            break
        heap_place(t, i, t.heap[parent])
        i = parent
    heap_place(t, i, x)


cdef void sift_down(MemberTimers* t, size_t i) noexcept nogil:
    cdef MemberTimer x = t.heap[i]
    cdef size_t child
    while True:
        child = 2 * i + 1
        if child >= t.n:
            break
        if child + 1 < t.n and t.heap[child + 1].when < t.heap[child].when:
            child += 1
        if t.heap[child].when >= x.when:
            break
        heap_place(t, i, t.heap[child])
        i = child
    heap_place(t, i, x)


cdef void timers_set(MemberTimers* t, const char* m, size_t mlen, long long when) noexcept nogil:
    cdef int created
    cdef DictEntry* e = dict_add_or_find(t.index, m, mlen, &created)
    cdef MemberTimer x
    cdef size_t i
    cdef long long old
    if created:
        if t.n == t.cap:
            t.cap = t.cap * 2 if t.cap else 4
            t.heap = <MemberTimer*>zrealloc(t.heap, t.cap * sizeof(MemberTimer))
        x.when = when
        x.entry = e
        i = t.n
        t.n += 1
        heap_place(t, i, x)
        sift_up(t, i)
        return
    i = <size_t>e.v.s64
    old = t.heap[i].when
    t.heap[i].when = when
    if when < old:
        sift_up(t, i)
    else:
        sift_down(t, i)


cdef void timers_remove_at(MemberTimers* t, size_t i) noexcept nogil:
    # Remove slot i from the heap and its member from the index.
    cdef DictEntry* e = t.heap[i].entry
    t.n -= 1
    if i < t.n:
        heap_place(t, i, t.heap[t.n])
        if i > 0 and t.heap[i].when < t.heap[(i - 1) // 2].when:
            sift_up(t, i)
        else:
            sift_down(t, i)
    # The key bytes live in e itself; dict_delete is done with them before it frees e.
    dict_delete(t.index, dict_key(e), e.klen)


cdef MemberTimers* timers_dup(MemberTimers* t) noexcept nogil:
    cdef MemberTimers* r = timers_new()
    cdef MemberTimer x
    cdef DictEntry* e
    cdef size_t i
    cdef int created
    r.cap = t.n
    r.heap = <MemberTimer*>zmalloc(t.n * sizeof(MemberTimer))
    for i in range(t.n):
        e = t.heap[i].entry
        x.when = t.heap[i].when
        x.entry = dict_add_or_find(r.index, dict_key(e), e.klen, &created)
        heap_place(r, i, x)
    r.n = t.n
    return r


cdef inline MemberTimers* timers_of(Db* db, const char* k, size_t n) noexcept nogil:
    cdef DictEntry* e
    if dict_size(db.member_expires) == 0:
        return NULL
    e = dict_find(db.member_expires, k, n)
    return <MemberTimers*>e.v.ptr if e != NULL else NULL


# ---- the member API ---------------------------------------------------------------

cdef long long member_expire_get(Db* db, const char* k, size_t n,
                                 const char* m, size_t mlen) noexcept nogil:
    cdef MemberTimers* t = timers_of(db, k, n)
    cdef DictEntry* e
    if t == NULL:
        return -1
    e = dict_find(t.index, m, mlen)
    return t.heap[e.v.s64].when if e != NULL else -1


cdef void member_expire_set(Db* db, const char* k, size_t n,
                            const char* m, size_t mlen, long long when) noexcept nogil:
    cdef int created
    cdef DictEntry* e = dict_add_or_find(db.member_expires, k, n, &created)
    if created:
        e.v.ptr = timers_new()
    timers_set(<MemberTimers*>e.v.ptr, m, mlen, when)


cdef int member_expire_clear(Db* db, const char* k, size_t n,
                             const char* m, size_t mlen) noexcept nogil:
    cdef MemberTimers* t = timers_of(db, k, n)
    cdef DictEntry* e
    if t == NULL:
        return 0
    e = dict_find(t.index, m, mlen)
    if e == NULL:
        return 0
    timers_remove_at(t, <size_t>e.v.s64)
    if t.n == 0:
        dict_delete(db.member_expires, k, n)
    return 1


cdef void member_expire_sync_key(Db* db, const char* k, size_t n) noexcept nogil:
    # The sync hook: drop the timers of members k's value no longer holds.
    # Gathered first, then removed: a removal reorders the heap.
    cdef MemberTimers* t = timers_of(db, k, n)
    cdef RObj* o
    cdef DictEntry** gone
    cdef DictEntry* e
    cdef size_t i, ngone = 0
    if t == NULL:
        return
    o = lookup_key_raw(db, k, n)
    gone = <DictEntry**>zmalloc(t.n * sizeof(DictEntry*))
    for i in range(t.n):
        e = t.heap[i].entry
        if not member_in_value(o, dict_key(e), e.klen):
            gone[ngone] = e
            ngone += 1
    for i in range(ngone):
        timers_remove_at(t, <size_t>gone[i].v.s64)
    zfree(gone)
    if t.n == 0:
        dict_delete(db.member_expires, k, n)


cdef void member_expire_carry_to(Db* src, const char* k, size_t n, Db* dst,
                                 const char* k2, size_t n2, int copy) noexcept nogil:
    # The carry hook (RENAME, MOVE, COPY): detach or duplicate src/k's record
    # and store it under dst/k2, replacing any record there.
    cdef DictEntry* e
    cdef MemberTimers* t
    cdef int created
    if copy:
        t = timers_of(src, k, n)
        if t == NULL:
            return
        t = timers_dup(t)
    else:
        e = dict_unlink(src.member_expires, k, n)
        if e == NULL:
            return
        t = <MemberTimers*>e.v.ptr
        e.v.ptr = NULL
        dict_free_entry(src.member_expires, e)
    e = dict_add_or_find(dst.member_expires, k2, n2, &created)
    if not created:
        timers_free(e.v.ptr)
    e.v.ptr = t


# ---- the value side: which types have members -------------------------------------

cdef int member_type_supported(RObj* o) noexcept nogil:
    return o.type == OBJ_SET or o.type == OBJ_HASH or o.type == OBJ_ZSET


cdef int member_in_value(RObj* o, const char* m, size_t mlen) noexcept nogil:
    cdef double score
    if o.type == OBJ_SET:
        return set_contains(o, m, mlen)
    if o.type == OBJ_HASH:
        return hash_exists(o, m, mlen)
    if o.type == OBJ_ZSET:
        return zset_score(o, m, mlen, &score)
    return 0


cdef int member_remove_from_value(RObj* o, const char* m, size_t mlen) noexcept nogil:
    if o.type == OBJ_SET:
        return set_remove(o, m, mlen)
    if o.type == OBJ_HASH:
        return hash_delete(o, m, mlen)
    if o.type == OBJ_ZSET:
        return zset_del(o, m, mlen)
    return 0


cdef unsigned long member_value_size(RObj* o) noexcept nogil:
    if o.type == OBJ_SET:
        return set_size(o)
    if o.type == OBJ_HASH:
        return hash_length(o)
    if o.type == OBJ_ZSET:
        return zset_length(o)
    return 0


# ---- expiry ----------------------------------------------------------------------

cdef int purge_due(Db* db, const char* k, size_t n, MemberTimers* t, long long now,
                   long long limit) noexcept nogil:
    # Remove up to `limit` members of k that are due at `now`, earliest
    # first. 1 if the value became empty and k was deleted (t with it).
    cdef RObj* o = lookup_key_raw(db, k, n)
    cdef DictEntry* e
    cdef int removed = 0
    while t.n != 0 and t.heap[0].when <= now and limit > 0:
        e = t.heap[0].entry
        if member_remove_from_value(o, dict_key(e), e.klen):
            removed = 1
            if member_value_size(o) == 0:
                g.stat_expiredkeys += 1
                db_delete(db, k, n)
                signal_modified_key(db, k, n)
                return 1
        timers_remove_at(t, 0)
        limit -= 1
    if t.n == 0:
        dict_delete(db.member_expires, k, n)
    if removed:
        signal_modified_key(db, k, n)
    return 0


cdef int member_expire_purge(Db* db, const char* k, size_t n) noexcept nogil:
    cdef MemberTimers* t = timers_of(db, k, n)
    if t == NULL or t.heap[0].when > g.cmd_time_ms:
        return 0
    return purge_due(db, k, n, t, g.cmd_time_ms, LLONG_MAX)


cdef int expire_due(Db* db, const char* k, size_t n) noexcept nogil:
    # The lazy hook: every lookup of a key in a database with member expiries.
    cdef MemberTimers* t = timers_of(db, k, n)
    if t == NULL or t.heap[0].when > g.cmd_time_ms:
        return 0
    if g.pause_type != PAUSE_OFF and pause_in_effect():
        return 0
    return purge_due(db, k, n, t, g.cmd_time_ms, LLONG_MAX)


cdef struct DueSample:
    long long now
    int sampled
    int ndue
    char* keys[CYCLE_MAX_DUE]       # copies: a purge may free the index entry
    size_t lens[CYCLE_MAX_DUE]


cdef void sample_timers(void* priv, DictEntry* e) noexcept nogil:
    cdef DueSample* s = <DueSample*>priv
    cdef MemberTimers* t = <MemberTimers*>e.v.ptr
    s.sampled += 1
    if t.heap[0].when <= s.now and s.ndue < CYCLE_MAX_DUE:
        s.keys[s.ndue] = <char*>zmalloc(e.klen + 1)
        memcpy(s.keys[s.ndue], dict_key(e), e.klen)
        s.lens[s.ndue] = e.klen
        s.ndue += 1


cdef void member_cycle(long long budget_us) noexcept nogil:
    # The active hook (the caller checked CLIENT PAUSE).
    cdef long long start = monotonic_us()
    cdef DueSample s
    cdef Db* db
    cdef MemberTimers* t
    cdef int i, j, buckets
    for i in range(g.cfg.databases):
        db = &g.dbs[i]
        while dict_size(db.member_expires) != 0:
            s.now = g.cmd_time_ms
            s.sampled = 0
            s.ndue = 0
            buckets = 0
            while s.sampled < CYCLE_KEYS_PER_LOOP and buckets < CYCLE_KEYS_PER_LOOP * 20 and \
                    s.ndue < CYCLE_MAX_DUE // 2:
                db.member_expires_cursor = dict_scan(db.member_expires, db.member_expires_cursor,
                                                     sample_timers, &s)
                buckets += 1
                if db.member_expires_cursor == 0:
                    break
            # Purge after the scan: purging deletes entries the scan may hold.
            for j in range(s.ndue):
                t = timers_of(db, s.keys[j], s.lens[j])
                if t != NULL:
                    purge_due(db, s.keys[j], s.lens[j], t, s.now, CYCLE_MEMBERS_PER_KEY)
                zfree(s.keys[j])
            if monotonic_us() - start > budget_us:
                return
            if s.sampled == 0 or s.ndue * 100 // s.sampled <= CYCLE_ACCEPTABLE_STALE:
                break


member_expire_hooks.free = timers_free
member_expire_hooks.expire_due = expire_due
member_expire_hooks.cycle = member_cycle
member_expire_hooks.clear = member_expire_clear
member_expire_hooks.carry = member_expire_carry_to
member_expire_hooks.sync = member_expire_sync_key
