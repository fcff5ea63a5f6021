# Hashes: the hash-type layer over both encodings, and the commands of
# Redis 7.0's hash group.
#
# Encodings (as OBJECT ENCODING reports them):
#   ENC_LISTPACK  o.v.ptr is a listpack of field, value, field, value ... in
#                 insertion order, while the hash has at most
#                 hash-max-listpack-entries fields and no field or value is
#                 longer than hash-max-listpack-value bytes.
#   ENC_HT        o.v.ptr is a Dict: field -> value, the value stored
#                 compactly (up to 7 bytes inside the entry itself).
# A hash converts from listpack to hashtable once a threshold is crossed and
# never back, as Redis does.
#
# Every function needs the keyspace lock. Pointers to field or value bytes
# returned here are valid until the hash is next modified.
from keydb._core.state cimport Client, Arg
from keydb._core.object cimport RObj

cdef enum:
    HASH_VAL_BUF = 21      # room for a value kept as an integer (any int64 in decimal)

# Called once for each field and value; the bytes are valid during the call.
ctypedef void (*HashVisitFn)(void* priv, const char* f, size_t flen,
                             const char* v, size_t vlen) noexcept nogil

# A new empty hash (listpack encoded); the caller stores it in the keyspace.
cdef RObj* hash_create() noexcept nogil
cdef unsigned long hash_length(RObj* o) noexcept nogil
# The value of field f: its bytes and length in *vlen, or NULL when absent.
# A value the listpack holds as an integer is formatted into buf
# (HASH_VAL_BUF bytes).
cdef const char* hash_get(RObj* o, const char* f, size_t flen, size_t* vlen, char* buf) noexcept nogil
cdef int hash_exists(RObj* o, const char* f, size_t flen) noexcept nogil
# Set field f to v (both copied): 1 if the field is new, 0 if it was updated.
# Converts to hashtable first when f or v is longer than
# hash-max-listpack-value, and after adding when the field count passes
# hash-max-listpack-entries.
cdef int hash_set(RObj* o, const char* f, size_t flen, const char* v, size_t vlen) noexcept nogil
# Remove field f: 1 if it was there. The caller deletes the key when the
# hash becomes empty.
cdef int hash_delete(RObj* o, const char* f, size_t flen) noexcept nogil
# Every field and value, each once, in order (insertion order for a
# listpack). During the walk fn must neither modify the hash nor look it up
# (a hashtable lookup moves a rehash step).
cdef void hash_iterate(RObj* o, HashVisitFn fn, void* priv) noexcept nogil
# Listpack -> hashtable (no-op on a hashtable).
cdef void hash_convert(RObj* o) noexcept nogil
# Before writing argv[first..last] (fields and values) into o: convert a
# listpack hash that one of them would push over hash-max-listpack-value,
# or that would pass the listpack's 1 GB safety limit.
cdef void hash_try_conversion(RObj* o, Arg* argv, int first, int last) noexcept nogil

cdef void cmd_hset(Client* c) noexcept nogil
cdef void cmd_hmset(Client* c) noexcept nogil
cdef void cmd_hsetnx(Client* c) noexcept nogil
cdef void cmd_hget(Client* c) noexcept nogil
cdef void cmd_hmget(Client* c) noexcept nogil
cdef void cmd_hdel(Client* c) noexcept nogil
cdef void cmd_hexists(Client* c) noexcept nogil
cdef void cmd_hlen(Client* c) noexcept nogil
cdef void cmd_hstrlen(Client* c) noexcept nogil
cdef void cmd_hkeys(Client* c) noexcept nogil
cdef void cmd_hvals(Client* c) noexcept nogil
cdef void cmd_hgetall(Client* c) noexcept nogil
cdef void cmd_hincrby(Client* c) noexcept nogil
cdef void cmd_hincrbyfloat(Client* c) noexcept nogil
cdef void cmd_hrandfield(Client* c) noexcept nogil
cdef void cmd_hscan(Client* c) noexcept nogil
