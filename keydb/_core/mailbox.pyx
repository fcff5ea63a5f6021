"""Worker mailboxes: how one thread asks another worker to do something.

A task is a function and an argument, queued under the worker's mbox_lock and
signalled through its eventfd; the owning worker runs the tasks in the order
they were posted when its loop sees the eventfd readable. This is the only
way a thread touches another worker's clients.
"""
from libc.stdint cimport uint64_t
from posix.unistd cimport read, write
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.includes.sys cimport pthread_mutex_lock, pthread_mutex_unlock
from keydb._core.state cimport Worker, MailboxTask, MailboxFn


cdef void mailbox_post(Worker* w, MailboxFn fn, void* arg) noexcept nogil:
    cdef MailboxTask* t = <MailboxTask*>zmalloc(sizeof(MailboxTask))
    cdef uint64_t one = 1
    t.fn = fn
    t.arg = arg
    t.next = NULL
    pthread_mutex_lock(&w.mbox_lock)
    if w.mbox_tail != NULL:
        w.mbox_tail.next = t
    else:
        w.mbox_head = t
    w.mbox_tail = t
    pthread_mutex_unlock(&w.mbox_lock)
    write(w.mailbox.fd, &one, 8)


cdef void mailbox_drain(Worker* w) noexcept nogil:
    cdef uint64_t v
    cdef MailboxTask* t
    cdef MailboxTask* nxt
    read(w.mailbox.fd, &v, 8)
    pthread_mutex_lock(&w.mbox_lock)
    t = w.mbox_head
    w.mbox_head = NULL
    w.mbox_tail = NULL
    pthread_mutex_unlock(&w.mbox_lock)
    while t != NULL:
        nxt = t.next
        t.fn(w, t.arg)
        zfree(t)
        t = nxt
