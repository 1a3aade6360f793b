import re

import pytest

import spacegraph
from spacegraph.core.folding import fold
from spacegraph.validation.quotes import SourceText, closest_passage, find_quote
from spacegraph.workflows.build import validate_files


def test_real_data_validates_cleanly(kg):
    report = kg.validate()
    assert report.ok, str(report)


@pytest.mark.parametrize(
    "name, check, line, pattern",
    [
        ("broken-turtle.ttl", "parse", 41, r"Turtle syntax error at column 25: \. is not a valid RDF object"),
        ("shacl-violation.ttl", "shacl", 30, r'sgid:argentina "Argentina": sg:hosts: The object of hosts \(sg:hosts\) must be a facility'),
        ("shacl-violation.ttl", "shacl", 30, r"dct:description: Every entity needs exactly one English dct:description"),
        ("quote-not-in-source.ttl", "quote", 45, r'quote not found in china-trends-22.txt: "Chile, which hosts.*closest passage: "Argentina, which hosts'),
        ("dangling-iri.ttl", "reference", 41, r"sgid:patagonia-deepspace-station is referenced but has no rdf:type and no rdfs:label"),
        ("entity-without-label.ttl", "shacl", 26, r"sgid:argentina: rdfs:label: Every entity needs one English rdfs:label"),
        ("missing-evidence.ttl", "evidence", 46, r"no quote backs sgid:argentina sg:partnerOf sgid:institut-montaigne"),
        ("unknown-term.ttl", "reference", 41, r"sg:hostz is not defined in ontology/spacegraph.ttl"),
        ("label-clash.ttl", "label", 30, r'sgid:argentina "Argentina" and sgid:argentina-team "ARGENTINA" share the name'),
    ],
)
def test_each_bad_input_is_reported_with_file_and_line(fixture_path, name, check, line, pattern):
    report = validate_files([fixture_path(name)])
    assert not report.ok
    matching = [p for p in report.problems if p.check == check and re.search(pattern, p.message)]
    assert matching, str(report)
    problem = matching[0]
    assert problem.path.endswith(name) and problem.line == line
    assert str(problem).startswith(f"{problem.path}:{line}: [{check}] ")
    assert "\n" not in str(problem)


def test_valid_fixture_passes(fixture_path):
    report = validate_files([fixture_path("valid.ttl")])
    assert report.ok, str(report)


def test_bad_fixtures_raise_only_their_own_kind_of_problem(fixture_path):
    checks = {p.check for p in validate_files([fixture_path("missing-evidence.ttl")]).problems}
    assert checks == {"evidence"}
    checks = {p.check for p in validate_files([fixture_path("label-clash.ttl")]).problems}
    assert checks == {"label"}


def test_label_clash_is_allowed_when_explained(fixture_path, tmp_path):
    text = fixture_path("label-clash.ttl").read_text()
    text = text.replace(
        'dct:description "A namesake."@en .',
        'dct:description "A namesake."@en ;\n    skos:scopeNote "A team, not the state."@en ;\n'
        "    <http://www.w3.org/2002/07/owl#differentFrom> sgid:argentina .",
    )
    path = tmp_path / "explained.ttl"
    path.write_text(text)
    assert validate_files([path]).ok


def test_evidence_for_a_triple_the_data_does_not_state_is_reported(fixture_path, tmp_path):
    text = fixture_path("valid.ttl").read_text().replace(
        "sgid:argentina sg:hosts sgid:patagonia-deep-space-station .\n", "", 1
    )
    path = tmp_path / "orphan.ttl"
    path.write_text(text)
    messages = [p.message for p in validate_files([path]).problems if p.check == "evidence"]
    assert any("the data does not state that triple" in m for m in messages)


def test_changed_source_text_is_caught_by_its_digest(fixture_path, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    original = (fixture_path("valid.ttl").parents[2] / "graph_data" / "sources" / "china-trends-22.txt").read_text()
    (sources / "china-trends-22.txt").write_text(original + "\nappended")
    report = validate_files([fixture_path("valid.ttl")], sources_dir=sources)
    assert any("SHA-256" in p.message for p in report.problems)


def test_quotes_match_whitespace_aside():
    text = "Argentina, which\n hosts  a station"
    assert find_quote(text, "Argentina, which hosts a station")
    assert find_quote(text, "which hosts a")
    assert not find_quote(text, "which hosts two stations")
    assert not find_quote(text, "   ")


def test_closest_passage_is_the_real_wording():
    source = SourceText("One sentence here. Argentina, which hosts a Chinese deep-space station, is key. Last one.")
    assert closest_passage(source, "Chile, which hosts a Chinese deep-space station, is key.") == (
        "Argentina, which hosts a Chinese deep-space station, is key."
    )


def test_labels_are_compared_folded_case_accents_spacing_and_dashes_aside():
    assert fold("Raphaël  Tavanti-Geuzimian") == fold("raphael tavanti geuzimian")
    assert fold("Chang’e-5") == fold("Chang'e 5") and fold("ASF") != fold("SSF")


@pytest.mark.slow
@pytest.mark.parametrize("opening, closing", [("[ <http://example.org/p> ", " ]"), ("( ", " )")])
def test_deep_blank_node_nesting_is_refused_the_same_by_validate_and_build(tmp_path, opening, closing):
    import subprocess
    import sys

    data = tmp_path / "deep.ttl"
    levels = 100_000
    data.write_text("<http://example.org/a> <http://example.org/p> " + opening * levels + "<http://example.org/z>"
                    + closing * levels + " .\n")
    expected = ("deep.ttl:1: [nesting] blank nodes nest 100,000 levels deep under <http://example.org/a>, "
                "more than the 64 allowed: give the inner nodes IRIs")
    for command in (["validate", str(data)], ["build", str(data), "-o", str(tmp_path / "out")]):
        done = subprocess.run([sys.executable, "-m", "spacegraph.cli", *command], capture_output=True, text=True)
        assert done.returncode == 1, done.stderr
        assert expected in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_long_flat_list_is_not_nesting(tmp_path):
    from spacegraph.validation.nesting import nesting_problems

    data = tmp_path / "list.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> ( " + "<http://example.org/z> " * 10_000 + ") .\n")
    kg = spacegraph.load([data])
    assert nesting_problems(kg, None) == []
