"""Sorted sets over two encodings, listpack and skiplist + dict.

Functions named zzl_* work on the listpack encoding (pairs of entries,
member then score, in (score, member) order); zset_* dispatch on the
object's encoding and are the API the commands use (see zset.pxd).

Also here: the object hooks (free, dup, memory) of OBJ_ZSET, installed into
object.type_ops when the module is imported.
"""
from libc.stdint cimport uint8_t
from libc.stdlib cimport strtod, malloc, free
from libc.string cimport memchr, memcpy
from libc.math cimport isnan
from libc.limits cimport LLONG_MAX
from keydb._core.zmalloc cimport zmalloc, zfree, zmalloc_size
from keydb._core.state cimport g
from keydb._core.object cimport (RObj, OBJ_ZSET, ENC_LISTPACK, ENC_SKIPLIST, type_ops,
    create_object)
from keydb._core.dict cimport (DictEntry, dict_create, dict_release, dict_find,
    dict_add_or_find_extra, dict_unlink, dict_random, dict_delete, dict_free_entry,
    dict_buckets, dict_try_shrink)
from keydb._core.listpack cimport (LpVal, lp_new, lp_free, lp_dup, lp_length, lp_first,
    lp_last, lp_next, lp_prev, lp_seek, lp_get, lp_get_str, lp_find, lp_insert, lp_insert_ll,
    lp_append, lp_delete_range_at, lp_delete_range, lp_safe_to_add, LP_BEFORE, LP_AFTER)
from keydb._core.zskiplist cimport (ZSkiplist, ZSkiplistNode, ZRangeSpec, ZLexRangeSpec,
    ZLexBound, LEX_MIN, LEX_MAX, LEX_BYTES, zsl_level, zsl_ele, zsl_ele_len, member_cmp,
    zsl_value_gte_min, zsl_value_lte_max, zsl_lex_gte_min, zsl_lex_lte_max,
    zsl_score_range_empty, zsl_lex_range_empty, zsl_create, zsl_free, zsl_insert, zsl_unlink,
    zsl_random_level, zsl_node_size, zsl_update_score, zsl_get_rank, zsl_by_rank,
    zsl_first_in_range, zsl_last_in_range, zsl_first_in_lex_range, zsl_last_in_lex_range,
    zsl_delete_range_by_score, zsl_delete_range_by_lex, zsl_delete_range_by_rank)
from keydb._core.util cimport d2string

cdef enum:
    SCORE_BUF = 128         # longer string scores are read from their first 127 bytes


# ---- scores as listpack entries ------------------------------------------------------

cdef inline int double_to_ll(double d, long long* out) noexcept nogil:
    # 1 when d is an integer the listpack can hold as one (|d| <= 2^62).
    cdef long long ll
    if d < -(LLONG_MAX // 2) or d > LLONG_MAX // 2:
        return 0
    ll = <long long>d
    if <double>ll != d:
        return 0
    out[0] = ll
    return 1


cdef double zzl_score(uint8_t* sptr) noexcept nogil:
    cdef LpVal v
    cdef char buf[SCORE_BUF]
    cdef size_t n
    lp_get(sptr, &v)
    if v.s == NULL:
        return <double>v.ll
    n = v.len if v.len < SCORE_BUF else SCORE_BUF - 1
    memcpy(buf, v.s, n)
    buf[n] = 0
    return strtod(buf, NULL)


cdef uint8_t* zzl_append_score(uint8_t* lp, double score, uint8_t* after) noexcept nogil:
    # Put a score entry after `after` (or at the end when NULL): an integer
    # when it is one (so -0 is stored as 0, as in Redis), else "%.17g" or
    # "inf"/"-inf".
    cdef char buf[64]
    cdef long long ll
    cdef int where = LP_AFTER if after != NULL else LP_BEFORE
    if double_to_ll(score, &ll):
        return lp_insert_ll(lp, ll, after, where, NULL)
    return lp_insert(lp, buf, <size_t>d2string(buf, sizeof(buf), score), after, where, NULL)


# ---- the listpack encoding -----------------------------------------------------------

cdef inline int zzl_cmp(uint8_t* eptr, const char* m, size_t n) noexcept nogil:
    # The member at eptr compared with m, as member_cmp.
    cdef char buf[LP_INT_BUF]
    cdef size_t len
    cdef const char* s = lp_get_str(eptr, &len, buf)
    return member_cmp(s, len, m, n)


cdef uint8_t* zzl_find(uint8_t* lp, const char* m, size_t n, double* score) noexcept nogil:
    # The member entry of m (and its score), NULL if absent.
    cdef uint8_t* eptr = lp_find(lp, lp_first(lp), m, n, 1)
    if eptr != NULL and score != NULL:
        score[0] = zzl_score(lp_next(lp, eptr))
    return eptr


cdef uint8_t* zzl_insert(uint8_t* lp, const char* m, size_t n, double score) noexcept nogil:
    # Insert a member that is not there yet at its place in the order.
    cdef uint8_t* eptr = lp_first(lp)
    cdef uint8_t* sptr
    cdef uint8_t* newp
    cdef double s
    while eptr != NULL:
        sptr = lp_next(lp, eptr)
        s = zzl_score(sptr)
        if s > score or (s == score and zzl_cmp(eptr, m, n) > 0):
            break
        eptr = lp_next(lp, sptr)
    if eptr == NULL:
        lp = lp_append(lp, m, n)
        return zzl_append_score(lp, score, NULL)
    lp = lp_insert(lp, m, n, eptr, LP_BEFORE, &newp)
    return zzl_append_score(lp, score, newp)


cdef inline uint8_t* zzl_delete(uint8_t* lp, uint8_t* eptr) noexcept nogil:
    return lp_delete_range_at(lp, eptr, 2)


cdef int zzl_first_in_range(uint8_t* lp, ZRangeSpec* r, ZsetPos* pos) noexcept nogil:
    cdef uint8_t* eptr = lp_first(lp)
    cdef uint8_t* sptr
    cdef double s
    if zsl_score_range_empty(r):
        return 0
    while eptr != NULL:
        sptr = lp_next(lp, eptr)
        s = zzl_score(sptr)
        if zsl_value_gte_min(s, r):
            if not zsl_value_lte_max(s, r):
                return 0
            pos.eptr = eptr
            pos.sptr = sptr
            return 1
        eptr = lp_next(lp, sptr)
    return 0


cdef int zzl_last_in_range(uint8_t* lp, ZRangeSpec* r, ZsetPos* pos) noexcept nogil:
    cdef uint8_t* sptr = lp_last(lp)
    cdef uint8_t* eptr
    cdef double s
    if zsl_score_range_empty(r):
        return 0
    while sptr != NULL:
        eptr = lp_prev(lp, sptr)
        s = zzl_score(sptr)
        if zsl_value_lte_max(s, r):
            if not zsl_value_gte_min(s, r):
                return 0
            pos.eptr = eptr
            pos.sptr = sptr
            return 1
        sptr = lp_prev(lp, eptr)
    return 0


cdef inline int zzl_lex_gte_min(uint8_t* eptr, ZLexRangeSpec* r) noexcept nogil:
    cdef char buf[LP_INT_BUF]
    cdef size_t len
    cdef const char* s = lp_get_str(eptr, &len, buf)
    return zsl_lex_gte_min(s, len, r)


cdef inline int zzl_lex_lte_max(uint8_t* eptr, ZLexRangeSpec* r) noexcept nogil:
    cdef char buf[LP_INT_BUF]
    cdef size_t len
    cdef const char* s = lp_get_str(eptr, &len, buf)
    return zsl_lex_lte_max(s, len, r)


cdef int zzl_first_in_lex_range(uint8_t* lp, ZLexRangeSpec* r, ZsetPos* pos) noexcept nogil:
    cdef uint8_t* eptr = lp_first(lp)
    if zsl_lex_range_empty(r):
        return 0
    while eptr != NULL:
        if zzl_lex_gte_min(eptr, r):
            if not zzl_lex_lte_max(eptr, r):
                return 0
            pos.eptr = eptr
            pos.sptr = lp_next(lp, eptr)
            return 1
        eptr = lp_next(lp, lp_next(lp, eptr))
    return 0


cdef int zzl_last_in_lex_range(uint8_t* lp, ZLexRangeSpec* r, ZsetPos* pos) noexcept nogil:
    cdef uint8_t* sptr = lp_last(lp)
    cdef uint8_t* eptr
    if zsl_lex_range_empty(r):
        return 0
    while sptr != NULL:
        eptr = lp_prev(lp, sptr)
        if zzl_lex_lte_max(eptr, r):
            if not zzl_lex_gte_min(eptr, r):
                return 0
            pos.eptr = eptr
            pos.sptr = sptr
            return 1
        sptr = lp_prev(lp, eptr)
    return 0


# ---- the skiplist encoding -----------------------------------------------------------

cdef Zset* zs_create() noexcept nogil:
    cdef Zset* zs = <Zset*>zmalloc(sizeof(Zset))
    zs.dict = dict_create(NULL)
    zs.zsl = zsl_create()
    return zs


cdef void zs_free(Zset* zs) noexcept nogil:
    # The dict's entries hold the nodes: releasing it frees them all.
    zsl_free(zs.zsl)
    dict_release(zs.dict)
    zfree(zs)


cdef DictEntry* zs_entry(Zset* zs, const char* m, size_t n, double score,
                         int* created) noexcept nogil:
    # The member's entry; a new one comes with an unlinked node of a random
    # height holding `score`.
    cdef int height = zsl_random_level()
    cdef DictEntry* e = dict_add_or_find_extra(zs.dict, m, n, zsl_node_size(height), created)
    cdef ZSkiplistNode* x
    if created[0]:
        e.v.s64 = height
        x = zs_node(e)
        x.ele = e
        x.score = score
        x.backward = NULL
    return e


cdef inline void zs_link(Zset* zs, DictEntry* e) noexcept nogil:
    zsl_insert(zs.zsl, zs_node(e), <int>e.v.s64)


cdef void zs_insert(Zset* zs, const char* m, size_t n, double score) noexcept nogil:
    # Add a member that is not there yet.
    cdef int created
    zs_link(zs, zs_entry(zs, m, n, score, &created))


cdef inline Zset* zs_of(RObj* o) noexcept nogil:
    return <Zset*>o.v.ptr


cdef inline uint8_t* lp_of(RObj* o) noexcept nogil:
    return <uint8_t*>o.v.ptr


# ---- whole objects -------------------------------------------------------------------

cdef RObj* zset_create(size_t size_hint, size_t len_hint) noexcept nogil:
    if size_hint <= <size_t>g.cfg.zset_max_listpack_entries and \
            len_hint <= <size_t>g.cfg.zset_max_listpack_value:
        return create_object(OBJ_ZSET, ENC_LISTPACK, lp_new())
    return create_object(OBJ_ZSET, ENC_SKIPLIST, zs_create())


cdef unsigned long zset_length(RObj* o) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        return lp_length(lp_of(o)) // 2
    return zs_of(o).zsl.length


cdef void zset_convert(RObj* o, int encoding) noexcept nogil:
    cdef uint8_t* lp
    cdef uint8_t* eptr
    cdef uint8_t* sptr
    cdef Zset* zs
    cdef ZSkiplistNode* x
    cdef char buf[LP_INT_BUF]
    cdef const char* m
    cdef size_t n
    if o.encoding == encoding:
        return
    if encoding == ENC_SKIPLIST:
        lp = lp_of(o)
        zs = zs_create()
        eptr = lp_first(lp)
        while eptr != NULL:
            sptr = lp_next(lp, eptr)
            m = lp_get_str(eptr, &n, buf)
            zs_insert(zs, m, n, zzl_score(sptr))
            eptr = lp_next(lp, sptr)
        lp_free(lp)
        o.v.ptr = zs
    else:
        zs = zs_of(o)
        lp = lp_new()
        x = zsl_level(zs.zsl.header)[0].forward
        while x != NULL:
            lp = lp_append(lp, zsl_ele(x), zsl_ele_len(x))
            lp = zzl_append_score(lp, x.score, NULL)
            x = zsl_level(x)[0].forward
        zs_free(zs)
        o.v.ptr = lp
    o.encoding = <uint8_t>encoding


cdef void zset_convert_to_listpack_if_needed(RObj* o, size_t maxlen, size_t totlen) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        return
    if zs_of(o).zsl.length <= <unsigned long>g.cfg.zset_max_listpack_entries and \
            maxlen <= <size_t>g.cfg.zset_max_listpack_value and lp_safe_to_add(NULL, totlen):
        zset_convert(o, ENC_LISTPACK)


# ---- set-operation results ---------------------------------------------------------------------

cdef RObj* zset_acc_create() noexcept nogil:
    return create_object(OBJ_ZSET, ENC_SKIPLIST, zs_create())


cdef void zset_acc_put(RObj* o, const char* m, size_t n, double score, int how) noexcept nogil:
    # The score waits in the member's node, not linked yet.
    cdef int created
    cdef DictEntry* e = zs_entry(zs_of(o), m, n, score, &created)
    cdef ZSkiplistNode* x = zs_node(e)
    if created or how == ZACC_SET:
        x.score = score
    elif how == ZACC_SUM:
        x.score = x.score + score
        if isnan(x.score):
            x.score = 0.0
    elif how == ZACC_MIN:
        if score < x.score:
            x.score = score
    elif score > x.score:
        x.score = score


cdef void zset_acc_remove(RObj* o, const char* m, size_t n) noexcept nogil:
    dict_delete(zs_of(o).dict, m, n)


cdef void zset_acc_finish(RObj* o) noexcept nogil:
    # Every entry of both tables gets its node linked, once (the tables are
    # walked directly: a scan cursor may visit an entry twice).
    cdef Zset* zs = zs_of(o)
    cdef DictEntry* e
    cdef unsigned long i
    cdef int t
    for t in range(2):
        for i in range(zs.dict.size[t]):
            e = zs.dict.table[t][i]
            while e != NULL:
                zs_link(zs, e)
                e = e.next
    dict_try_shrink(zs.dict)


# ---- members -------------------------------------------------------------------------

cdef inline int update_blocked(int in_flags, double score, double cur) noexcept nogil:
    # GT/LT say no to this update.
    return ((in_flags & ZADD_IN_LT) and score >= cur) or ((in_flags & ZADD_IN_GT) and score <= cur)


cdef int zset_add(RObj* o, double score, const char* m, size_t n, int in_flags,
                  int* out_flags, double* newscore) noexcept nogil:
    cdef double cur
    cdef uint8_t* eptr
    cdef DictEntry* e
    cdef Zset* zs
    out_flags[0] = 0
    if isnan(score):
        out_flags[0] = ZADD_OUT_NAN
        return 0
    if o.encoding == ENC_LISTPACK:
        eptr = zzl_find(lp_of(o), m, n, &cur)
        if eptr != NULL:
            if in_flags & ZADD_IN_NX:
                out_flags[0] = ZADD_OUT_NOP
                return 1
            if in_flags & ZADD_IN_INCR:
                score += cur
                if isnan(score):
                    out_flags[0] = ZADD_OUT_NAN
                    return 0
            if update_blocked(in_flags, score, cur):
                out_flags[0] = ZADD_OUT_NOP
                return 1
            if newscore != NULL:
                newscore[0] = score
            if score != cur:
                o.v.ptr = zzl_insert(zzl_delete(lp_of(o), eptr), m, n, score)
                out_flags[0] = ZADD_OUT_UPDATED
            return 1
        if in_flags & ZADD_IN_XX:
            out_flags[0] = ZADD_OUT_NOP
            return 1
        if zset_length(o) + 1 <= <unsigned long>g.cfg.zset_max_listpack_entries and \
                n <= <size_t>g.cfg.zset_max_listpack_value and lp_safe_to_add(lp_of(o), n):
            o.v.ptr = zzl_insert(lp_of(o), m, n, score)
            if newscore != NULL:
                newscore[0] = score
            out_flags[0] = ZADD_OUT_ADDED
            return 1
        zset_convert(o, ENC_SKIPLIST)
    zs = zs_of(o)
    e = dict_find(zs.dict, m, n)
    if e != NULL:
        if in_flags & ZADD_IN_NX:
            out_flags[0] = ZADD_OUT_NOP
            return 1
        cur = zs_node(e).score
        if in_flags & ZADD_IN_INCR:
            score += cur
            if isnan(score):
                out_flags[0] = ZADD_OUT_NAN
                return 0
        if update_blocked(in_flags, score, cur):
            out_flags[0] = ZADD_OUT_NOP
            return 1
        if newscore != NULL:
            newscore[0] = score
        if score != cur:
            zsl_update_score(zs.zsl, cur, m, n, score, <int>e.v.s64)
            out_flags[0] = ZADD_OUT_UPDATED
        return 1
    if in_flags & ZADD_IN_XX:
        out_flags[0] = ZADD_OUT_NOP
        return 1
    zs_insert(zs, m, n, score)
    if newscore != NULL:
        newscore[0] = score
    out_flags[0] = ZADD_OUT_ADDED
    return 1


cdef int zset_score(RObj* o, const char* m, size_t n, double* score) noexcept nogil:
    cdef DictEntry* e
    if o.encoding == ENC_LISTPACK:
        return zzl_find(lp_of(o), m, n, score) != NULL
    e = dict_find(zs_of(o).dict, m, n)
    if e == NULL:
        return 0
    score[0] = zs_node(e).score
    return 1


cdef int zset_del(RObj* o, const char* m, size_t n) noexcept nogil:
    cdef uint8_t* eptr
    cdef Zset* zs
    cdef DictEntry* e
    if o.encoding == ENC_LISTPACK:
        eptr = zzl_find(lp_of(o), m, n, NULL)
        if eptr == NULL:
            return 0
        o.v.ptr = zzl_delete(lp_of(o), eptr)
        return 1
    zs = zs_of(o)
    e = dict_unlink(zs.dict, m, n)
    if e == NULL:
        return 0
    zsl_unlink(zs.zsl, zs_node(e).score, m, n)
    dict_free_entry(zs.dict, e)
    dict_try_shrink(zs.dict)
    return 1


cdef long zset_rank(RObj* o, const char* m, size_t n, int reverse) noexcept nogil:
    cdef unsigned long length = zset_length(o)
    cdef unsigned long rank
    cdef uint8_t* lp
    cdef uint8_t* eptr
    cdef DictEntry* e
    if o.encoding == ENC_LISTPACK:
        lp = lp_of(o)
        eptr = lp_first(lp)
        rank = 0
        while eptr != NULL and zzl_cmp(eptr, m, n) != 0:
            eptr = lp_next(lp, lp_next(lp, eptr))
            rank += 1
        if eptr == NULL:
            return -1
    else:
        e = dict_find(zs_of(o).dict, m, n)
        if e == NULL:
            return -1
        rank = zsl_get_rank(zs_of(o).zsl, zs_node(e).score, m, n) - 1
    return <long>(length - 1 - rank if reverse else rank)


# ---- walking -------------------------------------------------------------------------

cdef int zset_seek_rank(RObj* o, unsigned long rank, int reverse, ZsetPos* pos) noexcept nogil:
    cdef unsigned long length = zset_length(o)
    cdef uint8_t* lp
    if rank >= length:
        return 0
    if o.encoding == ENC_LISTPACK:
        lp = lp_of(o)
        pos.eptr = lp_seek(lp, <long>(2 * (length - 1 - rank) if reverse else 2 * rank))
        pos.sptr = lp_next(lp, pos.eptr)
        return 1
    pos.node = zsl_by_rank(zs_of(o).zsl, length - rank if reverse else rank + 1)
    return 1


cdef int zset_seek_score(RObj* o, ZRangeSpec* r, int reverse, ZsetPos* pos) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        if reverse:
            return zzl_last_in_range(lp_of(o), r, pos)
        return zzl_first_in_range(lp_of(o), r, pos)
    if reverse:
        pos.node = zsl_last_in_range(zs_of(o).zsl, r)
    else:
        pos.node = zsl_first_in_range(zs_of(o).zsl, r)
    return pos.node != NULL


cdef int zset_seek_lex(RObj* o, ZLexRangeSpec* r, int reverse, ZsetPos* pos) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        if reverse:
            return zzl_last_in_lex_range(lp_of(o), r, pos)
        return zzl_first_in_lex_range(lp_of(o), r, pos)
    if reverse:
        pos.node = zsl_last_in_lex_range(zs_of(o).zsl, r)
    else:
        pos.node = zsl_first_in_lex_range(zs_of(o).zsl, r)
    return pos.node != NULL


cdef void zset_pos_get(RObj* o, ZsetPos* pos, ZsetElem* e) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        e.m = lp_get_str(pos.eptr, &e.len, e.buf)
        e.score = zzl_score(pos.sptr)
    else:
        e.m = zsl_ele(pos.node)
        e.len = zsl_ele_len(pos.node)
        e.score = pos.node.score


cdef int zset_pos_next(RObj* o, ZsetPos* pos, int reverse) noexcept nogil:
    cdef uint8_t* lp
    if o.encoding == ENC_SKIPLIST:
        pos.node = pos.node.backward if reverse else zsl_level(pos.node)[0].forward
        return pos.node != NULL
    lp = lp_of(o)
    if reverse:
        pos.sptr = lp_prev(lp, pos.eptr)
        if pos.sptr == NULL:
            pos.eptr = NULL
            return 0
        pos.eptr = lp_prev(lp, pos.sptr)
        return 1
    pos.eptr = lp_next(lp, pos.sptr)
    if pos.eptr == NULL:
        return 0
    pos.sptr = lp_next(lp, pos.eptr)
    return 1


# ---- random members ------------------------------------------------------------------

# Guard: lock. xorshift64* state for member sampling.
cdef unsigned long rand_state = 0x2545F4914F6CDD1DUL


cdef unsigned long zset_random() noexcept nogil:
    global rand_state
    rand_state ^= rand_state >> 12
    rand_state ^= rand_state << 25
    rand_state ^= rand_state >> 27
    return rand_state * 2685821657736338717UL


cdef void zset_random_elem(RObj* o, ZsetElem* e) noexcept nogil:
    cdef ZsetPos pos
    cdef DictEntry* de
    if o.encoding == ENC_LISTPACK:
        zset_seek_rank(o, zset_random() % zset_length(o), 0, &pos)
    else:
        de = dict_random(zs_of(o).dict)
        pos.node = zs_node(de)
    zset_pos_get(o, &pos, e)


# ---- counts --------------------------------------------------------------------------

cdef unsigned long zzl_count_run(RObj* o, ZsetPos* pos, ZRangeSpec* r,
                                 ZLexRangeSpec* lex) noexcept nogil:
    # Pairs from pos on that stay within r (or lex).
    cdef unsigned long num = 0
    cdef ZsetElem e
    while True:
        zset_pos_get(o, pos, &e)
        if r != NULL and not zsl_value_lte_max(e.score, r):
            break
        if lex != NULL and not zsl_lex_lte_max(e.m, e.len, lex):
            break
        num += 1
        if not zset_pos_next(o, pos, 0):
            break
    return num


cdef unsigned long zset_count_score(RObj* o, ZRangeSpec* r) noexcept nogil:
    cdef ZsetPos pos
    cdef ZSkiplistNode* first
    cdef ZSkiplistNode* last
    cdef ZSkiplist* zsl
    if o.encoding == ENC_LISTPACK:
        if not zzl_first_in_range(lp_of(o), r, &pos):
            return 0
        return zzl_count_run(o, &pos, r, NULL)
    zsl = zs_of(o).zsl
    first = zsl_first_in_range(zsl, r)
    if first == NULL:
        return 0
    last = zsl_last_in_range(zsl, r)
    return zsl_get_rank(zsl, last.score, zsl_ele(last), zsl_ele_len(last)) - \
        zsl_get_rank(zsl, first.score, zsl_ele(first), zsl_ele_len(first)) + 1


cdef unsigned long zset_count_lex(RObj* o, ZLexRangeSpec* r) noexcept nogil:
    cdef ZsetPos pos
    cdef ZSkiplistNode* first
    cdef ZSkiplistNode* last
    cdef ZSkiplist* zsl
    if o.encoding == ENC_LISTPACK:
        if not zzl_first_in_lex_range(lp_of(o), r, &pos):
            return 0
        return zzl_count_run(o, &pos, NULL, r)
    zsl = zs_of(o).zsl
    first = zsl_first_in_lex_range(zsl, r)
    if first == NULL:
        return 0
    last = zsl_last_in_lex_range(zsl, r)
    return zsl_get_rank(zsl, last.score, zsl_ele(last), zsl_ele_len(last)) - \
        zsl_get_rank(zsl, first.score, zsl_ele(first), zsl_ele_len(first)) + 1


# ---- range deletions -----------------------------------------------------------------

cdef unsigned long zzl_delete_run(RObj* o, ZsetPos* pos, ZRangeSpec* r,
                                  ZLexRangeSpec* lex) noexcept nogil:
    # Delete the pairs from pos on while they stay within r (or lex).
    cdef uint8_t* lp = lp_of(o)
    cdef uint8_t* eptr = pos.eptr
    cdef uint8_t* sptr = pos.sptr
    cdef unsigned long num = 0
    while eptr != NULL:
        if r != NULL and not zsl_value_lte_max(zzl_score(sptr), r):
            break
        if lex != NULL and not zzl_lex_lte_max(eptr, lex):
            break
        num += 1
        eptr = lp_next(lp, sptr)
        if eptr != NULL:
            sptr = lp_next(lp, eptr)
    o.v.ptr = lp_delete_range_at(lp, pos.eptr, 2 * num)
    return num


cdef unsigned long zset_delete_range_by_score(RObj* o, ZRangeSpec* r) noexcept nogil:
    cdef ZsetPos pos
    cdef unsigned long n
    if o.encoding == ENC_LISTPACK:
        if not zzl_first_in_range(lp_of(o), r, &pos):
            return 0
        return zzl_delete_run(o, &pos, r, NULL)
    n = zsl_delete_range_by_score(zs_of(o).zsl, r, zs_of(o).dict)
    dict_try_shrink(zs_of(o).dict)
    return n


cdef unsigned long zset_delete_range_by_lex(RObj* o, ZLexRangeSpec* r) noexcept nogil:
    cdef ZsetPos pos
    cdef unsigned long n
    if o.encoding == ENC_LISTPACK:
        if not zzl_first_in_lex_range(lp_of(o), r, &pos):
            return 0
        return zzl_delete_run(o, &pos, NULL, r)
    if zsl_lex_range_empty(r):
        return 0
    n = zsl_delete_range_by_lex(zs_of(o).zsl, r, zs_of(o).dict)
    dict_try_shrink(zs_of(o).dict)
    return n


cdef unsigned long zset_delete_range_by_rank(RObj* o, unsigned long start,
                                             unsigned long end) noexcept nogil:
    cdef unsigned long n
    if o.encoding == ENC_LISTPACK:
        o.v.ptr = lp_delete_range(lp_of(o), <long>(2 * start), 2 * (end - start + 1))
        return end - start + 1
    n = zsl_delete_range_by_rank(zs_of(o).zsl, start + 1, end + 1, zs_of(o).dict)
    dict_try_shrink(zs_of(o).dict)
    return n


# ---- argument parsing ----------------------------------------------------------------

cdef int parse_score_bound(Arg* a, double* v, int* ex) noexcept nogil:
    # Redis reads the argument as a C string: it ends at the first NUL.
    cdef const char* p = a.ptr
    cdef const char* z = <const char*>memchr(p, 0, a.len)
    cdef size_t n = <size_t>(z - p) if z != NULL else a.len
    cdef char small[128]
    cdef char* buf = small
    cdef char* end
    cdef int ok
    ex[0] = 0
    if n > 0 and p[0] == 40:        # '('
        ex[0] = 1
        p += 1
        n -= 1
    if n >= sizeof(small):
        buf = <char*>malloc(n + 1)
    memcpy(buf, p, n)
    buf[n] = 0
    v[0] = strtod(buf, &end)
    ok = end == buf + n and not isnan(v[0])
    if buf != small:
        free(buf)
    return 0 if ok else -1


cdef int zset_parse_score_range(Arg* min, Arg* max, ZRangeSpec* r) noexcept nogil:
    if parse_score_bound(min, &r.min, &r.minex) < 0 or parse_score_bound(max, &r.max, &r.maxex) < 0:
        return -1
    return 0


cdef int parse_lex_bound(Arg* a, ZLexBound* b) noexcept nogil:
    # "+" and "-" may be followed by a NUL byte only (C-string compare).
    if a.len == 0:
        return -1
    b.s = a.ptr + 1
    b.len = a.len - 1
    if a.ptr[0] == 43 or a.ptr[0] == 45:        # '+' '-'
        if a.len > 1 and a.ptr[1] != 0:
            return -1
        b.kind = LEX_MAX if a.ptr[0] == 43 else LEX_MIN
        b.ex = 1
        return 0
    b.kind = LEX_BYTES
    if a.ptr[0] == 40:          # '('
        b.ex = 1
        return 0
    if a.ptr[0] == 91:          # '['
        b.ex = 0
        return 0
    return -1


cdef int zset_parse_lex_range(Arg* min, Arg* max, ZLexRangeSpec* r) noexcept nogil:
    if parse_lex_bound(min, &r.min) < 0 or parse_lex_bound(max, &r.max) < 0:
        return -1
    return 0


# ---- object hooks --------------------------------------------------------------------

cdef void zset_free_hook(RObj* o) noexcept nogil:
    if o.encoding == ENC_LISTPACK:
        lp_free(lp_of(o))
    else:
        zs_free(zs_of(o))


cdef RObj* zset_dup_hook(RObj* o) noexcept nogil:
    cdef Zset* src
    cdef Zset* zs
    cdef ZSkiplistNode* x
    if o.encoding == ENC_LISTPACK:
        return create_object(OBJ_ZSET, ENC_LISTPACK, lp_dup(lp_of(o)))
    src = zs_of(o)
    zs = zs_create()
    x = src.zsl.tail
    while x != NULL:
        zs_insert(zs, zsl_ele(x), zsl_ele_len(x), x.score)
        x = x.backward
    return create_object(OBJ_ZSET, ENC_SKIPLIST, zs)


cdef size_t zset_memory_hook(RObj* o, size_t samples) noexcept nogil:
    # Payload bytes. For a skiplist with samples > 0, the first `samples`
    # members stand for the average member (MEMORY USAGE's SAMPLES).
    cdef Zset* zs
    cdef ZSkiplistNode* x
    cdef size_t total, members = 0, seen = 0
    if o.encoding == ENC_LISTPACK:
        return zmalloc_size(o.v.ptr)
    zs = zs_of(o)
    total = zmalloc_size(zs) + zmalloc_size(zs.dict) + zmalloc_size(zs.zsl) + \
        zmalloc_size(zs.zsl.header) + dict_buckets(zs.dict) * sizeof(DictEntry*)
    x = zsl_level(zs.zsl.header)[0].forward
    while x != NULL and (samples == 0 or seen < samples):
        members += zmalloc_size(x.ele)
        seen += 1
        x = zsl_level(x)[0].forward
    if seen:
        total += <size_t>(<double>members / seen * zs.zsl.length)
    return total


type_ops[OBJ_ZSET].free = zset_free_hook
type_ops[OBJ_ZSET].dup = zset_dup_hook
type_ops[OBJ_ZSET].memory = zset_memory_hook
