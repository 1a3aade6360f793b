"use strict";
// The node menu: open an actor, focus on its neighbourhood, expand it by relationship type, hide it, or make it one
// end of a path.
window.spacegraphExplorer.parts.push(function menuPart(sg) {
  const state = sg.state, byId = sg.byId, network = sg.network, container = sg.container, where = sg.where, adjacent = sg.adjacent;
  const el = sg.el, NARROW = sg.NARROW, openPanel = sg.openPanel, closePanel = sg.closePanel, announce = sg.announce;
  const baseEdgeShown = sg.baseEdgeShown, nodeVisible = sg.nodeVisible, shownNeighbours = sg.shownNeighbours, isShown = sg.isShown;
  const refresh = sg.refresh, writeHash = sg.writeHash, select = sg.select, clearSelection = sg.clearSelection;
  const showNode = sg.showNode, expandNode = sg.expandNode, showPath = sg.showPath, choose = sg.choose, endOf = sg.endOf;
  const fromEnd = sg.pathEnds.from, toEnd = sg.pathEnds.to, details = sg.detailsBody;
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
    if (state.overview) { for (const other of found.more) { state.overview.add(other); } sg.showOverviewNote(); }
    if (!state.expanded.has(id)) { state.expanded.add(id); state.expandedTypes.set(id, new Set()); }
    if (state.expandedTypes.has(id)) { state.expandedTypes.get(id).add(label); }  // else every type is expanded already
    refresh();
    if (state.focus === id) { showNode(id); }
  }
  function focusOn(id) {  // as ticking "Only the selected actor's neighbourhood" with the actor open
    state.focusMode = true; sg.focusBox.checked = true; state.expanded.clear();
    select(id);
  }
  function hideActor(id) {
    state.hidden.add(id);
    sg.showHiddenNote();
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

  Object.assign(sg, { expandedNeighbours: expandedNeighbours, menuButton: menuButton });
});
