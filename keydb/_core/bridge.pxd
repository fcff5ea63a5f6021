# The one place the core takes the GIL: commands implemented in Python
# (CONFIG, and later scripting and replication control). Lock order is
# keyspace lock -> GIL: callers hold the keyspace lock.
from keydb._core.state cimport Client

cdef enum BridgeHandler:
    BRIDGE_CONFIG_GET = 0
    BRIDGE_CONFIG_SET = 1
    BRIDGE_CONFIG_REWRITE = 2
    BRIDGE_COUNT = 3

# Call the Python handler registered for `which` with c's arguments (a list of
# bytes) and encode what it returns as the reply. Exceptions become errors.
cdef void bridge_call(Client* c, int which) noexcept nogil
