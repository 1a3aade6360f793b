"use strict";
// Export: the view as a PNG, framed by the page's title, the date, the kinds shown and the sources' credit; what it
// shows as one CSV file (pure.js's csv, whose cells are defused as spacegraph.csv_cells defuses them).
window.spacegraphExplorer.parts.push(function exportPart(sg) {
  const data = sg.data, state = sg.state, byId = sg.byId, edgeById = sg.edgeById, shown = sg.shown, network = sg.network;
  const container = sg.container, csv = sg.pure.csv, SHAPE_POINTS = sg.pure.SHAPE_POINTS;
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
    const kinds = data.legend.filter(function (k) { return state.kinds.has(k.kind) && shown.nodeIds.some(function (id) { return byId.get(id).kind === k.kind; }); });
    const used = new Set();
    for (const id of shown.edgeIds) { for (const q of edgeById.get(id).sources) { used.add(q.document); } }
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
    context.fillText((state.date ? "As of " + state.date : "Any date") + " · " + shown.nodeIds.length + " actors, " +
                     shown.edgeIds.length + " relationships", pad, pad + 22 * ratio, width - 2 * pad);
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
  // one table of what is shown: a row per actor, then a row per relationship, told apart by the first column
  const CSV_COLUMNS = ["record", "id", "label", "kind", "alternative labels", "description", "from", "from label", "relationship", "to",
                       "to label", "hedged", "role", "start", "end", "quotes", "sources", "licences"];
  function visibleTable() {
    const row = function (values) { return CSV_COLUMNS.map(function (name) { return values[name]; }); };
    const actors = shown.nodeIds.map(function (id) {
      const n = byId.get(id);
      return row({ record: "actor", id: n.id, label: n.label, kind: n.kind, "alternative labels": (n.altLabels || []).join("; "),
                   description: n.description, start: n.start, end: n.end });
    });
    const relations = shown.edgeIds.map(function (id) {
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

  Object.assign(sg, { viewPicture: viewPicture, shownTables: shownTables });
});
