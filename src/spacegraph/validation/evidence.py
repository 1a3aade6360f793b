"""Every entity-to-entity triple must be backed by a quote.

A triple between two ``sgid:`` instances is backed when an ``rdf:Statement``
with the same subject, predicate and object carries ``sg:evidence``, or when
its subject is a relationship node (membership, claim...) that carries its
own ``sg:evidence``.
"""

from rdflib import RDF
from rdflib.namespace import OWL

from ..core.model import instances, label_of, short_name
from ..core.namespaces import SG
from ..core.prefixes import sparql_prefixes
from ..core.terms import plain, to_rdflib
from .report import Problem, in_file_order
from .rows import plain_rows

__all__ = ["evidence_problems", "EDITORIAL_PREDICATES"]

#: Predicates that state how the data is organised, not a fact of the source.
EDITORIAL_PREDICATES = frozenset({RDF.type, OWL.differentFrom})


_PREFIXES = sparql_prefixes("rdf", "owl", "sg")
_EVIDENCED = _PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE {
  ?statement a rdf:Statement ; sg:evidence ?quote ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
}"""
_NOT_STATED = _PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE {
  ?statement a rdf:Statement ; sg:evidence ?quote ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS { ?s ?p ?o }
}"""
_BETWEEN_INSTANCES = _PREFIXES + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/spacegraph/id/")
         && STRSTARTS(STR(?s), "https://w3id.org/spacegraph/id/") && ?p NOT IN (EDITORIAL))
}""".replace("EDITORIAL", ", ".join(sorted(f"<{p}>" for p in EDITORIAL_PREDICATES)))


def evidenced_triples(graph, store=None):
    """Return the set of ``(s, p, o)`` that an ``rdf:Statement`` with evidence describes, as plain terms."""
    return set(plain_rows(graph, store, _EVIDENCED))


def evidence_problems(graph, index, store=None):
    """Return a problem for each entity-to-entity triple that no quote backs.

    Also reports evidence statements about a triple the data does not state,
    which usually means a typo in the statement or in the triple. The store
    does the joins (three queries); Python compares the sets, of plain terms
    read from ``store`` (the Oxigraph store under ``graph``) when it is given.
    """
    problems = []
    backed = evidenced_triples(graph, store)
    relationship_nodes = instances(graph, SG.Relationship)
    self_evidenced = {plain(node) for node in relationship_nodes if (node, SG.evidence, None) in graph}
    relationship_nodes = {plain(node) for node in relationship_nodes}

    for s, p, o in sorted(tuple(row) for row in graph.query(_NOT_STATED)):
        triple = f"{short_name(graph, s)} {short_name(graph, p)} {short_name(graph, o)}"
        file, line = index.find_text(f"rdf:subject {short_name(graph, s)} ; rdf:predicate {short_name(graph, p)} ; rdf:object "
                                     f"{short_name(graph, o)}")
        problems.append(Problem("evidence", f"evidence is given for {triple}, but the data does not state that triple", file, line))

    unbacked_nodes = set()
    for row in plain_rows(graph, store, _BETWEEN_INSTANCES):
        if row[0] in self_evidenced or row in backed:
            continue
        s, p, o = (to_rdflib(term) for term in row)
        if row[0] in relationship_nodes:
            unbacked_nodes.add(s)
            continue
        triple = f"{short_name(graph, s)} {short_name(graph, p)} {short_name(graph, o)}"
        file, line = index.find_text(triple)
        if file is None:
            file, line = index.locate(s)
        said = f'"{label_of(graph, s)}" {label_of(graph, p)} "{label_of(graph, o)}"'
        problems.append(Problem("evidence", f"no quote backs {triple} ({said})", file, line))
    for node in sorted(unbacked_nodes):
        file, line = index.locate(node)
        named = f'{short_name(graph, node)} "{label_of(graph, node)}"'
        problems.append(Problem("evidence", f"relationship node {named} carries no sg:evidence", file, line))
    return in_file_order(problems)
