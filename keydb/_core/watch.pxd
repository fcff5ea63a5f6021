# WATCH: which clients watch which keys, and marking them when a key is
# touched (see watch.pyx). Everything here is guarded by the keyspace lock,
# which the caller holds.
from keydb._core.state cimport Client, Db
from keydb._core.dlist cimport DList, DListNode

cdef struct WatchList
cdef struct WatchNode

# One client watching one key of one database.
cdef struct WatchNode:
    DListNode link                  # first: the key's list of watchers
    Client* client
    Db* db
    WatchList* list                 # the key's list in db.watched_keys
    WatchNode* client_next          # the client's next watched key
    int expired                     # the key was already expired when it was watched

# The clients watching one key (Db.watched_keys value), oldest first.
cdef struct WatchList:
    DList watchers                  # of WatchNode
    size_t klen
    # the key bytes follow

# Watch k in db for c; a key c already watches there is not added twice.
# `expired`: k exists but is logically expired now.
cdef void watch_key(Client* c, Db* db, const char* k, size_t n, int expired) noexcept nogil
# Forget every key c watches (UNWATCH, EXEC, DISCARD, RESET, a closed client).
cdef void unwatch_all_keys(Client* c) noexcept nogil
# k in db was modified: every client watching it gets dirty_cas, except one
# that watched it already expired while it is still gone (no logical change).
cdef void touch_watched_key(Db* db, const char* k, size_t n) noexcept nogil
# Every key of `emptied` is about to be replaced by `replaced_with`'s (SWAPDB)
# or dropped (FLUSHDB/FLUSHALL, replaced_with NULL): mark the clients whose
# watched key exists on either side, as Redis's touchAllWatchedKeysInDb does.
cdef void touch_all_watched_keys(Db* emptied, Db* replaced_with) noexcept nogil
# 1 when one of c's watched keys, alive when watched, has expired since.
cdef int watched_key_expired(Client* c) noexcept nogil
