"""How good ingest's proposals are: `spacegraph ingest --dry-run --format json` scored against hand-annotated gold.

For each document of --gold (default ``tests/data/ingest_gold/``: the corpus documents, each with
``<slug>.txt`` and ``<slug>.gold.json``; ``GUIDELINES.md`` there says how they were read), the
benchmark copies the project's ``graph_data/`` without the data of any gold document (so the
graph is the one the gold refers to), runs ``spacegraph ingest DOCUMENT --dry-run --format json``
in a process of its own, and prints per document:

=====================  ========================================================================
known recall/prec.     mentions of actors the graph holds that are linked to the right actor;
                       linked mentions that are right
new precision          new-actor rows that name an actor of the gold (exactly, or by an alias)
new recall             actors of the gold that the graph lacks and that a new-actor row names
duplicates             new-actor rows that name an actor another row already names
pair recall/prec.      pairs of actors the gold says one sentence relates, and that a row of
                       that sentence proposes; rows whose pair the gold relates in that sentence
                       (a claim row counts when one of its pairs is right)
predicate top 1/top 3  right pairs with an acceptable predicate in the gold: how often one is
                       suggested first, and among the first three (direction checked)
class top 1            new actors named right whose class is suggested first
noise                  sheet rows (new actors, relationships, claims) that are none of the above
rows / 1,000 words     the sheet's length for the curator
=====================  ========================================================================

A pair whose two actors are not both named in its sentence (one is a pronoun, "the mission") is
out of reach of any reading by names: it is counted apart ("unreachable") and left out of recall.
--checkout DIR scores another checkout of spacegraph (for the figures before a change).
--documents picks documents; the figures of those the tool was tuned on are marked "tuned".

--after-accepting SLUG ... first ingests those documents and accepts their sheets as a curator
following the gold would (``gold_review.py``), so that the graph, and the models ingest learns
from it, hold them; those documents are then not scored.

--review types, for each scored document, the gold's decisions in the review page, in Chromium
(``$SPACEGRAPH_CHROMIUM`` or ``/usr/bin/chromium``), and reports the keys it took: all of them,
per decision, and the share of rows decided with one key.

Usage: python benchmarks/ingest_quality.py [--gold DIR] [--documents SLUG ...] [--checkout DIR] [--json FILE]
       [--after-accepting SLUG ...] [--review]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from spacegraph.core._io import write_files

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The documents the ingest rules and thresholds were tuned on; the others were scored only.
TUNED = ("dod-cmpr2023-space-counterspace", "wiki-chinese-lunar-exploration-program")
SYMMETRIC = {"https://w3id.org/spacegraph/ontology#partnerOf", "https://w3id.org/spacegraph/ontology#rivals"}
SG = "https://w3id.org/spacegraph/ontology#"
SGID = "https://w3id.org/spacegraph/id/"
TARGETS = {"known recall": 0.9, "new precision": 0.75, "new recall": 0.9, "pair recall": 0.7, "pair precision": 0.5,
           "predicate top 3": 0.6, "noise": 0.25}


def fold(text):
    """Accents and case removed, dashes as spaces, single spaces: how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212-]", " ", text).replace("\u2019", "'")
    return " ".join(text.split())


def stored_text(checkout, path):
    """The text ``checkout``'s ingest stores for the document at ``path``: the offsets of its record point into it."""
    environment = {**os.environ, "PYTHONPATH": str(Path(checkout) / "src")}
    code = "import sys; from spacegraph.ingest.read import read_document; sys.stdout.write(read_document(sys.argv[1]).text)"
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=checkout, env=environment, capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8")


def expand(name):
    return SG + name[3:] if name.startswith("sg:") else SGID + name[5:] if name.startswith("sgid:") else name


def gold_mentions(gold, text):
    """``[(start, end, key)]``: every place the text writes a gold actor's name, longest first, no overlaps."""
    found = []
    for actor in gold["actors"]:
        for name in actor["names"]:
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                found.append((match.start(), match.end(), actor["key"]))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen, covered = [], 0
    for start, end, key in found:
        if start >= covered:
            chosen.append((start, end, key))
            covered = end
    return chosen


def sentence_span(text, sentence):
    index = text.find(" ".join(sentence.split()))
    return (index, index + len(" ".join(sentence.split()))) if index >= 0 else None


def gold_pairs(gold, text, mentions):
    """``{(frozenset pair, sentence start): record}`` of the gold relationships and claims, and the unreachable ones."""
    pairs, unreachable = {}, 0
    records = [(r["subject"], r["object"], r) for r in gold.get("relationships", [])]
    records += [(c["claimant"], about, c) for c in gold.get("claims", []) for about in c.get("about", [])]
    for first, second, record in records:
        if first == second:
            continue
        span = sentence_span(text, record["sentence"])
        named = {key for start, end, key in mentions if span and span[0] <= start and end <= span[1]}
        if span is None or first not in named or second not in named:
            unreachable += 1
            continue
        pairs.setdefault((frozenset((first, second)), span), []).append(record)
    return pairs, unreachable


def run_ingest(checkout, document, data_dir):
    """The JSON record of ``spacegraph ingest DOCUMENT --dry-run --format json`` run from ``checkout``."""
    environment = {**os.environ, "PYTHONPATH": str(Path(checkout) / "src")}
    environment.pop("SPACEGRAPH_PROJECT", None)
    command = [sys.executable, "-c", "from spacegraph.cli import main; main()", "ingest", str(document), "--dry-run",
               "--format", "json", "--data-dir", str(data_dir), "--slug", Path(document).stem]
    done = subprocess.run(command, cwd=checkout, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{document.name}: spacegraph ingest failed: {done.stderr.strip()[-500:]}")
    record = json.loads(done.stdout)
    return record[0] if isinstance(record, list) else record


def data_without(checkout, slugs, folder):
    """A copy of ``checkout``'s graph_data/ without the data, sources and sheets of ``slugs``."""
    def ignored(directory, names):
        return [n for n in names if n == "review" or any(n == f"{slug}{suffix}" for slug in slugs
                                                         for suffix in (".ttl", ".txt", ".json"))]

    target = Path(folder) / "graph_data"
    shutil.copytree(Path(checkout) / "graph_data", target, ignore=ignored)
    return target


def occurrences(entity, text):
    """Where a proposed new actor is written: the record's offsets, or (older records) every place its name is."""
    if entity.get("occurrences"):
        return [tuple(item[:2]) for item in entity["occurrences"]]
    spans = []
    for name in [entity["name"], *entity.get("aliases", [])]:
        spans += [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
    return spans


def predicates_of(candidate):
    """``[(predicate IRI, forward)]`` best first, from a record of either form."""
    ranked = []
    for item in candidate.get("predicates", []):
        if isinstance(item, str):
            ranked.append((item, True))
        else:
            ranked.append((item["predicate"], item.get("direction", "forward") == "forward"))
    return ranked


def _fits(predicate, forward, first, second, acceptable):
    """Whether ``predicate``, read forward (first to second) or not, is one the gold accepts for the pair."""
    subject, obj = (first, second) if forward else (second, first)
    return any(p == predicate and ((s, o) == (subject, obj) or p in SYMMETRIC) for p, s, o in acceptable)


def score(gold, text, record):
    """The figures of one document.

    An actor is known when the graph the tool read holds it: by the gold's id, or, for an actor
    the gold calls new that the graph has since gained (``--after-accepting``), by its label.
    """
    mentions = gold_mentions(gold, text)
    actors = {a["key"]: a for a in gold["actors"]}
    names_of = {key: {fold(n) for n in [a["label"], *a["names"]]} for key, a in actors.items()}
    by_iri = {expand(a["iri"]): a["key"] for a in gold["actors"] if a.get("iri")}
    for m in record["mentions"]:   # actors the graph gained since the gold was read: known by their label
        if m.get("entity") and m["entity"] not in by_iri and m.get("label"):
            key = next((k for k, names in names_of.items() if fold(m["label"]) in names and not actors[k].get("iri")), None)
            if key is not None:
                by_iri[m["entity"]] = key
    known_keys = set(by_iri.values())

    # known actors
    gold_known = [(s, e, k) for s, e, k in mentions if k in known_keys]
    linked = [m for m in record["mentions"] if m.get("entity")]
    def overlaps(a, b):
        return a[0] < b[1] and b[0] < a[1]
    known_hit = sum(1 for s, e, k in gold_known
                    if any(overlaps((s, e), (m["start"], m["end"])) and by_iri.get(m["entity"]) == k for m in linked))
    linked_right = sum(1 for m in linked if any(overlaps((s, e), (m["start"], m["end"])) and by_iri.get(m["entity"]) == k
                                                 for s, e, k in gold_known))

    # new actors
    gold_new = {key for key in actors if key not in known_keys and any(k == key for _, _, k in mentions)}
    row_actor, matched, duplicates = {}, set(), 0
    class_right = class_total = 0
    for entity in record["new_entities"]:
        keys = [key for key, names in names_of.items() if fold(entity["name"]) in names]
        if not keys:
            keys = [key for key, names in names_of.items() if any(fold(alias) in names for alias in entity.get("aliases", []))]
        key = next((k for k in keys if k in gold_new), None)
        row_actor[entity["name"]] = keys[0] if keys else None
        if key is None:
            continue
        if key in matched:
            duplicates += 1
            continue
        matched.add(key)
        class_total += 1
        first = entity.get("classes", [{}])[0].get("class") if entity.get("classes") else entity.get("class")
        class_right += first == expand(actors[key]["class"])
    new_right = len(matched)

    # pairs
    pairs, unreachable = gold_pairs(gold, text, mentions)
    def key_of(actor):
        if actor is None:
            return None
        if actor.startswith("new:"):
            return row_actor.get(actor[4:])
        return by_iri.get(actor)
    found_pairs, rows_right, rows = set(), 0, 0
    top1 = top3 = predicate_total = 0
    claim_rows = {}
    for candidate in record["candidates"]:
        if candidate.get("kind") == "claim" if "kind" in candidate else candidate.get("hedged"):
            claim_rows.setdefault((candidate["start"], candidate["end"]), []).append(candidate)
            continue
        rows += 1
        first, second = key_of(candidate["subject"]), key_of(candidate["object"])
        span = (candidate["start"], candidate["end"])
        hit = next(((pair, sentence) for pair, sentence in pairs if pair == frozenset((first, second)) and overlaps(sentence, span)),
                   None) if first and second and first != second else None
        if hit is None:
            continue
        rows_right += 1
        found_pairs.add(hit)
        acceptable = [(expand(p), r["subject"], r["object"]) for r in pairs[hit] for p in r.get("predicates", [])]
        if acceptable:
            predicate_total += 1
            ranked = predicates_of(candidate)
            fit = [_fits(predicate, forward, first, second, acceptable) for predicate, forward in ranked[:3]]
            top1 += bool(fit) and fit[0]
            top3 += any(fit)
    for span, group in claim_rows.items():  # one claim row per sentence, about every actor of its candidates
        rows += 1
        named = {key_of(x) for c in group for x in (c["subject"], c["object"], c.get("claimant"), *c.get("about", []))}
        named.discard(None)
        hits = [(pair, sentence) for pair, sentence in pairs if pair <= named and overlaps(sentence, span)]
        if hits:
            rows_right += 1
            found_pairs.update(hits)
    sheet_rows = len(record["new_entities"]) + rows
    noise = sheet_rows - new_right - rows_right
    words = len(text.split())
    ratio = lambda a, b: a / b if b else None  # noqa: E731
    return {
        "words": words,
        "known recall": ratio(known_hit, len(gold_known)), "known precision": ratio(linked_right, len(linked)),
        "new precision": ratio(new_right, len(record["new_entities"])), "new recall": ratio(new_right, len(gold_new)),
        "duplicates": duplicates,
        "pair recall": ratio(len(found_pairs), len(pairs)), "pair precision": ratio(rows_right, rows),
        "unreachable": unreachable,
        "predicate top 1": ratio(top1, predicate_total), "predicate top 3": ratio(top3, predicate_total),
        "class top 1": ratio(class_right, class_total),
        "noise": ratio(noise, sheet_rows), "rows": sheet_rows, "rows / 1,000 words": round(1000 * sheet_rows / words, 1),
        "counts": {"known mentions": len(gold_known), "linked": len(linked), "new gold": len(gold_new),
                   "new rows": len(record["new_entities"]), "gold pairs": len(pairs), "pair rows": rows},
    }


COLUMNS = ("known recall", "known precision", "new precision", "new recall", "duplicates", "pair recall", "pair precision",
           "predicate top 1", "predicate top 3", "class top 1", "noise", "rows / 1,000 words")


def table(results):
    """A Markdown table of the figures, one row per document."""
    head = "| document | words | " + " | ".join(COLUMNS) + " |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 2)]
    for slug, figures in results.items():
        cells = []
        for column in COLUMNS:
            value = figures[column]
            cells.append("n/a" if value is None else f"{value:.2f}" if isinstance(value, float) and column != "rows / 1,000 words"
                         else str(value))
        name = f"{slug} (tuned)" if slug in TUNED else slug
        lines.append(f"| {name} | {figures['words']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "ingest_gold")
    parser.add_argument("--documents", nargs="*", help="slugs of the documents to score [default: every gold document]")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the spacegraph checkout to run [default: this one]")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--after-accepting", nargs="*", default=[], metavar="SLUG",
                        help="accept these documents' sheets, decided by their gold, before scoring the others")
    parser.add_argument("--review", action="store_true", help="type the gold's decisions in the review page and count the keys")
    options = parser.parse_args(argv)
    golds = {p.name[: -len(".gold.json")]: p for p in sorted(options.gold.glob("*.gold.json"))}
    chosen = [slug for slug in (options.documents or list(golds)) if slug not in options.after_accepting]
    unknown = [slug for slug in [*chosen, *options.after_accepting] if slug not in golds]
    if unknown:
        parser.error(f"no gold for {', '.join(unknown)} in {options.gold}")
    if (options.after_accepting or options.review) and options.checkout.resolve() != ROOT:
        parser.error("--after-accepting and --review run this checkout's spacegraph: leave out --checkout")
    results = {}
    with tempfile.TemporaryDirectory(prefix="spacegraph-ingest-quality-") as scratch:
        data_dir = data_without(options.checkout, list(golds), scratch)
        for slug in options.after_accepting:
            accepted = accept_by_gold(options.gold, slug, json.loads(golds[slug].read_text(encoding="utf-8")), data_dir)
            print(f"accepted {slug} as its gold decides: {accepted}")
        for slug in chosen:
            gold = json.loads(golds[slug].read_text(encoding="utf-8"))
            document = options.gold / f"{slug}.txt"
            record = run_ingest(options.checkout.resolve(), document.resolve(), data_dir)
            results[slug] = score(gold, stored_text(options.checkout.resolve(), document.resolve()), record)
            if options.review:
                results[slug]["review"] = review_by_gold(options.gold, slug, gold, data_dir, scratch)
    print(table(results))
    if options.review:
        print()
        print(review_table(results))
    if options.json:
        write_files({options.json: json.dumps(results, indent=2) + "\n"})
    return results


def accept_by_gold(gold_dir, slug, gold, data_dir):
    """Ingest a document into ``data_dir`` and accept its sheet as its gold decides; a summary of what was accepted."""
    from gold_review import GoldReader, accept_following_gold

    from spacegraph.ingest.sheet import read_sheet
    from spacegraph.workflows.curate import Ingester

    result = Ingester(data_dir).ingest(gold_dir / f"{slug}.txt", slug=slug)
    steps = GoldReader(gold, result.proposals.text, {}).steps(read_sheet(result.sheet_path))
    done = accept_following_gold(result.sheet_path, steps, data_dir)
    return f"{done.actors} new actors, {done.aliases} aliases, {done.relationships} relationships, {done.claims} claims"


def review_by_gold(gold_dir, slug, gold, data_dir, scratch):
    """Type the gold's decisions for one document's sheet in the review page; the keys it took."""
    from gold_review import GoldReader, review_in_browser

    from spacegraph.ingest.sheet import read_sheet
    from spacegraph.workflows.curate import Ingester
    from spacegraph.workflows.review.session import ReviewSession

    copy = Path(tempfile.mkdtemp(dir=scratch)) / "graph_data"
    shutil.copytree(data_dir, copy)
    result = Ingester(copy).ingest(gold_dir / f"{slug}.txt", slug=slug)
    chromium = os.environ.get("SPACEGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with ReviewSession(result.sheet_path) as session:
        labels = {expand(a["id"]): a["label"] for a in session.known()["actors"]}
        steps = GoldReader(gold, result.proposals.text, labels).steps(read_sheet(result.sheet_path))
        typed = review_in_browser(session, steps, chromium)
    typed["keys per decision"] = round(typed["keys"] / max(1, typed["decisions"]), 2)
    typed["one-key share"] = round(typed["one key"] / max(1, typed["decisions"]), 2)
    return typed


def review_table(results):
    """The review page's figures: keys and decisions to finish each sheet following the gold."""
    lines = ["| document | decisions | keys | keys per decision | decided with one key | page ready |",
             "|---|---:|---:|---:|---:|---:|"]
    for slug, figures in results.items():
        typed = figures.get("review")
        if typed:
            lines.append(f"| {slug} | {typed['decisions']} | {typed['keys']} | {typed['keys per decision']:.2f} | "
                         f"{typed['one-key share']:.0%} | {typed['ready seconds']:.2f} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "src"))
    main()
