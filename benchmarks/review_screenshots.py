"""The review page's screenshots for docs/adding-a-source.md, taken in Chromium on the fixture article.

Ingests ``tests/data/ingest/article.txt`` into a copy of graph_data/, serves its sheet's review page,
and shoots: a new actor (``review-actor.png``), a relationship with its ranked predicates
(``review-relationship.png``), the actor picker (``review-picker.png``), and an accept that names
the row at fault (``review-accept-error.png``).

Usage: python benchmarks/review_screenshots.py [--output-dir docs]
"""

import argparse
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The screenshots the manual shows, in the order they are taken.
SCREENSHOTS = ("review-actor.png", "review-relationship.png", "review-picker.png", "review-accept-error.png")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def take(output_dir, chromium=None):
    """Take :data:`SCREENSHOTS` into ``output_dir``; return their paths."""
    from playwright.sync_api import sync_playwright

    from spacegraph.ingest.sheet import read_sheet
    from spacegraph.workflows.curate import ingest
    from spacegraph.workflows.review.server import ReviewServer
    from spacegraph.workflows.review.session import ReviewSession

    chromium = chromium or os.environ.get("SPACEGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    output_dir = Path(output_dir)
    with tempfile.TemporaryDirectory(prefix="spacegraph-review-shots-") as scratch:
        data_dir = Path(scratch) / "graph_data"
        shutil.copytree(ROOT / "graph_data", data_dir, ignore=shutil.ignore_patterns("review"))
        result = ingest(ROOT / "tests" / "data" / "ingest" / "article.txt", data_dir=data_dir, date="2025-03-03",
                        publisher="Orbital Review", authors=["Ada Example"])
        rows = read_sheet(result.sheet_path)
        member = next(r for r in rows if r.predicate == "sg:memberOf")
        hosts = next(r for r in rows if r.predicate == "sg:hosts")
        with ReviewSession(result.sheet_path) as session:
            server = ReviewServer(session)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
                    page = browser.new_page(viewport={"width": 1200, "height": 720}, bypass_csp=True)
                    page.goto(server.url)
                    page.wait_for_selector("body[data-ready=true]")
                    page.screenshot(path=str(output_dir / SCREENSHOTS[0]))
                    while not page.inner_text("[data-testid=position]").startswith(f"Row {member.number} "):
                        page.keyboard.press("s")
                    page.screenshot(path=str(output_dir / SCREENSHOTS[1]))
                    page.keyboard.press("t")
                    page.keyboard.type("lunar")
                    page.screenshot(path=str(output_dir / SCREENSHOTS[2]))
                    page.keyboard.press("Escape")
                    page.keyboard.press("ArrowLeft")
                    while not page.inner_text("[data-testid=position]").startswith(f"Row {hosts.number} "):
                        page.keyboard.press("ArrowLeft")
                    page.keyboard.press("p")
                    page.keyboard.type("rivals")
                    page.keyboard.press("Enter")
                    page.keyboard.press("a")
                    page.wait_for_function("spacegraphReview.state.rows.some(r => r.predicate === 'sg:rivals')")
                    page.keyboard.press("A")
                    page.keyboard.press("Enter")
                    page.wait_for_function("document.querySelector('[data-testid=accept-errors]').children.length > 0")
                    page.screenshot(path=str(output_dir / SCREENSHOTS[3]))
                    browser.close()
            finally:
                server.shutdown()
                server.server_close()
    return [output_dir / name for name in SCREENSHOTS]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "docs")
    options = parser.parse_args(argv)
    for path in take(options.output_dir):
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
