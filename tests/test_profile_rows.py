"""The profile rows the build finds in Python are the rows their queries define (queries/derived/*.rq)."""

import pytest

import spacegraph
from spacegraph.core.derived import listing_files
from spacegraph.core.prefixes import PREFIXES
from spacegraph.core.profile_rows import COLUMNS, QUOTES_COLUMNS, SECTOR_COLUMNS, Profiles, _term_key

#: What each listing's query orders by (indexes of its columns); the direction is plain text.
ORDER = {"actor-profile": ("actor", "direction", "relation", "otherLabel", "other", "via", "role"),
         "sector-overview": ("actorLabel", "direction", "relation", "otherLabel", "via", "role"),
         "quotes": ("exact", "subjectLabel", "relation", "objectLabel")}
LISTINGS = [("actor-profile", COLUMNS), ("sector-overview", SECTOR_COLUMNS), ("quotes", QUOTES_COLUMNS)]


def _rows(profiles, name):
    return {"actor-profile": profiles.actor_profile, "sector-overview": profiles.sector_overview,
            "quotes": profiles.quotes}[name]()


def _query_rows(kg, name):
    listing = next(p for p in listing_files() if p.stem == name)
    return [tuple(row) for row in kg.source.store.query(listing.read_text(encoding="utf-8"), prefixes=PREFIXES)]


def _comparable(row):
    # the query joins a row's quotes in the engine's order: compare them as a set
    if len(row) == len(QUOTES_COLUMNS):
        return tuple(map(str, row))
    *values, quote = row
    return tuple(str(v) for v in values) + (None if quote is None else tuple(sorted(quote.value.split(" | "))),)


def _keys(rows, name, columns):
    indexes = [columns.index(column) for column in ORDER[name]]
    return [tuple(_term_key(row[i]) for i in indexes) for row in rows]


def _assert_same_rows(kg, name, found, columns, *, ties=False):
    expected = _query_rows(kg, name)
    assert len(expected) > 0
    assert sorted(map(_comparable, found)) == sorted(map(_comparable, expected)), name
    keys = _keys(found, name, columns)
    assert keys == sorted(keys), f"{name}: rows out of the query's order"
    # the query orders a row's quotes too: with no two rows of an actor tied on the order's keys (an actor
    # with two labels), the very same rows in the very same order
    if name != "sector-overview" and not ties:
        assert found == expected


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory, synthetic):
    folder = tmp_path_factory.mktemp("synthetic")
    synthetic.generate(20_000, folder, seed=11)
    return spacegraph.load([folder / "synthetic.ttl"], sources_dir=folder / "sources", use_store=False)


@pytest.mark.parametrize("name, columns", LISTINGS)
def test_the_real_data_gives_the_rows_of_the_query(kg, name, columns):
    profiles = Profiles(kg.source.store)
    found = _rows(profiles, name)
    _assert_same_rows(kg, name, found, columns)


@pytest.mark.slow
@pytest.mark.parametrize("graph", ["two_sources", "synthetic_graph"])
@pytest.mark.parametrize("name, columns", LISTINGS)
def test_other_graphs_give_the_rows_of_the_query(request, graph, name, columns):
    kg = request.getfixturevalue(graph)
    profiles = Profiles(kg.source.store)
    found = _rows(profiles, name)
    _assert_same_rows(kg, name, found, columns)


EDGE_CASES = """\
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .

# two labels for one actor, an unlabelled one, a self-loop, two roles on one membership,
# a claim about a document, and a membership whose triple the data lacks
sgid:twin a sg:Company ; rdfs:label "Twin"@en , "Jumeau"@fr .
sgid:nameless a sg:Company .
sgid:twin sg:partnerOf sgid:twin , sgid:nameless , sgid:argentina .
sgid:membership-twin a sg:Membership ; rdfs:label "Twin in the ILRS"@en ;
    sg:member sgid:twin ; sg:organization sgid:ilrs ; sg:roleName "observer"@en , "founder"@en ;
    sg:evidence [ oa:exact "Twin joined." ] .
sgid:twin sg:memberOf sgid:ilrs .
sgid:membership-lone a sg:Membership ; rdfs:label "Lone membership"@en ;
    sg:member sgid:argentina ; sg:organization sgid:twin .
sgid:claim-twin a sg:Claim ; rdfs:label "A claim about twins"@en ;
    sg:claimant sgid:twin ; sg:about sgid:argentina , sgid:twin ;
    sg:evidence [ oa:exact "b quote" ] , [ oa:exact "a quote" ] .
"""


@pytest.mark.parametrize("name, columns", LISTINGS)
def test_labels_roles_loops_and_lone_nodes_give_the_rows_of_the_query(tmp_path, name, columns):
    from spacegraph.core import paths

    extra = tmp_path / "edge-cases.ttl"
    extra.write_text(EDGE_CASES, encoding="utf-8")
    kg = spacegraph.load([*paths.data_files(), extra], use_store=False)
    profiles = Profiles(kg.source.store)
    found = _rows(profiles, name)
    _assert_same_rows(kg, name, found, columns, ties=True)
    if name == "quotes":
        assert {row[0].value for row in found if row[1].value.endswith("/twin")} == {"Twin joined."}
        assert {row[0].value for row in found if row[1].value.endswith("/claim-twin")} == {"a quote", "b quote"}
        return
    twin = [row for row in found if row[0].value.endswith("/twin")]
    labels = {row[1].value for row in twin}
    assert labels == {"Twin", "Jumeau"}  # a row for each of the actor's labels
    assert not any(row[4 if name == "actor-profile" else 5].value.endswith("/nameless") for row in found)
    if name == "actor-profile":
        roles = {row[6].value for row in twin if row[3].value == "member of"}
        assert roles == {"observer", "founder"}
        claim = next(row for row in twin if row[7] is not None and row[7].value == "A claim about twins")
        assert claim[8].value == "a quote | b quote"
