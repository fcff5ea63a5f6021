# SORT and SORT_RO (Redis 7.0's generic group): sorting the elements of a
# list, set or sorted set, by themselves or by keys and hash fields named
# after them, with GET lookups and STORE into a list.
from keydb._core.state cimport Client, Arg

# COMMAND GETKEYS for SORT (the command's getkeys hook, see state.pxd's
# GetKeysProc): argv[1] always, then the destination of the last STORE
# found while stepping over LIMIT's two arguments and BY's and GET's one,
# as Redis's sortGetKeys does. Writes argv indexes into keys (room for 2).
cdef int sort_get_keys(Arg* argv, int argc, int* keys) noexcept nogil

cdef void cmd_sort(Client* c) noexcept nogil
cdef void cmd_sort_ro(Client* c) noexcept nogil
