"""What the words of a text are, for telling a name from an ordinary word, with no list written for one article.

Three sources, each kept by someone else or learnt from the graph's own texts:

* function words: scikit-learn's English stop words (the Glasgow list), and the names of the
  months and days from Python's :mod:`calendar`;
* ordinary words: every word a text writes in lower case, in the document being read and in
  every source the graph already holds (``graph_data/sources/*.txt``). "Navigation" that opens a
  heading is an ordinary word when any text writes "navigation"; "Zhurong" is not;
* adjectives of nationality: a capitalised word that a place name of the graph or of the text
  turns into by the usual endings ("Russia" → "Russian", "China" → "Chinese", "Pakistan" →
  "Pakistani"), one that ends as only they do (-ese, -ish, -ican: "Japanese", "Spanish",
  "American"), or one that ends in -ian or -ean and is always followed by a word in lower case
  ("Martian surface", "Ukrainian forces"; "Brian" is a name).
"""

from __future__ import annotations

import calendar
import functools
import re
from pathlib import Path

from ..core.folding import fold

__all__ = ["Vocabulary", "stop_words", "lowercase_words", "demonym_stems", "listed_names", "official_forms", "NAME_LISTS", "name_tokens"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NAME_TOKEN = re.compile(r"[^\W_](?:[\w'’.&\u2013-]*[\w.])?")


@functools.cache
def stop_words() -> frozenset:
    """Function words, months and days, folded: words that start no name.

    Examples
    --------
    >>> {"the", "however", "march", "monday"} <= stop_words(), "china" in stop_words()
    (True, False)
    """
    from ..core._shortcuts import english_stop_words

    dates = {fold(name) for name in [*calendar.month_name, *calendar.day_name] if name}
    return frozenset(english_stop_words()) | frozenset(dates)


def _iso_3166_1():
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names.add(fold(value))
    return frozenset(names)


@functools.cache
def _official_names():
    import pycountry

    official = {}
    for country in pycountry.countries:
        formal = getattr(country, "official_name", None)
        if not formal or "," in formal:
            continue
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                official[fold(value)] = formal
    return official


def official_forms(state_name: str) -> tuple:
    """The other names ISO 3166-1 gives a country (pycountry): its official name and, when that has three or four
    capitalised words, their initials. Empty for a name the standard does not list.

    Examples
    --------
    >>> official_forms("China")
    ("People's Republic of China", 'PRC')
    >>> official_forms("United States"), official_forms("Atlantis")
    (('United States of America', 'USA'), ())
    """
    formal = _official_names().get(fold(state_name))
    if formal is None:
        return ()
    initials = "".join(word[0] for word in formal.split() if word[:1].isupper())
    return (formal, initials) if 3 <= len(initials) <= 4 else (formal,)


#: The published lists of names a class may take its instances from (``sg:nameList``), and how each is read.
NAME_LISTS = {"ISO 3166-1": _iso_3166_1}


@functools.cache
def listed_names(list_name: str) -> frozenset:
    """The folded names of a published list (:data:`NAME_LISTS`): ISO 3166-1's countries, from pycountry.

    Examples
    --------
    >>> {"spain", "namibia", "taiwan", "united states"} <= listed_names("ISO 3166-1")
    True
    >>> listed_names("no such list")
    frozenset()
    """
    reader = NAME_LISTS.get(list_name)
    return reader() if reader is not None else frozenset()


def name_tokens(text, offset=0):
    """``(start, end, word)`` of each word of ``text``, a possessive 's and a final full stop left out.

    Examples
    --------
    >>> [w for _, _, w in name_tokens("China's U.S.-made Chang'e-5 flew.")]
    ['China', 'U.S.-made', "Chang'e-5", 'flew']
    """
    for match in _NAME_TOKEN.finditer(text):
        word = match.group()
        end = match.end()
        for suffix in ("'s", "’s"):
            if word.endswith(suffix):
                word, end = word[: -len(suffix)], end - len(suffix)
        if word.endswith(".") and word[:-1].count(".") == 0:  # a full stop, not "U.S."
            word, end = word[:-1], end - 1
        if word:
            yield offset + match.start(), offset + end, word


def lowercase_words(text: str) -> set:
    """The words ``text`` writes in lower case (all their letters), folded.

    Examples
    --------
    >>> sorted(lowercase_words("The Navigation of low earth orbit, by NASA."))
    ['by', 'earth', 'low', 'of', 'orbit']
    """
    return {fold(word) for word in {match.group() for match in _WORD.finditer(text)} if word.islower()}


@functools.cache
def _sources_words(folder: str, signature: tuple) -> frozenset:
    words: set = set()
    for name, _size, _mtime in signature:
        words |= lowercase_words((Path(folder) / name).read_text(encoding="utf-8", errors="replace"))
    return frozenset(words)


def sources_vocabulary(sources_dir) -> frozenset:
    """The lower-case words of every stored source in ``sources_dir``, read once per change of the folder."""
    folder = Path(sources_dir)
    if not folder.is_dir():
        return frozenset()
    files = sorted(p for p in folder.glob("*.txt") if p.is_file())
    signature = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _sources_words(str(folder), signature)


_DEMONYM_ENDINGS = (("", "n"), ("a", "an"), ("", "ian"), ("a", "ese"), ("", "ese"), ("", "i"), ("e", "ian"), ("y", "ian"),
                    ("a", "ian"), ("", "ish"), ("land", "lish"), ("us", "an"), ("ia", "ian"), ("any", "an"))


def demonym_stems(word: str) -> set:
    """The place names ``word`` may be the adjective of, by the usual English endings, folded.

    Examples
    --------
    >>> sorted(demonym_stems("Chinese"))
    ['chin', 'china']
    >>> "russia" in demonym_stems("Russian"), "pakistan" in demonym_stems("Pakistani")
    (True, True)
    """
    folded = fold(word)
    stems = set()
    for base, ending in _DEMONYM_ENDINGS:
        if folded.endswith(ending) and len(folded) > len(ending) + 2:
            stems.add(folded[: len(folded) - len(ending)] + base)
    return stems


class Vocabulary:
    """The words of one document, with those of the graph's sources and its place names.

    Parameters
    ----------
    text : str
        The stored text being read.
    ordinary : iterable of str, optional
        Lower-case words of the other sources (see :func:`sources_vocabulary`).
    places : iterable of str, optional
        Names of the graph's states and regions.

    Examples
    --------
    >>> words = Vocabulary("Chinese firms met Russian ones in Russia. The navigation works.", places=["China"])
    >>> words.is_ordinary("Navigation"), words.is_ordinary("Zhurong"), words.is_stop("The")
    (True, False, True)
    >>> words.is_demonym("Chinese"), words.is_demonym("Russian"), words.is_demonym("Russia")
    (True, True, False)
    """

    def __init__(self, text: str, ordinary=(), places=()):
        self.lower = lowercase_words(text) | set(ordinary)
        self.stops = stop_words()
        self.places = {fold(place) for place in places}
        self._modifier_only = _always_before_lowercase(text)
        written = {match.group() for match in _WORD.finditer(text) if match.end() - match.start() > 3}
        self._capitalised = {fold(word) for word in written if word[:1].isupper()}

    def is_stop(self, word: str) -> bool:
        """A function word, a month or a day."""
        return fold(word).rstrip(".") in self.stops

    def is_ordinary(self, word: str) -> bool:
        """A word some text writes in lower case: capitalised, it opens a sentence or a heading."""
        return fold(word) in self.lower

    def is_demonym(self, word: str) -> bool:
        """An adjective of nationality: of a place the graph or the text names, or one by its ending and use."""
        folded = fold(word)
        if not word[:1].isupper() or " " in folded or folded in self.places:
            return False
        if demonym_stems(word) & (self.places | self._capitalised):
            return True
        if folded.endswith(("ese", "ish", "ican")):  # "Japanese", "Spanish", "American": no first name ends so
            return True
        return folded.endswith(("ian", "ean")) and folded in self._modifier_only   # "Brian" and "Julian" do


def _always_before_lowercase(text):
    """Capitalised words (folded) that, wherever the text writes them, are followed by a word in lower case."""
    followed: dict = {}   # as written: each word is folded once, not at each of its uses
    for match in re.finditer(r"\b([A-Z][^\W\d_]+)(?:['’]s)?\s+([^\W\d_][\w-]*)", text):
        word, after = match.group(1), match.group(2)
        followed[word] = followed.get(word, True) and after[:1].islower()
    for match in re.finditer(r"\b([A-Z][^\W\d_]+)(?:['’]s)?(?=[.,;:)]|\s*$)", text):
        followed[match.group(1)] = False
    always: dict = {}
    for word, before_lowercase in followed.items():
        folded = fold(word)
        always[folded] = always.get(folded, True) and before_lowercase
    return {word for word, kept in always.items() if kept}
