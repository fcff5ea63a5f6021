"""Number/string conversions, glob matching and clocks, all nogil."""
from libc.stdio cimport snprintf
from libc.stdlib cimport strtold, strtod
from libc.string cimport memcpy
from libc.math cimport isnan, isinf
from libc.limits cimport LLONG_MIN, LLONG_MAX
from keydb._core.includes.sys cimport timespec, clock_gettime, CLOCK_REALTIME, CLOCK_MONOTONIC

cdef extern from "<errno.h>" nogil:
    int errno
    enum: ERANGE

cdef extern from "<math.h>" nogil:
    # Type-generic macros: these declarations keep the long double precision.
    bint ld_isinf "isinf"(long double v)
    bint ld_isnan "isnan"(long double v)


cdef int string2ll(const char* s, size_t n, long long* out) noexcept nogil:
    cdef size_t i = 0
    cdef int neg = 0
    cdef unsigned long long v = 0
    cdef unsigned long long d
    if n == 0 or n > 20:
        return 0
    if n == 1 and s[0] == 48:
        out[0] = 0
        return 1
    if s[0] == 45:          # '-'
        neg = 1
        i = 1
        if n == 1:
            return 0
    if s[i] < 49 or s[i] > 57:   # first digit 1..9
        return 0
    while i < n:
        if s[i] < 48 or s[i] > 57:
            return 0
        d = <unsigned long long>(s[i] - 48)
        if v > (18446744073709551615ULL - d) // 10:
            return 0
        v = v * 10 + d
        i += 1
    if neg:
        if v > (<unsigned long long>LLONG_MAX) + 1:
            return 0
        out[0] = <long long>(0 - v)
    else:
        if v > <unsigned long long>LLONG_MAX:
            return 0
        out[0] = <long long>v
    return 1


cdef int ll2string(char* buf, size_t cap, long long v) noexcept nogil:
    cdef char tmp[24]
    cdef int n = 0, i
    cdef unsigned long long u
    if v < 0:
        u = <unsigned long long>(-(v + 1)) + 1
    else:
        u = <unsigned long long>v
    while True:
        tmp[n] = <char>(48 + u % 10)
        n += 1
        u //= 10
        if u == 0:
            break
    if v < 0:
        tmp[n] = 45
        n += 1
    if <size_t>n + 1 > cap:
        return 0
    for i in range(n):
        buf[i] = tmp[n - 1 - i]
    buf[n] = 0
    return n


cdef inline int is_space(char ch) noexcept nogil:
    return ch == 32 or (9 <= ch <= 13)


cdef int string2ld(const char* s, size_t n, long double* out) noexcept nogil:
    global errno
    cdef char buf[5120]
    cdef char* end
    cdef long double v
    if n == 0 or n >= sizeof(buf):
        return 0
    memcpy(buf, s, n)
    buf[n] = 0
    errno = 0
    v = strtold(buf, &end)
    if is_space(buf[0]) or <size_t>(end - buf) != n or ld_isnan(v):
        return 0
    # Out of range: overflow (HUGE_VAL) and underflow to zero are errors; a
    # tiny non-zero result of underflow is kept, as Redis does.
    if errno == ERANGE and (ld_isinf(v) or v == 0):
        return 0
    out[0] = v
    return 1


cdef int string2d(const char* s, size_t n, double* out) noexcept nogil:
    global errno
    cdef char buf[5120]
    cdef char* end
    cdef double v
    if n == 0 or n >= sizeof(buf):
        return 0
    memcpy(buf, s, n)
    buf[n] = 0
    errno = 0
    v = strtod(buf, &end)
    if is_space(buf[0]) or <size_t>(end - buf) != n or isnan(v):
        return 0
    if errno == ERANGE and (isinf(v) or v == 0):
        return 0
    out[0] = v
    return 1


cdef int ld2string(char* buf, size_t cap, long double v) noexcept nogil:
    cdef int n
    cdef char* p
    if ld_isinf(v):
        if v > 0:
            return snprintf(buf, cap, b"inf")
        return snprintf(buf, cap, b"-inf")
    n = snprintf(buf, cap, b"%.17Lf", v)
    if n < 0 or <size_t>n + 1 > cap:
        return 0
    # Humanize: strip trailing zeros and a trailing dot.
    p = buf
    while p[0] != 0 and p[0] != 46:
        p += 1
    if p[0] == 46:
        p = buf + n - 1
        while p[0] == 48:
            p -= 1
            n -= 1
        if p[0] == 46:
            n -= 1
    buf[n] = 0
    if n == 2 and buf[0] == 45 and buf[1] == 48:     # "-0" -> "0"
        buf[0] = 48
        buf[1] = 0
        n = 1
    return n


cdef int d2string(char* buf, size_t cap, double v) noexcept nogil:
    if isinf(v):
        if v > 0:
            return snprintf(buf, cap, b"inf")
        return snprintf(buf, cap, b"-inf")
    return snprintf(buf, cap, b"%.17g", v)


cdef inline char lower(char ch) noexcept nogil:
    if 65 <= ch <= 90:
        return ch + 32
    return ch


cdef int stringmatchlen_impl(const char* p, int plen, const char* s, int slen,
                             int nocase, int* skip_longer, int nesting) noexcept nogil:
    # Backtracking glob matcher; `nesting` bounds recursion on '*' runs and
    # `skip_longer` short-circuits hopeless '*' retries, as Redis does.
    cdef int not_, match, start, end, tmp, c
    if nesting > 1000:
        return 0
    while plen > 0 and slen > 0:
        c = p[0]
        if c == 42:   # '*'
            while plen > 1 and p[1] == 42:
                p += 1
                plen -= 1
            if plen == 1:
                return 1
            while slen > 0:
                if stringmatchlen_impl(p + 1, plen - 1, s, slen, nocase, skip_longer, nesting + 1):
                    return 1
                if skip_longer[0]:
                    return 0
                s += 1
                slen -= 1
            skip_longer[0] = 1
            return 0
        elif c == 63:   # '?'
            s += 1
            slen -= 1
        elif c == 91:   # '['
            p += 1
            plen -= 1
            not_ = plen > 0 and p[0] == 94
            if not_:
                p += 1
                plen -= 1
            match = 0
            while True:
                if plen >= 2 and p[0] == 92:
                    p += 1
                    plen -= 1
                    if p[0] == s[0]:
                        match = 1
                elif plen > 0 and p[0] == 93:
                    break
                elif plen == 0:
                    p -= 1
                    plen += 1
                    break
                elif plen >= 3 and p[1] == 45:
                    start = p[0]
                    end = p[2]
                    c = s[0]
                    if start > end:
                        tmp = start
                        start = end
                        end = tmp
                    if nocase:
                        start = lower(<char>start)
                        end = lower(<char>end)
                        c = lower(<char>c)
                    p += 2
                    plen -= 2
                    if start <= c <= end:
                        match = 1
                else:
                    if nocase:
                        if lower(p[0]) == lower(s[0]):
                            match = 1
                    elif p[0] == s[0]:
                        match = 1
                p += 1
                plen -= 1
            if not_:
                match = not match
            if not match:
                return 0
            s += 1
            slen -= 1
        else:
            if c == 92 and plen >= 2:   # backslash escape
                p += 1
                plen -= 1
            if nocase:
                if lower(p[0]) != lower(s[0]):
                    return 0
            elif p[0] != s[0]:
                return 0
            s += 1
            slen -= 1
        p += 1
        plen -= 1
        if slen == 0:
            while plen > 0 and p[0] == 42:
                p += 1
                plen -= 1
            break
    return plen == 0 and slen == 0


cdef int stringmatchlen(const char* p, int plen, const char* s, int slen, int nocase) noexcept nogil:
    cdef int skip_longer = 0
    return stringmatchlen_impl(p, plen, s, slen, nocase, &skip_longer, 0)


cdef int eq_nocase(const char* s, size_t n, const char* word) noexcept nogil:
    cdef size_t i = 0
    while i < n:
        if word[i] == 0 or lower(s[i]) != word[i]:
            return 0
        i += 1
    return word[n] == 0


cdef long long ustime() noexcept nogil:
    cdef timespec ts
    clock_gettime(CLOCK_REALTIME, &ts)
    return <long long>ts.tv_sec * 1000000 + ts.tv_nsec // 1000


cdef long long mstime() noexcept nogil:
    return ustime() // 1000


cdef long long monotonic_us() noexcept nogil:
    cdef timespec ts
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return <long long>ts.tv_sec * 1000000 + ts.tv_nsec // 1000


cdef inline int repr_escape(unsigned char ch) noexcept nogil:
    # The letter of a two-character escape, 0 for printable, -1 for \xhh.
    if ch == 92 or ch == 34:
        return ch
    if ch == 10: return 110        # n
    if ch == 13: return 114        # r
    if ch == 9: return 116         # t
    if ch == 7: return 97          # a
    if ch == 8: return 98          # b
    if 32 <= ch <= 126:
        return 0
    return -1


cdef size_t repr_len(const char* p, size_t n) noexcept nogil:
    cdef size_t i, total = 2
    cdef int e
    for i in range(n):
        e = repr_escape(<unsigned char>p[i])
        total += 1 if e == 0 else 2 if e > 0 else 4
    return total


cdef size_t write_repr(char* out, const char* p, size_t n) noexcept nogil:
    cdef const char* hexdigits = b"0123456789abcdef"
    cdef size_t i, w = 0
    cdef unsigned char ch
    cdef int e
    out[w] = 34
    w += 1
    for i in range(n):
        ch = <unsigned char>p[i]
        e = repr_escape(ch)
        if e == 0:
            out[w] = <char>ch
            w += 1
        elif e > 0:
            out[w] = 92
            out[w + 1] = <char>e
            w += 2
        else:
            out[w] = 92
            out[w + 1] = 120       # x
            out[w + 2] = hexdigits[ch >> 4]
            out[w + 3] = hexdigits[ch & 15]
            w += 4
    out[w] = 34
    return w + 1
