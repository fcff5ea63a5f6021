"""COMMAND GETKEYS hooks for commands whose keys are counted by an argument
(Redis's "keynum" key specs): LMPOP and ZMPOP-like commands, SINTERCARD,
ZINTERCARD, ZUNION/ZINTER/ZDIFF and their STORE forms.

Each writes the argv indexes of the keys into `keys` and returns how many;
0 when the count is not a positive integer or names more keys than there
are arguments, which GETKEYS answers with "Invalid arguments specified for
command", as Redis does.
"""
from keydb._core.state cimport Arg
from keydb._core.util cimport string2ll


cdef int counted_keys(Arg* argv, int argc, int numkeys_at, int* keys, int n) noexcept nogil:
    # Append the keys counted at argv[numkeys_at] to keys[0:n]; the new
    # total, or 0 when the count is invalid.
    cdef long long numkeys
    cdef int j
    if numkeys_at >= argc or not string2ll(argv[numkeys_at].ptr, argv[numkeys_at].len, &numkeys):
        return 0
    if numkeys <= 0 or numkeys > argc - 1 - numkeys_at:
        return 0
    for j in range(<int>numkeys):
        keys[n + j] = numkeys_at + 1 + j
    return n + <int>numkeys


cdef int keynum_at1_get_keys(Arg* argv, int argc, int* keys) noexcept nogil:
    return counted_keys(argv, argc, 1, keys, 0)


cdef int keynum_at2_get_keys(Arg* argv, int argc, int* keys) noexcept nogil:
    return counted_keys(argv, argc, 2, keys, 0)


cdef int store_keynum_get_keys(Arg* argv, int argc, int* keys) noexcept nogil:
    keys[0] = 1
    return counted_keys(argv, argc, 2, keys, 1) if argc > 2 else 0
