"""The benchmark suite: spacegraph beside rdflib's default store and raw pyoxigraph, from 10k to 1M triples.

For each size it writes a synthetic graph shaped like the real data
(synthetic.py: same classes and predicates, skewed degrees, a quote on every
statement), then times, in one run, each engine in its own process:

===============  ==========================  ==========================  ============================
step             spacegraph                  rdflib default store        raw pyoxigraph
===============  ==========================  ==========================  ============================
load             ``spacegraph.load``         ``Graph().parse``           ``Store().load``
validate         ``kg.validate()`` (all 7    pySHACL on the graph        n/a
                 checks, SHACL in shards)
query NAME       ``kg.query(NAME, ...)``     ``graph.query(text, ...)``  ``store.query(text, ...)``
to_networkx      ``kg.to_networkx()``        ``rdflib_to_networkx_       every IRI-to-IRI triple
                 (quoted, folded edges)      multidigraph`` (bare)       into a MultiDiGraph (bare)
centrality       the full centrality table   n/a                         n/a
render           the explorer page           n/a                         n/a
export N-Tr.     ``kg.serialize("nt")``      ``graph.serialize("nt")``   ``store.dump(N-Triples)``
export GraphML   ``export_graph(G, ...)``    n/a                         n/a
===============  ==========================  ==========================  ============================

Times are medians of --runs runs; a step that takes longer than 10 s runs
once. A reference query cut at --timeout seconds (any other reference step:
--step-timeout) shows as "> N s", one that
fails shows its error, and an engine that runs out of its --memory-limit, or
dies, says so in the table: the suite goes on. Each engine's peak memory
(maximum resident set) is recorded.

Writes benchmarks/results/suite.md and suite.csv (or --output-dir).

With --built-store, spacegraph's engine also writes the store ``spacegraph build`` would write
(untimed) and times ``to_networkx`` on the graph opened from it, which reads the network file
beside the store; the to_networkx target is then checked on that step.

Usage: python benchmarks/run.py [--sizes 10k,100k,1M] [--runs 3] [--timeout 30] [--step-timeout 300] [--memory-limit 16G]
       [--built-store]
       python benchmarks/run.py --size 10M [--data-dir DIR] ...: one large size, generated once on disk, built, and read
       from its store beside raw pyoxigraph (benchmarks/scale.py)
"""

import argparse
import csv
import io
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

ENGINES = ("spacegraph", "rdflib", "pyoxigraph")
ENGINE_TITLES = {"spacegraph": "spacegraph", "rdflib": "rdflib default store", "pyoxigraph": "raw pyoxigraph"}
REPEAT_UNDER = 10.0  # seconds: a slower step runs once
SIZE_LIMITS = (1_000, 20_000_000)
TARGETS = ("Targets at 1M triples: load ≥ 10× faster than rdflib and ≤ 1.5× raw pyoxigraph; every named query ≤ 2× raw pyoxigraph; "
           "to_networkx ≥ 200,000 edges/s; peak memory < 4 GB.")


# ---------------------------------------------------------------- arguments

def parse_size(text):
    """``10k``, ``1M``, ``250000`` -> an int; a clear error otherwise."""
    value = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(value[-1:], 1)
    number = value[:-1] if scale > 1 else value
    try:
        size = int(float(number) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: write 10000, 10k or 1M") from None
    low, high = SIZE_LIMITS
    if not low <= size <= high:
        raise argparse.ArgumentTypeError(f"size {text!r} is out of range: from {low:,} to {high:,} triples")
    return size


def parse_sizes(text):
    sizes = [parse_size(part) for part in text.split(",") if part.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("give at least one size, e.g. 10k,100k,1M")
    return sizes


def parse_memory(text):
    value = text.strip().upper()
    scale = {"G": 1 << 30, "M": 1 << 20}.get(value[-1:], None)
    try:
        if scale is None:
            raise ValueError
        amount = int(float(value[:-1]) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a memory size: write 8G or 4096M") from None
    if amount < 256 << 20:
        raise argparse.ArgumentTypeError(f"memory limit {text!r} is too small: at least 256M")
    return amount


def positive(kind):
    def check(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
        return value
    return check


def output_folder(text):
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a file, not a folder")
    return path


# ---------------------------------------------------------------- one engine, in its own process

class Cut(Exception):
    """A step ran past its time limit."""


_armed = False  # the alarm raises Cut only while a timed call runs


def _alarm(signum, frame):
    if _armed:
        raise Cut()


def measure(function, runs, limit):
    """Median seconds of up to ``runs`` calls (a call over REPEAT_UNDER s is not repeated).

    Returns ``(seconds or None, runs done, status, value of the last call)``; status is
    "ok", "timeout" or "error: ..." (then seconds is None).
    """
    global _armed
    times, value = [], None
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(runs):
        try:
            if limit:
                _armed = True
                signal.setitimer(signal.ITIMER_REAL, limit)
            started = time.perf_counter()
            value = function()
            times.append(time.perf_counter() - started)
        except Cut:
            return None, len(times), "timeout", None
        except MemoryError:
            return None, len(times), "error: out of memory", None
        except Exception as error:  # a failing step says so in the table
            first = str(error).splitlines()[0][:80] if str(error) else ""
            return None, len(times), f"error: {type(error).__name__}: {first}", None
        finally:
            _armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        if times[-1] > REPEAT_UNDER:
            break
    return statistics.median(times), len(times), "ok", value


class Recorder:
    """Writes one JSON line per step, so that what was measured survives a crash."""

    def __init__(self, path, runs, query_limit, step_limit):
        self.file = open(path, "a", encoding="utf-8")
        self.runs, self.query_limit, self.step_limit = runs, query_limit, step_limit

    def step(self, name, function, *, runs=None, note=None):
        limit = self.query_limit if name.startswith("query ") else self.step_limit
        seconds, done, status, value = measure(function, runs or self.runs, limit)
        record = {"step": name, "seconds": seconds, "runs": done, "status": status}
        if status == "timeout":
            record["limit"] = limit
        if note and status == "ok":
            record.update(note(value))
        self.write(record)
        return value

    def write(self, record):
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()


def pick_parameters(kg):
    """Real parameter values from the synthetic graph: a hub, one of its neighbours, a word."""
    hub = kg.query("most-connected").rows[0].entity
    neighbour = next(row.other for row in kg.query("actor-profile", actor=str(hub)) if str(row.direction) in ("->", "<-"))
    return {"actor-profile": {"actor": ["iri", str(hub)]},
            "evidence": {"actor": ["iri", str(hub)], "other": ["iri", str(neighbour)]},
            "search": {"text": ["literal", "station"]}}


def run_spacegraph(data, sources, out, recorder, workdir, built_store=False):
    import spacegraph
    from spacegraph.explorer.render import explorer_html
    from spacegraph.network.centrality import centrality_table
    from spacegraph.network.export import export_graph
    from spacegraph.sparql.library import list_queries

    warm = spacegraph.load()  # imports, parser and SPARQL engine warmed on the real data, untimed
    warm.query("claims")
    warm.to_networkx()
    kg = recorder.step("load", lambda: spacegraph.load([data], sources_dir=sources),
                       note=lambda kg: {"triples": len(kg)})
    if kg is None:
        return
    params = pick_parameters(kg)
    recorder.write({"parameters": params})
    recorder.step("validate", lambda: kg.validate(), runs=1, note=lambda report: {"problems": len(report.problems)})
    from rdflib import Literal, URIRef

    for query in list_queries():
        bindings = {k: URIRef(v) if kind == "iri" else Literal(v) for k, (kind, v) in params.get(query.name, {}).items()}
        recorder.step(f"query {query.name}", lambda q=query, b=bindings: len(kg.query(q.name, **b)),
                      note=lambda rows: {"rows": rows})
    G = recorder.step("to_networkx", kg.to_networkx,
                      note=lambda G: {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()})
    if built_store:  # the store and network file `spacegraph build` writes (untimed, not validated again), opened as a user does
        from spacegraph.workflows.build import write_built_store

        write_built_store(kg, workdir / "build")
        built = spacegraph.load([data], sources_dir=sources, build_dir=workdir / "build")
        recorder.step("to_networkx (built store)", built.to_networkx,
                      note=lambda G: {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()})
    recorder.step("centrality table", lambda: centrality_table(G), runs=1)
    recorder.step("render explorer", lambda: len(explorer_html(G, kg=kg)), note=lambda size: {"bytes": size})
    recorder.step("export N-Triples", lambda: len(kg.serialize("nt")))
    recorder.step("export GraphML", lambda: export_graph(G, workdir / "network.graphml", "graphml"))


def run_rdflib(data, out, recorder, params):
    from rdflib import Graph, Literal, URIRef

    from spacegraph.core import paths
    from spacegraph.sparql.library import list_queries

    def load():
        graph = Graph()
        graph.parse(paths.ontology_file(), format="turtle")
        graph.parse(data, format="turtle")
        return graph

    Graph().parse(paths.ontology_file(), format="turtle").query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # warm-up
    graph = recorder.step("load", load, note=lambda g: {"triples": len(g)})
    if graph is None:
        return

    def shacl():
        import pyshacl

        shapes = Graph().parse(paths.shapes_file(), format="turtle")
        return pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, inplace=True)[0]

    recorder.step("validate", shacl, runs=1)
    for query in list_queries():
        bindings = {k: URIRef(v) if kind == "iri" else Literal(v) for k, (kind, v) in params.get(query.name, {}).items()}
        recorder.step(f"query {query.name}", lambda q=query, b=bindings: len(list(graph.query(q.text, initBindings=b))),
                      note=lambda rows: {"rows": rows})

    def projection():
        from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

        return rdflib_to_networkx_multidigraph(graph)

    recorder.step("to_networkx", projection, note=lambda G: {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()})
    recorder.step("export N-Triples", lambda: len(graph.serialize(format="nt")))


def run_pyoxigraph(data, out, recorder, params):
    import pyoxigraph as ox

    from spacegraph.core import paths
    from spacegraph.sparql.library import list_queries

    def load():
        store = ox.Store()
        store.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
        store.load(path=str(data), format=ox.RdfFormat.TURTLE)
        return store

    import networkx  # noqa: F401  (imported before timing, as in the other engines)

    store = recorder.step("load", load, note=lambda s: {"triples": len(s)})
    if store is None:
        return
    for query in list_queries():
        terms = {ox.Variable(k): ox.NamedNode(v) if kind == "iri" else ox.Literal(v)
                 for k, (kind, v) in params.get(query.name, {}).items()}

        def answer(q=query, t=terms):
            return sum(1 for solution in store.query(q.text, substitutions=t) for _ in solution)

        recorder.step(f"query {query.name}", answer)

    def projection():
        import networkx as nx

        G = nx.MultiDiGraph()
        named = ox.NamedNode
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            if type(quad.subject) is named and type(quad.object) is named:
                G.add_edge(quad.subject.value, quad.object.value, key=quad.predicate.value)
        return G

    recorder.step("to_networkx", projection, note=lambda G: {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()})
    recorder.step("export N-Triples", lambda: len(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())))


def engine_main(args):
    """Entry point of one engine's process (``--engine``)."""
    reference = args.engine != "spacegraph"  # spacegraph is never cut
    recorder = Recorder(args.record, args.runs, args.timeout if reference else None,
                        args.step_timeout if reference else None)
    params = json.loads(args.parameters) if args.parameters else {}
    workdir = Path(args.record).parent
    if args.engine == "spacegraph":
        run_spacegraph(args.data, args.sources, args.record, recorder, workdir, built_store=args.built_store)
    elif args.engine == "rdflib":
        run_rdflib(args.data, args.record, recorder, params)
    else:
        run_pyoxigraph(args.data, args.record, recorder, params)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # SHACL worker processes
    recorder.write({"peak_memory": peak, "peak_worker_memory": workers})


# ---------------------------------------------------------------- the suite

def run_engine(engine, data, sources, workdir, args, params):
    """Run one engine in a child process under the memory limit; return its records and how it ended."""
    record = workdir / f"{engine}.jsonl"
    record.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--engine", engine, "--data", str(data), "--sources", str(sources),
               "--record", str(record), "--runs", str(args.runs), "--timeout", str(args.timeout),
               "--step-timeout", str(args.step_timeout),
               "--parameters", json.dumps(params)] + (["--built-store"] if args.built_store else [])
    limit = args.memory_limit

    def guard():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    try:
        finished = subprocess.run(command, preexec_fn=guard, capture_output=True, text=True, timeout=args.engine_timeout)
        ended = "ok" if finished.returncode == 0 else _death(finished, limit)
    except subprocess.TimeoutExpired:
        ended = f"stopped after {args.engine_timeout:g} s"
    records = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()] if record.exists() else []
    print(f"  {engine}: {time.perf_counter() - started:.0f} s, {ended}", file=sys.stderr, flush=True)
    return records, ended


def _death(finished, limit):
    text = finished.stderr or ""
    if "MemoryError" in text or "memory allocation" in text or "out of memory" in text.lower() or finished.returncode in (-6, -9):
        return f"out of memory (limit {limit / (1 << 30):g} GB)"
    last = text.strip().splitlines()[-1] if text.strip() else f"exit code {finished.returncode}"
    return f"failed: {last[:100]}"


def run_size(size, args, base):
    folder = base / f"{size}"
    data, _ = generate(size, folder, seed=args.seed)
    sources = folder / "sources"
    print(f"{size:,} triples: {data}", file=sys.stderr, flush=True)
    results = {}
    records, ended = run_engine("spacegraph", data, sources, folder, args, {})
    results["spacegraph"] = (records, ended)
    params = next((r["parameters"] for r in records if "parameters" in r), {})
    for engine in ("rdflib", "pyoxigraph"):
        results[engine] = run_engine(engine, data, sources, folder, args, params)
    return results


def step_names(results):
    names = []
    for records, _ in results.values():
        for record in records:
            if "step" in record and record["step"] not in names:
                names.append(record["step"])
    return names


def _seconds(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _cell(record, ended, timeout, load_failed=False):
    if record is None:
        if load_failed:
            return "not run: load failed"
        return "n/a" if ended == "ok" else ended
    if record["status"] == "timeout":
        return f"> {record['limit']:g} s"
    if record["status"] != "ok":
        return record["status"]
    return _seconds(record["seconds"])


def _ratio(numerator, denominator, timeout):
    a = numerator and numerator.get("seconds")
    b = denominator and denominator.get("seconds")
    if a and b:
        return f"{a / b:.2f}"
    if denominator and denominator.get("status") == "timeout" and numerator is None:
        return ""
    return ""


def rows_for(size, results, timeout):
    """Rows of the long table: one per size, step and engine."""
    rows = []
    for engine, (records, ended) in results.items():
        for record in records:
            if "step" in record:
                rows.append({"triples": size, "step": record["step"], "engine": engine,
                             "median_s": "" if record["seconds"] is None else f"{record['seconds']:.6f}",
                             "runs": record["runs"], "status": record["status"],
                             "detail": json.dumps({k: v for k, v in record.items()
                                                   if k not in ("step", "seconds", "runs", "status")})})
            elif "peak_memory" in record:
                rows.append({"triples": size, "step": "peak memory", "engine": engine, "median_s": "", "runs": "",
                             "status": "ok", "detail": json.dumps({"bytes": record["peak_memory"]})})
        if ended != "ok":
            rows.append({"triples": size, "step": "process", "engine": engine, "median_s": "", "runs": "",
                         "status": ended, "detail": "{}"})
    return rows


def markdown_for(size, results, timeout):
    by_engine = {engine: {r["step"]: r for r in records if "step" in r} for engine, (records, _) in results.items()}
    ended = {engine: e for engine, (_, e) in results.items()}
    peaks = {engine: next((r["peak_memory"] for r in records if "peak_memory" in r), None)
             for engine, (records, _) in results.items()}
    ours = by_engine["spacegraph"]
    triples = ours.get("load", {}).get("triples", size)
    lines = [f"### {triples:,} triples", "",
             "| step | spacegraph | rdflib default store | raw pyoxigraph | rdflib ÷ spacegraph | spacegraph ÷ pyoxigraph |",
             "|---|---:|---:|---:|---:|---:|"]
    load_failed = {engine: (by_engine[engine].get("load") or {}).get("status", "ok") != "ok" for engine in ENGINES}
    for step in step_names(results):
        mine, theirs, raw = ours.get(step), by_engine["rdflib"].get(step), by_engine["pyoxigraph"].get(step)
        speedup = _ratio(theirs, mine, timeout)
        if not speedup and theirs and theirs["status"] == "timeout" and mine and mine.get("seconds"):
            bound = theirs["limit"] / mine["seconds"]
            speedup = f"> {bound:,.0f}" if bound >= 1 else ""
        cells = [_cell(record, ended[engine], timeout, load_failed[engine])
                 for engine, record in zip(ENGINES, (mine, theirs, raw), strict=True)]
        lines.append(f"| {step} | {cells[0]} | {cells[1]} | {cells[2]} | {speedup} | {_ratio(mine, raw, timeout)} |")
    memory = [f"{peaks[e] / (1 << 30):.2f} GB" if peaks[e] else ended[e] for e in ENGINES]
    lines.append(f"| peak memory (resident) | {memory[0]} | {memory[1]} | {memory[2]} | | |")
    worker_peak = next((r.get("peak_worker_memory") for r in results["spacegraph"][0] if "peak_memory" in r), None)
    notes = []
    if worker_peak:
        notes.append(f"spacegraph's SHACL worker processes peaked at {worker_peak / (1 << 30):.2f} GB each "
                     "(resident, counting the pages they share with their parent).")
    step = "to_networkx (built store)" if "to_networkx (built store)" in ours else "to_networkx"
    projection = ours.get(step)
    if projection and projection.get("seconds"):
        notes.append(f"{step}: {projection['nodes']:,} nodes, {projection['edges']:,} quoted edges, "
                     f"{projection['edges'] / projection['seconds']:,.0f} edges/s.")
    for engine in ENGINES:
        if ended[engine] != "ok":
            notes.append(f"{ENGINE_TITLES[engine]}: {ended[engine]}.")
    return "\n".join(lines + [""] + notes) + "\n"


def targets_for(results, timeout):
    """Check the 1M targets; return lines of Markdown."""
    by_engine = {engine: {r["step"]: r for r in records if "step" in r} for engine, (records, _) in results.items()}
    ours, theirs, raw = by_engine["spacegraph"], by_engine["rdflib"], by_engine["pyoxigraph"]
    peak = next((r["peak_memory"] for r in results["spacegraph"][0] if "peak_memory" in r), None)
    lines = ["| target | measured | met |", "|---|---:|:-:|"]

    def seconds(table, step):
        return (table.get(step) or {}).get("seconds")

    load, rdflib_load, raw_load = seconds(ours, "load"), seconds(theirs, "load"), seconds(raw, "load")
    if load and rdflib_load:
        lines.append(f"| load ≥ 10× faster than rdflib | {rdflib_load / load:.1f}× | {'yes' if rdflib_load / load >= 10 else 'no'} |")
    elif load and (theirs.get("load") or {}).get("status") == "timeout":
        cut = theirs["load"]["limit"]
        bound = cut / load
        lines.append(f"| load ≥ 10× faster than rdflib | > {bound:.1f}× (rdflib cut at {cut:g} s) | "
                     f"{'yes' if bound >= 10 else 'unknown'} |")
    if load and raw_load:
        lines.append(f"| load ≤ 1.5× raw pyoxigraph | {load / raw_load:.2f}× | {'yes' if load / raw_load <= 1.5 else 'no'} |")
    ratios = {step: seconds(ours, step) / seconds(raw, step) for step in ours
              if step.startswith("query ") and seconds(ours, step) and seconds(raw, step)}
    if ratios:
        worst = max(ratios, key=ratios.get)
        over = [s for s, r in ratios.items() if r > 2]
        lines.append(f"| every named query ≤ 2× raw pyoxigraph | worst {ratios[worst]:.2f}× ({worst[6:]}); "
                     f"{len(ratios) - len(over)} of {len(ratios)} within | {'yes' if not over else 'no'} |")
    step = "to_networkx (built store)" if "to_networkx (built store)" in ours else "to_networkx"
    projection = ours.get(step)
    if projection and projection.get("seconds"):
        rate = projection["edges"] / projection["seconds"]
        lines.append(f"| {step} ≥ 200,000 edges/s | {rate:,.0f} edges/s | {'yes' if rate >= 200_000 else 'no'} |")
    if peak:
        lines.append(f"| peak memory < 4 GB | {peak / (1 << 30):.2f} GB | {'yes' if peak < 4 << 30 else 'no'} |")
    return lines


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if any(arg == "--size" or arg.startswith("--size=") for arg in argv):  # one large size, on its built store
        from scale import main as scale_main

        return scale_main(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10k,100k,1M"),
                        help="comma-separated sizes in triples, e.g. 10k,100k,1M (default)")
    parser.add_argument("--runs", type=positive(int), default=3, help="runs per step, for the median (default 3)")
    parser.add_argument("--timeout", type=positive(float), default=30.0,
                        help="seconds before a reference step is cut (default 30)")
    parser.add_argument("--step-timeout", type=positive(float), default=300.0,
                        help="seconds before any other reference step (load, validate...) is cut (default 300)")
    parser.add_argument("--memory-limit", type=parse_memory, default=parse_memory("16G"),
                        help="address space each engine's process may use (default 16G)")
    parser.add_argument("--engine-timeout", type=positive(float), default=3600.0,
                        help="seconds before an engine's whole process is stopped (default 3600)")
    parser.add_argument("--output-dir", type=output_folder, default=HERE / "results",
                        help="where suite.md and suite.csv go (default benchmarks/results)")
    parser.add_argument("--workdir", type=output_folder, help="where the synthetic graphs go (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--built-store", action="store_true",
                        help="also time spacegraph's to_networkx on the store spacegraph build writes (its network file)")
    # one engine's process
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--sources", help=argparse.SUPPRESS)
    parser.add_argument("--record", help=argparse.SUPPRESS)
    parser.add_argument("--parameters", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.engine:
        engine_main(args)
        return

    base = args.workdir or Path(tempfile.mkdtemp(prefix="spacegraph-suite-"))
    started = time.perf_counter()
    sections, rows, targets = [], [], None
    for size in args.sizes:
        results = run_size(size, args, base)
        sections.append(markdown_for(size, results, args.timeout))
        rows += rows_for(size, results, args.timeout)
        if size == max(args.sizes):
            targets = (size, targets_for(results, args.timeout))
    head = ["# Benchmark suite", "",
            f"`python benchmarks/run.py --sizes {','.join(str(s) for s in args.sizes)} --runs {args.runs} "
            f"--timeout {args.timeout:g} --step-timeout {args.step_timeout:g}` on {os.cpu_count()} cores, Python "
            f"{sys.version.split()[0]}: medians of "
            f"up to {args.runs} runs (a step over {REPEAT_UNDER:g} s runs once); reference queries cut at "
            f"{args.timeout:g} s, other reference steps at {args.step_timeout:g} s; each engine in its own process under a "
            f"{args.memory_limit / (1 << 30):g} GB limit. "
            f"Suite time {time.perf_counter() - started:.0f} s.", ""]
    if targets:
        head += [f"## Targets, at {targets[0]:,} triples", "", TARGETS, ""] + targets[1] + [""]
    text = "\n".join(head) + "\n## Tables\n\n" + "\n".join(sections)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["triples", "step", "engine", "median_s", "runs", "status", "detail"])
    writer.writeheader()
    writer.writerows(rows)
    from spacegraph.core._io import write_files

    args.output_dir.mkdir(parents=True, exist_ok=True)
    write_files({args.output_dir / "suite.md": text, args.output_dir / "suite.csv": buffer.getvalue()})
    print(text)
    print(f"wrote {args.output_dir / 'suite.md'} and {args.output_dir / 'suite.csv'}", file=sys.stderr)


if __name__ == "__main__":
    main()
