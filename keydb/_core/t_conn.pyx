"""Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH.

There is one user, "default". Without requirepass it accepts any password
(Redis's "nopass" default user); with requirepass it accepts exactly that
password, compared in a time that does not depend on the stored secret.
A failed AUTH leaves the connection's authentication as it was.
"""
from libc.string cimport memcmp
from keydb._core.state cimport g, Client, CLIENT_CLOSE_AFTER_REPLY, CLIENT_REPLY_OFF, CLIENT_PUBSUB
from keydb._core.reply cimport (add_reply_raw, add_reply_bulk, add_reply_bulk_cstr,
    add_reply_ok, add_reply_status, add_reply_error, add_reply_error_arity,
    add_reply_syntax_error, add_reply_ll, add_reply_map_len, add_reply_array_len)
from keydb._core.util cimport string2ll, eq_nocase
from keydb._core.t_client cimport client_set_name, reply_error_with_arg
from keydb._core.multi cimport discard_transaction
from keydb._core.pubsub cimport pubsub_unsubscribe_all

cdef const char* WRONGPASS = b"-WRONGPASS invalid username-password pair or user is disabled."


cdef void cmd_ping(Client* c) noexcept nogil:
    # A RESP2 client with subscriptions gets ["pong", message or ""].
    if c.argc > 2:
        add_reply_error_arity(c)
    elif c.flags & CLIENT_PUBSUB and c.resp == 2:
        add_reply_array_len(c, 2)
        add_reply_bulk(c, b"pong", 4)
        if c.argc == 2:
            add_reply_bulk(c, c.argv[1].ptr, c.argv[1].len)
        else:
            add_reply_bulk(c, b"", 0)
    elif c.argc == 2:
        add_reply_bulk(c, c.argv[1].ptr, c.argv[1].len)
    else:
        add_reply_raw(c, b"+PONG\r\n", 7)


cdef void cmd_echo(Client* c) noexcept nogil:
    add_reply_bulk(c, c.argv[1].ptr, c.argv[1].len)


cdef void cmd_quit(Client* c) noexcept nogil:
    add_reply_ok(c)
    c.flags |= CLIENT_CLOSE_AFTER_REPLY


cdef void cmd_reset(Client* c) noexcept nogil:
    # Back to a fresh connection's state: database 0, RESP2, no name,
    # replies on, no transaction, watched keys or subscriptions, and logged
    # out when a password is required.
    c.db = &g.dbs[0]
    c.resp = 2
    client_set_name(c, NULL, 0)
    c.flags &= ~CLIENT_REPLY_OFF
    c.authenticated = g.cfg.requirepass == NULL
    discard_transaction(c)
    pubsub_unsubscribe_all(c)
    add_reply_status(c, b"RESET")


cdef int secret_equal(const char* given, size_t n, const char* secret, size_t m) noexcept nogil:
    # 1 if given[0:n] == secret[0:m]. The work depends on n alone (the
    # caller's input), never on where or whether the bytes differ.
    cdef size_t i
    cdef unsigned char diff = n != m
    if m == 0:
        return n == 0
    for i in range(n):
        diff |= <unsigned char>given[i] ^ <unsigned char>secret[i % m]
    return diff == 0


cdef int password_ok(const char* p, size_t n) noexcept nogil:
    if g.cfg.requirepass == NULL:
        return 1
    return secret_equal(p, n, g.cfg.requirepass, g.cfg.requirepass_len)


cdef int credentials_ok(const char* user, size_t ulen, const char* p, size_t n) noexcept nogil:
    if ulen != 7 or memcmp(user, b"default", 7) != 0:
        return 0
    return password_ok(p, n)


cdef void cmd_auth(Client* c) noexcept nogil:
    cdef int ok
    if c.argc > 3:
        add_reply_syntax_error(c)
        return
    if c.argc == 2:
        if g.cfg.requirepass == NULL:
            add_reply_error(c, b"AUTH <password> called without any password configured for "
                               b"the default user. Are you sure your configuration is correct?")
            return
        ok = password_ok(c.argv[1].ptr, c.argv[1].len)
    else:
        ok = credentials_ok(c.argv[1].ptr, c.argv[1].len, c.argv[2].ptr, c.argv[2].len)
    if not ok:
        add_reply_error(c, WRONGPASS)
        return
    c.authenticated = 1
    add_reply_ok(c)


cdef void cmd_hello(Client* c) noexcept nogil:
    # HELLO [protover [AUTH user pass] [SETNAME name]]. Options take effect
    # as they are read, so an error later on keeps the earlier ones.
    cdef long long ver = 0
    cdef int j = 2
    if c.argc >= 2:
        if not string2ll(c.argv[1].ptr, c.argv[1].len, &ver):
            add_reply_error(c, b"Protocol version is not an integer or out of range")
            return
        if ver < 2 or ver > 3:
            add_reply_error(c, b"-NOPROTO unsupported protocol version")
            return
    while j < c.argc:
        if c.argc - j > 2 and eq_nocase(c.argv[j].ptr, c.argv[j].len, b"auth"):
            if not credentials_ok(c.argv[j + 1].ptr, c.argv[j + 1].len,
                                  c.argv[j + 2].ptr, c.argv[j + 2].len):
                add_reply_error(c, WRONGPASS)
                return
            c.authenticated = 1
            j += 3
        elif c.argc - j > 1 and eq_nocase(c.argv[j].ptr, c.argv[j].len, b"setname"):
            if client_set_name(c, c.argv[j + 1].ptr, c.argv[j + 1].len) < 0:
                return
            j += 2
        else:
            reply_error_with_arg(c, b"Syntax error in HELLO option '", c.argv[j].ptr,
                                 c.argv[j].len, b"'")
            return
    if not c.authenticated:
        add_reply_error(c, b"-NOAUTH HELLO must be called with the client already "
                           b"authenticated, otherwise the HELLO AUTH <user> <pass> option can "
                           b"be used to authenticate the client and select the RESP protocol "
                           b"version at the same time")
        return
    if ver:
        c.resp = <int>ver
    add_reply_map_len(c, 7)
    add_reply_bulk_cstr(c, b"server")
    add_reply_bulk_cstr(c, b"redis")
    add_reply_bulk_cstr(c, b"version")
    add_reply_bulk_cstr(c, b"7.0.15")
    add_reply_bulk_cstr(c, b"proto")
    add_reply_ll(c, c.resp)
    add_reply_bulk_cstr(c, b"id")
    add_reply_ll(c, <long long>c.id)
    add_reply_bulk_cstr(c, b"mode")
    add_reply_bulk_cstr(c, b"standalone")
    add_reply_bulk_cstr(c, b"role")
    add_reply_bulk_cstr(c, b"master")
    add_reply_bulk_cstr(c, b"modules")
    add_reply_array_len(c, 0)
