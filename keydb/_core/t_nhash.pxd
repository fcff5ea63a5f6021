# KeyDB's nested hashes: KEYDB.NHSET and KEYDB.NHGET, and the value type
# they create.
#
# A path "a.b.c" names the key "a" and, inside it, the child "b" and its
# child "c". Inner levels are OBJ_NESTEDHASH values (object.pxd), encoding
# ENC_HT: a Dict from the child's name to an owned RObj*, which is a string,
# a list (several values set at once) or another nested hash. A nested hash
# is never empty: one is only made to hold the child being set.
from keydb._core.state cimport Client

cdef void cmd_keydb_nhset(Client* c) noexcept nogil
cdef void cmd_keydb_nhget(Client* c) noexcept nogil
