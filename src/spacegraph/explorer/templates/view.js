"use strict";
// The view: the level of detail as the zoom changes (arrowheads, the names drawn bigger, a big graph's relationships
// held and named near the view), the first view and the layout, refresh (the view after every filter), zoom, fit and
// pan, the keys on the graph, and the names written over the drawing.
window.spacegraphExplorer.parts.push(function viewPart(sg) {
  const data = sg.data, state = sg.state, byId = sg.byId, edgeById = sg.edgeById, shown = sg.shown, network = sg.network;
  const container = sg.container, nodes = sg.nodes, edges = sg.edges, first = sg.first, where = sg.where, adjacent = sg.adjacent;
  const NARROW = sg.NARROW, LABEL_PX = sg.LABEL_PX, READABLE_PX = sg.READABLE_PX, edgesLabelledAlways = sg.edgesLabelledAlways;
  const batch = sg.batch, farOut = sg.farOut, isShown = sg.isShown, placeAt = sg.placeAt, holdEdgesInSight = sg.holdEdgesInSight;
  const edgeShown = sg.edgeShown, shownNeighbours = sg.shownNeighbours, tally = sg.pure.tally;
  const FIT_MARGIN = 40, FIT_MOST = 1.5;  // a fit's room around the actors, in screen pixels; the closest a fit comes
  let viewMoved = false;  // the reader moved the view since it was last fitted: a filter then leaves it where it is
  // the names written over the drawing in the last frame: a path's relationships' (see paths.js) and the communities'
  const drawnNames = { shared: [], communities: [] };
  // the names of the most central actors shown stay readable at any zoom
  const HUB_LABELS = 12, CROWDED_ACTORS = 300;  // a smaller view's labels are laid out apart, and left alone
  let labelled = new Set();  // the actors whose names are drawn bigger
  const bySize = data.nodes.slice().sort(function (a, b) { return b.size - a.size || (a.id < b.id ? -1 : 1); });
  // a big graph's edges get their labels when the view comes close enough to read them
  const EDGE_LABELS_FROM_SCALE = 0.45;
  const edgeLabelled = new Set();  // the edges of a big graph that carry their label now

  // ---------------------------------------------------------------- level of detail
  function arrowsForZoom() {
    holdEdgesInSight(false);
    const scale = network.getScale();
    const wanted = !farOut();
    sg.showArrows(wanted);
    const size = Math.round(Math.min(5000, Math.max(LABEL_PX, LABEL_PX / scale)));
    // level of detail: where names as drawn would be too small to read, the most central actors in view get theirs
    // at a readable size, each kept only where it overlaps no more central one's (looked for among five times as
    // many): ten on a phone, twelve far out on a crowded view (each such name is drawn on its own, not in a batch),
    // twenty-four nearer; zooming in brings the others in view, until every name is readable as drawn
    const hubs = [], boxes = [];
    const limit = NARROW.matches ? 10 : farOut() ? HUB_LABELS : 2 * HUB_LABELS;
    if (shown.nodeIds.length > CROWDED_ACTORS || LABEL_PX * scale < READABLE_PX) {
      const corner = network.DOMtoCanvas({ x: 0, y: 0 });
      const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      let looked = 0;
      // the selected actor and its neighbours are named first: their names are what the reader opened it for
      const opened = state.focus !== null && isShown(state.focus) ? [state.focus].concat(visibleNeighbours(state.focus)) : [];
      const named = new Set();
      for (const n of opened.map(function (id) { return byId.get(id); }).concat(bySize)) {
        if (named.has(n.id)) { continue; }
        named.add(n.id);
        if (hubs.length === limit || looked === 5 * limit) { break; }
        if (!isShown(n.id)) { continue; }
        const at = where.get(n.id);
        if (at.x < corner.x || at.x > far.x || at.y < corner.y || at.y > far.y) { continue; }  // out of view: no room taken
        looked += 1;
        const p = where.get(n.id), width = 0.6 * size * n.label.length, top = p.y + n.size;
        const box = { left: p.x - width / 2, right: p.x + width / 2, top: top, bottom: top + 1.3 * size };
        if (boxes.some(function (o) { return o.left < box.right && box.left < o.right && o.top < box.bottom && box.top < o.bottom; })) { continue; }
        boxes.push(box); hubs.push(n);
      }
    }
    // set on the drawn nodes themselves: a data set update would recount the whole network (0.15 s at 10,000 actors)
    const next = new Set(hubs.map(function (n) { return n.id; }));
    const fontSize = function (id, px) {
      const node = network.body.nodes[id];
      // the white edge round the letters grows with them, or far out it is a hair, and the actors drawn show through
      if (node !== undefined && node.labelModule.fontOptions.size !== px) { node.setOptions({ font: { size: px, strokeWidth: 3 * px / LABEL_PX } }); }
    };
    for (const id of labelled) { if (!next.has(id)) { fontSize(id, LABEL_PX); } }
    for (const id of next) { fontSize(id, size); }
    labelled = next;
    if (!edgesLabelledAlways) {
      const near = scale >= EDGE_LABELS_FROM_SCALE;
      const edgeChanges = [];
      if (near) {  // the edges with an end in sight
        const corner = network.DOMtoCanvas({ x: 0, y: 0 });
        const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
        const inSight = function (id) { const p = where.get(id); return p.x >= corner.x && p.x <= far.x && p.y >= corner.y && p.y <= far.y; };
        for (const id of shown.edgeIds) {
          const e = edgeById.get(id);
          if (!edgeLabelled.has(id) && (inSight(e.from) || inSight(e.to))) { edgeLabelled.add(id); edgeChanges.push({ id: id, label: e.label }); }
        }
      } else {  // far out: only the selected actor's relationships keep their names, as a small graph's do
        const kept = function (e) { return state.focus !== null && (e.from === state.focus || e.to === state.focus); };
        for (const id of Array.from(edgeLabelled)) {
          if (!kept(edgeById.get(id))) { edgeChanges.push({ id: id, label: "" }); edgeLabelled.delete(id); }
        }
        if (state.focus !== null) {
          for (const [, e] of adjacent.get(state.focus)) {
            if (!edgeLabelled.has(e.id) && edgeShown(e)) { edgeLabelled.add(e.id); edgeChanges.push({ id: e.id, label: e.label }); }
          }
        }
      }
      if (edgeChanges.length) { edges.update(edgeChanges); }
    }
  }
  network.on("zoom", arrowsForZoom);
  network.on("dragEnd", function () { if (!edgesLabelledAlways) { arrowsForZoom(); } });  // edges come into sight
  fitShown();  // as a filter fits the view later: Reset's first view is the view a filter gives with nothing filtered
  holdEdgesInSight(true);
  arrowsForZoom();
  network.body.emitter.emit("_allowRedraw");
  network.redraw();
  function restoreLayout() {
    const moved = nodes.get({ filter: function (n) { const was = first.get(n.id); return was.x !== n.x || was.y !== n.y; } })
      .map(function (n) { const was = first.get(n.id); return { id: n.id, x: was.x, y: was.y }; });
    for (const n of moved) { placeAt(n.id, first.get(n.id)); }
    batch(function () { nodes.update(moved); });
    fitShown();  // the first view: every actor shown, as big as fits (fitted as the page opened, once its names were measured)
    holdEdgesInSight(true);
    arrowsForZoom();
  }
  // a node dragged keeps its new place in the data set, so a filter that hides and shows it again keeps it there
  network.on("dragEnd", function (params) {
    if (!params.nodes.length) { return; }
    const now = network.getPositions(params.nodes);
    for (const id of params.nodes) { placeAt(id, now[id]); }
    shown.byCommunity = null;  // its community's box may have changed
    nodes.update(params.nodes.map(function (id) { return { id: id, x: now[id].x, y: now[id].y }; }));
  });

  // panning a crowded view moves a picture of it, and so does zooming it with the wheel (far-drawing.js's movingPicture):
  // the network is drawn again once, where the drag ends or the wheel settles
  // A view is crowded from 2,000 actors shown, or when its last drawing took 8 ms or more: with the painting after it, a
  // frame drawn live then misses every other display refresh (the first view of 1,500 actors of a graph of 50,000,
  // drawn in 11 ms, panned at 30 frames/s and zoomed at 18)
  const PAN_PICTURE_FROM = 2000, PAN_PICTURE_FROM_MS = 8, WHEEL_SETTLES_MS = 200;  // actors shown; ms of a drawing; ms of a still wheel
  let lastDrawingMs = 0, drawingFrom = null;
  network.on("beforeDrawing", function () { drawingFrom = performance.now(); });
  network.on("afterDrawing", function () { if (drawingFrom !== null) { lastDrawingMs = performance.now() - drawingFrom; drawingFrom = null; } });
  const panPicture = window.spacegraphFarDrawing.movingPicture(network, container, function () {
    return shown.nodeIds.length >= PAN_PICTURE_FROM || lastDrawingMs >= PAN_PICTURE_FROM_MS;
  }, WHEEL_SETTLES_MS);
  network.on("afterDrawing", function (ctx) {
    drawnNames.shared = []; drawnNames.communities = [];
    if (panPicture.style.display === "block") { return; }  // the picture of the view moves, with its names: nothing under it
    sg.writeSharedNames(ctx);
    writeCommunityNames(ctx);
  });

  // ---------------------------------------------------------------- the view after a change of filters
  function refresh() {
    sg.computePart();
    batch(function () {
      sg.holdWhatTheFiltersKeep();
      // after a filter or a date the view fits what is left, unless the reader has moved it or an actor or a path
      // holds it: in this batch, so that the network is drawn once, where the view ends
      if (!state.focus && !state.path && !viewMoved && shown.nodeIds.length) { fitBox(shown.box, FIT_MOST); }
      arrowsForZoom();
    });
    const count = shown.nodeIds.length;
    sg.countKinds();
    document.getElementById("empty").style.display = count ? "none" : "flex";
    document.getElementById("counts").textContent = count + " of " + data.nodes.length + " actors, " + shown.edgeIds.length + " of " +
      data.edges.length + " relationships";
    if (state.focus) { sg.highlight(state.focus); } else if (state.path) { sg.paintPath(); }
    sg.refreshTable();
  }

  // ---------------------------------------------------------------- keyboard on the graph: arrows walk the neighbours
  let cursor = null;  // the neighbour the arrow keys point at, opened by Enter
  function visibleNeighbours(id) {
    return Array.from(new Set(shownNeighbours(id))).filter(isShown)
      .sort(function (a, b) { return byId.get(a).label.localeCompare(byId.get(b).label); });
  }
  const PAN_KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  container.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }  // the browser's own zoom and shortcuts
    if (event.key === "Escape") { event.preventDefault(); cursor = null; sg.clearSelection(); return; }
    if (event.key === "Enter" && cursor) { event.preventDefault(); const next = cursor; cursor = null; sg.select(next); return; }
    if (event.key === "+" || event.key === "=") { event.preventDefault(); zoomBy(ZOOM_STEP); return; }
    if (event.key === "-" || event.key === "_") { event.preventDefault(); zoomBy(1 / ZOOM_STEP); return; }
    if (event.key === "0") { event.preventDefault(); fitShown(); return; }
    if (!(event.key in PAN_KEYS)) { return; }
    event.preventDefault();
    if (!state.focus || event.shiftKey) {  // arrows pan; with an actor open they walk its neighbours, and Shift pans
      panBy(PAN_KEYS[event.key][0] * PAN_STEP, PAN_KEYS[event.key][1] * PAN_STEP);
      return;
    }
    const around = visibleNeighbours(state.focus);
    if (!around.length) { return; }
    const at = cursor === null ? -1 : around.indexOf(cursor);
    const forward = event.key === "ArrowRight" || event.key === "ArrowDown";
    cursor = around[(at + (forward ? 1 : around.length - (at < 0 ? 0 : 1))) % around.length];
    network.selectNodes([state.focus, cursor]);
    const n = byId.get(cursor);
    sg.searchNote.textContent = "";
    document.getElementById("counts").textContent = "Next: " + n.label + " (" + n.kind + "). Enter opens it, Escape clears.";
  });

  // ---------------------------------------------------------------- zoom, fit and pan: buttons on the canvas, keys on the graph
  const ZOOM_STEP = 1.4, PAN_STEP = 0.2;  // an arrow moves the view a fifth of its width or height
  function zoomBy(factor) {
    const scale = Math.min(8, Math.max(1e-4, network.getScale() * factor));
    network.moveTo({ position: network.getViewPosition(), scale: scale, animation: false });
    viewMoved = true;
    arrowsForZoom();
  }
  function panBy(dx, dy) {
    const scale = network.getScale(), at = network.getViewPosition();
    network.moveTo({ position: { x: at.x + dx * container.clientWidth / scale, y: at.y + dy * container.clientHeight / scale },
                     scale: scale, animation: false });
    viewMoved = true;
    arrowsForZoom();  // relationships and names come into sight
  }
  // the view shows every actor the filters keep, as big as fits
  // from the actors' places and sizes alone: vis-network's own fit counts the names' boxes too, which change as names
  // are enlarged and shrunk with the zoom, so two fits of the same actors gave two views
  function fitShown() {
    if (shown.nodeIds.length) { fitIds(shown.nodeIds, FIT_MOST); }
    viewMoved = false;
    arrowsForZoom();
  }
  // fitIds(ids, most, band): the view that holds these actors, no closer than `most`, in the band of the graph's height
  // (fractions from the top, [0, 1] by default) that nothing covers
  function fitIds(ids, most, band) {
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const id of ids) {
      const p = where.get(id), r = byId.get(id).size;
      left = Math.min(left, p.x - r); right = Math.max(right, p.x + r); top = Math.min(top, p.y - r); bottom = Math.max(bottom, p.y + r);
    }
    fitBox({ left: left, right: right, top: top, bottom: bottom }, most, band);
  }
  function fitBox(box, most, band) {
    const left = box.left, right = box.right, top = box.top, bottom = box.bottom;
    const [from, to] = band || [0, 1], height = container.clientHeight;
    const w = Math.max(1, container.clientWidth - 2 * FIT_MARGIN), h = Math.max(1, (to - from) * height - 2 * FIT_MARGIN);
    const scale = Math.max(1e-4, Math.min(most, w / Math.max(1, right - left), h / Math.max(1, bottom - top)));
    // the band's middle is drawn at the actors' middle: the view's centre is moved by the band's offset from the graph's
    const shift = ((from + to) / 2 - 0.5) * height / scale;
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 - shift }, scale: scale, animation: false });
  }
  network.on("zoom", function () { viewMoved = true; });  // the wheel, or a pinch
  network.on("dragEnd", function (params) { if (!params.nodes.length) { viewMoved = true; } });
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(ZOOM_STEP); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / ZOOM_STEP); });
  document.getElementById("zoom-fit").addEventListener("click", fitShown);

  // from far out, each community laid out apart is named over its box, as the legend names it: "around" its most
  // central actor, with the number of its actors shown; biggest first, a name that would cover another is left out
  const COMMUNITY_NAME_PX = 14, FEW_SHOWN = 20;  // px; a community with fewer actors shown is named only where they take room
  function writeCommunityNames(ctx) {
    const communityNamesDrawn = drawnNames.communities = [];
    if (!sg.clustersApart || !farOut()) { return; }
    if (shown.byCommunity === null) {  // after a drag: counted again
      shown.byCommunity = new Map();
      for (const id of shown.nodeIds) { const p = where.get(id); tally(shown.byCommunity, byId.get(id).community, p.x, p.y); }
    }
    // two lines: "around" its most central actor, in bold; then how many of its actors are shown
    const scale = network.getScale(), size = COMMUNITY_NAME_PX / scale, small = (COMMUNITY_NAME_PX - 2) / scale;
    const fonts = [600, 400].map(function (weight, i) { return weight + " " + [size, small][i] + "px system-ui, -apple-system, 'Segoe UI', sans-serif"; });
    const height = 1.25 * (size + small);
    ctx.save();
    ctx.textAlign = "center"; ctx.textBaseline = "bottom"; ctx.lineJoin = "round";
    ctx.lineWidth = 4 / scale; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#1d232b";
    // a name stays in the view: over its box, or at the view's edge when the box reaches it
    const pad = 6 / scale, corner = network.DOMtoCanvas({ x: 0, y: 0 });
    const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    for (const c of data.communities) {
      const seen = shown.byCommunity.get(c.number);
      if (!c.apart || seen === undefined) { continue; }
      const count = seen.count, box = seen.box;
      if (box[2] < corner.x || box[0] > far.x || box[3] < corner.y || box[1] > far.y) { continue; }
      const lines = ["around " + (byId.get(c.hub) ? byId.get(c.hub).label : c.hub),
        (count < c.size ? count.toLocaleString("en") + " of " : "") + c.size.toLocaleString("en") + (c.size === 1 ? " actor" : " actors")];
      const width = Math.max.apply(null, lines.map(function (line, i) { ctx.font = fonts[i]; return ctx.measureText(line).width; }));
      // a small community, far out, whose few actors shown take less room than its name: the name would stand for nothing
      if ((box[2] - box[0]) < width / 4 || (count < FEW_SHOWN && (box[2] - box[0]) < width)) { continue; }
      const x = Math.max(corner.x + pad + width / 2, Math.min(far.x - pad - width / 2, (box[0] + box[2]) / 2));
      // over the box, or else under it, where it covers no other community's name
      const bottoms = [Math.max(corner.y + pad + height, box[1] - pad), Math.min(far.y - pad, box[3] + pad + height)];
      const free = bottoms.map(function (bottom) { return { left: x - width / 2, right: x + width / 2, top: bottom - height, bottom: bottom }; })
        .find(function (taken) {
          return !communityNamesDrawn.some(function (o) { return o.left < taken.right && taken.left < o.right && o.top < taken.bottom && taken.top < o.bottom; });
        });
      if (free === undefined) { continue; }
      const baselines = [free.bottom - 1.25 * small, free.bottom];
      lines.forEach(function (line, i) { ctx.font = fonts[i]; ctx.strokeText(line, x, baselines[i]); ctx.fillText(line, x, baselines[i]); });
      communityNamesDrawn.push(Object.assign({ community: c.number, text: lines.join(" \u00b7 ") }, free));
    }
    ctx.restore();
  }

  Object.assign(sg, { drawnNames: drawnNames, arrowsForZoom: arrowsForZoom, restoreLayout: restoreLayout, refresh: refresh,
                      lastDrawingMs: function () { return lastDrawingMs; }, visibleNeighbours: visibleNeighbours,
                      fitIds: fitIds });
});
