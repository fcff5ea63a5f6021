# COMMAND and its subcommands: the command table as clients see it
# (redis-cli hints, client libraries' key extraction and cluster routing).
from keydb._core.state cimport Client

cdef void cmd_command(Client* c) noexcept nogil
cdef void cmd_command_count(Client* c) noexcept nogil
cdef void cmd_command_info(Client* c) noexcept nogil
cdef void cmd_command_docs(Client* c) noexcept nogil
cdef void cmd_command_list(Client* c) noexcept nogil
cdef void cmd_command_getkeys(Client* c) noexcept nogil
cdef void cmd_command_help(Client* c) noexcept nogil
