# Set commands (Redis 7.0's set group) and the set type they work on.
#
# The set type, for any caller (SORT, EXPIREMEMBER, RDB, ...):
#   A set value is an RObj of type OBJ_SET in one of two encodings, chosen
#   as Redis 7.0 chooses them:
#     ENC_INTSET  an IntSet (intset.pxd) while every member is a canonical
#                 64-bit integer (string2ll's grammar: "12", not "012" or
#                 "+12") and there are at most set-max-intset-entries;
#     ENC_HT      a Dict (dict.pxd) keyed by the member bytes, values unused
#                 (NULL), once a member is not such an integer or the count
#                 passes the limit. A set never goes back to ENC_INTSET.
#   Members are binary-safe byte strings; in an intset, the integer's
#   decimal form is the member.
# All of these need the keyspace lock held; none replies to a client.
from keydb._core.state cimport Client
from keydb._core.object cimport RObj
from keydb._core.dict cimport DictIter

# One member as a set hands it out. From an intset only `ll` is set
# (ptr is NULL until set_member_bytes formats it into buf); from a hash
# table ptr/len point at the member inside the set, valid until the set
# next changes.
cdef struct SetMember:
    int encoding            # ENC_INTSET or ENC_HT: where it came from
    long long ll            # the integer (ENC_INTSET)
    const char* ptr         # the bytes (ENC_HT, or after set_member_bytes)
    size_t len
    char buf[24]

cdef inline void set_member_bytes(SetMember* m) noexcept nogil:
    # Make m.ptr/m.len valid (formats an intset member's digits into m.buf).
    if m.ptr == NULL:
        set_member_format(m)

cdef void set_member_format(SetMember* m) noexcept nogil

# A new, empty set in the encoding its first member p[:n] calls for
# (Redis's setTypeCreate): add that member (and others) with set_add.
cdef RObj* set_create_for(const char* p, size_t n) noexcept nogil
cdef RObj* set_create_intset() noexcept nogil               # an empty ENC_INTSET set

cdef unsigned long set_size(RObj* o) noexcept nogil
# Add p[:n]; 1 if it was added, 0 if already there. Converts to ENC_HT when
# the member is not an integer or the intset passes the limit.
cdef int set_add(RObj* o, const char* p, size_t n) noexcept nogil
cdef int set_add_member(RObj* o, SetMember* m) noexcept nogil     # set_add of a handed-out member
# Remove p[:n]; 1 if it was there. The caller deletes the key when the set
# becomes empty (set_size 0).
cdef int set_remove(RObj* o, const char* p, size_t n) noexcept nogil
cdef int set_remove_member(RObj* o, SetMember* m) noexcept nogil
cdef int set_contains(RObj* o, const char* p, size_t n) noexcept nogil     # 1 if a member
cdef int set_contains_member(RObj* o, SetMember* m) noexcept nogil
# Turn an ENC_INTSET set into ENC_HT (no-op when it already is).
cdef void set_convert_to_ht(RObj* o) noexcept nogil
# A random member: uniform for ENC_INTSET, close to uniform for ENC_HT
# (dict_fair_random). The set must not be empty.
cdef void set_random(RObj* o, SetMember* m) noexcept nogil

# Walk every member once: intsets in ascending order, hash tables in table
# order. The set must not change during the walk (lookups in *other* sets
# are fine; in this one they would move its rehash step).
cdef struct SetIter:
    RObj* o
    unsigned long pos       # ENC_INTSET: next index
    DictIter di             # ENC_HT
cdef void set_iter_init(SetIter* it, RObj* o) noexcept nogil
cdef int set_iter_next(SetIter* it, SetMember* m) noexcept nogil   # 1 with *m filled, 0 at the end

cdef void cmd_sadd(Client* c) noexcept nogil
cdef void cmd_srem(Client* c) noexcept nogil
cdef void cmd_scard(Client* c) noexcept nogil
cdef void cmd_sismember(Client* c) noexcept nogil
cdef void cmd_smismember(Client* c) noexcept nogil
cdef void cmd_smembers(Client* c) noexcept nogil
cdef void cmd_spop(Client* c) noexcept nogil
cdef void cmd_srandmember(Client* c) noexcept nogil
cdef void cmd_smove(Client* c) noexcept nogil
cdef void cmd_sinter(Client* c) noexcept nogil
cdef void cmd_sintercard(Client* c) noexcept nogil
cdef void cmd_sinterstore(Client* c) noexcept nogil
cdef void cmd_sunion(Client* c) noexcept nogil
cdef void cmd_sunionstore(Client* c) noexcept nogil
cdef void cmd_sdiff(Client* c) noexcept nogil
cdef void cmd_sdiffstore(Client* c) noexcept nogil
cdef void cmd_sscan(Client* c) noexcept nogil
