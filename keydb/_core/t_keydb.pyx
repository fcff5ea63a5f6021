"""KeyDB's commands on single members and on keys: EXPIREMEMBER,
EXPIREMEMBERAT, PEXPIREMEMBERAT, KEYDB.MEXISTS and KEYDB.HRENAME.

Replies and error texts are KeyDB 6.3's: 1 when the member's expiry was set,
0 when the key or the member is missing, "Invalid number of arguments" for
EXPIREMEMBER with more than a unit after the delay, "Invalid unit arg" for a
unit other than s or ms, "object type is unsupported" for a value that has
no members. A time that overflows 64-bit milliseconds answers Redis's
"invalid expire time" error (KeyDB does not check). A time already past
removes the member at once (KeyDB would leave it to the next expiry cycle;
no reply differs).

KEYDB.HRENAME key src dst moves a hash field's value to another field name
(replacing that field's value) and answers 1; a missing key answers null, a
missing field "hash key doesn't exist". The field's expiry (EXPIREMEMBER)
does not move with it: src is gone, dst keeps its own.
"""
from libc.limits cimport LLONG_MAX, LLONG_MIN
from libc.string cimport memcmp, memcpy
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.state cimport g, Client, Arg
from keydb._core.object cimport RObj, OBJ_HASH
from keydb._core.db cimport (lookup_key_read, lookup_key_write, signal_modified_key,
    member_expire_forget)
from keydb._core.reply cimport (add_reply_ll, add_reply_error, add_reply_array_len, add_reply_bool,
    add_reply_null)
from keydb._core.args cimport OK, arg_is, arg_to_ll, wrong_type
from keydb._core.t_hash cimport HASH_VAL_BUF, hash_get, hash_set, hash_delete
from keydb._core.expire cimport reply_invalid_expire
from keydb._core.expire_member cimport (member_expire_set, member_expire_purge,
    member_type_supported, member_in_value)


cdef void expire_member_generic(Client* c, long long when, long long base_ms,
                                int seconds) noexcept nogil:
    # when (seconds or ms) + base_ms is the member's expiry; then the key,
    # its type and the member are checked, in KeyDB's order.
    cdef Arg* key = &c.argv[1]
    cdef Arg* member = &c.argv[2]
    cdef RObj* o
    if seconds:
        if when > LLONG_MAX // 1000 or when < LLONG_MIN // 1000:
            reply_invalid_expire(c)
            return
        when *= 1000
    if base_ms > 0 and when > LLONG_MAX - base_ms:
        reply_invalid_expire(c)
        return
    when += base_ms
    o = lookup_key_write(c.db, key.ptr, key.len)
    if o == NULL:
        add_reply_ll(c, 0)
        return
    if not member_type_supported(o):
        add_reply_error(c, b"object type is unsupported")
        return
    if not member_in_value(o, member.ptr, member.len):
        add_reply_ll(c, 0)
        return
    member_expire_set(c.db, key.ptr, key.len, member.ptr, member.len, when)
    member_expire_purge(c.db, key.ptr, key.len)
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, 1)


cdef void cmd_expiremember(Client* c) noexcept nogil:
    # EXPIREMEMBER key member delay [s|ms]
    cdef long long when
    cdef int seconds = 1
    if arg_to_ll(c, &c.argv[3], &when) != OK:
        return
    if c.argc > 5:
        add_reply_error(c, b"Invalid number of arguments")
        return
    if c.argc == 5:
        if arg_is(&c.argv[4], b"ms"):
            seconds = 0
        elif not arg_is(&c.argv[4], b"s"):
            add_reply_error(c, b"Invalid unit arg")
            return
    expire_member_generic(c, when, g.cmd_time_ms, seconds)


cdef void cmd_expirememberat(Client* c) noexcept nogil:
    # EXPIREMEMBERAT key member unix-seconds
    cdef long long when
    if arg_to_ll(c, &c.argv[3], &when) == OK:
        expire_member_generic(c, when, 0, 1)


cdef void cmd_pexpirememberat(Client* c) noexcept nogil:
    # PEXPIREMEMBERAT key member unix-ms
    cdef long long when
    if arg_to_ll(c, &c.argv[3], &when) == OK:
        expire_member_generic(c, when, 0, 0)


cdef void cmd_keydb_mexists(Client* c) noexcept nogil:
    # One boolean per key (a lookup as a read: hits, misses, LRU).
    cdef int j
    add_reply_array_len(c, c.argc - 1)
    for j in range(1, c.argc):
        add_reply_bool(c, lookup_key_read(c.db, c.argv[j].ptr, c.argv[j].len) != NULL)


cdef void cmd_keydb_hrename(Client* c) noexcept nogil:
    # KEYDB.HRENAME key src dst
    cdef Arg* key = &c.argv[1]
    cdef Arg* src = &c.argv[2]
    cdef Arg* dst = &c.argv[3]
    cdef RObj* o = lookup_key_write(c.db, key.ptr, key.len)
    cdef char buf[HASH_VAL_BUF]
    cdef const char* v
    cdef char* copy
    cdef size_t vlen
    if o == NULL:
        add_reply_null(c)
        return
    if wrong_type(c, o, OBJ_HASH):
        return
    v = hash_get(o, src.ptr, src.len, &vlen, buf)
    if v == NULL:
        add_reply_error(c, b"hash key doesn't exist")
        return
    # The value lives in the hash, which the delete changes: copy it first.
    copy = <char*>zmalloc(vlen + 1)
    memcpy(copy, v, vlen)
    hash_delete(o, src.ptr, src.len)
    hash_set(o, dst.ptr, dst.len, copy, vlen)
    zfree(copy)
    if src.len != dst.len or memcmp(src.ptr, dst.ptr, src.len) != 0:
        member_expire_forget(c.db, key.ptr, key.len, src.ptr, src.len)
    signal_modified_key(c.db, key.ptr, key.len)
    add_reply_ll(c, 1)
