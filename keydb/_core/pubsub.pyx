"""Pub/Sub: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH,
SPUBLISH and PUBSUB, with Redis 7.0's replies.

Subscriptions live in three server-wide tables (channels, patterns, shard
channels: name -> SubscriberList, in subscription order) and in each
client's ClientSubs (name -> its node, for O(1) unsubscribing), all under
the keyspace lock.

Delivery keeps DESIGN.md's rule that a worker never writes into another
worker's client. PUBLISH runs on the publisher's worker under the keyspace
lock. A subscriber on the same worker gets the message in its output at
once. One on another worker gets it appended to its push buffer, under
that worker's push_lock; the worker is woken through its mailbox and
moves the buffer into the client's output itself (deliver_pushes). The
worker also does that at the start of every batch, under the keyspace lock,
so a message published before a client's next command always reaches it
before that command's reply, as in Redis.

A client with subscriptions is a Pub/Sub client: flag P, the pubsub class
of client-output-buffer-limit, and (in RESP2) only (P|S)(UN)SUBSCRIBE,
PING, QUIT and RESET (command.pyx checks that).
"""
from libc.string cimport memcpy, strlen
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.includes.sys cimport pthread_mutex_lock, pthread_mutex_unlock
from keydb._core.state cimport g, Client, Worker, Arg, CLIENT_PUBSUB
from keydb._core.dict cimport (Dict, DictEntry, DictIter, dict_create, dict_release, dict_find,
    dict_add_or_find, dict_delete, dict_size, dict_key, dict_iter_init, dict_iter_next)
from keydb._core.pubsub_types cimport (SubscriberList, Subscriber, ClientSubs, SUB_CHANNEL,
    SUB_PATTERN, SUB_SHARD, SUB_KINDS)
from keydb._core.reply cimport (add_reply_raw, add_reply_bulk, add_reply_ll, add_reply_help,
    add_reply_array_len, add_reply_deferred_len, set_deferred_array_len,
    reply_subcommand_syntax_error)
from keydb._core.lock cimport keyspace_lock, keyspace_unlock
from keydb._core.dlist cimport dlist_init, dlist_push_tail, dlist_unlink
from keydb._core.mailbox cimport mailbox_post
from keydb._core.output cimport client_want_write
from keydb._core.networking cimport client_check_obuf_limit
from keydb._core.util cimport stringmatchlen, ll2string

# Per kind: the subscribe / unsubscribe reply words and the message word.
cdef const char* SUB_WORD[3]
SUB_WORD[:] = [b"subscribe", b"psubscribe", b"ssubscribe"]
cdef const char* UNSUB_WORD[3]
UNSUB_WORD[:] = [b"unsubscribe", b"punsubscribe", b"sunsubscribe"]


cdef inline char* list_name(SubscriberList* l) noexcept nogil:
    return (<char*>l) + sizeof(SubscriberList)


cdef Dict* table(int kind) noexcept nogil:
    # The server-wide table of a kind, created on first use.
    cdef Dict** t = &g.pubsub_channels
    if kind == SUB_PATTERN:
        t = &g.pubsub_patterns
    elif kind == SUB_SHARD:
        t = &g.pubsub_shard_channels
    if t[0] == NULL:
        t[0] = dict_create(NULL)
    return t[0]


cdef long pubsub_count(Client* c, int kind) noexcept nogil:
    if c.subs == NULL:
        return 0
    return <long>dict_size((<ClientSubs*>c.subs).names[kind])


cdef inline long reply_count(Client* c, int kind) noexcept nogil:
    # The count a (un)subscribe reply carries: shard subscriptions count
    # apart from channels and patterns, as in Redis 7.0.
    if kind == SUB_SHARD:
        return pubsub_count(c, SUB_SHARD)
    return pubsub_count(c, SUB_CHANNEL) + pubsub_count(c, SUB_PATTERN)


cdef void update_pubsub_flag(Client* c) noexcept nogil:
    if pubsub_count(c, SUB_CHANNEL) + pubsub_count(c, SUB_PATTERN) + pubsub_count(c, SUB_SHARD):
        c.flags |= CLIENT_PUBSUB
    else:
        c.flags &= ~CLIENT_PUBSUB


cdef void push_header(Client* c, int n) noexcept nogil:
    # A push of n elements: *n in RESP2, >n in RESP3.
    cdef char buf[16]
    buf[0] = 62 if c.resp == 3 else 42      # '>' / '*'
    buf[1] = 48 + n
    buf[2] = 13
    buf[3] = 10
    add_reply_raw(c, buf, 4)


cdef void reply_subscription(Client* c, const char* word, const char* name, size_t n,
                             long count) noexcept nogil:
    # [word, name, count]; name NULL is a null (UNSUBSCRIBE with nothing to drop).
    push_header(c, 3)
    add_reply_bulk(c, word, strlen(word))
    if name == NULL:
        add_reply_raw(c, b"_\r\n" if c.resp == 3 else b"$-1\r\n", 3 if c.resp == 3 else 5)
    else:
        add_reply_bulk(c, name, n)
    add_reply_ll(c, count)


# ---- subscribing ----------------------------------------------------------------------

cdef int subscribe(Client* c, int kind, const char* name, size_t n) noexcept nogil:
    # 1 if c was not subscribed to name yet.
    cdef ClientSubs* cs = <ClientSubs*>c.subs
    cdef DictEntry* mine
    cdef DictEntry* e
    cdef SubscriberList* l
    cdef Subscriber* s
    cdef int created, k
    if cs == NULL:
        cs = <ClientSubs*>zmalloc(sizeof(ClientSubs))
        for k in range(SUB_KINDS):
            cs.names[k] = dict_create(NULL)
        c.subs = cs
    mine = dict_add_or_find(cs.names[kind], name, n, &created)
    if not created:
        return 0
    e = dict_add_or_find(table(kind), name, n, &created)
    if created:
        l = <SubscriberList*>zmalloc(sizeof(SubscriberList) + n)
        dlist_init(&l.subscribers)
        l.count = 0
        l.nlen = n
        memcpy(list_name(l), name, n)
        e.v.ptr = l
    l = <SubscriberList*>e.v.ptr
    s = <Subscriber*>zmalloc(sizeof(Subscriber))
    s.client = c
    s.list = l
    dlist_push_tail(&l.subscribers, &s.link)
    l.count += 1
    mine.v.ptr = s
    return 1


cdef int unsubscribe(Client* c, int kind, const char* name, size_t n) noexcept nogil:
    # 1 if c was subscribed to name.
    cdef ClientSubs* cs = <ClientSubs*>c.subs
    cdef DictEntry* mine
    cdef Subscriber* s
    cdef SubscriberList* l
    if cs == NULL:
        return 0
    mine = dict_find(cs.names[kind], name, n)
    if mine == NULL:
        return 0
    s = <Subscriber*>mine.v.ptr
    l = s.list
    dlist_unlink(&l.subscribers, &s.link)
    l.count -= 1
    zfree(s)
    dict_delete(cs.names[kind], name, n)
    if l.count == 0:
        dict_delete(table(kind), list_name(l), l.nlen)
        zfree(l)
    return 1


cdef void subscribe_command(Client* c, int kind) noexcept nogil:
    cdef int j
    for j in range(1, c.argc):
        subscribe(c, kind, c.argv[j].ptr, c.argv[j].len)
        update_pubsub_flag(c)
        reply_subscription(c, SUB_WORD[kind], c.argv[j].ptr, c.argv[j].len, reply_count(c, kind))


cdef void unsubscribe_all(Client* c, int kind, int notify) noexcept nogil:
    # Drop every subscription of a kind, replying for each when notify
    # (and once, with a null name, when there was none). The names are
    # copied out first: unsubscribing changes the table being walked.
    cdef ClientSubs* cs = <ClientSubs*>c.subs
    cdef size_t i, total = dict_size(cs.names[kind]) if cs != NULL else 0
    cdef char** names
    cdef size_t* lens
    cdef DictIter it
    cdef DictEntry* e
    if total == 0:
        if notify:
            reply_subscription(c, UNSUB_WORD[kind], NULL, 0, reply_count(c, kind))
        return
    names = <char**>zmalloc(total * sizeof(char*))
    lens = <size_t*>zmalloc(total * sizeof(size_t))
    dict_iter_init(&it, cs.names[kind])
    for i in range(total):
        e = dict_iter_next(&it)
        lens[i] = e.klen
        names[i] = <char*>zmalloc(e.klen + 1)
        memcpy(names[i], dict_key(e), e.klen)
    for i in range(total):
        unsubscribe(c, kind, names[i], lens[i])
        update_pubsub_flag(c)
        if notify:
            reply_subscription(c, UNSUB_WORD[kind], names[i], lens[i], reply_count(c, kind))
        zfree(names[i])
    zfree(names)
    zfree(lens)


cdef void unsubscribe_command(Client* c, int kind) noexcept nogil:
    cdef int j
    if c.argc == 1:
        unsubscribe_all(c, kind, 1)
        return
    for j in range(1, c.argc):
        unsubscribe(c, kind, c.argv[j].ptr, c.argv[j].len)
        update_pubsub_flag(c)
        reply_subscription(c, UNSUB_WORD[kind], c.argv[j].ptr, c.argv[j].len,
                           reply_count(c, kind))


cdef void cmd_subscribe(Client* c) noexcept nogil:
    subscribe_command(c, SUB_CHANNEL)


cdef void cmd_psubscribe(Client* c) noexcept nogil:
    subscribe_command(c, SUB_PATTERN)


cdef void cmd_ssubscribe(Client* c) noexcept nogil:
    subscribe_command(c, SUB_SHARD)


cdef void cmd_unsubscribe(Client* c) noexcept nogil:
    unsubscribe_command(c, SUB_CHANNEL)


cdef void cmd_punsubscribe(Client* c) noexcept nogil:
    unsubscribe_command(c, SUB_PATTERN)


cdef void cmd_sunsubscribe(Client* c) noexcept nogil:
    unsubscribe_command(c, SUB_SHARD)


cdef void pubsub_unsubscribe_all(Client* c) noexcept nogil:
    cdef int k
    cdef ClientSubs* cs = <ClientSubs*>c.subs
    if cs == NULL:
        return
    for k in range(SUB_KINDS):
        unsubscribe_all(c, k, 0)
        dict_release(cs.names[k])
    zfree(cs)
    c.subs = NULL
    c.flags &= ~CLIENT_PUBSUB


cdef void pubsub_client_gone(Client* c) noexcept nogil:
    cdef Worker* w = c.worker
    cdef Client** p
    if c.subs != NULL:
        keyspace_lock(NULL)
        pubsub_unsubscribe_all(c)
        keyspace_unlock(NULL)
    pthread_mutex_lock(&w.push_lock)
    if c.push_queued:
        p = &w.push_pending
        while p[0] != c:
            p = &p[0].push_next
        p[0] = c.push_next
        c.push_queued = 0
    pthread_mutex_unlock(&w.push_lock)
    zfree(c.push_buf)
    c.push_buf = NULL


# ---- publishing -----------------------------------------------------------------------

cdef struct Message:
    # One message as a RESP2 push ("*3\r\n$7\r\nmessage\r\n..."); a RESP3
    # subscriber gets the same bytes with '>' first.
    char* p
    size_t len
    size_t cap


cdef void msg_add(Message* m, const char* p, size_t n) noexcept nogil:
    if m.len + n > m.cap:
        m.cap = (m.len + n) * 2
        m.p = <char*>zrealloc(m.p, m.cap)
    memcpy(m.p + m.len, p, n)
    m.len += n


cdef void msg_bulk(Message* m, const char* p, size_t n) noexcept nogil:
    cdef char head[32]
    cdef int k
    head[0] = 36        # '$'
    k = ll2string(head + 1, sizeof(head) - 1, <long long>n)
    head[k + 1] = 13
    head[k + 2] = 10
    msg_add(m, head, <size_t>k + 3)
    msg_add(m, p, n)
    msg_add(m, b"\r\n", 2)


cdef void append_message(Client* c, Message* m) noexcept nogil:
    # Into c's output (owner thread), RESP3 marking it a push.
    add_reply_raw(c, b">" if c.resp == 3 else b"*", 1)
    add_reply_raw(c, m.p + 1, m.len - 1)


cdef void take_pushes(Client* c) noexcept nogil:
    # Owner, w.push_lock held: what other workers published to c, into its output.
    if c.push_len:
        add_reply_raw(c, c.push_buf, c.push_len)
        c.push_len = 0
        client_want_write(c)
        client_check_obuf_limit(c, 0)


cdef void wake_for_pushes(Worker* w, void* arg) noexcept nogil:
    deliver_pushes(w)


cdef void deliver_pushes(Worker* w) noexcept nogil:
    cdef Client* c
    pthread_mutex_lock(&w.push_lock)
    c = w.push_pending
    w.push_pending = NULL
    while c != NULL:
        take_pushes(c)
        c.push_queued = 0
        c = c.push_next
    pthread_mutex_unlock(&w.push_lock)


cdef void deliver(Client* to, Client* publisher, Message* m) noexcept nogil:
    cdef Worker* w = to.worker
    cdef int wake = 0
    cdef size_t need
    if w == publisher.worker:
        # Ours to write: after whatever other workers queued for it first.
        pthread_mutex_lock(&w.push_lock)
        take_pushes(to)
        pthread_mutex_unlock(&w.push_lock)
        append_message(to, m)
        client_want_write(to)
        client_check_obuf_limit(to, 0)
        return
    pthread_mutex_lock(&w.push_lock)
    need = to.push_len + m.len
    if need > to.push_cap:
        to.push_cap = need * 2 if need * 2 > 256 else 256
        to.push_buf = <char*>zrealloc(to.push_buf, to.push_cap)
    memcpy(to.push_buf + to.push_len, m.p, m.len)
    if to.resp == 3:
        to.push_buf[to.push_len] = 62      # '>'
    to.push_len = need
    if not to.push_queued:
        wake = w.push_pending == NULL
        to.push_queued = 1
        to.push_next = w.push_pending
        w.push_pending = to
    pthread_mutex_unlock(&w.push_lock)
    if wake:
        mailbox_post(w, wake_for_pushes, NULL)


cdef long deliver_to_list(Client* publisher, SubscriberList* l, Message* m) noexcept nogil:
    cdef Subscriber* s = <Subscriber*>l.subscribers.head
    while s != NULL:
        deliver(<Client*>s.client, publisher, m)
        s = <Subscriber*>s.link.next
    return l.count


cdef long publish(Client* c, int kind, Arg* channel, Arg* message) noexcept nogil:
    # Deliver to the channel's subscribers, then (not for shard channels) to
    # those of every pattern it matches; the number of deliveries.
    cdef Message m
    cdef DictEntry* e
    cdef DictIter it
    cdef SubscriberList* l
    cdef long receivers = 0
    m.p = NULL
    m.len = 0
    m.cap = 0
    e = dict_find(table(kind), channel.ptr, channel.len)
    if e != NULL:
        msg_add(&m, b"*3\r\n", 4)
        if kind == SUB_SHARD:
            msg_bulk(&m, b"smessage", 8)
        else:
            msg_bulk(&m, b"message", 7)
        msg_bulk(&m, channel.ptr, channel.len)
        msg_bulk(&m, message.ptr, message.len)
        receivers += deliver_to_list(c, <SubscriberList*>e.v.ptr, &m)
    if kind == SUB_CHANNEL and dict_size(table(SUB_PATTERN)):
        dict_iter_init(&it, table(SUB_PATTERN))
        e = dict_iter_next(&it)
        while e != NULL:
            l = <SubscriberList*>e.v.ptr
            if stringmatchlen(list_name(l), <int>l.nlen, channel.ptr, <int>channel.len, 0):
                m.len = 0
                msg_add(&m, b"*4\r\n", 4)
                msg_bulk(&m, b"pmessage", 8)
                msg_bulk(&m, list_name(l), l.nlen)
                msg_bulk(&m, channel.ptr, channel.len)
                msg_bulk(&m, message.ptr, message.len)
                receivers += deliver_to_list(c, l, &m)
            e = dict_iter_next(&it)
    zfree(m.p)
    return receivers


cdef void cmd_publish(Client* c) noexcept nogil:
    add_reply_ll(c, publish(c, SUB_CHANNEL, &c.argv[1], &c.argv[2]))


cdef void cmd_spublish(Client* c) noexcept nogil:
    add_reply_ll(c, publish(c, SUB_SHARD, &c.argv[1], &c.argv[2]))


# ---- PUBSUB ---------------------------------------------------------------------------

cdef void list_channels(Client* c, int kind) noexcept nogil:
    # Active channels of a kind matching argv[2] (every one without it).
    cdef Dict* t = table(kind)
    cdef DictIter it
    cdef DictEntry* e
    cdef SubscriberList* l
    cdef long long n = 0
    cdef size_t at
    if c.argc > 3:
        reply_subcommand_syntax_error(c)
        return
    at = add_reply_deferred_len(c)
    dict_iter_init(&it, t)
    e = dict_iter_next(&it)
    while e != NULL:
        l = <SubscriberList*>e.v.ptr
        if c.argc == 2 or stringmatchlen(c.argv[2].ptr, <int>c.argv[2].len, list_name(l),
                                         <int>l.nlen, 0):
            add_reply_bulk(c, list_name(l), l.nlen)
            n += 1
        e = dict_iter_next(&it)
    set_deferred_array_len(c, at, n)


cdef void count_subscribers(Client* c, int kind) noexcept nogil:
    # [channel, subscribers, ...] for each channel named after the subcommand.
    cdef DictEntry* e
    cdef int j
    add_reply_array_len(c, 2 * (c.argc - 2))
    for j in range(2, c.argc):
        e = dict_find(table(kind), c.argv[j].ptr, c.argv[j].len)
        add_reply_bulk(c, c.argv[j].ptr, c.argv[j].len)
        add_reply_ll(c, (<SubscriberList*>e.v.ptr).count if e != NULL else 0)


cdef void cmd_pubsub_channels(Client* c) noexcept nogil:
    list_channels(c, SUB_CHANNEL)


cdef void cmd_pubsub_shardchannels(Client* c) noexcept nogil:
    list_channels(c, SUB_SHARD)


cdef void cmd_pubsub_numsub(Client* c) noexcept nogil:
    count_subscribers(c, SUB_CHANNEL)


cdef void cmd_pubsub_shardnumsub(Client* c) noexcept nogil:
    count_subscribers(c, SUB_SHARD)


cdef void cmd_pubsub_numpat(Client* c) noexcept nogil:
    add_reply_ll(c, <long long>dict_size(table(SUB_PATTERN)))


cdef const char* PUBSUB_HELP[14]
PUBSUB_HELP[:] = [
    b"PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"CHANNELS [<pattern>]",
    b"    List the channels that have subscribers, those matching <pattern> if given.",
    b"NUMPAT",
    b"    Count the distinct patterns that clients subscribe to.",
    b"NUMSUB [<channel> ...]",
    b"    Count each channel's subscribers (pattern subscriptions not included).",
    b"SHARDCHANNELS [<pattern>]",
    b"    List the shard channels that have subscribers, those matching <pattern> if given.",
    b"SHARDNUMSUB [<shardchannel> ...]",
    b"    Count each shard channel's subscribers.",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef void cmd_pubsub_help(Client* c) noexcept nogil:
    add_reply_help(c, PUBSUB_HELP)
