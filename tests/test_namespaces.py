"""The closed namespace ``SG`` (core/namespaces.py) against the ontology, term by term, both ways."""

import pytest
from rdflib import Graph, URIRef

from spacegraph.core import paths
from spacegraph.core.model import defined_terms
from spacegraph.core.namespaces import SG

IN_CODE = set(SG.__annotations__)


def _names(terms):
    return {str(term)[len(str(SG)):] for term in terms}


def test_sg_holds_exactly_the_classes_and_properties_the_ontology_declares():
    declared = _names(defined_terms(Graph().parse(paths.ontology_file())))
    missing, extra = sorted(declared - IN_CODE), sorted(IN_CODE - declared)
    assert (missing, extra) == ([], []), f"add to SG: {missing}; take out of SG (spacegraph.ttl does not declare them): {extra}"
    assert len(IN_CODE) > 100


@pytest.mark.parametrize("path", [paths.ontology_file, paths.shapes_file], ids=["ontology", "shapes"])
def test_every_sg_term_a_vocabulary_file_names_is_in_sg(path):
    graph = Graph().parse(path())
    named = _names(term for triple in graph for term in triple if isinstance(term, URIRef) and str(term).startswith(str(SG)))
    assert named and not sorted(named - IN_CODE), f"{path().name} names terms SG lacks: {sorted(named - IN_CODE)}"


def test_sg_refuses_a_misspelt_term():
    with pytest.raises(AttributeError):
        SG.hostz  # noqa: B018
