"""keydb-server: parse the configuration, start the workers, wait, exit.

    keydb-server [/path/to/keydb.conf] [--name value ...]

The Python main thread does start-up and shutdown only; after starting the
workers it waits in join() with the GIL released while the nogil workers
serve clients.
"""
import os
import sys

from keydb import __version__, REDIS_VERSION
from keydb.config import Config, ConfigError
from keydb.commands import reply_blobs
from keydb._core import api, bridge, log as corelog

LL_DEBUG, LL_VERBOSE, LL_NOTICE, LL_WARNING = range(4)


def log(level, msg):
    corelog.log(level, msg)


def usage():
    sys.stderr.write(
        "Usage: ./keydb-server [/path/to/keydb.conf] [options] [-]\n"
        "       ./keydb-server - (read config from stdin)\n"
        "       ./keydb-server -v or --version\n"
        "       ./keydb-server -h or --help\n\n"
        "Examples:\n"
        "       ./keydb-server (run the server with default conf)\n"
        "       ./keydb-server /etc/keydb/6379.conf\n"
        "       ./keydb-server --port 7777\n"
        "       ./keydb-server --port 7777 --replicaof 127.0.0.1 8888\n"
        "       ./keydb-server /etc/mykeydb.conf --loglevel verbose\n")


def register_python_commands(config):
    """CONFIG GET/SET/REWRITE run in Python through the bridge."""
    bridge.register(bridge.CONFIG_GET, lambda args: _config_get(config, args))
    bridge.register(bridge.CONFIG_SET, lambda args: _config_set(config, args))
    bridge.register(bridge.CONFIG_REWRITE, lambda args: _config_rewrite(config))


def _config_get(config, args):
    pairs = config.get(args[2:])
    return {name: value for name, value in pairs}


def _config_set(config, args):
    from keydb.config import ConfigSetError
    try:
        config.set(args[2:])
    except ConfigSetError as e:
        raise bridge.ReplyError(str(e))
    return bridge.Status(b"OK")


def _config_rewrite(config):
    try:
        config.rewrite()
    except NotImplementedError:
        raise bridge.ReplyError("ERR Rewriting config file: not supported yet")
    except OSError as e:
        raise bridge.ReplyError(f"ERR Rewriting config file: {e.strerror}")
    return bridge.Status(b"OK")


def daemonize():
    """Fork into the background like Redis: parent exits 0, child leads a new
    session with stdio on /dev/null (the log goes to logfile if one is set)."""
    if os.fork():
        os._exit(0)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if devnull > 2:
        os.close(devnull)


def open_log(path):
    """Point the core's log at `path` (stdout when empty); False if it cannot."""
    if not path:
        return True
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as e:
        sys.stderr.write(f"Can't open the log file: {e.strerror}\n")
        return False
    api.set_log_fd(fd)
    return True


def write_pidfile(path):
    try:
        with open(path, "w") as f:
            f.write(f"{os.getpid()}\n")
    except OSError as e:
        log(LL_WARNING, f"Failed to write PID file: {e.strerror}")


def remove_pidfile(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-v", "--version"):
        print(f"KeyDB server v={__version__} sha=00000000:0 malloc=libc bits=64 build=0")
        return 0
    if argv and argv[0] in ("-h", "--help"):
        usage()
        return 0
    api.init()
    try:
        config = Config.from_argv(argv, apply=api.config_apply)
    except ConfigError as e:
        sys.stderr.write(str(e))
        sys.stderr.flush()
        return 1
    config.apply_all()
    if config["daemonize"]:
        daemonize()
        api.refresh_pid()
    if not open_log(config["logfile"]):
        return 1
    pidfile = config["pidfile"] or ("/var/run/keydb_6379.pid" if config["daemonize"] else "")
    if pidfile:
        write_pidfile(pidfile)
    try:
        return serve(config)
    finally:
        if pidfile:
            log(LL_NOTICE, "Removing the pid file.")
            remove_pidfile(pidfile)


def serve(config):
    """Start the workers and block until they stop; the exit code."""
    api.set_paths(os.environ.get("KEYDB_EXECUTABLE") or os.path.abspath(sys.argv[0]),
                  config.config_file)
    register_python_commands(config)
    for blobs in reply_blobs(api.registered_commands()):
        api.set_command_blobs(*blobs)

    pid = os.getpid()
    log(LL_NOTICE, "oO0OoO0OoO0Oo KeyDB is starting oO0OoO0OoO0Oo")
    log(LL_NOTICE, f"KeyDB version={__version__}, bits=64, commit=00000000, modified=0, "
                   f"pid={pid}, just started")
    if config.config_file:
        log(LL_NOTICE, "Configuration loaded")
    else:
        log(LL_WARNING, "Warning: no config file specified, using the default config. "
                        "In order to specify a config file use ./keydb-server /path/to/keydb.conf")
    try:
        api.setup_workers()
    except api.ListenError as e:
        for line in str(e).splitlines():
            log(LL_WARNING, line)
        return 1
    threads = config["server-threads"]
    log(LL_NOTICE, f"Server initialized with {threads} worker thread(s)")
    log(LL_NOTICE, f"Running mode=standalone, port={config['port']}.")
    log(LL_NOTICE, "Ready to accept connections")
    api.run_workers()
    api.close_listeners()
    log(LL_WARNING, "KeyDB is now ready to exit, bye bye...")
    return api.shutdown_exit_code()


if __name__ == "__main__":
    sys.exit(main())
