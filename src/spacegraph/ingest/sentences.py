"""Sentences of a stored text, with their character offsets.

Sentences come from `sentencex <https://pypi.org/project/sentencex/>`_, a rule-based
segmenter that needs no model: abbreviations such as "U.S.", "Dr." and "No. 5", and
decimals such as "3.5 m", do not end a sentence. A sentence never crosses a block
(the stored text separates blocks by a blank line), so a heading stays on its own.

No sentence of the texts spacegraph holds is longer than a thousand characters; one longer
than :data:`MAX_SENTENCE` (a text without full stops, a table flattened into a line) is cut
into pieces of at most that length, at white space, each marked with its number
(``Sentence.piece``). What is worked out per sentence (its words, its pairs of actors) then
stays bounded, whatever the length of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "sentence_lookup", "MAX_SENTENCE"]

#: The most characters a sentence holds; a longer one is read in pieces of at most this length.
MAX_SENTENCE = 3000

_BLOCK_BREAK = re.compile(r"\n\s*\n")
#: A list item's marker: the segmenter reads no sentence boundary in a block that opens with one.
_ITEM_MARKER = re.compile(r"[•▪◦‣·*-]\s+")


@dataclass(frozen=True, slots=True)   # slots: a text of megabytes makes hundreds of thousands
class Sentence:
    """One sentence: its number, its offsets in the stored text and its text (``text[start:end]``).

    ``piece`` is 0 for a sentence read whole; 1, 2... for the pieces of a sentence longer than :data:`MAX_SENTENCE`.
    """

    index: int
    start: int
    end: int
    text: str
    block: int
    piece: int = 0


def split_sentences(text: str, language: str = "en", *, longest: int = MAX_SENTENCE) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets point into ``text``.

    Parameters
    ----------
    text : str
        The stored (normalised) text.
    language : str
        The language code the segmenter's rules are chosen by.
    longest : int
        The most characters of a sentence: a longer one is cut into pieces at white space.

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
    >>> [(s.text, s.piece) for s in split_sentences("one two three four", longest=9)]
    [('one two', 1), ('three', 2), ('four', 3)]
    """
    from sentencex import segment

    sentences: list[Sentence] = []
    for number, (block_start, block_end) in enumerate(_blocks(text)):
        block = text[block_start:block_end]
        marker = _ITEM_MARKER.match(block)
        skip = marker.end() if marker else 0   # "• Space Launch: ... costs. In 2024, ..." is several sentences
        offset = block_start + skip
        for piece in segment(language, block[skip:]):
            stripped = piece.strip()
            if stripped:
                start = offset + (len(piece) - len(piece.lstrip()))
                if len(stripped) <= longest:
                    sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped, number))
                else:
                    for part, (begin, end) in enumerate(_cut(stripped, longest), start=1):
                        sentences.append(Sentence(len(sentences), start + begin, start + end, stripped[begin:end], number, part))
            offset += len(piece)
    return sentences


def _blocks(text):
    """``(start, end)`` of each block of ``text``, found one at a time rather than split into a list of copies."""
    start = 0
    for brk in _BLOCK_BREAK.finditer(text):
        yield start, brk.start()
        start = brk.end()
    yield start, len(text)


def _cut(text, longest):
    """``(start, end)`` of pieces of ``text`` (stripped) of at most ``longest`` characters, each stripped, cut at the
    last white space that keeps a piece within the bound (mid-word only in a word longer than the bound)."""
    start = 0
    while start < len(text):
        end = min(start + longest, len(text))
        if end < len(text) and not text[end].isspace():
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        yield start, len(text[start:end].rstrip()) + start
        start = end
        while start < len(text) and text[start].isspace():
            start += 1


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
