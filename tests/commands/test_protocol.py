"""The wire protocol, byte for byte: RESP3 types after HELLO 3, inline commands,
pipelining, partial writes, protocol errors, huge bulk lengths,
proto-max-bulk-len."""

import time

import pytest

from helpers import encode_command, reply, split_replies


def resp3(server):
    c = server.raw()
    out = c.command("HELLO", "3")
    assert out.startswith(b"%"), out
    return c


# ---- RESP3 ---------------------------------------------------------------------------

def test_hello_3_reply_is_a_map(server):
    with server.raw() as c:
        out = c.command("HELLO", "3")
        assert out.startswith(b"%7\r\n$6\r\nserver\r\n")
        for field in (b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"):
            assert b"$%d\r\n%s\r\n" % (len(field), field) in out
        assert out.endswith(b"$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                            b"$7\r\nmodules\r\n*0\r\n")


def test_resp3_null_replies(server):
    with resp3(server) as c:
        c.command("DEL", "nokey:r3")
        assert c.command("GET", "nokey:r3") == b"_\r\n"
        assert c.command("OBJECT", "ENCODING", "nokey:r3") == b"_\r\n"
        assert c.command("SET", "nokey:r3", "v", "XX") == b"_\r\n"


def test_resp3_null_inside_an_array(server):
    with resp3(server) as c:
        c.command("SET", "r3:a", "v")
        c.command("DEL", "r3:b")
        assert c.command("MGET", "r3:a", "r3:b") == b"*2\r\n$1\r\nv\r\n_\r\n"


def test_resp3_map_replies(server):
    with resp3(server) as c:
        assert c.command("CONFIG", "GET", "databases") == b"%1\r\n$9\r\ndatabases\r\n$2\r\n16\r\n"
        c.command("SET", "r3:s1", "ohmytext")
        c.command("SET", "r3:s2", "mynewtext")
        assert c.command("LCS", "r3:s1", "r3:s2", "IDX", "MINMATCHLEN", "4") == (
            b"%2\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
            b"$3\r\nlen\r\n:6\r\n")


def test_resp3_set_replies(server):
    with resp3(server) as c:
        out = c.command("COMMAND", "INFO", "get")
        assert out.startswith(b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n"
                              b":1\r\n:1\r\n:1\r\n~3\r\n")


def test_resp3_double_reply(server):
    with resp3(server) as c:
        assert c.command("DEBUG", "PROTOCOL", "double") == b",3.141\r\n"


def test_resp3_booleans_and_bignum(server):
    with resp3(server) as c:
        assert c.command("DEBUG", "PROTOCOL", "true") == b"#t\r\n"
        assert c.command("DEBUG", "PROTOCOL", "false") == b"#f\r\n"
        assert c.command("DEBUG", "PROTOCOL", "bignum") == \
            b"(1234567999999999999999999999999999999\r\n"


def test_resp2_renders_resp3_types_as_resp2(server):
    with server.raw() as c:
        assert c.command("DEBUG", "PROTOCOL", "double") == b"$5\r\n3.141\r\n"
        assert c.command("DEBUG", "PROTOCOL", "null") == b"$-1\r\n"
        assert c.command("DEBUG", "PROTOCOL", "map") == b"*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"
        assert c.command("CONFIG", "GET", "databases") == b"*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n"


def test_resp3_errors_integers_and_strings_are_unchanged(server):
    with resp3(server) as c:
        c.command("SET", "r3:n", "10")
        assert c.command("INCR", "r3:n") == b":11\r\n"
        assert c.command("GET", "r3:n") == b"$2\r\n11\r\n"
        assert c.command("PING") == b"+PONG\r\n"
        assert c.command("GET") == b"-ERR wrong number of arguments for 'get' command\r\n"
        assert c.command("INCRBYFLOAT", "r3:n", "0.5") == b"$4\r\n11.5\r\n"


# ---- inline commands ----------------------------------------------------------------

def test_inline_command(server):
    with server.raw() as c:
        assert c.request(b"PING\r\n") == b"+PONG\r\n"
        assert c.request(b"ECHO hello\r\n") == b"$5\r\nhello\r\n"


def test_inline_command_terminated_by_a_bare_newline(server):
    with server.raw() as c:
        assert c.request(b"PING\n") == b"+PONG\r\n"
        assert c.request(b"ECHO   spaced   \n") == b"$6\r\nspaced\r\n"


def test_inline_empty_lines_are_ignored(server):
    with server.raw() as c:
        assert c.request(b"\r\n\r\n   \r\nPING\r\n") == b"+PONG\r\n"


def test_inline_double_and_single_quotes(server):
    with server.raw() as c:
        c.send(b'SET "inline key" \'c d\'\r\nGET "inline key"\r\n')
        assert c.read_replies(2) == b"+OK\r\n$3\r\nc d\r\n"


def test_inline_escapes_inside_double_quotes(server):
    with server.raw() as c:
        assert c.request(b'ECHO "\\x41\\n\\t\\"q\\\\"\r\n') == b'$6\r\nA\n\t"q\\\r\n'
        assert c.request(b"ECHO 'it\\'s'\r\n") == b"$4\r\nit's\r\n"
        assert c.request(b'ECHO ""\r\n') == b"$0\r\n\r\n"


def test_inline_and_multibulk_mixed_in_one_write(server):
    with server.raw() as c:
        c.send(b"PING\r\n" + encode_command("ECHO", "x") + b"ECHO y\r\n")
        assert c.read_replies(3) == b"+PONG\r\n$1\r\nx\r\n$1\r\ny\r\n"


@pytest.mark.parametrize("line", [b'SET "a b\r\n', b"SET 'a b\r\n", b'SET "a"b c\r\n'],
                         ids=["double", "single", "closing-quote-not-followed-by-space"])
def test_inline_unbalanced_quotes_is_a_protocol_error(server, line):
    with server.raw() as c:
        c.send(line)
        assert c.read_until_close() == b"-ERR Protocol error: unbalanced quotes in request\r\n"


def test_inline_request_too_big(server):
    with server.raw() as c:
        c.send(b"x" * 70000)
        assert c.read_until_close() == b"-ERR Protocol error: too big inline request\r\n"


# ---- pipelining and partial writes --------------------------------------------------

def test_pipelining_1000_commands_in_one_write(server):
    with server.raw(timeout=10) as c:
        c.command("DEL", "pipe:counter")
        batch = b"".join(encode_command("INCR", "pipe:counter") for _ in range(1000))
        c.send(batch)
        out = c.read_replies(1000)
        assert split_replies(out) == [b":%d\r\n" % i for i in range(1, 1001)]


def test_pipelining_mixed_commands_keeps_reply_order(server):
    with server.raw(timeout=10) as c:
        cmds, want = [], []
        for i in range(500):
            cmds.append(encode_command("SET", "pipe:%d" % i, "v%d" % i))
            want.append(b"+OK\r\n")
            cmds.append(encode_command("GET", "pipe:%d" % i))
            want.append(b"$%d\r\nv%d\r\n" % (len(b"v%d" % i), i))
            cmds.append(encode_command("INCR", "pipe:%d" % i))
            want.append(b"-ERR value is not an integer or out of range\r\n")
        c.send(b"".join(cmds))
        assert split_replies(c.read_replies(1500)) == want


def test_pipelining_1000_inline_commands(server):
    with server.raw(timeout=10) as c:
        c.send(b"PING\r\n" * 1000)
        assert c.read_replies(1000) == b"+PONG\r\n" * 1000


def test_a_command_sent_one_byte_at_a_time(server):
    with server.raw() as c:
        data = encode_command("SET", "slow:key", "a value") + encode_command("GET", "slow:key")
        for i in range(len(data)):
            c.send(data[i:i + 1])
            if i % 8 == 0:
                time.sleep(0.001)
        assert c.read_replies(2) == b"+OK\r\n$7\r\na value\r\n"


def test_a_large_value_sent_in_pieces(server):
    with server.raw(timeout=10) as c:
        value = bytes(range(256)) * 4096          # 1 MiB, every byte value
        data = encode_command("SET", "big:key", value)
        for i in range(0, len(data), 65536):
            c.send(data[i:i + 65536])
        assert c.read_replies(1) == b"+OK\r\n"
        assert c.command("GET", "big:key") == b"$%d\r\n%s\r\n" % (len(value), value)
        c.command("DEL", "big:key")


def test_replies_to_a_large_pipeline_of_large_values(server):
    with server.raw(timeout=20) as c:
        c.command("SET", "bigreply", "z" * 100000)
        c.send(encode_command("GET", "bigreply") * 200)
        out = c.read_replies(200, timeout=20)
        assert out == (b"$100000\r\n" + b"z" * 100000 + b"\r\n") * 200
        c.command("DEL", "bigreply")


def test_empty_and_negative_multibulk_counts_are_skipped(server):
    with server.raw() as c:
        assert c.request(b"*0\r\nPING\r\n") == b"+PONG\r\n"
        assert c.request(b"*-1\r\nPING\r\n") == b"+PONG\r\n"


# ---- protocol errors --------------------------------------------------------------------

PROTOCOL_ERRORS = [
    (b"*abc\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*2147483648\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*+1\r\n$4\r\nPING\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"* 1\r\n$4\r\nPING\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*01\r\n$4\r\nPING\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*1\n$4\r\nPING\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*1\r\n$abc\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$-1\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$+4\r\nPING\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$ 4\r\nPING\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$536870913\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$2147483648\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$99999999999999999999\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n:4\r\n", b"-ERR Protocol error: expected '$', got ':'\r\n"),
    (b"*1\r\nfoo\r\n", b"-ERR Protocol error: expected '$', got 'f'\r\n"),
    (b"*1\r\r\n$4\r\nPING\r\n", b"-ERR Protocol error: expected '$', got ' '\r\n"),
    (b"*" + b"1" * 70000, b"-ERR Protocol error: too big mbulk count string\r\n"),
    (b"*1\r\n$" + b"1" * 70000, b"-ERR Protocol error: too big bulk count string\r\n"),
]


def _error_id(i, error):
    reason = error.decode().split("Protocol error: ", 1)[1].rstrip("\r\n")
    return "%02d-%s" % (i, "".join(ch if ch.isalnum() else "-" for ch in reason).strip("-"))


@pytest.mark.parametrize("data,error", PROTOCOL_ERRORS,
                         ids=[_error_id(i, e) for i, (_, e) in enumerate(PROTOCOL_ERRORS)])
def test_protocol_error_reply_then_close(server, data, error):
    with server.raw() as bystander, server.raw() as c:
        bystander.command("PING")
        c.send(data)
        assert c.read_until_close() == error
        assert bystander.command("PING") == b"+PONG\r\n"
    with server.raw() as fresh:
        assert fresh.command("PING") == b"+PONG\r\n"


def test_commands_before_a_protocol_error_are_executed(server):
    with server.raw() as c:
        c.send(encode_command("SET", "before:err", "1") + encode_command("PING") +
               b"*1\r\nfoo\r\n" + encode_command("SET", "after:err", "1"))
        assert c.read_until_close() == (
            b"+OK\r\n+PONG\r\n-ERR Protocol error: expected '$', got 'f'\r\n")
    with server.raw() as c:
        assert c.command("EXISTS", "before:err", "after:err") == b":1\r\n"
        c.command("DEL", "before:err")


def test_an_incomplete_command_waits_for_more_input(server):
    with server.raw() as c:
        c.send(b"*2\r\n$4\r\nECHO\r\n$5\r\nhel")
        assert c.read_available(0.2) == b""
        c.send(b"lo\r\n")
        assert c.read_replies(1) == b"$5\r\nhello\r\n"


# ---- huge declared lengths ------------------------------------------------------------

def test_the_largest_multibulk_count_is_accepted_and_waits(server):
    with server.raw() as c, server.raw() as other:
        c.send(b"*2147483647\r\n$4\r\nPING\r\n")
        assert c.read_available(0.3) == b""
        assert other.command("PING") == b"+PONG\r\n"


def test_a_512mb_declared_bulk_is_accepted_and_waits(server):
    with server.raw() as c, server.raw() as other:
        c.send(b"*3\r\n$3\r\nSET\r\n$8\r\nhuge:key\r\n$536870912\r\n" + b"x" * 100000)
        assert c.read_available(0.3) == b""
        assert other.command("PING") == b"+PONG\r\n"
        assert other.command("EXISTS", "huge:key") == b":0\r\n"
    with server.raw() as after:
        assert after.command("PING") == b"+PONG\r\n"


def test_many_connections_declaring_huge_bulks_do_not_hurt_the_server(server):
    conns = [server.raw() for _ in range(20)]
    try:
        for c in conns:
            c.send(b"*2\r\n$4\r\nECHO\r\n$536870000\r\nabc")
        with server.raw() as other:
            assert other.command("PING") == b"+PONG\r\n"
    finally:
        for c in conns:
            c.close()
    with server.raw() as other:
        assert other.command("PING") == b"+PONG\r\n"


# ---- proto-max-bulk-len ----------------------------------------------------------------

@pytest.fixture
def small_bulk_limit(r):
    old = r.config_get("proto-max-bulk-len")["proto-max-bulk-len"]
    assert reply(r, "CONFIG", "SET", "proto-max-bulk-len", "1mb") == b"OK"
    yield r
    reply(r, "CONFIG", "SET", "proto-max-bulk-len", old)


def test_proto_max_bulk_len_rejects_longer_bulks(small_bulk_limit, server):
    assert reply(small_bulk_limit, "CONFIG", "GET", "proto-max-bulk-len") == \
        [b"proto-max-bulk-len", b"1048576"]
    with server.raw() as c:
        c.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n")
        assert c.read_until_close() == b"-ERR Protocol error: invalid bulk length\r\n"


def test_proto_max_bulk_len_accepts_a_bulk_of_exactly_the_limit(small_bulk_limit, server):
    with server.raw(timeout=10) as c:
        assert c.command("SET", "limit:key", b"x" * 1048576) == b"+OK\r\n"
        assert c.command("STRLEN", "limit:key") == b":1048576\r\n"


def test_proto_max_bulk_len_limits_setrange_and_append(small_bulk_limit):
    r = small_bulk_limit
    too_big = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    assert str(reply(r, "SETRANGE", "k", "1048576", "x")) == too_big
    assert reply(r, "SETRANGE", "k", "1048575", "x") == 1048576
    assert str(reply(r, "APPEND", "k", "x")) == too_big
    assert reply(r, "STRLEN", "k") == 1048576


def test_proto_max_bulk_len_has_a_1mb_minimum(r):
    got = reply(r, "CONFIG", "SET", "proto-max-bulk-len", "1000")
    assert str(got) == ("ERR CONFIG SET failed (possibly related to argument "
                        "'proto-max-bulk-len') - argument must be between 1048576 and "
                        "9223372036854775807 inclusive")


# ---- flow control ---------------------------------------------------------------------

def test_a_client_that_writes_everything_before_reading_is_served(server):
    """The server must keep reading input while it has replies it cannot send yet."""
    payload = b"e" * 10000
    n = 2000                                        # ~20 MB each way
    with server.raw(timeout=20) as c:
        c.sock.settimeout(20)
        try:
            c.sock.sendall(encode_command("ECHO", payload) * n)
        except OSError as e:
            pytest.fail("server stopped reading while its replies were pending: %r" % e)
        out = c.read_replies(n, timeout=30)
        assert out == (b"$10000\r\n" + payload + b"\r\n") * n


def test_empty_key_and_huge_key_names_are_valid(r):
    assert reply(r, "SET", "", "empty") == b"OK"
    assert reply(r, "GET", "") == b"empty"
    big = b"k" * (1 << 20)
    assert reply(r, "SET", big, "v") == b"OK"
    assert reply(r, "GET", big) == b"v"
    assert sorted(reply(r, "KEYS", "*")) == [b"", big]
    assert reply(r, "DEL", "", big) == 2


def test_mset_and_mget_with_ten_thousand_keys(r):
    keys = [b"many:%d" % i for i in range(10000)]
    args = [x for k in keys for x in (k, k)]
    assert reply(r, "MSET", *args) == b"OK"
    assert reply(r, "MGET", *keys) == keys
    assert reply(r, "DEL", *keys) == 10000
