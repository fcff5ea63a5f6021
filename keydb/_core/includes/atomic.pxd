# Typed atomics from atomic.h (GCC builtins).
from libc.stdint cimport uint64_t

cdef extern from "atomic.h" nogil:
    long long atomic_add_ll(long long* p, long long v)
    long long atomic_get_ll(long long* p)
    void atomic_set_ll(long long* p, long long v)
    int atomic_get_int(int* p)
    void atomic_set_int(int* p, int v)
    int atomic_add_int(int* p, int v)
    uint64_t atomic_incr_u64(uint64_t* p)
