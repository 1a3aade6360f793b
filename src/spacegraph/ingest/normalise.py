"""The stored text of a document: its blocks in Unicode NFC, white space collapsed, one blank line between blocks.

Quotes are checked against this text, so it must not depend on how the document
was laid out: a line break, a tab, a non-breaking space or a run of spaces all
become one space, and the characters that show nothing (soft hyphens, zero-width
spaces, byte order marks, control characters) are dropped. Normalising twice
changes nothing.
"""

import re
import unicodedata

__all__ = ["normalise_blocks", "normalise_text", "split_paragraphs"]

# Characters that render as nothing: a word split by one of them reads as one word, so they go without a trace.
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, zero-width no-break space
_DROPPED = dict.fromkeys(
    [ord(c) for c in _INVISIBLE] + [c for c in [*range(0x20), *range(0x7F, 0xA0)] if not chr(c).isspace()]
)
_BLANK_LINE = re.compile(r"\n\s*\n")


def normalise_blocks(blocks) -> str:
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
    cleaned = (" ".join(block.translate(_DROPPED).split()) for block in blocks)
    # NFC last: removing a soft hyphen between a letter and its accent can leave a pair that composes
    return "\n\n".join(unicodedata.normalize("NFC", block) for block in cleaned if block)


def split_paragraphs(text) -> list[str]:
    """Return the paragraphs of ``text``, split on blank lines, the lines of each joined by a space.

    Examples
    --------
    >>> split_paragraphs("The station\\nopened.\\n \\nIt works.\\n")
    ['The station opened.', 'It works.']
    """
    paragraphs = (" ".join(line.strip() for line in part.splitlines()) for part in _BLANK_LINE.split(text))
    return [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]


def normalise_text(text) -> str:
    """Return the stored text of a plain text: its paragraphs (split on blank lines) normalised.

    ``normalise_text(normalise_text(text)) == normalise_text(text)`` for every text.

    Examples
    --------
    >>> stored = normalise_text("Kestrel-2\\r\\n\\r\\nThe  mission\\nflies in 2026.")
    >>> stored
    'Kestrel-2\\n\\nThe mission flies in 2026.'
    >>> normalise_text(stored) == stored
    True
    """
    return normalise_blocks(_BLANK_LINE.split(text))
