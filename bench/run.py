#!/usr/bin/env python3
"""keydb-py benchmark: our server vs redis-server, side by side on loopback.

Usage (from the repo root; `make bench` runs it with no options):

    .venv/bin/python bench/run.py [--quick] [--rounds N] [--ours-cmd CMD] ...

Throughput: for each round, fresh servers are started in alternation
(ours with 1 server thread, redis, ours with 2 server threads, redis) and every
workload in WORKLOADS is run against each with redis-benchmark; the MEDIAN
ops/s over the rounds is reported.  Memory: each server is started fresh,
filled with DEBUG POPULATE, and used_memory / RSS are compared.

Only the Python standard library is used.  See bench/README.md.
"""

import argparse
import atexit
import csv
import io
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --------------------------------------------------------------------------
# Workloads: one line each.  They run in this order against the same server
# instance, so a workload may rely on data left by an earlier one (GET after
# SET, LPOP after LPUSH, ZRANGE after ZADD...).
#   name      label in the report
#   args      redis-benchmark arguments selecting the test: ("-t", "<test>")
#             for a built-in test, or a literal command ("zrange", "myzset",
#             "0", "99"); __rand_int__ is expanded over the keyspace (-r)
#   pipeline  -P value
#   requests  -n value (divided by 5 with --quick); aim for ~2-3 s each
#   goal      True: counts for the "ours/redis >= 0.9" and "2 threads >= 1
#             thread" goals; False: reported only
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    name: str
    args: tuple
    pipeline: int = 1
    requests: int = 200_000
    goal: bool = True


WORKLOADS = [
    Workload("SET", ("-t", "set"), 1, 250_000),
    Workload("GET", ("-t", "get"), 1, 250_000),
    Workload("SET -P16", ("-t", "set"), 16, 2_500_000),
    Workload("GET -P16", ("-t", "get"), 16, 2_500_000),
    Workload("LPUSH", ("-t", "lpush"), 1, 200_000),
    Workload("LPOP", ("-t", "lpop"), 1, 200_000),
    Workload("HSET", ("-t", "hset"), 1, 200_000),
    Workload("SADD", ("-t", "sadd"), 1, 200_000),
    Workload("SPOP", ("-t", "spop"), 1, 200_000),
    Workload("ZADD", ("-t", "zadd"), 1, 200_000),
    # myzset holds ZADD's members (up to the -r keyspace): 100 of them a call.
    Workload("ZRANGE 100", ("zrange", "myzset", "0", "99"), 1, 100_000),
]

RATIO_GOAL = 0.9     # ours (1 thread) / redis, per goal workload
MEMORY_GOAL = 1.1    # ours / redis, used_memory and RSS

# --------------------------------------------------------------------------
# Minimal RESP client (stdlib only)
# --------------------------------------------------------------------------


class RespError(Exception):
    pass


def _encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def _read_reply(f):
    line = f.readline()
    if not line:
        raise ConnectionError("connection closed")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RespError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2].decode(errors="replace")
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [_read_reply(f) for _ in range(n)]
    raise RespError("bad reply: %r" % line)


def command(port, *args, timeout=10.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(_encode(*args))
        return _read_reply(s.makefile("rb"))


def parse_info(text):
    info = {}
    for line in text.splitlines():
        if ":" in line and not line.startswith("#"):
            k, v = line.split(":", 1)
            info[k] = v.strip()
    return info


# --------------------------------------------------------------------------
# Server processes
# --------------------------------------------------------------------------

_live = []   # servers to kill at exit


def _die_with_parent():
    """preexec_fn: have the kernel SIGKILL the server if this script dies
    without running its cleanup (e.g. SIGKILL).  Linux only; best effort."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            data = f.read().decode(errors="replace").splitlines()
        return "\n".join(data[-lines:]) or "(empty log)"
    except OSError as e:
        return "(no log: %s)" % e


class ServerFailed(Exception):
    def __init__(self, label, why, log):
        super().__init__("%s: %s" % (label, why))
        self.label, self.why, self.log = label, why, log


class Server:
    """One server process (ours or redis) on a free loopback port."""

    def __init__(self, label, argv, cwd, logdir, start_timeout):
        self.label = label
        self.port = free_port()
        self.argv = argv + ["--port", str(self.port), "--save", "",
                            "--appendonly", "no",
                            "--enable-debug-command", "yes"]
        self.log = os.path.join(logdir, "%s-%d.log" % (label, self.port))
        self.cwd = cwd
        self.start_timeout = start_timeout
        self.proc = None

    def start(self):
        logf = open(self.log, "wb")
        logf.write(("$ " + shlex.join(self.argv) + "\n").encode())
        logf.flush()
        try:
            # Own session/process group so that a wrapper script and its
            # children are all killed together.
            self.proc = subprocess.Popen(self.argv, cwd=self.cwd, stdout=logf,
                                         stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL,
                                         start_new_session=True,
                                         preexec_fn=_die_with_parent)
        except OSError as e:
            raise ServerFailed(self.label, "cannot run %s: %s"
                               % (self.argv[0], e), log_tail(self.log))
        finally:
            logf.close()
        _live.append(self)
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.proc.poll() is not None:
                raise ServerFailed(self.label, "exited with status %s before "
                                   "answering PING" % self.proc.returncode,
                                   log_tail(self.log))
            try:
                if command(self.port, "PING", timeout=2) == "PONG":
                    return self
            except (OSError, RespError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise ServerFailed(self.label, "no PONG within %gs"
                                   % self.start_timeout, log_tail(self.log))
            time.sleep(0.1)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    pass
        # The leader may be gone while others in its group live on.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self in _live:
            _live.remove(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _kill_all():
    for srv in list(_live):
        srv.stop()


def _on_signal(signum, frame):
    raise SystemExit(128 + signum)


# --------------------------------------------------------------------------
# Benchmark steps
# --------------------------------------------------------------------------


def run_workload(srv, w, opts):
    n = max(1, w.requests // (5 if opts.quick else 1))
    argv = [opts.benchmark, "-h", "127.0.0.1", "-p", str(srv.port),
            "-c", str(opts.clients), "-n", str(n), "-r", str(opts.keyspace),
            "-P", str(w.pipeline), "--csv", *w.args]
    try:
        res = subprocess.run(argv, capture_output=True, text=True,
                             timeout=opts.bench_timeout)
    except subprocess.TimeoutExpired:
        return None, "redis-benchmark timed out after %gs" % opts.bench_timeout
    rows = [r for r in csv.reader(io.StringIO(res.stdout)) if r]
    for row in rows:
        if row[0] != "test" and len(row) > 1:
            try:
                return float(row[1]), None
            except ValueError:
                pass
    err = (res.stderr or res.stdout).strip().splitlines()
    return None, "redis-benchmark rc=%d: %s" % (
        res.returncode, err[-1] if err else "no output")


def threads_template(opts):
    if opts.threads_flag is not None:
        return opts.threads_flag
    # Default: our flag, unless "ours" is really redis-server (which has no
    # such option; both "ours" configurations are then the same server).
    prog = os.path.basename(shlex.split(opts.ours_cmd)[0])
    return "" if prog.startswith("redis-server") else "--server-threads {n}"


def ours_argv(opts, threads):
    flag = threads_template(opts).format(n=threads)
    return shlex.split(opts.ours_cmd) + shlex.split(flag)


def throughput(opts, workloads, logdir):
    """Return ({config: {workload name: [ops/s per run]}}, the same with the
    server's CPU microseconds per request). CPU per request does not depend
    on how busy the rest of the machine is, which throughput on a shared
    machine does."""
    configs = [("ours-1", lambda: ours_argv(opts, 1), REPO),
               ("redis", lambda: shlex.split(opts.redis_cmd), logdir),
               ("ours-2", lambda: ours_argv(opts, 2), REPO),
               ("redis", lambda: shlex.split(opts.redis_cmd), logdir)]
    results = {c: {w.name: [] for w in workloads}
               for c in ("redis", "ours-1", "ours-2")}
    cpu = {c: {w.name: [] for w in workloads} for c in results}
    for rnd in range(1, opts.rounds + 1):
        for label, argv, cwd in configs:
            srv = Server(label, argv(), cwd, logdir, opts.start_timeout)
            with srv:
                line = []
                for w in workloads:
                    before = cpu_seconds(srv.proc.pid)
                    ops, err = run_workload(srv, w, opts)
                    after = cpu_seconds(srv.proc.pid)
                    if ops is None:
                        print("  ! %s %s: %s" % (label, w.name, err))
                        if not srv.alive():
                            print("  ! %s died (rc=%s); log tail:\n%s" % (
                                label, srv.proc.returncode,
                                _indent(log_tail(srv.log))))
                            break
                        continue
                    results[label][w.name].append(ops)
                    if before is not None and after is not None:
                        n = max(1, w.requests // (5 if opts.quick else 1))
                        cpu[label][w.name].append((after - before) * 1e6 / n)
                    line.append("%s %s" % (w.name, _fmt_ops(ops)))
                print("  round %d/%d %-6s %s" % (rnd, opts.rounds, label,
                                                 " | ".join(line) or "no results"),
                      flush=True)
    return results, cpu


def memory(opts, logdir):
    """Return {"ours": info, "redis": info} with used_memory / RSS figures."""
    out = {}
    for label, argv, cwd in (("ours", ours_argv(opts, 1), REPO),
                             ("redis", shlex.split(opts.redis_cmd), logdir)):
        with Server(label + "-mem", argv, cwd, logdir,
                    opts.start_timeout) as srv:
            t0 = time.monotonic()
            try:
                command(srv.port, "DEBUG", "POPULATE", opts.populate,
                        timeout=opts.bench_timeout)
                info = parse_info(command(srv.port, "INFO", timeout=30))
            except (OSError, RespError) as e:
                print("  ! %s: %s" % (label, e))
                if not srv.alive():
                    print(_indent(log_tail(srv.log)))
                out[label] = None
                continue
            dt = time.monotonic() - t0
            pid = int(info.get("process_id") or srv.proc.pid)
            m = {"used_memory": _int(info.get("used_memory")),
                 "used_memory_rss": _int(info.get("used_memory_rss")),
                 "vmrss": vmrss(pid), "keys": dbsize(srv.port)}
            out[label] = m
            print("  %-5s populated %s keys in %.1fs" % (
                label, m["keys"], dt), flush=True)
    return out


def cpu_seconds(pid):
    """User + system CPU time the process has used so far, in seconds."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command name: state is field 3, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vmrss(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def dbsize(port):
    try:
        return command(port, "DBSIZE")
    except (OSError, RespError):
        return None


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _indent(text, pad="    "):
    return "\n".join(pad + line for line in text.splitlines())


def _fmt_ops(v):
    return "-" if v is None else "{:,.0f}".format(v)


def _fmt_ratio(a, b):
    return "-" if a is None or not b else "%.2f" % (a / b)


def _fmt_us(v):
    return "-" if v is None else "%.2f" % v


def _fmt_mb(v):
    return "-" if v is None else "%.1f MB" % (v / 1e6)


def _median(xs):
    return statistics.median(xs) if xs else None


def report(opts, workloads, tp, cpu, mem):
    goals = []
    if tp is not None:
        print("\nThroughput (median ops/s over %d round(s); redis: %d runs "
              "per round; -c %d -r %d%s)" % (
                  opts.rounds, 2, opts.clients, opts.keyspace,
                  ", --quick" if opts.quick else ""))
        hdr = ("workload", "redis", "ours-1t", "ours-2t", "1t/redis",
               "2t/redis", "2t/1t")
        fmt = "  {:<12} {:>12} {:>12} {:>12} {:>9} {:>9} {:>7}"
        print(fmt.format(*hdr))
        print("  " + "-" * (len(fmt.format(*hdr)) - 2))
        ok1, ok2, bad1, bad2 = True, True, [], []
        for w in workloads:
            r = _median(tp["redis"][w.name])
            o1 = _median(tp["ours-1"][w.name])
            o2 = _median(tp["ours-2"][w.name])
            print(fmt.format(w.name, _fmt_ops(r), _fmt_ops(o1), _fmt_ops(o2),
                             _fmt_ratio(o1, r), _fmt_ratio(o2, r),
                             _fmt_ratio(o2, o1)))
            if not w.goal:
                continue
            if r is None or o1 is None or o1 / r < RATIO_GOAL:
                ok1 = False
                bad1.append("%s=%s" % (w.name, _fmt_ratio(o1, r)))
            if o1 is None or o2 is None or o2 < o1:
                ok2 = False
                bad2.append("%s=%s" % (w.name, _fmt_ratio(o2, o1)))
        print("\nServer CPU per request (median microseconds, user + system, "
              "from /proc; unlike ops/s it does not move with the machine's load)")
        fmt = "  {:<12} {:>9} {:>9} {:>9} {:>13}"
        print(fmt.format("workload", "redis", "ours-1t", "ours-2t", "redis/ours-1t"))
        print("  " + "-" * (len(fmt.format("", "", "", "", "")) - 2))
        for w in workloads:
            r, o1, o2 = (_median(cpu[c][w.name]) for c in ("redis", "ours-1", "ours-2"))
            print(fmt.format(w.name, _fmt_us(r), _fmt_us(o1), _fmt_us(o2), _fmt_ratio(r, o1)))
        names = ", ".join(w.name for w in workloads if w.goal)
        goals.append((ok1, "ours 1 thread >= %.2f x redis on %s%s" % (
            RATIO_GOAL, names, "" if ok1 else "  (short: %s)" % ", ".join(bad1))))
        goals.append((ok2, "ours 2 threads >= 1 thread on %s%s" % (
            names, "" if ok2 else "  (short: %s)" % ", ".join(bad2))))

    if mem is not None:
        o, r = mem.get("ours") or {}, mem.get("redis") or {}
        print("\nMemory after DEBUG POPULATE %d (fresh servers, ours with 1 "
              "thread)" % opts.populate)
        fmt = "  {:<26} {:>12} {:>12} {:>10}"
        print(fmt.format("", "redis", "ours", "ours/redis"))
        print("  " + "-" * (len(fmt.format("", "", "", "")) - 2))
        for key, title in (("keys", "keys (DBSIZE)"),
                           ("used_memory", "used_memory"),
                           ("used_memory_rss", "used_memory_rss (INFO)"),
                           ("vmrss", "RSS (/proc VmRSS)")):
            a, b = r.get(key), o.get(key)
            show = str if key == "keys" else _fmt_mb
            print(fmt.format(title, "-" if a is None else show(a),
                             "-" if b is None else show(b),
                             _fmt_ratio(b, a)))
        for key, title in (("used_memory", "used_memory"),
                           ("vmrss", "RSS")):
            a, b = r.get(key), o.get(key)
            ok = bool(a) and b is not None and b / a <= MEMORY_GOAL
            goals.append((ok, "memory %s ours/redis %s <= %.2f" % (
                title, _fmt_ratio(b, a), MEMORY_GOAL)))

    print("\nGoals")
    for ok, text in goals:
        print("  %s  %s" % ("PASS" if ok else "FAIL", text))


# --------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Benchmark our server against redis-server "
                    "(redis-benchmark SET/GET throughput, memory after "
                    "DEBUG POPULATE).")
    p.add_argument("--ours-cmd", default="./keydb-server",
                   help="command line for our server, run from the repo root "
                        "(default: %(default)s)")
    p.add_argument("--redis-cmd", default="redis-server",
                   help="command line for the reference (default: %(default)s)")
    p.add_argument("--threads-flag", default=None, metavar="TEMPLATE",
                   help="arguments that set our thread count, {n} is replaced "
                        "(default: '--server-threads {n}', or '' when "
                        "--ours-cmd is redis-server); '' passes nothing")
    p.add_argument("--rounds", type=int, default=3,
                   help="alternating rounds; medians are reported "
                        "(default: %(default)s)")
    p.add_argument("--quick", action="store_true",
                   help="divide every request count by 5")
    p.add_argument("--workloads", metavar="NAMES",
                   help="comma-separated subset of workload names "
                        "(available: %s)" % ", ".join(w.name for w in WORKLOADS))
    p.add_argument("--clients", type=int, default=50,
                   help="redis-benchmark -c (default: %(default)s)")
    p.add_argument("--keyspace", type=int, default=100_000,
                   help="redis-benchmark -r (default: %(default)s)")
    p.add_argument("--populate", type=int, default=1_000_000,
                   help="keys for the memory test (default: %(default)s)")
    p.add_argument("--skip-throughput", action="store_true")
    p.add_argument("--skip-memory", action="store_true")
    p.add_argument("--bench-timeout", type=float, default=120,
                   help="seconds per redis-benchmark run or DEBUG POPULATE "
                        "(default: %(default)s)")
    p.add_argument("--start-timeout", type=float, default=30,
                   help="seconds to wait for PING after starting a server "
                        "(default: %(default)s)")
    p.add_argument("--benchmark", default="redis-benchmark",
                   help="redis-benchmark binary (default: %(default)s)")
    p.add_argument("--keep-logs", action="store_true",
                   help="keep the server logs (their directory is printed)")
    opts = p.parse_args(argv)
    if opts.rounds < 1:
        p.error("--rounds must be >= 1")
    opts.selected = WORKLOADS
    if opts.workloads:
        want = [s.strip().lower() for s in opts.workloads.split(",") if s.strip()]
        by_name = {w.name.lower(): w for w in WORKLOADS}
        unknown = [s for s in want if s not in by_name]
        if unknown:
            p.error("unknown workload(s): %s" % ", ".join(unknown))
        opts.selected = [w for w in WORKLOADS if w.name.lower() in want]
    return opts


def main(argv=None):
    opts = parse_args(argv)
    atexit.register(_kill_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    logdir = tempfile.mkdtemp(prefix="keydb-bench-")

    print("keydb-py bench: ours=%r (threads flag: %r) vs redis=%r" % (
        opts.ours_cmd, threads_template(opts) or "none", opts.redis_cmd))
    print("  %d round(s)%s; logs in %s" % (
        opts.rounds, ", quick" if opts.quick else "", logdir), flush=True)
    tp = cpu = mem = None
    try:
        if not opts.skip_throughput:
            print("\nRunning throughput workloads: %s" % ", ".join(
                w.name for w in opts.selected), flush=True)
            tp, cpu = throughput(opts, opts.selected, logdir)
        if not opts.skip_memory:
            print("\nRunning memory test", flush=True)
            mem = memory(opts, logdir)
    except ServerFailed as e:
        print("\nERROR: server %s failed to start: %s\n--- log tail (%s) ---\n%s"
              % (e.label, e.why, logdir, e.log), file=sys.stderr)
        opts.keep_logs = True
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        _kill_all()
    report(opts, opts.selected, tp, cpu, mem)
    if not opts.keep_logs:
        for name in os.listdir(logdir):
            os.unlink(os.path.join(logdir, name))
        os.rmdir(logdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
