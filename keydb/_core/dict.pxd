# Chained hash table with power-of-two buckets, incremental rehash and a
# keyed SipHash (random seed per process, against hash flooding).
# Keys are binary-safe and stored inside the entry; values are opaque.
from libc.stdint cimport uint8_t, uint32_t, uint64_t, int64_t

cdef union DictVal:
    void* ptr
    int64_t s64

# One allocation per entry: this header, then the key bytes (not terminated).
cdef packed struct DictEntry:
    DictEntry* next
    DictVal v
    uint32_t klen

ctypedef void (*DictFreeVal)(void* val) noexcept nogil

cdef struct Dict:
    DictEntry** table[2]
    unsigned long size[2]      # buckets (0 or a power of two)
    unsigned long used[2]
    long rehashidx             # -1 when not rehashing
    DictFreeVal free_val       # called on values of deleted entries, may be NULL

ctypedef void (*DictScanFn)(void* priv, DictEntry* e) noexcept nogil

cdef inline char* dict_key(DictEntry* e) noexcept nogil:
    return (<char*>e) + sizeof(DictEntry)

cdef inline unsigned long dict_size(Dict* d) noexcept nogil:
    return d.used[0] + d.used[1]

cdef inline unsigned long dict_buckets(Dict* d) noexcept nogil:
    return d.size[0] + d.size[1]

# The bucket that holds (or would hold) a key of hash h in the main table,
# NULL when the table is empty. For prefetching only: the key may live in
# the rehash target instead.
cdef inline DictEntry** dict_bucket(Dict* d, uint64_t h) noexcept nogil:
    if d.size[0] == 0:
        return NULL
    return &d.table[0][h & (d.size[0] - 1)]

cdef void dict_seed(const uint8_t* seed16) noexcept nogil     # call once before use
cdef uint64_t dict_hash(const char* k, size_t n) noexcept nogil
cdef Dict* dict_create(DictFreeVal free_val) noexcept nogil
cdef void dict_release(Dict* d) noexcept nogil                 # frees entries, values, table
cdef void dict_clear(Dict* d) noexcept nogil                   # empties, keeps the Dict
cdef DictEntry* dict_find(Dict* d, const char* k, size_t n) noexcept nogil   # NULL if absent
# Find the entry for k or insert a new one with v.ptr NULL; *created says which.
cdef DictEntry* dict_add_or_find(Dict* d, const char* k, size_t n, int* created) noexcept nogil
# The same, but a new entry is allocated with `extra` more bytes after its
# key, 8-byte aligned, at dict_entry_extra(e), left uninitialised for the
# owner to keep something there (a sorted set keeps its skiplist node, so
# that one allocation holds the member, the hash entry and the node). The
# extra bytes go with the entry when it is freed.
cdef DictEntry* dict_add_or_find_extra(Dict* d, const char* k, size_t n, size_t extra,
                                       int* created) noexcept nogil

cdef inline void* dict_entry_extra(DictEntry* e) noexcept nogil:
    return (<char*>e) + ((sizeof(DictEntry) + e.klen + 7) & ~(<size_t>7))
# Unlink the entry for k and return it (caller frees with dict_free_entry), NULL if absent.
cdef DictEntry* dict_unlink(Dict* d, const char* k, size_t n) noexcept nogil
cdef void dict_free_entry(Dict* d, DictEntry* e) noexcept nogil  # frees value (free_val) and entry
cdef int dict_delete(Dict* d, const char* k, size_t n) noexcept nogil   # 1 deleted, 0 absent
cdef int dict_rehash(Dict* d, int n) noexcept nogil           # n bucket moves; 1 if more remain
cdef int dict_rehash_ms(Dict* d, int ms) noexcept nogil
cdef void dict_try_shrink(Dict* d) noexcept nogil              # start a shrink if under 10% full
cdef DictEntry* dict_random(Dict* d) noexcept nogil            # NULL if empty
# A random entry with far less bias toward short chains than dict_random:
# one of up to 16 entries gathered from consecutive buckets after a random
# one, chosen uniformly (SPOP, SRANDMEMBER). NULL if empty.
cdef DictEntry* dict_fair_random(Dict* d) noexcept nogil
# A walk over every entry, table 0 then table 1, each entry once. Nothing
# may change the dict until the walk ends: no add or delete, and neither
# dict_find, dict_unlink nor dict_random, which move a rehash step.
cdef struct DictIter:
    Dict* d
    int table
    unsigned long index        # next bucket to open in d.table[table]
    DictEntry* entry           # next entry to return, NULL: open a bucket
cdef void dict_iter_init(DictIter* it, Dict* d) noexcept nogil
cdef DictEntry* dict_iter_next(DictIter* it) noexcept nogil     # NULL at the end
# Reverse-binary cursor scan (every entry present for the whole scan is visited).
cdef unsigned long dict_scan(Dict* d, unsigned long cursor, DictScanFn fn, void* priv) noexcept nogil
