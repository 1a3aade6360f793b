"use strict";
// The details panel (an actor's relationships grouped, every name a link, every quote with its source) and the
// selection: an actor opened, its neighbours kept bright and the rest dimmed; focus mode keeps its neighbourhood only.
window.spacegraphExplorer.parts.push(function detailsPart(sg) {
  const data = sg.data, state = sg.state, byId = sg.byId, edgeById = sg.edgeById, shown = sg.shown, network = sg.network;
  const inCommunity = sg.inCommunity, baseNodeVisible = sg.baseNodeVisible, restyle = sg.restyle;
  const fitIds = sg.fitIds, visibleNeighbours = sg.visibleNeighbours, arrowsForZoom = sg.arrowsForZoom;
  const el = sg.el, safeLink = sg.safeLink, announce = sg.announce, NARROW = sg.NARROW, openPanel = sg.openPanel, closePanel = sg.closePanel;
  const adjacent = sg.adjacent, baseEdgeShown = sg.baseEdgeShown, shownNeighbours = sg.shownNeighbours, batch = sg.batch;
  const refresh = sg.refresh, writeHash = sg.writeHash, holds = sg.pure.holds;
  const WELCOME = "Click an actor or a relationship, or search for one, to see what the sources say.";
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
  function relationGroups(id, related) {
    const groups = new Map();
    for (const e of related) {
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
    from.addEventListener("click", function () { sg.choose(sg.pathEnds.from, id); if (NARROW.matches) { openPanel("controls"); } sg.pathEnds.to.input.focus(); });
    actions.append(expand, from, sg.menuButton(id));
    details.insertBefore(actions, details.querySelector("h2:nth-of-type(2)"));
  }
  function expandNode(id) {
    if (state.overview) { for (const other of shownNeighbours(id)) { state.overview.add(other); } sg.showOverviewNote(); }
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
  function highlight(id) {
    const near = new Set(shownNeighbours(id));
    near.add(id);
    const dimNodes = new Map(), dimEdges = new Map();
    for (const other of shown.nodeIds) { if (!near.has(other)) { dimNodes.set(other, "dim"); } }
    for (const edgeId of shown.edgeIds) {
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
    if (!inCommunity(n)) { sg.onlyCommunity(state.community); }  // the community filter goes, as a kind filter does
    if (state.hidden.has(id)) { sg.showAgain([id]); }  // opened by name: hidden no more
    if (!baseNodeVisible(id)) { state.kinds.add(n.kind); sg.syncKindBoxes(); }
    if (state.overview && !state.overview.has(id)) {  // the rest of a big graph is one click away
      state.overview.add(id);
      for (const other of shownNeighbours(id)) { state.overview.add(other); }
      sg.showOverviewNote();
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
    sg.markTableRow();
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

  // ---------------------------------------------------------------- focus mode: the neighbourhood to a depth
  const focusBox = document.getElementById("focus-mode");
  const depthBox = document.getElementById("focus-depth");
  focusBox.addEventListener("change", function () { state.focusMode = focusBox.checked; state.expanded.clear(); refresh(); writeHash(); });
  depthBox.addEventListener("change", function () { state.depth = Number(depthBox.value) || 1; refresh(); writeHash(); });
  network.on("doubleClick", function (params) { if (params.nodes.length) { expandNode(params.nodes[0]); } });

  Object.assign(sg, { detailsBody: details, focusBox: focusBox, depthBox: depthBox, actorLink: actorLink, facts: facts,
                      quoteList: quoteList, showNode: showNode, expandNode: expandNode, showEdge: showEdge, highlight: highlight,
                      clearHighlight: clearHighlight, select: select, clearSelection: clearSelection });
});
