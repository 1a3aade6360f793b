"""Growing the graph from new documents: read, link the actors named, propose cited facts, accept.

:func:`ingest` reads a document (``.txt``, ``.md``, ``.html``, ``.pdf``), stores its normalised
text as a source, links the mentions of known actors and proposes new actors and relationships,
each with the sentence that states it. The proposals go to a review sheet;
:func:`accept` turns the accepted rows into data, validated before anything is written.
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "read_document": ".read", "ReadDocument": ".read", "DOCUMENT_FORMATS": ".read",
    "normalise_blocks": ".normalise",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
