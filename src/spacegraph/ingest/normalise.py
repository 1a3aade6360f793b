"""The stored text of a document: its blocks in Unicode NFC, white space collapsed, one blank line between blocks.

Quotes are checked against this text, so it must not depend on how the document
was laid out: a line break, a tab, a non-breaking space or a run of spaces all
become one space, and the characters that show nothing (soft hyphens, zero-width
spaces, byte order marks, control characters) are dropped. Normalising twice
changes nothing.
"""

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["normalise_blocks", "normalise_text", "split_paragraphs"]

# Characters that render as nothing: a word split by one of them reads as one word, so they go without a trace.
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, zero-width no-break space
_DROPPED = dict.fromkeys(
    [ord(c) for c in _INVISIBLE] + [c for c in [*range(0x20), *range(0x7F, 0xA0)] if not chr(c).isspace()]
)
_BLANK_LINE = re.compile(r"\n\s*\n")


def normalise_blocks(blocks: Iterable[str]) -> str:
    """Return the stored text of ``blocks``: each normalised, empty ones dropped, joined by a blank line.

    Each block is put in Unicode NFC; every run of white space (spaces, tabs, line
    breaks, non-breaking spaces) becomes one ASCII space, and the block is stripped;
    soft hyphens, zero-width spaces, byte order marks and control characters are removed.

    Parameters
    ----------
    blocks : iterable of str
        Paragraphs, headings, list items... in reading order.

    Returns
    -------
    str
        The blocks joined by ``"\\n\\n"``, so that the last word of one never runs into the first of the next.

    Examples
    --------
    >>> normalise_blocks(["  Lunar\\tPartners\\n", "", "inter\\u00adnational\\u00a0station", "\\u200b"])
    'Lunar Partners\\n\\ninternational station'
    >>> normalise_blocks(["Cafe\\u0301"]) == "Caf\\u00e9"
    True
    """
    cleaned = (_squeezed(block.translate(_DROPPED)) for block in blocks)
    # NFC last: removing a soft hyphen between a letter and its accent can leave a pair that composes
    return "\n\n".join(unicodedata.normalize("NFC", block) for block in cleaned if block)


_SPACE = re.compile(r"\s")
_PIECE = 1 << 20


def spans_at_spaces(text, size=_PIECE):
    """Yield ``(start, end)`` of the consecutive pieces of ``text``, each cut just before the first white space
    at or past ``size`` characters from its start (a piece without white space runs on to the end).

    A long line is worked on a piece at a time, so that what is made of it (its words, its folded form)
    is never held for the whole line at once; white space ends every word, so no word is cut.

    Examples
    --------
    >>> [("ab cd ef gh"[s:e]) for s, e in spans_at_spaces("ab cd ef gh", 4)]
    ['ab cd', ' ef gh']
    >>> list(spans_at_spaces("", 4)), list(spans_at_spaces("abcdefgh", 4))
    ([], [(0, 8)])
    """
    start = 0
    while start < len(text):
        space = _SPACE.search(text, min(start + size, len(text)))
        end = space.start() if space and space.start() > start else len(text)
        yield start, end
        start = end


def _squeezed(text):
    """``" ".join(text.split())``, a piece of about a megabyte at a time.

    Splitting a 200 MB line into its words at once holds every word as an
    object, ten times the line; cut at white space, each piece is squeezed
    alone and the pieces joined, with the same result.

    Examples
    --------
    >>> _squeezed("  a \\t b\\n") == " ".join("  a \\t b\\n".split())
    True
    """
    if len(text) <= _PIECE:
        return " ".join(text.split())
    pieces = (" ".join(text[start:end].split()) for start, end in spans_at_spaces(text))
    return " ".join(piece for piece in pieces if piece)


_BULLET = re.compile(r"(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7*\u2013\u2014-]|\d{1,3}[.)])\s")
_LINE_END = re.compile(r"[.!?:;,\u2026\"'\u201d\u2019)\]-]\Z")


def _is_heading_line(line):
    """A short line in title case or capitals that ends no sentence: "Key Takeaways", "SPACE AND COUNTERSPACE"."""
    if len(line) > 100:  # before listing its words: a line of 200 MB would make millions of them
        return False
    words = re.findall(r"[^\W\d_][\w'\u2019&-]*", line)
    if not words or _LINE_END.search(line):
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised == len(words) or (capitalised >= 2 and capitalised * 3 >= len(words) * 2 and words[0][:1].isupper()
                                         and all(word[:1].isupper() or len(word) <= 4 for word in words))


def split_paragraphs(text) -> list[str]:
    """Return the blocks of a plain text, split on blank lines, on list items and after headings; lines of a block joined.

    A line that starts with a bullet or a number ("• ", "- ", "1. ") starts a list item, and a
    short line in title case that ends no sentence is a heading of its own: neither runs into
    the text that follows it. Other lines of a block are a paragraph broken for width.

    Examples
    --------
    >>> split_paragraphs("The station\\nopened.\\n \\nIt works.\\n")
    ['The station opened.', 'It works.']
    >>> split_paragraphs("Key Takeaways\\n\u25cf The PLA views space\\nas critical.\\n\u25cf It invests.")
    ['Key Takeaways', '\u25cf The PLA views space as critical.', '\u25cf It invests.']
    """
    paragraphs = []
    for part in _BLANK_LINE.split(text):
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        block: list = []
        for number, line in enumerate(lines):
            heading = _is_heading_line(line) and number + 1 < len(lines)
            if block and (_BULLET.match(line) or heading):
                paragraphs.append(" ".join(block))
                block = []
            block.append(line)
            if heading:
                paragraphs.append(" ".join(block))
                block = []
        if block:
            paragraphs.append(" ".join(block))
    return paragraphs


def normalise_text(text: str) -> str:
    """Return the stored text of a plain text: its paragraphs (split on blank lines) normalised.

    ``normalise_text(normalise_text(text)) == normalise_text(text)`` for every text.

    Parameters
    ----------
    text : str
        A plain text, with any line ends.

    Returns
    -------
    str
        Paragraphs separated by one blank line, each on one line with single spaces.

    Examples
    --------
    >>> stored = normalise_text("Kestrel-2\\r\\n\\r\\nThe  mission\\nflies in 2026.")
    >>> stored
    'Kestrel-2\\n\\nThe mission flies in 2026.'
    >>> normalise_text(stored) == stored
    True
    """
    return normalise_blocks(_BLANK_LINE.split(text))
