# Workers: one epoll loop per thread, its listeners, its mailbox, its cron.
from keydb._core.state cimport Worker, MailboxFn

# Ask every worker to look at its clients' `killed` flags.
cdef void wake_all_for_kills() noexcept nogil
# Wake every worker's loop (after CLIENT UNPAUSE: postponed clients run on).
cdef void wake_all_workers() noexcept nogil
# Request shutdown (SIGTERM, SHUTDOWN): worker 0 carries it out.
cdef void request_shutdown() noexcept nogil
cdef void worker_loop(Worker* w) noexcept nogil
