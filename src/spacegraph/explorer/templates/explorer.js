"use strict";
// The explorer's wiring, the page's last script. It reads the page's data, then sets up each part of the page in the
// order render.py inlines their scripts (PAGE_SCRIPTS), handing each the one context they share, `sg`: the data, the
// state, and what every earlier part gave. A part reads another's function through `sg` when it calls it, so a later
// part's is there by then; what no part gave is an error at once. Then Reset, the first view, and window.spacegraph,
// which the tests read. Every string from the data is shown with textContent, never as markup.
(async function (explorer) {
  // the data travels deflated in base64 (render.py's packed_payload), and is inflated by the browser itself
  async function readData() {
    const packed = atob(document.getElementById("explorer-data").textContent.trim());
    const bytes = new Uint8Array(packed.length);
    for (let i = 0; i < packed.length; i++) { bytes[i] = packed.charCodeAt(i); }
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return JSON.parse(await new Response(inflated).text());
  }
  const sg = new Proxy({ data: await readData(), pure: explorer.pure }, {
    get: function (given, name) {
      if (!(name in given)) { throw new Error("no part of the explorer gives " + String(name)); }
      return given[name];
    }
  });
  for (const setUp of explorer.parts) { setUp(sg); }
  const data = sg.data, state = sg.state, address = sg.address, network = sg.network;

  // ---------------------------------------------------------------- reset: exactly the first view
  document.getElementById("reset").addEventListener("click", function () {
    sg.stopPlaying();
    address.writing = true;
    try {
      state.kinds = new Set(sg.allKinds);
      state.relations = new Set(sg.allRelations);
      state.sources = new Set(Object.keys(data.documents));
      state.community = null;
      for (const box of document.querySelectorAll("[data-testid=source-filter], [data-testid=relation-filter]")) { box.checked = true; }
      sg.syncKindBoxes();
      sg.clearSearch();
      state.focusMode = false; sg.focusBox.checked = false; state.depth = 1; sg.depthBox.value = "1"; state.expanded.clear();
      sg.pathEnds.from.input.value = ""; sg.pathEnds.to.input.value = "";
      sg.startOverview(); sg.showOverviewNote(); sg.setHidden([]);
      sg.setColorBy(data.colorBy);
      sg.setDate(data.asOf || null);
      sg.clearSelection();
      sg.restoreLayout();
    } finally { address.writing = false; }
    sg.writeHash();
  });

  sg.showOverviewNote();
  address.writing = true; sg.setColorBy(data.colorBy); address.writing = false;
  if (data.asOf) { address.writing = true; sg.setDate(data.asOf); address.writing = false; }
  sg.refresh();
  if (location.hash.length > 1) { sg.readHash(); }
  window.spacegraph = {
    network: network,
    nodeCount: function () { return data.nodes.length; },
    community: function (id) { return sg.byId.has(id) ? sg.byId.get(id).community : null; },
    edgeCount: function () { return data.edges.length; },
    visibleNodeIds: function () { return sg.shown.nodeIds.slice(); },
    visibleEdgeCount: function () { return sg.shown.edgeIds.length; },
    positions: function () { return network.getPositions(); },
    view: function () { return { position: network.getViewPosition(), scale: network.getScale() }; },
    selected: function () { return state.focus; },
    hiddenIds: function () { return Array.from(state.hidden).sort(); },
    results: sg.searchResults,
    select: sg.select,
    setDate: sg.setDate,
    path: function (from, to) { return sg.showPath(from, to); },
    pathNames: function () { return sg.drawnNames.shared.slice(); },
    colorBy: function () { return state.colorBy; },
    tables: sg.shownTables,
    tableRows: sg.tableRows,
    picture: function () { const c = sg.viewPicture(); return { width: c.width, height: c.height, url: c.toDataURL("image/png") }; },
    lastFrame: sg.lastFrame,
    farDrawing: sg.farSettings,
    lastDrawingMs: sg.lastDrawingMs,
    communityNames: function () { return sg.drawnNames.communities.map(function (n) { return Object.assign({}, n); }); },
    isStable: function () { return true; }
  };
})(window.spacegraphExplorer);
