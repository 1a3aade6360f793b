"""A document's description kept beside it: ``<name>.json`` next to ``<name>.txt`` (or ``.md``, ``.html``, ``.pdf``).

A corpus often comes with a description of each document: its title, publisher, date, address,
authors, and its licence and the attribution the licence asks for. ``spacegraph ingest`` reads it
when it is there, and what it says wins over what the document says of itself (a first line, a
page's ``<title>``); options given on the command line win over both. The keys read:

=================  =====================================================================
``title``          the document's title
``publisher``      who published it
``published``      its date, YYYY-MM-DD (``date`` is read too)
``url``            its address
``authors``        a list of names
``language``       its language code
``licence``        the licence it is under, as its name ("CC BY-SA 4.0")
``licence_url``    the licence's address
``attribution``    the attribution line the licence asks for
``capture``        how the text was captured: what was kept and what was stripped
``provenance``     where the copy came from
``sha256``         the SHA-256 of the document's bytes: a description of another text is refused
=================  =====================================================================

Any other key is left alone; ``null`` is no value.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..core import paths
from ..errors import DocumentError, FileTooLarge

__all__ = ["read_sidecar", "SIDECAR_KEYS", "MAX_SIDECAR_BYTES"]

#: The keys read, each with the metadata key it gives.
SIDECAR_KEYS = {"title": "title", "publisher": "publisher", "published": "date", "date": "date", "url": "url",
                "authors": "authors", "language": "language", "licence": "licence", "licence_url": "licence_url",
                "attribution": "attribution", "capture": "capture", "provenance": "provenance"}
#: The largest description read.
MAX_SIDECAR_BYTES = 1_000_000


def read_sidecar(document_path, document_bytes: bytes, read_bytes) -> tuple[dict, dict]:
    """Return ``(metadata, found)`` from the description beside ``document_path``; two empty dicts when there is none.

    Parameters
    ----------
    document_path : path
        The document.
    document_bytes : bytes
        Its bytes, to check the description's ``sha256`` against.
    read_bytes : callable
        ``read_bytes(path, shown, limit)``: reads a regular file safely (the documents' reader).

    Raises
    ------
    DocumentError
        The description is not a regular file of at most :data:`MAX_SIDECAR_BYTES`, not a JSON object
        (or nested too deeply to read), a key holds a value of the wrong type, or its ``sha256`` is
        not the document's; the message names the file, and the line for bad JSON.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from spacegraph.ingest.read import _read_bytes
    >>> with tempfile.TemporaryDirectory() as temporary:
    ...     folder = pathlib.Path(temporary)
    ...     _ = (folder / "note.txt").write_text("Text.\\n", encoding="utf-8")
    ...     _ = (folder / "note.json").write_text('{"title": "A Note", "licence": "CC0", "words": 1}', encoding="utf-8")
    ...     read_sidecar(folder / "note.txt", b"Text.\\n", _read_bytes)
    ({'title': 'A Note', 'licence': 'CC0'}, {'title': 'note.json', 'licence': 'note.json'})
    """
    path = Path(document_path).with_suffix(".json")
    if Path(document_path).suffix.lower() == ".json" or not path.exists():
        return {}, {}
    shown = paths.display_path(path)
    try:
        data = read_bytes(path, shown, MAX_SIDECAR_BYTES)
    except FileTooLarge:   # its own limit, which no option raises
        raise DocumentError(shown, f"a description beside a document holds at most {MAX_SIDECAR_BYTES:,} bytes") from None
    try:
        record = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DocumentError(shown, "the description beside the document is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise DocumentError(shown, f"line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise DocumentError(shown, "the description beside the document is nested too deeply") from None
    if not isinstance(record, dict):
        raise DocumentError(shown, "the description beside the document must be a JSON object")
    digest = record.get("sha256")
    if digest is not None and (not isinstance(digest, str) or digest.lower() != hashlib.sha256(document_bytes).hexdigest()):
        raise DocumentError(shown, f"its sha256 is not that of {Path(document_path).name}: it describes another text")
    metadata, found = {}, {}
    for key, target in SIDECAR_KEYS.items():
        value = record.get(key)
        if value is None or target in metadata:
            continue
        if target == "authors":
            if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
                raise DocumentError(shown, f"'{key}' must be a list of names")
            value = [name.strip() for name in value if name.strip()]
        elif not isinstance(value, str):
            raise DocumentError(shown, f"'{key}' must be text, not {type(value).__name__}")
        else:
            value = value.strip()
        if value:
            metadata[target] = value
            found[target] = path.name
    return metadata, found
