"use strict";
// The date: a month slider with its years marked, a day box, and Play, which crosses the whole range. Undated facts
// are shown at every date.
window.spacegraphExplorer.parts.push(function datesPart(sg) {
  const data = sg.data, state = sg.state, address = sg.address, el = sg.el, pure = sg.pure;
  const refresh = sg.refresh, writeHash = sg.writeHash, continuing = sg.continuing;
  const dates = [];
  for (const item of data.nodes.concat(data.edges)) {
    if (item.start) { dates.push(item.start); }
    if (item.end) { dates.push(item.end); }
  }
  dates.sort();
  const anyDate = document.getElementById("any-date");
  const dateInput = document.getElementById("date-filter");
  const slider = document.getElementById("date-slider");
  const monthLabel = document.getElementById("month-label");
  const playButton = document.getElementById("play");
  const range = pure.dateRange(dates, new Date().getUTCFullYear()), firstYear = range.firstYear, months = range.months;
  slider.max = String(months - 1);
  slider.value = slider.max;
  const yearMarks = document.getElementById("year-marks");
  for (const mark of pure.yearMarks(firstYear, range.lastYear)) {
    const label = el("span", String(mark.year));
    label.style.left = mark.left + "%";
    yearMarks.append(label);
  }
  function monthOf(iso) { return pure.monthOf(iso, firstYear); }
  function lastDayOf(month) { return pure.lastDayOf(month, firstYear); }  // a month shows the facts that hold on its last day
  const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function showMonthLabel() {
    monthLabel.textContent = state.date ? "as of " + state.date : "any date";
    slider.setAttribute("aria-valuetext", state.date ? MONTH_NAMES[Number(state.date.slice(5, 7)) - 1] + " " + state.date.slice(0, 4) : "any date");
  }
  // setDate(day, kind): a change that continues the reader's gesture of that kind ("slider", "typing", "play") replaces the
  // address's entry in the history instead of adding one, so the back button goes back a settled view at a time
  function setDate(iso, kind) {
    if (!iso) { state.date = null; anyDate.checked = true; dateInput.value = ""; slider.value = slider.max; }
    else {
      state.date = iso; anyDate.checked = false;
      if (dateInput.value !== iso) { dateInput.value = iso; }
      slider.value = String(Math.max(0, Math.min(months - 1, monthOf(iso))));
    }
    showMonthLabel();
    refresh(); writeHash(continuing(kind));
  }
  // a date box gives a whole date at every key: typing 2024 gives the years 0002, 0020, 0202 on the way; a year
  // before 1000 is a date still being typed, and filters nothing
  dateInput.addEventListener("change", function () {
    if (dateInput.value && Number(dateInput.value.slice(0, 4)) >= 1000) { setDate(dateInput.value, "typing"); }
  });
  slider.addEventListener("input", function () { setDate(lastDayOf(Number(slider.value)), "slider"); });
  slider.addEventListener("change", function () { address.gesture = null; });  // the drag is over: the next one adds an entry
  anyDate.addEventListener("change", function () { setDate(anyDate.checked ? null : (dateInput.value || lastDayOf(Number(slider.value)))); });
  let player = null;
  function stopPlaying() {
    if (player !== null) { clearInterval(player); player = null; }
    playButton.textContent = "Play"; playButton.setAttribute("aria-pressed", "false");
  }
  // Play crosses the whole range in about 15 s: 150 steps of a tenth of a second, each of one month or more
  const PLAY_STEPS = 150, PLAY_EVERY = 100, monthsPerStep = Math.max(1, Math.round(months / PLAY_STEPS));
  function step() {
    const next = Math.min(months - 1, (state.date ? monthOf(state.date) : -1) + monthsPerStep);
    setDate(lastDayOf(next), "play");
    if (next >= months - 1) { stopPlaying(); }
  }
  playButton.addEventListener("click", function () {
    if (player !== null) { stopPlaying(); return; }
    if (!state.date || monthOf(state.date) >= months - 1) { setDate(lastDayOf(0), "play"); } else { address.gesture = null; }  // Play's first step adds an entry
    playButton.textContent = "Pause"; playButton.setAttribute("aria-pressed", "true");
    player = setInterval(step, PLAY_EVERY);
  });
  showMonthLabel();

  Object.assign(sg, { setDate: setDate, stopPlaying: stopPlaying });
});
