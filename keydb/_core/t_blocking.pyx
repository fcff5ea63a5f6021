"""The blocking commands: BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH on lists,
BZPOPMIN, BZPOPMAX, BZMPOP on sorted sets.

Each parses its arguments (the timeout first, as Redis does), then its
serve function either runs at once on the first key that holds data,
replying to the client, or, when every key is empty, becomes the function
that blocked.pyx runs for the client once a key gets data. Inside EXEC
(CLIENT_DENY_BLOCKING) an empty wait answers at once with the timeout's
null instead.
"""
from keydb._core.state cimport Client, Db, Arg, CLIENT_DENY_BLOCKING
from keydb._core.object cimport RObj, OBJ_LIST, OBJ_ZSET
from keydb._core.db cimport lookup_key_write
from keydb._core.reply cimport add_reply_syntax_error, add_reply_null, add_reply_null_array
from keydb._core.args cimport OK, wrong_type
from keydb._core.zmalloc cimport zmalloc
from libc.string cimport memcpy
from keydb._core.blocked cimport parse_block_timeout, block_for_keys, BlockState, BlockServe
from keydb._core.t_list cimport (list_pop_generic, list_move_to_key, list_mpop_parse,
    list_parse_where, LIST_HEAD, LIST_TAIL, POP_REPLY_KEY_ONE, POP_REPLY_KEY_ARRAY)
from keydb._core.t_zset cimport zset_pop_generic, zmpop_parse, ZSET_MIN, ZSET_MAX


cdef inline Arg key_arg(const char* key, size_t klen) noexcept nogil:
    cdef Arg a
    a.ptr = <char*>key
    a.len = klen
    a.off = 0
    return a


cdef int serve_pop(Client* out, Db* db, const char* key, size_t klen, RObj* o,
                   BlockState* bs) noexcept nogil:
    cdef Arg k = key_arg(key, klen)
    list_pop_generic(out, db, &k, o, bs.where, bs.count, bs.form)
    return 1


cdef int serve_move(Client* out, Db* db, const char* key, size_t klen, RObj* o,
                    BlockState* bs) noexcept nogil:
    # A destination of another type answers WRONGTYPE and ends the wait
    # with nothing moved, as in Redis.
    cdef Arg k = key_arg(key, klen)
    cdef Arg t = key_arg(bs.target, bs.target_len)
    list_move_to_key(out, db, &k, o, &t, bs.where, bs.whereto)
    return 1


cdef void serve_or_block(Client* c, Arg* keys, int nkeys, long long deadline, int type,
                         BlockServe serve, BlockState* params) noexcept nogil:
    # Serve c at once from the first key holding a value of `type` (serve
    # replies to c itself), stop at a key of another type (WRONGTYPE), or
    # block on all the keys with the same serve function and parameters.
    cdef int j
    cdef RObj* o
    cdef BlockState* bs
    for j in range(nkeys):
        o = lookup_key_write(c.db, keys[j].ptr, keys[j].len)
        if o == NULL:
            continue
        if wrong_type(c, o, type):
            return
        serve(c, c.db, keys[j].ptr, keys[j].len, o, params)
        return
    if c.flags & CLIENT_DENY_BLOCKING:
        add_reply_null_array(c)         # inside EXEC: answer as a timeout would
        return
    bs = block_for_keys(c, keys, nkeys, deadline, type, serve)
    bs.where = params.where
    bs.count = params.count
    bs.form = params.form


cdef inline void pop_or_block(Client* c, Arg* keys, int nkeys, long long deadline, int where,
                              long count, int form) noexcept nogil:
    cdef BlockState params
    params.where = where
    params.count = count
    params.form = form
    serve_or_block(c, keys, nkeys, deadline, OBJ_LIST, serve_pop, &params)


cdef void blocking_pop(Client* c, int where) noexcept nogil:
    cdef long long deadline
    if parse_block_timeout(c, &c.argv[c.argc - 1], &deadline) < 0:
        return
    pop_or_block(c, &c.argv[1], c.argc - 2, deadline, where, 1, POP_REPLY_KEY_ONE)


cdef void cmd_blpop(Client* c) noexcept nogil:
    blocking_pop(c, LIST_HEAD)


cdef void cmd_brpop(Client* c) noexcept nogil:
    blocking_pop(c, LIST_TAIL)


cdef void cmd_blmpop(Client* c) noexcept nogil:
    cdef long long deadline
    cdef long numkeys, count
    cdef int where
    if parse_block_timeout(c, &c.argv[1], &deadline) < 0:
        return
    if list_mpop_parse(c, 2, &numkeys, &where, &count) != OK:
        return
    pop_or_block(c, &c.argv[3], <int>numkeys, deadline, where, count, POP_REPLY_KEY_ARRAY)


cdef void blocking_move(Client* c, int wherefrom, int whereto, long long deadline) noexcept nogil:
    cdef Arg* src = &c.argv[1]
    cdef Arg* dstkey = &c.argv[2]
    cdef RObj* o = lookup_key_write(c.db, src.ptr, src.len)
    cdef BlockState* bs
    if wrong_type(c, o, OBJ_LIST):
        return
    if o != NULL:
        list_move_to_key(c, c.db, src, o, dstkey, wherefrom, whereto)
        return
    if c.flags & CLIENT_DENY_BLOCKING:
        add_reply_null(c)               # inside EXEC: Redis answers a null bulk here
        return
    bs = block_for_keys(c, src, 1, deadline, OBJ_LIST, serve_move)
    bs.where = wherefrom
    bs.whereto = whereto
    bs.target = <char*>zmalloc(dstkey.len + 1)
    memcpy(bs.target, dstkey.ptr, dstkey.len)
    bs.target_len = dstkey.len


cdef void cmd_blmove(Client* c) noexcept nogil:
    cdef int wherefrom = list_parse_where(&c.argv[3])
    cdef int whereto = list_parse_where(&c.argv[4])
    cdef long long deadline
    if wherefrom < 0 or whereto < 0:
        add_reply_syntax_error(c)
        return
    if parse_block_timeout(c, &c.argv[5], &deadline) < 0:
        return
    blocking_move(c, wherefrom, whereto, deadline)


cdef void cmd_brpoplpush(Client* c) noexcept nogil:
    cdef long long deadline
    if parse_block_timeout(c, &c.argv[3], &deadline) < 0:
        return
    blocking_move(c, LIST_TAIL, LIST_HEAD, deadline)


# ---- sorted sets: BZPOPMIN, BZPOPMAX, BZMPOP -------------------------------------------

cdef int serve_zpop(Client* out, Db* db, const char* key, size_t klen, RObj* o,
                    BlockState* bs) noexcept nogil:
    cdef Arg k = key_arg(key, klen)
    zset_pop_generic(out, &k, 1, bs.where, 1, bs.count, bs.form, 1, NULL)
    return 1


cdef inline void zpop_or_block(Client* c, Arg* keys, int nkeys, long long deadline, int where,
                               long count, int nested) noexcept nogil:
    cdef BlockState params
    params.where = where
    params.count = count
    params.form = nested
    serve_or_block(c, keys, nkeys, deadline, OBJ_ZSET, serve_zpop, &params)


cdef void blocking_zpop(Client* c, int where) noexcept nogil:
    # [key, member, score]: zset_pop_generic's count-less flat form.
    cdef long long deadline
    if parse_block_timeout(c, &c.argv[c.argc - 1], &deadline) < 0:
        return
    zpop_or_block(c, &c.argv[1], c.argc - 2, deadline, where, -1, 0)


cdef void cmd_bzpopmin(Client* c) noexcept nogil:
    blocking_zpop(c, ZSET_MIN)


cdef void cmd_bzpopmax(Client* c) noexcept nogil:
    blocking_zpop(c, ZSET_MAX)


cdef void cmd_bzmpop(Client* c) noexcept nogil:
    cdef long long deadline
    cdef long numkeys, count
    cdef int where
    if parse_block_timeout(c, &c.argv[1], &deadline) < 0:
        return
    if zmpop_parse(c, 2, &numkeys, &where, &count) != OK:
        return
    zpop_or_block(c, &c.argv[3], <int>numkeys, deadline, where, count, 1)
