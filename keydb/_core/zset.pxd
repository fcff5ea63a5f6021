# The sorted-set type: one API over both encodings, for the commands
# (t_zset, t_zset_ops) and for later users (SORT, EXPIREMEMBER, blocking
# pops). Redis 7.0's layout and thresholds:
#   ENC_LISTPACK  o.v.ptr is a listpack of member, score, member, score...
#                 ordered by score then member; scores that are integers
#                 (|s| < 2^62) are stored as integers, others as "%.17g".
#                 Used while the zset has <= zset-max-listpack-entries
#                 members of <= zset-max-listpack-value bytes each.
#   ENC_SKIPLIST  o.v.ptr is a Zset: a dict member -> skiplist node, and the
#                 skiplist (zskiplist.pxd). One allocation per member holds
#                 its bytes (the dict entry's key), the entry and the node.
# A zset grows from listpack to skiplist when an insert crosses a threshold;
# only the STORE variants of the set operations go back (as Redis does).
#
# Everything here needs the keyspace lock. None of it replies to a client.
from libc.stdint cimport uint8_t
from keydb._core.dict cimport Dict, DictEntry, dict_entry_extra
from keydb._core.object cimport RObj
from keydb._core.state cimport Arg
from keydb._core.listpack cimport LP_INT_BUF
from keydb._core.zskiplist cimport ZSkiplist, ZSkiplistNode, ZRangeSpec, ZLexRangeSpec

cdef struct Zset:
    Dict* dict              # member -> entry holding the member's node; DictVal.s64 = its height
    ZSkiplist* zsl

# The skiplist node kept in a member's dict entry.
cdef inline ZSkiplistNode* zs_node(DictEntry* e) noexcept nogil:
    return <ZSkiplistNode*>dict_entry_extra(e)

# zset_add's flags: what to do (IN) and what happened (OUT).
cdef enum:
    ZADD_IN_NONE = 0
    ZADD_IN_INCR = 1 << 0   # add the score to the current one (0 when absent)
    ZADD_IN_NX = 1 << 1     # only add new members
    ZADD_IN_XX = 1 << 2     # only update existing members
    ZADD_IN_GT = 1 << 3     # update only when the new score is greater
    ZADD_IN_LT = 1 << 4     # update only when the new score is less
    ZADD_OUT_NOP = 1 << 0   # nothing done because of NX/XX/GT/LT
    ZADD_OUT_NAN = 1 << 1   # the resulting score would be NaN (nothing done)
    ZADD_OUT_ADDED = 1 << 2
    ZADD_OUT_UPDATED = 1 << 3

# ---- whole objects --------------------------------------------------------------

# An empty zset in the encoding Redis picks for about size_hint members of
# about len_hint bytes (skiplist when either passes its threshold).
cdef RObj* zset_create(size_t size_hint, size_t len_hint) noexcept nogil
cdef unsigned long zset_length(RObj* o) noexcept nogil
# Change the encoding in place (ENC_LISTPACK or ENC_SKIPLIST).
cdef void zset_convert(RObj* o, int encoding) noexcept nogil
# Back to a listpack if the members now fit: maxlen is the longest member,
# totlen the bytes of all members (the listpack's safety limit).
cdef void zset_convert_to_listpack_if_needed(RObj* o, size_t maxlen, size_t totlen) noexcept nogil

# ---- members ----------------------------------------------------------------------

# Add or update a member (flags above). Returns 1, or 0 when the result
# would be NaN (ZADD_OUT_NAN set, nothing changed). *newscore (may be NULL)
# gets the member's score when it was added or updated, or when the update
# left it as it was. May convert the encoding.
cdef int zset_add(RObj* o, double score, const char* m, size_t n, int in_flags,
                  int* out_flags, double* newscore) noexcept nogil
# 1 and *score when the member is there, 0 otherwise.
cdef int zset_score(RObj* o, const char* m, size_t n, double* score) noexcept nogil
cdef int zset_del(RObj* o, const char* m, size_t n) noexcept nogil         # 1 if it was there
# 0-based rank from the lowest (or, reverse, the highest) score; -1 if absent.
cdef long zset_rank(RObj* o, const char* m, size_t n, int reverse) noexcept nogil

# Building a set operation's result: a skiplist zset whose dict is filled
# first (zset_acc_put, zset_acc_remove), each member's score kept in its
# dict entry, and whose skiplist is built once at the end by
# zset_acc_finish. Until then only these calls may touch the object.
cdef enum:
    ZACC_SET = 0            # the new score replaces the old one
    ZACC_SUM = 1            # old + new (inf + -inf gives 0, as in Redis)
    ZACC_MIN = 2
    ZACC_MAX = 3
cdef RObj* zset_acc_create() noexcept nogil
# A new member gets `score`; an existing one combines it as `how` says.
cdef void zset_acc_put(RObj* o, const char* m, size_t n, double score, int how) noexcept nogil
cdef void zset_acc_remove(RObj* o, const char* m, size_t n) noexcept nogil
cdef void zset_acc_finish(RObj* o) noexcept nogil

# ---- walking ------------------------------------------------------------------------

# A place in a zset of either encoding. Valid until the zset is modified.
cdef struct ZsetPos:
    uint8_t* eptr           # listpack: the member entry (NULL past the end)
    uint8_t* sptr           # listpack: its score entry
    ZSkiplistNode* node     # skiplist (NULL past the end)

# One member read at a position. For a listpack integer member the digits
# are written into buf, so m stays valid as long as the ZsetElem does.
cdef struct ZsetElem:
    const char* m
    size_t len
    double score
    char buf[LP_INT_BUF]

# Each seek returns 1 with *pos set, or 0 when there is no such member.
# reverse walks from the highest score down.
cdef int zset_seek_rank(RObj* o, unsigned long rank, int reverse, ZsetPos* pos) noexcept nogil
cdef int zset_seek_score(RObj* o, ZRangeSpec* r, int reverse, ZsetPos* pos) noexcept nogil
cdef int zset_seek_lex(RObj* o, ZLexRangeSpec* r, int reverse, ZsetPos* pos) noexcept nogil
cdef void zset_pos_get(RObj* o, ZsetPos* pos, ZsetElem* e) noexcept nogil
# Step to the next member in the walk's direction; 0 past the end.
cdef int zset_pos_next(RObj* o, ZsetPos* pos, int reverse) noexcept nogil

# Members within a range.
cdef unsigned long zset_count_score(RObj* o, ZRangeSpec* r) noexcept nogil
cdef unsigned long zset_count_lex(RObj* o, ZLexRangeSpec* r) noexcept nogil

# A uniformly random member (the zset must not be empty).
cdef void zset_random_elem(RObj* o, ZsetElem* e) noexcept nogil
# A pseudo-random number for sampling members (state guarded by the lock).
cdef unsigned long zset_random() noexcept nogil

# ---- range deletions (they return how many members went) ------------------------------

cdef unsigned long zset_delete_range_by_score(RObj* o, ZRangeSpec* r) noexcept nogil
cdef unsigned long zset_delete_range_by_lex(RObj* o, ZLexRangeSpec* r) noexcept nogil
# 0-based start..end, inclusive, both within the zset.
cdef unsigned long zset_delete_range_by_rank(RObj* o, unsigned long start,
                                             unsigned long end) noexcept nogil

# ---- argument parsing ------------------------------------------------------------------

# "1.5", "(1.5", "-inf", "+inf" as Redis reads a score bound (strtod up to
# the first NUL byte, so "" is 0). 0 on success, -1 when not a float.
cdef int zset_parse_score_range(Arg* min, Arg* max, ZRangeSpec* r) noexcept nogil
# "[a", "(a", "-", "+". The bounds point into the arguments. 0 / -1.
cdef int zset_parse_lex_range(Arg* min, Arg* max, ZLexRangeSpec* r) noexcept nogil
