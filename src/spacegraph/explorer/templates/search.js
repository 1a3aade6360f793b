"use strict";
// Search: every actor whose name, alias or description matches, best first (pure.js's matches).
window.spacegraphExplorer.parts.push(function searchPart(sg) {
  const data = sg.data, el = sg.el, fold = sg.pure.fold;
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  const searchNote = document.getElementById("search-note");
  const index = sg.pure.searchIndex(data.nodes);
  function matches(text) { return sg.pure.matches(index, text); }
  const SHOWN = 50;
  let lastResults = [];
  function showResults() {
    const text = search.value;
    lastResults = matches(text);
    results.replaceChildren();
    if (!fold(text)) { searchNote.textContent = ""; return; }
    if (!lastResults.length) { searchNote.textContent = "No actor matches \u201c" + text.trim() + "\u201d."; return; }
    searchNote.textContent = lastResults.length + (lastResults.length === 1 ? " actor" : " actors") +
      (lastResults.length > SHOWN ? ", the first " + SHOWN + " shown" : "");
    for (const hit of lastResults.slice(0, SHOWN)) {
      const li = document.createElement("li");
      const button = el("button", null, "result");
      button.type = "button";
      button.setAttribute("data-id", hit.node.id);
      button.append(el("span", hit.node.label));
      if (hit.name && hit.name !== hit.node.label) { button.append(el("span", hit.name, "also")); }
      if (hit.rank === 4) { button.append(el("span", "in its description", "also")); }
      button.append(el("span", hit.node.kind, "kind"));
      button.addEventListener("click", function () { sg.select(hit.node.id); });
      button.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" && li.nextElementSibling) { event.preventDefault(); li.nextElementSibling.querySelector("button").focus(); }
        if (event.key === "ArrowUp") {
          event.preventDefault();
          if (li.previousElementSibling) { li.previousElementSibling.querySelector("button").focus(); } else { search.focus(); }
        }
      });
      li.appendChild(button);
      results.appendChild(li);
    }
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!fold(search.value)) { searchNote.textContent = "Type a name, an acronym or a word to find an actor."; return; }
      showResults();
      if (lastResults.length) { sg.select(lastResults[0].node.id); }
    } else if (event.key === "ArrowDown" && results.firstElementChild) {
      event.preventDefault(); results.firstElementChild.querySelector("button").focus();
    }
  });
  // the search box emptied, with its list and note
  function clearSearch() { search.value = ""; showResults(); searchNote.textContent = ""; }

  Object.assign(sg, { searchNote: searchNote, matches: matches, clearSearch: clearSearch,
                      searchResults: function () { return lastResults.map(function (hit) { return hit.node.id; }); } });
});
