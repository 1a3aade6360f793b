"use strict";
// The explorer's pure functions (src/spacegraph/explorer/templates/pure.js), under Node's own test runner:
// `node --test tests/js/`, which tests/test_explorer_js.py runs with the suite.
const test = require("node:test");
const assert = require("node:assert/strict");
const pure = require("../../src/spacegraph/explorer/templates/pure.js");

test("fold drops accents and case, and trims", function () {
  assert.equal(pure.fold("  Duchâtel "), "duchatel");
  assert.equal(pure.fold("ÉSA"), "esa");
  assert.equal(pure.fold(42), "42");
});

test("holds: a fact holds from its start, until (not on) its end; any day without a date", function () {
  const item = { start: "2020-01-01", end: "2021-01-01" };
  assert.equal(pure.holds(item, null), true);
  assert.equal(pure.holds(item, "2019-12-31"), false);
  assert.equal(pure.holds(item, "2020-01-01"), true);
  assert.equal(pure.holds(item, "2021-01-01"), false);
  assert.equal(pure.holds({}, "1900-01-01"), true);
});

test("tally counts each community's actors and grows its box", function () {
  const counts = new Map();
  pure.tally(counts, 0, 5, 5);
  pure.tally(counts, 0, -1, 9);
  pure.tally(counts, 0, 7, -3);
  pure.tally(counts, 1, 0, 0);
  assert.deepEqual(counts.get(0), { count: 3, box: [-1, -3, 7, 9] });
  assert.deepEqual(counts.get(1), { count: 1, box: [0, 0, 0, 0] });
});

test("cell defuses what a spreadsheet would read as a formula, and quotes what CSV must", function () {
  const cases = [
    ["=1+1", "'=1+1"], ["+1", "'+1"], ["-5", "'-5"], ["@SUM(A1)", "'@SUM(A1)"], ["\tx", "'\tx"], ["'quoted", "''quoted"],
    ["plain", "plain"], ["a,b", '"a,b"'], ['say "hi"', '"say ""hi"""'], ["two\nlines", '"two\nlines"'], ["\rx", "\"'\rx\""],
    [null, ""], [undefined, ""], [3, "3"]
  ];
  for (const [value, written] of cases) { assert.equal(pure.cell(value), written, JSON.stringify(value)); }
  assert.equal(pure.csv([["a", "=b"], [1, null]]), "a,'=b\r\n1,\r\n");
});

test("dateRange spans the year before the first date to the year after the last", function () {
  assert.deepEqual(pure.dateRange(["2019-05-01", "2023-02-01"], 2030), { firstYear: 2018, lastYear: 2024, months: 84 });
  assert.deepEqual(pure.dateRange([], 2030), { firstYear: 2000, lastYear: 2030, months: 372 });
});

test("yearMarks marks every year, or every 2, 5, 10... years, six marks at most, each at its January", function () {
  assert.deepEqual(pure.yearMarks(2018, 2021).map(function (m) { return m.year; }), [2018, 2019, 2020, 2021]);
  const marks = pure.yearMarks(2018, 2024);
  assert.deepEqual(marks.map(function (m) { return m.year; }), [2018, 2020, 2022, 2024]);
  assert.equal(marks[0].left, 0);
  assert.equal(marks[1].left, 100 * 24 / 83);  // month 24 of 0..83
  assert.deepEqual(pure.yearMarks(1957, 2031).map(function (m) { return m.year; }), [1960, 1980, 2000, 2020]);
  for (const [first, last] of [[1900, 2100], [2000, 2000], [1, 3000]]) { assert.ok(pure.yearMarks(first, last).length <= 6); }
});

test("monthOf and lastDayOf count months from the first year's January", function () {
  assert.equal(pure.monthOf("2018-01-15", 2018), 0);
  assert.equal(pure.monthOf("2019-05-31", 2018), 16);
  assert.equal(pure.lastDayOf(16, 2018), "2019-05-31");
  assert.equal(pure.lastDayOf(13, 2018), "2019-02-28");
  assert.equal(pure.lastDayOf(25, 2018), "2020-02-29");
  for (let month = 0; month < 120; month++) { assert.equal(pure.monthOf(pure.lastDayOf(month, 2018), 2018), month); }
});

test("matches ranks a whole name, a name's start, a word's start, inside a name, then the description", function () {
  const nodes = [
    { id: "esa", label: "European Space Agency", altLabels: ["ESA"], size: 30, description: "" },
    { id: "esac", label: "ESAC", size: 10, description: "" },
    { id: "des", label: "Mesa Space Resources", size: 20, description: "" },
    { id: "duc", label: "Mathieu Duchâtel", size: 5, description: "" },
    { id: "cnsa", label: "China National Space Administration", size: 25, description: "which launches from Wenchang" }
  ];
  const index = pure.searchIndex(nodes);
  const found = function (text) { return pure.matches(index, text).map(function (hit) { return [hit.node.id, hit.rank]; }); };
  assert.deepEqual(found("esa"), [["esa", 0], ["esac", 1], ["des", 3]]);
  assert.equal(pure.matches(index, "ESA")[0].name, "ESA");  // the name that matched, an alias here
  assert.deepEqual(found("duchatel"), [["duc", 2]]);
  assert.deepEqual(found("space"), [["esa", 2], ["cnsa", 2], ["des", 2]]);  // the same rank: the biggest first
  assert.deepEqual(found("wenchang"), [["cnsa", 4]]);
  assert.deepEqual(found("  "), []);
});

test("fewestHops takes the fewest hops, then the strongest ties, and passes only where it may", function () {
  // a - b - d (one relationship a hop), a = c = d (two a hop), and a - x - d through an attributed claim x
  const ties = { a: { b: 1, c: 2, x: 1 }, b: { a: 1, d: 1 }, c: { a: 2, d: 2 }, d: { b: 1, c: 2, x: 1 }, x: { a: 1, d: 1 } };
  const stepsFrom = function (id) {
    return new Map(Object.entries(ties[id]).map(function (pair) { return [pair[0], new Array(pair[1]).fill(id + pair[0])]; }));
  };
  const anywhere = function () { return true; };
  assert.deepEqual(pure.fewestHops("a", "d", stepsFrom, anywhere), ["a", "c", "d"]);
  assert.deepEqual(pure.fewestHops("a", "a", stepsFrom, anywhere), ["a"]);
  const notC = function (id) { return id !== "c"; };
  assert.deepEqual(pure.fewestHops("a", "d", stepsFrom, notC), ["a", "b", "d"]);
  const onlyX = function (id) { return id === "x"; };
  assert.deepEqual(pure.fewestHops("a", "d", stepsFrom, onlyX), ["a", "x", "d"]);
  assert.equal(pure.fewestHops("a", "d", stepsFrom, function () { return false; }), null);
  assert.equal(pure.fewestHops("a", "nowhere", stepsFrom, anywhere), null);
});

// what a page holds, as the address names it
const graph = { kinds: ["agency", "company"], relations: ["funds", "launches from"], sources: ["s1", "s2"], colorBy: "kind",
                actors: new Set(["esa", "cnsa", "a,b"]), communities: [0, 1] };
function firstView() {
  return { kinds: new Set(graph.kinds), relations: new Set(graph.relations), sources: new Set(graph.sources), date: null,
           focus: null, focusMode: false, depth: 1, path: null, colorBy: "kind", community: null, hidden: new Set() };
}

test("the first view's address is empty; each change adds its part, in a fixed order", function () {
  assert.equal(pure.addressOf(firstView(), graph), "");
  const state = Object.assign(firstView(), { focus: "esa", date: "2024-05-31", kinds: new Set(["company"]), focusMode: true,
                                             depth: 2, colorBy: "community", community: 1, hidden: new Set(["cnsa", "a,b"]) });
  assert.equal(pure.addressOf(state, graph),
               "actor=esa&asof=2024-05-31&kinds=company&focus=2&color=community&community=1&hidden=a%2Cb%2Ccnsa");
  const path = Object.assign(firstView(), { path: { from: "esa", to: "cnsa", claims: true }, relations: new Set(["funds"]) });
  assert.equal(pure.addressOf(path, graph), "relations=funds&from=esa&to=cnsa&claims=1");
});

test("an address read back gives the view it was written from", function () {
  const state = Object.assign(firstView(), { focus: "esa", date: "2024-05-31", relations: new Set(["launches from"]),
                                             sources: new Set(["s2"]), focusMode: true, depth: 3, community: 0,
                                             hidden: new Set(["cnsa"]) });
  const view = pure.readAddress(pure.addressOf(state, graph), graph);
  assert.deepEqual(view, { kinds: graph.kinds, relations: ["launches from"], sources: ["s2"], focus: 3, community: 0,
                           color: "kind", hidden: ["cnsa"], asof: "2024-05-31", actor: "esa", path: null });
  assert.deepEqual(pure.readAddress("from=esa&to=cnsa&claims=1", graph).path, { from: "esa", to: "cnsa", claims: true });
});

test("an address's values the graph does not hold are left out", function () {
  const view = pure.readAddress("kinds=nonsense&relations=funds,x&focus=4&community=7&color=red&hidden=nobody,esa" +
                                "&asof=2024-5-1&actor=nobody&from=esa&to=nobody", graph);
  assert.deepEqual(view, { kinds: graph.kinds, relations: graph.relations, sources: graph.sources, focus: null, community: null,
                           color: "kind", hidden: ["esa"], asof: null, actor: null, path: null });
  assert.deepEqual(pure.readAddress("kinds=&community=", graph).kinds, []);  // nothing named: no kind kept
  assert.equal(pure.readAddress("community=", graph).community, 0);  // an empty number is community 0, as the page always read it
  assert.deepEqual(pure.readAddress("", graph), { kinds: graph.kinds, relations: graph.relations, sources: graph.sources, focus: null,
                                                  community: null, color: "kind", hidden: [], asof: null, actor: null, path: null });
});
