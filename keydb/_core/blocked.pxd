# Blocked clients (see blocked.pyx). Unless said otherwise, the keyspace lock
# is held by the caller.
from keydb._core.state cimport Client, Worker, Arg
from keydb._core.blocked_types cimport (BlockState, BlockServe, WaitQueue, WaitNode, ReadyKey,
    ready_key_bytes)
from keydb._core.object cimport RObj

# Set / clear CLIENT_BLOCKED with btype, keeping the counters (owner thread).
cdef void client_block(Client* c, int btype) noexcept nogil
cdef void client_unblock(Client* c) noexcept nogil

# Parse a blocking command's timeout (seconds, a float) into an absolute
# deadline in unix ms, 0 for none. -1 after replying Redis's error.
cdef int parse_block_timeout(Client* c, Arg* a, long long* deadline_ms) noexcept nogil

# Block c on keys (duplicates count once) until one holds a value of `type`
# that serve accepts, or the deadline passes (reply: null array). Returns
# the BlockState so the caller can store the command's parameters (where,
# count, form, target) that serve reads.
cdef BlockState* block_for_keys(Client* c, Arg* keys, int nkeys, long long deadline_ms,
                                int type, BlockServe serve) noexcept nogil

# Serve the clients waiting on every key signalled ready so far (after each
# command).
cdef void handle_ready_keys() noexcept nogil

# Owner, lock held: a BLOCKED_KEYS client whose wait may be over. 1 when it
# is unblocked (its reply, or the timeout's, is in its output), 0 when it
# must keep waiting.
cdef int blocked_resume(Client* c) noexcept nogil
# Owner, no lock: add w's BLOCKED_KEYS clients that were served or timed out
# to ready[nready:cap]; returns the new count. Also refreshes the worker's
# next deadline.
cdef int collect_blocked(Worker* w, Client** ready, int nready, int cap) noexcept nogil
# Owner, no lock: how long the loop may sleep (<= limit ms) given its
# clients' deadlines and served clients.
cdef long long blocked_sleep_ms(Worker* w, long long limit) noexcept nogil
# Owner, no lock (takes it): a BLOCKED_KEYS client is being freed.
cdef void blocked_client_gone(Client* c) noexcept nogil
# CLIENT UNBLOCK: 1 if target was blocked on keys and is now unblocked
# with a timeout (error = 0) or -UNBLOCKED error reply.
cdef int unblock_client_by_request(Client* target, int error) noexcept nogil
