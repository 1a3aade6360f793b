"""Explorer benchmark: HTML size and generation time, and time to a ready page in Chromium.

Measures, on the real data and on a synthetic graph of about --nodes actors
(synthetic.py), the time to generate the page from the projection (median of
--runs; the layout is computed then, in Python), its size, and how long
headless Chromium takes from navigation to a page that answers (drawn, its
controls built).

Usage: python benchmarks/bench_explorer.py [--nodes 10000] [--runs 3] [--screenshot docs/explorer.png]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def median_time(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def time_to_stable(path, screenshot=None):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(Path(path).resolve().as_uri())
        while not page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
            page.wait_for_timeout(20)
        elapsed = time.perf_counter() - started
        if screenshot:
            page.wait_for_timeout(300)
            page.screenshot(path=str(screenshot))
        browser.close()
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="about how many actors in the synthetic graph (default 10000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the real data's page here")
    args = parser.parse_args()
    if args.nodes < 100 or args.runs < 1:
        parser.error("--nodes must be at least 100 and --runs at least 1")

    import spacegraph
    from spacegraph.explorer.render import explorer_html

    folder = Path(tempfile.mkdtemp(prefix="spacegraph-bench-"))
    rows = []
    kg = spacegraph.load()
    G = kg.to_networkx()
    seconds, html = median_time(lambda: explorer_html(G, kg=kg), args.runs)
    real = folder / "real.html"
    real.write_text(html, encoding="utf-8")
    rows.append(("real data", G.number_of_nodes(), G.number_of_edges(), len(html.encode()), seconds))

    data, _ = generate(int(args.nodes * 36), folder, seed=7)
    big = spacegraph.load([data])
    H = big.to_networkx()
    seconds, html = median_time(lambda: explorer_html(H, kg=big), args.runs)
    rows.append(("synthetic", H.number_of_nodes(), H.number_of_edges(), len(html.encode()), seconds))

    synthetic = folder / "synthetic.html"
    synthetic.write_text(html, encoding="utf-8")
    ready = [time_to_stable(real, args.screenshot), time_to_stable(synthetic)]
    print("| graph | nodes | edges | HTML size | generation (median) | ready in Chromium |")
    print("|---|---:|---:|---:|---:|---:|")
    for (name, nodes, edges, size, seconds), opened in zip(rows, ready, strict=True):
        print(f"| {name} | {nodes:,} | {edges:,} | {size / 1024:,.0f} KiB | {seconds:.2f} s | {opened:.2f} s |")


if __name__ == "__main__":
    main()
