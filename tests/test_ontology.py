from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.namespace import OWL

from spacegraph.core import paths
from spacegraph.core.model import defined_terms, most_specific_types
from spacegraph.core.namespaces import SG

SH = Namespace("http://www.w3.org/ns/shacl#")


def _ontology():
    return Graph().parse(paths.ontology_file())


# the closed namespace SG against this file: tests/test_namespaces.py


def test_every_term_has_an_english_label_and_a_one_sentence_comment():
    g = _ontology()
    for term in defined_terms(g):
        labels = [label for label in g.objects(term, RDFS.label) if isinstance(label, Literal) and label.language == "en"]
        comments = [c for c in g.objects(term, RDFS.comment) if isinstance(c, Literal) and c.language == "en"]
        assert len(labels) == 1, term
        assert len(comments) == 1, term
        text = str(comments[0])
        assert text.endswith(".") and text.count(". ") == 0, (term, text)


def test_every_property_has_a_domain_and_a_range():
    g = _ontology()
    properties = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(properties) > 50
    for prop in properties:
        assert (prop, RDFS.domain, None) in g, prop
        assert (prop, RDFS.range, None) in g, prop


def test_classes_align_with_standard_vocabularies():
    g = _ontology()
    parents = {str(o) for c in g.subjects(RDF.type, OWL.Class) for o in g.objects(c, RDFS.subClassOf)}
    for base in ["http://www.w3.org/ns/org#", "https://schema.org/", "http://xmlns.com/foaf/0.1/",
                 "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/oa#"]:
        assert any(p.startswith(base) for p in parents), base


def test_the_ontology_can_say_what_the_sector_needs():
    needed = [
        "State", "Region", "Organization", "GovernmentAgency", "ArmedForce", "MilitaryUnit", "PoliticalParty",
        "Company", "StateOwnedCompany", "PrivateCompany", "ResearchInstitute", "MediaOutlet", "Person", "Mission",
        "Programme", "Policy", "Facility", "GroundStation", "DeepSpaceStation", "SpaceStation",
        "SatelliteConstellation", "Technology", "FrequencySpectrum", "CelestialBody", "Event", "Reorganization",
        "War", "Document", "Report", "Article", "Membership",
        "hosts", "operates", "memberOf", "partnerOf", "underCommandOf", "subOrganizationOf", "originalOrganization",
        "resultingOrganization", "succeededBy", "inheritsResponsibilitiesOf", "integratesTechnology",
        "benchmarksAgainst", "rivals", "destination", "author", "publishedBy", "partOf", "affiliatedWith",
        "roleName", "locatedIn", "founderOf", "startDate", "endDate",
    ]
    defined = {str(t)[len(str(SG)):] for t in defined_terms(_ontology())}
    assert set(needed) <= defined


def test_every_class_the_data_uses_has_a_shape(kg):
    shapes = Graph().parse(paths.shapes_file())
    targeted = set(shapes.objects(None, SH.targetClass))
    used = set()
    for node in set(kg.graph.subjects(RDF.type, None)):
        used |= most_specific_types(kg.graph, node)
    assert used, "no classes found"
    assert used <= targeted, sorted(str(c) for c in used - targeted)
