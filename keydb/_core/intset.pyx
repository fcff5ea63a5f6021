"""Intset: the sorted integer array behind sets of integers (see intset.pxd).

The blob is resized to its exact size on every change, as Redis does: a
set small enough for this encoding pays a memmove per insert, and no
spare capacity. Elements are read and written through memcpy, so the
array needs no alignment; on the little-endian hosts we build for the
native byte order is the stored one.
"""
from libc.stdint cimport int16_t, int32_t, int64_t, uint32_t, INT16_MIN, INT16_MAX, INT32_MIN, INT32_MAX
from libc.string cimport memcpy, memmove
from keydb._core.zmalloc cimport zmalloc, zrealloc


cdef inline char* contents(IntSet* s) noexcept nogil:
    return (<char*>s) + sizeof(IntSet)


cdef inline uint32_t width_for(int64_t v) noexcept nogil:
    # The narrowest element width that holds v.
    if v < INT32_MIN or v > INT32_MAX:
        return 8
    if v < INT16_MIN or v > INT16_MAX:
        return 4
    return 2


cdef inline int64_t get_at(IntSet* s, uint32_t pos, uint32_t width) noexcept nogil:
    # Element pos read as `width` bytes (the current width, or an older one
    # while upgrading).
    cdef int64_t v64
    cdef int32_t v32
    cdef int16_t v16
    if width == 8:
        memcpy(&v64, contents(s) + <size_t>pos * 8, 8)
        return v64
    if width == 4:
        memcpy(&v32, contents(s) + <size_t>pos * 4, 4)
        return v32
    memcpy(&v16, contents(s) + <size_t>pos * 2, 2)
    return v16


cdef inline void set_at(IntSet* s, uint32_t pos, int64_t v) noexcept nogil:
    cdef int32_t v32
    cdef int16_t v16
    if s.encoding == 8:
        memcpy(contents(s) + <size_t>pos * 8, &v, 8)
    elif s.encoding == 4:
        v32 = <int32_t>v
        memcpy(contents(s) + <size_t>pos * 4, &v32, 4)
    else:
        v16 = <int16_t>v
        memcpy(contents(s) + <size_t>pos * 2, &v16, 2)


cdef inline IntSet* resize(IntSet* s, uint32_t length) noexcept nogil:
    return <IntSet*>zrealloc(s, sizeof(IntSet) + <size_t>length * s.encoding)


cdef int search(IntSet* s, int64_t v, uint32_t* pos) noexcept nogil:
    # Binary search: 1 with *pos at v, or 0 with *pos where v would go.
    cdef uint32_t lo = 0, hi, mid
    cdef int64_t cur
    if s.length == 0:
        pos[0] = 0
        return 0
    # Appending and prepending are common: settle them without a search.
    if v > get_at(s, s.length - 1, s.encoding):
        pos[0] = s.length
        return 0
    if v < get_at(s, 0, s.encoding):
        pos[0] = 0
        return 0
    hi = s.length
    while lo < hi:
        mid = lo + (hi - lo) // 2
        cur = get_at(s, mid, s.encoding)
        if cur == v:
            pos[0] = mid
            return 1
        if cur < v:
            lo = mid + 1
        else:
            hi = mid
    pos[0] = lo
    return 0


cdef IntSet* upgrade_and_add(IntSet* s, int64_t v) noexcept nogil:
    # v needs a wider element than s has, so it is below every element
    # (negative) or above them all: widen from the last element down (the
    # new slots never overlap unread old ones), then put v at an end.
    cdef uint32_t old = s.encoding
    cdef uint32_t n = s.length
    cdef uint32_t front = 1 if v < 0 else 0
    cdef uint32_t i = n
    s.encoding = width_for(v)
    s = resize(s, n + 1)
    while i > 0:
        i -= 1
        set_at(s, i + front, get_at(s, i, old))
    if front:
        set_at(s, 0, v)
    else:
        set_at(s, n, v)
    s.length = n + 1
    return s


cdef IntSet* intset_new() noexcept nogil:
    cdef IntSet* s = <IntSet*>zmalloc(sizeof(IntSet))
    s.encoding = 2
    s.length = 0
    return s


cdef IntSet* intset_add(IntSet* s, int64_t v, int* added) noexcept nogil:
    cdef uint32_t pos
    if width_for(v) > s.encoding:
        added[0] = 1
        return upgrade_and_add(s, v)
    if search(s, v, &pos):
        added[0] = 0
        return s
    s = resize(s, s.length + 1)
    if pos < s.length:
        memmove(contents(s) + <size_t>(pos + 1) * s.encoding, contents(s) + <size_t>pos * s.encoding,
                <size_t>(s.length - pos) * s.encoding)
    set_at(s, pos, v)
    s.length += 1
    added[0] = 1
    return s


cdef IntSet* intset_remove(IntSet* s, int64_t v, int* removed) noexcept nogil:
    cdef uint32_t pos
    if width_for(v) > s.encoding or not search(s, v, &pos):
        removed[0] = 0
        return s
    if pos + 1 < s.length:
        memmove(contents(s) + <size_t>pos * s.encoding, contents(s) + <size_t>(pos + 1) * s.encoding,
                <size_t>(s.length - pos - 1) * s.encoding)
    s.length -= 1
    removed[0] = 1
    return resize(s, s.length)


cdef int intset_find(IntSet* s, int64_t v) noexcept nogil:
    cdef uint32_t pos
    return width_for(v) <= s.encoding and search(s, v, &pos)


cdef int64_t intset_get(IntSet* s, uint32_t pos) noexcept nogil:
    return get_at(s, pos, s.encoding)


cdef size_t intset_blob_len(IntSet* s) noexcept nogil:
    return sizeof(IntSet) + <size_t>s.length * s.encoding


cdef IntSet* intset_dup(IntSet* s) noexcept nogil:
    cdef size_t n = intset_blob_len(s)
    cdef IntSet* r = <IntSet*>zmalloc(n)
    memcpy(r, s, n)
    return r
