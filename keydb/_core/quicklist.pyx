"""Quicklist: a doubly linked chain of listpack nodes (see quicklist.pxd).

Node sizing follows Redis 7.0's rule: with a negative fill a node may grow
while its listpack stays within 4 KB << (-fill - 1); with a positive fill
while it holds fewer than `fill` entries and stays within 8 KB. An element
too big for any node gets a node of its own.

Compression: when depth > 0, every node with at least `depth` nodes on each
side is kept LZF-compressed, if that saves at least 8 bytes. Code that
needs a node's entries calls node_use() (decompress, remember to compress
again); then node_release() after reading, or settle() after changing the
entries (which also compresses a plain inner node that grew). Structural
changes end with keep_ends_plain(), which decompresses the nodes that came
within `depth` of an end and compresses the ones that left it. An iterator
pins its node so that no compression happens under its feet.
"""
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.string cimport memcpy, memcmp
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree, zmalloc_size
from keydb._core.util cimport string2ll
from keydb._core.lzf cimport lzf_compress, lzf_decompress
from keydb._core.listpack cimport (LpVal, LP_BEFORE, LP_AFTER, LP_REPLACE, lp_new, lp_free,
    lp_dup, lp_bytes, lp_first, lp_last, lp_next, lp_prev, lp_seek, lp_get, lp_insert,
    lp_append, lp_prepend, lp_delete, lp_delete_range, lp_merge, lp_entry_size, lp_length)

cdef enum:
    SIZE_SAFETY_LIMIT = 8192      # bytes a node may reach with a positive fill
    LP_OVERHEAD = 7               # a listpack's header and end byte
    MIN_COMPRESS_BYTES = 48       # smaller nodes are not worth compressing
    MIN_COMPRESS_GAIN = 8


cdef inline size_t fill_bytes(int fill) noexcept nogil:
    # The byte budget of a node: 4 KB .. 64 KB for fill -1 .. -5.
    return <size_t>4096 << (-fill - 1)


# ---- compression -----------------------------------------------------------

cdef void node_compress(QlNode* node) noexcept nogil:
    # Replace the listpack by its LZF form when that pays; pinned nodes are
    # only marked, their iterator compresses them on release.
    cdef QlLzf* z
    cdef size_t got
    if node.compressed:
        return
    if node.flags & QLN_PINNED:
        node.flags |= QLN_RECOMPRESS
        return
    node.flags &= ~QLN_RECOMPRESS
    if node.sz < MIN_COMPRESS_BYTES:
        return
    z = <QlLzf*>zmalloc(sizeof(QlLzf) + node.sz)
    got = lzf_compress(node.lp, node.sz, (<char*>z) + sizeof(QlLzf), node.sz - MIN_COMPRESS_GAIN)
    if got == 0:
        zfree(z)
        return
    z = <QlLzf*>zrealloc(z, sizeof(QlLzf) + got)
    z.sz = <uint32_t>got
    lp_free(node.lp)
    node.lp = <uint8_t*>z
    node.compressed = 1


cdef void node_decompress(QlNode* node) noexcept nogil:
    cdef QlLzf* z
    cdef uint8_t* lp
    if not node.compressed:
        return
    z = <QlLzf*>node.lp
    lp = <uint8_t*>zmalloc(node.sz)
    lzf_decompress((<char*>z) + sizeof(QlLzf), z.sz, lp, node.sz)
    zfree(z)
    node.lp = lp
    node.compressed = 0


cdef inline void node_use(QlNode* node) noexcept nogil:
    # Make the listpack readable; a node that was compressed is compressed
    # again by node_release.
    if node.compressed:
        node_decompress(node)
        node.flags |= QLN_RECOMPRESS


cdef inline void node_release(QlNode* node) noexcept nogil:
    if node.flags & QLN_RECOMPRESS:
        node_compress(node)


cdef void keep_ends_plain(Quicklist* ql) noexcept nogil:
    # Restore the rule after nodes were added or removed: the `depth` nodes
    # at each end plain, the next one in from each end compressed (the ones
    # further in are compressed already, or were when they were created or
    # last touched).
    cdef QlNode* a = ql.head
    cdef QlNode* b = ql.tail
    cdef int i = 0
    if ql.depth == 0:
        return
    while i < ql.depth and a != NULL:
        node_decompress(a)
        node_decompress(b)
        a.flags &= ~QLN_RECOMPRESS         # an iterator on it must not compress it
        b.flags &= ~QLN_RECOMPRESS
        a = a.next
        b = b.prev
        i += 1
    if ql.len > <unsigned long>(2 * ql.depth):
        node_compress(a)
        node_compress(b)


cdef int node_is_inner(Quicklist* ql, QlNode* node) noexcept nogil:
    # 1 when node has at least `depth` nodes on each side (so it belongs
    # compressed). Walks at most `depth` nodes each way.
    cdef QlNode* a = node
    cdef QlNode* b = node
    cdef int i
    if ql.depth == 0 or ql.len <= <unsigned long>(2 * ql.depth):
        return 0
    for i in range(ql.depth):
        a = a.prev
        b = b.next
        if a == NULL or b == NULL:
            return 0
    return 1


cdef inline void settle(Quicklist* ql, QlNode* node) noexcept nogil:
    # After node's entries changed in place: compress it if it is an inner
    # node (one that was compressed before the change still is).
    if node.flags & QLN_RECOMPRESS or (ql.depth and node_is_inner(ql, node)):
        node_compress(node)


# ---- nodes -----------------------------------------------------------------

cdef QlNode* node_new(uint8_t* lp, uint16_t count) noexcept nogil:
    cdef QlNode* node = <QlNode*>zmalloc(sizeof(QlNode))
    node.prev = NULL
    node.next = NULL
    node.lp = lp
    node.sz = lp_bytes(lp)
    node.count = count
    node.compressed = 0
    node.flags = 0
    return node


cdef void node_free(QlNode* node) noexcept nogil:
    zfree(node.lp)
    zfree(node)


cdef void link_after(Quicklist* ql, QlNode* at, QlNode* node) noexcept nogil:
    # Link node after `at` (at NULL: as the new head).
    if at == NULL:
        node.prev = NULL
        node.next = ql.head
        if ql.head != NULL:
            ql.head.prev = node
        ql.head = node
        if ql.tail == NULL:
            ql.tail = node
    else:
        node.prev = at
        node.next = at.next
        if at.next != NULL:
            at.next.prev = node
        at.next = node
        if ql.tail == at:
            ql.tail = node
    ql.len += 1


cdef inline void link_before(Quicklist* ql, QlNode* at, QlNode* node) noexcept nogil:
    link_after(ql, at.prev, node)


cdef void unlink_node(Quicklist* ql, QlNode* node) noexcept nogil:
    # Take node out of the chain and free it; its entries leave the count.
    if node.prev != NULL:
        node.prev.next = node.next
    else:
        ql.head = node.next
    if node.next != NULL:
        node.next.prev = node.prev
    else:
        ql.tail = node.prev
    ql.len -= 1
    ql.count -= node.count
    node_free(node)


cdef inline int node_has_room(Quicklist* ql, QlNode* node, size_t add) noexcept nogil:
    # 1 when `add` more listpack bytes (one more entry) fit the fill rule.
    cdef size_t sz
    if node == NULL:
        return 0
    sz = node.sz + add
    if ql.fill < 0:
        return sz <= fill_bytes(ql.fill)
    return sz <= SIZE_SAFETY_LIMIT and node.count < ql.fill


cdef inline int nodes_fit_together(Quicklist* ql, QlNode* a, QlNode* b) noexcept nogil:
    cdef size_t sz = <size_t>a.sz + b.sz - LP_OVERHEAD
    if ql.fill < 0:
        return sz <= fill_bytes(ql.fill)
    return sz <= SIZE_SAFETY_LIMIT and <int>a.count + b.count <= ql.fill


cdef inline void node_changed(QlNode* node, int delta) noexcept nogil:
    node.sz = lp_bytes(node.lp)
    node.count = <uint16_t>(node.count + delta)


cdef int merge_nodes(Quicklist* ql, QlNode* a, QlNode* b) noexcept nogil:
    # Move b's entries to the end of a (its left neighbour) and free b when
    # both fit in one node. 1 if merged.
    cdef uint16_t moved
    if a == NULL or b == NULL or (a.flags | b.flags) & QLN_PINNED or not nodes_fit_together(ql, a, b):
        return 0
    node_decompress(a)
    node_decompress(b)
    moved = b.count
    a.lp = lp_merge(a.lp, b.lp)
    b.lp = lp_new()
    b.count = 0
    node_changed(a, moved)
    unlink_node(ql, b)
    return 1


# ---- create, free, copy, size ---------------------------------------------

cdef Quicklist* ql_new(int fill, int depth) noexcept nogil:
    cdef Quicklist* ql = <Quicklist*>zmalloc(sizeof(Quicklist))
    ql.head = NULL
    ql.tail = NULL
    ql.count = 0
    ql.len = 0
    ql.fill = -5 if fill < -5 else QL_FILL_MAX if fill > QL_FILL_MAX else fill
    if ql.fill == 0:
        ql.fill = 1
    ql.depth = 0 if depth < 0 else QL_DEPTH_MAX if depth > QL_DEPTH_MAX else depth
    return ql


cdef void ql_free(Quicklist* ql) noexcept nogil:
    cdef QlNode* node = ql.head
    cdef QlNode* nxt
    while node != NULL:
        nxt = node.next
        node_free(node)
        node = nxt
    zfree(ql)


cdef Quicklist* ql_dup(Quicklist* ql) noexcept nogil:
    cdef Quicklist* copy = ql_new(ql.fill, ql.depth)
    cdef QlNode* node = ql.head
    cdef QlNode* n
    cdef size_t size
    while node != NULL:
        size = (<QlLzf*>node.lp).sz + sizeof(QlLzf) if node.compressed else node.sz
        n = <QlNode*>zmalloc(sizeof(QlNode))
        n.lp = <uint8_t*>zmalloc(size)
        memcpy(n.lp, node.lp, size)
        n.sz = node.sz
        n.count = node.count
        n.compressed = node.compressed
        n.flags = 0
        link_after(copy, copy.tail, n)
        node = node.next
    copy.count = ql.count
    return copy


cdef size_t ql_memory(Quicklist* ql, size_t samples) noexcept nogil:
    cdef QlNode* node = ql.head
    cdef size_t total = 0
    cdef size_t seen = 0
    while node != NULL and (samples == 0 or seen < samples):
        total += zmalloc_size(node) + zmalloc_size(node.lp)
        seen += 1
        node = node.next
    if seen and seen < ql.len:
        total = <size_t>(<double>total / seen * ql.len)
    return zmalloc_size(ql) + total


# ---- positions -------------------------------------------------------------

cdef QlNode* find_node(Quicklist* ql, long index, long* offset) noexcept nogil:
    # The node holding element `index` (negative from the tail) and the
    # element's offset in it; NULL when out of range. Walks from the nearer
    # end, one step per node.
    cdef QlNode* node
    cdef unsigned long i, seen = 0
    if index < 0:
        if <unsigned long>(-(index + 1)) >= ql.count:
            return NULL
        i = ql.count - <unsigned long>(-(index + 1)) - 1
    else:
        if <unsigned long>index >= ql.count:
            return NULL
        i = <unsigned long>index
    if i < ql.count // 2:
        node = ql.head
        while seen + node.count <= i:
            seen += node.count
            node = node.next
        offset[0] = <long>(i - seen)
    else:
        i = ql.count - 1 - i              # distance from the tail
        node = ql.tail
        while seen + node.count <= i:
            seen += node.count
            node = node.prev
        offset[0] = <long>(node.count - 1 - (i - seen))
    return node


# ---- push, delete, replace -------------------------------------------------

cdef void ql_push(Quicklist* ql, const char* s, size_t n, int where) noexcept nogil:
    cdef QlNode* node = ql.head if where == QL_HEAD else ql.tail
    cdef size_t add = lp_entry_size(s, n)
    if node_has_room(ql, node, add):
        node_use(node)
        node.lp = lp_prepend(node.lp, s, n) if where == QL_HEAD else lp_append(node.lp, s, n)
        node_changed(node, 1)
        settle(ql, node)
        ql.count += 1
        return
    node = node_new(lp_append(lp_new(), s, n), 1)
    link_after(ql, NULL if where == QL_HEAD else ql.tail, node)
    ql.count += 1
    keep_ends_plain(ql)


cdef unsigned long ql_del_range(Quicklist* ql, long start, unsigned long count) noexcept nogil:
    cdef long offset
    cdef QlNode* node = find_node(ql, start, &offset)
    cdef QlNode* nxt
    cdef unsigned long removed = 0
    cdef unsigned long here
    while node != NULL and removed < count:
        nxt = node.next
        here = node.count - <unsigned long>offset
        if here > count - removed:
            here = count - removed
        if here == node.count:
            unlink_node(ql, node)
        else:
            node_use(node)
            node.lp = lp_delete_range(node.lp, offset, here)
            node_changed(node, -<int>here)
            settle(ql, node)
            ql.count -= here
        removed += here
        offset = 0
        node = nxt
    keep_ends_plain(ql)
    return removed


cdef int ql_replace_at(Quicklist* ql, long index, const char* s, size_t n) noexcept nogil:
    cdef long offset
    cdef QlNode* node = find_node(ql, index, &offset)
    cdef uint8_t* p
    cdef uint8_t* q
    cdef size_t old
    cdef size_t new = lp_entry_size(s, n)
    cdef QlIter it
    if node == NULL:
        return 0
    node_use(node)
    p = lp_seek(node.lp, offset)
    q = lp_next(node.lp, p)
    old = <size_t>((q if q != NULL else node.lp + node.sz - 1) - p)
    if node.count == 1 or node_has_room(ql, node, new - old if new > old else 0):
        node.lp = lp_insert(node.lp, s, n, p, LP_REPLACE, NULL)
        node_changed(node, 0)
        settle(ql, node)
        return 1
    node_release(node)
    # Too big for this node: remove the old element and insert the new one
    # where it was, which splits the node.
    ql_iter_init_at(ql, &it, 1, index)
    ql_next(&it, NULL)
    ql_iter_delete(&it)
    if ql_next(&it, NULL):
        ql_iter_insert(&it, s, n, 0)
    else:
        ql_iter_release(&it)
        ql_push(ql, s, n, QL_TAIL)
    return 1


# ---- iteration -------------------------------------------------------------

cdef inline void iter_enter(QlIter* it, QlNode* node) noexcept nogil:
    it.node = node
    it.p = NULL
    it.pending = 0
    if node != NULL:
        node_use(node)
        node.flags |= QLN_PINNED


cdef inline void iter_leave(QlIter* it) noexcept nogil:
    cdef QlNode* node = it.node
    if node != NULL:
        node.flags &= ~QLN_PINNED
        node_release(node)
        it.node = NULL


cdef void ql_iter_init(Quicklist* ql, QlIter* it, int forward) noexcept nogil:
    it.ql = ql
    it.forward = forward
    iter_enter(it, ql.head if forward else ql.tail)


cdef int ql_iter_init_at(Quicklist* ql, QlIter* it, int forward, long index) noexcept nogil:
    cdef long offset
    cdef QlNode* node = find_node(ql, index, &offset)
    it.ql = ql
    it.forward = forward
    iter_enter(it, node)
    if node == NULL:
        return 0
    it.p = lp_seek(node.lp, offset)
    it.pending = 1
    return 1


cdef int ql_next(QlIter* it, LpVal* v) noexcept nogil:
    cdef uint8_t* p
    cdef QlNode* nxt
    while it.node != NULL:
        if it.pending:
            p = it.p
            it.pending = 0
        elif it.p == NULL:
            p = lp_first(it.node.lp) if it.forward else lp_last(it.node.lp)
        else:
            p = lp_next(it.node.lp, it.p) if it.forward else lp_prev(it.node.lp, it.p)
        if p != NULL:
            it.p = p
            if v != NULL:
                lp_get(p, v)
            return 1
        nxt = it.node.next if it.forward else it.node.prev
        iter_leave(it)
        iter_enter(it, nxt)
    return 0


cdef void ql_iter_release(QlIter* it) noexcept nogil:
    iter_leave(it)


cdef void ql_iter_delete(QlIter* it) noexcept nogil:
    cdef QlNode* node = it.node
    cdef Quicklist* ql = it.ql
    cdef QlNode* nxt
    cdef uint8_t* after
    if node.count == 1:
        nxt = node.next if it.forward else node.prev
        it.node = NULL
        unlink_node(ql, node)
        keep_ends_plain(ql)
        iter_enter(it, nxt)
        return
    node.lp = lp_delete(node.lp, it.p, &after)
    node_changed(node, -1)
    ql.count -= 1
    if it.forward:
        it.p = after
    else:
        it.p = lp_prev(node.lp, after) if after != NULL else lp_last(node.lp)
    it.pending = 1


cdef void ql_iter_insert(QlIter* it, const char* s, size_t n, int after) noexcept nogil:
    cdef Quicklist* ql = it.ql
    cdef QlNode* node = it.node
    cdef uint8_t* p = it.p
    cdef size_t add = lp_entry_size(s, n)
    cdef QlNode* side
    cdef QlNode* right
    cdef long offset
    cdef uint8_t* q
    cdef int at_edge
    node.flags &= ~QLN_PINNED
    it.node = NULL
    if node_has_room(ql, node, add):
        node.lp = lp_insert(node.lp, s, n, p, LP_AFTER if after else LP_BEFORE, NULL)
        node_changed(node, 1)
        ql.count += 1
        settle(ql, node)
        return
    at_edge = (lp_next(node.lp, p) == NULL) if after else (lp_prev(node.lp, p) == NULL)
    if at_edge:
        # Next to a node boundary: the neighbour on that side, or a new node.
        side = node.next if after else node.prev
        node_release(node)
        if node_has_room(ql, side, add):
            node_use(side)
            side.lp = lp_prepend(side.lp, s, n) if after else lp_append(side.lp, s, n)
            node_changed(side, 1)
            settle(ql, side)
            ql.count += 1
            return
        side = node_new(lp_append(lp_new(), s, n), 1)
        if after:
            link_after(ql, node, side)
        else:
            link_before(ql, node, side)
        ql.count += 1
        keep_ends_plain(ql)
        settle(ql, side)
        return
    # In the middle of a full node: split it where the element goes, put the
    # element at the end of the left part, then merge what fits together.
    offset = 0
    q = lp_first(node.lp)
    while q != p:
        q = lp_next(node.lp, q)
        offset += 1
    if after:
        offset += 1
    right = node_new(lp_delete_range(lp_dup(node.lp), 0, <unsigned long>offset), <uint16_t>(node.count - offset))
    node.lp = lp_delete_range(node.lp, offset, node.count - <unsigned long>offset)
    node.count = <uint16_t>offset
    node.sz = lp_bytes(node.lp)
    link_after(ql, node, right)
    node.flags &= ~QLN_RECOMPRESS
    if node_has_room(ql, node, add):
        node.lp = lp_append(node.lp, s, n)
        node_changed(node, 1)
    elif node_has_room(ql, right, add):
        right.lp = lp_prepend(right.lp, s, n)
        node_changed(right, 1)
    else:
        side = node_new(lp_append(lp_new(), s, n), 1)
        link_after(ql, node, side)
        settle(ql, side)
    ql.count += 1
    merge_nodes(ql, right, right.next)
    side = node.prev
    if merge_nodes(ql, side, node):
        node = side
    keep_ends_plain(ql)
    settle(ql, node)
    settle(ql, right)


# ---- comparing -------------------------------------------------------------

cdef void ql_match_init(QlMatch* m, const char* s, size_t n) noexcept nogil:
    m.s = s
    m.len = n
    m.is_int = n <= 20 and string2ll(s, n, &m.ll)


cdef int ql_match(QlMatch* m, LpVal* v) noexcept nogil:
    if v.s == NULL:
        return m.is_int and v.ll == m.ll
    return not m.is_int and v.len == m.len and (m.len == 0 or memcmp(v.s, m.s, m.len) == 0)


# ---- test hooks (tests/unit/test_quicklist.py) ----------------------------

cdef str check_invariants(Quicklist* ql):
    # "" when the structure is sound, else what is wrong: links, counts,
    # node sizes (the fill rule), and the compression rule (ends plain,
    # compressible inner nodes compressed).
    cdef QlNode* node = ql.head
    cdef QlNode* prev = NULL
    cdef unsigned long nodes = 0, total = 0, i = 0
    cdef uint8_t* plain
    while node != NULL:
        if node.prev != prev:
            return "bad prev link at node %d" % nodes
        if node.count == 0:
            return "empty node %d" % nodes
        if node.count > 1 and (node.sz > (fill_bytes(ql.fill) if ql.fill < 0 else SIZE_SAFETY_LIMIT)
                               or (ql.fill > 0 and node.count > ql.fill)):
            return "node %d too big: %d entries, %d bytes" % (nodes, node.count, node.sz)
        if node.flags:
            return "node %d left with flags %d" % (nodes, node.flags)
        total += node.count
        nodes += 1
        prev = node
        node = node.next
    if prev != ql.tail or nodes != ql.len or total != ql.count:
        return "tail/len/count wrong: %d nodes, %d entries, header says %d/%d" % (
            nodes, total, ql.len, ql.count)
    node = ql.head
    while node != NULL:
        plain = node.lp
        if node.compressed:
            plain = <uint8_t*>zmalloc(node.sz)
            if lzf_decompress((<char*>node.lp) + sizeof(QlLzf), (<QlLzf*>node.lp).sz, plain, node.sz) != node.sz:
                return "node %d does not decompress" % i
        if lp_bytes(plain) != node.sz or lp_length(plain) != node.count:
            return "node %d: sz/count disagree with its listpack" % i
        if node.compressed:
            zfree(plain)
        if ql.depth and (i < <unsigned long>ql.depth or i >= nodes - ql.depth) and node.compressed:
            return "node %d of %d compressed within depth %d" % (i, nodes, ql.depth)
        if ql.depth and not (i < <unsigned long>ql.depth or i >= nodes - ql.depth) \
                and not node.compressed and node.sz >= 256:
            return "inner node %d of %d (%d bytes) not compressed" % (i, nodes, node.sz)
        i += 1
        node = node.next
    return ""


cdef list contents(Quicklist* ql):
    cdef QlIter it
    cdef LpVal e
    out = []
    ql_iter_init(ql, &it, 1)
    while ql_next(&it, &e):
        out.append(e.ll if e.s == NULL else e.s[:e.len])
    ql_iter_release(&it)
    return out


def run(int fill, int depth, ops):
    """Apply ops to a new quicklist and return (elements, nodes, problem).

    ops: ("push", where, value) where 0 head / 1 tail; ("del", start, count);
    ("replace", index, value); ("insert", index, value, after);
    ("remove", index, forward) deletes through an iterator walking from
    that element in that direction, then checks the walk continues with the
    right element; ("dup",) replaces the list by its copy. nodes is a list
    of (count, compressed) per node; problem is "" or what broke, checked
    after every op.
    """
    cdef Quicklist* ql = ql_new(fill, depth)
    cdef Quicklist* copy
    cdef QlIter it
    cdef LpVal e
    cdef bytes b
    problem = ""
    for op in ops:
        if op[0] == "push":
            b = op[2]
            ql_push(ql, b, len(b), op[1])
        elif op[0] == "del":
            ql_del_range(ql, op[1], op[2])
        elif op[0] == "replace":
            b = op[2]
            ql_replace_at(ql, op[1], b, len(b))
        elif op[0] == "insert":
            b = op[2]
            ql_iter_init_at(ql, &it, 1, op[1])
            ql_next(&it, NULL)
            ql_iter_insert(&it, b, len(b), op[3])
        elif op[0] == "remove":
            before = contents(ql)
            index = op[1] if op[1] >= 0 else len(before) + op[1]
            ql_iter_init_at(ql, &it, op[2], op[1])
            ql_next(&it, NULL)
            ql_iter_delete(&it)
            following = None
            if op[2] and index + 1 < len(before):
                following = before[index + 1]
            elif not op[2] and index > 0:
                following = before[index - 1]
            got = None
            if ql_next(&it, &e):
                got = e.ll if e.s == NULL else e.s[:e.len]
            ql_iter_release(&it)
            if got != following and not problem:
                problem = "after remove %r the walk gave %r, not %r" % (op, got, following)
        elif op[0] == "dup":
            copy = ql_dup(ql)
            ql_free(ql)
            ql = copy
        if not problem:
            problem = check_invariants(ql)
    nodes = []
    cdef QlNode* node = ql.head
    while node != NULL:
        nodes.append((node.count, node.compressed))
        node = node.next
    out = contents(ql)
    ql_free(ql)
    return out, nodes, problem
