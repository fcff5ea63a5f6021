"""Eviction under maxmemory, with Redis's approximated algorithms.

LRU, LFU and TTL policies keep a pool of the best candidates seen so far
(the idlest, least used, or soonest to expire); each round samples
maxmemory-samples keys from every database into the pool and evicts the
best one that still exists. Random policies evict a random key, walking the
databases round-robin. allkeys-* sample the key dictionary, volatile-* the
expires dictionary (only keys with a TTL are candidates).

The pool holds copies of key names, not entries: keys come and go between
calls, so a candidate is looked up again before it is evicted.
"""
from libc.string cimport memcpy
from libc.limits cimport ULLONG_MAX
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree, zmalloc_used_memory
from keydb._core.pause cimport pause_in_effect, PAUSE_OFF
from keydb._core.state cimport (g, Db, policy_is_lfu, MAXMEMORY_NO_EVICTION,
    MAXMEMORY_VOLATILE_TTL, MAXMEMORY_VOLATILE_RANDOM, MAXMEMORY_ALLKEYS_RANDOM,
    MAXMEMORY_ALLKEYS_LRU, MAXMEMORY_ALLKEYS_LFU)
from keydb._core.dict cimport Dict, DictEntry, dict_random, dict_find, dict_key, dict_size
from keydb._core.object cimport RObj, lru_clock, lfu_counter, LRU_CLOCK_MAX
from keydb._core.db cimport db_delete, signal_modified_key
from keydb._core.util cimport monotonic_us

cdef enum:
    POOL_SIZE = 16
    POOL_CACHED_KEY = 255      # key names up to this length reuse a preallocated buffer

cdef struct PoolEntry:
    unsigned long long idle    # higher is a better candidate
    char* key                  # NULL when the slot is empty
    size_t klen
    int dbid
    char* cached               # POOL_CACHED_KEY + 1 bytes, allocated once

cdef PoolEntry pool[POOL_SIZE]
cdef int pool_ready = 0
cdef int next_random_db = 0
cdef char* random_key = NULL      # the random policies' victim name
cdef size_t random_key_cap = 0


cdef void pool_init() noexcept nogil:
    global pool_ready
    cdef int i
    for i in range(POOL_SIZE):
        pool[i].idle = 0
        pool[i].key = NULL
        pool[i].klen = 0
        pool[i].dbid = 0
        pool[i].cached = <char*>zmalloc(POOL_CACHED_KEY + 1)
    pool_ready = 1


cdef inline void pool_clear_slot(PoolEntry* e) noexcept nogil:
    if e.key != NULL and e.key != e.cached:
        zfree(e.key)
    e.key = NULL


cdef long long evict_used_memory() noexcept nogil:
    return zmalloc_used_memory()


cdef unsigned long long idle_ms(RObj* o) noexcept nogil:
    # Milliseconds since the last access, from the 24-bit seconds clock.
    cdef unsigned long long now = lru_clock()
    if now >= o.lru:
        return (now - o.lru) * 1000
    return (LRU_CLOCK_MAX - o.lru + now) * 1000


cdef void pool_insert(unsigned long long idle, int dbid, const char* k, size_t n) noexcept nogil:
    # Keep the pool sorted by idle ascending, the best candidate on the right.
    cdef int i = 0, j
    cdef char* cached
    while i < POOL_SIZE and pool[i].key != NULL and pool[i].idle < idle:
        i += 1
    if i == 0 and pool[POOL_SIZE - 1].key != NULL:
        return        # worse than every candidate of a full pool
    if i < POOL_SIZE and pool[i].key == NULL:
        pass          # an empty slot: take it
    elif pool[POOL_SIZE - 1].key == NULL:
        # Room on the right: shift i.. one step right.
        cached = pool[POOL_SIZE - 1].cached
        j = POOL_SIZE - 1
        while j > i:
            pool[j] = pool[j - 1]
            j -= 1
        pool[i].cached = cached
        pool[i].key = NULL
    else:
        # Full: drop the worst (leftmost) and shift 1..i-1 one step left.
        i -= 1
        pool_clear_slot(&pool[0])
        cached = pool[0].cached
        j = 0
        while j < i:
            pool[j] = pool[j + 1]
            j += 1
        pool[i].cached = cached
        pool[i].key = NULL
    if n <= POOL_CACHED_KEY:
        pool[i].key = pool[i].cached
    else:
        pool[i].key = <char*>zmalloc(n)
    memcpy(pool[i].key, k, n)
    pool[i].klen = n
    pool[i].idle = idle
    pool[i].dbid = dbid


cdef void pool_populate(Db* db, Dict* sample_dict, int policy) noexcept nogil:
    cdef int i, nsamples = g.cfg.maxmemory_samples
    cdef DictEntry* e
    cdef DictEntry* ke
    cdef RObj* o
    cdef unsigned long long idle
    if nsamples < 1:
        nsamples = 1
    for i in range(nsamples):
        e = dict_random(sample_dict)
        if e == NULL:
            return
        if policy == MAXMEMORY_VOLATILE_TTL:
            # Sooner expiry scores higher.
            idle = ULLONG_MAX - <unsigned long long>e.v.s64
        else:
            if sample_dict != db.keys:
                ke = dict_find(db.keys, dict_key(e), e.klen)
                if ke == NULL:
                    continue
                o = <RObj*>ke.v.ptr
            else:
                o = <RObj*>e.v.ptr
            if policy_is_lfu(policy):
                idle = 255 - <unsigned long long>lfu_counter(o)
            else:
                idle = idle_ms(o)
        pool_insert(idle, db.id, dict_key(e), e.klen)


cdef Db* pick_from_pool(int allkeys, const char** k, size_t* n) noexcept nogil:
    # Sample every database into the pool, then take the best candidate that
    # still exists. NULL when no database has a candidate.
    cdef int i, total
    cdef Db* db
    cdef Dict* d
    cdef PoolEntry* e
    while True:
        total = 0
        for i in range(g.cfg.databases):
            db = &g.dbs[i]
            d = db.keys if allkeys else db.expires
            if dict_size(d):
                pool_populate(db, d, g.cfg.maxmemory_policy)
                total += 1
        if total == 0:
            return NULL
        i = POOL_SIZE - 1
        while i >= 0:
            e = &pool[i]
            i -= 1
            if e.key == NULL:
                continue
            db = &g.dbs[e.dbid]
            d = db.keys if allkeys else db.expires
            if e.dbid < g.cfg.databases and dict_find(d, e.key, e.klen) != NULL:
                k[0] = e.key     # valid until the slot is cleared by the caller
                n[0] = e.klen
                return db
            pool_clear_slot(e)


cdef Db* pick_random(int allkeys, const char** k, size_t* n) noexcept nogil:
    global next_random_db, random_key, random_key_cap
    cdef int i
    cdef Db* db
    cdef Dict* d
    cdef DictEntry* e
    for i in range(g.cfg.databases):
        next_random_db = (next_random_db + 1) % g.cfg.databases
        db = &g.dbs[next_random_db]
        d = db.keys if allkeys else db.expires
        if dict_size(d):
            # A copy: the entry (of the expires table for volatile-random) is
            # freed by db_delete before it is done with the name.
            e = dict_random(d)
            if e.klen > random_key_cap:
                random_key_cap = e.klen
                random_key = <char*>zrealloc(random_key, random_key_cap)
            memcpy(random_key, dict_key(e), e.klen)
            k[0] = random_key
            n[0] = e.klen
            return db
    return NULL


cdef long long time_limit_us() noexcept nogil:
    # maxmemory-eviction-tenacity: 0..10 scale linearly up to 500 us, then
    # each step adds 15%, and 100 means no limit.
    cdef int t = g.cfg.maxmemory_eviction_tenacity
    cdef double us = 500.0
    cdef int i
    if t <= 10:
        return 50 * t if t > 0 else 1
    if t >= 100:
        return -1
    for i in range(t - 10):
        us *= 1.15
    return <long long>us


cdef int perform_evictions() noexcept nogil:
    cdef long long used, tofree, freed = 0, before, limit_us, start
    cdef int policy = g.cfg.maxmemory_policy
    cdef int allkeys, random, keys_freed = 0, i
    cdef const char* k = NULL
    cdef size_t n = 0
    cdef Db* db
    if g.cfg.maxmemory <= 0:
        return EVICT_OK
    if g.pause_type != PAUSE_OFF and pause_in_effect():
        return EVICT_OK             # a paused dataset is not changed, as Redis 7.0
    used = evict_used_memory()
    if used <= g.cfg.maxmemory:
        return EVICT_OK
    if policy == MAXMEMORY_NO_EVICTION:
        return EVICT_FAIL
    if not pool_ready:
        pool_init()
    tofree = used - g.cfg.maxmemory
    allkeys = policy >= MAXMEMORY_ALLKEYS_LRU
    random = policy == MAXMEMORY_VOLATILE_RANDOM or policy == MAXMEMORY_ALLKEYS_RANDOM
    limit_us = time_limit_us()
    start = monotonic_us()
    while freed < tofree:
        if random:
            db = pick_random(allkeys, &k, &n)
        else:
            db = pick_from_pool(allkeys, &k, &n)
        if db == NULL:
            return EVICT_FAIL
        before = zmalloc_used_memory()
        db_delete(db, k, n)
        signal_modified_key(db, k, n)
        if not random:
            # The key name lives in the pool slot: release it only now.
            for i in range(POOL_SIZE):
                if pool[i].key == k:
                    pool_clear_slot(&pool[i])
                    break
        freed += before - zmalloc_used_memory()
        g.stat_evictedkeys += 1
        keys_freed += 1
        if keys_freed % 16 == 0 and limit_us >= 0 and monotonic_us() - start > limit_us:
            break
    if evict_used_memory() > g.cfg.maxmemory:
        return EVICT_RUNNING
    return EVICT_OK
