"""Serialise the graph and write build outputs atomically."""

from pathlib import Path

from .errors import OutputError, SpacegraphError

__all__ = ["FORMATS", "serialize", "write_files_atomically"]

#: Output file name suffix for each serialisation format.
FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}

_OXIGRAPH_SERIALIZERS = {"turtle": "ox-turtle", "nt": "ox-ntriples"}


def serialize(graph, format):
    """Return ``graph`` serialised as ``turtle``, ``nt`` or ``json-ld`` text.

    JSON-LD is written with a context of the project's prefixes, so its keys
    read ``sg:hosts`` rather than full IRIs.

    Examples
    --------
    >>> from spacegraph.store import new_graph
    >>> serialize(new_graph(), "nt").strip()
    ''
    """
    if format not in FORMATS:
        raise SpacegraphError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if format == "json-ld":
        from .namespaces import PREFIXES

        context = {prefix: iri for prefix, iri in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    # Oxigraph's own serialisers: an order of magnitude faster than rdflib's.
    return graph.serialize(format=_OXIGRAPH_SERIALIZERS[format])


def write_files_atomically(folder, contents):
    """Write ``{file name: text}`` into ``folder`` so that no file is ever half-written.

    Every file is first written in full beside its target; only when all are
    written are they moved into place, each with an atomic rename (see
    :func:`spacegraph._io.write_files`). On any error nothing in ``folder`` changes.

    Raises
    ------
    OutputError
        When ``folder`` or its parent cannot be written.
    """
    from ._io import write_files

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write to {folder}: {error.strerror or error}") from None
    return write_files({folder / name: text for name, text in contents.items()})
