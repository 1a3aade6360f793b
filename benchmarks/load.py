"""Load on the endpoint: `spacegraph serve` and raw `oxigraph serve-read-only` side by side.

Usage: python benchmarks/load.py [--clients 16,64] [--seconds 30] [--processes 4] [--output benchmarks/results/load.md]

Both servers hold the same graph (the project's data) and answer the same
mix: every named query that takes no parameter, in turn. For each client
count, each server gets a bounded run of --seconds: the clients, spread over
--processes load processes, send one query after another, each on a new
connection, and record its latency and status. Reported per server and
client count: queries per second, median and 99th-percentile latency,
errors, and the peak resident memory of the guard (spacegraph) or the
server (raw). Targets: spacegraph's throughput at least 0.9x raw, its p99 at
most 1.2x raw at 64 clients, no errors, the guard under 200 MB.
"""

import argparse
import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def _peak_memory(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) * 1024
    return 0


def _client(port, queries, start_at, stop_at, results, offset):
    """One client: queries in turn from ``offset`` until ``stop_at``; appends (latency, status) pairs."""
    index = offset
    while time.monotonic() < start_at:
        time.sleep(0.001)
    while time.monotonic() < stop_at:
        body = queries[index % len(queries)].encode("utf-8")
        index += 1
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("POST", "/query", body=body, headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            status = response.status
            connection.close()
        except OSError as error:
            status = type(error).__name__
        results.append((time.monotonic() - started, status))


def _load_process(port, queries, clients, first, start_at, stop_at, queue):
    import threading

    results = []
    threads = [threading.Thread(target=_client, args=(port, queries, start_at, stop_at, results, first + i))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def run_load(port, queries, clients, seconds, processes):
    """Run ``clients`` clients for ``seconds`` against ``port``; return the list of (latency, status)."""
    queue = multiprocessing.Queue()
    start_at = time.monotonic() + 1.0
    stop_at = start_at + seconds
    shares = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    workers, first = [], 0
    for share in shares:
        if share:
            workers.append(multiprocessing.Process(target=_load_process,
                                                   args=(port, queries, share, first, start_at, stop_at, queue)))
            first += share
    for worker in workers:
        worker.start()
    results = [pair for _ in workers for pair in queue.get()]
    for worker in workers:
        worker.join()
    return results, seconds


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def summarise(results, seconds):
    latencies = [latency for latency, status in results if status == 200]
    errors = len(results) - len(latencies)
    kinds = sorted({str(status) for _, status in results if status != 200})
    return {"kinds": ", ".join(kinds), "queries": len(results), "qps": len(latencies) / seconds, "p50": _percentile(latencies, 0.5),
            "p99": _percentile(latencies, 0.99), "errors": errors}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="16,64", help="client counts, comma-separated (default 16,64)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run (default 30)")
    parser.add_argument("--processes", type=int, default=4, help="load processes the clients are spread over (default 4)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "load.md")
    args = parser.parse_args()
    try:
        counts = [int(part) for part in args.clients.split(",")]
    except ValueError:
        parser.error(f"--clients: {args.clients!r} is not a list of numbers such as 16,64")
    if any(count < 1 for count in counts) or args.seconds <= 0 or args.processes < 1:
        parser.error("--clients, --seconds and --processes must be positive")
    if args.output.exists() and args.output.is_dir():
        parser.error(f"--output: {args.output} is a folder")

    import spacegraph
    from spacegraph.sparql.library import list_queries
    from spacegraph.sparql.server import oxigraph_command

    queries = [query.text for query in list_queries() if not query.params]
    kg = spacegraph.load()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "graph.nt"
        payload = kg.graph.serialize(format="ox-ntriples")
        data.write_bytes(payload.encode("utf-8") if isinstance(payload, str) else payload)
        program = oxigraph_command()
        subprocess.run([program, "load", "--location", f"{folder}/store", "--file", str(data)], check=True,
                       capture_output=True)
        raw_port, guard_port = _free_port(), _free_port()
        raw = subprocess.Popen([program, "serve-read-only", "--location", f"{folder}/store",
                                "--bind", f"127.0.0.1:{raw_port}", "--timeout-s", "10"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        guard = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(guard_port)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(raw_port, raw)
            _wait(guard_port, guard)
            time.sleep(5)  # the guard judges the named queries once, in the background, as it starts
            for count in counts:
                for name, port in (("raw oxigraph serve-read-only", raw_port), ("spacegraph serve", guard_port)):
                    summary = summarise(*run_load(port, queries, count, args.seconds, args.processes))
                    rows.append((count, name, summary))
                    print(f"{count:>3} clients  {name:<30} {summary['qps']:8.1f} q/s  p50 {summary['p50'] * 1000:7.1f} ms  "
                          f"p99 {summary['p99'] * 1000:7.1f} ms  errors {summary['errors']} {summary['kinds']}", flush=True)
            memory = {"raw oxigraph serve-read-only": _peak_memory(raw.pid), "spacegraph serve": _peak_memory(guard.pid)}
        finally:
            for process in (raw, guard):
                process.terminate()
                process.wait(10)
    lines = [
        "# Endpoint load",
        "",
        f"`python benchmarks/load.py --clients {args.clients} --seconds {args.seconds:g} --processes {args.processes}` "
        f"on {os.cpu_count()} cores: the project's graph ({len(kg):,} triples), the {len(queries)} named queries "
        "without parameters in turn, a new connection per query, both servers in the same run. "
        "Peak memory is the guard's alone for spacegraph (the engine behind it is a separate process).",
        "",
        "| clients | server | queries/s | p50 | p99 | errors | peak memory |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for count, name, summary in rows:
        lines.append(f"| {count} | {name} | {summary['qps']:.1f} | {summary['p50'] * 1000:.1f} ms | "
                     f"{summary['p99'] * 1000:.1f} ms | {summary['errors']} | {memory[name] / 1e6:.0f} MB |")
    lines += ["", "| clients | throughput, spacegraph ÷ raw | p99, spacegraph ÷ raw |", "|---:|---:|---:|"]
    for count in counts:
        raw_row, ours = [summary for c, _, summary in rows if c == count]
        lines.append(f"| {count} | {ours['qps'] / raw_row['qps']:.2f} | {ours['p99'] / raw_row['p99']:.2f} |")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.output.with_name(args.output.name + ".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
