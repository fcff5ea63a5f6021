# CLIENT subcommands, and the client-name rule HELLO SETNAME shares.
from keydb._core.state cimport Client

# Set c's name to p[0:n] (n == 0 clears it). A name with a byte outside
# '!'..'~' is refused: the error is replied and -1 returned; 0 on success.
cdef int client_set_name(Client* c, const char* p, size_t n) noexcept nogil

# Reply "-ERR <before><arg><after>" with the argument copied whole.
cdef void reply_error_with_arg(Client* c, const char* before, const char* arg, size_t n,
                               const char* after) noexcept nogil

cdef void cmd_client_id(Client* c) noexcept nogil
cdef void cmd_client_setname(Client* c) noexcept nogil
cdef void cmd_client_getname(Client* c) noexcept nogil
cdef void cmd_client_info(Client* c) noexcept nogil
cdef void cmd_client_list(Client* c) noexcept nogil
cdef void cmd_client_kill(Client* c) noexcept nogil
cdef void cmd_client_reply(Client* c) noexcept nogil
cdef void cmd_client_getredir(Client* c) noexcept nogil
cdef void cmd_client_no_evict(Client* c) noexcept nogil
cdef void cmd_client_unblock(Client* c) noexcept nogil
cdef void cmd_client_pause(Client* c) noexcept nogil
cdef void cmd_client_unpause(Client* c) noexcept nogil
cdef void cmd_client_help(Client* c) noexcept nogil
