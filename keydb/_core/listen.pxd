# Listening sockets (see listen.pyx).

# One TCP listening socket on addr:port ("*" and "::*" mean every IPv4 /
# IPv6 address), SO_REUSEPORT when asked; with backlog < 0 it only binds,
# as a probe. -1 with err (128 bytes) set on failure.
cdef int tcp_listener(const char* addr, int port, int backlog, char* err,
                      int reuseport) noexcept nogil
cdef int unix_listener(const char* path, int perm, int backlog, char* err) noexcept nogil
