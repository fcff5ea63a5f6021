"""CLIENT subcommands: ID, SETNAME, GETNAME, INFO, LIST, KILL, REPLY, GETREDIR,
NO-EVICT, UNBLOCK, PAUSE, UNPAUSE, HELP.

LIST and KILL see the clients of every worker through the global registry
(g.clients_head, walked under g.clients_lock, which keeps every listed client
alive). Fields of another worker's clients are read without its owner's
help: integers (racy but harmless) and constant strings, plus the name,
which the keyspace lock guards and every command holds.

A killed client is gone as far as LIST and KILL can tell, as in Redis where
CLIENT KILL frees it on the spot: the kill raises its `killed` flag, and its
owner closes it soon after (at once for our own worker's clients, through
wake_all_for_kills for the others). The caller itself is closed after its
reply.

REPLY OFF and SKIP raise flags that the reply functions honour (reply.pxd);
the worker turns SKIP into "drop the next command's reply" (networking.pyx).
PAUSE and UNPAUSE set the pause state (pause.pxd) and wake every worker,
which then run the clients the pause held back once it is over (ae.pyx).
Tracking does not exist yet, so GETREDIR always answers -1. UNBLOCK ends
the wait of a client blocked on keys (blocked.pyx); a client held back by a
pause is not one it can unblock, as in Redis 7.0.
"""
from libc.string cimport memcpy, memcmp, strlen
from libc.stdio cimport snprintf
from libc.limits cimport LLONG_MAX
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.includes.sys cimport pthread_mutex_lock, pthread_mutex_unlock
from keydb._core.includes.atomic cimport atomic_get_int, atomic_set_int
from keydb._core.state cimport (g, Client, Command, CLIENT_CLOSE_AFTER_REPLY, CLIENT_CLOSE_ASAP,
    CLIENT_UNIX_SOCKET, CLIENT_WANT_WRITE, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP,
    CLIENT_REPLY_SKIP_NEXT, CLIENT_NO_EVICT, CLIENT_MONITOR, CLIENT_BLOCKED, CLIENT_PUBSUB)
from keydb._core.reply cimport (add_reply_ok, add_reply_ll, add_reply_bulk, add_reply_null,
    add_reply_error, add_reply_error_len, add_reply_syntax_error, add_reply_verbatim,
    add_reply_help, add_reply_not_integer)
from keydb._core.networking cimport client_close_async
from keydb._core.client_info cimport Buf, buf_reserve, cat_client_line
from keydb._core.ae cimport wake_all_for_kills, wake_all_workers
from keydb._core.blocked cimport unblock_client_by_request
from keydb._core.pause cimport pause_in_effect, PAUSE_OFF, PAUSE_WRITE, PAUSE_ALL
from keydb._core.util cimport string2ll, eq_nocase, mstime

cdef enum ClientType:
    TYPE_ANY = -2           # no TYPE filter
    TYPE_UNKNOWN = -1
    TYPE_NORMAL = 0
    TYPE_REPLICA = 1
    TYPE_PUBSUB = 2
    TYPE_MASTER = 3

cdef const char* HELP_LINES[32]
HELP_LINES[:] = [
    b"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"GETNAME",
    b"    Reply with the name of this connection, or null when it has none.",
    b"GETREDIR",
    b"    Reply with the ID tracking notifications are redirected to (-1: none).",
    b"ID",
    b"    Reply with the unique ID of this connection.",
    b"INFO",
    b"    Describe this connection in the format of a CLIENT LIST line.",
    b"KILL <ip:port>",
    b"    Close the connection coming from <ip:port>.",
    b"KILL <option> <value> [<option> <value> [...]]",
    b"    Close the connections that match every option given:",
    b"    * ID <client-id>",
    b"    * ADDR (<ip:port>|<unixsocket>:0): the peer address",
    b"    * LADDR (<ip:port>|<unixsocket>:0): the local address",
    b"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    b"    * USER <username>",
    b"    * SKIPME (YES|NO): spare this connection (YES unless told otherwise)",
    b"LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB) | ID <client-id> [<client-id> ...]]",
    b"    Describe the connections, one line each.",
    b"NO-EVICT (ON|OFF)",
    b"    Exempt this connection from client eviction, or make it evictable again.",
    b"REPLY (ON|OFF|SKIP)",
    b"    Turn the replies to this connection on or off, or drop the next one only.",
    b"SETNAME <name>",
    b"    Name this connection; an empty name removes the name.",
    b"UNBLOCK <clientid> [TIMEOUT|ERROR]",
    b"    Release the client blocked by a blocking command, as on timeout or with an error.",
    b"HELP",
    b"    Print this help.",
    NULL,
]


# Helpers shared with t_conn ---------------------------------------------------

cdef int client_set_name(Client* c, const char* p, size_t n) noexcept nogil:
    cdef size_t i
    cdef unsigned char ch
    for i in range(n):
        ch = <unsigned char>p[i]
        if ch < 33 or ch > 126:
            add_reply_error(c, b"Client names cannot contain spaces, newlines or special characters.")
            return -1
    zfree(c.name)
    c.name = NULL
    c.namelen = 0
    if n:
        c.name = <char*>zmalloc(n + 1)
        memcpy(c.name, p, n)
        c.name[n] = 0
        c.namelen = n
    return 0


cdef void reply_error_with_arg(Client* c, const char* before, const char* arg, size_t n,
                               const char* after) noexcept nogil:
    cdef size_t a = strlen(before), z = strlen(after)
    cdef char* buf = <char*>zmalloc(a + n + z)
    memcpy(buf, before, a)
    memcpy(buf + a, arg, n)
    memcpy(buf + a + n, after, z)
    add_reply_error_len(c, buf, a + n + z)
    zfree(buf)


# Describing clients -----------------------------------------------------------

cdef inline int client_gone(Client* cl) noexcept nogil:
    # Killed or closing: no longer listed nor killable. Racy for other
    # workers' clients, which only makes a closing one linger a moment.
    return atomic_get_int(&cl.killed) or (cl.flags & CLIENT_CLOSE_ASAP)


cdef inline int client_type_of(Client* cl) noexcept nogil:
    # Normal, or pubsub once subscribed (replicas do not exist yet).
    return TYPE_PUBSUB if cl.flags & CLIENT_PUBSUB else TYPE_NORMAL


cdef int parse_client_type(const char* p, size_t n) noexcept nogil:
    if eq_nocase(p, n, b"normal"):
        return TYPE_NORMAL
    if eq_nocase(p, n, b"slave") or eq_nocase(p, n, b"replica"):
        return TYPE_REPLICA
    if eq_nocase(p, n, b"pubsub"):
        return TYPE_PUBSUB
    if eq_nocase(p, n, b"master"):
        return TYPE_MASTER
    return TYPE_UNKNOWN


cdef inline void cat_newline(Buf* b) noexcept nogil:
    buf_reserve(b, 1)
    b.p[b.len] = 10
    b.len += 1


cdef void reply_text(Client* c, Buf* b) noexcept nogil:
    # Reply the buffer as a verbatim "txt" string (a bulk string in RESP2), free it.
    cdef const char* p = b""
    if b.p != NULL:
        p = b.p
    add_reply_verbatim(c, p, b.len, b"txt")
    zfree(b.p)


# Commands -------------------------------------------------------------------------

cdef void cmd_client_id(Client* c) noexcept nogil:
    add_reply_ll(c, <long long>c.id)


cdef void cmd_client_setname(Client* c) noexcept nogil:
    if client_set_name(c, c.argv[2].ptr, c.argv[2].len) == 0:
        add_reply_ok(c)


cdef void cmd_client_getname(Client* c) noexcept nogil:
    if c.name != NULL:
        add_reply_bulk(c, c.name, c.namelen)
    else:
        add_reply_null(c)


cdef void cmd_client_info(Client* c) noexcept nogil:
    cdef Buf b = Buf(NULL, 0, 0)
    cat_client_line(&b, c, c)
    cat_newline(&b)
    reply_text(c, &b)


cdef void list_by_type(Client* c, Buf* b, int type_) noexcept nogil:
    # Lines for every live client of type_ (TYPE_ANY: all), oldest first.
    cdef Client* cl
    pthread_mutex_lock(&g.clients_lock)
    cl = g.clients_head
    while cl != NULL and cl.gnext != NULL:
        cl = cl.gnext
    while cl != NULL:
        if not client_gone(cl) and (type_ == TYPE_ANY or client_type_of(cl) == type_):
            cat_client_line(b, cl, c)
            cat_newline(b)
        cl = cl.gprev
    pthread_mutex_unlock(&g.clients_lock)


cdef void list_by_ids(Client* c, Buf* b, long long* ids, int nids) noexcept nogil:
    # Lines for the live clients with these ids, in argument order.
    cdef Client* cl
    cdef int i
    pthread_mutex_lock(&g.clients_lock)
    for i in range(nids):
        cl = g.clients_head
        while cl != NULL:
            if <long long>cl.id == ids[i] and not client_gone(cl):
                cat_client_line(b, cl, c)
                cat_newline(b)
                break
            cl = cl.gnext
    pthread_mutex_unlock(&g.clients_lock)


cdef void cmd_client_list(Client* c) noexcept nogil:
    cdef Buf b = Buf(NULL, 0, 0)
    cdef int type_ = TYPE_ANY, i, nids
    cdef long long* ids
    if c.argc == 4 and eq_nocase(c.argv[2].ptr, c.argv[2].len, b"type"):
        type_ = parse_client_type(c.argv[3].ptr, c.argv[3].len)
        if type_ == TYPE_UNKNOWN:
            reply_error_with_arg(c, b"Unknown client type '", c.argv[3].ptr, c.argv[3].len, b"'")
            return
        list_by_type(c, &b, type_)
    elif c.argc > 3 and eq_nocase(c.argv[2].ptr, c.argv[2].len, b"id"):
        nids = c.argc - 3
        ids = <long long*>zmalloc(sizeof(long long) * nids)
        for i in range(nids):
            if not string2ll(c.argv[3 + i].ptr, c.argv[3 + i].len, &ids[i]):
                zfree(ids)
                add_reply_error(c, b"Invalid client ID")
                return
        list_by_ids(c, &b, ids, nids)
        zfree(ids)
    elif c.argc != 2:
        add_reply_syntax_error(c)
        return
    else:
        list_by_type(c, &b, TYPE_ANY)
    reply_text(c, &b)


cdef struct KillFilter:
    long long id                # 0: any
    int type_                   # TYPE_ANY: any
    const char* addr            # NULL: any
    size_t addrlen
    const char* laddr           # NULL: any
    size_t laddrlen
    int skipme


cdef inline int same_addr(const char* a, size_t n, const char* stored) noexcept nogil:
    return strlen(stored) == n and memcmp(stored, a, n) == 0


cdef int kill_matching(Client* c, KillFilter* f) noexcept nogil:
    # Kill every live client the filter matches; returns how many. The
    # caller is closed after its reply, clients of this worker now, the
    # others by their owners once woken.
    cdef Client* cl
    cdef int n = 0, remote = 0
    pthread_mutex_lock(&g.clients_lock)
    cl = g.clients_head
    while cl != NULL:
        if (not client_gone(cl)
                and (f.id == 0 or <long long>cl.id == f.id)
                and (f.type_ == TYPE_ANY or client_type_of(cl) == f.type_)
                and (f.addr == NULL or same_addr(f.addr, f.addrlen, cl.addr))
                and (f.laddr == NULL or same_addr(f.laddr, f.laddrlen, cl.laddr))
                and not (f.skipme and cl == c)):
            n += 1
            if cl == c:
                c.flags |= CLIENT_CLOSE_AFTER_REPLY
            else:
                atomic_set_int(&cl.killed, 1)
                if cl.worker == c.worker:
                    client_close_async(cl)
                else:
                    remote = 1
        cl = cl.gnext
    pthread_mutex_unlock(&g.clients_lock)
    if remote:
        wake_all_for_kills()
    return n


cdef void cmd_client_kill(Client* c) noexcept nogil:
    cdef KillFilter f = KillFilter(0, TYPE_ANY, NULL, 0, NULL, 0, 1)
    cdef int i = 2
    cdef const char* opt
    cdef size_t optlen
    if c.argc == 3:
        # Old form: CLIENT KILL addr:port, the caller included.
        f.addr = c.argv[2].ptr
        f.addrlen = c.argv[2].len
        f.skipme = 0
        if kill_matching(c, &f) == 0:
            add_reply_error(c, b"No such client")
        else:
            add_reply_ok(c)
        return
    while i < c.argc:
        opt = c.argv[i].ptr
        optlen = c.argv[i].len
        if i + 1 >= c.argc:
            add_reply_syntax_error(c)
            return
        if eq_nocase(opt, optlen, b"id"):
            if not string2ll(c.argv[i + 1].ptr, c.argv[i + 1].len, &f.id) or f.id <= 0:
                add_reply_error(c, b"client-id should be greater than 0")
                return
        elif eq_nocase(opt, optlen, b"type"):
            f.type_ = parse_client_type(c.argv[i + 1].ptr, c.argv[i + 1].len)
            if f.type_ == TYPE_UNKNOWN:
                reply_error_with_arg(c, b"Unknown client type '", c.argv[i + 1].ptr,
                                     c.argv[i + 1].len, b"'")
                return
        elif eq_nocase(opt, optlen, b"addr"):
            f.addr = c.argv[i + 1].ptr
            f.addrlen = c.argv[i + 1].len
        elif eq_nocase(opt, optlen, b"laddr"):
            f.laddr = c.argv[i + 1].ptr
            f.laddrlen = c.argv[i + 1].len
        elif eq_nocase(opt, optlen, b"user"):
            # "default" is the only user, and every client is logged in as it.
            if c.argv[i + 1].len != 7 or memcmp(c.argv[i + 1].ptr, b"default", 7) != 0:
                reply_error_with_arg(c, b"No such user '", c.argv[i + 1].ptr,
                                     c.argv[i + 1].len, b"'")
                return
        elif eq_nocase(opt, optlen, b"skipme"):
            if eq_nocase(c.argv[i + 1].ptr, c.argv[i + 1].len, b"yes"):
                f.skipme = 1
            elif eq_nocase(c.argv[i + 1].ptr, c.argv[i + 1].len, b"no"):
                f.skipme = 0
            else:
                add_reply_syntax_error(c)
                return
        else:
            add_reply_syntax_error(c)
            return
        i += 2
    add_reply_ll(c, kill_matching(c, &f))


cdef void cmd_client_help(Client* c) noexcept nogil:
    add_reply_help(c, HELP_LINES)


cdef void cmd_client_reply(Client* c) noexcept nogil:
    cdef const char* p = c.argv[2].ptr
    cdef size_t n = c.argv[2].len
    if eq_nocase(p, n, b"on"):
        c.flags &= ~(CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP | CLIENT_REPLY_SKIP_NEXT)
        add_reply_ok(c)
    elif eq_nocase(p, n, b"off"):
        c.flags |= CLIENT_REPLY_OFF
    elif eq_nocase(p, n, b"skip"):
        if not (c.flags & CLIENT_REPLY_OFF):
            c.flags |= CLIENT_REPLY_SKIP_NEXT
    else:
        add_reply_syntax_error(c)


cdef void cmd_client_getredir(Client* c) noexcept nogil:
    add_reply_ll(c, -1)


cdef void cmd_client_no_evict(Client* c) noexcept nogil:
    if eq_nocase(c.argv[2].ptr, c.argv[2].len, b"on"):
        c.flags |= CLIENT_NO_EVICT
    elif eq_nocase(c.argv[2].ptr, c.argv[2].len, b"off"):
        c.flags &= ~CLIENT_NO_EVICT
    else:
        add_reply_syntax_error(c)
        return
    add_reply_ok(c)


cdef void cmd_client_unblock(Client* c) noexcept nogil:
    # CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was blocked on keys
    # (BLPOP & co) and now gets the timeout reply or the UNBLOCKED error; 0
    # otherwise, a client held back by CLIENT PAUSE included. The reason is
    # checked before the id, as Redis does.
    cdef long long id
    cdef int error = 0, done = 0
    cdef Client* cl
    if c.argc > 4:
        reply_error_with_arg(c, b"unknown subcommand or wrong number of arguments for '",
                             c.argv[1].ptr, c.argv[1].len, b"'. Try CLIENT HELP.")
        return
    if c.argc == 4:
        if eq_nocase(c.argv[3].ptr, c.argv[3].len, b"error"):
            error = 1
        elif not eq_nocase(c.argv[3].ptr, c.argv[3].len, b"timeout"):
            add_reply_error(c, b"CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
            return
    if not string2ll(c.argv[2].ptr, c.argv[2].len, &id):
        add_reply_not_integer(c)
        return
    pthread_mutex_lock(&g.clients_lock)
    cl = g.clients_head
    while cl != NULL:
        if <long long>cl.id == id and not client_gone(cl):
            done = unblock_client_by_request(cl, error)
            break
        cl = cl.gnext
    pthread_mutex_unlock(&g.clients_lock)
    add_reply_ll(c, done)


cdef void cmd_client_pause(Client* c) noexcept nogil:
    # CLIENT PAUSE timeout [WRITE|ALL]: a second pause keeps the later end
    # time and the stricter mode (ALL over WRITE), as Redis does. The mode is
    # checked before the timeout; an end time past the 64-bit range ends the
    # pause at once, as Redis's overflowing sum does.
    cdef long long ms, now
    cdef int mode = PAUSE_ALL
    cdef long long end
    if c.argc > 4:
        reply_error_with_arg(c, b"unknown subcommand or wrong number of arguments for '",
                             c.argv[1].ptr, c.argv[1].len, b"'. Try CLIENT HELP.")
        return
    if c.argc == 4:
        if eq_nocase(c.argv[3].ptr, c.argv[3].len, b"write"):
            mode = PAUSE_WRITE
        elif not eq_nocase(c.argv[3].ptr, c.argv[3].len, b"all"):
            add_reply_error(c, b"CLIENT PAUSE mode must be WRITE or ALL")
            return
    if not string2ll(c.argv[2].ptr, c.argv[2].len, &ms):
        add_reply_error(c, b"timeout is not an integer or out of range")
        return
    if ms < 0:
        add_reply_error(c, b"timeout is negative")
        return
    now = mstime()
    end = now + ms if ms <= LLONG_MAX - now else now
    if pause_in_effect() == PAUSE_OFF or end > g.pause_end_ms:
        g.pause_end_ms = end
    if mode > g.pause_type:
        g.pause_type = mode
    wake_all_workers()          # they shorten their sleep to the pause's end
    add_reply_ok(c)


cdef void cmd_client_unpause(Client* c) noexcept nogil:
    g.pause_type = PAUSE_OFF
    g.pause_end_ms = 0
    wake_all_workers()
    add_reply_ok(c)
