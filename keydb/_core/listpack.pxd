# Listpack: Redis 7's compact sequence of strings and integers in one
# allocation, byte for byte the format RDB 10 stores (so a value can be
# saved and loaded without conversion):
#   <total bytes u32><count u16> <entry> ... <0xFF>
#   entry = <encoding+data><backlen>, backlen = the entry's size, read backwards.
# Strings that are canonical integers (as SET would store int) are kept as
# integers, like Redis's lpAppend does. count saturates at 65535 and is then
# computed by walking.
#
# Pointers to entries ("p") are only valid until the next call that modifies
# the listpack; modifying calls return the (possibly moved) listpack and
# report the position to continue from through an out-parameter.
from libc.stdint cimport uint8_t, uint32_t

cdef enum:
    LP_BEFORE = 0
    LP_AFTER = 1
    LP_REPLACE = 2
    LP_INT_BUF = 21            # room for any int64 in decimal

# One entry's value: s/len for strings, or s NULL and ll for integers.
cdef struct LpVal:
    const char* s
    size_t len
    long long ll

cdef uint8_t* lp_new() noexcept nogil
cdef void lp_free(uint8_t* lp) noexcept nogil
cdef uint8_t* lp_dup(uint8_t* lp) noexcept nogil
cdef inline uint32_t lp_bytes(const uint8_t* lp) noexcept nogil:
    return (<uint32_t>lp[0]) | (<uint32_t>lp[1] << 8) | (<uint32_t>lp[2] << 16) | (<uint32_t>lp[3] << 24)
cdef unsigned long lp_length(uint8_t* lp) noexcept nogil          # number of entries

# Walking. Each returns NULL past either end (or on an empty listpack).
cdef uint8_t* lp_first(uint8_t* lp) noexcept nogil
cdef uint8_t* lp_last(uint8_t* lp) noexcept nogil
cdef uint8_t* lp_next(uint8_t* lp, uint8_t* p) noexcept nogil
cdef uint8_t* lp_prev(uint8_t* lp, uint8_t* p) noexcept nogil
cdef uint8_t* lp_seek(uint8_t* lp, long index) noexcept nogil      # negative counts from the end

# Reading an entry.
cdef void lp_get(uint8_t* p, LpVal* v) noexcept nogil
# The entry as bytes: integers are formatted into buf (LP_INT_BUF bytes).
cdef const char* lp_get_str(uint8_t* p, size_t* n, char* buf) noexcept nogil
# 1 if the entry is an integer or a string that parses as one (*out set).
cdef int lp_get_ll(uint8_t* p, long long* out) noexcept nogil
# 1 if the entry equals the bytes s[0:n] (an integer entry compares by its digits).
cdef int lp_eq(uint8_t* p, const char* s, size_t n) noexcept nogil
# The first entry from p on, looking at every (skip+1)-th entry, equal to
# s[0:n]; NULL if none. Hashes and zsets pass skip=1 to match only fields.
cdef uint8_t* lp_find(uint8_t* lp, uint8_t* p, const char* s, size_t n, unsigned int skip) noexcept nogil

# Modifying. All return the new listpack pointer (the old one is invalid).
# lp_insert: put s[0:n] before/after p, or replace p; *newp (may be NULL)
# receives the inserted entry. p NULL with LP_BEFORE appends at the end.
cdef uint8_t* lp_insert(uint8_t* lp, const char* s, size_t n, uint8_t* p, int where, uint8_t** newp) noexcept nogil
cdef uint8_t* lp_insert_ll(uint8_t* lp, long long v, uint8_t* p, int where, uint8_t** newp) noexcept nogil
cdef uint8_t* lp_append(uint8_t* lp, const char* s, size_t n) noexcept nogil
cdef uint8_t* lp_prepend(uint8_t* lp, const char* s, size_t n) noexcept nogil
cdef uint8_t* lp_append_ll(uint8_t* lp, long long v) noexcept nogil
# Delete the entry at p; *nextp (may be NULL) is the entry that followed it, or NULL.
cdef uint8_t* lp_delete(uint8_t* lp, uint8_t* p, uint8_t** nextp) noexcept nogil
# Delete num entries starting at p (fewer if the listpack ends first).
cdef uint8_t* lp_delete_range_at(uint8_t* lp, uint8_t* p, unsigned long num) noexcept nogil
cdef uint8_t* lp_delete_range(uint8_t* lp, long index, unsigned long num) noexcept nogil
# Append every entry of `second` to `first`; second is freed. Returns the
# merged listpack (first's old pointer is invalid).
cdef uint8_t* lp_merge(uint8_t* first, uint8_t* second) noexcept nogil

# 1 if adding `add` more bytes keeps the listpack under Redis's 1 GB safety limit.
cdef int lp_safe_to_add(uint8_t* lp, size_t add) noexcept nogil
# Bytes an entry holding s[0:n] takes (for size-threshold checks before insert).
cdef size_t lp_entry_size(const char* s, size_t n) noexcept nogil
