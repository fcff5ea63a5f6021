# Asking the client's worker loop to send pending output (owner thread).
from keydb._core.state cimport Client, CLIENT_WANT_WRITE
from keydb._core.includes.sys cimport epoll_ctl, epoll_event, EPOLL_CTL_MOD, EPOLLIN, EPOLLOUT

# Have epoll report c writable, so its worker writes what c.obuf holds
# (output added outside c's own batch: MONITOR lines, Pub/Sub messages, a
# reply that did not fit the socket).
cdef inline void client_want_write(Client* c) noexcept nogil:
    cdef epoll_event ev
    if c.flags & CLIENT_WANT_WRITE:
        return
    c.flags |= CLIENT_WANT_WRITE
    ev.events = EPOLLIN | EPOLLOUT
    ev.data.ptr = c
    epoll_ctl(c.worker.epfd, EPOLL_CTL_MOD, c.h.fd, &ev)
