"""Time ``to_networkx`` on a synthetic graph: from the built store's network file, from the store itself, from the files.

Writes (or reuses) the benchmark suite's synthetic graph of the given size (synthetic.py, seed 7)
and the store ``spacegraph build`` would write for it (``write_built_store``, without validating again,
untimed), then times the actors view, undated, --runs times each way, and prints a Markdown
table of the medians (wall clock and CPU time of the process), the edges per second, the date and
the load average before and after. Each graph is freed between runs, outside the timing.

* ``built store, network file``: ``spacegraph.load()`` on the fresh built store, then
  ``kg.to_networkx()``, which reads the network file the build wrote beside the store;
* ``built store, projected``: the same graph with the file set aside, so that the store is projected;
* ``files, projected``: the graph parsed from the files into memory (``use_store=False``), projected.

Usage: python benchmarks/projection.py [--size 1M] [--runs 5] [--data-dir DIR] [--skip-projected]
"""

import argparse
import datetime
import gc
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import parse_size, positive  # noqa: E402
from synthetic import generated_once  # noqa: E402

SEED = 7


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=1_000_000, help="triples: 10k, 250000, 1M (default 1M)")
    parser.add_argument("--runs", type=positive(int), default=5, help="runs each way; the median is shown (default 5)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the synthetic graph and its build are written, or reused if they are there "
                             "(default: a folder named after the size in the temporary folder)")
    parser.add_argument("--skip-projected", action="store_true",
                        help="time only the read of the network file (projecting the store takes minutes at 1M)")
    args = parser.parse_args(argv)
    if args.data_dir is None:
        import tempfile

        args.data_dir = Path(tempfile.gettempdir()) / f"spacegraph-projection-{args.size}"
    if args.data_dir.exists() and not args.data_dir.is_dir():
        parser.error(f"--data-dir {args.data_dir} is a file, not a folder")
    return args


def timed(project, runs):
    """Medians of ``runs`` calls: (wall seconds, CPU seconds, the last graph's edges, nodes)."""
    walls, cpus, G = [], [], None
    for _ in range(runs):
        del G
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        G = project()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"  wall {[round(t, 3) for t in walls]} s, CPU {[round(t, 3) for t in cpus]} s", file=sys.stderr)
    return statistics.median(walls), statistics.median(cpus), G.number_of_edges(), G.number_of_nodes()


def built_graph(data, sources, build):
    """The graph opened from a fresh built store whose network file reads; written first when there is none."""
    import spacegraph
    from spacegraph.network.network_file import read_network
    from spacegraph.workflows.build import write_built_store

    kg = spacegraph.load([data], sources_dir=sources, build_dir=build)
    if kg.source.built is None or read_network(kg)[0] is None:
        started = time.perf_counter()
        write_built_store(spacegraph.load([data], sources_dir=sources, use_store=False), build)
        print(f"wrote the store and its network file in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        kg = spacegraph.load([data], sources_dir=sources, build_dir=build)
    assert kg.source.built is not None and read_network(kg)[0] is not None, kg.warnings
    return kg


def main(argv=None):
    args = arguments(argv)
    import spacegraph
    from spacegraph.network import projection

    data, sources = generated_once(args.size, args.data_dir, seed=SEED)
    kg = built_graph(data, sources, args.data_dir / "build")
    spacegraph.load().to_networkx()  # imports warmed on the real data, untimed
    before = os.getloadavg()
    rows = [("built store, network file", timed(kg.to_networkx, args.runs))]
    if not args.skip_projected:
        def from_store():
            reading = projection.read_network
            projection.read_network = lambda kg: (None, None)
            try:
                return kg.to_networkx()
            finally:
                projection.read_network = reading

        rows.append(("built store, projected", timed(from_store, args.runs)))
        files = spacegraph.load([data], sources_dir=sources, use_store=False)
        rows.append(("files, projected", timed(files.to_networkx, args.runs)))
    after = os.getloadavg()
    print(f"{len(kg):,} triples (synthetic, seed {SEED}, {data}); {datetime.date.today().isoformat()}; "
          f"actors view, undated; median of {args.runs} runs; load average (1, 5, 15 min) "
          f"{', '.join(f'{x:.2f}' for x in before)} before, {', '.join(f'{x:.2f}' for x in after)} after")
    print()
    print("| to_networkx | wall | CPU | edges | nodes | edges/s (wall) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (wall, cpu, edges, nodes) in rows:
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {edges:,} | {nodes:,} | {edges / wall:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
