"use strict";
// The table: what the graph shows, to sort and scan. The accessible alternative to the drawing, one click from the
// first view; a row's name opens the actor, and the actor opened in the graph is the row marked.
window.spacegraphExplorer.parts.push(function tablePart(sg) {
  const data = sg.data, state = sg.state, byId = sg.byId, edgeById = sg.edgeById, shown = sg.shown, el = sg.el, fold = sg.pure.fold;
  const tableView = document.getElementById("table-view"), table = document.getElementById("table");
  const tableToggle = document.getElementById("table-toggle"), tableFilter = document.getElementById("table-filter");
  const TABLE_ROWS = 500;  // rows drawn at most: a filter narrows a big graph's
  const tableState = { which: "actors", column: null, descending: false };
  function shownDegrees() {
    const degree = new Map();
    for (const id of shown.edgeIds) { const e = edgeById.get(id); for (const end of [e.from, e.to]) { degree.set(end, (degree.get(end) || 0) + 1); } }
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
    const all = tableState.which === "actors" ? shown.nodeIds.map(function (id) { return byId.get(id); })
      : shown.edgeIds.map(function (id) { return edgeById.get(id); });
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
        if (c.actor) { td.append(sg.actorLink(c.actor(item))); td.firstChild.textContent = c.value(item); }
        else if (c.edge) {
          const open = el("button", c.value(item), "actor");
          open.type = "button";
          open.addEventListener("click", function () { state.focus = null; sg.clearHighlight(); sg.showEdge(item.id); if (sg.NARROW.matches) { sg.openPanel("details"); } });
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
  // after a change of filters, the table, if open, shows what the graph shows now
  function refreshTable() { if (!tableView.hidden) { renderTable(); } }
  // the rows drawn, each as the texts of its cells
  function tableRows() { return Array.from(table.querySelectorAll("tbody tr")).map(function (tr) { return Array.from(tr.cells).map(function (td) { return td.textContent; }); }); }

  Object.assign(sg, { refreshTable: refreshTable, markTableRow: markTableRow, tableRows: tableRows });
});
