# Workers: one epoll loop per thread, its listeners, its mailbox, its cron.
from keydb._core.state cimport Worker, MailboxFn

# Run fn(w, arg) on worker w's thread, soon. Safe from any thread.
cdef void mailbox_post(Worker* w, MailboxFn fn, void* arg) noexcept nogil
# Ask every worker to look at its clients' `killed` flags.
cdef void wake_all_for_kills() noexcept nogil
# Request shutdown (SIGTERM, SHUTDOWN): worker 0 carries it out.
cdef void request_shutdown() noexcept nogil
cdef void worker_loop(Worker* w) noexcept nogil
