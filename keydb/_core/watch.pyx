"""WATCH: the optimistic locking behind MULTI/EXEC, as Redis's multi.c has it.

Each database maps a watched key to the list of its watchers
(Db.watched_keys -> WatchList); each client keeps its own nodes chained
through client_next, so UNWATCH costs one walk over what it watches. A
command that modifies a key calls signal_modified_key (db.pxd), which comes
here only when someone watches a key in that database, and sets dirty_cas
on every watcher; EXEC then answers a null array instead of running the
transaction. The watcher may be a client of any worker: dirty_cas is
guarded by the keyspace lock, like everything in this file, and only read
under it (by EXEC and CLIENT LIST).

A key that was already expired when WATCH saw it is remembered as such: its
deletion by expiry changes nothing a client could observe, so it does not
dirty the watcher, while a key that expires between WATCH and EXEC does
(Redis 7.0).
"""
from libc.string cimport memcpy
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.state cimport g, Client, Db
from keydb._core.dlist cimport dlist_init, dlist_push_tail, dlist_unlink
from keydb._core.dict cimport (Dict, DictEntry, DictIter, dict_find, dict_add_or_find, dict_delete,
    dict_size, dict_iter_init, dict_iter_next)


cdef inline char* list_key(WatchList* wl) noexcept nogil:
    return (<char*>wl) + sizeof(WatchList)


cdef inline int logically_expired(Db* db, const char* k, size_t n) noexcept nogil:
    # As db.pyx's key_is_expired (which this module cannot cimport: db.pxd
    # cimports it).
    cdef DictEntry* e
    if db == NULL or dict_size(db.expires) == 0:
        return 0
    e = dict_find(db.expires, k, n)
    return e != NULL and e.v.s64 <= g.cmd_time_ms


cdef inline int key_exists(Db* db, const char* k, size_t n) noexcept nogil:
    return db != NULL and dict_find(db.keys, k, n) != NULL


cdef void watch_key(Client* c, Db* db, const char* k, size_t n, int expired) noexcept nogil:
    # Already watching? Asked of the key's watchers, not of c's own keys,
    # so that WATCH of many keys stays linear.
    cdef WatchNode* wn
    cdef WatchList* wl
    cdef DictEntry* e
    cdef int created
    e = dict_add_or_find(db.watched_keys, k, n, &created)
    if not created:
        wn = <WatchNode*>(<WatchList*>e.v.ptr).watchers.head
        while wn != NULL:
            if wn.client == c:
                return
            wn = <WatchNode*>wn.link.next
    else:
        wl = <WatchList*>zmalloc(sizeof(WatchList) + n)
        dlist_init(&wl.watchers)
        wl.klen = n
        memcpy(list_key(wl), k, n)
        e.v.ptr = wl
    wl = <WatchList*>e.v.ptr
    wn = <WatchNode*>zmalloc(sizeof(WatchNode))
    wn.client = c
    wn.db = db
    wn.list = wl
    wn.expired = expired
    dlist_push_tail(&wl.watchers, &wn.link)
    wn.client_next = <WatchNode*>c.watched
    c.watched = wn


cdef void unwatch_all_keys(Client* c) noexcept nogil:
    cdef WatchNode* wn = <WatchNode*>c.watched
    cdef WatchNode* next
    cdef WatchList* wl
    while wn != NULL:
        next = wn.client_next
        wl = wn.list
        dlist_unlink(&wl.watchers, &wn.link)
        if wl.watchers.head == NULL:
            dict_delete(wn.db.watched_keys, list_key(wl), wl.klen)
            zfree(wl)
        zfree(wn)
        wn = next
    c.watched = NULL


cdef void touch_watched_key(Db* db, const char* k, size_t n) noexcept nogil:
    cdef DictEntry* e = dict_find(db.watched_keys, k, n)
    cdef WatchNode* wn
    if e == NULL:
        return
    wn = <WatchNode*>(<WatchList*>e.v.ptr).watchers.head
    while wn != NULL:
        if wn.expired and not key_exists(db, k, n):
            wn.expired = 0          # the expired key is now gone: no logical change
        else:
            wn.client.dirty_cas = 1
        wn = <WatchNode*>wn.link.next


cdef void touch_all_watched_keys(Db* emptied, Db* replaced_with) noexcept nogil:
    cdef DictIter it
    cdef DictEntry* e
    cdef WatchList* wl
    cdef WatchNode* wn
    cdef const char* k
    cdef size_t n
    cdef int in_emptied, in_replacement
    if dict_size(emptied.watched_keys) == 0:
        return
    dict_iter_init(&it, emptied.watched_keys)
    e = dict_iter_next(&it)
    while e != NULL:
        wl = <WatchList*>e.v.ptr
        k = list_key(wl)
        n = wl.klen
        in_emptied = key_exists(emptied, k, n)
        in_replacement = key_exists(replaced_with, k, n)
        if in_emptied or in_replacement:
            wn = <WatchNode*>wl.watchers.head
            while wn != NULL:
                if wn.expired:
                    if not in_replacement:
                        wn.expired = 0              # the expired key is gone
                    elif not logically_expired(replaced_with, k, n):
                        wn.client.dirty_cas = 1     # replaced by a live key
                elif not in_emptied and logically_expired(replaced_with, k, n):
                    wn.expired = 1                  # a missing key becomes an expired one
                else:
                    wn.client.dirty_cas = 1
                wn = <WatchNode*>wn.link.next
        e = dict_iter_next(&it)


cdef int watched_key_expired(Client* c) noexcept nogil:
    cdef WatchNode* wn = <WatchNode*>c.watched
    while wn != NULL:
        if not wn.expired and logically_expired(wn.db, list_key(wn.list), wn.list.klen):
            return 1
        wn = wn.client_next
    return 0
