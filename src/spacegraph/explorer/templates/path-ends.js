"use strict";
// The path's two ends, From and To: suggestions as the reader types (the ARIA combobox pattern), and the path asked
// for with the button or Enter (paths.js draws it).
window.spacegraphExplorer.parts.push(function pathEndsPart(sg) {
  const byId = sg.byId, el = sg.el, fold = sg.pure.fold, pathNote = sg.pathNote, showPath = sg.showPath, failPath = sg.failPath;
  const pathFrom = document.getElementById("path-from");
  const pathTo = document.getElementById("path-to");
  // each box lists the actors its text names (names and aliases, accents folded) in a list the keyboard walks (the ARIA
  // combobox pattern), and holds an actor only once one is chosen, or when its text names that one actor only
  const SUGGESTED = 8;  // suggestions listed; typing more narrows them
  function pathEnd(input) {
    const end = { input: input, list: document.getElementById(input.id + "-list"), chosen: null, hits: [], active: -1 };
    input.addEventListener("input", function () { end.chosen = null; suggest(end, candidates(input.value)); });
    input.addEventListener("keydown", function (event) { endKeys(end, event); });
    input.addEventListener("blur", function () { if (!pressing) { setOpen(end, false); } });
    end.list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // a click on a suggestion keeps the focus
    return end;
  }
  const fromEnd = pathEnd(pathFrom), toEnd = pathEnd(pathTo);
  // a press that takes the focus from a box closes its list once the press is over: closed at the blur, the list would
  // move what lies under the pointer before the click lands
  let pressing = false;
  document.addEventListener("pointerdown", function () { pressing = true; }, true);
  document.addEventListener("pointerup", function () {
    setTimeout(function () {  // after the click
      pressing = false;
      for (const end of [fromEnd, toEnd]) { if (document.activeElement !== end.input) { setOpen(end, false); } }
    }, 0);
  }, true);
  // the actors a box's text names: by id (as the address gives them), else by a name or an alias, best first
  function candidates(text) {
    if (byId.has(text.trim())) { return [{ node: byId.get(text.trim()), rank: 0, name: null }]; }
    return sg.matches(text).filter(function (hit) { return hit.rank < 4; });  // a description names no one
  }
  function suggest(end, hits) {
    end.hits = hits;
    end.list.replaceChildren.apply(end.list, hits.slice(0, SUGGESTED).map(function (hit, i) { return suggestion(end, hit, i); }));
    setOpen(end, hits.length > 0);
    if (hits.length) { end.list.scrollIntoView({ block: "nearest" }); }  // at the foot of the filters, in sight
    const text = end.input.value.trim();
    pathNote.textContent = !fold(text) ? "" : !hits.length ? "No actor matches \u201c" + text + "\u201d." :
      hits.length === 1 ? "1 actor matches." : hits.length <= SUGGESTED ? hits.length + " actors match: choose one." :
      hits.length + " actors match, the first " + SUGGESTED + " listed: type more of the name, or choose one.";
  }
  function suggestion(end, hit, i) {
    const option = el("li", null, "suggestion");
    option.id = end.input.id + "-option-" + i;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.setAttribute("data-id", hit.node.id);
    option.append(el("span", hit.node.label));
    if (hit.name && hit.name !== hit.node.label) { option.append(el("span", hit.name, "also")); }
    option.append(el("span", hit.node.kind, "kind"));
    option.addEventListener("click", function () { choose(end, hit.node.id); });
    return option;
  }
  function setOpen(end, open) {
    end.list.hidden = !open;
    end.input.setAttribute("aria-expanded", open ? "true" : "false");
    end.active = -1;
    end.input.removeAttribute("aria-activedescendant");
    for (const option of end.list.children) { option.setAttribute("aria-selected", "false"); }
  }
  function moveActive(end, step) {
    if (end.list.hidden) { suggest(end, candidates(end.input.value)); }
    const options = end.list.children;
    if (!options.length) { return; }
    end.active = end.active < 0 ? (step > 0 ? 0 : options.length - 1) : (end.active + step + options.length) % options.length;
    Array.from(options).forEach(function (option, i) { option.setAttribute("aria-selected", i === end.active ? "true" : "false"); });
    end.input.setAttribute("aria-activedescendant", options[end.active].id);
    options[end.active].scrollIntoView({ block: "nearest" });
  }
  // arrows walk the suggestions, Enter takes the one pointed at (or, with none, asks for the path), Escape closes them
  function endKeys(end, event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") { event.preventDefault(); moveActive(end, event.key === "ArrowDown" ? 1 : -1); }
    else if (event.key === "Enter") {
      event.preventDefault();
      if (!end.list.hidden && end.active >= 0) { choose(end, end.hits[end.active].node.id); } else { goPath(); }
    } else if (event.key === "Escape" && !end.list.hidden) { event.preventDefault(); setOpen(end, false); }
  }
  function choose(end, id) {
    end.input.value = byId.get(id).label;
    end.chosen = { id: id, text: end.input.value };
    setOpen(end, false);
    pathNote.textContent = "";
  }
  // the actor a box holds, or why it holds none, in one sentence (with the actors to choose from, when it names several)
  function endOf(end) {
    const text = end.input.value.trim();
    if (end.chosen && end.chosen.text === end.input.value) { return { id: end.chosen.id }; }
    if (!fold(text)) { return { problem: "Name both ends of the path." }; }
    const hits = candidates(text);
    if (hits.length === 1) { return { id: hits[0].node.id }; }
    if (!hits.length) { return { problem: "No actor matches \u201c" + text + "\u201d." }; }
    return { problem: "\u201c" + text + "\u201d names " + hits.length + " actors: choose one from the list" +
      (hits.length > SUGGESTED ? ", or type more of the name." : "."), hits: hits };
  }
  function goPath() {
    const ends = [fromEnd, toEnd], found = ends.map(endOf);
    const failed = found.findIndex(function (f) { return f.problem !== undefined; });
    if (failed < 0) { showPath(found[0].id, found[1].id); return; }
    failPath(found[failed].problem);
    if (found[failed].hits) {  // the box that names several actors lists them, for the reader to choose
      suggest(ends[failed], found[failed].hits);
      pathNote.textContent = found[failed].problem;
      ends[failed].input.focus();
    }
  }
  document.getElementById("path-go").addEventListener("click", goPath);

  Object.assign(sg, { pathEnds: { from: fromEnd, to: toEnd }, choose: choose, endOf: endOf });
});
