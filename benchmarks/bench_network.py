"""Network benchmark: to_networkx and the centrality table on a synthetic graph of N triples.

Times, on one synthetic graph (see synthetic.py): loading, the projection
(``kg.to_networkx()``), each centrality measure, the full table, and
Louvain communities. Betweenness is exact below 20,000 nodes and sampled
(1,000 pivots) above, as documented in spacegraph.analysis.

Usage: python benchmarks/bench_network.py [--triples 200000] [--output FILE.md]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import check_size, report  # noqa: E402
from synthetic import generate  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000, help="size of the synthetic graph (default 200000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    check_size(parser, args.triples)

    import spacegraph
    from spacegraph.analysis import MEASURES, centrality_table, communities

    data, _ = generate(args.triples, tempfile.mkdtemp(prefix="spacegraph-bench-"), seed=args.seed)
    rows = []

    def step(name, function):
        started = time.perf_counter()
        value = function()
        rows.append((name, time.perf_counter() - started))
        return value

    kg = step("load", lambda: spacegraph.load([data]))
    G = step("to_networkx", kg.to_networkx)
    for measure in MEASURES:
        step(f"centrality: {measure}", lambda m=measure: centrality_table(G, [m]))
    step("centrality table (all measures)", lambda: centrality_table(G))
    step("communities (Louvain)", lambda: communities(G))
    lines = [f"Network benchmark: {len(kg):,} triples, projection of {G.number_of_nodes():,} nodes and "
             f"{G.number_of_edges():,} edges ({G.number_of_edges() / rows[1][1]:,.0f} edges/s)", "",
             "| step | time |", "|---|---:|"]
    lines += [f"| {name} | {seconds:.2f} s |" for name, seconds in rows]
    table = "\n".join(lines) + "\n"
    report(table, args.output)


if __name__ == "__main__":
    main()
