"""Serialise the graph: Turtle, N-Triples and JSON-LD, written as they are made.

Turtle and N-Triples are written by Oxigraph's serialisers, an order of magnitude faster than
rdflib's. JSON-LD is written here, node by node: a context of the project's prefixes, then one
node object per line in ``@graph`` (keys and IRIs compacted, ``sg:hosts``), so that the file of
ten million triples is written without the graph ever being held as JSON in memory (rdflib's
JSON-LD serializer builds the whole document first).
"""

from __future__ import annotations

import io
import json
from typing import IO, TYPE_CHECKING, Any

from ..core.formats import RDF
from ..errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyoxigraph
    from rdflib import Graph

__all__ = ["FORMATS", "serialize", "write_rdf"]

#: Output file name suffix for each serialisation format (:data:`spacegraph.core.formats.RDF`).
FORMATS = RDF

_OXIGRAPH_SERIALIZERS = {"turtle": "ox-turtle", "nt": "ox-ntriples"}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NODES_PER_WRITE = 1000


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
    buffer = io.BytesIO()
    write_rdf(graph, format, buffer)
    return buffer.getvalue().decode("utf-8")


def write_rdf(graph: Graph, format: str, out: IO[bytes], *, store: pyoxigraph.Store | None = None) -> None:
    """Write ``graph`` as ``turtle``, ``nt`` or ``json-ld`` into the binary file ``out``, as it is made.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to write.
    format : str
        ``turtle``, ``nt`` or ``json-ld``: a key of :data:`FORMATS`.
    out : binary file
        Where the text goes, as UTF-8.
    store : pyoxigraph.Store, optional
        The Oxigraph store under ``graph``, whose default graph JSON-LD is then read from
        directly (faster than through rdflib's terms).

    Raises
    ------
    InvalidArgument
        ``format`` is none of them.

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> write_rdf(kg.graph, "json-ld", out, store=kg.source.store)
    >>> import json
    >>> document = json.loads(out.getvalue())
    >>> document["@context"]["sg"], any(node["@id"] == "sgid:china" for node in document["@graph"])
    ('https://w3id.org/spacegraph/ontology#', True)
    """
    if format not in FORMATS:
        raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if format != "json-ld":
        graph.serialize(destination=out, format=_OXIGRAPH_SERIALIZERS[format])
        return
    if store is not None:
        import pyoxigraph as ox

        from ..core.terms import oxigraph_plain_converter

        convert = oxigraph_plain_converter()
        quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        _write_jsonld(((convert(q.subject), convert(q.predicate), convert(q.object)) for q in quads), out)
    else:
        from ..core.terms import rdflib_plain_converter

        convert = rdflib_plain_converter()
        _write_jsonld(((convert(s), convert(p), convert(o)) for s, p, o in graph), out)


def _write_jsonld(triples: Iterable[tuple[Any, Any, Any]], out: IO[bytes]) -> None:
    """Write triples of plain terms as compacted JSON-LD: one node object per subject met, one per line.

    A subject met again after others (an engine need not group them) gets a second node
    object; JSON-LD merges the two when it is read.
    """
    from ..core.prefixes import PREFIXES
    from ..core.terms import compact

    compacted: dict[str, str] = {}

    def short(iri: str) -> str:
        found = compacted.get(iri)
        if found is None:
            found = compact(iri)
            if found != iri and found.partition(":")[2].startswith("//"):  # would read as an absolute IRI
                found = iri
            compacted[iri] = found
        return found

    def identifier(term: Any) -> str:
        return short(term) if type(term) is str else f"_:{term[1]}"

    def value(term: Any) -> dict[str, str]:
        if type(term) is str or term[0] == "_":
            return {"@id": identifier(term)}
        _, text, language, datatype = term
        if language:
            return {"@value": text, "@language": language}
        return {"@value": text, "@type": short(datatype)} if datatype else {"@value": text}

    out.write(('{"@context": ' + json.dumps(PREFIXES, indent=1) + ',\n"@graph": [\n').encode("utf-8"))
    batch: list[str] = []
    written = False
    current: Any = None
    node: dict[str, Any] | None = None
    for subject, predicate, obj in triples:
        if subject != current or node is None:
            if node is not None:
                batch.append(json.dumps(node, ensure_ascii=False))
                if len(batch) >= _NODES_PER_WRITE:
                    out.write((",\n" if written else "").encode("utf-8") + ",\n".join(batch).encode("utf-8"))
                    written, batch = True, []
            current, node = subject, {"@id": identifier(subject)}
        if predicate == _RDF_TYPE and type(obj) is str:
            node.setdefault("@type", []).append(short(obj))
        else:
            node.setdefault(short(predicate), []).append(value(obj))
    if node is not None:
        batch.append(json.dumps(node, ensure_ascii=False))
    if batch:
        out.write((",\n" if written else "").encode("utf-8") + ",\n".join(batch).encode("utf-8"))
    out.write(b"\n]}\n")
