# List commands (Redis 7.0's list group, the non-blocking ones) and the pop
# and move primitives the blocking commands (BLPOP, BRPOP, BLMOVE,
# BRPOPLPUSH, BLMPOP) build on. Everything here needs the keyspace lock.
from keydb._core.state cimport Client, Arg, Db
from keydb._core.object cimport RObj

cdef enum:
    LIST_HEAD = 0        # LEFT
    LIST_TAIL = 1        # RIGHT

# How list_pop_generic replies.
cdef enum:
    POP_REPLY_ONE = 0        # the element as a bulk string (LPOP without count)
    POP_REPLY_ARRAY = 1      # an array of the elements (LPOP with count)
    POP_REPLY_KEY_ARRAY = 2  # [key, [elements]] (LMPOP, BLMPOP)
    POP_REPLY_KEY_ONE = 3    # [key, element] (BLPOP, BRPOP)

# A new empty list value with the current list-max-listpack-size and
# list-compress-depth (the caller adds it to the keyspace).
cdef RObj* list_create() noexcept nogil
cdef unsigned long list_length(RObj* o) noexcept nogil

# LEFT / RIGHT (any case) as LIST_HEAD / LIST_TAIL, -1 for anything else.
cdef int list_parse_where(Arg* a) noexcept nogil

# Pop from list `o` (a non-empty list value stored at `key` in db): one
# element for the ONE and KEY_ONE forms, else min(count, length) elements,
# taken from the `where` end, replied to c in `form`. Deletes the key when
# the list becomes empty and signals the key as modified. Returns the
# number of elements popped.
cdef long list_pop_generic(Client* c, Db* db, Arg* key, RObj* o, int where, long count, int form) noexcept nogil

# Move the element at the `wherefrom` end of list `src` (non-empty, stored
# at srckey) to the `whereto` end of `dst`, the list at dstkey, or create it
# there when dst is NULL. The caller has checked that dstkey holds no other
# type; src and dst may be the same list. Replies the element as a bulk
# string, deletes srckey when it becomes empty, signals both keys.
cdef void list_move_generic(Client* c, Db* db, Arg* srckey, RObj* src, Arg* dstkey, RObj* dst, int wherefrom, int whereto) noexcept nogil

# list_move_generic after looking up dstkey in db: WRONGTYPE (nothing moved)
# when it holds another type. src is the non-empty list at srckey.
cdef void list_move_to_key(Client* c, Db* db, Arg* srckey, RObj* src, Arg* dstkey, int wherefrom, int whereto) noexcept nogil

# Parse LMPOP's tail from argv[idx]: numkeys, the keys, LEFT|RIGHT and an
# optional COUNT n (BLMPOP passes idx 2, after its timeout). OK with
# *numkeys, *where and *count (1 when absent) set, or ERR after replying.
cdef int list_mpop_parse(Client* c, int idx, long* numkeys, int* where, long* count) noexcept nogil

cdef void cmd_lpush(Client* c) noexcept nogil
cdef void cmd_rpush(Client* c) noexcept nogil
cdef void cmd_lpushx(Client* c) noexcept nogil
cdef void cmd_rpushx(Client* c) noexcept nogil
cdef void cmd_lpop(Client* c) noexcept nogil
cdef void cmd_rpop(Client* c) noexcept nogil
cdef void cmd_llen(Client* c) noexcept nogil
cdef void cmd_lindex(Client* c) noexcept nogil
cdef void cmd_linsert(Client* c) noexcept nogil
cdef void cmd_lrange(Client* c) noexcept nogil
cdef void cmd_lrem(Client* c) noexcept nogil
cdef void cmd_lset(Client* c) noexcept nogil
cdef void cmd_ltrim(Client* c) noexcept nogil
cdef void cmd_lpos(Client* c) noexcept nogil
cdef void cmd_lmove(Client* c) noexcept nogil
cdef void cmd_rpoplpush(Client* c) noexcept nogil
cdef void cmd_lmpop(Client* c) noexcept nogil
