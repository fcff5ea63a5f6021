# Connection commands: PING, ECHO, QUIT.
from keydb._core.state cimport Client

cdef void cmd_ping(Client* c) noexcept nogil
cdef void cmd_echo(Client* c) noexcept nogil
cdef void cmd_quit(Client* c) noexcept nogil
