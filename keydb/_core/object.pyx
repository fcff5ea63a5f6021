"""Value objects and the string encodings (int, embstr, raw)."""
from libc.stdint cimport uint8_t, uint32_t
from libc.string cimport memcpy
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree, zmalloc_size
from keydb._core.util cimport string2ll, ll2string
from keydb._core.state cimport g, policy_is_lfu
from libc.stdlib cimport rand, RAND_MAX


cdef uint32_t lru_clock() noexcept nogil:
    # Seconds, from the batch's frozen time: no clock call per access.
    return <uint32_t>((g.cmd_time_ms // 1000) & LRU_CLOCK_MAX)


cdef enum:
    LFU_INIT_VAL = 5


cdef inline uint32_t lfu_minutes() noexcept nogil:
    return <uint32_t>((g.cmd_time_ms // 60000) & 0xFFFF)


cdef uint32_t access_init() noexcept nogil:
    if policy_is_lfu(g.cfg.maxmemory_policy):
        return (lfu_minutes() << 8) | LFU_INIT_VAL
    return lru_clock()


cdef int lfu_counter(RObj* o) noexcept nogil:
    # The counter after decay: one step per lfu-decay-time minutes elapsed.
    cdef uint32_t then = o.lru >> 8
    cdef uint32_t now = lfu_minutes()
    cdef uint32_t elapsed = now - then if now >= then else 65535 - then + now
    cdef int counter = o.lru & 255
    cdef uint32_t periods = elapsed // <uint32_t>g.cfg.lfu_decay_time if g.cfg.lfu_decay_time else 0
    return 0 if periods > <uint32_t>counter else counter - <int>periods


cdef void object_touch(RObj* o) noexcept nogil:
    cdef int counter
    cdef double p
    if o.flags & OBJ_FLAG_SHARED:
        return
    if not policy_is_lfu(g.cfg.maxmemory_policy):
        o.lru = lru_clock()
        return
    # Logarithmic increment: the higher the counter, the less likely a bump.
    counter = lfu_counter(o)
    if counter < 255:
        p = 1.0 / ((counter - LFU_INIT_VAL if counter > LFU_INIT_VAL else 0) * g.cfg.lfu_log_factor + 1)
        if <double>rand() / RAND_MAX < p:
            counter += 1
    o.lru = (lfu_minutes() << 8) | <uint32_t>counter


cdef void object_init() noexcept nogil:
    cdef int i
    for i in range(SHARED_INTEGERS):
        shared_integers[i] = create_string_from_ll(i)
        shared_integers[i].flags = OBJ_FLAG_SHARED


cdef inline RObj* new_header(size_t extra) noexcept nogil:
    cdef RObj* o = <RObj*>zmalloc(sizeof(RObj) + extra)
    o.type = OBJ_STRING
    o.flags = 0
    o.lru = access_init()
    return o


cdef RObj* create_raw_string(const char* p, size_t n, size_t extra) noexcept nogil:
    cdef RObj* o = new_header(0)
    cdef RawStr* s = <RawStr*>zmalloc(sizeof(RawStr) + n + extra + 1)
    s.len = n
    s.alloc = zmalloc_size(s) - sizeof(RawStr) - 1
    if n:
        memcpy(rawstr_data(s), p, n)
    rawstr_data(s)[n] = 0
    o.encoding = ENC_RAW
    o.v.ptr = s
    return o


cdef RObj* create_string(const char* p, size_t n) noexcept nogil:
    cdef RObj* o
    if n > EMBSTR_SIZE_LIMIT:
        return create_raw_string(p, n, 0)
    o = new_header(n + 1)
    o.encoding = ENC_EMBSTR
    o.v.len = n
    if n:
        memcpy(embstr_data(o), p, n)
    embstr_data(o)[n] = 0
    return o


cdef RObj* create_string_from_ll(long long v) noexcept nogil:
    cdef RObj* o = new_header(0)
    o.encoding = ENC_INT
    o.v.ival = v
    return o


cdef RObj* create_string_encoded(const char* p, size_t n) noexcept nogil:
    cdef long long v
    if n <= 20 and string2ll(p, n, &v):
        if 0 <= v < SHARED_INTEGERS:
            return shared_integers[v]
        return create_string_from_ll(v)
    return create_string(p, n)


cdef void free_object(void* ptr) noexcept nogil:
    cdef RObj* o = <RObj*>ptr
    if o.flags & OBJ_FLAG_SHARED:
        return
    if o.type != OBJ_STRING:
        type_ops[o.type].free(o)
    elif o.encoding == ENC_RAW:
        zfree(o.v.ptr)
    zfree(o)


cdef RObj* create_object(int type, int encoding, void* ptr) noexcept nogil:
    cdef RObj* o = new_header(0)
    o.type = <uint8_t>type
    o.encoding = <uint8_t>encoding
    o.v.ptr = ptr
    return o


cdef RObj* object_dup(RObj* o) noexcept nogil:
    cdef RObj* r
    cdef RawStr* s
    if o.flags & OBJ_FLAG_SHARED:
        return o
    if o.type != OBJ_STRING:
        r = type_ops[o.type].dup(o)
    elif o.encoding == ENC_INT:
        r = create_string_from_ll(o.v.ival)
    elif o.encoding == ENC_EMBSTR:
        r = create_string(embstr_data(o), o.v.len)
    else:
        s = <RawStr*>o.v.ptr
        r = create_raw_string(rawstr_data(s), s.len, 0)
    r.lru = o.lru
    return r


cdef size_t string_bytes(RObj* o, char* buf, const char** p) noexcept nogil:
    if o.encoding == ENC_EMBSTR:
        p[0] = embstr_data(o)
        return o.v.len
    if o.encoding == ENC_RAW:
        p[0] = rawstr_data(<RawStr*>o.v.ptr)
        return (<RawStr*>o.v.ptr).len
    p[0] = buf
    return <size_t>ll2string(buf, 32, o.v.ival)


cdef size_t string_len(RObj* o) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    return string_bytes(o, buf, &p)


cdef RObj* string_make_raw(RObj* o, size_t need) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    cdef size_t n
    cdef RawStr* s
    cdef size_t grow
    if o.encoding == ENC_RAW and not (o.flags & OBJ_FLAG_SHARED):
        s = <RawStr*>o.v.ptr
        if s.alloc < need:
            # Greedy growth as sds does: double below 1MB, +1MB above.
            grow = need * 2 if need < 1024 * 1024 else need + 1024 * 1024
            s = <RawStr*>zrealloc(s, sizeof(RawStr) + grow + 1)
            s.alloc = zmalloc_size(s) - sizeof(RawStr) - 1
            o.v.ptr = s
        return o
    n = string_bytes(o, buf, &p)
    cdef RObj* r = create_raw_string(p, n, need - n if need > n else 0)
    r.lru = o.lru
    free_object(o)
    return r


cdef int object_to_ll(RObj* o, long long* out) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    cdef size_t n
    if o.encoding == ENC_INT:
        out[0] = o.v.ival
        return 1
    n = string_bytes(o, buf, &p)
    return string2ll(p, n, out)


cdef const char* encoding_name(RObj* o) noexcept nogil:
    if o.encoding == ENC_RAW: return b"raw"
    if o.encoding == ENC_INT: return b"int"
    if o.encoding == ENC_HT: return b"hashtable"
    if o.encoding == ENC_INTSET: return b"intset"
    if o.encoding == ENC_SKIPLIST: return b"skiplist"
    if o.encoding == ENC_EMBSTR: return b"embstr"
    if o.encoding == ENC_QUICKLIST: return b"quicklist"
    if o.encoding == ENC_STREAM: return b"stream"
    if o.encoding == ENC_LISTPACK: return b"listpack"
    return b"unknown"


cdef const char* type_name(RObj* o) noexcept nogil:
    if o.type == OBJ_STRING: return b"string"
    if o.type == OBJ_LIST: return b"list"
    if o.type == OBJ_SET: return b"set"
    if o.type == OBJ_ZSET: return b"zset"
    if o.type == OBJ_HASH: return b"hash"
    if o.type == OBJ_STREAM: return b"stream"
    if o.type == OBJ_NESTEDHASH: return b"unknown"     # as KeyDB's TYPE reports it
    return b"none"


cdef size_t object_memory(RObj* o) noexcept nogil:
    return object_memory_sampled(o, 0)


cdef size_t object_memory_sampled(RObj* o, size_t samples) noexcept nogil:
    cdef size_t n = zmalloc_size(o)
    if o.type != OBJ_STRING:
        n += type_ops[o.type].memory(o, samples)
    elif o.encoding == ENC_RAW:
        n += zmalloc_size(o.v.ptr)
    return n
