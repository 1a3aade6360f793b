"""Candidate relationships: pairs of actors named in one sentence, with the predicates its words suggest.

Each sentence that names two or more actors (known or new) yields candidates, in the order
the text names them: every pair that a cue phrase of the ontology links, and every two actors
named one after the other. The cue phrase written between the two suggests a predicate:
"Argentina hosts a station" gives ``sg:hosts`` from Argentina to the station; an inverse
phrase ("operated by") turns the direction round. A sentence that holds a hedge cue ("may",
"reportedly", "according to"...) is hedged: its candidates make an attributed claim, not a
fact, and the actor named right after "according to" is suggested as the one who makes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .linking import Alias, AliasIndex, fold

__all__ = ["Actor", "Candidate", "find_candidates", "PhraseFinder"]


@dataclass(frozen=True)
class Actor:
    """An actor named in a sentence: its id (an IRI, or ``new:<name>``) and where the text names it."""

    id: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Candidate:
    """A proposed relationship between two actors of one sentence."""

    subject: str
    object: str
    predicates: tuple
    sentence: int
    start: int
    end: int
    quote: str
    hedged: bool
    hedge: str = ""
    claimant: str | None = None


class PhraseFinder:
    """Cue phrases and hedge cues, found word-bounded and folded in a sentence."""

    def __init__(self, cues):
        phrases = [Alias(phrase, f"{'<' if inverse else '>'}{prop}", phrase) for phrase, prop, inverse in cues.phrases]
        self._phrases = AliasIndex(phrases)
        self._hedges = AliasIndex([Alias(hedge, "hedge", hedge) for hedge in cues.hedges])

    def phrases(self, text):
        """Return ``[(start, end, property, inverse)]`` for each cue phrase in ``text``."""
        found = []
        for mention in self._phrases.find(text):
            for tagged in (mention.entity,) if mention.entity else mention.ambiguous:
                found.append((mention.start, mention.end, tagged[1:], tagged[0] == "<"))
        return found

    def hedges(self, text):
        """Return ``[(start, end, words)]`` for each hedge cue in ``text``."""
        return [(m.start, m.end, m.text) for m in self._hedges.find(text)]

    def by_sentence(self, text, sentences):
        """Return ``{sentence index: (phrases, hedges)}``, reading ``text`` once; offsets are in ``text``."""
        import bisect

        starts = [s.start for s in sentences]
        found: dict[int, tuple[list, list]] = {}

        def owner(start, end):
            position = bisect.bisect_right(starts, start) - 1
            if position >= 0 and end <= sentences[position].end:
                return found.setdefault(sentences[position].index, ([], []))
            return None

        for item in self.phrases(text):
            bucket = owner(item[0], item[1])
            if bucket is not None:
                bucket[0].append(item)
        for item in self.hedges(text):
            bucket = owner(item[0], item[1])
            if bucket is not None:
                bucket[1].append(item)
        return found


def find_candidates(sentences, actors, finder, text=None):
    """Return the candidate relationships of each sentence naming two or more actors.

    Parameters
    ----------
    sentences : list of Sentence
    actors : list of Actor
        Every actor occurrence, known or new, with its offsets in the stored text.
    finder : PhraseFinder
    text : str, optional
        The stored text, read once for cue phrases and hedges (else each sentence is read alone).

    Returns
    -------
    list of Candidate
    """
    cued = finder.by_sentence(text, sentences) if text is not None else None
    by_sentence: dict[int, list[Actor]] = {}
    for actor in sorted(actors, key=lambda a: a.start):
        named = by_sentence.setdefault(actor.sentence, [])
        if all(other.id != actor.id for other in named):
            named.append(actor)
    candidates = []
    for sentence in sentences:
        named = by_sentence.get(sentence.index, [])
        if len(named) < 2:
            continue
        if cued is not None:
            phrases, hedges = cued.get(sentence.index, ([], []))
        else:
            local = sentence.start
            phrases = [(s + local, e + local, p, inv) for s, e, p, inv in finder.phrases(sentence.text)]
            hedges = [(s + local, e + local, words) for s, e, words in finder.hedges(sentence.text)]
        hedge = " … ".join(dict.fromkeys(words for _, _, words in hedges))
        claimant = _claimant(sentence, hedges, named) if hedges else None
        for i, first in enumerate(named):
            for j, second in enumerate(named[i + 1:], start=i + 1):
                between = [(s, e, p, inv) for s, e, p, inv in phrases
                           if s >= first.end and e <= second.start and _links(named, i, j, s, e, sentence)]
                subject, obj, predicates = first.id, second.id, ()
                if not between and j > i + 1:
                    continue  # with no cue phrase, only actors named side by side make a pair
                if between:
                    between.sort(key=lambda item: item[0])
                    inverse = between[0][3]
                    predicates = tuple(dict.fromkeys(p for _, _, p, inv in between if inv == inverse))
                    if inverse:
                        subject, obj = second.id, first.id
                candidates.append(Candidate(subject, obj, predicates, sentence.index, sentence.start, sentence.end,
                                            sentence.text, bool(hedges), hedge, claimant))
    return candidates


_LIST_SEPARATORS = (", ", " and ", ", and ", " or ", ", or ", " and the ", ", and the ", ", the ")


def _links(named, i, j, start, end, sentence):
    """Tell whether the phrase at ``start:end`` links actor ``i`` to actor ``j`` of ``named``.

    The phrase must follow actor ``i`` with no actor between them, and actor ``j`` must be
    the first actor after it, or a later item of a list that starts there ("joined A, B and C").
    """
    if any(named[k].start >= named[i].end and named[k].end <= start for k in range(i + 1, j)):
        return False
    after = [k for k in range(i + 1, len(named)) if named[k].start >= end]
    if not after or after[0] > j:
        return False
    if after[0] == j:
        return True
    items = [after[0]]
    for k in after[1:]:
        gap = sentence.text[named[items[-1]].end - sentence.start:named[k].start - sentence.start]
        if gap.lower() not in _LIST_SEPARATORS:
            break
        items.append(k)
    closing = sentence.text[named[items[-2]].end - sentence.start:named[items[-1]].start - sentence.start].lower() if len(items) > 1 else ""
    return j in items and (" and " in closing or " or " in closing)


def _claimant(sentence, hedges, named):
    """The actor named right after "according to", if the sentence says whose claim it is."""
    for _start, end, words in hedges:
        if fold(words) == "according to":
            after = [actor for actor in named if actor.start >= end]
            if after:
                return after[0].id
    return None
