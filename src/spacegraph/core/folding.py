"""The one fold of names and texts: how "Chang'e-5" and "chang e 5", or "Defence Centre" and "defense center", are one.

Accents and case are removed, hyphens, dashes and apostrophes read as spaces, white space
made single, and British spellings read as American ones (programme and program, centre and
center, defence and defense, organisation and organization, colour and color). Every name a
person types is resolved with it (:mod:`spacegraph.core.names`), the documents are read
with it (:mod:`spacegraph.ingest.linking`, which keeps each folded character's offset), and
the explorer's search folds the same way (``pure.js``'s ``fold``, tested against this one).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold", "fold_with_offsets"]

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_APOSTROPHES = "'\u2018\u2019\u02bc\u2032`"
# British spellings, read as the American ones: (pattern on a folded word's end, replacement)
_SPELLINGS = [(r"programme(s?)", r"program\1"), (r"(?<=[a-z]{2})tre(s?)", r"ter\1"), (r"(?<=de|of)fence(s?)", r"fense\1"),
              (r"licence(s?)", r"license\1"), (r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)", r"iz\1"),
              (r"(?<=[a-z]{2}[^aeiou])our(s|ed|ing|ite|ites)?", r"or\1"), (r"(?<=[a-z]{2})yse(s|d)?", r"yze\1"),
              (r"(?<=[a-z]{3})ogue(s?)", r"og\1")]
_SPELLING = re.compile(r"\b([a-z]*?)(" + "|".join(f"(?:{p})" for p, _ in _SPELLINGS) + r")\b")
_SPELLING_PARTS = [(re.compile(p + r"\Z"), r) for p, r in _SPELLINGS]


def _american(word):
    """The American spelling of a folded word whose ending one of :data:`_SPELLINGS` matches."""
    for pattern, replacement in _SPELLING_PARTS:
        changed = pattern.sub(replacement, word)
        if changed != word:
            return changed
    return word


def _fold_char(ch: str) -> str:
    if ch in _DASHES or ch.isspace() or ch in _APOSTROPHES:
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """Return ``text`` folded for matching: no accents, no case, dashes and apostrophes as spaces, single spaces,
    American spellings.

    Parameters
    ----------
    text : str
        A name or a passage.

    Returns
    -------
    str

    Examples
    --------
    >>> fold("Mathieu  Duchâtel’s deep-space")
    'mathieu duchatel s deep space'
    >>> fold("Chinese Space Programme"), fold("Defence Centre"), fold("Chang'e-5") == fold("Chang-e 5")
    ('chinese space program', 'defense center', True)
    """
    if len(text) <= _REMEMBERED:
        return _fold_word(text)
    return " ".join(fold_with_offsets(text)[0].split())


#: Texts up to this length are folded once and remembered: reading a text folds its words over and over.
_REMEMBERED = 40


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(text):
    return " ".join(fold_with_offsets(text)[0].split())


def fold_with_offsets(text: str) -> tuple[str, list[int] | range]:
    """Fold ``text`` character by character; return it with the offset in ``text`` of each folded character.

    The map has one more entry than the folded text: ``len(text)``, so that a folded end
    offset maps too. When every character folds to one character (most texts), the map is
    a ``range``.

    Examples
    --------
    >>> folded, origin = fold_with_offsets("Élan Café")
    >>> folded, origin[folded.index("cafe")]
    ('elan cafe', 5)
    >>> fold_with_offsets("Straße")
    ('strasse', [0, 1, 2, 3, 4, 4, 5, 6])
    """
    table = {}
    for ch in set(text):
        folded = ch.lower() if ch.isascii() and ch not in "-`'" and not ch.isspace() else _fold_char(ch)
        if folded != ch:
            table[ord(ch)] = folded
    folded_text = text.translate(table)
    if len(folded_text) == len(text) and all(len(value) == 1 for value in table.values()):
        return _respelt(folded_text, range(len(text) + 1))
    origin = []
    for position, ch in enumerate(text):
        origin.extend([position] * len(table.get(ord(ch), ch)))
    origin.append(len(text))
    return _respelt(folded_text, origin)


def _respelt(folded, origin):
    """``(folded, origin)`` with British spellings made American; each replaced ending maps to where it was."""
    if not _SPELLING.search(folded):
        return folded, origin
    pieces, mapped, last = [], [], 0
    for match in _SPELLING.finditer(folded):
        word = match.group(0)
        respelt = _american(word)
        kept = next((i for i, (a, b) in enumerate(zip(word, respelt, strict=False)) if a != b), min(len(word), len(respelt)))
        start, end = match.start() + kept, match.end()
        replacement = respelt[kept:]
        pieces.append(folded[last:start])
        mapped.extend(origin[last:start])
        pieces.append(replacement)
        mapped.extend(origin[start + min(i, max(end - start - 1, 0))] for i in range(len(replacement)))
        if mapped:  # the respelt word's last character stands for the original's last: a mention keeps the whole word
            mapped[-1] = origin[end - 1]
        last = end
    pieces.append(folded[last:])
    mapped.extend(origin[last:])
    return "".join(pieces), mapped


