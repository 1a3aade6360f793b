"use strict";
// The explorer's own code. Every string from the data is shown with textContent, never as markup.
(async function () {
  // the data travels deflated in base64 (render.py's packed_payload), and is inflated by the browser itself
  async function readData() {
    const packed = atob(document.getElementById("explorer-data").textContent.trim());
    const bytes = new Uint8Array(packed.length);
    for (let i = 0; i < packed.length; i++) { bytes[i] = packed.charCodeAt(i); }
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return JSON.parse(await new Response(inflated).text());
  }
  const data = await readData();
  // the page leaves empty fields out (see render.py)
  for (const n of data.nodes) { n.sources = n.sources || []; n.altLabels = n.altLabels || []; n.types = n.types || []; }
  for (const e of data.edges) { e.sources = e.sources || []; }
  const byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  const edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  const allKinds = data.legend.map(function (k) { return k.kind; });
  const allRelations = Array.from(new Set(data.edges.map(function (e) { return e.label; }))).sort();
  const allSources = Object.keys(data.documents);
  const state = { kinds: new Set(allKinds), relations: new Set(allRelations), sources: new Set(Object.keys(data.documents)),
                  date: null, focus: null, focusMode: false, depth: 1, expanded: new Set(), path: null,
                  colorBy: data.colorBy, overview: null, community: null,
                  hidden: new Set(), expandedTypes: new Map() };  // see the node menu
  let gesture = null, gestureAt = 0;  // the reader's gesture under way (see continuing), and when it last changed the view
  const FIT_MARGIN = 40, FIT_MOST = 1.5;  // a fit's room around the actors, in screen pixels; the closest a fit comes
  let viewMoved = false;  // the reader moved the view since it was last fitted: a filter then leaves it where it is
  let batching = 0;  // how deep in batch() the page is: the network redraws once, when the outermost change ends
  let holdWanted = null;  // whether the relationships near the view are to be held again: null, false (if the view left them), true
  const WELCOME = "Click an actor or a relationship, or search for one, to see what the sources say.";
  const NARROW = window.matchMedia("(max-width: 820px)");

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function safeLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      const a = el("a", text);
      a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
      return a;
    }
    return el("span", text);
  }
  function holds(item, day) {
    if (!day) { return true; }
    return (!item.start || item.start <= day) && (!item.end || day < item.end);
  }
  // accents and case folded: "Duchâtel" and "duchatel" are the same key
  function fold(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }

  document.getElementById("title").textContent = data.title;
  document.title = data.title;
  // the heading says where the graph comes from: its sources, the first few by name
  const sourceTitles = Object.values(data.documents).map(function (d) { return d.title; }).sort();
  document.getElementById("subtitle").textContent = !sourceTitles.length ? "" : "Every relationship quotes its source: " +
    sourceTitles.slice(0, 3).join("; ") + (sourceTitles.length > 3 ? "; and " + (sourceTitles.length - 3) + " more (Sources, below)." : ".");

  // ---------------------------------------------------------------- panels (a narrow screen opens them over the graph)
  // one panel open at a time: on a phone the two would cover each other and the graph
  function openPanel(name) {
    for (const other of ["controls", "details"]) { if (other !== name) { closePanel(other); } }
    document.getElementById(name).classList.add("open");
  }
  function closePanel(name) { document.getElementById(name).classList.remove("open"); }
  for (const button of document.querySelectorAll("[data-open]")) {
    button.addEventListener("click", function () {
      const name = button.getAttribute("data-open");
      const panel = document.getElementById(name);
      if (panel.classList.contains("open")) { closePanel(name); } else { openPanel(name); }
    });
  }
  // the skip link opens the details (a phone keeps them closed) and puts the focus in them
  document.querySelector("[data-testid=skip-to-details]").addEventListener("click", function (event) {
    event.preventDefault();
    openPanel("details");
    document.getElementById("details").focus();
  });
  for (const button of document.querySelectorAll("[data-close]")) {
    button.addEventListener("click", function () { closePanel(button.getAttribute("data-close")); });
  }

  // ---------------------------------------------------------------- data sets, positions fixed once
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
  // a big graph's edges get their labels when the view comes close enough to read them (see arrowsForZoom)
  const LABELLED_EDGES_UP_TO = 1000, EDGE_LABELS_FROM_SCALE = 0.45;
  const edgesLabelledAlways = data.edges.length <= LABELLED_EDGES_UP_TO;
  const edgeLabelled = new Set();  // the edges of a big graph that carry their label now
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
  let part = null;  // the actors focus mode or the overview keeps, or null for all that the filters keep
  function computePart() {
    if (state.focusMode && state.focus && baseNodeVisible(state.focus)) {
      part = new Set([state.focus]);
      let ring = [state.focus];
      for (let d = 0; d < state.depth; d++) {
        const next = [];
        for (const id of ring) { for (const other of shownNeighbours(id)) { if (!part.has(other)) { part.add(other); next.push(other); } } }
        ring = next;
      }
      for (const id of state.expanded) { if (part.has(id)) { for (const other of expandedNeighbours(id)) { part.add(other); } } }
    } else if (state.overview) {
      part = state.overview;
    } else { part = null; }
  }
  function nodeVisible(id) { return baseNodeVisible(id) && (part === null || part.has(id)); }
  function edgeShown(full) { return baseEdgeShown(full) && (part === null || (part.has(full.from) && part.has(full.to))); }
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
  function held(id) { return state.overview === null || state.overview.has(id) || (part !== null && part.has(id)); }
  // a big graph's relationships are held by vis-network (at 50 µs each) only where it draws them itself: near enough
  // to read them, in sight; from far out far-drawing.js draws them from the data, but for the selected actor's and a path's
  const edgesHeldInSight = !edgesLabelledAlways;
  const where = new Map(first);  // where each actor is now: first placed, or dragged (also each actor's `at`)
  for (const n of data.nodes) { n.at = first.get(n.id); }
  function placeAt(id, p) { where.set(id, p); byId.get(id).at = p; }
  let communityNamesDrawn = [], shownByCommunity = null;  // the communities named in the last frame; actors shown in each
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
  let shownNodeIds = [], shownEdgeIds = [], shownEdges = [];  // what the filters keep, as drawn
  const bySize = data.nodes.slice().sort(function (a, b) { return b.size - a.size || (a.id < b.id ? -1 : 1); });

  const container = document.getElementById("network");
  container.tabIndex = 0;
  // level of detail: far out on a crowded view, arrowheads (a few pixels wide, and half the cost of a frame) are left out
  const ARROWS_FROM_SCALE = 0.3, CROWDED = 1000;
  let arrowsShown = data.edges.filter(edgeShown).length <= CROWDED;  // a crowded first view opens far out: no arrowheads to set up
  // and the names of the most central actors shown stay readable at any zoom
  const HUB_LABELS = 12, LABEL_PX = 13, CROWDED_ACTORS = 300, READABLE_PX = 11;  // a smaller view's labels are laid out apart, and left alone
  let labelled = new Set();  // the actors whose names are drawn bigger
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
  function farOut() { return network.getScale() < ARROWS_FROM_SCALE && shownEdgeIds.length > CROWDED; }
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
    for (const e of shownEdges) {
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
  let shownBox = null;  // the box the actors shown take, as fitIds finds it: found by showWhatTheFiltersKeep
  function showWhatTheFiltersKeep() {
    const body = network.body;
    shownNodeIds = []; shownEdgeIds = []; shownEdges = [];
    for (const n of data.nodes) { n.shownNow = false; }  // an actor the network does not hold is not shown
    // the actors the network holds, each with its node: the network takes nodes out or makes them again only when
    // refresh() refreshes its view of them (which sets heldActors to null); eachEdgeNotHeld reads each relationship's
    // ends from there, not from a table of 50,000 keys
    if (heldActors === null) {
      heldActors = [];
      for (const id in body.nodes) { const actor = byId.get(id); actor.drawn = body.nodes[id]; heldActors.push(actor); }
    }
    const styled = nodeStyle.size > 0;
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;  // the box of what is shown (see fitIds)
    const communities = clustersApart ? new Map() : null;  // and of each community's (see writeCommunityNames)
    for (const actor of heldActors) {
      const id = actor.id, hidden = !(actorKept(actor) && (part === null || part.has(id)));  // nodeVisible
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
    shownBox = { left: left, right: right, top: top, bottom: bottom };
    shownByCommunity = communities;
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
  showWhatTheFiltersKeep();
  function arrowsForZoom() {
    holdEdgesInSight(false);
    const scale = network.getScale();
    const wanted = !farOut();
    if (wanted !== arrowsShown) { arrowsShown = wanted; network.setOptions({ edges: { arrows: { to: { enabled: wanted } } } }); }
    const size = Math.round(Math.min(5000, Math.max(LABEL_PX, LABEL_PX / scale)));
    // level of detail: where names as drawn would be too small to read, the most central actors in view get theirs
    // at a readable size, each kept only where it overlaps no more central one's (looked for among five times as
    // many): ten on a phone, twelve far out on a crowded view (each such name is drawn on its own, not in a batch),
    // twenty-four nearer; zooming in brings the others in view, until every name is readable as drawn
    const hubs = [], boxes = [];
    const limit = NARROW.matches ? 10 : farOut() ? HUB_LABELS : 2 * HUB_LABELS;
    if (shownNodeIds.length > CROWDED_ACTORS || LABEL_PX * scale < READABLE_PX) {
      const corner = network.DOMtoCanvas({ x: 0, y: 0 });
      const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      let looked = 0;
      // the selected actor and its neighbours are named first: their names are what the reader opened it for
      const first = state.focus !== null && isShown(state.focus) ? [state.focus].concat(visibleNeighbours(state.focus)) : [];
      const named = new Set();
      for (const n of first.map(function (id) { return byId.get(id); }).concat(bySize)) {
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
        const inSight = function (id) { const p = first.get(id); return p.x >= corner.x && p.x <= far.x && p.y >= corner.y && p.y <= far.y; };
        for (const id of shownEdgeIds) {
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
    shownByCommunity = null;  // its community's box may have changed
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
    return shownNodeIds.length >= PAN_PICTURE_FROM || lastDrawingMs >= PAN_PICTURE_FROM_MS;
  }, WHEEL_SETTLES_MS);

  function refresh() {
    computePart();
    batch(function () {
      if (!(holdsAll && state.overview === null)) { nodeView.refresh(); heldActors = null; }
      showWhatTheFiltersKeep();
      if (edgesHeldInSight) { holdEdgesInSight(true); } else if (!(holdsAll && state.overview === null)) { edgeView.refresh(); markHeldEdges(); edgeLooksOfHeld(); }
      holdsAll = state.overview === null;
      // after a filter or a date the view fits what is left, unless the reader has moved it or an actor or a path
      // holds it: in this batch, so that the network is drawn once, where the view ends
      if (!state.focus && !state.path && !viewMoved && shownNodeIds.length) { fitBox(shownBox, FIT_MOST); }
      arrowsForZoom();
    });
    const shown = shownNodeIds.length;
    countKinds();
    document.getElementById("empty").style.display = shown ? "none" : "flex";
    document.getElementById("counts").textContent = shown + " of " + data.nodes.length + " actors, " + shownEdgeIds.length + " of " +
      data.edges.length + " relationships";
    if (state.focus) { highlight(state.focus); } else if (state.path) { paintPath(); }
    if (!tableView.hidden) { renderTable(); }
  }

  // ---------------------------------------------------------------- the table: what the graph shows, to sort and scan
  // the accessible alternative to the drawing, one click from the first view; a row's name opens the actor, and the
  // actor opened in the graph is the row marked
  const tableView = document.getElementById("table-view"), table = document.getElementById("table");
  const tableToggle = document.getElementById("table-toggle"), tableFilter = document.getElementById("table-filter");
  const TABLE_ROWS = 500;  // rows drawn at most: a filter narrows a big graph's
  const tableState = { which: "actors", column: null, descending: false };
  function shownDegrees() {
    const degree = new Map();
    for (const id of shownEdgeIds) { const e = edgeById.get(id); for (const end of [e.from, e.to]) { degree.set(end, (degree.get(end) || 0) + 1); } }
    return degree;
  }
  function tableColumns(degree) {
    const source = function (e) { return e.sources.length ? (data.documents[e.sources[0].document] || { title: e.sources[0].document }).title : ""; };
    return tableState.which === "actors"
      ? [{ name: "Actor", value: function (n) { return n.label; }, actor: function (n) { return n.id; } },
         { name: "Kind", value: function (n) { return n.kind; } },
         { name: "Relationships shown", value: function (n) { return degree.get(n.id) || 0; }, first: "descending" }]
      : [{ name: "From", value: function (e) { return byId.get(e.from).label; }, actor: function (e) { return e.from; } },
         { name: "Relationship", value: function (e) { return e.label; }, edge: true },
         { name: "To", value: function (e) { return byId.get(e.to).label; }, actor: function (e) { return e.to; } },
         { name: "Source", value: source }];
  }
  function renderTable() {
    const degree = shownDegrees(), columns = tableColumns(degree);
    const all = tableState.which === "actors" ? shownNodeIds.map(function (id) { return byId.get(id); })
      : shownEdgeIds.map(function (id) { return edgeById.get(id); });
    const wanted = fold(tableFilter.value);
    const rows = !wanted ? all : all.filter(function (item) { return columns.some(function (c) { return fold(c.value(item)).includes(wanted); }); });
    const column = tableState.column === null ? (tableState.which === "actors" ? 2 : 0) : tableState.column;
    const descending = tableState.column === null ? tableState.which === "actors" : tableState.descending;
    const key = columns[column].value;
    rows.sort(function (a, b) {
      const x = key(a), y = key(b);
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    const head = el("tr");
    columns.forEach(function (c, i) {
      const th = el("th"), button = el("button", c.name);
      th.scope = "col"; button.type = "button";
      if (i === column) { th.setAttribute("aria-sort", descending ? "descending" : "ascending"); }
      button.addEventListener("click", function () {
        tableState.descending = i === column ? !descending : c.first === "descending";
        tableState.column = i;
        renderTable();
      });
      th.append(button); head.append(th);
    });
    const body = el("tbody");
    for (const item of rows.slice(0, TABLE_ROWS)) {
      const tr = el("tr");
      if (tableState.which === "actors") { tr.setAttribute("data-id", item.id); tr.setAttribute("aria-selected", String(item.id === state.focus)); }
      for (const c of columns) {
        const td = el("td");
        if (c.actor) { td.append(actorLink(c.actor(item))); td.firstChild.textContent = c.value(item); }
        else if (c.edge) {
          const open = el("button", c.value(item), "actor");
          open.type = "button";
          open.addEventListener("click", function () { state.focus = null; clearHighlight(); showEdge(item.id); if (NARROW.matches) { openPanel("details"); } });
          td.append(open);
        } else { td.textContent = String(c.value(item)); }
        tr.append(td);
      }
      body.append(tr);
    }
    const thead = el("thead"); thead.append(head);
    table.replaceChildren(thead, body);
    document.getElementById("table-count").textContent = (rows.length > TABLE_ROWS ? "the first " + TABLE_ROWS + " of " : "") +
      rows.length + (tableState.which === "actors" ? " actors" : " relationships") + (wanted ? " matching" : "") + " shown";
  }
  function markTableRow() {
    if (tableView.hidden) { return; }
    for (const tr of table.querySelectorAll("tr[aria-selected=true]")) { tr.setAttribute("aria-selected", "false"); }
    const row = state.focus && table.querySelector("tr[data-id='" + CSS.escape(state.focus) + "']");
    if (row) { row.setAttribute("aria-selected", "true"); row.scrollIntoView({ block: "nearest" }); }
  }
  tableToggle.addEventListener("click", function () {
    tableView.hidden = !tableView.hidden;
    tableToggle.setAttribute("aria-expanded", String(!tableView.hidden));
    if (!tableView.hidden) { renderTable(); markTableRow(); tableFilter.focus(); }
  });
  for (const button of tableView.querySelectorAll("[data-table]")) {
    button.addEventListener("click", function () {
      tableState.which = button.getAttribute("data-table"); tableState.column = null;
      for (const other of tableView.querySelectorAll("[data-table]")) { other.setAttribute("aria-pressed", String(other === button)); }
      renderTable(); markTableRow();
    });
  }
  tableFilter.addEventListener("input", function () { renderTable(); markTableRow(); });

  // ---------------------------------------------------------------- legend: kinds with their shapes, edges, sizes
  const SVG = "http://www.w3.org/2000/svg";
  // each kind's shape in a 20 × 20 box, drawn by the legend (SVG) and the exported picture (canvas)
  const SHAPE_POINTS = {
    square: "3,3 17,3 17,17 3,17", box: "2,5 18,5 18,15 2,15", diamond: "10,1 19,10 10,19 1,10",
    triangle: "10,2 19,18 1,18", triangleDown: "1,2 19,2 10,18",
    star: "10,1 12.6,7 19,7.5 14,11.6 15.6,18 10,14.5 4.4,18 6,11.6 1,7.5 7.4,7",
    hexagon: "5,2 15,2 19.5,10 15,18 5,18 0.5,10"
  };
  function shapeIcon(shape, color) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20"); svg.setAttribute("class", "shape"); svg.setAttribute("aria-hidden", "true");
    const points = SHAPE_POINTS[shape];
    let mark;
    if (points) { mark = document.createElementNS(SVG, "polygon"); mark.setAttribute("points", points); }
    else if (shape === "ellipse") {
      mark = document.createElementNS(SVG, "ellipse");
      mark.setAttribute("cx", "10"); mark.setAttribute("cy", "10"); mark.setAttribute("rx", "9"); mark.setAttribute("ry", "6");
    } else {
      mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("cx", "10"); mark.setAttribute("cy", "10"); mark.setAttribute("r", "8");
    }
    mark.setAttribute("fill", color); mark.setAttribute("stroke", "rgba(0,0,0,.45)"); mark.setAttribute("stroke-width", "1");
    svg.appendChild(mark);
    return svg;
  }
  const legend = document.getElementById("legend");
  const kindCounts = new Map();
  for (const n of data.nodes) { kindCounts.set(n.kind, (kindCounts.get(n.kind) || 0) + 1); }
  // one checkbox of a filter: ticked, it keeps `value` in the set state[setName]
  function filterBox(testId, setName, value, shown) {
    const label = el("label", null, "choice");
    const box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = value;
    box.setAttribute("data-testid", testId);
    box.addEventListener("change", function () {
      if (box.checked) { state[setName].add(value); } else { state[setName].delete(value); }
      refresh(); writeHash();
    });
    label.append.apply(label, [box].concat(shown));
    return label;
  }
  const kindCountCells = new Map();  // kind -> the count shown beside it, which follows the other filters
  for (const item of data.legend) {
    const icon = shapeIcon(item.shape, data.colorBy === "community" ? "#ffffff" : item.color);
    icon.setAttribute("data-shape", item.shape);
    const count = el("span", kindCounts.get(item.kind) || 0, "n");
    count.setAttribute("data-testid", "kind-count");
    kindCountCells.set(item.kind, count);
    const row = el("div", null, "legend-row");
    const only = el("button", "only", "only");
    only.type = "button"; only.setAttribute("data-testid", "only-kind"); only.value = item.kind;
    only.setAttribute("aria-label", "Only " + item.kind + " (again: every kind)");
    only.addEventListener("click", function () { onlyKind(item.kind); });
    row.append(filterBox("kind-filter", "kinds", item.kind, [icon, el("span", item.kind), count]), only);
    legend.appendChild(row);
  }
  // "only" keeps one kind; the same click on the kind kept alone brings every kind back
  function onlyKind(kind) {
    const alone = state.kinds.size === 1 && state.kinds.has(kind);
    state.kinds = new Set(alone ? allKinds : [kind]);
    syncKindBoxes(); refresh(); writeHash();
  }
  // each kind's count: its actors the other filters (date, community, hidden actors, focus, overview) keep, ticked or not
  function countKinds() {
    const counts = new Map(allKinds.map(function (k) { return [k, 0]; }));
    for (const n of data.nodes) {
      if (holds(n, state.date) && inCommunity(n) && !state.hidden.has(n.id) && (part === null || part.has(n.id))) {
        counts.set(n.kind, counts.get(n.kind) + 1);
      }
    }
    for (const [kind, cell] of kindCountCells) { cell.textContent = String(counts.get(kind) || 0); }
  }
  function edgeKey(dashed, text) {
    const row = el("div", null, "edge-key");
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "40"); svg.setAttribute("height", "12"); svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "2"); line.setAttribute("y1", "6"); line.setAttribute("x2", "32"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", EDGE_COLOR); line.setAttribute("stroke-width", "2");
    if (dashed) { line.setAttribute("stroke-dasharray", "6 4"); }
    const head = document.createElementNS(SVG, "polygon");
    head.setAttribute("points", "32,1 39,6 32,11"); head.setAttribute("fill", EDGE_COLOR);
    svg.append(line, head);
    row.append(svg, el("span", text));
    return row;
  }
  const edgeLegend = document.getElementById("edge-legend");
  // what an actor's size says, in plain words (the measure's name follows, for those who know it)
  const SIZE_NAMES = { pagerank: "how connected (PageRank)", degree: "how many relationships (degree)",
                       in_degree: "how many relationships point to it (in-degree)", out_degree: "how many relationships start from it (out-degree)",
                       betweenness: "how often it lies between others (betweenness)", closeness: "how near it is to all others (closeness)",
                       harmonic: "how near it is to all others (harmonic centrality)", eigenvector: "how connected to well-connected actors (eigenvector centrality)" };
  edgeLegend.append(edgeKey(false, "a relationship the source states"),
                    edgeKey(true, "a claim the source attributes or hedges"),
                    el("p", "Arrows point from subject to object. Size: " + (SIZE_NAMES[data.sizeBy] || data.sizeBy) + ".", "count"));

  // ---------------------------------------------------------------- relationship types
  const relationBox = document.getElementById("relations");
  const relationCounts = new Map();
  for (const e of data.edges) { relationCounts.set(e.label, (relationCounts.get(e.label) || 0) + 1); }
  for (const name of allRelations) {
    relationBox.appendChild(filterBox("relation-filter", "relations", name, [el("span", name), el("span", relationCounts.get(name), "n")]));
  }
  function setRelations(names) {
    state.relations = new Set(names);
    for (const box of document.querySelectorAll("[data-testid=relation-filter]")) { box.checked = state.relations.has(box.value); }
    refresh(); writeHash();
  }
  document.getElementById("relations-all").addEventListener("click", function () { setRelations(allRelations); });
  document.getElementById("relations-none").addEventListener("click", function () { setRelations([]); });

  // ---------------------------------------------------------------- source filters
  const sourcesBox = document.getElementById("sources");
  for (const [id, doc] of Object.entries(data.documents)) {
    sourcesBox.appendChild(filterBox("source-filter", "sources", id, [el("span", doc.title)]));
  }

  // ---------------------------------------------------------------- dates: a month slider, a day box, play
  const dates = [];
  for (const item of data.nodes.concat(data.edges)) {
    if (item.start) { dates.push(item.start); }
    if (item.end) { dates.push(item.end); }
  }
  dates.sort();
  const anyDate = document.getElementById("any-date");
  const dateInput = document.getElementById("date-filter");
  const slider = document.getElementById("date-slider");
  const monthLabel = document.getElementById("month-label");
  const playButton = document.getElementById("play");
  const firstYear = dates.length ? Number(dates[0].slice(0, 4)) - 1 : 2000;
  const lastYear = dates.length ? Number(dates[dates.length - 1].slice(0, 4)) + 1 : new Date().getUTCFullYear();
  const months = (lastYear - firstYear + 1) * 12;  // month i is firstYear-01 plus i months
  slider.max = String(months - 1);
  slider.value = slider.max;
  // the years marked under the slider, each at its January: every year, or every 2, 5, 10... years, six marks at most
  const yearMarks = document.getElementById("year-marks");
  const yearStep = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find(function (step) {
    return Math.floor(lastYear / step) - Math.ceil(firstYear / step) + 1 <= 6;
  }) || 1000;
  for (let year = Math.ceil(firstYear / yearStep) * yearStep; year <= lastYear; year += yearStep) {
    const mark = el("span", String(year));
    mark.style.left = (100 * (year - firstYear) * 12 / Math.max(1, months - 1)) + "%";
    yearMarks.append(mark);
  }
  function monthOf(iso) { return (Number(iso.slice(0, 4)) - firstYear) * 12 + Number(iso.slice(5, 7)) - 1; }
  // a month shows the facts that hold on its last day
  function lastDayOf(month) {
    const year = firstYear + Math.floor(month / 12), m = month % 12;
    return new Date(Date.UTC(year, m + 1, 0)).toISOString().slice(0, 10);
  }
  const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function showMonthLabel() {
    monthLabel.textContent = state.date ? "as of " + state.date : "any date";
    slider.setAttribute("aria-valuetext", state.date ? MONTH_NAMES[Number(state.date.slice(5, 7)) - 1] + " " + state.date.slice(0, 4) : "any date");
  }
  // setDate(day, gesture): a change that continues the reader's gesture ("slider", "typing", "play") replaces the
  // address's entry in the history instead of adding one, so the back button goes back a settled view at a time
  function setDate(iso, gesture) {
    if (!iso) { state.date = null; anyDate.checked = true; dateInput.value = ""; slider.value = slider.max; }
    else {
      state.date = iso; anyDate.checked = false;
      if (dateInput.value !== iso) { dateInput.value = iso; }
      slider.value = String(Math.max(0, Math.min(months - 1, monthOf(iso))));
    }
    showMonthLabel();
    refresh(); writeHash(continuing(gesture));
  }
  // a date box gives a whole date at every key: typing 2024 gives the years 0002, 0020, 0202 on the way; a year
  // before 1000 is a date still being typed, and filters nothing
  dateInput.addEventListener("change", function () {
    if (dateInput.value && Number(dateInput.value.slice(0, 4)) >= 1000) { setDate(dateInput.value, "typing"); }
  });
  slider.addEventListener("input", function () { setDate(lastDayOf(Number(slider.value)), "slider"); });
  slider.addEventListener("change", function () { gesture = null; });  // the drag is over: the next one adds an entry
  anyDate.addEventListener("change", function () { setDate(anyDate.checked ? null : (dateInput.value || lastDayOf(Number(slider.value)))); });
  let player = null;
  function stopPlaying() {
    if (player !== null) { clearInterval(player); player = null; }
    playButton.textContent = "Play"; playButton.setAttribute("aria-pressed", "false");
  }
  // Play crosses the whole range in about 15 s: 150 steps of a tenth of a second, each of one month or more
  const PLAY_STEPS = 150, PLAY_EVERY = 100, monthsPerStep = Math.max(1, Math.round(months / PLAY_STEPS));
  function step() {
    const next = Math.min(months - 1, (state.date ? monthOf(state.date) : -1) + monthsPerStep);
    setDate(lastDayOf(next), "play");
    if (next >= months - 1) { stopPlaying(); }
  }
  playButton.addEventListener("click", function () {
    if (player !== null) { stopPlaying(); return; }
    if (!state.date || monthOf(state.date) >= months - 1) { setDate(lastDayOf(0), "play"); } else { gesture = null; }  // Play's first step adds an entry
    playButton.textContent = "Pause"; playButton.setAttribute("aria-pressed", "true");
    player = setInterval(step, PLAY_EVERY);
  });
  showMonthLabel();

  // ---------------------------------------------------------------- search: every match, best first
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  const searchNote = document.getElementById("search-note");
  const index = data.nodes.map(function (n) {
    return { node: n, names: [n.label].concat(n.altLabels || []).map(function (name) { return [name, fold(name)]; }),
             about: fold(n.description || "") };
  });
  // rank: 0 a whole name, 1 the start of a name, 2 the start of a word in a name, 3 inside a name, 4 the description
  function matches(text) {
    const key = fold(text);
    if (!key) { return []; }
    const found = [];
    for (const item of index) {
      let best = null;
      for (const [name, folded] of item.names) {
        let rank = null;
        if (folded === key) { rank = 0; }
        else if (folded.startsWith(key)) { rank = 1; }
        else if ((" " + folded.replace(/[^a-z0-9]+/g, " ")).includes(" " + key)) { rank = 2; }
        else if (folded.includes(key)) { rank = 3; }
        if (rank !== null && (best === null || rank < best.rank)) { best = { rank: rank, name: name }; }
      }
      if (best === null && item.about.includes(key)) { best = { rank: 4, name: null }; }
      if (best !== null) { found.push({ node: item.node, rank: best.rank, name: best.name }); }
    }
    found.sort(function (a, b) {
      return a.rank - b.rank || b.node.size - a.node.size || a.node.label.localeCompare(b.node.label);
    });
    return found;
  }
  const SHOWN = 50;
  let lastResults = [];
  function showResults() {
    const text = search.value;
    lastResults = matches(text);
    results.replaceChildren();
    if (!fold(text)) { searchNote.textContent = ""; return; }
    if (!lastResults.length) { searchNote.textContent = "No actor matches \u201c" + text.trim() + "\u201d."; return; }
    searchNote.textContent = lastResults.length + (lastResults.length === 1 ? " actor" : " actors") +
      (lastResults.length > SHOWN ? ", the first " + SHOWN + " shown" : "");
    for (const hit of lastResults.slice(0, SHOWN)) {
      const li = document.createElement("li");
      const button = el("button", null, "result");
      button.type = "button";
      button.setAttribute("data-id", hit.node.id);
      button.append(el("span", hit.node.label));
      if (hit.name && hit.name !== hit.node.label) { button.append(el("span", hit.name, "also")); }
      if (hit.rank === 4) { button.append(el("span", "in its description", "also")); }
      button.append(el("span", hit.node.kind, "kind"));
      button.addEventListener("click", function () { select(hit.node.id); });
      button.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" && li.nextElementSibling) { event.preventDefault(); li.nextElementSibling.querySelector("button").focus(); }
        if (event.key === "ArrowUp") {
          event.preventDefault();
          if (li.previousElementSibling) { li.previousElementSibling.querySelector("button").focus(); } else { search.focus(); }
        }
      });
      li.appendChild(button);
      results.appendChild(li);
    }
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!fold(search.value)) { searchNote.textContent = "Type a name, an acronym or a word to find an actor."; return; }
      showResults();
      if (lastResults.length) { select(lastResults[0].node.id); }
    } else if (event.key === "ArrowDown" && results.firstElementChild) {
      event.preventDefault(); results.firstElementChild.querySelector("button").focus();
    }
  });

  // ---------------------------------------------------------------- details panel: grouped, every name a link
  const details = document.getElementById("details-body");
  function showMessage(text) { details.replaceChildren(el("p", text, "muted")); }
  function actorLink(id) {
    const n = byId.get(id);
    if (!n) { return el("span", id); }
    const button = el("button", n.label, "actor");
    button.type = "button";
    button.setAttribute("data-id", id);
    button.addEventListener("click", function () { select(id); });
    return button;
  }
  function quoteList(sources) {
    const box = document.createDocumentFragment();
    for (const s of sources || []) {
      box.appendChild(el("blockquote", s.quote));
      const doc = data.documents[s.document] || { title: s.document };
      const cite = el("div", null, "cite");
      cite.append(el("span", "\u2014 "), safeLink(doc.url, doc.title));
      if (doc.licence) {  // a source's licence travels with its quotes
        cite.append(el("span", " \u00b7 "), doc.licenceUrl ? safeLink(doc.licenceUrl, doc.licence) : el("span", doc.licence));
        cite.lastChild.setAttribute("data-testid", "licence");
      }
      box.appendChild(cite);
      if (doc.attribution) {
        const credit = el("div", doc.attribution, "cite");
        credit.setAttribute("data-testid", "attribution");
        box.appendChild(credit);
      }
    }
    return box;
  }
  function facts(e) {
    const box = document.createDocumentFragment();
    const extra = [];
    if (e.role) { extra.push("role: " + e.role); }
    if (e.date) { extra.push("date: " + e.date); }
    if (e.start) { extra.push("from " + e.start); }
    if (e.end) { extra.push("until " + e.end); }
    if (e.via) { extra.push("as part of: " + e.via); }
    if (extra.length) { box.appendChild(el("div", extra.join(" \u00b7 "), "cite")); }
    if (e.hedged) { box.appendChild(el("div", "A claim the source attributes, not a fact it states.", "hedged")); }
    if (e.claim) { box.appendChild(el("div", "Claim: " + e.claim + (e.hedge ? " (hedged: \u201c" + e.hedge + "\u201d)" : ""), "muted")); }
    else if (e.hedge) { box.appendChild(el("div", "The source hedges it: \u201c" + e.hedge + "\u201d.", "hedged")); }
    return box;
  }
  function quoteKey(sources) { return JSON.stringify((sources || []).map(function (s) { return [s.document, s.quote]; })); }
  // one section per relationship and direction; the actors that share a quote are listed once above it
  const GROUP_LISTED = 25;  // entries of a relationship group listed before "Show … more"
  function relationGroups(id, list) {
    const groups = new Map();
    for (const e of list) {
      const outgoing = e.from === id;
      const key = (outgoing ? "-> " : "<- ") + e.label;
      if (!groups.has(key)) { groups.set(key, { outgoing: outgoing, label: e.label, edges: [] }); }
      groups.get(key).edges.push(e);
    }
    const box = document.createDocumentFragment();
    for (const group of groups.values()) {
      const section = el("section", null, "group");
      section.setAttribute("data-testid", "relation-group");
      section.appendChild(el("h3", group.outgoing ? group.label + " \u2192" : "\u2190 " + group.label + " (this)"));
      // each quote once, under the actors it states the relationship of: an actor two sources quote is listed under each
      const byQuote = new Map(), quoted = new Map();
      for (const e of group.edges) {
        for (const s of (e.sources && e.sources.length ? e.sources : [null])) {
          const key = quoteKey(s ? [s] : []) + "|" + (e.hedged ? 1 : 0);
          if (!byQuote.has(key)) { byQuote.set(key, []); quoted.set(key, s ? [s] : []); }
          byQuote.get(key).push(e);
        }
      }
      const list = el("ul", null, "relations");
      // quotes that state the same relationships are one item, with each quote
      const merged = new Map();
      for (const [key, edges] of byQuote) {
        const same = edges.map(function (e) { return e.id; }).join(" ") + "|" + (edges[0].hedged ? 1 : 0);
        if (merged.has(same)) { quoted.get(merged.get(same)).push(...quoted.get(key)); byQuote.delete(key); } else { merged.set(same, key); }
      }
      const items = Array.from(byQuote.keys());
      const item = function (key) {
        const shared = byQuote.get(key);
        const li = document.createElement("li");
        const names = el("div");
        shared.forEach(function (e, i) {
          if (i) { names.append(document.createTextNode(", ")); }
          names.append(actorLink(group.outgoing ? e.to : e.from));
          const bits = [e.role, e.date, e.start && "from " + e.start, e.end && "until " + e.end].filter(Boolean);
          if (bits.length && shared.length > 1) { names.append(el("span", " (" + bits.join(", ") + ")", "muted")); }
        });
        li.appendChild(names);
        if (shared.length === 1) { li.appendChild(facts(shared[0])); } else if (shared[0].hedged) { li.appendChild(facts({ hedged: true })); }
        li.appendChild(quoteList(quoted.get(key)));
        return li;
      };
      // a hub's hundreds of relationships are listed on demand: the panel stays quick to open
      for (const key of items.slice(0, GROUP_LISTED)) { list.appendChild(item(key)); }
      section.appendChild(list);
      if (items.length > GROUP_LISTED) {
        const more = el("button", "Show " + (items.length - GROUP_LISTED).toLocaleString("en") + " more", "more");
        more.type = "button"; more.setAttribute("data-testid", "show-more");
        more.addEventListener("click", function () {
          for (const key of items.slice(GROUP_LISTED)) { list.appendChild(item(key)); }
          more.remove();
        });
        section.appendChild(more);
      }
      box.appendChild(section);
    }
    return box;
  }
  // what a screen reader says when the details change: a short summary, the panel being there to read on
  const announcement = document.getElementById("announcement");
  function announce(text) { announcement.textContent = text; }
  function showNode(id) {
    const n = byId.get(id);
    const around = adjacent.get(id).filter(function (pair) { return baseEdgeShown(pair[1]); }).length;
    announce(n.label + ", " + n.kind + ": " + around + (around === 1 ? " relationship" : " relationships") + ", in the details.");
    details.replaceChildren();
    details.append(el("h2", "Actor"), el("div", n.label, "detail-title"));
    details.querySelector(".detail-title").id = "detail-title";
    details.appendChild(el("span", n.kind, "kind"));
    if (n.altLabels && n.altLabels.length) { details.appendChild(el("p", "Also: " + n.altLabels.join(", "), "muted")); }
    if (n.description) { details.appendChild(el("p", n.description)); }
    const span = [];
    if (n.start) { span.push("from " + n.start); }
    if (n.end) { span.push("until " + n.end); }
    if (span.length) { details.appendChild(el("p", span.join(" \u00b7 "), "cite")); }
    const mine = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    details.appendChild(el("h2", "Relationships (" + mine.length + ")"));
    details.appendChild(relationGroups(id, mine));
    if (n.sources && n.sources.length) { details.appendChild(el("h2", "Sources")); details.appendChild(quoteList(n.sources)); }
    const actions = el("div", null, "row");
    const expand = el("button", state.expanded.has(id) && !state.expandedTypes.has(id) ? "Expanded" : "Expand: show its neighbours");
    expand.type = "button"; expand.setAttribute("data-testid", "expand");
    expand.addEventListener("click", function () { expandNode(id); });
    const from = el("button", "Path from here");
    from.type = "button";
    from.addEventListener("click", function () { choose(fromEnd, id); if (NARROW.matches) { openPanel("controls"); } pathTo.focus(); });
    actions.append(expand, from, menuButton(id));
    details.insertBefore(actions, details.querySelector("h2:nth-of-type(2)"));
  }
  function expandNode(id) {
    if (state.overview) { for (const other of shownNeighbours(id)) { state.overview.add(other); } showOverviewNote(); }
    state.expanded.add(id); state.expandedTypes.delete(id);  // every type
    refresh();
    if (state.focus === id) { showNode(id); }
  }
  function showEdge(id) {
    const e = edgeById.get(id);
    announce(byId.get(e.from).label + " " + e.label + " " + byId.get(e.to).label + ", in the details.");
    details.replaceChildren(el("h2", "Relationship"));
    const title = el("div", null, "detail-title");
    title.append(actorLink(e.from), document.createTextNode(" \u2192 " + e.label + " \u2192 "), actorLink(e.to));
    details.appendChild(title);
    details.appendChild(facts(e));
    details.appendChild(quoteList(e.sources));
  }

  // ---------------------------------------------------------------- selection, neighbours dimmed with their edges
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
  function batch(change) {
    if (batching++ === 0) { network.body.emitter.emit("_blockRedraw"); }  // every data set event would redraw the whole graph
    try { change(); } finally {
      try { if (batching === 1 && holdWanted !== null) { holdNow(); } } finally {  // where the view ends up, once
        if (--batching === 0) { network.body.emitter.emit("_allowRedraw"); network.redraw(); }
      }
    }
  }
  function highlight(id) {
    const near = new Set(shownNeighbours(id));
    near.add(id);
    const dimNodes = new Map(), dimEdges = new Map();
    for (const other of shownNodeIds) { if (!near.has(other)) { dimNodes.set(other, "dim"); } }
    for (const edgeId of shownEdgeIds) {
      const e = edgeById.get(edgeId);
      if (e.from !== id && e.to !== id) { dimEdges.set(edgeId, "dim"); }
    }
    batch(function () { restyle(dimNodes, dimEdges); });
  }
  function clearHighlight() {
    batch(function () { restyle(new Map(), new Map()); });
  }
  function select(id, options) {
    if (!byId.has(id)) { return false; }
    const n = byId.get(id);
    if (!holds(n, state.date)) {  // not there at this date: say so, rather than centre on nothing
      showMessage(n.label + " is not in the graph on " + state.date + " (" + (n.start ? "from " + n.start : "") +
                  (n.start && n.end ? " " : "") + (n.end ? "until " + n.end : "") + "). Choose another date, or \u201cAny date\u201d.");
      announce(n.label + " is not in the graph on " + state.date + ".");
      if (NARROW.matches) { openPanel("details"); }
      return false;
    }
    if (!inCommunity(n)) { onlyCommunity(state.community); }  // the community filter goes, as a kind filter does
    if (state.hidden.has(id)) { showAgain([id]); }  // opened by name: hidden no more
    if (!baseNodeVisible(id)) { state.kinds.add(n.kind); syncKindBoxes(); }
    if (state.overview && !state.overview.has(id)) {  // the rest of a big graph is one click away
      state.overview.add(id);
      for (const other of shownNeighbours(id)) { state.overview.add(other); }
      showOverviewNote();
    }
    state.focus = id;
    state.path = null;
    batch(function () {  // drawn once, where it ends
      refresh();  // which dims the rest around state.focus
      network.selectNodes([id]);
      if (!(options && options.keepView)) {
        // the actor with its neighbours in view, as close as 1:1 (closer if the reader was); on a narrow screen the
        // details cover the lower part, and the actor is drawn above them
        fitIds([id].concat(visibleNeighbours(id)), Math.max(network.getScale(), 1.0), NARROW.matches ? [0.08, 0.38] : [0, 1]);
        arrowsForZoom();
      }
    });
    showNode(id);
    markTableRow();
    if (NARROW.matches) { closePanel("controls"); openPanel("details"); }
    writeHash();
    return true;
  }
  function clearSelection() {
    state.focus = null; state.path = null;
    batch(function () { network.unselectAll(); clearHighlight(); });
    showMessage(WELCOME);
    writeHash();
  }
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], { keepView: true }); }
    else if (params.edges.length) {
      state.focus = null; clearHighlight(); showEdge(params.edges[0]);
      if (NARROW.matches) { openPanel("details"); }
      writeHash();
    } else if (state.focus) { clearSelection(); }
  });

  // ---------------------------------------------------------------- keyboard on the graph: arrows walk the neighbours
  let cursor = null;  // the neighbour the arrow keys point at, opened by Enter
  function visibleNeighbours(id) {
    return Array.from(new Set(shownNeighbours(id))).filter(isShown)
      .sort(function (a, b) { return byId.get(a).label.localeCompare(byId.get(b).label); });
  }
  const PAN_KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  container.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }  // the browser's own zoom and shortcuts
    if (event.key === "Escape") { event.preventDefault(); cursor = null; clearSelection(); return; }
    if (event.key === "Enter" && cursor) { event.preventDefault(); const next = cursor; cursor = null; select(next); return; }
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
    searchNote.textContent = "";
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
    if (shownNodeIds.length) { fitIds(shownNodeIds, FIT_MOST); }
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

  // ---------------------------------------------------------------- the view in the address: #actor=…&asof=…
  let writing = false;
  // whether a change continues the gesture under way (the same kind, within a second and a half): it then replaces
  // the history entry the gesture's first change added
  function continuing(kind) {
    const now = performance.now(), same = kind !== undefined && kind !== null && gesture === kind && now - gestureAt < 1500;
    gesture = kind || null; gestureAt = now;
    return same;
  }
  function writeHash(replace) {
    if (replace === undefined) { gesture = null; }  // a change of its own (a filter, a click): the gesture is over
    if (writing) { return; }
    const parts = new URLSearchParams();
    if (state.focus) { parts.set("actor", state.focus); }
    if (state.date) { parts.set("asof", state.date); }
    if (state.kinds.size !== allKinds.length) { parts.set("kinds", Array.from(state.kinds).sort().join(",")); }
    if (state.relations.size !== allRelations.length) { parts.set("relations", Array.from(state.relations).sort().join("|")); }
    if (state.sources.size !== allSources.length) { parts.set("sources", Array.from(state.sources).sort().join(",")); }
    if (state.focusMode) { parts.set("focus", String(state.depth)); }
    pathToHash(parts);
    if (state.colorBy !== data.colorBy) { parts.set("color", state.colorBy); }
    if (state.community !== null) { parts.set("community", String(state.community)); }
    if (state.hidden.size) { parts.set("hidden", Array.from(state.hidden).sort().join(",")); }
    const text = parts.toString();
    const hash = text ? "#" + text : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      history[replace ? "replaceState" : "pushState"](null, "", hash || location.pathname + location.search);
    }
  }
  function readHash() {
    const parts = new URLSearchParams(location.hash.slice(1));
    writing = true;
    try {
      // values the graph does not hold are ignored; a list of nothing but such values keeps everything
      const known = function (raw, all, separator) {
        if (raw === null) { return all; }
        const kept = raw.split(separator).filter(function (value) { return all.includes(value); });
        return raw !== "" && !kept.length ? all : kept;
      };
      state.kinds = new Set(known(parts.get("kinds"), allKinds, ","));
      syncKindBoxes();
      state.relations = new Set(known(parts.get("relations"), allRelations, "|"));
      state.sources = new Set(known(parts.get("sources"), allSources, ","));
      for (const box of document.querySelectorAll("[data-testid=source-filter]")) { box.checked = state.sources.has(box.value); }
      for (const box of document.querySelectorAll("[data-testid=relation-filter]")) { box.checked = state.relations.has(box.value); }
      const depth = Number(parts.get("focus"));
      state.focusMode = [1, 2, 3].includes(depth); focusBox.checked = state.focusMode;
      state.depth = state.focusMode ? depth : 1; depthBox.value = String(state.depth);
      const community = Number(parts.get("community"));
      state.community = parts.get("community") !== null && data.communities.some(function (c) { return c.number === community; }) ? community : null;
      setColorBy(parts.get("color") === "community" || parts.get("color") === "kind" ? parts.get("color") : data.colorBy);
      setHidden(hiddenOfHash(parts.get("hidden")));
      const asof = parts.get("asof");
      setDate(asof && /^\d{4}-\d{2}-\d{2}$/.test(asof) ? asof : null);
      const actor = parts.get("actor"), path = pathOfHash(parts);
      if (path) { restorePath(path); }
      else if (actor && byId.has(actor)) { select(actor); }
      else if (state.focus || state.path) { clearSelection(); }
    } finally { writing = false; }
  }
  window.addEventListener("popstate", readHash);

  // ---------------------------------------------------------------- focus mode: the neighbourhood to a depth
  const focusBox = document.getElementById("focus-mode");
  const depthBox = document.getElementById("focus-depth");
  focusBox.addEventListener("change", function () { state.focusMode = focusBox.checked; state.expanded.clear(); refresh(); writeHash(); });
  depthBox.addEventListener("change", function () { state.depth = Number(depthBox.value) || 1; refresh(); writeHash(); });
  network.on("doubleClick", function (params) { if (params.nodes.length) { expandNode(params.nodes[0]); } });

  // ---------------------------------------------------------------- the shortest path between two actors
  const pathFrom = document.getElementById("path-from");
  const pathTo = document.getElementById("path-to");
  const pathClaims = document.getElementById("path-claims");
  const pathNote = document.getElementById("path-note");
  // an attributed claim links a claimant to what it speaks of, not one actor to another: the page marks it `attributed`
  // (a `claims about` edge; in the full view the claim's own node too), and a path neither steps along one nor passes
  // through one unless the reader asks for it, as `spacegraph path --claims` does
  function pathStep(e) { return baseEdgeShown(e) && (pathClaims.checked || !e.attributed); }
  function passesThrough(id) { return pathClaims.checked || !byId.get(id).attributed; }
  // the relationships a path may take from `id`, by the actor at their other end
  function stepsFrom(id) {
    const around = new Map();
    for (const [other, e] of adjacent.get(id)) {
      if (!pathStep(e)) { continue; }
      if (!around.has(other)) { around.set(other, []); }
      around.get(other).push(e);
    }
    return around;
  }
  // the fewest hops and, among chains of as many, the strongest ties (the least sum of 1 / relationships per hop), as
  // `spacegraph path` chooses: a breadth-first search that keeps, for each actor of the next ring, its cheapest way in
  function shortestPath(from, to) {
    if (!baseNodeVisible(from) || !baseNodeVisible(to)) { return null; }
    const way = new Map([[from, { previous: null, cost: 0 }]]);
    let ring = [from];
    while (ring.length && !way.has(to)) {
      const next = new Map();
      for (const id of ring) {
        if (id !== from && !passesThrough(id)) { continue; }
        for (const [other, between] of stepsFrom(id)) {
          if (way.has(other)) { continue; }
          const cost = way.get(id).cost + 1 / between.length;
          if (!next.has(other) || cost < next.get(other).cost - 1e-9) { next.set(other, { previous: id, cost: cost }); }
        }
      }
      for (const [id, reached] of next) { way.set(id, reached); }
      ring = Array.from(next.keys());
    }
    if (!way.has(to)) { return null; }
    const path = [to];
    while (way.get(path[0]).previous !== null) { path.unshift(way.get(path[0]).previous); }
    return path;
  }
  // a path's hops, each with every relationship that joins its two actors: a hop is one step, however many join them
  function hopsOf(path) {
    const hops = [];
    for (let i = 0; i + 1 < path.length; i++) { hops.push({ from: path[i], to: path[i + 1], edges: stepsFrom(path[i]).get(path[i + 1]) }); }
    return hops;
  }
  function showPath(from, to) {  // drawn once, where it ends; the boxes name the two actors asked for
    for (const [end, id] of [[fromEnd, from], [toEnd, to]]) { if (byId.has(id)) { choose(end, id); } }
    let path = null;
    batch(function () { path = drawPath(from, to); });
    return path;
  }
  function drawPath(from, to) {
    if (!byId.has(from) || !byId.has(to)) { failPath("No actor is called " + (byId.has(from) ? to : from) + "."); return null; }
    const path = shortestPath(from, to);
    if (!path) {
      failPath("No path between " + byId.get(from).label + " and " + byId.get(to).label + " with these filters" +
        (pathClaims.checked ? "." : " and without attributed claims."));
      return null;
    }
    state.focus = null; state.focusMode = false; focusBox.checked = false;
    if (state.overview) { for (const id of path) { state.overview.add(id); } }
    const hops = hopsOf(path);
    state.path = { from: from, to: to, claims: pathClaims.checked, nodes: new Set(path), hops: hops,
                   edges: new Set([].concat.apply([], hops.map(function (hop) { return hop.edges; })).map(function (e) { return e.id; })) };
    refresh();  // which paints the path
    pathNote.textContent = "";
    const title = el("div", null, "detail-title");
    title.append(actorLink(from), document.createTextNode(" to "), actorLink(to));
    details.replaceChildren(el("h2", "Path"), title, el("p", hops.length + (hops.length === 1 ? " step" : " steps"), "count"), pathList(hops));
    network.selectNodes(path);
    if (NARROW.matches) { closePanel("controls"); openPanel("details"); }
    fitPath(path);
    writeHash();
    return path;
  }
  // the steps, numbered: one item a hop, listing each relationship of it with its direction, facts and quotes
  function pathList(hops) {
    const list = el("ol", null, "path-steps");
    list.setAttribute("data-testid", "path-steps");
    for (const hop of hops) {
      const item = document.createElement("li");
      const relations = el("ul", null, "hop-relations");
      for (const e of hop.edges) { relations.appendChild(hopRelation(hop, e)); }
      item.appendChild(relations);
      list.appendChild(item);
    }
    return list;
  }
  function hopRelation(hop, e) {
    const item = document.createElement("li");
    item.setAttribute("data-testid", "path-relation");
    const line = el("div");
    const arrow = e.from === hop.from ? " \u2014" + e.label + "\u2192 " : " \u2190" + e.label + "\u2014 ";
    line.append(actorLink(hop.from), document.createTextNode(arrow), actorLink(hop.to));
    item.append(line, facts(e), quoteList(e.sources));
    return item;
  }
  // a request that fails takes the old path away (its drawing, its list, its place in the address) and says why in one
  // sentence, under the boxes and in the panel; on a narrow screen the filters, if open, stay open with the boxes in sight
  function failPath(sentence) {
    state.path = null; state.focus = null;
    batch(function () { network.unselectAll(); clearHighlight(); });
    details.replaceChildren(el("h2", "Path"), el("p", sentence, "muted"));
    pathNote.textContent = sentence;
    if (NARROW.matches && !document.getElementById("controls").classList.contains("open")) { openPanel("details"); }
    writeHash();
  }
  // the path as big as fits where it can be seen: on a narrow screen, between the toolbar and the details sheet
  function fitPath(path) {
    const frame = container.getBoundingClientRect();
    let top = 0, bottom = frame.height;
    if (NARROW.matches) {
      top = Math.max(0, document.querySelector(".toolbar").getBoundingClientRect().bottom - frame.top);
      const sheet = document.getElementById("details").getBoundingClientRect();
      if (sheet.height) { bottom = Math.min(bottom, sheet.top - frame.top); }
    }
    const box = pathBox(path), margin = 16;
    const scale = Math.min(1.5, (frame.width - 2 * margin) / box.width, Math.max(40, bottom - top - 2 * margin) / box.height);
    network.moveTo({ position: { x: box.x, y: box.y }, scale: scale, animation: false,
                     offset: { x: 0, y: (top + bottom) / 2 - frame.height / 2 } });
    arrowsForZoom();
  }
  // the canvas box of a path's actors and their names (drawn under them: a 13 px line, about 7 px a character)
  function pathBox(path) {
    let left = Infinity, right = -Infinity, up = Infinity, down = -Infinity;
    for (const id of path) {
      const p = where.get(id), n = byId.get(id), half = Math.max(n.size, 3.6 * n.label.length);
      left = Math.min(left, p.x - half); right = Math.max(right, p.x + half);
      up = Math.min(up, p.y - n.size); down = Math.max(down, p.y + n.size + 18);
    }
    return { x: (left + right) / 2, y: (up + down) / 2, width: Math.max(1, right - left), height: Math.max(1, down - up) };
  }
  function paintPath() {
    holdEdgesInSight(true);  // the path's relationships among them
    const dimNodes = new Map(), lookEdges = new Map();
    for (const id of shownNodeIds) { if (!state.path.nodes.has(id)) { dimNodes.set(id, "dim"); } }
    for (const id of shownEdgeIds) { lookEdges.set(id, state.path.edges.has(id) ? "path" : "dim"); }
    batch(function () { restyle(dimNodes, lookEdges); });
  }
  // relationships that join the same two actors are drawn one over the other, and so would their names be: on a path,
  // vis-network draws their names transparent, and the page writes them once, one under the other, at the pair's middle
  // and along the line as vis-network writes a name (the font's `align: "middle"`)
  const QUIET_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  let quieted = new Set();  // the relationships whose names vis-network draws transparent for a path
  let sharedNamesDrawn = [];  // the names the last frame wrote for a path: each with its box, in canvas units, in the frame
                              // turned by `angle` about the pair's middle (x, y)
  function sharedHops() { return state.path ? state.path.hops.filter(function (hop) { return hop.edges.length > 1; }) : []; }
  // a look's font set on vis-network's own edge, and on the lines it laid the name out in, which it draws from
  function nameFont(id, font) {
    const edge = network.body.edges[id];
    if (edge === undefined) { return; }
    edge.options.font.color = edge.labelModule.fontOptions.color = font.color;
    edge.options.font.strokeWidth = edge.labelModule.fontOptions.strokeWidth = font.strokeWidth;
    for (const line of edge.labelModule.lines || []) {
      for (const block of line.blocks || []) { block.color = font.color; block.strokeWidth = font.strokeWidth; }
    }
  }
  // before every frame, since vis-network gives an edge it makes again its look's font
  network.on("beforeDrawing", function () {
    const wanted = new Set();
    for (const hop of sharedHops()) { for (const e of hop.edges) { wanted.add(e.id); } }
    for (const id of quieted) { if (!wanted.has(id)) { nameFont(id, EDGE_LOOK[edgeStyle.get(id) || "plain"].font); } }
    for (const id of wanted) { nameFont(id, QUIET_FONT); }
    quieted = wanted;
  });
  network.on("afterDrawing", function (ctx) {
    sharedNamesDrawn = []; communityNamesDrawn = [];
    if (panPicture.style.display === "block") { return; }  // the picture of the view moves, with its names: nothing under it
    for (const hop of sharedHops()) { writeSharedNames(ctx, hop); }
    writeCommunityNames(ctx);
  });
  // from far out, each community laid out apart is named over its box, as the legend names it: "around" its most
  // central actor, with the number of its actors shown; biggest first, a name that would cover another is left out
  const COMMUNITY_NAME_PX = 14, FEW_SHOWN = 20;  // px; a community with fewer actors shown is named only where they take room
  // each community's actors shown, and the box they take: community -> {count, box: [left, top, right, bottom]}
  function tally(counts, community, x, y) {
    const seen = counts.get(community);
    if (seen === undefined) { counts.set(community, { count: 1, box: [x, y, x, y] }); return; }
    const box = seen.box;
    seen.count += 1;
    if (x < box[0]) { box[0] = x; } else if (x > box[2]) { box[2] = x; }
    if (y < box[1]) { box[1] = y; } else if (y > box[3]) { box[3] = y; }
  }
  function writeCommunityNames(ctx) {
    communityNamesDrawn = [];
    if (!clustersApart || !farOut()) { return; }
    if (shownByCommunity === null) {  // after a drag: counted again
      shownByCommunity = new Map();
      for (const id of shownNodeIds) { const p = where.get(id); tally(shownByCommunity, byId.get(id).community, p.x, p.y); }
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
      const seen = shownByCommunity.get(c.number);
      if (!c.apart || seen === undefined) { continue; }
      const shown = seen.count, box = seen.box;
      if (box[2] < corner.x || box[0] > far.x || box[3] < corner.y || box[1] > far.y) { continue; }
      const lines = ["around " + (byId.get(c.hub) ? byId.get(c.hub).label : c.hub),
        (shown < c.size ? shown.toLocaleString("en") + " of " : "") + c.size.toLocaleString("en") + (c.size === 1 ? " actor" : " actors")];
      const width = Math.max.apply(null, lines.map(function (line, i) { ctx.font = fonts[i]; return ctx.measureText(line).width; }));
      // a small community, far out, whose few actors shown take less room than its name: the name would stand for nothing
      if ((box[2] - box[0]) < width / 4 || (shown < FEW_SHOWN && (box[2] - box[0]) < width)) { continue; }
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
  function writeSharedNames(ctx, hop) {
    const named = hop.edges.filter(function (e) {
      const edge = network.body.edges[e.id];
      return edge !== undefined && !edge.options.hidden && Boolean(edge.options.label);
    });
    const font = EDGE_LOOK.path.font, scale = network.getScale();
    if (!named.length || font.size * scale < 4) { return; }  // no names far out, as vis-network leaves them out
    const size = Math.min(font.size, 30 / scale);  // and no bigger on screen than vis-network draws a name
    const counts = new Map();
    for (const e of named) { counts.set(e.label, (counts.get(e.label) || 0) + 1); }
    const names = Array.from(counts, function (pair) { return pair[1] > 1 ? pair[0] + " \u00d7" + pair[1] : pair[0]; });
    const a = network.body.nodes[hop.from], b = network.body.nodes[hop.to];
    const x = (a.x + b.x) / 2, y = (a.y + b.y) / 2;
    let angle = Math.atan2(b.y - a.y, b.x - a.x);
    if (angle > Math.PI / 2 || angle < -Math.PI / 2) { angle += Math.PI; }  // never upside down
    ctx.save();
    ctx.translate(x, y); ctx.rotate(angle);
    ctx.font = size + "px arial"; ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    ctx.lineWidth = font.strokeWidth; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = font.color;
    names.forEach(function (name, i) {
      const across = (i - (names.length - 1) / 2) * size * 1.3;
      ctx.strokeText(name, 0, across); ctx.fillText(name, 0, across);
      const width = ctx.measureText(name).width;
      sharedNamesDrawn.push({ from: hop.from, to: hop.to, text: name, x: x, y: y, angle: angle,
                              left: -width / 2, top: across - size / 2, width: width, height: size });
    });
    ctx.restore();
  }

  // ---------------------------------------------------------------- From and To: suggestions as the reader types
  // each box lists the actors its text names (names and aliases, accents folded) in a list the keyboard walks (the ARIA
  // combobox pattern), and holds an actor only once one is chosen, or when its text names that one actor only
  const SUGGESTED = 8;  // suggestions listed; typing more narrows them
  function pathEnd(input) {
    const end = { input: input, list: document.getElementById(input.id + "-list"), chosen: null, hits: [], active: -1 };
    input.addEventListener("input", function () { end.chosen = null; suggest(end, candidates(input.value)); });
    input.addEventListener("keydown", function (event) { endKeys(end, event); });
    input.addEventListener("blur", function () { if (!pressing) { setOpen(end, false); } });
    end.list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // a click on a suggestion keeps the focus
    return end;
  }
  const fromEnd = pathEnd(pathFrom), toEnd = pathEnd(pathTo);
  // a press that takes the focus from a box closes its list once the press is over: closed at the blur, the list would
  // move what lies under the pointer before the click lands
  let pressing = false;
  document.addEventListener("pointerdown", function () { pressing = true; }, true);
  document.addEventListener("pointerup", function () {
    setTimeout(function () {  // after the click
      pressing = false;
      for (const end of [fromEnd, toEnd]) { if (document.activeElement !== end.input) { setOpen(end, false); } }
    }, 0);
  }, true);
  // the actors a box's text names: by id (as the address gives them), else by a name or an alias, best first
  function candidates(text) {
    if (byId.has(text.trim())) { return [{ node: byId.get(text.trim()), rank: 0, name: null }]; }
    return matches(text).filter(function (hit) { return hit.rank < 4; });  // a description names no one
  }
  function suggest(end, hits) {
    end.hits = hits;
    end.list.replaceChildren.apply(end.list, hits.slice(0, SUGGESTED).map(function (hit, i) { return suggestion(end, hit, i); }));
    setOpen(end, hits.length > 0);
    if (hits.length) { end.list.scrollIntoView({ block: "nearest" }); }  // at the foot of the filters, in sight
    const text = end.input.value.trim();
    pathNote.textContent = !fold(text) ? "" : !hits.length ? "No actor matches \u201c" + text + "\u201d." :
      hits.length === 1 ? "1 actor matches." : hits.length <= SUGGESTED ? hits.length + " actors match: choose one." :
      hits.length + " actors match, the first " + SUGGESTED + " listed: type more of the name, or choose one.";
  }
  function suggestion(end, hit, i) {
    const option = el("li", null, "suggestion");
    option.id = end.input.id + "-option-" + i;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.setAttribute("data-id", hit.node.id);
    option.append(el("span", hit.node.label));
    if (hit.name && hit.name !== hit.node.label) { option.append(el("span", hit.name, "also")); }
    option.append(el("span", hit.node.kind, "kind"));
    option.addEventListener("click", function () { choose(end, hit.node.id); });
    return option;
  }
  function setOpen(end, open) {
    end.list.hidden = !open;
    end.input.setAttribute("aria-expanded", open ? "true" : "false");
    end.active = -1;
    end.input.removeAttribute("aria-activedescendant");
    for (const option of end.list.children) { option.setAttribute("aria-selected", "false"); }
  }
  function moveActive(end, step) {
    if (end.list.hidden) { suggest(end, candidates(end.input.value)); }
    const options = end.list.children;
    if (!options.length) { return; }
    end.active = end.active < 0 ? (step > 0 ? 0 : options.length - 1) : (end.active + step + options.length) % options.length;
    Array.from(options).forEach(function (option, i) { option.setAttribute("aria-selected", i === end.active ? "true" : "false"); });
    end.input.setAttribute("aria-activedescendant", options[end.active].id);
    options[end.active].scrollIntoView({ block: "nearest" });
  }
  // arrows walk the suggestions, Enter takes the one pointed at (or, with none, asks for the path), Escape closes them
  function endKeys(end, event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") { event.preventDefault(); moveActive(end, event.key === "ArrowDown" ? 1 : -1); }
    else if (event.key === "Enter") {
      event.preventDefault();
      if (!end.list.hidden && end.active >= 0) { choose(end, end.hits[end.active].node.id); } else { goPath(); }
    } else if (event.key === "Escape" && !end.list.hidden) { event.preventDefault(); setOpen(end, false); }
  }
  function choose(end, id) {
    end.input.value = byId.get(id).label;
    end.chosen = { id: id, text: end.input.value };
    setOpen(end, false);
    pathNote.textContent = "";
  }
  // the actor a box holds, or why it holds none, in one sentence (with the actors to choose from, when it names several)
  function endOf(end) {
    const text = end.input.value.trim();
    if (end.chosen && end.chosen.text === end.input.value) { return { id: end.chosen.id }; }
    if (!fold(text)) { return { problem: "Name both ends of the path." }; }
    const hits = candidates(text);
    if (hits.length === 1) { return { id: hits[0].node.id }; }
    if (!hits.length) { return { problem: "No actor matches \u201c" + text + "\u201d." }; }
    return { problem: "\u201c" + text + "\u201d names " + hits.length + " actors: choose one from the list" +
      (hits.length > SUGGESTED ? ", or type more of the name." : "."), hits: hits };
  }
  function goPath() {
    const ends = [fromEnd, toEnd], found = ends.map(endOf);
    const failed = found.findIndex(function (f) { return f.problem !== undefined; });
    if (failed < 0) { showPath(found[0].id, found[1].id); return; }
    failPath(found[failed].problem);
    if (found[failed].hits) {  // the box that names several actors lists them, for the reader to choose
      suggest(ends[failed], found[failed].hits);
      pathNote.textContent = found[failed].problem;
      ends[failed].input.focus();
    }
  }
  document.getElementById("path-go").addEventListener("click", goPath);
  // the box changes what a path may cross: a drawn path is found again
  pathClaims.addEventListener("change", function () { if (state.path) { showPath(state.path.from, state.path.to); } });
  // the path in the address: #from=…&to=…, with &claims=1 when it may cross attributed claims
  function pathToHash(parts) {
    if (!state.path) { return; }
    parts.set("from", state.path.from); parts.set("to", state.path.to);
    if (state.path.claims) { parts.set("claims", "1"); }
  }
  function pathOfHash(parts) {
    const from = parts.get("from"), to = parts.get("to");
    return from && to && byId.has(from) && byId.has(to) ? { from: from, to: to, claims: parts.get("claims") === "1" } : null;
  }
  function restorePath(path) {
    pathClaims.checked = path.claims;
    showPath(path.from, path.to);
  }

  // ---------------------------------------------------------------- colour by kind or by community
  let shownColors = data.colorBy;  // the colouring the data set holds now
  const communityLegend = el("div", null, "count");
  communityLegend.setAttribute("data-testid", "community-legend");
  legend.after(communityLegend);
  function setColorBy(mode) {
    state.colorBy = mode === "community" && data.communities.length ? "community" : "kind";
    for (const radio of document.querySelectorAll("input[name=color-by]")) { radio.checked = radio.value === state.colorBy; }
    const wanted = function (n) { return state.colorBy === "community" ? n.communityColor : n.kindColor; };
    if (state.colorBy !== shownColors) {
      batch(function () {
        nodes.update(data.nodes.filter(function (n) { return n.communityColor !== n.kindColor; })
          .map(function (n) { return { id: n.id, color: wanted(n) }; }));
      });
      shownColors = state.colorBy;
    }
    for (const icon of legend.querySelectorAll("svg [fill]")) {
      const kind = icon.closest("label").querySelector("input").value;
      icon.setAttribute("fill", state.colorBy === "community" ? "#ffffff" : data.legend.find(function (k) { return k.kind === kind; }).color);
    }
    communityLegend.replaceChildren();
    if (state.colorBy !== "community" && state.community !== null) { state.community = null; refresh(); }  // no hidden filter left
    if (state.colorBy === "community") {
      communityLegend.appendChild(el("p", "Colours show communities (Louvain); shapes show kinds, and the boxes filter them."));
      for (const c of data.communities.slice(0, 12)) {
        // a community is a button: only its actors, and again all of them
        const row = el("button", null, "edge-key community");
        row.type = "button"; row.setAttribute("data-testid", "only-community"); row.value = String(c.number);
        row.setAttribute("aria-pressed", String(state.community === c.number));
        row.append(shapeIcon("dot", c.color), el("span", "around " + (byId.get(c.hub) ? byId.get(c.hub).label : c.hub) + " (" + c.size + ")"));
        row.addEventListener("click", function () { onlyCommunity(c.number); });
        communityLegend.appendChild(row);
      }
      if (data.communities.length > 12) { communityLegend.appendChild(el("p", (data.communities.length - 12) + " smaller communities in grey.")); }
    }
  }
  function onlyCommunity(number) {
    state.community = state.community === number ? null : number;
    for (const row of communityLegend.querySelectorAll("[data-testid=only-community]")) {
      row.setAttribute("aria-pressed", String(Number(row.value) === state.community));
    }
    refresh(); writeHash();
  }
  for (const radio of document.querySelectorAll("input[name=color-by]")) {
    radio.disabled = radio.value === "community" && !data.communities.length;
    radio.addEventListener("change", function () { if (radio.checked) { setColorBy(radio.value); writeHash(); } });
  }

  // ---------------------------------------------------------------- export: the view as PNG, what it shows as CSV
  function download(name, blob) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }
  // PNG: the view as drawn, at twice the screen's resolution, framed by the page's title, the date, the kinds shown
  // and the sources' credit; drawn again at that resolution (vis-network reads its pixel ratio when it is sized)
  function viewPicture() {
    const canvasModule = network.canvas, drawn = container.querySelector("canvas");
    canvasModule._determinePixelRatio = function () { return 2; };
    try {
      canvasModule.setSize(); network.redraw();
      return framed(drawn, 2);
    } finally {
      delete canvasModule._determinePixelRatio;
      canvasModule.setSize(); network.redraw();
    }
  }
  function wrapped(context, text, width) {  // the lines of `text` that fit `width`
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      const longer = line ? line + " " + word : word;
      if (line && context.measureText(longer).width > width) { lines.push(line); line = word; } else { line = longer; }
    }
    if (line) { lines.push(line); }
    return lines;
  }
  function framed(drawn, ratio) {
    const width = drawn.width, pad = 14 * ratio, canvas = document.createElement("canvas"), context = canvas.getContext("2d");
    const font = function (px, bold) { return (bold ? "bold " : "") + px * ratio + "px system-ui, -apple-system, 'Segoe UI', sans-serif"; };
    const kinds = data.legend.filter(function (k) { return state.kinds.has(k.kind) && shownNodeIds.some(function (id) { return byId.get(id).kind === k.kind; }); });
    const used = new Set();
    for (const id of shownEdgeIds) { for (const q of edgeById.get(id).sources) { used.add(q.document); } }
    const credit = Array.from(used).sort().map(function (doc) {
      const d = data.documents[doc] || { title: doc };
      return d.title + (d.licence ? " (" + (d.attribution || d.licence) + ")" : "");
    });
    context.font = font(11);
    const creditLines = wrapped(context, "Sources: " + (credit.join("; ") || "none shown") + ".", width - 2 * pad);
    const header = pad + 20 * ratio + 18 * ratio + 22 * ratio * Math.ceil(kinds.length / 6) + pad / 2;
    const footer = pad / 2 + creditLines.length * 15 * ratio + pad;
    canvas.width = width; canvas.height = header + drawn.height + footer;
    context.fillStyle = "#ffffff"; context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#1d232b"; context.textBaseline = "top";
    context.font = font(16, true); context.fillText(data.title, pad, pad, width - 2 * pad);
    context.font = font(12);
    context.fillText((state.date ? "As of " + state.date : "Any date") + " · " + shownNodeIds.length + " actors, " +
                     shownEdgeIds.length + " relationships", pad, pad + 22 * ratio, width - 2 * pad);
    kinds.forEach(function (k, i) {  // six kinds a row, each with its shape and colour
      const x = pad + (i % 6) * (width - 2 * pad) / 6, y = pad + 40 * ratio + Math.floor(i / 6) * 22 * ratio, size = 14 * ratio;
      context.save(); context.translate(x, y); context.scale(size / 20, size / 20);
      context.beginPath();
      const points = SHAPE_POINTS[k.shape];
      if (points) {
        points.split(" ").forEach(function (pair, j) { const [px, py] = pair.split(",").map(Number); if (j) { context.lineTo(px, py); } else { context.moveTo(px, py); } });
        context.closePath();
      } else { context.arc(10, 10, 8, 0, 2 * Math.PI); }
      context.fillStyle = state.colorBy === "community" ? "#ffffff" : k.color; context.fill();
      context.strokeStyle = "rgba(0,0,0,.45)"; context.lineWidth = 20 / size; context.stroke();
      context.restore();
      context.fillStyle = "#1d232b"; context.font = font(12);
      context.fillText(k.kind, x + size + 5 * ratio, y, (width - 2 * pad) / 6 - size - 8 * ratio);
    });
    context.drawImage(drawn, 0, header);
    context.strokeStyle = "#dde2e8"; context.lineWidth = ratio; context.strokeRect(0, header, width, drawn.height);
    context.fillStyle = "#444"; context.font = font(11);
    creditLines.forEach(function (line, i) { context.fillText(line, pad, header + drawn.height + pad / 2 + i * 15 * ratio); });
    return canvas;
  }
  document.getElementById("export-png").addEventListener("click", function () {
    viewPicture().toBlob(function (blob) { download("spacegraph-view.png", blob); }, "image/png");
  });
  // a cell a spreadsheet would read as a formula starts with an apostrophe, and so does one that starts with an
  // apostrophe, so that removing one gives the value back: the rule of spacegraph.csv_cells, for every CSV written
  function cell(value) {
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r']/.test(text)) { text = "'" + text; }
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows) { return rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n"; }
  // one table of what is shown: a row per actor, then a row per relationship, told apart by the first column
  const CSV_COLUMNS = ["record", "id", "label", "kind", "alternative labels", "description", "from", "from label", "relationship", "to",
                       "to label", "hedged", "role", "start", "end", "quotes", "sources", "licences"];
  function visibleTable() {
    const row = function (values) { return CSV_COLUMNS.map(function (name) { return values[name]; }); };
    const actors = shownNodeIds.map(function (id) {
      const n = byId.get(id);
      return row({ record: "actor", id: n.id, label: n.label, kind: n.kind, "alternative labels": (n.altLabels || []).join("; "),
                   description: n.description, start: n.start, end: n.end });
    });
    const relations = shownEdgeIds.map(function (id) {
      const e = edgeById.get(id);
      const documents = e.sources.map(function (q) { return data.documents[q.document] || { title: q.document }; });
      return row({ record: "relationship", from: e.from, "from label": byId.get(e.from).label, relationship: e.label, to: e.to,
                   "to label": byId.get(e.to).label, hedged: e.hedged ? "yes" : "no", role: e.role, start: e.start, end: e.end,
                   quotes: e.sources.map(function (q) { return q.quote; }).join(" | "),
                   sources: documents.map(function (d) { return d.title; }).join(" | "),
                   licences: documents.map(function (d) { return d.licence || ""; }).join(" | ") });
    });
    return [CSV_COLUMNS].concat(actors, relations);
  }
  // the page's API gives the two parts apart, each with its header, as tables: {actors, relations}
  function shownTables() {
    const rows = visibleTable();
    const part = function (record, names) {
      const at = names.map(function (name) { return CSV_COLUMNS.indexOf(name); });
      return [names].concat(rows.slice(1).filter(function (row) { return row[0] === record; })
        .map(function (row) { return at.map(function (i) { return row[i]; }); }));
    };
    return { actors: part("actor", ["id", "label", "kind", "alternative labels", "description", "start", "end"]),
             relations: part("relationship", ["from", "from label", "relationship", "to", "to label", "hedged", "role", "start", "end",
                                              "quotes", "sources", "licences"]) };
  }
  document.getElementById("export-csv").addEventListener("click", function () {
    download("spacegraph-view.csv", new Blob(["\ufeff" + csv(visibleTable())], { type: "text/csv;charset=utf-8" }));
  });

  // ---------------------------------------------------------------- a big graph opens on its most central actors
  const overviewNote = el("p", null, "count");
  overviewNote.setAttribute("data-testid", "overview-note");
  const showAll = el("button", "Show all actors");
  showAll.type = "button"; showAll.setAttribute("data-testid", "show-all");
  showAll.addEventListener("click", function () { state.overview = null; refresh(); showOverviewNote(); });
  function showOverviewNote() {
    if (!state.overview) { overviewNote.replaceChildren(); return; }
    overviewNote.replaceChildren(document.createTextNode("Showing the " + state.overview.size.toLocaleString("en") + " most central of " +
      data.nodes.length.toLocaleString("en") + " actors and those you opened; search finds any of them. "), showAll);
  }
  document.getElementById("counts").after(overviewNote);
  function startOverview() { state.overview = centralActors(); }

  // ---------------------------------------------------------------- node menu: open, focus, expand by type, hide, paths
  // what a reader of Kumu, Gephi Lite or Bloom looks for on an actor: a right click, a long press, the context-menu key
  // (or Shift+F10) on the graph, or "Actions…" in the details open it. An HTML menu (the ARIA menu pattern), not drawn on
  // the canvas, so that the keyboard and screen readers reach it; every string in it is set as text
  const nodeMenu = el("div", null, "node-menu");
  nodeMenu.id = "node-menu"; nodeMenu.hidden = true;
  nodeMenu.setAttribute("role", "menu"); nodeMenu.setAttribute("data-testid", "node-menu");
  document.body.appendChild(nodeMenu);
  let menuFor = null, menuOpener = null, menuAt = null;  // the actor the menu is open for, what had the focus, where it opened
  // the relationship types that join `id` to the actors the filters keep, each with the neighbours it would add to the view
  function expansionsOf(id) {
    const byLabel = new Map();
    for (const [other, e] of adjacent.get(id)) {
      if (!baseEdgeShown(e)) { continue; }
      if (!byLabel.has(e.label)) { byLabel.set(e.label, new Set()); }
      if (!nodeVisible(other)) { byLabel.get(e.label).add(other); }
    }
    return Array.from(byLabel, function (pair) { return { label: pair[0], more: pair[1] }; })
      .sort(function (a, b) { return a.label.localeCompare(b.label); });
  }
  // an actor expanded by some types only (state.expandedTypes) brings in its neighbours by those; else by every type
  function expandedNeighbours(id) {
    const types = state.expandedTypes.get(id);
    if (types === undefined) { return shownNeighbours(id); }
    return adjacent.get(id).filter(function (pair) { return types.has(pair[1].label) && baseEdgeShown(pair[1]); })
      .map(function (pair) { return pair[0]; });
  }
  // expandNode for one relationship type: its neighbours by it join the overview of a big graph, and focus mode's part
  function expandBy(id, label) {
    const found = expansionsOf(id).find(function (t) { return t.label === label; });
    if (!found) { return; }
    if (state.overview) { for (const other of found.more) { state.overview.add(other); } showOverviewNote(); }
    if (!state.expanded.has(id)) { state.expanded.add(id); state.expandedTypes.set(id, new Set()); }
    if (state.expandedTypes.has(id)) { state.expandedTypes.get(id).add(label); }  // else every type is expanded already
    refresh();
    if (state.focus === id) { showNode(id); }
  }
  function focusOn(id) {  // as ticking "Only the selected actor's neighbourhood" with the actor open
    state.focusMode = true; focusBox.checked = true; state.expanded.clear();
    select(id);
  }
  // hidden actors are taken out of the view, with their relationships, until "Show them again"; the address keeps them
  const hiddenNote = el("p", null, "count");
  hiddenNote.setAttribute("data-testid", "hidden-note"); hiddenNote.hidden = true;
  const showHidden = el("button", "Show them again");
  showHidden.type = "button"; showHidden.setAttribute("data-testid", "show-hidden");
  showHidden.addEventListener("click", function () {
    setHidden([]); refresh(); writeHash();
    announce("Every hidden actor is shown again.");
    container.focus();  // the button is gone with the note
  });
  document.getElementById("counts").after(hiddenNote);
  function showHiddenNote() {
    const count = state.hidden.size;
    hiddenNote.hidden = count === 0;
    hiddenNote.replaceChildren(document.createTextNode("Hidden: " + count + (count === 1 ? " actor. " : " actors. ")), showHidden);
  }
  function setHidden(ids) { state.hidden = new Set(ids); showHiddenNote(); }
  function showAgain(ids) { for (const id of ids) { state.hidden.delete(id); } showHiddenNote(); }
  function hiddenOfHash(raw) { return raw ? raw.split(",").filter(function (id) { return byId.has(id); }) : []; }
  function hideActor(id) {
    state.hidden.add(id);
    showHiddenNote();
    if (state.focus === id || (state.path && state.path.nodes.has(id))) {  // its details, or a path through it, go with it
      clearSelection();
      if (NARROW.matches) { closePanel("details"); }
    }
    refresh(); writeHash();
    announce(byId.get(id).label + " is hidden; \u201cShow them again\u201d, beside the counts, brings it back.");
  }
  // the actor as one end of the path; with the other end named already, the path is drawn at once. Whether the focus
  // went to the other box, to name it
  function pathHere(end, id) {
    const other = end === fromEnd ? toEnd : fromEnd;
    choose(end, id);
    const there = endOf(other);
    if (there.id !== undefined && there.id !== id) {
      if (end === fromEnd) { showPath(id, there.id); } else { showPath(there.id, id); }
      return false;
    }
    if (NARROW.matches) { openPanel("controls"); }
    other.input.focus();
    return true;
  }
  // an item runs its action once the menu is closed; an action that moved the focus itself returns true
  function menuItem(text, action, testId) {
    const item = el("button", text, "menu-item");
    item.type = "button"; item.tabIndex = -1;
    item.setAttribute("role", "menuitem");
    if (testId) { item.setAttribute("data-testid", testId); }
    if (action === null) { item.setAttribute("aria-disabled", "true"); }  // still reached by the arrows, and read out
    item.addEventListener("click", function () {
      if (action === null) { return; }
      const opener = menuOpener;
      closeMenu(false);
      if (!action()) { focusBack(opener); }
    });
    return item;
  }
  function openMenu(id, at, opener) {
    if (!byId.has(id) || (!nodeMenu.hidden && menuFor === id)) { return; }  // a long press the browser reports twice
    closeMenu(false);
    const n = byId.get(id);
    menuFor = id; menuOpener = opener || document.activeElement; menuAt = at;
    document.body.classList.add("node-menu-open");  // the actor's tooltip would cover the menu (explorer.css)
    nodeMenu.setAttribute("aria-label", "Menu for " + n.label);
    const types = expansionsOf(id), every = new Set();
    for (const t of types) { for (const other of t.more) { every.add(other); } }
    const more = function (count) { return count ? " (" + count + " more)" : " (all shown)"; };
    const sub = el("div", null, "node-submenu");
    sub.id = "node-submenu"; sub.hidden = true;
    sub.setAttribute("role", "menu"); sub.setAttribute("data-testid", "node-submenu");
    sub.setAttribute("aria-label", "Expand " + n.label + " by relationship type");
    sub.append(menuItem("All types" + more(every.size), every.size ? function () { expandNode(id); } : null, "expand-all-types"));
    for (const t of types) {
      const item = menuItem(t.label + more(t.more.size), t.more.size ? function () { expandBy(id, t.label); } : null, "expand-type");
      item.setAttribute("data-relation", t.label);
      sub.append(item);
    }
    // the parent item opens and closes its list in place, and keeps the menu open
    const toggle = el("button", "Expand by relationship type", "menu-item");
    toggle.type = "button"; toggle.tabIndex = -1;
    toggle.setAttribute("role", "menuitem"); toggle.setAttribute("data-testid", "menu-expand");
    toggle.setAttribute("aria-haspopup", "menu"); toggle.setAttribute("aria-expanded", "false"); toggle.setAttribute("aria-controls", sub.id);
    const arrow = el("span", "\u25b8", "more");
    arrow.setAttribute("aria-hidden", "true");
    toggle.append(arrow);
    toggle.addEventListener("click", function () { openSub(toggle, sub, sub.hidden); });
    nodeMenu.replaceChildren(
      menuItem("Open", function () { select(id, { keepView: true }); }, "menu-open"),
      menuItem("Focus on its neighbourhood", function () { focusOn(id); }, "menu-focus"),
      toggle, sub,
      menuItem("Hide", function () { hideActor(id); }, "menu-hide"),
      menuItem("Path from here", function () { return pathHere(fromEnd, id); }, "menu-path-from"),
      menuItem("Path to here", function () { return pathHere(toEnd, id); }, "menu-path-to"));
    nodeMenu.hidden = false;
    placeMenu();
    if (menuOpener.getAttribute("data-testid") === "node-menu-button") { menuOpener.setAttribute("aria-expanded", "true"); }
    nodeMenu.querySelector("[role=menuitem]").focus();
  }
  function openSub(parent, sub, open) {
    sub.hidden = !open;
    parent.setAttribute("aria-expanded", String(open));
    placeMenu();
    (open ? sub.querySelector("[role=menuitem]") : parent).focus();
  }
  // at the pointer (or the actor, or the button), moved as little as keeps it whole in the window
  function placeMenu() {
    const margin = 8;
    nodeMenu.style.left = "0px"; nodeMenu.style.top = "0px";
    const box = nodeMenu.getBoundingClientRect();
    nodeMenu.style.left = Math.max(margin, Math.min(menuAt.x, window.innerWidth - box.width - margin)) + "px";
    nodeMenu.style.top = Math.max(margin, Math.min(menuAt.y, window.innerHeight - box.height - margin)) + "px";
  }
  function closeMenu(returnFocus) {
    if (nodeMenu.hidden) { return; }
    const opener = menuOpener;
    nodeMenu.hidden = true; menuFor = null; menuOpener = null;
    document.body.classList.remove("node-menu-open");
    nodeMenu.replaceChildren();
    for (const button of document.querySelectorAll("[data-testid=node-menu-button]")) { button.setAttribute("aria-expanded", "false"); }
    if (returnFocus) { focusBack(opener); }
  }
  // the focus goes back where it came from; if the details were drawn again meanwhile, to their "Actions…", else the graph
  function focusBack(opener) {
    if (opener && opener.isConnected && opener !== document.body && opener.getClientRects().length) { opener.focus(); return; }
    const button = details.querySelector("[data-testid=node-menu-button]");
    (button && opener && opener.getAttribute && opener.getAttribute("data-testid") === "node-menu-button" ? button : container).focus();
  }
  nodeMenu.addEventListener("keydown", function (event) {
    const item = event.target.closest("[role=menuitem]");
    if (!item) { return; }
    const list = item.parentElement, inSub = list !== nodeMenu;
    const items = Array.from(list.children).filter(function (c) { return c.getAttribute("role") === "menuitem"; });
    const at = items.indexOf(item), sub = document.getElementById("node-submenu");
    let handled = true;
    if (event.key === "ArrowDown") { items[(at + 1) % items.length].focus(); }
    else if (event.key === "ArrowUp") { items[(at - 1 + items.length) % items.length].focus(); }
    else if (event.key === "Home") { items[0].focus(); }
    else if (event.key === "End") { items[items.length - 1].focus(); }
    else if (event.key === "ArrowRight" && item.hasAttribute("aria-haspopup")) { openSub(item, sub, true); }
    else if ((event.key === "ArrowLeft" || event.key === "Escape") && inSub) { openSub(nodeMenu.querySelector("[aria-haspopup]"), sub, false); }
    else if (event.key === "Escape" || event.key === "Tab") { closeMenu(true); }
    else { handled = false; }
    if (handled) { event.preventDefault(); event.stopPropagation(); }
  });
  nodeMenu.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  // a press anywhere else closes it, as does the view moving under it or the window changing size
  document.addEventListener("pointerdown", function (event) {
    if (nodeMenu.hidden || nodeMenu.contains(event.target)) { return; }
    if (event.target.closest && event.target.closest("[data-testid=node-menu-button]")) { return; }  // which toggles it
    closeMenu(false);
  }, true);
  nodeMenu.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !nodeMenu.contains(event.relatedTarget)) { closeMenu(false); }
  });
  network.on("zoom", function () { closeMenu(false); });
  network.on("dragStart", function () { closeMenu(false); });
  window.addEventListener("resize", function () { closeMenu(false); });
  function actorPoint(id) {
    const frame = container.getBoundingClientRect(), p = network.canvasToDOM(where.get(id));
    return { x: frame.left + p.x, y: frame.top + p.y };
  }
  // a right click on an actor; from the keyboard (the event then comes to the focused graph, not the canvas), the open one
  container.addEventListener("contextmenu", function (event) {
    if (event.target.tagName !== "CANVAS") {
      if (state.focus && isShown(state.focus)) { event.preventDefault(); openMenu(state.focus, actorPoint(state.focus), container); }
      return;
    }
    const frame = container.getBoundingClientRect();
    const id = network.getNodeAt({ x: event.clientX - frame.left, y: event.clientY - frame.top });
    if (id === undefined) { return; }  // off the actors, the browser's own menu
    event.preventDefault();
    openMenu(id, { x: event.clientX, y: event.clientY }, document.activeElement);
  });
  container.addEventListener("keydown", function (event) {
    if (!(event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey))) { return; }
    event.preventDefault();  // and so no contextmenu event follows
    if (state.focus && isShown(state.focus)) { openMenu(state.focus, actorPoint(state.focus), container); }
  });
  // a long press of a finger (a mouse held still is the start of a drag); vis-network has opened the actor by then, and
  // on a phone its details now lie under the finger. The menu opens beside the finger, and the mouse press and click the
  // browser gives when the finger is lifted neither take the focus from the menu nor choose anything, in it or under it
  let lifting = false;  // a long press has opened the menu, and its finger is not lifted yet
  network.on("hold", function (params) {
    if (params.event && params.event.pointerType === "mouse") { return; }
    const id = network.getNodeAt(params.pointer.DOM), frame = container.getBoundingClientRect();
    if (id === undefined) { return; }
    openMenu(id, { x: frame.left + params.pointer.DOM.x + 12, y: frame.top + params.pointer.DOM.y + 12 }, container);
    lifting = true;
  });
  document.addEventListener("pointerdown", function () { lifting = false; }, true);  // a new press: a choice, if on the menu
  document.addEventListener("mousedown", function (event) { if (lifting) { event.preventDefault(); event.stopPropagation(); } }, true);
  document.addEventListener("click", function (event) {
    if (lifting) { event.preventDefault(); event.stopPropagation(); }
    lifting = false;
  }, true);
  // the details' way in, for every reader
  function menuButton(id) {
    const button = el("button", "Actions\u2026");
    button.type = "button"; button.setAttribute("data-testid", "node-menu-button");
    button.setAttribute("aria-haspopup", "menu"); button.setAttribute("aria-expanded", "false"); button.setAttribute("aria-controls", nodeMenu.id);
    button.addEventListener("click", function () {
      if (!nodeMenu.hidden && menuFor === id) { closeMenu(true); return; }
      const box = button.getBoundingClientRect();
      openMenu(id, { x: box.left, y: box.bottom + 2 }, button);
    });
    return button;
  }

  // ---------------------------------------------------------------- reset: exactly the first view
  function syncKindBoxes() {
    for (const box of document.querySelectorAll("[data-testid=kind-filter]")) { box.checked = state.kinds.has(box.value); }
  }
  document.getElementById("reset").addEventListener("click", function () {
    stopPlaying();
    writing = true;
    try {
      state.kinds = new Set(allKinds);
      state.relations = new Set(allRelations);
      state.sources = new Set(Object.keys(data.documents));
      state.community = null;
      for (const box of document.querySelectorAll("[data-testid=source-filter], [data-testid=relation-filter]")) { box.checked = true; }
      syncKindBoxes();
      search.value = ""; showResults(); searchNote.textContent = "";
      state.focusMode = false; focusBox.checked = false; state.depth = 1; depthBox.value = "1"; state.expanded.clear();
      pathFrom.value = ""; pathTo.value = "";
      startOverview(); showOverviewNote(); setHidden([]);
      setColorBy(data.colorBy);
      setDate(data.asOf || null);
      clearSelection();
      restoreLayout();
    } finally { writing = false; }
    writeHash();
  });

  showOverviewNote();
  writing = true; setColorBy(data.colorBy); writing = false;
  if (data.asOf) { writing = true; setDate(data.asOf); writing = false; }
  refresh();
  if (location.hash.length > 1) { readHash(); }
  window.spacegraph = {
    network: network,
    nodeCount: function () { return data.nodes.length; },
    community: function (id) { return byId.has(id) ? byId.get(id).community : null; },
    edgeCount: function () { return data.edges.length; },
    visibleNodeIds: function () { return shownNodeIds.slice(); },
    visibleEdgeCount: function () { return shownEdgeIds.length; },
    positions: function () { return network.getPositions(); },
    view: function () { return { position: network.getViewPosition(), scale: network.getScale() }; },
    selected: function () { return state.focus; },
    hiddenIds: function () { return Array.from(state.hidden).sort(); },
    results: function () { return lastResults.map(function (hit) { return hit.node.id; }); },
    select: select,
    setDate: setDate,
    path: function (from, to) { return showPath(from, to); },
    pathNames: function () { return sharedNamesDrawn.slice(); },
    colorBy: function () { return state.colorBy; },
    tables: shownTables,
    tableRows: function () { return Array.from(table.querySelectorAll("tbody tr")).map(function (tr) { return Array.from(tr.cells).map(function (td) { return td.textContent; }); }); },
    picture: function () { const c = viewPicture(); return { width: c.width, height: c.height, url: c.toDataURL("image/png") }; },
    lastFrame: lastFrame,
    farDrawing: farSettings,
    lastDrawingMs: function () { return lastDrawingMs; },
    communityNames: function () { return communityNamesDrawn.map(function (n) { return Object.assign({}, n); }); },
    isStable: function () { return true; }
  };
})();
