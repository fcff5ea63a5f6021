"""KeyDB's nested hashes: KEYDB.NHSET path value [value ...] and
KEYDB.NHGET [JSON|RESP] path, with the OBJ_NESTEDHASH value type.

A path is dot-separated names: the first is a key, each next one a child of
the level before. NHSET makes the missing levels, replaces a level that is
not a nested hash (a string, a list, or at the top a value of any type) by
a new one, and stores one value as a string, several as a list. It answers
1 when something was at the final name already, else 0, and leaves the
key's TTL alone. NHGET answers the value at the path: a string as a bulk
string, a list as an array, a nested hash as one [name, value] pair per
child, inside an array unless there is exactly one child (KeyDB's reply
shape); JSON gives the same as one JSON text ({"name" : value,...}).

Errors, as KeyDB's: an empty name in the path is a syntax error, a path
that leads nowhere (a missing name, or more names after a string or list)
is "no such key", NHGET's format word must be JSON or RESP. Where KeyDB 6.3
misbehaves we do not follow: NHSET with an empty name fails before it
creates anything (KeyDB keeps the levels made before it), NHSET is a write
command (KeyDB flags it read-only), NHGET on a top-level value of another
type is WRONGTYPE (KeyDB aborts), NHGET looks the key up like any read
(expiry, keyspace hits), and JSON escapes control characters as \\u00XX and
passes bytes >= 0x80 through (KeyDB's escaping garbles both). TYPE reports
a nested hash as "unknown", as KeyDB does.
"""
from libc.string cimport memchr, memcpy
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree, zmalloc_size
from keydb._core.state cimport Client, Arg, Db
from keydb._core.object cimport (RObj, OBJ_STRING, OBJ_LIST, OBJ_NESTEDHASH, ENC_HT, type_ops,
    create_object, create_string_encoded, free_object, object_dup, object_memory, string_bytes)
from keydb._core.dict cimport (Dict, DictEntry, DictIter, dict_create, dict_release, dict_find,
    dict_add_or_find, dict_size, dict_buckets, dict_key, dict_iter_init, dict_iter_next)
from keydb._core.db cimport (lookup_key_read, lookup_key_write, db_add, db_set_key,
    signal_modified_key)
from keydb._core.reply cimport (add_reply_ll, add_reply_bulk, add_reply_array_len, add_reply_error,
    add_reply_syntax_error, add_reply_wrongtype)
from keydb._core.args cimport arg_is
from keydb._core.util cimport ll2string
from keydb._core.listpack cimport LpVal
from keydb._core.quicklist cimport (Quicklist, QlIter, QL_TAIL, ql_push, ql_iter_init, ql_next,
    ql_iter_release)
from keydb._core.t_list cimport list_create, list_length

cdef enum:
    PATH_INLINE = 16        # names a path holds without an allocation


# ---- the value type -----------------------------------------------------------

cdef inline Dict* nhash_dict(RObj* o) noexcept nogil:
    return <Dict*>o.v.ptr


cdef RObj* nhash_create() noexcept nogil:
    return create_object(OBJ_NESTEDHASH, ENC_HT, dict_create(free_object))


cdef void nhash_free(RObj* o) noexcept nogil:
    dict_release(nhash_dict(o))


cdef RObj* nhash_dup(RObj* o) noexcept nogil:
    cdef RObj* r = nhash_create()
    cdef DictIter it
    cdef DictEntry* e
    cdef DictEntry* copy
    cdef int created
    dict_iter_init(&it, nhash_dict(o))
    while True:
        e = dict_iter_next(&it)
        if e == NULL:
            break
        copy = dict_add_or_find(nhash_dict(r), dict_key(e), e.klen, &created)
        copy.v.ptr = object_dup(<RObj*>e.v.ptr)
    return r


cdef size_t nhash_memory(RObj* o, size_t samples) noexcept nogil:
    # Every level is counted (nested hashes stay small; samples is ignored).
    cdef Dict* d = nhash_dict(o)
    cdef size_t n = zmalloc_size(d) + dict_buckets(d) * sizeof(DictEntry*)
    cdef DictIter it
    cdef DictEntry* e
    dict_iter_init(&it, d)
    while True:
        e = dict_iter_next(&it)
        if e == NULL:
            return n
        n += zmalloc_size(e) + object_memory(<RObj*>e.v.ptr)


type_ops[OBJ_NESTEDHASH].free = nhash_free
type_ops[OBJ_NESTEDHASH].dup = nhash_dup
type_ops[OBJ_NESTEDHASH].memory = nhash_memory


# ---- paths ----------------------------------------------------------------------

cdef struct Name:
    const char* p
    size_t n

cdef struct Path:
    Name* names
    int count
    Name inline_names[PATH_INLINE]


cdef void path_split(Path* path, Arg* a) noexcept nogil:
    # Split a at every '.'; empty names are kept (the callers reject them
    # where KeyDB does). path_free releases it.
    cdef const char* p = a.ptr
    cdef const char* end = a.ptr + a.len
    cdef const char* dot
    cdef int count = 1
    cdef int i = 0
    dot = <const char*>memchr(p, c'.', a.len)
    while dot != NULL:
        count += 1
        dot = <const char*>memchr(dot + 1, c'.', <size_t>(end - dot - 1))
    path.count = count
    if count <= PATH_INLINE:
        path.names = &path.inline_names[0]
    else:
        path.names = <Name*>zmalloc(count * sizeof(Name))
    while True:
        dot = <const char*>memchr(p, c'.', <size_t>(end - p))
        path.names[i].p = p
        if dot == NULL:
            path.names[i].n = <size_t>(end - p)
            return
        path.names[i].n = <size_t>(dot - p)
        p = dot + 1
        i += 1


cdef inline void path_free(Path* path) noexcept nogil:
    if path.names != &path.inline_names[0]:
        zfree(path.names)


cdef RObj* child_level(Dict* d, Name* name) noexcept nogil:
    # The nested hash under `name` in d, made (or put in place of a value of
    # another kind) when needed.
    cdef int created
    cdef DictEntry* e = dict_add_or_find(d, name.p, name.n, &created)
    cdef RObj* o = <RObj*>e.v.ptr
    if created or o.type != OBJ_NESTEDHASH:
        if not created:
            free_object(o)
        o = nhash_create()
        e.v.ptr = o
    return o


cdef int nhash_store(Db* db, Path* path, RObj* val) noexcept nogil:
    # Store val (owned) at path, making the levels on the way; 1 when it
    # replaced something. The key's TTL stays.
    cdef Name* top = &path.names[0]
    cdef RObj* o = lookup_key_write(db, top.p, top.n)
    cdef DictEntry* e
    cdef int created, i
    if path.count == 1:
        if o == NULL:
            db_add(db, top.p, top.n, val)
            return 0
        db_set_key(db, top.p, top.n, val, 1)
        return 1
    if o == NULL:
        o = nhash_create()
        db_add(db, top.p, top.n, o)
    elif o.type != OBJ_NESTEDHASH:
        o = nhash_create()
        db_set_key(db, top.p, top.n, o, 1)
    for i in range(1, path.count - 1):
        o = child_level(nhash_dict(o), &path.names[i])
    e = dict_add_or_find(nhash_dict(o), path.names[path.count - 1].p,
                         path.names[path.count - 1].n, &created)
    if not created:
        free_object(e.v.ptr)
    e.v.ptr = val
    return not created


# ---- KEYDB.NHSET ------------------------------------------------------------------

cdef void cmd_keydb_nhset(Client* c) noexcept nogil:
    cdef Path path
    cdef RObj* val
    cdef int i
    path_split(&path, &c.argv[1])
    for i in range(path.count):
        if path.names[i].n == 0:
            path_free(&path)
            add_reply_syntax_error(c)
            return
    if c.argc == 3:
        val = create_string_encoded(c.argv[2].ptr, c.argv[2].len)
    else:
        val = list_create()
        for i in range(2, c.argc):
            ql_push(<Quicklist*>val.v.ptr, c.argv[i].ptr, c.argv[i].len, QL_TAIL)
    add_reply_ll(c, nhash_store(c.db, &path, val))
    signal_modified_key(c.db, path.names[0].p, path.names[0].n)
    path_free(&path)


# ---- KEYDB.NHGET ------------------------------------------------------------------

cdef RObj* nhash_fetch(Client* c, Path* path) noexcept nogil:
    # The value at path, or NULL after replying the error. Names are checked
    # in order, as KeyDB walks them.
    cdef RObj* o
    cdef DictEntry* e
    cdef int i
    if path.names[0].n == 0:
        add_reply_syntax_error(c)
        return NULL
    o = lookup_key_read(c.db, path.names[0].p, path.names[0].n)
    if o == NULL:
        add_reply_error(c, b"no such key")
        return NULL
    if o.type != OBJ_STRING and o.type != OBJ_LIST and o.type != OBJ_NESTEDHASH:
        add_reply_wrongtype(c)
        return NULL
    for i in range(1, path.count):
        if o.type != OBJ_NESTEDHASH:
            add_reply_error(c, b"no such key")
            return NULL
        if path.names[i].n == 0:
            add_reply_syntax_error(c)
            return NULL
        e = dict_find(nhash_dict(o), path.names[i].p, path.names[i].n)
        if e == NULL:
            add_reply_error(c, b"no such key")
            return NULL
        o = <RObj*>e.v.ptr
    return o


cdef void reply_string(Client* c, RObj* o) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    cdef size_t n = string_bytes(o, buf, &p)
    add_reply_bulk(c, p, n)


cdef void reply_list(Client* c, RObj* o) noexcept nogil:
    cdef QlIter it
    cdef LpVal v
    cdef char buf[24]
    cdef int n
    add_reply_array_len(c, <long long>list_length(o))
    ql_iter_init(<Quicklist*>o.v.ptr, &it, 1)
    while ql_next(&it, &v):
        if v.s == NULL:
            n = ll2string(buf, sizeof(buf), v.ll)
            add_reply_bulk(c, buf, <size_t>n)
        else:
            add_reply_bulk(c, v.s, v.len)
    ql_iter_release(&it)


cdef void reply_value(Client* c, RObj* o) noexcept nogil:
    # KeyDB's shape: a nested hash with one child is that child's pair
    # alone, with several an array of pairs.
    cdef Dict* d
    cdef DictIter it
    cdef DictEntry* e
    if o.type == OBJ_STRING:
        reply_string(c, o)
        return
    if o.type == OBJ_LIST:
        reply_list(c, o)
        return
    d = nhash_dict(o)
    if dict_size(d) != 1:
        add_reply_array_len(c, <long long>dict_size(d))
    dict_iter_init(&it, d)
    while True:
        e = dict_iter_next(&it)
        if e == NULL:
            return
        add_reply_array_len(c, 2)
        add_reply_bulk(c, dict_key(e), e.klen)
        reply_value(c, <RObj*>e.v.ptr)


cdef struct JsonBuf:
    char* p
    size_t len
    size_t cap


cdef void json_put(JsonBuf* b, const char* s, size_t n) noexcept nogil:
    if b.len + n > b.cap:
        b.cap = (b.len + n) * 2
        b.p = <char*>zrealloc(b.p, b.cap)
    memcpy(b.p + b.len, s, n)
    b.len += n


cdef void json_string(JsonBuf* b, const char* s, size_t n) noexcept nogil:
    # A JSON string: '"' and '\\' escaped, control characters as \u00XX.
    cdef const char* hex = b"0123456789abcdef"
    cdef char esc[6]
    cdef unsigned char ch
    cdef size_t i, run = 0
    json_put(b, b'"', 1)
    for i in range(n):
        ch = <unsigned char>s[i]
        if ch != c'"' and ch != c'\\' and ch >= 0x20:
            continue
        json_put(b, s + run, i - run)
        run = i + 1
        if ch == c'"' or ch == c'\\':
            esc[0] = c'\\'
            esc[1] = <char>ch
            json_put(b, esc, 2)
        else:
            memcpy(esc, b"\\u00", 4)
            esc[4] = hex[ch >> 4]
            esc[5] = hex[ch & 15]
            json_put(b, esc, 6)
    json_put(b, s + run, n - run)
    json_put(b, b'"', 1)


cdef void json_value(JsonBuf* b, RObj* o) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    cdef size_t n
    cdef QlIter it
    cdef LpVal v
    cdef DictIter di
    cdef DictEntry* e
    cdef int first = 1
    if o.type == OBJ_STRING:
        n = string_bytes(o, buf, &p)
        json_string(b, p, n)
    elif o.type == OBJ_LIST:
        json_put(b, b"[", 1)
        ql_iter_init(<Quicklist*>o.v.ptr, &it, 1)
        while ql_next(&it, &v):
            if not first:
                json_put(b, b",", 1)
            first = 0
            if v.s == NULL:
                n = <size_t>ll2string(buf, sizeof(buf), v.ll)
                json_string(b, buf, n)
            else:
                json_string(b, v.s, v.len)
        ql_iter_release(&it)
        json_put(b, b"]", 1)
    else:
        json_put(b, b"{", 1)
        dict_iter_init(&di, nhash_dict(o))
        while True:
            e = dict_iter_next(&di)
            if e == NULL:
                break
            if not first:
                json_put(b, b",", 1)
            first = 0
            json_string(b, dict_key(e), e.klen)
            json_put(b, b" : ", 3)
            json_value(b, <RObj*>e.v.ptr)
        json_put(b, b"}", 1)


cdef void cmd_keydb_nhget(Client* c) noexcept nogil:
    # KEYDB.NHGET path | KEYDB.NHGET JSON|RESP path
    cdef Path path
    cdef RObj* o
    cdef JsonBuf b
    cdef int json = 0
    cdef Arg* where = &c.argv[1]
    if c.argc > 3:
        add_reply_syntax_error(c)
        return
    if c.argc == 3:
        if arg_is(&c.argv[1], b"json"):
            json = 1
        elif not arg_is(&c.argv[1], b"resp"):
            add_reply_syntax_error(c)
            return
        where = &c.argv[2]
    path_split(&path, where)
    o = nhash_fetch(c, &path)
    path_free(&path)
    if o == NULL:
        return
    if not json:
        reply_value(c, o)
        return
    b.len = 0
    b.cap = 64
    b.p = <char*>zmalloc(b.cap)
    json_value(&b, o)
    add_reply_bulk(c, b.p, b.len)
    zfree(b.p)
