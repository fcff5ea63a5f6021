"""keydb-py: a KeyDB/Redis-compatible server with a nogil Cython core."""
__version__ = "6.3.4"        # the KeyDB release whose behaviour we track
REDIS_VERSION = "7.0.15"     # the Redis release whose semantics we implement
