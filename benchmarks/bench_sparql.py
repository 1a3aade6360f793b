"""SPARQL benchmark: spacegraph's engine beside rdflib's default store and raw pyoxigraph.

On a synthetic graph of N triples shaped like the real data (see
synthetic.py), it times in one run, for each engine:

* load: parse the ontology and the data;
* every named query of queries/, with its parameters, every row read;
* serialisation to Turtle.

spacegraph runs through its public API (``spacegraph.load``, ``kg.query``,
``kg.serialize``): rdflib on the Oxigraph store. rdflib's default store is the
reference users start from; raw pyoxigraph is the practical limit. Times are
medians of --runs runs (rdflib: --rdflib-runs). An rdflib step that passes
--reference-timeout seconds is cut and shown as "> N s"; one that fails shows
its error instead of stopping the run.

Usage: python benchmarks/bench_sparql.py [--triples 200000] [--runs 3] [--output FILE.md]
"""

import argparse
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import check_size, report  # noqa: E402
from synthetic import generate  # noqa: E402


class Cut(Exception):
    """A reference step ran past its time limit."""


def _alarm(signum, frame):
    raise Cut()


def timed(function, runs, limit=None):
    """Return the median seconds of ``runs`` calls, or None when a call passes ``limit`` seconds."""
    times = []
    for _ in range(runs):
        if limit:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        except Cut:
            return None
        except Exception as error:  # a reference that fails says so in the table
            if not limit:
                raise
            return f"error: {type(error).__name__}"
        finally:
            if limit:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return statistics.median(times)


def pick_parameters(kg):
    """Choose real parameter values from the synthetic graph: a hub, a neighbour, a word."""
    hub = kg.query("most-connected").rows[0].entity
    neighbour = next(row.other for row in kg.query("actor-profile", actor=str(hub)) if str(row.direction) in ("->", "<-"))
    return {"actor-profile": {"actor": hub}, "evidence": {"actor": hub, "other": neighbour}, "search": {"text": "station"}}


def run(triples, runs, rdflib_runs, limit, seed):
    import pyoxigraph as ox
    from rdflib import Graph, Literal, URIRef

    import spacegraph
    from spacegraph import paths
    from spacegraph.library import list_queries

    folder = Path(tempfile.mkdtemp(prefix="spacegraph-bench-"))
    data, _ = generate(triples, folder, seed=seed)
    ontology = paths.ontology_file()
    queries = list_queries()
    rows = []

    # spacegraph
    load_time = timed(lambda: spacegraph.load([data]), runs)
    kg = spacegraph.load([data])
    size = len(kg)
    params = pick_parameters(kg)
    engine = {"load": load_time}
    for q in queries:
        engine[q.name] = timed(lambda q=q: len(kg.query(q.name, **params.get(q.name, {}))), runs)
    engine["serialise Turtle"] = timed(lambda: kg.serialize("turtle"), runs)

    # raw pyoxigraph
    def ox_load():
        store = ox.Store()
        store.load(path=str(ontology), format=ox.RdfFormat.TURTLE)
        store.load(path=str(data), format=ox.RdfFormat.TURTLE)
        return store

    raw = {"load": timed(ox_load, runs)}
    store = ox_load()

    def ox_terms(values):
        return {ox.Variable(k): (ox.NamedNode(str(v)) if isinstance(v, URIRef) else ox.Literal(str(v))) for k, v in values.items()}

    def ox_query(q):
        answer = store.query(q.text, substitutions=ox_terms(params.get(q.name, {})))
        return sum(1 for solution in answer for _ in solution)

    for q in queries:
        raw[q.name] = timed(lambda q=q: ox_query(q), runs)
    raw["serialise Turtle"] = timed(lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()), runs)

    # rdflib default store
    def rdflib_load():
        graph = Graph()
        graph.parse(ontology, format="turtle")
        graph.parse(data, format="turtle")
        return graph

    reference = {"load": timed(rdflib_load, rdflib_runs, limit)}
    graph = rdflib_load()
    for q in queries:
        bindings = {k: (v if isinstance(v, URIRef) else Literal(str(v))) for k, v in params.get(q.name, {}).items()}
        reference[q.name] = timed(lambda q=q, b=bindings: len(list(graph.query(q.text, initBindings=b))), rdflib_runs, limit)
    reference["serialise Turtle"] = timed(lambda: graph.serialize(format="turtle"), rdflib_runs, limit)

    for step in ["load", *[q.name for q in queries], "serialise Turtle"]:
        rows.append((step, engine[step], reference[step], raw[step]))
    return size, rows


def _seconds(value, limit):
    if value is None:
        return f"> {limit:g} s"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def format_table(size, rows, limit, runs, rdflib_runs):
    lines = [f"SPARQL benchmark on a synthetic graph of {size:,} triples (medians of {runs} runs; rdflib: {rdflib_runs})", "",
             "| step | spacegraph | rdflib default store | raw pyoxigraph | rdflib / spacegraph | spacegraph / pyoxigraph |",
             "|---|---:|---:|---:|---:|---:|"]
    for step, ours, reference, raw in rows:
        if isinstance(reference, str):
            speedup = ""
        else:
            speedup = f"> {limit / ours:,.0f}×" if reference is None else f"{reference / ours:,.1f}×"
        ratio = "" if ours is None or raw is None else f"{ours / raw:.2f}"
        lines.append(f"| {step} | {_seconds(ours, limit)} | {_seconds(reference, limit)} | {_seconds(raw, limit)} | {speedup} | {ratio} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000, help="size of the synthetic graph (default 200000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per step for spacegraph and pyoxigraph (default 3)")
    parser.add_argument("--rdflib-runs", type=int, default=1, help="runs per step for rdflib (default 1)")
    parser.add_argument("--reference-timeout", type=float, default=30.0, help="seconds before an rdflib step is cut (default 30)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    check_size(parser, args.triples)
    if args.runs < 1 or args.rdflib_runs < 1:
        parser.error("--runs and --rdflib-runs must be at least 1")
    size, rows = run(args.triples, args.runs, args.rdflib_runs, args.reference_timeout, args.seed)
    table = format_table(size, rows, args.reference_timeout, args.runs, args.rdflib_runs)
    report(table, args.output)


if __name__ == "__main__":
    main()
