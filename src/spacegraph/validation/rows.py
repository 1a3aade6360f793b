"""Rows of a SPARQL query as plain terms, read from the Oxigraph store when there is one.

rdflib turns each row of an answer into rdflib terms, which at a million
triples costs more than the query. The checks that read many rows take them
as plain terms (:mod:`spacegraph.core.terms`: IRIs as strings, literals and blank
nodes as tuples) straight from the store, and make rdflib terms only for the
few nodes a problem names.

Examples
--------
>>> import spacegraph
>>> kg = spacegraph.load()
>>> rows = plain_rows(kg.graph, kg.source.store, "SELECT ?s WHERE { ?s a <https://w3id.org/spacegraph/ontology#State> }")
>>> all(type(s) is str for (s,) in rows), len(rows) > 10
(True, True)
"""

from ..core.terms import oxigraph_plain_converter, plain

__all__ = ["plain_rows"]


def plain_rows(graph, store, query):
    """Return the rows of ``query`` as tuples of plain terms, from ``store`` when given, else from ``graph``."""
    if store is None:
        return [tuple(plain(term) if term is not None else None for term in row) for row in graph.query(query)]
    convert = oxigraph_plain_converter()
    solutions = store.query(query)
    width = len(solutions.variables)
    return [tuple(convert(row[i]) for i in range(width)) for row in solutions]
