"""Server commands: INFO, TIME, SHUTDOWN, DEBUG, CONFIG, SCRIPT/FUNCTION FLUSH.

INFO renders Redis 7.0's sections and field names (plus a "# KeyDB" section)
from the counters in `g`, the workers and the command table. CONFIG GET, SET
and REWRITE run in Python (keydb/config.py) through the bridge; RESETSTAT
clears the counters here. DEBUG carries the subcommands that tests and
benchmarks use (SLEEP, POPULATE, OBJECT, PROTOCOL, ...), gated by the
enable-debug-command option as Redis gates it.
"""
from libc.stdio cimport snprintf
from libc.stdlib cimport strtod, atoi
from libc.string cimport memcpy, memset, strlen
from posix.resource cimport getrusage, rusage, RUSAGE_SELF, RUSAGE_CHILDREN
from posix.unistd cimport sysconf, _SC_PAGESIZE
from keydb._core.includes.sys cimport getrandom, timespec, nanosleep
from keydb._core.includes.atomic cimport atomic_get_ll, atomic_set_ll
from keydb._core.state cimport g, Client, Command, Worker, Db, CLIENT_UNIX_SOCKET
from keydb._core.zmalloc cimport (zmalloc, zrealloc, zfree, zmalloc_used_memory,
    zmalloc_allocator_name, zmalloc_get_rss)
from keydb._core.dict cimport Dict, dict_size, dict_buckets
from keydb._core.object cimport (RObj, OBJ_STRING, OBJ_FLAG_SHARED, LRU_CLOCK_MAX,
    create_string, string_bytes, encoding_name, lru_clock)
from keydb._core.db cimport lookup_key_raw, lookup_key_write, db_add, signal_modified_key
from keydb._core.command cimport command_count, command_at
from keydb._core.stats cimport errorstats_render, errorstats_reset
from keydb._core.latency_hist cimport latency_hist_render_info, latency_hist_reset
from keydb._core.reply cimport (add_reply_raw, add_reply_ok, add_reply_status,
    add_reply_error, add_reply_error_len, add_reply_syntax_error, add_reply_ll,
    add_reply_bulk, add_reply_bulk_ll, add_reply_null, add_reply_array_len,
    add_reply_map_len, add_reply_set_len, add_reply_attribute_len, add_reply_double,
    add_reply_bool, add_reply_bignum, add_reply_verbatim, add_reply_help,
    reply_subcommand_syntax_error)
from keydb._core.util cimport eq_nocase, ll2string, string2ll, ustime
from keydb._core.ae cimport request_shutdown
from keydb._core.mailbox cimport mailbox_post
from keydb._core.bridge cimport (bridge_call, BRIDGE_CONFIG_GET, BRIDGE_CONFIG_SET,
    BRIDGE_CONFIG_REWRITE)
from keydb._core.log cimport serverlog, serverlog_len, LL_WARNING

# Not in includes/sys.pxd (yet): what INFO server / cpu / memory report.

# Indexed by state.pxd's MaxmemoryPolicy.
cdef const char* POLICY_NAMES[8]
POLICY_NAMES[:] = [b"volatile-lru", b"volatile-lfu", b"volatile-random", b"volatile-ttl",
                   b"allkeys-lru", b"allkeys-lfu", b"allkeys-random", b"noeviction"]

cdef extern from "<sys/utsname.h>" nogil:
    struct utsname:
        char sysname[65]
        char release[65]
        char machine[65]
    int uname(utsname* u)

cdef extern from "<sys/resource.h>" nogil:
    enum: RUSAGE_THREAD

cdef extern from "<unistd.h>" nogil:
    enum: _SC_PHYS_PAGES

cdef extern from *:
    int __GNUC__
    int __GNUC_MINOR__
    int __GNUC_PATCHLEVEL__

# Stand-in until replication lands: a random id, as a fresh Redis master has.
cdef char master_replid[41]


cdef void make_replid() noexcept nogil:
    cdef unsigned char raw[20]
    cdef const char* hexdigits = b"0123456789abcdef"
    cdef int i
    getrandom(raw, 20, 0)
    for i in range(20):
        master_replid[2 * i] = hexdigits[raw[i] >> 4]
        master_replid[2 * i + 1] = hexdigits[raw[i] & 15]
    master_replid[40] = 0


make_replid()


# ---- the INFO text buffer --------------------------------------------------------

cdef struct InfoBuf:
    char* p
    size_t len
    size_t cap


cdef void ib_cat(InfoBuf* b, const char* s, size_t n) noexcept nogil:
    if b.len + n + 1 > b.cap:
        b.cap = (b.len + n + 1) * 2
        b.p = <char*>zrealloc(b.p, b.cap)
    memcpy(b.p + b.len, s, n)
    b.len += n
    b.p[b.len] = 0


cdef inline void ib_cstr(InfoBuf* b, const char* s) noexcept nogil:
    ib_cat(b, s, strlen(s))


cdef void ib_line(InfoBuf* b, const char* line, int n) noexcept nogil:
    # Append what snprintf wrote into a line buffer (n may exceed what fit).
    if n > 0:
        ib_cat(b, line, min(<size_t>n, <size_t>511))


cdef void ib_str(InfoBuf* b, const char* name, const char* v) noexcept nogil:
    cdef char line[512]
    if v == NULL:
        v = b""
    ib_line(b, line, snprintf(line, sizeof(line), b"%s:%s\r\n", name, v))


cdef void ib_ll(InfoBuf* b, const char* name, long long v) noexcept nogil:
    cdef char line[512]
    ib_line(b, line, snprintf(line, sizeof(line), b"%s:%lld\r\n", name, v))


cdef void ib_float(InfoBuf* b, const char* name, double v, const char* unit) noexcept nogil:
    cdef char line[512]
    ib_line(b, line, snprintf(line, sizeof(line), b"%s:%.2f%s\r\n", name, v, unit))


cdef void ib_human(InfoBuf* b, const char* name, long long v) noexcept nogil:
    # name:<bytes in B/K/M/G/T/P, two decimals above bytes> as Redis prints sizes.
    cdef const char* units = b"KMGTP"
    cdef double d = <double>v
    cdef int i = -1
    cdef char line[512]
    if v < 1024:
        ib_line(b, line, snprintf(line, sizeof(line), b"%s:%lldB\r\n", name, v))
        return
    while d >= 1024 and i < 4:
        d /= 1024
        i += 1
    if d >= 1024:
        ib_line(b, line, snprintf(line, sizeof(line), b"%s:%lldB\r\n", name, v))
    else:
        ib_line(b, line, snprintf(line, sizeof(line), b"%s:%.2f%c\r\n", name, d, units[i]))


# ---- INFO sections ---------------------------------------------------------------

cdef void info_server(InfoBuf* b) noexcept nogil:
    cdef utsname u
    cdef char line[512]
    cdef long long now_us = ustime()
    cdef long long uptime = (now_us // 1000 - g.start_time_ms) // 1000
    uname(&u)
    ib_cstr(b, b"redis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\n"
               b"redis_build_id:0\r\nredis_mode:standalone\r\n")
    ib_line(b, line, snprintf(line, sizeof(line), b"os:%s %s %s\r\n",
                              u.sysname, u.release, u.machine))
    ib_cstr(b, b"arch_bits:64\r\nmonotonic_clock:POSIX clock_gettime\r\n"
               b"multiplexing_api:epoll\r\natomicvar_api:c11-builtin\r\n")
    ib_line(b, line, snprintf(line, sizeof(line), b"gcc_version:%d.%d.%d\r\n",
                              __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__))
    ib_ll(b, b"process_id", g.pid)
    ib_str(b, b"process_supervised", b"no")
    ib_str(b, b"run_id", g.run_id)
    ib_ll(b, b"tcp_port", g.cfg.port)
    ib_ll(b, b"server_time_usec", now_us)
    ib_ll(b, b"uptime_in_seconds", uptime)
    ib_ll(b, b"uptime_in_days", uptime // 86400)
    ib_ll(b, b"hz", g.cfg.hz)
    ib_ll(b, b"configured_hz", g.cfg.hz)
    ib_ll(b, b"lru_clock", lru_clock())
    ib_str(b, b"executable", g.executable)
    ib_str(b, b"config_file", g.config_file)
    ib_cstr(b, b"io_threads_active:0\r\n")


cdef void info_clients(InfoBuf* b) noexcept nogil:
    ib_ll(b, b"connected_clients", atomic_get_ll(&g.connected_clients))
    ib_cstr(b, b"cluster_connections:0\r\n")
    ib_ll(b, b"maxclients", g.cfg.maxclients)
    ib_cstr(b, b"client_recent_max_input_buffer:0\r\nclient_recent_max_output_buffer:0\r\n")
    ib_ll(b, b"blocked_clients", atomic_get_ll(&g.blocked_clients))
    ib_cstr(b, b"tracking_clients:0\r\nclients_in_timeout_table:0\r\n")


cdef long long keyspace_overhead() noexcept nogil:
    # Bytes of the databases' bucket arrays: what INFO counts as overhead.
    cdef long long n = 0
    cdef int i
    for i in range(g.cfg.databases):
        n += <long long>(dict_buckets(g.dbs[i].keys) + dict_buckets(g.dbs[i].expires)) * 8
    return n


cdef void info_memory(InfoBuf* b) noexcept nogil:
    cdef long long used = zmalloc_used_memory()
    cdef long long rss = <long long>zmalloc_get_rss()
    cdef long long overhead = keyspace_overhead()
    cdef long long total = <long long>sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE)
    if used > g.stat_peak_memory:
        g.stat_peak_memory = used
    ib_ll(b, b"used_memory", used)
    ib_human(b, b"used_memory_human", used)
    ib_ll(b, b"used_memory_rss", rss)
    ib_human(b, b"used_memory_rss_human", rss)
    ib_ll(b, b"used_memory_peak", g.stat_peak_memory)
    ib_human(b, b"used_memory_peak_human", g.stat_peak_memory)
    ib_float(b, b"used_memory_peak_perc",
             used * 100.0 / g.stat_peak_memory if g.stat_peak_memory else 0, b"%")
    ib_ll(b, b"used_memory_overhead", overhead)
    ib_cstr(b, b"used_memory_startup:0\r\n")
    ib_ll(b, b"used_memory_dataset", used - overhead)
    ib_float(b, b"used_memory_dataset_perc", (used - overhead) * 100.0 / used if used else 0, b"%")
    ib_ll(b, b"allocator_allocated", used)
    ib_ll(b, b"allocator_active", used)
    ib_ll(b, b"allocator_resident", rss)
    ib_ll(b, b"total_system_memory", total)
    ib_human(b, b"total_system_memory_human", total)
    ib_cstr(b, b"used_memory_lua:0\r\nused_memory_vm_eval:0\r\nused_memory_lua_human:0B\r\n"
               b"used_memory_scripts_eval:0\r\nnumber_of_cached_scripts:0\r\n"
               b"number_of_functions:0\r\nnumber_of_libraries:0\r\nused_memory_vm_functions:0\r\n"
               b"used_memory_vm_total:0\r\nused_memory_vm_total_human:0B\r\n"
               b"used_memory_functions:0\r\nused_memory_scripts:0\r\n"
               b"used_memory_scripts_human:0B\r\n")
    ib_ll(b, b"maxmemory", g.cfg.maxmemory)
    ib_human(b, b"maxmemory_human", g.cfg.maxmemory)
    ib_cstr(b, b"maxmemory_policy:")
    ib_cstr(b, POLICY_NAMES[g.cfg.maxmemory_policy])
    ib_cstr(b, b"\r\nallocator_frag_ratio:1.00\r\nallocator_frag_bytes:0\r\n")
    ib_float(b, b"allocator_rss_ratio", <double>rss / used if used else 0, b"")
    ib_ll(b, b"allocator_rss_bytes", rss - used)
    ib_cstr(b, b"rss_overhead_ratio:1.00\r\nrss_overhead_bytes:0\r\n")
    ib_float(b, b"mem_fragmentation_ratio", <double>rss / used if used else 0, b"")
    ib_ll(b, b"mem_fragmentation_bytes", rss - used)
    ib_cstr(b, b"mem_not_counted_for_evict:0\r\nmem_replication_backlog:0\r\n"
               b"mem_total_replication_buffers:0\r\nmem_clients_slaves:0\r\n"
               b"mem_clients_normal:0\r\nmem_cluster_links:0\r\nmem_aof_buffer:0\r\n")
    ib_str(b, b"mem_allocator", zmalloc_allocator_name())
    ib_cstr(b, b"active_defrag_running:0\r\nlazyfree_pending_objects:0\r\nlazyfreed_objects:0\r\n")


cdef void info_persistence(InfoBuf* b) noexcept nogil:
    ib_cstr(b, b"loading:0\r\nasync_loading:0\r\ncurrent_cow_peak:0\r\ncurrent_cow_size:0\r\n"
               b"current_cow_size_age:0\r\ncurrent_fork_perc:0.00\r\n"
               b"current_save_keys_processed:0\r\ncurrent_save_keys_total:0\r\n"
               b"rdb_changes_since_last_save:0\r\nrdb_bgsave_in_progress:0\r\n")
    ib_ll(b, b"rdb_last_save_time", g.start_time_ms // 1000)
    ib_cstr(b, b"rdb_last_bgsave_status:ok\r\nrdb_last_bgsave_time_sec:-1\r\n"
               b"rdb_current_bgsave_time_sec:-1\r\nrdb_saves:0\r\nrdb_last_cow_size:0\r\n"
               b"rdb_last_load_keys_expired:0\r\nrdb_last_load_keys_loaded:0\r\n"
               b"aof_enabled:0\r\naof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0\r\n"
               b"aof_last_rewrite_time_sec:-1\r\naof_current_rewrite_time_sec:-1\r\n"
               b"aof_last_bgrewrite_status:ok\r\naof_rewrites:0\r\n"
               b"aof_rewrites_consecutive_failures:0\r\naof_last_write_status:ok\r\n"
               b"aof_last_cow_size:0\r\nmodule_fork_in_progress:0\r\n"
               b"module_fork_last_cow_size:0\r\n")


cdef void info_stats(InfoBuf* b) noexcept nogil:
    cdef long long net_in = 0, net_out = 0
    cdef int i
    for i in range(g.nworkers):
        net_in += g.workers[i].stat_net_input
        net_out += g.workers[i].stat_net_output
    ib_ll(b, b"total_connections_received", atomic_get_ll(&g.stat_numconnections))
    ib_ll(b, b"total_commands_processed", g.stat_numcommands)
    ib_cstr(b, b"instantaneous_ops_per_sec:0\r\n")
    ib_ll(b, b"total_net_input_bytes", net_in)
    ib_ll(b, b"total_net_output_bytes", net_out)
    ib_cstr(b, b"total_net_repl_input_bytes:0\r\ntotal_net_repl_output_bytes:0\r\n"
               b"instantaneous_input_kbps:0.00\r\ninstantaneous_output_kbps:0.00\r\n"
               b"instantaneous_input_repl_kbps:0.00\r\ninstantaneous_output_repl_kbps:0.00\r\n")
    ib_ll(b, b"rejected_connections", atomic_get_ll(&g.stat_rejected_conn))
    ib_cstr(b, b"sync_full:0\r\nsync_partial_ok:0\r\nsync_partial_err:0\r\n")
    ib_ll(b, b"expired_keys", g.stat_expiredkeys)
    ib_cstr(b, b"expired_stale_perc:0.00\r\nexpired_time_cap_reached_count:0\r\n"
               b"expire_cycle_cpu_milliseconds:0\r\n")
    ib_ll(b, b"evicted_keys", g.stat_evictedkeys)
    ib_cstr(b, b"evicted_clients:0\r\n"
               b"total_eviction_exceeded_time:0\r\ncurrent_eviction_exceeded_time:0\r\n")
    ib_ll(b, b"keyspace_hits", g.stat_keyspace_hits)
    ib_ll(b, b"keyspace_misses", g.stat_keyspace_misses)
    ib_ll(b, b"pubsub_channels", table_size(g.pubsub_channels))
    ib_ll(b, b"pubsub_patterns", table_size(g.pubsub_patterns))
    ib_ll(b, b"pubsubshard_channels", table_size(g.pubsub_shard_channels))
    ib_cstr(b, b"latest_fork_usec:0\r\ntotal_forks:0\r\nmigrate_cached_sockets:0\r\n"
               b"slave_expires_tracked_keys:0\r\nactive_defrag_hits:0\r\n"
               b"active_defrag_misses:0\r\nactive_defrag_key_hits:0\r\n"
               b"active_defrag_key_misses:0\r\ntotal_active_defrag_time:0\r\n"
               b"current_active_defrag_time:0\r\ntracking_total_keys:0\r\n"
               b"tracking_total_items:0\r\ntracking_total_prefixes:0\r\n"
               b"unexpected_error_replies:0\r\n")
    ib_ll(b, b"total_error_replies", atomic_get_ll(&g.stat_total_error_replies))
    ib_cstr(b, b"dump_payload_sanitizations:0\r\ntotal_reads_processed:0\r\n"
               b"total_writes_processed:0\r\nio_threaded_reads_processed:0\r\n"
               b"io_threaded_writes_processed:0\r\nreply_buffer_shrinks:0\r\n"
               b"reply_buffer_expands:0\r\n")


cdef void info_replication(InfoBuf* b) noexcept nogil:
    ib_cstr(b, b"role:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\n")
    ib_str(b, b"master_replid", master_replid)
    ib_cstr(b, b"master_replid2:0000000000000000000000000000000000000000\r\n"
               b"master_repl_offset:0\r\nsecond_repl_offset:-1\r\nrepl_backlog_active:0\r\n"
               b"repl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:0\r\n"
               b"repl_backlog_histlen:0\r\n")


cdef void ib_rusage(InfoBuf* b, int who, const char* suffix) noexcept nogil:
    # used_cpu_sys<suffix> and used_cpu_user<suffix> as seconds.microseconds.
    cdef rusage ru
    cdef char line[512]
    getrusage(who, &ru)
    ib_line(b, line, snprintf(line, sizeof(line), b"used_cpu_sys%s:%ld.%06ld\r\n", suffix,
                              <long>ru.ru_stime.tv_sec, <long>ru.ru_stime.tv_usec))
    ib_line(b, line, snprintf(line, sizeof(line), b"used_cpu_user%s:%ld.%06ld\r\n", suffix,
                              <long>ru.ru_utime.tv_sec, <long>ru.ru_utime.tv_usec))


cdef void info_cpu(InfoBuf* b) noexcept nogil:
    ib_rusage(b, RUSAGE_SELF, b"")
    ib_rusage(b, RUSAGE_CHILDREN, b"_children")
    ib_rusage(b, RUSAGE_THREAD, b"_main_thread")


cdef void ib_cmdstat(InfoBuf* b, Command* cmd) noexcept nogil:
    cdef char line[512]
    if cmd.calls == 0 and cmd.failed_calls == 0 and cmd.rejected_calls == 0:
        return
    ib_line(b, line, snprintf(line, sizeof(line),
        b"cmdstat_%s:calls=%lld,usec=%lld,usec_per_call=%.2f,"
        b"rejected_calls=%lld,failed_calls=%lld\r\n",
        cmd.fullname, cmd.calls, cmd.usec,
        <double>cmd.usec / cmd.calls if cmd.calls else 0.0,
        cmd.rejected_calls, cmd.failed_calls))


cdef void info_commandstats(InfoBuf* b) noexcept nogil:
    cdef int i, j
    cdef Command* cmd
    for i in range(command_count()):
        cmd = command_at(i)
        ib_cmdstat(b, cmd)
        for j in range(cmd.nsubs):
            ib_cmdstat(b, cmd.subs[j])


cdef void info_keyspace(InfoBuf* b) noexcept nogil:
    cdef char line[512]
    cdef Db* db
    cdef int i
    for i in range(g.cfg.databases):
        db = &g.dbs[i]
        if dict_size(db.keys) == 0:
            continue
        ib_line(b, line, snprintf(line, sizeof(line), b"db%d:keys=%lu,expires=%lu,avg_ttl=%lld\r\n",
                                  i, dict_size(db.keys), dict_size(db.expires), db.avg_ttl))


cdef inline long long table_size(Dict* d) noexcept nogil:
    # A Pub/Sub table's size; NULL until someone first subscribed.
    return <long long>dict_size(d) if d != NULL else 0


cdef void info_keydb(InfoBuf* b) noexcept nogil:
    ib_cstr(b, b"mvcc_depth:0\r\n")
    ib_ll(b, b"server_threads", g.nworkers)


# Indexed by bit number of the INFO_* section flags, in Redis's output order.
cdef const char* SECTION_NAMES[INFO_SECTION_COUNT]
SECTION_NAMES[:] = [b"server", b"clients", b"memory", b"persistence", b"stats", b"replication",
                    b"cpu", b"modules", b"commandstats", b"errorstats", b"latencystats",
                    b"cluster", b"keyspace", b"keydb"]
cdef const char* SECTION_TITLES[INFO_SECTION_COUNT]
SECTION_TITLES[:] = [b"# Server\r\n", b"# Clients\r\n", b"# Memory\r\n", b"# Persistence\r\n",
                     b"# Stats\r\n", b"# Replication\r\n", b"# CPU\r\n", b"# Modules\r\n",
                     b"# Commandstats\r\n", b"# Errorstats\r\n", b"# Latencystats\r\n",
                     b"# Cluster\r\n", b"# Keyspace\r\n", b"# KeyDB\r\n"]

cdef enum:
    INFO_ALL = (1 << INFO_SECTION_COUNT) - 1
    INFO_DEFAULT = INFO_ALL & ~(INFO_COMMANDSTATS | INFO_LATENCYSTATS)


cdef char* info_generate(unsigned int sections, size_t* n) noexcept nogil:
    cdef InfoBuf b
    cdef int i
    cdef unsigned int section
    b.cap = 4096
    b.len = 0
    b.p = <char*>zmalloc(b.cap)
    b.p[0] = 0
    for i in range(INFO_SECTION_COUNT):
        section = 1U << i
        if not (sections & section):
            continue
        if b.len:
            ib_cat(&b, b"\r\n", 2)
        ib_cstr(&b, SECTION_TITLES[i])
        if section == INFO_SERVER:
            info_server(&b)
        elif section == INFO_CLIENTS:
            info_clients(&b)
        elif section == INFO_MEMORY:
            info_memory(&b)
        elif section == INFO_PERSISTENCE:
            info_persistence(&b)
        elif section == INFO_STATS:
            info_stats(&b)
        elif section == INFO_REPLICATION:
            info_replication(&b)
        elif section == INFO_CPU:
            info_cpu(&b)
        elif section == INFO_COMMANDSTATS:
            info_commandstats(&b)
        elif section == INFO_ERRORSTATS:
            errorstats_render(&b.p, &b.len, &b.cap)
        elif section == INFO_LATENCYSTATS:
            latency_hist_render_info(&b.p, &b.len, &b.cap)
        elif section == INFO_CLUSTER:
            ib_cstr(&b, b"cluster_enabled:0\r\n")
        elif section == INFO_KEYSPACE:
            info_keyspace(&b)
        elif section == INFO_KEYDB:
            info_keydb(&b)
        # INFO_MODULES: no lines yet
    n[0] = b.len
    return b.p


cdef unsigned int info_sections(Client* c) noexcept nogil:
    # The sections INFO's arguments name: default without any, unknown names
    # select nothing.
    cdef unsigned int s = 0
    cdef int i, j
    if c.argc == 1:
        return INFO_DEFAULT
    for i in range(1, c.argc):
        if eq_nocase(c.argv[i].ptr, c.argv[i].len, b"default"):
            s |= INFO_DEFAULT
        elif (eq_nocase(c.argv[i].ptr, c.argv[i].len, b"all")
              or eq_nocase(c.argv[i].ptr, c.argv[i].len, b"everything")):
            s |= INFO_ALL
        else:
            for j in range(INFO_SECTION_COUNT):
                if eq_nocase(c.argv[i].ptr, c.argv[i].len, SECTION_NAMES[j]):
                    s |= 1 << j
    return s


cdef void cmd_info(Client* c) noexcept nogil:
    cdef size_t n
    cdef char* text = info_generate(info_sections(c), &n)
    add_reply_verbatim(c, text, n, b"txt")
    zfree(text)


# ---- TIME, SHUTDOWN --------------------------------------------------------------

cdef void cmd_time(Client* c) noexcept nogil:
    cdef long long us = ustime()
    add_reply_array_len(c, 2)
    add_reply_bulk_ll(c, us // 1000000)
    add_reply_bulk_ll(c, us % 1000000)


cdef void cmd_shutdown(Client* c) noexcept nogil:
    # SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. There is no wait for
    # replicas (none exist), so ABORT never finds a shutdown to cancel. On
    # success there is no reply: the worker loop closes every connection.
    cdef int i, nosave = 0, save = 0, other = 0, abort = 0
    for i in range(1, c.argc):
        if eq_nocase(c.argv[i].ptr, c.argv[i].len, b"nosave"):
            nosave = 1
        elif eq_nocase(c.argv[i].ptr, c.argv[i].len, b"save"):
            save = 1
        elif (eq_nocase(c.argv[i].ptr, c.argv[i].len, b"now")
              or eq_nocase(c.argv[i].ptr, c.argv[i].len, b"force")):
            other = 1
        elif eq_nocase(c.argv[i].ptr, c.argv[i].len, b"abort"):
            abort = 1
        else:
            add_reply_syntax_error(c)
            return
    if (nosave and save) or (abort and (nosave or save or other)):
        add_reply_syntax_error(c)
        return
    if abort:
        add_reply_error(c, b"No shutdown in progress.")
        return
    serverlog(LL_WARNING, b"User requested shutdown...")
    request_shutdown()


# ---- CONFIG, SCRIPT FLUSH, FUNCTION FLUSH ----------------------------------------

cdef const char* CONFIG_HELP[12]
CONFIG_HELP[:] = [
    b"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"GET <pattern>",
    b"    Return the parameters matching the glob-like <pattern> with their values.",
    b"SET <directive> <value>",
    b"    Set the configuration <directive> to <value>.",
    b"RESETSTAT",
    b"    Reset the statistics that INFO reports.",
    b"REWRITE",
    b"    Rewrite the configuration file.",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef void cmd_config_get(Client* c) noexcept nogil:
    bridge_call(c, BRIDGE_CONFIG_GET)


cdef void cmd_config_set(Client* c) noexcept nogil:
    bridge_call(c, BRIDGE_CONFIG_SET)


cdef void cmd_config_rewrite(Client* c) noexcept nogil:
    bridge_call(c, BRIDGE_CONFIG_REWRITE)


cdef void reset_net_stats(Worker* w, void* arg) noexcept nogil:
    # Runs on w's own thread: the byte counters are owner fields.
    w.stat_net_input = 0
    w.stat_net_output = 0


cdef void reset_command_stats(Command* cmd) noexcept nogil:
    cmd.calls = 0
    cmd.usec = 0
    cmd.rejected_calls = 0
    cmd.failed_calls = 0
    latency_hist_reset(cmd)


cdef void cmd_config_resetstat(Client* c) noexcept nogil:
    cdef int i, j
    cdef Command* cmd
    g.stat_numcommands = 0
    g.stat_expiredkeys = 0
    g.stat_evictedkeys = 0
    g.stat_keyspace_hits = 0
    g.stat_keyspace_misses = 0
    atomic_set_ll(&g.stat_total_error_replies, 0)
    errorstats_reset()
    atomic_set_ll(&g.stat_numconnections, 0)
    atomic_set_ll(&g.stat_rejected_conn, 0)
    for i in range(g.nworkers):
        mailbox_post(&g.workers[i], reset_net_stats, NULL)
    for i in range(command_count()):
        cmd = command_at(i)
        reset_command_stats(cmd)
        for j in range(cmd.nsubs):
            reset_command_stats(cmd.subs[j])
    add_reply_ok(c)


cdef void cmd_config_help(Client* c) noexcept nogil:
    add_reply_help(c, CONFIG_HELP)


cdef int is_sync_option(Client* c, int i) noexcept nogil:
    return (eq_nocase(c.argv[i].ptr, c.argv[i].len, b"sync")
            or eq_nocase(c.argv[i].ptr, c.argv[i].len, b"async"))


cdef void cmd_script_flush(Client* c) noexcept nogil:
    if c.argc == 2 or (c.argc == 3 and is_sync_option(c, 2)):
        add_reply_ok(c)
    else:
        add_reply_error(c, b"SCRIPT FLUSH only support SYNC|ASYNC option")


cdef void cmd_function_flush(Client* c) noexcept nogil:
    if c.argc > 3:
        reply_subcommand_syntax_error(c)
    elif c.argc == 2 or is_sync_option(c, 2):
        add_reply_ok(c)
    else:
        add_reply_error(c, b"FUNCTION FLUSH only supports SYNC|ASYNC option")


# ---- DEBUG -----------------------------------------------------------------------

cdef const char* DEBUG_HELP[21]
DEBUG_HELP[:] = [
    b"DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    b"ERROR <string>",
    b"    Reply with <string> as an error (its own prefix, no ERR added).",
    b"LOG <message>",
    b"    Write <message> to the server log.",
    b"OBJECT <key>",
    b"    Show low level information about <key> and its value.",
    b"POPULATE <count> [<prefix>] [<size>]",
    b"    Create <count> string keys named <prefix>:<num> ('key' by default) with",
    b"    values value:<num>, padded with zero bytes to <size> when given. Keys",
    b"    that exist are left alone.",
    b"PROTOCOL <type>",
    b"    Reply with a sample value of <type>: string, integer, double, bignum, null,",
    b"    array, set, map, attrib, push, verbatim, true, false.",
    b"SET-ACTIVE-EXPIRE <0|1>",
    b"    Turn the background expiry of keys off (0) or back on (1).",
    b"SLEEP <seconds>",
    b"    Block the whole server for <seconds> (decimals allowed).",
    b"HELP",
    b"    Print this help.",
    NULL,
]


cdef int debug_allowed(Client* c) noexcept nogil:
    # enable-debug-command: no (0), yes (1), or local (2): loopback or unix socket.
    cdef size_t n
    if g.cfg.enable_debug_cmd == 1:
        return 1
    if g.cfg.enable_debug_cmd != 2:
        return 0
    if c.flags & CLIENT_UNIX_SOCKET:
        return 1
    n = strlen(c.addr)
    while n > 0 and c.addr[n - 1] != 58:       # the ip ends at the last ':'
        n -= 1
    return ((n == 10 and eq_nocase(c.addr, 9, b"127.0.0.1"))
            or (n == 4 and eq_nocase(c.addr, 3, b"::1")))


cdef void arg_cstr(Client* c, int i, char* buf, size_t cap) noexcept nogil:
    # A NUL-terminated copy of argv[i], cut at cap - 1 bytes.
    cdef size_t n = min(c.argv[i].len, cap - 1)
    memcpy(buf, c.argv[i].ptr, n)
    buf[n] = 0


cdef void debug_sleep(Client* c) noexcept nogil:
    # Sleep holding the keyspace lock, so every client waits, as in Redis.
    # The argument is read like strtod (garbage reads as 0).
    cdef char buf[64]
    cdef double d
    cdef long long us
    cdef timespec ts
    arg_cstr(c, 2, buf, sizeof(buf))
    d = strtod(buf, NULL) * 1000000
    if d > 0 and d < 9.2e18:
        us = <long long>d
        ts.tv_sec = us // 1000000
        ts.tv_nsec = (us % 1000000) * 1000
        while nanosleep(&ts, &ts) != 0:
            pass
    add_reply_ok(c)


cdef int positive_arg(Client* c, int i, long long* out) noexcept nogil:
    # A non-negative integer argument, or Redis's error reply and 0.
    if not string2ll(c.argv[i].ptr, c.argv[i].len, out) or out[0] < 0:
        add_reply_error(c, b"value is out of range, must be positive")
        return 0
    return 1


cdef void debug_populate(Client* c) noexcept nogil:
    # DEBUG POPULATE count [prefix] [size]: keys prefix:N (prefix cut at its
    # first NUL, the key at 127 bytes) with values "value:N" as embstr/raw
    # strings, zero-padded (or cut) to size when size > 0.
    cdef long long count, size = 0, j
    cdef char key[160]
    cdef char val[64]
    cdef char* padded = NULL
    cdef size_t plen, klen, vlen
    cdef RObj* o
    if not positive_arg(c, 2, &count):
        return
    if c.argc == 5 and not positive_arg(c, 4, &size):
        return
    if c.argc >= 4:
        plen = 0
        while plen < c.argv[3].len and plen < 127 and c.argv[3].ptr[plen] != 0:
            plen += 1
        memcpy(key, c.argv[3].ptr, plen)
    else:
        plen = 3
        memcpy(key, b"key", 3)
    key[plen] = 58                             # ':'
    memcpy(val, b"value:", 6)
    if size > 0:
        padded = <char*>zmalloc(size)
        memset(padded, 0, size)
    for j in range(count):
        klen = min(plen + 1 + ll2string(key + plen + 1, sizeof(key) - plen - 1, j), <size_t>127)
        if lookup_key_write(c.db, key, klen) != NULL:
            continue
        vlen = 6 + ll2string(val + 6, sizeof(val) - 6, j)
        if padded == NULL:
            o = create_string(val, vlen)
        else:
            memcpy(padded, val, min(vlen, <size_t>size))
            o = create_string(padded, size)
        db_add(c.db, key, klen, o)
        signal_modified_key(c.db, key, klen)
    zfree(padded)
    add_reply_ok(c)


cdef size_t string_serialized_len(RObj* o) noexcept nogil:
    # Bytes the string takes in an RDB file, without LZF compression:
    # integers that fit in 32 bits are stored in 2, 3 or 5 bytes, the rest as
    # a length (1, 2, 5 or 9 bytes) followed by the bytes.
    cdef char buf[32]
    cdef const char* p
    cdef size_t n = string_bytes(o, buf, &p)
    cdef long long v
    if n <= 11 and string2ll(p, n, &v):
        if -128 <= v <= 127:
            return 2
        if -32768 <= v <= 32767:
            return 3
        if -2147483648 <= v <= 2147483647:
            return 5
    if n < 64:
        return 1 + n
    if n < 16384:
        return 2 + n
    if n <= <size_t>4294967295U:
        return 5 + n
    return 9 + n


cdef void debug_object(Client* c) noexcept nogil:
    cdef RObj* o = lookup_key_raw(c.db, c.argv[2].ptr, c.argv[2].len)
    cdef char line[512]
    cdef unsigned int now
    cdef unsigned long long idle
    if o == NULL:
        add_reply_error(c, b"no such key")
        return
    now = lru_clock()
    idle = now - o.lru if now >= o.lru else now + (LRU_CLOCK_MAX - o.lru)
    snprintf(line, sizeof(line),
             b"Value at:%p refcount:%d encoding:%s serializedlength:%zu "
             b"lru:%d lru_seconds_idle:%llu",
             o, <int>(2147483647 if o.flags & OBJ_FLAG_SHARED else 1), encoding_name(o),
             string_serialized_len(o) if o.type == OBJ_STRING else 0, <int>o.lru, idle)
    add_reply_status(c, line)


cdef void debug_protocol(Client* c) noexcept nogil:
    # A sample reply of each RESP type, for client library tests.
    cdef const char* t = c.argv[2].ptr
    cdef size_t n = c.argv[2].len
    cdef int j
    if eq_nocase(t, n, b"string"):
        add_reply_bulk(c, b"Hello World", 11)
    elif eq_nocase(t, n, b"integer"):
        add_reply_ll(c, 12345)
    elif eq_nocase(t, n, b"double"):
        add_reply_double(c, 3.141)
    elif eq_nocase(t, n, b"bignum"):
        add_reply_bignum(c, b"1234567999999999999999999999999999999", 37)
    elif eq_nocase(t, n, b"null"):
        add_reply_null(c)
    elif eq_nocase(t, n, b"array"):
        add_reply_array_len(c, 3)
        for j in range(3):
            add_reply_ll(c, j)
    elif eq_nocase(t, n, b"set"):
        add_reply_set_len(c, 3)
        for j in range(3):
            add_reply_ll(c, j)
    elif eq_nocase(t, n, b"map"):
        add_reply_map_len(c, 3)
        for j in range(3):
            add_reply_ll(c, j)
            add_reply_bool(c, j == 1)
    elif eq_nocase(t, n, b"attrib"):
        if c.resp >= 3:
            add_reply_attribute_len(c, 1)
            add_reply_bulk(c, b"key-popularity", 14)
            add_reply_array_len(c, 2)
            add_reply_bulk(c, b"key:123", 7)
            add_reply_ll(c, 90)
        add_reply_bulk(c, b"Some real reply following the attribute", 39)
    elif eq_nocase(t, n, b"push"):
        if c.resp < 3:
            add_reply_error(c, b"RESP2 is not supported by this command")
            return
        add_reply_raw(c, b">2\r\n", 4)
        add_reply_bulk(c, b"server-cpu-usage", 16)
        add_reply_ll(c, 42)
        add_reply_bulk(c, b"Some real reply following the push reply", 40)
    elif eq_nocase(t, n, b"verbatim"):
        add_reply_verbatim(c, b"This is a verbatim\nstring", 25, b"txt")
    elif eq_nocase(t, n, b"true"):
        add_reply_bool(c, 1)
    elif eq_nocase(t, n, b"false"):
        add_reply_bool(c, 0)
    else:
        add_reply_error(c, b"Wrong protocol type name. Please use one of the following: "
                           b"string|integer|double|bignum|null|array|set|map|attrib|push|"
                           b"verbatim|true|false")


cdef void debug_error(Client* c) noexcept nogil:
    # The argument as the whole error line, after a '-' (no ERR added).
    cdef char* buf = <char*>zmalloc(c.argv[2].len + 1)
    buf[0] = 45                                # '-'
    memcpy(buf + 1, c.argv[2].ptr, c.argv[2].len)
    add_reply_error_len(c, buf, c.argv[2].len + 1)
    zfree(buf)


cdef void cmd_debug(Client* c) noexcept nogil:
    cdef const char* sub = c.argv[1].ptr
    cdef size_t n = c.argv[1].len
    cdef char buf[1024]
    cdef int k
    if not debug_allowed(c):
        add_reply_error(c, b"DEBUG command not allowed. If the enable-debug-command option is "
                           b"set to \"local\", you can run it from a local connection, otherwise "
                           b"you need to set this option in the configuration file, and then "
                           b"restart the server.")
    elif c.argc == 2 and eq_nocase(sub, n, b"help"):
        add_reply_help(c, DEBUG_HELP)
    elif c.argc == 3 and eq_nocase(sub, n, b"sleep"):
        debug_sleep(c)
    elif 3 <= c.argc <= 5 and eq_nocase(sub, n, b"populate"):
        debug_populate(c)
    elif c.argc == 3 and eq_nocase(sub, n, b"object"):
        debug_object(c)
    elif c.argc == 3 and eq_nocase(sub, n, b"set-active-expire"):
        arg_cstr(c, 2, buf, 32)
        g.cfg.active_expire_enabled = atoi(buf)
        add_reply_ok(c)
    elif c.argc == 3 and eq_nocase(sub, n, b"protocol"):
        debug_protocol(c)
    elif c.argc == 3 and eq_nocase(sub, n, b"log"):
        k = snprintf(buf, sizeof(buf), b"DEBUG LOG: %.*s", <int>min(c.argv[2].len, <size_t>900),
                     c.argv[2].ptr)
        serverlog_len(LL_WARNING, buf, min(<size_t>k, sizeof(buf) - 1))
        add_reply_ok(c)
    elif c.argc == 3 and eq_nocase(sub, n, b"error"):
        debug_error(c)
    else:
        reply_subcommand_syntax_error(c)
