"""The suite at one large size: a graph generated once on disk, built by spacegraph build, then read from its store.

``python benchmarks/run.py --size 10M`` runs this (so does ``python benchmarks/scale.py --size 10M``).
Each step runs in a process of its own, whose peak memory (resident, its children included)
is recorded, and the suite goes on when one fails or runs out of memory:

==========  ==============================================================================
generate    ``synthetic.py`` into ``--data-dir`` (skipped when the graph is there already)
build       ``spacegraph.build`` into ``DATA_DIR/build``, each step timed as it completes:
            loaded (parse), each check of validation, serialised (the RDF files and the
            derived counts), explorer (projection, layout and page), written (the ingest
            model and the store with its network file)
store       the graph opened from the built store, as a command opens it: a full-scan
            ``COUNT(*)``, every named query with real parameters, ``to_networkx``, the
            centrality table, the explorer page
raw         a read-only pyoxigraph store on the same folder: the same ``COUNT(*)`` and the
            same query texts, with the same parameters (substitutions; written into the text
            for a query that says ``# bind: inline``, as spacegraph runs it)
cold        a new ``spacegraph query ilrs-members`` process beside a new process running the
            query with pyoxigraph alone (``cold_query.py``), alternated
oxigraph    ``spacegraph push`` of the built store to a writable ``oxigraph serve``, then every
            command that takes ``--endpoint`` there (``scale_servers.py``)
virtuoso    the same on a private Virtuoso 7; its bulk loader when the push is cut at --push-limit
==========  ==============================================================================

Times are medians of --runs runs (a step over 10 s runs once); a query of either engine is cut
at --timeout seconds where the engine lets it be. The targets checked: every named query of
spacegraph within 10 times the full-scan ``COUNT(*)`` of raw pyoxigraph on the same store, and
``build`` within 15 minutes.

Writes benchmarks/results/scale-SIZE.md (or --output) and prints it.

Usage: python benchmarks/run.py --size 10M [--data-dir DIR] [--runs 3] [--timeout 600] [--push-limit 1800]
       [--steps generate,build,store,raw,cold,oxigraph,virtuoso]
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import measure, parse_size, pick_parameters, positive  # noqa: E402
from scale_servers import child_oxigraph, child_virtuoso, server_rows  # noqa: E402

STEPS = ("generate", "build", "store", "raw", "cold", "oxigraph", "virtuoso")
PARAMETERS_FROM_STORE = ("raw", "oxigraph", "virtuoso")  # the steps that run the queries with the store step's parameters
QUERY_TARGET = 10.0  # a named query within this many full-scan COUNT(*)s
BUILD_TARGET = 15 * 60.0
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=10_000_000, help="triples: 100k, 1M, 10M (default 10M)")
    parser.add_argument("--data-dir", type=Path, help="where the graph and its build go, or are reused "
                                                       "(default: a folder named after the size in the temporary folder)")
    parser.add_argument("--runs", type=positive(int), default=3, help="runs per step, for the median (default 3)")
    parser.add_argument("--timeout", type=positive(float), default=600.0, help="seconds before a query is cut (default 600)")
    parser.add_argument("--push-limit", type=positive(float), default=1800.0,
                        help="seconds before a push to a server is cut (default 1800)")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"which steps to run, of {','.join(STEPS)} (default all)")
    parser.add_argument("--output", type=Path, help="where the Markdown goes (default benchmarks/results/scale-SIZE.md)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown or not steps:
        parser.error(f"--steps: {', '.join(unknown) or 'none given'} is not a step; choose from {', '.join(STEPS)}")
    args.steps = steps
    if args.data_dir is None:
        import tempfile

        args.data_dir = Path(tempfile.gettempdir()) / f"spacegraph-scale-{args.size}"
    if args.data_dir.exists() and not args.data_dir.is_dir():
        parser.error(f"--data-dir: {args.data_dir} is a file, not a folder")
    return args


def _paths(args):
    folder = args.data_dir
    return folder / "synthetic.ttl", folder / "sources", folder / "build"


class Records:
    """One JSON line per measurement, written as it is made, so that what was measured survives a crash."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")

    def write(self, **record):
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    def time(self, name, function, runs, limit=None):
        seconds, done, status, value = measure(function, runs, limit)
        self.write(step=name, seconds=seconds, runs=done, status=status, **({"limit": limit} if status == "timeout" else {}))
        return value


# ---------------------------------------------------------------- the steps, each in its own process

def child_generate(args, records):
    from synthetic import generate

    data, sources, _ = _paths(args)
    if data.exists():
        records.write(step="generate", seconds=None, status="reused")
        return
    started = time.perf_counter()
    generate(args.size, args.data_dir, seed=args.seed)
    records.write(step="generate", seconds=time.perf_counter() - started, status="ok", bytes=data.stat().st_size)


def child_build(args, records):
    import spacegraph

    data, sources, build = _paths(args)
    last = [time.perf_counter()]

    def progress(step):
        now = time.perf_counter()
        records.write(step=f"build: {step}", seconds=now - last[0], status="ok")
        last[0] = now

    started = last[0]
    result = spacegraph.build([data], output_dir=build, sources_dir=sources, progress=progress)
    records.write(step="build", seconds=time.perf_counter() - started, status="ok", triples=result.stats.triples)


def child_store(args, records):
    import spacegraph
    from spacegraph.explorer.render import explorer_html
    from spacegraph.network.centrality import centrality_table
    from spacegraph.sparql.library import list_queries

    data, sources, build = _paths(args)
    started = time.perf_counter()
    kg = spacegraph.load([data], sources_dir=sources, build_dir=build)
    records.write(step="open the store", seconds=time.perf_counter() - started, status="ok" if kg.source.built else
                  f"error: not opened from the store ({'; '.join(kg.warnings)[:120]})")
    params = pick_parameters(kg)
    records.write(parameters=params)
    records.time("COUNT(*)", lambda: kg.query(COUNT_ALL).rows[0][0], args.runs)
    from rdflib import Literal, URIRef

    for query in list_queries():
        bindings = {k: URIRef(v) if kind == "iri" else Literal(v) for k, (kind, v) in params.get(query.name, {}).items()}
        records.time(f"query {query.name}", lambda q=query, b=bindings: len(kg.query(q.name, timeout=args.timeout, **b)),
                     args.runs)
    G = records.time("to_networkx", kg.to_networkx, args.runs)
    if G is not None:
        records.write(nodes=G.number_of_nodes(), edges=G.number_of_edges())
        records.time("centrality table", lambda: centrality_table(G), 1)
        records.time("explorer page", lambda: len(explorer_html(G, kg=kg)), 1)


def child_raw(args, records):
    import pyoxigraph as ox

    from spacegraph.core.prefixes import PREFIXES
    from spacegraph.sparql.bindings import binds_inline, inline_bindings
    from spacegraph.sparql.library import list_queries

    _, _, build = _paths(args)
    params = json.loads(args.record.with_name("parameters.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    store = ox.Store.read_only(os.path.realpath(build / "store"))
    records.write(step="open the store", seconds=time.perf_counter() - started, status="ok")

    def rows(text, substitutions=None):
        if substitutions and binds_inline(text):  # the text spacegraph runs: its parameters written in (# bind: inline)
            text = inline_bindings(text, {variable.value: term for variable, term in substitutions.items()})
            substitutions = None
        return sum(1 for _ in store.query(text, prefixes=PREFIXES, substitutions=substitutions or {}))

    records.time("COUNT(*)", lambda: next(iter(store.query(COUNT_ALL)))[0].value, args.runs)
    for query in list_queries():
        terms = {ox.Variable(k): ox.NamedNode(v) if kind == "iri" else ox.Literal(v)
                 for k, (kind, v) in params.get(query.name, {}).items()}
        try:
            records.time(f"query {query.name}", lambda q=query, t=terms: rows(q.text, t), args.runs, args.timeout)
        except RuntimeError as error:  # a parameter Oxigraph substitutes only when projected: bound in the text instead
            records.write(step=f"query {query.name}", seconds=None, status=f"error: {str(error)[:80]}")


def child_cold(args, records):
    data, sources, build = _paths(args)
    done = subprocess.run([sys.executable, str(HERE / "cold_query.py"), str(data), str(sources), str(build),
                           "--runs", str(max(args.runs, 3))], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"cold_query.py failed: {(done.stderr.strip().splitlines() or ['no message'])[-1][:100]}")
    for line in done.stdout.splitlines():
        words = line.split()
        if words and words[0] in ("spacegraph", "pyoxigraph"):
            records.write(step=f"cold query ({words[0]})", seconds=float(words[2]), status="ok")


def _on_server(child):
    def run(args, records):
        params = json.loads(args.record.with_name("parameters.json").read_text(encoding="utf-8"))
        child(args, records, _paths(args), params)
    return run


CHILDREN = {"generate": child_generate, "build": child_build, "store": child_store, "raw": child_raw, "cold": child_cold,
            "oxigraph": _on_server(child_oxigraph), "virtuoso": _on_server(child_virtuoso)}


def run_child(step, args, folder):
    """Run one step in a new process; return its records, how it ended and its peak memory (bytes)."""
    record = folder / f"{step}.jsonl"
    record.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--child", step, "--record", str(record), "--size", str(args.size),
               "--data-dir", str(args.data_dir), "--runs", str(args.runs), "--timeout", str(args.timeout),
               "--seed", str(args.seed), "--push-limit", str(args.push_limit)]
    started = time.perf_counter()
    with open(folder / f"{step}.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if code == 0:
        ended = "ok"
    elif code < 0:  # a signal: the kernel's out-of-memory killer sends SIGKILL
        ended = f"stopped by signal {-code}" + (" (out of memory?)" if code == -9 else "")
    else:
        lines = (folder / f"{step}.log").read_text(encoding="utf-8").strip().splitlines()
        ended = f"failed: {lines[-1][:100] if lines else f'exit code {code}'}"
    records = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()] if record.exists() else []
    records.append({"wall": wall})
    print(f"  {step}: {wall:.0f} s, {ended}", file=sys.stderr, flush=True)
    return records, ended, usage.ru_maxrss * 1024


# ---------------------------------------------------------------- the report

def _seconds(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _cell(record):
    if record is None:
        return ""
    if record["status"] == "timeout":
        return f"> {record['limit']:g} s"
    if record["status"] != "ok":
        return record["status"]
    return _seconds(record["seconds"])


def _count_seconds(ours, raw):
    """The full-scan COUNT(*) the named queries are measured against: the raw engine's, else spacegraph's."""
    return (raw.get("COUNT(*)") or {}).get("seconds") or (ours.get("COUNT(*)") or {}).get("seconds")


def report(args, results, load_before, load_after):
    steps = {name: {r["step"]: r for r in records if "step" in r} for name, (records, _, _) in results.items()}
    triples = next((r.get("triples") for r in results.get("build", ([], "", 0))[0] if r.get("triples")), None)
    lines = [f"# The suite at {args.size:,} triples", "",
             f"`python benchmarks/run.py --size {args.size} --runs {args.runs} --timeout {args.timeout:g}` on "
             f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
             f"{f'{triples:,} triples built; ' if triples else ''}load average {load_before:.2f} before, {load_after:.2f} after. "
             f"Medians of up to {args.runs} runs (a step over 10 s runs once).", "",
             "| process | ended | wall | peak memory of its largest process |", "|---|---|---:|---:|"]
    for name, (records, ended, peak) in results.items():
        reused = (steps[name].get("generate") or {}).get("status") == "reused"
        wall = next((r["wall"] for r in records if "wall" in r), None)
        shown = "reused" if reused else _seconds(wall) if wall is not None else ""
        lines.append(f"| {name} | {ended} | {shown} | {peak / (1 << 30):.2f} GB |")
    if "build" in steps:
        lines += ["", "| build step (the checks of validation run side by side: each is timed from the one before it) | seconds |",
                  "|---|---:|"]
        lines += [f"| {step[7:]} | {_cell(record)} |" for step, record in steps["build"].items() if step.startswith("build: ")]
    ours, raw = steps.get("store", {}), steps.get("raw", {})
    if ours or raw:
        lines += ["", "| on the built store | spacegraph | raw pyoxigraph | spacegraph ÷ pyoxigraph | ÷ COUNT(*) |",
                  "|---|---:|---:|---:|---:|"]
        count = _count_seconds(ours, raw)
        for step in dict.fromkeys([*ours, *raw]):
            mine, theirs = ours.get(step), raw.get(step)
            both = mine and theirs and mine.get("seconds") and theirs.get("seconds")
            ratio = f"{mine['seconds'] / theirs['seconds']:.2f}" if both else ""
            scans = f"{mine['seconds'] / count:.1f}" if count and mine and mine.get("seconds") and step.startswith("query ") else ""
            lines.append(f"| {step} | {_cell(mine)} | {_cell(theirs)} | {ratio} | {scans} |")
    cold = steps.get("cold", {})
    if cold:
        lines += ["", "| cold query (new process) | median |", "|---|---:|"]
        lines += [f"| {step[12:-1]} | {_cell(record)} |" for step, record in cold.items()]
    lines += server_rows(steps)
    lines += ["", "| target | measured | met |", "|---|---:|:-:|"]
    build = (steps.get("build") or {}).get("build")
    if build and build.get("seconds"):
        lines.append(f"| build ≤ 15 min | {build['seconds'] / 60:.1f} min | {'yes' if build['seconds'] <= BUILD_TARGET else 'no'} |")
    count = _count_seconds(ours, raw)
    if count:
        ratios = {step[6:]: r["seconds"] / count for step, r in ours.items() if step.startswith("query ") and r.get("seconds")}
        failed = [step[6:] for step, r in ours.items() if step.startswith("query ") and not r.get("seconds")]
        if ratios:
            worst = max(ratios, key=ratios.get)
            over = [name for name, r in ratios.items() if r > QUERY_TARGET] + failed
            lines.append(f"| every named query ≤ {QUERY_TARGET:g}× a full-scan COUNT(*) ({_seconds(count)}) | worst "
                         f"{ratios[worst]:.1f}× ({worst}); {len(ratios) - len(over) + len(failed)} of {len(ratios) + len(failed)} within"
                         f"{'; not answered: ' + ', '.join(failed) if failed else ''} | {'yes' if not over else 'no'} |")
    edges = next((r.get("edges") for r in results.get("store", ([], "", 0))[0] if r.get("edges")), None)
    projection = ours.get("to_networkx")
    if edges and projection and projection.get("seconds"):
        lines.append(f"| to_networkx ≥ 250,000 edges/s (network file) | {edges / projection['seconds']:,.0f} edges/s ({edges:,} edges) | "
                     f"{'yes' if edges / projection['seconds'] >= 250_000 else 'no'} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = arguments(argv)
    if args.child:
        records = Records(args.record)
        CHILDREN[args.child](args, records)
        return
    folder = args.data_dir
    folder.mkdir(parents=True, exist_ok=True)
    runs = folder / "runs"
    runs.mkdir(exist_ok=True)
    load_before = os.getloadavg()[0]
    results = {}
    print(f"{args.size:,} triples in {folder}", file=sys.stderr, flush=True)
    for step in args.steps:
        if step in PARAMETERS_FROM_STORE:  # the parameters the store step picked, for the same queries
            params = next((r["parameters"] for r in results.get("store", ([], "", 0))[0] if "parameters" in r), None)
            if params is None:
                saved = runs / "store.jsonl"
                params = next((json.loads(line)["parameters"] for line in saved.read_text(encoding="utf-8").splitlines()
                               if "parameters" in json.loads(line)), {}) if saved.exists() else {}
            (runs / "parameters.json").write_text(json.dumps(params), encoding="utf-8")
        results[step] = run_child(step, args, runs)
    text = report(args, results, load_before, os.getloadavg()[0])
    output = args.output or HERE / "results" / f"scale-{args.size}.md"
    from spacegraph.core._io import write_files

    write_files({output: text.encode("utf-8")})
    print(text)


if __name__ == "__main__":
    main()
