"""SHACL validation shard by shard reports exactly what one whole-graph run reports."""

import pytest
from rdflib import Graph

import spacegraph
from spacegraph.core import paths
from spacegraph.validation.locate import SourceIndex
from spacegraph.validation.shacl import shacl_problems
from spacegraph.validation.shards import backward_predicates, plan_shards, read_descriptions, sharding_blocker

# one violation of each kind of constraint the shapes use, on entities spread over many shards
BROKEN = """@prefix sg: <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

sgid:{state} sg:hosts sgid:{other_state} .
sgid:{mission} sg:hosts sgid:{station} .
sgid:{company} rdfs:label "A second English label"@en .
sgid:orphan-company a sg:Company ; rdfs:label "Orphan"@en .
sgid:dated-company a sg:Company ; rdfs:label "Dated"@en ; dct:description "Dated."@en ;
    sg:foundingDate "sometime" .
sgid:integration-x a sg:TechnologyIntegration ; rdfs:label "Integration"@en ;
    sg:integrator sgid:{station} ; sg:technology sgid:{other_state} ;
    sg:evidence [ a sg:Quote ; oa:exact "" ] .
[] a rdf:Statement ; rdf:subject sgid:{state} ; rdf:predicate sg:hosts ;
    sg:evidence [ a sg:Quote ; prov:wasQuotedFrom sgid:{other_state} ] .
sgid:untyped-target rdfs:label "Untyped"@en .
sgid:{company} sg:locatedIn sgid:untyped-target .
"""


@pytest.fixture(scope="module")
def broken_graph(tmp_path_factory, synthetic):
    import re

    folder = tmp_path_factory.mktemp("shards")
    data, _ = synthetic.generate(6000, folder)
    typed = re.findall(r"^sgid:([a-z]+-\d+) a sg:(\w+)", data.read_text(encoding="utf-8"), flags=re.M)
    first = {}
    for slug, cls in typed:
        first.setdefault(cls, []).append(slug)
    names = {"state": first["State"][0], "other_state": first["State"][-1], "mission": first["Mission"][-1],
             "station": first["GroundStation"][0], "company": first["Company"][len(first["Company"]) // 2]}
    broken = folder / "broken.ttl"
    broken.write_text(BROKEN.format(**names), encoding="utf-8")
    return spacegraph.load([data, broken])


def _messages(kg, **kwargs):
    # pySHACL in shards or whole, not the store's own answers to the shapes (tests/test_validation_incremental.py)
    index = SourceIndex([paths.ontology_file(), *kg.data_files])
    kwargs.setdefault("direct", False)
    return [str(p) for p in shacl_problems(kg.graph, paths.shapes_file(), index, kg=kg, **kwargs)]


@pytest.mark.slow
def test_shards_report_every_violation_of_the_whole_graph(broken_graph):
    whole = _messages(broken_graph, shard_triples=10**9)
    for expected in ("must be a facility", "Only an agent can be the subject of hosts", "one English rdfs:label",
                     "English dct:description", "founding date", "must be an agent", "must be a technology",
                     "exactly one oa:exact", "prov:wasQuotedFrom", "rdf:object"):
        assert any(expected in message for message in whole), expected
    sharded = _messages(broken_graph, shard_triples=500, workers=1)
    assert sorted(sharded) == sorted(whole)


@pytest.mark.slow
def test_worker_processes_give_the_same_report(broken_graph):
    whole = _messages(broken_graph, shard_triples=10**9)
    assert sorted(_messages(broken_graph, shard_triples=2000, workers=2)) == sorted(whole)


def test_every_node_is_owned_by_exactly_one_shard(broken_graph):
    shapes = Graph().parse(paths.shapes_file())
    descriptions = read_descriptions(broken_graph, backward_predicates(shapes))
    shards = list(plan_shards(descriptions, 500))
    assert len(shards) > 10
    owned = [node for nodes, _ in shards for node in nodes]
    assert len(owned) == len(set(owned))
    assert set(descriptions.by_subject) <= set(owned)
    assert max(len(triples) for _, triples in shards) < 500 + 2000  # one anchor's description past the cut


@pytest.mark.parametrize("extra, reason", [
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .", "sh:sparql"),
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:property [ sh:path ( sg:hosts sg:operatedBy ) ; sh:minCount 1 ] .",
     "longer than one step"),
    ("[] a sh:NodeShape ; sh:targetClass sg:State ; sh:property [ sh:path sg:hosts ; sh:node [ sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] ] .",
     "looks beyond it"),
])
def test_shapes_that_look_further_are_validated_whole(extra, reason):
    shapes = Graph().parse(paths.shapes_file())
    shapes.parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sg: <https://w3id.org/spacegraph/ontology#> . "
                      "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . " + extra, format="turtle")
    assert reason in sharding_blocker(shapes)


def test_cli_rejects_out_of_range_shard_options(tmp_path):
    from click.testing import CliRunner

    from spacegraph.cli import main

    for option in (["--workers", "0"], ["--shard-triples", "10"]):
        result = CliRunner().invoke(main, ["validate", *option])
        assert result.exit_code != 0
        assert option[0] in result.output
