"use strict";
// The explorer's state: the data looked up by id, what the reader has chosen (`state`), and the view in the address
// (#actor=…&asof=…, read and written with pure.js's addressOf and readAddress).
window.spacegraphExplorer.parts.push(function statePart(sg) {
  const data = sg.data, pure = sg.pure;
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
  // what the page holds, as the address names it
  const graph = { kinds: allKinds, relations: allRelations, sources: allSources, colorBy: data.colorBy, actors: byId,
                  communities: data.communities.map(function (c) { return c.number; }) };

  // ---------------------------------------------------------------- the view in the address: #actor=…&asof=…
  // writing: the page is setting a view (the address's, or the first), and writes no address of its own meanwhile;
  // gesture: the reader's gesture under way (see continuing), and gestureAt when it last changed the view
  const address = { writing: false, gesture: null, gestureAt: 0 };
  // whether a change continues the gesture under way (the same kind, within a second and a half): it then replaces
  // the history entry the gesture's first change added
  function continuing(kind) {
    const now = performance.now(), same = kind !== undefined && kind !== null && address.gesture === kind && now - address.gestureAt < 1500;
    address.gesture = kind || null; address.gestureAt = now;
    return same;
  }
  function writeHash(replace) {
    if (replace === undefined) { address.gesture = null; }  // a change of its own (a filter, a click): the gesture is over
    if (address.writing) { return; }
    const text = pure.addressOf(state, graph);
    const hash = text ? "#" + text : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      history[replace ? "replaceState" : "pushState"](null, "", hash || location.pathname + location.search);
    }
  }
  function readHash() {
    const view = pure.readAddress(location.hash.slice(1), graph);
    address.writing = true;
    try {
      state.kinds = new Set(view.kinds);
      sg.syncKindBoxes();
      state.relations = new Set(view.relations);
      state.sources = new Set(view.sources);
      for (const box of document.querySelectorAll("[data-testid=source-filter]")) { box.checked = state.sources.has(box.value); }
      for (const box of document.querySelectorAll("[data-testid=relation-filter]")) { box.checked = state.relations.has(box.value); }
      state.focusMode = view.focus !== null; sg.focusBox.checked = state.focusMode;
      state.depth = state.focusMode ? view.focus : 1; sg.depthBox.value = String(state.depth);
      state.community = view.community;
      sg.setColorBy(view.color);
      sg.setHidden(view.hidden);
      sg.setDate(view.asof);
      if (view.path) { sg.restorePath(view.path); }
      else if (view.actor) { sg.select(view.actor); }
      else if (state.focus || state.path) { sg.clearSelection(); }
    } finally { address.writing = false; }
  }
  window.addEventListener("popstate", readHash);

  Object.assign(sg, { byId: byId, edgeById: edgeById, allKinds: allKinds, allRelations: allRelations, allSources: allSources,
                      state: state, address: address, continuing: continuing, writeHash: writeHash, readHash: readHash });
});
