"""Time of each format a query's answer is written in, for an answer of N rows: the fastest of R runs.

Usage: python benchmarks/result_writers.py [--rows 100000] [--runs 3]

The answer holds, per row, an IRI, an English label and an integer, as the named queries' answers do.
Every format of spacegraph.core.formats.QUERY is written; the table goes to stdout.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rdflib import Literal, URIRef  # noqa: E402

from spacegraph.core.formats import QUERY  # noqa: E402
from spacegraph.sparql.results import QueryResult, row_type  # noqa: E402


def answer(rows):
    """A QueryResult of ``rows`` rows: ``?actor ?actorLabel ?n``."""
    names = ("actor", "actorLabel", "n")
    make = row_type(names)._make
    return QueryResult(list(names), [make((URIRef(f"https://w3id.org/spacegraph/id/actor-{i}"),
                                            Literal(f"Actor number {i}", lang="en"), Literal(i))) for i in range(rows)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the answer [default: 100000]")
    parser.add_argument("--runs", type=int, default=3, help="runs of each format; the fastest counts [default: 3]")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.runs < 1:
        parser.error("--rows and --runs must be at least 1")
    result = answer(args.rows)
    print(f"| format | seconds for {args.rows:,} rows | size |")
    print("|---|---:|---:|")
    for fmt in QUERY:
        best, size = None, 0
        for _ in range(args.runs):
            started = time.perf_counter()
            size = len(result.serialize(fmt, width=100))
            took = time.perf_counter() - started
            best = took if best is None else min(best, took)
        print(f"| {fmt} | {best:.2f} | {size / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
