# Quicklist: the list encoding (Redis 7.0 uses it for every list). A doubly
# linked chain of nodes, each holding a listpack of list elements:
#   fill > 0     at most `fill` entries per node (and at most 8 KB)
#   fill -1..-5  at most 4 / 8 / 16 / 32 / 64 KB of listpack per node
# With a compress depth d > 0, the nodes that have at least d nodes on each
# side are kept LZF-compressed (keydb/_core/lzf.pxd); the d nodes at each
# end stay plain, so pushes and pops never decompress.
#
# Positions are 0-based from the head; negative indexes count from the tail
# (-1 is the last element). Every function needs the keyspace lock (the
# list belongs to a value in the keyspace); none of them replies.
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from keydb._core.listpack cimport LpVal

cdef enum:
    QL_HEAD = 0
    QL_TAIL = 1
    QL_FILL_MAX = 32767            # config values are clamped to -5..QL_FILL_MAX
    QL_DEPTH_MAX = 65535

cdef struct QlNode:
    QlNode* prev
    QlNode* next
    uint8_t* lp          # the node's listpack, or its LZF form when compressed
    uint32_t sz          # bytes of the (uncompressed) listpack
    uint16_t count       # entries in the listpack
    uint8_t compressed   # 1: lp points at a QlLzf
    uint8_t flags        # QLN_* below

cdef enum:
    QLN_RECOMPRESS = 1   # decompressed for a while: compress again when released
    QLN_PINNED = 2       # an iterator stands on it: never compress it meanwhile

# A compressed node's payload: the LZF bytes of the listpack (node.sz long).
cdef struct QlLzf:
    uint32_t sz          # bytes of data
    # data follows

cdef struct Quicklist:
    QlNode* head
    QlNode* tail
    unsigned long count  # elements in all nodes
    unsigned long len    # nodes
    int fill             # list-max-listpack-size when the list was created
    int depth            # list-compress-depth when the list was created

# Walking the list in one direction. While an iterator is on a node, that
# node stays decompressed; ql_iter_release must be called when done (it
# lets the node be compressed again).
cdef struct QlIter:
    Quicklist* ql
    QlNode* node         # the node being walked, NULL past the end
    uint8_t* p           # the entry last returned (or the next one, see pending)
    int forward          # 1: head to tail
    int pending          # 1: p (maybe NULL = this node is done) is the next answer

# An element to compare entries with, prepared once (a canonical integer
# compares with integer entries only, as the listpack stores them so).
cdef struct QlMatch:
    const char* s
    size_t len
    long long ll
    int is_int

cdef Quicklist* ql_new(int fill, int depth) noexcept nogil      # values are clamped
cdef void ql_free(Quicklist* ql) noexcept nogil
cdef Quicklist* ql_dup(Quicklist* ql) noexcept nogil
# Allocator bytes of the list (header, nodes, listpacks): all nodes when
# samples is 0, else the average of the first `samples` nodes times len.
cdef size_t ql_memory(Quicklist* ql, size_t samples) noexcept nogil

cdef void ql_push(Quicklist* ql, const char* s, size_t n, int where) noexcept nogil   # QL_HEAD / QL_TAIL
# Remove `count` elements starting at index `start` (negative from the
# tail); fewer when the list ends first. Returns how many were removed.
cdef unsigned long ql_del_range(Quicklist* ql, long start, unsigned long count) noexcept nogil
# Put s[0:n] in place of the element at index; 0 when out of range.
cdef int ql_replace_at(Quicklist* ql, long index, const char* s, size_t n) noexcept nogil

# Iteration. ql_iter_init_at positions the iterator so that the first
# ql_next returns the element at index (0 if out of range: then ql_next
# returns 0). ql_next fills v (may be NULL) with the next element and
# returns 1, or returns 0 at the end; v.s NULL means the integer v.ll. The
# value stays valid until the iterator moves or the list changes.
cdef void ql_iter_init(Quicklist* ql, QlIter* it, int forward) noexcept nogil
cdef int ql_iter_init_at(Quicklist* ql, QlIter* it, int forward, long index) noexcept nogil
cdef int ql_next(QlIter* it, LpVal* v) noexcept nogil
cdef void ql_iter_release(QlIter* it) noexcept nogil
# Remove the element last returned by ql_next; the walk goes on with the
# element that followed it in the iterator's direction.
cdef void ql_iter_delete(QlIter* it) noexcept nogil
# Insert s[0:n] next to the element last returned by ql_next (after it in
# head-to-tail order when `after`, else before it), then release the
# iterator: it cannot be used any more.
cdef void ql_iter_insert(QlIter* it, const char* s, size_t n, int after) noexcept nogil

cdef void ql_match_init(QlMatch* m, const char* s, size_t n) noexcept nogil
cdef int ql_match(QlMatch* m, LpVal* v) noexcept nogil        # 1 if equal
