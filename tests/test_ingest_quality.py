"""benchmarks/ingest_quality.py: the scores it gives, its gold, and its runs on a real document and in the review page."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import benchmark_module

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "ingest_gold"
SG, SGID = "https://w3id.org/spacegraph/ontology#", "https://w3id.org/spacegraph/id/"

quality = benchmark_module("ingest_quality")

TEXT = "Argentina hosts the Neuquen Station. Landspace flew."
GOLD_RECORD = {
    "document": "toy",
    "actors": [
        {"key": "argentina", "iri": "sgid:argentina", "label": "Argentina", "class": "sg:State", "names": ["Argentina"]},
        {"key": "neuquen", "iri": None, "label": "Neuquen Station", "class": "sg:GroundStation", "names": ["Neuquen Station"]},
        {"key": "landspace", "iri": None, "label": "Landspace", "class": "sg:Company", "names": ["Landspace"]},
    ],
    "relationships": [{"subject": "argentina", "object": "neuquen", "predicates": ["sg:hosts"],
                       "sentence": "Argentina hosts the Neuquen Station.", "hedge": ""}],
}


def record(new_entities, candidates):
    return {"mentions": [{"entity": SGID + "argentina", "label": "Argentina", "start": 0, "end": 9}],
            "new_entities": new_entities, "candidates": candidates}


def candidate(subject, obj, predicate, direction="forward"):
    return {"kind": "relationship", "subject": subject, "object": obj, "start": 0, "end": 36,
            "predicates": [{"predicate": SG + predicate, "score": 0.9, "reason": "cue", "direction": direction}]}


def test_a_perfect_reading_scores_one_everywhere():
    found = quality.score(GOLD_RECORD, TEXT, record(
        [{"name": "Neuquen Station", "aliases": [], "classes": [{"class": SG + "GroundStation"}]},
         {"name": "Landspace", "aliases": [], "classes": [{"class": SG + "Company"}]}],
        [candidate(SGID + "argentina", "new:Neuquen Station", "hosts")]))
    for figure in ("known recall", "known precision", "new precision", "new recall", "pair recall", "pair precision",
                   "predicate top 1", "predicate top 3", "class top 1"):
        assert found[figure] == 1.0, figure
    assert found["noise"] == 0.0 and found["duplicates"] == 0


def test_noise_duplicates_and_a_wrong_direction_count():
    found = quality.score(GOLD_RECORD, TEXT, record(
        [{"name": "Neuquen Station", "aliases": [], "class": SG + "Company"},
         {"name": "Neuquen", "aliases": ["Neuquen Station"], "class": None},    # the same actor again
         {"name": "Flew", "aliases": [], "class": None}],                       # no actor
        [candidate(SGID + "argentina", "new:Neuquen Station", "hosts", "backward"),
         candidate(SGID + "argentina", "new:Flew", "operates")]))
    assert (found["new precision"], found["new recall"], found["duplicates"]) == (pytest.approx(1 / 3), 0.5, 1)
    assert (found["pair recall"], found["pair precision"]) == (1.0, 0.5)
    assert found["predicate top 3"] == 0.0      # hosts read backward is the station hosting Argentina
    assert found["class top 1"] == 0.0
    assert found["noise"] == pytest.approx(3 / 5)


def test_every_gold_file_is_well_formed_and_verbatim():
    for path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = " ".join((GOLD / f"{gold['document']}.txt").read_text(encoding="utf-8").split())
        keys = {a["key"] for a in gold["actors"]}
        assert len(keys) == len(gold["actors"]), path.name
        for relation in gold["relationships"]:
            assert {relation["subject"], relation["object"]} <= keys, path.name
            assert " ".join(relation["sentence"].split()) in text, (path.name, relation["sentence"][:60])
        assert (GOLD / f"{gold['document']}.json").exists(), "a text's licence travels with it"


def test_a_bad_document_is_refused_in_one_line():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ingest_quality.py"), "--documents", "no-such-doc"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].endswith("no gold for no-such-doc in " + str(GOLD))


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.server
def test_the_benchmark_scores_a_document_and_types_its_gold_in_the_review_page(tmp_path):
    out = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ingest_quality.py"), "--documents",
                           "dod-cmpr2025-forces-partners", "--review", "--json", str(out)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text())["dod-cmpr2025-forces-partners"]
    assert 0 < figures["pair recall"] <= 1 and 0 < figures["predicate top 3"] <= 1
    typed = figures["review"]
    assert typed["decisions"] == figures["rows"] and typed["keys"] >= typed["decisions"]
    assert "| dod-cmpr2025-forces-partners |" in done.stdout and "keys per decision" in done.stdout


@pytest.mark.slow
@pytest.mark.browser
def test_the_review_screenshots_are_taken(tmp_path):
    shots = benchmark_module("review_screenshots").take(tmp_path)
    assert [p.name for p in shots] == list(benchmark_module("review_screenshots").SCREENSHOTS)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in shots)
