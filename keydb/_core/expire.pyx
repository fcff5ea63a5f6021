"""Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL,
EXPIRETIME, PEXPIRETIME and PERSIST.

TTL, PTTL and PERSIST take an optional member, as KeyDB's do: they then read
or clear that member's expiry (expire_member.pxd) instead of the key's.

Expire times are absolute unix milliseconds (db.pyx's expires table). "Now"
is the batch's frozen g.cmd_time_ms, so a time that is already due deletes
the key at once, as Redis does on a master.
"""
from libc.string cimport memcpy, memchr
from libc.limits cimport LLONG_MAX, LLONG_MIN
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.state cimport g, Client
from keydb._core.db cimport (lookup_key, lookup_key_write, LOOKUP_NOTOUCH, db_delete,
    get_expire, set_expire, remove_expire, signal_modified_key)
from keydb._core.reply cimport add_reply_ll, add_reply_error, add_reply_error_len, add_reply_not_integer
from keydb._core.util cimport string2ll, eq_nocase
from keydb._core.expire_member cimport member_expire_get, member_expire_clear

cdef enum:
    EXPIRE_NX = 1 << 0      # only when the key has no TTL
    EXPIRE_XX = 1 << 1      # only when the key has a TTL
    EXPIRE_GT = 1 << 2      # only when the new time is later (no TTL = infinite)
    EXPIRE_LT = 1 << 3      # only when the new time is earlier


cdef void reply_unsupported_option(Client* c, int i) noexcept nogil:
    # "Unsupported option <arg>", the argument cut at a NUL as printf would.
    cdef const char* p = c.argv[i].ptr
    cdef size_t n = c.argv[i].len
    cdef const char* nul = <const char*>memchr(p, 0, n)
    cdef size_t head = 19
    cdef char* buf
    if nul != NULL:
        n = <size_t>(nul - p)
    buf = <char*>zmalloc(head + n)
    memcpy(buf, b"Unsupported option ", head)
    memcpy(buf + head, p, n)
    add_reply_error_len(c, buf, head + n)
    zfree(buf)


cdef int parse_expire_flags(Client* c, int* flags) noexcept nogil:
    # Options after the time: any of NX XX GT LT, repeats allowed. 0, or -1
    # after replying the error.
    cdef int j, f = 0
    for j in range(3, c.argc):
        if eq_nocase(c.argv[j].ptr, c.argv[j].len, b"nx"):
            f |= EXPIRE_NX
        elif eq_nocase(c.argv[j].ptr, c.argv[j].len, b"xx"):
            f |= EXPIRE_XX
        elif eq_nocase(c.argv[j].ptr, c.argv[j].len, b"gt"):
            f |= EXPIRE_GT
        elif eq_nocase(c.argv[j].ptr, c.argv[j].len, b"lt"):
            f |= EXPIRE_LT
        else:
            reply_unsupported_option(c, j)
            return -1
    if (f & EXPIRE_NX) and (f & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)):
        add_reply_error(c, b"NX and XX, GT or LT options at the same time are not compatible")
        return -1
    if (f & EXPIRE_GT) and (f & EXPIRE_LT):
        add_reply_error(c, b"GT and LT options at the same time are not compatible")
        return -1
    flags[0] = f
    return 0


cdef void reply_invalid_expire(Client* c) noexcept nogil:
    cdef char buf[128]
    cdef size_t n = 0
    cdef const char* head = b"invalid expire time in '"
    cdef const char* name = c.cmd.fullname
    while head[n] != 0:
        buf[n] = head[n]
        n += 1
    while name[0] != 0 and n < 100:
        buf[n] = name[0]
        n += 1
        name += 1
    memcpy(buf + n, b"' command", 9)
    add_reply_error_len(c, buf, n + 9)


cdef void expire_generic(Client* c, long long base_ms, int seconds) noexcept nogil:
    # when = argv[2] (seconds or ms) + base_ms. Order of checks as Redis:
    # options, integer, overflow, key, NX/XX/GT/LT, then set or delete.
    cdef int flags
    cdef long long when, current
    if parse_expire_flags(c, &flags) < 0:
        return
    if not string2ll(c.argv[2].ptr, c.argv[2].len, &when):
        add_reply_not_integer(c)
        return
    if seconds:
        if when > LLONG_MAX // 1000 or when < LLONG_MIN // 1000:
            reply_invalid_expire(c)
            return
        when *= 1000
    if when > LLONG_MAX - base_ms:
        reply_invalid_expire(c)
        return
    when += base_ms
    if lookup_key_write(c.db, c.argv[1].ptr, c.argv[1].len) == NULL:
        add_reply_ll(c, 0)
        return
    if flags:
        current = get_expire(c.db, c.argv[1].ptr, c.argv[1].len)
        if ((flags & EXPIRE_NX) and current != -1) or \
                ((flags & EXPIRE_XX) and current == -1) or \
                ((flags & EXPIRE_GT) and (current == -1 or when <= current)) or \
                ((flags & EXPIRE_LT) and current != -1 and when >= current):
            add_reply_ll(c, 0)
            return
    if when <= g.cmd_time_ms:
        db_delete(c.db, c.argv[1].ptr, c.argv[1].len)
    else:
        set_expire(c.db, c.argv[1].ptr, c.argv[1].len, when)
    signal_modified_key(c.db, c.argv[1].ptr, c.argv[1].len)
    add_reply_ll(c, 1)


cdef void cmd_expire(Client* c) noexcept nogil:
    expire_generic(c, g.cmd_time_ms, 1)


cdef void cmd_pexpire(Client* c) noexcept nogil:
    expire_generic(c, g.cmd_time_ms, 0)


cdef void cmd_expireat(Client* c) noexcept nogil:
    expire_generic(c, 0, 1)


cdef void cmd_pexpireat(Client* c) noexcept nogil:
    expire_generic(c, 0, 0)


cdef void ttl_generic(Client* c, int ms, int absolute) noexcept nogil:
    # -2 no key, -1 no TTL; else the time left (TTL/PTTL, never below 0) or
    # the unix time (EXPIRETIME/PEXPIRETIME). Seconds round to nearest.
    # With a member (KeyDB): that member's expiry, -1 when it has none; the
    # key is looked up before the argument count is checked, as KeyDB does.
    cdef long long when, v
    if lookup_key(c.db, c.argv[1].ptr, c.argv[1].len, LOOKUP_NOTOUCH) == NULL:
        add_reply_ll(c, -2)
        return
    if c.argc > 3:
        add_reply_error(c, b"Invalid arguments")
        return
    if c.argc == 3:
        when = member_expire_get(c.db, c.argv[1].ptr, c.argv[1].len,
                                 c.argv[2].ptr, c.argv[2].len)
    else:
        when = get_expire(c.db, c.argv[1].ptr, c.argv[1].len)
    if when == -1:
        add_reply_ll(c, -1)
        return
    if absolute:
        v = when
    else:
        v = when - g.cmd_time_ms
        if v < 0:
            v = 0
    add_reply_ll(c, v if ms else (v + 500) // 1000)


cdef void cmd_ttl(Client* c) noexcept nogil:
    ttl_generic(c, 0, 0)


cdef void cmd_pttl(Client* c) noexcept nogil:
    ttl_generic(c, 1, 0)


cdef void cmd_expiretime(Client* c) noexcept nogil:
    ttl_generic(c, 0, 1)


cdef void cmd_pexpiretime(Client* c) noexcept nogil:
    ttl_generic(c, 1, 1)


cdef void cmd_persist(Client* c) noexcept nogil:
    # PERSIST key [member]: with a member (KeyDB) clears that member's
    # expiry; the key's TTL and its members' expiries are separate.
    cdef int removed
    if lookup_key_write(c.db, c.argv[1].ptr, c.argv[1].len) == NULL:
        add_reply_ll(c, 0)
        return
    if c.argc > 3:
        add_reply_error(c, b"Invalid arguments")
        return
    if c.argc == 3:
        removed = member_expire_clear(c.db, c.argv[1].ptr, c.argv[1].len,
                                      c.argv[2].ptr, c.argv[2].len)
    else:
        removed = remove_expire(c.db, c.argv[1].ptr, c.argv[1].len)
    if removed:
        signal_modified_key(c.db, c.argv[1].ptr, c.argv[1].len)
        add_reply_ll(c, 1)
    else:
        add_reply_ll(c, 0)
