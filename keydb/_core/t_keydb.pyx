"""KeyDB's commands on single members and on keys: EXPIREMEMBER,
EXPIREMEMBERAT, PEXPIREMEMBERAT and KEYDB.MEXISTS.

Replies and error texts are KeyDB 6.3's: 1 when the member's expiry was set,
0 when the key or the member is missing, "Invalid number of arguments" for
EXPIREMEMBER with more than a unit after the delay, "Invalid unit arg" for a
unit other than s or ms, "object type is unsupported" for a value that has
no members. A time that overflows 64-bit milliseconds answers Redis's
"invalid expire time" error (KeyDB does not check). A time already past
removes the member at once (KeyDB would leave it to the next expiry cycle;
no reply differs).
"""
from libc.limits cimport LLONG_MAX, LLONG_MIN
from keydb._core.state cimport g, Client, Arg
from keydb._core.object cimport RObj
from keydb._core.db cimport lookup_key_read, lookup_key_write, signal_modified_key
from keydb._core.reply cimport add_reply_ll, add_reply_error, add_reply_array_len, add_reply_bool
from keydb._core.args cimport OK, arg_is, arg_to_ll
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
