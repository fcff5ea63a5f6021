# Value objects: a 16-byte header (type, encoding, LRU clock) and the payload.
# Strings come in three encodings, as Redis reports them in OBJECT ENCODING:
#   ENC_INT     the value is a 64-bit integer held in the header
#   ENC_EMBSTR  the bytes follow the header in the same allocation (<= 44)
#   ENC_RAW     the header points at a separately allocated RawStr
from libc.stdint cimport uint8_t, uint16_t, uint32_t

cdef enum:
    OBJ_STRING = 0
    OBJ_LIST = 1
    OBJ_SET = 2
    OBJ_ZSET = 3
    OBJ_HASH = 4
    OBJ_MODULE = 5
    OBJ_STREAM = 6
    OBJ_NESTEDHASH = 8     # KeyDB's nested hash (KEYDB.NHSET), t_nhash.pxd

cdef enum:
    ENC_RAW = 0
    ENC_INT = 1
    ENC_HT = 2
    ENC_ZIPMAP = 3
    ENC_LINKEDLIST = 4
    ENC_ZIPLIST = 5
    ENC_INTSET = 6
    ENC_SKIPLIST = 7
    ENC_EMBSTR = 8
    ENC_QUICKLIST = 9
    ENC_STREAM = 10
    ENC_LISTPACK = 11

cdef enum:
    OBJ_FLAG_SHARED = 1        # never freed (shared small integers)
    EMBSTR_SIZE_LIMIT = 44
    SHARED_INTEGERS = 10000
    LRU_CLOCK_MAX = (1 << 24) - 1

cdef union ObjPayload:
    long long ival       # ENC_INT
    size_t len           # ENC_EMBSTR: byte count, bytes follow the header
    void* ptr            # ENC_RAW: RawStr*; other types: their structure

cdef struct RObj:
    uint8_t type
    uint8_t encoding
    uint16_t flags
    uint32_t lru         # LRU clock in seconds (24 bits) or LFU data
    ObjPayload v

cdef struct RawStr:
    size_t len
    size_t alloc         # capacity of data, excluding the terminating NUL
    # data follows

cdef inline char* rawstr_data(RawStr* s) noexcept nogil:
    return (<char*>s) + sizeof(RawStr)

cdef inline char* embstr_data(RObj* o) noexcept nogil:
    return (<char*>o) + sizeof(RObj)

# Guard: g_const after start-up.
cdef RObj* shared_integers[SHARED_INTEGERS]

cdef void object_init() noexcept nogil
cdef uint32_t lru_clock() noexcept nogil                  # needs the keyspace lock (time)
# The access-tracking word of an object: with an LFU maxmemory-policy it is
# Redis's LFU layout (16-bit minutes << 8 | 8-bit logarithmic counter),
# otherwise the LRU clock in seconds.
cdef uint32_t access_init() noexcept nogil                  # for a new object
cdef void object_touch(RObj* o) noexcept nogil              # record an access
cdef int lfu_counter(RObj* o) noexcept nogil                # decayed counter (OBJECT FREQ)

# String constructors. The bytes are copied.
cdef RObj* create_string(const char* p, size_t n) noexcept nogil            # embstr or raw by size
cdef RObj* create_raw_string(const char* p, size_t n, size_t extra) noexcept nogil
# Like Redis's tryObjectEncoding on a new value: int (shared when small) if the
# bytes are a canonical integer of <= 20 chars, else embstr/raw by size.
cdef RObj* create_string_encoded(const char* p, size_t n) noexcept nogil
cdef RObj* create_string_from_ll(long long v) noexcept nogil                # int encoding
cdef void free_object(void* o) noexcept nogil                               # no-op on shared
# A deep copy with the same type and encoding (COPY, MOVE-like commands).
# Other types extend this when they land.
cdef RObj* object_dup(RObj* o) noexcept nogil

# Hooks of the aggregate types (list, set, zset, hash, stream). Each type's
# module fills its slot when it is imported (the command table cimports every
# handler module, so all are imported before a worker starts); free_object,
# object_dup and object_memory dispatch through them for every type other
# than OBJ_STRING.
ctypedef void (*TypeFree)(RObj* o) noexcept nogil           # release the payload, not the header
ctypedef RObj* (*TypeDup)(RObj* o) noexcept nogil           # a deep copy (new header too)
ctypedef size_t (*TypeMemory)(RObj* o, size_t samples) noexcept nogil   # payload bytes; samples 0 = all
cdef struct TypeOps:
    TypeFree free
    TypeDup dup
    TypeMemory memory
# Guard: g_const (written at import, before the workers start).
cdef TypeOps type_ops[9]
# A new header for an aggregate value whose payload the caller supplies.
cdef RObj* create_object(int type, int encoding, void* ptr) noexcept nogil
# object_memory with MEMORY USAGE's SAMPLES for aggregates (0 = every element).
cdef size_t object_memory_sampled(RObj* o, size_t samples) noexcept nogil

# Read a string object's bytes. For ENC_INT the digits are written into buf
# (>= 32 bytes) and *p points there.
cdef size_t string_bytes(RObj* o, char* buf, const char** p) noexcept nogil
cdef size_t string_len(RObj* o) noexcept nogil
# Make a string object writable in place as ENC_RAW with room for `need`
# bytes; returns the (possibly new) object, the caller stores it back.
cdef RObj* string_make_raw(RObj* o, size_t need) noexcept nogil
cdef int object_to_ll(RObj* o, long long* out) noexcept nogil             # 1 if integer
cdef const char* encoding_name(RObj* o) noexcept nogil
cdef const char* type_name(RObj* o) noexcept nogil
cdef size_t object_memory(RObj* o) noexcept nogil                           # allocator bytes
