"""Explorer benchmark: HTML size and generation time, and time to a ready page in Chromium.

Measures, on the real data and on a synthetic graph of about --nodes actors
(synthetic.py), the time to generate the page from the projection (median of
--runs; the layout is computed then, in Python), its size, and how long
headless Chromium takes from navigation to a page that answers (drawn, its
controls built). Then, in the page: search and a kind filter (each timed to
the end of the frame it causes), one full redraw, and panning, whose frames
are counted by Chromium's own frame reporter in a trace (the
``PipelineReporter`` events DevTools' Frames track shows).

Usage: python benchmarks/bench_explorer.py [--nodes 10000] [--runs 3] [--screenshot docs/explorer.png] [--screenshots docs/]
"""

import argparse
import itertools
import json
import math
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


#: Collects the page's own timings: each redraw's duration (vis-network's beforeDrawing/afterDrawing).
FRAME_PROBE = """() => {
  const probe = window.__probe = { draws: [], started: null };
  spacegraph.network.on("beforeDrawing", () => { probe.started = performance.now(); });
  spacegraph.network.on("afterDrawing", () => { if (probe.started !== null) { probe.draws.push([probe.started, performance.now()]); } });
}"""

def _timed(page, action):
    """Milliseconds from an action in the page to the end of the redraw it causes."""
    return page.evaluate("""async (name) => {
      const started = performance.now();
      window.__actions[name]();
      await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
      return performance.now() - started;
    }""", action)


ACTIONS = """() => {
  const search = document.getElementById("search");
  const box = document.querySelector("[data-testid=kind-filter]");
  window.__actions = {
    search: () => { search.value = "station"; search.dispatchEvent(new Event("input")); },
    clear: () => { search.value = ""; search.dispatchEvent(new Event("input")); },
    filter: () => box.click(),
    unfilter: () => box.click(),
    // the actor with the most relationships shown: opening it dims every other, and holds its relationships
    open: () => { const n = spacegraph.network, ids = spacegraph.visibleNodeIds(), count = new Map(ids.map(id => [id, 0]));
                  for (const row of spacegraph.tables().relations.slice(1)) {
                    count.set(row[0], count.get(row[0]) + 1); count.set(row[3], count.get(row[3]) + 1);
                  }
                  spacegraph.select(ids.reduce((a, b) => count.get(a) >= count.get(b) ? a : b)); },
    close: () => document.getElementById("network").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" })),
    reset: () => document.querySelector("[data-testid=reset]").click(),
    showAll: () => { const b = document.querySelector("[data-testid=show-all]"); if (b) { b.click(); } },
  };
}"""


#: The trace categories of Chromium's frame reporter.
FRAME_CATEGORIES = ["cc", "benchmark", "disabled-by-default-devtools.timeline.frame"]


def presented_frames(trace):
    """Chromium's own account of the frames in a trace: ``(presented end times in ms, number dropped)``.

    Each frame is a ``PipelineReporter`` async event whose begin carries its
    state: presented (all or partly), dropped, or no update wanted.
    """
    begun, presented, dropped = {}, [], 0
    events = [e for e in trace["traceEvents"] if e.get("name") == "PipelineReporter"]
    for event in sorted(events, key=lambda e: e["ts"]):
        key = (event["pid"], json.dumps(event.get("id2", event.get("id")), sort_keys=True))
        if event["ph"] == "b":
            begun[key] = event
        elif event["ph"] == "e" and key in begun:
            state = begun.pop(key).get("args", {}).get("frame_reporter", {}).get("state", "")
            if state.startswith("STATE_PRESENTED"):
                presented.append(event["ts"] / 1000)
            elif state == "STATE_DROPPED":
                dropped += 1
    return sorted(presented), dropped


def _drag(browser, page, seconds=2.0):
    """Pan by dragging the canvas for ``seconds`` under a trace; return Chromium's frame figures.

    ``{"fps": frames presented per second, "median": and "p95": ms between two presented frames, "dropped": frames}``
    """
    box = page.locator("#network").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    browser.start_tracing(page=page, categories=FRAME_CATEGORIES)
    page.mouse.move(x, y)
    page.mouse.down()
    started = time.perf_counter()
    step = 0
    while time.perf_counter() - started < seconds:
        step += 1
        page.mouse.move(x + 120 * math.sin(step / 6), y + 80 * math.cos(step / 6))
    page.mouse.up()
    frames, dropped = presented_frames(json.loads(browser.stop_tracing()))
    gaps = sorted(b - a for a, b in itertools.pairwise(frames))
    if len(gaps) < 2:
        return {"fps": 0.0, "median": float("nan"), "p95": float("nan"), "dropped": dropped}
    return {"fps": (len(frames) - 1) / ((frames[-1] - frames[0]) / 1000), "median": statistics.median(gaps),
            "p95": gaps[min(len(gaps) - 1, round(0.95 * (len(gaps) - 1)))], "dropped": dropped}


def _draw_ms(page, times=5):
    """Median ms of one full redraw of the network (vis-network's beforeDrawing to afterDrawing)."""
    for _ in range(times):
        page.evaluate("""async () => { spacegraph.network.redraw();
          await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }""")
    draws = page.evaluate(f"() => window.__probe.draws.slice(-{times}).map(d => d[1] - d[0])")
    return statistics.median(draws)


def measure_page(path, screenshot=None):
    """Open the page in headless Chromium and time what a reader waits for; return a dict of figures."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(Path(path).resolve().as_uri())
        while not page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
            page.wait_for_timeout(20)
        figures = {"ready": time.perf_counter() - started}
        page.evaluate(FRAME_PROBE)
        page.evaluate(ACTIONS)
        figures["shown"] = len(page.evaluate("spacegraph.visibleNodeIds()"))
        figures["search"] = _timed(page, "search")
        _timed(page, "clear")
        figures["filter"] = _timed(page, "filter")
        _timed(page, "unfilter")
        figures["draw"] = _draw_ms(page)
        figures["frames"] = _drag(browser, page)
        figures["open"] = _timed(page, "open")
        _timed(page, "reset")
        figures["show all"] = _timed(page, "showAll")
        figures["all shown"] = len(page.evaluate("spacegraph.visibleNodeIds()"))
        figures["draw all"] = _draw_ms(page)
        figures["frames all"] = _drag(browser, page)
        figures["filter all"] = _timed(page, "filter")
        _timed(page, "unfilter")
        figures["open all"] = _timed(page, "open")
        if screenshot:
            page.click("[data-testid=reset]")
            page.wait_for_timeout(300)
            page.screenshot(path=str(screenshot))
        browser.close()
    return figures


#: What the docs show of the real data's page: (viewport, [(file name, what to do first), ...]), in order.
SCREENSHOTS = [
    ((1366, 768), [("explorer.png", None),
                   ("explorer-selected.png", "spacegraph.select('sgid:ilrs')"),
                   ("explorer-path.png", "spacegraph.path('sgid:argentina', 'sgid:military-aerospace-force')"),
                   ("explorer-communities.png", "document.querySelector('[data-testid=reset]').click();"
                                                " document.querySelector('[data-testid=color-by-community]').click()")]),
    ((390, 844), [("explorer-phone.png", None), ("explorer-phone-details.png", "spacegraph.select('sgid:argentina')")]),
]


def screenshots(real, folder):
    """Save the real data's page as readers see it: desktop, a selected actor, a path, communities, a phone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for (width, height), shots in SCREENSHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(Path(real).resolve().as_uri())
            for name, action in shots:
                if action:
                    page.evaluate(action)
                page.wait_for_timeout(400)
                page.screenshot(path=str(Path(folder) / name))
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="about how many actors in the synthetic graph (default 10000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the real data's page here")
    parser.add_argument("--screenshots", type=Path, help="save screenshots of the real data's page, desktop and phone, into this folder")
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
    opened = [measure_page(real, args.screenshot), measure_page(synthetic)]
    if args.screenshots:
        screenshots(real, args.screenshots)
    print("| graph | nodes | edges | HTML size | generation (median) | ready in Chromium |")
    print("|---|---:|---:|---:|---:|---:|")
    for (name, nodes, edges, size, seconds), figures in zip(rows, opened, strict=True):
        print(f"| {name} | {nodes:,} | {edges:,} | {size / 1024:,.0f} KiB | {seconds:.2f} s | {figures['ready']:.2f} s |")
    print("\nIn the page (headless Chromium, software rendering; an action is timed to the end of the frame it causes;"
          " panning frames as Chromium's frame reporter counts them while the mouse drags for 2 s):\n")
    print("| graph | actors drawn | search | kind filter | open the biggest hub | one redraw | panning | between frames (median, 95%) "
          "| frames dropped |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (name, *_), f in zip(rows, opened, strict=True):
        views = [(f["shown"], f["filter"], f["open"], f["draw"], f["frames"], f"{f['search']:.0f} ms")]
        if f["all shown"] != f["shown"]:  # a big graph's first view, then every actor
            views.append((f["all shown"], f["filter all"], f["open all"], f["draw all"], f["frames all"], ""))
        for shown, filtered, opened, draw, frames, search in views:
            print(f"| {name} | {shown:,} | {search} | {filtered:.0f} ms | {opened:.0f} ms | {draw:.1f} ms | {frames['fps']:.1f} frames/s "
                  f"| {frames['median']:.0f} ms, {frames['p95']:.0f} ms | {frames['dropped']} |")


if __name__ == "__main__":
    main()
