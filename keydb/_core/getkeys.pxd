# COMMAND GETKEYS hooks (state.pxd's GetKeysProc) for commands with a key
# count argument (see getkeys.pyx). keys needs room for argc entries.
from keydb._core.state cimport Arg

# numkeys at argv[1], the keys after it: LMPOP, ZMPOP, SINTERCARD, ZINTERCARD, ZUNION, ZINTER, ZDIFF.
cdef int keynum_at1_get_keys(Arg* argv, int argc, int* keys) noexcept nogil
# numkeys at argv[2] (after a timeout): BLMPOP, BZMPOP.
cdef int keynum_at2_get_keys(Arg* argv, int argc, int* keys) noexcept nogil
# destination at argv[1], numkeys at argv[2]: ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE.
cdef int store_keynum_get_keys(Arg* argv, int argc, int* keys) noexcept nogil
