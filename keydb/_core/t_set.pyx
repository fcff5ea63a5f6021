"""Set commands and the set type (intset / hash table, see t_set.pxd).

The type layer at the top hides the two encodings from the commands and
from later callers; the commands below follow Redis 7.0's observable
behaviour, including what decides a result's encoding:
- SINTERSTORE, SUNION(STORE), SDIFF(STORE) and SPOP's whole-set case build
  their result by adding members one by one to a new intset set, so the
  result is an intset exactly when Redis's would be (and then replies in
  ascending order, as Redis's do);
- SDIFF picks Redis's algorithm (test the first set's members against the
  others, or add the first set and remove the others) by the same cost
  estimate, since the second can leave a hash table that a smaller
  result would not have needed;
- SPOP with a count close to the size keeps the few survivors in a new set
  (which may be an intset again), as Redis does.
Every handler runs with the keyspace lock held.
"""
from libc.stdint cimport uint32_t, int64_t
from libc.stdlib cimport qsort
from libc.stdio cimport snprintf
from libc.limits cimport LLONG_MAX
from posix.unistd cimport getpid
from keydb._core.state cimport g, Client, Arg, Db
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree, zmalloc_size
from keydb._core.object cimport (RObj, OBJ_SET, ENC_INTSET, ENC_HT, type_ops, create_object,
    free_object)
from keydb._core.intset cimport (IntSet, intset_new, intset_add, intset_remove, intset_find,
    intset_get, intset_len, intset_dup)
from keydb._core.dict cimport (Dict, DictEntry, DictIter, dict_create, dict_release, dict_find,
    dict_add_or_find, dict_delete, dict_try_shrink, dict_fair_random, dict_scan, dict_key, dict_size,
    dict_iter_init, dict_iter_next)
from keydb._core.db cimport (lookup_key_read, lookup_key_write, db_add, db_delete, db_set_key,
    db_overwrite, signal_modified_key, member_expire_forget)
from keydb._core.reply cimport (add_reply_ll, add_reply_bulk, add_reply_bulk_ll, add_reply_null,
    add_reply_error, add_reply_error_len, add_reply_not_integer, add_reply_syntax_error,
    add_reply_wrongtype, add_reply_array_len, add_reply_set_len, add_reply_deferred_len,
    set_deferred_array_len, set_deferred_set_len)
from keydb._core.args cimport OK, ERR, arg_is, wrong_type
from keydb._core.t_keys cimport ScanOpts, scan_parse_cursor, scan_parse_options, add_reply_bulk_ulong
from keydb._core.util cimport string2ll, ll2string, stringmatchlen, ustime

cdef enum:
    SPOP_MOVE_STRATEGY_MUL = 5          # SPOP keeps survivors in a new set below 1/5
    SRANDMEMBER_SUB_STRATEGY_MUL = 3    # SRANDMEMBER shuffles the whole set above 1/3
    OP_UNION = 0
    OP_DIFF = 1


# ---- randomness ----------------------------------------------------------------
# xorshift64* for SPOP / SRANDMEMBER / intset picks. Guard: lock.

cdef unsigned long long rng_state = 0x9E3779B97F4A7C15ULL


cdef inline unsigned long random_below(unsigned long n) noexcept nogil:
    # A random integer in [0, n), n > 0.
    global rng_state
    rng_state ^= rng_state >> 12
    rng_state ^= rng_state << 25
    rng_state ^= rng_state >> 27
    return <unsigned long>((rng_state * 2685821657736338717ULL) % n)


rng_state ^= (<unsigned long long>ustime() << 16) ^ <unsigned long long>getpid()
if rng_state == 0:
    rng_state = 1               # xorshift never leaves 0


# ---- the set type -----------------------------------------------------------------

cdef void set_member_format(SetMember* m) noexcept nogil:
    m.len = <size_t>ll2string(m.buf, sizeof(m.buf), m.ll)
    m.ptr = m.buf


cdef RObj* set_create_intset() noexcept nogil:
    return create_object(OBJ_SET, ENC_INTSET, intset_new())


cdef RObj* set_create_for(const char* p, size_t n) noexcept nogil:
    cdef long long v
    if string2ll(p, n, &v):
        return set_create_intset()
    return create_object(OBJ_SET, ENC_HT, dict_create(NULL))


cdef unsigned long set_size(RObj* o) noexcept nogil:
    if o.encoding == ENC_INTSET:
        return intset_len(<IntSet*>o.v.ptr)
    return dict_size(<Dict*>o.v.ptr)


cdef void set_convert_to_ht(RObj* o) noexcept nogil:
    cdef IntSet* s
    cdef Dict* d
    cdef uint32_t i
    cdef int created
    cdef char buf[24]
    cdef int n
    if o.encoding != ENC_INTSET:
        return
    s = <IntSet*>o.v.ptr
    d = dict_create(NULL)
    for i in range(intset_len(s)):
        n = ll2string(buf, sizeof(buf), intset_get(s, i))
        dict_add_or_find(d, buf, <size_t>n, &created)
    zfree(s)
    o.encoding = ENC_HT
    o.v.ptr = d


cdef int intset_add_checked(RObj* o, long long v) noexcept nogil:
    # Add to an ENC_INTSET set, converting once it passes the limit.
    cdef int added
    o.v.ptr = intset_add(<IntSet*>o.v.ptr, v, &added)
    if added and <long long>intset_len(<IntSet*>o.v.ptr) > g.cfg.set_max_intset_entries:
        set_convert_to_ht(o)
    return added


cdef int set_add(RObj* o, const char* p, size_t n) noexcept nogil:
    cdef long long v
    cdef int created
    if o.encoding == ENC_INTSET:
        if string2ll(p, n, &v):
            return intset_add_checked(o, v)
        set_convert_to_ht(o)
    dict_add_or_find(<Dict*>o.v.ptr, p, n, &created)
    return created


cdef int set_add_member(RObj* o, SetMember* m) noexcept nogil:
    if m.encoding == ENC_INTSET and o.encoding == ENC_INTSET:
        return intset_add_checked(o, m.ll)
    set_member_bytes(m)
    return set_add(o, m.ptr, m.len)


cdef int set_remove(RObj* o, const char* p, size_t n) noexcept nogil:
    cdef long long v
    cdef int removed = 0
    if o.encoding == ENC_INTSET:
        if string2ll(p, n, &v):
            o.v.ptr = intset_remove(<IntSet*>o.v.ptr, v, &removed)
        return removed
    if dict_delete(<Dict*>o.v.ptr, p, n):
        dict_try_shrink(<Dict*>o.v.ptr)
        return 1
    return 0


cdef int set_remove_member(RObj* o, SetMember* m) noexcept nogil:
    # m may be a member of o itself; it is invalid afterwards.
    cdef int removed
    if m.encoding == ENC_INTSET and o.encoding == ENC_INTSET:
        o.v.ptr = intset_remove(<IntSet*>o.v.ptr, m.ll, &removed)
        return removed
    set_member_bytes(m)
    return set_remove(o, m.ptr, m.len)


cdef int set_contains(RObj* o, const char* p, size_t n) noexcept nogil:
    cdef long long v
    if o.encoding == ENC_INTSET:
        return string2ll(p, n, &v) and intset_find(<IntSet*>o.v.ptr, v)
    return dict_find(<Dict*>o.v.ptr, p, n) != NULL


cdef int set_contains_member(RObj* o, SetMember* m) noexcept nogil:
    if m.encoding == ENC_INTSET and o.encoding == ENC_INTSET:
        return intset_find(<IntSet*>o.v.ptr, m.ll)
    set_member_bytes(m)
    return set_contains(o, m.ptr, m.len)


cdef void set_random(RObj* o, SetMember* m) noexcept nogil:
    cdef IntSet* s
    cdef DictEntry* e
    m.encoding = o.encoding
    if o.encoding == ENC_INTSET:
        s = <IntSet*>o.v.ptr
        m.ll = intset_get(s, <uint32_t>random_below(intset_len(s)))
        m.ptr = NULL
    else:
        e = dict_fair_random(<Dict*>o.v.ptr)
        m.ptr = dict_key(e)
        m.len = e.klen


cdef void set_iter_init(SetIter* it, RObj* o) noexcept nogil:
    it.o = o
    it.pos = 0
    if o.encoding == ENC_HT:
        dict_iter_init(&it.di, <Dict*>o.v.ptr)


cdef int set_iter_next(SetIter* it, SetMember* m) noexcept nogil:
    cdef IntSet* s
    cdef DictEntry* e
    m.encoding = it.o.encoding
    if it.o.encoding == ENC_INTSET:
        s = <IntSet*>it.o.v.ptr
        if it.pos >= intset_len(s):
            return 0
        m.ll = intset_get(s, <uint32_t>it.pos)
        m.ptr = NULL
        it.pos += 1
        return 1
    e = dict_iter_next(&it.di)
    if e == NULL:
        return 0
    m.ptr = dict_key(e)
    m.len = e.klen
    return 1


# ---- type hooks (object.pxd's type_ops) ---------------------------------------------

cdef void set_free(RObj* o) noexcept nogil:
    if o.encoding == ENC_INTSET:
        zfree(o.v.ptr)
    else:
        dict_release(<Dict*>o.v.ptr)


cdef RObj* set_dup(RObj* o) noexcept nogil:
    cdef RObj* r
    cdef SetIter it
    cdef SetMember m
    if o.encoding == ENC_INTSET:
        return create_object(OBJ_SET, ENC_INTSET, intset_dup(<IntSet*>o.v.ptr))
    r = create_object(OBJ_SET, ENC_HT, dict_create(NULL))
    set_iter_init(&it, o)
    while set_iter_next(&it, &m):
        set_add(r, m.ptr, m.len)
    return r


cdef size_t set_memory(RObj* o, size_t samples) noexcept nogil:
    # Allocator bytes of the payload. A hash table counts its header, its
    # bucket arrays and its entries; with samples > 0 the entries are
    # estimated from the first `samples` of them, as MEMORY USAGE does.
    cdef Dict* d
    cdef DictIter di
    cdef DictEntry* e
    cdef size_t n, seen = 0, entries = 0
    if o.encoding == ENC_INTSET:
        return zmalloc_size(o.v.ptr)
    d = <Dict*>o.v.ptr
    n = zmalloc_size(d)
    if d.table[0] != NULL:
        n += zmalloc_size(d.table[0])
    if d.table[1] != NULL:
        n += zmalloc_size(d.table[1])
    dict_iter_init(&di, d)
    while samples == 0 or seen < samples:
        e = dict_iter_next(&di)
        if e == NULL:
            break
        entries += zmalloc_size(e)
        seen += 1
    if seen:
        n += <size_t>(<double>entries / seen * dict_size(d))
    return n


type_ops[OBJ_SET].free = set_free
type_ops[OBJ_SET].dup = set_dup
type_ops[OBJ_SET].memory = set_memory


# ---- helpers of the commands -------------------------------------------------------

cdef inline void reply_member(Client* c, SetMember* m) noexcept nogil:
    if m.ptr != NULL:
        add_reply_bulk(c, m.ptr, m.len)
    else:
        add_reply_bulk_ll(c, m.ll)


cdef int arg_to_range(Client* c, Arg* a, long long lo, long long hi, long long* out,
                      const char* msg) noexcept nogil:
    # An integer in [lo, hi] (Redis's getRangeLongFromObjectOrReply): else
    # ERR replied, msg for both failures when given, the generic texts
    # otherwise.
    cdef char buf[128]
    cdef int n
    if not string2ll(a.ptr, a.len, out):
        if msg != NULL:
            add_reply_error(c, msg)
        else:
            add_reply_not_integer(c)
        return ERR
    if out[0] < lo or out[0] > hi:
        if msg != NULL:
            add_reply_error(c, msg)
        else:
            n = snprintf(buf, sizeof(buf), b"value is out of range, value must between %lld and %lld",
                         lo, hi)
            add_reply_error_len(c, buf, <size_t>n)
        return ERR
    return OK


cdef void store_result(Client* c, Arg* dst, RObj* result) noexcept nogil:
    # The *STORE ending: a non-empty result replaces dst (TTL dropped), an
    # empty one deletes it; the reply is the result's size.
    cdef unsigned long n = set_size(result)
    if n > 0:
        db_set_key(c.db, dst.ptr, dst.len, result, 0)
        signal_modified_key(c.db, dst.ptr, dst.len)
    else:
        free_object(result)
        if db_delete(c.db, dst.ptr, dst.len):
            signal_modified_key(c.db, dst.ptr, dst.len)
    add_reply_ll(c, <long long>n)


cdef RObj** lookup_sets(Client* c, Arg* keys, int nkeys, int* missing) noexcept nogil:
    # The values of keys (NULL where missing, counted in *missing), or NULL
    # after replying WRONGTYPE for the first key that holds another type.
    # Read lookups (keyspace hits and misses) for the STORE forms too.
    cdef RObj** sets = <RObj**>zmalloc(<size_t>nkeys * sizeof(RObj*))
    cdef RObj* o
    cdef int j
    missing[0] = 0
    for j in range(nkeys):
        o = lookup_key_read(c.db, keys[j].ptr, keys[j].len)
        if o == NULL:
            missing[0] += 1
        elif o.type != OBJ_SET:
            add_reply_wrongtype(c)
            zfree(sets)
            return NULL
        sets[j] = o
    return sets


cdef int by_size(const void* a, const void* b) noexcept nogil:
    # qsort order: smaller sets first, missing ones count as empty.
    cdef RObj* x = (<RObj**>a)[0]
    cdef RObj* y = (<RObj**>b)[0]
    cdef unsigned long sx = set_size(x) if x != NULL else 0
    cdef unsigned long sy = set_size(y) if y != NULL else 0
    return -1 if sx < sy else (1 if sx > sy else 0)


cdef int by_size_desc(const void* a, const void* b) noexcept nogil:
    return by_size(b, a)


# ---- SADD SREM SMOVE SISMEMBER SMISMEMBER SCARD ---------------------------------------

cdef void cmd_sadd(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef long long added = 0
    cdef int j
    if wrong_type(c, o, OBJ_SET):
        return
    if o == NULL:
        o = set_create_for(c.argv[2].ptr, c.argv[2].len)
        db_add(c.db, key.ptr, key.len, o)
    for j in range(2, c.argc):
        added += set_add(o, c.argv[j].ptr, c.argv[j].len)
    if added:
        signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, added)


cdef void cmd_srem(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef long long removed = 0
    cdef int j
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, o, OBJ_SET):
        return
    for j in range(2, c.argc):
        if set_remove(o, c.argv[j].ptr, c.argv[j].len):
            removed += 1
            member_expire_forget(c.db, key.ptr, key.len, c.argv[j].ptr, c.argv[j].len)
            if set_size(o) == 0:
                db_delete(c.db, key.ptr, key.len)
                break
    if removed:
        signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, removed)


cdef void cmd_smove(Client* c) noexcept nogil:
    # A missing source answers 0 before any type check of the destination;
    # a source equal to the destination only reports membership.
    cdef Arg* src = &c.argv[1]
    cdef Arg* dst = &c.argv[2]
    cdef Arg* ele = &c.argv[3]
    cdef RObj* sset = lookup_key_write(c.db, src.ptr, src.len)
    cdef RObj* dset = lookup_key_write(c.db, dst.ptr, dst.len)
    if sset == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, sset, OBJ_SET) or wrong_type(c, dset, OBJ_SET):
        return
    if sset == dset:
        add_reply_ll(c, set_contains(sset, ele.ptr, ele.len))
        return
    if not set_remove(sset, ele.ptr, ele.len):
        add_reply_ll(c, 0)
        return
    member_expire_forget(c.db, src.ptr, src.len, ele.ptr, ele.len)
    if set_size(sset) == 0:
        db_delete(c.db, src.ptr, src.len)
    if dset == NULL:
        dset = set_create_for(ele.ptr, ele.len)
        db_add(c.db, dst.ptr, dst.len, dset)
    signal_modified_key(c.db, src.ptr, src.len)
    if set_add(dset, ele.ptr, ele.len):
        signal_modified_key(c.db, dst.ptr, dst.len)
    add_reply_ll(c, 1)


cdef void cmd_sismember(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_ll(c, 0)
    elif not wrong_type(c, o, OBJ_SET):
        add_reply_ll(c, set_contains(o, c.argv[2].ptr, c.argv[2].len))


cdef void cmd_smismember(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef int j
    if wrong_type(c, o, OBJ_SET):
        return
    add_reply_array_len(c, c.argc - 2)
    for j in range(2, c.argc):
        add_reply_ll(c, o != NULL and set_contains(o, c.argv[j].ptr, c.argv[j].len))


cdef void cmd_scard(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_ll(c, 0)
    elif not wrong_type(c, o, OBJ_SET):
        add_reply_ll(c, <long long>set_size(o))


# ---- SPOP SRANDMEMBER -------------------------------------------------------------

cdef inline void forget_popped(Db* db, Arg* key, SetMember* m) noexcept nogil:
    # A popped member leaves its expiry behind (EXPIREMEMBER).
    if dict_size(db.member_expires) != 0:
        set_member_bytes(m)
        member_expire_forget(db, key.ptr, key.len, m.ptr, m.len)


cdef void cmd_spop(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef RObj* o
    cdef SetMember m
    if c.argc == 3:
        spop_with_count(c)
        return
    if c.argc > 3:
        add_reply_syntax_error(c)
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_SET):
        return
    set_random(o, &m)
    reply_member(c, &m)
    forget_popped(c.db, key, &m)
    set_remove_member(o, &m)
    if set_size(o) == 0:
        db_delete(c.db, key.ptr, key.len)
    signal_modified_key(c.db, key.ptr, key.len)


cdef void spop_with_count(Client* c) noexcept nogil:
    # count >= size: the whole set, as SUNION of it would reply, and the key
    # goes. A count small next to the size: pop members one at a time.
    # Otherwise draw the survivors into a new set that replaces the key,
    # and reply what is left in the old one.
    cdef Arg* key = &c.argv[1]
    cdef long long count
    cdef unsigned long size, remaining
    cdef RObj* o
    cdef RObj* survivors = NULL
    cdef SetMember m
    cdef SetIter it
    if arg_to_range(c, &c.argv[2], 0, LLONG_MAX, &count,
                    b"value is out of range, must be positive") != OK:
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_set_len(c, 0)
        return
    if wrong_type(c, o, OBJ_SET):
        return
    if count == 0:
        add_reply_set_len(c, 0)
        return
    size = set_size(o)
    if <unsigned long>count >= size:
        sunion_diff_generic(c, key, 1, NULL, OP_UNION)
        db_delete(c.db, key.ptr, key.len)
        signal_modified_key(c.db, key.ptr, key.len)
        return
    add_reply_set_len(c, count)
    remaining = size - <unsigned long>count
    if remaining * SPOP_MOVE_STRATEGY_MUL > <unsigned long>count:
        while count > 0:
            set_random(o, &m)
            reply_member(c, &m)
            forget_popped(c.db, key, &m)
            set_remove_member(o, &m)
            count -= 1
    else:
        while remaining > 0:
            set_random(o, &m)
            if survivors == NULL:
                set_member_bytes(&m)
                survivors = set_create_for(m.ptr, m.len)
            set_add_member(survivors, &m)
            set_remove_member(o, &m)
            remaining -= 1
        set_iter_init(&it, o)
        while set_iter_next(&it, &m):
            reply_member(c, &m)
            forget_popped(c.db, key, &m)
        db_overwrite(c.db, key.ptr, key.len, survivors)
    signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_srandmember(Client* c) noexcept nogil:
    cdef RObj* o
    cdef SetMember m
    if c.argc == 3:
        srandmember_with_count(c)
        return
    if c.argc > 3:
        add_reply_syntax_error(c)
        return
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_SET):
        return
    set_random(o, &m)
    reply_member(c, &m)


cdef void srandmember_with_count(Client* c) noexcept nogil:
    # A negative count: that many independent draws (repeats allowed). A
    # positive one: distinct members, the whole set when count >= size.
    cdef long long l
    cdef unsigned long count, size
    cdef RObj* o
    cdef SetMember m
    cdef SetIter it
    if arg_to_range(c, &c.argv[2], -LLONG_MAX, LLONG_MAX, &l, NULL) != OK:
        return
    count = <unsigned long>(l if l >= 0 else -l)
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_array_len(c, 0)
        return
    if wrong_type(c, o, OBJ_SET):
        return
    size = set_size(o)
    if count == 0:
        add_reply_array_len(c, 0)
        return
    if l < 0 or count == 1:
        add_reply_array_len(c, <long long>count)
        while count > 0:
            set_random(o, &m)
            reply_member(c, &m)
            count -= 1
        return
    if count >= size:
        add_reply_array_len(c, <long long>size)
        set_iter_init(&it, o)
        while set_iter_next(&it, &m):
            reply_member(c, &m)
        return
    add_reply_array_len(c, <long long>count)
    if count * SRANDMEMBER_SUB_STRATEGY_MUL > size:
        reply_shuffled_prefix(c, o, size, count)
    else:
        reply_distinct_draws(c, o, count)


cdef union Slot:
    DictEntry* e            # a member of a hash table
    int64_t ll              # a member of an intset


cdef void reply_shuffled_prefix(Client* c, RObj* o, unsigned long size,
                                unsigned long count) noexcept nogil:
    # count distinct members out of size (count close to size): the first
    # count places of a partial Fisher-Yates shuffle of all the members.
    cdef Slot* all = <Slot*>zmalloc(size * sizeof(Slot))
    cdef Slot tmp
    cdef IntSet* s
    cdef DictIter di
    cdef unsigned long i, j
    if o.encoding == ENC_INTSET:
        s = <IntSet*>o.v.ptr
        for i in range(size):
            all[i].ll = intset_get(s, <uint32_t>i)
    else:
        dict_iter_init(&di, <Dict*>o.v.ptr)
        for i in range(size):
            all[i].e = dict_iter_next(&di)
    for i in range(count):
        j = i + random_below(size - i)
        tmp = all[i]
        all[i] = all[j]
        all[j] = tmp
        if o.encoding == ENC_INTSET:
            add_reply_bulk_ll(c, all[i].ll)
        else:
            add_reply_bulk(c, dict_key(all[i].e), all[i].e.klen)
    zfree(all)


cdef void reply_distinct_draws(Client* c, RObj* o, unsigned long count) noexcept nogil:
    # count distinct members out of a much larger set: draw at random,
    # skipping members already drawn (remembered in a scratch table).
    cdef Dict* seen = dict_create(NULL)
    cdef SetMember m
    cdef unsigned long added = 0
    cdef int created
    while added < count:
        set_random(o, &m)
        set_member_bytes(&m)
        dict_add_or_find(seen, m.ptr, m.len, &created)
        if created:
            reply_member(c, &m)
            added += 1
    dict_release(seen)


# ---- SMEMBERS SINTER SINTERCARD SINTERSTORE -----------------------------------------

cdef void sinter_generic(Client* c, Arg* keys, int nkeys, Arg* dst, int card_only,
                         long long limit) noexcept nogil:
    # Walk the smallest set, keeping members every other set holds. Replies
    # the members (a set reply), their count (card_only, stopping at a
    # non-zero limit), or stores them in dst.
    cdef int missing, j
    cdef RObj** sets = lookup_sets(c, keys, nkeys, &missing)
    cdef RObj* result = NULL
    cdef size_t at = 0
    cdef long long card = 0
    cdef SetIter it
    cdef SetMember m
    if sets == NULL:
        return
    if missing:
        zfree(sets)
        if dst != NULL:
            if db_delete(c.db, dst.ptr, dst.len):
                signal_modified_key(c.db, dst.ptr, dst.len)
            add_reply_ll(c, 0)
        elif card_only:
            add_reply_ll(c, 0)
        else:
            add_reply_set_len(c, 0)
        return
    qsort(sets, <size_t>nkeys, sizeof(RObj*), by_size)
    if dst != NULL:
        result = set_create_intset()
    elif not card_only:
        at = add_reply_deferred_len(c)
    set_iter_init(&it, sets[0])
    while set_iter_next(&it, &m):
        j = 1
        while j < nkeys:
            if sets[j] != sets[0] and not set_contains_member(sets[j], &m):
                break
            j += 1
        if j < nkeys:
            continue
        if card_only:
            card += 1
            if limit and card >= limit:
                break
        elif dst == NULL:
            reply_member(c, &m)
            card += 1
        else:
            set_add_member(result, &m)
    zfree(sets)
    if card_only:
        add_reply_ll(c, card)
    elif dst != NULL:
        store_result(c, dst, result)
    else:
        set_deferred_set_len(c, at, card)


cdef void cmd_smembers(Client* c) noexcept nogil:
    sinter_generic(c, &c.argv[1], 1, NULL, 0, 0)


cdef void cmd_sinter(Client* c) noexcept nogil:
    sinter_generic(c, &c.argv[1], c.argc - 1, NULL, 0, 0)


cdef void cmd_sinterstore(Client* c) noexcept nogil:
    sinter_generic(c, &c.argv[2], c.argc - 2, &c.argv[1], 0, 0)


cdef void cmd_sintercard(Client* c) noexcept nogil:
    cdef long long numkeys, limit = 0
    cdef int j
    if arg_to_range(c, &c.argv[1], 1, LLONG_MAX, &numkeys,
                    b"numkeys should be greater than 0") != OK:
        return
    if numkeys > c.argc - 2:
        add_reply_error(c, b"Number of keys can't be greater than number of args")
        return
    j = 2 + <int>numkeys
    while j < c.argc:
        if arg_is(&c.argv[j], b"limit") and j + 1 < c.argc:
            j += 1
            if arg_to_range(c, &c.argv[j], 0, LLONG_MAX, &limit, b"LIMIT can't be negative") != OK:
                return
        else:
            add_reply_syntax_error(c)
            return
        j += 1
    sinter_generic(c, &c.argv[2], <int>numkeys, NULL, 1, limit)


# ---- SUNION SDIFF and their STORE forms --------------------------------------------

cdef void sunion_diff_generic(Client* c, Arg* keys, int nkeys, Arg* dst, int op) noexcept nogil:
    # Build the result as a new set (so its encoding is Redis's), then
    # reply it as a set or store it in dst. SDIFF uses one of two
    # algorithms by Redis's cost estimate: test each member of the first
    # set against the others (cost ~ size of the first set times the number
    # of sets, halved), or add the first set and remove the others (cost ~
    # all the sizes together).
    cdef int missing, j
    cdef RObj** sets = lookup_sets(c, keys, nkeys, &missing)
    cdef RObj* result
    cdef int sameset = 0, algo = 1
    cdef long long card = 0, one = 0, two = 0
    cdef SetIter it
    cdef SetMember m
    if sets == NULL:
        return
    for j in range(1, nkeys):
        if sets[j] != NULL and sets[j] == sets[0]:
            sameset = 1
    if op == OP_DIFF and sets[0] != NULL and not sameset:
        for j in range(nkeys):
            if sets[j] != NULL:
                one += <long long>set_size(sets[0])
                two += <long long>set_size(sets[j])
        algo = 1 if one // 2 <= two else 2
        if algo == 1 and nkeys > 1:
            qsort(&sets[1], <size_t>(nkeys - 1), sizeof(RObj*), by_size_desc)
    result = set_create_intset()
    if op == OP_UNION:
        for j in range(nkeys):
            if sets[j] == NULL:
                continue
            set_iter_init(&it, sets[j])
            while set_iter_next(&it, &m):
                card += set_add_member(result, &m)
    elif sets[0] != NULL and not sameset and algo == 1:
        set_iter_init(&it, sets[0])
        while set_iter_next(&it, &m):
            j = 1
            while j < nkeys:
                if sets[j] != NULL and set_contains_member(sets[j], &m):
                    break
                j += 1
            if j == nkeys:
                set_add_member(result, &m)
                card += 1
    elif sets[0] != NULL and not sameset:
        for j in range(nkeys):
            if sets[j] == NULL:
                continue
            set_iter_init(&it, sets[j])
            while set_iter_next(&it, &m):
                if j == 0:
                    card += set_add_member(result, &m)
                else:
                    card -= set_remove_member(result, &m)
            if card == 0:
                break
    zfree(sets)
    if dst != NULL:
        store_result(c, dst, result)
        return
    add_reply_set_len(c, card)
    set_iter_init(&it, result)
    while set_iter_next(&it, &m):
        reply_member(c, &m)
    free_object(result)


cdef void cmd_sunion(Client* c) noexcept nogil:
    sunion_diff_generic(c, &c.argv[1], c.argc - 1, NULL, OP_UNION)


cdef void cmd_sunionstore(Client* c) noexcept nogil:
    sunion_diff_generic(c, &c.argv[2], c.argc - 2, &c.argv[1], OP_UNION)


cdef void cmd_sdiff(Client* c) noexcept nogil:
    sunion_diff_generic(c, &c.argv[1], c.argc - 1, NULL, OP_DIFF)


cdef void cmd_sdiffstore(Client* c) noexcept nogil:
    sunion_diff_generic(c, &c.argv[2], c.argc - 2, &c.argv[1], OP_DIFF)


# ---- SSCAN ----------------------------------------------------------------------------

cdef struct ScanBatch:
    DictEntry** found       # every entry the cursor passed (MATCH is applied after)
    long long n
    long long cap


cdef void sscan_visit(void* priv, DictEntry* e) noexcept nogil:
    cdef ScanBatch* b = <ScanBatch*>priv
    if b.n == b.cap:
        b.cap *= 2
        b.found = <DictEntry**>zrealloc(b.found, <size_t>b.cap * sizeof(DictEntry*))
    b.found[b.n] = e
    b.n += 1


cdef inline int matches(ScanOpts* opts, const char* p, size_t n) noexcept nogil:
    return opts.pattern == NULL or stringmatchlen(opts.pattern, <int>opts.patlen, p, <int>n, 0)


cdef void cmd_sscan(Client* c) noexcept nogil:
    # A hash table is walked with the dict cursor: buckets until COUNT
    # members were passed (or 10*COUNT + 1 buckets, or the end). An intset is
    # small by construction and comes whole, with cursor 0. MATCH filters
    # what was collected. The key is checked before the options, as Redis.
    cdef Arg* key = &c.argv[1]
    cdef unsigned long cursor
    cdef ScanOpts opts
    cdef ScanBatch b
    cdef long long buckets, n = 0, i
    cdef size_t at
    cdef RObj* o
    cdef SetIter it
    cdef SetMember m
    cdef DictEntry* e
    if scan_parse_cursor(c, 2, &cursor) < 0:
        return
    o = lookup_key_read(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_array_len(c, 2)
        add_reply_bulk(c, b"0", 1)
        add_reply_array_len(c, 0)
        return
    if wrong_type(c, o, OBJ_SET) or scan_parse_options(c, 3, 0, &opts) < 0:
        return
    add_reply_array_len(c, 2)
    if o.encoding == ENC_INTSET:
        add_reply_bulk(c, b"0", 1)
        at = add_reply_deferred_len(c)
        set_iter_init(&it, o)
        while set_iter_next(&it, &m):
            set_member_bytes(&m)
            if matches(&opts, m.ptr, m.len):
                reply_member(c, &m)
                n += 1
        set_deferred_array_len(c, at, n)
        return
    b.n = 0
    b.cap = 16
    b.found = <DictEntry**>zmalloc(<size_t>b.cap * sizeof(DictEntry*))
    buckets = opts.count * 10 if opts.count < 100000000 else 1000000000
    while True:
        cursor = dict_scan(<Dict*>o.v.ptr, cursor, sscan_visit, &b)
        if cursor == 0 or buckets == 0:
            break
        buckets -= 1
        if b.n >= opts.count:
            break
    add_reply_bulk_ulong(c, cursor)
    at = add_reply_deferred_len(c)
    for i in range(b.n):
        e = b.found[i]
        if matches(&opts, dict_key(e), e.klen):
            add_reply_bulk(c, dict_key(e), e.klen)
            n += 1
    set_deferred_array_len(c, at, n)
    zfree(b.found)
