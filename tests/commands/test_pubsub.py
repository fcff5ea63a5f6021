"""Pub/Sub on our server and on the oracle: SUBSCRIBE, PSUBSCRIBE,
SSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH, SPUBLISH and PUBSUB, compared as
raw bytes in RESP2 and RESP3.

Where several subscriptions end at once (UNSUBSCRIBE with no argument) the
order follows each server's hash table, so those replies are compared as
sets.
"""
import pytest

from helpers import RawConn, encode_command, fresh_client, reply, split_replies, wait_for


@pytest.fixture
def sub(srv):
    with srv.raw() as c:
        yield c


def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)


def push(resp, *items):
    """A push of bulk strings and integers (ints), RESP2 or RESP3."""
    out = (b">" if resp == 3 else b"*") + b"%d\r\n" % len(items)
    for x in items:
        out += b":%d\r\n" % x if isinstance(x, int) else bulk(x)
    return out


def send(c, *commands):
    c.send(b"".join(encode_command(*cmd) for cmd in commands))


@pytest.mark.parametrize("resp", [2, 3])
def test_subscribe_replies_count_channels_and_patterns_together(sub, resp):
    sub.command("HELLO", str(resp))
    send(sub, ("SUBSCRIBE", "a", "b", "a"), ("PSUBSCRIBE", "n*"), ("SSUBSCRIBE", "s1", "s2"))
    assert sub.read_replies(6) == (
        push(resp, b"subscribe", b"a", 1) + push(resp, b"subscribe", b"b", 2)
        + push(resp, b"subscribe", b"a", 2) + push(resp, b"psubscribe", b"n*", 3)
        + push(resp, b"ssubscribe", b"s1", 1) + push(resp, b"ssubscribe", b"s2", 2))


@pytest.mark.parametrize("resp", [2, 3])
def test_publish_reaches_channel_and_pattern_subscribers(srv, sub, resp):
    sub.command("HELLO", str(resp))
    send(sub, ("SUBSCRIBE", "news.tech"), ("PSUBSCRIBE", "news.*", "x*"))
    sub.read_replies(3)
    pub = fresh_client(srv)
    assert reply(pub, "PUBLISH", "news.tech", "hello") == 2
    assert sub.read_replies(2) == (
        push(resp, b"message", b"news.tech", b"hello")
        + push(resp, b"pmessage", b"news.*", b"news.tech", b"hello"))
    assert reply(pub, "PUBLISH", "news.art", "hi") == 1
    assert sub.read_replies(1) == push(resp, b"pmessage", b"news.*", b"news.art", b"hi")
    assert reply(pub, "PUBLISH", "other", "nobody") == 0


@pytest.mark.parametrize("resp", [2, 3])
def test_spublish_reaches_shard_subscribers_only(srv, sub, resp):
    sub.command("HELLO", str(resp))
    send(sub, ("SSUBSCRIBE", "s"), ("PSUBSCRIBE", "*"))
    sub.read_replies(2)
    pub = fresh_client(srv)
    assert reply(pub, "SPUBLISH", "s", "m") == 1
    assert sub.read_replies(1) == push(resp, b"smessage", b"s", b"m")
    assert reply(pub, "PUBLISH", "s", "m2") == 1              # the pattern, not the shard
    assert sub.read_replies(1) == push(resp, b"pmessage", b"*", b"s", b"m2")


def test_messages_are_binary_safe(srv, sub):
    channel, message = b"ch\r\n\x00\xff", b"\x00line\r\nbreak\xfe"
    sub.send(encode_command(b"SUBSCRIBE", channel))
    sub.read_replies(1)
    assert reply(fresh_client(srv), "PUBLISH", channel, message) == 1
    assert sub.read_replies(1) == push(2, b"message", channel, message)


@pytest.mark.parametrize("resp", [2, 3])
def test_unsubscribe_named_and_all(sub, resp):
    sub.command("HELLO", str(resp))
    send(sub, ("SUBSCRIBE", "a", "b", "c"), ("UNSUBSCRIBE", "b", "zz"))
    sub.read_replies(3)
    assert sub.read_replies(2) == (push(resp, b"unsubscribe", b"b", 2)
                                   + push(resp, b"unsubscribe", b"zz", 2))
    sub.send(encode_command("UNSUBSCRIBE"))
    got = split_replies(sub.read_replies(2))
    # Which of a and c goes first follows the hash table; the counts do not.
    assert sorted(got[0].split(b"\r\n")[4] + got[1].split(b"\r\n")[4]) == sorted(b"ac")
    assert [g.split(b"\r\n")[5] for g in got] == [b":1", b":0"]
    null = b"_\r\n" if resp == 3 else b"$-1\r\n"
    head = (b">3\r\n" if resp == 3 else b"*3\r\n") + bulk(b"unsubscribe")
    assert sub.command("UNSUBSCRIBE") == head + null + b":0\r\n"
    head = (b">3\r\n" if resp == 3 else b"*3\r\n") + bulk(b"punsubscribe")
    assert sub.command("PUNSUBSCRIBE") == head + null + b":0\r\n"


def test_unsubscribe_all_ends_with_a_zero_count(sub):
    send(sub, ("SUBSCRIBE", "a", "b"), ("PSUBSCRIBE", "p"))
    sub.read_replies(3)
    sub.send(encode_command("UNSUBSCRIBE"))
    got = split_replies(sub.read_replies(2))
    assert sorted(g.split(b"\r\n")[4] for g in got) == [b"a", b"b"]
    assert [g.split(b"\r\n")[5] for g in got] == [b":2", b":1"]
    assert sub.command("PUNSUBSCRIBE") == push(2, b"punsubscribe", b"p", 0)
    assert sub.command("GET", "k") == b"$-1\r\n"           # out of the Pub/Sub context


def test_resp2_subscribed_context_allows_only_a_few_commands(sub):
    send(sub, ("SUBSCRIBE", "a"))
    sub.read_replies(1)
    assert sub.command("GET", "k") == (
        b"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
        b"RESET are allowed in this context\r\n")
    assert sub.command("CLIENT", "ID").startswith(b"-ERR Can't execute 'client|id': only")
    assert sub.command("PING") == b"*2\r\n$4\r\npong\r\n$0\r\n\r\n"
    assert sub.command("PING", "hey") == b"*2\r\n$4\r\npong\r\n$3\r\nhey\r\n"
    assert sub.command("PING", "a", "b") == \
        b"-ERR wrong number of arguments for 'ping' command\r\n"
    assert sub.command("RESET") == b"+RESET\r\n"
    assert sub.command("GET", "k") == b"$-1\r\n"


def test_resp3_subscribers_may_run_anything(srv, sub):
    sub.command("HELLO", "3")
    sub.command("SUBSCRIBE", "a")
    assert sub.command("SET", "k", "v") == b"+OK\r\n"
    assert sub.command("PING") == b"+PONG\r\n"
    # Publishing to itself: the message comes before PUBLISH's own reply.
    sub.send(encode_command("PUBLISH", "a", "self"))
    assert sub.read_replies(2) == push(3, b"message", b"a", b"self") + b":1\r\n"


def test_pubsub_channels_numsub_numpat(srv):
    with srv.raw() as a, srv.raw() as b:
        send(a, ("SUBSCRIBE", "news", "sport"), ("PSUBSCRIBE", "n*", "s*"),
             ("SSUBSCRIBE", "shard1"))
        a.read_replies(5)
        send(b, ("SUBSCRIBE", "news"), ("PSUBSCRIBE", "n*"))
        b.read_replies(2)
        c = fresh_client(srv)
        assert sorted(reply(c, "PUBSUB", "CHANNELS")) == [b"news", b"sport"]
        assert reply(c, "PUBSUB", "CHANNELS", "n*") == [b"news"]
        assert reply(c, "PUBSUB", "CHANNELS", "zz*") == []
        assert reply(c, "PUBSUB", "NUMSUB", "news", "sport", "none") == \
            [b"news", 2, b"sport", 1, b"none", 0]
        assert reply(c, "PUBSUB", "NUMSUB") == []
        assert reply(c, "PUBSUB", "NUMPAT") == 2
        assert reply(c, "PUBSUB", "SHARDCHANNELS") == [b"shard1"]
        assert reply(c, "PUBSUB", "SHARDCHANNELS", "x*") == []
        assert reply(c, "PUBSUB", "SHARDNUMSUB", "shard1", "x") == [b"shard1", 1, b"x", 0]
        stats = reply(c, "INFO", "stats")
        assert b"pubsub_channels:2\r\n" in stats and b"pubsub_patterns:2\r\n" in stats
        assert b"pubsubshard_channels:1\r\n" in stats
    assert wait_for(lambda: reply(c, "PUBSUB", "NUMPAT") == 0)     # closed: all gone
    assert reply(c, "PUBSUB", "CHANNELS") == []
    assert reply(c, "PUBSUB", "SHARDCHANNELS") == []


def test_pubsub_errors_and_help(srv):
    c = fresh_client(srv)
    assert str(reply(c, "PUBSUB", "NOPE")) == "ERR unknown subcommand 'NOPE'. Try PUBSUB HELP."
    assert str(reply(c, "PUBSUB", "NUMPAT", "x")) == \
        "ERR wrong number of arguments for 'pubsub|numpat' command"
    assert str(reply(c, "PUBSUB", "channels", "a", "b")) == \
        "ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP."
    assert str(reply(c, "PUBSUB", "SHARDCHANNELS", "a", "b")) == ("ERR unknown subcommand or "
        "wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.")
    assert str(reply(c, "PUBLISH", "a")) == "ERR wrong number of arguments for 'publish' command"
    assert str(reply(c, "SUBSCRIBE")) == "ERR wrong number of arguments for 'subscribe' command"
    help_lines = reply(c, "PUBSUB", "HELP")
    assert help_lines[0] == b"PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    assert b"NUMSUB [<channel> ...]" in help_lines


def test_client_list_and_kill_know_pubsub_clients(srv):
    c = fresh_client(srv)
    with srv.raw() as a:
        send(a, ("CLIENT", "SETNAME", "listener"), ("SUBSCRIBE", "x", "y"),
             ("PSUBSCRIBE", "p*"), ("SSUBSCRIBE", "s"))
        a.read_replies(5)
        line = [ln for ln in reply(c, "CLIENT", "LIST").decode().splitlines()
                if "name=listener " in ln][0]
        fields = dict(f.split("=", 1) for f in line.split(" "))
        assert (fields["flags"], fields["sub"], fields["psub"], fields["ssub"]) == \
            ("P", "2", "1", "1")
        assert len(reply(c, "CLIENT", "LIST", "TYPE", "pubsub").splitlines()) == 1
        assert reply(c, "CLIENT", "KILL", "TYPE", "pubsub") == 1
        assert a.is_closed()
    assert reply(c, "PING") == b"PONG"


def test_reset_drops_every_subscription(srv, sub):
    send(sub, ("SUBSCRIBE", "a"), ("PSUBSCRIBE", "*"), ("SSUBSCRIBE", "s"), ("RESET",))
    assert sub.read_replies(4).endswith(b"+RESET\r\n")
    c = fresh_client(srv)
    assert reply(c, "PUBLISH", "a", "x") == 0
    assert reply(c, "SPUBLISH", "s", "x") == 0
    assert sub.command("GET", "k") == b"$-1\r\n"


def test_publish_and_subscribe_inside_a_transaction(srv):
    # The message to itself lands in the output while EXEC runs, inside
    # EXEC's array, before PUBLISH's own reply (as Redis writes it).
    with srv.raw() as tx:
        send(tx, ("MULTI",), ("SUBSCRIBE", "t"), ("PUBLISH", "t", "in-exec"), ("EXEC",))
        got = tx.read_replies(5)
    assert got == (b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n" + push(2, b"subscribe", b"t", 1)
                   + push(2, b"message", b"t", b"in-exec") + b":1\r\n")


def test_a_closed_subscriber_is_forgotten(srv):
    c = fresh_client(srv)
    s = RawConn(srv.port)
    s.command("SUBSCRIBE", "gone")
    assert reply(c, "PUBSUB", "NUMSUB", "gone") == [b"gone", 1]
    s.close()
    assert wait_for(lambda: reply(c, "PUBSUB", "NUMSUB", "gone") == [b"gone", 0])
    assert reply(c, "PUBLISH", "gone", "x") == 0


def test_thousands_of_subscriptions_end_at_once(srv, sub):
    names = ["ch%d" % i for i in range(5000)]
    sub.send(encode_command("SUBSCRIBE", *names))
    sub.read_replies(5000)
    c = fresh_client(srv)
    assert len(reply(c, "PUBSUB", "CHANNELS")) == 5000
    sub.send(encode_command("UNSUBSCRIBE"))
    got = split_replies(sub.read_replies(5000))
    assert sorted(g.split(b"\r\n")[4].decode() for g in got) == sorted(names)
    assert [int(g.split(b"\r\n")[5][1:]) for g in got] == list(range(4999, -1, -1))
    assert reply(c, "PUBSUB", "CHANNELS") == []
