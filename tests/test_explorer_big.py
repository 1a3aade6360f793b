"""The explorer on a big graph: drawing from far out in batches, filters by vis-network's flags, relationships held near the view."""

import pytest
from helpers import Opened

import spacegraph

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def big(tmp_path_factory, synthetic):
    """A synthetic graph of about 2,300 actors and its page: more than the first view's 1,500, crowded far out."""
    folder = tmp_path_factory.mktemp("big")
    data, _ = synthetic.generate(80_000, folder, seed=7)
    kg = spacegraph.load([data])
    return kg.to_networkx(), kg.render_html(folder / "big.html")


@pytest.fixture
def all_shown(browser, big):
    view = Opened(browser, big[1])
    view.page.click("[data-testid=show-all]")
    yield view
    assert view.errors == []
    view.page.close()


def redrawn(page):
    """What the page's last frame drew, after one more redraw."""
    page.evaluate("""async () => { spacegraph.network.redraw();
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }""")
    return page.evaluate("spacegraph.lastFrame()")


def zoomed_by_wheel(page, delta, until):
    """Turn the mouse wheel over the graph until ``until(scale)`` holds (at most 100 notches)."""
    for _ in range(100):
        if until(page.evaluate("spacegraph.network.getScale()")):
            return
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(30)
    raise AssertionError("the wheel did not bring the view there")


def test_far_out_every_shown_actor_and_relationship_is_drawn(all_shown, big):
    G, _ = big
    page = all_shown.page
    assert len(all_shown.visible()) == G.number_of_nodes()
    frame = redrawn(page)
    assert frame["far"] is True
    assert frame["edgesInBatches"] + frame["edgesOneByOne"] == page.evaluate("spacegraph.visibleEdgeCount()") == G.number_of_edges()
    assert frame["nodesInBatches"] + frame["nodesOneByOne"] == G.number_of_nodes()
    assert frame["nodesOneByOne"] <= 12  # the hubs whose names are drawn
    # vis-network holds no relationship from far out: the page draws them from its data
    assert page.evaluate("Object.keys(spacegraph.network.body.edges).length") == 0


def test_far_drawing_draws_the_actors_as_vis_network_does(all_shown):
    """The same frame, actors only, drawn in batches and then one by one by vis-network: the pixels agree."""
    difference = all_shown.page.evaluate("""() => {
        const network = spacegraph.network, renderer = network.renderer, canvas = network.canvas.frame.canvas;
        const context = canvas.getContext("2d"), own = Object.getPrototypeOf(renderer);
        const batched = { nodes: renderer._drawNodes, edges: renderer._drawEdges };
        const pixels = () => { renderer._redraw(); return context.getImageData(0, 0, canvas.width, canvas.height).data; };
        renderer._drawEdges = function () {};
        const far = pixels(), frame = spacegraph.lastFrame();
        renderer._drawNodes = own._drawNodes;
        const oneByOne = pixels();
        Object.assign(renderer, { _drawNodes: batched.nodes, _drawEdges: batched.edges });
        renderer._redraw();
        let total = 0, far_off = 0, inked = 0;
        for (let i = 0; i < far.length; i += 4) {
          let most = 0;
          for (let c = 0; c < 4; c++) { const d = Math.abs(far[i + c] - oneByOne[i + c]); total += d; most = Math.max(most, d); }
          if (most > 64) { far_off += 1; }
          if (oneByOne[i + 3] > 0) { inked += 1; }
        }
        return { batched: frame.nodesInBatches, mean: total / far.length, off: far_off / (far.length / 4), inked: inked / (far.length / 4) };
    }""")
    assert difference["batched"] > 2000
    assert difference["inked"] > 0.005  # there is a picture to compare
    assert difference["mean"] < 1.0 and difference["off"] < 0.005, difference


def test_a_far_drawn_actor_answers_a_click(all_shown):
    page = all_shown.page
    # far out still, but near enough for an actor to be a few pixels wide and a click to find it
    page.evaluate("""() => { const n = spacegraph.network, id = spacegraph.visibleNodeIds()[0];
        n.moveTo({ position: n.getPosition(id), scale: 0.2, animation: false }); }""")
    # the actor farthest on screen from any other, so that the click can only be meant for it
    target = page.evaluate("""() => {
        const network = spacegraph.network, ids = spacegraph.visibleNodeIds();
        const points = ids.map(id => network.canvasToDOM(network.getPosition(id)));
        let best = null, room = -1;
        points.forEach((p, i) => {
          if (p.x < 20 || p.y < 20 || p.x > network.canvas.frame.canvas.clientWidth - 20 || p.y > network.canvas.frame.canvas.clientHeight - 20) { return; }
          let nearest = Infinity;
          points.forEach((q, j) => { if (i !== j) { nearest = Math.min(nearest, Math.hypot(p.x - q.x, p.y - q.y)); } });
          if (nearest > room && network.body.nodes[ids[i]].labelModule.fontOptions.size === 13) { room = nearest; best = { id: ids[i], x: p.x, y: p.y }; }
        });
        return best;
    }""")
    assert redrawn(page)["far"] is True
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    assert page.evaluate("spacegraph.selected()") == target["id"]


def test_a_kind_filter_over_every_actor_hides_them_from_drawing_and_clicks(all_shown, big):
    G, _ = big
    page = all_shown.page
    kind = page.get_attribute("[data-testid=kind-filter] >> nth=0", "value")
    page.uncheck("[data-testid=kind-filter] >> nth=0")
    kept = {n for n, d in G.nodes(data=True) if d.get("kind") != kind}
    assert all_shown.visible() == kept
    assert set(page.evaluate("spacegraph.network.body.nodeIndices")) == kept
    hidden = sorted(set(G) - kept)[0]
    point = page.evaluate(f"spacegraph.network.canvasToDOM(spacegraph.network.getPosition('{hidden}'))")
    assert page.evaluate(f"spacegraph.network.getNodeAt({{x: {point['x']}, y: {point['y']}}}) === '{hidden}'") is False
    frame = redrawn(page)
    assert frame["nodesInBatches"] + frame["nodesOneByOne"] == len(kept)
    assert frame["edgesInBatches"] + frame["edgesOneByOne"] == sum(1 for u, v in G.edges() if u in kept and v in kept)


def test_near_the_view_vis_network_holds_the_relationships_in_sight_and_lets_them_go_far_out(all_shown):
    page = all_shown.page
    box = page.locator("#network").bounding_box()
    # the wheel turns over the actor nearest the middle of the view, so that actors are in sight when it stops
    point = page.evaluate("""() => {
        const network = spacegraph.network, canvas = network.canvas.frame.canvas, middle = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
        const points = spacegraph.visibleNodeIds().map(id => network.canvasToDOM(network.getPosition(id)));
        return points.reduce((a, b) => Math.hypot(a.x - middle.x, a.y - middle.y) <= Math.hypot(b.x - middle.x, b.y - middle.y) ? a : b);
    }""")
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    zoomed_by_wheel(page, -400, lambda scale: scale >= 0.35)
    held = page.evaluate("""() => {
        const network = spacegraph.network, canvas = network.canvas.frame.canvas;
        const corner = network.DOMtoCanvas({ x: 0, y: 0 }), far = network.DOMtoCanvas({ x: canvas.clientWidth, y: canvas.clientHeight });
        const inSight = p => p.x >= corner.x && p.x <= far.x && p.y >= corner.y && p.y <= far.y;
        const positions = network.getPositions();
        const held = new Set(Object.values(network.body.edges).map(e => e.fromId + " " + e.toId));
        const wanted = spacegraph.tables().relations.slice(1).filter(row => inSight(positions[row[0]]) || inSight(positions[row[3]]))
          .map(row => row[0] + " " + row[3]);
        return { held: held.size, wanted: wanted.length, missing: wanted.filter(pair => !held.has(pair)).length };
    }""")
    assert held["wanted"] > 0 and held["missing"] == 0, held
    frame = redrawn(page)
    assert frame["far"] is False and frame["edgesOneByOne"] >= held["wanted"]
    zoomed_by_wheel(page, 400, lambda scale: scale < 0.2)
    assert page.evaluate("Object.keys(spacegraph.network.body.edges).length") == 0


def test_relationships_held_after_a_selection_take_its_dimmed_look(all_shown, big):
    G, _ = big
    page = all_shown.page
    hub = max(G, key=G.degree)
    page.evaluate(f"spacegraph.select('{hub}')")  # near: the relationships in sight are held, and drawn by vis-network
    held = page.evaluate("Object.values(spacegraph.network.body.edges).map(e => [e.fromId, e.toId, e.options.color.opacity])")
    assert len(held) > G.degree(hub)
    assert {opacity for u, v, opacity in held if hub not in (u, v)} == {0.12}
    assert {opacity for u, v, opacity in held if hub in (u, v)} == {1}


def test_a_hubs_panel_lists_its_relationships_on_demand(all_shown, big):
    G, _ = big
    page = all_shown.page
    hub = max(G, key=G.degree)
    page.evaluate(f"spacegraph.select('{hub}')")
    groups = page.locator("[data-testid=relation-group]")
    listed = sum(groups.nth(i).locator("ul.relations > li").count() for i in range(groups.count()))
    more = page.locator("[data-testid=show-more]")
    assert more.count() >= 1 and all(groups.nth(i).locator("ul.relations > li").count() <= 25 for i in range(groups.count()))
    for _ in range(more.count()):
        more.first.click()
    assert more.count() == 0
    assert sum(groups.nth(i).locator("ul.relations > li").count() for i in range(groups.count())) > listed
