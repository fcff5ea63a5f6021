# The keyspace: databases, lookups with lazy expiry, writes, expires.
# Every function here requires the keyspace lock (g.lock) held by the caller.
from keydb._core.state cimport Db, Client
from keydb._core.object cimport RObj
from keydb._core.dict cimport DictEntry, DictFreeVal, dict_size
from keydb._core.watch cimport touch_watched_key

cdef void db_init(int ndb) noexcept nogil
cdef Db* db_get(int id) noexcept nogil                       # NULL if out of range

cdef enum:
    LOOKUP_NONE = 0
    LOOKUP_NOTOUCH = 1      # leave the value's LRU clock alone
    LOOKUP_NOSTATS = 2      # count no keyspace hit or miss

# Lookups expire the key first if its time has passed, then (unless flags
# say otherwise) count a keyspace hit or miss and touch the LRU clock.
# _read is lookup_key(.., LOOKUP_NONE); _write counts no stats but touches,
# as Redis's write lookups do.
cdef RObj* lookup_key(Db* db, const char* k, size_t n, int flags) noexcept nogil
cdef RObj* lookup_key_read(Db* db, const char* k, size_t n) noexcept nogil
cdef RObj* lookup_key_write(Db* db, const char* k, size_t n) noexcept nogil
# No expiry check, no stats, no LRU update (OBJECT, TYPE-like internals).
cdef RObj* lookup_key_raw(Db* db, const char* k, size_t n) noexcept nogil

# Store val under k, replacing (and freeing) any old value. Clears the TTL
# unless keep_ttl. Takes ownership of val.
cdef void db_set_key(Db* db, const char* k, size_t n, RObj* val, int keep_ttl) noexcept nogil
# Replace the value of an existing key without touching its TTL (val owned).
cdef void db_overwrite(Db* db, const char* k, size_t n, RObj* val) noexcept nogil
cdef int db_add(Db* db, const char* k, size_t n, RObj* val) noexcept nogil   # 0 if it existed
cdef int db_delete(Db* db, const char* k, size_t n) noexcept nogil          # 1 deleted
# Remove k from db and return its value to the caller (no free); NULL if absent.
cdef RObj* db_take(Db* db, const char* k, size_t n) noexcept nogil
cdef long long db_size(Db* db) noexcept nogil
# A random key that is not expired: expired keys drawn on the way are deleted
# (as a Redis master does), so the loop ends. NULL when none is left. The
# entry stays valid until the key is next deleted.
cdef DictEntry* db_random_key(Db* db) noexcept nogil
cdef long long db_empty(Db* db) noexcept nogil                              # removed count
cdef void db_swap(Db* a, Db* b) noexcept nogil

# A key was created (or set) that clients may be blocked on: queue it for
# handle_ready_keys. db_add and db_set_key call it; so must anything else
# that makes a key appear.
cdef void signal_key_as_ready(Db* db, const char* k, size_t n) noexcept nogil

cdef long long get_expire(Db* db, const char* k, size_t n) noexcept nogil   # -1 if none
cdef void set_expire(Db* db, const char* k, size_t n, long long when_ms) noexcept nogil
cdef int remove_expire(Db* db, const char* k, size_t n) noexcept nogil      # 1 if it had one
cdef int key_is_expired(Db* db, const char* k, size_t n) noexcept nogil
cdef int expire_if_needed(Db* db, const char* k, size_t n) noexcept nogil   # 1 if deleted now

# Active expiry: sample keys with a TTL, for at most `budget_us`, then the
# keys with member expiries (through member_expire_hooks.cycle).
cdef void active_expire_cycle(long long budget_us) noexcept nogil
cdef void databases_cron() noexcept nogil                                   # resize, rehash

# Member expiry (KeyDB's EXPIREMEMBER) lives in expire_member.pyx, which
# cimports this module; it fills these hooks when it is imported, so that
# this module need not cimport it back. Db.member_expires maps a key to the
# expiries of its members, and this module keeps it in step with the keys:
# deleting a key (db_delete, db_take, expiry, FLUSHDB) drops the key's
# entry, db_set_key drops it when the new value is not an in-place
# replacement (keep_ttl with the same type), SWAPDB swaps it. Each of those
# costs one size check while no member expiry exists in the database.
cdef struct MemberExpireHooks:
    DictFreeVal free                # frees one key's record (the dict's free_val)
    # Lazy expiry: drop k's members that are due; 1 if that deleted k.
    int (*expire_due)(Db* db, const char* k, size_t n) noexcept nogil
    void (*cycle)(long long budget_us) noexcept nogil     # active expiry, time-bounded
    # Clear member m's expiry on k; 1 if it had one.
    int (*clear)(Db* db, const char* k, size_t n, const char* m, size_t mlen) noexcept nogil
    # Drop the expiries of members no longer in k's value.
    void (*sync)(Db* db, const char* k, size_t n) noexcept nogil
    # Give dst/k2 the member expiries of src/k: moved (copy 0) or copied.
    void (*carry)(Db* src, const char* k, size_t n, Db* dst, const char* k2, size_t n2,
                  int copy) noexcept nogil
# Guard: g_const (written at import, before the workers start).
cdef MemberExpireHooks member_expire_hooks

# Commands that remove members in bulk without naming them (ZREMRANGEBY*)
# call this after the removal instead of forgetting member by member.
cdef inline void member_expire_sync(Db* db, const char* k, size_t n) noexcept nogil:
    if dict_size(db.member_expires) != 0:
        member_expire_hooks.sync(db, k, n)

# RENAME and MOVE (copy 0) call this before they take the value from k, COPY
# (copy 1) after it stored the copy: the member expiries follow the value.
cdef inline void member_expire_carry(Db* src, const char* k, size_t n, Db* dst,
                                     const char* k2, size_t n2, int copy) noexcept nogil:
    if dict_size(src.member_expires) != 0:
        member_expire_hooks.carry(src, k, n, dst, k2, n2, copy)

# Every command that removes member m from k's set, hash or sorted set calls
# this (SREM, SPOP, SMOVE, HDEL, ZREM, ZPOP*, ...), so that a member removed
# and added again keeps no stale expiry.
cdef inline void member_expire_forget(Db* db, const char* k, size_t n,
                                      const char* m, size_t mlen) noexcept nogil:
    if dict_size(db.member_expires) != 0:
        member_expire_hooks.clear(db, k, n, m, mlen)

# Called by every command that modifies a key, as Redis's signalModifiedKey:
# the clients that WATCH it will see their EXEC fail (watch.pyx). One size
# check while nobody watches a key of the database.
cdef inline void signal_modified_key(Db* db, const char* k, size_t n) noexcept nogil:
    if dict_size(db.watched_keys) != 0:
        touch_watched_key(db, k, n)
