"""Growing the graph from new documents: read, link the actors named, propose cited facts, accept.

:func:`spacegraph.workflows.curate.ingest` reads a document (``.txt``, ``.md``, ``.html``, ``.pdf``), stores its normalised
text as a source, links the mentions of known actors and proposes new actors and relationships,
each with the sentence that states it. The proposals go to a review sheet, and
:func:`spacegraph.workflows.curate.accept` turns its accepted rows into data, validated before anything
is written; :func:`spacegraph.workflows.curate.ingest` is the whole first step.

Examples
--------
>>> import spacegraph
>>> from spacegraph.ingest import propose
>>> found = propose("The ASF reports directly to the Central Military Commission.", spacegraph.load().graph)
>>> [c.predicates[0].rsplit("#", 1)[1] for c in found.candidates]
['underCommandOf']
"""

from ..core._lazy import attach

_EXPORTS = {
    "read_document": ".read", "ReadDocument": ".read", "DOCUMENT_FORMATS": ".read",
    "normalise_blocks": ".normalise", "normalise_text": ".normalise",
    "split_sentences": ".sentences", "Sentence": ".sentences",
    "AliasIndex": ".linking", "Alias": ".linking", "Mention": ".linking", "fold": ".linking",
    "read_cues": ".cues", "Cues": ".cues",
    "propose": ".proposals", "Proposals": ".proposals", "alias_index": ".proposals",
    "read_sheet": ".sheet", "sheet_text": ".sheet", "SheetRow": ".sheet",
    "SourceRecord": ".sources", "describe_source": ".sources",
}
__getattr__, __dir__, __all__ = attach(__name__, _EXPORTS)
