"use strict";
// The page's frame: its title, the two panels (a narrow screen opens them over the graph), what a screen reader is
// told, and el and safeLink, with which every part of the page writes: every string from the data is shown with
// textContent, never as markup.
window.spacegraphExplorer.parts.push(function pagePart(sg) {
  const data = sg.data;
  const NARROW = window.matchMedia("(max-width: 820px)");

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function safeLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      const a = el("a", text);
      a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
      return a;
    }
    return el("span", text);
  }

  document.getElementById("title").textContent = data.title;
  document.title = data.title;
  // the heading says where the graph comes from: its sources, the first few by name
  const sourceTitles = Object.values(data.documents).map(function (d) { return d.title; }).sort();
  document.getElementById("subtitle").textContent = !sourceTitles.length ? "" : "Every relationship quotes its source: " +
    sourceTitles.slice(0, 3).join("; ") + (sourceTitles.length > 3 ? "; and " + (sourceTitles.length - 3) + " more (Sources, below)." : ".");

  // ---------------------------------------------------------------- panels (a narrow screen opens them over the graph)
  // one panel open at a time: on a phone the two would cover each other and the graph
  function openPanel(name) {
    for (const other of ["controls", "details"]) { if (other !== name) { closePanel(other); } }
    document.getElementById(name).classList.add("open");
  }
  function closePanel(name) { document.getElementById(name).classList.remove("open"); }
  for (const button of document.querySelectorAll("[data-open]")) {
    button.addEventListener("click", function () {
      const name = button.getAttribute("data-open");
      const panel = document.getElementById(name);
      if (panel.classList.contains("open")) { closePanel(name); } else { openPanel(name); }
    });
  }
  // the skip link opens the details (a phone keeps them closed) and puts the focus in them
  document.querySelector("[data-testid=skip-to-details]").addEventListener("click", function (event) {
    event.preventDefault();
    openPanel("details");
    document.getElementById("details").focus();
  });
  for (const button of document.querySelectorAll("[data-close]")) {
    button.addEventListener("click", function () { closePanel(button.getAttribute("data-close")); });
  }

  // what a screen reader says when the details change: a short summary, the panel being there to read on
  const announcement = document.getElementById("announcement");
  function announce(text) { announcement.textContent = text; }

  Object.assign(sg, { NARROW: NARROW, el: el, safeLink: safeLink, openPanel: openPanel, closePanel: closePanel, announce: announce });
});
