"""Every quote must be found verbatim, white space aside, in its source text."""

import difflib
import hashlib
from pathlib import Path
from typing import Any

from rdflib.namespace import PROV

from ..core.model import short_name
from ..core.namespaces import OA, SG
from ..core.terms import to_rdflib
from .report import Problem, in_file_order
from .rows import plain_rows

__all__ = ["quote_problems", "find_quote", "closest_passage", "furniture_spans", "on_furniture"]



class SourceText:
    """A source text with white space removed, mapped back to the original.

    Examples
    --------
    >>> text = SourceText("Argentina, which  hosts\\na station")
    >>> text.contains("which hosts a station")
    True
    >>> text.contains("which hosts two stations")
    False
    """

    def __init__(self, text):
        self.text = text
        self.squashed = "".join(text.split())  # str.split() drops exactly what str.isspace() calls space
        self._positions = None

    @property
    def _origin(self):
        """Position in the text of each character of ``squashed`` (built when a quote is not found)."""
        if self._positions is None:
            self._positions = [i for i, ch in enumerate(self.text) if not ch.isspace()]
        return self._positions

    def contains(self, quote):
        """Tell whether ``quote`` occurs in the text, white space aside."""
        needle = "".join(quote.split())
        return bool(needle) and needle in self.squashed

    def closest(self, quote):
        """Return the passage of the text most like ``quote``, as written in the source."""
        return closest_passage(self, quote)

    def places(self, quote):
        """The ``(start, end)`` of each place ``quote`` occurs, in the text with white space removed."""
        needle = "".join(quote.split())
        found, at = [], self.squashed.find(needle) if needle else -1
        while at >= 0:
            found.append((at, at + len(needle)))
            at = self.squashed.find(needle, at + 1)
        return found


def furniture_spans(source, furniture):
    """The page furniture of a source, as ``(start, end, kind)`` in its text with white space removed.

    Parameters
    ----------
    source : SourceText
    furniture : list of dict
        The ``furniture`` of the source's description: each ``{"kind", "text"}``, with ``"occurrence"``
        (1 for the first) when only one of the places the text occurs is furniture.

    Examples
    --------
    >>> text = SourceText("Home > News. Mars is far. Share. Mars is far. Share.")
    >>> furniture_spans(text, [{"kind": "navigation", "text": "Share."}, {"kind": "pull-quote", "text": "Mars is far.", "occurrence": 2}])
    [(20, 26, 'navigation'), (36, 42, 'navigation'), (26, 36, 'pull-quote')]
    """
    spans = []
    for item in furniture:
        places = source.places(item["text"])
        if "occurrence" in item:
            places = places[item["occurrence"] - 1:item["occurrence"]]
        spans += [(start, end, item["kind"]) for start, end in places]
    return spans


def on_furniture(source, spans, quote):
    """The kind of furniture ``quote`` rests on, when every place it occurs overlaps furniture; else ``None``.

    Examples
    --------
    >>> text = SourceText("Home > News. Mars is far. Credit: AFP")
    >>> spans = furniture_spans(text, [{"kind": "image credit", "text": "Credit: AFP"}])
    >>> on_furniture(text, spans, "Credit: AFP"), on_furniture(text, spans, "Mars is far.")
    ('image credit', None)
    """
    kinds = []
    for start, end in source.places(quote):
        kind = next((k for a, b, k in spans if a < end and start < b), None)
        if kind is None:
            return None
        kinds.append(kind)
    return kinds[0] if kinds else None


def read_furniture(text_path):
    """The ``furniture`` list of the description beside a source text (``NAME.json``), or ``[]``."""
    import json

    try:
        description = json.loads(Path(text_path).with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    furniture = description.get("furniture", []) if isinstance(description, dict) else []
    return [item for item in furniture if isinstance(item, dict) and isinstance(item.get("text"), str)
            and isinstance(item.get("kind"), str) and isinstance(item.get("occurrence", 1), int)]


def find_quote(text, quote):
    """Tell whether ``quote`` is in ``text``, white space aside.

    Examples
    --------
    >>> find_quote("a  b\\nc", "a b c"), find_quote("a b c", "a b d")
    (True, False)
    """
    return SourceText(text).contains(quote)


def closest_passage(source, quote):
    """Return the passage of ``source`` (a :class:`SourceText`) closest to ``quote``.

    It anchors on the longest block the quote shares with the text, then
    widens to the quote's length.
    """
    needle = "".join(quote.split())
    if not needle or not source.squashed:
        return ""
    matcher = difflib.SequenceMatcher(None, source.squashed, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(source.squashed), 0, len(needle))
    start = max(0, match.a - match.b)
    end = min(len(source.squashed), start + len(needle)) - 1
    if end < start:
        return ""
    begin, finish = source._origin[start], source._origin[end] + 1
    text = source.text
    while begin > 0 and not text[begin - 1].isspace():  # widen to whole words
        begin -= 1
    while finish < len(text) and not text[finish].isspace():
        finish += 1
    return " ".join(text[begin:finish].split())


_QUOTES = f"""SELECT DISTINCT ?exact ?document WHERE {{
  ?quoted <{SG.evidence}> ?quote . ?quote <{OA.exact}> ?exact ; <{PROV.wasQuotedFrom}> ?document .
}} ORDER BY ?document ?exact"""


def quote_problems(graph, sources_dir, index, store=None):
    """Check each quote against the text file of the document it cites.

    A quote that occurs only on the page furniture its source's description lists (navigation, a
    related-content list, an image credit, a pull-quote) is a problem too. Also checks that each
    cited document names a text file that exists inside ``sources_dir`` and matches the
    document's ``sg:sha256``. The quotes are read from ``store`` (the Oxigraph store under
    ``graph``) when it is given.
    """
    sources_dir = Path(sources_dir)
    problems = []
    texts: dict[Any, SourceText | None] = {}  # {document: its text, None when it cannot be read}
    furniture = {}

    def source_of(document):
        if document in texts:
            return texts[document]
        texts[document] = None
        name = graph.value(document, SG.textFile)
        file, line = index.locate(document)
        if name is None:
            problems.append(Problem("quote", f"document {short_name(graph, document)} is quoted but has no sg:textFile", file, line))
            return None
        path = (sources_dir / str(name)).resolve()
        if sources_dir.resolve() not in path.parents:
            problems.append(Problem("quote", f"sg:textFile {str(name)!r} of {short_name(graph, document)} points outside {sources_dir}",
                                    file, line))
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            problems.append(Problem("quote", f"source text {path} of {short_name(graph, document)} cannot be read", file, line))
            return None
        expected = graph.value(document, SG.sha256)
        actual = hashlib.sha256(raw).hexdigest()
        if expected is not None and str(expected) != actual:
            message = f"source text {path.name} has SHA-256 {actual}, but {short_name(graph, document)} records {expected}"
            problems.append(Problem("quote", message, file, line))
        texts[document] = SourceText(raw.decode("utf-8", errors="replace"))
        furniture[document] = furniture_spans(texts[document], read_furniture(path))
        return texts[document]

    # quotes without text or document are left to the SHACL shapes
    documents: dict[Any, Any] = {}  # {plain document: rdflib document}
    for exact, document in plain_rows(graph, store, _QUOTES):
        exact = exact[1] if isinstance(exact, tuple) else exact  # a literal's text, or a blank node's name
        document = documents.get(document) or documents.setdefault(document, to_rdflib(document))
        source = source_of(document)
        if source is not None and source.contains(exact):
            kind = on_furniture(source, furniture[document], str(exact)) if furniture[document] else None
            if kind:
                escaped = str(exact).replace("\\", "\\\\").replace('"', '\\"')
                file, line = index.find_text(escaped[:60], str(exact)[:60])
                message = (f'quote rests on page furniture ({kind}) of {graph.value(document, SG.textFile)}, which is no evidence: '
                           f'"{_clip(str(exact))}"; quote the prose that states it')
                problems.append(Problem("quote", message, file, line))
            continue
        if source is None:
            continue
        escaped = str(exact).replace("\\", "\\\\").replace('"', '\\"')
        file, line = index.find_text(escaped[:60], str(exact)[:60])
        passage = source.closest(str(exact))
        message = f'quote not found in {graph.value(document, SG.textFile)}: "{_clip(str(exact))}"; closest passage: "{_clip(passage)}"'
        problems.append(Problem("quote", message, file, line))
    return in_file_order(problems)


def _clip(text, width=160):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
