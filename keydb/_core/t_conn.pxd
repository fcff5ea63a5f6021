# Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH.
from keydb._core.state cimport Client

cdef void cmd_ping(Client* c) noexcept nogil
cdef void cmd_echo(Client* c) noexcept nogil
cdef void cmd_quit(Client* c) noexcept nogil
cdef void cmd_reset(Client* c) noexcept nogil
cdef void cmd_hello(Client* c) noexcept nogil
cdef void cmd_auth(Client* c) noexcept nogil
