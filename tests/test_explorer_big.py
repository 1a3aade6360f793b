"""The explorer on a big graph: drawing from far out in batches, filters by vis-network's flags, relationships held near the view."""

import re

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
    return kg.to_networkx(), kg.render(folder / "big.html")


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
    """Turn the mouse wheel over the graph until ``until(scale)`` holds (at most 100 notches), then let the view settle."""
    for _ in range(100):
        if until(page.evaluate("spacegraph.network.getScale()")):
            settled(page)
            return
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(30)
    raise AssertionError("the wheel did not bring the view there")


def picture_shown(page):
    return page.evaluate("getComputedStyle(document.querySelector('.pan-picture')).display !== 'none'")


def settled(page):
    """Wait until the picture that moves with the wheel is put away, and the view drawn again (at most 10 s)."""
    for _ in range(500):  # the page forbids eval, which wait_for_function needs
        if not picture_shown(page):
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            return
        page.wait_for_timeout(20)
    raise AssertionError("the picture stayed")


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


#: Draws the frame shown now twice, actors only: in batches (far drawing) and one by one (vis-network's own drawing).
#: Compares the pixels in a box (CSS pixels; the whole canvas without one): how many pixels either drawing inks, how
#: many differ by more than a quarter of a channel's range in some channel, the mean difference of a channel.
#: Far drawing draws each actor at least two pixels in radius, and vis-network as big as it is: the comparison draws
#: them at their size.
COMPARED = """(box) => {
    const smallest = spacegraph.farDrawing.smallestRadius;
    spacegraph.farDrawing.smallestRadius = 0;
    try { return compared(box); } finally { spacegraph.farDrawing.smallestRadius = smallest; }
    function compared(box) {
    const network = spacegraph.network, renderer = network.renderer, canvas = network.canvas.frame.canvas;
    const context = canvas.getContext("2d"), own = Object.getPrototypeOf(renderer), ratio = canvas.width / canvas.clientWidth;
    const [left, top, width, height] = box ? box.map(v => Math.round(v * ratio)) : [0, 0, canvas.width, canvas.height];
    const batched = { nodes: renderer._drawNodes, edges: renderer._drawEdges };
    const pixels = () => { renderer._redraw(); return context.getImageData(left, top, width, height).data; };
    renderer._drawEdges = function () {};
    const far = pixels(), frame = spacegraph.lastFrame();
    renderer._drawNodes = own._drawNodes;
    const oneByOne = pixels();
    Object.assign(renderer, { _drawNodes: batched.nodes, _drawEdges: batched.edges });
    renderer._redraw();
    let total = 0, off = 0, inked = 0;
    for (let i = 0; i < far.length; i += 4) {
      let most = 0;
      for (let c = 0; c < 4; c++) { const d = Math.abs(far[i + c] - oneByOne[i + c]); total += d; most = Math.max(most, d); }
      if (most > 64) { off += 1; }
      if (oneByOne[i + 3] > 0 || far[i + 3] > 0) { inked += 1; }
    }
    return { far: frame.far, batched: frame.nodesInBatches, pixels: far.length / 4, mean: total / far.length, off: off, inked: inked };
    }
}"""


def test_far_drawing_draws_the_actors_as_vis_network_does(all_shown):
    """The same frame, actors only, drawn in batches and then one by one by vis-network: the pixels agree.

    The whole graph first, where most actors are a pixel or two wide and their outlines, smoothed once for a whole
    path in one drawing and once for each actor in the other, differ in many of their pixels; then nearer, still far
    out, where actors are several pixels wide.
    """
    page = all_shown.page
    whole = page.evaluate(COMPARED)
    assert whole["far"] is True and whole["batched"] > 2000
    assert whole["inked"] > 0.005 * whole["pixels"]  # there is a picture to compare
    assert whole["mean"] < 1.0 and whole["off"] < 0.3 * whole["inked"], whole
    page.evaluate("""() => { const n = spacegraph.network, ids = spacegraph.visibleNodeIds();
        n.moveTo({ position: n.getPosition(ids[Math.floor(ids.length / 2)]), scale: 0.2, animation: false }); }""")
    near = page.evaluate(COMPARED)
    assert near["far"] is True and near["batched"] > 200
    assert near["inked"] > 0.01 * near["pixels"]
    assert near["mean"] < 1.0 and near["off"] < 0.1 * near["inked"], near


def test_far_out_an_actor_is_drawn_big_enough_to_show_its_colour(all_shown):
    """The whole graph fitted, where most actors are under a pixel wide: each is drawn two pixels in radius, in its fill.

    The actor looked at is the one farthest on screen from any other, drawn without relationships; its middle pixel is
    its fill colour, and so are the pixels one pixel out. Drawn at its size, it is too small to show its colour.
    """
    page = all_shown.page
    seen = page.evaluate("""() => {
        const network = spacegraph.network, renderer = network.renderer, canvas = network.canvas.frame.canvas;
        const ratio = canvas.width / canvas.clientWidth, context = canvas.getContext("2d"), ids = spacegraph.visibleNodeIds();
        const points = ids.map(id => network.canvasToDOM(network.getPosition(id)));
        let best = null, room = -1;
        points.forEach((p, i) => {
          const node = network.body.nodes[ids[i]];
          if (p.x < 10 || p.y < 10 || p.x > canvas.clientWidth - 10 || p.y > canvas.clientHeight - 10) { return; }
          if (node.labelModule.fontOptions.size !== 13 || node.options.shape !== "dot") { return; }
          let nearest = Infinity;
          points.forEach((q, j) => { if (i !== j) { nearest = Math.min(nearest, Math.hypot(p.x - q.x, p.y - q.y)); } });
          if (nearest > room) { room = nearest; best = { id: ids[i], x: p.x, y: p.y, fill: node.options.color.background }; }
        });
        const edges = renderer._drawEdges;
        renderer._drawEdges = function () {};
        const pixel = (dx, dy) => Array.from(context.getImageData(Math.round((best.x + dx) * ratio), Math.round((best.y + dy) * ratio), 1, 1).data);
        const look = () => { renderer._redraw(); return { middle: pixel(0, 0), ring: [pixel(1, 0), pixel(-1, 0), pixel(0, 1), pixel(0, -1)] }; };
        try {
          const drawn = look(), smallest = spacegraph.farDrawing.smallestRadius;
          spacegraph.farDrawing.smallestRadius = 0;
          const bare = look();
          spacegraph.farDrawing.smallestRadius = smallest;
          return { best: best, room: room, radius: network.body.nodes[best.id].options.size * network.getScale(), drawn: drawn, bare: bare,
                   far: spacegraph.lastFrame().far };
        } finally { renderer._drawEdges = edges; renderer._redraw(); }
    }""")
    fill = [int(seen["best"]["fill"][i:i + 2], 16) for i in (1, 3, 5)]
    assert seen["far"] is True and seen["radius"] < 1 and seen["room"] > 5, seen
    assert all(abs(a - b) <= 12 for a, b in zip(seen["drawn"]["middle"][:3], fill, strict=True)) and seen["drawn"]["middle"][3] == 255, seen
    assert all(all(abs(a - b) <= 12 for a, b in zip(pixel[:3], fill, strict=True)) for pixel in seen["drawn"]["ring"]), seen
    assert not all(abs(a - b) <= 12 for a, b in zip(seen["bare"]["middle"][:3], fill, strict=True)) or seen["bare"]["middle"][3] < 255, seen


def test_far_out_each_kind_keeps_its_shape(all_shown):
    """Far out, an actor of each kind is drawn in batches with its kind's shape: the pixels around it are vis-network's.

    Each kind's biggest actor whose name is not drawn, among those with room around them, is looked at alone in the
    middle of the view, at the nearest zoom that is still far out, where it is 3 to 12 pixels wide.
    """
    page = all_shown.page
    chosen = page.evaluate("""() => {
        const network = spacegraph.network, best = new Map(), ids = spacegraph.visibleNodeIds();
        const nodes = ids.map(id => network.body.nodes[id]);
        for (const node of nodes) {
          if (node.labelModule.fontOptions.size !== 13) { continue; }  // a hub whose name is drawn is drawn by vis-network
          // the room around it: how far the nearest other actor's outline is, over its own size
          let room = Infinity;
          for (const other of nodes) {
            if (other !== node) { room = Math.min(room, (Math.hypot(node.x - other.x, node.y - other.y) - 1.5 * other.options.size) / node.options.size); }
          }
          // no other actor's outline within the box compared below (1.4 sizes and 3 pixels at zoom 0.29), with a margin
          if (room * node.options.size < 1.4 * node.options.size + 3 / 0.29 + 5) { continue; }
          const shape = node.options.shape, was = best.get(shape);
          if (was === undefined || node.options.size > was.size) { best.set(shape, { id: node.id, size: node.options.size }); }
        }
        return Array.from(best, ([shape, node]) => ({ shape: shape, id: node.id, size: node.size }));
    }""")
    assert {c["shape"] for c in chosen} >= {"dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon"}
    compared = {}
    for actor in chosen:
        scale = 0.29
        box = page.evaluate(f"""() => {{ const n = spacegraph.network, canvas = n.canvas.frame.canvas;
            n.moveTo({{ position: n.getPosition('{actor["id"]}'), scale: {scale}, animation: false }});
            const r = {actor["size"]} * 1.4 * {scale} + 3;
            return [canvas.clientWidth / 2 - r, canvas.clientHeight / 2 - r, 2 * r, 2 * r]; }}""")
        compared[actor["shape"]] = page.evaluate(COMPARED, box)
    for shape, seen in compared.items():
        assert seen["far"] is True, shape
        assert seen["inked"] > 0.1 * seen["pixels"], (shape, seen)  # the actor is drawn
        # at 7 to 12 pixels wide, anti-aliasing alone changes up to a tenth of an outline's pixels (a star's spikes most);
        # another shape in its place would change a third to a half of them
        assert seen["off"] < 0.15 * seen["inked"], (shape, seen)


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
    page.evaluate(f"spacegraph.select('{hub}')")
    # near the hub, the relationships in sight are held, and drawn by vis-network
    point = page.evaluate(f"spacegraph.network.canvasToDOM(spacegraph.network.getPosition('{hub}'))")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    zoomed_by_wheel(page, -400, lambda scale: scale >= 0.35)
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


#: The network's canvas now: whether the picture is shown, its transform, the frames drawn, the view, the inked pixels.
CANVAS_NOW = """() => {
    const network = spacegraph.network, canvas = network.canvas.frame.canvas, picture = document.querySelector(".pan-picture");
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { inked += 1; } }
    return { picture: getComputedStyle(picture).display !== "none", transform: picture.style.transform, drawn: spacegraph.lastFrame().drawn,
             far: spacegraph.lastFrame().far, scale: network.getScale(), inked: inked, width: canvas.clientWidth, height: canvas.clientHeight };
}"""


def test_the_wheel_over_a_crowded_view_moves_a_picture_and_draws_once_settled(all_shown):
    """Three notches of the wheel over every actor: a picture of the view grows about the mouse, nothing is drawn
    meanwhile, and once the wheel is still the network is drawn once, far drawing included.

    The notches are sent within one task of the page, so that the wheel cannot settle between two of them.
    """
    page = all_shown.page
    before = page.evaluate(CANVAS_NOW)
    assert before["inked"] > 0 and not before["picture"] and before["far"] is True
    mouse = {"x": before["width"] / 4, "y": before["height"] / 3}  # off the middle: the picture must move as well as grow
    during = page.evaluate("""(mouse) => {
        const canvas = spacegraph.network.canvas.frame.canvas, box = canvas.getBoundingClientRect();
        for (let i = 0; i < 3; i++) {
          canvas.dispatchEvent(new WheelEvent("wheel", { deltaY: -100, clientX: box.left + mouse.x, clientY: box.top + mouse.y,
                                                         bubbles: true, cancelable: true }));
        }
        spacegraph.network.redraw();  // asked to draw now, the network draws nothing under the picture
        return (""" + CANVAS_NOW + """)();
    }""", mouse)
    assert during["picture"] and during["scale"] > before["scale"] * 1.2
    assert during["drawn"] == before["drawn"] and during["inked"] == 0
    tx, ty, k = (float(v) for v in re.fullmatch(r"translate\((\S+)px, (\S+)px\) scale\((\S+)\)", during["transform"]).groups())
    assert k == pytest.approx(during["scale"] / before["scale"])
    # the picture grows about its middle: the point under the mouse stays under it, as the network's zoom keeps it
    middle = {"x": before["width"] / 2, "y": before["height"] / 2}
    assert middle["x"] + tx + k * (mouse["x"] - middle["x"]) == pytest.approx(mouse["x"], abs=0.5)
    assert middle["y"] + ty + k * (mouse["y"] - middle["y"]) == pytest.approx(mouse["y"], abs=0.5)
    settled(page)
    after = page.evaluate(CANVAS_NOW)
    assert not after["picture"] and after["inked"] > 0 and after["far"] is True
    assert after["drawn"] == before["drawn"] + 1


def community_names(page):
    """The communities named in a fresh frame, each with its box in CSS pixels of the canvas."""
    redrawn(page)
    return page.evaluate("""() => spacegraph.communityNames().map(n => {
        const a = spacegraph.network.canvasToDOM({ x: n.left, y: n.top }), b = spacegraph.network.canvasToDOM({ x: n.right, y: n.bottom });
        return Object.assign(n, { left: a.x, top: a.y, right: b.x, bottom: b.y });
    })""")


def test_far_out_the_communities_laid_out_apart_are_named_in_view_with_what_is_shown(all_shown, big):
    G, _ = big
    page = all_shown.page
    size = page.evaluate("""() => { const c = spacegraph.network.canvas.frame.canvas; return [c.clientWidth, c.clientHeight]; }""")
    names = community_names(page)
    assert len(names) >= 2
    members = {}
    for node in G:
        members.setdefault(page.evaluate(f"spacegraph.community({node!r})"), set()).add(node)
    for name in names:
        assert 0 <= name["left"] < name["right"] <= size[0] and 0 <= name["top"] < name["bottom"] <= size[1], name
        hub = max(sorted(members[name["community"]]), key=lambda n: page.evaluate(f"spacegraph.network.body.nodes[{n!r}].options.size"))
        shown = len(members[name["community"]])
        assert name["text"] == f"around {G.nodes[hub]['label']} \u00b7 {shown:,} actors", name
    for i, a in enumerate(names):  # no name covers another
        for b in names[i + 1:]:
            assert a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (a, b)
    # the counts follow the filters
    kind = page.get_attribute("[data-testid=kind-filter] >> nth=0", "value")
    page.uncheck("[data-testid=kind-filter] >> nth=0")
    filtered = {name["community"]: name["text"] for name in community_names(page)}
    assert filtered
    for number, text in filtered.items():
        kept = sum(1 for n in members[number] if G.nodes[n].get("kind") != kind)
        assert text.endswith(f"\u00b7 {kept:,} of {len(members[number]):,} actors") or kept == len(members[number]), text
    # near, the actors' own names speak: no community is named
    page.evaluate("""() => { const n = spacegraph.network, ids = spacegraph.visibleNodeIds();
        n.moveTo({ position: n.getPosition(ids[0]), scale: 1, animation: false }); }""")
    assert redrawn(page)["far"] is False and community_names(page) == []


def test_far_out_relationships_between_communities_are_one_faint_haze(all_shown, big):
    """They are stroked opaque on a layer of their own, at half the picture's resolution, which is then laid on the
    picture at a fifth of full strength."""
    G, _ = big
    page = all_shown.page
    seen = page.evaluate("""() => {
        const main = spacegraph.network.canvas.frame.canvas, log = [];
        const stroke = CanvasRenderingContext2D.prototype.stroke, draw = CanvasRenderingContext2D.prototype.drawImage;
        CanvasRenderingContext2D.prototype.stroke = function () { log.push(["stroke", this.canvas === main, this.globalAlpha]); return stroke.apply(this, arguments); };
        CanvasRenderingContext2D.prototype.drawImage = function (image, x, y, width, height) {
          // a layer of half the picture's resolution, laid over all of it
          log.push(["layer", this.canvas === main && image !== main && image.width === Math.ceil(main.width / 2) && width === main.width &&
                             height === main.height, this.globalAlpha]);
          return draw.apply(this, arguments); };
        try { spacegraph.network.renderer._redraw(); } finally {
          CanvasRenderingContext2D.prototype.stroke = stroke; CanvasRenderingContext2D.prototype.drawImage = draw; }
        return { log: log, far: spacegraph.lastFrame().far };
    }""")
    assert seen["far"] is True
    assert ["stroke", False, 1] in seen["log"] and ["layer", True, pytest.approx(0.2)] in seen["log"], seen["log"]
    assert any(entry[0] == "stroke" and entry[1] and entry[2] == 1 for entry in seen["log"])  # within communities, full strength


@pytest.mark.parametrize("viewport", [(1440, 900), (768, 1024), (390, 844)], ids=["desktop", "tablet", "phone"])
def test_the_first_view_names_its_communities_inside_the_screen_on_every_size(browser, big, viewport):
    """The first view (the 1,500 most central actors) on a desktop, a tablet and a phone: the communities it shows are
    named, each name inside the drawn graph and over no other."""
    view = Opened(browser, big[1], viewport=viewport)
    page = view.page
    size = page.evaluate("""() => { const c = spacegraph.network.canvas.frame.canvas; return [c.clientWidth, c.clientHeight]; }""")
    names = community_names(page)
    assert names, viewport
    for name in names:
        assert 0 <= name["left"] < name["right"] <= size[0] and 0 <= name["top"] < name["bottom"] <= size[1], name
        assert name["text"].startswith("around ")
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (a, b)
    assert view.errors == []
    page.close()
