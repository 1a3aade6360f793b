"""The explorer as a reader uses it: a layout that stays put, a phone, search, links, the address, keys and months.

Each test opens the real data's page in Debian's Chromium (see tests/test_explorer.py).
"""

import time
import urllib.parse
from pathlib import Path

import pytest
from helpers import Opened

import spacegraph
from spacegraph.core import paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = (390, 844)


@pytest.fixture
def opened(browser, page_file):
    view = Opened(browser, page_file)
    yield view
    assert view.errors == []
    view.page.close()


def _positions(view):
    return view.page.evaluate("spacegraph.positions()")


def _within_a_pixel(before, after):
    assert set(before) == set(after)
    moved = {n: (before[n], after[n]) for n in before
             if abs(before[n]["x"] - after[n]["x"]) > 1 or abs(before[n]["y"] - after[n]["y"]) > 1}
    assert moved == {}


def test_the_same_graph_gives_the_same_layout(kg, tmp_path, page_file):
    again = kg.render(tmp_path / "again.html")
    assert again.read_text(encoding="utf-8") == page_file.read_text(encoding="utf-8")


def test_positions_stay_through_filters_dates_and_reset(opened):
    page = opened.page
    before, view = _positions(opened), page.evaluate("spacegraph.view()")
    page.locator("[data-testid=kind-filter][value=state]").uncheck()
    page.fill("[data-testid=date-filter]", "2023-06-01")
    page.locator("[data-testid=relation-filter][value='member of']").uncheck()
    during = _positions(opened)
    assert "sgid:argentina" not in during
    _within_a_pixel({n: p for n, p in before.items() if n in during}, during)
    page.evaluate("spacegraph.select('sgid:argentina')")  # shows states again and zooms on Argentina
    page.click("[data-testid=reset]")
    _within_a_pixel(before, _positions(opened))
    after = page.evaluate("spacegraph.view()")
    assert abs(after["scale"] - view["scale"]) < 1e-9
    assert abs(after["position"]["x"] - view["position"]["x"]) < 1 and abs(after["position"]["y"] - view["position"]["y"]) < 1


def test_a_dragged_actor_goes_back_on_reset(opened):
    page = opened.page
    before = _positions(opened)
    start = page.evaluate("spacegraph.network.canvasToDOM(spacegraph.positions()['sgid:argentina'])")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + start["x"], box["y"] + start["y"])
    page.mouse.down()
    page.mouse.move(box["x"] + start["x"] + 80, box["y"] + start["y"] + 60, steps=8)
    page.mouse.up()
    assert abs(_positions(opened)["sgid:argentina"]["x"] - before["sgid:argentina"]["x"]) > 20
    page.click("[data-testid=reset]")
    _within_a_pixel(before, _positions(opened))


def test_a_phone_shows_the_graph_and_opens_panels(browser, page_file):
    view = Opened(browser, page_file, viewport=PHONE)
    try:
        page = view.page
        assert page.locator("#network").bounding_box()["width"] >= 300
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        assert not page.locator("[data-testid=search]").is_visible()
        page.click("[data-testid=open-controls]")
        assert page.locator("[data-testid=search]").is_visible()
        page.fill("[data-testid=search]", "Argentina")
        page.press("[data-testid=search]", "Enter")
        assert not page.locator("[data-testid=search]").is_visible()  # the filters close, the details open
        details = page.locator("[data-testid=details]")
        assert details.is_visible() and "hosts" in details.inner_text()
        box = details.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        page.click("[data-testid=details] .close")
        assert not details.is_visible()
        assert view.errors == []
    finally:
        view.page.close()


def test_search_lists_every_match_best_first(opened):
    page = opened.page
    page.fill("[data-testid=search]", "lunar research")
    found = page.evaluate("spacegraph.results()")
    assert found[:2] == ["sgid:ilrs", "sgid:international-lunar-research-station-cooperation"]
    assert len(found) > 2  # actors whose description says so, after those named so
    first = page.locator("[data-testid=search-results] button").first
    assert "International Lunar Research Station" in first.inner_text() and "programme" in first.inner_text()
    page.press("[data-testid=search]", "Enter")
    assert page.evaluate("spacegraph.selected()") == "sgid:ilrs"


@pytest.mark.parametrize("typed, actor", [("duchatel", "sgid:mathieu-duchatel"), ("DUCHÂTEL", "sgid:mathieu-duchatel"),
                                          ("asf", "sgid:military-aerospace-force")])
def test_search_folds_accents_and_case_and_reads_aliases(opened, typed, actor):
    opened.page.fill("[data-testid=search]", typed)
    assert opened.page.evaluate("spacegraph.results()")[0] == actor


def test_search_results_open_by_keyboard(opened):
    page = opened.page
    page.fill("[data-testid=search]", "lunar research")
    page.press("[data-testid=search]", "ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.evaluate("spacegraph.selected()") == "sgid:international-lunar-research-station-cooperation"


def test_search_says_when_nothing_matches_and_when_nothing_was_typed(opened):
    page = opened.page
    page.fill("[data-testid=search]", "zzzz")
    assert page.inner_text("[data-testid=search-note]") == "No actor matches \u201czzzz\u201d."
    assert page.locator("[data-testid=search-results] li").count() == 0
    page.fill("[data-testid=search]", "")
    page.press("[data-testid=search]", "Enter")
    assert page.inner_text("[data-testid=search-note]") == "Type a name, an acronym or a word to find an actor."
    assert "\u201c\u201d" not in page.inner_text("body")


def test_the_panel_groups_by_relationship_shows_a_shared_quote_once_and_links_every_name(opened):
    page = opened.page
    page.evaluate("spacegraph.select('sgid:ilrs')")
    quote = ("So far, Venezuela (providing access to ground stations), South Africa, Azerbaijan, Pakistan, Belarus, Egypt, "
             "Thailand, Nicaragua, Serbia, Kazakhstan, and Senegal have joined the ILRS.")
    quotes = page.locator("[data-testid=details] blockquote").all_inner_texts()
    assert quotes.count(quote) == 1
    headings = page.locator("[data-testid=relation-group] h3").all_inner_texts()
    assert len(headings) == len(set(headings)) and any("member of" in h for h in headings)
    members = page.locator("[data-testid=relation-group]", has=page.locator("h3", has_text="member of"))
    assert len(set(members.locator("button.actor").all_inner_texts())) == 11
    # Senegal, whom two sources quote, is listed under each quote: China Trends #22's list and the 2025 report's sentence
    assert members.locator("button.actor", has_text="Senegal").count() == 2
    assert any(q.startswith("In 2024, Senegal became the latest country to join") for q in quotes)
    page.locator("[data-testid=details] button.actor", has_text="Serbia").first.click()
    assert page.evaluate("spacegraph.selected()") == "sgid:serbia"
    assert page.inner_text("#detail-title") == "Serbia"


def test_an_edge_panel_links_both_ends(opened):
    page = opened.page
    edge = page.evaluate("""spacegraph.network.body.edgeIndices.map(id => spacegraph.network.body.edges[id]).find(e => e.fromId === 'sgid:argentina').id""")
    page.evaluate(f"spacegraph.network.selectEdges(['{edge}'])")
    point = page.evaluate(f"""(() => {{ const e = spacegraph.network.body.edges['{edge}'];
        return spacegraph.network.canvasToDOM({{x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2}}); }})()""")
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    links = page.locator("[data-testid=details] button.actor").all_inner_texts()
    assert "Argentina" in links and len(links) == 2


def test_relationship_filter_and_edge_legend(opened, kg):
    page = opened.page
    G = kg.to_networkx()
    members = sum(1 for *_, data in G.edges(data=True) if data.get("label") == "member of")
    assert members > 0
    page.locator("[data-testid=relation-filter][value='member of']").uncheck()
    assert page.evaluate("spacegraph.visibleEdgeCount()") == G.number_of_edges() - members
    page.click("#relations-none")
    assert page.evaluate("spacegraph.visibleEdgeCount()") == 0
    page.click("#relations-all")
    assert page.evaluate("spacegraph.visibleEdgeCount()") == G.number_of_edges()
    legend = page.inner_text("[data-testid=edge-legend]")
    assert "claim the source attributes or hedges" in legend and "Size: how connected (PageRank)" in legend
    assert page.locator("[data-testid=edge-legend] line[stroke-dasharray]").count() == 1
    shapes = set(page.locator("[data-testid=legend] svg").evaluate_all("l => l.map(s => s.getAttribute('data-shape'))"))
    assert {"dot", "star", "diamond"} <= shapes


def test_the_address_holds_the_view_and_the_back_button_returns(browser, page_file):
    fragment = "#" + urllib.parse.urlencode({"actor": "sgid:military-aerospace-force", "asof": "2024-06-30"})
    view = Opened(browser, page_file, fragment=fragment)
    try:
        page = view.page
        assert page.evaluate("spacegraph.selected()") == "sgid:military-aerospace-force"
        assert page.input_value("[data-testid=date-filter]") == "2024-06-30"
        assert "sgid:strategic-support-force" not in view.visible()
        page.evaluate("spacegraph.select('sgid:argentina')")
        assert "actor=sgid%3Aargentina" in page.url
        page.go_back()
        _wait(lambda: page.evaluate("spacegraph.selected()") == "sgid:military-aerospace-force")
        page.locator("[data-testid=kind-filter][value=state]").uncheck()
        assert "kinds=" in page.url
        boxes = page.locator("[data-testid=source-filter]")
        for index in range(boxes.count()):
            boxes.nth(index).uncheck()
        assert "sources=" in page.url and page.evaluate("spacegraph.visibleEdgeCount()") == 0
        shared = page.url
        again = Opened(browser, page_file, fragment=shared[shared.index("#"):])
        try:
            assert again.page.evaluate("spacegraph.visibleEdgeCount()") == 0
            assert not again.page.locator("[data-testid=source-filter]").first.is_checked()
            assert "sgid:argentina" not in again.visible()
        finally:
            again.page.close()
        assert view.errors == []
    finally:
        view.page.close()


def _wait(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_selecting_an_actor_dims_the_rest_and_escape_brightens_it(opened, kg):
    G = kg.to_networkx()
    page = opened.page
    near = set(G.predecessors("sgid:argentina")) | set(G.successors("sgid:argentina")) | {"sgid:argentina"}
    far = sorted(set(G) - near)[0]
    touching = {d["label"] for _, _, d in G.edges("sgid:argentina", data=True)}
    looks = """() => { const b = spacegraph.network.body;
        const nodes = Object.fromEntries(Object.entries(b.nodes).map(([id, n]) => [id, [n.options.opacity === undefined ? 1 : n.options.opacity, n.labelModule.fontOptions.color]]));
        const edges = Object.values(b.edges).map(e => [e.fromId, e.toId, e.options.color.opacity]);
        return { nodes: nodes, edges: edges }; }"""
    page.evaluate("spacegraph.select('sgid:argentina')")
    seen = page.evaluate(looks)
    assert seen["nodes"][far][0] == 0.18 and seen["nodes"][far][1] != "#1d232b"
    assert all(seen["nodes"][n] == [1, "#1d232b"] for n in near)
    assert {opacity for u, v, opacity in seen["edges"] if "sgid:argentina" not in (u, v)} == {0.12}
    assert {opacity for u, v, opacity in seen["edges"] if "sgid:argentina" in (u, v)} == {1} and touching
    page.focus("#network")
    page.keyboard.press("Escape")
    seen = page.evaluate(looks)
    assert {tuple(look) for look in seen["nodes"].values()} == {(1, "#1d232b")}
    assert {opacity for _, _, opacity in seen["edges"]} == {1}


def test_keys_walk_the_neighbours(opened, kg):
    page = opened.page
    G = kg.to_networkx()
    page.evaluate("spacegraph.select('sgid:argentina')")
    page.focus("#network")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    now = page.evaluate("spacegraph.selected()")
    assert now != "sgid:argentina" and now in set(G.successors("sgid:argentina")) | set(G.predecessors("sgid:argentina"))
    page.focus("#network")
    page.keyboard.press("Escape")
    assert page.evaluate("spacegraph.selected()") is None


def test_the_month_slider_plays_and_reset_resets_it(opened):
    page = opened.page
    slider = page.locator("[data-testid=month-slider]")
    page.evaluate("spacegraph.setDate('2024-04-30')")
    month = int(slider.input_value())
    assert page.inner_text("[data-testid=month-label]") == "as of 2024-04-30"
    slider.evaluate("(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input')); }", month - 1)
    assert page.input_value("[data-testid=date-filter]") == "2024-03-31"  # the last day of the month
    assert "sgid:strategic-support-force" in opened.visible()
    page.click("[data-testid=play]")
    _wait(lambda: page.input_value("[data-testid=date-filter]") > "2024-04-30")
    page.click("[data-testid=play]")
    assert page.get_attribute("[data-testid=play]", "aria-pressed") == "false"
    assert "sgid:military-aerospace-force" in opened.visible()
    page.click("[data-testid=reset]")
    assert page.input_value("[data-testid=date-filter]") == ""
    assert slider.input_value() == slider.get_attribute("max")


def test_hostile_strings_through_search_and_address_run_nothing(browser, tmp_path, fixture_path):
    hostile = spacegraph.load([fixture_path("hostile.ttl")])
    path = hostile.render(tmp_path / "hostile.html")
    fragment = "#" + urllib.parse.urlencode({"actor": "<img src=x onerror=alert(7)>", "asof": "<svg onload=alert(8)>",
                                             "kinds": "<script>alert(9)</script>"})
    view = Opened(browser, path, fragment=fragment)
    try:
        page = view.page
        assert view.visible() == {"sgid:evil", "sgid:victim"}  # kinds the graph does not hold are ignored
        page.fill("[data-testid=search]", "<img src=x onerror=alert(1)>")
        results = page.locator("[data-testid=search-results]")
        assert "<img src=x onerror=alert(1)>" in results.inner_text()
        page.fill("[data-testid=search]", "<svg onload=alert(10)>")
        assert page.inner_text("[data-testid=search-note]") == "No actor matches \u201c<svg onload=alert(10)>\u201d."
        page.fill("[data-testid=path-from]", "<img src=x onerror=alert(11)>")
        page.fill("[data-testid=path-to]", "<b>nobody</b>")
        page.click("[data-testid=path-go]")
        assert page.inner_text("[data-testid=details]").strip().endswith("No actor matches \u201c<img src=x onerror=alert(11)>\u201d.")
        page.fill("[data-testid=path-from]", "evil")
        page.click("[data-testid=path-go]")
        assert page.inner_text("[data-testid=details]").strip().endswith("No actor matches \u201c<b>nobody</b>\u201d.")
        page.fill("[data-testid=path-to]", "victim")
        page.click("[data-testid=path-go]")
        assert "<img src=x onerror=alert(1)>" in page.inner_text("[data-testid=path-steps]")
        page.fill("[data-testid=search]", "evil")
        page.press("[data-testid=search]", "Enter")
        assert page.locator("body img, body script:not([id]):not([src]) ~ img, [data-testid=details] svg").count() == 0
        time.sleep(0.2)
        assert view.dialogs == [] and view.errors == []
    finally:
        view.page.close()


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_focus_mode_shows_the_neighbourhood_to_a_depth(opened, kg, depth):
    import networkx as nx

    page = opened.page
    around = nx.single_source_shortest_path_length(kg.to_networkx().to_undirected(as_view=True), "sgid:argentina", cutoff=depth)
    page.evaluate("spacegraph.select('sgid:argentina')")
    page.check("[data-testid=focus-mode]")
    page.select_option("[data-testid=focus-depth]", str(depth))
    assert opened.visible() == set(around)
    assert f"focus={depth}" in page.url


def test_expand_adds_the_neighbours_of_an_actor(opened, kg):
    G = kg.to_networkx().to_undirected(as_view=True)
    page = opened.page
    page.evaluate("spacegraph.select('sgid:argentina')")
    page.check("[data-testid=focus-mode]")
    before = opened.visible()
    station = "sgid:patagonia-deep-space-station"
    page.evaluate(f"spacegraph.select('{station}')")  # a neighbour: focus moves to it
    page.evaluate("spacegraph.select('sgid:argentina')")
    page.locator("[data-testid=details] button.actor", has_text="Chinese deep-space station in Patagonia").first.click()
    page.click("[data-testid=expand]")
    assert opened.visible() == {station, *G[station]}
    assert before < {"sgid:argentina", *G["sgid:argentina"], *G[station]}


def test_the_path_view_highlights_the_shortest_path_and_lists_its_quotes(opened, kg):
    import networkx as nx

    page = opened.page
    steps = nx.shortest_path_length(kg.to_networkx().to_undirected(as_view=True), "sgid:argentina", "sgid:military-aerospace-force")
    page.fill("[data-testid=path-from]", "argentina")
    page.fill("[data-testid=path-to]", "ASF")
    page.click("[data-testid=path-go]")
    path = page.evaluate("spacegraph.network.getSelectedNodes()")
    assert path[0] == "sgid:argentina" and path[-1] == "sgid:military-aerospace-force" and len(path) == steps + 1
    G = kg.to_networkx()
    for a, b in zip(path, path[1:], strict=False):
        assert G.has_edge(a, b) or G.has_edge(b, a)
    listed = page.locator("[data-testid=path-steps] > li")
    assert listed.count() == steps  # one item a step, however many relationships join its two actors
    assert listed.first.inner_text().startswith("Argentina")   # the first step, with its quote
    assert listed.first.locator("blockquote").count() >= 1
    assert page.inner_text("[data-testid=details]").count(f"{steps} steps") == 1
    assert not any("claims about" in text for text in listed.all_inner_texts())   # a claim is a view, not a step
    page.check("[data-testid=path-claims]")
    page.click("[data-testid=path-go]")
    assert any("claims about" in text for text in listed.all_inner_texts())
    page.uncheck("[data-testid=path-claims]")
    page.fill("[data-testid=path-from]", "Blaine Curcio")
    page.fill("[data-testid=path-to]", "Argentina")
    page.click("[data-testid=path-go]")
    assert page.inner_text("[data-testid=details]").strip().endswith(
        "No path between Blaine Curcio and Argentina with these filters and without attributed claims.")
    page.fill("[data-testid=path-from]", "argentina")
    page.fill("[data-testid=path-to]", "nobody at all")
    page.click("[data-testid=path-go]")
    assert page.inner_text("[data-testid=details]").strip().endswith("No actor matches \u201cnobody at all\u201d.")


def test_colouring_switches_between_kind_and_community_and_the_legend_follows(opened):
    page = opened.page
    colour = "spacegraph.network.body.data.nodes.get('sgid:argentina').color"
    by_kind = page.evaluate(colour)
    page.check("[data-testid=color-by-community]")
    assert page.evaluate("spacegraph.colorBy()") == "community"
    assert page.evaluate(colour) != by_kind
    assert "around China" in page.inner_text("[data-testid=community-legend]")
    fills = set(page.locator("[data-testid=legend] svg [fill]").evaluate_all("l => l.map(s => s.getAttribute('fill'))"))
    assert fills == {"#ffffff"}  # the kinds keep their shapes, the colours now mean communities
    page.check("[data-testid=color-by-kind]")
    assert page.evaluate(colour) == by_kind
    assert page.inner_text("[data-testid=community-legend]") == ""


def _downloads(page, click, count, folder):
    """Click ``click`` and save the ``count`` files the page downloads into ``folder``; return their paths."""
    seen = []
    page.on("download", lambda download: seen.append(download))
    page.click(click)
    deadline = time.monotonic() + 10
    while len(seen) < count:
        assert time.monotonic() < deadline, f"{len(seen)} of {count} downloads"
        page.wait_for_timeout(50)
    saved = []
    for download in seen:
        target = folder / download.suggested_filename
        download.save_as(target)
        saved.append(target)
    return saved


def _rows(path):
    import csv

    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


def _shown_as_csv(page, folder):
    """The one CSV the page exports: its actor rows and its relationship rows."""
    (path,) = _downloads(page, "[data-testid=export-csv]", 1, folder)
    assert path.name == "spacegraph-view.csv"
    rows = _rows(path)
    assert {row["record"] for row in rows} <= {"actor", "relationship"}
    return [r for r in rows if r["record"] == "actor"], [r for r in rows if r["record"] == "relationship"]


def test_export_png_and_csv_of_what_is_shown(browser, page_file, tmp_path):
    view = Opened(browser, page_file)
    try:
        page = view.page
        page.locator("[data-testid=kind-filter][value=state]").uncheck()
        (png,) = _downloads(page, "[data-testid=export-png]", 1, tmp_path)
        assert png.name == "spacegraph-view.png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        actors, relations = _shown_as_csv(page, tmp_path)
        assert {row["id"] for row in actors} == view.visible()
        assert not [row for row in actors if row["kind"] == "state"]
        assert len(relations) == page.evaluate("spacegraph.visibleEdgeCount()")
        assert all(row["quotes"] for row in relations if row["hedged"] == "no")
    finally:
        view.page.close()


def test_a_formula_in_the_data_is_not_a_formula_in_the_csv(browser, tmp_path, fixture_path):
    data = tmp_path / "formula.ttl"
    data.write_text(fixture_path("hostile.ttl").read_text(encoding="utf-8") + '''
sgid:formula a sg:State ; rdfs:label "=HYPERLINK(\\"http://example.org\\",\\"x\\")"@en ;
    dct:description "@SUM(1+1)"@en .
sgid:formula sg:rivals sgid:victim .
''', encoding="utf-8")
    view = Opened(browser, spacegraph.load([data]).render(tmp_path / "formula.html"))
    try:
        actors, relations = _shown_as_csv(view.page, tmp_path)
        formula = next(row for row in actors if row["id"] == "sgid:formula")
        assert formula["label"] == "\'=HYPERLINK(\"http://example.org\",\"x\")" and formula["description"] == "\'@SUM(1+1)"
        cells = [value for row in actors + relations for value in row.values()]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    finally:
        view.page.close()


def test_a_big_graph_opens_on_its_most_central_actors(browser, tmp_path, synthetic):
    from spacegraph.explorer.render import OVERVIEW_SIZE

    data, _ = synthetic.generate(80_000, tmp_path, seed=7)
    big = spacegraph.load([data])
    G = big.to_networkx()
    assert G.number_of_nodes() > OVERVIEW_SIZE
    view = Opened(browser, big.render(tmp_path / "big.html"))
    try:
        page = view.page
        assert len(view.visible()) == OVERVIEW_SIZE
        assert "most central" in page.inner_text("[data-testid=overview-note]")
        hidden = sorted(set(G) - view.visible())[0]
        page.evaluate(f"spacegraph.select('{hidden}')")
        assert hidden in view.visible()
        # zoomed in on it, the edges in sight carry their labels, as a small graph's always do
        labels = page.evaluate(f"""(() => {{ const n = spacegraph.network;
            return n.getConnectedEdges('{hidden}').map(id => n.body.data.edges.get(id).label); }})()""")
        assert labels and all(labels)
        page.click("[data-testid=reset]")
        # the names of the most central actors are readable in the first view (up to 24), and none covers another
        hubs = page.evaluate("""(() => { const n = spacegraph.network;
            const shown = spacegraph.visibleNodeIds().map(id => n.body.data.nodes.get(id)).sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
            const central = new Set(shown.slice(0, 60).map(x => x.id));
            const named = shown.filter(x => n.body.nodes[x.id].labelModule.fontOptions.size * n.getScale() >= 12.5);
            return { named: named.length, central: named.every(x => central.has(x.id)), first: named.length > 0 && named[0].id === shown[0].id,
                     boxes: named.map(x => { const s = n.body.nodes[x.id].labelModule.size; return [s.left, s.top, s.width, s.height]; }) }; })()""")
        assert 1 <= hubs["named"] <= 24 and hubs["central"] and hubs["first"]
        boxes = hubs["boxes"]
        assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                    if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]]
        page.click("[data-testid=show-all]")
        assert len(view.visible()) == G.number_of_nodes()
        # a drag over this many actors moves a picture of the view, then draws the network once where it ends
        box = page.locator("#network").bounding_box()
        x, y = box["x"] + 20, box["y"] + 20
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 150, y + 90, steps=6)
        assert page.locator(".pan-picture").is_visible()
        assert page.get_attribute(".pan-picture", "style").count("translate(") == 1
        page.mouse.up()
        assert not page.locator(".pan-picture").is_visible()
        page.click("[data-testid=reset]")
        assert len(view.visible()) == OVERVIEW_SIZE
        assert view.errors == []
    finally:
        view.page.close()


def test_no_two_labels_overlap_in_the_first_view(opened):
    """No two names drawn overlap: vis-network draws a name whose text is at least 5 px high on screen (its default
    threshold); in a crowded first view those are the hubs' names, laid out apart."""
    boxes = opened.page.evaluate("""(() => { const n = spacegraph.network, scale = n.getScale();
        return Object.fromEntries(spacegraph.visibleNodeIds().map(id => {
            const node = n.body.nodes[id], s = node.labelModule.size;
            return [id, [s.left, s.top, s.width, s.height, node.labelModule.fontOptions.size * scale >= 5]]; })); })()""")
    assert len(boxes) >= opened.page.evaluate("spacegraph.nodeCount()")
    boxes = {node: box for node, box in boxes.items() if box[4]}
    assert len(boxes) >= 10   # the hubs, at least, are named
    names = sorted(boxes)
    overlapping = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
                   if boxes[a][0] + 1 < boxes[b][0] + boxes[b][2] and boxes[b][0] + 1 < boxes[a][0] + boxes[a][2]
                   and boxes[a][1] + 1 < boxes[b][1] + boxes[b][3] and boxes[b][1] + 1 < boxes[a][1] + boxes[a][3]]
    assert overlapping == []


@pytest.mark.parametrize("hostile", [False, True])
def test_a_quote_shows_its_source_licence_and_attribution_as_text(browser, tmp_path, hostile):
    note = (Path(__file__).parent / "data" / "two_sources" / "orbital-note.ttl").read_text(encoding="utf-8")
    licence, attribution = "CC BY 4.0", "Orbital Note, a made-up note for the tests of spacegraph, CC BY 4.0"
    if hostile:
        note = note.replace(f'sg:licence "{licence}"', 'sg:licence "<img src=x onerror=alert(12)>"')
        note = note.replace("https://creativecommons.org/licenses/by/4.0/", "javascript:alert(13)")
        note = note.replace(f'sg:attribution "{attribution}"', 'sg:attribution "<script>alert(14)</script>"')
        licence, attribution = "<img src=x onerror=alert(12)>", "<script>alert(14)</script>"
    (tmp_path / "note.ttl").write_text(note, encoding="utf-8")
    path = spacegraph.load([*paths.data_files(), tmp_path / "note.ttl"]).render(tmp_path / "two.html")
    view = Opened(browser, path)
    try:
        page = view.page
        page.evaluate("spacegraph.select('sgid:argentina')")
        details = page.locator("[data-testid=details]")
        # the one quote of the licensed note, and the Wikipedia article's (CC BY-SA 4.0, with its attribution line)
        assert sorted(details.locator("[data-testid=licence]").all_inner_texts()) == sorted([licence, "CC BY-SA 4.0", "CC BY-SA 4.0"])
        credits = details.locator("[data-testid=attribution]").all_inner_texts()
        assert attribution in credits and len(credits) == 3
        link = details.locator("[data-testid=licence]", has_text=licence)
        if hostile:   # an address that is no web address links nowhere
            assert link.evaluate("e => e.tagName") == "SPAN"
        else:
            assert link.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/"
        assert page.locator("[data-testid=details] img, [data-testid=details] script").count() == 0
        _, relations = _shown_as_csv(page, tmp_path)
        hosts = next(row for row in relations
                     if row["from"] == "sgid:argentina" and row["relationship"] == "hosts")
        licences = dict(zip(hosts["sources"].split(" | "), hosts["licences"].split(" | "), strict=True))
        assert licences == {"China Trends #22 - China's Space Dream: No Limits, No End": "", "Orbital Note": licence}
        time.sleep(0.2)
        assert view.dialogs == [] and view.errors == []
    finally:
        view.page.close()
