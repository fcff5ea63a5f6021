# An intrusive doubly linked list: a node struct starts with a DListNode, so
# a DListNode* is also a pointer to the whole node. The lists that keep
# clients in order (blocked waiters, WATCH watchers, Pub/Sub subscribers)
# are built on it. No allocation here: the owner allocates and frees nodes.

cdef struct DListNode:
    DListNode* prev
    DListNode* next

cdef struct DList:
    DListNode* head
    DListNode* tail


cdef inline void dlist_init(DList* l) noexcept nogil:
    l.head = NULL
    l.tail = NULL


cdef inline void dlist_push_tail(DList* l, DListNode* n) noexcept nogil:
    n.next = NULL
    n.prev = l.tail
    if l.tail != NULL:
        l.tail.next = n
    else:
        l.head = n
    l.tail = n


cdef inline void dlist_unlink(DList* l, DListNode* n) noexcept nogil:
    if n.prev != NULL:
        n.prev.next = n.next
    else:
        l.head = n.next
    if n.next != NULL:
        n.next.prev = n.prev
    else:
        l.tail = n.prev
