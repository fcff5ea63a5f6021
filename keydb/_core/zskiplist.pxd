# The skiplist of large sorted sets (OBJECT ENCODING "skiplist"): nodes in
# (score, member) order, each level's forward link carrying its span, so a
# rank is found in O(log n) by summing spans on the way down.
#
# The nodes live inside the entries of the zset's dict (member -> node), in
# the extra bytes after the key (dict_add_or_find_extra): one allocation per
# member holds its bytes, its hash entry and its node. A node points back
# at its entry for the member's bytes. The list never allocates or frees a
# node: the owner allocates the entry with room for a node of
# zsl_node_size(height) and links it; freeing the entry frees the node (the
# range deletions below that take the dict do both).
#
# Ranks are 1-based here, as in the level-0 list (rank 1 = the first node).
from keydb._core.dict cimport Dict, DictEntry, dict_key
from libc.string cimport memcmp

cdef enum:
    ZSKIPLIST_MAXLEVEL = 32

cdef struct ZSkiplistNode

cdef struct ZSkiplistLevel:
    ZSkiplistNode* forward
    unsigned long span          # level-0 nodes crossed by following forward

cdef struct ZSkiplistNode:
    DictEntry* ele              # the member: dict_key(ele), ele.klen bytes
    double score
    ZSkiplistNode* backward     # previous node at level 0, NULL for the first
    # ZSkiplistLevel[height] follow in the same allocation

cdef struct ZSkiplist:
    ZSkiplistNode* header       # sentinel with ZSKIPLIST_MAXLEVEL levels
    ZSkiplistNode* tail
    unsigned long length
    int level                   # height of the tallest node (>= 1)

cdef inline ZSkiplistLevel* zsl_level(ZSkiplistNode* x) noexcept nogil:
    return <ZSkiplistLevel*>((<char*>x) + sizeof(ZSkiplistNode))

cdef inline const char* zsl_ele(ZSkiplistNode* x) noexcept nogil:
    return dict_key(x.ele)

cdef inline size_t zsl_ele_len(ZSkiplistNode* x) noexcept nogil:
    return x.ele.klen

# Byte-wise comparison of two members, shorter first on a common prefix
# (the order of members with equal scores, and of lex ranges).
cdef inline int member_cmp(const char* a, size_t alen, const char* b, size_t blen) noexcept nogil:
    cdef int r = memcmp(a, b, alen if alen < blen else blen)
    if r != 0:
        return r
    return -1 if alen < blen else (1 if alen > blen else 0)

# A score interval; minex/maxex make a bound exclusive ("(1.5").
cdef struct ZRangeSpec:
    double min
    double max
    int minex
    int maxex

cdef inline int zsl_value_gte_min(double v, ZRangeSpec* r) noexcept nogil:
    return v > r.min if r.minex else v >= r.min

cdef inline int zsl_value_lte_max(double v, ZRangeSpec* r) noexcept nogil:
    return v < r.max if r.maxex else v <= r.max

# A member interval. A bound is "-" (LEX_MIN, below every member), "+"
# (LEX_MAX, above every member) or bytes, inclusive ("[a") or exclusive
# ("(a"). The bytes point into the command's arguments.
cdef enum:
    LEX_MIN = -1
    LEX_BYTES = 0
    LEX_MAX = 1

cdef struct ZLexBound:
    int kind                    # LEX_MIN, LEX_BYTES, LEX_MAX
    int ex                      # exclusive (always set for "-" and "+")
    const char* s
    size_t len

cdef struct ZLexRangeSpec:
    ZLexBound min
    ZLexBound max

# Compare a member with a bound: < 0, 0, > 0.
cdef inline int lex_cmp_bound(const char* s, size_t n, ZLexBound* b) noexcept nogil:
    if b.kind == LEX_MIN:
        return 1
    if b.kind == LEX_MAX:
        return -1
    return member_cmp(s, n, b.s, b.len)

cdef inline int zsl_lex_gte_min(const char* s, size_t n, ZLexRangeSpec* r) noexcept nogil:
    cdef int c = lex_cmp_bound(s, n, &r.min)
    return c > 0 if r.min.ex else c >= 0

cdef inline int zsl_lex_lte_max(const char* s, size_t n, ZLexRangeSpec* r) noexcept nogil:
    cdef int c = lex_cmp_bound(s, n, &r.max)
    return c < 0 if r.max.ex else c <= 0

# 1 when no member can be in r (min above max, or equal and exclusive).
cdef int zsl_score_range_empty(ZRangeSpec* r) noexcept nogil
cdef int zsl_lex_range_empty(ZLexRangeSpec* r) noexcept nogil

cdef inline size_t zsl_node_size(int height) noexcept nogil:
    return sizeof(ZSkiplistNode) + height * sizeof(ZSkiplistLevel)

cdef ZSkiplist* zsl_create() noexcept nogil
# Frees the list itself; its nodes go with the dict entries that hold them.
cdef void zsl_free(ZSkiplist* zsl) noexcept nogil
# A height for a new node: 1 + successes of a 1-in-4 coin, at most MAXLEVEL.
cdef int zsl_random_level() noexcept nogil
# Link node x of the given height, its score and ele set; its (score,
# member) must not be in the list yet.
cdef void zsl_insert(ZSkiplist* zsl, ZSkiplistNode* x, int height) noexcept nogil
# Unlink the node of (score, member) and return it (NULL if absent).
cdef ZSkiplistNode* zsl_unlink(ZSkiplist* zsl, double score, const char* m,
                               size_t n) noexcept nogil
# Give the node of (score, member), of the given height, the score newscore,
# moving it to its new place; returns it.
cdef ZSkiplistNode* zsl_update_score(ZSkiplist* zsl, double score, const char* m, size_t n,
                                     double newscore, int height) noexcept nogil
# 1-based rank of (score, member), 0 when absent.
cdef unsigned long zsl_get_rank(ZSkiplist* zsl, double score, const char* m,
                                size_t n) noexcept nogil
# The node at a 1-based rank, NULL when out of range.
cdef ZSkiplistNode* zsl_by_rank(ZSkiplist* zsl, unsigned long rank) noexcept nogil

# First / last node inside a range, NULL when none.
cdef ZSkiplistNode* zsl_first_in_range(ZSkiplist* zsl, ZRangeSpec* r) noexcept nogil
cdef ZSkiplistNode* zsl_last_in_range(ZSkiplist* zsl, ZRangeSpec* r) noexcept nogil
cdef ZSkiplistNode* zsl_first_in_lex_range(ZSkiplist* zsl, ZLexRangeSpec* r) noexcept nogil
cdef ZSkiplistNode* zsl_last_in_lex_range(ZSkiplist* zsl, ZLexRangeSpec* r) noexcept nogil

# Range deletions: every node removed is also unlinked from d and its entry
# freed. They return how many members went.
cdef unsigned long zsl_delete_range_by_score(ZSkiplist* zsl, ZRangeSpec* r, Dict* d) noexcept nogil
cdef unsigned long zsl_delete_range_by_lex(ZSkiplist* zsl, ZLexRangeSpec* r, Dict* d) noexcept nogil
# start..end inclusive, 1-based.
cdef unsigned long zsl_delete_range_by_rank(ZSkiplist* zsl, unsigned long start, unsigned long end,
                                            Dict* d) noexcept nogil
