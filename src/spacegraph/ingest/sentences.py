"""Sentences of a stored text, with their character offsets.

Sentences come from `sentencex <https://pypi.org/project/sentencex/>`_, a rule-based
segmenter that needs no model: abbreviations such as "U.S.", "Dr." and "No. 5", and
decimals such as "3.5 m", do not end a sentence. A sentence never crosses a block
(the stored text separates blocks by a blank line), so a heading stays on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "sentence_lookup"]

_BLOCK_BREAK = re.compile(r"\n\s*\n")
#: A list item's marker: the segmenter reads no sentence boundary in a block that opens with one.
_ITEM_MARKER = re.compile(r"[•▪◦‣·*-]\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its number, its offsets in the stored text and its text (``text[start:end]``)."""

    index: int
    start: int
    end: int
    text: str
    block: int


def split_sentences(text: str, language: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences whose offsets point into ``text``.

    Parameters
    ----------
    text : str
        The stored (normalised) text.
    language : str
        The language code the segmenter's rules are chosen by.

    Returns
    -------
    list of Sentence
        In reading order; ``text[s.start:s.end] == s.text`` for each.

    Examples
    --------
    >>> [s.text for s in split_sentences("Dr. Wen met U.S. officials. No. 5 is 3.5 m long.\\n\\nA heading")]
    ['Dr. Wen met U.S. officials.', 'No. 5 is 3.5 m long.', 'A heading']
    >>> split_sentences("One. Two.")[1].start
    5
    >>> [s.text for s in split_sentences("• Launch: China flew. Russia did not.")]
    ['Launch: China flew.', 'Russia did not.']
    """
    from sentencex import segment

    sentences = []
    block_start = 0
    blocks = _BLOCK_BREAK.split(text)
    breaks = [m.end() for m in _BLOCK_BREAK.finditer(text)]
    for number, block in enumerate(blocks):
        marker = _ITEM_MARKER.match(block)
        skip = marker.end() if marker else 0   # "• Space Launch: ... costs. In 2024, ..." is several sentences
        offset = block_start + skip
        for piece in segment(language, block[skip:]):
            stripped = piece.strip()
            if stripped:
                start = offset + (len(piece) - len(piece.lstrip()))
                sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped, number))
            offset += len(piece)
        if number < len(breaks):
            block_start = breaks[number]
    return sentences


def sentence_lookup(sentences):
    """Return a function that gives the number of the sentence holding an offset (None between sentences).

    Examples
    --------
    >>> at = sentence_lookup(split_sentences("One. Two."))
    >>> at(0), at(6), at(4)
    (0, 1, None)
    """
    import bisect

    starts = [s.start for s in sentences]

    def lookup(offset):
        position = bisect.bisect_right(starts, offset) - 1
        if position >= 0 and offset < sentences[position].end:
            return sentences[position].index
        return None

    return lookup
