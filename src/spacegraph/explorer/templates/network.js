"use strict";
// The network: the data sets vis-network draws, what the filters keep of them, and how it is drawn. Positions are
// fixed once (render.py's layout). Far out on a crowded view far-drawing.js draws in batches; a big graph's
// relationships are held by vis-network only near the view. Drawing is held here until view.js fits the first view.
window.spacegraphExplorer.parts.push(function networkPart(sg) {
  const data = sg.data, state = sg.state, byId = sg.byId, edgeById = sg.edgeById, allRelations = sg.allRelations, allSources = sg.allSources;
  const holds = sg.pure.holds, tally = sg.pure.tally;
  // what the filters keep, as drawn (showWhatTheFiltersKeep), read by every part of the page: `part` is the actors
  // focus mode or the overview keeps, or null for all that the filters keep; `box` the box the actors shown take, as
  // fitIds finds it; `byCommunity` the actors shown in each community (see writeCommunityNames)
  const shown = { part: null, nodeIds: [], edgeIds: [], edges: [], box: null, byCommunity: null };
  let batching = 0;  // how deep in batch() the page is: the network redraws once, when the outermost change ends
  let holdWanted = null;  // whether the relationships near the view are to be held again: null, false (if the view left them), true
  const first = new Map(data.nodes.map(function (n) { return [n.id, { x: n.x, y: n.y }]; }));
  // the data sets hold what is drawn; everything else is read from byId and edgeById
  const nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, title: n.label + " (" + n.kind + ")", shape: n.shape, color: n.color, size: n.size, x: n.x, y: n.y };
  }));
  const EDGE_COLOR = "#8a96a3";
  // how actors and relationships are drawn: plain, dimmed around a selection, or on a path
  const nodeStyle = new Map(), edgeStyle = new Map();  // id -> "dim" or "path"; absent: drawn plain
  const NODE_LOOK = {
    plain: { opacity: 1, font: { color: "#1d232b" } },
    dim: { opacity: 0.18, font: { color: "#c0c6cc" } }
  };
  const EDGE_LOOK = {
    plain: { width: 1.2, color: { color: EDGE_COLOR, highlight: "#0072B2", opacity: 1 }, font: { size: 11, color: "#444", strokeWidth: 3, align: "middle" } },
    dim: { width: 1.2, color: { color: EDGE_COLOR, highlight: "#0072B2", opacity: 0.12 },
           font: { size: 11, color: "rgba(0,0,0,0)", strokeWidth: 0, align: "middle" } },
    path: { width: 3, color: { color: "#0072B2", highlight: "#0072B2", opacity: 1 }, font: { size: 11, color: "#1d232b", strokeWidth: 3, align: "middle" } }
  };
  // a big graph's edges get their labels when the view comes close enough to read them (see view.js's arrowsForZoom)
  const LABELLED_EDGES_UP_TO = 1000;
  const edgesLabelledAlways = data.edges.length <= LABELLED_EDGES_UP_TO;
  const edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: edgesLabelledAlways ? e.label : "",
             title: byId.get(e.from).label + " " + e.label + " " + byId.get(e.to).label, dashes: e.hedged ? [6, 4] : false };
  }));
  // what the filters keep; focus mode and the overview of a big graph then keep a part of it
  function baseNodeVisible(id) { return actorKept(byId.get(id)); }
  function actorKept(n) { return state.kinds.has(n.kind) && holds(n, state.date) && inCommunity(n) && !state.hidden.has(n.id); }
  function inCommunity(n) { return state.community === null || n.community === state.community; }
  function baseEdgeShown(full) {
    if (!state.relations.has(full.label)) { return false; }
    if (!baseNodeVisible(full.from) || !baseNodeVisible(full.to) || !holds(full, state.date)) { return false; }
    if (!full.sources.length) { return true; }
    return full.sources.some(function (s) { return state.sources.has(s.document); });
  }
  const adjacent = new Map(data.nodes.map(function (n) { return [n.id, []]; }));
  for (const e of data.edges) {
    if (adjacent.has(e.from) && adjacent.has(e.to)) { adjacent.get(e.from).push([e.to, e]); adjacent.get(e.to).push([e.from, e]); }
  }
  for (const list of adjacent.values()) { list.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }); }
  function shownNeighbours(id) {
    return adjacent.get(id).filter(function (pair) { return baseEdgeShown(pair[1]); }).map(function (pair) { return pair[0]; });
  }
  function computePart() {
    if (state.focusMode && state.focus && baseNodeVisible(state.focus)) {
      const part = shown.part = new Set([state.focus]);
      let ring = [state.focus];
      for (let d = 0; d < state.depth; d++) {
        const next = [];
        for (const id of ring) { for (const other of shownNeighbours(id)) { if (!part.has(other)) { part.add(other); next.push(other); } } }
        ring = next;
      }
      for (const id of state.expanded) { if (part.has(id)) { for (const other of sg.expandedNeighbours(id)) { part.add(other); } } }
    } else if (state.overview) {
      shown.part = state.overview;
    } else { shown.part = null; }
  }
  function nodeVisible(id) { return baseNodeVisible(id) && (shown.part === null || shown.part.has(id)); }
  function edgeShown(full) { return baseEdgeShown(full) && (shown.part === null || (shown.part.has(full.from) && shown.part.has(full.to))); }
  function centralActors() {
    if (data.nodes.length <= data.overviewSize) { return null; }
    const biggest = data.nodes.slice().sort(function (a, b) { return b.size - a.size || (a.id < b.id ? -1 : 1); }).slice(0, data.overviewSize);
    return new Set(biggest.map(function (n) { return n.id; }));
  }
  state.overview = centralActors();
  computePart();
  // the network holds every actor, or a big graph's overview with the actors opened from it; the filters then hide and
  // show what it holds with vis-network's own `hidden` flags (see showWhatTheFiltersKeep), where data views taking
  // thousands of actors out and putting them back cost 0.4 s at 10,000 actors
  function held(id) { return state.overview === null || state.overview.has(id) || (shown.part !== null && shown.part.has(id)); }
  // a big graph's relationships are held by vis-network (at 50 µs each) only where it draws them itself: near enough
  // to read them, in sight; from far out far-drawing.js draws them from the data, but for the selected actor's and a path's
  const edgesHeldInSight = !edgesLabelledAlways;
  const where = new Map(first);  // where each actor is now: first placed, or dragged (also each actor's `at`)
  for (const n of data.nodes) { n.at = first.get(n.id); }
  function placeAt(id, p) { where.set(id, p); byId.get(id).at = p; }
  let sight = null;  // the part of the plane whose relationships vis-network holds, or null from far out
  function inside(id, box) { const p = where.get(id); return p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom; }
  function edgeHeld(full) {
    if (!held(full.from) || !held(full.to)) { return false; }
    if (!edgesHeldInSight) { return true; }
    if (!edgeShown(full)) { return false; }
    if (state.focus !== null && (full.from === state.focus || full.to === state.focus)) { return true; }
    if (state.path && state.path.edges.has(full.id)) { return true; }
    return sight !== null && (inside(full.from, sight) || inside(full.to, sight));
  }
  const nodeView = new vis.DataView(nodes, { filter: function (n) { return held(n.id); } });
  const edgeView = new vis.DataView(edges, { filter: function (e) { return edgeHeld(edgeById.get(e.id)); } });
  let holdsAll = state.overview === null;  // the data views hold everything: nothing to refresh

  const container = document.getElementById("network");
  container.tabIndex = 0;
  // level of detail: far out on a crowded view, arrowheads (a few pixels wide, and half the cost of a frame) are left out
  const ARROWS_FROM_SCALE = 0.3, CROWDED = 1000;
  let arrowsShown = data.edges.filter(edgeShown).length <= CROWDED;  // a crowded first view opens far out: no arrowheads to set up
  // and the names of the most central actors shown stay readable at any zoom (see view.js's arrowsForZoom)
  const LABEL_PX = 13, READABLE_PX = 11;
  // the network gets its data with drawing held, and is drawn once, fitted: not first at zoom 1 with every label
  const network = new vis.Network(container, {}, {
    physics: { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, keyboard: false, navigationButtons: false, hideEdgesOnDrag: false },
    // shared styles are set once here: given to each of 34,000 edges they cost 0.1 s of a big page's start
    // a name smaller than READABLE_PX on screen is not drawn: far out, only the names arrowsForZoom enlarges are
    nodes: { borderWidth: 1, font: { size: LABEL_PX, color: "#1d232b", strokeWidth: 3, strokeColor: "#ffffff" }, scaling: { label: { drawThreshold: READABLE_PX } } },
    edges: { smooth: false, width: 1.2, font: { size: 11, color: "#444", strokeWidth: 3, align: "middle" },
             color: { color: EDGE_COLOR, highlight: "#0072B2", opacity: 1, inherit: false }, arrows: { to: { enabled: arrowsShown } } },
    layout: { randomSeed: 7, improvedLayout: false }
  });
  // far out on a crowded view, vis-network's drawing one actor at a time gives way to batches (far-drawing.js)
  function farOut() { return network.getScale() < ARROWS_FROM_SCALE && shown.edgeIds.length > CROWDED; }
  function showArrows(wanted) {
    if (wanted !== arrowsShown) { arrowsShown = wanted; network.setOptions({ edges: { arrows: { to: { enabled: wanted } } } }); }
  }
  // the shown relationships vis-network does not hold and whose box meets the view, for far-drawing.js, each with its
  // look: {color, opacity, width, dashes}, one object per look, solid or dashed
  // from far out, where a big graph's communities are laid out apart (render.py), a relationship between two of them
  // is drawn faint: thousands of long lines between the communities would cover them
  // (drawn as one haze, however many: see far-drawing.js's strokeUnion)
  const ACROSS_OPACITY = 0.2;
  const clustersApart = data.communities.some(function (c) { return c.apart; });
  if (clustersApart) { for (const e of data.edges) { e.across = byId.get(e.from).community !== byId.get(e.to).community; } }
  const EDGE_GROUPS = {};  // name -> [within, across] -> [solid, dashed]
  for (const name of Object.keys(EDGE_LOOK)) {
    const look = EDGE_LOOK[name];
    EDGE_GROUPS[name] = [false, true].map(function (faint) {
      return [false, true].map(function (dashed) {
        return { color: look.color.color, opacity: look.color.opacity * (faint ? ACROSS_OPACITY : 1), width: look.width,
                 dashes: dashed ? [6, 4] : null, union: faint };
      });
    });
  }
  function eachEdgeNotHeld(visit, view) {
    const body = network.body, faint = clustersApart && farOut(), anyHeld = edgeView.length > 0, styled = edgeStyle.size > 0;
    for (const e of shown.edges) {
      if (anyHeld && body.edges[e.id] !== undefined) { continue; }
      const a = e.fromActor.drawn, b = e.toActor.drawn;
      if ((a.x < view.left && b.x < view.left) || (a.x > view.right && b.x > view.right) ||
          (a.y < view.top && b.y < view.top) || (a.y > view.bottom && b.y > view.bottom)) { continue; }
      visit(a, b, EDGE_GROUPS[styled ? edgeStyle.get(e.id) || "plain" : "plain"][faint && e.across ? 1 : 0][e.hedged ? 1 : 0]);
    }
  }
  // far out, an actor is drawn at least this big on screen (in pixels, a radius), so that its colour shows
  const farSettings = { smallestRadius: 2 };
  const lastFrame = window.spacegraphFarDrawing.install(network, farOut, eachEdgeNotHeld, farSettings);
  network.body.emitter.emit("_blockRedraw");
  network.setData({ nodes: nodeView, edges: edgeView });
  function isShown(id) { const node = network.body.nodes[id]; return node !== undefined && node.options.hidden === false; }
  // each relationship's two actors, looked up once: a filter over 170,000 relationships reads them 340,000 times
  for (const e of data.edges) { e.fromActor = byId.get(e.from); e.toActor = byId.get(e.to); }
  let heldActors = null;  // see showWhatTheFiltersKeep
  function showWhatTheFiltersKeep() {
    const body = network.body;
    const shownNodeIds = shown.nodeIds = [], shownEdgeIds = shown.edgeIds = [], shownEdges = shown.edges = [];
    for (const n of data.nodes) { n.shownNow = false; }  // an actor the network does not hold is not shown
    // the actors the network holds, each with its node: the network takes nodes out or makes them again only when
    // holdWhatTheFiltersKeep refreshes its view of them (which sets heldActors to null); eachEdgeNotHeld reads each relationship's
    // ends from there, not from a table of 50,000 keys
    if (heldActors === null) {
      heldActors = [];
      for (const id in body.nodes) { const actor = byId.get(id); actor.drawn = body.nodes[id]; heldActors.push(actor); }
    }
    const styled = nodeStyle.size > 0;
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;  // the box of what is shown (see fitIds)
    const communities = clustersApart ? new Map() : null;  // and of each community's (see view.js's writeCommunityNames)
    for (const actor of heldActors) {
      const id = actor.id, hidden = !(actorKept(actor) && (shown.part === null || shown.part.has(id)));  // nodeVisible
      actor.drawn.options.hidden = hidden;
      if (!hidden) {
        shownNodeIds.push(id); actor.shownNow = true;
        const r = actor.size, x = actor.at.x, y = actor.at.y;  // where it is, as fitIds reads it (vis-network rounds it)
        if (x - r < left) { left = x - r; } if (x + r > right) { right = x + r; }
        if (y - r < top) { top = y - r; } if (y + r > bottom) { bottom = y + r; }
        if (communities !== null) { tally(communities, actor.community, x, y); }
      }
      if (styled && nodeStyle.has(id)) { lookOfNode(id); }  // a node vis-network has made again, from the data set, takes its look
    }
    shown.box = { left: left, right: right, top: top, bottom: bottom };
    shown.byCommunity = communities;
    // what edgeShown says of each, from the actors just found shown: both ends shown, its relationship, its date and
    // one of its sources kept
    const everyRelation = state.relations.size === allRelations.length, everySource = state.sources.size === allSources.length;
    for (const e of data.edges) {
      if (!e.fromActor.shownNow || !e.toActor.shownNow) { continue; }
      if ((!everyRelation && !state.relations.has(e.label)) || (state.date && !holds(e, state.date))) { continue; }
      if (!everySource && e.sources.length && !e.sources.some(function (s) { return state.sources.has(s.document); })) { continue; }
      shownEdgeIds.push(e.id); shownEdges.push(e);
    }
    // what vis-network's _updateVisibleIndices would find, without walking the network again
    body.nodeIndices = shownNodeIds.slice();
    markHeldEdges();
  }
  function markHeldEdges() {
    const body = network.body;
    body.edgeIndices = [];
    for (const id in body.edges) {
      const hidden = !edgeShown(edgeById.get(id));
      body.edges[id].options.hidden = hidden;
      if (!hidden) { body.edgeIndices.push(id); }
    }
  }
  // the relationships in sight (and a quarter of a view around it) are held when the view comes near, let go from far out
  function holdEdgesInSight(always) {
    if (!edgesHeldInSight) { return; }
    holdWanted = holdWanted === true || always;  // done once, when the outermost change ends
    if (batching === 0) { batch(function () {}); }
  }
  function holdNow() {
    const always = holdWanted;
    holdWanted = null;
    let wanted = null;
    if (!farOut()) {
      const corner = network.DOMtoCanvas({ x: 0, y: 0 });
      const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      const now = { left: corner.x, top: corner.y, right: far.x, bottom: far.y };
      const within = sight !== null && now.left >= sight.left && now.right <= sight.right && now.top >= sight.top && now.bottom <= sight.bottom;
      if (within && !always) { return; }
      const w = (now.right - now.left) / 4, h = (now.bottom - now.top) / 4;
      wanted = { left: now.left - w, top: now.top - h, right: now.right + w, bottom: now.bottom + h };
    } else if (sight === null && !always) { return; }
    sight = wanted;
    // far out, with nothing open, the network holds no relationship, before as after: its view of 170,000 is left alone
    if (sight === null && state.focus === null && !state.path && edgeView.length === 0) { return; }
    edgeView.refresh(); markHeldEdges(); edgeLooksOfHeld();
  }
  // after a filter: the network's views of the data sets refreshed, and what they hold hidden or shown (in a batch)
  function holdWhatTheFiltersKeep() {
    if (!(holdsAll && state.overview === null)) { nodeView.refresh(); heldActors = null; }
    showWhatTheFiltersKeep();
    if (edgesHeldInSight) { holdEdgesInSight(true); } else if (!(holdsAll && state.overview === null)) { edgeView.refresh(); markHeldEdges(); edgeLooksOfHeld(); }
    holdsAll = state.overview === null;
  }
  // styles are changed only where they differ from what is drawn, and the page redraws once
  // restyle(wanted actor looks, wanted relationship looks): only what changes. Looks are set on vis-network's own nodes
  // and edges, in place (a data-set update of 10,000 actors took 0.3 s, and each relationship's 40 µs); far-drawing.js
  // reads the looks of the relationships vis-network does not hold from edgeStyle
  function restyle(nodeLooks, edgeLooks) {
    for (const id of Array.from(nodeStyle.keys())) { if (!nodeLooks.has(id)) { nodeStyle.delete(id); lookOfNode(id); } }
    for (const [id, look] of nodeLooks) { if (nodeStyle.get(id) !== look) { nodeStyle.set(id, look); lookOfNode(id); } }
    for (const id of Array.from(edgeStyle.keys())) { if (!edgeLooks.has(id)) { edgeStyle.delete(id); } }
    for (const [id, look] of edgeLooks) { edgeStyle.set(id, look); }
    edgeLooksOfHeld();
  }
  function lookOfNode(id) {
    const node = network.body.nodes[id];
    if (node === undefined) { return; }
    const look = NODE_LOOK[nodeStyle.get(id) || "plain"];
    node.options.opacity = look.opacity;
    node.options.font.color = look.font.color;  // kept when vis-network rebuilds the label's fonts
    node.labelModule.fontOptions.color = look.font.color;
    paintLabel(node.labelModule, look.font.color, null);
  }
  // vis-network copies a label's colour into the label's laid-out lines when it lays the label out, and draws those:
  // a colour set on the options alone shows only after the next layout, so a dimmed name stayed dark
  function paintLabel(labelModule, color, strokeWidth) {
    for (const line of labelModule.lines || []) {
      for (const block of line.blocks || []) {
        block.color = color;
        if (strokeWidth !== null) { block.strokeWidth = strokeWidth; }
      }
    }
  }
  const lookGiven = new WeakMap();  // vis-network's edge -> the look set on it (a new one has the plain look)
  function edgeLooksOfHeld() {
    for (const id in network.body.edges) {
      const edge = network.body.edges[id], name = edgeStyle.get(id) || "plain";
      if ((lookGiven.get(edge) || "plain") === name) { continue; }
      const look = EDGE_LOOK[name], options = edge.options, fonts = edge.labelModule.fontOptions;
      options.width = look.width;
      Object.assign(options.color, look.color);
      options.font.color = fonts.color = look.font.color;  // kept when vis-network rebuilds the label's fonts
      options.font.strokeWidth = fonts.strokeWidth = look.font.strokeWidth;
      paintLabel(edge.labelModule, look.font.color, look.font.strokeWidth);
      lookGiven.set(edge, name);
    }
  }
  // the look of a relationship, as drawn (see paths.js's shared names)
  function edgeLookOf(id) { return EDGE_LOOK[edgeStyle.get(id) || "plain"]; }
  function batch(change) {
    if (batching++ === 0) { network.body.emitter.emit("_blockRedraw"); }  // every data set event would redraw the whole graph
    try { change(); } finally {
      try { if (batching === 1 && holdWanted !== null) { holdNow(); } } finally {  // where the view ends up, once
        if (--batching === 0) { network.body.emitter.emit("_allowRedraw"); network.redraw(); }
      }
    }
  }
  showWhatTheFiltersKeep();

  Object.assign(sg, {
    shown: shown, first: first, nodes: nodes, edges: edges, network: network, container: container, adjacent: adjacent, where: where,
    EDGE_COLOR: EDGE_COLOR, EDGE_LOOK: EDGE_LOOK, LABEL_PX: LABEL_PX, READABLE_PX: READABLE_PX, edgesLabelledAlways: edgesLabelledAlways, clustersApart: clustersApart,
    edgeLookOf: edgeLookOf, farSettings: farSettings, lastFrame: lastFrame,
    baseNodeVisible: baseNodeVisible, inCommunity: inCommunity, baseEdgeShown: baseEdgeShown, nodeVisible: nodeVisible,
    edgeShown: edgeShown, shownNeighbours: shownNeighbours, computePart: computePart, centralActors: centralActors,
    placeAt: placeAt, isShown: isShown, farOut: farOut, showArrows: showArrows, holdWhatTheFiltersKeep: holdWhatTheFiltersKeep,
    holdEdgesInSight: holdEdgesInSight, restyle: restyle, batch: batch
  });
});
