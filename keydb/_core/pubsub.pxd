# Pub/Sub (see pubsub.pyx). Keyspace lock held unless said otherwise.
from keydb._core.state cimport Client, Worker

# RESET: drop every subscription without a reply.
cdef void pubsub_unsubscribe_all(Client* c) noexcept nogil
# Owner, no lock (takes the locks it needs): c is about to be freed.
cdef void pubsub_client_gone(Client* c) noexcept nogil
# Owner: move the messages other workers published to w's clients into
# their output (the loop calls it at the start of every batch, under the
# keyspace lock, so they come before any later reply).
cdef void deliver_pushes(Worker* w) noexcept nogil
# Subscriptions of c of one kind (pubsub_types.pxd SubKind).
cdef long pubsub_count(Client* c, int kind) noexcept nogil

cdef void cmd_subscribe(Client* c) noexcept nogil
cdef void cmd_unsubscribe(Client* c) noexcept nogil
cdef void cmd_psubscribe(Client* c) noexcept nogil
cdef void cmd_punsubscribe(Client* c) noexcept nogil
cdef void cmd_ssubscribe(Client* c) noexcept nogil
cdef void cmd_sunsubscribe(Client* c) noexcept nogil
cdef void cmd_publish(Client* c) noexcept nogil
cdef void cmd_spublish(Client* c) noexcept nogil
cdef void cmd_pubsub_channels(Client* c) noexcept nogil
cdef void cmd_pubsub_shardchannels(Client* c) noexcept nogil
cdef void cmd_pubsub_numsub(Client* c) noexcept nogil
cdef void cmd_pubsub_shardnumsub(Client* c) noexcept nogil
cdef void cmd_pubsub_numpat(Client* c) noexcept nogil
cdef void cmd_pubsub_help(Client* c) noexcept nogil
