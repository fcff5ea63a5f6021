"""Listpack: a compact sequence of strings and integers in one allocation.

The byte layout is Redis 7's, so RDB 10 values can be stored as they are:

    <total bytes: u32 LE> <count: u16 LE> <entry> ... <entry> <0xFF>

Each entry is <encoding byte(s)><data><backlen>. The first byte says what
follows:

    0xxxxxxx                 integer 0..127
    10xxxxxx <bytes>         string of up to 63 bytes
    110xxxxx yyyyyyyy        13-bit signed integer
    1110xxxx yyyyyyyy <bytes> string of up to 4095 bytes
    0xF0 <u32 len> <bytes>   longer string
    0xF1 / 0xF2 / 0xF3 / 0xF4 <2/3/4/8 bytes>   16/24/32/64-bit integer
    0xFF                     end of the listpack

Negative integers are stored in two's complement of the field's width. The
backlen is the size of <encoding><data> in 1 to 5 bytes, written so it can be
read from its last byte backwards (7 bits per byte, the high bit set on every
byte but the first one written), which makes walking backwards possible.

Strings that are canonical integers are stored as integers. Because every
insert goes through that rule, a string entry never holds the digits of an
integer, which lets lp_find compare integers with integers only.

The count in the header saturates at 65535 ("unknown"); lp_length then walks
and writes the exact count back once it fits again.
"""
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t, int64_t, UINT16_MAX
from libc.string cimport memcpy, memmove, memcmp
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.util cimport string2ll, ll2string

cdef enum:
    HDR_SIZE = 6
    EOF_BYTE = 0xFF
    COUNT_UNKNOWN = 65535
    SAFETY_SIZE = 1 << 30          # Redis's LISTPACK_MAX_SAFETY_SIZE

    ENC_7BIT_UINT = 0x00
    ENC_6BIT_STR = 0x80
    ENC_13BIT_INT = 0xC0
    ENC_12BIT_STR = 0xE0
    ENC_32BIT_STR = 0xF0
    ENC_16BIT_INT = 0xF1
    ENC_24BIT_INT = 0xF2
    ENC_32BIT_INT = 0xF3
    ENC_64BIT_INT = 0xF4


# ---- header -------------------------------------------------------------------

cdef inline void set_bytes(uint8_t* lp, uint32_t n) noexcept nogil:
    lp[0] = n & 0xFF
    lp[1] = (n >> 8) & 0xFF
    lp[2] = (n >> 16) & 0xFF
    lp[3] = (n >> 24) & 0xFF


cdef inline uint32_t get_count(const uint8_t* lp) noexcept nogil:
    return <uint32_t>lp[4] | (<uint32_t>lp[5] << 8)


cdef inline void set_count(uint8_t* lp, uint32_t n) noexcept nogil:
    if n > COUNT_UNKNOWN:
        n = COUNT_UNKNOWN
    lp[4] = n & 0xFF
    lp[5] = (n >> 8) & 0xFF


cdef inline void add_count(uint8_t* lp, int delta) noexcept nogil:
    # Keep the header count exact while it is known; "unknown" stays unknown.
    cdef uint32_t n = get_count(lp)
    if n != COUNT_UNKNOWN:
        set_count(lp, <uint32_t>(<long>n + delta))


# ---- entry sizes --------------------------------------------------------------

cdef inline size_t backlen_size(size_t l) noexcept nogil:
    if l <= 127:
        return 1
    if l < 16383:
        return 2
    if l < 2097151:
        return 3
    if l < 268435455:
        return 4
    return 5


cdef inline void write_backlen(uint8_t* out, size_t l) noexcept nogil:
    # Most significant group first; every byte after the first has bit 7 set,
    # so a reader starting at the last byte knows when to stop.
    cdef size_t n = backlen_size(l)
    cdef size_t i
    out[0] = <uint8_t>((l >> (7 * (n - 1))) & 127)
    for i in range(1, n):
        out[i] = <uint8_t>(((l >> (7 * (n - 1 - i))) & 127) | 128)


cdef inline size_t read_backlen(const uint8_t* last) noexcept nogil:
    # `last` is the final byte of a backlen; returns the size it encodes.
    cdef size_t v = 0
    cdef int shift = 0
    while True:
        v |= (<size_t>(last[0] & 127)) << shift
        if not (last[0] & 128) or shift >= 28:
            break
        shift += 7
        last -= 1
    return v


cdef inline size_t string_header_size(size_t n) noexcept nogil:
    if n < 64:
        return 1
    if n < 4096:
        return 2
    return 5


cdef inline size_t encoded_size(const uint8_t* p) noexcept nogil:
    # Size of the entry at p without its backlen.
    cdef uint8_t b = p[0]
    if b < 0x80:
        return 1
    if b < 0xC0:
        return 1 + (b & 0x3F)
    if b < 0xE0:
        return 2
    if b < 0xF0:
        return 2 + ((<size_t>(b & 0x0F) << 8) | p[1])
    if b == ENC_32BIT_STR:
        return 5 + (<size_t>p[1] | (<size_t>p[2] << 8) | (<size_t>p[3] << 16) | (<size_t>p[4] << 24))
    if b == ENC_16BIT_INT:
        return 3
    if b == ENC_24BIT_INT:
        return 4
    if b == ENC_32BIT_INT:
        return 5
    return 9                       # ENC_64BIT_INT


cdef inline size_t entry_size(const uint8_t* p) noexcept nogil:
    cdef size_t l = encoded_size(p)
    return l + backlen_size(l)


cdef size_t encode_int(long long v, uint8_t* out) noexcept nogil:
    # The smallest integer encoding of v into out (<= 9 bytes); its size.
    cdef uint64_t u
    if 0 <= v <= 127:
        out[0] = <uint8_t>v
        return 1
    if -4096 <= v <= 4095:
        u = <uint64_t>(v if v >= 0 else (1 << 13) + v)
        out[0] = <uint8_t>(ENC_13BIT_INT | (u >> 8))
        out[1] = u & 0xFF
        return 2
    if -32768 <= v <= 32767:
        u = <uint64_t>(v if v >= 0 else (1 << 16) + v)
        out[0] = ENC_16BIT_INT
        out[1] = u & 0xFF
        out[2] = (u >> 8) & 0xFF
        return 3
    if -8388608 <= v <= 8388607:
        u = <uint64_t>(v if v >= 0 else (1 << 24) + v)
        out[0] = ENC_24BIT_INT
        out[1] = u & 0xFF
        out[2] = (u >> 8) & 0xFF
        out[3] = (u >> 16) & 0xFF
        return 4
    if -2147483648 <= v <= 2147483647:
        u = <uint64_t>(v if v >= 0 else (<long long>1 << 32) + v)
        out[0] = ENC_32BIT_INT
        out[1] = u & 0xFF
        out[2] = (u >> 8) & 0xFF
        out[3] = (u >> 16) & 0xFF
        out[4] = (u >> 24) & 0xFF
        return 5
    cdef int i
    u = <uint64_t>v
    out[0] = ENC_64BIT_INT
    for i in range(8):
        out[1 + i] = (u >> (8 * i)) & 0xFF
    return 9


cdef size_t encode_string_header(size_t n, uint8_t* out) noexcept nogil:
    if n < 64:
        out[0] = <uint8_t>(ENC_6BIT_STR | n)
        return 1
    if n < 4096:
        out[0] = <uint8_t>(ENC_12BIT_STR | (n >> 8))
        out[1] = n & 0xFF
        return 2
    out[0] = ENC_32BIT_STR
    out[1] = n & 0xFF
    out[2] = (n >> 8) & 0xFF
    out[3] = (n >> 16) & 0xFF
    out[4] = (n >> 24) & 0xFF
    return 5


cdef inline long long sign_extend(uint64_t u, int bits) noexcept nogil:
    if u >= (<uint64_t>1 << (bits - 1)):
        return <long long>u - (<long long>1 << bits)
    return <long long>u


cdef inline int as_integer(const char* s, size_t n, long long* v) noexcept nogil:
    # Redis's rule for storing a string as an integer: canonical, <= 20 chars.
    return n <= 20 and string2ll(s, n, v)


# ---- create, free -------------------------------------------------------------

cdef uint8_t* lp_new() noexcept nogil:
    cdef uint8_t* lp = <uint8_t*>zmalloc(HDR_SIZE + 1)
    set_bytes(lp, HDR_SIZE + 1)
    set_count(lp, 0)
    lp[HDR_SIZE] = EOF_BYTE
    return lp


cdef void lp_free(uint8_t* lp) noexcept nogil:
    zfree(lp)


cdef uint8_t* lp_dup(uint8_t* lp) noexcept nogil:
    cdef uint32_t n = lp_bytes(lp)
    cdef uint8_t* d = <uint8_t*>zmalloc(n)
    memcpy(d, lp, n)
    return d


cdef unsigned long lp_length(uint8_t* lp) noexcept nogil:
    cdef uint32_t n = get_count(lp)
    cdef unsigned long count = 0
    cdef uint8_t* p
    if n != COUNT_UNKNOWN:
        return n
    p = lp + HDR_SIZE
    while p[0] != EOF_BYTE:
        count += 1
        p += entry_size(p)
    if count < COUNT_UNKNOWN:
        set_count(lp, <uint32_t>count)
    return count


# ---- walking ------------------------------------------------------------------

cdef uint8_t* lp_first(uint8_t* lp) noexcept nogil:
    cdef uint8_t* p = lp + HDR_SIZE
    return NULL if p[0] == EOF_BYTE else p


cdef uint8_t* lp_next(uint8_t* lp, uint8_t* p) noexcept nogil:
    p += entry_size(p)
    return NULL if p[0] == EOF_BYTE else p


cdef uint8_t* lp_prev(uint8_t* lp, uint8_t* p) noexcept nogil:
    # p may also be the end marker, which makes this lp_last.
    cdef size_t l
    if p == lp + HDR_SIZE:
        return NULL
    l = read_backlen(p - 1)
    return p - l - backlen_size(l)


cdef uint8_t* lp_last(uint8_t* lp) noexcept nogil:
    return lp_prev(lp, lp + lp_bytes(lp) - 1)


cdef uint8_t* lp_seek(uint8_t* lp, long index) noexcept nogil:
    # Walks from whichever end is nearer.
    cdef long n = <long>lp_length(lp)
    cdef uint8_t* p
    if index < 0:
        index += n
    if index < 0 or index >= n:
        return NULL
    if index <= n // 2:
        p = lp + HDR_SIZE
        while index > 0:
            p += entry_size(p)
            index -= 1
    else:
        p = lp_last(lp)
        index = n - 1 - index
        while index > 0:
            p = lp_prev(lp, p)
            index -= 1
    return p


# ---- reading ------------------------------------------------------------------

cdef void lp_get(uint8_t* p, LpVal* v) noexcept nogil:
    cdef uint8_t b = p[0]
    cdef uint64_t u = 0
    cdef int i, n
    v.s = NULL
    v.len = 0
    if b < 0x80:
        v.ll = b
    elif b < 0xC0:
        v.s = <const char*>(p + 1)
        v.len = b & 0x3F
    elif b < 0xE0:
        v.ll = sign_extend((<uint64_t>(b & 0x1F) << 8) | p[1], 13)
    elif b < 0xF0:
        v.s = <const char*>(p + 2)
        v.len = (<size_t>(b & 0x0F) << 8) | p[1]
    elif b == ENC_32BIT_STR:
        v.s = <const char*>(p + 5)
        v.len = <size_t>p[1] | (<size_t>p[2] << 8) | (<size_t>p[3] << 16) | (<size_t>p[4] << 24)
    else:
        n = 2 if b == ENC_16BIT_INT else 3 if b == ENC_24BIT_INT else 4 if b == ENC_32BIT_INT else 8
        for i in range(n):
            u |= (<uint64_t>p[1 + i]) << (8 * i)
        v.ll = sign_extend(u, 8 * n) if n < 8 else <long long>u


cdef const char* lp_get_str(uint8_t* p, size_t* n, char* buf) noexcept nogil:
    cdef LpVal v
    lp_get(p, &v)
    if v.s != NULL:
        n[0] = v.len
        return v.s
    n[0] = <size_t>ll2string(buf, LP_INT_BUF, v.ll)
    return buf


cdef int lp_get_ll(uint8_t* p, long long* out) noexcept nogil:
    cdef LpVal v
    lp_get(p, &v)
    if v.s == NULL:
        out[0] = v.ll
        return 1
    return string2ll(v.s, v.len, out)


cdef int lp_eq(uint8_t* p, const char* s, size_t n) noexcept nogil:
    cdef LpVal v
    cdef char buf[LP_INT_BUF]
    cdef size_t len
    lp_get(p, &v)
    if v.s != NULL:
        return v.len == n and (n == 0 or memcmp(v.s, s, n) == 0)
    len = <size_t>ll2string(buf, LP_INT_BUF, v.ll)
    return len == n and memcmp(buf, s, n) == 0


cdef uint8_t* lp_find(uint8_t* lp, uint8_t* p, const char* s, size_t n, unsigned int skip) noexcept nogil:
    # An integer-looking s can only match integer entries and the other way
    # round (see the module docstring), so each entry costs one comparison.
    cdef long long want
    cdef int want_int = as_integer(s, n, &want)
    cdef unsigned int skipped = 0
    cdef LpVal v
    while p != NULL and p[0] != EOF_BYTE:
        if skipped == 0:
            lp_get(p, &v)
            if want_int:
                if v.s == NULL and v.ll == want:
                    return p
            elif v.s != NULL and v.len == n and (n == 0 or memcmp(v.s, s, n) == 0):
                return p
            skipped = skip
        else:
            skipped -= 1
        p += entry_size(p)
    return NULL


# ---- modifying ----------------------------------------------------------------

cdef uint8_t* insert_encoded(uint8_t* lp, const uint8_t* hdr, size_t hdrlen,
                             const char* data, size_t datalen,
                             uint8_t* p, int where, uint8_t** newp) noexcept nogil:
    # The one routine that writes an entry: header bytes, data bytes, backlen,
    # placed before p, after p, or over p (LP_REPLACE); p NULL = at the end.
    cdef uint32_t total = lp_bytes(lp)
    cdef size_t enc = hdrlen + datalen
    cdef size_t new_size = enc + backlen_size(enc)
    cdef size_t old_size = 0
    cdef size_t offset, tail
    cdef uint32_t new_total
    if p == NULL:
        p = lp + total - 1
        where = LP_BEFORE
    elif where == LP_AFTER:
        p += entry_size(p)
        where = LP_BEFORE
    if where == LP_REPLACE:
        old_size = entry_size(p)
    offset = <size_t>(p - lp)
    tail = total - offset - old_size
    new_total = <uint32_t>(total + new_size - old_size)
    if new_size > old_size:
        lp = <uint8_t*>zrealloc(lp, new_total)
        p = lp + offset
        memmove(p + new_size, p + old_size, tail)
    else:
        memmove(p + new_size, p + old_size, tail)
        lp = <uint8_t*>zrealloc(lp, new_total)
        p = lp + offset
    memcpy(p, hdr, hdrlen)
    if datalen:
        memcpy(p + hdrlen, data, datalen)
    write_backlen(p + enc, enc)
    set_bytes(lp, new_total)
    if where != LP_REPLACE:
        add_count(lp, 1)
    if newp != NULL:
        newp[0] = p
    return lp


cdef uint8_t* lp_insert(uint8_t* lp, const char* s, size_t n, uint8_t* p, int where, uint8_t** newp) noexcept nogil:
    cdef uint8_t hdr[9]
    cdef long long v
    if as_integer(s, n, &v):
        return insert_encoded(lp, hdr, encode_int(v, hdr), NULL, 0, p, where, newp)
    return insert_encoded(lp, hdr, encode_string_header(n, hdr), s, n, p, where, newp)


cdef uint8_t* lp_insert_ll(uint8_t* lp, long long v, uint8_t* p, int where, uint8_t** newp) noexcept nogil:
    cdef uint8_t hdr[9]
    return insert_encoded(lp, hdr, encode_int(v, hdr), NULL, 0, p, where, newp)


cdef uint8_t* lp_append(uint8_t* lp, const char* s, size_t n) noexcept nogil:
    return lp_insert(lp, s, n, NULL, LP_BEFORE, NULL)


cdef uint8_t* lp_prepend(uint8_t* lp, const char* s, size_t n) noexcept nogil:
    cdef uint8_t* p = lp_first(lp)
    return lp_insert(lp, s, n, p, LP_BEFORE, NULL)


cdef uint8_t* lp_append_ll(uint8_t* lp, long long v) noexcept nogil:
    return lp_insert_ll(lp, v, NULL, LP_BEFORE, NULL)


cdef uint8_t* cut(uint8_t* lp, uint8_t* p, size_t nbytes, unsigned long count) noexcept nogil:
    # Remove nbytes (count whole entries) at p and shrink the allocation.
    cdef uint32_t total = lp_bytes(lp)
    cdef size_t offset = <size_t>(p - lp)
    memmove(p, p + nbytes, total - offset - nbytes)
    lp = <uint8_t*>zrealloc(lp, total - nbytes)
    set_bytes(lp, <uint32_t>(total - nbytes))
    if get_count(lp) != COUNT_UNKNOWN:
        set_count(lp, <uint32_t>(get_count(lp) - count))
    return lp


cdef uint8_t* lp_delete(uint8_t* lp, uint8_t* p, uint8_t** nextp) noexcept nogil:
    cdef size_t offset = <size_t>(p - lp)
    lp = cut(lp, p, entry_size(p), 1)
    if nextp != NULL:
        nextp[0] = NULL if lp[offset] == EOF_BYTE else lp + offset
    return lp


cdef uint8_t* lp_delete_range_at(uint8_t* lp, uint8_t* p, unsigned long num) noexcept nogil:
    cdef uint8_t* q = p
    cdef unsigned long n = 0
    while n < num and q[0] != EOF_BYTE:
        q += entry_size(q)
        n += 1
    if n == 0:
        return lp
    return cut(lp, p, <size_t>(q - p), n)


cdef uint8_t* lp_delete_range(uint8_t* lp, long index, unsigned long num) noexcept nogil:
    cdef uint8_t* p = lp_seek(lp, index)
    if p == NULL:
        return lp
    return lp_delete_range_at(lp, p, num)


cdef uint8_t* lp_merge(uint8_t* first, uint8_t* second) noexcept nogil:
    # Entries are self-describing (each carries its own backlen), so the
    # merge is the two entry areas back to back under one header.
    cdef uint32_t a = lp_bytes(first)
    cdef uint32_t b = lp_bytes(second)
    cdef uint32_t total = a + b - HDR_SIZE - 1
    cdef uint32_t n1 = get_count(first)
    cdef uint32_t n2 = get_count(second)
    first = <uint8_t*>zrealloc(first, total)
    memcpy(first + a - 1, second + HDR_SIZE, b - HDR_SIZE)
    set_bytes(first, total)
    set_count(first, n1 + n2 if n1 != COUNT_UNKNOWN and n2 != COUNT_UNKNOWN else COUNT_UNKNOWN)
    zfree(second)
    return first


cdef int lp_safe_to_add(uint8_t* lp, size_t add) noexcept nogil:
    cdef size_t have = lp_bytes(lp) if lp != NULL else 0
    return have + add <= SAFETY_SIZE


cdef size_t lp_entry_size(const char* s, size_t n) noexcept nogil:
    cdef uint8_t hdr[9]
    cdef long long v
    cdef size_t enc
    if as_integer(s, n, &v):
        enc = encode_int(v, hdr)
    else:
        enc = string_header_size(n) + n
    return enc + backlen_size(enc)


# ---- test hooks (tests/unit/test_listpack.py) ---------------------------------

def build(values):
    """The listpack bytes of appending each of `values` (bytes or int) in turn."""
    cdef uint8_t* lp = lp_new()
    cdef bytes b
    for v in values:
        if isinstance(v, int):
            lp = lp_append_ll(lp, v)
        else:
            b = v
            lp = lp_append(lp, b, len(b))
    out = (<char*>lp)[:lp_bytes(lp)]
    lp_free(lp)
    return out


def entries(bytes blob, reverse=False):
    """The entries of a listpack blob, walked forwards or backwards: each an
    int, or bytes for strings."""
    cdef uint8_t* lp = <uint8_t*>zmalloc(len(blob))
    cdef uint8_t* p
    cdef LpVal v
    memcpy(lp, <char*>blob, len(blob))
    out = []
    p = lp_last(lp) if reverse else lp_first(lp)
    while p != NULL:
        lp_get(p, &v)
        out.append(v.ll if v.s == NULL else v.s[:v.len])
        p = lp_prev(lp, p) if reverse else lp_next(lp, p)
    zfree(lp)
    return out


def edit(values, ops):
    """Apply ops to the listpack of `values` and return (blob, length).
    ops: ("insert", index, value, where) with where 0 before / 1 after /
    2 replace, index -1 = append; ("delete", index); ("delete_range", index,
    count); ("merge", values) appends the entries of the listpack of
    values; ("find", value, skip) appends the found index to a result list,
    returned third."""
    cdef bytes first = build(values)
    cdef uint8_t* lp = <uint8_t*>zmalloc(len(first))
    cdef uint8_t* p
    cdef uint8_t* q
    cdef bytes b
    memcpy(lp, <char*>first, len(first))
    found = []
    for op in ops:
        if op[0] == "insert":
            b = op[2]
            p = NULL if op[1] == -1 else lp_seek(lp, op[1])
            lp = lp_insert(lp, b, len(b), p, op[3], NULL)
        elif op[0] == "delete":
            lp = lp_delete(lp, lp_seek(lp, op[1]), NULL)
        elif op[0] == "delete_range":
            lp = lp_delete_range(lp, op[1], op[2])
        elif op[0] == "merge":
            b = build(op[1])
            q = <uint8_t*>zmalloc(len(b))
            memcpy(q, <char*>b, len(b))
            lp = lp_merge(lp, q)
        elif op[0] == "find":
            b = op[1]
            p = lp_find(lp, lp_first(lp), b, len(b), op[2])
            i = -1
            if p != NULL:
                i = 0
                q = lp_first(lp)
                while q != p:
                    q = lp_next(lp, q)
                    i += 1
            found.append(i)
    out = (<char*>lp)[:lp_bytes(lp)]
    n = lp_length(lp)
    lp_free(lp)
    return out, n, found
