"""Ingest, review and accept the corpus documents into the graph, following their annotated reading; the review figures.

For each document, in the order given: ``spacegraph ingest`` stores it and writes its sheet; the
review page, in Chromium, is typed the decisions of the document's reading (``tests/data/ingest_gold``,
see ``gold_review.py``), and the keys are counted; then the curator's edits are written to the
sheet: the hedge the reading gives a statement the sheet left unhedged, and a row for each actor,
relationship and claim of the reading that the sheet did not propose (a statement that no property
of the ontology fits is left out and counted); last, ``spacegraph accept`` writes the data and
validates the whole graph.

An actor that an earlier document of the run added to the graph is the same actor here: the
reading's names are looked up among the graph's labels and aliases before the review.

Usage::

    python benchmarks/curate_corpus.py ../shared/sources/corpus/dod-cmpr2023-space-counterspace.txt ... \\
        --json benchmarks/results/corpus_review.json
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from spacegraph.core._io import write_files

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = ROOT / "tests" / "data" / "ingest_gold"


#: The curator's corrections to a reading, applied before the review: a place whose status is
#: disputed is a region, not a state; a report the text gives no author for is a document; an armed
#: force is one of a state the text relates it to, else a military organisation.
CORRECTIONS = {"taiwan": {"class": "sg:Region"}, "government-work-report": {"class": "sg:Document"},
               "us-military": {"class": "sg:MilitaryOrganization"},
               "beijing": {"names": ["Beijing (city)"]}}   # "Beijing" names China in the graph


def graph_names(data_dir):
    """``{folded name: IRI}`` of the labels and aliases of the actors that an ingested document added to the graph in
    ``data_dir`` (the reading already names the others; ambiguous names left out)."""
    from ingest_quality import fold
    from rdflib import RDF, RDFS, Graph
    from rdflib.namespace import SKOS

    graph, added = Graph(), Graph()
    for path in sorted(Path(data_dir).glob("*.ttl")):
        graph.parse(path)
        if (Path(data_dir) / "sources" / f"{path.stem}.txt").exists():
            added.parse(path)
    names, clashes = {}, set()
    for predicate in (RDFS.label, SKOS.altLabel):
        for subject, label in graph.subject_objects(predicate):
            if (subject, RDF.type, None) not in added or str(subject).startswith("https://w3id.org/spacegraph/id/claim-"):
                continue
            key = fold(str(label))
            if names.get(key, str(subject)) != str(subject):
                clashes.add(key)
            names[key] = str(subject)
    return {key: iri for key, iri in names.items() if key not in clashes}


def resolved_gold(gold, names):
    """The reading with each actor the graph already holds given its IRI; the actors so resolved."""
    from ingest_quality import fold

    gold = json.loads(json.dumps(gold))
    found = {}
    for actor in gold["actors"]:
        actor.update(CORRECTIONS.get(actor["key"], {}))
        if actor.get("iri"):
            continue
        for name in [actor["label"], *actor["names"]]:
            iri = names.get(fold(name))
            if iri:
                actor["iri"] = "sgid:" + iri.rsplit("/", 1)[1]
                found[actor["label"]] = actor["iri"]
                break
    return gold, found


def run(*arguments):
    done = subprocess.run(["spacegraph", *arguments], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"spacegraph {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def curate(document, data_dir, chromium):
    """Ingest, review and accept one document; its figures."""
    from gold_review import GoldReader, review_in_browser
    from ingest_quality import expand, fold, sentence_span

    from spacegraph.ingest.sheet import SheetRow, read_sheet, sheet_text
    from spacegraph.workflows.review.session import ReviewSession

    slug = document.stem
    gold = json.loads((GOLD / f"{slug}.gold.json").read_text(encoding="utf-8"))
    gold, found = resolved_gold(gold, graph_names(data_dir))
    words = len(document.read_text(encoding="utf-8").split())
    started = time.perf_counter()
    described = json.loads(document.with_suffix(".json").read_text(encoding="utf-8"))
    title = []   # a Wikipedia page is titled as its browser tab shows it, apart from the subject it is named for
    if described.get("publisher") == "Wikipedia":
        title = ["--title", f"{described['title']} - Wikipedia"]
    print(run("ingest", str(document), "--slug", slug, *title).rstrip())
    sheet = data_dir / "review" / f"{slug}.csv"
    text = (data_dir / "sources" / f"{slug}.txt").read_text(encoding="utf-8")
    proposed = read_sheet(sheet)
    with ReviewSession(sheet) as session:
        labels = {expand(a["id"]): a["label"] for a in session.known()["actors"]}
        reader = GoldReader(gold, text, labels)
        steps = reader.steps(proposed)
        typed = review_in_browser(session, steps, chromium)
    rows = read_sheet(sheet)
    figures = {"words": words, "proposed": {kind: sum(r.kind == kind for r in proposed) for kind in ("actor", "relationship", "claim")},
               "resolved across sources": found, "review page": typed}
    as_proposed = sum(1 for step in steps if step.changes["decision"] == "accept" and step.keys == [("key", "a")])
    edited = sum(1 for step in steps if step.changes["decision"] == "accept" and step.keys != [("key", "a")])
    rejected = sum(1 for step in steps if step.changes["decision"] == "reject")
    by_key = {key: actor for key, actor in reader.actors.items()}
    iri_of = {}   # gold key -> cell naming it in the sheet
    for step in steps:
        row = rows[step.index]
        if row.kind == "actor" and row.decision == "accept":
            key = reader.actor_key([row.label, *[a for a in row.aliases.split(";") if a.strip()]])
            if key and not by_key[key].get("iri"):
                iri_of[key] = row.id if row.id.startswith("new:") else "new:" + row.label
    for key, actor in by_key.items():
        if actor.get("iri"):
            iri_of[key] = actor["iri"]
    hedged = 0
    covered = set()
    for row in rows:
        if row.decision != "accept" or row.kind == "actor":
            continue
        start, end = int(row.start or 0), int(row.end or 0)
        ends = {reader.actor_key([cell.strip()[4:]]) if cell.strip().startswith("new:") else reader._end(cell, {})
                for cell in [row.subject, *row.object.split(";")]}
        for record in [*gold["relationships"], *gold["claims"]]:
            pair = {record.get("subject", record.get("claimant")), *([record["object"]] if "object" in record else record["about"])}
            span = sentence_span(text, record["sentence"])
            if span and span[0] < end and start < span[1] and pair <= ends:
                covered.add(id(record))
                if record.get("hedge") and not row.hedge.strip():
                    row.hedge = record["hedge"]
                    hedged += 1
    added = {"actor": 0, "relationship": 0, "claim": 0}
    unfit = 0

    def cell(key):
        if key not in iri_of:
            actor = by_key[key]
            rows.append(SheetRow(decision="accept", kind="actor", label=actor["label"], cls=actor["class"],
                                 aliases="; ".join(n for n in actor["names"] if fold(n) != fold(actor["label"])),
                                 note="added in review"))
            added["actor"] += 1
            iri_of[key] = "new:" + actor["label"]
        return iri_of[key]

    for record in gold["relationships"]:
        if id(record) in covered or record["subject"] == record["object"]:
            continue
        if not record["predicates"]:
            unfit += 1
            continue
        rows.append(SheetRow(decision="accept", kind="relationship", subject=cell(record["subject"]),
                             predicate=record["predicates"][0], object=cell(record["object"]), direction="forward",
                             quote=record["sentence"], hedge=record.get("hedge", ""), note="added in review"))
        added["relationship"] += 1
    for record in gold["claims"]:
        if id(record) in covered:
            continue
        if not record["about"]:   # a view about no actor: nothing to relate
            unfit += 1
            continue
        rows.append(SheetRow(decision="accept", kind="claim", subject=cell(record["claimant"]),
                             object=";".join(cell(key) for key in record["about"]), quote=record["sentence"],
                             hedge=record.get("hedge", ""), note="added in review"))
        added["claim"] += 1
    write_files({sheet: sheet_text(rows)})
    figures.update({"accepted as proposed": as_proposed, "accepted edited": edited + hedged, "hedges added": hedged,
                    "rejected": rejected, "added": added, "not representable": unfit,
                    "seconds": round(time.perf_counter() - started, 1)})
    figures["orphans rejected"] = 0
    for _ in range(5):
        done = subprocess.run(["spacegraph", "accept", str(sheet)], cwd=ROOT, capture_output=True, text=True)
        if not done.returncode:
            print(done.stdout.rstrip())
            return figures
        lines = {int(line.split(":")[1]) for line in done.stderr.splitlines() if "takes part in no accepted relationship" in line}
        others = [line for line in done.stderr.splitlines() if "takes part in no" not in line and line.startswith(str(sheet))]
        if not lines or others:
            raise SystemExit(f"accept {sheet} failed:\n{done.stdout}{done.stderr}")
        rows = read_sheet(sheet)
        for row in rows:
            if row.line in lines:
                row.decision = "reject"
                figures["orphans rejected"] += 1
        write_files({sheet: sheet_text(rows)})
    raise SystemExit(f"accept {sheet} failed:\n{done.stderr}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args(argv)
    for document in options.documents:
        if not document.is_file():
            parser.error(f"{document}: no such document")
        if (ROOT / "graph_data" / f"{document.stem}.ttl").exists():
            parser.error(f"{document.stem} is in the graph already: run this on a copy of the project without its data file, "
                         f"sheet and source")
    chromium = os.environ.get("SPACEGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    results = {}
    for document in options.documents:
        results[document.stem] = curate(document.resolve(), ROOT / "graph_data", chromium)
        print(json.dumps(results[document.stem]))
    if options.json:
        previous = json.loads(options.json.read_text(encoding="utf-8")) if options.json.exists() else {}
        write_files({options.json: json.dumps({**previous, **results}, indent=2) + "\n"})


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "src"))
    main()
