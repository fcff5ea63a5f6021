# Worker mailboxes (see mailbox.pyx).
from keydb._core.state cimport Worker, MailboxFn

# Run fn(w, arg) on worker w's thread, soon. Safe from any thread.
cdef void mailbox_post(Worker* w, MailboxFn fn, void* arg) noexcept nogil
# Run every queued task (the worker's own thread, its eventfd readable).
cdef void mailbox_drain(Worker* w) noexcept nogil
