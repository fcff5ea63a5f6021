# The structures of Pub/Sub subscriptions (pubsub.pyx), declarations only,
# for modules that read them without the functions (CLIENT LIST). Guarded
# by the keyspace lock.
from keydb._core.dict cimport Dict
from keydb._core.dlist cimport DList, DListNode

cdef enum SubKind:
    SUB_CHANNEL = 0                 # SUBSCRIBE / PUBLISH
    SUB_PATTERN = 1                 # PSUBSCRIBE
    SUB_SHARD = 2                   # SSUBSCRIBE / SPUBLISH
    SUB_KINDS = 3

cdef struct SubscriberList
cdef struct Subscriber

# One client subscribed to one channel (or pattern).
cdef struct Subscriber:
    DListNode link                  # first: the channel's list of subscribers
    void* client                    # Client*
    SubscriberList* list

# The clients subscribed to one channel, in the order they subscribed
# (g.pubsub_channels / _patterns / _shard_channels values).
cdef struct SubscriberList:
    DList subscribers               # of Subscriber
    long count
    size_t nlen
    # the channel's name follows

# A client's subscriptions, by kind: name -> its Subscriber node.
cdef struct ClientSubs:
    Dict* names[3]
