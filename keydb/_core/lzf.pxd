# LZF: a fast LZ77 byte compressor, in liblzf's stream format (the one RDB
# files and Redis's compressed quicklist nodes use). The stream is a run of
# items, each starting with a control byte c:
#   c < 32          a literal run: the next c+1 bytes are copied as they are
#   c >> 5 in 1..6  a back reference of (c >> 5) + 2 bytes; the offset is
#                   ((c & 31) << 8 | next byte) + 1 bytes back in the output
#   c >> 5 == 7     the same with length next byte + 9, offset byte after it
# Back references reach at most 8192 bytes back and copy 3..264 bytes.

# Compress src[0:n] into dst (cap bytes). Returns the compressed size, or 0
# when it does not fit in cap (the caller keeps the data uncompressed).
cdef size_t lzf_compress(const void* src, size_t n, void* dst, size_t cap) noexcept nogil
# Decompress src[0:n] into dst (cap bytes). Returns the decompressed size,
# or 0 when the input is corrupt or the output would pass cap.
cdef size_t lzf_decompress(const void* src, size_t n, void* dst, size_t cap) noexcept nogil
