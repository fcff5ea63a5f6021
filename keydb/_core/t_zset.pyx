"""Sorted-set commands: members (ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZRANK,
ZREVRANK, ZCARD), counts (ZCOUNT, ZLEXCOUNT), removals by range
(ZREMRANGEBYRANK/SCORE/LEX), pops (ZPOPMIN, ZPOPMAX, ZMPOP), ZRANDMEMBER
and ZSCAN. Replies and errors follow Redis 7.0; scores are doubles
(RESP3) or "%.17g" bulk strings (RESP2).

The encodings are zset.pyx's business: this module only goes through its
API, except ZSCAN, which walks the skiplist encoding's dict with its cursor.
Every handler runs with the keyspace lock held.
"""
from libc.stdint cimport uint8_t
from libc.limits cimport LONG_MAX
from keydb._core.state cimport g, Client, Arg, CLIENT_CLOSE_ASAP
from keydb._core.zmalloc cimport zmalloc, zfree, zrealloc
from keydb._core.object cimport RObj, OBJ_ZSET, ENC_LISTPACK
from keydb._core.dict cimport (Dict, DictEntry, dict_scan, dict_key, dict_create, dict_release,
    dict_add_or_find)
from keydb._core.db cimport (lookup_key_read, lookup_key_write, db_add, db_delete,
    signal_modified_key, member_expire_forget, member_expire_sync)
from keydb._core.reply cimport (add_reply_null, add_reply_null_array, add_reply_bulk, add_reply_ll,
    add_reply_error, add_reply_syntax_error, add_reply_array_len, add_reply_double,
    add_reply_deferred_len, set_deferred_array_len)
from keydb._core.args cimport (OK, ERR, arg_is, arg_to_ll, arg_to_double, wrong_type,
    normalize_range)
from keydb._core.util cimport string2ll, stringmatchlen, d2string
from keydb._core.t_keys cimport ScanOpts, scan_parse_cursor, scan_parse_options
from keydb._core.listpack cimport lp_first, lp_next, lp_get_str, LP_INT_BUF
from keydb._core.zskiplist cimport ZSkiplistNode, ZRangeSpec, ZLexRangeSpec, zsl_ele, zsl_ele_len
from keydb._core.zset cimport (Zset, zs_node, ZsetPos, ZsetElem, ZADD_IN_NONE, ZADD_IN_INCR,
    ZADD_IN_NX, ZADD_IN_XX, ZADD_IN_GT, ZADD_IN_LT, ZADD_OUT_NOP, ZADD_OUT_ADDED, ZADD_OUT_UPDATED,
    zset_create, zset_length, zset_add, zset_score, zset_del, zset_rank, zset_seek_rank,
    zset_pos_get, zset_pos_next, zset_count_score, zset_count_lex, zset_delete_range_by_score,
    zset_delete_range_by_lex, zset_delete_range_by_rank, zset_parse_score_range,
    zset_parse_lex_range, zset_random_elem, zset_random)

cdef const char* ERR_NOT_FLOAT_RANGE = b"min or max is not a float"
cdef const char* ERR_LEX_RANGE = b"min or max not valid string range item"

cdef enum:
    ZADD_STACK_SCORES = 16      # ZADD parses this many scores without an allocation
    # ZRANDMEMBER without repetitions: when count * this > size, pick from
    # all members at once instead of drawing until enough distinct ones.
    RANDMEMBER_SUB_STRATEGY_MUL = 3


cdef inline RObj* read_zset_or_reply_zero(Client* c, Arg* key) noexcept nogil:
    # The zset at key, or NULL after replying 0 (missing) or WRONGTYPE.
    cdef RObj* o = lookup_key_read(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_ll(c, 0)
    elif wrong_type(c, o, OBJ_ZSET):
        return NULL
    return o


cdef inline void reply_elem(Client* c, const char* m, size_t n, double score, int withscores,
                            int nested) noexcept nogil:
    # One member, with its score as a double when asked, as a [m, s] pair
    # when nested.
    if nested:
        add_reply_array_len(c, 2)
    add_reply_bulk(c, m, n)
    if withscores:
        add_reply_double(c, score)


cdef inline void delete_if_empty(Client* c, Arg* key, RObj* o) noexcept nogil:
    if zset_length(o) == 0:
        db_delete(c.db, key.ptr, key.len)


# ---- ZADD ZINCRBY --------------------------------------------------------------------

cdef void zadd_generic(Client* c, int flags) noexcept nogil:
    # ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...];
    # ZINCRBY is ZADD key INCR increment member (and parses options the
    # same way, as Redis does). Every score is checked before anything
    # changes, so the command applies fully or not at all.
    cdef int scoreidx = 2, ch = 0, elements, j
    cdef double stack_scores[ZADD_STACK_SCORES]
    cdef double* scores = stack_scores
    cdef Arg* a
    while scoreidx < c.argc:
        a = &c.argv[scoreidx]
        if arg_is(a, b"nx"):
            flags |= ZADD_IN_NX
        elif arg_is(a, b"xx"):
            flags |= ZADD_IN_XX
        elif arg_is(a, b"ch"):
            ch = 1
        elif arg_is(a, b"incr"):
            flags |= ZADD_IN_INCR
        elif arg_is(a, b"gt"):
            flags |= ZADD_IN_GT
        elif arg_is(a, b"lt"):
            flags |= ZADD_IN_LT
        else:
            break
        scoreidx += 1
    elements = c.argc - scoreidx
    if elements % 2 or elements == 0:
        add_reply_syntax_error(c)
        return
    elements //= 2
    if (flags & ZADD_IN_NX) and (flags & ZADD_IN_XX):
        add_reply_error(c, b"XX and NX options at the same time are not compatible")
        return
    if ((flags & ZADD_IN_NX) and (flags & (ZADD_IN_GT | ZADD_IN_LT))) or \
            ((flags & ZADD_IN_GT) and (flags & ZADD_IN_LT)):
        add_reply_error(c, b"GT, LT, and/or NX options at the same time are not compatible")
        return
    if (flags & ZADD_IN_INCR) and elements > 1:
        add_reply_error(c, b"INCR option supports a single increment-element pair")
        return
    if elements > ZADD_STACK_SCORES:
        scores = <double*>zmalloc(elements * sizeof(double))
    for j in range(elements):
        if arg_to_double(c, &c.argv[scoreidx + 2 * j], &scores[j]) != OK:
            break
    else:
        zadd_apply(c, flags, ch, scoreidx, elements, scores)
    if scores != stack_scores:
        zfree(scores)


cdef void zadd_apply(Client* c, int flags, int ch, int scoreidx, int elements,
                     double* scores) noexcept nogil:
    # The second half of ZADD: the arguments are valid, scores parsed.
    cdef Arg* key = &c.argv[1]
    cdef long added = 0, updated = 0, processed = 0
    cdef double score = 0, newscore = 0
    cdef int j, retflags
    cdef Arg* a
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    if wrong_type(c, o, OBJ_ZSET):
        return
    if o == NULL and not (flags & ZADD_IN_XX):
        o = zset_create(1, c.argv[scoreidx + 1].len)
        db_add(c.db, key.ptr, key.len, o)
    if o != NULL:
        for j in range(elements):
            a = &c.argv[scoreidx + 1 + 2 * j]
            if not zset_add(o, scores[j], a.ptr, a.len, flags, &retflags, &newscore):
                add_reply_error(c, b"resulting score is not a number (NaN)")
                break
            if retflags & ZADD_OUT_ADDED:
                added += 1
            if retflags & ZADD_OUT_UPDATED:
                updated += 1
            if not (retflags & ZADD_OUT_NOP):
                processed += 1
            score = newscore
        else:
            reply_zadd(c, flags, ch, added, updated, processed, score)
    else:
        reply_zadd(c, flags, ch, 0, 0, 0, 0)
    if added or updated:
        signal_modified_key(c.db, key.ptr, key.len)


cdef void reply_zadd(Client* c, int flags, int ch, long added, long updated, long processed,
                     double score) noexcept nogil:
    # INCR: the new score, or null when NX/XX/GT/LT prevented the change.
    if flags & ZADD_IN_INCR:
        if processed:
            add_reply_double(c, score)
        else:
            add_reply_null(c)
    else:
        add_reply_ll(c, added + updated if ch else added)


cdef void cmd_zadd(Client* c) noexcept nogil:
    zadd_generic(c, ZADD_IN_NONE)


cdef void cmd_zincrby(Client* c) noexcept nogil:
    zadd_generic(c, ZADD_IN_INCR)


# ---- ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ----------------------------------------

cdef void cmd_zrem(Client* c) noexcept nogil:
    cdef Arg* key = &c.argv[1]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef long long deleted = 0
    cdef int j
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, o, OBJ_ZSET):
        return
    for j in range(2, c.argc):
        if zset_del(o, c.argv[j].ptr, c.argv[j].len):
            deleted += 1
            member_expire_forget(c.db, key.ptr, key.len, c.argv[j].ptr, c.argv[j].len)
            if zset_length(o) == 0:
                db_delete(c.db, key.ptr, key.len)
                break
    if deleted:
        signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, deleted)


cdef void cmd_zcard(Client* c) noexcept nogil:
    cdef RObj* o = read_zset_or_reply_zero(c, &c.argv[1])
    if o != NULL:
        add_reply_ll(c, <long long>zset_length(o))


cdef void cmd_zscore(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef double score
    if wrong_type(c, o, OBJ_ZSET):
        return
    if o != NULL and zset_score(o, c.argv[2].ptr, c.argv[2].len, &score):
        add_reply_double(c, score)
    else:
        add_reply_null(c)


cdef void cmd_zmscore(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef double score
    cdef int j
    if wrong_type(c, o, OBJ_ZSET):
        return
    add_reply_array_len(c, c.argc - 2)
    for j in range(2, c.argc):
        if o != NULL and zset_score(o, c.argv[j].ptr, c.argv[j].len, &score):
            add_reply_double(c, score)
        else:
            add_reply_null(c)


cdef void zrank_generic(Client* c, int reverse) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef long rank
    if wrong_type(c, o, OBJ_ZSET):
        return
    rank = zset_rank(o, c.argv[2].ptr, c.argv[2].len, reverse) if o != NULL else -1
    if rank >= 0:
        add_reply_ll(c, rank)
    else:
        add_reply_null(c)


cdef void cmd_zrank(Client* c) noexcept nogil:
    zrank_generic(c, 0)


cdef void cmd_zrevrank(Client* c) noexcept nogil:
    zrank_generic(c, 1)


# ---- ZCOUNT ZLEXCOUNT ----------------------------------------------------------------

cdef void cmd_zcount(Client* c) noexcept nogil:
    cdef ZRangeSpec r
    cdef RObj* o
    if zset_parse_score_range(&c.argv[2], &c.argv[3], &r) < 0:
        add_reply_error(c, ERR_NOT_FLOAT_RANGE)
        return
    o = read_zset_or_reply_zero(c, &c.argv[1])
    if o != NULL:
        add_reply_ll(c, <long long>zset_count_score(o, &r))


cdef void cmd_zlexcount(Client* c) noexcept nogil:
    cdef ZLexRangeSpec r
    cdef RObj* o
    if zset_parse_lex_range(&c.argv[2], &c.argv[3], &r) < 0:
        add_reply_error(c, ERR_LEX_RANGE)
        return
    o = read_zset_or_reply_zero(c, &c.argv[1])
    if o != NULL:
        add_reply_ll(c, <long long>zset_count_lex(o, &r))


# ---- ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX ---------------------------------

cdef enum:
    RANGE_RANK = 0
    RANGE_SCORE = 1
    RANGE_LEX = 2


cdef void zremrange_generic(Client* c, int kind) noexcept nogil:
    # The range is parsed before the key is looked at, as in Redis.
    cdef Arg* key = &c.argv[1]
    cdef long long start = 0, end = 0
    cdef ZRangeSpec r
    cdef ZLexRangeSpec lex
    cdef unsigned long deleted
    cdef RObj* o
    if kind == RANGE_RANK:
        if arg_to_ll(c, &c.argv[2], &start) != OK or arg_to_ll(c, &c.argv[3], &end) != OK:
            return
    elif kind == RANGE_SCORE:
        if zset_parse_score_range(&c.argv[2], &c.argv[3], &r) < 0:
            add_reply_error(c, ERR_NOT_FLOAT_RANGE)
            return
    elif zset_parse_lex_range(&c.argv[2], &c.argv[3], &lex) < 0:
        add_reply_error(c, ERR_LEX_RANGE)
        return
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if wrong_type(c, o, OBJ_ZSET):
        return
    if kind == RANGE_RANK:
        if not normalize_range(&start, &end, <long long>zset_length(o)):
            add_reply_ll(c, 0)
            return
        deleted = zset_delete_range_by_rank(o, <unsigned long>start, <unsigned long>end)
    elif kind == RANGE_SCORE:
        deleted = zset_delete_range_by_score(o, &r)
    else:
        deleted = zset_delete_range_by_lex(o, &lex)
    if deleted:
        delete_if_empty(c, key, o)
        member_expire_sync(c.db, key.ptr, key.len)
        signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, <long long>deleted)


cdef void cmd_zremrangebyrank(Client* c) noexcept nogil:
    zremrange_generic(c, RANGE_RANK)


cdef void cmd_zremrangebyscore(Client* c) noexcept nogil:
    zremrange_generic(c, RANGE_SCORE)


cdef void cmd_zremrangebylex(Client* c) noexcept nogil:
    zremrange_generic(c, RANGE_LEX)


# ---- ZPOPMIN ZPOPMAX ZMPOP -----------------------------------------------------------

cdef int zset_pop_generic(Client* c, Arg* keys, int nkeys, int where, int emitkey, long count,
                          int nested, int nil_when_empty, int* deleted) noexcept nogil:
    cdef RObj* o = NULL
    cdef Arg* key = NULL
    cdef ZsetPos pos
    cdef ZsetElem e
    cdef unsigned long llen, n, i
    cdef int idx
    if deleted != NULL:
        deleted[0] = 0
    for idx in range(nkeys):
        key = &keys[idx]
        o = lookup_key_write(c.db, key.ptr, key.len)
        if o == NULL:
            continue
        if wrong_type(c, o, OBJ_ZSET):
            return -1
        break
    if o == NULL:
        if nil_when_empty:
            add_reply_null_array(c)
        else:
            add_reply_array_len(c, 0)
        return 0
    if count == 0:
        add_reply_array_len(c, 0)
        return 0
    if count < 0:
        count = 1
    llen = zset_length(o)
    n = llen if <unsigned long>count > llen else <unsigned long>count
    if emitkey and nested:
        add_reply_array_len(c, 2)
        add_reply_bulk(c, key.ptr, key.len)
        add_reply_array_len(c, <long long>n)
    elif emitkey:
        add_reply_array_len(c, <long long>(n * 2 + 1))
        add_reply_bulk(c, key.ptr, key.len)
    else:
        add_reply_array_len(c, <long long>(n if nested else n * 2))
    # Reply the members from the `where` end, then cut them off in one go.
    zset_seek_rank(o, 0, where == ZSET_MAX, &pos)
    for i in range(n):
        zset_pos_get(o, &pos, &e)
        reply_elem(c, e.m, e.len, e.score, 1, nested)
        member_expire_forget(c.db, key.ptr, key.len, e.m, e.len)
        zset_pos_next(o, &pos, where == ZSET_MAX)
    if where == ZSET_MAX:
        zset_delete_range_by_rank(o, llen - n, llen - 1)
    else:
        zset_delete_range_by_rank(o, 0, n - 1)
    if zset_length(o) == 0:
        db_delete(c.db, key.ptr, key.len)
        if deleted != NULL:
            deleted[0] = 1
    signal_modified_key(c.db, key.ptr, key.len)
    return 1


cdef void zpop_min_max(Client* c, int where) noexcept nogil:
    cdef long long count = -1
    if c.argc > 3:
        add_reply_syntax_error(c)
        return
    if c.argc == 3 and (not string2ll(c.argv[2].ptr, c.argv[2].len, &count) or count < 0):
        add_reply_error(c, b"value is out of range, must be positive")
        return
    # RESP3 nests the pairs when a count was given.
    zset_pop_generic(c, &c.argv[1], 1, where, 0, <long>count, c.resp > 2 and count != -1, 0, NULL)


cdef void cmd_zpopmin(Client* c) noexcept nogil:
    zpop_min_max(c, ZSET_MIN)


cdef void cmd_zpopmax(Client* c) noexcept nogil:
    zpop_min_max(c, ZSET_MAX)


cdef int zmpop_parse(Client* c, int idx, long* numkeys, int* where, long* count) noexcept nogil:
    # ZMPOP's arguments from argv[idx]: numkeys key [key ...] MIN|MAX
    # [COUNT count] (BZMPOP passes idx 2, after its timeout). OK with the
    # values set (*count 1 when absent), or ERR after replying.
    cdef long long n, cnt = -1
    cdef long long where_idx
    cdef int j
    if not string2ll(c.argv[idx].ptr, c.argv[idx].len, &n) or n < 1:
        add_reply_error(c, b"numkeys should be greater than 0")
        return ERR
    if n >= c.argc - idx - 1:
        add_reply_syntax_error(c)
        return ERR
    where_idx = idx + 1 + n
    if arg_is(&c.argv[where_idx], b"min"):
        where[0] = ZSET_MIN
    elif arg_is(&c.argv[where_idx], b"max"):
        where[0] = ZSET_MAX
    else:
        add_reply_syntax_error(c)
        return ERR
    j = <int>where_idx + 1
    while j < c.argc:
        if cnt == -1 and arg_is(&c.argv[j], b"count") and j + 1 < c.argc:
            j += 1
            if not string2ll(c.argv[j].ptr, c.argv[j].len, &cnt) or cnt < 1:
                add_reply_error(c, b"count should be greater than 0")
                return ERR
        else:
            add_reply_syntax_error(c)
            return ERR
        j += 1
    numkeys[0] = <long>n
    count[0] = 1 if cnt == -1 else <long>cnt
    return OK


cdef void cmd_zmpop(Client* c) noexcept nogil:
    # ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
    cdef long numkeys, count
    cdef int where
    if zmpop_parse(c, 1, &numkeys, &where, &count) != OK:
        return
    zset_pop_generic(c, &c.argv[2], <int>numkeys, where, 1, count, 1, 1, NULL)


# ---- ZRANDMEMBER ---------------------------------------------------------------------

cdef inline int output_full(Client* c) noexcept nogil:
    # A reply this command keeps growing should stop once the client is to
    # be dropped for its output buffer (the caller's reply is then cut short,
    # as Redis's is).
    return (c.flags & CLIENT_CLOSE_ASAP) != 0 or \
        (g.cfg.obuf_hard_normal != 0 and <long long>(c.olen - c.osent) >= g.cfg.obuf_hard_normal)


cdef ZsetPos* all_positions(RObj* o, unsigned long size) noexcept nogil:
    # Every member's position, in rank order (caller frees).
    cdef ZsetPos* all = <ZsetPos*>zmalloc(size * sizeof(ZsetPos))
    cdef unsigned long i
    zset_seek_rank(o, 0, 0, &all[0])
    for i in range(1, size):
        all[i] = all[i - 1]
        zset_pos_next(o, &all[i], 0)
    return all


cdef void zrandmember_distinct(Client* c, RObj* o, unsigned long count, unsigned long size,
                               int withscores) noexcept nogil:
    # count distinct members, 1 < count < size, in random order.
    cdef ZsetPos* all = NULL
    cdef ZsetPos pos
    cdef ZsetElem e
    cdef ZsetPos tmp
    cdef Dict* seen
    cdef unsigned long i, j, got = 0, rank
    cdef int created
    if count * RANDMEMBER_SUB_STRATEGY_MUL > size or o.encoding == ENC_LISTPACK:
        # Many of them (or a listpack, cheap to index): shuffle a prefix of
        # all the positions.
        all = all_positions(o, size)
        for i in range(count):
            j = i + zset_random() % (size - i)
            tmp = all[i]
            all[i] = all[j]
            all[j] = tmp
            zset_pos_get(o, &all[i], &e)
            reply_elem(c, e.m, e.len, e.score, withscores, withscores and c.resp > 2)
        zfree(all)
        return
    # Few of a large skiplist: draw ranks until enough distinct ones.
    seen = dict_create(NULL)
    while got < count:
        rank = zset_random() % size
        dict_add_or_find(seen, <const char*>&rank, sizeof(rank), &created)
        if not created:
            continue
        zset_seek_rank(o, rank, 0, &pos)
        zset_pos_get(o, &pos, &e)
        reply_elem(c, e.m, e.len, e.score, withscores, withscores and c.resp > 2)
        got += 1
    dict_release(seen)


cdef void zrandmember_with_count(Client* c, long long l, int withscores) noexcept nogil:
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    cdef unsigned long count, size, n
    cdef ZsetPos pos
    cdef ZsetPos* all
    cdef ZsetElem e
    cdef int nested = withscores and c.resp > 2
    if o == NULL:
        add_reply_array_len(c, 0)
        return
    if wrong_type(c, o, OBJ_ZSET):
        return
    size = zset_length(o)
    count = <unsigned long>(l if l >= 0 else -l)
    if count == 0:
        add_reply_array_len(c, 0)
        return
    n = count if l < 0 or count < size else size
    add_reply_array_len(c, <long long>(n * 2 if withscores and c.resp == 2 else n))
    if l < 0 or count == 1:
        # Repetitions allowed: independent draws (a listpack is indexed
        # once rather than walked for every draw).
        all = all_positions(o, size) if o.encoding == ENC_LISTPACK and count > 1 else NULL
        while count > 0:
            if all != NULL:
                zset_pos_get(o, &all[zset_random() % size], &e)
            else:
                zset_random_elem(o, &e)
            reply_elem(c, e.m, e.len, e.score, withscores, nested)
            count -= 1
            if output_full(c):
                break
        zfree(all)
        return
    if count >= size:
        # The whole zset, from the highest score down (Redis's order).
        zset_seek_rank(o, 0, 1, &pos)
        while True:
            zset_pos_get(o, &pos, &e)
            reply_elem(c, e.m, e.len, e.score, withscores, nested)
            if not zset_pos_next(o, &pos, 1):
                break
        return
    zrandmember_distinct(c, o, count, size, withscores)


cdef void cmd_zrandmember(Client* c) noexcept nogil:
    # ZRANDMEMBER key [count [WITHSCORES]]
    cdef long long l
    cdef RObj* o
    cdef ZsetElem e
    if c.argc >= 3:
        if arg_to_ll(c, &c.argv[2], &l) != OK:
            return
        if l < -LONG_MAX:
            add_reply_error(c, b"value is out of range, value must between -9223372036854775807 "
                            b"and 9223372036854775807")
            return
        if c.argc > 4 or (c.argc == 4 and not arg_is(&c.argv[3], b"withscores")):
            add_reply_syntax_error(c)
            return
        if c.argc == 4 and (l < -LONG_MAX // 2 or l > LONG_MAX // 2):
            add_reply_error(c, b"value is out of range")
            return
        zrandmember_with_count(c, l, c.argc == 4)
        return
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_ZSET):
        return
    zset_random_elem(o, &e)
    add_reply_bulk(c, e.m, e.len)


# ---- ZSCAN ---------------------------------------------------------------------------

cdef struct ZscanBatch:
    ScanOpts* opts
    long long items         # member and score count two, as Redis counts them
    ZSkiplistNode** found
    int n
    int cap


cdef void zscan_visit(void* priv, DictEntry* de) noexcept nogil:
    cdef ZscanBatch* b = <ZscanBatch*>priv
    b.items += 2
    if b.opts.pattern != NULL and not stringmatchlen(
            b.opts.pattern, <int>b.opts.patlen, dict_key(de), de.klen, 0):
        return
    if b.n == b.cap:
        b.cap *= 2
        b.found = <ZSkiplistNode**>zrealloc(b.found, b.cap * sizeof(ZSkiplistNode*))
    b.found[b.n] = zs_node(de)
    b.n += 1


cdef void zscan_listpack(Client* c, RObj* o, ScanOpts* opts) noexcept nogil:
    # A listpack is small: all of it at once, cursor 0. Scores are sent as
    # the listpack stores them.
    cdef uint8_t* lp = <uint8_t*>o.v.ptr
    cdef uint8_t* eptr = lp_first(lp)
    cdef uint8_t* sptr
    cdef char mbuf[LP_INT_BUF]
    cdef char sbuf[LP_INT_BUF]
    cdef const char* m
    cdef const char* s
    cdef size_t mlen, slen
    cdef long long n = 0
    cdef size_t at
    add_reply_array_len(c, 2)
    add_reply_bulk(c, b"0", 1)
    at = add_reply_deferred_len(c)
    while eptr != NULL:
        sptr = lp_next(lp, eptr)
        m = lp_get_str(eptr, &mlen, mbuf)
        if opts.pattern == NULL or stringmatchlen(opts.pattern, <int>opts.patlen, m, <int>mlen, 0):
            s = lp_get_str(sptr, &slen, sbuf)
            add_reply_bulk(c, m, mlen)
            add_reply_bulk(c, s, slen)
            n += 2
        eptr = lp_next(lp, sptr)
    set_deferred_array_len(c, at, n)


cdef void zscan_skiplist(Client* c, RObj* o, unsigned long cursor, ScanOpts* opts) noexcept nogil:
    cdef Zset* zs = <Zset*>o.v.ptr
    cdef ZscanBatch b
    cdef long long buckets
    cdef char buf[64]
    cdef char cbuf[24]
    cdef int i, k
    cdef ZSkiplistNode* x
    b.opts = opts
    b.items = 0
    b.n = 0
    b.cap = 16
    b.found = <ZSkiplistNode**>zmalloc(b.cap * sizeof(ZSkiplistNode*))
    buckets = opts.count * 10 if opts.count < 100000000 else 1000000000
    while True:
        cursor = dict_scan(zs.dict, cursor, zscan_visit, &b)
        buckets -= 1
        if cursor == 0 or buckets == 0 or b.items >= opts.count:
            break
    add_reply_array_len(c, 2)
    k = 24
    while True:
        k -= 1
        cbuf[k] = <char>(48 + cursor % 10)
        cursor //= 10
        if cursor == 0:
            break
    add_reply_bulk(c, cbuf + k, 24 - k)
    add_reply_array_len(c, 2 * b.n)
    for i in range(b.n):
        x = b.found[i]
        add_reply_bulk(c, zsl_ele(x), zsl_ele_len(x))
        add_reply_bulk(c, buf, <size_t>d2string(buf, sizeof(buf), x.score))
    zfree(b.found)


cdef void cmd_zscan(Client* c) noexcept nogil:
    # ZSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked
    # first, then the key, then the options (Redis's order).
    cdef unsigned long cursor
    cdef ScanOpts opts
    cdef RObj* o
    if scan_parse_cursor(c, 2, &cursor) < 0:
        return
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_array_len(c, 2)
        add_reply_bulk(c, b"0", 1)
        add_reply_array_len(c, 0)
        return
    if wrong_type(c, o, OBJ_ZSET) or scan_parse_options(c, 3, 0, &opts) < 0:
        return
    if o.encoding == ENC_LISTPACK:
        zscan_listpack(c, o, &opts)
    else:
        zscan_skiplist(c, o, cursor, &opts)
