# The keyspace lock (DESIGN.md section 2). Every command runs inside
# keyspace_lock/keyspace_unlock; these are the only calls that take it, so
# splitting it later (read/write, per slot) changes this file alone.
# A waiting thread parks in the kernel (futex) rather than spinning, which
# keeps throughput up when workers outnumber free cores.
from keydb._core.includes.sys cimport pthread_mutex_lock, pthread_mutex_unlock
from keydb._core.state cimport g
from keydb._core.util cimport mstime

cdef inline void keyspace_lock(void* ctx) noexcept nogil:
    pthread_mutex_lock(&g.lock)
    g.cmd_time_ms = mstime()

cdef inline void keyspace_unlock(void* ctx) noexcept nogil:
    pthread_mutex_unlock(&g.lock)
