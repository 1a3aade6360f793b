"""Reading the data model: classes, instances and labels of a graph.

These helpers work on any rdflib graph that holds the ontology next to the
data, as :func:`spacegraph.load` builds it.

Examples
--------
>>> import spacegraph
>>> from spacegraph.core.model import label_of, instances
>>> from spacegraph.core.namespaces import SG, SGID
>>> kg = spacegraph.load()
>>> label_of(kg.graph, SGID["military-aerospace-force"])
'Military Aerospace Force'
>>> SGID["argentina"] in instances(kg.graph, SG.State)
True
"""


from rdflib import RDF, RDFS, Literal
from rdflib.namespace import OWL
from rdflib.term import Node

from .namespaces import SG
from .terms import shown

__all__ = [
    "subclasses",
    "instances",
    "label_of",
    "short_name",
    "defined_terms",
    "most_specific_types",
]


def subclasses(graph, cls):
    """Return ``cls`` and every class below it through ``rdfs:subClassOf``."""
    found = {cls}
    frontier = [cls]
    while frontier:
        parent = frontier.pop()
        for child in graph.subjects(RDFS.subClassOf, parent):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def instances(graph, cls):
    """Return the set of nodes typed ``cls`` or one of its subclasses."""
    nodes = set()
    for each in subclasses(graph, cls):
        nodes.update(graph.subjects(RDF.type, each))
    return nodes


def short_name(graph, node):
    """Return a prefixed name for an IRI (``sgid:china``), or the IRI itself."""
    if isinstance(node, Literal):
        return repr(str(node))
    return shown(node, {prefix: str(namespace) for prefix, namespace in graph.namespaces()})


def label_of(graph, node):
    """Return the English ``rdfs:label`` of ``node``, else its first label (:func:`~spacegraph.core.names.keep_label`),
    else its prefixed name."""
    from .names import keep_label

    found: dict[str, str] = {}
    for value in graph.objects(node, RDFS.label):
        keep_label(found, "label", str(value), value.language if isinstance(value, Literal) else None)
    return found.get("label") or short_name(graph, node)


def defined_terms(graph, namespace=SG):
    """Return the classes, properties and datatypes that the ontology in ``graph`` defines."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property, RDFS.Datatype)
    terms: set[Node] = set()
    for kind in kinds:
        terms.update(s for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(namespace)))
    return terms


def most_specific_types(graph, node, namespace=SG):
    """Return the types of ``node`` in ``namespace`` that no other of its types is below."""
    types = {t for t in graph.objects(node, RDF.type) if str(t).startswith(str(namespace))}
    return {t for t in types if not any(other != t and (other, RDFS.subClassOf, t) in graph for other in types)}
