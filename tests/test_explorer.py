"""The explorer page in a real headless Chromium, driven by Playwright.

The Chromium is $SPACEGRAPH_CHROMIUM, else ``chromium`` or ``chromium-browser`` on PATH (Debian: apt-get install -y chromium).
"""

import time

import networkx as nx
import pytest
from helpers import Opened, explorer_payload

import spacegraph
from spacegraph.explorer.render import default_title, render_html


@pytest.fixture
def opened(browser, page_file):
    view = Opened(browser, page_file)
    yield view
    view.page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_loads_without_errors_or_requests(opened, page_file):
    assert opened.errors == []
    assert opened.requests == [page_file.as_uri()]


@pytest.mark.browser
@pytest.mark.slow
def test_counts_equal_the_projection(opened, kg):
    G = kg.to_networkx()
    assert opened.page.evaluate("[spacegraph.nodeCount(), spacegraph.edgeCount()]") == [G.number_of_nodes(), G.number_of_edges()]
    assert len(opened.visible()) == G.number_of_nodes()


@pytest.mark.browser
@pytest.mark.slow
def test_search_selects_the_aerospace_force_and_the_panel_quotes_the_source(opened):
    opened.page.fill("[data-testid=search]", "ASF")
    opened.page.press("[data-testid=search]", "Enter")
    assert opened.page.evaluate("spacegraph.network.getSelectedNodes()") == ["sgid:military-aerospace-force"]
    details = opened.page.inner_text("[data-testid=details]")
    assert "Military Aerospace Force" in details
    quotes = opened.page.locator("[data-testid=details] blockquote").all_inner_texts()
    assert "The ASF is now one of only two independent space forces worldwide, inheriting the responsibilities of the former SSF's Space Systems Department (SSD)." in quotes
    links = [a.get_attribute("href") for a in opened.page.locator("[data-testid=details] .cite a").all()]
    # each source's address: China Trends #22's, and the 2025 report's that places the force in the PLA
    assert any(h.startswith("https://institutmontaigne.org/") for h in links)
    assert any(h.startswith("https://media.defense.gov/") for h in links)


@pytest.mark.browser
@pytest.mark.slow
def test_clicking_a_node_fills_the_panel(opened):
    position = opened.page.evaluate("""(() => {
        const p = spacegraph.network.canvasToDOM(spacegraph.network.getPositions(['sgid:argentina'])['sgid:argentina']);
        return p; })()""")
    box = opened.page.locator("#network").bounding_box()
    opened.page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    assert "Argentina" in opened.page.inner_text("[data-testid=details]")
    assert "hosts a Chinese deep-space station" in opened.page.inner_text("[data-testid=details]")


@pytest.mark.browser
@pytest.mark.slow
def test_kind_filter_hides_states_by_keyboard(opened):
    box = opened.page.locator("[data-testid=kind-filter][value=state]")
    box.focus()
    opened.page.keyboard.press("Space")
    visible = opened.visible()
    assert "sgid:argentina" not in visible and "sgid:china" not in visible
    assert "sgid:military-aerospace-force" in visible


@pytest.mark.browser
@pytest.mark.slow
def test_source_filter_hides_relationships(opened, kg):
    boxes = opened.page.locator("[data-testid=source-filter]")
    assert boxes.count() == 6   # one per source, each by its title
    everything = opened.page.evaluate("spacegraph.visibleEdgeCount()")
    boxes.first.uncheck()   # China Trends #22: what only it states goes; what another source states too stays
    only_it = sum(1 for *_, data in kg.to_networkx().edges(data=True)
                  if {s["document"] for s in data["sources"]} == {"sgid:china-trends-22"})
    assert opened.page.evaluate("spacegraph.visibleEdgeCount()") == everything - only_it
    for index in range(1, boxes.count()):
        boxes.nth(index).uncheck()
    assert opened.page.evaluate("spacegraph.visibleEdgeCount()") == 0


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("date, present, absent", [
    ("2023-06-01", "sgid:strategic-support-force", "sgid:military-aerospace-force"),
    ("2025-01-01", "sgid:military-aerospace-force", "sgid:strategic-support-force"),
])
def test_date_control(opened, date, present, absent):
    opened.page.fill("[data-testid=date-filter]", date)
    visible = opened.visible()
    assert present in visible and absent not in visible
    assert "sgid:china" in visible  # undated: shown at every date


@pytest.mark.browser
@pytest.mark.slow
def test_reset_restores_everything(opened, kg):
    opened.page.fill("[data-testid=date-filter]", "2023-06-01")
    opened.page.locator("[data-testid=kind-filter][value=state]").uncheck()
    opened.page.click("[data-testid=reset]")
    assert len(opened.visible()) == kg.to_networkx().number_of_nodes()


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_strings_show_literally_and_run_nothing(browser, tmp_path, fixture_path):
    hostile = spacegraph.load([fixture_path("hostile.ttl")])
    path = hostile.render(tmp_path / "hostile.html")
    view = Opened(browser, path)
    try:
        view.page.evaluate("spacegraph.select('sgid:evil')")
        details = view.page.inner_text("[data-testid=details]")
        assert "<img src=x onerror=alert(1)>" in details
        assert "</script><script>alert(2)</script> & <svg onload=alert(3)>" in details
        assert "<img src=x onerror=alert(5)> </script><script>alert(6)</script>" in details
        assert view.page.locator("[data-testid=details] img, [data-testid=details] svg, [data-testid=details] script").count() == 0
        assert view.page.locator("[data-testid=details] a").count() == 0  # a javascript: URL never becomes a link
        view.page.evaluate("spacegraph.select('sgid:victim')")
        time.sleep(0.2)
        assert view.dialogs == [] and view.errors == []
        assert view.page.title() == default_title(len(explorer_payload(path.read_text())["documents"]))
    finally:
        view.page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_an_empty_graph_says_so(browser, tmp_path):
    path = render_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    view = Opened(browser, path)
    try:
        assert view.page.locator("#empty").is_visible()
        assert view.page.inner_text("#empty") == "No actor matches these filters."
    finally:
        view.page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_screenshot(opened, tmp_path):
    opened.page.click("[data-testid=reset]")
    shot = opened.page.screenshot(path=str(tmp_path / "explorer.png"))
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000  # a drawn network, not a blank page


@pytest.mark.slow
def test_show_gives_an_iframe_srcdoc(kg):
    shown = kg.show(height=500)
    html = shown.data
    assert html.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in html and "height:500px" in html
    assert "&lt;script" in html  # the page travels escaped inside the attribute


@pytest.mark.slow
@pytest.mark.browser
def test_the_shown_frame_inflates_its_data_and_answers_in_its_sandbox(browser, kg):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_content(kg.show(height=500).data)
    frame = page.frames[1]
    for _ in range(300):
        if frame.evaluate("() => Boolean(window.spacegraph)"):
            break
        page.wait_for_timeout(50)
    assert frame.evaluate("spacegraph.nodeCount()") == kg.to_networkx().number_of_nodes()
    assert len(frame.evaluate("spacegraph.visibleNodeIds()")) > 0
    assert errors == []
    page.close()


def test_show_without_ipython_says_how_to_install_it(kg, monkeypatch):
    import sys

    from spacegraph.errors import MissingDependency

    monkeypatch.setitem(sys.modules, "IPython", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    with pytest.raises(MissingDependency, match=r"show\(\) needs IPython; install it with: pip install 'spacegraph\[notebook\]'"):
        kg.show()


@pytest.mark.parametrize("args, code, message", [
    (["render", "--size-by", "fame"], 2, "'fame' is not one of 'pagerank', 'degree'"),
    (["render", "--color-by", "mood"], 2, "'mood' is not one of 'kind', 'community'"),
    (["render", "--as-of", "2024-99"], 2, "'2024-99' is not a date"),
])
def test_render_bad_input_writes_nothing(tmp_path, monkeypatch, args, code, message):
    from click.testing import CliRunner

    from spacegraph.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code and message in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_render_to_an_unwritable_place(tmp_path):
    from click.testing import CliRunner

    from spacegraph.cli import main

    target = tmp_path / "missing" / "x.html"
    result = CliRunner().invoke(main, ["render", "-o", str(target)])
    assert result.exit_code == 1 and result.output.startswith(f"Error: cannot write {target}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_render_by_community_and_full_view(tmp_path):
    from click.testing import CliRunner

    from spacegraph.cli import main

    result = CliRunner().invoke(main, ["render", "-o", str(tmp_path / "c.html"), "--color-by", "community", "--view", "full",
                                       "--title", "Full <view>"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "c.html").read_text()
    assert "<title>Full &lt;view&gt;</title>" in text and explorer_payload(text)["colorBy"] == "community"


@pytest.mark.browser
@pytest.mark.slow
def test_a_relationship_held_both_ways_is_one_edge_with_its_role_and_links(browser, tmp_path, fixture_path):
    both = spacegraph.load([fixture_path("held-both-ways.ttl")])
    path = both.render(tmp_path / "both.html")
    view = Opened(browser, path)
    try:
        between = view.page.evaluate("""spacegraph.network.getConnectedEdges('sgid:venezuela')
            .map(id => spacegraph.network.body.data.edges.get(id))
            .filter(e => e.to === 'sgid:ilrs' || e.from === 'sgid:ilrs').length""")
        assert between == 1
        view.page.evaluate("spacegraph.select('sgid:ilrs')")
        details = view.page.inner_text("[data-testid=details]")
        assert "relationships (2)" in details.lower() and details.count("member of") == 1
        assert "role: member providing access to ground stations" in details
        view.page.evaluate("spacegraph.select('sgid:war-in-ukraine')")
        details = view.page.inner_text("[data-testid=details]")
        assert "involvement complicated by" in details and "as part of: Russia in the ILRS" in details
        view.page.evaluate("spacegraph.select('sgid:tianwen-3')")
        details = view.page.inner_text("[data-testid=details]")
        assert "Claim: Tianwen-3 could be China's Sputnik moment in space. (hedged: \u201cSome Chinese experts suggest\u201d)" in details
        assert view.errors == []
    finally:
        view.page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_two_sources_each_quoted_and_filtered_by_title(browser, tmp_path, two_sources):
    path = two_sources.render(tmp_path / "two-sources.html")
    view = Opened(browser, path)
    try:
        titles = [t.strip() for t in view.page.locator("#sources label").all_inner_texts()]
        assert "China Trends #22 - China's Space Dream: No Limits, No End" in titles and "Orbital Note" in titles
        assert not [t for t in titles if "sgid:" in t or "://" in t]  # titles, not IRIs
        # the relationship both sources state: one edge, and in the panel each source's quote under its title
        view.page.evaluate("spacegraph.select('sgid:argentina')")
        group = view.page.locator("[data-testid=relation-group]", has=view.page.locator("h3", has_text="hosts"))
        hosts = group.locator("ul.relations > li", has_text="Chinese deep-space station in Patagonia")
        assert hosts.count() == 1
        assert hosts.locator("blockquote").all_inner_texts() == [
            "Argentina, which hosts a Chinese deep-space station in Patagonia, is also a key node in this Chinese international strategy.",
            "Argentina hosts a deep-space station in Patagonia that tracks missions far beyond the Moon."]
        cites = hosts.locator(".cite").all_inner_texts()
        assert "China Trends #22 - China's Space Dream: No Limits, No End" in cites[0] and "Orbital Note" in cites[1]
        # only the second source: its two relationships, the one it shares and its own
        for box in view.page.locator("[data-testid=source-filter]").all():
            if box.get_attribute("value") != "sgid:orbital-note":
                box.uncheck()
        shown = view.page.evaluate("""spacegraph.network.body.edgeIndices
            .map(id => spacegraph.network.body.edges[id]).map(e => e.fromId + ' ' + e.toId).sort()""")
        assert shown == ["sgid:argentina sgid:patagonia-deep-space-station", "sgid:thailand sgid:egypt"]
        assert view.errors == []
    finally:
        view.page.close()
