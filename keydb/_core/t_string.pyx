"""String commands."""
from keydb._core.state cimport Client
from keydb._core.object cimport RObj, OBJ_STRING, create_string_encoded, string_bytes
from keydb._core.db cimport lookup_key_read, db_set_key
from keydb._core.reply cimport add_reply_null, add_reply_bulk, add_reply_ok, add_reply_wrongtype


cdef void cmd_get(Client* c) noexcept nogil:
    cdef char buf[32]
    cdef const char* p
    cdef size_t n
    cdef RObj* o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o == NULL:
        add_reply_null(c)
    elif o.type != OBJ_STRING:
        add_reply_wrongtype(c)
    else:
        n = string_bytes(o, buf, &p)
        add_reply_bulk(c, p, n)


cdef void cmd_set(Client* c) noexcept nogil:
    db_set_key(c.db, c.argv[1].ptr, c.argv[1].len,
               create_string_encoded(c.argv[2].ptr, c.argv[2].len), 0)
    add_reply_ok(c)
