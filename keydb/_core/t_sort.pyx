"""SORT and SORT_RO: the elements of a list, set or sorted set, sorted.

SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC]
[ALPHA] [STORE destination], with what Redis 7.0.15 lets a client see:

- The elements are first copied out of the value into one arena, each
  followed by a NUL byte, so the BY and GET lookups that follow can
  neither see nor disturb the value being sorted, and C string functions
  can read them in place.
- Numeric order reads every weight as C's strtod does, up to its first NUL
  byte (" 3", "0x1A" and "" are numbers; "3 ", ERANGE and NaN are not):
  one weight that does not read fails the command with "One or more scores
  can't be converted into double". Equal weights are ordered by the
  elements' bytes, so the result does not depend on the input order.
  (Redis 7.0.15 leaves errno as it was before its strtod, so after one
  ERANGE its later non-integer weights fail until something clears errno;
  that accident is not reproduced.)
- ALPHA compares with strcoll (LC_COLLATE, which the server takes from the
  environment at start-up as Redis does) when the result is replied, and
  byte by byte when it is stored. With BY, a missing weight sorts first;
  elements whose weights are equal keep an order Redis does not promise
  (here: their input order).
- BY without a '*' (BY nosort) skips sorting: a list or sorted set comes in
  its own order (from the other end with DESC, LIMIT applied while
  reading), a set in its iteration order, except that a set is sorted
  ALPHA when the result is stored, so the stored list does not depend on a
  hash table's layout. A sorted set is converted to its skiplist encoding
  by SORT, as Redis does.
- A pattern names the key made by putting the element in place of its
  first '*'; "key->field" names a hash field; "#" is the element itself. A
  missing key or field, or a key of another type, reads as nothing: a nil
  reply, an empty string in a stored list, no weight when sorting.
- LIMIT's offset and count are clamped to the size before use; a negative
  count means "to the end".
Every key here is looked up as a read (keyspace hits and misses count).
Handlers run with the keyspace lock held.
"""
from libc.string cimport memcpy, memchr, memcmp, strcoll
from libc.stdlib cimport strtod
from libc.errno cimport errno, ERANGE
from libc.math cimport isnan
from keydb._core.state cimport Client, Arg
from keydb._core.zmalloc cimport zmalloc, zrealloc, zfree
from keydb._core.object cimport (RObj, OBJ_STRING, OBJ_LIST, OBJ_SET, OBJ_ZSET, OBJ_HASH,
    ENC_SKIPLIST, string_bytes, free_object)
from keydb._core.db cimport lookup_key_read, db_set_key, db_delete, signal_modified_key
from keydb._core.reply cimport (add_reply_ll, add_reply_bulk, add_reply_null, add_reply_error,
    add_reply_wrongtype, add_reply_syntax_error, add_reply_array_len)
from keydb._core.args cimport OK, ERR, arg_is, arg_to_ll
from keydb._core.util cimport ll2string, string2ll
from keydb._core.listpack cimport LpVal, LP_INT_BUF
from keydb._core.quicklist cimport (Quicklist, QlIter, QL_TAIL, ql_push, ql_iter_init_at, ql_next,
    ql_iter_release)
from keydb._core.t_list cimport list_create, list_length
from keydb._core.t_hash cimport hash_get
from keydb._core.t_set cimport (SetIter, SetMember, set_size, set_iter_init, set_iter_next,
    set_member_bytes)
from keydb._core.zset cimport (ZsetPos, ZsetElem, zset_length, zset_convert, zset_seek_rank,
    zset_pos_get, zset_pos_next)

ctypedef int (*CompareWith)(const void* a, const void* b, void* arg) noexcept nogil

cdef extern from "<stdlib.h>" nogil:
    # glibc's qsort with a context argument (the same algorithm as qsort).
    void qsort_r(void* base, size_t nmemb, size_t size, CompareWith cmp, void* arg)

# SortWeight.cmp when an ALPHA BY lookup found nothing. Guard: const.
cdef size_t NO_WEIGHT = <size_t>-1

# What a BY or GET pattern names.
cdef enum:
    PAT_SELF = 0        # "#": the element itself
    PAT_NONE = 1        # no '*' (before any NUL byte): never a key
    PAT_KEY = 2         # a string key
    PAT_FIELD = 3       # a field of a hash key


cdef struct Pattern:
    int kind
    const char* head        # the bytes before the '*'
    size_t headlen
    const char* tail        # the bytes after it, up to "->field" when there is one
    size_t taillen
    const char* field       # PAT_FIELD: the field name (the rest of the pattern)
    size_t fieldlen


cdef struct SortOpts:
    int desc
    int alpha
    int dontsort            # a BY without '*' was given (it stays set)
    long long offset        # LIMIT
    long long count         # -1: to the end
    Arg* by                 # NULL: weigh the elements themselves
    Pattern bypat
    Arg* store              # NULL: reply
    Pattern* gets           # the GET patterns, in order
    int ngets


# What an element is sorted by: a number, or (ALPHA with BY) bytes.
cdef union SortWeight:
    double score            # numeric weight (0 when BY found nothing)
    size_t cmp              # the weight's bytes in the arena, or NO_WEIGHT

# One element being sorted: 32 bytes, since glibc's merge sort moves items
# up to that size directly (larger ones through an index). Offsets are into
# Sorter.arena, which may move while elements and weights are loaded.
cdef struct SortItem:
    size_t ele              # the element's bytes, NUL-terminated
    size_t len
    SortWeight w
    size_t cmplen           # ALPHA with BY: the weight's length


cdef struct Sorter:
    char* arena             # element (and ALPHA weight) bytes, each NUL-terminated
    size_t used
    size_t cap
    char* key               # the key a pattern names, built here
    size_t keycap
    char* num               # a numeric weight copied with a NUL for strtod
    size_t numcap
    char ibuf[32]           # digits of an integer-encoded value (>= HASH_VAL_BUF)
    int desc                # what sort_compare needs
    int alpha
    int bypattern
    int store


# ---- patterns ------------------------------------------------------------------

cdef void pattern_parse(Pattern* pat, Arg* a) noexcept nogil:
    # Redis reads a pattern as a C string to find '#', '*' and "->", so
    # only the bytes before a NUL count for those; the field name (or the
    # tail without a field) is the rest of the argument, NULs included.
    cdef const char* p = a.ptr
    cdef const char* nul = <const char*>memchr(p, 0, a.len)
    cdef size_t clen = <size_t>(nul - p) if nul != NULL else a.len
    cdef const char* star
    cdef const char* arrow = NULL
    cdef const char* q
    pat.field = NULL
    pat.fieldlen = 0
    if clen == 1 and p[0] == b'#':
        pat.kind = PAT_SELF
        return
    star = <const char*>memchr(p, b'*', clen)
    if star == NULL:
        pat.kind = PAT_NONE
        return
    q = star + 1
    while q + 2 < p + clen:                 # "->" followed by at least one byte
        if q[0] == b'-' and q[1] == b'>':
            arrow = q
            break
        q += 1
    pat.head = p
    pat.headlen = <size_t>(star - p)
    pat.tail = star + 1
    if arrow != NULL:
        pat.kind = PAT_FIELD
        pat.taillen = <size_t>(arrow - star - 1)
        pat.field = arrow + 2
        pat.fieldlen = a.len - <size_t>(arrow + 2 - p)
    else:
        pat.kind = PAT_KEY
        pat.taillen = a.len - pat.headlen - 1


cdef char* grow(char* buf, size_t* cap, size_t need) noexcept nogil:
    # buf with room for need bytes (*cap updated).
    if need > cap[0]:
        cap[0] = need * 2 if need * 2 > 64 else 64
        buf = <char*>zrealloc(buf, cap[0])
    return buf


cdef const char* pattern_lookup(Sorter* s, Client* c, Pattern* pat, const char* ele,
                                size_t elen, size_t* vlen) noexcept nogil:
    # The bytes pat names for element ele (*vlen set), or NULL when there
    # are none. Valid until the next lookup or until the keyspace changes.
    cdef size_t klen
    cdef RObj* o
    cdef const char* v
    if pat.kind == PAT_SELF:
        vlen[0] = elen
        return ele
    if pat.kind == PAT_NONE:
        return NULL
    klen = pat.headlen + elen + pat.taillen
    s.key = grow(s.key, &s.keycap, klen + 1)
    memcpy(s.key, pat.head, pat.headlen)
    memcpy(s.key + pat.headlen, ele, elen)
    memcpy(s.key + pat.headlen + elen, pat.tail, pat.taillen)
    o = lookup_key_read(c.db, s.key, klen)
    if o == NULL:
        return NULL
    if pat.kind == PAT_FIELD:
        if o.type != OBJ_HASH:
            return NULL
        return hash_get(o, pat.field, pat.fieldlen, vlen, s.ibuf)
    if o.type != OBJ_STRING:
        return NULL
    vlen[0] = string_bytes(o, s.ibuf, &v)
    return v


# ---- options ---------------------------------------------------------------------

cdef int parse_options(Client* c, int readonly, SortOpts* opt) noexcept nogil:
    # Redis's order: words are read left to right, the last LIMIT, BY and
    # STORE win, an option short of its arguments is a syntax error, and
    # LIMIT's numbers are checked as they come. OK, or ERR after replying.
    cdef int j = 2, left
    opt.desc = 0
    opt.alpha = 0
    opt.dontsort = 0
    opt.offset = 0
    opt.count = -1
    opt.by = NULL
    opt.store = NULL
    opt.ngets = 0
    opt.gets = <Pattern*>zmalloc(sizeof(Pattern) * <size_t>c.argc)
    while j < c.argc:
        left = c.argc - j - 1
        if arg_is(&c.argv[j], b"asc"):
            opt.desc = 0
        elif arg_is(&c.argv[j], b"desc"):
            opt.desc = 1
        elif arg_is(&c.argv[j], b"alpha"):
            opt.alpha = 1
        elif arg_is(&c.argv[j], b"limit") and left >= 2:
            if (arg_to_ll(c, &c.argv[j + 1], &opt.offset) != OK
                    or arg_to_ll(c, &c.argv[j + 2], &opt.count) != OK):
                return ERR
            j += 2
        elif not readonly and arg_is(&c.argv[j], b"store") and left >= 1:
            opt.store = &c.argv[j + 1]
            j += 1
        elif arg_is(&c.argv[j], b"by") and left >= 1:
            opt.by = &c.argv[j + 1]
            pattern_parse(&opt.bypat, opt.by)
            if opt.bypat.kind == PAT_NONE or opt.bypat.kind == PAT_SELF:
                opt.dontsort = 1
            j += 1
        elif arg_is(&c.argv[j], b"get") and left >= 1:
            pattern_parse(&opt.gets[opt.ngets], &c.argv[j + 1])
            opt.ngets += 1
            j += 1
        else:
            add_reply_syntax_error(c)
            return ERR
        j += 1
    return OK


cdef int sort_get_keys(Arg* argv, int argc, int* keys) noexcept nogil:
    cdef int i = 2, found_store = 0
    keys[0] = 1
    while i < argc:
        if arg_is(&argv[i], b"limit"):
            i += 2
        elif arg_is(&argv[i], b"get") or arg_is(&argv[i], b"by"):
            i += 1
        elif arg_is(&argv[i], b"store") and i + 1 < argc:
            found_store = 1
            keys[1] = i + 1
        i += 1
    return 1 + found_store


# ---- loading the elements ------------------------------------------------------------

cdef size_t arena_put(Sorter* s, const char* p, size_t n) noexcept nogil:
    # Append p[0:n] and a NUL (p must not point into the arena); returns
    # the offset of the copy.
    cdef size_t off = s.used
    if s.used + n + 1 > s.cap:
        s.cap = (s.used + n + 1) * 2
        s.arena = <char*>zrealloc(s.arena, s.cap)
    memcpy(s.arena + off, p, n)
    s.arena[off + n] = 0
    s.used += n + 1
    return off


cdef void item_init(Sorter* s, SortItem* it, const char* p, size_t n) noexcept nogil:
    it.ele = arena_put(s, p, n)
    it.len = n
    if s.alpha:
        it.w.cmp = NO_WEIGHT
    else:
        it.w.score = 0
    it.cmplen = 0


cdef long load_list(Sorter* s, SortItem* items, RObj* o, long start, long count,
                    int desc) noexcept nogil:
    # count elements from the start-th (counted from the tail when desc),
    # walking toward the tail (head when desc). Returns how many were read.
    cdef QlIter it
    cdef LpVal v
    cdef char buf[LP_INT_BUF]
    cdef long j = 0
    cdef long index = <long>list_length(o) - start - 1 if desc else start
    ql_iter_init_at(<Quicklist*>o.v.ptr, &it, not desc, index)
    while j < count and ql_next(&it, &v):
        if v.s != NULL:
            item_init(s, &items[j], v.s, v.len)
        else:
            item_init(s, &items[j], buf, <size_t>ll2string(buf, sizeof(buf), v.ll))
        j += 1
    ql_iter_release(&it)
    return j


cdef long load_set(Sorter* s, SortItem* items, RObj* o) noexcept nogil:
    # Every member, in the set's iteration order.
    cdef SetIter it
    cdef SetMember m
    cdef long j = 0
    set_iter_init(&it, o)
    while set_iter_next(&it, &m):
        set_member_bytes(&m)
        item_init(s, &items[j], m.ptr, m.len)
        j += 1
    return j


cdef long load_zset(Sorter* s, SortItem* items, RObj* o, long start, long count,
                    int desc) noexcept nogil:
    # count members from the start-th in score order (from the highest
    # when desc). Returns how many were read.
    cdef ZsetPos pos
    cdef ZsetElem e
    cdef long j = 0
    if count <= 0 or not zset_seek_rank(o, <unsigned long>start, desc, &pos):
        return 0
    while True:
        zset_pos_get(o, &pos, &e)
        item_init(s, &items[j], e.m, e.len)
        j += 1
        if j == count or not zset_pos_next(o, &pos, desc):
            return j


# ---- weights and order ------------------------------------------------------------------

cdef int read_weight(const char* z, size_t n, double* out) noexcept nogil:
    # Redis's test of a numeric weight: strtod over the NUL-terminated z
    # (n bytes) must use it all, without ERANGE or NaN. 1 if it does. A
    # canonical integer is converted directly (the same double, faster).
    global errno
    cdef char* end
    cdef long long v
    if string2ll(z, n, &v):
        out[0] = <double>v
        return 1
    errno = 0
    out[0] = strtod(z, &end)
    return end[0] == 0 and errno != ERANGE and not isnan(out[0])


cdef int load_weights(Sorter* s, Client* c, SortOpts* opt, SortItem* items, long n) noexcept nogil:
    # The numeric weight (or, ALPHA with BY, the weight's bytes) of every
    # item. Every lookup is made even after a failure, as Redis makes
    # them. Returns 0, or -1 when a numeric weight did not read.
    cdef long j
    cdef int bad = 0
    cdef const char* w
    cdef size_t wlen
    for j in range(n):
        if opt.by != NULL:
            w = pattern_lookup(s, c, &opt.bypat, s.arena + items[j].ele, items[j].len, &wlen)
            if w == NULL:
                continue
            if opt.alpha:
                items[j].w.cmp = arena_put(s, w, wlen)
                items[j].cmplen = wlen
                continue
            s.num = grow(s.num, &s.numcap, wlen + 1)
            memcpy(s.num, w, wlen)
            s.num[wlen] = 0
            w = s.num
        elif opt.alpha:
            continue
        else:
            w = s.arena + items[j].ele
            wlen = items[j].len
        if not read_weight(w, wlen, &items[j].w.score):
            bad = 1
    return -1 if bad else 0


cdef inline int bytes_cmp(const char* a, size_t alen, const char* b, size_t blen) noexcept nogil:
    cdef int r = memcmp(a, b, alen if alen < blen else blen)
    if r != 0:
        return r
    return (alen > blen) - (alen < blen)


cdef int sort_compare(const void* x, const void* y, void* arg) noexcept nogil:
    # qsort_r order of two SortItems under the Sorter's options.
    cdef Sorter* s = <Sorter*>arg
    cdef const SortItem* a = <const SortItem*>x
    cdef const SortItem* b = <const SortItem*>y
    cdef int cmp
    if not s.alpha:
        if a.w.score > b.w.score:
            cmp = 1
        elif a.w.score < b.w.score:
            cmp = -1
        else:
            cmp = bytes_cmp(s.arena + a.ele, a.len, s.arena + b.ele, b.len)
    elif s.bypattern:
        if a.w.cmp == NO_WEIGHT or b.w.cmp == NO_WEIGHT:
            cmp = 0 if a.w.cmp == b.w.cmp else (-1 if a.w.cmp == NO_WEIGHT else 1)
        elif s.store:
            cmp = bytes_cmp(s.arena + a.w.cmp, a.cmplen, s.arena + b.w.cmp, b.cmplen)
        else:
            cmp = strcoll(s.arena + a.w.cmp, s.arena + b.w.cmp)
    elif s.store:
        cmp = bytes_cmp(s.arena + a.ele, a.len, s.arena + b.ele, b.len)
    else:
        cmp = strcoll(s.arena + a.ele, s.arena + b.ele)
    return -cmp if s.desc else cmp


# ---- output ----------------------------------------------------------------------------

cdef void reply_sorted(Sorter* s, Client* c, SortOpts* opt, SortItem* items, long start,
                       long end) noexcept nogil:
    # items[start..end], each as itself or as its GET values (nil when missing).
    cdef long j
    cdef int k
    cdef const char* v
    cdef size_t vlen
    add_reply_array_len(c, (end - start + 1) * (opt.ngets if opt.ngets else 1))
    for j in range(start, end + 1):
        if opt.ngets == 0:
            add_reply_bulk(c, s.arena + items[j].ele, items[j].len)
        for k in range(opt.ngets):
            v = pattern_lookup(s, c, &opt.gets[k], s.arena + items[j].ele, items[j].len, &vlen)
            if v == NULL:
                add_reply_null(c)
            else:
                add_reply_bulk(c, v, vlen)


cdef void store_sorted(Sorter* s, Client* c, SortOpts* opt, SortItem* items, long start,
                       long end) noexcept nogil:
    # The same values as reply_sorted (missing ones as empty strings) stored
    # as a new list at the destination, replacing whatever was there (TTL
    # included); an empty result deletes it. Replies the list's length.
    cdef RObj* lst = list_create()
    cdef Quicklist* ql = <Quicklist*>lst.v.ptr
    cdef Arg* dst = opt.store
    cdef long j
    cdef int k
    cdef const char* v
    cdef size_t vlen
    cdef unsigned long n
    for j in range(start, end + 1):
        if opt.ngets == 0:
            ql_push(ql, s.arena + items[j].ele, items[j].len, QL_TAIL)
        for k in range(opt.ngets):
            v = pattern_lookup(s, c, &opt.gets[k], s.arena + items[j].ele, items[j].len, &vlen)
            if v == NULL:
                ql_push(ql, b"", 0, QL_TAIL)
            else:
                ql_push(ql, v, vlen, QL_TAIL)
    n = ql.count
    if n > 0:
        db_set_key(c.db, dst.ptr, dst.len, lst, 0)
        signal_modified_key(c.db, dst.ptr, dst.len)
    else:
        free_object(lst)
        if db_delete(c.db, dst.ptr, dst.len):
            signal_modified_key(c.db, dst.ptr, dst.len)
    add_reply_ll(c, <long long>n)


# ---- the commands ------------------------------------------------------------------------

cdef inline long clamp(long long v, long long lo, long long hi) noexcept nogil:
    return <long>(lo if v < lo else (hi if v > hi else v))


cdef void limit_range(SortOpts* opt, long size, long* start, long* end) noexcept nogil:
    # The 0-based, inclusive range of the sorted elements that LIMIT keeps
    # (empty when *end < *start). Offset and count are clamped to the size
    # first, as Redis 7.0.15 does, so huge values cannot overflow.
    cdef long count = clamp(opt.count, -1, size)
    start[0] = clamp(opt.offset, 0, size)
    end[0] = size - 1 if count < 0 else start[0] + count - 1
    if start[0] >= size:
        start[0] = size - 1
        end[0] = size - 2
    if end[0] >= size:
        end[0] = size - 1


cdef void load_elements(Sorter* s, SortItem* items, RObj* o, long start, long n,
                        int ranged, int desc) noexcept nogil:
    # Copy n elements of o into items: all of them in o's own order, or,
    # when ranged (a list or sorted set read without sorting), the n from
    # the start-th in the order DESC gives.
    if not ranged:
        start = desc = 0
    if o.type == OBJ_LIST:
        load_list(s, items, o, start, n, desc)
    elif o.type == OBJ_ZSET:
        load_zset(s, items, o, start, n, desc)
    else:
        load_set(s, items, o)


cdef long value_size(RObj* o) noexcept nogil:
    # Elements in a list, set or sorted set (0 for a missing key).
    if o == NULL:
        return 0
    if o.type == OBJ_LIST:
        return <long>list_length(o)
    if o.type == OBJ_ZSET:
        return <long>zset_length(o)
    return <long>set_size(o)


cdef void sorter_init(Sorter* s, SortOpts* opt) noexcept nogil:
    s.arena = s.key = s.num = NULL
    s.used = s.cap = s.keycap = s.numcap = 0
    s.desc = opt.desc
    s.alpha = opt.alpha
    s.bypattern = opt.by != NULL
    s.store = opt.store != NULL


cdef void sort_generic(Client* c, int readonly) noexcept nogil:
    cdef SortOpts opt
    cdef Sorter s
    cdef RObj* o
    cdef long size, start, end, n
    cdef SortItem* items
    cdef int ranged, bad = 0
    if parse_options(c, readonly, &opt) != OK:
        zfree(opt.gets)
        return
    o = lookup_key_read(c.db, c.argv[1].ptr, c.argv[1].len)
    if o != NULL and o.type != OBJ_LIST and o.type != OBJ_SET and o.type != OBJ_ZSET:
        zfree(opt.gets)
        add_reply_wrongtype(c)
        return
    if opt.dontsort and o != NULL and o.type == OBJ_SET and opt.store != NULL:
        opt.dontsort = 0            # a stored set is always ordered
        opt.alpha = 1
        opt.by = NULL
    if o != NULL and o.type == OBJ_ZSET:
        zset_convert(o, ENC_SKIPLIST)       # Redis's SORT does this to any sorted set
    size = value_size(o)
    limit_range(&opt, size, &start, &end)
    # Without sorting, a list (or sorted set) is read in its own order, so
    # only LIMIT's range is loaded.
    ranged = opt.dontsort and o != NULL and o.type != OBJ_SET
    n = end - start + 1 if ranged else size

    sorter_init(&s, &opt)
    items = <SortItem*>zmalloc(sizeof(SortItem) * <size_t>(n if n > 0 else 1))
    if o != NULL and n > 0:
        load_elements(&s, items, o, start, n, ranged, opt.desc)
    if ranged:
        end -= start
        start = 0
    if not opt.dontsort:
        bad = load_weights(&s, c, &opt, items, n)
        if not bad:
            qsort_r(items, <size_t>n, sizeof(SortItem), sort_compare, &s)
    if bad:
        add_reply_error(c, b"One or more scores can't be converted into double")
    elif opt.store != NULL:
        store_sorted(&s, c, &opt, items, start, end)
    else:
        reply_sorted(&s, c, &opt, items, start, end)
    zfree(items)
    zfree(s.arena)
    zfree(s.key)
    zfree(s.num)
    zfree(opt.gets)


cdef void cmd_sort(Client* c) noexcept nogil:
    sort_generic(c, 0)


cdef void cmd_sort_ro(Client* c) noexcept nogil:
    sort_generic(c, 1)
