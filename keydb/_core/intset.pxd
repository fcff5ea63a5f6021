# Intset: a sorted array of distinct 64-bit integers in one allocation, the
# compact encoding of sets whose members are all integers (Redis's intset).
# Elements are stored at the narrowest width that holds them all (2, 4 or 8
# bytes); adding a wider value upgrades every element, removing never
# narrows. The layout (header, then little-endian elements in ascending
# order) is Redis's, so the blob is what RDB files carry on little-endian
# hosts. Every function that changes the set may move it: store the result.
from libc.stdint cimport uint32_t, int64_t

cdef struct IntSet:
    uint32_t encoding       # bytes per element: 2, 4 or 8
    uint32_t length         # elements
    # `length` elements of `encoding` bytes follow

cdef IntSet* intset_new() noexcept nogil                                   # empty, 2-byte
cdef IntSet* intset_add(IntSet* s, int64_t v, int* added) noexcept nogil     # *added: 1 new, 0 present
cdef IntSet* intset_remove(IntSet* s, int64_t v, int* removed) noexcept nogil  # *removed: 1 or 0
cdef int intset_find(IntSet* s, int64_t v) noexcept nogil                  # 1 if present
cdef int64_t intset_get(IntSet* s, uint32_t pos) noexcept nogil            # pos < length
cdef IntSet* intset_dup(IntSet* s) noexcept nogil
cdef size_t intset_blob_len(IntSet* s) noexcept nogil                      # header + elements

cdef inline uint32_t intset_len(IntSet* s) noexcept nogil:
    return s.length
