"""A curator who follows the gold: the decision each sheet row gets, written to the sheet or typed in the review page.

Used by ``ingest_quality.py``: ``--after-accepting`` accepts documents' sheets this way before
scoring the others (so that the models learn from them, as from any accepted sheet), and
``--review`` types the decisions in the review page, in Chromium, and counts the keys.

For each row: a new actor the gold names is accepted with the gold's class (the first key when
it is the first class offered, a digit when it is offered second or third, else the class picker),
a name the gold gives a known actor is made its alias (``m``), anything else is rejected. A pair
the gold relates in that sentence is accepted with a predicate the gold accepts, in the gold's
direction (``a``, a digit, or the predicate picker and ``f``); a pair the gold does not relate, or
relates with no predicate of the ontology, is rejected. A claim is accepted when the gold gives
that view to that claimant.
"""

from dataclasses import dataclass, field

from ingest_quality import SYMMETRIC, expand, fold, gold_mentions, gold_pairs

from spacegraph.core._io import write_files


@dataclass
class Step:
    """One row's decision: the changes to write and the keys that make them in the page."""

    index: int
    changes: dict
    keys: list = field(default_factory=list)   # ("key", k) | ("pick", picker key, label to find)


class GoldReader:
    """The gold of one document, read against the sheet of the same document."""

    def __init__(self, gold, text, known_labels):
        self.gold, self.text = gold, text
        self.actors = {a["key"]: a for a in gold["actors"]}
        self.by_iri = {expand(a["iri"]): a["key"] for a in gold["actors"] if a.get("iri")}
        self.names_of = {key: {fold(n) for n in [a["label"], *a["names"]]} for key, a in self.actors.items()}
        self.pairs, _ = gold_pairs(gold, text, gold_mentions(gold, text))
        self.known_labels = known_labels

    def actor_key(self, names):
        for name in names:
            for key, known in self.names_of.items():
                if fold(name) in known:
                    return key
        return None

    def steps(self, rows):
        """A :class:`Step` for each row, in the sheet's order."""
        new_keys = {}
        for row in rows:
            if row.kind == "actor":
                new_keys[row.id] = self.actor_key([row.label, *[a for a in row.aliases.split(";") if a.strip()]])
        accepted_new = set()
        steps = []
        for index, row in enumerate(rows):
            if row.kind == "actor":
                steps.append(self._actor(index, row, new_keys.get(row.id), accepted_new))
            elif row.kind == "relationship":
                steps.append(self._relationship(index, row, new_keys, accepted_new))
            else:
                steps.append(self._claim(index, row, new_keys, accepted_new))
        return steps

    def _end(self, cell, new_keys):
        cell = cell.strip()
        if cell.startswith("new:"):
            return new_keys.get(cell)
        return self.by_iri.get(expand(cell))

    def _actor(self, index, row, key, accepted_new):
        actor = self.actors.get(key)
        if actor is None:
            return Step(index, {"decision": "reject"}, [("key", "r")])
        if actor.get("iri"):   # a name of a known actor: its alias
            label = self.known_labels.get(expand(actor["iri"]), actor["label"])
            return Step(index, {"decision": "accept", "same_as": actor["iri"]}, [("pick", "m", label), ("key", "a")])
        accepted_new.add(row.id)
        wanted = actor["class"]
        offered = [choice.get("value") for choice in _choices(row)]
        if offered[:1] == [wanted]:
            return Step(index, {"decision": "accept", "class": wanted}, [("key", "a")])
        if wanted in offered[1:3]:
            return Step(index, {"decision": "accept", "class": wanted}, [("key", str(offered.index(wanted) + 1))])
        return Step(index, {"decision": "accept", "class": wanted}, [("pick", "c", wanted), ("key", "a")])

    def _relationship(self, index, row, new_keys, accepted_new):
        first, second = self._end(row.subject, new_keys), self._end(row.object, new_keys)
        start, end = int(row.start or 0), int(row.end or 0)
        records = [r for (pair, span), rs in self.pairs.items() for r in rs
                   if first and second and pair == frozenset((first, second)) and span[0] < end and start < span[1]]
        ends_ok = all(cell.strip() in accepted_new for cell in (row.subject, row.object) if cell.strip().startswith("new:"))
        acceptable = [(expand(p), r["subject"], r["object"]) for r in records for p in r.get("predicates", [])
                      if "predicates" in r]
        if not acceptable or not ends_ok:
            return Step(index, {"decision": "reject"}, [("key", "r")])
        for k, choice in enumerate(_choices(row)[:3]):
            forward = choice.get("direction", "forward") == "forward"
            subject, obj = (first, second) if forward else (second, first)
            if any(expand(choice["value"]) == p and ((s, o) == (subject, obj) or p in SYMMETRIC) for p, s, o in acceptable):
                changes = {"decision": "accept", "predicate": choice["value"], "direction": "forward" if forward else "backward"}
                return Step(index, changes, [("key", "a" if k == 0 else str(k + 1))])
        predicate, subject, _ = acceptable[0]
        forward = subject == first
        keys = [("pick", "p", predicate)] + ([] if forward else [("key", "f")]) + [("key", "a")]
        return Step(index, {"decision": "accept", "predicate": "sg:" + predicate.rsplit("#", 1)[1],
                            "direction": "forward" if forward else "backward"}, keys)

    def _claim(self, index, row, new_keys, accepted_new):
        claimant = self._end(row.subject, new_keys)
        about = {self._end(cell, new_keys) for cell in row.object.split(";")}
        start, end = int(row.start or 0), int(row.end or 0)
        right = any(claimant in pair and (pair - {claimant}) & about and span[0] < end and start < span[1]
                    for (pair, span), records in self.pairs.items() if any("claimant" in r for r in records))
        ends_ok = all(cell.strip() in accepted_new for cell in [row.subject, *row.object.split(";")]
                      if cell.strip().startswith("new:"))
        return Step(index, {"decision": "accept" if right and ends_ok else "reject"}, [("key", "a" if right and ends_ok else "r")])


def _choices(row):
    from spacegraph.ingest.sheet import choices_of

    return choices_of(row)


def write_decisions(sheet, steps):
    """Write the steps' decisions into the sheet, as a curator following the gold in a spreadsheet would."""
    from spacegraph.ingest.sheet import read_sheet, sheet_text

    rows = read_sheet(sheet)
    for step in steps:
        for column, value in step.changes.items():
            setattr(rows[step.index], "cls" if column == "class" else column, value)
    write_files({sheet: sheet_text(rows)})


def accept_following_gold(sheet, steps, data_dir):
    """Accept the sheet decided by the gold; a row that still breaks the graph is rejected, and the sheet accepted again."""
    from spacegraph.errors import AcceptFailed
    from spacegraph.ingest.sheet import read_sheet, sheet_text
    from spacegraph.workflows.curate import accept

    write_decisions(sheet, steps)
    for _ in range(20):
        try:
            return accept(sheet, data_dir=data_dir, allow_orphans=True)
        except AcceptFailed as failed:
            rows = read_sheet(sheet)
            lines = {getattr(error, "line", None) for error in failed.errors}
            wrong = [row for row in rows if row.line in lines]
            if not wrong:
                raise
            for row in wrong:
                row.decision = "reject"
            write_files({sheet: sheet_text(rows)})
    raise RuntimeError(f"{sheet}: could not be accepted")


def review_in_browser(session, steps, chromium):
    """Type the steps in the review page, in Chromium; return the keys typed and the decisions made."""
    import threading
    import time

    from playwright.sync_api import sync_playwright

    from spacegraph.workflows.review.server import ReviewServer

    server = ReviewServer(session)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    keys = 0
    one_key = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync"])
            page = browser.new_page(bypass_csp=True)
            started = time.perf_counter()
            page.goto(server.url)
            page.wait_for_selector("body[data-ready=true]")
            ready = time.perf_counter() - started
            for step in steps:   # each decision moves the page on to the next row: nothing else is typed
                shown = page.evaluate("() => spacegraphReview.state.rows[spacegraphReview.state.at].index")
                if shown != step.index:
                    raise RuntimeError(f"the page shows row {shown}, the gold's next decision is for row {step.index}")
                typed = 0
                for kind, *what in step.keys:
                    if kind == "key":
                        page.keyboard.press(what[0])
                        typed += 1
                    else:
                        typed += _pick(page, *what)
                keys += typed
                one_key += typed == 1
                page.wait_for_function(f"spacegraphReview.state.rows.find(r => r.index === {step.index}).decision === "
                                       f"{step.changes['decision']!r}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"keys": keys, "decisions": len(steps), "one key": one_key, "ready seconds": round(ready, 3)}


def _pick(page, opener, wanted):
    """Open a picker with ``opener`` and type ``wanted``'s label until it comes first; Enter. The keys it took."""
    page.keyboard.press(opener)
    typed = 1
    label = _label_of(page, wanted)
    for ch in label + " ":
        first = page.evaluate("() => { const li = document.querySelector('#results li'); return li ? li.firstChild.textContent : ''; }")
        if first and fold(first) == fold(label):
            break
        page.keyboard.type(ch)
        typed += 1
    page.keyboard.press("Enter")
    return typed + 1


def _label_of(page, wanted):
    return page.evaluate("""(wanted) => {
      const k = spacegraphReview.state.known;
      const short = wanted.startsWith('http') ? 'sg:' + wanted.split('#').pop() : wanted;
      const item = [...k.predicates, ...k.classes, ...k.actors].find(x => x.id === short || x.id === wanted);
      return item ? item.label : wanted; }""", wanted)
