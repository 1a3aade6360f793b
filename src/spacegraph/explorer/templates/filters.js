"use strict";
// The filters: the legend of kinds (each a filter, with its count), the key to edges and sizes, the relationship
// and source filters, the colouring by kind or by community, a big graph's overview, and the actors hidden.
window.spacegraphExplorer.parts.push(function filtersPart(sg) {
  const data = sg.data, state = sg.state, byId = sg.byId, shown = sg.shown, el = sg.el;
  const allKinds = sg.allKinds, allRelations = sg.allRelations, holds = sg.pure.holds, SHAPE_POINTS = sg.pure.SHAPE_POINTS;
  const nodes = sg.nodes, container = sg.container, EDGE_COLOR = sg.EDGE_COLOR, inCommunity = sg.inCommunity, batch = sg.batch;
  const refresh = sg.refresh, writeHash = sg.writeHash, announce = sg.announce;

  // ---------------------------------------------------------------- legend: kinds with their shapes, edges, sizes
  const SVG = "http://www.w3.org/2000/svg";
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
  function filterBox(testId, setName, value, contents) {
    const label = el("label", null, "choice");
    const box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = value;
    box.setAttribute("data-testid", testId);
    box.addEventListener("change", function () {
      if (box.checked) { state[setName].add(value); } else { state[setName].delete(value); }
      refresh(); writeHash();
    });
    label.append.apply(label, [box].concat(contents));
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
      if (holds(n, state.date) && inCommunity(n) && !state.hidden.has(n.id) && (shown.part === null || shown.part.has(n.id))) {
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
  function startOverview() { state.overview = sg.centralActors(); }

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
  function syncKindBoxes() {
    for (const box of document.querySelectorAll("[data-testid=kind-filter]")) { box.checked = state.kinds.has(box.value); }
  }

  Object.assign(sg, { syncKindBoxes: syncKindBoxes, countKinds: countKinds, setColorBy: setColorBy, onlyCommunity: onlyCommunity,
                      showOverviewNote: showOverviewNote, startOverview: startOverview, showHiddenNote: showHiddenNote,
                      setHidden: setHidden, showAgain: showAgain });
});
