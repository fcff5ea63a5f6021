"""Blocked clients: CLIENT PAUSE's postponed batches and BLPOP-style waits.

A client blocked on keys (BLOCKED_KEYS) has a BlockState and one WaitNode in
the queue of each key it waits on (Db.blocking_keys, a dict of WaitQueue in
blocking order). All of it is guarded by the keyspace lock, because any
worker may serve the client:

- db_add / db_set_key queue a key that clients wait on in g.ready_keys
  (signal_key_as_ready, db.pyx); after every command the executing worker
  runs handle_ready_keys, which serves the waiters of each ready key in the
  order they blocked, as long as the key holds data of the type they want.
  Serving runs the command's pop or move right there, under the same hold
  of the lock, with the reply captured in a scratch client of the waiter's
  protocol, so the data goes to the first waiter whichever worker it is on.
- The captured reply is left in the BlockState (served = 1) and the owning
  worker is woken through its mailbox; it alone appends the reply to the
  client's output (blocked_resume), then runs whatever the client pipelined
  after the blocking command. A worker never writes into another worker's
  client.
- Timeouts are the owner's: its loop sleeps no longer than its earliest
  deadline and answers the timed-out clients itself. CLIENT UNBLOCK, from
  any worker, captures the timeout or error reply just as serving does.
"""
from libc.string cimport memcpy, memset, memcmp
from libc.limits cimport LLONG_MAX
from keydb._core.zmalloc cimport zmalloc, zfree
from keydb._core.includes.atomic cimport atomic_add_ll, atomic_add_int, atomic_get_int, atomic_set_int
from keydb._core.state cimport (g, Client, Worker, Db, Arg, CLIENT_BLOCKED, CLIENT_REPLY_OFF,
    BLOCKED_NONE, BLOCKED_POSTPONE, BLOCKED_KEYS)
from keydb._core.dict cimport DictEntry, dict_find, dict_add_or_find, dict_delete
from keydb._core.dlist cimport dlist_push_tail, dlist_unlink
from keydb._core.db cimport lookup_key_write
from keydb._core.lock cimport keyspace_lock, keyspace_unlock
from keydb._core.reply cimport add_reply_raw, add_reply_null_array, add_reply_error
from keydb._core.mailbox cimport mailbox_post
from keydb._core.util cimport string2ld, mstime

cdef extern from "<math.h>" nogil:
    bint ld_isnan "isnan"(long double x)


# ---- the blocked flag and its counters -----------------------------------------

cdef void client_block(Client* c, int btype) noexcept nogil:
    c.flags |= CLIENT_BLOCKED
    c.btype = btype
    if btype == BLOCKED_POSTPONE:
        c.worker.npostponed += 1
    elif btype == BLOCKED_KEYS:
        c.worker.nblocked_keys += 1
    atomic_add_ll(&g.blocked_clients, 1)


cdef void client_unblock(Client* c) noexcept nogil:
    if c.btype == BLOCKED_POSTPONE:
        c.worker.npostponed -= 1
    elif c.btype == BLOCKED_KEYS:
        c.worker.nblocked_keys -= 1
    c.flags &= ~CLIENT_BLOCKED
    c.btype = BLOCKED_NONE
    atomic_add_ll(&g.blocked_clients, -1)


# ---- timeouts --------------------------------------------------------------------

cdef int parse_block_timeout(Client* c, Arg* a, long long* deadline_ms) noexcept nogil:
    # Seconds as a float; Redis 7.0's conversion to milliseconds, including
    # what it makes of values too big for 64 bits ("timeout is negative").
    # A positive timeout under 1 ms waits 1 ms; 0 waits forever, as does a
    # deadline past the 64-bit range.
    cdef long double secs, ms
    cdef long long whole, now
    if not string2ld(a.ptr, a.len, &secs):
        add_reply_error(c, b"timeout is not a float or out of range")
        return -1
    ms = secs * 1000.0
    if ld_isnan(ms) or ms < 0 or ms >= 9223372036854775807.0:
        add_reply_error(c, b"timeout is negative")
        return -1
    whole = <long long>ms
    if whole == 0 and secs > 0:
        whole = 1
    if whole == 0:
        deadline_ms[0] = 0
        return 0
    now = mstime()
    deadline_ms[0] = now + whole if whole <= LLONG_MAX - now else 0
    return 0


# ---- blocking on keys --------------------------------------------------------------

cdef BlockState* block_for_keys(Client* c, Arg* keys, int nkeys, long long deadline_ms,
                                int type, BlockServe serve) noexcept nogil:
    cdef BlockState* bs = <BlockState*>zmalloc(sizeof(BlockState))
    cdef int i, j, dup
    cdef int created
    cdef DictEntry* e
    cdef WaitQueue* q
    cdef WaitNode* node
    memset(bs, 0, sizeof(BlockState))
    bs.client = c
    bs.worker = c.worker
    bs.db = c.db
    bs.deadline_ms = deadline_ms
    bs.type = type
    bs.serve = serve
    bs.keys = <char**>zmalloc(sizeof(char*) * nkeys)
    bs.klens = <size_t*>zmalloc(sizeof(size_t) * nkeys)
    bs.nodes = <WaitNode**>zmalloc(sizeof(WaitNode*) * nkeys)
    for i in range(nkeys):
        dup = 0
        for j in range(bs.nkeys):
            if bs.klens[j] == keys[i].len and memcmp(bs.keys[j], keys[i].ptr, keys[i].len) == 0:
                dup = 1
                break
        if dup:
            continue
        j = bs.nkeys
        bs.keys[j] = <char*>zmalloc(keys[i].len + 1)
        memcpy(bs.keys[j], keys[i].ptr, keys[i].len)
        bs.klens[j] = keys[i].len
        e = dict_add_or_find(c.db.blocking_keys, keys[i].ptr, keys[i].len, &created)
        if created:
            q = <WaitQueue*>zmalloc(sizeof(WaitQueue))
            memset(q, 0, sizeof(WaitQueue))
            e.v.ptr = q
        q = <WaitQueue*>e.v.ptr
        node = <WaitNode*>zmalloc(sizeof(WaitNode))
        node.bs = bs
        node.q = q
        dlist_push_tail(&q.waiters, &node.link)
        bs.nodes[j] = node
        bs.nkeys += 1
    c.bstate = bs
    client_block(c, BLOCKED_KEYS)
    if deadline_ms and (c.worker.next_block_deadline == 0 or deadline_ms < c.worker.next_block_deadline):
        c.worker.next_block_deadline = deadline_ms
    return bs


cdef void unlink_waits(BlockState* bs) noexcept nogil:
    # Leave every key's queue; a queue left empty goes from blocking_keys.
    cdef int i
    cdef WaitNode* node
    cdef WaitQueue* q
    for i in range(bs.nkeys):
        node = bs.nodes[i]
        if node == NULL:
            continue
        q = node.q
        dlist_unlink(&q.waiters, &node.link)
        zfree(node)
        bs.nodes[i] = NULL
        if q.waiters.head == NULL:
            dict_delete(bs.db.blocking_keys, bs.keys[i], bs.klens[i])
            zfree(q)


cdef void free_block_state(BlockState* bs) noexcept nogil:
    cdef int i
    for i in range(bs.nkeys):
        zfree(bs.keys[i])
    zfree(bs.keys)
    zfree(bs.klens)
    zfree(bs.nodes)
    zfree(bs.target)
    zfree(bs.reply)
    zfree(bs)


cdef void wake_nothing(Worker* w, void* arg) noexcept nogil:
    pass    # the wake-up itself is the message: the loop looks for served clients


cdef void scratch_client(Client* tmp, Client* like, Db* db) noexcept nogil:
    # A client that only collects replies, in `like`'s protocol.
    memset(tmp, 0, sizeof(Client))
    tmp.id = like.id
    tmp.resp = like.resp
    tmp.flags = like.flags & CLIENT_REPLY_OFF
    tmp.db = db
    tmp.worker = like.worker


cdef void finish_served(BlockState* bs, Client* tmp) noexcept nogil:
    # Hand the captured reply to the owner and wake it.
    unlink_waits(bs)
    bs.reply = tmp.obuf
    bs.reply_len = tmp.olen
    atomic_set_int(&bs.served, 1)
    atomic_add_int(&bs.worker.nserved, 1)
    mailbox_post(bs.worker, wake_nothing, NULL)


cdef void serve_key(Db* db, const char* key, size_t klen) noexcept nogil:
    # Serve key's waiters in order while it holds data of the type the first
    # one wants.
    cdef DictEntry* e
    cdef WaitQueue* q
    cdef BlockState* bs
    cdef RObj* o
    cdef Client tmp
    while True:
        e = dict_find(db.blocking_keys, key, klen)
        if e == NULL:
            return
        q = <WaitQueue*>e.v.ptr
        if q.waiters.head == NULL:
            return
        bs = (<WaitNode*>q.waiters.head).bs
        o = lookup_key_write(db, key, klen)
        if o == NULL or o.type != bs.type:
            return
        scratch_client(&tmp, bs.client, db)
        if not bs.serve(&tmp, db, key, klen, o, bs):
            zfree(tmp.obuf)
            return
        finish_served(bs, &tmp)


cdef void handle_ready_keys() noexcept nogil:
    cdef ReadyKey* r
    cdef DictEntry* e
    while g.ready_keys != NULL:
        r = <ReadyKey*>g.ready_keys
        g.ready_keys = r.next
        if g.ready_keys == NULL:
            g.ready_keys_tail = NULL
        e = dict_find(r.db.blocking_keys, ready_key_bytes(r), r.len)
        if e != NULL:
            (<WaitQueue*>e.v.ptr).queued_ready = 0
            serve_key(r.db, ready_key_bytes(r), r.len)
        zfree(r)


# ---- the owner's side ------------------------------------------------------------------

cdef int blocked_resume(Client* c) noexcept nogil:
    cdef BlockState* bs = <BlockState*>c.bstate
    if atomic_get_int(&bs.served):
        if bs.reply_len:
            add_reply_raw(c, bs.reply, bs.reply_len)
        atomic_add_int(&c.worker.nserved, -1)
    elif bs.deadline_ms and mstime() >= bs.deadline_ms:
        unlink_waits(bs)
        add_reply_null_array(c)
    else:
        return 0
    free_block_state(bs)
    c.bstate = NULL
    client_unblock(c)
    return 1


cdef int collect_blocked(Worker* w, Client** ready, int nready, int cap) noexcept nogil:
    cdef Client* c
    cdef BlockState* bs
    cdef long long now, next_deadline = 0
    if w.nblocked_keys == 0:
        return nready
    now = mstime()
    if atomic_get_int(&w.nserved) == 0 and (w.next_block_deadline == 0 or now < w.next_block_deadline):
        return nready
    c = w.clients
    while c != NULL:
        if c.flags & CLIENT_BLOCKED and c.btype == BLOCKED_KEYS:
            bs = <BlockState*>c.bstate
            if atomic_get_int(&bs.served) or (bs.deadline_ms and now >= bs.deadline_ms):
                if nready < cap:
                    ready[nready] = c
                    nready += 1
            elif bs.deadline_ms and (next_deadline == 0 or bs.deadline_ms < next_deadline):
                next_deadline = bs.deadline_ms
        c = c.next
    w.next_block_deadline = next_deadline
    return nready


cdef long long blocked_sleep_ms(Worker* w, long long limit) noexcept nogil:
    cdef long long left
    if w.nblocked_keys == 0:
        return limit
    if atomic_get_int(&w.nserved):
        return 0
    if w.next_block_deadline:
        left = w.next_block_deadline - mstime()
        if left < 0:
            left = 0
        if left < limit:
            return left
    return limit


cdef void blocked_client_gone(Client* c) noexcept nogil:
    cdef BlockState* bs = <BlockState*>c.bstate
    keyspace_lock(NULL)
    if atomic_get_int(&bs.served):
        atomic_add_int(&c.worker.nserved, -1)
    else:
        unlink_waits(bs)
    free_block_state(bs)
    c.bstate = NULL
    keyspace_unlock(NULL)


cdef int unblock_client_by_request(Client* target, int error) noexcept nogil:
    cdef BlockState* bs
    cdef Client tmp
    if not (target.flags & CLIENT_BLOCKED) or target.btype != BLOCKED_KEYS:
        return 0
    bs = <BlockState*>target.bstate
    if bs == NULL or atomic_get_int(&bs.served):
        return 0
    scratch_client(&tmp, target, bs.db)
    if error:
        add_reply_error(&tmp, b"-UNBLOCKED client unblocked via CLIENT UNBLOCK")
    else:
        add_reply_null_array(&tmp)
    finish_served(bs, &tmp)
    return 1
