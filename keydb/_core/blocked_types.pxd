# The structures of clients blocked on keys (BLPOP & co), shared by db.pyx
# (which queues keys that get data) and blocked.pyx (which serves the
# clients). Declarations only. Everything here is guarded by the keyspace lock.
from keydb._core.state cimport Client, Worker, Db
from keydb._core.object cimport RObj
from keydb._core.dlist cimport DList, DListNode

cdef struct BlockState
cdef struct WaitQueue

# Serve a blocked client from key's value o (of the type it waits for),
# writing its reply into `out` (a scratch client with the blocked client's
# protocol): 1 if it was served (or answered an error), 0 to keep waiting.
ctypedef int (*BlockServe)(Client* out, Db* db, const char* key, size_t klen, RObj* o,
                           BlockState* bs) noexcept nogil

# One blocked client in one key's queue.
cdef struct WaitNode:
    DListNode link                  # first: the queue's links
    BlockState* bs
    WaitQueue* q

# The clients blocked on one key, in the order they blocked.
cdef struct WaitQueue:
    DList waiters                   # of WaitNode
    int queued_ready                # already in g.ready_keys

# Why and how a client waits.
cdef struct BlockState:
    Client* client
    Worker* worker                  # the client's owner
    Db* db
    int nkeys
    char** keys                     # copies of the key names (distinct)
    size_t* klens
    WaitNode** nodes                # its node in each key's queue
    long long deadline_ms           # unix ms, 0 = wait forever
    int type                        # OBJ_LIST / OBJ_ZSET: what the keys must hold
    BlockServe serve
    # The blocked command's parameters, for serve.
    int where
    int whereto
    long count
    int form
    char* target                    # BLMOVE / BRPOPLPUSH destination
    size_t target_len
    # Set once served (by whichever thread): the reply waiting for the owner.
    int served
    char* reply
    size_t reply_len

# A key that got data while clients wait on it (g.ready_keys list).
cdef struct ReadyKey:
    ReadyKey* next
    Db* db
    size_t len
    # the key bytes follow

cdef inline char* ready_key_bytes(ReadyKey* r) noexcept nogil:
    return (<char*>r) + sizeof(ReadyKey)
