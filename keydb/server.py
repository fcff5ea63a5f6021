"""keydb-server: parse the configuration, start the workers, wait, exit.

    keydb-server [/path/to/keydb.conf] [--name value ...]

The Python main thread does start-up and shutdown only; after starting the
workers it waits in join() with the GIL released while the nogil workers
serve clients.
"""
import locale
import os
import signal
import socket
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
    from keydb.config import ConfigRewriteError
    try:
        config.rewrite()
    except ConfigRewriteError as e:
        raise bridge.ReplyError(e.message)
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


def open_log(config):
    """Point the core's log at `logfile` (stdout when empty) and syslog if
    enabled; False if the file cannot be opened."""
    if config["logfile"]:
        try:
            corelog.open_file(config.resolve_path(config["logfile"]))
        except OSError as e:
            sys.stderr.write(f"Can't open the log file: {e.strerror}\n")
            return False
    if config["syslog-enabled"]:
        corelog.enable_syslog(config["syslog-ident"], config["syslog-facility"])
    return True


def supervision(config):
    """Redis's supervised modes: returns (mode, reached). `mode` is
    "systemd", "upstart" or "no" (auto resolved from the environment); it
    decides which readiness signals are attempted. `reached`: the manager
    was found (systemd: the start-up notification went through); only then
    does the server stay in the foreground despite `daemonize yes`."""
    mode = config["supervised"]
    if mode == "auto":
        mode = ("upstart" if "UPSTART_JOB" in os.environ
                else "systemd" if "NOTIFY_SOCKET" in os.environ else "no")
    if mode == "upstart":
        if "UPSTART_JOB" not in os.environ:
            log(LL_WARNING, "upstart supervision requested, but UPSTART_JOB not found!")
            return "no", False
        log(LL_NOTICE, "supervised by upstart, will stop to signal readiness.")
        return mode, True
    if mode == "systemd":
        if not notify_systemd("STATUS=KeyDB is loading...\n"):
            return mode, False
        log(LL_NOTICE, "Supervised by systemd. Please make sure you set appropriate values for "
                       "TimeoutStartSec and TimeoutStopSec in your service unit.")
        return mode, True
    return mode, False


def notify_systemd(message):
    """One sd_notify datagram to $NOTIFY_SOCKET ('@name': abstract namespace);
    False (and a warning) when it cannot be sent."""
    path = os.environ.get("NOTIFY_SOCKET")
    if path is None:
        log(LL_WARNING, "systemd supervision error: NOTIFY_SOCKET not found!")
        return False
    if len(path) < 2 or path[0] not in "@/":
        return False
    addr = "\0" + path[1:] if path[0] == "@" else path
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as s:
            s.sendto(message.encode(), addr)
    except OSError as e:
        log(LL_WARNING, f"Can't send notification to systemd: {e.strerror}")
        return False
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
    # SORT ... ALPHA collates with strcoll under the environment's
    # LC_COLLATE, as redis-server sets it at start-up.
    try:
        locale.setlocale(locale.LC_COLLATE, "")
    except locale.Error:
        pass
    api.init()
    # COMMAND INFO/DOCS blobs are attached by name before rename-command
    # lines (applied while the config is read) change the names.
    for blobs in reply_blobs(api.registered_commands()):
        api.set_command_blobs(*blobs)
    try:
        config = Config.from_argv(argv, apply=api.config_apply, rename=api.rename_command)
    except ConfigError as e:
        sys.stderr.write(str(e))
        sys.stderr.flush()
        return 1
    config.apply_all()
    if not open_log(config):
        return 1
    supervised, reached = supervision(config)
    if config["daemonize"] and not reached:
        daemonize()
        api.refresh_pid()
    pidfile = config["pidfile"] or ("/var/run/keydb_6379.pid" if config["daemonize"] else "")
    if pidfile:
        write_pidfile(pidfile)
    try:
        return serve(config, supervised, pidfile)
    finally:
        if pidfile:
            remove_pidfile(pidfile)


def serve(config, supervised, pidfile):
    """Start the workers and block until they stop; the exit code."""
    api.set_paths(os.environ.get("KEYDB_EXECUTABLE") or os.path.abspath(sys.argv[0]),
                  config.config_file)
    register_python_commands(config)

    pid = os.getpid()
    log(LL_WARNING, "oO0OoO0OoO0Oo KeyDB is starting oO0OoO0OoO0Oo")
    log(LL_WARNING, f"KeyDB version={__version__}, bits=64, commit=00000000, modified=0, "
                    f"pid={pid}, just started")
    if config.config_file:
        log(LL_WARNING, "Configuration loaded")
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
    log(LL_NOTICE, f"Running mode=standalone, port={config['port']}.")
    log(LL_WARNING, f"Server initialized with {threads} worker thread(s)")
    log(LL_NOTICE, "Ready to accept connections")
    if config["unixsocket"]:
        log(LL_NOTICE, f"The server is now ready to accept connections at {config['unixsocket']}")
    if supervised == "systemd":
        notify_systemd("STATUS=Ready to accept connections\n")
        notify_systemd("READY=1\n")
    elif supervised == "upstart":
        os.kill(os.getpid(), signal.SIGSTOP)
        del os.environ["UPSTART_JOB"]
    api.run_workers()
    if supervised == "systemd":
        notify_systemd("STOPPING=1\n")
    api.close_listeners()
    if pidfile:
        log(LL_NOTICE, "Removing the pid file.")
        remove_pidfile(pidfile)
    log(LL_WARNING, "KeyDB is now ready to exit, bye bye...")
    return api.shutdown_exit_code()


if __name__ == "__main__":
    sys.exit(main())
