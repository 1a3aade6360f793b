"""Hostile requests against `spacegraph serve`: what each gets, what it costs, and what others notice.

Usage: python benchmarks/hostile.py [--timeout 5] [--match TEXT ...] [--output benchmarks/results/hostile.md]

Serves the project's built store with ``--timeout`` seconds per query, then
sends each hostile request of the attack pass in turn. While it runs, a
second client sends a simple query (a COUNT over one class, a new text each
time, so that the guard judges each) every 50 ms.
Reported per case: the status, the seconds until the answer, the guard's
peak memory so far, the CPU the engine processes used in the second that
starts one second after the answer (the promise: under 0.2 s, so nothing
keeps working on a query once it is answered), and the slowest answer the
other client got meanwhile (the promise: under 1 s more than usual).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from spacegraph.core.local_http import free_port

ROOT = Path(__file__).resolve().parent.parent
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/spacegraph/ontology#State> }"

CASES = {
    "SERVICE after a comment ended by a bare CR": "SELECT * WHERE { ?s ?p ?o # x\rSERVICE <http://127.0.0.1:9/x> "
                                                  "{ ?a ?b ?c }\n} LIMIT 1",
    "5,000 brackets after a bare CR": "SELECT * WHERE { # x\r" + "{" * 5000 + " ?s ?p ?o " + "}" * 5000 + "}",
    "5,000 MINUS blocks": "SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 5000 + "}",
    "5,000 BINDs": "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(5000)) + " }",
    "a UNION of 4,000 branches": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 4000) + " }",
    "a property path of 1,000 steps": "SELECT * WHERE { ?s " + "/".join(["<http://e/p>"] * 1000) + " ?o }",
    "a sum of 10,000 terms": "SELECT (" + "+".join(["1"] * 10000) + " AS ?x) WHERE {}",
    "a 200 KB || chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?o = 1"] * 20000) + ") }",
    "a sorted cross product (planning never ends)": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1",
    "an endless cross product, streamed": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "a 600-pattern join of unknown terms": "SELECT * WHERE { " + " ".join(f"?s <http://e/p{i}> ?o ." for i in range(600)) + " }",
}


def _many(texts):
    """A case of several requests at once: the statuses, joined."""

    def send(port):
        statuses = [None] * len(texts)

        def one(index):
            statuses[index] = _post(port, texts[index])

        threads = [threading.Thread(target=one, args=(index,)) for index in range(len(texts))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return "/".join(sorted({str(status) for status in statuses}))

    return send


def _in_turn(texts):
    def send(port):
        return "/".join(sorted({str(_post(port, text)) for text in texts}))

    return send


#: Cases of many requests: the parser's most expensive queries within the bounds, sent at once (each
#: distinct, so none is answered from memory), and distinct 900 KB texts the guard refuses.
CASES["16 sums of 119 terms at once (within bounds)"] = _many(
    [f"SELECT ({'+'.join([str(n)] * 119)} AS ?x) WHERE {{}}" for n in range(16)])
CASES["200 distinct 900 KB texts, refused"] = _in_turn(
    [f"SELECT * WHERE {{ ?s ?p '{n}" + "x" * 900_000 + "' ) }" for n in range(200)])
CASES["50 distinct 250 KB texts the parser reads, refused"] = _in_turn(
    [f"SELECT * WHERE {{ ?s ?p '{n}" + "x" * 250_000 + "' ) }" for n in range(50)])


def _post(port, text, timeout=120):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def _children(pid):
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _cpu(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) * 1024
    return 0


class _Bystander(threading.Thread):
    """Another client: a simple query every 50 ms; remembers the slowest answer of each window."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.slowest, self.failures, self.stopped, self.sent = port, 0.0, 0, False, 0

    def window(self):
        slowest, failures = self.slowest, self.failures
        self.slowest, self.failures = 0.0, 0
        return slowest, failures

    def run(self):
        while not self.stopped:
            started = time.monotonic()
            self.sent += 1  # each text distinct, so that none is answered from the guard's memory of verdicts
            status = _post(self.port, f"{SIMPLE} # {self.sent}", timeout=60)
            self.slowest = max(self.slowest, time.monotonic() - started)
            self.failures += status != 200
            time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="the endpoint's query time limit (default 5)")
    parser.add_argument("--match", action="append", metavar="TEXT",
                        help="only the cases whose name holds TEXT (repeatable; default: every case)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "hostile.md")
    args = parser.parse_args()
    if args.timeout < 1:
        parser.error("--timeout must be at least 1")
    cases = {name: text for name, text in CASES.items() if not args.match or any(part in name for part in args.match)}
    if not cases:
        parser.error(f"--match: no case's name holds {' or '.join(map(repr, args.match))}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "spacegraph.cli", "build", "--output", folder], check=True, capture_output=True)
        port = free_port()
        guard = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--build", folder, "--port", str(port),
                                  "--timeout", f"{args.timeout:g}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not (_alive(port) and _post(port, "ASK {}", timeout=5) == 200):
                if time.monotonic() > deadline or guard.poll() is not None:
                    sys.exit("spacegraph serve did not start")
                time.sleep(0.1)
            time.sleep(3)
            bystander = _Bystander(port)
            bystander.start()
            time.sleep(1)
            usual, _ = bystander.window()
            for name, text in cases.items():
                bystander.window()
                started = time.monotonic()
                status = text(port) if callable(text) else _post(port, text)
                answered = time.monotonic() - started
                time.sleep(1)
                host = _children(guard.pid)[0]
                engines = _children(host)
                before = sum(_cpu(pid) for pid in engines)
                time.sleep(1)
                after = sum(_cpu(pid) for pid in engines)
                slowest, failures = bystander.window()
                rows.append((name, status, answered, _peak(guard.pid), after - before, slowest, failures))
                print(f"{name:<46} {status:>7}  {answered:6.2f} s  guard {_peak(guard.pid) / 1e6:5.0f} MB  "
                      f"engine CPU after {after - before:4.2f} s  other client's slowest {slowest:5.2f} s "
                      f"({failures} failed)", flush=True)
            bystander.stopped = True
        finally:
            guard.terminate()
            guard.wait(10)
    lines = ["# Hostile requests", "",
             f"`python benchmarks/hostile.py --timeout {args.timeout:g}` on {os.cpu_count()} cores: `spacegraph serve` on the "
             "project's built store. A second client sends a simple query every 50 ms throughout; its usual answer "
             f"takes {usual * 1000:.0f} ms at most.", "",
             "| request | status | answered in | guard peak memory | engine CPU in the 2nd second after | "
             "other client's slowest answer | its failures |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, status, answered, peak, cpu, slowest, failures in rows:
        shown = name.replace("|", "\\|")  # a pipe in a name would end its cell
        lines.append(f"| {shown} | {status} | {answered:.2f} s | {peak / 1e6:.0f} MB | {cpu:.2f} s | {slowest:.2f} s | "
                     f"{failures} |")
    from spacegraph.core._io import write_files

    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_files({args.output: "\n".join(lines) + "\n"})
    print(f"wrote {args.output}")


def _alive(port):
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
