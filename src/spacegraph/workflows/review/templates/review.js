// The review page of `spacegraph review`: one row at a time, one key per decision.
// Every string from the sheet or the graph is shown with textContent, never as markup.
"use strict";

const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
const page = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + String(Date.now()));
const state = { rows: [], version: "", at: 0, known: null, busy: false, errors: {}, keys: 0 };
const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ words

// Folded as spacegraph folds names: no accents, no case, dashes and apostrophes as spaces.
function fold(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[-\u2010-\u2015\u2212'\u2018\u2019\u02bc\u2032`]/g, " ").replace(/\s+/g, " ").trim();
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function say(text, alert) {
  const box = $("message");
  box.textContent = text || "";
  box.className = alert ? "alert" : "";
}

// ------------------------------------------------------------------ talking to the server

async function call(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ page, version: state.version, ...body }),
  };
  const response = await fetch(base + path, options);
  let payload = {};
  try { payload = await response.json(); } catch (e) { payload = { error: await response.text().catch(() => "") }; }
  if (response.status === 409 && payload.busy) {
    blocked(payload.error);
    throw new Error(payload.error);
  }
  if (response.status === 409 && payload.changed) {
    say(payload.error + ": reading it again", true);
    await load(state.rows[state.at] ? state.rows[state.at].index : 0);
    throw new Error(payload.error);
  }
  if (!response.ok && response.status !== 422) {
    say(payload.error || ("the server answered " + response.status), true);
    throw new Error(payload.error);
  }
  return payload;
}

function blocked(text) {
  document.body.classList.add("blocked");
  $("card").replaceChildren(el("h2", "Already open"), el("p", text || "this sheet is open in another page"));
  state.busy = true;
}

async function load(keep) {
  const sheet = await call("api/sheet");
  state.rows = sheet.rows;
  state.version = sheet.version;
  $("title").textContent = sheet.title;
  document.title = "Review: " + sheet.title;
  const at = state.rows.findIndex((row) => row.index === keep);
  state.at = at >= 0 ? at : firstUndecided(0);
  progress(sheet.counts);
  show();
}

function firstUndecided(from) {
  for (let i = 0; i < state.rows.length; i++) {
    const k = (from + i) % state.rows.length;
    if (!state.rows[k].decision) return k;
  }
  return Math.min(from, state.rows.length - 1);
}

function progress(counts) {
  const left = counts.rows - counts.decided;
  $("bar").max = Math.max(1, counts.rows);
  $("bar").value = counts.decided;
  $("count").textContent = `${counts.decided} of ${counts.rows} decided · ${left} left` +
    ` (${counts.accepted} accepted, ${counts.rejected} rejected)`;
  state.counts = counts;
}

// ------------------------------------------------------------------ showing a row

function nameOf(row, end) {
  return (row.names && row.names[end]) || row[end] || "?";
}

function show() {
  const row = state.rows[state.at];
  const card = $("card");
  if (!row) {
    card.replaceChildren(el("p", "This sheet has no rows."));
    return;
  }
  $("position").textContent = `Row ${row.number} of ${state.rows.length} · ${row.kind}`;
  const statement = $("statement");
  statement.replaceChildren();
  if (row.kind === "actor") {
    statement.append(el("mark", row.label, "subject"), el("span", " · new actor", "arrow"));
  } else if (row.kind === "claim") {
    statement.append(el("mark", nameOf(row, "subject") || "(who?)", "subject"), el("span", "claims about", "arrow"),
      el("span", row.object.split(";").map((x) => x.trim()).filter(Boolean).join(", ")));
  } else {
    const forward = row.direction !== "backward";
    const from = forward ? "subject" : "object", to = forward ? "object" : "subject";
    statement.append(el("mark", nameOf(row, from), from), el("span", "—", "arrow"),
      el("span", predicateLabel(row.predicate) || "(no predicate)"), el("span", "→", "arrow"), el("mark", nameOf(row, to), to));
  }
  if (row.note && row.note.includes("already states")) statement.append(el("span", "already stated", "badge stated"));
  if (row.hedge) statement.append(el("span", "hedged: " + row.hedge, "badge hedge"));
  quote(row);
  choices(row);
  fields(row);
  const decision = $("decision");
  decision.textContent = row.decision ? (row.decision === "accept" ? "Accepted" : "Rejected") : "Undecided";
  decision.className = row.decision || "";
  $("note").textContent = row.note || "";
  $("row-errors").textContent = state.errors[row.index] || "";
}

function predicateLabel(value) {
  if (!value) return "";
  const known = state.known && state.known.predicates.find((p) => p.id === value);
  return known ? known.label : value;
}

function quote(row) {
  const box = $("quote");
  box.replaceChildren();
  const text = row.quote || "";
  const spans = (row.highlights || []).slice().sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [start, end, role] of spans) {
    if (start < at) continue;
    box.append(document.createTextNode(text.slice(at, start)), el("mark", text.slice(start, end), role));
    at = end;
  }
  box.append(document.createTextNode(text.slice(at)));
}

function choices(row) {
  const list = $("choices");
  list.replaceChildren();
  (row.choices || []).slice(0, 3).forEach((choice, i) => {
    const item = el("li");
    const current = row.kind === "actor" ? row.class === choice.value : row.predicate === choice.value;
    if (current) item.className = "current";
    const label = row.kind === "actor" ? classLabel(choice.value) : predicateLabel(choice.value);
    const backward = choice.direction === "backward" ? " (read backward)" : "";
    item.append(el("kbd", String(i + 1)), el("span", label + backward), el("span", choice.score.toFixed(2), "score"),
      el("span", choice.reason, "reason"));
    list.append(item);
  });
}

function classLabel(value) {
  const known = state.known && state.known.classes.find((c) => c.id === value);
  return known ? known.label : value;
}

function fields(row) {
  const list = $("fields");
  list.replaceChildren();
  const add = (name, value) => { if (value) list.append(el("dt", name), el("dd", value)); };
  if (row.kind === "actor") {
    add("class", classLabel(row.class) || "(none: press c)");
    add("aliases", row.aliases);
    add("same as", row.same_as);
  } else {
    add("subject", row.subject);
    add("object", row.object);
    add("other predicates", row.alternatives);
  }
}

// ------------------------------------------------------------------ deciding

// Changes go to the server one after the other, each on the row shown when its turn comes: keys typed faster than
// the server answers are not lost, and each is read against the sheet as the one before left it.
let queue = Promise.resolve();

function enqueue(work) {
  queue = queue.then(work, work).catch(() => {});
  return queue;
}

// ``index``: the row a picker or an editor was opened on; by default, the row shown when the change's turn comes.
function change(changes, advance, index) {
  return enqueue(() => changeNow(typeof changes === "function" ? changes() : changes, advance, index));
}

async function changeNow(changes, advance, index) {
  const row = index === undefined ? state.rows[state.at] : state.rows.find((r) => r.index === index);
  if (!row || state.busy || !changes) return;
  const answer = await call("api/row", { index: row.index, changes });
  replaceRow(answer.row);
  state.version = answer.version;
  progress(answer.counts);
  delete state.errors[row.index];
  if (advance) next(true); else show();
  if (advance && answer.counts.decided === answer.counts.rows) finish();
}

function replaceRow(updated) {
  const at = state.rows.findIndex((row) => row.index === updated.index);
  if (at >= 0) state.rows[at] = updated;
}

function acceptWith(k) {
  return change(() => {
    const row = state.rows[state.at];
    const choice = (row.choices || [])[k];
    if (!choice) { say(`there is no choice ${k + 1} on this row`, true); return null; }
    if (row.kind === "actor") return { decision: "accept", class: choice.value };
    if (row.kind === "relationship") return { decision: "accept", predicate: choice.value, direction: choice.direction || "forward" };
    return null;
  }, true);
}

function next(undecided) {
  if (undecided) state.at = firstUndecided(state.at + 1);
  else state.at = Math.min(state.rows.length - 1, state.at + 1);
  show();
}

function undo() {
  return enqueue(undoNow);
}

async function undoNow() {
  const answer = await call("api/undo", {});
  if (!answer.row) return say("nothing to undo");
  replaceRow(answer.row);
  state.version = answer.version;
  progress(answer.counts);
  state.at = state.rows.findIndex((row) => row.index === answer.row.index);
  say(`undid the last change of row ${answer.row.number}`);
  show();
}

// ------------------------------------------------------------------ boxes: picker and editor

let picking = null;

function openPicker(title, items, done) {
  picking = { items, done, shown: [], selected: 0 };
  $("picker-title").textContent = title;
  $("picker").hidden = false;
  const search = $("search");
  search.value = "";
  filter();
  search.focus();
}

function filter() {
  const query = fold($("search").value);
  const shown = [];
  for (const item of picking.items) {
    const names = [item.label, ...(item.aliases || []), item.id];
    // a name that starts with the query first, then one with a word that does, then any
    const at = Math.min(...names.map((n) => {
      const folded = fold(n), i = folded.indexOf(query);
      if (i < 0) return 1e9;
      if (i === 0) return 0;
      return (" " + folded).indexOf(" " + query) >= 0 ? 1 + i / 1000 : 2 + i / 1000;
    }));
    if (at < 1e9) shown.push([at, item]);
    if (shown.length > 400) break;
  }
  shown.sort((a, b) => a[0] - b[0] || a[1].label.localeCompare(b[1].label));
  picking.shown = shown.slice(0, 30).map((pair) => pair[1]);
  picking.selected = 0;
  renderResults();
}

function renderResults() {
  const list = $("results");
  list.replaceChildren();
  picking.shown.forEach((item, i) => {
    const entry = el("li", item.label);
    entry.setAttribute("role", "option");
    entry.setAttribute("aria-selected", i === picking.selected ? "true" : "false");
    if (item.kind) entry.append(el("span", item.kind, "kind"));
    entry.addEventListener("click", () => pick(i));
    list.append(entry);
  });
}

function pick(i) {
  const item = picking && picking.shown[i];
  const done = picking && picking.done;
  closeBoxes();
  if (item) done(item);
}

function closeBoxes() {
  $("picker").hidden = true;
  $("editor").hidden = true;
  picking = null;
  editing = null;
  $("card").focus();
}

let editing = null;

function openEditor(title, value, done) {
  editing = done;
  $("editor-title").textContent = title;
  $("editor").hidden = false;
  const input = $("edit");
  input.value = value || "";
  input.focus();
  input.select();
}

function pointEnd(end) {
  const row = state.rows[state.at];
  if (!row || row.kind === "actor") return;
  openPicker(`Point the ${end} at`, state.known.actors, (item) => change({ [end]: item.id }, false, row.index));
}

// ------------------------------------------------------------------ finishing

function finish() {
  $("finish").hidden = false;
  const counts = state.counts;
  $("finish-status").textContent = `${counts.decided} of ${counts.rows} rows decided: ${counts.accepted} accepted, ` +
    `${counts.rejected} rejected. Undecided rows stay in the sheet for later.`;
  $("accept-button").focus();
}

async function acceptSheet() {
  $("accept-errors").replaceChildren();
  $("accept-summary").textContent = "accepting…";
  const answer = await call("api/accept", { allow_orphans: $("orphans").checked });
  state.version = answer.version;
  state.errors = {};
  if (answer.ok) {
    const s = answer.summary;
    $("accept-summary").textContent = `Accepted: ${s.actors} new actors, ${s.aliases} aliases, ${s.relationships} relationships ` +
      `(${s.second_quotes} already stated: a second quote), ${s.claims} claims; ${s.rejected} rows rejected, ${s.pending} ` +
      `still undecided. Wrote ${answer.data_file} (validated).`;
    return;
  }
  $("accept-summary").textContent = `Nothing accepted: ${answer.errors.length} error${answer.errors.length === 1 ? "" : "s"}`;
  for (const error of answer.errors) {
    const item = el("li", error.message);
    if (error.row !== null && error.row !== undefined) {
      state.errors[error.row] = (state.errors[error.row] ? state.errors[error.row] + "\n" : "") + error.message;
      const go = el("button", "go to the row");
      go.type = "button";
      go.addEventListener("click", () => gotoRow(error.row));
      item.append(" ", go);
    }
    $("accept-errors").append(item);
  }
  const first = answer.errors.find((e) => e.row !== null && e.row !== undefined);
  if (first) $("accept-errors").querySelector("button").focus();
}

function gotoRow(index) {
  $("finish").hidden = true;
  state.at = Math.max(0, state.rows.findIndex((row) => row.index === index));
  show();
  $("card").focus();
}

// ------------------------------------------------------------------ keys

function onKey(event) {
  if (state.busy) return;
  if (event.ctrlKey || event.metaKey || event.altKey) {
    if ((event.ctrlKey || event.metaKey) && event.key === "z") { event.preventDefault(); undo().catch(() => {}); }
    return;
  }
  if (picking) {
    if (event.key === "ArrowDown") { picking.selected = Math.min(picking.shown.length - 1, picking.selected + 1); renderResults(); }
    else if (event.key === "ArrowUp") { picking.selected = Math.max(0, picking.selected - 1); renderResults(); }
    else if (event.key === "Enter") pick(picking.selected);
    else if (event.key === "Escape") closeBoxes();
    else return;
    event.preventDefault();
    return;
  }
  if (editing) {
    if (event.key === "Enter") { const done = editing; const value = $("edit").value; closeBoxes(); done(value); }
    else if (event.key === "Escape") closeBoxes();
    else return;
    event.preventDefault();
    return;
  }
  if (!$("finish").hidden) {
    if (event.key === "Escape") { $("finish").hidden = true; $("card").focus(); event.preventDefault(); }
    return;  // Tab, Space and Enter work the panel's controls
  }
  const row = state.rows[state.at];
  const actions = {
    a: () => change({ decision: "accept" }, true), Enter: () => change({ decision: "accept" }, true),
    r: () => change({ decision: "reject" }, true), x: () => change({ decision: "reject" }, true),
    s: () => enqueue(() => next(false)), ArrowRight: () => enqueue(() => next(false)),
    ArrowLeft: () => enqueue(() => { state.at = Math.max(0, state.at - 1); show(); }),
    n: () => enqueue(() => next(true)), u: () => undo(),
    "1": () => acceptWith(0), "2": () => acceptWith(1), "3": () => acceptWith(2),
    f: () => change(() => {
      const shown = state.rows[state.at];
      return shown.kind === "relationship" ? { direction: shown.direction === "backward" ? "forward" : "backward" } : null;
    }, false),
    // boxes open at once, on the row shown, so that the keys typed next go to them; their change is for that row
    p: () => row.kind === "relationship" && openPicker("Any predicate", state.known.predicates,
      (item) => change({ predicate: item.id }, false, row.index)),
    c: () => row.kind === "actor" && openPicker("Any class", state.known.classes, (item) => change({ class: item.id }, false, row.index)),
    h: () => pointEnd("subject"), t: () => pointEnd("object"),
    m: () => row.kind === "actor" && openPicker("The same actor as", state.known.actors.filter((a) => !a.id.startsWith("new:")),
      (item) => change({ same_as: item.id }, false, row.index)),
    e: () => openEditor(row.kind === "actor" ? "Label" : "Quote hedge", row.kind === "actor" ? row.label : row.hedge,
      (value) => change(row.kind === "actor" ? { label: value } : { hedge: value }, false, row.index)),
    l: () => row.kind === "actor" && openEditor("Aliases, separated by ;", row.aliases,
      (value) => change({ aliases: value }, false, row.index)),
    A: () => finish(),
    "?": () => { $("keys").hidden = !$("keys").hidden; },
  };
  const action = actions[event.key];
  if (!action || !row) return;
  event.preventDefault();
  state.keys += 1;
  Promise.resolve(action()).catch(() => {});
}

// ------------------------------------------------------------------ start

async function start() {
  document.addEventListener("keydown", onKey);
  $("search").addEventListener("input", filter);
  $("accept-button").addEventListener("click", () => enqueue(acceptSheet));
  $("finish-close").addEventListener("click", () => { $("finish").hidden = true; $("card").focus(); });
  try {
    await call("api/lease", {});
  } catch (e) {
    return;
  }
  setInterval(() => call("api/lease", {}).catch(() => {}), 5000);
  addEventListener("pagehide", () => {
    fetch(base + "api/release", { method: "POST", keepalive: true, headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ page }) });
  });
  const [known] = await Promise.all([fetch(base + "api/known").then((r) => r.json())]);
  state.known = known;
  await load(null);
  $("card").focus();
  document.body.dataset.ready = "true";
}

window.spacegraphReview = { state, fold };
start();
