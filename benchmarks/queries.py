"""Time named queries on a synthetic graph: spacegraph's ``kg.query`` and raw pyoxigraph on the same text.

Writes (or reuses) the benchmark suite's synthetic graph of the given size (synthetic.py, seed 7),
loads it once with ``spacegraph.load``, picks the parameters as the suite does (a hub and one of its
neighbours), then runs each query --runs times in each engine, every row read, and prints a
Markdown table of the medians with the date and the load average before and after.

Usage: python benchmarks/queries.py [--size 1M] [--queries sources,evidence] [--runs 3] [--data-dir DIR]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import parse_size, pick_parameters, positive  # noqa: E402
from synthetic import generated_once  # noqa: E402

SEED = 7


def parse_names(text):
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one query name, e.g. sources,evidence")
    from spacegraph.sparql.library import list_queries

    known = {query.name for query in list_queries()}
    for name in names:
        if name not in known:
            raise argparse.ArgumentTypeError(f"unknown query {name!r}; the named queries are: {', '.join(sorted(known))}")
    return names


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=1_000_000, help="triples: 10k, 250000, 1M (default 1M)")
    parser.add_argument("--queries", type=parse_names, default=None,
                        help="comma-separated query names (default: every named query)")
    parser.add_argument("--runs", type=positive(int), default=3, help="runs per query and engine; the median is shown")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the synthetic graph is written, or reused if it is there "
                             "(default: a folder named after the size in the temporary folder)")
    args = parser.parse_args(argv)
    if args.data_dir is None:
        import tempfile

        args.data_dir = Path(tempfile.gettempdir()) / f"spacegraph-queries-{args.size}"
    if args.data_dir.exists() and not args.data_dir.is_dir():
        parser.error(f"--data-dir {args.data_dir} is a file, not a folder")
    return args


def seconds(value):
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main(argv=None):
    args = arguments(argv)
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    import spacegraph
    from spacegraph.sparql.library import get_query, list_queries

    data, _ = generated_once(args.size, args.data_dir, seed=SEED)
    names = args.queries or [query.name for query in list_queries()]
    kg = spacegraph.load([data], sources_dir=args.data_dir / "sources", build_dir=args.data_dir / "build")
    store = kg.source.store
    started = time.perf_counter()
    kg.source.ensure_derived()  # what `spacegraph build` computes once (most-connected and sources read it)
    derived = time.perf_counter() - started
    params = pick_parameters(kg) if {"evidence", "actor-profile", "search"} & set(names) else {}
    before = os.getloadavg()
    rows = []
    for name in names:
        given = params.get(name, {})
        bindings = {k: URIRef(v) if kind == "iri" else Literal(v) for k, (kind, v) in given.items()}
        terms = {ox.Variable(k): ox.NamedNode(v) if kind == "iri" else ox.Literal(v) for k, (kind, v) in given.items()}
        text = get_query(name).text

        def ours(name=name, bindings=bindings):
            return len(kg.query(name, **bindings))

        def raw(text=text, terms=terms):
            return sum(1 for _ in store.query(text, substitutions=terms))

        timings = {}
        for engine, step in (("spacegraph", ours), ("pyoxigraph", raw)):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                count = step()
                times.append(time.perf_counter() - start)
            timings[engine] = (statistics.median(times), times, count)
        rows.append((name, timings))
        print(f"{name}: spacegraph {[round(t, 3) for t in timings['spacegraph'][1]]} s, "
              f"pyoxigraph {[round(t, 3) for t in timings['pyoxigraph'][1]]} s", file=sys.stderr)
    after = os.getloadavg()
    print(f"{len(kg):,} triples (synthetic, seed {SEED}, {data}); {datetime.date.today().isoformat()}; "
          f"derived counts {'read from the built store' if kg.source.built else f'computed in {seconds(derived)}'}; "
          f"median of {args.runs} runs; load average (1, 5, 15 min) {', '.join(f'{x:.2f}' for x in before)} before, "
          f"{', '.join(f'{x:.2f}' for x in after)} after")
    if params:
        chosen = [f"{q}: " + ", ".join(f"{k}={v}" for k, (_, v) in p.items()) for q, p in params.items() if q in names]
        print(f"parameters: {'; '.join(chosen)}")
    print()
    print("| query | spacegraph | raw pyoxigraph | rows |")
    print("|---|---:|---:|---:|")
    for name, timings in rows:
        print(f"| {name} | {seconds(timings['spacegraph'][0])} | {seconds(timings['pyoxigraph'][0])} | "
              f"{timings['spacegraph'][2]:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
