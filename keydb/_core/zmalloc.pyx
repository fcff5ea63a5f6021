"""Allocation accounting and allocator identity.

The allocator itself is chosen at launch: with MALLOC=jemalloc the launcher
preloads libjemalloc, so malloc/free/malloc_usable_size resolve to jemalloc
for the whole process. This module asks which one is live (dlsym of
``mallctl``) instead of being compiled against one.

Departure from DESIGN.md section 4: used memory is one relaxed atomic counter
rather than per-thread counters summed on demand; with at most 16 workers the
shared cache line costs less than the bookkeeping of per-thread slots.
"""
from libc.stdio cimport fprintf, stderr, snprintf, fopen, fclose, fgets, FILE
from libc.stdlib cimport abort
from libc.string cimport strncmp
from posix.unistd cimport sysconf
from keydb._core.includes.sys cimport dlsym, RTLD_DEFAULT

zm_used = 0

ctypedef int (*mallctl_fn)(const char*, void*, size_t*, void*, size_t) noexcept nogil

cdef char allocator_name[64]
allocator_name[0] = 0


cdef void zmalloc_oom(size_t n) noexcept nogil:
    fprintf(stderr, b"zmalloc: Out of memory trying to allocate %zu bytes\n", n)
    abort()


cdef const char* zmalloc_allocator_name() noexcept nogil:
    cdef mallctl_fn mallctl
    cdef const char* version = NULL
    cdef size_t sz = sizeof(const char*)
    if allocator_name[0] == 0:
        mallctl = <mallctl_fn>dlsym(RTLD_DEFAULT, b"mallctl")
        if mallctl != NULL and mallctl(b"version", &version, &sz, NULL, 0) == 0:
            snprintf(allocator_name, sizeof(allocator_name), b"jemalloc-%.*s", 5, version)
        else:
            snprintf(allocator_name, sizeof(allocator_name), b"libc")
    return allocator_name


cdef size_t zmalloc_get_rss() noexcept nogil:
    # Second field of /proc/self/statm is resident pages.
    cdef char buf[256]
    cdef FILE* f = fopen(b"/proc/self/statm", b"r")
    cdef size_t pages = 0
    cdef char* p
    if f == NULL:
        return 0
    if fgets(buf, sizeof(buf), f) != NULL:
        p = buf
        while p[0] != 0 and p[0] != 32:
            p += 1
        while p[0] == 32:
            p += 1
        while 48 <= p[0] <= 57:
            pages = pages * 10 + <size_t>(p[0] - 48)
            p += 1
    fclose(f)
    return pages * <size_t>sysconf(30)   # _SC_PAGESIZE


def used_memory():
    return zmalloc_used_memory()


def allocator():
    return zmalloc_allocator_name().decode()
