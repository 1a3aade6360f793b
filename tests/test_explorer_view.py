"""The explorer's first view and its view controls: a title that names the graph, zoom and fit on the canvas and from the
keys, a view that fits what the filters leave, and names that dim with their actors.

Each test opens the real data's page in Debian's Chromium (see tests/test_explorer.py).
"""

import itertools
import re

import pytest
from helpers import Opened

from spacegraph.explorer.render import default_title

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE, TABLET = (390, 844), (768, 1024)


@pytest.fixture
def opened(opened_desktop):
    return opened_desktop


def _view(page):
    return page.evaluate("spacegraph.view()")


def test_the_title_and_heading_name_the_graph_and_its_sources(opened, kg):
    page = opened.page
    cited = {source.get("document") for _, _, data in kg.to_networkx().edges(data=True) for source in data.get("sources", [])}
    title = page.title()
    assert re.fullmatch(r"Space sector actors and relationships, from \d+ sources", title)
    assert title == default_title(int(title.split()[-2])) and int(title.split()[-2]) >= len(cited - {None})
    assert page.inner_text("h1") == title
    assert page.inner_text("[data-testid=subtitle]").startswith("Every relationship quotes its source: ")
    assert "how connected" in page.inner_text("[data-testid=edge-legend]")


def test_a_title_given_is_kept(kg, tmp_path, browser):
    view = Opened(browser, kg.render(tmp_path / "t.html", title="<b>Mine</b>"))
    try:
        assert view.page.title() == "<b>Mine</b>" and view.page.inner_text("h1") == "<b>Mine</b>"  # text, never markup
    finally:
        view.page.close()


def test_buttons_zoom_in_and_out_and_fit(opened):
    page = opened.page
    first = _view(page)
    page.click("[data-testid=zoom-in]")
    assert _view(page)["scale"] == pytest.approx(first["scale"] * 1.4)
    page.click("[data-testid=zoom-out]")
    page.click("[data-testid=zoom-out]")
    assert _view(page)["scale"] == pytest.approx(first["scale"] / 1.4)
    page.click("[data-testid=zoom-fit]")
    assert _view(page)["scale"] == pytest.approx(first["scale"], rel=0.02)


def test_keys_zoom_fit_and_pan_the_graph(opened):
    page = opened.page
    first = _view(page)
    page.focus("#network")
    page.keyboard.press("+")
    assert _view(page)["scale"] == pytest.approx(first["scale"] * 1.4)
    page.keyboard.press("-")
    assert _view(page)["scale"] == pytest.approx(first["scale"])
    page.keyboard.press("ArrowRight")
    moved = _view(page)
    width = page.locator("#network").bounding_box()["width"]
    assert moved["position"]["x"] - first["position"]["x"] == pytest.approx(0.2 * width / first["scale"], rel=0.01)
    page.keyboard.press("ArrowUp")
    assert _view(page)["position"]["y"] < moved["position"]["y"]
    assert page.evaluate("spacegraph.selected()") is None  # with no actor open, arrows pan and open nothing
    page.keyboard.press("0")
    assert _view(page)["scale"] == pytest.approx(first["scale"], rel=0.02)


def _on_screen(page):
    """Ids of the shown actors drawn inside the canvas's box."""
    return page.evaluate("""() => {
      const net = spacegraph.network, box = document.getElementById('network').getBoundingClientRect();
      return spacegraph.visibleNodeIds().filter(id => {
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
      });
    }""")


def test_a_filter_fits_the_view_to_what_is_left_unless_the_reader_moved_it(opened):
    page = opened.page
    first = _view(page)
    for box in page.locator("[data-testid=kind-filter]").all():
        if box.get_attribute("value") != "company":
            box.uncheck()
    companies = page.evaluate("spacegraph.visibleNodeIds()")
    assert companies and set(_on_screen(page)) == set(companies)
    assert _view(page)["scale"] > first["scale"]  # the few companies are drawn bigger than the whole graph was
    page.click("[data-testid=zoom-in]")  # the reader moves the view: a filter leaves it there
    moved = _view(page)
    page.locator("[data-testid=kind-filter][value=state]").check()
    assert _view(page) == moved
    page.click("[data-testid=zoom-fit]")  # fitted again: the next filter fits too
    page.locator("[data-testid=kind-filter][value=state]").uncheck()
    assert set(_on_screen(page)) == set(page.evaluate("spacegraph.visibleNodeIds()"))


def _drawn(page):
    """Wait until the network has drawn what the last change asked for (it draws on the next animation frames)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _darkest_label_pixel(page, node_id):
    """The darkest pixel (luminance 0–255) inside the label box of ``node_id`` as drawn on the canvas."""
    _drawn(page)
    return page.evaluate("""(id) => {
      const net = spacegraph.network, node = net.body.nodes[id], size = node.labelModule.size;
      const canvas = document.querySelector('#network canvas'), ratio = canvas.width / canvas.clientWidth;
      const a = net.canvasToDOM({x: size.left, y: size.top}), b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
      const x = Math.max(0, Math.floor(a.x * ratio)), y = Math.max(0, Math.floor(a.y * ratio));
      const w = Math.max(1, Math.ceil((b.x - a.x) * ratio)), h = Math.max(1, Math.ceil((b.y - a.y) * ratio));
      const pixels = canvas.getContext('2d').getImageData(x, y, w, h).data;
      let darkest = 255;
      for (let i = 0; i < pixels.length; i += 4) {  // as seen: the canvas is transparent, over the page's white
        const alpha = pixels[i + 3] / 255, lum = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
        darkest = Math.min(darkest, alpha * lum + (1 - alpha) * 255);
      }
      return darkest;
    }""", node_id)


def test_dimming_an_actor_dims_its_name_too(opened, kg):
    page = opened.page
    page.evaluate("spacegraph.select('sgid:argentina')")
    G = kg.to_networkx()
    near = set(G.successors("sgid:argentina")) | set(G.predecessors("sgid:argentina"))
    seen = set(_on_screen(page))
    lit = sorted(seen & near)
    dimmed = sorted(seen - near - {"sgid:argentina"})
    assert lit and dimmed
    assert max(_darkest_label_pixel(page, n) for n in lit) < 90  # a highlighted name is dark
    assert min(_darkest_label_pixel(page, n) for n in dimmed) > 120  # every dimmed name on screen is faint
    page.focus("#network")
    page.keyboard.press("Escape")
    assert max(_darkest_label_pixel(page, n) for n in dimmed) < 90  # and dark again once nothing is selected


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_the_zoom_buttons_are_big_enough_for_a_finger(browser, page_file, viewport):
    view = Opened(browser, page_file, viewport=viewport)
    try:
        for name in ("zoom-in", "zoom-out", "zoom-fit"):
            box = view.page.locator(f"[data-testid={name}]").bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
        first = _view(view.page)
        view.page.click("[data-testid=zoom-in]")
        assert _view(view.page)["scale"] > first["scale"]
        assert view.errors == []
    finally:
        view.page.close()


def _history_length(page):
    return page.evaluate("history.length")


def test_a_slider_drag_typing_and_play_add_one_history_entry_each(opened):
    page = opened.page
    slider = page.locator("[data-testid=month-slider]")
    before = _history_length(page)
    top = int(slider.get_attribute("max"))
    # one drag: six moves, then the release, as fast as a hand moves it
    slider.evaluate("""(s, months) => { for (const v of months) { s.value = String(v); s.dispatchEvent(new Event('input')); }
                                        s.dispatchEvent(new Event('change')); }""", list(range(top - 40, top - 34)))
    assert _history_length(page) == before + 1
    # a date typed key by key: the box gives a whole date at each of these keys
    page.locator("[data-testid=date-filter]").evaluate("""(box, days) => { for (const day of days) { box.value = day;
                                                            box.dispatchEvent(new Event('change')); } }""",
                                                       ["2022-01-01", "2023-01-01", "2024-01-01", "2024-06-01"])
    assert _history_length(page) == before + 2
    page.click("[data-testid=play]")
    values = []
    while len(set(values)) < 3:  # two steps of Play
        values.append(int(slider.input_value()))
        page.wait_for_timeout(40)
    page.click("[data-testid=play]")
    assert _history_length(page) == before + 3
    steps = sorted(set(values))
    assert steps[2] - steps[1] == max(1, round((top + 1) / 150))  # the whole range in about 150 steps
    page.go_back()
    assert page.input_value("[data-testid=date-filter]") == "2024-06-01"  # back: the view before Play


def test_a_date_still_being_typed_filters_nothing(opened):
    page = opened.page
    everyone = opened.visible()
    page.fill("[data-testid=date-filter]", "0002-05-03")  # the year box after one key of 2024
    assert opened.visible() == everyone and page.inner_text("[data-testid=month-label]") == "any date"
    page.fill("[data-testid=date-filter]", "2023-06-01")
    assert opened.visible() != everyone


def test_the_date_control_is_near_the_top_with_year_marks(opened):
    page = opened.page
    top = page.locator("#date-title").bounding_box()["y"] - page.locator("#controls").bounding_box()["y"]
    assert top < 450  # above the focus, path, kind and relationship sections
    marks = page.locator("[data-testid=year-marks] span").all_inner_texts()
    dates = sorted(d for d in page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=month-slider]'))
      .map(s => s.max)""") if d)
    years = [int(mark) for mark in marks]
    assert 2 <= len(years) <= 6 and dates
    steps = {b - a for a, b in itertools.pairwise(years)}
    assert len(steps) == 1 and steps.pop() in (1, 2, 5, 10, 20, 50) and years == sorted(set(years))
    # each year marked at its January, on a slider of one step per month from a January to a December
    months = int(dates[0]) + 1
    lefts = page.locator("[data-testid=year-marks] span").evaluate_all("marks => marks.map(m => parseFloat(m.style.left))")
    first = years[0] - round(lefts[0] / 100 * (months - 1) / 12)
    assert months % 12 == 0 and all(first <= year < first + months // 12 for year in years)
    assert lefts == [pytest.approx(100 * (year - first) * 12 / (months - 1), abs=0.01) for year in years]


def test_the_legend_isolates_a_kind_and_its_counts_follow_the_filters(opened, kg):
    page = opened.page
    G = kg.to_networkx()
    companies = {n for n, d in G.nodes(data=True) if d.get("kind") == "company"}
    page.click("[data-testid=only-kind][value=company]")
    assert opened.visible() == companies
    assert page.locator("[data-testid=kind-filter]:checked").count() == 1
    page.click("[data-testid=only-kind][value=company]")  # again: every kind
    assert opened.visible() == set(G.nodes)
    counts = dict(zip(page.locator("[data-testid=kind-filter]").evaluate_all("boxes => boxes.map(b => b.value)"),
                      map(int, page.locator("[data-testid=kind-count]").all_inner_texts()), strict=True))
    assert counts["company"] == len(companies)
    page.fill("[data-testid=date-filter]", "2023-06-01")
    shown = opened.visible()
    after = dict(zip(counts, map(int, page.locator("[data-testid=kind-count]").all_inner_texts()), strict=True))
    kind_of = dict(G.nodes(data="kind"))
    assert after == {kind: sum(1 for n in shown if kind_of[n] == kind) for kind in counts}
    assert after != counts  # some actors do not hold at that date


def test_a_community_in_the_legend_isolates_it(opened):
    page = opened.page
    page.click("[data-testid=color-by-community]")
    first = page.locator("[data-testid=only-community]").first
    number = int(first.get_attribute("value"))
    first.click()
    members = set(page.evaluate("""(n) => spacegraph.visibleNodeIds()"""))
    assert members and first.get_attribute("aria-pressed") == "true" and f"community={number}" in page.url
    assert all(page.evaluate("(ids) => ids.map(id => spacegraph.community(id))", sorted(members))[i] == number
               for i in range(len(members)))
    first.click()
    assert len(opened.visible()) > len(members) and "community=" not in page.url


def _small_targets(page, panel):
    """Controls and links in ``panel`` that a finger cannot hit: a target under 44 × 44 px (a box's target is its label)."""
    return page.evaluate("""(panel) => {
      const small = [];
      for (const e of document.querySelectorAll('#' + panel + ' button, #' + panel + ' a, #' + panel + ' input, #' + panel + ' select')) {
        const target = (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e;
        const box = target.getBoundingClientRect();
        if (box.width === 0 || getComputedStyle(e).visibility === 'hidden') { continue; }  // not shown
        if (box.width < 44 || box.height < 44) { small.push([e.outerHTML.slice(0, 80), Math.round(box.width), Math.round(box.height)]); }
      }
      return small;
    }""", panel)


def test_every_control_and_link_on_a_phone_is_big_enough_and_one_panel_opens_at_a_time(browser, page_file):
    view = Opened(browser, page_file, viewport=PHONE)
    try:
        page = view.page
        page.click("[data-testid=open-controls]")
        page.fill("[data-testid=search]", "china")  # results too
        assert _small_targets(page, "controls") == []
        page.evaluate("spacegraph.select('sgid:argentina')")  # opens the details, and closes the filters
        assert page.locator("#details").is_visible() and not page.locator("#controls").is_visible()
        assert _small_targets(page, "details") == []
        page.click("[data-testid=open-controls]")
        assert page.locator("#controls").is_visible() and not page.locator("#details").is_visible()
        assert view.errors == []
    finally:
        view.page.close()


def test_the_png_is_twice_the_screen_with_title_legend_date_and_credit(opened):
    import base64
    import struct

    page = opened.page
    page.fill("[data-testid=date-filter]", "2024-06-30")
    canvas = page.locator("#network canvas").bounding_box()
    picture = page.evaluate("spacegraph.picture()")
    png = base64.b64decode(picture["url"].split(",", 1)[1])
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width == 2 * round(canvas["width"]) and height > 2 * round(canvas["height"])  # the frame adds rows
    assert _view(page)["scale"] == pytest.approx(page.evaluate("spacegraph.view()")["scale"])  # the page is as it was
    assert page.locator("#network canvas").evaluate("c => c.width") == round(canvas["width"])  # drawn at 1x again
    header = page.evaluate("""(url) => new Promise(done => { const img = new Image(); img.onload = () => {
      const c = document.createElement('canvas'); c.width = img.width; c.height = 120; const x = c.getContext('2d');
      x.drawImage(img, 0, 0); const d = x.getImageData(0, 0, img.width, 120).data; let dark = 0;
      for (let i = 0; i < d.length; i += 4) { if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) { dark++; } } done(dark); };
      img.src = url; })""", picture["url"])
    assert header > 500  # the title and the date are written above the graph


def test_a_table_beside_the_graph_lists_what_is_shown_and_follows_the_selection(opened, kg):
    page = opened.page
    G = kg.to_networkx()
    page.click("[data-testid=table-toggle]")  # one click from the first view
    rows = page.evaluate("spacegraph.tableRows()")
    assert len(rows) == G.number_of_nodes() and page.inner_text("[data-testid=table-count]") == f"{len(rows)} actors shown"
    degrees = [int(row[2]) for row in rows]
    assert degrees == sorted(degrees, reverse=True)  # the most connected first
    page.click("#table th >> nth=0")  # sorted by name
    assert page.get_attribute("#table th >> nth=0", "aria-sort") == "ascending"
    assert page.evaluate("""() => { const names = spacegraph.tableRows().map(row => row[0]);
      return names.length > 1 && names.every((name, i) => i === 0 || names[i - 1].localeCompare(name) <= 0); }""")
    page.fill("[data-testid=table-filter]", "argent")
    assert [row[0] for row in page.evaluate("spacegraph.tableRows()")] == ["Argentina"]
    page.click("#table tbody button.actor")  # a row opens its actor
    assert page.evaluate("spacegraph.selected()") == "sgid:argentina"
    assert page.locator("#table tr[aria-selected=true]").inner_text().startswith("Argentina")
    page.fill("[data-testid=table-filter]", "")
    page.evaluate("spacegraph.select('sgid:china')")  # and the actor opened in the graph is the row marked
    assert page.locator("#table tr[aria-selected=true]").inner_text().startswith("China")
    page.click("[data-testid=table-relations]")
    assert len(page.evaluate("spacegraph.tableRows()")) == page.evaluate("spacegraph.visibleEdgeCount()")
    page.click("[data-testid=only-kind][value=company]")  # the table follows the filters
    page.click("[data-testid=table-actors]")
    companies = {d["label"] for _, d in G.nodes(data=True) if d.get("kind") == "company"}
    assert {row[0] for row in page.evaluate("spacegraph.tableRows()")} == companies


def test_the_table_opens_on_a_phone_with_a_finger_sized_button(browser, page_file):
    view = Opened(browser, page_file, viewport=PHONE)
    try:
        toggle = view.page.locator("[data-testid=table-toggle]")
        box = toggle.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        toggle.click()
        assert view.page.locator("[data-testid=table-view]").is_visible()
        assert view.page.evaluate("spacegraph.tableRows().length") > 0 and view.errors == []
    finally:
        view.page.close()


def test_an_actor_absent_at_the_date_is_not_opened_onto_nothing(opened):
    page = opened.page
    page.fill("[data-testid=date-filter]", "2023-06-01")
    assert page.evaluate("spacegraph.select('sgid:military-aerospace-force')") is False
    assert page.evaluate("spacegraph.selected()") is None
    assert "is not in the graph on 2023-06-01 (from 2024-04" in page.inner_text("[data-testid=details]")
    dimmed = page.evaluate("Object.values(spacegraph.network.body.nodes).filter(n => n.options.opacity < 1).length")
    assert dimmed == 0  # nothing dimmed around an actor that is not there


@pytest.mark.parametrize("viewport", [(1440, 900), PHONE], ids=["desktop", "phone"])
def test_an_opened_actor_is_shown_with_its_neighbours_in_view(browser, page_file, kg, viewport):
    G = kg.to_networkx()
    view = Opened(browser, page_file, viewport=viewport)
    try:
        page = view.page
        for actor in ("sgid:argentina", "sgid:european-space-agency", "sgid:spacex"):
            page.evaluate(f"spacegraph.select('{actor}')")
            near = (set(G.successors(actor)) | set(G.predecessors(actor)) | {actor}) & set(page.evaluate("spacegraph.visibleNodeIds()"))
            box = page.locator("#network").bounding_box()
            top = 0.38 * box["height"] if viewport == PHONE else box["height"]  # above the details sheet on a phone
            places = page.evaluate("(ids) => ids.map(id => spacegraph.network.canvasToDOM(spacegraph.network.getPositions([id])[id]))",
                                   sorted(near))
            assert all(0 <= p["x"] <= box["width"] and 0 <= p["y"] <= top for p in places), actor
            drawn = page.evaluate(f"(() => {{ const n = spacegraph.network; return n.body.nodes['{actor}'].labelModule.fontOptions.size * n.getScale(); }})()")
            assert drawn >= 11, actor  # the opened actor's own name is drawn, readable
        assert view.errors == []
    finally:
        view.page.close()


#: Turns the wheel three notches over the graph within one task; says whether the moving picture was shown meanwhile.
WHEEL_TURNED = """() => {
    const canvas = spacegraph.network.canvas.frame.canvas, box = canvas.getBoundingClientRect();
    for (let i = 0; i < 3; i++) {
      canvas.dispatchEvent(new WheelEvent("wheel", { deltaY: -100, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2,
                                                     bubbles: true, cancelable: true }));
    }
    return getComputedStyle(document.querySelector(".pan-picture")).display !== "none";
}"""


def test_a_view_slow_to_draw_moves_a_picture_under_the_wheel_however_few_its_actors(opened):
    """A view drawn in under 8 ms is drawn live as the wheel turns; once a drawing takes longer, a picture moves instead."""
    page = opened.page
    assert len(opened.visible()) < 2000
    drawn_in = page.evaluate("""() => new Promise(done => { spacegraph.network.redraw();
        requestAnimationFrame(() => requestAnimationFrame(() => done(spacegraph.lastDrawingMs()))); })""")
    assert page.evaluate(WHEEL_TURNED) is (drawn_in >= 8)  # drawn live, unless this machine drew the view slowly
    page.wait_for_timeout(400)  # the wheel settles
    # each drawing now takes 12 ms more, as a crowded view's does
    page.evaluate("""() => new Promise(done => {
        spacegraph.network.on("beforeDrawing", () => { const until = performance.now() + 12; while (performance.now() < until) {} });
        spacegraph.network.redraw(); requestAnimationFrame(() => requestAnimationFrame(done)); })""")
    assert page.evaluate(WHEEL_TURNED) is True
