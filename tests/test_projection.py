"""The NetworkX projection of the real data."""

import pytest
from helpers import explorer_payload

from spacegraph.core import paths
from spacegraph.core.facts import read_facts
from spacegraph.core.relationships import Relationships
from spacegraph.errors import SpacegraphError
from spacegraph.network.structure import explain_path
from spacegraph.validation.quotes import find_quote

SOURCE = (paths.sources_dir() / "china-trends-22.txt").read_text(encoding="utf-8")
SOURCES = {}   # document -> its text, read once


@pytest.fixture(scope="module")
def actors(kg):
    return kg.to_networkx()


@pytest.fixture(scope="module")
def full(kg):
    return kg.to_networkx(view="full")


def test_counts(actors, full):
    assert (actors.number_of_nodes(), actors.number_of_edges()) == (302, 484)
    assert (full.number_of_nodes(), full.number_of_edges()) == (369, 543)  # as docs/network.md says


@pytest.mark.parametrize("view", ["actors", "full"])
def test_nodes_are_entities_with_readable_ids_and_attributes(kg, view):
    G = kg.to_networkx(view=view)
    for node, data in G.nodes(data=True):
        assert node.startswith("sgid:"), node  # no literal ever becomes a node
        assert data["label"] and data["types"]
        # "other" only for what the source names without saying what it is
        assert data["kind"] != "other" or data["types"] == ["sg:Entity"], node
        assert isinstance(data["altLabels"], list)
    assert G.nodes["sgid:military-aerospace-force"]["altLabels"] == ["ASF", "Aerospace Force"]   # the 2025 report's name
    assert G.nodes["sgid:peace-ark"]["kind"] == "other"


@pytest.mark.parametrize("view", ["actors", "full"])
def test_every_edge_is_a_quoted_relationship(kg, view):
    G = kg.to_networkx(view=view)
    for u, v, key, data in G.edges(keys=True, data=True):
        # keyed by predicate, or for a claim by the claim node, so that two claims stay two edges
        assert key == data["predicate"] or key == data["relationship"], (u, v, key)
        assert data["predicate"].startswith("sg:") and data["predicate"] != "sg:evidence"
        assert "type" not in key
        assert data["label"]
        assert data["sources"], (u, v, key)
        for source in data["sources"]:
            text = SOURCES.setdefault(source["document"], (paths.sources_dir() / f"{source['document'][5:]}.txt").read_text(
                encoding="utf-8"))
            assert find_quote(text, source["quote"])


def test_actors_view_folds_relationship_nodes_into_edges(actors, full):
    venezuela = actors.edges["sgid:venezuela", "sgid:ilrs", "sg:memberOf"]
    assert venezuela["role"] == "member providing access to ground stations"
    assert venezuela["contributes"] == ["Ground stations offered by Venezuela"]
    russia = actors.edges["sgid:russia", "sgid:ilrs", "sg:developmentPartnerOf"]
    assert russia["role"] == "development partner" and len(russia["sources"]) == 2
    assert not actors.has_edge("sgid:russia", "sgid:ilrs", "sg:memberOf")  # a co-developer, not a member
    succession = actors.edges["sgid:strategic-support-force", "sgid:military-aerospace-force", "sg:succeededBy"]
    assert succession["date"] == "2024-04" and succession["event"] == "sgid:pla-reorganization-2024"
    assert actors.edges["sgid:huawei", "sgid:satellite-communication", "sg:integratesTechnology"]["product"] == \
        ["Electric vehicles", "Smartphones"]
    assert actors.edges["sgid:huawei", "sgid:smartphones", "sg:product"]["label"] == "integrates technology into"
    claim = actors.edges["sgid:chinese-experts", "sgid:tianwen-3", "sgid:claim-tianwen-3-sputnik-moment"]
    assert claim["hedged"] is True and claim["label"] == "claims about" and claim["predicate"] == "sg:about"
    # two claims by China about space stay two edges
    assert len(actors.get_edge_data("sgid:china", "sgid:outer-space")) == 2
    assert "sgid:membership-venezuela-ilrs" not in actors and "sgid:membership-venezuela-ilrs" in full
    assert "sgid:pla-reorganization-2024" in actors  # an event, not a relationship node
    assert "sgid:china-trends-22" not in actors and "sgid:china-trends-22" in full


def test_folding_never_drops_a_link_between_two_actors(kg, actors):
    """Every entity a relationship node links to keeps, in the actors view, an edge to another of the node's entities."""
    from spacegraph.core.terms import compact

    found = Relationships(read_facts(kg))
    for node in found.nodes:
        linked = {compact(o) for values in found.node_links[node].values() for o in values if o in found.entities}
        shown = linked & set(actors)
        for entity in shown:
            others = shown - {entity}
            assert any(actors.has_edge(entity, o) or actors.has_edge(o, entity) for o in others), (node, entity)
    path = [hop["to"] for hop in explain_path(actors, "War in Ukraine", "Russia")]
    assert path == ["sgid:russia"]


@pytest.mark.parametrize(
    "as_of, present, absent",
    [
        ("2023-06-01", "sgid:strategic-support-force", "sgid:military-aerospace-force"),
        ("2025-01-01", "sgid:military-aerospace-force", "sgid:strategic-support-force"),
        ("2024-04-15", "sgid:cyberspace-force", "sgid:strategic-support-force"),
        ("2015", "sgid:peoples-liberation-army", "sgid:strategic-support-force"),
    ],
)
def test_as_of_keeps_what_holds_on_that_date(kg, as_of, present, absent):
    G = kg.to_networkx(as_of=as_of)
    assert present in G and absent not in G
    assert "sgid:china" in G  # undated facts are timeless
    assert G.graph["as_of"]


def test_as_of_drops_edges_whose_ends_do_not_exist(kg):
    before = kg.to_networkx(as_of="2023-06-01")
    assert before.has_edge("sgid:strategic-support-force", "sgid:peoples-liberation-army")
    # the three forces under its command did not exist yet; the SSF reported to it ("Between 2016 and 2024")
    assert [u for u, _ in before.in_edges("sgid:central-military-commission")] == ["sgid:strategic-support-force"]
    after = kg.to_networkx(as_of="2025-01-01")   # and the SSF no longer exists
    assert sorted(u for u, _ in after.in_edges("sgid:central-military-commission")) == [
        "sgid:cyberspace-force", "sgid:information-support-force", "sgid:military-aerospace-force"]


@pytest.mark.parametrize("kwargs, message", [
    ({"as_of": "2024-13-01"}, "as-of date '2024-13-01' is not a date"),
    ({"as_of": "yesterday"}, "as-of date 'yesterday' is not a date"),
    ({"view": "everything"}, "unknown view 'everything'; choose one of actors, full"),
])
def test_bad_arguments(kg, kwargs, message):
    with pytest.raises(SpacegraphError, match=message):
        kg.to_networkx(**kwargs)


class CountingStore:
    """A pyoxigraph store that counts the reads made of it."""

    def __init__(self, store):
        self.store, self.reads = store, 0

    def quads_for_pattern(self, *args):
        self.reads += 1
        return self.store.quads_for_pattern(*args)

    def query(self, *args, **kwargs):
        self.reads += 1
        return self.store.query(*args, **kwargs)


def reads_of(kg, monkeypatch):
    """The reads of the store that projecting ``kg`` makes (the network file of a build left aside)."""
    from spacegraph.network import projection

    monkeypatch.setattr(projection, "read_network", lambda kg: (None, None))
    counting = CountingStore(kg.source.store)
    monkeypatch.setattr(kg.source, "store", counting)
    monkeypatch.setattr(kg, "query", lambda *a, **k: pytest.fail("the projection reads the store, not kg.query"))
    G = kg.to_networkx()
    return counting.reads, G


def test_projection_reads_do_not_grow_with_the_graph(kg, monkeypatch, tmp_path, synthetic):
    import spacegraph

    data, _ = synthetic.generate(40000, tmp_path)
    bigger = spacegraph.load([data])
    real_reads, G = reads_of(kg, monkeypatch)
    synthetic_reads, H = reads_of(bigger, monkeypatch)
    assert G.number_of_nodes() == 302 and H.number_of_nodes() > 2 * G.number_of_nodes()
    # one read per class, predicate and join: a fixed number, not one per node or edge (the real data
    # has a hedged statement, whose hedges take one more join)
    assert synthetic_reads <= real_reads <= synthetic_reads + 1 < 150


@pytest.mark.slow
def test_rdflib_store_gives_the_same_projection(kg):
    import rdflib

    from spacegraph.graph import KnowledgeGraph

    copy = rdflib.Graph()
    for triple in kg.graph:
        copy.add(triple)
    plain = KnowledgeGraph(copy, data_files=kg.data_files, sources_dir=kg.sources_dir)
    for view in ("actors", "full"):
        expected, got = kg.to_networkx(view=view), plain.to_networkx(view=view)
        assert sorted(got.nodes(data=True)) == sorted(expected.nodes(data=True))
        assert sorted(got.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))


RULES_AS_DATA = """\
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/vocabulary#> .

# a new class of actor, with its kind and how the explorer draws it
ex:Spacecraft a owl:Class ; rdfs:subClassOf sg:Entity ;
    sg:networkKind "spacecraft" ; sg:kindColour "#123456" ; sg:kindShape "star" .
ex:Lander a owl:Class ; rdfs:subClassOf ex:Spacecraft .

# a new kind of qualified node: which two roles are its ends, and its label
ex:Launch a owl:Class ; rdfs:subClassOf sg:Relationship ;
    sg:subjectRole ex:launcher ; sg:objectRole ex:payload ; sg:edgeLabel "launched"@en .
ex:launcher a owl:ObjectProperty .
ex:payload a owl:ObjectProperty .

sgid:agency a sg:GovernmentAgency ; rdfs:label "Agency"@en .
sgid:lander a ex:Lander ; rdfs:label "Lander"@en .
sgid:launch-1 a ex:Launch ; ex:launcher sgid:agency ; ex:payload sgid:lander .
"""


def test_a_new_class_and_a_new_qualified_node_need_no_python(tmp_path):
    """Kinds, styles and how a qualified node becomes an edge are read from the ontology's annotations."""
    import spacegraph
    from spacegraph.explorer import explorer_html

    data = tmp_path / "launches.ttl"
    data.write_text(RULES_AS_DATA)
    G = spacegraph.load([data]).to_networkx()
    assert G.nodes["sgid:lander"]["kind"] == "spacecraft"  # from the nearest class with a kind
    assert G.nodes["sgid:agency"]["kind"] == "government"
    assert [(u, v, d["label"]) for u, v, d in G.edges(data=True)] == [("sgid:agency", "sgid:lander", "launched")]
    assert G.graph["kind_styles"]["spacecraft"] == {"color": "#123456", "shape": "star"}

    html = explorer_html(G)
    payload = explorer_payload(html)
    lander = next(n for n in payload["nodes"] if n["id"] == "sgid:lander")
    assert (lander["color"], lander["shape"]) == ("#123456", "star")
    assert {"kind": "spacecraft", "color": "#123456", "shape": "star"} in payload["legend"]


def test_a_kind_style_from_data_is_used_only_when_it_is_a_colour_and_a_known_shape(tmp_path):
    import json

    import spacegraph
    from spacegraph.explorer import explorer_html

    data = tmp_path / "launches.ttl"
    data.write_text(RULES_AS_DATA.replace('"#123456"', '"red;background:url(https://example.org/x)"')
                    .replace('sg:kindShape "star"', 'sg:kindShape "<img src=x>"'))
    html = explorer_html(spacegraph.load([data]).to_networkx())
    payload = explorer_payload(html)
    lander = next(n for n in payload["nodes"] if n["id"] == "sgid:lander")
    assert (lander["color"], lander["shape"]) == ("#BBBBBB", "dot")
    assert "example.org/x" not in html and "<img src=x>" not in html
    assert "example.org/x" not in json.dumps(payload) and "<img src=x>" not in json.dumps(payload)
