"""A cold command-line query on a built store, beside pyoxigraph alone on the same store.

Each run starts a new Python process, as a user's command does, and the two are
alternated so that the machine's slower and faster moments fall on both alike:

* ``spacegraph query NAME --data DATA --sources SOURCES --build BUILD`` (start to exit,
  the answer written as a table to a pipe);
* the reference: a new ``python`` process that imports pyoxigraph, opens the same store
  read-only, runs the same query text with the same prefixes and prints every row.

Prints the median of each, their ratio and the target (spacegraph within 1.5x).

Usage: python benchmarks/cold_query.py DATA SOURCES BUILD [--query ilrs-members] [--runs 5] [--format table]

For the synthetic graph of a million triples:
  python benchmarks/synthetic.py 1000000 /tmp/g1m
  spacegraph build /tmp/g1m/synthetic.ttl --sources /tmp/g1m/sources -o /tmp/g1m/build
  python benchmarks/cold_query.py /tmp/g1m/synthetic.ttl /tmp/g1m/sources /tmp/g1m/build
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = 1.5

RAW = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
answer = store.query(text, prefixes=dict(p.split("=", 1) for p in sys.argv[3:]))
out = sys.stdout
for solution in answer:
    out.write("\\t".join("" if term is None else str(term) for term in solution) + "\\n")
"""


def run(command, cwd=None):
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:3])}... failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    return elapsed, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("sources")
    parser.add_argument("build")
    parser.add_argument("--query", default="ilrs-members", help="named query without parameters (default ilrs-members)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", default="table", help="spacegraph's output format (default table)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    store = Path(os.path.realpath(Path(args.build) / "store"))
    if not (store / "CURRENT").is_file():
        parser.error(f"{args.build} holds no built store (no store at {store}): run spacegraph build first")

    from spacegraph.core.namespaces import PREFIXES
    from spacegraph.sparql.library import get_query

    query_file = get_query(args.query).path
    ours = ["spacegraph", "query", args.query, "--data", args.data, "--sources", args.sources, "--build", args.build,
            "--format", args.format]
    raw = [sys.executable, "-c", RAW, str(store), str(query_file), *(f"{p}={ns}" for p, ns in PREFIXES.items())]
    times = {"spacegraph": [], "pyoxigraph": []}
    rows = {}
    for _ in range(args.runs):
        for name, command in (("spacegraph", ours), ("pyoxigraph", raw)):
            elapsed, out = run(command)
            times[name].append(elapsed)
            rows[name] = out.count("\n")
    load = os.getloadavg()[0]
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["spacegraph"] / medians["pyoxigraph"]
    print(f"query {args.query}, {args.runs} runs each, alternated; load average {load:.2f}")
    for name, value in medians.items():
        print(f"  {name:<11} median {value:.3f} s  (min {min(times[name]):.3f}, max {max(times[name]):.3f}; "
              f"{rows[name]:,} lines out)")
    print(f"  ratio {ratio:.2f}; target <= {TARGET}: {'met' if ratio <= TARGET else 'not met'}")


if __name__ == "__main__":
    main()
