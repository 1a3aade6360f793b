"""One rule for what a relationship is, held by stats, the named queries, the projection and validation.

A relationship node that qualifies a direct triple (a membership qualifies "member of") and
the triple are one relationship. The fixture `held-both-ways.ttl` holds two relationships
both ways and a claim that only a node holds.
"""

from pathlib import Path

import pytest

import spacegraph
from spacegraph.core.facts import read_facts
from spacegraph.core.relationships import Relationships


@pytest.fixture(scope="module")
def both():
    return spacegraph.load([Path(__file__).parent / "data" / "held-both-ways.ttl"])


def test_the_rule_finds_each_relationship_once(both):
    found = Relationships(read_facts(both))
    relationships = list(found.relationships())
    triples = sorted((r.subject.rsplit("/", 1)[1], r.predicate.rsplit("#", 1)[1], r.object.rsplit("/", 1)[1])
                     for r in relationships if r.node is None)
    assert triples == [("china-trends-22", "author", "mathieu-duchatel"),
                       ("russia", "developmentPartnerOf", "ilrs"),
                       ("venezuela", "memberOf", "ilrs")]
    alone = [r for r in relationships if r.node is not None]
    assert [r.node.rsplit("/", 1)[1] for r in alone] == ["claim-tianwen-3-sputnik-moment"]
    member = next(r for r in relationships if r.predicate.endswith("#memberOf"))
    assert [q.rsplit("/", 1)[1] for q in member.qualifiers] == ["membership-venezuela-ilrs"]
    # the ground stations the member contributes take part in the membership
    assert {p.rsplit("/", 1)[1] for p in member.participants} == {"venezuela", "ilrs", "venezuela-ilrs-ground-stations"}


def test_stats_count_a_relationship_held_both_ways_once(both):
    stats = both.stats()
    assert stats.relationships_by_predicate == {"attributed claim": 1, "author": 1, "development partner of": 1,
                                                "member of": 1}
    assert (stats.relationship_count, stats.direct_relationship_count, stats.relationship_node_count) == (4, 3, 3)
    assert stats.qualifying_nodes == 2
    assert stats.relationships_by_entity["sgid:ilrs"] == 2
    assert stats.relationships_by_entity["sgid:war-in-ukraine"] == 1


def test_relationship_counts_agrees_with_stats(both):
    counted = {str(r.predicateLabel): (int(r.relationships), int(r.withQuote)) for r in both.query("relationship-counts")}
    assert counted == {label: (n, n) for label, n in both.stats().relationships_by_predicate.items()}


def test_most_connected_agrees_with_stats(both):
    expected = both.stats().relationships_by_entity
    got = {"sgid:" + str(r.entity).rsplit("/", 1)[1]: int(r.relationships) for r in both.query("most-connected")}
    assert got == expected


def test_actor_profile_shows_a_relationship_held_both_ways_once(both):
    rows = [(str(r.direction), str(r.relation), str(r.otherLabel), str(r.role or "")) for r in both.query("actor-profile", actor="ILRS")]
    assert sorted(rows) == [("<-", "development partner of", "Russia", "development partner"),
                            ("<-", "member of", "Venezuela", "member providing access to ground stations")]
    russia = {(str(r.direction), str(r.relation), str(r.otherLabel)) for r in both.query("actor-profile", actor="Russia")}
    assert russia == {("->", "development partner of", "International Lunar Research Station"),
                      ("->", "involvement complicated by", "War in Ukraine")}


def test_quotes_and_evidence_list_each_relationship_once(both):
    quotes = [(str(r.subjectLabel), str(r.relation), str(r.objectLabel or "")) for r in both.query("quotes")]
    assert quotes.count(("Venezuela", "member of", "International Lunar Research Station")) == 1
    assert ("Tianwen-3 as China's Sputnik moment (claim)", "attributed claim", "") in quotes
    evidence = list(both.query("evidence", actor="Venezuela", other="ILRS"))
    assert [(str(r.relation), str(r.via)) for r in evidence] == [("member of", "Venezuela in the ILRS")]


@pytest.mark.parametrize("view", ["actors", "full"])
def test_the_projection_draws_a_relationship_held_both_ways_once(both, view):
    G = both.to_networkx(view=view)
    if view == "actors":
        assert list(G.get_edge_data("sgid:venezuela", "sgid:ilrs")) == ["sg:memberOf"]
        edge = G.edges["sgid:venezuela", "sgid:ilrs", "sg:memberOf"]
        assert edge["role"] == "member providing access to ground stations"
        assert edge["qualifiedBy"] == ["sgid:membership-venezuela-ilrs"]
        assert len(edge["sources"]) == 1  # the same passage, on the statement and on the node
        # folding keeps every link: the war and the ground stations stay linked to their actor
        war = G.edges["sgid:russia", "sgid:war-in-ukraine", "sg:complicatedBy"]
        assert war["via"] == "sgid:development-partnership-russia-ilrs" and war["label"] == "involvement complicated by"
        assert G.has_edge("sgid:venezuela", "sgid:venezuela-ilrs-ground-stations")
        claim = G.edges["sgid:chinese-experts", "sgid:tianwen-3", "sgid:claim-tianwen-3-sputnik-moment"]
        assert claim["hedged"] is True and claim["label"] == "claims about" and claim["hedge"] == "Some Chinese experts suggest"
    else:
        assert not G.has_edge("sgid:venezuela", "sgid:ilrs")  # the node stands for it
        assert G.has_edge("sgid:membership-venezuela-ilrs", "sgid:venezuela")
        assert G.nodes["sgid:membership-venezuela-ilrs"]["qualifies"] == ["sgid:venezuela sg:memberOf sgid:ilrs"]


def test_a_node_without_the_triple_it_qualifies_is_a_validation_problem(fixture_path):
    report = spacegraph.load([fixture_path("qualified-without-triple.ttl")]).validate()
    assert [p.check for p in report.problems] == ["qualified"]
    problem = report.problems[0]
    assert "sgid:membership-venezuela-ilrs" in problem.message and "sg:memberOf sgid:ilrs" in problem.message
    assert problem.path.endswith("qualified-without-triple.ttl") and problem.line


def test_the_real_data_follows_the_rule(kg):
    stats = kg.stats()
    counted = {str(r.predicateLabel): (int(r.relationships), int(r.withQuote)) for r in kg.query("relationship-counts")}
    assert counted == {label: (n, n) for label, n in stats.relationships_by_predicate.items()}
    # ILRS members that joined, not the development partner
    members = {str(r.memberLabel) for r in kg.query("SELECT ?memberLabel WHERE { ?m sg:memberOf sgid:ilrs ; rdfs:label ?memberLabel }")}
    assert len(members) == 11 and "Russia" not in members
    profile = [(str(r.direction), str(r.relation), str(r.otherLabel)) for r in kg.query("actor-profile", actor="ILRS")]
    assert len(profile) == len(set(profile)) == stats.relationships_by_entity["sgid:ilrs"]
    ranking = [("sgid:" + str(r.entity).rsplit("/", 1)[1], int(r.relationships)) for r in kg.query("most-connected")]
    assert ranking[0] == ("sgid:china", stats.relationships_by_entity["sgid:china"])
    assert all(stats.relationships_by_entity[e] == n for e, n in ranking)
