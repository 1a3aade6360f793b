"""Read a document (``.txt``, ``.md``, ``.html``, ``.pdf``) into its blocks of text and what it says about itself.

:func:`read_document` is the first step of ingesting. It refuses what it cannot read
with one :class:`~spacegraph.errors.DocumentError` that says why, and it keeps, for
each piece of metadata, where it was found, so that the caller can tell the user.
A date is taken only from where a document states one (a meta tag, JSON-LD, front
matter), never from its text; a PDF's creation date is marked as an assumption.
"""

import codecs
import collections
import datetime
import functools
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import paths, store
from ..core._io import read_regular_file
from ..core.characters import LINE_BREAKS
from ..errors import DocumentError
from .normalise import normalise_blocks, split_paragraphs
from .sidecar import read_sidecar

__all__ = ["DOCUMENT_FORMATS", "ReadDocument", "read_document", "MAX_PDF_PAGES"]

#: The format each file suffix is read as.
DOCUMENT_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}

_BYTE_ORDER_MARKS = [(codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"), (codecs.BOM_UTF8, "UTF-8"),
                     (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")]
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers read a page labelled Latin-1 or ASCII as windows-1252 (its curly quotes included), and one labelled
# UTF-16 without a byte order mark as UTF-8, since its label could be read as ASCII.
_WEB_CHARSETS = {"iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252", "us-ascii": "windows-1252",
                 "ascii": "windows-1252", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}
_ISO_DATE = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_LONGEST_TITLE = 200  # a first line longer than this is a paragraph, not a title
#: Most pages of a PDF read, unless ``max_pages`` says otherwise: text extraction takes about 3 ms a page, and a
#: small file can declare 100,000 pages.
MAX_PDF_PAGES = 2000
_SENTENCE_END = re.compile(r"[.!?:…][\"'”’»)\]]*\s*\Z")
_LINE_END_HYPHEN = re.compile(r"(\w)[-\u2010\u00ad][ \t]*\n[ \t]*(?=(\w))")

# Where a page states each piece of metadata, in the order tried; JSON-LD, <title>, <time> and trafilatura come after.
_PAGE_TAGS = {
    "title": [("name", "citation_title"), ("property", "og:title"), ("name", "DC.title")],
    "authors": [("name", "citation_author"), ("name", "author"), ("property", "article:author"), ("name", "DC.creator")],
    "date": [("property", "article:published_time"), ("name", "citation_publication_date"), ("name", "citation_date"),
             ("name", "DC.date"), ("name", "DC.date.issued"), ("name", "dcterms.issued"), ("itemprop", "datePublished")],
    "url": [("property", "og:url")],
    "publisher": [("property", "og:site_name"), ("name", "citation_publisher"), ("name", "DC.publisher")],
}
_INLINE_ELEMENTS = {"hi", "ref", "del", "sub", "sup", "span"}  # of trafilatura's XML
_TEXT_ELEMENTS = {"p", "head", "item", "cell"}  # <code> in one of them is inline code, elsewhere a code block
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_FRONT_MATTER_KEYS = {"title": "title", "date": "date", "author": "authors", "authors": "authors", "url": "url",
                      "publisher": "publisher"}


@dataclass(frozen=True)
class ReadDocument:
    """A document as read: its blocks of text in reading order and what it says about itself.

    Attributes
    ----------
    path : Path
        The file read.
    format : str
        ``"text"``, ``"markdown"``, ``"html"`` or ``"pdf"``.
    blocks : tuple of str
        One per paragraph, heading, list item, table row or PDF paragraph, not yet normalised.
    metadata : dict
        Any of ``"title"``, ``"date"`` (``YYYY-MM-DD``), ``"url"``, ``"publisher"``, ``"language"``,
        ``"licence"``, ``"licence_url"``, ``"attribution"`` (str) and ``"authors"`` (list of str); a
        description beside the file (:mod:`spacegraph.ingest.sidecar`) wins over what the file says.
    found : dict
        For each key of ``metadata``, where its value was found: ``"the first line"``, ``"the PDF's /Title"``...
    """

    path: Path
    format: str
    blocks: tuple[str, ...]
    metadata: dict
    found: dict

    @property
    def text(self) -> str:
        """The text to store: the blocks normalised by :func:`~spacegraph.ingest.normalise.normalise_blocks`."""
        return normalise_blocks(self.blocks)


def read_document(path: str | os.PathLike, *, encoding: str | None = None, max_bytes: int | None = None,
                  max_pages: int | None = None) -> ReadDocument:
    """Read a text, Markdown, HTML or PDF document into its blocks of text and its metadata.

    Parameters
    ----------
    path : str or os.PathLike
        The document; its suffix names its format (:data:`DOCUMENT_FORMATS`).
    encoding : str, optional
        The encoding of a text, Markdown or HTML file. By default a byte order mark
        decides, then (for HTML) the charset the page declares, then UTF-8.
    max_bytes : int, optional
        The largest file read; :data:`spacegraph.core.store.MAX_FILE_BYTES` by default.
    max_pages : int, optional
        The most pages of a PDF read; :data:`MAX_PDF_PAGES` by default. A PDF
        with more is refused before any text is extracted.

    Returns
    -------
    ReadDocument

    Raises
    ------
    DocumentError
        The file is missing or not a regular file, of another type, empty, binary, not in its
        encoding, a PDF that is damaged, locked, has no text layer or more than ``max_pages`` pages,
        or a page without main text.
    FileTooLarge
        The file is larger than ``max_bytes``; it is not read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     note = pathlib.Path(folder) / "note.txt"
    ...     _ = note.write_text("Kestrel-2\\n\\nThe mission flies\\nin 2026.\\n", encoding="utf-8")
    ...     document = read_document(note)
    >>> document.blocks
    ('Kestrel-2', 'The mission flies in 2026.')
    >>> document.metadata, document.found
    ({'title': 'Kestrel-2'}, {'title': 'the first line'})
    """
    path = Path(path)
    shown = paths.display_path(path)
    kind = DOCUMENT_FORMATS.get(path.suffix.lower())
    if kind is None:
        suffix = repr(path.suffix) if path.suffix else "(no extension)"
        raise DocumentError(shown, f"unknown document type {suffix}; spacegraph reads {', '.join(sorted(DOCUMENT_FORMATS))}")
    if encoding is not None:
        try:
            b"a".decode(encoding, errors="ignore")
        except (LookupError, UnicodeError):  # unknown, or not a text encoding (base64, rot13...)
            raise DocumentError(shown, f"unknown encoding {encoding!r}; name one Python knows, such as 'utf-8' or 'cp1252'") from None
    data = _read_bytes(path, shown, store.MAX_FILE_BYTES if max_bytes is None else max_bytes)
    if not data.strip():
        raise DocumentError(shown, "the document is empty")
    pdf = functools.partial(_read_pdf, max_pages=MAX_PDF_PAGES if max_pages is None else max_pages)
    readers: dict[str, Callable[..., tuple[Sequence[str], dict[str, Any], dict[str, str]]]]
    readers = {"text": _read_text, "markdown": _read_markdown, "html": _read_html, "pdf": pdf}
    blocks, metadata, found = readers[kind](data, shown, encoding)
    described, where = read_sidecar(path, data, _read_bytes)  # a description beside the document wins
    metadata, found = {**metadata, **described}, {**found, **where}
    blocks = tuple(block for block in blocks if block.strip())
    if not normalise_blocks(blocks):
        raise DocumentError(shown, "no main text found in the page" if kind == "html" else "the document is empty")
    return ReadDocument(path, kind, blocks, metadata, found)


def _read_bytes(path, shown, limit):
    """Return the bytes of ``path``; refuse anything but a regular file of at most ``limit`` bytes (see read_regular_file)."""
    return read_regular_file(path, shown, limit, DocumentError)


def _decode(data, shown, encoding, declared=None):
    """Return ``data`` decoded with ``encoding``, else as its byte order mark says, else as ``declared``, else as UTF-8."""
    byte_order_mark = next((name for mark, name in _BYTE_ORDER_MARKS if data.startswith(mark)), None)
    name = encoding or byte_order_mark or declared or "UTF-8"
    first_nul = data.find(b"\0")
    if first_nul >= 0 and not codecs.lookup(name).name.startswith(("utf-16", "utf-32")):
        raise DocumentError(shown, f"is binary, not text: it holds NUL bytes (the first at byte {first_nul})")
    try:
        return data.decode(name).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[:error.start].decode(name, errors="replace").count("\n") + 1
        where = f"line {line}, byte {error.start} ({data[error.start]:#04x})"
        name = name.upper() if name.lower().startswith("utf") else name
        raise DocumentError(shown, f"not valid {name} at {where}; name the encoding with encoding=...") from None


def _take(metadata, found, key, value, where):
    """Keep ``value`` as ``metadata[key]``, found ``where``, unless the key has a value already or this one is empty.

    A date is kept as ``YYYY-MM-DD`` or not at all, authors as a list of names, anything else as one line of text.
    """
    if key in metadata or not value:
        return
    if key == "authors":
        names = _split_authors(value) if isinstance(value, str) else value
        value = [name for name in (normalise_blocks([str(name)]) for name in names) if name]
    else:
        value = value[0] if isinstance(value, list) else value
        value = normalise_blocks([_iso_date(value) if key == "date" else str(value)])
    if value:
        metadata[key], found[key] = value, where


def _iso_date(text):
    """Return the date ``text`` starts with as ``YYYY-MM-DD``, or ``""``: ``2025-03-03T09:00:00Z`` gives ``2025-03-03``."""
    match = _ISO_DATE.match(str(text))
    try:
        return datetime.date(*map(int, match.groups())).isoformat() if match else ""
    except ValueError:  # 2025-02-30
        return ""


_LINE = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")
_BREADCRUMB = re.compile(r"\s[|›»>/]\s")  # "Science & technology | Head to head": a section label, not a title


def _first_line(texts):
    """Return the first of the first three lines of ``texts`` that reads as a title, or ``""``.

    A title is short, does not end a sentence, and is not a section label or breadcrumb
    ("Science & technology | Head to head").

    Examples
    --------
    >>> _first_line(["Science & technology | Head to head\\nChina's rocket race\\nBody."])
    "China's rocket race"
    >>> _first_line(["A paragraph that opens the text. It has no title."])
    ''
    """
    return _title_line(texts)[0]


def _title_line(texts):
    """``(title, where it was found)`` for :func:`_first_line`."""
    # the first three lines only: splitting a whole text into lines to read three holds all of them at once
    found = (match.group().strip() for text in texts for match in _LINE.finditer(text))
    lines = list(itertools.islice((line for line in found if line), 3))
    for number, line in enumerate(lines):
        if len(line) <= _LONGEST_TITLE and not _BREADCRUMB.search(line) and not _SENTENCE_END.search(line):
            return line, "the first line" if number == 0 else f"line {number + 1}, below a section label"
        if not _BREADCRUMB.search(line):
            break
    return "", ""


def _split_authors(text):
    """Return the names in ``text``: split on ``;`` when it has one (``Example, Ada; Wen, Mei``), else on commas and "and"."""
    parts = text.split(";") if ";" in text else re.split(r",|\band\b|&", text)
    return [part.strip() for part in parts if part.strip()]


def _read_text(data, shown, encoding):
    """Blocks split on blank lines; the title is the first line."""
    text = _decode(data, shown, encoding)
    metadata: dict[str, Any] = {}  # {key: value}
    found: dict[str, str] = {}  # {key: where its value was found}
    _take(metadata, found, "title", *_title_line([text]))
    return split_paragraphs(text), metadata, found


def _read_markdown(data, shown, encoding):
    """Blocks of text without markup (code and HTML blocks left out); metadata from front matter, the first heading or line."""
    from markdown_it import MarkdownIt

    text = _decode(data, shown, encoding)
    metadata: dict[str, Any] = {}  # {key: value}
    found: dict[str, str] = {}  # {key: where its value was found}
    front_matter = _FRONT_MATTER.match(text)
    if front_matter:
        text = text[front_matter.end():]
        for key, value in _front_matter_fields(front_matter.group(1)).items():
            if key in _FRONT_MATTER_KEYS:
                _take(metadata, found, _FRONT_MATTER_KEYS[key], value, f"the front matter's {key}")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[str] = []
    cells: list[str] | None = None  # the cells of a table row being read
    for previous, token in zip([None, *tokens], tokens, strict=False):  # each token and the one before it
        if token.type == "tr_open":
            cells = []
        elif token.type == "tr_close":
            blocks.append(" | ".join(cells or []))
            cells = None
        elif token.type == "inline":
            # inline markup goes, its text stays; images and inline HTML tags go; code blocks and HTML blocks are not inline
            inline = "".join("\n" if child.type in ("softbreak", "hardbreak") else child.content for child in token.children or []
                             if child.type in ("text", "text_special", "code_inline", "softbreak", "hardbreak"))
            (blocks if cells is None else cells).append(inline)
            if previous is not None and previous.type == "heading_open":
                _take(metadata, found, "title", inline, "the first heading")
    _take(metadata, found, "title", *_title_line(blocks))
    return blocks, metadata, found


def _front_matter_fields(yaml_text):
    """Return the ``key: value`` pairs of simple YAML front matter; ``key: [a, b]`` and ``- item`` lines give lists."""
    fields, key = {}, None
    for line in yaml_text.splitlines():
        item = re.match(r"\s*-\s+(.*)", line)
        pair = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*)", line)
        if item and key:
            fields[key] = [*(fields[key] if isinstance(fields[key], list) else []), _unquote(item.group(1))]
        elif pair:
            key, value = pair.group(1).lower(), pair.group(2).strip()
            listed = value.startswith("[") and value.endswith("]")
            fields[key] = [_unquote(part) for part in value[1:-1].split(",") if part.strip()] if listed else _unquote(value)
    return fields


def _unquote(value):
    value = value.strip()
    return value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"" else value


def _read_html(data, shown, encoding):
    """The page's main text as trafilatura finds it, one block per heading, paragraph, list item or table row."""
    import trafilatura
    from lxml import etree

    declared = _DECLARED_CHARSET.search(data[:4096])
    label = declared.group(1).decode("ascii").lower() if declared else ""
    label = _WEB_CHARSETS.get(label, label)
    try:
        codecs.lookup(label)
    except LookupError:
        label = None  # a charset Python does not know: try UTF-8
    html = _decode(data, shown, encoding, declared=label)
    # favor_precision drops menus, cookie banners and footers that would otherwise pass for text on a page without an article
    extracted = trafilatura.extract(html, output_format="xml", include_comments=False, include_tables=True, favor_precision=True)
    if not extracted:
        raise DocumentError(shown, "no main text found in the page")
    blocks = list(_xml_blocks(etree.fromstring(extracted).find("main")))
    metadata, found = _page_metadata(trafilatura.load_html(html), trafilatura.extract_metadata(html))
    return blocks, metadata, found


def _xml_blocks(element):
    """Yield the text of each block below ``element`` of trafilatura's XML, in reading order; code blocks are left out."""
    pieces = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            pieces.append("\n")
        elif child.tag in _INLINE_ELEMENTS or (child.tag == "code" and element.tag in _TEXT_ELEMENTS):
            pieces.append("".join(child.itertext()))
        else:
            yield "".join(pieces)
            pieces = []
            if child.tag == "row":
                yield " | ".join("".join(cell.itertext()) for cell in child)
            elif child.tag not in ("code", "graphic"):
                yield from _xml_blocks(child)
        pieces.append(child.tail or "")
    yield "".join(pieces)


def _page_metadata(tree, trafilatura_reading):
    """Return the metadata a page states, and where: its tags first, then trafilatura's reading (never its date)."""
    metadata: dict[str, Any] = {}  # {key: value}
    found: dict[str, str] = {}  # {key: where its value was found}
    if tree is None:
        return metadata, found
    tags: dict[tuple[str, str], list[str]] = {}
    for meta in tree.iter("meta"):
        for attribute in ("name", "property", "itemprop"):
            if meta.get(attribute) and meta.get("content"):
                tags.setdefault((attribute, meta.get(attribute).strip().lower()), []).append(meta.get("content"))
    _take(metadata, found, "url", next(iter(tree.xpath('//link[@rel="canonical"]/@href')), ""), 'the <link rel="canonical">')
    for key, sources in _PAGE_TAGS.items():
        for attribute, name in sources:
            values: list[Any] = tags.get((attribute, name.lower()), [])  # text, or for authors a list of names
            if key == "authors":  # several citation_author tags name one author each; article:author may be a profile's URL
                values = [value for value in values if not value.startswith("http")]
                values = [values] if len(values) > 1 else values
            for value in values:
                _take(metadata, found, key, value, f'the <meta {attribute}="{name}"> tag')
    for text in tree.xpath('//script[@type="application/ld+json"]/text()'):
        for value in _json_ld_values(text, "datePublished"):
            _take(metadata, found, "date", value, "the page's JSON-LD datePublished")
    for xpath, where in [('//time[@itemprop="datePublished" or @pubdate]/@datetime', "the <time> marked as the publication date"),
                         ("//article//time/@datetime", "the <time datetime> in the <article>")]:
        for value in tree.xpath(xpath):
            _take(metadata, found, "date", value, where)
    title = " ".join(tree.xpath("(//title)[1]//text()"))
    if metadata.get("publisher"):  # "Lunar Partners | Orbital Review" is the article's title on the site's page
        site = re.escape(metadata["publisher"])
        title = re.sub(rf"^\s*{site}\s*[|\-–—·:»]\s*|\s*[|\-–—·:»]\s*{site}\s*$", "", title)
    _take(metadata, found, "title", title, "the page's <title>")
    _take(metadata, found, "title", " ".join(tree.xpath("(//h1)[1]//text()")), "the page's first <h1>")
    _take(metadata, found, "language", tree.get("lang", ""), "the <html lang> attribute")
    if trafilatura_reading is not None:  # bylines and JSON-LD as trafilatura reads them; its dates may be guesses
        where = "the page, as trafilatura reads it"
        _take(metadata, found, "title", trafilatura_reading.title, where)
        _take(metadata, found, "authors", trafilatura_reading.author, where)
        _take(metadata, found, "publisher", trafilatura_reading.sitename, where)
        _take(metadata, found, "url", trafilatura_reading.url, where)
    return metadata, found


def _json_ld_values(text, key):
    """Yield every string stored under ``key`` in a JSON-LD text, at any depth; nothing if it is not JSON."""
    try:
        queue = collections.deque([json.loads(text)])
    except (ValueError, RecursionError):
        return
    while queue:
        item = queue.popleft()
        if isinstance(item, dict):
            if isinstance(item.get(key), str):
                yield item[key]
            queue.extend(item.values())
        elif isinstance(item, list):
            queue.extend(item)


def _read_pdf(data, shown, encoding, *, max_pages=MAX_PDF_PAGES):
    """The text layer's paragraphs, lines joined and hyphenated words made whole; metadata from the document information."""
    import pypdf
    from pypdf.errors import DependencyError

    if b"%PDF-" not in data[:1024]:
        raise DocumentError(shown, "is not a PDF: it does not start with %PDF-")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = [] if locked else _pages_text(reader, shown, max_pages)
        metadata, found = ({}, {}) if locked else _pdf_metadata(reader)
    except DocumentError:
        raise
    except DependencyError as error:
        raise DocumentError(shown, f"is encrypted in a way pypdf needs another package for ({error})") from None
    except Exception as error:  # pypdf raises errors of many kinds on a damaged file
        raise DocumentError(shown, f"is a damaged PDF that pypdf cannot read ({' '.join(str(error).split())})") from None
    if locked:
        raise DocumentError(shown, "is encrypted and needs a password to open; save a copy without one and read that")
    if not any(text.strip() for text in pages):
        which = "its only page" if len(pages) == 1 else f"any of its {len(pages)} pages"
        raise DocumentError(shown, f"no text layer on {which} (a scanned PDF?); run OCR first, e.g. with ocrmypdf")
    text = pages[0]
    for page in pages[1:]:  # a sentence that runs on to the next page stays one
        text += ("\n\n" if _SENTENCE_END.search(text) or not text.strip() else "\n") + page
    blocks = split_paragraphs(_rejoin_hyphenated(text))
    return blocks, metadata, found


def _pages_text(reader, shown, max_pages):
    """The text of each page, after checking the count of pages: the count the file declares, then each page as it comes."""
    # the page tree's /Count, read without walking the tree (pypdf takes 7 s to list 100,000 pages before one is read)
    declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
    declared = declared if isinstance(declared, int) else 0
    if declared > max_pages:
        raise DocumentError(shown, f"has {declared:,} pages, more than the {max_pages:,} read (max_pages)")
    texts = []
    for number, page in enumerate(reader.pages, start=1):
        if number > max_pages:  # a page tree that holds more pages than its /Count says
            raise DocumentError(shown, f"has more than the {max_pages:,} pages read (max_pages)")
        texts.append(_page_text(page))
    return texts


def _pdf_metadata(reader):
    """Return what a PDF's document information says of it, and where; its creation date only as an assumed date."""
    metadata: dict[str, Any] = {}  # {key: value}
    found: dict[str, str] = {}  # {key: where its value was found}
    info = reader.metadata
    if info is not None:
        _take(metadata, found, "title", info.title, "the PDF's /Title")
        _take(metadata, found, "authors", info.author, "the PDF's /Author")
        try:
            created = info.creation_date
        except ValueError:  # a /CreationDate that is not a PDF date
            created = None
        _take(metadata, found, "date", created and created.date().isoformat(), "the PDF's creation date (assumed)")
    _take(metadata, found, "language", reader.root_object.get("/Lang"), "the PDF's /Lang")
    return metadata, found


def _page_text(page):
    """Return the text layer of a PDF page, lines as pypdf finds them, with a blank line where a gap is wider than most.

    pypdf's text has no blank lines between paragraphs, and its layout mode, which has them, runs columns together;
    so each line's baseline is kept, and a gap of more than 1.3 times the usual line spacing ends a paragraph, as does
    a sentence that ends at the foot of a column.
    """
    lines: list[list[Any]] = [["", None]]  # text and baseline of each line

    def visit(text, cm, tm, font, size):
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append(["", None])
            if part.strip() and lines[-1][1] is None:
                lines[-1][1] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            lines[-1][0] += part

    plain = page.extract_text(visitor_text=visit)
    if "\n".join(text for text, _ in lines) != plain:  # the visitor did not see all the text: no paragraphs then
        return plain
    baselines = [y for _, y in lines if y is not None]
    gaps = sorted(above - below for above, below in itertools.pairwise(baselines) if above > below)
    usual = gaps[len(gaps) // 2] if gaps else None
    text: list[str] = []
    previous: tuple[str, float] | None = None  # the last line with text, and its baseline
    for line, y in lines:
        if y is not None and previous and usual:
            gap = previous[1] - y
            if gap > 1.3 * usual or (gap < -usual and _SENTENCE_END.search(previous[0])):  # a wide gap, or a new column
                text.append("")
        text.append(line)
        previous = (line, y) if y is not None else previous
    return "\n".join(text)


def _rejoin_hyphenated(text):
    """Join words broken at a line end: ``interna-\\ntional`` to ``international``; ``Kestrel-\\n2`` keeps its hyphen."""

    def join(match):
        broken_word = match.group(1).isalpha() and match.group(2).islower()
        return match.group(1) + ("" if broken_word else "-")

    return _LINE_END_HYPHEN.sub(join, text)
