"use strict";
// The explorer's pure functions: no page, no network, only their arguments. The page reads them from
// window.spacegraphExplorer.pure, which this script, the first of the page's own (render.py's PAGE_SCRIPTS), makes,
// with the list the later scripts add their part of the page to; under Node they are this file's exports, which
// tests/js/pure.test.js checks.
(function () {
  // the package's one fold (spacegraph.core.folding, which tests/test_explorer_js.py checks this against): accents and
  // case removed, dashes, apostrophes and white space read as one space, British spellings read as American ones, so
  // "Chang’e-5" is "chang e 5" and "Defence Centre" is "defense center"
  const FOLD_SPACES = /[-\u2010\u2011\u2012\u2013\u2014\u2212'\u2018\u2019\u02bc\u2032`\s]+/g;
  const SPELLINGS = [[/programme(s?)$/, "program$1"], [/(?<=[a-z]{2})tre(s?)$/, "ter$1"], [/(?<=de|of)fence(s?)$/, "fense$1"],
                     [/licence(s?)$/, "license$1"], [/(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$/, "iz$1"],
                     [/(?<=[a-z]{2}[^aeiou])our(s|ed|ing|ite|ites)?$/, "or$1"], [/(?<=[a-z]{2})yse(s|d)?$/, "yze$1"],
                     [/(?<=[a-z]{3})ogue(s?)$/, "og$1"]];
  const SPELLING = new RegExp("\\b([a-z]*?)(" + SPELLINGS.map(function (pair) {
    return "(?:" + pair[0].source.slice(0, -1) + ")";
  }).join("|") + ")\\b", "g");
  function american(word) {
    for (const [pattern, replacement] of SPELLINGS) {
      const changed = word.replace(pattern, replacement);
      if (changed !== word) { return changed; }
    }
    return word;
  }
  function fold(text) {
    const plain = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\u00df/g, "ss")
      .replace(/\u03c2/g, "\u03c3");
    return plain.replace(FOLD_SPACES, " ").trim().replace(SPELLING, american);
  }

  // whether an actor or a relationship holds on a day (an ISO date), or on any day when `day` is empty
  function holds(item, day) {
    if (!day) { return true; }
    return (!item.start || item.start <= day) && (!item.end || day < item.end);
  }

  // each community's actors shown, and the box they take: counts is community -> {count, box: [left, top, right, bottom]}
  function tally(counts, community, x, y) {
    const seen = counts.get(community);
    if (seen === undefined) { counts.set(community, { count: 1, box: [x, y, x, y] }); return; }
    const box = seen.box;
    seen.count += 1;
    if (x < box[0]) { box[0] = x; } else if (x > box[2]) { box[2] = x; }
    if (y < box[1]) { box[1] = y; } else if (y > box[3]) { box[3] = y; }
  }

  // each kind's shape in a 20 × 20 box, drawn by the legend (SVG) and the exported picture (canvas)
  const SHAPE_POINTS = {
    square: "3,3 17,3 17,17 3,17", box: "2,5 18,5 18,15 2,15", diamond: "10,1 19,10 10,19 1,10",
    triangle: "10,2 19,18 1,18", triangleDown: "1,2 19,2 10,18",
    star: "10,1 12.6,7 19,7.5 14,11.6 15.6,18 10,14.5 4.4,18 6,11.6 1,7.5 7.4,7",
    hexagon: "5,2 15,2 19.5,10 15,18 5,18 0.5,10"
  };

  // ---------------------------------------------------------------- CSV
  // a cell a spreadsheet would read as a formula starts with an apostrophe, and so does one that starts with an
  // apostrophe, so that removing one gives the value back: the rule of spacegraph.csv_cells, for every CSV written
  function cell(value) {
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r']/.test(text)) { text = "'" + text; }
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows) { return rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n"; }

  // ---------------------------------------------------------------- dates: months counted from the year before the first
  // the years the slider spans: from the year before the first date to the year after the last (`thisYear` without dates)
  function dateRange(dates, thisYear) {
    const firstYear = dates.length ? Number(dates[0].slice(0, 4)) - 1 : 2000;
    const lastYear = dates.length ? Number(dates[dates.length - 1].slice(0, 4)) + 1 : thisYear;
    return { firstYear: firstYear, lastYear: lastYear, months: (lastYear - firstYear + 1) * 12 };  // month i is firstYear-01 plus i months
  }
  // the years marked under the slider, each at its January (`left`, a percentage of the slider's width): every year, or
  // every 2, 5, 10... years, six marks at most
  function yearMarks(firstYear, lastYear) {
    const months = (lastYear - firstYear + 1) * 12;
    const yearStep = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find(function (every) {
      return Math.floor(lastYear / every) - Math.ceil(firstYear / every) + 1 <= 6;
    }) || 1000;
    const marks = [];
    for (let year = Math.ceil(firstYear / yearStep) * yearStep; year <= lastYear; year += yearStep) {
      marks.push({ year: year, left: 100 * (year - firstYear) * 12 / Math.max(1, months - 1) });
    }
    return marks;
  }
  function monthOf(iso, firstYear) { return (Number(iso.slice(0, 4)) - firstYear) * 12 + Number(iso.slice(5, 7)) - 1; }
  // a month shows the facts that hold on its last day
  function lastDayOf(month, firstYear) {
    const year = firstYear + Math.floor(month / 12), m = month % 12;
    return new Date(Date.UTC(year, m + 1, 0)).toISOString().slice(0, 10);
  }

  // ---------------------------------------------------------------- search: every match, best first
  function searchIndex(nodes) {
    return nodes.map(function (n) {
      return { node: n, names: [n.label].concat(n.altLabels || []).map(function (name) { return [name, fold(name)]; }),
               about: fold(n.description || "") };
    });
  }
  // rank: 0 a whole name, 1 the start of a name, 2 the start of a word in a name, 3 inside a name, 4 the description
  function matches(index, text) {
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

  // ---------------------------------------------------------------- paths
  // the fewest hops and, among chains of as many, the strongest ties (the least sum of 1 / relationships per hop), as
  // `spacegraph path` chooses: a breadth-first search that keeps, for each actor of the next ring, its cheapest way in.
  // stepsFrom(id) gives the relationships a path may take from `id`, by the actor at their other end (a Map);
  // passesThrough(id) whether a path may pass through `id`
  function fewestHops(from, to, stepsFrom, passesThrough) {
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

  // ---------------------------------------------------------------- the view in the address: #actor=…&asof=…
  // `graph` tells what the page holds: {kinds, relations, sources (lists), colorBy (the page's first colouring),
  // actors (a Map or Set of the actors' ids), communities (the communities' numbers)}

  // the address of a view (the part after "#"), from the page's state; "" for the first view
  function addressOf(state, graph) {
    const parts = new URLSearchParams();
    if (state.focus) { parts.set("actor", state.focus); }
    if (state.date) { parts.set("asof", state.date); }
    if (state.kinds.size !== graph.kinds.length) { parts.set("kinds", Array.from(state.kinds).sort().join(",")); }
    if (state.relations.size !== graph.relations.length) { parts.set("relations", Array.from(state.relations).sort().join("|")); }
    if (state.sources.size !== graph.sources.length) { parts.set("sources", Array.from(state.sources).sort().join(",")); }
    if (state.focusMode) { parts.set("focus", String(state.depth)); }
    if (state.path) {  // with &claims=1 when it may cross attributed claims
      parts.set("from", state.path.from); parts.set("to", state.path.to);
      if (state.path.claims) { parts.set("claims", "1"); }
    }
    if (state.colorBy !== graph.colorBy) { parts.set("color", state.colorBy); }
    if (state.community !== null) { parts.set("community", String(state.community)); }
    if (state.hidden.size) { parts.set("hidden", Array.from(state.hidden).sort().join(",")); }
    return parts.toString();
  }
  // the view an address names: values the graph does not hold are ignored; a list of nothing but such values keeps
  // everything. `focus` is the depth of focus mode, or null; `path` is {from, to, claims}, or null
  function readAddress(text, graph) {
    const parts = new URLSearchParams(text);
    const known = function (raw, all, separator) {
      if (raw === null) { return all; }
      const kept = raw.split(separator).filter(function (value) { return all.includes(value); });
      return raw !== "" && !kept.length ? all : kept;
    };
    const depth = Number(parts.get("focus")), community = Number(parts.get("community"));
    const color = parts.get("color"), asof = parts.get("asof"), actor = parts.get("actor");
    const from = parts.get("from"), to = parts.get("to"), hidden = parts.get("hidden");
    return {
      kinds: known(parts.get("kinds"), graph.kinds, ","),
      relations: known(parts.get("relations"), graph.relations, "|"),
      sources: known(parts.get("sources"), graph.sources, ","),
      focus: [1, 2, 3].includes(depth) ? depth : null,
      community: parts.get("community") !== null && graph.communities.includes(community) ? community : null,
      color: color === "community" || color === "kind" ? color : graph.colorBy,
      hidden: hidden ? hidden.split(",").filter(function (id) { return graph.actors.has(id); }) : [],
      asof: asof && /^\d{4}-\d{2}-\d{2}$/.test(asof) ? asof : null,
      actor: actor && graph.actors.has(actor) ? actor : null,
      path: from && to && graph.actors.has(from) && graph.actors.has(to) ? { from: from, to: to, claims: parts.get("claims") === "1" } : null
    };
  }

  const pure = { fold: fold, holds: holds, tally: tally, SHAPE_POINTS: SHAPE_POINTS, cell: cell, csv: csv, dateRange: dateRange,
                 yearMarks: yearMarks, monthOf: monthOf, lastDayOf: lastDayOf, searchIndex: searchIndex, matches: matches,
                 fewestHops: fewestHops, addressOf: addressOf, readAddress: readAddress };
  if (typeof module !== "undefined" && module.exports) { module.exports = pure; }
  else { window.spacegraphExplorer = { pure: pure, parts: [] }; }  // each later script adds its part: a function of the context
})();
