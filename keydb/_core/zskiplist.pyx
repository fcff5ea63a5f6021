"""Skiplist with spans: the ordered half of a large sorted set.

Pugh's skiplist, with three changes as in Redis: scores may repeat (ties
are ordered by member bytes), every forward link records how many level-0
nodes it jumps (its span, which gives ranks in O(log n)), and level 0 is
doubly linked (backward pointers) for reverse walks. A node's height is
1 + the number of successes of a 1-in-4 coin, capped at ZSKIPLIST_MAXLEVEL.

The functions that walk down the levels remember, per level, the last node
before the target (`update`) and the rank reached there (`rank`): that is
all an insertion or a deletion needs to fix links and spans.

All functions need the keyspace lock (the level generator's state is
guarded by it).
"""
from libc.stdint cimport uint64_t
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.dict cimport dict_unlink, dict_free_entry

cdef enum:
    # A node grows one more level when the next 16 random bits fall under
    # a quarter of their range.
    LEVEL_THRESHOLD = 0xFFFF // 4

# Guard: lock. xorshift64 state for node heights.
cdef uint64_t level_state = 0x9E3779B97F4A7C15ULL


cdef int zsl_random_level() noexcept nogil:
    global level_state
    cdef int level = 1
    while True:
        level_state ^= level_state << 13
        level_state ^= level_state >> 7
        level_state ^= level_state << 17
        if <int>((level_state >> 24) & 0xFFFF) >= LEVEL_THRESHOLD or level >= ZSKIPLIST_MAXLEVEL:
            return level
        level += 1


cdef ZSkiplist* zsl_create() noexcept nogil:
    cdef ZSkiplist* zsl = <ZSkiplist*>zmalloc(sizeof(ZSkiplist))
    cdef ZSkiplistLevel* lv
    cdef int i
    zsl.level = 1
    zsl.length = 0
    zsl.tail = NULL
    zsl.header = <ZSkiplistNode*>zmalloc(zsl_node_size(ZSKIPLIST_MAXLEVEL))
    zsl.header.ele = NULL
    zsl.header.score = 0
    zsl.header.backward = NULL
    lv = zsl_level(zsl.header)
    for i in range(ZSKIPLIST_MAXLEVEL):
        lv[i].forward = NULL
        lv[i].span = 0
    return zsl


cdef void zsl_free(ZSkiplist* zsl) noexcept nogil:
    zfree(zsl.header)
    zfree(zsl)


cdef inline int node_before(ZSkiplistNode* x, double score, const char* m, size_t n) noexcept nogil:
    # 1 when node x sorts strictly before (score, member).
    return x.score < score or (x.score == score and
                               member_cmp(zsl_ele(x), zsl_ele_len(x), m, n) < 0)


cdef void zsl_insert(ZSkiplist* zsl, ZSkiplistNode* node, int height) noexcept nogil:
    cdef ZSkiplistNode* update[ZSKIPLIST_MAXLEVEL]
    cdef unsigned long rank[ZSKIPLIST_MAXLEVEL]
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistLevel* lv
    cdef ZSkiplistLevel* ulv
    cdef const char* m = zsl_ele(node)
    cdef size_t n = zsl_ele_len(node)
    cdef double score = node.score
    cdef int i
    i = zsl.level - 1
    while i >= 0:
        rank[i] = 0 if i == zsl.level - 1 else rank[i + 1]
        while zsl_level(x)[i].forward != NULL and node_before(zsl_level(x)[i].forward, score, m, n):
            rank[i] += zsl_level(x)[i].span
            x = zsl_level(x)[i].forward
        update[i] = x
        i -= 1
    if height > zsl.level:
        for i in range(zsl.level, height):
            rank[i] = 0
            update[i] = zsl.header
            zsl_level(zsl.header)[i].span = zsl.length
        zsl.level = height
    x = node
    lv = zsl_level(x)
    for i in range(height):
        ulv = zsl_level(update[i])
        lv[i].forward = ulv[i].forward
        ulv[i].forward = x
        # update[i] now reaches x after (rank[0] - rank[i]) + 1 steps; x
        # takes over the rest of update[i]'s old span.
        lv[i].span = ulv[i].span - (rank[0] - rank[i])
        ulv[i].span = (rank[0] - rank[i]) + 1
    for i in range(height, zsl.level):
        zsl_level(update[i])[i].span += 1
    x.backward = NULL if update[0] == zsl.header else update[0]
    if lv[0].forward != NULL:
        lv[0].forward.backward = x
    else:
        zsl.tail = x
    zsl.length += 1


cdef void unlink_node(ZSkiplist* zsl, ZSkiplistNode* x, ZSkiplistNode** update) noexcept nogil:
    # Take x out of every level, given the predecessors found on the way down.
    cdef ZSkiplistLevel* ulv
    cdef ZSkiplistLevel* xlv = zsl_level(x)
    cdef int i
    for i in range(zsl.level):
        ulv = zsl_level(update[i])
        if ulv[i].forward == x:
            ulv[i].span += xlv[i].span - 1
            ulv[i].forward = xlv[i].forward
        else:
            ulv[i].span -= 1
    if xlv[0].forward != NULL:
        xlv[0].forward.backward = x.backward
    else:
        zsl.tail = x.backward
    while zsl.level > 1 and zsl_level(zsl.header)[zsl.level - 1].forward == NULL:
        zsl.level -= 1
    zsl.length -= 1


cdef ZSkiplistNode* find_update(ZSkiplist* zsl, double score, const char* m, size_t n,
                                ZSkiplistNode** update) noexcept nogil:
    # Fill update[] for (score, member); return the node at that place (or
    # the first after it, or NULL).
    cdef ZSkiplistNode* x = zsl.header
    cdef int i = zsl.level - 1
    while i >= 0:
        while zsl_level(x)[i].forward != NULL and node_before(zsl_level(x)[i].forward, score, m, n):
            x = zsl_level(x)[i].forward
        update[i] = x
        i -= 1
    return zsl_level(x)[0].forward


cdef inline int node_is(ZSkiplistNode* x, double score, const char* m, size_t n) noexcept nogil:
    return x != NULL and x.score == score and \
        member_cmp(zsl_ele(x), zsl_ele_len(x), m, n) == 0


cdef ZSkiplistNode* zsl_unlink(ZSkiplist* zsl, double score, const char* m,
                               size_t n) noexcept nogil:
    cdef ZSkiplistNode* update[ZSKIPLIST_MAXLEVEL]
    cdef ZSkiplistNode* x = find_update(zsl, score, m, n, update)
    if not node_is(x, score, m, n):
        return NULL
    unlink_node(zsl, x, update)
    return x


cdef ZSkiplistNode* zsl_update_score(ZSkiplist* zsl, double score, const char* m, size_t n,
                                     double newscore, int height) noexcept nogil:
    cdef ZSkiplistNode* update[ZSKIPLIST_MAXLEVEL]
    cdef ZSkiplistNode* x = find_update(zsl, score, m, n, update)
    cdef ZSkiplistNode* nxt = zsl_level(x)[0].forward
    # When the new score keeps the node between its neighbours, change it
    # in place: no relinking at all.
    if (x.backward == NULL or x.backward.score < newscore) and \
            (nxt == NULL or nxt.score > newscore):
        x.score = newscore
        return x
    unlink_node(zsl, x, update)
    x.score = newscore
    zsl_insert(zsl, x, height)
    return x


cdef unsigned long zsl_get_rank(ZSkiplist* zsl, double score, const char* m,
                                size_t n) noexcept nogil:
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistNode* f
    cdef unsigned long rank = 0
    cdef int i = zsl.level - 1
    while i >= 0:
        while True:
            f = zsl_level(x)[i].forward
            if f == NULL or not (f.score < score or (f.score == score and
                                 member_cmp(zsl_ele(f), zsl_ele_len(f), m, n) <= 0)):
                break
            rank += zsl_level(x)[i].span
            x = f
        if x != zsl.header and member_cmp(zsl_ele(x), zsl_ele_len(x), m, n) == 0:
            return rank
        i -= 1
    return 0


cdef ZSkiplistNode* zsl_by_rank(ZSkiplist* zsl, unsigned long rank) noexcept nogil:
    cdef ZSkiplistNode* x = zsl.header
    cdef unsigned long traversed = 0
    cdef int i = zsl.level - 1
    while i >= 0:
        while zsl_level(x)[i].forward != NULL and traversed + zsl_level(x)[i].span <= rank:
            traversed += zsl_level(x)[i].span
            x = zsl_level(x)[i].forward
        if traversed == rank:
            return x if x != zsl.header else NULL
        i -= 1
    return NULL


# ---- ranges --------------------------------------------------------------------------

cdef int zsl_score_range_empty(ZRangeSpec* r) noexcept nogil:
    return r.min > r.max or (r.min == r.max and (r.minex or r.maxex))


cdef inline int bound_cmp(ZLexBound* a, ZLexBound* b) noexcept nogil:
    if a.kind != LEX_BYTES or b.kind != LEX_BYTES:
        return a.kind - b.kind
    return member_cmp(a.s, a.len, b.s, b.len)


cdef int zsl_lex_range_empty(ZLexRangeSpec* r) noexcept nogil:
    cdef int c = bound_cmp(&r.min, &r.max)
    return c > 0 or (c == 0 and (r.min.ex or r.max.ex))


cdef inline ZSkiplistNode* first_node(ZSkiplist* zsl) noexcept nogil:
    return zsl_level(zsl.header)[0].forward


cdef int score_range_hits(ZSkiplist* zsl, ZRangeSpec* r) noexcept nogil:
    # 1 when part of the list may be inside r (cheap checks at both ends).
    if zsl_score_range_empty(r) or zsl.tail == NULL:
        return 0
    return zsl_value_gte_min(zsl.tail.score, r) and zsl_value_lte_max(first_node(zsl).score, r)


cdef int lex_range_hits(ZSkiplist* zsl, ZLexRangeSpec* r) noexcept nogil:
    if zsl_lex_range_empty(r) or zsl.tail == NULL:
        return 0
    return zsl_lex_gte_min(zsl_ele(zsl.tail), zsl_ele_len(zsl.tail), r) and \
        zsl_lex_lte_max(zsl_ele(first_node(zsl)), zsl_ele_len(first_node(zsl)), r)


cdef ZSkiplistNode* zsl_first_in_range(ZSkiplist* zsl, ZRangeSpec* r) noexcept nogil:
    cdef ZSkiplistNode* x = zsl.header
    cdef int i = zsl.level - 1
    if not score_range_hits(zsl, r):
        return NULL
    while i >= 0:
        while zsl_level(x)[i].forward != NULL and \
                not zsl_value_gte_min(zsl_level(x)[i].forward.score, r):
            x = zsl_level(x)[i].forward
        i -= 1
    x = zsl_level(x)[0].forward
    return x if x != NULL and zsl_value_lte_max(x.score, r) else NULL


cdef ZSkiplistNode* zsl_last_in_range(ZSkiplist* zsl, ZRangeSpec* r) noexcept nogil:
    cdef ZSkiplistNode* x = zsl.header
    cdef int i = zsl.level - 1
    if not score_range_hits(zsl, r):
        return NULL
    while i >= 0:
        while zsl_level(x)[i].forward != NULL and \
                zsl_value_lte_max(zsl_level(x)[i].forward.score, r):
            x = zsl_level(x)[i].forward
        i -= 1
    return x if x != zsl.header and zsl_value_gte_min(x.score, r) else NULL


cdef ZSkiplistNode* zsl_first_in_lex_range(ZSkiplist* zsl, ZLexRangeSpec* r) noexcept nogil:
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistNode* f
    cdef int i = zsl.level - 1
    if not lex_range_hits(zsl, r):
        return NULL
    while i >= 0:
        while True:
            f = zsl_level(x)[i].forward
            if f == NULL or zsl_lex_gte_min(zsl_ele(f), zsl_ele_len(f), r):
                break
            x = f
        i -= 1
    x = zsl_level(x)[0].forward
    return x if x != NULL and zsl_lex_lte_max(zsl_ele(x), zsl_ele_len(x), r) else NULL


cdef ZSkiplistNode* zsl_last_in_lex_range(ZSkiplist* zsl, ZLexRangeSpec* r) noexcept nogil:
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistNode* f
    cdef int i = zsl.level - 1
    if not lex_range_hits(zsl, r):
        return NULL
    while i >= 0:
        while True:
            f = zsl_level(x)[i].forward
            if f == NULL or not zsl_lex_lte_max(zsl_ele(f), zsl_ele_len(f), r):
                break
            x = f
        i -= 1
    return x if x != zsl.header and zsl_lex_gte_min(zsl_ele(x), zsl_ele_len(x), r) else NULL


cdef inline void drop_node(ZSkiplist* zsl, ZSkiplistNode* x, ZSkiplistNode** update,
                           Dict* d) noexcept nogil:
    # Unlink x, then free its dict entry (the member's bytes and x itself).
    unlink_node(zsl, x, update)
    dict_free_entry(d, dict_unlink(d, zsl_ele(x), zsl_ele_len(x)))


cdef unsigned long zsl_delete_range_by_score(ZSkiplist* zsl, ZRangeSpec* r, Dict* d) noexcept nogil:
    cdef ZSkiplistNode* update[ZSKIPLIST_MAXLEVEL]
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistNode* nxt
    cdef unsigned long removed = 0
    cdef int i = zsl.level - 1
    while i >= 0:
        while zsl_level(x)[i].forward != NULL and \
                not zsl_value_gte_min(zsl_level(x)[i].forward.score, r):
            x = zsl_level(x)[i].forward
        update[i] = x
        i -= 1
    x = zsl_level(x)[0].forward
    while x != NULL and zsl_value_lte_max(x.score, r):
        nxt = zsl_level(x)[0].forward
        drop_node(zsl, x, update, d)
        removed += 1
        x = nxt
    return removed


cdef unsigned long zsl_delete_range_by_lex(ZSkiplist* zsl, ZLexRangeSpec* r,
                                           Dict* d) noexcept nogil:
    cdef ZSkiplistNode* update[ZSKIPLIST_MAXLEVEL]
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistNode* f
    cdef ZSkiplistNode* nxt
    cdef unsigned long removed = 0
    cdef int i = zsl.level - 1
    while i >= 0:
        while True:
            f = zsl_level(x)[i].forward
            if f == NULL or zsl_lex_gte_min(zsl_ele(f), zsl_ele_len(f), r):
                break
            x = f
        update[i] = x
        i -= 1
    x = zsl_level(x)[0].forward
    while x != NULL and zsl_lex_lte_max(zsl_ele(x), zsl_ele_len(x), r):
        nxt = zsl_level(x)[0].forward
        drop_node(zsl, x, update, d)
        removed += 1
        x = nxt
    return removed


cdef unsigned long zsl_delete_range_by_rank(ZSkiplist* zsl, unsigned long start, unsigned long end,
                                            Dict* d) noexcept nogil:
    cdef ZSkiplistNode* update[ZSKIPLIST_MAXLEVEL]
    cdef ZSkiplistNode* x = zsl.header
    cdef ZSkiplistNode* nxt
    cdef unsigned long traversed = 0, removed = 0
    cdef int i = zsl.level - 1
    while i >= 0:
        while zsl_level(x)[i].forward != NULL and traversed + zsl_level(x)[i].span < start:
            traversed += zsl_level(x)[i].span
            x = zsl_level(x)[i].forward
        update[i] = x
        i -= 1
    traversed += 1
    x = zsl_level(x)[0].forward
    while x != NULL and traversed <= end:
        nxt = zsl_level(x)[0].forward
        drop_node(zsl, x, update, d)
        removed += 1
        traversed += 1
        x = nxt
    return removed
