# Number <-> string conversions and glob matching with Redis's exact rules.

# Parse a whole buffer as a signed 64-bit integer. Redis's strict grammar:
# no spaces, no '+', no leading zeros (except "0"), fits in long long.
# Returns 1 and stores into *out on success, 0 otherwise.
cdef int string2ll(const char* s, size_t n, long long* out) noexcept nogil

# Write v in decimal into buf (>= 21 bytes); returns the length.
cdef int ll2string(char* buf, size_t cap, long long v) noexcept nogil

# Parse a whole buffer as a long double the way Redis's string2ld does: no
# leading space, not empty, not NaN; "inf"/"-inf" accepted. 1 on success.
cdef int string2ld(const char* s, size_t n, long double* out) noexcept nogil

# Parse as double (strtod over the whole buffer, no spaces, no NaN). 1 on success.
cdef int string2d(const char* s, size_t n, double* out) noexcept nogil

# Format a long double as INCRBYFLOAT does ("%.17Lf" humanized: trailing zeros
# and dot stripped). Returns length, 0 if it does not fit.
cdef int ld2string(char* buf, size_t cap, long double v) noexcept nogil

# Format a double for replies: "%.17g", "inf", "-inf" (Redis's addReplyDouble).
cdef int d2string(char* buf, size_t cap, double v) noexcept nogil

# Redis glob match (*, ?, [a-z], [^x], backslash escapes). 1 if it matches.
cdef int stringmatchlen(const char* p, int plen, const char* s, int slen, int nocase) noexcept nogil

# Case-insensitive equality of a buffer with a NUL-terminated lower-case word.
cdef int eq_nocase(const char* s, size_t n, const char* word) noexcept nogil

# Redis's sdscatrepr: p[0:n] in double quotes with \\ \" \n \r \t \a \b
# escaped and other non-printable bytes as \xhh. repr_len is the size that
# write_repr writes (no NUL); out must hold that many bytes.
cdef size_t repr_len(const char* p, size_t n) noexcept nogil
cdef size_t write_repr(char* out, const char* p, size_t n) noexcept nogil
cdef long long ustime() noexcept nogil      # wall clock, microseconds
cdef long long mstime() noexcept nogil      # wall clock, milliseconds
cdef long long monotonic_us() noexcept nogil
