# Client connections: creation, the read -> parse -> execute -> write path,
# and teardown. All functions run on the client's owning worker.
from keydb._core.state cimport Client, Worker

cdef Client* client_create(Worker* w, int fd, int is_unix) noexcept nogil
cdef void client_free(Client* c) noexcept nogil            # closes the socket
# Mark for closing; the worker frees it after the current event batch.
cdef void client_close_async(Client* c) noexcept nogil
# Read what the socket has and parse it; 1 if commands (or a protocol error)
# are ready for client_execute.
cdef int client_read(Client* c) noexcept nogil
# Close c now if its pending output is over client-output-buffer-limit
# (after each command, and from the clients cron for stalled readers).
cdef void client_check_obuf_limit(Client* c, int from_cron) noexcept nogil
# Run the parsed commands. Caller holds the keyspace lock.
cdef void client_execute(Client* c) noexcept nogil
# After the lock is released: drop executed input, queue a protocol error
# reply if any, write replies.
cdef void client_finish_batch(Client* c) noexcept nogil
cdef void client_on_writable(Client* c) noexcept nogil
cdef int client_write(Client* c) noexcept nogil             # -1 if the client was freed
# Parse complete commands from the query buffer into c.args (used by tests too).
cdef void parse_input(Client* c) noexcept nogil
cdef int client_addr_string(Client* c, char* buf, size_t cap) noexcept nogil
