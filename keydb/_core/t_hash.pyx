"""Hashes: the hash type over its two encodings, and the hash commands.

A hash starts as a listpack of field, value pairs in insertion order and
becomes a hashtable (our Dict, field -> value) once it has more than
hash-max-listpack-entries fields or gets a field or value longer than
hash-max-listpack-value bytes, never going back: Redis 7.0's rules, so
OBJECT ENCODING agrees with it at every size.

Hashtable values are stored compactly in the entry's 8-byte value slot:
values of up to 7 bytes live in the slot itself, longer ones in a separate
allocation with a 1-byte (or, from 255 bytes, 9-byte) length header. A field
then costs its DictEntry (20 bytes + the field's bytes), the value's
allocation when longer than 7 bytes, and one bucket pointer.

The layer functions (hash_get, hash_set, hash_delete, hash_iterate, ...,
declared in t_hash.pxd) hide the encoding from the commands and from other
modules. Every function runs with the keyspace lock held.
"""
from libc.stdint cimport uint8_t, uint64_t, uintptr_t
from libc.stdio cimport snprintf
from libc.string cimport memcpy
from libc.limits cimport LLONG_MAX, LLONG_MIN
from keydb._core.state cimport g, Client, Arg
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree, zmalloc_size
from keydb._core.object cimport (RObj, OBJ_HASH, ENC_LISTPACK, ENC_HT, type_ops,
    create_object)
from keydb._core.dict cimport (Dict, DictEntry, DictIter, dict_create, dict_release,
    dict_find, dict_add_or_find, dict_delete, dict_try_shrink, dict_fair_random, dict_iter_init,
    dict_iter_next, dict_scan, dict_key, dict_size, dict_hash)
from keydb._core.listpack cimport (LP_REPLACE, LP_INT_BUF, lp_new, lp_free, lp_dup,
    lp_length, lp_first, lp_next, lp_seek, lp_get_str, lp_find, lp_insert, lp_append,
    lp_delete_range_at, lp_safe_to_add)
from keydb._core.db cimport (lookup_key_read, lookup_key_write, db_add, db_delete,
    signal_modified_key, member_expire_forget)
from keydb._core.reply cimport (add_reply_raw, add_reply_null, add_reply_bulk, add_reply_ok,
    add_reply_ll, add_reply_error, add_reply_error_arity, add_reply_syntax_error,
    add_reply_array_len, add_reply_map_len, add_reply_deferred_len, set_deferred_array_len)
from keydb._core.args cimport OK, ERR, arg_is, arg_to_ll, wrong_type
from keydb._core.util cimport string2ll, ll2string, string2ld, ld2string, stringmatchlen, monotonic_us
from keydb._core.t_keys cimport ScanOpts, scan_parse_cursor, scan_parse_options

cdef extern from "<math.h>" nogil:
    bint ld_isnan "isnan"(long double x)      # type-generic macros: no cast to double
    bint ld_isinf "isinf"(long double x)

cdef extern from *:
    """
    static __thread unsigned long long keydb_hash_rand_state;
    """
    unsigned long long keydb_hash_rand_state

cdef enum:
    MAX_LONG_DOUBLE_CHARS = 5 * 1024
    HVAL_INLINE_MAX = 7        # longest value kept inside the entry's value slot
    HVAL_LONG = 255            # length byte announcing a u64 length


# ---- randomness -----------------------------------------------------------------

cdef unsigned long long rand_u64() noexcept nogil:
    # xorshift64* with per-thread state, seeded on first use through the
    # dict's keyed hash (random per process) of the time and a stack address.
    global keydb_hash_rand_state
    cdef unsigned long long x = keydb_hash_rand_state
    cdef unsigned long long seed[2]
    if x == 0:
        seed[0] = <unsigned long long>monotonic_us()
        seed[1] = <unsigned long long><uintptr_t>&x
        x = dict_hash(<const char*>seed, sizeof(seed)) | 1
    x ^= x >> 12
    x ^= x << 25
    x ^= x >> 27
    keydb_hash_rand_state = x
    return x * 2685821657736338717ULL


# ---- compact hashtable values ---------------------------------------------------
# The entry's DictVal holds either the value itself or a pointer to it:
#   inline  the slot's first byte (its low byte: little-endian) is len << 1 | 1,
#           the value's bytes follow it in the slot (len <= 7);
#   pointer malloc alignment keeps bit 0 clear; it points at [len u8][bytes],
#           or at [255][len u64][bytes] for 255 bytes and more.

cdef inline void hval_set(DictEntry* e, const char* s, size_t n) noexcept nogil:
    # Store s[0:n] as e's value (the old value, if any, must be freed first).
    cdef uint8_t* b = <uint8_t*>&e.v
    cdef uint8_t* p
    cdef uint64_t n64 = n
    if n <= HVAL_INLINE_MAX:
        e.v.s64 = 0
        b[0] = <uint8_t>((n << 1) | 1)
        if n:
            memcpy(b + 1, s, n)
        return
    if n < HVAL_LONG:
        p = <uint8_t*>zmalloc(1 + n)
        p[0] = <uint8_t>n
        memcpy(p + 1, s, n)
    else:
        p = <uint8_t*>zmalloc(9 + n)
        p[0] = HVAL_LONG
        memcpy(p + 1, &n64, 8)
        memcpy(p + 9, s, n)
    e.v.ptr = p


cdef inline const char* hval_get(DictEntry* e, size_t* n) noexcept nogil:
    cdef uint8_t* b = <uint8_t*>&e.v
    cdef uint8_t* p
    cdef uint64_t n64
    if b[0] & 1:
        n[0] = b[0] >> 1
        return <const char*>(b + 1)
    p = <uint8_t*>e.v.ptr
    if p[0] != HVAL_LONG:
        n[0] = p[0]
        return <const char*>(p + 1)
    memcpy(&n64, p + 1, 8)
    n[0] = <size_t>n64
    return <const char*>(p + 9)


cdef void hval_free(void* v) noexcept nogil:
    # The Dict's value destructor: inline values own no memory.
    if not (<uintptr_t>v & 1):
        zfree(v)


cdef inline size_t hval_alloc_size(DictEntry* e) noexcept nogil:
    if <uintptr_t>e.v.ptr & 1:
        return 0
    return zmalloc_size(e.v.ptr)


# ---- the hash type --------------------------------------------------------------

cdef RObj* hash_create() noexcept nogil:
    return create_object(OBJ_HASH, ENC_LISTPACK, lp_new())


cdef unsigned long hash_length(RObj* o) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        return lp_length(<uint8_t*>o.v.ptr) // 2
    return dict_size(<Dict*>o.v.ptr)


cdef inline uint8_t* lp_find_field(uint8_t* lp, const char* f, size_t flen) noexcept nogil:
    # The listpack entry of field f (values are skipped), NULL if absent.
    cdef uint8_t* p = lp_first(lp)
    if p == NULL:
        return NULL
    return lp_find(lp, p, f, flen, 1)


cdef const char* hash_get(RObj* o, const char* f, size_t flen, size_t* vlen, char* buf) noexcept nogil:
    cdef uint8_t* lp
    cdef uint8_t* p
    cdef DictEntry* e
    if o.encoding == ENC_LISTPACK:
        lp = <uint8_t*>o.v.ptr
        p = lp_find_field(lp, f, flen)
        if p == NULL:
            return NULL
        return lp_get_str(lp_next(lp, p), vlen, buf)
    e = dict_find(<Dict*>o.v.ptr, f, flen)
    if e == NULL:
        return NULL
    return hval_get(e, vlen)


cdef int hash_exists(RObj* o, const char* f, size_t flen) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        return lp_find_field(<uint8_t*>o.v.ptr, f, flen) != NULL
    return dict_find(<Dict*>o.v.ptr, f, flen) != NULL


cdef int hash_set(RObj* o, const char* f, size_t flen, const char* v, size_t vlen) noexcept nogil:
    cdef uint8_t* lp
    cdef uint8_t* p
    cdef DictEntry* e
    cdef int created
    if o.encoding == ENC_LISTPACK and (
            flen > <size_t>g.cfg.hash_max_listpack_value or vlen > <size_t>g.cfg.hash_max_listpack_value):
        hash_convert(o)
    if o.encoding == ENC_LISTPACK:
        lp = <uint8_t*>o.v.ptr
        p = lp_find_field(lp, f, flen)
        created = p == NULL
        if created:
            lp = lp_append(lp, f, flen)
            o.v.ptr = lp_append(lp, v, vlen)
        else:
            o.v.ptr = lp_insert(lp, v, vlen, lp_next(lp, p), LP_REPLACE, NULL)
        # Checked after an update too: the limit may have been lowered since.
        if hash_length(o) > <unsigned long>g.cfg.hash_max_listpack_entries:
            hash_convert(o)
        return created
    e = dict_add_or_find(<Dict*>o.v.ptr, f, flen, &created)
    if not created:
        hval_free(e.v.ptr)
    hval_set(e, v, vlen)
    return created


cdef int hash_delete(RObj* o, const char* f, size_t flen) noexcept nogil:
    cdef uint8_t* p
    cdef Dict* d
    if o.encoding == ENC_LISTPACK:
        p = lp_find_field(<uint8_t*>o.v.ptr, f, flen)
        if p == NULL:
            return 0
        o.v.ptr = lp_delete_range_at(<uint8_t*>o.v.ptr, p, 2)
        return 1
    d = <Dict*>o.v.ptr
    if not dict_delete(d, f, flen):
        return 0
    dict_try_shrink(d)
    return 1


cdef void hash_iterate(RObj* o, HashVisitFn fn, void* priv) noexcept nogil:
    cdef uint8_t* lp
    cdef uint8_t* p
    cdef uint8_t* vp
    cdef char fbuf[LP_INT_BUF]
    cdef char vbuf[LP_INT_BUF]
    cdef const char* f
    cdef const char* v
    cdef size_t flen, vlen
    cdef DictIter it
    cdef DictEntry* e
    if o.encoding == ENC_LISTPACK:
        lp = <uint8_t*>o.v.ptr
        p = lp_first(lp)
        while p != NULL:
            vp = lp_next(lp, p)
            f = lp_get_str(p, &flen, fbuf)
            v = lp_get_str(vp, &vlen, vbuf)
            fn(priv, f, flen, v, vlen)
            p = lp_next(lp, vp)
        return
    dict_iter_init(&it, <Dict*>o.v.ptr)
    e = dict_iter_next(&it)
    while e != NULL:
        v = hval_get(e, &vlen)
        fn(priv, dict_key(e), e.klen, v, vlen)
        e = dict_iter_next(&it)


cdef void add_to_dict(void* priv, const char* f, size_t flen, const char* v, size_t vlen) noexcept nogil:
    cdef int created
    hval_set(dict_add_or_find(<Dict*>priv, f, flen, &created), v, vlen)


cdef void hash_convert(RObj* o) noexcept nogil:
    cdef Dict* d
    if o.encoding != ENC_LISTPACK:
        return
    d = dict_create(hval_free)
    hash_iterate(o, add_to_dict, d)
    lp_free(<uint8_t*>o.v.ptr)
    o.encoding = ENC_HT
    o.v.ptr = d


cdef void hash_try_conversion(RObj* o, Arg* argv, int first, int last) noexcept nogil:
    cdef size_t total = 0
    cdef int i
    if o.encoding != ENC_LISTPACK:
        return
    for i in range(first, last + 1):
        if argv[i].len > <size_t>g.cfg.hash_max_listpack_value:
            hash_convert(o)
            return
        total += argv[i].len
    if not lp_safe_to_add(<uint8_t*>o.v.ptr, total):
        hash_convert(o)


# ---- type hooks (free, dup, memory) ---------------------------------------------

cdef void hash_free(RObj* o) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        lp_free(<uint8_t*>o.v.ptr)
    else:
        dict_release(<Dict*>o.v.ptr)


cdef RObj* hash_dup(RObj* o) noexcept nogil:
    cdef Dict* d
    if o.encoding == ENC_LISTPACK:
        return create_object(OBJ_HASH, ENC_LISTPACK, lp_dup(<uint8_t*>o.v.ptr))
    d = dict_create(hval_free)
    hash_iterate(o, add_to_dict, d)
    return create_object(OBJ_HASH, ENC_HT, d)


cdef size_t hash_memory(RObj* o, size_t samples) noexcept nogil:
    # Payload bytes: the listpack, or the Dict, its bucket arrays and its
    # entries; with samples > 0 the entries' size is extrapolated from the
    # first `samples` of them, as MEMORY USAGE does.
    cdef Dict* d
    cdef DictIter it
    cdef DictEntry* e
    cdef size_t n, entries = 0, seen = 0
    if o.encoding == ENC_LISTPACK:
        return zmalloc_size(o.v.ptr)
    d = <Dict*>o.v.ptr
    n = zmalloc_size(d)
    if d.table[0] != NULL:
        n += zmalloc_size(d.table[0])
    if d.table[1] != NULL:
        n += zmalloc_size(d.table[1])
    dict_iter_init(&it, d)
    e = dict_iter_next(&it)
    while e != NULL and (samples == 0 or seen < samples):
        entries += zmalloc_size(e) + hval_alloc_size(e)
        seen += 1
        e = dict_iter_next(&it)
    if seen == 0 or seen == dict_size(d):
        return n + entries
    return n + <size_t>(<double>entries / seen * dict_size(d))


type_ops[OBJ_HASH].free = hash_free
type_ops[OBJ_HASH].dup = hash_dup
type_ops[OBJ_HASH].memory = hash_memory


# ---- helpers of the commands ----------------------------------------------------

# What a command replies for a missing key.
cdef enum:
    EMPTY_NULL = 0          # $-1 / _
    EMPTY_ZERO = 1          # :0
    EMPTY_ARRAY = 2         # *0
    EMPTY_MAP = 3           # *0 / %0
    EMPTY_SCAN = 4          # [cursor 0, no elements]


cdef void reply_empty(Client* c, int empty) noexcept nogil:
    if empty == EMPTY_NULL:
        add_reply_null(c)
    elif empty == EMPTY_ZERO:
        add_reply_ll(c, 0)
    elif empty == EMPTY_ARRAY:
        add_reply_array_len(c, 0)
    elif empty == EMPTY_MAP:
        add_reply_map_len(c, 0)
    else:
        add_reply_raw(c, b"*2\r\n$1\r\n0\r\n*0\r\n", 15)


cdef int lookup_read_or_reply(Client* c, RObj** out, int empty) noexcept nogil:
    # The hash at argv[1] into *out. ERR when the reply is already made: the
    # key is missing (the EMPTY_* answer `empty` is replied) or holds another
    # type.
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        reply_empty(c, empty)
        return ERR
    if wrong_type(c, o, OBJ_HASH):
        return ERR
    out[0] = o
    return OK


cdef RObj* lookup_write_or_create(Client* c, Arg* key) noexcept nogil:
    # The hash at key, created empty when missing; NULL after WRONGTYPE.
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    if wrong_type(c, o, OBJ_HASH):
        return NULL
    if o == NULL:
        o = hash_create()
        db_add(c.db, key.ptr, key.len, o)
    return o


# ---- HSET HMSET HSETNX ----------------------------------------------------------

cdef void hset_generic(Client* c, int ok_reply) noexcept nogil:
    # HSET replies the number of new fields, HMSET +OK.
    cdef RObj* o
    cdef long long created = 0
    cdef int j
    if c.argc % 2 == 1:
        add_reply_error_arity(c)
        return
    o = lookup_write_or_create(c, &c.argv[1])
    if o == NULL:
        return
    hash_try_conversion(o, c.argv, 2, c.argc - 1)
    for j in range(2, c.argc, 2):
        created += hash_set(o, c.argv[j].ptr, c.argv[j].len, c.argv[j + 1].ptr, c.argv[j + 1].len)
    signal_modified_key(c.db, c.argv[1].ptr, c.argv[1].len)
    if ok_reply:
        add_reply_ok(c)
    else:
        add_reply_ll(c, created)


cdef void cmd_hset(Client* c) noexcept nogil:
    hset_generic(c, 0)


cdef void cmd_hmset(Client* c) noexcept nogil:
    hset_generic(c, 1)


cdef void cmd_hsetnx(Client* c) noexcept nogil:
    cdef RObj* o = lookup_write_or_create(c, &c.argv[1])
    if o == NULL:
        return
    if hash_exists(o, c.argv[2].ptr, c.argv[2].len):
        add_reply_ll(c, 0)
        return
    hash_try_conversion(o, c.argv, 2, 3)
    hash_set(o, c.argv[2].ptr, c.argv[2].len, c.argv[3].ptr, c.argv[3].len)
    signal_modified_key(c.db, c.argv[1].ptr, c.argv[1].len)
    add_reply_ll(c, 1)


# ---- reads of single fields -----------------------------------------------------

cdef void reply_field_value(Client* c, RObj* o, Arg* f) noexcept nogil:
    # The value of field f as a bulk string, or null.
    cdef char buf[HASH_VAL_BUF]
    cdef size_t vlen
    cdef const char* v = hash_get(o, f.ptr, f.len, &vlen, buf)
    if v == NULL:
        add_reply_null(c)
    else:
        add_reply_bulk(c, v, vlen)


cdef void cmd_hget(Client* c) noexcept nogil:
    cdef RObj* o
    if lookup_read_or_reply(c, &o, EMPTY_NULL) == OK:
        reply_field_value(c, o, &c.argv[2])


cdef void cmd_hmget(Client* c) noexcept nogil:
    # A missing key reads as an empty hash: one null per field.
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef int j
    if wrong_type(c, o, OBJ_HASH):
        return
    add_reply_array_len(c, c.argc - 2)
    for j in range(2, c.argc):
        if o == NULL:
            add_reply_null(c)
        else:
            reply_field_value(c, o, &c.argv[j])


cdef void cmd_hexists(Client* c) noexcept nogil:
    cdef RObj* o
    if lookup_read_or_reply(c, &o, EMPTY_ZERO) == OK:
        add_reply_ll(c, hash_exists(o, c.argv[2].ptr, c.argv[2].len))


cdef void cmd_hlen(Client* c) noexcept nogil:
    cdef RObj* o
    if lookup_read_or_reply(c, &o, EMPTY_ZERO) == OK:
        add_reply_ll(c, <long long>hash_length(o))


cdef void cmd_hstrlen(Client* c) noexcept nogil:
    cdef RObj* o
    cdef char buf[HASH_VAL_BUF]
    cdef size_t vlen = 0
    if lookup_read_or_reply(c, &o, EMPTY_ZERO) == OK:
        if hash_get(o, c.argv[2].ptr, c.argv[2].len, &vlen, buf) == NULL:
            vlen = 0
        add_reply_ll(c, <long long>vlen)


# ---- HDEL -----------------------------------------------------------------------

cdef void cmd_hdel(Client* c) noexcept nogil:
    # Stops at the field that empties the hash: the key is deleted then.
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef long long deleted = 0
    cdef int j
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, o, OBJ_HASH):
        return
    for j in range(2, c.argc):
        if hash_delete(o, c.argv[j].ptr, c.argv[j].len):
            deleted += 1
            member_expire_forget(c.db, key.ptr, key.len, c.argv[j].ptr, c.argv[j].len)
            if hash_length(o) == 0:
                db_delete(c.db, key.ptr, key.len)
                break
    if deleted:
        signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, deleted)


# ---- HKEYS HVALS HGETALL --------------------------------------------------------

cdef enum:
    WANT_FIELDS = 1
    WANT_VALUES = 2


cdef struct GetAllCtx:
    Client* c
    int want


cdef void reply_pair(void* priv, const char* f, size_t flen, const char* v, size_t vlen) noexcept nogil:
    cdef GetAllCtx* ctx = <GetAllCtx*>priv
    if ctx.want & WANT_FIELDS:
        add_reply_bulk(ctx.c, f, flen)
    if ctx.want & WANT_VALUES:
        add_reply_bulk(ctx.c, v, vlen)


cdef void getall_generic(Client* c, int want) noexcept nogil:
    # Fields and values together make a map (RESP3); one of them an array.
    cdef RObj* o
    cdef GetAllCtx ctx
    cdef int both = want == (WANT_FIELDS | WANT_VALUES)
    if lookup_read_or_reply(c, &o, EMPTY_MAP if both else EMPTY_ARRAY) != OK:
        return
    if both:
        add_reply_map_len(c, <long long>hash_length(o))
    else:
        add_reply_array_len(c, <long long>hash_length(o))
    ctx.c = c
    ctx.want = want
    hash_iterate(o, reply_pair, &ctx)


cdef void cmd_hkeys(Client* c) noexcept nogil:
    getall_generic(c, WANT_FIELDS)


cdef void cmd_hvals(Client* c) noexcept nogil:
    getall_generic(c, WANT_VALUES)


cdef void cmd_hgetall(Client* c) noexcept nogil:
    getall_generic(c, WANT_FIELDS | WANT_VALUES)


# ---- HINCRBY HINCRBYFLOAT -------------------------------------------------------

cdef RObj* lookup_write_or_reply(Client* c, int* err) noexcept nogil:
    # The hash at argv[1] for a counter, NULL when missing (*err 0) or after
    # WRONGTYPE (*err 1). The counters create the key only once they store.
    cdef RObj* o = lookup_key_write(c.db, c.argv[1].ptr, c.argv[1].len)
    err[0] = wrong_type(c, o, OBJ_HASH)
    return o


cdef void store_counter(Client* c, RObj* o, const char* v, size_t vlen) noexcept nogil:
    # Write the counter's new value into field argv[2] of o (created if NULL).
    cdef Arg* key = &c.argv[1]
    if o == NULL:
        o = hash_create()
        db_add(c.db, key.ptr, key.len, o)
    hash_set(o, c.argv[2].ptr, c.argv[2].len, v, vlen)
    signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_hincrby(Client* c) noexcept nogil:
    cdef long long incr, value = 0
    cdef char buf[HASH_VAL_BUF]
    cdef char out[HASH_VAL_BUF]
    cdef const char* v = NULL
    cdef size_t vlen
    cdef int err
    cdef RObj* o
    if arg_to_ll(c, &c.argv[3], &incr) != OK:
        return
    o = lookup_write_or_reply(c, &err)
    if err:
        return
    if o != NULL:
        v = hash_get(o, c.argv[2].ptr, c.argv[2].len, &vlen, buf)
    if v != NULL and not string2ll(v, vlen, &value):
        add_reply_error(c, b"hash value is not an integer")
        return
    if (incr < 0 and value < 0 and incr < LLONG_MIN - value) or \
            (incr > 0 and value > 0 and incr > LLONG_MAX - value):
        add_reply_error(c, b"increment or decrement would overflow")
        return
    value += incr
    store_counter(c, o, out, <size_t>ll2string(out, sizeof(out), value))
    add_reply_ll(c, value)


cdef void cmd_hincrbyfloat(Client* c) noexcept nogil:
    # long double arithmetic, the result stored as INCRBYFLOAT formats it.
    cdef long double incr, value = 0
    cdef char buf[HASH_VAL_BUF]
    cdef char out[MAX_LONG_DOUBLE_CHARS]
    cdef const char* v = NULL
    cdef size_t vlen, n
    cdef int err
    cdef RObj* o
    if not string2ld(c.argv[3].ptr, c.argv[3].len, &incr):
        add_reply_error(c, b"value is not a valid float")
        return
    if ld_isnan(incr) or ld_isinf(incr):
        add_reply_error(c, b"value is NaN or Infinity")
        return
    o = lookup_write_or_reply(c, &err)
    if err:
        return
    if o != NULL:
        v = hash_get(o, c.argv[2].ptr, c.argv[2].len, &vlen, buf)
    if v != NULL and not string2ld(v, vlen, &value):
        add_reply_error(c, b"hash value is not a float")
        return
    value += incr
    if ld_isnan(value) or ld_isinf(value):
        add_reply_error(c, b"increment would produce NaN or Infinity")
        return
    n = <size_t>ld2string(out, sizeof(out), value)
    store_counter(c, o, out, n)
    add_reply_bulk(c, out, n)


# ---- HRANDFIELD -----------------------------------------------------------------

cdef void reply_lp_pair(Client* c, uint8_t* lp, uint8_t* p, int withvalues) noexcept nogil:
    # The field at listpack entry p, and its value; a pair is an array in RESP3.
    cdef char buf[LP_INT_BUF]
    cdef const char* s
    cdef size_t n
    if withvalues and c.resp >= 3:
        add_reply_array_len(c, 2)
    s = lp_get_str(p, &n, buf)
    add_reply_bulk(c, s, n)
    if withvalues:
        s = lp_get_str(lp_next(lp, p), &n, buf)
        add_reply_bulk(c, s, n)


cdef void reply_ht_pair(Client* c, DictEntry* e, int withvalues) noexcept nogil:
    cdef const char* v
    cdef size_t vlen
    if withvalues and c.resp >= 3:
        add_reply_array_len(c, 2)
    add_reply_bulk(c, dict_key(e), e.klen)
    if withvalues:
        v = hval_get(e, &vlen)
        add_reply_bulk(c, v, vlen)


cdef uint8_t** lp_field_index(uint8_t* lp, unsigned long size) noexcept nogil:
    # The entries of the hash's `size` fields, for random access (zfree it).
    cdef uint8_t** fields = <uint8_t**>zmalloc(size * sizeof(uint8_t*))
    cdef uint8_t* p = lp_first(lp)
    cdef unsigned long i
    for i in range(size):
        fields[i] = p
        p = lp_next(lp, lp_next(lp, p))
    return fields


cdef void reply_random_picks(Client* c, RObj* o, unsigned long count, int withvalues) noexcept nogil:
    # count picks with repetition (a negative COUNT, or COUNT 1).
    cdef uint8_t* lp
    cdef uint8_t** fields
    cdef unsigned long size = hash_length(o), i
    if o.encoding == ENC_HT:
        for i in range(count):
            reply_ht_pair(c, dict_fair_random(<Dict*>o.v.ptr), withvalues)
        return
    lp = <uint8_t*>o.v.ptr
    fields = lp_field_index(lp, size)
    for i in range(count):
        reply_lp_pair(c, lp, fields[rand_u64() % size], withvalues)
    zfree(fields)


cdef void reply_random_distinct(Client* c, RObj* o, unsigned long count, int withvalues) noexcept nogil:
    # count distinct fields, 1 < count < size. A listpack is sampled in one
    # pass (each field kept with probability wanted/left, so in listpack
    # order); a hashtable shuffles an array of its entries when count is a
    # large share of it, otherwise draws until count distinct entries came
    # up (a scratch Dict keyed by entry address remembers them).
    cdef unsigned long size = hash_length(o), left, i, j
    cdef uint8_t* lp
    cdef uint8_t* p
    cdef DictEntry** all_
    cdef DictEntry* e
    cdef DictIter it
    cdef Dict* seen
    cdef int created
    if o.encoding == ENC_LISTPACK:
        lp = <uint8_t*>o.v.ptr
        p = lp_first(lp)
        left = size
        while count > 0:
            if rand_u64() % left < count:
                reply_lp_pair(c, lp, p, withvalues)
                count -= 1
            left -= 1
            p = lp_next(lp, lp_next(lp, p))
        return
    if count * 3 > size:
        all_ = <DictEntry**>zmalloc(size * sizeof(DictEntry*))
        dict_iter_init(&it, <Dict*>o.v.ptr)
        for i in range(size):
            all_[i] = dict_iter_next(&it)
        for i in range(count):
            j = i + rand_u64() % (size - i)
            e = all_[j]
            all_[j] = all_[i]
            all_[i] = e
            reply_ht_pair(c, e, withvalues)
        zfree(all_)
        return
    seen = dict_create(NULL)
    while count > 0:
        e = dict_fair_random(<Dict*>o.v.ptr)
        dict_add_or_find(seen, <const char*>&e, sizeof(e), &created)
        if created:
            reply_ht_pair(c, e, withvalues)
            count -= 1
    dict_release(seen)


cdef struct AllPairsCtx:
    Client* c
    int withvalues


cdef void reply_any_pair(void* priv, const char* f, size_t flen, const char* v, size_t vlen) noexcept nogil:
    cdef AllPairsCtx* ctx = <AllPairsCtx*>priv
    if ctx.withvalues and ctx.c.resp >= 3:
        add_reply_array_len(ctx.c, 2)
    add_reply_bulk(ctx.c, f, flen)
    if ctx.withvalues:
        add_reply_bulk(ctx.c, v, vlen)


cdef void hrandfield_with_count(Client* c, long long l, int withvalues) noexcept nogil:
    # COUNT >= 0: distinct fields (all of them when COUNT >= the size);
    # COUNT < 0: -COUNT picks that may repeat.
    cdef RObj* o
    cdef unsigned long size, count
    cdef int distinct = l >= 0
    cdef AllPairsCtx ctx
    if lookup_read_or_reply(c, &o, EMPTY_ARRAY) != OK:
        return
    count = <unsigned long>(l if distinct else -l)
    if count == 0:
        add_reply_array_len(c, 0)
        return
    size = hash_length(o)
    if count >= size and distinct:
        count = size
    add_reply_array_len(c, <long long>(count * 2 if withvalues and c.resp == 2 else count))
    if not distinct or count == 1:
        reply_random_picks(c, o, count, withvalues)
    elif count == size:
        ctx.c = c
        ctx.withvalues = withvalues
        hash_iterate(o, reply_any_pair, &ctx)
    else:
        reply_random_distinct(c, o, count, withvalues)


cdef void cmd_hrandfield(Client* c) noexcept nogil:
    # Without COUNT: one random field, or null.
    cdef long long l
    cdef RObj* o
    cdef uint8_t* lp
    cdef unsigned long size
    if c.argc >= 3:
        if arg_to_ll(c, &c.argv[2], &l) != OK:
            return
        if l == LLONG_MIN:
            add_reply_error(c, b"value is out of range, value must between "
                               b"-9223372036854775807 and 9223372036854775807")
            return
        if c.argc > 4 or (c.argc == 4 and not arg_is(&c.argv[3], b"withvalues")):
            add_reply_syntax_error(c)
            return
        if c.argc == 4 and (l < -(LLONG_MAX // 2) or l > LLONG_MAX // 2):
            add_reply_error(c, b"value is out of range")
            return
        hrandfield_with_count(c, l, c.argc == 4)
        return
    if lookup_read_or_reply(c, &o, EMPTY_NULL) != OK:
        return
    if o.encoding == ENC_HT:
        reply_ht_pair(c, dict_fair_random(<Dict*>o.v.ptr), 0)
        return
    lp = <uint8_t*>o.v.ptr
    size = hash_length(o)
    reply_lp_pair(c, lp, lp_seek(lp, <long>(2 * (rand_u64() % size))), 0)


# ---- HSCAN ----------------------------------------------------------------------

cdef struct HScanBatch:
    ScanOpts* opts
    long long visited        # entries seen, matching or not
    DictEntry** found        # entries whose field passed MATCH
    long long n
    long long cap


cdef inline int field_matches(ScanOpts* opts, const char* f, size_t flen) noexcept nogil:
    return opts.pattern == NULL or stringmatchlen(opts.pattern, <int>opts.patlen, f, <int>flen, 0)


cdef void hscan_visit(void* priv, DictEntry* e) noexcept nogil:
    cdef HScanBatch* b = <HScanBatch*>priv
    b.visited += 1
    if not field_matches(b.opts, dict_key(e), e.klen):
        return
    if b.n == b.cap:
        b.cap *= 2
        b.found = <DictEntry**>zrealloc(b.found, <size_t>b.cap * sizeof(DictEntry*))
    b.found[b.n] = e
    b.n += 1


cdef void reply_cursor(Client* c, unsigned long cursor) noexcept nogil:
    cdef char buf[24]
    cdef int n = snprintf(buf, sizeof(buf), b"%lu", cursor)
    add_reply_array_len(c, 2)
    add_reply_bulk(c, buf, <size_t>n)


cdef void hscan_listpack(Client* c, RObj* o, ScanOpts* opts) noexcept nogil:
    # A listpack is returned whole in one call, whatever the cursor and COUNT.
    cdef uint8_t* lp = <uint8_t*>o.v.ptr
    cdef uint8_t* p = lp_first(lp)
    cdef char fbuf[LP_INT_BUF]
    cdef char vbuf[LP_INT_BUF]
    cdef const char* f
    cdef const char* v
    cdef size_t flen, vlen
    cdef long long n = 0
    cdef size_t at
    reply_cursor(c, 0)
    at = add_reply_deferred_len(c)
    while p != NULL:
        f = lp_get_str(p, &flen, fbuf)
        p = lp_next(lp, p)
        if field_matches(opts, f, flen):
            v = lp_get_str(p, &vlen, vbuf)
            add_reply_bulk(c, f, flen)
            add_reply_bulk(c, v, vlen)
            n += 2
        p = lp_next(lp, p)
    set_deferred_array_len(c, at, n)


cdef void hscan_table(Client* c, RObj* o, unsigned long cursor, ScanOpts* opts) noexcept nogil:
    # Visit buckets until the entries seen, counted as field + value like
    # Redis, reach COUNT (or 10*COUNT buckets were visited, or the end).
    cdef HScanBatch b
    cdef long long buckets = opts.count * 10 if opts.count < 100000000 else 1000000000
    cdef const char* v
    cdef size_t vlen
    cdef DictEntry* e
    cdef long long j
    b.opts = opts
    b.visited = 0
    b.n = 0
    b.cap = 16
    b.found = <DictEntry**>zmalloc(<size_t>b.cap * sizeof(DictEntry*))
    while True:
        cursor = dict_scan(<Dict*>o.v.ptr, cursor, hscan_visit, &b)
        if cursor == 0 or buckets == 0 or b.visited * 2 >= opts.count:
            break
        buckets -= 1
    reply_cursor(c, cursor)
    add_reply_array_len(c, b.n * 2)
    for j in range(b.n):
        e = b.found[j]
        add_reply_bulk(c, dict_key(e), e.klen)
        v = hval_get(e, &vlen)
        add_reply_bulk(c, v, vlen)
    zfree(b.found)


cdef void cmd_hscan(Client* c) noexcept nogil:
    # The cursor is checked before the key, the options after it (Redis's order).
    cdef unsigned long cursor
    cdef ScanOpts opts
    cdef RObj* o
    if scan_parse_cursor(c, 2, &cursor) < 0:
        return
    if lookup_read_or_reply(c, &o, EMPTY_SCAN) != OK:
        return
    if scan_parse_options(c, 3, 0, &opts) < 0:
        return
    if o.encoding == ENC_LISTPACK:
        hscan_listpack(c, o, &opts)
    else:
        hscan_table(c, o, cursor, &opts)
