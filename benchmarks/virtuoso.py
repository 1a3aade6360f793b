"""The Virtuoso column of the benchmark suite: load, every named query and to_networkx on a private Virtuoso 7.

Writes (or reuses) the suite's synthetic graph of the given size (synthetic.py, seed 7), loads it
with ``spacegraph.load``, computes the derived counts (as ``spacegraph build`` does), starts a
private Virtuoso (``virtuoso-t``) with its database in a temporary folder, and times:

- the upload: ``push_knowledge_graph`` to ``/sparql-graph-crud-auth`` (user dba); when one PUT of
  the whole graph fails (too large, cut), the output says so and Virtuoso's bulk loader
  (``isql-vt``, ``ld_dir`` and ``rdf_loader_run``) is timed instead;
- each named query through ``RemoteEndpoint`` and ``run_query``, with the suite's parameters
  (median of --runs; a query over 10 s runs once; one cut at --timeout shows as "> N s");
- ``RemoteEndpoint(url).to_networkx()`` (edges, seconds, edges/s).

Prints a Markdown table with the date, the triples and the load average before and after, and
writes it to benchmarks/results/virtuoso.md (or --output). Virtuoso is stopped and its folder
deleted at the end, also on errors and Ctrl-C.

Usage: python benchmarks/virtuoso.py [--size 1M] [--runs 3] [--timeout 60] [--data-dir DIR] [--output FILE]
"""

import argparse
import contextlib
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import parse_size, pick_parameters, positive  # noqa: E402
from synthetic import generated_once  # noqa: E402
from virtuoso_server import LARGE, PrivateVirtuoso  # noqa: E402

from spacegraph.core._io import write_files  # noqa: E402

SEED = 7
REPEAT_UNDER = 10.0  # seconds: a slower query runs once
GRAPH = "https://w3id.org/spacegraph/graph"


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=1_000_000, help="triples: 10k, 250000, 1M (default 1M)")
    parser.add_argument("--runs", type=positive(int), default=3, help="runs per query; the median is shown")
    parser.add_argument("--timeout", type=positive(float), default=60.0,
                        help="seconds before a query or the projection is cut (default 60)")
    parser.add_argument("--load-timeout", type=positive(float), default=1800.0,
                        help="seconds for the upload of each graph (default 1800)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the synthetic graph is written, or reused if it is there "
                             "(default: a folder named after the size in the temporary folder)")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "virtuoso.md",
                        help="where the Markdown table is written (default benchmarks/results/virtuoso.md)")
    args = parser.parse_args(argv)
    if not shutil.which("virtuoso-t"):
        parser.error("virtuoso-t not found: install it with "
                     "`DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource` (Debian/Ubuntu)")
    if args.data_dir is None:
        args.data_dir = Path(tempfile.gettempdir()) / f"spacegraph-queries-{args.size}"
    if args.data_dir.exists() and not args.data_dir.is_dir():
        parser.error(f"--data-dir {args.data_dir} is a file, not a folder")
    if args.output.is_dir():
        parser.error(f"--output {args.output} is a folder, not a file")
    return args


def seconds(value):
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def why(error, url):
    """The first line of an error, the endpoint's URL left out, cut to 160 characters, pipes escaped."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text.replace(url, "the endpoint")[:160].replace("|", "\\|")


def bulk_load(server, kg, timeout):
    """Load the graph and its derived counts with Virtuoso's bulk loader; return (triples, derived triples)."""
    from spacegraph.core.derived import DERIVED_GRAPH, derived_graph_of

    counts = []
    for name, graph in (("spacegraph.nt", kg.graph), ("spacegraph-derived.nt", derived_graph_of(kg.source.store))):
        payload = graph.serialize(format="ox-ntriples")
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        (server.folder / name).write_bytes(data)
        counts.append(data.count(b"\n"))
    server.isql("\n".join([
        f"SPARQL CLEAR GRAPH <{GRAPH}>;",
        f"SPARQL CLEAR GRAPH <{DERIVED_GRAPH}>;",
        f"ld_dir('{server.folder}', 'spacegraph.nt', '{GRAPH}');",
        f"ld_dir('{server.folder}', 'spacegraph-derived.nt', '{DERIVED_GRAPH}');",
        "rdf_loader_run();",
        "checkpoint;",
        "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;",
        "",
    ]), timeout)
    return tuple(counts)


def main(argv=None):
    args = arguments(argv)
    from rdflib import Literal, URIRef

    import spacegraph
    from spacegraph.core.derived import DERIVED_GRAPH
    from spacegraph.errors import QueryTimeout
    from spacegraph.graph.remote import RemoteEndpoint, push_knowledge_graph
    from spacegraph.sparql.library import list_queries
    from spacegraph.sparql.query import run_query

    data, _ = generated_once(args.size, args.data_dir, seed=SEED)
    before = os.getloadavg()
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    started = time.perf_counter()
    kg = spacegraph.load([data], sources_dir=args.data_dir / "sources", use_store=False)
    loaded = time.perf_counter() - started
    print(f"spacegraph.load: {len(kg):,} triples in {seconds(loaded)}", file=sys.stderr)
    started = time.perf_counter()
    kg.source.ensure_derived()  # what `spacegraph build` computes once
    derived = time.perf_counter() - started
    print(f"derived counts: {seconds(derived)}", file=sys.stderr)
    params = pick_parameters(kg)
    rows = [("spacegraph.load (local)", seconds(loaded), f"{len(kg):,} triples"),
            ("derived counts (kg.source.ensure_derived, local)", seconds(derived), "")]
    notes = []
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(PrivateVirtuoso(settings=LARGE))
        push_url = server.base + "/sparql-graph-crud-auth"
        started = time.perf_counter()
        try:
            sent, extra = push_knowledge_graph(kg, push_url, graph_iri=GRAPH, user="dba", password="dba",
                                               timeout=args.load_timeout)
            pushed = time.perf_counter() - started
            rows.append(("load: push_knowledge_graph (one PUT per graph)", seconds(pushed),
                         f"{sent:,} + {extra:,} derived triples"))
            print(f"push: {seconds(pushed)}", file=sys.stderr)
        except Exception as error:  # noqa: BLE001 - any failure of the PUT sends us to the bulk loader
            failed = time.perf_counter() - started
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            notes.append(f"push_knowledge_graph failed after {seconds(failed)}: {first}; "
                         "the bulk loader (isql-vt, ld_dir, rdf_loader_run) was timed instead, "
                         "on a fresh Virtuoso")
            print(notes[-1], file=sys.stderr)
            rows.append(("load: push_knowledge_graph (one PUT per graph)", f"failed after {seconds(failed)}", ""))
            # a fresh database: a cut PUT may leave Virtuoso holding its locks
            stack.close()
            server = stack.enter_context(PrivateVirtuoso(settings=LARGE))
            started = time.perf_counter()
            sent, extra = bulk_load(server, kg, args.load_timeout)
            bulk = time.perf_counter() - started
            rows.append(("load: bulk loader (ld_dir, rdf_loader_run, checkpoint)", seconds(bulk),
                         f"{sent:,} + {extra:,} derived triples"))
        query_url = (f"{server.base}/sparql?default-graph-uri={urllib.parse.quote(GRAPH, safe='')}"
                     f"&named-graph-uri={urllib.parse.quote(DERIVED_GRAPH, safe='')}")
        held = int(RemoteEndpoint(server.base + "/sparql", timeout=args.timeout).run(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}").rows[0].n)
        print(f"Virtuoso holds {held:,} triples in {GRAPH}", file=sys.stderr)
        endpoint = RemoteEndpoint(query_url, timeout=args.timeout)
        for query in list_queries():
            given = params.get(query.name, {})
            bindings = {k: URIRef(v) if kind == "iri" else Literal(v) for k, (kind, v) in given.items()}
            times, cell, count = [], None, ""
            for _ in range(args.runs):
                start = time.perf_counter()
                try:
                    count = len(run_query(endpoint, query.name, bindings, timeout=args.timeout))
                except QueryTimeout:
                    cell = f"> {args.timeout:g} s"
                    break
                except Exception as error:  # noqa: BLE001 - the table says which query failed and why
                    cell = f"failed: {why(error, query_url)}"
                    break
                times.append(time.perf_counter() - start)
                if times[-1] > REPEAT_UNDER:
                    break
            if cell is None:
                cell = seconds(statistics.median(times))
                count = f"{count:,} rows"
            rows.append((f"query {query.name}", cell, count))
            print(f"{query.name}: {cell} {[round(t, 3) for t in times]}", file=sys.stderr)
        start = time.perf_counter()
        try:
            network = RemoteEndpoint(query_url, timeout=args.timeout).to_networkx()
            took = time.perf_counter() - start
            edges = network.number_of_edges()
            rows.append(("to_networkx (RemoteEndpoint)", seconds(took), f"{edges:,} edges, {edges / took:,.0f} edges/s"))
        except QueryTimeout:
            rows.append(("to_networkx (RemoteEndpoint)", f"> {args.timeout:g} s", ""))
        except Exception as error:  # noqa: BLE001
            rows.append(("to_networkx (RemoteEndpoint)", f"failed: {why(error, query_url)}", ""))
        print(f"to_networkx: {rows[-1][1]} {rows[-1][2]}", file=sys.stderr)
        version = server.log.read_text(errors="replace")
    after = os.getloadavg()
    line = next((text.strip() for text in version.splitlines() if "Version" in text), "Virtuoso 7")
    chosen = "; ".join(f"{q}: " + ", ".join(f"{k}={v}" for k, (_, v) in p.items()) for q, p in params.items())
    lines = [
        f"# Virtuoso: {len(kg):,} triples",
        "",
        f"{len(kg):,} triples (synthetic, seed {SEED}, {data}); {today}; {line}; "
        f"median of {args.runs} runs (a query over {REPEAT_UNDER:g} s runs once; cut at {args.timeout:g} s); "
        f"load average (1, 5, 15 min) {', '.join(f'{x:.2f}' for x in before)} before, "
        f"{', '.join(f'{x:.2f}' for x in after)} after; {os.cpu_count()} cores.",
        "",
        f"Parameters: {chosen}. Virtuoso holds {held:,} triples in <{GRAPH}> after the load.",
        "",
        *(f"Note: {note}." for note in notes),
        *([""] if notes else []),
        "| step | Virtuoso | rows/edges |",
        "|---|---:|---:|",
        *(f"| {step} | {cell} | {count} |" for step, cell, count in rows),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_files({args.output: text})
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: Virtuoso stopped and its folder deleted", file=sys.stderr)
        sys.exit(130)
