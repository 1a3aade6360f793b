"""A source's record: slug, description, stored text, and whether it is new, the same or changed.

The stored text (``graph_data/sources/<slug>.txt``) is the one quotes are checked against;
its description (``graph_data/sources/<slug>.json``) holds the title, date, URL, publisher,
authors, licence (its name, its address and the attribution it asks for), SHA-256 and the day
it was ingested, and says which values were assumed rather than given.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.folding import fold
from ..errors import DocumentError, InvalidArgument, SourceConflict

if TYPE_CHECKING:
    from .read import ReadDocument

__all__ = ["SourceRecord", "describe_source", "slugify", "source_status", "stored_bytes", "SLUG_PATTERN"]

#: What a slug may be: lowercase letters, digits and hyphens, starting with a letter or digit.
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


@dataclass(frozen=True)
class SourceRecord:
    """The description of one stored source; ``to_json`` is what ``<slug>.json`` holds."""

    slug: str
    title: str
    sha256: str
    ingested: str
    format: str
    original: str
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    authors: tuple = ()
    language: str = "en"
    licence: str | None = None
    licence_url: str | None = None
    attribution: str | None = None
    capture: str | None = None      # how the text was captured, as the description beside it says
    provenance: str | None = None   # where the copy came from
    assumed: tuple = field(default=())

    @property
    def text_file(self) -> str:
        """The stored text's file name in ``graph_data/sources/``."""
        return f"{self.slug}.txt"

    def to_json(self) -> dict:
        """Return the record as the JSON object written to ``<slug>.json``.

        Returns
        -------
        dict
            The fields, lists for tuples, and ``file``: the stored text's file name.

        Examples
        --------
        >>> from spacegraph.ingest.read import ReadDocument
        >>> document = ReadDocument(Path("note.txt"), "text", ("Kestrel-2", "The mission flies in 2026."),
        ...                         {"title": "Kestrel-2"}, {"title": "the first line"})
        >>> record = describe_source(document, "Kestrel-2" + chr(10) * 2 + "The mission flies in 2026.", today="2026-01-05")
        >>> record.to_json()["file"], record.to_json()["assumed"]
        ('kestrel-2.txt', ["title 'Kestrel-2' taken from the first line", "slug 'kestrel-2' made from the title"])
        """
        record = {"file": self.text_file, **asdict(self)}
        record["authors"] = list(self.authors)
        record["assumed"] = list(self.assumed)
        return record

    @classmethod
    def from_json(cls, record: dict) -> SourceRecord:
        """Read a record written by :meth:`to_json`.

        Parameters
        ----------
        record : dict
            The JSON object; keys that are not fields (``file``) are left aside.

        Returns
        -------
        SourceRecord

        Raises
        ------
        TypeError
            A field without a default is missing.

        Examples
        --------
        >>> from spacegraph.ingest.read import ReadDocument
        >>> document = ReadDocument(Path("note.txt"), "text", ("Kestrel-2", "The mission flies in 2026."),
        ...                         {"title": "Kestrel-2"}, {"title": "the first line"})
        >>> record = describe_source(document, "Kestrel-2" + chr(10) * 2 + "The mission flies in 2026.", today="2026-01-05")
        >>> SourceRecord.from_json(record.to_json()) == record
        True
        """
        fields = {key: record[key] for key in cls.__dataclass_fields__ if key in record}
        fields["authors"] = tuple(fields.get("authors", ()))
        fields["assumed"] = tuple(fields.get("assumed", ()))
        return cls(**fields)


def stored_bytes(text: str) -> bytes:
    """Return the bytes of the stored text file for ``text``: UTF-8, ending in one newline.

    Offsets into ``text`` are offsets into the file's text, which only adds the final newline.
    """
    return (text + "\n").encode("utf-8")


# Words a cut slug must not end on: they lead to the words cut off.
_DANGLING = frozenset("a an and as at by for from in into of on or the to with".split())


def slugify(text: str, limit: int = 60) -> str:
    """Return a slug for ``text``: folded, words joined by hyphens, cut at a word.

    Examples
    --------
    >>> slugify("Lunar Partners & New Launchers: a Note (2025)")
    'lunar-partners-new-launchers-a-note-2025'
    >>> slugify("Éléments")
    'elements'
    >>> slugify("How China built the largest space industry for the next generation", limit=44)
    'how-china-built-the-largest-space-industry'
    """
    words = re.findall(r"[a-z0-9]+", fold(text))
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit and kept:
            break
        kept.append(word)
    cut = len(kept) < len(words)
    while cut and len(kept) > 1 and kept[-1] in _DANGLING:  # "…-industry-for": a cut title ends on a word that leads nowhere
        kept.pop()
    return "-".join(kept)[:limit] or "source"


def _checked_date(value):
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise InvalidArgument(f"date {value!r} is not a date written YYYY-MM-DD", argument="date") from None


def _refuse_invisible(document, *, given, found):
    """Refuse a title, publisher, author or attribution that holds a bidirectional control or a zero-width character.

    Shown as they are, such characters let one name pose as another. A value
    given as an argument is an :class:`InvalidArgument` naming it; a value
    taken from the document, a :class:`DocumentError` naming the file.
    """
    from ..core.characters import invisible_in, visible

    for name, value in found.items():
        for text in [value] if isinstance(value, str) else list(value or ()):
            hidden = invisible_in(text)
            if hidden is None:
                continue
            said = f"{name} '{visible(text)}' holds {hidden}, which changes how it shows; write it without"
            if given[name]:
                raise InvalidArgument(said, argument=name)
            raise DocumentError(document.path, f"its {said} (or give the {name})")


def describe_source(document: ReadDocument, text: str, *, title: str | None = None, date: str | None = None, url: str | None = None,
                    publisher: str | None = None, authors: list[str] | None = None, slug: str | None = None,
                    licence: str | None = None, licence_url: str | None = None, attribution: str | None = None,
                    today: str | None = None) -> SourceRecord:
    """Describe the source of ``document`` (a :class:`~spacegraph.ingest.read.ReadDocument`) whose stored text is ``text``.

    Each value given wins over what the file says; each value taken from the file is
    reported in ``assumed``, with where it came from.

    Parameters
    ----------
    document : ReadDocument
        The document as :func:`~spacegraph.ingest.read.read_document` read it.
    text : str
        Its stored text (:func:`~spacegraph.ingest.normalise.normalise_blocks`), whose SHA-256 the record keeps.
    title, date, url, publisher, slug, licence, licence_url, attribution : str, optional
        What the source is, when given; each not given is taken from the document, or made (the slug, from the title).
    authors : list of str, optional
        The source's authors.
    today : str, optional
        The day of ingestion, YYYY-MM-DD (default: today).

    Returns
    -------
    SourceRecord

    Raises
    ------
    InvalidArgument
        A date not written YYYY-MM-DD, a URL that is not http(s), a slug that is not
        lowercase letters, digits and hyphens, or a title, publisher, author or
        attribution holding a bidirectional control or zero-width character
        (:data:`spacegraph.core.characters.INVISIBLE`); ``argument`` names it.
    DocumentError
        Such a character in a title, publisher, author or attribution taken from the document.

    Examples
    --------
    >>> from spacegraph.ingest.read import ReadDocument
    >>> document = ReadDocument(Path("note.txt"), "text", ("Kestrel-2", "The mission flies in 2026."),
    ...                         {"title": "Kestrel-2"}, {"title": "the first line"})
    >>> record = describe_source(document, "Kestrel-2" + chr(10) * 2 + "The mission flies in 2026.", today="2026-01-05")
    >>> record.slug, record.title, record.date, record.ingested
    ('kestrel-2', 'Kestrel-2', None, '2026-01-05')
    >>> describe_source(document, "Kestrel-2", date="March 2025")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: date 'March 2025' is not a date written YYYY-MM-DD
    """
    metadata, found = dict(document.metadata), dict(document.found)
    assumed = []
    title_given, publisher_given, authors_given, attribution_given = title, publisher, authors, attribution

    def pick(key, given):
        if given:
            return given
        value = metadata.get(key)
        if value:
            shown = ", ".join(value) if isinstance(value, (list, tuple)) else value
            assumed.append(f"{key} {shown!r} taken from {found.get(key, 'the file')}")
        return value or None

    title = pick("title", title) or Path(document.path).stem
    date = pick("date", date)
    if date is not None:
        date = _checked_date(date[:10] if not isinstance(date, str) or len(date) > 10 else date)
    url = pick("url", url)
    if url is not None and not re.match(r"https?://[^\s/]+", url):
        raise InvalidArgument(f"url {url!r} is not an http(s) address", argument="url")
    publisher = pick("publisher", publisher)
    author_names = tuple(authors) if authors else tuple(pick("authors", None) or ())
    licence, attribution = pick("licence", licence), pick("attribution", attribution)
    licence_url = pick("licence_url", licence_url)
    if licence_url is not None and not re.match(r"https?://[^\s/]+", licence_url):
        raise InvalidArgument(f"licence URL {licence_url!r} is not an http(s) address", argument="licence-url")
    _refuse_invisible(document, given={"title": title_given, "publisher": publisher_given, "author": authors_given,
                                       "attribution": attribution_given},
                      found={"title": title, "publisher": publisher, "author": author_names, "attribution": attribution})
    if slug is None:
        slug = slugify(title)
        assumed.append(f"slug {slug!r} made from the title")
    elif not SLUG_PATTERN.fullmatch(slug):
        raise InvalidArgument(f"slug {slug!r} must be lowercase letters, digits and hyphens", argument="slug")
    digest = hashlib.sha256(stored_bytes(text)).hexdigest()
    today = today or datetime.date.today().isoformat()
    return SourceRecord(slug=slug, title=title, sha256=digest, ingested=today, format=document.format,
                        original=Path(document.path).name, date=date, url=url, publisher=publisher, authors=author_names,
                        language=metadata.get("language") or "en", licence=licence, licence_url=licence_url,
                        attribution=attribution, capture=metadata.get("capture"), provenance=metadata.get("provenance"),
                        assumed=tuple(assumed))


def source_status(record: SourceRecord, sources_dir, *, replace=False) -> tuple[str, SourceRecord | None]:
    """Tell what storing ``record`` would do: ``"new"``, ``"unchanged"`` or ``"replaced"``.

    Returns the status and the record already stored under that slug, or that holds the
    same text under another slug (then the status is ``"unchanged"``).

    Raises
    ------
    SourceConflict
        A different text is stored under the slug and ``replace`` is false.
    """
    sources_dir = Path(sources_dir)
    described = sources_dir / f"{record.slug}.json"
    stored_text = sources_dir / record.text_file
    if stored_text.exists():
        digest = hashlib.sha256(stored_text.read_bytes()).hexdigest()
        previous = _read_record(described)
        if digest == record.sha256:
            return "unchanged", previous
        if not replace:
            raise SourceConflict(f"{stored_text} holds a different text under the slug {record.slug!r}; "
                                 "pass replace=True to replace it, or choose another slug", slug=record.slug)
        return "replaced", previous
    for other in sorted(sources_dir.glob("*.json")):
        previous = _read_record(other)
        if previous is not None and previous.sha256 == record.sha256:
            return "unchanged", previous
    return "new", None


def _read_record(path):
    try:
        return SourceRecord.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None
