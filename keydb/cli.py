"""keydb-cli: a thin redis-cli-compatible command-line client.

    keydb-cli [-h host] [-p port] [-s socket] [-a password] [-n db] [--raw] [cmd [arg ...]]

With a command it runs it once and prints the reply; without one it reads
commands line by line (interactive prompt on a terminal). Replies print as
redis-cli prints them: formatted on a terminal, raw otherwise or with --raw.
"""
import argparse
import shlex
import socket
import sys


class ReplyError(str):
    """An error reply (-ERR ...)."""


class Connection:
    """A blocking RESP2 connection with a minimal reply parser."""

    def __init__(self, host, port, unix_socket=None, timeout=None):
        if unix_socket:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.connect(unix_socket)
        else:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""

    def send(self, args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.sock.sendall(b"".join(out))
        return self.read_reply()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("Server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("Server closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def read_reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode(errors="replace")
        if kind == b"-":
            return ReplyError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read_reply() for _ in range(n)]
        raise ConnectionError(f"Protocol error, got {kind!r} as reply type byte")


def format_reply(reply, raw, indent=0):
    """Render a reply the way redis-cli does (tty style unless raw)."""
    if raw:
        if isinstance(reply, list):
            return "\n".join(format_reply(r, True) for r in reply)
        if reply is None:
            return ""
        if isinstance(reply, bytes):
            return reply.decode(errors="replace")
        return str(reply)
    if isinstance(reply, ReplyError):
        return f"(error) {reply}"
    if reply is None:
        return "(nil)"
    if isinstance(reply, int):
        return f"(integer) {reply}"
    if isinstance(reply, bytes):
        return '"' + reply.decode("latin-1").encode("unicode_escape").decode().replace('"', '\\"') + '"'
    if isinstance(reply, str):
        return reply
    if not reply:
        return "(empty array)"
    width = len(str(len(reply)))
    lines = []
    for i, item in enumerate(reply, 1):
        prefix = f"{i:>{width}}) "
        body = format_reply(item, False, indent + len(prefix))
        pad = " " * indent if i > 1 else ""
        lines.append(pad + prefix + body)
    return "\n".join(lines)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="keydb-cli", add_help=False)
    p.add_argument("-h", dest="host", default="127.0.0.1")
    p.add_argument("-p", dest="port", type=int, default=6379)
    p.add_argument("-s", dest="socket")
    p.add_argument("-a", dest="password")
    p.add_argument("-n", dest="db", type=int, default=0)
    p.add_argument("--raw", action="store_true")
    p.add_argument("--help", action="help")
    p.add_argument("command", nargs=argparse.REMAINDER)
    return p.parse_args(argv)


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        conn = Connection(opts.host, opts.port, opts.socket)
    except OSError as e:
        print(f"Could not connect to Redis at {opts.host}:{opts.port}: {e.strerror or e}",
              file=sys.stderr)
        return 1
    raw = opts.raw or not sys.stdout.isatty()
    for setup in ([["AUTH", opts.password]] if opts.password else []) + \
                 ([["SELECT", str(opts.db)]] if opts.db else []):
        reply = conn.send(setup)
        if isinstance(reply, ReplyError):
            print(f"(error) {reply}" if not raw else reply, file=sys.stderr)
            return 1
    if opts.command:
        try:
            reply = conn.send(opts.command)
        except ConnectionError as e:
            # SHUTDOWN succeeds by closing the connection, as with redis-cli.
            if opts.command[0].lower() == "shutdown":
                return 0
            print(f"Error: {e}", file=sys.stderr)
            return 1
        print(format_reply(reply, raw))
        return 1 if isinstance(reply, ReplyError) and raw else 0
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input(f"{opts.host}:{opts.port}> " if interactive else "")
        except EOFError:
            return 0
        try:
            args = shlex.split(line)
        except ValueError:
            print("Invalid argument(s)")
            continue
        if not args:
            continue
        if interactive and args[0].lower() in ("quit", "exit"):
            return 0
        try:
            print(format_reply(conn.send(args), raw))
        except ConnectionError as e:
            print(f"Error: {e}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
