"""The curated data says what the source says, and only that."""

import hashlib
import json
from rdflib import RDF, RDFS
from rdflib.namespace import DCTERMS, PROV, SKOS

from spacegraph import paths
from spacegraph.model import instances, label_of
from spacegraph.namespaces import OA, SG, SGID

def _labels(kg, nodes):
    return {label_of(kg.graph, n) for n in nodes}


def test_source_copy_matches_its_metadata():
    meta = json.loads((paths.sources_dir() / "china-trends-22.json").read_text())
    text = (paths.sources_dir() / meta["file"]).read_bytes()
    assert hashlib.sha256(text).hexdigest() == meta["sha256"]
    assert (paths.sources_dir() / "README.md").exists()


def test_every_state_that_joined_the_ilrs_is_a_member(kg):
    joined = {"Venezuela", "South Africa", "Azerbaijan", "Pakistan", "Belarus", "Egypt", "Thailand",
              "Nicaragua", "Serbia", "Kazakhstan", "Senegal"}
    members = _labels(kg, kg.graph.subjects(SG.memberOf, SGID["ilrs"]))
    assert joined <= members
    assert members - joined == {"Russia"}
    roles = {str(kg.graph.value(m, SG.roleName)) for m in kg.graph.subjects(SG.organization, SGID["ilrs"])}
    assert "member providing access to ground stations" in roles and "development partner" in roles


def test_the_april_2024_reorganisation(kg):
    g = kg.graph
    event = SGID["pla-reorganization-2024"]
    assert str(g.value(event, SG.date)) == "2024-04"
    created = _labels(kg, g.objects(event, SG.resultingOrganization))
    assert created == {"Military Aerospace Force", "Cyberspace Force", "Information Support Force"}
    assert _labels(kg, g.objects(event, SG.originalOrganization)) == {"Strategic Support Force"}
    for unit in g.objects(event, SG.resultingOrganization):
        assert (unit, SG.underCommandOf, SGID["central-military-commission"]) in g
        assert (SGID["strategic-support-force"], SG.succeededBy, unit) in g
    assert (SGID["military-aerospace-force"], SG.inheritsResponsibilitiesOf, SGID["space-systems-department"]) in g
    assert str(g.value(SGID["strategic-support-force"], SG.dissolutionDate)) == "2024-04"
    assert str(g.value(SGID["strategic-support-force"], SG.foundingDate)) == "2016"


def test_hosted_station_and_consumer_satcom(kg):
    g = kg.graph
    station = SGID["patagonia-deep-space-station"]
    assert (SGID["argentina"], SG.hosts, station) in g
    assert (SGID["china"], SG.operates, station) in g
    assert (station, SG.locatedIn, SGID["patagonia"]) in g
    integrators = _labels(kg, g.subjects(SG.integratesTechnology, SGID["satellite-communication"]))
    assert integrators == {"Huawei", "Xiaomi", "BYD"}


def test_acronyms_are_alt_labels(kg):
    alts = {str(a) for a in kg.graph.objects(None, SKOS.altLabel)}
    assert {"PLA", "SSF", "ASF", "ILRS", "CCP", "SSD"} <= alts


def test_hedged_statements_are_attributed_claims_not_facts(kg):
    g = kg.graph
    claim = SGID["claim-tianwen-3-sputnik-moment"]
    assert (claim, RDF.type, SG.Claim) in g
    assert (claim, SG.claimant, SGID["chinese-experts"]) in g
    quote = str(g.value(g.value(claim, SG.evidence), OA.exact))
    assert quote.startswith("Some Chinese experts suggest")
    # the hedged comparison is not asserted as a rivalry between the missions
    assert (SGID["tianwen-3"], SG.rivals, SGID["mars-sample-return"]) not in g
    for claim in instances(g, SG.Claim):
        assert g.value(claim, SG.claimant) is not None


def test_the_source_document_carries_its_metadata(kg):
    g = kg.graph
    doc = SGID["china-trends-22"]
    meta = json.loads((paths.sources_dir() / "china-trends-22.json").read_text())
    assert str(g.value(doc, SG.url)) == meta["url"]
    assert str(g.value(doc, SG.date)) == meta["published"]
    assert label_of(g, g.value(doc, SG.publishedBy)) == meta["publisher"]
    assert _labels(kg, g.objects(doc, SG.author)) == set(meta["authors"])
    articles = set(g.subjects(SG.partOf, doc))
    assert len(articles) == 4


def test_every_quote_points_at_a_source_document(kg):
    g = kg.graph
    quotes = set(g.objects(None, SG.evidence))
    assert len(quotes) > 100
    for quote in quotes:
        assert g.value(quote, PROV.wasQuotedFrom) == SGID["china-trends-22"]


def test_every_entity_has_a_type_label_and_description(kg):
    g = kg.graph
    for entity in instances(g, SG.Entity):
        assert g.value(entity, RDFS.label) is not None
        assert g.value(entity, DCTERMS.description) is not None


def test_no_external_identifiers_are_invented(kg):
    for _, p, o in kg.graph:
        assert "wikidata.org" not in str(o) and "wikidata.org" not in str(p)
