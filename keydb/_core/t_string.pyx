"""String commands: GET/SET and their variants, counters, ranges and LCS.

Values are stored the way Redis stores them, so OBJECT ENCODING agrees:
SET-like commands go through create_string_encoded (int / embstr / raw),
APPEND and SETRANGE turn an existing value into a private raw string, the
integer counters keep int encoding (modified in place when the object is
not a shared integer), INCRBYFLOAT stores its formatted result as a string.

Every handler runs with the keyspace lock held. Expire times are absolute
unix milliseconds computed from g.cmd_time_ms, the batch's frozen "now".
"""
from libc.stdint cimport uint32_t, UINT32_MAX
from libc.stdio cimport snprintf
from libc.stdlib cimport malloc, free
from libc.string cimport memcpy, memset, memchr
from libc.limits cimport LLONG_MAX, LLONG_MIN
from keydb._core.state cimport g, Client, Arg, Db
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.object cimport (RObj, RawStr, OBJ_STRING, ENC_INT, ENC_RAW, OBJ_FLAG_SHARED,
    SHARED_INTEGERS, shared_integers, rawstr_data, create_string, create_raw_string,
    create_string_encoded, create_string_from_ll, string_bytes, string_len, string_make_raw,
    object_to_ll)
from keydb._core.db cimport (lookup_key_read, lookup_key_write, db_set_key, db_overwrite,
    db_add, db_delete, set_expire, remove_expire, expire_if_needed, signal_modified_key)
from keydb._core.reply cimport (add_reply_null, add_reply_bulk, add_reply_ok, add_reply_ll,
    add_reply_error, add_reply_error_len, add_reply_error_arity, add_reply_wrongtype,
    add_reply_syntax_error, add_reply_not_integer, add_reply_array_len, add_reply_map_len,
    add_reply_deferred_len, set_deferred_array_len)
from keydb._core.args cimport OK, ERR, arg_is, arg_to_ll
from keydb._core.util cimport string2ll, string2ld, ld2string, eq_nocase

cdef extern from "<math.h>" nogil:
    bint ld_isnan "isnan"(long double x)      # type-generic macros: no cast to double
    bint ld_isinf "isinf"(long double x)

cdef enum:
    MAX_LONG_DOUBLE_CHARS = 5 * 1024

# Options of SET and GETEX, as bits.
cdef enum:
    OPT_NX = 1 << 0
    OPT_XX = 1 << 1
    OPT_GET = 1 << 2
    OPT_KEEPTTL = 1 << 3
    OPT_PERSIST = 1 << 4
    OPT_EX = 1 << 5
    OPT_PX = 1 << 6
    OPT_EXAT = 1 << 7
    OPT_PXAT = 1 << 8
    OPT_ANY_EXPIRE = OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT


# ---- helpers ----------------------------------------------------------------

cdef inline void reply_string(Client* c, RObj* o) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    cdef size_t n = string_bytes(o, buf, &p)
    add_reply_bulk(c, p, n)


cdef inline RObj* object_for_ll(long long v) noexcept nogil:
    # A new int-encoded value, the shared one when small.
    if 0 <= v < SHARED_INTEGERS:
        return shared_integers[v]
    return create_string_from_ll(v)


cdef void reply_invalid_expire(Client* c) noexcept nogil:
    cdef char buf[128]
    cdef int n = snprintf(buf, sizeof(buf), b"invalid expire time in '%s' command", c.cmd.fullname)
    add_reply_error_len(c, buf, n)


cdef int check_string_length(Client* c, unsigned long long size, unsigned long long extra) noexcept nogil:
    # ERR (replied) when a string of size + extra bytes would pass proto-max-bulk-len.
    cdef unsigned long long total = size + extra
    if total > <unsigned long long>g.cfg.proto_max_bulk_len or total < size:
        add_reply_error(c, b"string exceeds maximum allowed size (proto-max-bulk-len)")
        return ERR
    return OK


cdef RObj* unshare_string(Db* db, Arg* key, RObj* o, size_t need) noexcept nogil:
    # The value of `key` as a private raw string with room for `need` bytes,
    # replacing an int or embstr value in the database (Redis's
    # dbUnshareStringValue followed by a grow).
    cdef char buf[32]
    cdef const char* p
    cdef size_t n
    cdef RObj* r
    if o.encoding == ENC_RAW and not (o.flags & OBJ_FLAG_SHARED):
        return string_make_raw(o, need)
    n = string_bytes(o, buf, &p)
    r = create_raw_string(p, n, need - n if need > n else 0)
    r.lru = o.lru
    db_overwrite(db, key.ptr, key.len, r)
    return r


# ---- expire options ---------------------------------------------------------

cdef int parse_set_options(Client* c, int first, int is_set, int* flags, Arg** expire) noexcept nogil:
    # Parse argv[first:] as SET's (is_set) or GETEX's options. An expire
    # option excludes the other three, KEEPTTL and PERSIST, but may repeat
    # (the last one counts). OK with *flags and *expire (the time argument,
    # or NULL) set, or ERR with a syntax error replied.
    cdef int j = first
    cdef int f = 0
    cdef int unit
    cdef Arg* a
    expire[0] = NULL
    while j < c.argc:
        a = &c.argv[j]
        unit = expire_option(a) if j + 1 < c.argc else 0
        if is_set and arg_is(a, b"nx") and not (f & OPT_XX):
            f |= OPT_NX
        elif is_set and arg_is(a, b"xx") and not (f & OPT_NX):
            f |= OPT_XX
        elif is_set and arg_is(a, b"get"):
            f |= OPT_GET
        elif is_set and arg_is(a, b"keepttl") and not (f & (OPT_ANY_EXPIRE | OPT_PERSIST)):
            f |= OPT_KEEPTTL
        elif not is_set and arg_is(a, b"persist") and not (f & (OPT_ANY_EXPIRE | OPT_KEEPTTL)):
            f |= OPT_PERSIST
        elif unit and not (f & ((OPT_ANY_EXPIRE & ~unit) | OPT_KEEPTTL | OPT_PERSIST)):
            f |= unit
            j += 1
            expire[0] = &c.argv[j]
        else:
            add_reply_syntax_error(c)
            return ERR
        j += 1
    flags[0] = f
    return OK


cdef inline int expire_option(Arg* a) noexcept nogil:
    # The OPT_ bit of an EX/PX/EXAT/PXAT argument, 0 for anything else.
    if arg_is(a, b"ex"): return OPT_EX
    if arg_is(a, b"px"): return OPT_PX
    if arg_is(a, b"exat"): return OPT_EXAT
    if arg_is(a, b"pxat"): return OPT_PXAT
    return 0


cdef int expire_time_or_reply(Client* c, Arg* a, int flags, long long* when) noexcept nogil:
    # The absolute unix ms time that expire option `flags` with argument `a`
    # designates. ERR (replied) when not an integer, not positive, or when
    # the arithmetic would overflow.
    cdef long long v
    cdef int seconds = flags & (OPT_EX | OPT_EXAT)
    if arg_to_ll(c, a, &v) != OK:
        return ERR
    if v <= 0 or (seconds and v > LLONG_MAX // 1000):
        reply_invalid_expire(c)
        return ERR
    if seconds:
        v *= 1000
    if flags & (OPT_EX | OPT_PX):
        if v > LLONG_MAX - g.cmd_time_ms:
            reply_invalid_expire(c)
            return ERR
        v += g.cmd_time_ms
    when[0] = v
    return OK


# ---- reads ------------------------------------------------------------------

cdef int get_generic(Client* c, Arg* key) noexcept nogil:
    # Reply with the string at key (or null). ERR when it holds another type.
    cdef RObj* o = lookup_key_read(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_null(c)
    elif o.type != OBJ_STRING:
        add_reply_wrongtype(c)
        return ERR
    else:
        reply_string(c, o)
    return OK


cdef void cmd_get(Client* c) noexcept nogil:
    get_generic(c, &c.argv[1])


cdef void cmd_getdel(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    if get_generic(c, key) == OK and db_delete(c.db, key.ptr, key.len):
        signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_getex(Client* c) noexcept nogil:
    cdef int flags
    cdef Arg* expire
    cdef Arg* key = &c.argv[1]
    cdef long long when = 0
    cdef RObj* o
    if parse_set_options(c, 2, 0, &flags, &expire) != OK:
        return
    o = lookup_key_read(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_null(c)
        return
    if o.type != OBJ_STRING:
        add_reply_wrongtype(c)
        return
    if expire != NULL and expire_time_or_reply(c, expire, flags, &when) != OK:
        return
    reply_string(c, o)
    if flags & (OPT_EXAT | OPT_PXAT) and when <= g.cmd_time_ms:
        db_delete(c.db, key.ptr, key.len)
        signal_modified_key(c.db, key.ptr, key.len)
    elif expire != NULL:
        set_expire(c.db, key.ptr, key.len, when)
        signal_modified_key(c.db, key.ptr, key.len)
    elif flags & OPT_PERSIST and remove_expire(c.db, key.ptr, key.len):
        signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_getset(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    if get_generic(c, key) != OK:
        return
    db_set_key(c.db, key.ptr, key.len, create_string_encoded(c.argv[2].ptr, c.argv[2].len), 0)
    signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_mget(Client* c) noexcept nogil:
    cdef int j
    cdef RObj* o
    add_reply_array_len(c, c.argc - 1)
    for j in range(1, c.argc):
        o = lookup_key_read(c.db, c.argv[j].ptr, c.argv[j].len)
        if o == NULL or o.type != OBJ_STRING:
            add_reply_null(c)
        else:
            reply_string(c, o)


cdef void cmd_strlen(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_ll(c, 0)
    elif o.type != OBJ_STRING:
        add_reply_wrongtype(c)
    else:
        add_reply_ll(c, <long long>string_len(o))


cdef void cmd_getrange(Client* c) noexcept nogil:
    # Inclusive [start, end]; negative indexes count from the end and are
    # clamped to the string, an empty range gives an empty string.
    cdef long long start, end, n
    cdef char buf[32]
    cdef const char* p
    cdef RObj* o
    if arg_to_ll(c, &c.argv[2], &start) != OK or arg_to_ll(c, &c.argv[3], &end) != OK:
        return
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_bulk(c, b"", 0)
        return
    if o.type != OBJ_STRING:
        add_reply_wrongtype(c)
        return
    n = <long long>string_bytes(o, buf, &p)
    if start < 0 and end < 0 and start > end:
        add_reply_bulk(c, b"", 0)
        return
    if start < 0:
        start += n
    if end < 0:
        end += n
    if start < 0:
        start = 0
    if end < 0:
        end = 0
    if end >= n:
        end = n - 1
    if n == 0 or start > end:
        add_reply_bulk(c, b"", 0)
    else:
        add_reply_bulk(c, p + start, <size_t>(end - start + 1))


cdef void cmd_substr(Client* c) noexcept nogil:
    cmd_getrange(c)


# ---- writes -----------------------------------------------------------------

cdef void set_generic(Client* c, int flags, Arg* key, Arg* val, Arg* expire, int int_reply) noexcept nogil:
    # SET and its variants. Order as Redis: the expire time is validated,
    # then GET replies the old value, then NX/XX decide. int_reply answers
    # :1/:0 (SETNX) instead of OK/null.
    cdef long long when = 0
    cdef int found = 0
    if expire != NULL and expire_time_or_reply(c, expire, flags, &when) != OK:
        return
    if flags & OPT_GET and get_generic(c, key) != OK:
        return
    if flags & (OPT_NX | OPT_XX):
        found = lookup_key_write(c.db, key.ptr, key.len) != NULL
        if (flags & OPT_NX and found) or (flags & OPT_XX and not found):
            if not (flags & OPT_GET):
                if int_reply:
                    add_reply_ll(c, 0)
                else:
                    add_reply_null(c)
            return
    else:
        expire_if_needed(c.db, key.ptr, key.len)
    db_set_key(c.db, key.ptr, key.len, create_string_encoded(val.ptr, val.len), flags & OPT_KEEPTTL)
    if expire != NULL:
        set_expire(c.db, key.ptr, key.len, when)
    signal_modified_key(c.db, key.ptr, key.len)
    if flags & OPT_GET:
        return
    if int_reply:
        add_reply_ll(c, 1)
    else:
        add_reply_ok(c)


cdef void cmd_set(Client* c) noexcept nogil:
    cdef int flags = 0
    cdef Arg* expire = NULL
    if c.argc > 3 and parse_set_options(c, 3, 1, &flags, &expire) != OK:
        return
    set_generic(c, flags, &c.argv[1], &c.argv[2], expire, 0)


cdef void cmd_setnx(Client* c) noexcept nogil:
    set_generic(c, OPT_NX, &c.argv[1], &c.argv[2], NULL, 1)


cdef void cmd_setex(Client* c) noexcept nogil:
    set_generic(c, OPT_EX, &c.argv[1], &c.argv[3], &c.argv[2], 0)


cdef void cmd_psetex(Client* c) noexcept nogil:
    set_generic(c, OPT_PX, &c.argv[1], &c.argv[3], &c.argv[2], 0)


cdef void mset_generic(Client* c, int nx) noexcept nogil:
    # MSET / MSETNX: key value pairs; with nx nothing is set if any key exists.
    cdef int j
    if c.argc % 2 == 0:
        add_reply_error_arity(c)
        return
    if nx:
        for j in range(1, c.argc, 2):
            if lookup_key_write(c.db, c.argv[j].ptr, c.argv[j].len) != NULL:
                add_reply_ll(c, 0)
                return
    for j in range(1, c.argc, 2):
        expire_if_needed(c.db, c.argv[j].ptr, c.argv[j].len)
        db_set_key(c.db, c.argv[j].ptr, c.argv[j].len,
                   create_string_encoded(c.argv[j + 1].ptr, c.argv[j + 1].len), 0)
        signal_modified_key(c.db, c.argv[j].ptr, c.argv[j].len)
    if nx:
        add_reply_ll(c, 1)
    else:
        add_reply_ok(c)


cdef void cmd_mset(Client* c) noexcept nogil:
    mset_generic(c, 0)


cdef void cmd_msetnx(Client* c) noexcept nogil:
    mset_generic(c, 1)


cdef void cmd_append(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef Arg* val = &c.argv[2]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef RawStr* s
    cdef size_t olen
    if o == NULL:
        db_add(c.db, key.ptr, key.len, create_string_encoded(val.ptr, val.len))
        signal_modified_key(c.db, key.ptr, key.len)
        add_reply_ll(c, <long long>val.len)
        return
    if o.type != OBJ_STRING:
        add_reply_wrongtype(c)
        return
    olen = string_len(o)
    if check_string_length(c, olen, val.len) != OK:
        return
    o = unshare_string(c.db, key, o, olen + val.len)
    s = <RawStr*>o.v.ptr
    memcpy(rawstr_data(s) + s.len, val.ptr, val.len)
    s.len += val.len
    rawstr_data(s)[s.len] = 0
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, <long long>s.len)


cdef void cmd_setrange(Client* c) noexcept nogil:
    # Overwrite bytes from `offset`, zero-padding a shorter (or missing)
    # string. An empty value changes nothing and replies the length.
    cdef Arg* key = &c.argv[1]
    cdef Arg* val = &c.argv[3]
    cdef long long offset
    cdef size_t olen, need
    cdef RObj* o
    cdef RawStr* s
    if arg_to_ll(c, &c.argv[2], &offset) != OK:
        return
    if offset < 0:
        add_reply_error(c, b"offset is out of range")
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        if val.len == 0:
            add_reply_ll(c, 0)
            return
        if check_string_length(c, <unsigned long long>offset, val.len) != OK:
            return
        need = <size_t>offset + val.len
        o = create_raw_string(NULL, 0, need)
        db_add(c.db, key.ptr, key.len, o)
        olen = 0
    else:
        if o.type != OBJ_STRING:
            add_reply_wrongtype(c)
            return
        olen = string_len(o)
        if val.len == 0:
            add_reply_ll(c, <long long>olen)
            return
        if check_string_length(c, <unsigned long long>offset, val.len) != OK:
            return
        need = <size_t>offset + val.len
        o = unshare_string(c.db, key, o, need)
    s = <RawStr*>o.v.ptr
    if <size_t>offset > olen:
        memset(rawstr_data(s) + olen, 0, <size_t>offset - olen)
    memcpy(rawstr_data(s) + offset, val.ptr, val.len)
    if need > s.len:
        s.len = need
        rawstr_data(s)[need] = 0
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, <long long>s.len)


# ---- counters ---------------------------------------------------------------

cdef void incr_decr_generic(Client* c, long long incr) noexcept nogil:
    # Add incr to the integer at argv[1] (0 when missing). An unshared int
    # object is updated in place unless the result is a shared integer.
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef RObj* r
    cdef long long value = 0
    if o != NULL:
        if o.type != OBJ_STRING:
            add_reply_wrongtype(c)
            return
        if not object_to_ll(o, &value):
            add_reply_not_integer(c)
            return
    if (incr < 0 and value < 0 and incr < LLONG_MIN - value) or \
            (incr > 0 and value > 0 and incr > LLONG_MAX - value):
        add_reply_error(c, b"increment or decrement would overflow")
        return
    value += incr
    if o != NULL and o.encoding == ENC_INT and not (o.flags & OBJ_FLAG_SHARED) and \
            (value < 0 or value >= SHARED_INTEGERS):
        o.v.ival = value
    else:
        r = object_for_ll(value)
        if o != NULL:
            db_overwrite(c.db, key.ptr, key.len, r)
        else:
            db_add(c.db, key.ptr, key.len, r)
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, value)


cdef void cmd_incr(Client* c) noexcept nogil:
    incr_decr_generic(c, 1)


cdef void cmd_decr(Client* c) noexcept nogil:
    incr_decr_generic(c, -1)


cdef void cmd_incrby(Client* c) noexcept nogil:
    cdef long long incr
    if arg_to_ll(c, &c.argv[2], &incr) == OK:
        incr_decr_generic(c, incr)


cdef void cmd_decrby(Client* c) noexcept nogil:
    cdef long long decr
    if arg_to_ll(c, &c.argv[2], &decr) != OK:
        return
    if decr == LLONG_MIN:
        add_reply_error(c, b"decrement would overflow")
        return
    incr_decr_generic(c, -decr)


cdef void cmd_incrbyfloat(Client* c) noexcept nogil:
    # long double arithmetic; the result is stored formatted ("%.17Lf"
    # without trailing zeros), never in int encoding.
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef long double value = 0, incr
    cdef char buf[MAX_LONG_DOUBLE_CHARS]
    cdef char ibuf[32]
    cdef const char* p
    cdef size_t n
    if o != NULL:
        if o.type != OBJ_STRING:
            add_reply_wrongtype(c)
            return
        if o.encoding == ENC_INT:
            value = <long double>o.v.ival
        else:
            n = string_bytes(o, ibuf, &p)
            if not string2ld(p, n, &value):
                add_reply_error(c, b"value is not a valid float")
                return
    if not string2ld(c.argv[2].ptr, c.argv[2].len, &incr):
        add_reply_error(c, b"value is not a valid float")
        return
    value += incr
    if ld_isnan(value) or ld_isinf(value):
        add_reply_error(c, b"increment would produce NaN or Infinity")
        return
    n = <size_t>ld2string(buf, sizeof(buf), value)
    if o != NULL:
        db_overwrite(c.db, key.ptr, key.len, create_string(buf, n))
    else:
        db_add(c.db, key.ptr, key.len, create_string(buf, n))
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_bulk(c, buf, n)


# ---- LCS --------------------------------------------------------------------

cdef void cmd_lcs(Client* c) noexcept nogil:
    # Longest common subsequence of two strings (missing keys are empty) by
    # the dynamic-programming table L[i][j] = LCS length of a[:i], b[:j].
    # Replies the subsequence, its length (LEN), or the matching ranges
    # walking back from the end (IDX, filtered by MINMATCHLEN).
    cdef RObj* oa = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef RObj* ob = lookup_key_read(c.db, c.argv[2].ptr, c.argv[2].len)
    cdef int getlen = 0, getidx = 0, withmatchlen = 0
    cdef long long minmatchlen = 0
    cdef int j
    if (oa != NULL and oa.type != OBJ_STRING) or (ob != NULL and ob.type != OBJ_STRING):
        add_reply_error(c, b"The specified keys must contain string values")
        return
    j = 3
    while j < c.argc:
        if arg_is(&c.argv[j], b"idx"):
            getidx = 1
        elif arg_is(&c.argv[j], b"len"):
            getlen = 1
        elif arg_is(&c.argv[j], b"withmatchlen"):
            withmatchlen = 1
        elif arg_is(&c.argv[j], b"minmatchlen") and j + 1 < c.argc:
            if arg_to_ll(c, &c.argv[j + 1], &minmatchlen) != OK:
                return
            if minmatchlen < 0:
                minmatchlen = 0
            j += 1
        else:
            add_reply_syntax_error(c)
            return
        j += 1
    if getidx and getlen:
        add_reply_error(c, b"If you want both the length and indexes, please just use IDX.")
        return
    lcs_reply(c, oa, ob, getlen, getidx, withmatchlen, minmatchlen)


cdef void lcs_reply(Client* c, RObj* oa, RObj* ob, int getlen, int getidx,
                    int withmatchlen, long long minmatchlen) noexcept nogil:
    cdef char abuf[32]
    cdef char bbuf[32]
    cdef const char* a = b""
    cdef const char* b = b""
    cdef size_t alen = 0, blen = 0
    cdef unsigned long long cells
    cdef uint32_t* L
    cdef uint32_t i, j, total, idx, nranges = 0, match_len
    cdef size_t w                # row width; size_t keeps i * w from wrapping
    cdef uint32_t astart, aend = 0, bstart = 0, bend = 0
    cdef int emit
    cdef char* out = NULL
    cdef size_t deferred = 0
    if oa != NULL:
        alen = string_bytes(oa, abuf, &a)
    if ob != NULL:
        blen = string_bytes(ob, bbuf, &b)
    if alen >= UINT32_MAX - 1 or blen >= UINT32_MAX - 1:
        add_reply_error(c, b"String too long for LCS")
        return
    cells = <unsigned long long>(alen + 1) * (blen + 1)
    if cells > (<unsigned long long>-1) // sizeof(uint32_t):
        L = NULL
    elif cells * sizeof(uint32_t) > <unsigned long long>g.cfg.proto_max_bulk_len:
        add_reply_error(c, b"Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
        return
    else:
        L = <uint32_t*>malloc(cells * sizeof(uint32_t))
    if L == NULL:
        add_reply_error(c, b"Insufficient memory, failed allocating transient memory for LCS")
        return
    w = blen + 1
    for j in range(w):
        L[j] = 0
    for i in range(1, <uint32_t>alen + 1):
        L[i * w] = 0
        for j in range(1, w):
            if a[i - 1] == b[j - 1]:
                L[i * w + j] = L[(i - 1) * w + j - 1] + 1
            elif L[(i - 1) * w + j] > L[i * w + j - 1]:
                L[i * w + j] = L[(i - 1) * w + j]
            else:
                L[i * w + j] = L[i * w + j - 1]
    total = L[alen * w + blen]
    if getlen:
        free(L)
        add_reply_ll(c, total)
        return
    if getidx:
        add_reply_map_len(c, 2)
        add_reply_bulk(c, b"matches", 7)
        deferred = add_reply_deferred_len(c)
    else:
        out = <char*>zmalloc(<size_t>total + 1)
    # Walk back from L[alen][blen]; a range is a run of diagonal matches,
    # emitted when the run breaks or reaches the start of either string.
    idx = total
    astart = <uint32_t>alen      # alen: no range in progress
    i = <uint32_t>alen
    j = <uint32_t>blen
    while i > 0 and j > 0:
        emit = 0
        if a[i - 1] == b[j - 1]:
            if out != NULL:
                out[idx - 1] = a[i - 1]
            if astart == alen:
                astart = aend = i - 1
                bstart = bend = j - 1
            elif astart == i and bstart == j:
                astart -= 1
                bstart -= 1
            else:
                emit = 1
            if astart == 0 or bstart == 0:
                emit = 1
            idx -= 1
            i -= 1
            j -= 1
        else:
            if L[(i - 1) * w + j] > L[i * w + j - 1]:
                i -= 1
            else:
                j -= 1
            if astart != alen:
                emit = 1
        if emit:
            match_len = aend - astart + 1
            if getidx and (minmatchlen == 0 or match_len >= minmatchlen):
                add_reply_array_len(c, 2 + withmatchlen)
                add_reply_array_len(c, 2)
                add_reply_ll(c, astart)
                add_reply_ll(c, aend)
                add_reply_array_len(c, 2)
                add_reply_ll(c, bstart)
                add_reply_ll(c, bend)
                if withmatchlen:
                    add_reply_ll(c, match_len)
                nranges += 1
            astart = <uint32_t>alen
    free(L)
    if getidx:
        set_deferred_array_len(c, deferred, nranges)
        add_reply_bulk(c, b"len", 3)
        add_reply_ll(c, total)
    else:
        add_reply_bulk(c, out, total)
        zfree(out)
