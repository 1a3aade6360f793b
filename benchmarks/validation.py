"""Validation at one size: spacegraph's full run, its re-run after one file changed, and pySHACL alone.

It writes a synthetic graph (synthetic.py), or reads one written before
(--from DIR, a folder holding synthetic.ttl and sources/), splits its data
into --files files, as a project's data is split by topic, and times:

=====================  ===================================================================
step                   what runs
=====================  ===================================================================
spacegraph full        ``kg.validate()``: every check, the SHACL shapes as store queries
spacegraph changed     ``validate(kg, cache_dir=...)`` after a full run, with one of the
                       files changed (one fault added, in turn in each run)
pySHACL alone          ``pyshacl.validate`` on the same triples in rdflib's default store
                       (the shapes only, none of the other checks), as benchmarks/run.py
=====================  ===================================================================

Loading is not timed. Each spacegraph step is the median of --runs runs, pySHACL
of --pyshacl-runs (one by default: it takes minutes at 1M); the table gives every
run, the nodes each changed run checked again, and the load average.

Usage: python benchmarks/validation.py SIZE [--runs 3] [--pyshacl-runs 1] [--files 20] [--from DIR] [--skip-pyshacl]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import parse_size  # noqa: E402
from synthetic import generate  # noqa: E402


def split_data(data, folder, parts):
    """Write the lines of ``data`` into ``parts`` Turtle files, each with the prefixes; return their paths."""
    lines = data.read_text(encoding="utf-8").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    body = [line for line in lines if line and not line.startswith("@prefix")]
    files = []
    for number in range(parts):
        path = folder / f"part-{number:02d}.ttl"
        path.write_text("\n".join(prefixes + body[number::parts]) + "\n", encoding="utf-8")
        files.append(path)
    return files


def add_fault(path, run):
    """Append one fault to ``path``: a new company without a description, a different one in each run."""
    with open(path, "a", encoding="utf-8") as out:
        out.write(f'sgid:benchmark-company-{run} a sg:Company ; rdfs:label "Benchmark company {run}"@en .\n')


def median_of(runs, step):
    times = []
    for run in range(runs):
        times.append(step(run))
    return statistics.median(times), times


def time_full(files, sources, runs):
    import spacegraph

    kg = spacegraph.load(files, sources_dir=sources, use_store=False)

    def step(_run):
        started = time.perf_counter()
        report = kg.validate()
        elapsed = time.perf_counter() - started
        print(f"  spacegraph full: {elapsed:.2f} s, {len(report.problems)} problems", flush=True)
        return elapsed

    return median_of(runs, step)


def time_changed(files, sources, runs, cache):
    import spacegraph
    from spacegraph.validation import validate

    rechecked = []

    def step(run):
        validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache, full=True)
        add_fault(files[run % len(files)], run)
        kg = spacegraph.load(files, sources_dir=sources, use_store=False)
        started = time.perf_counter()
        report = validate(kg, cache_dir=cache)
        elapsed = time.perf_counter() - started
        rechecked.append(report.rechecked)
        print(f"  spacegraph changed: {elapsed:.2f} s, {report.rechecked} nodes checked again, "
              f"{len(report.problems)} problems", flush=True)
        return elapsed

    result = median_of(runs, step)
    return result, rechecked


def time_pyshacl(files, runs):
    import pyshacl
    from rdflib import Graph

    from spacegraph.core import paths

    graph = Graph()
    graph.parse(paths.ontology_file(), format="turtle")
    for path in files:
        graph.parse(path, format="turtle")

    def step(_run):
        shapes = Graph().parse(paths.shapes_file(), format="turtle")
        started = time.perf_counter()
        conforms = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, inplace=True)[0]
        elapsed = time.perf_counter() - started
        print(f"  pySHACL alone: {elapsed:.2f} s, conforms {conforms}", flush=True)
        return elapsed

    return median_of(runs, step)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", type=parse_size, help="triples of the synthetic graph, such as 1M or 200k")
    parser.add_argument("--runs", type=int, default=3, help="runs of each step; the table gives the median (default 3)")
    parser.add_argument("--files", type=int, default=20, help="data files the graph is split into (default 20)")
    parser.add_argument("--from", dest="source", type=Path,
                        help="a folder that holds synthetic.ttl and sources/ (written by synthetic.py) instead of a new graph")
    parser.add_argument("--pyshacl-runs", type=int, default=1,
                        help="runs of pySHACL alone, which takes minutes at 1M (default 1)")
    parser.add_argument("--skip-pyshacl", action="store_true", help="leave pySHACL alone out")
    args = parser.parse_args()
    if min(args.runs, args.files, args.pyshacl_runs) < 1:
        parser.error("--runs, --files and --pyshacl-runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="validation-bench-") as work:
        work = Path(work)
        if args.source:
            data, sources = args.source / "synthetic.ttl", args.source / "sources"
        else:
            data, _ = generate(args.size, work)
            sources = work / "sources"
        files = split_data(data, work, args.files)
        load_before = os.getloadavg()
        print(f"{args.size:,} triples asked, {args.files} files, {args.runs} runs; load average {load_before[0]:.2f}", flush=True)
        full, full_runs = time_full(files, sources, args.runs)
        rows = [("spacegraph full", full, full_runs, "")]
        if not args.skip_pyshacl:  # on the same files as the full run, before the changed runs add their faults
            alone, alone_runs = time_pyshacl(files, args.pyshacl_runs)
            rows.append(("pySHACL alone", alone, alone_runs, f"{alone / full:.1f}x spacegraph full"))
        (changed, changed_runs), rechecked = time_changed(files, sources, args.runs, work / "cache")
        rows.append(("spacegraph changed", changed, changed_runs, f"nodes checked again: {', '.join(map(str, rechecked))}"))
        load_after = os.getloadavg()
    print("\n| step | median | runs | note |\n|---|---|---|---|")
    for name, median, runs, note in rows:
        print(f"| {name} | {median:.2f} s | {', '.join(f'{t:.2f}' for t in runs)} | {note} |")
    print(f"\nload average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
