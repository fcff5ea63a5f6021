"""Pub/Sub across worker threads (`--server-threads 4`).

Subscribers (by channel, by pattern, RESP2 and RESP3) sit on connections
spread over the workers while publishers on other workers send numbered
messages. Every subscriber must get every message meant for it exactly
once, each publisher's messages in the order they were sent, and PUBLISH
must count every subscriber.
"""
import threading

from helpers import make_client

PUBLISHERS = 4
PER_PUBLISHER = 300
CHANNEL_SUBSCRIBERS = 6
PATTERN_SUBSCRIBERS = 4


def test_every_message_reaches_every_subscriber_once_and_in_order(srv):
    subscribers = []
    for i in range(CHANNEL_SUBSCRIBERS + PATTERN_SUBSCRIBERS):
        c = make_client(srv.port, protocol=3 if i % 2 else 2)
        p = c.pubsub()
        if i < CHANNEL_SUBSCRIBERS:
            p.subscribe("events")
        else:
            p.psubscribe("ev*")
        assert p.get_message(timeout=5)["type"] in ("subscribe", "psubscribe")
        subscribers.append((c, p))
    total = PUBLISHERS * PER_PUBLISHER
    counts, errors = [], []

    def publish(n):
        try:
            with make_client(srv.port) as c:
                for j in range(PER_PUBLISHER):
                    counts.append(c.publish("events", b"%d:%d" % (n, j)))
        except Exception as e:          # reported below
            errors.append(e)

    publishers = [threading.Thread(target=publish, args=(n,)) for n in range(PUBLISHERS)]
    for t in publishers:
        t.start()
    received = []
    for _, p in subscribers:
        got = []
        while len(got) < total:
            m = p.get_message(timeout=10)
            assert m is not None, "a subscriber got %d of %d messages" % (len(got), total)
            if m["type"] in ("message", "pmessage"):
                got.append(m["data"])
        received.append(got)
    for t in publishers:
        t.join()
    assert not errors
    assert counts == [CHANNEL_SUBSCRIBERS + PATTERN_SUBSCRIBERS] * total
    for got in received:
        assert len(set(got)) == total
        for n in range(PUBLISHERS):
            mine = [int(x.split(b":")[1]) for x in got if x.startswith(b"%d:" % n)]
            assert mine == list(range(PER_PUBLISHER))
    for c, p in subscribers:
        assert p.get_message(timeout=0.2) is None          # nothing doubled
        p.close()
        c.close()
