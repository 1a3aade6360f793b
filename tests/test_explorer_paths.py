"""Shortest paths in the explorer as a reader asks for them.

Steps are hops, with every relationship of a hop listed in it and its names written apart on the canvas; From and To
suggest actors and never pick for the reader; attributed claims make no step unless asked, by the rule of
``spacegraph path``; the path is in the address; a request that fails clears the old path and says why; on a phone the
controls take a finger and the details sheet leaves the path and "Show the path" in sight.

Each browser test opens the real data's page (or its full view) in Debian's Chromium (see tests/test_explorer.py), at
desktop size and, where the layout matters, at phone and tablet sizes.
"""

import random
import time
import urllib.parse

import networkx as nx
import pytest
from helpers import Opened, explorer_payload

from spacegraph.errors import NoPath
from spacegraph.explorer.render import explorer_html, render_html
from spacegraph.network.structure import explain_path

DESKTOP, TABLET, PHONE = (1440, 900), (768, 1024), (390, 844)
SIZES = {"desktop": DESKTOP, "tablet": TABLET, "phone": PHONE}
FINGER = 44  # px: the least width and height of a control on a touch screen


@pytest.fixture
def pages(browser):
    """Open explorer pages; each must end without a console error."""
    opened = []

    def open_page(path, size="desktop", fragment=""):
        view = Opened(browser, path, viewport=SIZES[size], fragment=fragment)
        opened.append(view)
        return view.page

    yield open_page
    errors = [error for view in opened for error in view.errors]
    for view in opened:
        view.page.close()
    assert errors == []


def _controls(page):
    """The path controls in sight: on a narrow screen the filters open over the graph."""
    if not page.locator("[data-testid=path-go]").is_visible():
        page.click("[data-testid=open-controls]")


def _choose(page, end, typed, actor):
    """Type into From or To (``end``: "from" or "to") and click ``actor`` among the suggestions."""
    _controls(page)
    page.fill(f"[data-testid=path-{end}]", typed)
    page.click(f"[data-testid=path-{end}-list] [role=option][data-id='{actor}']")


def _suggested(page, end):
    """The ids of the actors suggested under From or To, in order."""
    return page.locator(f"[data-testid=path-{end}-list] [role=option]").evaluate_all("options => options.map(o => o.dataset.id)")


def _hops(page):
    """The steps listed: for each, the line of every relationship it lists ("A —rel→ B")."""
    return [item.locator("[data-testid=path-relation] > div:first-child").all_inner_texts()
            for item in page.locator("[data-testid=path-steps] > li").all()]


def _drawn(page):
    """The actors drawn as the path, in order (the page selects them)."""
    return page.evaluate("spacegraph.network.getSelectedNodes()")


def _dimmed(page):
    """How many actors are drawn dimmed, as they are around a path."""
    return page.evaluate("Object.values(spacegraph.network.body.nodes).filter(n => n.options.opacity < 1).length")


def _address(page):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).fragment))


def _strength(hops):
    """The sum of 1 / relationships over the hops: what ``spacegraph path`` makes least among the chains of fewest hops."""
    return sum(1 / len(hop) for hop in hops)


def _uncovered(page, selector):
    """Whether a finger at the centre of the element would touch it, and nothing laid over it."""
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        " return hit === el || el.contains(hit); }")


def _until(condition, what):
    """Wait for the page to answer a history step (popstate runs after Playwright's go_back returns)."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


# ---------------------------------------------------------------- steps are hops

@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_relationships_that_join_one_pair_are_one_step_that_lists_each(pages, page_file, kg, size):
    page = pages(page_file, size)
    _choose(page, "from", "argentina", "sgid:argentina")
    _choose(page, "to", "ASF", "sgid:military-aerospace-force")
    page.check("[data-testid=path-claims]")
    page.click("[data-testid=path-go]")
    cli = explain_path(kg.to_networkx(), "sgid:argentina", "sgid:military-aerospace-force", claims=True)
    hops = _hops(page)
    assert len(hops) == len(cli) == 4
    assert page.inner_text("[data-testid=details] p.count") == "4 steps"
    assert page.locator("[data-testid=path-steps] [data-testid=path-relation]").count() > len(hops)  # six relationships
    assert _drawn(page) == ["sgid:argentina", *[step["to"] for step in cli]]
    assert [len(hop) for hop in hops] == [len(step["relations"]) for step in cli]
    # China and the PLA: the army is China's armed force, and China speaks of it in a claim; one step, both listed
    china_pla = next(hop for hop in hops if any("armed force of" in line for line in hop))
    assert len(china_pla) == 2 and any("claims about" in line for line in china_pla)
    assert all(line.startswith("China") and line.endswith("People's Liberation Army") for line in china_pla)
    assert page.locator("[data-testid=path-steps] > li").nth(hops.index(china_pla)).locator("blockquote").count() >= 2


@pytest.mark.browser
@pytest.mark.slow
def test_the_names_of_two_relationships_on_a_hop_are_written_apart(pages, page_file):
    page = pages(page_file)
    page.check("[data-testid=path-claims]")
    page.evaluate("spacegraph.path('sgid:argentina', 'sgid:military-aerospace-force')")
    # close enough to China and the PLA for relationship names to be drawn
    drawn = page.evaluate("""() => {
        const network = spacegraph.network, ends = ['sgid:china', 'sgid:peoples-liberation-army'];
        const at = network.getPositions(ends);
        network.moveTo({ position: { x: (at[ends[0]].x + at[ends[1]].x) / 2, y: (at[ends[0]].y + at[ends[1]].y) / 2 },
                         scale: 2, animation: false });
        network.redraw();
        const transparent = c => String(c).replace(/\\s/g, '') === 'rgba(0,0,0,0)';
        const byNetwork = Object.values(network.body.edges)
          .filter(e => ends.includes(e.fromId) && ends.includes(e.toId))
          .filter(e => !(e.labelModule.lines || []).every(line => line.blocks.every(b => transparent(b.color))))
          .map(e => e.options.label);
        return { byNetwork: byNetwork, byPage: spacegraph.pathNames() };
    }""")
    # vis-network writes no name of the pair (its two names would lie on each other); the page writes both, apart
    assert drawn["byNetwork"] == []
    names = [name for name in drawn["byPage"] if {name["from"], name["to"]} == {"sgid:china", "sgid:peoples-liberation-army"}]
    assert sorted(name["text"] for name in names) == ["armed force of", "claims about"]
    assert len({(name["x"], name["y"], name["angle"]) for name in names}) == 1  # one pair: one frame

    def overlap(a, b):
        return (a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
                and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"])

    assert [(a["text"], b["text"]) for i, a in enumerate(names) for b in names[i + 1:] if overlap(a, b)] == []


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("claims", [False, True], ids=["without-claims", "with-claims"])
def test_the_explorer_counts_steps_as_spacegraph_path_does(pages, page_file, kg, claims):
    G = kg.to_networkx()
    chosen = random.Random(7)
    pairs = [("sgid:argentina", "sgid:military-aerospace-force"), ("sgid:xi-jinping", "sgid:chinese-space-programme"),
             ("sgid:blaine-curcio", "sgid:argentina"), ("sgid:china", "sgid:china")]
    pairs += [tuple(chosen.sample(sorted(G), 2)) for _ in range(25)]
    page = pages(page_file)
    if claims:
        page.check("[data-testid=path-claims]")
    for source, target in pairs:
        try:
            cli = explain_path(G, source, target, claims=claims)
        except NoPath:
            cli = None
        drawn = page.evaluate(f"spacegraph.path('{source}', '{target}')")
        if cli is None:
            assert drawn is None, (source, target)
            continue
        hops = _hops(page)
        assert len(hops) == len(cli) == len(drawn) - 1, (source, target)
        # among chains of as many hops, one over ties as strong (ties between equal chains may go either way)
        assert _strength(hops) == pytest.approx(_strength([step["relations"] for step in cli])), (source, target)


# ---------------------------------------------------------------- attributed claims

@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_attributed_claim_makes_a_step_only_when_the_box_is_ticked(pages, page_file, kg, size):
    G = kg.to_networkx()
    page = pages(page_file, size)
    _choose(page, "from", "Xi Jinping", "sgid:xi-jinping")
    _choose(page, "to", "chinese space programme", "sgid:chinese-space-programme")
    page.click("[data-testid=path-go]")
    hops = _hops(page)
    assert len(hops) == len(explain_path(G, "sgid:xi-jinping", "sgid:chinese-space-programme")) == 2
    assert not [line for hop in hops for line in hop if "claims about" in line]
    assert "claims" not in _address(page)
    # ticking the box finds the drawn path again: Xi Jinping's claim about the programme is one step
    _controls(page)
    page.check("[data-testid=path-claims]")
    hops = _hops(page)
    assert len(hops) == len(explain_path(G, "sgid:xi-jinping", "sgid:chinese-space-programme", claims=True)) == 1
    assert any("claims about" in line for line in hops[0])
    assert _address(page)["claims"] == "1"
    _controls(page)
    page.uncheck("[data-testid=path-claims]")
    assert len(_hops(page)) == 2 and "claims" not in _address(page)


@pytest.mark.browser
@pytest.mark.slow
def test_a_claim_kept_as_a_node_is_passed_through_only_when_asked(pages, kg, tmp_path):
    G = kg.to_networkx(view="full")
    claims = {node for node, data in G.nodes(data=True) if "claim" in data}
    page = pages(render_html(G, tmp_path / "full.html", kg=kg))
    # in the full view Mathieu Duchâtel reaches the PLA only through the claims he makes
    assert page.evaluate("spacegraph.path('sgid:mathieu-duchatel', 'sgid:peoples-liberation-army')") is None
    assert page.inner_text("#details-body").strip().endswith(
        "No path between Mathieu Duch\u00e2tel and People's Liberation Army with these filters and without attributed claims.")
    chosen = random.Random(3)
    for source, target in [tuple(chosen.sample(sorted(G), 2)) for _ in range(30)]:
        drawn = page.evaluate(f"spacegraph.path('{source}', '{target}')") or []
        assert not set(drawn[1:-1]) & claims, (source, target)
    page.check("[data-testid=path-claims]")
    drawn = page.evaluate("spacegraph.path('sgid:mathieu-duchatel', 'sgid:peoples-liberation-army')")
    U = G.to_undirected(as_view=True)
    assert len(drawn) - 1 == nx.shortest_path_length(U, "sgid:mathieu-duchatel", "sgid:peoples-liberation-army")
    assert set(drawn[1:-1]) & claims


@pytest.mark.parametrize("view", ["actors", pytest.param("full", marks=pytest.mark.slow)])
def test_the_page_marks_attributed_claims_as_the_projection_holds_them(kg, view):
    G = kg.to_networkx(view=view)
    payload = explorer_payload(explorer_html(G, kg=kg))
    claim_edges = {f"e{number}" for number, (*_, data) in enumerate(G.edges(data=True)) if "claim" in data}
    claim_nodes = {node for node, data in G.nodes(data=True) if "claim" in data}
    assert claim_edges if view == "actors" else claim_nodes  # claims about edges; in the full view, the claims themselves
    assert {e["id"] for e in payload["edges"] if e.get("attributed")} == claim_edges
    assert {n["id"] for n in payload["nodes"] if n.get("attributed")} == claim_nodes


# ---------------------------------------------------------------- From and To

@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_name_several_actors_match_is_listed_and_nothing_is_picked_until_chosen(pages, page_file, size):
    page = pages(page_file, size)
    _controls(page)
    box, listbox = page.locator("[data-testid=path-from]"), page.locator("[data-testid=path-from-list]")
    box.fill("space force")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-controls") == "path-from-list"
    assert listbox.get_attribute("role") == "listbox" and listbox.is_visible() and box.get_attribute("aria-expanded") == "true"
    options = _suggested(page, "from")
    assert sorted(options) == ["sgid:cyberspace-force", "sgid:military-aerospace-force"]
    assert page.inner_text("[data-testid=path-note]") == "2 actors match: choose one."
    _choose(page, "to", "argentina", "sgid:argentina")
    page.click("[data-testid=path-go]")
    assert _drawn(page) == [] and page.locator("[data-testid=path-steps]").count() == 0 and "from" not in _address(page)
    assert page.inner_text("[data-testid=path-note]") == "\u201cspace force\u201d names 2 actors: choose one from the list."
    assert box.input_value() == "space force" and listbox.is_visible()  # neither actor was put in its place
    # the keyboard chooses: the arrows walk the list, Enter takes the one pointed at
    box.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = page.locator("#" + box.get_attribute("aria-activedescendant"))
    assert active.get_attribute("aria-selected") == "true" and active.get_attribute("data-id") == options[1]
    label = active.locator("span").first.inner_text()
    page.keyboard.press("Enter")
    assert box.input_value() == label and not listbox.is_visible() and box.get_attribute("aria-expanded") == "false"
    assert _drawn(page) == []  # choosing is not yet asking
    page.keyboard.press("Enter")  # with no suggestion pointed at, Enter asks for the path
    drawn = _drawn(page)
    assert drawn[0] == options[1] and drawn[-1] == "sgid:argentina"
    assert _address(page)["from"] == options[1]


@pytest.mark.browser
@pytest.mark.slow
def test_a_whole_name_that_other_names_hold_is_not_picked_either(pages, page_file):
    page = pages(page_file)
    page.fill("[data-testid=path-from]", "aerospace")
    options = _suggested(page, "from")
    assert options[0] == "sgid:aerospace-sector" and "sgid:military-aerospace-force" in options  # the whole name first
    _choose(page, "to", "argentina", "sgid:argentina")
    page.click("[data-testid=path-go]")
    assert _drawn(page) == []
    assert page.inner_text("[data-testid=path-note]").startswith("\u201caerospace\u201d names ")
    page.click("[data-testid=path-from-list] [role=option][data-id='sgid:military-aerospace-force']")
    page.click("[data-testid=path-go]")
    assert _drawn(page)[0] == "sgid:military-aerospace-force"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("typed, actor, alias", [
    ("duchatel", "sgid:mathieu-duchatel", None), ("DUCHÂTEL", "sgid:mathieu-duchatel", None),
    ("asf", "sgid:military-aerospace-force", "ASF"), ("Cyber Space Force", "sgid:cyberspace-force", "Cyber Space Force"),
    ("pla", "sgid:peoples-liberation-army", "PLA")])
def test_suggestions_fold_accents_and_case_and_list_aliases(pages, page_file, typed, actor, alias):
    page = pages(page_file)
    page.fill("[data-testid=path-to]", typed)
    assert _suggested(page, "to")[0] == actor
    option = page.locator(f"[data-testid=path-to-list] [data-id='{actor}']")
    if alias is None:
        assert option.locator(".also").count() == 0
    else:  # the alias it was found by is shown beside its name
        assert option.locator(".also").inner_text() == alias


# ---------------------------------------------------------------- a request that fails

@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_request_that_fails_clears_the_old_path_and_says_why(pages, page_file, size):
    page = pages(page_file, size)
    _choose(page, "from", "argentina", "sgid:argentina")
    _choose(page, "to", "ASF", "sgid:military-aerospace-force")
    page.click("[data-testid=path-go]")
    assert len(_drawn(page)) == 5 and _dimmed(page) > 0 and _address(page)["to"] == "sgid:military-aerospace-force"
    _controls(page)
    page.fill("[data-testid=path-to]", "Atlantis")
    sentence = "No actor matches \u201cAtlantis\u201d."
    assert page.inner_text("[data-testid=path-note]") == sentence and not page.locator("[data-testid=path-to-list]").is_visible()
    page.click("[data-testid=path-go]")
    assert _drawn(page) == [] and _dimmed(page) == 0 and page.locator("[data-testid=path-steps]").count() == 0
    assert not {"from", "to"} & set(_address(page))
    assert page.inner_text("[data-testid=path-note]") == sentence
    assert page.inner_text("#details-body").strip().endswith(sentence)
    assert _uncovered(page, "[data-testid=path-note]") and _uncovered(page, "[data-testid=path-go]")
    # a path that does not exist clears the drawing too
    _choose(page, "to", "ASF", "sgid:military-aerospace-force")
    page.click("[data-testid=path-go]")
    assert len(_drawn(page)) == 5
    _choose(page, "from", "Blaine Curcio", "sgid:blaine-curcio")
    page.click("[data-testid=path-go]")
    assert _drawn(page) == [] and _dimmed(page) == 0 and page.locator("[data-testid=path-steps]").count() == 0
    assert page.inner_text("[data-testid=path-note]") == (
        "No path between Blaine Curcio and Military Aerospace Force with these filters and without attributed claims.")


# ---------------------------------------------------------------- the address

@pytest.mark.browser
@pytest.mark.slow
def test_the_address_holds_the_path_and_draws_it_again(pages, page_file, kg):
    G = kg.to_networkx()
    first = pages(page_file)
    _choose(first, "from", "Xi Jinping", "sgid:xi-jinping")
    _choose(first, "to", "chinese space programme", "sgid:chinese-space-programme")
    first.check("[data-testid=path-claims]")
    first.click("[data-testid=path-go]")
    assert _address(first) == {"from": "sgid:xi-jinping", "to": "sgid:chinese-space-programme", "claims": "1"}
    again = pages(page_file, fragment="#" + urllib.parse.urlsplit(first.url).fragment)
    assert _drawn(again) == _drawn(first) == ["sgid:xi-jinping", "sgid:chinese-space-programme"]
    assert _hops(again) == _hops(first)
    assert again.is_checked("[data-testid=path-claims]")
    assert again.input_value("[data-testid=path-from]") == G.nodes["sgid:xi-jinping"]["label"]
    assert again.input_value("[data-testid=path-to]") == G.nodes["sgid:chinese-space-programme"]["label"]
    again.click("[data-testid=path-go]")  # the ends it was given stay chosen: the same path
    assert _drawn(again) == _drawn(first)


@pytest.mark.browser
@pytest.mark.slow
def test_the_back_button_goes_back_through_the_paths(pages, page_file):
    page = pages(page_file)
    page.evaluate("spacegraph.path('sgid:argentina', 'sgid:military-aerospace-force')")
    first = _drawn(page)
    page.evaluate("spacegraph.path('sgid:xi-jinping', 'sgid:chinese-space-programme')")
    assert _drawn(page) != first
    page.go_back()
    _until(lambda: _drawn(page) == first, "the back button did not draw the first path again")
    assert len(_hops(page)) == len(first) - 1 and page.input_value("[data-testid=path-from]") == "Argentina"
    page.go_back()
    _until(lambda: _drawn(page) == [], "the back button did not take the path away")
    assert page.locator("[data-testid=path-steps]").count() == 0 and _dimmed(page) == 0
    page.go_forward()
    _until(lambda: _drawn(page) == first, "the forward button did not draw the path again")


# ---------------------------------------------------------------- a narrow screen

@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_on_a_narrow_screen_the_controls_take_a_finger_and_the_sheet_leaves_the_path_in_sight(pages, page_file, size):
    page = pages(page_file, size)
    _controls(page)
    page.fill("[data-testid=path-from]", "aerospace")
    targets = ["[data-testid=path-from]", "[data-testid=path-to]", "label.path-claims", "[data-testid=path-go]"]
    targets += [f"#path-from-option-{i}" for i in range(len(_suggested(page, "from")))]
    small = {}
    for target in targets:
        box = page.locator(target).bounding_box()
        if box["width"] < FINGER or box["height"] < FINGER:
            small[target] = (box["width"], box["height"])
    assert small == {}
    page.click("[data-testid=path-from-list] [data-id='sgid:military-aerospace-force']")
    _choose(page, "to", "argentina", "sgid:argentina")
    page.click("[data-testid=path-go]")
    details, bar = page.locator("[data-testid=details]").bounding_box(), page.locator("[data-testid=toolbar]").bounding_box()
    assert page.locator("[data-testid=path-steps]").is_visible()
    spots = page.evaluate("""() => {
        const network = spacegraph.network, frame = document.getElementById('network').getBoundingClientRect();
        const at = network.getPositions(network.getSelectedNodes());
        return Object.values(at).map(p => network.canvasToDOM(p)).map(d => ({ x: d.x + frame.left, y: d.y + frame.top }));
    }""")
    assert len(spots) > 2
    width = SIZES[size][0]
    assert [spot for spot in spots if not (0 < spot["x"] < width and bar["y"] + bar["height"] < spot["y"] < details["y"])] == []
    # the filters opened again: the sheet does not cover "Show the path", even at the foot of the filters
    page.click("[data-testid=open-controls]")
    page.locator("[data-testid=path-go]").evaluate("el => el.scrollIntoView({ block: 'end' })")
    assert _uncovered(page, "[data-testid=path-go]")
