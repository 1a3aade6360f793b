"use strict";
// The shortest path between two actors (pure.js's fewestHops, as `spacegraph path` chooses it): found, drawn, listed
// step by step in the details, fitted in view, and the names of relationships that join the same two actors written
// once, one under the other. The From and To boxes are path-ends.js's.
window.spacegraphExplorer.parts.push(function pathsPart(sg) {
  const state = sg.state, byId = sg.byId, shown = sg.shown, network = sg.network, container = sg.container, where = sg.where;
  const el = sg.el, NARROW = sg.NARROW, openPanel = sg.openPanel, closePanel = sg.closePanel, adjacent = sg.adjacent;
  const baseNodeVisible = sg.baseNodeVisible, baseEdgeShown = sg.baseEdgeShown, batch = sg.batch, restyle = sg.restyle;
  const refresh = sg.refresh, writeHash = sg.writeHash, arrowsForZoom = sg.arrowsForZoom, holdEdgesInSight = sg.holdEdgesInSight;
  const actorLink = sg.actorLink, facts = sg.facts, quoteList = sg.quoteList, clearHighlight = sg.clearHighlight;
  const details = sg.detailsBody;
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
  function shortestPath(from, to) {
    if (!baseNodeVisible(from) || !baseNodeVisible(to)) { return null; }
    return sg.pure.fewestHops(from, to, stepsFrom, passesThrough);
  }
  // a path's hops, each with every relationship that joins its two actors: a hop is one step, however many join them
  function hopsOf(path) {
    const hops = [];
    for (let i = 0; i + 1 < path.length; i++) { hops.push({ from: path[i], to: path[i + 1], edges: stepsFrom(path[i]).get(path[i + 1]) }); }
    return hops;
  }
  function showPath(from, to) {  // drawn once, where it ends; the boxes name the two actors asked for
    for (const [end, id] of [[sg.pathEnds.from, from], [sg.pathEnds.to, to]]) { if (byId.has(id)) { sg.choose(end, id); } }
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
    state.focus = null; state.focusMode = false; sg.focusBox.checked = false;
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
    for (const id of shown.nodeIds) { if (!state.path.nodes.has(id)) { dimNodes.set(id, "dim"); } }
    for (const id of shown.edgeIds) { lookEdges.set(id, state.path.edges.has(id) ? "path" : "dim"); }
    batch(function () { restyle(dimNodes, lookEdges); });
  }
  // relationships that join the same two actors are drawn one over the other, and so would their names be: on a path,
  // vis-network draws their names transparent, and the page writes them once, one under the other, at the pair's middle
  // and along the line as vis-network writes a name (the font's `align: "middle"`)
  const QUIET_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  let quieted = new Set();  // the relationships whose names vis-network draws transparent for a path
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
    for (const id of quieted) { if (!wanted.has(id)) { nameFont(id, sg.edgeLookOf(id).font); } }
    for (const id of wanted) { nameFont(id, QUIET_FONT); }
    quieted = wanted;
  });
  // after every frame (view.js): the names each hop of a path shares, written once; each, with its box in canvas units
  // in the frame turned by `angle` about the pair's middle (x, y), in sg.drawnNames.shared
  function writeSharedNames(ctx) { for (const hop of sharedHops()) { writeHopNames(ctx, hop); } }
  function writeHopNames(ctx, hop) {
    const named = hop.edges.filter(function (e) {
      const edge = network.body.edges[e.id];
      return edge !== undefined && !edge.options.hidden && Boolean(edge.options.label);
    });
    const font = sg.EDGE_LOOK.path.font, scale = network.getScale();
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
      sg.drawnNames.shared.push({ from: hop.from, to: hop.to, text: name, x: x, y: y, angle: angle,
                              left: -width / 2, top: across - size / 2, width: width, height: size });
    });
    ctx.restore();
  }
  // the box changes what a path may cross: a drawn path is found again
  pathClaims.addEventListener("change", function () { if (state.path) { showPath(state.path.from, state.path.to); } });
  function restorePath(path) {
    pathClaims.checked = path.claims;
    showPath(path.from, path.to);
  }

  Object.assign(sg, { pathNote: pathNote, showPath: showPath, failPath: failPath, paintPath: paintPath, restorePath: restorePath,
                      writeSharedNames: writeSharedNames });
});
