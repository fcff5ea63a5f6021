"""LZF compression in liblzf's stream format (see lzf.pxd for the format).

The compressor is greedy: at each position it looks up the last position
whose next three bytes hashed alike, takes the match if those bytes really
are equal and it is near enough, and extends it as far as it goes. Literal
bytes are gathered into runs of up to 32 behind one control byte, which is
written when the run closes.
"""
from libc.stdint cimport uint8_t, uint32_t
from libc.string cimport memcpy, memset
from keydb._core.zmalloc cimport zmalloc, zfree

cdef enum:
    HASH_BITS = 14
    HASH_SIZE = 1 << HASH_BITS
    MAX_LITERAL = 32
    MAX_OFFSET = 1 << 13
    MAX_MATCH = 264


cdef inline uint32_t hash3(const uint8_t* p) noexcept nogil:
    cdef uint32_t v = (<uint32_t>p[0] << 16) | (<uint32_t>p[1] << 8) | p[2]
    return ((v * 2654435761u) >> (32 - HASH_BITS)) & (HASH_SIZE - 1)


cdef size_t lzf_compress(const void* src, size_t n, void* dst, size_t cap) noexcept nogil:
    cdef const uint8_t* inp = <const uint8_t*>src
    cdef uint8_t* out = <uint8_t*>dst
    # Positions + 1 of the last occurrence of each hash (0: none yet).
    cdef uint32_t* table
    cdef size_t ip = 0, op = 1, lit = 0      # out[op - lit - 1] is the open run's control byte
    cdef size_t ref, off, length, limit, k
    cdef uint32_t h
    if n == 0 or cap < 2:
        return 0
    table = <uint32_t*>zmalloc(HASH_SIZE * sizeof(uint32_t))
    memset(table, 0, HASH_SIZE * sizeof(uint32_t))
    while ip < n:
        length = 0
        if ip + 2 < n:
            h = hash3(inp + ip)
            if table[h] != 0:
                ref = table[h] - 1
                off = ip - ref - 1
                if off < MAX_OFFSET and inp[ref] == inp[ip] and inp[ref + 1] == inp[ip + 1] \
                        and inp[ref + 2] == inp[ip + 2]:
                    limit = n - ip if n - ip < MAX_MATCH else MAX_MATCH
                    length = 3
                    while length < limit and inp[ref + length] == inp[ip + length]:
                        length += 1
            table[h] = <uint32_t>(ip + 1)
        if length == 0:
            if op >= cap:
                zfree(table)
                return 0
            out[op] = inp[ip]
            op += 1
            ip += 1
            lit += 1
            if lit == MAX_LITERAL:
                out[op - lit - 1] = MAX_LITERAL - 1
                lit = 0
                if op >= cap:
                    zfree(table)
                    return 0
                op += 1                      # the next run's control byte
            continue
        # Close the literal run (or take back its unused control byte).
        if lit:
            out[op - lit - 1] = <uint8_t>(lit - 1)
        else:
            op -= 1
        if op + 4 > cap:
            zfree(table)
            return 0
        length -= 2
        if length < 7:
            out[op] = <uint8_t>((length << 5) | (off >> 8))
            op += 1
        else:
            out[op] = <uint8_t>((7 << 5) | (off >> 8))
            out[op + 1] = <uint8_t>(length - 7)
            op += 2
        out[op] = off & 0xFF
        op += 1
        lit = 0
        op += 1                              # the next run's control byte
        # Remember the positions inside the match too: better later matches.
        k = ip + 1
        ip += length + 2
        while k < ip and k + 2 < n:
            table[hash3(inp + k)] = <uint32_t>(k + 1)
            k += 1
    zfree(table)
    if lit:
        out[op - lit - 1] = <uint8_t>(lit - 1)
    else:
        op -= 1
    if op > cap:
        return 0
    return op


cdef size_t lzf_decompress(const void* src, size_t n, void* dst, size_t cap) noexcept nogil:
    cdef const uint8_t* inp = <const uint8_t*>src
    cdef uint8_t* out = <uint8_t*>dst
    cdef size_t ip = 0, op = 0, length, back, i
    cdef uint8_t c
    while ip < n:
        c = inp[ip]
        ip += 1
        if c < 32:
            length = <size_t>c + 1
            if ip + length > n or op + length > cap:
                return 0
            memcpy(out + op, inp + ip, length)
            ip += length
            op += length
            continue
        length = c >> 5
        if length == 7:
            if ip >= n:
                return 0
            length += inp[ip]
            ip += 1
        if ip >= n:
            return 0
        back = ((<size_t>(c & 31) << 8) | inp[ip]) + 1
        ip += 1
        length += 2
        if back > op or op + length > cap:
            return 0
        if back >= length:
            memcpy(out + op, out + op - back, length)
        else:
            for i in range(length):             # overlapping: a repeating pattern
                out[op + i] = out[op + i - back]
        op += length
    return op


# ---- test hooks (tests/unit/test_lzf.py) --------------------------------------

def compress(bytes data, size_t cap=0):
    """The LZF form of data (b"" when it does not fit in cap, default len+64)."""
    cdef size_t n = len(data)
    if cap == 0:
        cap = n + 64
    cdef uint8_t* out = <uint8_t*>zmalloc(cap + 1)
    cdef size_t got = lzf_compress(<char*>data, n, out, cap)
    result = (<char*>out)[:got]
    zfree(out)
    return result


def decompress(bytes data, size_t cap):
    """data decompressed into at most cap bytes (None on corrupt input)."""
    cdef uint8_t* out = <uint8_t*>zmalloc(cap + 1)
    cdef size_t got = lzf_decompress(<char*>data, len(data), out, cap)
    result = (<char*>out)[:got] if got or len(data) == 0 else None
    zfree(out)
    return result
