"""SHACL in the store gives pySHACL's violations, and a run after one file changed gives a full run's."""

import re
import shutil

import pytest
from rdflib import Graph

import spacegraph
from spacegraph.core import paths
from spacegraph.validation import validate
from spacegraph.validation.locate import SourceIndex
from spacegraph.validation.shacl import shacl_problems
from spacegraph.validation.shape_plan import plan_checks

# one fault of each kind the shapes check, on entities of the synthetic graph
FAULTS = """@prefix sg: <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

sgid:unlabelled-company a sg:Company ; dct:description "A company without a label."@en .
sgid:{state} sg:hosts sgid:{other_state} .
sgid:{mission} sg:hosts sgid:{station} .
sgid:{company} rdfs:label "A second English label"@en , "Ein Name"@de .
sgid:dated-company a sg:Company ; rdfs:label "Dated"@en ; dct:description "Dated."@en ; sg:foundingDate "sometime" .
sgid:{document} sg:date "2025-13-45"^^xsd:date ; sg:url "ftp://example.org/x"^^xsd:anyURI .
[] a sg:Company ; rdfs:label "A company with no IRI"@en ; dct:description "Blank."@en .
sgid:loose-document sg:textFile "no such file.txt" ; dct:title "Loose" ; sg:sha256 "abc" .
sgid:empty-reorganisation a sg:Reorganization ; rdfs:label "Empty"@en ; dct:description "Empty."@en ;
    sg:date "2024"^^xsd:gYear .
sgid:integration-x a sg:TechnologyIntegration ; rdfs:label "Integration"@en ;
    sg:integrator sgid:{station} ; sg:technology sgid:{other_state} ;
    sg:evidence [ a sg:Quote ; oa:exact "short" ] .
[] a rdf:Statement ; rdf:subject sgid:{state} ; rdf:predicate sg:hosts ;
    sg:evidence [ a sg:Quote ; prov:wasQuotedFrom sgid:{other_state} ] .
"""
EXPECTED = ("one English rdfs:label", "must be a facility", "Only an agent can be the subject of hosts",
            "founding date", "sg:date, of type xsd:date", "http(s) xsd:anyURI", "Value is not of Node Kind sh:IRI",
            "Value does not have class sg:Document", "64 lowercase hex digits", "dissolve or create",
            "at least 12 characters", "must be an agent", "exactly one rdf:object")


def _split(data, folder, parts):
    lines = data.read_text(encoding="utf-8").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    body = [line for line in lines if line and not line.startswith("@prefix")]
    files = []
    for number in range(parts):
        path = folder / f"part-{number}.ttl"
        path.write_text("\n".join(prefixes + body[number::parts]) + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def faulty(tmp_path_factory, synthetic):
    """A synthetic graph of about 12,000 triples in four files, and a fifth file of faults."""
    folder = tmp_path_factory.mktemp("faulty")
    data, _ = synthetic.generate(12_000, folder)
    text = data.read_text(encoding="utf-8")
    typed = {}
    for slug, cls in re.findall(r"^sgid:([a-z]+-\d+) a sg:(\w+)", text, flags=re.M):
        typed.setdefault(cls, []).append(slug)
    names = {"state": typed["State"][0], "other_state": typed["State"][-1], "station": typed["GroundStation"][0], "mission": typed["Mission"][-1],
             "company": typed["Company"][len(typed["Company"]) // 2], "document": "synthetic-source-0"}
    files = _split(data, folder, 4)
    data.unlink()
    faults = folder / "faults.ttl"
    faults.write_text(FAULTS.format(**names), encoding="utf-8")
    return folder, [*files, faults], names


def _copy(faulty, tmp_path):
    folder, files, names = faulty
    shutil.copytree(folder / "sources", tmp_path / "sources")
    copies = [tmp_path / path.name for path in files]
    for path, copy in zip(files, copies, strict=True):
        shutil.copy(path, copy)
    return copies, tmp_path / "sources", names


def _lines(report):
    """The report's lines; blank nodes are named anew at each load, so their names are left out."""
    return sorted(re.sub(r"_:\w+", "_:blank", str(problem)) for problem in report.problems)


@pytest.mark.slow
def test_store_queries_give_exactly_the_violations_of_pyshacl_on_the_whole_graph(faulty):
    _, files, _ = faulty
    kg = spacegraph.load(files, sources_dir=faulty[0] / "sources", use_store=False)
    index = SourceIndex([paths.ontology_file(), *kg.data_files])
    reference = sorted(map(str, shacl_problems(kg.graph, paths.shapes_file(), index, kg=kg, shard_triples=10**9, direct=False)))
    for expected in EXPECTED:
        assert any(expected in line for line in reference), expected
    assert sorted(map(str, shacl_problems(kg.graph, paths.shapes_file(), index, kg=kg))) == reference


@pytest.mark.slow
def test_validate_reports_the_shacl_violations_and_the_other_checks(faulty):
    _, files, _ = faulty
    kg = spacegraph.load(files, sources_dir=faulty[0] / "sources", use_store=False)
    report = kg.validate()
    assert {"shacl", "reference", "evidence"} <= set(report.count_by_check())
    assert report.rechecked is None
    one_process = validate(kg, workers=1)
    assert [str(p) for p in one_process.problems] == [str(p) for p in report.problems]


def _change(path, edit):
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def _add_fault(names):
    return lambda text: text + 'sgid:added-company a sg:Company ; rdfs:label "Added"@en .\n'


def _fix_fault(names):
    return lambda text: text.replace("sgid:unlabelled-company a sg:Company ;",
                                     'sgid:unlabelled-company a sg:Company ; rdfs:label "Labelled"@en ;')


def _remove_pointed_at(names):
    """Remove a ground station that states host (and whose removal leaves their links dangling)."""
    def edit(text):
        return re.sub(r"^sgid:groundstation-\d+ a sg:GroundStation .*$\n", "", text, count=1, flags=re.M)
    return edit


def _remove_blank_company(names):
    """Remove a company that has no IRI: a blank node the old file holds and the new one does not."""
    return lambda text: re.sub(r"^\[\] a sg:Company ;.*$\n", "", text, count=1, flags=re.M)


def _retype(names):
    """Make a state a company: the links that need a state, or an agent, see it change."""
    return lambda text: re.sub(r"^(sgid:state-\d+) a sg:State", r"\1 a sg:Region", text, count=1, flags=re.M)


def _quote_not_in_source(names):
    return lambda text: text + (f'[] a rdf:Statement ; rdf:subject sgid:{names["state"]} ; rdf:predicate sg:hosts ; '
                                f'rdf:object sgid:{names["station"]} ; sg:evidence [ a sg:Quote ; '
                                f'oa:exact "A sentence that no source holds, anywhere." ; prov:wasQuotedFrom sgid:synthetic-source-0 ] .\n')


@pytest.mark.slow
@pytest.mark.parametrize("part, edit", [(4, _add_fault), (4, _fix_fault), (1, _remove_pointed_at), (0, _retype),
                                        (2, _quote_not_in_source)])
def test_after_one_file_changed_only_what_it_can_affect_is_checked_and_the_report_is_a_full_runs(faulty, tmp_path, part, edit):
    files, sources, names = _copy(faulty, tmp_path)
    cache = tmp_path / "cache"
    first = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    assert first.rechecked is None
    before = spacegraph.load(files, sources_dir=sources, use_store=False)
    assert _lines(first) == _lines(before.validate())
    _change(files[part], edit(names))
    kg = spacegraph.load(files, sources_dir=sources, use_store=False)
    again = validate(kg, cache_dir=cache)
    full = spacegraph.load(files, sources_dir=sources, use_store=False).validate()
    assert _lines(again) == _lines(full)
    assert _lines(again) != _lines(first)
    nodes = len(set(kg.graph.subjects()))
    assert 0 < again.rechecked < nodes / 20


@pytest.mark.slow
def test_a_removed_blank_node_drops_its_violations_without_a_full_run(faulty, tmp_path):
    files, sources, names = _copy(faulty, tmp_path)
    cache = tmp_path / "cache"
    first = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    _change(files[4], _remove_blank_company(names))
    again = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    full = spacegraph.load(files, sources_dir=sources, use_store=False).validate()
    assert again.rechecked == 0  # incremental: nothing is left to check again, and the node's violations are gone
    assert _lines(again) == _lines(full) != _lines(first)


@pytest.mark.slow
def test_unchanged_files_check_nothing_again_and_a_forced_run_checks_all(faulty, tmp_path):
    files, sources, _ = _copy(faulty, tmp_path)
    cache = tmp_path / "cache"
    first = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    again = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    assert again.rechecked == 0
    assert _lines(again) == _lines(first)
    forced = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache, full=True)
    assert forced.rechecked is None
    assert _lines(forced) == _lines(first)


@pytest.mark.slow
def test_changed_shapes_check_every_node(faulty, tmp_path):
    files, sources, _ = _copy(faulty, tmp_path)
    cache = tmp_path / "cache"
    validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(paths.shapes_file().read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache, shapes_path=shapes)
    assert again.rechecked is None


@pytest.mark.slow
def test_the_command_says_how_many_nodes_it_checked_again(faulty, tmp_path):
    from click.testing import CliRunner

    from spacegraph.cli import main

    files, sources, _ = _copy(faulty, tmp_path)
    arguments = ["validate", *map(str, files), "--sources", str(sources), "--build", str(tmp_path / "build")]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 1
    assert "checked again" not in first.output
    _change(files[4], _add_fault({}))
    again = CliRunner().invoke(main, arguments)
    assert re.search(r"SHACL checked again \d+ nodes? that the changed files can affect \(--full checks them all\)$",
                     again.output.strip())
    forced = CliRunner().invoke(main, [*arguments, "--full"])
    assert "checked again" not in forced.output
    shown = sorted(re.sub(r"_:\w+", "_:blank", line) for line in again.output.strip().splitlines()[:-1])
    assert sorted(re.sub(r"_:\w+", "_:blank", line) for line in forced.output.strip().splitlines()[:-1]) == shown


@pytest.mark.parametrize("extra, reason", [
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .", "sh:sparql"),
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:property [ sh:path ( sg:hosts sg:operatedBy ) ; sh:minCount 1 ; "
     "sh:message \"m\" ] .", "longer than one step"),
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:property [ sh:path sg:hosts ; sh:minCount 1 ] .", "without sh:message"),
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:property [ sh:path sg:hosts ; sh:hasValue sg:x ; sh:message \"m\" ] .",
     "sh:hasValue"),
    ("<https://example.org/X> a sh:NodeShape , <http://www.w3.org/2000/01/rdf-schema#Class> ; sh:nodeKind sh:IRI .",
     "implicit class target"),
])
def test_shapes_the_store_queries_do_not_cover_are_left_to_pyshacl(extra, reason):
    shapes = Graph().parse(paths.shapes_file())
    shapes.parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sg: <https://w3id.org/spacegraph/ontology#> . "
                      + extra, format="turtle")
    checks, why = plan_checks(shapes)
    assert checks is None
    assert reason in why


@pytest.mark.slow
def test_a_graph_whose_shapes_are_unsupported_still_gets_pyshacls_violations(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(paths.shapes_file().read_text(encoding="utf-8") + """
sgsh:StateHostsShape a sh:NodeShape ; sh:targetClass sg:State ;
    sh:property [ sh:path sg:hosts ; sh:hasValue sgid:nowhere ; sh:message "A state hosts nowhere." ] .
""".replace("sgid:nowhere", "<https://w3id.org/spacegraph/id/nowhere>"), encoding="utf-8")
    report = spacegraph.load().validate(shapes_path=shapes)
    assert any("A state hosts nowhere." in problem.message for problem in report.problems)


@pytest.mark.slow
@pytest.mark.parametrize("spoil", ["../../../etc/passwd", "ab" * 31, 7])
def test_a_hand_edited_cache_record_is_not_followed_and_the_run_is_full(faulty, tmp_path, spoil):
    import json

    files, sources, _ = _copy(faulty, tmp_path)
    cache = tmp_path / "cache"
    first = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    (record_path,) = cache.glob("shacl-*.json")
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["inputs"]["files"][next(iter(record["inputs"]["files"]))] = spoil
    record_path.write_text(json.dumps(record), encoding="utf-8")
    again = validate(spacegraph.load(files, sources_dir=sources, use_store=False), cache_dir=cache)
    assert again.rechecked is None
    assert _lines(again) == _lines(first)
