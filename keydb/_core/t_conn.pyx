"""Connection commands."""
from keydb._core.state cimport Client, CLIENT_CLOSE_AFTER_REPLY
from keydb._core.reply cimport add_reply_raw, add_reply_bulk, add_reply_ok, add_reply_error_arity


cdef void cmd_ping(Client* c) noexcept nogil:
    if c.argc > 2:
        add_reply_error_arity(c)
    elif c.argc == 2:
        add_reply_bulk(c, c.argv[1].ptr, c.argv[1].len)
    else:
        add_reply_raw(c, b"+PONG\r\n", 7)


cdef void cmd_echo(Client* c) noexcept nogil:
    add_reply_bulk(c, c.argv[1].ptr, c.argv[1].len)


cdef void cmd_quit(Client* c) noexcept nogil:
    add_reply_ok(c)
    c.flags |= CLIENT_CLOSE_AFTER_REPLY
