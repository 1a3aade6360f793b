"""Serialise the graph: Turtle, N-Triples and JSON-LD."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.formats import RDF
from ..errors import InvalidArgument

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["FORMATS", "serialize"]

#: Output file name suffix for each serialisation format (:data:`spacegraph.core.formats.RDF`).
FORMATS = RDF

_OXIGRAPH_SERIALIZERS = {"turtle": "ox-turtle", "nt": "ox-ntriples"}


def serialize(graph: Graph, format: str) -> str:
    """Return ``graph`` serialised as ``turtle``, ``nt`` or ``json-ld`` text.

    JSON-LD is written with a context of the project's prefixes, so its keys
    read ``sg:hosts`` rather than full IRIs.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to write.
    format : str
        ``turtle``, ``nt`` or ``json-ld``: a key of :data:`FORMATS`.

    Returns
    -------
    str

    Raises
    ------
    InvalidArgument
        ``format`` is none of them.

    Examples
    --------
    >>> from spacegraph.core.store import new_graph
    >>> serialize(new_graph(), "nt").strip()
    ''
    >>> '"sg:hosts"' in serialize(kg.graph, "json-ld")
    True
    >>> serialize(new_graph(), "rdf/xml")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: unknown format 'rdf/xml'; choose one of turtle, nt, json-ld
    """
    if format not in FORMATS:
        raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if format == "json-ld":
        from ..core.namespaces import PREFIXES

        context = {prefix: iri for prefix, iri in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    # Oxigraph's own serialisers: an order of magnitude faster than rdflib's.
    return graph.serialize(format=_OXIGRAPH_SERIALIZERS[format])
