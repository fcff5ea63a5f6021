"""List commands: pushes, pops, ranges, positional reads and writes, LPOS,
LMOVE and LMPOP, plus the pop/move primitives the blocking commands reuse.

Every list is a quicklist (keydb/_core/quicklist.pxd), the only encoding
Redis 7.0 gives lists, created with the list-max-listpack-size and
list-compress-depth in force at that moment. An emptied list is deleted.

Every handler runs with the keyspace lock held. Argument checks come in
the order Redis 7.0 makes them, since that order decides which error a
client sees when several things are wrong.
"""
from libc.string cimport memcpy
from libc.limits cimport LLONG_MIN
from keydb._core.state cimport g, Client, Arg, Db
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.object cimport (RObj, OBJ_LIST, ENC_QUICKLIST, type_ops, create_object)
from keydb._core.db cimport (lookup_key_read, lookup_key_write, db_add, db_delete,
    signal_modified_key)
from keydb._core.reply cimport (add_reply_null, add_reply_null_array, add_reply_bulk,
    add_reply_bulk_ll, add_reply_ll, add_reply_ok, add_reply_error, add_reply_error_arity,
    add_reply_syntax_error, add_reply_array_len, add_reply_deferred_len, set_deferred_array_len)
from keydb._core.args cimport OK, ERR, arg_is, arg_to_ll, wrong_type, normalize_range
from keydb._core.util cimport string2ll, ll2string
from keydb._core.listpack cimport LpVal, LP_INT_BUF
from keydb._core.quicklist cimport (Quicklist, QlIter, QlMatch, QL_HEAD, QL_TAIL,
    ql_new, ql_free, ql_dup, ql_memory, ql_push, ql_del_range, ql_replace_at, ql_iter_init,
    ql_iter_init_at, ql_next, ql_iter_release, ql_iter_delete, ql_iter_insert, ql_match_init,
    ql_match)

# Elements longer than this are refused ("Element too large"), as in Redis.
cdef unsigned long long LIST_MAX_ITEM_SIZE = (1ULL << 32) - 1024
cdef enum:
    MOVE_STACK_BUF = 128


# ---- the value and its type hooks ---------------------------------------

cdef inline Quicklist* ql_of(RObj* o) noexcept nogil:
    return <Quicklist*>o.v.ptr


cdef RObj* list_create() noexcept nogil:
    return create_object(OBJ_LIST, ENC_QUICKLIST,
                         ql_new(g.cfg.list_max_listpack_size, g.cfg.list_compress_depth))


cdef unsigned long list_length(RObj* o) noexcept nogil:
    return ql_of(o).count


cdef void list_free(RObj* o) noexcept nogil:
    ql_free(ql_of(o))


cdef RObj* list_dup(RObj* o) noexcept nogil:
    return create_object(OBJ_LIST, ENC_QUICKLIST, ql_dup(ql_of(o)))


cdef size_t list_memory(RObj* o, size_t samples) noexcept nogil:
    return ql_memory(ql_of(o), samples)


type_ops[OBJ_LIST].free = list_free
type_ops[OBJ_LIST].dup = list_dup
type_ops[OBJ_LIST].memory = list_memory


# ---- helpers --------------------------------------------------------------

cdef inline void reply_value(Client* c, LpVal* v) noexcept nogil:
    if v.s != NULL:
        add_reply_bulk(c, v.s, v.len)
    else:
        add_reply_bulk_ll(c, v.ll)


cdef int check_element_sizes(Client* c, int first) noexcept nogil:
    # ERR ("Element too large", replied) when an argument from argv[first]
    # on would not fit a listpack entry.
    cdef int j
    for j in range(first, c.argc):
        if c.argv[j].len > LIST_MAX_ITEM_SIZE:
            add_reply_error(c, b"Element too large")
            return ERR
    return OK


cdef int list_parse_where(Arg* a) noexcept nogil:
    if arg_is(a, b"left"):
        return LIST_HEAD
    if arg_is(a, b"right"):
        return LIST_TAIL
    return -1


cdef inline void delete_if_empty(Db* db, Arg* key, RObj* o) noexcept nogil:
    if ql_of(o).count == 0:
        db_delete(db, key.ptr, key.len)


# ---- pushes ---------------------------------------------------------------

cdef void push_generic(Client* c, int where, int only_existing) noexcept nogil:
    # LPUSH/RPUSH (create the list if needed) and LPUSHX/RPUSHX (only_existing).
    cdef Arg* key = &c.argv[1]
    cdef RObj* o
    cdef Quicklist* ql
    cdef int j
    if check_element_sizes(c, 2) != OK:
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if wrong_type(c, o, OBJ_LIST):
        return
    if o == NULL:
        if only_existing:
            add_reply_ll(c, 0)
            return
        o = list_create()
        db_add(c.db, key.ptr, key.len, o)
    ql = ql_of(o)
    for j in range(2, c.argc):
        ql_push(ql, c.argv[j].ptr, c.argv[j].len, QL_HEAD if where == LIST_HEAD else QL_TAIL)
    add_reply_ll(c, <long long>ql.count)
    signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_lpush(Client* c) noexcept nogil:
    push_generic(c, LIST_HEAD, 0)


cdef void cmd_rpush(Client* c) noexcept nogil:
    push_generic(c, LIST_TAIL, 0)


cdef void cmd_lpushx(Client* c) noexcept nogil:
    push_generic(c, LIST_HEAD, 1)


cdef void cmd_rpushx(Client* c) noexcept nogil:
    push_generic(c, LIST_TAIL, 1)


# ---- pops -----------------------------------------------------------------

cdef long list_pop_generic(Client* c, Db* db, Arg* key, RObj* o, int where, long count, int form) noexcept nogil:
    cdef Quicklist* ql = ql_of(o)
    cdef QlIter it
    cdef LpVal v
    cdef long n = count
    cdef long i
    if form == POP_REPLY_ONE or form == POP_REPLY_KEY_ONE or n < 1:
        n = 1
    if <unsigned long>n > ql.count:
        n = <long>ql.count
    if form == POP_REPLY_KEY_ARRAY or form == POP_REPLY_KEY_ONE:
        add_reply_array_len(c, 2)
        add_reply_bulk(c, key.ptr, key.len)
    if form == POP_REPLY_KEY_ARRAY or form == POP_REPLY_ARRAY:
        add_reply_array_len(c, n)
    ql_iter_init(ql, &it, where == LIST_HEAD)
    for i in range(n):
        ql_next(&it, &v)
        reply_value(c, &v)
    ql_iter_release(&it)
    ql_del_range(ql, 0 if where == LIST_HEAD else -n, <unsigned long>n)
    delete_if_empty(db, key, o)
    signal_modified_key(db, key.ptr, key.len)
    return n


cdef void pop_command(Client* c, int where) noexcept nogil:
    # LPOP / RPOP key [count]: count 0..LONG_MAX, an array reply with it.
    cdef Arg* key = &c.argv[1]
    cdef long long count = 0
    cdef int with_count = c.argc == 3
    cdef RObj* o
    if c.argc > 3:
        add_reply_error_arity(c)
        return
    if with_count and (not string2ll(c.argv[2].ptr, c.argv[2].len, &count) or count < 0):
        add_reply_error(c, b"value is out of range, must be positive")
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        if with_count:
            add_reply_null_array(c)
        else:
            add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_LIST):
        return
    if with_count and count == 0:
        add_reply_array_len(c, 0)
        return
    list_pop_generic(c, c.db, key, o, where, <long>count,
                     POP_REPLY_ARRAY if with_count else POP_REPLY_ONE)


cdef void cmd_lpop(Client* c) noexcept nogil:
    pop_command(c, LIST_HEAD)


cdef void cmd_rpop(Client* c) noexcept nogil:
    pop_command(c, LIST_TAIL)


cdef int list_mpop_parse(Client* c, int idx, long* numkeys, int* where, long* count) noexcept nogil:
    cdef long long n, v
    cdef int j
    cdef int seen_count = 0
    if not string2ll(c.argv[idx].ptr, c.argv[idx].len, &n) or n <= 0:
        add_reply_error(c, b"numkeys should be greater than 0")
        return ERR
    if n > c.argc - idx - 2:                 # the keys and LEFT|RIGHT must follow
        add_reply_syntax_error(c)
        return ERR
    j = idx + 1 + <int>n
    where[0] = list_parse_where(&c.argv[j])
    if where[0] < 0:
        add_reply_syntax_error(c)
        return ERR
    count[0] = 1
    j += 1
    while j < c.argc:
        if not seen_count and j + 1 < c.argc and arg_is(&c.argv[j], b"count"):
            if not string2ll(c.argv[j + 1].ptr, c.argv[j + 1].len, &v) or v <= 0:
                add_reply_error(c, b"count should be greater than 0")
                return ERR
            count[0] = <long>v
            seen_count = 1
            j += 2
        else:
            add_reply_syntax_error(c)
            return ERR
    numkeys[0] = <long>n
    return OK


cdef void cmd_lmpop(Client* c) noexcept nogil:
    cdef long numkeys, count
    cdef int where
    cdef long i
    cdef Arg* key
    cdef RObj* o
    if list_mpop_parse(c, 1, &numkeys, &where, &count) != OK:
        return
    for i in range(numkeys):
        key = &c.argv[2 + i]
        o = lookup_key_write(c.db, key.ptr, key.len)
        if o == NULL:
            continue
        if wrong_type(c, o, OBJ_LIST):
            return
        list_pop_generic(c, c.db, key, o, where, count, POP_REPLY_KEY_ARRAY)
        return
    add_reply_null_array(c)


# ---- moves ----------------------------------------------------------------

cdef void list_move_generic(Client* c, Db* db, Arg* srckey, RObj* src, Arg* dstkey, RObj* dst, int wherefrom, int whereto) noexcept nogil:
    # The element is copied out before it leaves src: src and dst may share
    # a node, which the push may move.
    cdef QlIter it
    cdef LpVal v
    cdef char stack[MOVE_STACK_BUF]
    cdef char* buf = stack
    cdef size_t n
    ql_iter_init(ql_of(src), &it, wherefrom == LIST_HEAD)
    ql_next(&it, &v)
    if v.s == NULL:
        n = <size_t>ll2string(buf, LP_INT_BUF, v.ll)
    else:
        n = v.len
        if n > MOVE_STACK_BUF:
            buf = <char*>zmalloc(n)
        memcpy(buf, v.s, n)
    ql_iter_release(&it)
    ql_del_range(ql_of(src), 0 if wherefrom == LIST_HEAD else -1, 1)
    if dst == NULL:
        dst = list_create()
        db_add(db, dstkey.ptr, dstkey.len, dst)
    ql_push(ql_of(dst), buf, n, QL_HEAD if whereto == LIST_HEAD else QL_TAIL)
    signal_modified_key(db, dstkey.ptr, dstkey.len)
    add_reply_bulk(c, buf, n)
    if buf != stack:
        zfree(buf)
    delete_if_empty(db, srckey, src)
    signal_modified_key(db, srckey.ptr, srckey.len)


cdef void list_move_to_key(Client* c, Db* db, Arg* srckey, RObj* src, Arg* dstkey, int wherefrom, int whereto) noexcept nogil:
    cdef RObj* dst = lookup_key_write(db, dstkey.ptr, dstkey.len)
    if wrong_type(c, dst, OBJ_LIST):
        return
    list_move_generic(c, db, srckey, src, dstkey, dst, wherefrom, whereto)


cdef void move_command(Client* c, int wherefrom, int whereto) noexcept nogil:
    cdef Arg* srckey = &c.argv[1]
    cdef RObj* src = lookup_key_write(c.db, srckey.ptr, srckey.len)
    if src == NULL:
        add_reply_null(c)
        return
    if wrong_type(c, src, OBJ_LIST):
        return
    list_move_to_key(c, c.db, srckey, src, &c.argv[2], wherefrom, whereto)


cdef void cmd_lmove(Client* c) noexcept nogil:
    cdef int wherefrom = list_parse_where(&c.argv[3])
    cdef int whereto = list_parse_where(&c.argv[4])
    if wherefrom < 0 or whereto < 0:
        add_reply_syntax_error(c)
        return
    move_command(c, wherefrom, whereto)


cdef void cmd_rpoplpush(Client* c) noexcept nogil:
    move_command(c, LIST_TAIL, LIST_HEAD)


# ---- reads ----------------------------------------------------------------

cdef void cmd_llen(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if wrong_type(c, o, OBJ_LIST):
        return
    add_reply_ll(c, <long long>ql_of(o).count if o != NULL else 0)


cdef void cmd_lindex(Client* c) noexcept nogil:
    # The key is looked at before the index is parsed (a missing key
    # answers null even for a bad index).
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef long long index
    cdef QlIter it
    cdef LpVal v
    if o == NULL:
        add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_LIST) or arg_to_ll(c, &c.argv[2], &index) != OK:
        return
    if ql_iter_init_at(ql_of(o), &it, 1, <long>index) and ql_next(&it, &v):
        reply_value(c, &v)
    else:
        add_reply_null(c)
    ql_iter_release(&it)


cdef void cmd_lrange(Client* c) noexcept nogil:
    cdef long long start, end, n, i
    cdef RObj* o
    cdef QlIter it
    cdef LpVal v
    if arg_to_ll(c, &c.argv[2], &start) != OK or arg_to_ll(c, &c.argv[3], &end) != OK:
        return
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_array_len(c, 0)
        return
    if wrong_type(c, o, OBJ_LIST):
        return
    if not normalize_range(&start, &end, <long long>ql_of(o).count):
        add_reply_array_len(c, 0)
        return
    n = end - start + 1
    add_reply_array_len(c, n)
    ql_iter_init_at(ql_of(o), &it, 1, <long>start)
    for i in range(n):
        ql_next(&it, &v)
        reply_value(c, &v)
    ql_iter_release(&it)


cdef void cmd_lpos(Client* c) noexcept nogil:
    cdef long long rank = 1, count = -1, maxlen = 0, num
    cdef unsigned long long want, matches = 0, index = 0, found = 0
    cdef int unlimited = 0
    cdef int j = 3
    cdef Arg* opt
    cdef RObj* o
    cdef Quicklist* ql
    cdef QlIter it
    cdef LpVal v
    cdef QlMatch m
    cdef size_t deferred = 0
    while j < c.argc:
        opt = &c.argv[j]
        if j + 1 >= c.argc:
            add_reply_syntax_error(c)
            return
        j += 1
        if arg_is(opt, b"rank"):
            if arg_to_ll(c, &c.argv[j], &rank) != OK:
                return
            if rank == 0:
                add_reply_error(c, b"RANK can't be zero: use 1 to start from the first match, "
                                   b"2 from the second ... or use negative to start from the end of the list")
                return
        elif arg_is(opt, b"count"):
            if not string2ll(c.argv[j].ptr, c.argv[j].len, &num) or num < 0:
                add_reply_error(c, b"COUNT can't be negative")
                return
            count = num
        elif arg_is(opt, b"maxlen"):
            if not string2ll(c.argv[j].ptr, c.argv[j].len, &num) or num < 0:
                add_reply_error(c, b"MAXLEN can't be negative")
                return
            maxlen = num
        else:
            add_reply_syntax_error(c)
            return
        j += 1
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        if count >= 0:
            add_reply_array_len(c, 0)
        else:
            add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_LIST):
        return
    ql = ql_of(o)
    # A negative rank searches from the tail. Redis negates it in a long, so
    # the most negative rank wraps: every match qualifies and COUNT never
    # stops the search.
    if rank == LLONG_MIN:
        want = 1
        unlimited = 1
    elif rank < 0:
        want = <unsigned long long>(-rank)
    else:
        want = <unsigned long long>rank
    if count >= 0:
        deferred = add_reply_deferred_len(c)
    ql_match_init(&m, c.argv[2].ptr, c.argv[2].len)
    ql_iter_init(ql, &it, rank > 0)
    while (maxlen == 0 or index < <unsigned long long>maxlen) and ql_next(&it, &v):
        if ql_match(&m, &v):
            matches += 1
            if matches >= want:
                add_reply_ll(c, <long long>(index if rank > 0 else ql.count - 1 - index))
                found += 1
                if count < 0 or (count > 0 and not unlimited and found >= <unsigned long long>count):
                    break
        index += 1
    ql_iter_release(&it)
    if count >= 0:
        set_deferred_array_len(c, deferred, <long long>found)
    elif found == 0:
        add_reply_null(c)


# ---- in-place writes ------------------------------------------------------

cdef void cmd_lset(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef long long index
    if o == NULL:
        add_reply_error(c, b"no such key")
        return
    if wrong_type(c, o, OBJ_LIST) or arg_to_ll(c, &c.argv[2], &index) != OK:
        return
    if check_element_sizes(c, 3) != OK:
        return
    if not ql_replace_at(ql_of(o), <long>index, c.argv[3].ptr, c.argv[3].len):
        add_reply_error(c, b"index out of range")
        return
    add_reply_ok(c)
    signal_modified_key(c.db, key.ptr, key.len)


cdef void cmd_linsert(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef int after
    cdef RObj* o
    cdef Quicklist* ql
    cdef QlIter it
    cdef LpVal v
    cdef QlMatch m
    if arg_is(&c.argv[2], b"after"):
        after = 1
    elif arg_is(&c.argv[2], b"before"):
        after = 0
    else:
        add_reply_syntax_error(c)
        return
    if check_element_sizes(c, 4) != OK:
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, o, OBJ_LIST):
        return
    ql = ql_of(o)
    ql_match_init(&m, c.argv[3].ptr, c.argv[3].len)
    ql_iter_init(ql, &it, 1)
    while ql_next(&it, &v):
        if ql_match(&m, &v):
            ql_iter_insert(&it, c.argv[4].ptr, c.argv[4].len, after)
            add_reply_ll(c, <long long>ql.count)
            signal_modified_key(c.db, key.ptr, key.len)
            return
    ql_iter_release(&it)
    add_reply_ll(c, -1)


cdef void cmd_lrem(Client* c) noexcept nogil:
    # count > 0: the first count matches from the head; < 0: from the tail;
    # 0: all. The most negative count cannot be negated: it means all too.
    cdef Arg* key = &c.argv[1]
    cdef long long count
    cdef unsigned long long limit, removed = 0
    cdef RObj* o
    cdef QlIter it
    cdef LpVal v
    cdef QlMatch m
    if arg_to_ll(c, &c.argv[2], &count) != OK:
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, o, OBJ_LIST):
        return
    limit = <unsigned long long>(count if count >= 0 else -(count + 1)) + (0 if count >= 0 else 1)
    ql_match_init(&m, c.argv[3].ptr, c.argv[3].len)
    ql_iter_init(ql_of(o), &it, count >= 0)
    while ql_next(&it, &v):
        if ql_match(&m, &v):
            ql_iter_delete(&it)
            removed += 1
            if removed == limit:
                break
    ql_iter_release(&it)
    if removed:
        delete_if_empty(c.db, key, o)
        signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, <long long>removed)


cdef void cmd_ltrim(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef long long start, end, llen
    cdef unsigned long long ltrim, rtrim
    cdef RObj* o
    cdef Quicklist* ql
    if arg_to_ll(c, &c.argv[2], &start) != OK or arg_to_ll(c, &c.argv[3], &end) != OK:
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_ok(c)
        return
    if wrong_type(c, o, OBJ_LIST):
        return
    ql = ql_of(o)
    llen = <long long>ql.count
    if normalize_range(&start, &end, llen):
        ltrim = <unsigned long long>start
        rtrim = <unsigned long long>(llen - end - 1)
    else:
        ltrim = <unsigned long long>llen
        rtrim = 0
    if ltrim:
        ql_del_range(ql, 0, <unsigned long>ltrim)
    if rtrim:
        ql_del_range(ql, -<long>rtrim, <unsigned long>rtrim)
    delete_if_empty(c.db, key, o)
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ok(c)
