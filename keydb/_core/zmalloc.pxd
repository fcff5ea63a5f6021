# zmalloc: the one allocation wrapper of the core. Every byte the keyspace
# holds goes through it, so used_memory (INFO, MEMORY USAGE, maxmemory) is
# the sum of the usable sizes the allocator handed out.
from libc.stdlib cimport malloc, free, realloc
from keydb._core.includes.atomic cimport atomic_add_ll, atomic_get_ll

cdef extern from "<malloc.h>" nogil:
    size_t malloc_usable_size(void* p)

# Guard: atomic. Bytes currently allocated through zmalloc.
cdef long long zm_used

cdef void zmalloc_oom(size_t n) noexcept nogil   # logs and aborts: Redis's policy

cdef inline void* zmalloc(size_t n) noexcept nogil:
    cdef void* p = malloc(n)
    if p == NULL:
        zmalloc_oom(n)
    atomic_add_ll(&zm_used, <long long>malloc_usable_size(p))
    return p

cdef inline void* zrealloc(void* p, size_t n) noexcept nogil:
    cdef long long old = 0
    if p != NULL:
        old = <long long>malloc_usable_size(p)
    cdef void* q = realloc(p, n)
    if q == NULL:
        zmalloc_oom(n)
    atomic_add_ll(&zm_used, <long long>malloc_usable_size(q) - old)
    return q

cdef inline void zfree(void* p) noexcept nogil:
    if p != NULL:
        atomic_add_ll(&zm_used, -<long long>malloc_usable_size(p))
        free(p)

cdef inline size_t zmalloc_size(void* p) noexcept nogil:
    return malloc_usable_size(p)

cdef inline long long zmalloc_used_memory() noexcept nogil:
    return atomic_get_ll(&zm_used)

cdef const char* zmalloc_allocator_name() noexcept nogil   # "jemalloc-5.3.0" or "libc"
cdef size_t zmalloc_get_rss() noexcept nogil               # resident set size in bytes
