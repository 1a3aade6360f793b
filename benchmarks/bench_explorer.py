"""Explorer benchmark: HTML size and generation time, and time to a ready page in Chromium.

Measures, on the real data and on a synthetic graph of about --nodes actors
(synthetic.py), the time to generate the page from the projection (median of
--runs; the layout and the communities are computed then, in Python, and each
is also timed on its own), its size, and how long headless Chromium takes from
navigation to a page that answers (drawn, its controls built). Then, in the
page, on the first view and, for a big graph, with every actor shown: search,
a kind filter and their undoing, opening the biggest hub (each timed to the end
of the frame it causes), one full redraw, and panning and wheel zoom, whose
frames are counted by Chromium's own frame reporter in a trace (the
``PipelineReporter`` events DevTools' Frames track shows), each displayed frame
once.

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
    // the actor with the most relationships shown, found before opening it is timed: opening it dims every other,
    // and holds its relationships
    findHub: () => { const ids = spacegraph.visibleNodeIds(), count = new Map(ids.map(id => [id, 0]));
                     for (const row of spacegraph.tables().relations.slice(1)) {
                       count.set(row[0], count.get(row[0]) + 1); count.set(row[3], count.get(row[3]) + 1);
                     }
                     window.__hub = ids.reduce((a, b) => count.get(a) >= count.get(b) ? a : b); },
    open: () => spacegraph.select(window.__hub),
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
    state: presented (all or partly), dropped, or no update wanted. Chromium
    may file two reports for one displayed frame (one from the compositor, one
    from the main thread, each with its own sequence number), both naming the
    frame the display showed by its ``display_trace_id``: each displayed frame
    is counted once, at its first report's end.
    """
    begun, presented, dropped = {}, {}, 0
    events = [e for e in trace["traceEvents"] if e.get("name") == "PipelineReporter"]
    for event in sorted(events, key=lambda e: e["ts"]):
        key = (event["pid"], json.dumps(event.get("id2", event.get("id")), sort_keys=True))
        if event["ph"] == "b":
            begun[key] = event
        elif event["ph"] == "e" and key in begun:
            reporter = begun.pop(key).get("args", {}).get("frame_reporter", {})
            state = reporter.get("state", "")
            if state.startswith("STATE_PRESENTED"):
                shown = reporter.get("display_trace_id")
                frame = (event["pid"], shown) if shown is not None else key  # a report that names no frame counts alone
                presented.setdefault(frame, event["ts"] / 1000)
            elif state == "STATE_DROPPED":
                dropped += 1
    return sorted(presented.values()), dropped


def frame_figures(frames, dropped, seconds=None):
    """``{"fps": frames presented per second, "median": and "p95": ms between two presented frames, "dropped": frames}``.

    ``frames`` are the presented frames' times in ms, in order (see :func:`presented_frames`);
    with fewer than three, the frames per second are those over the gesture's ``seconds``.

    Examples
    --------
    >>> frame_figures([0.0, 20.0, 40.0, 100.0], 2)
    {'fps': 30.0, 'median': 20.0, 'p95': 60.0, 'dropped': 2}
    >>> frame_figures([500.0], 40, seconds=2.0)["fps"]
    0.5
    """
    gaps = sorted(b - a for a, b in itertools.pairwise(frames))
    if len(gaps) < 2:
        fps = len(frames) / seconds if seconds else 0.0
        return {"fps": fps, "median": float("nan"), "p95": float("nan"), "dropped": dropped}
    return {"fps": (len(frames) - 1) / ((frames[-1] - frames[0]) / 1000), "median": statistics.median(gaps),
            "p95": gaps[min(len(gaps) - 1, round(0.95 * (len(gaps) - 1)))], "dropped": dropped}


def _traced(browser, page, gesture):
    """Run ``gesture()`` under a Chromium trace; return :func:`frame_figures` of the frames presented meanwhile."""
    browser.start_tracing(page=page, categories=FRAME_CATEGORIES)
    started = time.perf_counter()
    gesture()
    seconds = time.perf_counter() - started
    return frame_figures(*presented_frames(json.loads(browser.stop_tracing())), seconds=seconds)


def _middle(page):
    box = page.locator("#network").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _drag(browser, page, seconds=2.0):
    """Pan by dragging the canvas for ``seconds`` under a trace; return Chromium's frame figures (:func:`frame_figures`)."""
    x, y = _middle(page)

    def gesture():
        page.mouse.move(x, y)
        page.mouse.down()
        started = time.perf_counter()
        step = 0
        while time.perf_counter() - started < seconds:
            step += 1
            page.mouse.move(x + 120 * math.sin(step / 6), y + 80 * math.cos(step / 6))
        page.mouse.up()

    return _traced(browser, page, gesture)


#: The wheel's notches while zooming: in four, then out four, so that the view stays as far out as it began.
WHEEL_NOTCHES = (-100, -100, -100, -100, 100, 100, 100, 100)


def _wheel(browser, page, seconds=2.0):
    """Zoom in and out with the mouse wheel over the middle of the view for ``seconds`` under a trace.

    Returns Chromium's frame figures (:func:`frame_figures`), once the page has settled.
    """
    x, y = _middle(page)
    page.mouse.move(x, y)

    def gesture():
        started = time.perf_counter()
        for delta in itertools.cycle(WHEEL_NOTCHES):
            if time.perf_counter() - started >= seconds:
                break
            page.mouse.wheel(0, delta)

    figures = _traced(browser, page, gesture)
    _settled(page)
    return figures


def _settled(page):
    """Wait until the page has put away the picture it moves while the wheel turns, and drawn the view again."""
    while page.evaluate("() => getComputedStyle(document.querySelector('.pan-picture')).display !== 'none'"):
        page.wait_for_timeout(20)  # the page forbids eval, which wait_for_function needs
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _draw_ms(page, times=5):
    """Median ms of one full redraw of the network (vis-network's beforeDrawing to afterDrawing)."""
    for _ in range(times):
        page.evaluate("""async () => { spacegraph.network.redraw();
          await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }""")
    draws = page.evaluate(f"() => window.__probe.draws.slice(-{times}).map(d => d[1] - d[0])")
    return statistics.median(draws)


def _view_figures(browser, page):
    """Time each action on the view shown now, opening the biggest hub last (it zooms in on it); return a dict."""
    figures = {"shown": len(page.evaluate("spacegraph.visibleNodeIds()"))}
    figures["search"] = _timed(page, "search")
    figures["clear"] = _timed(page, "clear")
    figures["filter"] = _timed(page, "filter")
    figures["unfilter"] = _timed(page, "unfilter")
    figures["draw"] = _draw_ms(page)
    figures["panning"] = _drag(browser, page)
    _settled(page)
    figures["wheel"] = _wheel(browser, page)
    page.evaluate("() => window.__actions.findHub()")
    figures["open"] = _timed(page, "open")
    return figures


def measure_page(path, screenshot=None):
    """Open the page in headless Chromium and time what a reader waits for; return a dict of figures."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        started = time.perf_counter()
        page.goto(Path(path).resolve().as_uri())
        while not page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
            if errors:  # the page will never answer
                raise RuntimeError(f"the page failed: {errors[0]}")
            page.wait_for_timeout(20)
        figures = {"ready": time.perf_counter() - started}
        page.evaluate(FRAME_PROBE)
        page.evaluate(ACTIONS)
        figures["first view"] = _view_figures(browser, page)
        _timed(page, "reset")
        figures["show all"] = _timed(page, "showAll")
        if len(page.evaluate("spacegraph.visibleNodeIds()")) != figures["first view"]["shown"]:
            figures["all shown"] = _view_figures(browser, page)
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


def _menu_opened(page, actor="sgid:ilrs"):
    """Right-click an actor where it is drawn: its node menu opens."""
    page.evaluate("document.querySelector('[data-testid=reset]').click()")
    page.wait_for_timeout(300)
    point = page.evaluate(f"spacegraph.network.canvasToDOM(spacegraph.network.getPosition({actor!r}))")
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"], button="right")


def screenshots(real, folder, synthetic=None):
    """Save the real data's page as readers see it: desktop, a selected actor, a path, communities, a node menu, a
    phone; and, given, the first view of the synthetic graph's page (``explorer-big.png``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = [(real, size, shots) for size, shots in SCREENSHOTS] + [(real, (1366, 768), [("explorer-menu.png", _menu_opened)])]
        if synthetic is not None:
            pages.append((synthetic, (1366, 768), [("explorer-big.png", None)]))
        for path, (width, height), shots in pages:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(Path(path).resolve().as_uri())
            while not page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
                page.wait_for_timeout(20)
            for name, action in shots:
                if callable(action):
                    action(page)
                elif action:
                    page.evaluate(action)
                page.wait_for_timeout(400)
                page.screenshot(path=str(Path(folder) / name))
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="about how many actors in the synthetic graph (default 10000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the real data's page here")
    parser.add_argument("--screenshots", type=Path,
                        help="save screenshots of the real data's page (desktop, phone) and of the synthetic first view into this folder")
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
    phases = [generation_phases(G), generation_phases(H)]
    opened = [measure_page(real, args.screenshot), measure_page(synthetic)]
    if args.screenshots:
        screenshots(real, args.screenshots, synthetic)
    print_tables(rows, phases, opened)


def generation_phases(G):
    """Seconds of the two longest parts of generating a page, each timed once on its own: communities and layout."""
    from spacegraph.explorer.layout import layout_positions
    from spacegraph.network.structure import communities

    return {"communities": median_time(lambda: communities(G), 1)[0], "layout": median_time(lambda: layout_positions(G), 1)[0]}


def print_tables(rows, phases, opened):
    """Print the figures as three Markdown tables: the pages, the actions in them, their frames."""
    print("| graph | nodes | edges | HTML size | generation (median) | of which communities, layout | ready in Chromium |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (name, nodes, edges, size, seconds), phase, figures in zip(rows, phases, opened, strict=True):
        print(f"| {name} | {nodes:,} | {edges:,} | {size / 1024:,.0f} KiB | {seconds:.2f} s "
              f"| {phase['communities']:.2f} s, {phase['layout']:.2f} s | {figures['ready']:.2f} s |")
    views = []
    for (name, *_), figures in zip(rows, opened, strict=True):
        views.append((name, figures["first view"], ""))
        if "all shown" in figures:  # a big graph's first view, then every actor
            views.append((name, figures["all shown"], f"{figures['show all']:.0f} ms"))
    print("\nIn the page (headless Chromium, software rendering; an action is timed to the end of the frame it causes;"
          " \"show all\" leads from the first view to the next row's):\n")
    print("| graph | actors drawn | search | clear the search | kind filter | unfilter | open the biggest hub | show all | one redraw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, f, show_all in views:
        print(f"| {name} | {f['shown']:,} | {f['search']:.0f} ms | {f['clear']:.0f} ms | {f['filter']:.0f} ms | {f['unfilter']:.0f} ms "
              f"| {f['open']:.0f} ms | {show_all} | {f['draw']:.1f} ms |")
    print("\nFrames as Chromium's frame reporter counts them, each displayed frame once, while the mouse drags for 2 s"
          " (panning) and while its wheel turns for 2 s (zoom), four notches in and four out:\n")
    print("| graph | actors drawn | panning | between frames (median, 95%) | dropped | wheel zoom "
          "| between frames (median, 95%) | dropped |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, f, _ in views:
        cells = [f"{g['fps']:.1f} frames/s | {g['median']:.0f} ms, {g['p95']:.0f} ms | {g['dropped']}" for g in (f["panning"], f["wheel"])]
        print(f"| {name} | {f['shown']:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
