"""LZF (keydb/_core/lzf.pyx) against liblzf as redis-server uses it.

redis-server's DUMP of a long compressible string carries liblzf's output,
which our decompressor must read; and a DUMP payload built around our
compressor's output must RESTORE in redis-server, whose liblzf then reads
it. Round trips and corrupt inputs are checked without a server.
"""
import os
import random
import struct

import pytest

from helpers import REDIS_SERVER, Server, no_oracle

lzf = pytest.importorskip("keydb._core.lzf")


def samples():
    rng = random.Random(5)
    yield b"a" * 1000
    yield b"abc" * 3000
    yield b"".join(b"element-%d" % i for i in range(5000))
    yield bytes(rng.randrange(4) for _ in range(70000))
    yield b"xy" + os.urandom(300) + b"xy" * 300
    yield bytes(range(256)) * 40
    yield b"0123456789" * 26 + b"tail"


@pytest.mark.parametrize("data", list(samples()), ids=lambda d: "%d bytes" % len(d))
def test_round_trip(data):
    packed = lzf.compress(data)
    assert 0 < len(packed) < len(data)
    assert lzf.decompress(packed, len(data)) == data


def test_incompressible_data_does_not_fit_a_smaller_buffer():
    data = os.urandom(1000)
    assert lzf.compress(data, len(data) - 8) == b""
    packed = lzf.compress(data, len(data) + 64)
    assert lzf.decompress(packed, len(data)) == data


@pytest.mark.parametrize("n", [1, 2, 3, 31, 32, 33, 100])
def test_short_inputs(n):
    data = bytes(random.Random(n).randrange(256) for _ in range(n))
    packed = lzf.compress(data)
    assert lzf.decompress(packed, n) == data


def test_corrupt_inputs_are_refused():
    packed = lzf.compress(b"abc" * 100)
    assert lzf.decompress(packed[:-1], 300) is None
    assert lzf.decompress(packed, 299) is None          # output would not fit
    assert lzf.decompress(b"\x05ab", 10) is None         # literal run longer than the input
    assert lzf.decompress(b"\x00a\x20\x05", 10) is None  # back reference before the start


# ---- against redis-server's liblzf ---------------------------------------------------

def _crc64_table():
    poly = int("{:064b}".format(0xad93d23594c935a9)[::-1], 2)
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC64_TABLE = _crc64_table()


def crc64(data):
    """Redis's CRC-64 (Jones polynomial, reflected), as DUMP payloads end with."""
    crc = 0
    for b in data:
        crc = CRC64_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def rdb_len(n):
    if n < 64:
        return bytes([n])
    if n < 16384:
        return bytes([0x40 | (n >> 8), n & 0xFF])
    return b"\x80" + struct.pack(">I", n)


def read_rdb_len(payload, pos):
    b = payload[pos]
    if b >> 6 == 0:
        return b & 0x3F, pos + 1
    if b >> 6 == 1:
        return ((b & 0x3F) << 8) | payload[pos + 1], pos + 2
    assert b == 0x80
    return struct.unpack(">I", payload[pos + 1:pos + 5])[0], pos + 5


def test_crc64_check_value():
    assert crc64(b"123456789") == 0xe9c6d914c4b8d9ca


@pytest.fixture(scope="module")
def oracle():
    if no_oracle() or REDIS_SERVER is None:
        pytest.skip("no redis-server")
    with Server("redis") as srv:
        yield srv


@pytest.mark.parametrize("data", list(samples()), ids=lambda d: "%d bytes" % len(d))
def test_we_read_what_liblzf_wrote(oracle, data):
    with oracle.client() as c:
        c.set("s", data)
        payload = c.dump("s")
    assert payload[0] == 0 and payload[1] == 0xC3        # a string, LZF-encoded
    clen, pos = read_rdb_len(payload, 2)
    n, pos = read_rdb_len(payload, pos)
    assert n == len(data)
    assert lzf.decompress(payload[pos:pos + clen], n) == data


@pytest.mark.parametrize("data", list(samples()), ids=lambda d: "%d bytes" % len(d))
def test_liblzf_reads_what_we_wrote(oracle, data):
    packed = lzf.compress(data)
    body = b"\x00\xc3" + rdb_len(len(packed)) + rdb_len(len(data)) + packed + b"\x0a\x00"
    payload = body + struct.pack("<Q", crc64(body))
    with oracle.client() as c:
        c.delete("r")
        assert c.restore("r", 0, payload)
        assert c.get("r") == data
