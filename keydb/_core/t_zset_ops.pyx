"""Sorted-set ranges and set operations.

Ranges: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), the
older ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX,
ZREVRANGEBYLEX, and ZRANGESTORE. One parser and three walkers feed a
RangeOut, which either replies to the client or fills the destination zset.

Set operations: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD,
over sorted sets and plain sets (whose members score 1). Inputs are sorted
by size first (stably, as Redis's merge sort does), which
fixes the order in which scores are summed. Results are built in a skiplist
zset (zset_acc_*) and stored as a listpack when they fit.

Every handler runs with the keyspace lock held.
"""
from libc.stdio cimport snprintf
from libc.stdlib cimport qsort
from libc.math cimport isnan
from keydb._core.state cimport Client, Arg
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.object cimport RObj, OBJ_ZSET, OBJ_SET, free_object
from keydb._core.db cimport lookup_key_read, db_set_key, db_delete, signal_modified_key
from keydb._core.reply cimport (add_reply_bulk, add_reply_ll, add_reply_error, add_reply_error_len,
    add_reply_syntax_error, add_reply_wrongtype, add_reply_array_len, add_reply_double,
    add_reply_deferred_len, set_deferred_array_len)
from keydb._core.args cimport OK, ERR, arg_is, arg_to_ll, wrong_type, normalize_range
from keydb._core.util cimport string2ll, string2d
from keydb._core.zskiplist cimport (ZRangeSpec, ZLexRangeSpec, zsl_value_gte_min,
    zsl_value_lte_max, zsl_lex_gte_min, zsl_lex_lte_max)
from keydb._core.t_set cimport (SetIter, SetMember, set_member_bytes, set_size, set_contains,
    set_iter_init, set_iter_next)
from keydb._core.zset cimport (ZsetPos, ZsetElem, zset_create, zset_length, zset_add,
    zset_score, zset_seek_rank, zset_seek_score, zset_seek_lex, zset_pos_get, zset_pos_next,
    zset_parse_score_range, zset_parse_lex_range, zset_convert_to_listpack_if_needed,
    ZACC_SET, ZACC_SUM, ZACC_MIN, ZACC_MAX, zset_acc_create, zset_acc_put, zset_acc_remove,
    zset_acc_finish)

cdef enum:
    BY_AUTO = -1
    BY_RANK = 0
    BY_SCORE = 1
    BY_LEX = 2
    DIR_AUTO = -1
    DIR_FORWARD = 0
    DIR_REVERSE = 1


# ---- where a range goes --------------------------------------------------------------

cdef struct RangeOut:
    Client* c
    Arg* dstkey             # ZRANGESTORE's destination; NULL: reply to the client
    RObj* dst
    int withscores
    long long count         # members emitted so far
    size_t at               # the client reply's deferred length
    int deferred


cdef void out_begin(RangeOut* h, long long length) noexcept nogil:
    # length: how many members will follow, or -1 when not known yet.
    cdef Client* c = h.c
    h.count = 0
    h.deferred = 0
    if h.dstkey != NULL:
        h.dst = zset_create(<size_t>length if length > 0 else 0, 0)
    elif length >= 0:
        add_reply_array_len(c, length * 2 if h.withscores and c.resp == 2 else length)
    else:
        h.at = add_reply_deferred_len(c)
        h.deferred = 1


cdef void out_emit(RangeOut* h, ZsetElem* e) noexcept nogil:
    cdef int flags
    cdef Client* c = h.c
    h.count += 1
    if h.dstkey != NULL:
        zset_add(h.dst, e.score, e.m, e.len, 0, &flags, NULL)
        return
    if h.withscores and c.resp > 2:
        add_reply_array_len(c, 2)
    add_reply_bulk(c, e.m, e.len)
    if h.withscores:
        add_reply_double(c, e.score)


cdef void out_end(RangeOut* h) noexcept nogil:
    # A stored result replaces the destination (its TTL goes); an empty one
    # deletes it.
    cdef Client* c = h.c
    cdef Arg* k = h.dstkey
    if k == NULL:
        if h.deferred:
            set_deferred_array_len(c, h.at,
                                   h.count * 2 if h.withscores and c.resp == 2 else h.count)
        return
    if h.count:
        db_set_key(c.db, k.ptr, k.len, h.dst, 0)
        signal_modified_key(c.db, k.ptr, k.len)
        add_reply_ll(c, h.count)
        return
    free_object(h.dst)
    add_reply_ll(c, 0)
    if db_delete(c.db, k.ptr, k.len):
        signal_modified_key(c.db, k.ptr, k.len)


# ---- the three walks -----------------------------------------------------------------

cdef void range_by_rank(RangeOut* h, RObj* o, long long start, long long end,
                        int reverse) noexcept nogil:
    cdef long long i
    cdef ZsetPos pos
    cdef ZsetElem e
    if not normalize_range(&start, &end, <long long>zset_length(o)):
        out_begin(h, 0)
        out_end(h)
        return
    out_begin(h, end - start + 1)
    zset_seek_rank(o, <unsigned long>start, reverse, &pos)
    for i in range(end - start + 1):
        zset_pos_get(o, &pos, &e)
        out_emit(h, &e)
        zset_pos_next(o, &pos, reverse)
    out_end(h)


cdef int skip_offset(RObj* o, ZsetPos* pos, long long offset, int reverse) noexcept nogil:
    # Step over LIMIT's offset; a negative one skips everything (Redis's
    # loop counts it down past zero). 1 while pos is still valid.
    if offset < 0:
        return 0
    while offset > 0:
        if not zset_pos_next(o, pos, reverse):
            return 0
        offset -= 1
    return 1


cdef void range_by_score(RangeOut* h, RObj* o, ZRangeSpec* r, long long offset, long long limit,
                         int reverse) noexcept nogil:
    # limit < 0: no limit.
    cdef ZsetPos pos
    cdef ZsetElem e
    cdef int valid
    out_begin(h, -1)
    valid = zset_seek_score(o, r, reverse, &pos) and skip_offset(o, &pos, offset, reverse)
    while valid and limit != 0:
        zset_pos_get(o, &pos, &e)
        if not (zsl_value_gte_min(e.score, r) if reverse else zsl_value_lte_max(e.score, r)):
            break
        out_emit(h, &e)
        if limit > 0:
            limit -= 1
        valid = zset_pos_next(o, &pos, reverse)
    out_end(h)


cdef void range_by_lex(RangeOut* h, RObj* o, ZLexRangeSpec* r, long long offset, long long limit,
                       int reverse) noexcept nogil:
    cdef ZsetPos pos
    cdef ZsetElem e
    cdef int valid
    out_begin(h, -1)
    valid = zset_seek_lex(o, r, reverse, &pos) and skip_offset(o, &pos, offset, reverse)
    while valid and limit != 0:
        zset_pos_get(o, &pos, &e)
        if not (zsl_lex_gte_min(e.m, e.len, r) if reverse else zsl_lex_lte_max(e.m, e.len, r)):
            break
        out_emit(h, &e)
        if limit > 0:
            limit -= 1
        valid = zset_pos_next(o, &pos, reverse)
    out_end(h)


# ---- the range commands --------------------------------------------------------------

cdef void zrange_generic(Client* c, Arg* dstkey, int first, int by, int direction) noexcept nogil:
    # argv[first] is the source key, then min and max, then options. `by`
    # and `direction` are fixed by the older commands, BY_AUTO / DIR_AUTO
    # for ZRANGE and ZRANGESTORE. Options first, then the range, then the
    # key: the order in which Redis reports errors.
    cdef RangeOut h
    cdef Arg* key = &c.argv[first]
    cdef int minidx = first + 1, maxidx = first + 2, j, left, tmp
    cdef int withscores = 0
    cdef long long offset = 0, limit = -1, start = 0, end = 0
    cdef ZRangeSpec r
    cdef ZLexRangeSpec lex
    cdef RObj* o
    j = first + 3
    while j < c.argc:
        left = c.argc - j - 1
        if dstkey == NULL and arg_is(&c.argv[j], b"withscores"):
            withscores = 1
        elif arg_is(&c.argv[j], b"limit") and left >= 2:
            if arg_to_ll(c, &c.argv[j + 1], &offset) != OK or \
                    arg_to_ll(c, &c.argv[j + 2], &limit) != OK:
                return
            j += 2
        elif direction == DIR_AUTO and arg_is(&c.argv[j], b"rev"):
            direction = DIR_REVERSE
        elif by == BY_AUTO and arg_is(&c.argv[j], b"bylex"):
            by = BY_LEX
        elif by == BY_AUTO and arg_is(&c.argv[j], b"byscore"):
            by = BY_SCORE
        else:
            add_reply_syntax_error(c)
            return
        j += 1
    if direction == DIR_AUTO:
        direction = DIR_FORWARD
    if by == BY_AUTO:
        by = BY_RANK
    if limit != -1 and by == BY_RANK:
        add_reply_error(c, b"syntax error, LIMIT is only supported in combination with either "
                        b"BYSCORE or BYLEX")
        return
    if withscores and by == BY_LEX:
        add_reply_error(c, b"syntax error, WITHSCORES not supported in combination with BYLEX")
        return
    if direction == DIR_REVERSE and by != BY_RANK:
        # Reversed score and lex ranges are written max first.
        tmp = minidx
        minidx = maxidx
        maxidx = tmp
    if by == BY_RANK:
        if arg_to_ll(c, &c.argv[minidx], &start) != OK or arg_to_ll(c, &c.argv[maxidx], &end) != OK:
            return
    elif by == BY_SCORE:
        if zset_parse_score_range(&c.argv[minidx], &c.argv[maxidx], &r) < 0:
            add_reply_error(c, b"min or max is not a float")
            return
    elif zset_parse_lex_range(&c.argv[minidx], &c.argv[maxidx], &lex) < 0:
        add_reply_error(c, b"min or max not valid string range item")
        return
    h.c = c
    h.dstkey = dstkey
    h.dst = NULL
    h.withscores = withscores
    o = lookup_key_read(c.db, key.ptr, key.len)
    if wrong_type(c, o, OBJ_ZSET):
        return
    if o == NULL:
        out_begin(&h, 0)
        out_end(&h)
    elif by == BY_RANK:
        range_by_rank(&h, o, start, end, direction == DIR_REVERSE)
    elif by == BY_SCORE:
        range_by_score(&h, o, &r, offset, limit, direction == DIR_REVERSE)
    else:
        range_by_lex(&h, o, &lex, offset, limit, direction == DIR_REVERSE)


cdef void cmd_zrange(Client* c) noexcept nogil:
    zrange_generic(c, NULL, 1, BY_AUTO, DIR_AUTO)


cdef void cmd_zrangestore(Client* c) noexcept nogil:
    zrange_generic(c, &c.argv[1], 2, BY_AUTO, DIR_AUTO)


cdef void cmd_zrevrange(Client* c) noexcept nogil:
    zrange_generic(c, NULL, 1, BY_RANK, DIR_REVERSE)


cdef void cmd_zrangebyscore(Client* c) noexcept nogil:
    zrange_generic(c, NULL, 1, BY_SCORE, DIR_FORWARD)


cdef void cmd_zrevrangebyscore(Client* c) noexcept nogil:
    zrange_generic(c, NULL, 1, BY_SCORE, DIR_REVERSE)


cdef void cmd_zrangebylex(Client* c) noexcept nogil:
    zrange_generic(c, NULL, 1, BY_LEX, DIR_FORWARD)


cdef void cmd_zrevrangebylex(Client* c) noexcept nogil:
    zrange_generic(c, NULL, 1, BY_LEX, DIR_REVERSE)


# ---- set operations: inputs ----------------------------------------------------------

cdef enum:
    OP_UNION = 0
    OP_INTER = 1
    OP_DIFF = 2

# One input of a set operation: a sorted set, or a plain set whose members
# all count with score 1 (as in Redis).
cdef struct OpSrc:
    RObj* o                 # NULL for a missing key (an empty input)
    double weight
    unsigned long len
    int idx                 # position on the command line (ties keep it)

cdef struct SrcIter:
    ZsetPos pos             # a sorted set's walk
    SetIter si              # a set's walk
    SetMember sm            # the set member last handed out (e.m may point into it)
    int valid


cdef inline int op_src_accepts(RObj* o) noexcept nogil:
    return o.type == OBJ_ZSET or o.type == OBJ_SET


cdef inline unsigned long src_len(RObj* o) noexcept nogil:
    if o == NULL:
        return 0
    return zset_length(o) if o.type == OBJ_ZSET else set_size(o)


cdef inline int src_set_elem(SrcIter* it, ZsetElem* e) noexcept nogil:
    # The set member just walked to, as a member of score 1.
    set_member_bytes(&it.sm)
    e.m = it.sm.ptr
    e.len = it.sm.len
    e.score = 1.0
    return 1


cdef inline int src_first(OpSrc* s, SrcIter* it, ZsetElem* e) noexcept nogil:
    # Start walking an input; 1 with its first member in e, 0 when empty.
    if s.len == 0:
        it.valid = 0
    elif s.o.type == OBJ_SET:
        set_iter_init(&it.si, s.o)
        it.valid = set_iter_next(&it.si, &it.sm) and src_set_elem(it, e)
    else:
        it.valid = zset_seek_rank(s.o, 0, 0, &it.pos)
        zset_pos_get(s.o, &it.pos, e)
    return it.valid


cdef inline int src_next(OpSrc* s, SrcIter* it, ZsetElem* e) noexcept nogil:
    if s.o.type == OBJ_SET:
        it.valid = set_iter_next(&it.si, &it.sm) and src_set_elem(it, e)
    else:
        it.valid = zset_pos_next(s.o, &it.pos, 0)
        if it.valid:
            zset_pos_get(s.o, &it.pos, e)
    return it.valid


cdef inline int src_find(OpSrc* s, const char* m, size_t n, double* score) noexcept nogil:
    # Only for an input other than the one being walked (a lookup may move
    # a hash table's rehashing under the walk).
    if s.len == 0:
        return 0
    if s.o.type == OBJ_SET:
        score[0] = 1.0
        return set_contains(s.o, m, n)
    return zset_score(s.o, m, n, score)


cdef int cmp_src(const void* a, const void* b) noexcept nogil:
    # Smallest input first; equal sizes keep the command line's order.
    cdef const OpSrc* x = <const OpSrc*>a
    cdef const OpSrc* y = <const OpSrc*>b
    if x.len != y.len:
        return -1 if x.len < y.len else 1
    return x.idx - y.idx


cdef inline void aggregate(double* target, double v, int how) noexcept nogil:
    # What zset_acc_put does with an existing member, for intersections,
    # which combine scores before there is anything to put.
    if how == ZACC_SUM:
        target[0] = target[0] + v
        if isnan(target[0]):
            target[0] = 0.0
    elif how == ZACC_MIN:
        if v < target[0]:
            target[0] = v
    elif v > target[0]:
        target[0] = v


cdef inline double weighted(OpSrc* s, double score) noexcept nogil:
    cdef double v = s.weight * score
    return 0.0 if isnan(v) else v


# ---- set operations: the three algorithms --------------------------------------------

cdef long long op_inter(OpSrc* src, long n, int how, RObj* dst, long long limit) noexcept nogil:
    # Members of the smallest input found in all the others. With dst NULL
    # only counts them (up to limit, 0 = all); returns the count.
    cdef SrcIter it
    cdef ZsetElem e
    cdef double score, v
    cdef long long card = 0
    cdef long j
    if not src_first(&src[0], &it, &e):
        return 0
    while it.valid:
        score = weighted(&src[0], e.score)
        j = 1
        while j < n:
            if src[j].o == src[0].o:
                v = e.score             # the input being walked, listed again
            elif not src_find(&src[j], e.m, e.len, &v):
                break
            aggregate(&score, src[j].weight * v, how)
            j += 1
        if j == n:
            card += 1
            if dst == NULL:
                if limit and card >= limit:
                    break
            else:
                zset_acc_put(dst, e.m, e.len, score, ZACC_SET)
        src_next(&src[0], &it, &e)
    return card


cdef void op_union(OpSrc* src, long n, int how, RObj* dst) noexcept nogil:
    cdef SrcIter it
    cdef ZsetElem e
    cdef long i
    for i in range(n):
        if not src_first(&src[i], &it, &e):
            continue
        while it.valid:
            zset_acc_put(dst, e.m, e.len, weighted(&src[i], e.score), how)
            src_next(&src[i], &it, &e)


cdef void op_diff(OpSrc* src, long n, RObj* dst) noexcept nogil:
    # Members of the first input found in none of the others, with their
    # scores. Either look each of them up in every other input (about
    # len0 * n work), or add them all and take away the others' members
    # (the total size of the inputs): whichever costs less, the first
    # being favoured, as in Redis.
    cdef SrcIter it
    cdef ZsetElem e
    cdef double v
    cdef long j
    cdef long long one = 0, two = 0
    if src[0].len == 0:
        return
    for j in range(n):
        if j > 0 and src[j].o == src[0].o:
            return                  # the first input minus itself
        one += <long long>src[0].len
        two += <long long>src[j].len
    if one // 2 <= two:
        src_first(&src[0], &it, &e)
        while it.valid:
            j = 1
            while j < n and not src_find(&src[j], e.m, e.len, &v):
                j += 1
            if j == n:
                zset_acc_put(dst, e.m, e.len, e.score, ZACC_SET)
            src_next(&src[0], &it, &e)
        return
    src_first(&src[0], &it, &e)
    while it.valid:
        zset_acc_put(dst, e.m, e.len, e.score, ZACC_SET)
        src_next(&src[0], &it, &e)
    for j in range(1, n):
        if src_first(&src[j], &it, &e):
            while it.valid:
                zset_acc_remove(dst, e.m, e.len)
                src_next(&src[j], &it, &e)


# ---- set operations: the commands ----------------------------------------------------

cdef int parse_op_options(Client* c, int j, OpSrc* src, long n, int op, int store, int card_only,
                          int* how, int* withscores, long long* limit) noexcept nogil:
    # WEIGHTS and AGGREGATE (union and inter), WITHSCORES (not stored, not
    # ZINTERCARD), LIMIT (ZINTERCARD). OK, or ERR after replying.
    cdef int left, i
    while j < c.argc:
        left = c.argc - j
        if op != OP_DIFF and not card_only and left >= n + 1 and arg_is(&c.argv[j], b"weights"):
            j += 1
            for i in range(n):
                if not string2d(c.argv[j].ptr, c.argv[j].len, &src[i].weight):
                    add_reply_error(c, b"weight value is not a float")
                    return ERR
                j += 1
        elif op != OP_DIFF and not card_only and left >= 2 and arg_is(&c.argv[j], b"aggregate"):
            j += 1
            if arg_is(&c.argv[j], b"sum"):
                how[0] = ZACC_SUM
            elif arg_is(&c.argv[j], b"min"):
                how[0] = ZACC_MIN
            elif arg_is(&c.argv[j], b"max"):
                how[0] = ZACC_MAX
            else:
                add_reply_syntax_error(c)
                return ERR
            j += 1
        elif not store and not card_only and arg_is(&c.argv[j], b"withscores"):
            withscores[0] = 1
            j += 1
        elif card_only and left >= 2 and arg_is(&c.argv[j], b"limit"):
            j += 1
            if not string2ll(c.argv[j].ptr, c.argv[j].len, limit) or limit[0] < 0:
                add_reply_error(c, b"LIMIT can't be negative")
                return ERR
            j += 1
        else:
            add_reply_syntax_error(c)
            return ERR
    return OK


cdef void reply_or_store(Client* c, Arg* dstkey, RObj* dst, int withscores) noexcept nogil:
    # Store dst under dstkey (as a listpack when it fits; an empty result
    # deletes the key) or reply its members in order. dst is consumed.
    cdef unsigned long length = zset_length(dst)
    cdef size_t maxlen = 0, totlen = 0
    cdef ZsetPos pos
    cdef ZsetElem e
    cdef int valid = zset_seek_rank(dst, 0, 0, &pos)
    if dstkey == NULL:
        add_reply_array_len(c, <long long>(length * 2 if withscores and c.resp == 2 else length))
    while valid:
        zset_pos_get(dst, &pos, &e)
        if dstkey == NULL:
            if withscores and c.resp > 2:
                add_reply_array_len(c, 2)
            add_reply_bulk(c, e.m, e.len)
            if withscores:
                add_reply_double(c, e.score)
        else:
            totlen += e.len
            if e.len > maxlen:
                maxlen = e.len
        valid = zset_pos_next(dst, &pos, 0)
    if dstkey == NULL:
        free_object(dst)
    elif length:
        zset_convert_to_listpack_if_needed(dst, maxlen, totlen)
        db_set_key(c.db, dstkey.ptr, dstkey.len, dst, 0)
        signal_modified_key(c.db, dstkey.ptr, dstkey.len)
        add_reply_ll(c, <long long>length)
    else:
        free_object(dst)
        add_reply_ll(c, 0)
        if db_delete(c.db, dstkey.ptr, dstkey.len):
            signal_modified_key(c.db, dstkey.ptr, dstkey.len)


cdef void zset_op_generic(Client* c, Arg* dstkey, int numkeys_index, int op,
                          int card_only) noexcept nogil:
    # [dst] numkeys key [key ...] [options]: every key is looked up (and
    # type-checked) before the options are parsed, as in Redis.
    cdef long long setnum, limit = 0
    cdef int how = ZACC_SUM, withscores = 0, j
    cdef long i
    cdef char msg[128]
    cdef OpSrc* src
    cdef RObj* o
    cdef RObj* dst
    if arg_to_ll(c, &c.argv[numkeys_index], &setnum) != OK:
        return
    if setnum < 1:
        add_reply_error_len(c, msg, <size_t>snprintf(
            msg, sizeof(msg), b"at least 1 input key is needed for '%s' command", c.cmd.fullname))
        return
    if setnum > c.argc - numkeys_index - 1:
        add_reply_syntax_error(c)
        return
    src = <OpSrc*>zmalloc(<size_t>setnum * sizeof(OpSrc))
    j = numkeys_index + 1
    for i in range(setnum):
        o = lookup_key_read(c.db, c.argv[j].ptr, c.argv[j].len)
        if o != NULL and not op_src_accepts(o):
            zfree(src)
            add_reply_wrongtype(c)
            return
        src[i].o = o
        src[i].weight = 1.0
        src[i].len = src_len(o)
        src[i].idx = <int>i
        j += 1
    if parse_op_options(c, j, src, <long>setnum, op, dstkey != NULL, card_only,
                        &how, &withscores, &limit) != OK:
        zfree(src)
        return
    if op != OP_DIFF:
        qsort(src, <size_t>setnum, sizeof(OpSrc), cmp_src)
    if card_only:
        add_reply_ll(c, op_inter(src, <long>setnum, how, NULL, limit))
        zfree(src)
        return
    dst = zset_acc_create()
    if op == OP_INTER:
        op_inter(src, <long>setnum, how, dst, 0)
    elif op == OP_UNION:
        op_union(src, <long>setnum, how, dst)
    else:
        op_diff(src, <long>setnum, dst)
    zfree(src)
    zset_acc_finish(dst)
    reply_or_store(c, dstkey, dst, withscores)


cdef void cmd_zunion(Client* c) noexcept nogil:
    zset_op_generic(c, NULL, 1, OP_UNION, 0)


cdef void cmd_zunionstore(Client* c) noexcept nogil:
    zset_op_generic(c, &c.argv[1], 2, OP_UNION, 0)


cdef void cmd_zinter(Client* c) noexcept nogil:
    zset_op_generic(c, NULL, 1, OP_INTER, 0)


cdef void cmd_zinterstore(Client* c) noexcept nogil:
    zset_op_generic(c, &c.argv[1], 2, OP_INTER, 0)


cdef void cmd_zintercard(Client* c) noexcept nogil:
    zset_op_generic(c, NULL, 1, OP_INTER, 1)


cdef void cmd_zdiff(Client* c) noexcept nogil:
    zset_op_generic(c, NULL, 1, OP_DIFF, 0)


cdef void cmd_zdiffstore(Client* c) noexcept nogil:
    zset_op_generic(c, &c.argv[1], 2, OP_DIFF, 0)
