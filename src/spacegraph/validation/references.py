"""References must resolve: typed and labelled instances, known terms, distinct labels."""

from typing import Any

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import OWL, SKOS

from ..core.characters import invisible_in, visible
from ..core.folding import fold
from ..core.model import defined_terms, label_of, short_name, subclasses
from ..core.namespaces import SG, SGID
from ..core.terms import to_rdflib
from .report import Problem
from .rows import plain_rows

__all__ = ["reference_problems", "label_clash_problems"]


_SG_TERMS = """SELECT DISTINCT ?term WHERE {
  { ?s ?term ?o } UNION { ?s a ?term }
  FILTER(STRSTARTS(STR(?term), "%s"))
}"""
_INSTANCE_IRIS = """SELECT DISTINCT ?node WHERE {
  { ?node ?p ?o } UNION { ?s ?p ?node }
  FILTER(isIRI(?node) && STRSTARTS(STR(?node), "%s"))
}"""


_TYPED = """SELECT DISTINCT ?node WHERE { VALUES ?class { %s } ?node a ?class }"""


def _instances_of(graph, store, *classes):
    """The plain terms typed one of ``classes`` or a class below one of them (one query)."""
    below = set().union(*(subclasses(graph, cls) for cls in classes))
    return {row[0] for row in plain_rows(graph, store, _TYPED % " ".join(f"<{c}>" for c in sorted(below)))}


def reference_problems(graph, index, store=None):
    """Report dangling instance IRIs, instances of no spacegraph class, and unknown ``sg:`` terms.

    The store finds the terms and instance IRIs in use (two queries); Python
    only sees the distinct ones, read from ``store`` (the Oxigraph store under
    ``graph``) when it is given.
    """
    problems = []
    known = defined_terms(graph)
    described = _instances_of(graph, store, SG.Entity, SG.Relationship)

    used = {row[0] for row in graph.query(_SG_TERMS % SG)}
    for term in sorted(used - known):
        name = short_name(graph, term)
        file, line = index.find_text(name + " ", name + ";", name)
        problems.append(Problem("reference", f"{name} is not defined in ontology/spacegraph.ttl (misspelt term?)", file, line))

    referenced = {row[0] for row in plain_rows(graph, store, _INSTANCE_IRIS % SGID)}
    for node in sorted(URIRef(iri) for iri in referenced - described):
        name = short_name(graph, node)
        has_type = (node, RDF.type, None) in graph
        has_label = (node, RDFS.label, None) in graph
        if not has_type:
            missing = "no rdf:type" + ("" if has_label else " and no rdfs:label")
            message = f"{name} is referenced but has {missing} (dangling IRI: misspelt, or its description is missing)"
        else:
            types = ", ".join(sorted(short_name(graph, t) for t in graph.objects(node, RDF.type)))
            message = f"{name} is typed {types}, which is not a spacegraph entity or relationship class"
        file, line = index.locate(node)
        if file is None:
            file, line = index.find_text(name + " ", name)
        problems.append(Problem("reference", message, file, line))
    return problems


def _told_apart(graph, a, b):
    linked = (a, OWL.differentFrom, b) in graph or (b, OWL.differentFrom, a) in graph
    noted = (a, SKOS.scopeNote, None) in graph or (b, SKOS.scopeNote, None) in graph
    return linked and noted


_NAMES = """SELECT DISTINCT ?node ?predicate ?value WHERE {
  VALUES ?class { %s } ?node a ?class .
  VALUES ?predicate { <%s> <%s> } ?node ?predicate ?value . FILTER(isLiteral(?value))
}"""


def label_clash_problems(graph, index, store=None):
    """Report two entities that share a label or alternative label without saying how they differ, and names that hide characters.

    Two entities may share a name only when one is ``owl:differentFrom`` the
    other and a ``skos:scopeNote`` says how they differ. No name may hold a
    bidirectional control or a zero-width character
    (:data:`spacegraph.core.characters.INVISIBLE`): shown as they are, they let one
    name pose as another. The names are read in one query, from ``store``
    (the Oxigraph store under ``graph``) when it is given.
    """
    classes = " ".join(f"<{c}>" for c in sorted(subclasses(graph, SG.Entity)))
    rows = plain_rows(graph, store, _NAMES % (classes, RDFS.label, SKOS.altLabel))
    owners: dict[str, dict[Any, str]] = {}  # {name key: {node: the name as written}}
    nodes: dict[Any, URIRef] = {}
    problems = []
    for node, predicate, value in sorted(rows, key=lambda row: row[1] != str(RDFS.label)):  # labels, then alternatives
        node = nodes.get(node) or nodes.setdefault(node, to_rdflib(node))
        owners.setdefault(fold(value[1]), {})[node] = value[1]
        hidden = invisible_in(value[1])
        if hidden:
            file, line = index.find_in_description(node, value[1])
            if file is None:
                file, line = index.locate(node)
            kind = "label" if predicate == str(RDFS.label) else "alternative label"
            problems.append(Problem("label", f'{short_name(graph, node)} has the {kind} "{visible(value[1])}", which holds '
                                             f"{hidden}: it changes how the name shows, so one name could pose as another; "
                                             "remove it", file, line))
    reported = set()
    for _key, holders in sorted(owners.items()):
        sharing = sorted(holders)
        for i, a in enumerate(sharing):
            for b in sharing[i + 1:]:
                if (a, b) in reported or _told_apart(graph, a, b):
                    continue
                reported.add((a, b))
                file, line = index.locate(b)
                problems.append(Problem(
                    "label",
                    f'{short_name(graph, a)} "{label_of(graph, a)}" and {short_name(graph, b)} "{label_of(graph, b)}" '
                    f'share the name "{holders[b]}"; link them with owl:differentFrom and add a skos:scopeNote saying how they differ',
                    file, line))
    return problems
