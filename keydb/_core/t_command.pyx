"""COMMAND: the command table as clients see it.

COMMAND, COMMAND INFO and COMMAND DOCS copy the replies that
keydb/commands encodes at start-up from the specs (api.set_command_blobs
stores them in each Command as info_blob / docs_blob, one per protocol).
COUNT, LIST and GETKEYS read the Command structs. Nothing here changes state.
"""
from libc.string cimport strlen
from keydb._core.state cimport Client, Command
from keydb._core.command cimport (command_count, command_at, command_lookup, command_lookup_sub,
    command_lookup_fullname, CMD_NO_MANDATORY_KEYS)
from keydb._core.reply cimport (add_reply_raw, add_reply_null, add_reply_ll, add_reply_bulk,
    add_reply_bulk_cstr, add_reply_array_len, add_reply_map_len, add_reply_error,
    add_reply_syntax_error, add_reply_help, add_reply_deferred_len, set_deferred_array_len,
    set_deferred_map_len)
from keydb._core.util cimport stringmatchlen, eq_nocase
from keydb._core.zmalloc cimport zmalloc, zfree

cdef enum ListFilter:
    FILTER_NONE = 0
    FILTER_MODULE = 1
    FILTER_ACLCAT = 2
    FILTER_PATTERN = 3

cdef const char* HELP_LINES[19]
HELP_LINES[:] = [
    b"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"(no subcommand)",
    b"    Return the details of every command of this server.",
    b"COUNT",
    b"    Return how many commands this server has.",
    b"LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]",
    b"    Return the names of the commands and subcommands, optionally only those",
    b"    of a module, of an ACL category or matching a glob-style pattern.",
    b"INFO [<command-name> ...]",
    b"    Return the details of the named commands, or of all commands when no",
    b"    name is given.",
    b"DOCS [<command-name> ...]",
    b"    Return the documentation of the named commands, or of all commands when",
    b"    no name is given.",
    b"GETKEYS <full-command>",
    b"    Return the key names in a complete command line.",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef inline int resp_index(Client* c) noexcept nogil:
    return 1 if c.resp >= 3 else 0


cdef void add_reply_command_info(Client* c, Command* cmd) noexcept nogil:
    # One COMMAND INFO entry; null for an unknown command (or one without specs).
    cdef int r = resp_index(c)
    if cmd == NULL or cmd.info_blob[r] == NULL:
        add_reply_null(c)
    else:
        add_reply_raw(c, cmd.info_blob[r], cmd.info_len[r])


cdef int add_reply_command_docs(Client* c, Command* cmd) noexcept nogil:
    # One "name => docs" pair of COMMAND DOCS; 0 (nothing added) if there are none.
    cdef int r = resp_index(c)
    if cmd == NULL or cmd.docs_blob[r] == NULL:
        return 0
    add_reply_bulk_cstr(c, cmd.fullname)
    add_reply_raw(c, cmd.docs_blob[r], cmd.docs_len[r])
    return 1


cdef void cmd_command(Client* c) noexcept nogil:
    cdef int i, n = command_count()
    add_reply_array_len(c, n)
    for i in range(n):
        add_reply_command_info(c, command_at(i))


cdef void cmd_command_count(Client* c) noexcept nogil:
    add_reply_ll(c, command_count())


cdef void cmd_command_info(Client* c) noexcept nogil:
    cdef int i
    if c.argc == 2:
        cmd_command(c)
        return
    add_reply_array_len(c, c.argc - 2)
    for i in range(2, c.argc):
        add_reply_command_info(c, command_lookup_fullname(c.argv[i].ptr, c.argv[i].len))


cdef void cmd_command_docs(Client* c) noexcept nogil:
    cdef int i, n = 0
    cdef size_t at = add_reply_deferred_len(c)
    if c.argc == 2:
        for i in range(command_count()):
            n += add_reply_command_docs(c, command_at(i))
    else:
        for i in range(2, c.argc):
            n += add_reply_command_docs(
                c, command_lookup_fullname(c.argv[i].ptr, c.argv[i].len))
    set_deferred_map_len(c, at, n)


# ---- COMMAND LIST ----------------------------------------------------------------

cdef const char* skip_line(const char* p, const char* end) noexcept nogil:
    # Just past the next CRLF, or end.
    while p + 1 < end:
        if p[0] == 13 and p[1] == 10:
            return p + 2
        p += 1
    return end


cdef long long header_count(const char* p, const char* end) noexcept nogil:
    # The number after the type byte of a RESP header line ("*3", "$12").
    cdef long long n = 0
    p += 1
    while p < end and 48 <= p[0] <= 57:
        n = n * 10 + (p[0] - 48)
        p += 1
    return n


cdef int has_category(Command* cmd, const char* name, size_t n) noexcept nogil:
    # Whether cmd is in ACL category `name` (any case, without '@'). The
    # categories are the 7th element of the RESP2 COMMAND INFO entry:
    # *10, $name, :arity, *flags (+words), :first, :last, :step, *cats (+@cat).
    cdef const char* p = cmd.info_blob[0]
    cdef const char* end
    cdef const char* eol
    cdef long long k, i
    cdef size_t j
    if p == NULL:
        return 0
    end = p + cmd.info_len[0]
    p = skip_line(p, end)                               # *10
    k = header_count(p, end)
    p = skip_line(p, end) + k + 2                       # the name
    p = skip_line(p, end)                               # arity
    k = header_count(p, end)
    p = skip_line(p, end)
    for i in range(k):                                  # flags
        p = skip_line(p, end)
    for i in range(3):                                  # first, last, step
        p = skip_line(p, end)
    if p >= end or p[0] != 42:
        return 0
    k = header_count(p, end)
    p = skip_line(p, end)
    for i in range(k):
        eol = skip_line(p, end)
        if <size_t>(eol - p) == n + 4:                  # "+@" name CRLF
            j = 0
            while j < n and (name[j] | 32 if 65 <= name[j] <= 90 else name[j]) == p[2 + j]:
                j += 1
            if j == n:
                return 1
        p = eol
    return 0


cdef int list_match(Command* cmd, int kind, const char* arg, size_t n) noexcept nogil:
    if kind == FILTER_PATTERN:
        return stringmatchlen(arg, <int>n, cmd.fullname, <int>strlen(cmd.fullname), 1)
    if kind == FILTER_ACLCAT:
        return has_category(cmd, arg, n)
    if kind == FILTER_MODULE:
        return 0                                        # no module commands exist
    return 1


cdef void cmd_command_list(Client* c) noexcept nogil:
    cdef int kind = FILTER_NONE, i, j, n = 0
    cdef const char* arg = NULL
    cdef size_t alen = 0
    cdef Command* cmd
    cdef size_t at
    if c.argc == 5 and eq_nocase(c.argv[2].ptr, c.argv[2].len, b"filterby"):
        if eq_nocase(c.argv[3].ptr, c.argv[3].len, b"module"):
            kind = FILTER_MODULE
        elif eq_nocase(c.argv[3].ptr, c.argv[3].len, b"aclcat"):
            kind = FILTER_ACLCAT
        elif eq_nocase(c.argv[3].ptr, c.argv[3].len, b"pattern"):
            kind = FILTER_PATTERN
        arg = c.argv[4].ptr
        alen = c.argv[4].len
    if kind == FILTER_NONE and c.argc != 2:
        add_reply_syntax_error(c)
        return
    at = add_reply_deferred_len(c)
    for i in range(command_count()):
        cmd = command_at(i)
        if list_match(cmd, kind, arg, alen):
            add_reply_bulk_cstr(c, cmd.fullname)
            n += 1
        for j in range(cmd.nsubs):
            if list_match(cmd.subs[j], kind, arg, alen):
                add_reply_bulk_cstr(c, cmd.subs[j].fullname)
                n += 1
    set_deferred_array_len(c, at, n)


# ---- COMMAND GETKEYS -------------------------------------------------------------

cdef void cmd_command_getkeys(Client* c) noexcept nogil:
    # Keys from the named command's getkeys hook when it has one, else from
    # its legacy first/last/step positions (argv[2:] is the full command line).
    cdef Command* cmd = command_lookup(c.argv[2].ptr, c.argv[2].len)
    cdef int argc = c.argc - 2
    cdef int first, last, step, j, n = 0
    cdef size_t at
    cdef int* keys
    if cmd != NULL and cmd.nsubs and argc >= 2:
        cmd = command_lookup_sub(cmd, c.argv[3].ptr, c.argv[3].len)
    if cmd == NULL:
        add_reply_error(c, b"Invalid command specified")
        return
    if cmd.first_key <= 0 and cmd.getkeys == NULL:
        add_reply_error(c, b"The command has no key arguments")
        return
    if (cmd.arity > 0 and cmd.arity != argc) or argc < -cmd.arity:
        add_reply_error(c, b"Invalid number of arguments specified for command")
        return
    if cmd.getkeys != NULL:
        keys = <int*>zmalloc(sizeof(int) * <size_t>argc)
        n = cmd.getkeys(c.argv + 2, argc, keys)
        if n == 0 and not (cmd.flags & CMD_NO_MANDATORY_KEYS):
            add_reply_error(c, b"Invalid arguments specified for command")
        else:
            add_reply_array_len(c, n)
            for j in range(n):
                add_reply_bulk(c, c.argv[2 + keys[j]].ptr, c.argv[2 + keys[j]].len)
        zfree(keys)
        return
    first = cmd.first_key
    last = cmd.last_key if cmd.last_key >= 0 else argc + cmd.last_key
    step = cmd.key_step if cmd.key_step > 0 else 1
    if last >= argc:
        last = argc - 1
    if last < first:
        if cmd.flags & CMD_NO_MANDATORY_KEYS:
            add_reply_array_len(c, 0)
        else:
            add_reply_error(c, b"Invalid arguments specified for command")
        return
    at = add_reply_deferred_len(c)
    j = first
    while j <= last:
        add_reply_bulk(c, c.argv[2 + j].ptr, c.argv[2 + j].len)
        n += 1
        j += step
    set_deferred_array_len(c, at, n)


cdef void cmd_command_help(Client* c) noexcept nogil:
    add_reply_help(c, HELP_LINES)
