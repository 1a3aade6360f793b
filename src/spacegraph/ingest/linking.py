"""Finding the known actors a text names, by label, alternative label and acronym.

Every alias goes into one Aho-Corasick automaton (``pyahocorasick``), which reads the
text once, whatever the number of aliases. Text and aliases are compared folded
(:mod:`spacegraph.core.folding`: accents and case removed, hyphens, dashes and apostrophes read
as spaces, British and American spellings made one); an
offset map leads each folded character back to the stored text, so every mention keeps the
offsets of what the text says. A mention must start and end on a word boundary, so "China"
is found in "China's" but not in "Chinatown", and a numbered name does not run on: "Chang'e 5"
is not found in "Chang'e 5-T1", nor "Long March" in "Long March-11". Acronyms (an alias in capitals, such as "ASF")
and one-word aliases that start with a capital ("Space") match only when the text writes them
the same way, so "space" the noun is not taken for the domain.

When several aliases overlap, the longest wins ("Chinese deep-space station in Patagonia"
over "Patagonia"). An alias shared by two actors gives a mention with no entity and both
in ``ambiguous``: it is never guessed. :meth:`AliasIndex.near_misses` scores names that
are not aliases against those that are, for mentions the analyst may want to link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.folding import _DASHES, fold, fold_with_offsets

__all__ = ["Alias", "Mention", "AliasIndex", "spells", "overlaps_any", "NEAR_MISS_CUTOFF", "JOINING_WORDS"]

#: The lowest score (0-1) at which a name is reported as possibly meaning a known actor.
NEAR_MISS_CUTOFF = 0.8

def _folded_by_pieces(text):
    """``(folded, origin)`` as :func:`fold_with_offsets` gives them, the map kept a piece of the text at a time.

    A map of one entry per character is a list of integers, some forty bytes a character: a
    text of megabytes with one British spelling would need it whole. Folding is the same cut
    at white space (it is done character by character, and a spelling is changed within a
    word), so each piece of some 64,000 characters is folded alone and the folded pieces
    joined; :class:`_PieceOrigin` keeps where each starts and folds a piece again when an
    offset in it is asked for.
    """
    from .normalise import spans_at_spaces

    if len(text) <= _FOLDED_PIECE:
        return fold_with_offsets(text)
    parts, pieces, at = [], [], 0
    for start, end in spans_at_spaces(text, _FOLDED_PIECE):
        folded, origin = fold_with_offsets(text[start:end])
        parts.append(folded)
        pieces.append((at, start, end, isinstance(origin, range)))
        at += len(folded)
    return "".join(parts), _PieceOrigin(text, pieces, at)


_FOLDED_PIECE = 1 << 16


class _PieceOrigin:
    """The offset in the text of each folded character, read from a table of folded pieces.

    ``pieces`` holds ``(folded start, start, end, regular)`` for each piece of the text; a regular
    piece folds character for character, so its offsets are counted; another is folded again
    when asked for (the last one is kept: offsets are asked for in text order).
    """

    def __init__(self, text, pieces, length):
        self._text = text
        self._pieces = pieces
        self._starts = [piece[0] for piece in pieces]
        self._length = length
        self._kept: tuple[int | None, list[int] | range] = (None, [])  # (piece, its offsets), the last piece asked about

    def __len__(self):
        return self._length + 1

    def __getitem__(self, folded_offset):
        import bisect

        if folded_offset < 0:
            folded_offset += self._length + 1
        if folded_offset == self._length:
            return len(self._text)
        number = bisect.bisect_right(self._starts, folded_offset) - 1
        at, start, end, regular = self._pieces[number]
        if regular:
            return start + folded_offset - at
        if self._kept[0] != number:
            self._kept = (number, fold_with_offsets(self._text[start:end])[1])
        return start + self._kept[1][folded_offset - at]


@dataclass(frozen=True)
class Alias:
    """One name an actor goes by: its text, the actor's IRI and the actor's label."""

    text: str
    entity: str
    label: str


@dataclass(frozen=True, slots=True)   # slots: a text of megabytes makes hundreds of thousands
class Mention:
    """A span of the stored text that names a known actor, or might.

    ``entity`` is the actor's IRI when the span names exactly one; otherwise ``None``,
    and ``ambiguous`` (every actor the span fits) or ``possible`` (``(IRI, score)``
    pairs, best first) say what it may be.
    """

    start: int
    end: int
    text: str
    entity: str | None
    label: str | None = None
    alias: str | None = None
    ambiguous: tuple[str, ...] = ()
    possible: tuple[tuple[str, float], ...] = field(default=())


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _needs_same_case(alias: str) -> bool:
    """Acronyms and one-word capitalised aliases match only when written the same way."""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 8:
        return True
    return " " not in alias.strip() and alias[:1].isupper()


class AliasIndex:
    """The aliases of every known actor, ready to be found in a text.

    Parameters
    ----------
    aliases : iterable of Alias
        Labels, alternative labels and acronyms, each with the actor it names.

    Examples
    --------
    >>> index = AliasIndex([Alias("China", "ex:china", "China"), Alias("ASF", "ex:asf", "Aerospace Force"),
    ...                     Alias("Aerospace Force", "ex:asf", "Aerospace Force")])
    >>> [(m.text, m.entity) for m in index.find("China's ASF, the aerospace force, not Chinatown or asf.")]
    [('China', 'ex:china'), ('ASF', 'ex:asf'), ('aerospace force', 'ex:asf')]
    >>> len(index)
    3
    """

    def __init__(self, aliases: Iterable[Alias]) -> None:
        import ahocorasick

        self._by_key: dict[str, dict[str, Alias]] = defaultdict(dict)
        for alias in aliases:
            key = fold(alias.text)
            if key and any(c.isalnum() for c in key):
                self._by_key[key].setdefault(alias.entity, alias)
        self._automaton = ahocorasick.Automaton()
        for key in self._by_key:
            self._automaton.add_word(key, key)
        if self._by_key:
            self._automaton.make_automaton()
        self._longest = max(map(len, self._by_key), default=0)
        self._tokens: dict[str, list[str]] | None = None  # {a word's first four letters: the aliases with such a word}
        self._variants: tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]] | None = None
        self._spellings: dict[str, list[tuple[list[str], tuple[str, ...]]]] | None = None

    def __len__(self):
        return sum(len(entities) for entities in self._by_key.values())

    def entities_named(self, name: str) -> dict[str, Alias]:
        """Return ``{IRI: Alias}`` of the actors that go by ``name`` (compared folded).

        Parameters
        ----------
        name : str
            A label, an alternative label or an acronym.

        Returns
        -------
        dict of str to Alias
            Empty when no actor goes by it.

        Examples
        --------
        >>> index = AliasIndex([Alias("Cyberspace Force", "ex:csf", "Cyberspace Force"),
        ...                     Alias("PLA Aerospace Force", "ex:asf", "PLA Aerospace Force"),
        ...                     Alias("ASF", "ex:asf", "PLA Aerospace Force")])
        >>> index.entities_named("asf"), index.entities_named("Space Force")
        ({'ex:asf': Alias(text='ASF', entity='ex:asf', label='PLA Aerospace Force')}, {})
        """
        return dict(self._by_key.get(fold(name), {}))

    def entities_spaced(self, name: str) -> set:
        """Return the IRIs of the actors that go by ``name`` spaced otherwise ("Cyber Space Force", "Cyberspace Force").

        Parameters
        ----------
        name : str
            A name as a text writes it.

        Returns
        -------
        set of str

        Examples
        --------
        >>> index = AliasIndex([Alias("Cyberspace Force", "ex:csf", "Cyberspace Force"),
        ...                     Alias("PLA Aerospace Force", "ex:asf", "PLA Aerospace Force"),
        ...                     Alias("ASF", "ex:asf", "PLA Aerospace Force")])
        >>> index.entities_spaced("Cyber Space Force"), index.entities_spaced("Space Force")
        ({'ex:csf'}, set())
        """
        return set(self._variant_keys()[0].get(fold(name).replace(" ", ""), ()))

    def entities_ending(self, words: Iterable[str]) -> set:
        """Return the IRIs of the actors whose label, of three words or more, is ``words`` (folded) after its first word.

        Parameters
        ----------
        words : iterable of str
            Folded words (:func:`~spacegraph.core.folding.fold`).

        Returns
        -------
        set of str

        Examples
        --------
        >>> index = AliasIndex([Alias("Cyberspace Force", "ex:csf", "Cyberspace Force"),
        ...                     Alias("PLA Aerospace Force", "ex:asf", "PLA Aerospace Force"),
        ...                     Alias("ASF", "ex:asf", "PLA Aerospace Force")])
        >>> index.entities_ending(["aerospace", "force"]), index.entities_ending(["force"])
        ({'ex:asf'}, set())
        """
        return set(self._variant_keys()[1].get(" ".join(words), ()))

    def entities_spelt(self, acronym: str) -> set:
        """Return the IRIs of the actors with a name of two words or more that ``acronym`` spells: by initials ("CMC":
        Central Military Commission) or word starts ("SATCOM": satellite communication); function words may be skipped.

        Parameters
        ----------
        acronym : str
            The short form, as written.

        Returns
        -------
        set of str

        Examples
        --------
        >>> index = AliasIndex([Alias("satellite communication", "ex:satcom", "satellite communication"),
        ...                     Alias("Central Military Commission", "ex:cmc", "Central Military Commission")])
        >>> index.entities_spelt("SATCOM"), index.entities_spelt("CMC"), index.entities_spelt("XYZ")
        ({'ex:satcom'}, {'ex:cmc'}, set())
        """
        letters = "".join(c for c in fold(acronym) if c.isalnum())
        if len(letters) < 2:
            return set()
        if self._spellings is None:
            spellings: defaultdict[str, list[tuple[list[str], tuple[str, ...]]]] = defaultdict(list)
            for key, entities in self._by_key.items():
                words = key.split()
                if 2 <= len(words) <= 12:
                    spellings[key[:1]].append((words, tuple(entities)))
            self._spellings = spellings
        found: set[str] = set()
        for words, spelt in self._spellings.get(letters[0], ()):
            if len(words) <= len(letters) + 4 and spells(letters, words):
                found.update(spelt)
        return found

    def label_of(self, entity: str) -> str | None:
        """Return the label of the actor ``entity`` (an IRI), or ``None`` when no alias names it.

        Parameters
        ----------
        entity : str
            The actor's IRI.

        Returns
        -------
        str or None

        Examples
        --------
        >>> index = AliasIndex([Alias("Cyberspace Force", "ex:csf", "Cyberspace Force"),
        ...                     Alias("PLA Aerospace Force", "ex:asf", "PLA Aerospace Force"),
        ...                     Alias("ASF", "ex:asf", "PLA Aerospace Force")])
        >>> index.label_of("ex:asf"), index.label_of("ex:nobody")
        ('PLA Aerospace Force', None)
        """
        return self._variant_keys()[2].get(entity)

    def _variant_keys(self):
        if self._variants is None:
            spaced: defaultdict[str, set[str]] = defaultdict(set)
            tails: defaultdict[str, set[str]] = defaultdict(set)
            labels: dict[str, str] = {}
            for key, entities in self._by_key.items():
                spaced[key.replace(" ", "")].update(entities)
                for entity, alias in entities.items():
                    labels.setdefault(entity, alias.label)
                parts = key.split()
                if len(parts) >= 3:   # a label, not an alias: "Cyber Space Force" gives no "Space Force"
                    tails[" ".join(parts[1:])].update(entity for entity, alias in entities.items() if fold(alias.label) == key)
            self._variants = (spaced, tails, labels)
        return self._variants

    def find(self, text: str) -> list[Mention]:
        """Return the mentions of known actors in ``text``, leftmost-longest, without overlaps.

        Parameters
        ----------
        text : str
            The stored text (or any text); offsets point into it.

        Returns
        -------
        list of Mention
            In text order.

        Examples
        --------
        >>> index = AliasIndex([Alias("Cyberspace Force", "ex:csf", "Cyberspace Force"),
        ...                     Alias("PLA Aerospace Force", "ex:asf", "PLA Aerospace Force"),
        ...                     Alias("ASF", "ex:asf", "PLA Aerospace Force")])
        >>> [(m.start, m.text, m.entity) for m in index.find("The PLA's ASF, once the Cyber-space Force.")]
        [(10, 'ASF', 'ex:asf')]
        """
        if not self._by_key:
            return []
        folded, origin = _folded_by_pieces(text)
        found = []
        for end_index, key in self._matches(folded):
            start = end_index - len(key) + 1
            end = end_index + 1
            if start > 0 and _is_word_char(folded[start - 1]):
                continue
            if end < len(folded) and _is_word_char(folded[end]):
                continue
            if _runs_on(text, folded, origin, end):
                continue
            found.append((start, end, key))
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        mentions = []
        covered_until = 0
        for start, end, key in found:
            if start < covered_until:
                continue
            begin, finish = origin[start], origin[end - 1] + 1
            written = text[begin:finish]
            candidates = {iri: alias for iri, alias in self._by_key[key].items()
                          if not _needs_same_case(alias.text) or _same_case(alias.text, written)}
            if not candidates:
                continue
            covered_until = end
            mentions.append(_mention(begin, finish, written, candidates))
        return mentions

    def _matches(self, folded):
        """``(end index, key)`` of every alias in ``folded``, as the automaton reads the whole text, by windows.

        The automaton copies the text it reads at four bytes a character; a window of some 64,000
        characters is read at a time instead, starting as many characters before as the longest
        alias holds, less one, so that the automaton is in the same state at the window's own first
        character and every match ending in it is found, once.
        """
        if len(folded) <= _FOLDED_PIECE:
            yield from self._automaton.iter(folded)
            return
        back = self._longest - 1
        for start in range(0, len(folded), _FOLDED_PIECE):
            begin = max(0, start - back)
            for end_index, key in self._automaton.iter(folded[begin:start + _FOLDED_PIECE]):
                if begin + end_index >= start:
                    yield begin + end_index, key

    def near_misses(self, name: str, *, cutoff: float = NEAR_MISS_CUTOFF, limit: int = 3) -> list[tuple[str, float]]:
        """Return ``[(IRI, score)]`` of the actors ``name`` may mean, best first; score in 0-1.

        A name scores high when its words, misspelt or not, are a run of words of an alias:
        "Aerospace Force" for "Military Aerospace Force", "Strategic Suport Force" for
        "Strategic Support Force". Only aliases sharing a word's first four letters with the
        name are compared, the closest 25 of them by rapidfuzz's partial ratio, so a long
        alias list costs little.

        Parameters
        ----------
        name : str
            A name that no alias matches.
        cutoff : float
            The lowest score kept.
        limit : int
            The most actors returned.

        Returns
        -------
        list of (str, float)

        Examples
        --------
        >>> index = AliasIndex([Alias("Military Aerospace Force", "ex:asf", "Military Aerospace Force")])
        >>> index.near_misses("Aerospace Force")
        [('ex:asf', 0.95)]
        >>> index.near_misses("Lunar Policy Institute")
        []
        """
        from rapidfuzz import fuzz, process

        words = fold(name).split()
        if not words or (len(words) == 1 and len(words[0]) < 5):
            return []
        query = " ".join(words)
        keys = self._candidate_keys(words)
        closest = process.extract(query, keys, scorer=fuzz.partial_ratio, processor=None, limit=25, score_cutoff=cutoff * 85)
        best: dict[str, float] = {}
        width = len(words)
        numbers = _numbers(query)
        for key, _, _ in closest:
            if _numbers(key) != numbers and (numbers or _numbers(key)):  # Chang'e-4 is never Chang'e-5
                continue
            alias_words = key.split()
            if len(alias_words) < width and width > 1:
                continue
            windows = (" ".join(alias_words[begin:begin + width]) for begin in range(max(1, len(alias_words) - width + 1)))
            window_score = max(fuzz.ratio(query, window) for window in windows)
            coverage = min(1.0, width / len(alias_words))
            score = round(window_score / 100 * (0.85 + 0.15 * coverage), 2)
            if score < cutoff or score >= 1.0:
                continue
            for iri in self._by_key[key]:
                best[iri] = max(best.get(iri, 0.0), score)
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]

    def _candidate_keys(self, words, cap=2000):
        """Aliases that share a word's first four letters with one of ``words``, rarest words first."""
        if self._tokens is None:
            tokens: defaultdict[str, list[str]] = defaultdict(list)
            for key in self._by_key:
                for prefix in {word[:4] for word in key.split() if len(word) >= 3}:
                    tokens[prefix].append(key)
            self._tokens = tokens
        pools = sorted((self._tokens.get(w[:4], ()) for w in words if len(w) >= 3), key=len)
        keys: dict[str, None] = {}
        for pool in pools:
            keys.update(dict.fromkeys(pool))
            if len(keys) >= cap:
                break
        return list(keys)


#: Words an acronym may skip: "Technology and Industry for National Defense" is TIND.
JOINING_WORDS = frozenset({"of", "for", "and", "the", "at", "in", "on", "de", "&", "to", "a"})


def spells(letters, words):
    """Whether ``letters`` are, group by group, the starts of ``words`` in turn (joining words may give none).

    Examples
    --------
    >>> spells("satcom", ["satellite", "communication"]), spells("tind", "technology and industry for national defense".split())
    (True, True)
    >>> spells("cmc", ["central", "military"])
    False
    """
    if not letters:
        return all(w in JOINING_WORDS for w in words)
    if not words:
        return False
    word = words[0]
    if word in JOINING_WORDS and spells(letters, words[1:]):
        return True
    for size in range(min(len(letters), len(word)), 0, -1):
        if word.startswith(letters[:size]) and spells(letters[size:], words[1:]):
            return True
    return False



def overlaps_any(mention, ordered, starts) -> bool:
    """Tell whether ``mention`` overlaps one of ``ordered`` (mentions sorted by their ``starts``, not overlapping each other).

    Examples
    --------
    >>> ordered = [Mention(0, 5, "China", "ex:china"), Mention(10, 13, "PLA", "ex:pla")]
    >>> overlaps_any(Mention(3, 8, "na's", None), ordered, [0, 10]), overlaps_any(Mention(6, 9, "the", None), ordered, [0, 10])
    (True, False)
    """
    import bisect

    position = bisect.bisect_left(starts, mention.end)
    return position > 0 and ordered[position - 1].end > mention.start


def _numbers(folded):
    """The words of a folded name that hold a digit, in order: ("4",) for "chang e 4", ("1a",) for "tianwen 1a"."""
    return tuple(word for word in folded.split() if any(c.isdigit() for c in word))


def _runs_on(text, folded, origin, end):
    """Whether a numbered name continues past ``end``: "Chang'e 5" in "Chang'e 5-T1", "Long March" in "Long March-11"."""
    if end + 1 >= len(folded) or folded[end] != " " or text[origin[end]] not in _DASHES or not _is_word_char(folded[end + 1]):
        return False
    space = folded.find(" ", end + 1)
    following = folded[end + 1:space if space >= 0 else len(folded)]
    return folded[end - 1].isdigit() or any(c.isdigit() for c in following)


def _same_case(alias: str, written: str) -> bool:
    """Tell whether ``written`` has the capitals of ``alias`` (accents and dashes aside)."""
    first = [c.isupper() for c in alias if c.isalpha()]
    second = [c.isupper() for c in written if c.isalpha()]
    if " " not in alias.strip() and not all(first):
        return bool(second) and second[0] == first[0]
    return first == second


def _mention(begin, finish, written, candidates):
    if len(candidates) == 1:
        iri, alias = next(iter(candidates.items()))
        return Mention(begin, finish, written, iri, alias.label, alias.text)
    return Mention(begin, finish, written, None, None, None, ambiguous=tuple(sorted(candidates)))
