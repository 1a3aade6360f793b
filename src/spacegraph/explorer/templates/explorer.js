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
                  colorBy: data.colorBy, overview: null };
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

  // ---------------------------------------------------------------- panels (a narrow screen opens them over the graph)
  function openPanel(name) { document.getElementById(name).classList.add("open"); }
  function closePanel(name) { document.getElementById(name).classList.remove("open"); }
  for (const button of document.querySelectorAll("[data-open]")) {
    button.addEventListener("click", function () {
      const name = button.getAttribute("data-open");
      const panel = document.getElementById(name);
      if (panel.classList.contains("open")) { closePanel(name); } else { openPanel(name); }
    });
  }
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
  // a big graph's edges get their labels when the view comes close enough to read them (see levelOfDetail)
  const LABELLED_EDGES_UP_TO = 1000, EDGE_LABELS_FROM_SCALE = 0.45;
  const edgesLabelledAlways = data.edges.length <= LABELLED_EDGES_UP_TO;
  const edgeLabelled = new Set();  // the edges of a big graph that carry their label now
  const edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: edgesLabelledAlways ? e.label : "",
             title: byId.get(e.from).label + " " + e.label + " " + byId.get(e.to).label, dashes: e.hedged ? [6, 4] : false };
  }));
  // what the filters keep; focus mode and the overview of a big graph then keep a part of it
  function baseNodeVisible(id) {
    const n = byId.get(id);
    return state.kinds.has(n.kind) && holds(n, state.date);
  }
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
      for (const id of state.expanded) { if (part.has(id)) { for (const other of shownNeighbours(id)) { part.add(other); } } }
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
  const where = new Map(first);  // where each actor is now: first placed, or dragged
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
  const HUB_LABELS = 12, LABEL_PX = 13, CROWDED_ACTORS = 300;  // a smaller view's labels are laid out apart, and left alone
  let labelled = new Set();  // the actors whose names are drawn bigger
  // the network gets its data with drawing held, and is drawn once, fitted: not first at zoom 1 with every label
  const network = new vis.Network(container, {}, {
    physics: { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, keyboard: false, navigationButtons: false, hideEdgesOnDrag: false },
    // shared styles are set once here: given to each of 34,000 edges they cost 0.1 s of a big page's start
    nodes: { borderWidth: 1, font: { size: LABEL_PX, color: "#1d232b" } },
    edges: { smooth: false, width: 1.2, font: { size: 11, color: "#444", strokeWidth: 3, align: "middle" },
             color: { color: EDGE_COLOR, highlight: "#0072B2", opacity: 1, inherit: false }, arrows: { to: { enabled: arrowsShown } } },
    layout: { randomSeed: 7, improvedLayout: false }
  });
  // far out on a crowded view, vis-network's drawing one actor at a time gives way to batches (far-drawing.js)
  function farOut() { return network.getScale() < ARROWS_FROM_SCALE && shownEdgeIds.length > CROWDED; }
  // the shown relationships vis-network does not hold and whose box meets the view, for far-drawing.js, each with its
  // look: {color, opacity, width, dashes}, one object per look, solid or dashed
  const EDGE_GROUPS = {};
  for (const name of Object.keys(EDGE_LOOK)) {
    const look = EDGE_LOOK[name];
    EDGE_GROUPS[name] = [false, true].map(function (dashed) {
      return { color: look.color.color, opacity: look.color.opacity, width: look.width, dashes: dashed ? [6, 4] : null };
    });
  }
  function eachEdgeNotHeld(visit, view) {
    const body = network.body;
    for (const e of shownEdges) {
      if (body.edges[e.id] !== undefined) { continue; }
      const a = body.nodes[e.from], b = body.nodes[e.to];
      if ((a.x < view.left && b.x < view.left) || (a.x > view.right && b.x > view.right) ||
          (a.y < view.top && b.y < view.top) || (a.y > view.bottom && b.y > view.bottom)) { continue; }
      visit(a, b, EDGE_GROUPS[edgeStyle.get(e.id) || "plain"][e.hedged ? 1 : 0]);
    }
  }
  const lastFrame = window.spacegraphFarDrawing.install(network, farOut, eachEdgeNotHeld);
  network.body.emitter.emit("_blockRedraw");
  network.setData({ nodes: nodeView, edges: edgeView });
  function isShown(id) { const node = network.body.nodes[id]; return node !== undefined && node.options.hidden === false; }
  function showWhatTheFiltersKeep() {
    const body = network.body;
    shownNodeIds = []; shownEdgeIds = []; shownEdges = [];
    for (const id in body.nodes) {
      const hidden = !nodeVisible(id);
      body.nodes[id].options.hidden = hidden;
      if (!hidden) { shownNodeIds.push(id); }
      if (nodeStyle.has(id)) { lookOfNode(id); }  // a node vis-network has made again, from the data set, takes its look
    }
    for (const e of data.edges) { if (edgeShown(e)) { shownEdgeIds.push(e.id); shownEdges.push(e); } }
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
    edgeView.refresh(); markHeldEdges(); edgeLooksOfHeld();
  }
  showWhatTheFiltersKeep();
  function arrowsForZoom() {
    holdEdgesInSight(false);
    const scale = network.getScale();
    const wanted = !farOut();
    if (wanted !== arrowsShown) { arrowsShown = wanted; network.setOptions({ edges: { arrows: { to: { enabled: wanted } } } }); }
    const size = Math.round(Math.min(5000, Math.max(LABEL_PX, LABEL_PX / scale)));
    // the most central actors shown, each name kept only where it overlaps no more central one's (looked for among
    // the 60 most central)
    const hubs = [], boxes = [];
    if (shownNodeIds.length > CROWDED_ACTORS) {
      let looked = 0;
      for (const n of bySize) {
        if (hubs.length === HUB_LABELS || looked === 5 * HUB_LABELS) { break; }
        if (!isShown(n.id)) { continue; }
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
      if (node !== undefined && node.labelModule.fontOptions.size !== px) { node.setOptions({ font: { size: px } }); }
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
      } else {
        for (const id of edgeLabelled) { edgeChanges.push({ id: id, label: "" }); }
        edgeLabelled.clear();
      }
      if (edgeChanges.length) { edges.update(edgeChanges); }
    }
  }
  network.on("zoom", arrowsForZoom);
  network.on("dragEnd", function () { if (!edgesLabelledAlways) { arrowsForZoom(); } });  // edges come into sight
  network.fit({ animation: false });
  holdEdgesInSight(true);
  arrowsForZoom();
  network.body.emitter.emit("_allowRedraw");
  network.redraw();
  const firstView = { position: network.getViewPosition(), scale: network.getScale() };
  function restoreLayout() {
    const moved = nodes.get({ filter: function (n) { const was = first.get(n.id); return was.x !== n.x || was.y !== n.y; } })
      .map(function (n) { const was = first.get(n.id); return { id: n.id, x: was.x, y: was.y }; });
    for (const n of moved) { where.set(n.id, first.get(n.id)); }
    batch(function () { nodes.update(moved); });
    network.moveTo({ position: firstView.position, scale: firstView.scale, animation: false });
    holdEdgesInSight(true);
    arrowsForZoom();
  }
  // a node dragged keeps its new place in the data set, so a filter that hides and shows it again keeps it there
  network.on("dragEnd", function (params) {
    if (!params.nodes.length) { return; }
    const now = network.getPositions(params.nodes);
    for (const id of params.nodes) { where.set(id, now[id]); }
    nodes.update(params.nodes.map(function (id) { return { id: id, x: now[id].x, y: now[id].y }; }));
  });

  // panning a crowded view moves a picture of it: the network is drawn again once, where the drag ends
  const PAN_PICTURE_FROM = 2000;  // actors shown
  const panPicture = document.createElement("canvas");
  panPicture.className = "pan-picture";
  panPicture.setAttribute("aria-hidden", "true");
  container.after(panPicture);
  let panFrom = null;
  network.on("dragStart", function (params) {
    if (params.nodes.length || shownNodeIds.length < PAN_PICTURE_FROM) { return; }
    const drawn = container.querySelector("canvas");
    panPicture.width = drawn.width; panPicture.height = drawn.height;
    panPicture.style.width = drawn.clientWidth + "px"; panPicture.style.height = drawn.clientHeight + "px";
    panPicture.getContext("2d").drawImage(drawn, 0, 0);
    panPicture.style.transform = "translate(0px, 0px)";
    panPicture.style.display = "block";
    network.renderer.options.hideNodesOnDrag = true;  // vis-network draws nothing while the picture moves
    network.renderer.options.hideEdgesOnDrag = true;
    panFrom = network.getViewPosition();
  });
  network.on("dragging", function () {
    if (!panFrom) { return; }
    const now = network.getViewPosition(), scale = network.getScale();
    panPicture.style.transform = "translate(" + (panFrom.x - now.x) * scale + "px, " + (panFrom.y - now.y) * scale + "px)";
  });
  network.on("dragEnd", function () {
    if (!panFrom) { return; }
    panFrom = null;
    network.renderer.options.hideNodesOnDrag = false;
    network.renderer.options.hideEdgesOnDrag = false;
    panPicture.style.display = "none";
    network.redraw();
  });

  function refresh() {
    computePart();
    batch(function () {
      if (!(holdsAll && state.overview === null)) { nodeView.refresh(); }
      showWhatTheFiltersKeep();
      if (edgesHeldInSight) { holdEdgesInSight(true); } else if (!(holdsAll && state.overview === null)) { edgeView.refresh(); markHeldEdges(); edgeLooksOfHeld(); }
      holdsAll = state.overview === null;
      arrowsForZoom();
    });
    const shown = shownNodeIds.length;
    document.getElementById("empty").style.display = shown ? "none" : "flex";
    document.getElementById("counts").textContent = shown + " of " + data.nodes.length + " actors, " + shownEdgeIds.length + " of " +
      data.edges.length + " relationships";
    if (state.focus) { highlight(state.focus); } else if (state.path) { paintPath(); }
  }

  // ---------------------------------------------------------------- legend: kinds with their shapes, edges, sizes
  const SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(shape, color) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20"); svg.setAttribute("class", "shape"); svg.setAttribute("aria-hidden", "true");
    const points = {
      square: "3,3 17,3 17,17 3,17", box: "2,5 18,5 18,15 2,15", diamond: "10,1 19,10 10,19 1,10",
      triangle: "10,2 19,18 1,18", triangleDown: "1,2 19,2 10,18",
      star: "10,1 12.6,7 19,7.5 14,11.6 15.6,18 10,14.5 4.4,18 6,11.6 1,7.5 7.4,7",
      hexagon: "5,2 15,2 19.5,10 15,18 5,18 0.5,10"
    }[shape];
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
  for (const item of data.legend) {
    const icon = shapeIcon(item.shape, data.colorBy === "community" ? "#ffffff" : item.color);
    icon.setAttribute("data-shape", item.shape);
    legend.appendChild(filterBox("kind-filter", "kinds", item.kind, [icon, el("span", item.kind), el("span", kindCounts.get(item.kind) || 0, "n")]));
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
  const SIZE_NAMES = { pagerank: "PageRank", degree: "degree", in_degree: "in-degree", out_degree: "out-degree",
                       betweenness: "betweenness", closeness: "closeness", harmonic: "harmonic centrality", eigenvector: "eigenvector centrality" };
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
  function setDate(iso) {
    if (!iso) { state.date = null; anyDate.checked = true; dateInput.value = ""; slider.value = slider.max; }
    else {
      state.date = iso; anyDate.checked = false; dateInput.value = iso;
      slider.value = String(Math.max(0, Math.min(months - 1, monthOf(iso))));
    }
    showMonthLabel();
    refresh(); writeHash();
  }
  dateInput.addEventListener("change", function () { if (dateInput.value) { setDate(dateInput.value); } });
  slider.addEventListener("input", function () { setDate(lastDayOf(Number(slider.value))); });
  anyDate.addEventListener("change", function () { setDate(anyDate.checked ? null : (dateInput.value || lastDayOf(Number(slider.value)))); });
  let player = null;
  function stopPlaying() {
    if (player !== null) { clearInterval(player); player = null; }
    playButton.textContent = "Play"; playButton.setAttribute("aria-pressed", "false");
  }
  function step() {
    const next = (state.date ? monthOf(state.date) : -1) + 1;
    if (next >= months) { stopPlaying(); return; }
    setDate(lastDayOf(next));
    if (next >= months - 1) { stopPlaying(); }
  }
  playButton.addEventListener("click", function () {
    if (player !== null) { stopPlaying(); return; }
    if (!state.date || monthOf(state.date) >= months - 1) { setDate(lastDayOf(0)); }
    playButton.textContent = "Pause"; playButton.setAttribute("aria-pressed", "true");
    player = setInterval(step, 400);
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
  function showNode(id) {
    const n = byId.get(id);
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
    const expand = el("button", state.expanded.has(id) ? "Expanded" : "Expand: show its neighbours");
    expand.type = "button"; expand.setAttribute("data-testid", "expand");
    expand.addEventListener("click", function () { expandNode(id); });
    const from = el("button", "Path from here");
    from.type = "button";
    from.addEventListener("click", function () { pathFrom.value = n.label; if (NARROW.matches) { openPanel("controls"); } pathTo.focus(); });
    actions.append(expand, from);
    details.insertBefore(actions, details.querySelector("h2:nth-of-type(2)"));
  }
  function expandNode(id) {
    if (state.overview) { for (const other of shownNeighbours(id)) { state.overview.add(other); } showOverviewNote(); }
    state.expanded.add(id);
    refresh();
    if (state.focus === id) { showNode(id); }
  }
  function showEdge(id) {
    const e = edgeById.get(id);
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
        // on a narrow screen the details cover the lower part: the actor is drawn above them
        const offset = NARROW.matches ? { x: 0, y: -container.clientHeight * 0.25 } : { x: 0, y: 0 };
        network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: offset, animation: false });
        arrowsForZoom();
      }
    });
    showNode(id);
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
  container.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); cursor = null; clearSelection(); return; }
    if (event.key === "Enter" && cursor) { event.preventDefault(); const next = cursor; cursor = null; select(next); return; }
    if (!["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"].includes(event.key)) { return; }
    event.preventDefault();
    if (!state.focus) {
      const biggest = bySize.find(function (n) { return isShown(n.id); });
      if (biggest) { select(biggest.id); }
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

  // ---------------------------------------------------------------- the view in the address: #actor=…&asof=…
  let writing = false;
  function writeHash() {
    if (writing) { return; }
    const parts = new URLSearchParams();
    if (state.focus) { parts.set("actor", state.focus); }
    if (state.date) { parts.set("asof", state.date); }
    if (state.kinds.size !== allKinds.length) { parts.set("kinds", Array.from(state.kinds).sort().join(",")); }
    if (state.relations.size !== allRelations.length) { parts.set("relations", Array.from(state.relations).sort().join("|")); }
    if (state.sources.size !== allSources.length) { parts.set("sources", Array.from(state.sources).sort().join(",")); }
    if (state.focusMode) { parts.set("focus", String(state.depth)); }
    if (state.colorBy !== data.colorBy) { parts.set("color", state.colorBy); }
    const text = parts.toString();
    const hash = text ? "#" + text : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      history.pushState(null, "", hash || location.pathname + location.search);
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
      setColorBy(parts.get("color") === "community" || parts.get("color") === "kind" ? parts.get("color") : data.colorBy);
      const asof = parts.get("asof");
      setDate(asof && /^\d{4}-\d{2}-\d{2}$/.test(asof) ? asof : null);
      const actor = parts.get("actor");
      if (actor && byId.has(actor)) { select(actor); }
      else if (state.focus) { clearSelection(); }
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
  // a path is a chain of relationships: an attributed claim (an edge that holds the claim it makes) is a view, and makes
  // a step only when the reader asks for it, as `spacegraph path --claims` does
  function pathStep(e) { return baseEdgeShown(e) && (pathClaims.checked || !e.claim); }
  function shortestPath(from, to) {
    if (!baseNodeVisible(from) || !baseNodeVisible(to)) { return null; }
    const previous = new Map([[from, null]]);
    let ring = [from];
    while (ring.length && !previous.has(to)) {
      const next = [];
      for (const id of ring) {
        for (const pair of adjacent.get(id)) {
          const other = pair[0];
          if (pathStep(pair[1]) && !previous.has(other)) { previous.set(other, id); next.push(other); }
        }
      }
      ring = next;
    }
    if (!previous.has(to)) { return null; }
    const path = [to];
    while (previous.get(path[0]) !== null) { path.unshift(previous.get(path[0])); }
    return path;
  }
  function showPath(from, to) {  // drawn once, where it ends
    let path = null;
    batch(function () { path = drawPath(from, to); });
    return path;
  }
  function drawPath(from, to) {
    const path = shortestPath(from, to);
    const a = byId.get(from), b = byId.get(to);
    details.replaceChildren(el("h2", "Path"));
    if (!path) {
      state.path = null; clearHighlight();
      details.appendChild(el("p", "No path between " + a.label + " and " + b.label + " with these filters" +
        (pathClaims.checked ? "." : " and without attributed claims."), "muted"));
      if (NARROW.matches) { openPanel("details"); }
      return null;
    }
    state.focus = null; state.focusMode = false; focusBox.checked = false;
    if (state.overview) { for (const id of path) { state.overview.add(id); } }
    refresh();
    const steps = [];
    for (let i = 0; i + 1 < path.length; i++) {
      steps.push(adjacent.get(path[i]).filter(function (pair) { return pair[0] === path[i + 1] && pathStep(pair[1]); })
        .map(function (pair) { return pair[1]; }));
    }
    state.path = { nodes: new Set(path), edges: new Set([].concat.apply([], steps).map(function (e) { return e.id; })) };
    const title = el("div", null, "detail-title");
    title.append(actorLink(from), document.createTextNode(" to "), actorLink(to));
    details.append(title, el("p", (path.length - 1) + (path.length === 2 ? " step" : " steps"), "count"));
    const list = el("ol", null, "relations");
    list.setAttribute("data-testid", "path-steps");
    steps.forEach(function (between, i) {
      for (const e of between) {
        const li = document.createElement("li");
        const line = el("div");
        const forward = e.from === path[i];
        line.append(actorLink(path[i]), document.createTextNode(forward ? " —" + e.label + "→ " : " ←" + e.label + "— "), actorLink(path[i + 1]));
        li.append(line, facts(e), quoteList(e.sources));
        list.appendChild(li);
      }
    });
    details.appendChild(list);
    paintPath();
    network.selectNodes(path);
    network.fit({ nodes: path, animation: false });
    arrowsForZoom();
    if (NARROW.matches) { closePanel("controls"); openPanel("details"); }
    return path;
  }
  function paintPath() {
    holdEdgesInSight(true);  // the path's relationships among them
    const dimNodes = new Map(), lookEdges = new Map();
    for (const id of shownNodeIds) { if (!state.path.nodes.has(id)) { dimNodes.set(id, "dim"); } }
    for (const id of shownEdgeIds) { lookEdges.set(id, state.path.edges.has(id) ? "path" : "dim"); }
    batch(function () { restyle(dimNodes, lookEdges); });
  }
  document.getElementById("path-go").addEventListener("click", function () {
    const ends = [pathFrom, pathTo].map(function (box) { const hit = matches(box.value)[0]; return hit ? hit.node.id : null; });
    for (const [box, id] of [[pathFrom, ends[0]], [pathTo, ends[1]]]) {
      if (!id) {
        showMessage(fold(box.value) ? "No actor matches “" + box.value.trim() + "”." : "Name both ends of the path.");
        if (NARROW.matches) { openPanel("details"); }
        return;
      }
    }
    showPath(ends[0], ends[1]);
  });
  for (const box of [pathFrom, pathTo]) {
    box.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); document.getElementById("path-go").click(); } });
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
    if (state.colorBy === "community") {
      communityLegend.appendChild(el("p", "Colours show communities (Louvain); shapes show kinds, and the boxes filter them."));
      for (const c of data.communities.slice(0, 12)) {
        const row = el("div", null, "edge-key");
        row.append(shapeIcon("dot", c.color), el("span", "around " + (byId.get(c.hub) ? byId.get(c.hub).label : c.hub) + " (" + c.size + ")"));
        communityLegend.appendChild(row);
      }
      if (data.communities.length > 12) { communityLegend.appendChild(el("p", (data.communities.length - 12) + " smaller communities in grey.")); }
    }
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
  document.getElementById("export-png").addEventListener("click", function () {
    const drawn = container.querySelector("canvas");
    const canvas = document.createElement("canvas");
    canvas.width = drawn.width; canvas.height = drawn.height;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff"; context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(drawn, 0, 0);
    canvas.toBlob(function (blob) { download("spacegraph-view.png", blob); }, "image/png");
  });
  // a cell a spreadsheet would read as a formula starts with an apostrophe, and so does one that starts with an
  // apostrophe, so that removing one gives the value back: the rule of spacegraph.csv_cells, for every CSV written
  function cell(value) {
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r']/.test(text)) { text = "'" + text; }
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows) { return rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n"; }
  function visibleTables() {
    const shownNodes = shownNodeIds.map(function (id) { return byId.get(id); });
    const actors = [["id", "label", "kind", "alternative labels", "description", "start", "end"]].concat(shownNodes.map(function (n) {
      return [n.id, n.label, n.kind, (n.altLabels || []).join("; "), n.description, n.start, n.end];
    }));
    const relations = [["from", "from label", "relationship", "to", "to label", "hedged", "role", "start", "end", "quotes", "sources",
                        "licences"]]
      .concat(shownEdgeIds.map(function (id) {
        const e = edgeById.get(id);
        return [e.from, byId.get(e.from).label, e.label, e.to, byId.get(e.to).label, e.hedged ? "yes" : "no", e.role, e.start, e.end,
                e.sources.map(function (q) { return q.quote; }).join(" | "),
                e.sources.map(function (q) { return (data.documents[q.document] || { title: q.document }).title; }).join(" | "),
                e.sources.map(function (q) { return (data.documents[q.document] || {}).licence || ""; }).join(" | ")];
      }));
    return { actors: actors, relations: relations };
  }
  document.getElementById("export-csv").addEventListener("click", function () {
    const tables = visibleTables();
    download("spacegraph-actors.csv", new Blob(["\ufeff" + csv(tables.actors)], { type: "text/csv;charset=utf-8" }));
    download("spacegraph-relationships.csv", new Blob(["\ufeff" + csv(tables.relations)], { type: "text/csv;charset=utf-8" }));
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
      for (const box of document.querySelectorAll("[data-testid=source-filter], [data-testid=relation-filter]")) { box.checked = true; }
      syncKindBoxes();
      search.value = ""; showResults(); searchNote.textContent = "";
      state.focusMode = false; focusBox.checked = false; state.depth = 1; depthBox.value = "1"; state.expanded.clear();
      pathFrom.value = ""; pathTo.value = "";
      startOverview(); showOverviewNote();
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
    edgeCount: function () { return data.edges.length; },
    visibleNodeIds: function () { return shownNodeIds.slice(); },
    visibleEdgeCount: function () { return shownEdgeIds.length; },
    positions: function () { return network.getPositions(); },
    view: function () { return { position: network.getViewPosition(), scale: network.getScale() }; },
    selected: function () { return state.focus; },
    results: function () { return lastResults.map(function (hit) { return hit.node.id; }); },
    select: select,
    setDate: setDate,
    path: function (from, to) { return showPath(from, to); },
    colorBy: function () { return state.colorBy; },
    tables: visibleTables,
    lastFrame: lastFrame,
    isStable: function () { return true; }
  };
})();
