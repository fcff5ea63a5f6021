# maxmemory enforcement: the eight maxmemory-policy algorithms.
cdef enum:
    EVICT_OK = 0         # under the limit (or no limit)
    EVICT_RUNNING = 1    # still over, but keys went and the time budget ran out
    EVICT_FAIL = 2       # over the limit and nothing (more) can be evicted

# Bytes counted against maxmemory (all zmalloc'd memory).
cdef long long evict_used_memory() noexcept nogil
# Free keys until used memory is under maxmemory, within the time budget of
# maxmemory-eviction-tenacity. Requires the keyspace lock. Returns EVICT_*.
cdef int perform_evictions() noexcept nogil
