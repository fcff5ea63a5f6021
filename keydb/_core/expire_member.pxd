# Member expiry: KeyDB's EXPIREMEMBER, the expiry of one member of a set,
# one field of a hash or one member of a sorted set.
#
# The index. Db.member_expires maps a key to a MemberTimers record: the
# expiries of that key's members, as a binary min-heap on the time (the
# earliest at heap[0]) plus a Dict from member bytes to the member's slot
# in the heap. Setting, reading or clearing one member's expiry is
# O(log n) in the key's member expiries; finding whether anything is due
# is O(1). A key has a record only while at least one member expiry is
# set; key-level TTLs stay in Db.expires, apart from these.
#
# Expiry happens two ways, as for keys: lazily, when a lookup
# (db.pyx's expire_if_needed) finds due members on the key it looks up,
# and actively, from the server cron, which walks Db.member_expires with
# a persistent cursor and purges the keys whose earliest member is due.
# Either way the members leave the value, and a value left empty is
# deleted with its key. CLIENT PAUSE holds both back, as for keys.
#
# Hooks other modules call (all need the keyspace lock; each is a size
# check while the database has no member expiry):
#   - db.pyx drops a key's record with the key (delete, overwrite by a new
#     value, FLUSHDB, SWAPDB) through member_expire_hooks (db.pxd);
#   - a command that removes members calls db.pxd's member_expire_forget
#     for each one (SREM, SPOP, SMOVE, HDEL, KEYDB.HRENAME, ZREM, ZPOP*),
#     or member_expire_sync after removing a range (ZREMRANGEBY*), so a
#     member removed and added again has no stale expiry; both live in
#     db.pxd so that the type modules, which this module cimports, need
#     not cimport it back;
#   - RENAME and MOVE carry the record to the new name, COPY duplicates
#     it, with db.pxd's member_expire_carry.
from keydb._core.state cimport Db
from keydb._core.object cimport RObj
from keydb._core.dict cimport Dict, DictEntry

cdef struct MemberTimer:
    long long when          # unix ms
    DictEntry* entry        # the member's entry in MemberTimers.index (its v.s64 = this slot)

cdef struct MemberTimers:
    Dict* index             # member bytes -> slot in heap
    MemberTimer* heap       # min-heap on `when`
    size_t n
    size_t cap

# The expiry of member m of key k (unix ms), -1 when it has none.
cdef long long member_expire_get(Db* db, const char* k, size_t n,
                                 const char* m, size_t mlen) noexcept nogil
# Set (or move) the expiry of member m of key k; the caller checked that
# the key holds the member.
cdef void member_expire_set(Db* db, const char* k, size_t n,
                            const char* m, size_t mlen, long long when) noexcept nogil
# Clear the expiry of member m of key k; 1 if it had one.
cdef int member_expire_clear(Db* db, const char* k, size_t n,
                             const char* m, size_t mlen) noexcept nogil

# Whether a value of this type can have member expiries, whether it holds
# member m, and removing m from it (1 if it was there). Sets, hashes and
# sorted sets are supported; other types answer 0.
cdef int member_type_supported(RObj* o) noexcept nogil
cdef int member_in_value(RObj* o, const char* m, size_t mlen) noexcept nogil
cdef int member_remove_from_value(RObj* o, const char* m, size_t mlen) noexcept nogil
cdef unsigned long member_value_size(RObj* o) noexcept nogil

# Drop every due member of k now (EXPIREMEMBER with a time already past);
# 1 if that emptied the value and deleted k.
cdef int member_expire_purge(Db* db, const char* k, size_t n) noexcept nogil
