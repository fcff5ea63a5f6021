# The structs every module shares: configuration, databases, workers,
# clients and commands, and the one global `g` that ties them together.
# Only data lives here; each concern's functions live in its own .pxd
# (reply, db, command, ae, ...). They are in one file because they point
# at each other and Cython cannot split a cycle of struct types over files.
#
# Every field names its guard:
#   const     written before workers start (or by CONFIG SET under the lock)
#   lock      the keyspace lock (g.lock) is held
#   owner     only the owning worker thread touches it
#   atomic    read/written with includes/atomic.pxd helpers
#   clients   g.clients_lock is held
from libc.stdint cimport uint64_t
from keydb._core.includes.sys cimport pthread_mutex_t
from keydb._core.dict cimport Dict

cdef enum:
    MAX_WORKERS = 16
    MAX_LISTENERS = 16

cdef enum HandleKind:
    H_LISTEN = 1
    H_LISTEN_UNIX = 2
    H_CLIENT = 3
    H_MAILBOX = 4
    H_SIGNAL = 5

# What epoll's data pointer points at: the first member of every pollable thing.
cdef struct Handle:
    int kind
    int fd

cdef struct Arg:
    char* ptr        # into the client's query buffer (valid while executing)
    size_t len
    size_t off       # offset into the query buffer (valid while parsing)

cdef struct Config:
    int port                        # const
    int tcp_backlog                 # const
    int tcp_keepalive               # lock (applies to new connections)
    int timeout                     # lock: idle seconds before close, 0 = never
    int maxclients                  # lock
    int threads                     # const
    int thread_affinity             # const
    int thread_affinity_offset      # const: first CPU of the pinned workers
    int active_rehashing            # lock: activerehashing
    int active_expire_effort        # lock: 1..10
    int databases                   # const
    char* requirepass               # lock: NULL when no password
    size_t requirepass_len          # lock
    int hz                          # lock
    long long proto_max_bulk_len    # lock
    long long client_query_buffer_limit   # lock
    int enable_debug_cmd            # const: 0 no, 1 yes, 2 local
    int enable_protected_configs    # const
    int enable_module_cmd           # const
    int loglevel                    # lock: 0 debug .. 3 warning
    char* unixsocket                # const: NULL when none
    int unixsocketperm              # const
    char* bind[MAX_LISTENERS]       # const
    int nbind                       # const
    int protected_mode              # lock
    long long maxmemory             # lock
    int maxmemory_policy            # lock: MAXMEMORY_* below
    int lfu_log_factor              # lock
    int lfu_decay_time              # lock: minutes per halving step of the LFU counter
    int maxmemory_samples           # lock: keys sampled per eviction round
    int maxmemory_eviction_tenacity # lock: 0..100, how long one eviction call may run
    int active_expire_enabled       # lock (DEBUG SET-ACTIVE-EXPIRE)
    long long slowlog_log_slower_than    # lock: microseconds, -1 = slow log off
    long long slowlog_max_len       # lock
    long long latency_monitor_threshold  # lock: milliseconds, 0 = monitor off
    int latency_tracking            # lock: per-command latency histograms on
    double* latency_percentiles     # lock: INFO latencystats percentiles (zmalloc'd)
    int n_latency_percentiles       # lock
    long long obuf_hard_normal      # lock: client-output-buffer-limit normal, bytes, 0 = none
    long long obuf_soft_normal      # lock: bytes, 0 = none
    long long obuf_soft_secs_normal # lock: seconds above the soft limit before closing
    long long obuf_hard_pubsub      # lock: the same three for Pub/Sub clients
    long long obuf_soft_pubsub      # lock
    long long obuf_soft_secs_pubsub # lock
    # Compact-encoding thresholds of the aggregate types (Redis's names).
    long long hash_max_listpack_entries  # lock
    long long hash_max_listpack_value    # lock: bytes of one field or value
    long long set_max_intset_entries     # lock
    long long zset_max_listpack_entries  # lock
    long long zset_max_listpack_value    # lock: bytes of one member
    int list_max_listpack_size      # lock: > 0 entries per node, -1..-5 = 4..64 KB per node
    int list_compress_depth         # lock: uncompressed nodes kept at each end, 0 = none

cdef enum MaxmemoryPolicy:
    MAXMEMORY_VOLATILE_LRU = 0
    MAXMEMORY_VOLATILE_LFU = 1
    MAXMEMORY_VOLATILE_RANDOM = 2
    MAXMEMORY_VOLATILE_TTL = 3
    MAXMEMORY_ALLKEYS_LRU = 4
    MAXMEMORY_ALLKEYS_LFU = 5
    MAXMEMORY_ALLKEYS_RANDOM = 6
    MAXMEMORY_NO_EVICTION = 7

cdef inline bint policy_is_lfu(int policy) noexcept nogil:
    return policy == MAXMEMORY_VOLATILE_LFU or policy == MAXMEMORY_ALLKEYS_LFU

cdef struct Db:
    Dict* keys                      # lock
    Dict* blocking_keys             # lock: key -> WaitQueue* of clients blocked on it (blocked.pxd)
    Dict* expires                   # lock: key -> unix ms (DictVal.s64)
    int id                          # const
    long long avg_ttl               # lock
    unsigned long expires_cursor    # lock: active expire scan position
    Dict* member_expires            # lock: key -> MemberTimers* (expire_member.pxd), KeyDB's EXPIREMEMBER
    Dict* watched_keys              # lock: key -> WatchList* (watch.pxd), the clients that WATCH it
    unsigned long member_expires_cursor   # lock: active member-expiry scan position

cdef struct Client
cdef struct Worker
cdef struct Command

ctypedef void (*CommandProc)(Client* c) noexcept nogil
# Where a command's keys are when its key specs cannot say (SORT's STORE):
# writes the argv indexes of the keys of argv[0:argc] into keys (room for
# argc entries) and returns how many there are. COMMAND GETKEYS uses it.
ctypedef int (*GetKeysProc)(Arg* argv, int argc, int* keys) noexcept nogil

cdef struct Command:
    const char* name                # const: lower-case, "get" or "id"
    char fullname[64]               # const: "get" or "client|id"
    int arity                       # const
    unsigned long long flags        # const: CMD_* bits
    int first_key                   # const: legacy key positions
    int last_key
    int key_step
    CommandProc proc                # const: NULL for containers
    GetKeysProc getkeys             # const: NULL when first/last/step find the keys
    Command* parent                 # const
    Command** subs                  # const: subcommands of a container
    int nsubs                       # const
    char* info_blob[2]              # const: COMMAND INFO entry, RESP2 / RESP3
    size_t info_len[2]
    char* docs_blob[2]              # const: COMMAND DOCS value, RESP2 / RESP3
    size_t docs_len[2]
    long long calls                 # lock
    long long usec                  # lock
    long long rejected_calls        # lock
    long long failed_calls          # lock
    void* latency_hist              # lock: LatencyHist* (latency_hist.pxd), NULL until first recorded

cdef enum ClientFlag:
    CLIENT_CLOSE_AFTER_REPLY = 1 << 0   # owner: write pending replies, then close
    CLIENT_CLOSE_ASAP = 1 << 1          # owner: close at the next chance
    CLIENT_UNIX_SOCKET = 1 << 2         # const
    CLIENT_PROTECTED = 1 << 3           # owner: do not free (being executed)
    CLIENT_REPLY_OFF = 1 << 4           # owner
    CLIENT_WANT_WRITE = 1 << 5          # owner: EPOLLOUT registered
    CLIENT_REPLY_SKIP_NEXT = 1 << 6     # owner: CLIENT REPLY SKIP ran; skip the next reply
    CLIENT_REPLY_SKIP = 1 << 7          # owner: the running command's reply is dropped
    CLIENT_NO_EVICT = 1 << 8            # owner: CLIENT NO-EVICT ON
    CLIENT_MONITOR = 1 << 9             # owner: receives every executed command (MONITOR)
    CLIENT_BLOCKED = 1 << 10            # owner: waiting; Client.btype says for what
    CLIENT_MULTI = 1 << 11              # owner: inside MULTI; commands are queued (Client.mstate)
    CLIENT_DIRTY_EXEC = 1 << 12         # owner: a command was rejected while queuing; EXEC aborts
    CLIENT_DENY_BLOCKING = 1 << 13      # owner: blocking commands answer at once (inside EXEC)
    CLIENT_PUBSUB = 1 << 14             # owner: subscribed to something (RESP2 then limits its commands)

cdef enum BlockType:
    BLOCKED_NONE = 0
    BLOCKED_POSTPONE = 1                # the rest of its batch waits for CLIENT PAUSE to end
    BLOCKED_KEYS = 2                    # BLPOP & co: waits for data on keys (Client.bstate)

cdef struct Client:
    Handle h                        # owner: kind H_CLIENT and the socket
    uint64_t id                     # const
    Worker* worker                  # const
    int flags                       # owner
    int killed                      # atomic: set by CLIENT KILL from any thread
    int resp                        # owner: 2 or 3
    int authenticated               # owner
    Db* db                          # owner
    # Input: bytes received, how far they have been parsed into args.
    char* qbuf                      # owner
    size_t qlen
    size_t qcap
    size_t qpos                     # bytes consumed by complete commands
    size_t qparse                   # parse position inside an unfinished command
    int reqtype                     # 0 unknown, 1 inline, 2 multibulk
    long long mb_left               # multibulk args still expected
    long long bulklen               # length of the bulk being read, -1 none
    Arg* args                       # owner: args of parsed commands, back to back
    int nargs
    int args_cap
    int done_args                   # owner: args belonging to complete commands
    int* cmd_argc                   # owner: argc of each parsed command
    int ncmds
    int cmds_cap
    int exec_cmds                   # owner: commands of the batch executed so far
    int exec_args                   # owner: their args
    int btype                       # owner: BlockType while CLIENT_BLOCKED
    void* bstate                    # lock: BlockState* (blocked.pxd) while BLOCKED_KEYS
    int pending_error               # owner: a protocol error follows the parsed commands
    char perror[128]                # owner: its text
    # The command being executed.
    Arg* argv
    int argc
    Command* cmd
    Command* lastcmd                # owner
    long long error_replies         # owner: errors replied to this client, ever
    long long errors_counted        # owner: error_replies already charged to a command's failed_calls
    # Transactions (multi.pyx, watch.pyx).
    void* mstate                    # owner: MultiState* (multi.pxd) while CLIENT_MULTI, else NULL
    void* watched                   # lock: WatchNode* (watch.pxd), the keys it WATCHes
    int dirty_cas                   # lock: a watched key was touched, so EXEC fails
    # Pub/Sub (pubsub.pyx).
    void* subs                      # lock: ClientSubs* (pubsub.pxd), NULL until it first subscribes
    char* push_buf                  # worker.push_lock: messages from other workers, not yet in obuf
    size_t push_len
    size_t push_cap
    Client* push_next               # worker.push_lock: the worker's list of clients with such messages
    int push_queued                 # worker.push_lock: on that list
    # Output.
    char* obuf                      # owner
    size_t olen
    size_t ocap
    size_t osent
    long long obuf_soft_since_ms    # owner: when pending output rose above the soft limit, 0 below
    # Identity and bookkeeping (read by CLIENT LIST from other threads).
    char* name                      # lock
    size_t namelen
    char addr[64]                   # const
    char laddr[64]                  # const
    long long ctime_ms              # const
    long long last_interaction_ms   # owner (read racily)
    Client* prev                    # owner: the worker's client list
    Client* next
    Client* gprev                   # clients: the global registry
    Client* gnext

ctypedef void (*MailboxFn)(Worker* w, void* arg) noexcept nogil

cdef struct MailboxTask:
    MailboxFn fn
    void* arg
    MailboxTask* next

cdef struct Worker:
    int index                       # const
    int epfd                        # const
    Handle listeners[MAX_LISTENERS]   # owner: swapped by CONFIG SET port/bind (listen.pyx)
    int nlisteners                  # owner
    Handle unix_listener            # const: fd -1 when none
    Handle mailbox                  # const: eventfd
    Handle signals                  # const: signalfd on worker 0, fd -1 elsewhere
    pthread_mutex_t mbox_lock
    MailboxTask* mbox_head          # mbox_lock
    MailboxTask* mbox_tail          # mbox_lock
    Client* clients                 # owner
    int nclients                    # owner (read racily)
    int npostponed                  # owner: clients BLOCKED_POSTPONE
    int nblocked_keys               # owner: clients BLOCKED_KEYS
    long long next_block_deadline   # owner: earliest timeout of those, unix ms (0 = none)
    int nserved                     # atomic: of those, served by other threads, not yet resumed
    int nmonitors                   # atomic: MONITOR clients of this worker
    pthread_mutex_t push_lock       # Pub/Sub messages for this worker's clients (taken after g.lock)
    Client* push_pending            # push_lock: clients whose push_buf holds messages
    int stop                        # atomic
    long long next_cron_us          # owner
    long long stat_net_input        # owner (read racily)
    long long stat_net_output       # owner (read racily)
    char cacheline_pad[128]         # keeps neighbours in g.workers off these lines

cdef struct Server:
    Config cfg
    Db* dbs                         # const array, contents under lock
    pthread_mutex_t lock            # the keyspace lock
    long long cmd_time_ms           # lock: time frozen for the current batch
    long long start_time_ms         # const
    int pid                         # const
    char run_id[41]                 # const
    Worker* workers                 # const
    int nworkers                    # const
    int shutdown_asap               # atomic: 1 requested, 2 in progress
    int shutdown_exit_code          # lock
    uint64_t next_client_id         # atomic
    pthread_mutex_t clients_lock
    Client* clients_head            # clients
    long long connected_clients     # atomic
    long long blocked_clients       # atomic: clients with CLIENT_BLOCKED
    void* ready_keys                # lock: ReadyKey* list, keys that got data for blocked clients
    void* ready_keys_tail           # lock
    int monitors                    # atomic: MONITOR clients on every worker
    Dict* pubsub_channels           # lock: channel -> SubscriberList* (pubsub.pxd)
    Dict* pubsub_patterns           # lock: pattern -> SubscriberList*
    Dict* pubsub_shard_channels     # lock: shard channel -> SubscriberList*
    int pause_type                  # lock: PAUSE_OFF / PAUSE_WRITE / PAUSE_ALL (pause.pxd)
    long long pause_end_ms          # lock: unix ms when the pause ends
    long long stat_numcommands      # lock
    long long stat_numconnections   # atomic
    long long stat_rejected_conn    # atomic
    long long stat_expiredkeys      # lock
    long long stat_evictedkeys      # lock
    long long stat_keyspace_hits    # lock
    long long stat_keyspace_misses  # lock
    long long stat_total_error_replies   # atomic (protocol errors are replied outside the lock)
    long long stat_peak_memory      # lock
    int log_fd                      # const: where the log goes
    int verbosity                   # lock: copy of cfg.loglevel
    char* executable                # const
    char* config_file               # const

cdef Server g
