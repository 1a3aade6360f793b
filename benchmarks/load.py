"""Load on the endpoint: `spacegraph serve` and raw `oxigraph serve-read-only` side by side.

Usage: python benchmarks/load.py [--clients 16,64] [--seconds 10] [--repeats 6] [--sequential 200]
                                 [--output benchmarks/results/load.md]

Both servers serve the same built store (``spacegraph build``) and answer the
same mix: every named query that takes no parameter, in turn. For each client
count, each server gets --repeats runs of --seconds, alternated (many short runs, so that the
machine's slower and faster minutes fall on both servers alike): wrk's
clients keep their connection open (HTTP/1.1 keep-alive) and send one query
after another. Before that, one client per server sends --sequential queries
in a row, the two interleaved, which gives the latency the guard adds to each
request. Reported per server and client count: queries
per second, median and 99th-percentile latency, errors, and the peak resident
memory of the guard (spacegraph) or the server (raw). Targets: spacegraph's
throughput at least 0.9x raw and its p99 at most 1.2x raw at 16 and 64
clients, at most 2 ms added per sequential request, no errors.
"""

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spacegraph.core.local_http import free_port

ROOT = Path(__file__).resolve().parent.parent


def _wait(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"a server stopped at start-up: {process.args}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/query?query=ASK%7B%7D")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"a server did not answer on port {port}")


def _cpu_seconds(pid):
    """User and system CPU time of process ``pid`` so far (not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_memory(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) * 1024
    return 0


_WRK_SCRIPT = """
local bodies = {%s}
local next_body = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/sparql-query"
wrk.headers["Accept"] = "application/sparql-results+json"
function setup(thread)
  thread:set("offset", next_body)
  next_body = next_body + 7
end
function init(args)
  index = offset
end
function request()
  index = index + 1
  return wrk.format(nil, "/query", nil, bodies[(index %% #bodies) + 1])
end
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%f %%f\\n", summary.requests, summary.duration,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk_script(queries):
    """The Lua script that makes wrk send ``queries`` in turn, each connection from its own place in the list."""
    quoted = []
    for text in queries:
        level = 0
        while f"]{'=' * level}]" in text:
            level += 1
        quoted.append(f"[{'=' * level}[{text}]{'=' * level}]")
    return _WRK_SCRIPT % ", ".join(quoted)


def run_wrk(port, script_path, clients, seconds, threads=2, pid=None):
    """Run wrk with ``clients`` kept connections for ``seconds``; return its summary (with ``pid``'s CPU per request)."""
    cpu_before = _cpu_seconds(pid) if pid else 0.0
    done = subprocess.run(["wrk", "-t", str(min(threads, clients)), "-c", str(clients), "-d", f"{seconds:g}s",
                           "--timeout", "30s", "-s", str(script_path), f"http://127.0.0.1:{port}/query"],
                          capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    requests, duration, connect, read, write, status, timeout, p50, p99 = line.split()[1:]
    errors = int(connect) + int(read) + int(write) + int(status) + int(timeout)
    kinds = ", ".join(f"{n} {kind}" for n, kind in ((connect, "connect"), (read, "read"), (write, "write"),
                                                    (status, "non-2xx"), (timeout, "timeout")) if int(n))
    elapsed = int(duration) / 1e6
    cpu = (_cpu_seconds(pid) - cpu_before) / max(1, int(requests)) if pid else 0.0
    return {"qps": (int(requests) - errors) / elapsed, "p50": float(p50) / 1e6, "p99": float(p99) / 1e6, "errors": errors,
            "kinds": kinds, "cpu": cpu}


class _KeptConnection:
    """One client's connection, kept open from one query to the next (HTTP/1.1 keep-alive)."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def ask(self, body):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.connect()
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.connection.request("POST", "/query", body=body, headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            response = self.connection.getresponse()
            response.read()
            if response.will_close:
                self.close()
            return response.status
        except OSError as error:
            self.close()
            return type(error).__name__

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def sequential_latency(ports, queries, count):
    """One client per server, sending ``count`` queries in a row on one connection each, interleaved.

    Returns, per port, the median seconds per query, the median over queries of its excess over
    the first port's, and the number of errors.
    """
    import statistics

    kept = {port: _KeptConnection(port) for port in ports}
    for text in queries:  # once each first, so that no server is cold
        for port in ports:
            kept[port].ask(text.encode("utf-8"))
    times = {port: [] for port in ports}
    errors = dict.fromkeys(ports, 0)
    for index in range(count):
        body = queries[index % len(queries)].encode("utf-8")
        for port in ports:
            started = time.perf_counter()
            errors[port] += kept[port].ask(body) != 200
            times[port].append(time.perf_counter() - started)
    for connection in kept.values():
        connection.close()
    first = ports[0]
    return {port: (statistics.median(times[port]),
                   statistics.median(b - a for a, b in zip(times[first], times[port], strict=True)), errors[port]) for port in ports}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="16,64", help="client counts, comma-separated (default 16,64)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run (default 10)")
    parser.add_argument("--repeats", type=int, default=6, help="runs per server and client count, alternated (default 6)")
    parser.add_argument("--sequential", type=int, default=200, help="queries one client sends in a row (default 200)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "load.md")
    args = parser.parse_args()
    try:
        counts = [int(part) for part in args.clients.split(",")]
    except ValueError:
        parser.error(f"--clients: {args.clients!r} is not a list of numbers such as 16,64")
    if any(count < 1 for count in counts) or args.seconds <= 0 or args.repeats < 1 or args.sequential < 1:
        parser.error("--clients, --seconds, --repeats and --sequential must be positive")
    if shutil.which("wrk") is None:
        parser.error("wrk is needed: apt-get install wrk")
    if args.output.exists() and args.output.is_dir():
        parser.error(f"--output: {args.output} is a folder")

    import spacegraph
    from spacegraph.sparql.library import list_queries
    from spacegraph.sparql.server import oxigraph_command

    queries = [query.text for query in list_queries() if not query.params]
    kg = spacegraph.load()
    rows, sequential = [], {}
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "spacegraph.cli", "build", "--output", folder], check=True, capture_output=True)
        program = oxigraph_command()
        raw_port, guard_port = free_port(), free_port()
        raw = subprocess.Popen([program, "serve-read-only", "--location", f"{folder}/store",
                                "--bind", f"127.0.0.1:{raw_port}", "--timeout-s", "10"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        guard = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--build", folder, "--port", str(guard_port)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers = (("raw oxigraph serve-read-only", raw_port), ("spacegraph serve", guard_port))
        pids = {raw_port: raw.pid, guard_port: guard.pid}
        try:
            _wait(raw_port, raw)
            _wait(guard_port, guard)
            time.sleep(5)  # the guard judges the named queries once, in the background, as it starts
            ports = [port for _, port in servers]
            by_port = sequential_latency(ports, queries, args.sequential)
            sequential = {name: by_port[port] for name, port in servers}
            for name, (median, added, _) in sequential.items():
                print(f"  1 client   {name:<30} {median * 1000:7.2f} ms per query in a row, {added * 1000:+.2f} ms over raw",
                      flush=True)
            notebook = {}
            for name, port in servers * 2:  # a notebook's loop: one request after another, as centrality --endpoint sends
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "spacegraph.cli", "centrality", "--endpoint",
                                f"http://127.0.0.1:{port}/query"], check=True, capture_output=True)
                notebook.setdefault(name, []).append(time.perf_counter() - started)
            for name, times in notebook.items():
                print(f"  centrality --endpoint  {name:<30} {min(times):6.2f} s", flush=True)
            script = Path(folder) / "queries.lua"
            script.write_text(wrk_script(queries), encoding="utf-8")
            for count in counts:
                runs = {name: [] for name, _ in servers}
                for _ in range(args.repeats):  # alternated, so that a busy moment of the machine falls on both
                    for name, port in servers:
                        runs[name].append(run_wrk(port, script, count, args.seconds, pid=pids[port]))
                for name, _ in servers:
                    summary = {key: sum(run[key] for run in runs[name]) / len(runs[name]) for key in ("qps", "p50", "p99", "cpu")}
                    summary["errors"] = sum(run["errors"] for run in runs[name])
                    summary["kinds"] = "; ".join(run["kinds"] for run in runs[name] if run["kinds"])
                    rows.append((count, name, summary))
                    print(f"{count:>3} clients  {name:<30} {summary['qps']:8.1f} q/s  p50 {summary['p50'] * 1000:7.1f} ms  "
                          f"p99 {summary['p99'] * 1000:7.1f} ms  CPU {summary['cpu'] * 1000:.2f} ms/query  "
                          f"errors {summary['errors']} {summary['kinds']}", flush=True)
            memory = {"raw oxigraph serve-read-only": _peak_memory(raw.pid), "spacegraph serve": _peak_memory(guard.pid)}
        finally:
            for process in (raw, guard):
                process.terminate()
                process.wait(10)
    lines = [
        "# Endpoint load",
        "",
        f"`python benchmarks/load.py --clients {args.clients} --seconds {args.seconds:g} --repeats {args.repeats} "
        f"--sequential {args.sequential}` on {os.cpu_count()} cores: the project's built store ({len(kg):,} triples), the "
        f"{len(queries)} named queries without parameters in turn, sent by wrk on kept connections (HTTP/1.1 "
        f"keep-alive), both servers in the same run, {args.repeats} run(s) of each, alternated and averaged. Peak "
        "memory and CPU are the guard's alone for spacegraph (the engine behind it is a separate process): CPU is the "
        "process's user and system time over the run, divided by the queries answered.",
        "",
        "| clients | server | queries/s | p50 | p99 | errors | CPU per query | peak memory |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for count, name, summary in rows:
        lines.append(f"| {count} | {name} | {summary['qps']:.1f} | {summary['p50'] * 1000:.1f} ms | "
                     f"{summary['p99'] * 1000:.1f} ms | {summary['errors']} | {summary['cpu'] * 1000:.2f} ms | "
                     f"{memory[name] / 1e6:.0f} MB |")
    lines += ["", "| clients | throughput, spacegraph ÷ raw | p99, spacegraph ÷ raw |", "|---:|---:|---:|"]
    for count in counts:
        raw_row, ours = [summary for c, _, summary in rows if c == count]
        lines.append(f"| {count} | {ours['qps'] / raw_row['qps']:.2f} | {ours['p99'] / raw_row['p99']:.2f} |")
    raw_median, _, raw_errors = sequential["raw oxigraph serve-read-only"]
    ours_median, added, our_errors = sequential["spacegraph serve"]
    lines += ["", f"One client per server, {args.sequential} queries in a row on one connection, the two interleaved: "
              f"median {raw_median * 1000:.2f} ms per query on raw Oxigraph, {ours_median * 1000:.2f} ms through the guard; "
              f"the guard adds **{added * 1000:+.2f} ms** per request (median over queries of the difference; errors: "
              f"{raw_errors} raw, {our_errors} spacegraph).",
              "", f"`spacegraph centrality --endpoint URL`, whose requests go one after another: "
              f"{min(notebook['raw oxigraph serve-read-only']):.2f} s against raw Oxigraph, "
              f"{min(notebook['spacegraph serve']):.2f} s through the guard (the faster of two runs each, alternated)."]
    from spacegraph.core._io import write_files

    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_files({args.output: "\n".join(lines) + "\n"})
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
