# Sorted-set commands on members, counts, removals by range, pops, random
# members and ZSCAN. Ranges and set operations are in t_zset_ops.
from keydb._core.state cimport Client, Arg

cdef enum:
    ZSET_MIN = 0
    ZSET_MAX = 1

# The pop behind ZPOPMIN, ZPOPMAX and ZMPOP, for the blocking variants too.
# Looks at keys[0:nkeys] in order, skipping missing ones, and pops from the
# first zset found: up to `count` members from its `where` end (count -1:
# one member, in ZPOPMIN's count-less flat reply; count 0: an empty array).
# The reply:
#   emitkey 0, nested 0: [m1, s1, m2, s2, ...]        ZPOPMIN/ZPOPMAX (RESP2, or no count)
#   emitkey 0, nested 1: [[m1, s1], ...]              ZPOPMIN/ZPOPMAX with count in RESP3
#   emitkey 1, nested 0: [key, m1, s1, ...]           BZPOPMIN/BZPOPMAX
#   emitkey 1, nested 1: [key, [[m1, s1], ...]]       ZMPOP/BZMPOP
# A key holding another type stops the search with WRONGTYPE. When no key
# holds a zset the reply is a null array (nil_when_empty) or an empty one.
# Returns 1 after popping (*deleted, when not NULL, says whether the zset
# became empty and its key was deleted), 0 when nothing was popped, -1 after
# WRONGTYPE. A blocking layer serving a client woken for one key calls it
# with that key alone, after checking that the key holds a zset.
# Needs the keyspace lock; signals the modified key.
cdef int zset_pop_generic(Client* c, Arg* keys, int nkeys, int where, int emitkey, long count,
                          int nested, int nil_when_empty, int* deleted) noexcept nogil

# Parse ZMPOP's numkeys, keys, MIN|MAX and COUNT from argv[idx] (BZMPOP:
# idx 2). OK with the values set (count 1 when absent), ERR after replying.
cdef int zmpop_parse(Client* c, int idx, long* numkeys, int* where, long* count) noexcept nogil

cdef void cmd_zadd(Client* c) noexcept nogil
cdef void cmd_zincrby(Client* c) noexcept nogil
cdef void cmd_zrem(Client* c) noexcept nogil
cdef void cmd_zcard(Client* c) noexcept nogil
cdef void cmd_zscore(Client* c) noexcept nogil
cdef void cmd_zmscore(Client* c) noexcept nogil
cdef void cmd_zrank(Client* c) noexcept nogil
cdef void cmd_zrevrank(Client* c) noexcept nogil
cdef void cmd_zcount(Client* c) noexcept nogil
cdef void cmd_zlexcount(Client* c) noexcept nogil
cdef void cmd_zremrangebyrank(Client* c) noexcept nogil
cdef void cmd_zremrangebyscore(Client* c) noexcept nogil
cdef void cmd_zremrangebylex(Client* c) noexcept nogil
cdef void cmd_zpopmin(Client* c) noexcept nogil
cdef void cmd_zpopmax(Client* c) noexcept nogil
cdef void cmd_zmpop(Client* c) noexcept nogil
cdef void cmd_zrandmember(Client* c) noexcept nogil
cdef void cmd_zscan(Client* c) noexcept nogil
