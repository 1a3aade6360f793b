"""The explorer's node menu: a right click, a long press, the context-menu key (or Shift+F10) on the graph, or "Actions…"
in the details open it on an actor; Open, Focus, Expand by relationship type, Hide, Path from here and Path to here do
what they say; the keyboard walks it and Escape gives the focus back; hidden actors travel in the address; labels stay
text; axe-core finds no serious or critical violation with it open; a finger can take every item on a phone.

Each test opens the real data's page (or a hostile one) in Debian's Chromium (see tests/test_explorer.py), at desktop,
tablet or phone size; the menu is opened where the actor is drawn on the canvas, as a reader opens it.
"""

import collections
import time
import urllib.parse

import networkx as nx
import pytest
from helpers import Opened
from test_explorer_accessibility import _focus_contrast, _serious

import spacegraph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP, TABLET, PHONE = (1440, 900), (768, 1024), (390, 844)
FINGER = 44  # px: the least width and height of a control on a touch screen
ITEMS = ["Open", "Focus on its neighbourhood", "Expand by relationship type", "Hide", "Path from here", "Path to here"]
ARGENTINA, CHANGE5, PATAGONIA = "sgid:argentina", "sgid:change-5", "sgid:patagonia-deep-space-station"


@pytest.fixture
def pages(browser, page_file):
    """Open the real data's page at a size (with touch, when asked); each must end without a console error."""
    opened = []

    def open_page(size=DESKTOP, fragment="", touch=False, path=None):
        view = Opened(browser, path or page_file, viewport=size, fragment=fragment) if not touch else _Touch(browser, path or page_file, size)
        opened.append(view)
        return view

    yield open_page
    errors = [error for view in opened for error in view.errors]
    for view in opened:
        view.page.close()
    assert errors == []


class _Touch(Opened):
    """An explorer page on a touch screen, with every console error and dialog recorded."""

    def __init__(self, browser, path, viewport):  # as Opened's, with touch
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, has_touch=True)
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri())
        deadline = time.monotonic() + 30
        while not self.page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
            assert time.monotonic() < deadline, "the layout did not settle within 30 s"
            self.page.wait_for_timeout(50)


# ---------------------------------------------------------------- the page as a reader meets it

def _point(page, actor):
    """Where ``actor`` is drawn, in the window's pixels; it must be the actor a pointer there would touch."""
    point = page.evaluate("""(id) => {
      const net = spacegraph.network, frame = document.getElementById('network').getBoundingClientRect();
      const p = net.canvasToDOM(net.getPositions([id])[id]);
      const x = frame.left + p.x, y = frame.top + p.y, top = document.elementFromPoint(x, y);
      return { x: x, y: y, under: top && top.tagName === 'CANVAS' ? net.getNodeAt(p) : null };
    }""", actor)
    assert point["under"] == actor, f"{actor} is not the actor a pointer at its own place touches"
    return point


def _right_click(page, actor):
    point = _point(page, actor)
    page.mouse.click(point["x"], point["y"], button="right")
    return point


def _long_press(page, actor):
    """A finger held on ``actor`` (vis-network's hold: 251 ms still), then lifted."""
    point = _point(page, actor)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": point["x"], "y": point["y"]}]})
    page.wait_for_timeout(600)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    return point


def _menu(page):
    return page.locator("[data-testid=node-menu]")


def _items(page):
    """The names of the menu's items a reader can see, in order."""
    return [text.replace("\u25b8", "").strip() for text in
            _menu(page).locator("[role=menuitem]:visible").all_inner_texts()]


def _choose(page, test_id):
    _menu(page).locator(f"[data-testid={test_id}]").click()


def _focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
      return e.getAttribute('data-testid') || e.id || e.className || e.tagName; }""")


def _focused_text(page):
    return page.evaluate("document.activeElement.textContent").replace("\u25b8", "").strip()


def _address(page):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).fragment))


def _visible(page):
    return set(page.evaluate("spacegraph.visibleNodeIds()"))


def _neighbours_by_label(G, actor):
    """Each relationship label that joins ``actor`` to another, with the actors it joins it to (either direction)."""
    found = collections.defaultdict(set)
    for _, other, data in G.out_edges(actor, data=True):
        found[data["label"]].add(other)
    for other, _, data in G.in_edges(actor, data=True):
        found[data["label"]].add(other)
    return found


def _inside_window(page, selector):
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]


# ---------------------------------------------------------------- opening it

@pytest.mark.parametrize("size", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_a_right_click_on_an_actor_opens_its_menu_there(pages, size):
    page = pages(size).page
    point = _right_click(page, ARGENTINA)
    menu = _menu(page)
    assert menu.is_visible() and menu.get_attribute("role") == "menu"
    assert menu.get_attribute("aria-label") == "Menu for Argentina"
    assert _items(page) == ITEMS
    assert menu.locator("button:not([role=menuitem])").count() == 0
    assert _focused_text(page) == "Open"  # the keyboard can go on from the first item
    box = menu.bounding_box()
    assert (box["x"], box["y"]) == (pytest.approx(point["x"], abs=1), pytest.approx(point["y"], abs=1))
    assert page.evaluate("spacegraph.selected()") is None  # a right click opens the menu, not the actor


def test_the_actors_tooltip_never_covers_its_menu(opened_desktop):
    page = opened_desktop.page
    point = _point(page, ARGENTINA)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")  # the actor's name and kind, as the pointer rests on it
    page.mouse.click(point["x"], point["y"], button="right")
    assert _menu(page).is_visible() and not tooltip.is_visible()
    page.keyboard.press("Escape")
    page.mouse.move(point["x"] + 1, point["y"])
    tooltip.wait_for(state="visible")  # the menu closed, the tooltip is back


def test_a_right_click_off_the_actors_opens_no_menu_and_a_click_outside_closes_it(opened_desktop):
    page = opened_desktop.page
    empty = page.evaluate("""() => {
      const net = spacegraph.network, frame = document.getElementById('network').getBoundingClientRect();
      for (let x = 20; x < frame.width; x += 15) { for (let y = 80; y < frame.height; y += 15) {
        if (net.getNodeAt({x, y}) === undefined && net.getEdgeAt({x, y}) === undefined) { return {x: frame.left + x, y: frame.top + y}; } } }
    }""")
    page.mouse.click(empty["x"], empty["y"], button="right")
    assert not _menu(page).is_visible()
    _right_click(page, ARGENTINA)
    assert _menu(page).is_visible()
    page.mouse.click(empty["x"], empty["y"])
    assert not _menu(page).is_visible()


@pytest.mark.parametrize("size", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_the_menu_stays_inside_the_window_near_its_corner(pages, size):
    page = pages(size).page
    # the view moved so that Argentina is drawn near the graph's lower right corner, clear of the zoom buttons
    page.evaluate("""(id) => {
      const net = spacegraph.network, el = document.getElementById('network'), p = net.getPositions([id])[id], s = net.getScale();
      net.moveTo({ position: { x: p.x - (el.clientWidth / 2 - 90) / s, y: p.y - (el.clientHeight / 2 - 30) / s }, scale: s, animation: false });
    }""", ARGENTINA)
    point = _right_click(page, ARGENTINA)
    assert point["y"] > page.viewport_size["height"] - 40
    assert _menu(page).is_visible() and _inside_window(page, "[data-testid=node-menu]")
    _choose(page, "menu-expand")  # longer with its list open, and still inside
    assert _menu(page).locator("[data-testid=node-submenu]").is_visible()
    assert _inside_window(page, "[data-testid=node-menu]")


# ---------------------------------------------------------------- each item

def test_open_opens_the_actor(opened_desktop):
    page = opened_desktop.page
    _right_click(page, ARGENTINA)
    _choose(page, "menu-open")
    assert page.evaluate("spacegraph.selected()") == ARGENTINA
    assert page.inner_text("#detail-title") == "Argentina"
    assert _address(page)["actor"] == ARGENTINA
    assert not _menu(page).is_visible()


def test_focus_keeps_the_actors_neighbourhood_with_it_open(opened_desktop, kg):
    page = opened_desktop.page
    around = set(kg.to_networkx().to_undirected(as_view=True)[ARGENTINA]) | {ARGENTINA}
    assert len(_visible(page)) > len(around)
    _right_click(page, ARGENTINA)
    _choose(page, "menu-focus")
    assert _visible(page) == around
    assert page.evaluate("spacegraph.selected()") == ARGENTINA
    assert page.is_checked("[data-testid=focus-mode]")
    assert _address(page)["focus"] == "1" and _address(page)["actor"] == ARGENTINA


def test_expand_by_relationship_type_adds_exactly_the_neighbours_of_that_type(opened_desktop, kg):
    page = opened_desktop.page
    G = kg.to_networkx()
    _right_click(page, ARGENTINA)
    _choose(page, "menu-focus")
    before = _visible(page)
    by_label = _neighbours_by_label(G, CHANGE5)
    _right_click(page, CHANGE5)
    _choose(page, "menu-expand")
    listed = _menu(page).locator("[data-testid=expand-type]")
    wanted = {label: len(others - before) for label, others in by_label.items()}
    assert {item.get_attribute("data-relation"): item.inner_text() for item in listed.all()} == {
        label: f"{label} ({count} more)" if count else f"{label} (all shown)" for label, count in wanted.items()}
    assert wanted["supports"] >= 2 and len(wanted) >= 3
    _menu(page).locator("[data-testid=expand-type][data-relation=supports]").click()
    added = by_label["supports"] - before
    assert _visible(page) == before | added
    assert not _menu(page).is_visible()
    # what is shown now counts as shown: the same type says so, and another type still adds only its own
    _right_click(page, CHANGE5)
    _choose(page, "menu-expand")
    supports = _menu(page).locator("[data-relation=supports]")
    assert supports.inner_text() == "supports (all shown)" and supports.get_attribute("aria-disabled") == "true"
    supports.click(force=True)  # Playwright clicks no disabled item unless forced
    assert _visible(page) == before | added and _menu(page).is_visible()  # a type all shown does nothing
    other = next(label for label, others in sorted(by_label.items()) if others - before - added)
    _menu(page).locator(f"[data-relation='{other}']").click()
    assert _visible(page) == before | added | (by_label[other] - before - added)


def test_all_types_expands_by_every_type_and_says_when_all_are_shown(opened_desktop, kg):
    page = opened_desktop.page
    G = kg.to_networkx()
    _right_click(page, ARGENTINA)
    _choose(page, "menu-focus")
    before = _visible(page)
    every = set(G.to_undirected(as_view=True)[CHANGE5])
    _right_click(page, CHANGE5)
    _choose(page, "menu-expand")
    assert _menu(page).locator("[data-testid=expand-all-types]").inner_text() == f"All types ({len(every - before)} more)"
    _choose(page, "expand-all-types")
    assert _visible(page) == before | every
    _right_click(page, CHANGE5)
    _choose(page, "menu-expand")
    everything = _menu(page).locator("[data-testid=expand-all-types]")
    assert everything.inner_text() == "All types (all shown)" and everything.get_attribute("aria-disabled") == "true"
    # without focus mode the whole graph is shown: every type is shown already
    page.uncheck("[data-testid=focus-mode]")
    _right_click(page, ARGENTINA)
    _choose(page, "menu-expand")
    states = _menu(page).locator("[data-testid=node-submenu] [role=menuitem]").evaluate_all(
        "items => items.map(i => i.getAttribute('aria-disabled'))")
    assert states and set(states) == {"true"}


def test_expand_by_type_follows_the_relationship_filter(opened_desktop, kg):
    page = opened_desktop.page
    by_label = _neighbours_by_label(kg.to_networkx(), CHANGE5)
    dropped = next(label for label in sorted(by_label) if ARGENTINA not in by_label[label])  # Chang'e-5 stays in sight
    _right_click(page, ARGENTINA)
    _choose(page, "menu-focus")
    page.uncheck(f"[data-testid=relation-filter][value='{dropped}']")
    _right_click(page, CHANGE5)
    _choose(page, "menu-expand")
    listed = _menu(page).locator("[data-testid=expand-type]").evaluate_all("items => items.map(i => i.dataset.relation)")
    assert listed and set(listed) == set(by_label) - {dropped}  # a type the filters take out adds nobody


def test_hide_takes_the_actor_and_its_relationships_out_until_shown_again(opened_desktop, kg):
    page = opened_desktop.page
    G = kg.to_networkx()
    page.evaluate(f"spacegraph.select('{ARGENTINA}')")
    relations = page.evaluate("spacegraph.visibleEdgeCount()")
    actors = _visible(page)
    kind = G.nodes[ARGENTINA]["kind"]
    count = page.locator(f"[data-testid=kind-filter][value={kind}] ~ [data-testid=kind-count]")
    before = int(count.inner_text())
    _right_click(page, ARGENTINA)
    _choose(page, "menu-hide")
    assert _visible(page) == actors - {ARGENTINA}
    assert int(count.inner_text()) == before - 1  # the legend counts it no more
    assert page.evaluate("spacegraph.visibleEdgeCount()") == relations - G.degree(ARGENTINA)
    assert page.evaluate("spacegraph.selected()") is None  # its details are closed
    assert "Argentina" not in page.inner_text("[data-testid=details]")
    assert _address(page).get("hidden") == ARGENTINA and "actor" not in _address(page)
    note = page.locator("[data-testid=hidden-note]")
    assert note.is_visible() and note.inner_text().startswith("Hidden: 1 actor.")
    _right_click(page, CHANGE5)
    _choose(page, "menu-hide")
    assert note.inner_text().startswith("Hidden: 2 actors.")
    assert _address(page)["hidden"] == ",".join(sorted([ARGENTINA, CHANGE5]))
    page.click("[data-testid=show-hidden]")
    assert _visible(page) == actors and page.evaluate("spacegraph.visibleEdgeCount()") == relations
    assert not note.is_visible() and "hidden" not in _address(page)


def test_hidden_actors_come_back_from_the_address_and_reset_shows_them(pages):
    fragment = "#" + urllib.parse.urlencode({"hidden": f"{ARGENTINA},sgid:nobody,{CHANGE5}"})
    view = pages(DESKTOP, fragment=fragment)
    page = view.page
    assert page.evaluate("spacegraph.hiddenIds()") == sorted([ARGENTINA, CHANGE5])  # an id the graph lacks is ignored
    shown = _visible(page)
    assert ARGENTINA not in shown and CHANGE5 not in shown and PATAGONIA in shown
    assert page.inner_text("[data-testid=hidden-note]").startswith("Hidden: 2 actors.")
    page.click("[data-testid=reset]")
    assert page.evaluate("spacegraph.hiddenIds()") == [] and {ARGENTINA, CHANGE5} <= _visible(page)
    assert "hidden" not in _address(page)
    page.go_back()  # the shared view again, from the history
    deadline = time.monotonic() + 10
    while page.evaluate("spacegraph.hiddenIds()") != sorted([ARGENTINA, CHANGE5]):
        assert time.monotonic() < deadline, "the back button did not hide them again"
        time.sleep(0.05)


def test_opening_a_hidden_actor_by_name_shows_it_again(opened_desktop):
    page = opened_desktop.page
    _right_click(page, ARGENTINA)
    _choose(page, "menu-hide")
    page.fill("[data-testid=search]", "Argentina")
    page.press("[data-testid=search]", "Enter")
    assert page.evaluate("spacegraph.selected()") == ARGENTINA and ARGENTINA in _visible(page)
    assert page.evaluate("spacegraph.hiddenIds()") == []


def test_path_from_here_and_to_here_fill_the_path_finder_and_draw_the_path(opened_desktop, kg):
    page = opened_desktop.page
    esa = "sgid:european-space-agency"
    _right_click(page, ARGENTINA)
    _choose(page, "menu-path-from")
    assert page.input_value("[data-testid=path-from]") == "Argentina"
    assert _focused(page) == "path-to"  # the other end to name
    assert page.evaluate("spacegraph.network.getSelectedNodes()") == []  # no path yet
    _right_click(page, esa)
    _choose(page, "menu-path-to")
    assert page.input_value("[data-testid=path-to]") == "European Space Agency"
    drawn = page.evaluate("spacegraph.network.getSelectedNodes()")
    hops = nx.shortest_path_length(kg.to_networkx().to_undirected(as_view=True), ARGENTINA, esa)
    assert drawn[0] == ARGENTINA and drawn[-1] == esa and len(drawn) >= hops + 1
    assert _address(page)["from"] == ARGENTINA and _address(page)["to"] == esa
    assert page.locator("[data-testid=path-steps]").is_visible()
    # from the other way round: To is named, so Path from here draws at once
    _right_click(page, CHANGE5)
    _choose(page, "menu-path-from")
    assert _address(page)["from"] == CHANGE5 and _address(page)["to"] == esa


# ---------------------------------------------------------------- keyboard and the details

def test_the_keyboard_opens_walks_and_closes_the_menu(opened_desktop):
    page = opened_desktop.page
    page.focus("#network")
    page.keyboard.press("ContextMenu")
    assert not _menu(page).is_visible()  # no actor open: nothing to open it for
    page.evaluate(f"spacegraph.select('{ARGENTINA}')")
    page.focus("#network")
    page.keyboard.press("ContextMenu")
    assert _menu(page).is_visible() and _menu(page).get_attribute("aria-label") == "Menu for Argentina"
    assert _focused_text(page) == "Open"
    walked = []
    for key in ["ArrowDown", "ArrowDown", "ArrowUp", "ArrowUp", "ArrowUp", "Home", "End"]:
        page.keyboard.press(key)
        walked.append(_focused_text(page))
    assert walked == ["Focus on its neighbourhood", "Expand by relationship type", "Focus on its neighbourhood", "Open",
                      "Path to here", "Open", "Path to here"]
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")  # into the list of types
    expand = _menu(page).locator("[data-testid=menu-expand]")
    assert expand.get_attribute("aria-expanded") == "true" and _focused(page) == "expand-all-types"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.closest('[data-testid=node-submenu]') !== null")
    page.keyboard.press("Escape")  # out of the list, the menu still open
    assert expand.get_attribute("aria-expanded") == "false" and _focused(page) == "menu-expand" and _menu(page).is_visible()
    page.keyboard.press("Escape")
    assert not _menu(page).is_visible()
    assert page.evaluate("document.activeElement.id") == "network"  # back where it came from
    assert page.evaluate("spacegraph.selected()") == ARGENTINA  # Escape closed the menu, and left the actor open
    page.keyboard.press("Shift+F10")
    assert _menu(page).is_visible()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert _focused_text(page) == "Hide"
    page.keyboard.press("Enter")
    assert ARGENTINA not in _visible(page) and not _menu(page).is_visible()
    assert page.evaluate("document.activeElement.id") == "network"


def test_space_chooses_and_tab_closes(opened_desktop):
    page = opened_desktop.page
    _right_click(page, ARGENTINA)
    page.keyboard.press("Tab")
    assert not _menu(page).is_visible() and page.evaluate("spacegraph.selected()") is None
    _right_click(page, ARGENTINA)
    page.keyboard.press(" ")
    assert page.evaluate("spacegraph.selected()") == ARGENTINA and not _menu(page).is_visible()


def test_actions_in_the_details_open_the_same_menu_and_escape_returns_to_it(opened_desktop, kg):
    page = opened_desktop.page
    label = kg.to_networkx().nodes[CHANGE5]["label"]
    page.evaluate(f"spacegraph.select('{CHANGE5}')")
    button = page.locator("[data-testid=node-menu-button]")
    assert button.get_attribute("aria-haspopup") == "menu" and button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert _menu(page).is_visible() and _menu(page).get_attribute("aria-label") == f"Menu for {label}"
    assert _items(page) == ITEMS and button.get_attribute("aria-expanded") == "true"
    assert _inside_window(page, "[data-testid=node-menu]")
    page.keyboard.press("Escape")
    assert not _menu(page).is_visible() and _focused(page) == "node-menu-button"
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    _choose(page, "menu-focus")
    assert page.is_checked("[data-testid=focus-mode]") and page.evaluate("spacegraph.selected()") == CHANGE5
    page.click("[data-testid=node-menu-button]")
    _choose(page, "menu-expand")
    assert _menu(page).locator("[data-testid=node-submenu]").is_visible()


def test_the_focused_item_is_marked_at_3_to_1(opened_desktop):
    page = opened_desktop.page
    _right_click(page, ARGENTINA)
    assert _focus_contrast(page, "[data-testid=menu-open]") >= 3
    _choose(page, "menu-expand")
    assert _focus_contrast(page, "[data-testid=expand-all-types]") >= 3


# ---------------------------------------------------------------- a finger

@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_long_press_opens_the_menu_with_items_a_finger_can_take(pages, size):
    page = pages(size, touch=True).page
    china = "sgid:china"
    _long_press(page, china)
    menu = _menu(page)
    assert menu.is_visible() and menu.get_attribute("aria-label") == "Menu for China"
    assert _items(page) == ITEMS  # the finger's lift chose nothing
    assert _inside_window(page, "[data-testid=node-menu]")
    menu.locator("[data-testid=menu-expand]").tap()
    for item in menu.locator("[role=menuitem]:visible").all():
        box = item.bounding_box()
        assert box["width"] >= FINGER and box["height"] >= FINGER, item.inner_text()
    assert _inside_window(page, "[data-testid=node-menu]")
    menu.locator("[data-testid=menu-hide]").tap()
    assert china not in _visible(page) and not menu.is_visible()
    page.locator("[data-testid=open-controls]").tap()
    again = page.locator("[data-testid=show-hidden]")
    assert again.is_visible() and min(again.bounding_box()["width"], again.bounding_box()["height"]) >= FINGER
    again.tap()
    assert china in _visible(page) and not again.is_visible()


def test_on_a_phone_path_from_here_opens_the_path_finder(pages):
    page = pages(PHONE, touch=True).page
    _long_press(page, ARGENTINA)
    _menu(page).locator("[data-testid=menu-path-from]").tap()
    assert page.locator("[data-testid=path-to]").is_visible() and _focused(page) == "path-to"
    assert page.input_value("[data-testid=path-from]") == "Argentina"


# ---------------------------------------------------------------- safety and axe-core

def test_a_hostile_label_is_text_in_the_menu(browser, tmp_path, fixture_path):
    hostile = spacegraph.load([fixture_path("hostile.ttl")])
    view = Opened(browser, hostile.render(tmp_path / "hostile.html"), viewport=DESKTOP)
    try:
        page = view.page
        _right_click(page, "sgid:evil")
        assert _menu(page).get_attribute("aria-label") == "Menu for <img src=x onerror=alert(1)>"
        _choose(page, "menu-expand")
        assert _menu(page).locator("[data-testid=expand-type]").inner_text() == "rivals (all shown)"
        assert _menu(page).locator("img, script, svg").count() == 0
        _choose(page, "menu-path-from")
        assert page.input_value("[data-testid=path-from]") == "<img src=x onerror=alert(1)>"
        _right_click(page, "sgid:evil")
        _choose(page, "menu-hide")
        assert _address(page)["hidden"] == "sgid:evil"
        assert page.locator("body img").count() == 0
        time.sleep(0.2)
        assert view.dialogs == [] and view.errors == []
    finally:
        view.page.close()


def test_the_open_menu_has_no_serious_violation(opened_desktop):
    page = opened_desktop.page
    _right_click(page, ARGENTINA)
    assert _serious(page) == []
    _choose(page, "menu-expand")
    assert _serious(page) == []
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.evaluate(f"spacegraph.select('{ARGENTINA}')")
    page.click("[data-testid=node-menu-button]")
    assert _serious(page) == []


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_the_open_menu_on_a_touch_screen_has_no_serious_violation(pages, size):
    page = pages(size, touch=True).page
    _long_press(page, ARGENTINA)
    _menu(page).locator("[data-testid=menu-expand]").tap()
    assert _menu(page).is_visible() and _serious(page) == []
