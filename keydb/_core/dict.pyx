"""Hash table: chained buckets, incremental rehash, SipHash-1-3 keyed hashing.

Like Redis's dict, a table grows when it holds as many entries as buckets and
moves one bucket per operation to the new table while both exist, so no single
command pays for a resize. The scan cursor walks bucket indexes in reversed-bit
order, which keeps its guarantee across resizes.
"""
from libc.stdint cimport uint8_t, uint32_t, uint64_t
from libc.string cimport memcmp, memcpy, memset
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.util cimport monotonic_us

cdef uint64_t k0 = 0x0706050403020100ULL
cdef uint64_t k1 = 0x0f0e0d0c0b0a0908ULL
cdef unsigned long rand_state = 0x2545F4914F6CDD1DULL

cdef enum:
    INITIAL_SIZE = 4
    MIN_FILL_PERCENT = 10


cdef void dict_seed(const uint8_t* seed16) noexcept nogil:
    global k0, k1, rand_state
    memcpy(&k0, seed16, 8)
    memcpy(&k1, seed16 + 8, 8)
    rand_state = k0 ^ k1 ^ 0x9E3779B97F4A7C15ULL


cdef inline uint64_t rotl(uint64_t x, int b) noexcept nogil:
    return (x << b) | (x >> (64 - b))


cdef inline unsigned long next_random() noexcept nogil:
    # xorshift64*: cheap randomness for RANDOMKEY and sampling, not security.
    global rand_state
    rand_state ^= rand_state >> 12
    rand_state ^= rand_state << 25
    rand_state ^= rand_state >> 27
    return rand_state * 2685821657736338717ULL


cdef uint64_t dict_hash(const char* k, size_t n) noexcept nogil:
    # SipHash-1-3 (one compression round per block, three finalization rounds).
    cdef uint64_t v0 = 0x736f6d6570736575ULL ^ k0
    cdef uint64_t v1 = 0x646f72616e646f6dULL ^ k1
    cdef uint64_t v2 = 0x6c7967656e657261ULL ^ k0
    cdef uint64_t v3 = 0x7465646279746573ULL ^ k1
    cdef uint64_t m, b = (<uint64_t>n) << 56
    cdef const uint8_t* p = <const uint8_t*>k
    cdef size_t left = n
    cdef int i
    while left >= 8:
        memcpy(&m, p, 8)
        v3 ^= m
        v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
        v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
        v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
        v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
        v0 ^= m
        p += 8
        left -= 8
    for i in range(<int>left):
        b |= (<uint64_t>p[i]) << (8 * i)
    v3 ^= b
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
    v0 ^= b
    v2 ^= 0xff
    for i in range(3):
        v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
        v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
        v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
        v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
    return v0 ^ v1 ^ v2 ^ v3


cdef Dict* dict_create(DictFreeVal free_val) noexcept nogil:
    cdef Dict* d = <Dict*>zmalloc(sizeof(Dict))
    memset(d, 0, sizeof(Dict))
    d.rehashidx = -1
    d.free_val = free_val
    return d


cdef inline void free_table(Dict* d, int t) noexcept nogil:
    cdef unsigned long i
    cdef DictEntry* e
    cdef DictEntry* nxt
    for i in range(d.size[t]):
        e = d.table[t][i]
        while e != NULL:
            nxt = e.next
            dict_free_entry(d, e)
            e = nxt
    zfree(d.table[t])
    d.table[t] = NULL
    d.size[t] = 0
    d.used[t] = 0


cdef void dict_clear(Dict* d) noexcept nogil:
    free_table(d, 0)
    free_table(d, 1)
    d.rehashidx = -1


cdef void dict_release(Dict* d) noexcept nogil:
    dict_clear(d)
    zfree(d)


cdef void dict_free_entry(Dict* d, DictEntry* e) noexcept nogil:
    if d.free_val != NULL and e.v.ptr != NULL:
        d.free_val(e.v.ptr)
    zfree(e)


cdef inline unsigned long next_power(unsigned long n) noexcept nogil:
    cdef unsigned long s = INITIAL_SIZE
    while s < n:
        s <<= 1
    return s


cdef void start_resize(Dict* d, unsigned long want) noexcept nogil:
    # Allocate table 1 with `want` buckets (rounded up) and begin rehashing.
    cdef unsigned long size = next_power(want)
    if d.rehashidx != -1 or size == d.size[0]:
        return
    d.table[1] = <DictEntry**>zmalloc(size * sizeof(DictEntry*))
    memset(d.table[1], 0, size * sizeof(DictEntry*))
    d.size[1] = size
    d.used[1] = 0
    if d.size[0] == 0:
        # First allocation: table 1 simply becomes table 0.
        d.table[0] = d.table[1]
        d.size[0] = size
        d.table[1] = NULL
        d.size[1] = 0
        return
    d.rehashidx = 0


cdef int dict_rehash(Dict* d, int n) noexcept nogil:
    cdef int empty_visits = n * 10
    cdef DictEntry* e
    cdef DictEntry* nxt
    cdef unsigned long idx
    if d.rehashidx == -1:
        return 0
    while n > 0 and d.used[0] != 0:
        n -= 1
        while d.table[0][d.rehashidx] == NULL:
            d.rehashidx += 1
            empty_visits -= 1
            if empty_visits == 0:
                return 1
        e = d.table[0][d.rehashidx]
        while e != NULL:
            nxt = e.next
            idx = dict_hash(dict_key(e), e.klen) & (d.size[1] - 1)
            e.next = d.table[1][idx]
            d.table[1][idx] = e
            d.used[0] -= 1
            d.used[1] += 1
            e = nxt
        d.table[0][d.rehashidx] = NULL
        d.rehashidx += 1
    if d.used[0] == 0:
        zfree(d.table[0])
        d.table[0] = d.table[1]
        d.size[0] = d.size[1]
        d.used[0] = d.used[1]
        d.table[1] = NULL
        d.size[1] = 0
        d.used[1] = 0
        d.rehashidx = -1
        return 0
    return 1


cdef int dict_rehash_ms(Dict* d, int ms) noexcept nogil:
    cdef long long start = monotonic_us()
    cdef int rehashes = 0
    while dict_rehash(d, 100):
        rehashes += 100
        if monotonic_us() - start > ms * 1000:
            break
    return rehashes


cdef inline void rehash_step(Dict* d) noexcept nogil:
    if d.rehashidx != -1:
        dict_rehash(d, 1)


cdef DictEntry* dict_find(Dict* d, const char* k, size_t n) noexcept nogil:
    cdef uint64_t h
    cdef DictEntry* e
    cdef int t
    if dict_size(d) == 0:
        return NULL
    rehash_step(d)
    h = dict_hash(k, n)
    for t in range(2):
        if d.size[t] == 0:
            break
        e = d.table[t][h & (d.size[t] - 1)]
        while e != NULL:
            if e.klen == n and memcmp(dict_key(e), k, n) == 0:
                return e
            e = e.next
        if d.rehashidx == -1:
            break
    return NULL


cdef DictEntry* dict_add_or_find(Dict* d, const char* k, size_t n, int* created) noexcept nogil:
    return dict_add_or_find_extra(d, k, n, 0, created)


cdef DictEntry* dict_add_or_find_extra(Dict* d, const char* k, size_t n, size_t extra,
                                       int* created) noexcept nogil:
    cdef DictEntry* e = dict_find(d, k, n)
    cdef unsigned long idx
    cdef int t
    if e != NULL:
        created[0] = 0
        return e
    if d.rehashidx == -1 and d.used[0] >= d.size[0]:
        start_resize(d, d.used[0] + 1 if d.size[0] == 0 else d.size[0] * 2)
    t = 1 if d.rehashidx != -1 else 0
    if extra:
        e = <DictEntry*>zmalloc(((sizeof(DictEntry) + n + 7) & ~(<size_t>7)) + extra)
    else:
        e = <DictEntry*>zmalloc(sizeof(DictEntry) + n)
    e.klen = <uint32_t>n
    e.v.ptr = NULL
    memcpy(dict_key(e), k, n)
    idx = dict_hash(k, n) & (d.size[t] - 1)
    e.next = d.table[t][idx]
    d.table[t][idx] = e
    d.used[t] += 1
    created[0] = 1
    return e


cdef DictEntry* dict_unlink(Dict* d, const char* k, size_t n) noexcept nogil:
    cdef uint64_t h
    cdef DictEntry* e
    cdef DictEntry* prev
    cdef unsigned long idx
    cdef int t
    if dict_size(d) == 0:
        return NULL
    rehash_step(d)
    h = dict_hash(k, n)
    for t in range(2):
        if d.size[t] == 0:
            break
        idx = h & (d.size[t] - 1)
        prev = NULL
        e = d.table[t][idx]
        while e != NULL:
            if e.klen == n and memcmp(dict_key(e), k, n) == 0:
                if prev == NULL:
                    d.table[t][idx] = e.next
                else:
                    prev.next = e.next
                d.used[t] -= 1
                e.next = NULL
                return e
            prev = e
            e = e.next
        if d.rehashidx == -1:
            break
    return NULL


cdef int dict_delete(Dict* d, const char* k, size_t n) noexcept nogil:
    cdef DictEntry* e = dict_unlink(d, k, n)
    if e == NULL:
        return 0
    dict_free_entry(d, e)
    return 1


cdef void dict_try_shrink(Dict* d) noexcept nogil:
    cdef unsigned long used = dict_size(d)
    if d.rehashidx != -1 or d.size[0] <= INITIAL_SIZE:
        return
    if used * 100 // d.size[0] < MIN_FILL_PERCENT:
        start_resize(d, used if used > INITIAL_SIZE else INITIAL_SIZE)


cdef DictEntry* dict_random(Dict* d) noexcept nogil:
    cdef DictEntry* head = NULL
    cdef DictEntry* e
    cdef unsigned long idx, total
    cdef int len_, pick
    if dict_size(d) == 0:
        return NULL
    rehash_step(d)
    while head == NULL:
        if d.rehashidx != -1:
            # Buckets below rehashidx in table 0 are empty.
            total = d.size[0] + d.size[1] - <unsigned long>d.rehashidx
            idx = <unsigned long>d.rehashidx + next_random() % total
            if idx >= d.size[0]:
                head = d.table[1][idx - d.size[0]]
            else:
                head = d.table[0][idx]
        else:
            head = d.table[0][next_random() & (d.size[0] - 1)]
    len_ = 0
    e = head
    while e != NULL:
        len_ += 1
        e = e.next
    pick = <int>(next_random() % <unsigned long>len_)
    e = head
    while pick > 0:
        e = e.next
        pick -= 1
    return e


cdef void dict_iter_init(DictIter* it, Dict* d) noexcept nogil:
    it.d = d
    it.table = 0
    it.index = 0
    it.entry = NULL


cdef DictEntry* dict_iter_next(DictIter* it) noexcept nogil:
    # Buckets of table 0 below rehashidx are empty, so reading both tables
    # whole sees every entry exactly once, rehashing or not.
    cdef DictEntry* e
    while it.entry == NULL:
        if it.table > 1:
            return NULL
        if it.index < it.d.size[it.table]:
            it.entry = it.d.table[it.table][it.index]
            it.index += 1
        else:
            it.table += 1
            it.index = 0
    e = it.entry
    it.entry = e.next
    return e


cdef enum:
    FAIR_SAMPLES = 16


cdef DictEntry* dict_fair_random(Dict* d) noexcept nogil:
    # Walk bucket indexes from a random one (in both tables at once while
    # rehashing), gathering entries until FAIR_SAMPLES, then pick one. An
    # entry's chance no longer depends on its own chain's length, only on
    # how many entries share its window. A sparse table (a set emptied by
    # SPOP, before its shrink) must not make this a long walk: a run of
    # empty buckets jumps to another random index, and the walk stops after
    # 10*FAIR_SAMPLES buckets, falling back to dict_random when it found
    # nothing, as Redis's dictGetSomeKeys does.
    cdef DictEntry* found[FAIR_SAMPLES]
    cdef DictEntry* e
    cdef unsigned long idx, maxmask, steps
    cdef int n = 0, t, empty_run = 0, got
    if dict_size(d) == 0:
        return NULL
    rehash_step(d)
    maxmask = d.size[0] - 1
    if d.rehashidx != -1 and d.size[1] > d.size[0]:
        maxmask = d.size[1] - 1
    idx = next_random() & maxmask
    steps = FAIR_SAMPLES * 10
    while n < FAIR_SAMPLES and steps > 0:
        steps -= 1
        if d.rehashidx != -1 and idx < <unsigned long>d.rehashidx and idx >= d.size[1]:
            # Shrinking: table 0 is empty below rehashidx, table 1 ends here.
            idx = <unsigned long>d.rehashidx
        got = 0
        for t in range(2):
            if t == 1 and d.rehashidx == -1:
                break
            if (t == 0 and d.rehashidx != -1 and idx < <unsigned long>d.rehashidx) \
                    or idx >= d.size[t]:
                continue
            e = d.table[t][idx]
            while e != NULL and n < FAIR_SAMPLES:
                found[n] = e
                n += 1
                got += 1
                e = e.next
        if got:
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > FAIR_SAMPLES:
                empty_run = 0
                idx = next_random() & maxmask
                continue
        idx = (idx + 1) & maxmask
    if n == 0:
        return dict_random(d)
    return found[next_random() % <unsigned long>n]


cdef inline unsigned long rev(unsigned long v) noexcept nogil:
    # Reverse the 64 bits: swap adjacent bits, then pairs, nibbles, bytes, ...
    v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1)
    v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2)
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4)
    v = ((v >> 8) & 0x00FF00FF00FF00FFUL) | ((v & 0x00FF00FF00FF00FFUL) << 8)
    v = ((v >> 16) & 0x0000FFFF0000FFFFUL) | ((v & 0x0000FFFF0000FFFFUL) << 16)
    return (v >> 32) | (v << 32)


cdef inline void scan_bucket(DictEntry* e, DictScanFn fn, void* priv) noexcept nogil:
    cdef DictEntry* nxt
    while e != NULL:
        nxt = e.next
        fn(priv, e)
        e = nxt


cdef unsigned long dict_scan(Dict* d, unsigned long v, DictScanFn fn, void* priv) noexcept nogil:
    cdef unsigned long m0, m1
    cdef DictEntry** t0
    cdef DictEntry** t1
    cdef unsigned long s0, s1
    if dict_size(d) == 0:
        return 0
    if d.rehashidx == -1:
        m0 = d.size[0] - 1
        scan_bucket(d.table[0][v & m0], fn, priv)
        v |= ~m0
        v = rev(v)
        v += 1
        v = rev(v)
        return v
    # Rehashing: visit the smaller table's bucket, then every bucket of the
    # larger table that expands from it.
    t0 = d.table[0]
    t1 = d.table[1]
    s0 = d.size[0]
    s1 = d.size[1]
    if s0 > s1:
        t0 = d.table[1]
        t1 = d.table[0]
        s0 = d.size[1]
        s1 = d.size[0]
    m0 = s0 - 1
    m1 = s1 - 1
    scan_bucket(t0[v & m0], fn, priv)
    while True:
        scan_bucket(t1[v & m1], fn, priv)
        v |= ~m1
        v = rev(v)
        v += 1
        v = rev(v)
        if not (v & (m0 ^ m1)):
            break
    return v
