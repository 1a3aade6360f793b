"""Candidate relationships: every pair of actors named in one sentence, ranked, with ranked predicates.

Each sentence that names two or more actors (known or new) puts every pair of them to the
test, not only neighbours: "The CNSA manages China's Chang'e program" proposes CNSA–Chang'e
as well as CNSA–China. A pair scores by:

* a **cue phrase** of the ontology that links the two ("hosts", "joined", "operated by"), written
  between them with no other actor in the way, or heading a list that reaches the second;
* the **pair model** learnt from the graph's quotes (:mod:`spacegraph.ingest.learning`): how far
  apart the two are, what stands between them, whether they are listed side by side;
* whether the graph **already states** a relationship between them.

A sentence contributes its best few pairs. Each pair gets up to three predicates, each with a
score and its reason: the cue phrase, the predicate the graph already states between them, and
the predicate model; a predicate whose domain or range cannot fit the two actors' classes is
never offered (:mod:`spacegraph.ingest.domains`). Direction comes from the phrase ("operated by"
turns it round) and from domain and range.

A piece of a sentence longer than :data:`~spacegraph.ingest.sentences.MAX_SENTENCE` proposes nothing.

A sentence with a hedge ("probably", "reportedly", "may") keeps its relationships, hedged. A
sentence that gives a view to someone ("according to local officials", "experts suggest")
proposes an attributed claim whose claimant is the one who says it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..core.folding import fold
from .linking import Alias, AliasIndex

__all__ = ["Actor", "Candidate", "Choice", "find_candidates", "PhraseFinder", "PAIR_THRESHOLD", "PAIRS_PER_SENTENCE"]

#: The lowest score at which a pair without a cue phrase is proposed.
PAIR_THRESHOLD = 0.55
#: At most this many pairs a sentence proposes (pairs linked by a cue phrase come on top), one more for every three
#: actors past four.
PAIRS_PER_SENTENCE = 3


@dataclass(frozen=True, slots=True)   # slots: a text of megabytes makes hundreds of thousands
class Actor:
    """An actor named in a sentence: its id (an IRI, or ``new:<name>``) and where the text names it."""

    id: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Choice:
    """One predicate offered for a pair: ``forward`` when it reads from the row's subject to its object."""

    predicate: str
    score: float
    reason: str
    forward: bool = True

    def to_json(self) -> dict:
        return {"predicate": self.predicate, "score": round(self.score, 3), "reason": self.reason,
                "direction": "forward" if self.forward else "backward"}


@dataclass
class Candidate:
    """A proposed relationship (or attributed claim) between two actors of one sentence.

    ``predicates`` are the offered predicates' IRIs, best first, each read from ``subject`` to
    ``object``; ``choices`` the same with their scores and reasons. ``claim`` marks an attributed
    claim, whose ``claimant`` says it about the actors in ``about``; ``hedge`` holds the words that
    hedge the sentence; ``stated`` the predicates the graph already states between the two.
    """

    subject: str
    object: str
    predicates: tuple
    sentence: int
    start: int
    end: int
    quote: str
    claim: bool = False
    hedge: str = ""
    claimant: str | None = None
    choices: tuple = ()
    score: float = 0.0
    reason: str = ""
    stated: tuple = field(default=())
    about: tuple = field(default=())

    @property
    def hedged(self) -> bool:
        """Whether the row is an attributed claim (the name the sheet and the counts have used)."""
        return self.claim


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
        """Return ``[(start, end, words)]`` for each hedge cue in ``text``; the month ("3 May 2024", "In May 2021") is none."""
        return [(m.start, m.end, m.text) for m in self._hedges.find(text) if not _is_month(text, m.start, m.end)]

    def by_sentence(self, text, sentences):
        """Return ``{sentence index: (phrases, hedges)}``, reading ``text`` once; offsets are in ``text``."""
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


def find_candidates(sentences, actors, finder, text=None, *, schema=None, model=None, kinds=None, new_classes=None,
                    stated=None, attributed=None):
    """Return the candidate relationships and claims of each sentence naming two or more actors.

    Parameters
    ----------
    sentences : list of Sentence
    actors : list of Actor
        Every actor occurrence, known or new, with its offsets in the stored text.
    finder : PhraseFinder
    text : str, optional
        The stored text, read once for cue phrases and hedges (else each sentence is read alone).
    schema : Schema, optional
        Domains, ranges and the known actors' classes (:func:`~spacegraph.ingest.domains.read_schema`).
    model : IngestModel, optional
        The pair and predicate models learnt from the graph.
    kinds : dict, optional
        ``{actor id: kind}`` for the models' features.
    new_classes : dict, optional
        ``{new actor id: class IRI}``: the class suggested for each new actor.
    stated : dict, optional
        ``{(a, b): [(predicate, forward)]}``: what the graph already states between two known actors.
    attributed : dict, optional
        ``{sentence index: (claimant id, offset)}``: who a sentence gives its view to, and where the view starts.

    Returns
    -------
    list of Candidate
    """
    cued = finder.by_sentence(text, sentences) if text is not None else None
    kinds, new_classes, stated, attributed = kinds or {}, new_classes or {}, stated or {}, attributed or {}
    by_sentence: dict[int, list[Actor]] = {}
    ids: dict[int, set] = {}
    for actor in sorted(actors, key=lambda a: a.start):
        if actor.id not in ids.setdefault(actor.sentence, set()):
            ids[actor.sentence].add(actor.id)
            by_sentence.setdefault(actor.sentence, []).append(actor)
    candidates = []
    for sentence in sentences:
        if sentence.piece:  # a piece of an over-long line is no sentence: what it seems to relate, it does not state
            continue
        named = by_sentence.get(sentence.index, [])
        if len(named) < 2 and sentence.index not in attributed:
            continue
        if cued is not None:
            phrases, hedges = cued.get(sentence.index, ([], []))
        else:
            local = sentence.start
            phrases = [(s + local, e + local, p, inv) for s, e, p, inv in finder.phrases(sentence.text)]
            hedges = [(s + local, e + local, words) for s, e, words in finder.hedges(sentence.text)]
        hedge = " … ".join(dict.fromkeys(words for _, _, words in hedges))
        claimant, view = attributed.get(sentence.index, (None, None))
        if claimant is None and any(fold(words) == "according to" for _, _, words in hedges):
            claimant, view = _according_to(hedges, named), sentence.start
        if claimant is not None:
            about = [a.id for a in named if a.id != claimant and a.start >= view]
            if about:
                candidates.append(Candidate(claimant, about[0], (), sentence.index, sentence.start, sentence.end, sentence.text,
                                            claim=True, hedge=hedge, claimant=claimant, score=1.0,
                                            reason="the sentence gives this view to the claimant", about=tuple(about)))
            named = [a for a in named if a.end <= view]   # what the text says of the speaker is a fact
            hedges = []
            if len(named) < 2:
                continue
        lists = _lists(sentence, named)
        pairs = {}
        for i, first in enumerate(named):
            for j in range(i + 1, len(named)):
                second = named[j]
                links = [(s, e, p, inv) for s, e, p, inv in phrases
                         if s >= first.end and e <= second.start and _links(named, i, j, s, e, sentence)]
                pairs[(i, j)] = _scored_pair(sentence, named, i, j, links, model, kinds, stated, lists)
        for score, reason, first, second, links in _chosen(pairs, lists, len(named)):
            candidates.append(_candidate(sentence, first, second, links, score, reason, _hedge_of(sentence, first, second, hedges),
                                         schema, model, kinds,
                                         new_classes, stated))
    return candidates


def _lists(sentence, named):
    """``[list number]`` of each actor of ``named``: actors written as one list ("Russia, Egypt and Belarus") share one."""
    numbers = [0] * len(named)
    for k in range(1, len(named)):
        gap = sentence.text[named[k - 1].end - sentence.start:named[k].start - sentence.start]
        numbers[k] = numbers[k - 1] if _LISTED.fullmatch(gap) else numbers[k - 1] + 1
    return numbers


_LISTED = re.compile(r"\s*(\([^()]{1,40}\)\s*)?(,|;|and|or|, and|, or|/|as well as)\s*(the\s+)?")


def _chosen(pairs, lists, count):
    """The pairs a sentence proposes: those a cue phrase links, then the best others, a list taking one place.

    A pair between an actor and one item of a list brings the pairs with the other items of that list."""
    groups: dict = {}
    for (i, j), scored in pairs.items():
        if lists[i] == lists[j]:
            key = ("pair", i, j)
        else:
            key = ("list", i, lists[j]) if lists.count(lists[j]) > 1 else ("list", j, lists[i]) if lists.count(lists[i]) > 1 \
                else ("pair", i, j)
        groups.setdefault(key, []).append(((i, j), scored))
    ranked = []
    for members in groups.values():
        best = max(scored[0] for _, scored in members)
        ranked.append((best, members))
    ranked.sort(key=lambda item: -item[0])
    places = PAIRS_PER_SENTENCE + max(0, (count - 4) // 3)
    chosen = []
    for best, members in ranked:
        if best >= 1.0 or (best >= PAIR_THRESHOLD and places > 0):
            if best < 1.0:
                places -= 1
            lead = max(members, key=lambda member: member[1][0])[1]
            for _, scored in members:
                chosen.append(scored if scored[0] >= PAIR_THRESHOLD else (best, lead[1] + " (the same list)", *scored[2:]))
    return sorted(chosen, key=lambda scored: (scored[2].start, scored[3].start))


def _scored_pair(sentence, named, i, j, links, model, kinds, stated, lists):
    """``(score, reason, first, second, links)``: how likely the sentence relates actors ``i`` and ``j``."""
    from .learning import pair_features

    first, second = named[i], named[j]
    local = lambda actor: (actor.start - sentence.start, actor.end - sentence.start)  # noqa: E731
    others = [local(a) for k, a in enumerate(named) if k not in (i, j)]
    if links:
        strength = 1.0 if not all(fold(w) in _WEAK_CUE_WORDS for w in _written(sentence, links[0]).split()) else 0.6
        return strength + 0.01 * len(links), f"{'inverse ' if links[0][3] else ''}cue phrase {_written(sentence, links[0])!r}", \
            first, second, links
    known = bool(stated.get((first.id, second.id)) or stated.get((second.id, first.id)))
    inside = sum(1 for s, e in others if local(first)[1] <= s and e <= local(second)[0])
    listed = lists[i] == lists[j]
    features = pair_features(sentence.text, local(first), local(second), others, (kinds.get(first.id, ""), kinds.get(second.id, "")),
                             listed=listed, stated=known)
    opens = features["first opens"] and not features["clause between"]
    if inside == 0:
        heuristic, reason = 0.7, "named side by side"
    elif opens:
        heuristic, reason = 0.65, "the first opens the sentence"
    elif inside == 1 and not features["clause between"]:
        heuristic, reason = 0.5, "one actor between them"
    else:
        heuristic, reason = 0.2, f"{inside} actors between them"
    score = heuristic
    if model is not None and model.pairs is not None:
        probability = model.pairs.scores(features)[0][1]
        score += 0.2 * (probability - 0.5)
        reason += f"; pair model {probability:.2f}"
    if listed:
        score, reason = min(score, 0.2), "listed side by side"
    if known:
        score, reason = max(score, 0.9), "the graph already relates them"
    return score, reason, first, second, links


def _written(sentence, link):
    return sentence.text[link[0] - sentence.start:link[1] - sentence.start]


def _candidate(sentence, first, second, links, score, reason, hedge, schema, model, kinds, new_classes, stated):
    """The candidate for one chosen pair: its predicates ranked and its direction chosen."""
    from .learning import predicate_features

    offers: dict[tuple, list] = {}   # (predicate, first is subject) -> [(score, reason)]

    def offer(predicate, forward, value, why):
        offers.setdefault((predicate, forward), []).append((value, why))

    for s, e, predicate, inverse in links:
        offer(predicate, not inverse, 0.9, f"{'inverse ' if inverse else ''}cue phrase {_written(sentence, (s, e))!r}")
    between = stated.get((first.id, second.id)) or [(p, not f) for p, f in stated.get((second.id, first.id), ())]
    for predicate, forward in between:
        offer(predicate, forward, 0.85, "the graph states it")
    if model is not None and model.predicates is not None:
        local = (first.start - sentence.start, first.end - sentence.start), (second.start - sentence.start, second.end - sentence.start)
        features = predicate_features(sentence.text, *local, (kinds.get(first.id, ""), kinds.get(second.id, "")))
        for label, probability in model.predicates.scores(features):  # every label: those that cannot fit drop out below
            offer(label[:-1], label[-1] == ">", 0.7 * probability, f"predicate model {probability:.2f}")
    ranked = []
    for (predicate, forward), scores in offers.items():
        subject, obj = (first.id, second.id) if forward else (second.id, first.id)
        if schema is not None and not schema.fits(predicate, schema.classes_of(subject, new_classes),
                                                  schema.classes_of(obj, new_classes)):
            continue
        value = min(1.0, sum(v for v, _ in scores))
        ranked.append((value, predicate, forward, "; ".join(dict.fromkeys(w for _, w in scores))))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    seen, unique = set(), []
    for item in ranked:
        if item[1] not in seen:
            seen.add(item[1])
            unique.append(item)
    unique = unique[:3]
    forward = unique[0][2] if unique else True
    subject, obj = (first.id, second.id) if forward else (second.id, first.id)
    choices = tuple(Choice(predicate, value, why, direction == forward) for value, predicate, direction, why in unique)
    already = tuple(dict.fromkeys(p for p, f in between if f == forward)) or tuple(dict.fromkeys(p for p, _ in between))
    return Candidate(subject, obj, tuple(c.predicate for c in choices if c.forward), sentence.index, sentence.start, sentence.end,
                     sentence.text, hedge=hedge, choices=choices, score=round(min(score, 1.0), 3), reason=reason,
                     stated=already)


# A cue phrase made of these words only ("of the") links two actors less surely than a verb does.
_WEAK_CUE_WORDS = frozenset({"of", "the", "a", "an", "in", "to", "for", "on", "with", "by", "from", "at"})
_LIST_SEPARATORS = (", ", " and ", ", and ", " or ", ", or ", " and the ", ", and the ", ", the ")


def _links(named, i, j, start, end, sentence):
    """Tell whether the phrase at ``start:end`` links actor ``i`` to actor ``j`` of ``named``.

    The phrase must follow actor ``i`` with no actor between them, and actor ``j`` must be
    the first actor after it, or a later item of a list that starts there ("joined A, B and C").
    """
    text = sentence.text
    offset = sentence.start
    inside = [k for k in range(i + 1, j) if named[k].start >= named[i].end and named[k].end <= start]
    if inside:   # "Chang'e 2, launched aboard a Long March 3C rocket, reached the Moon": the opening actor reaches it
        opened = text[named[i].end - offset:named[inside[0]].start - offset]
        closed = text[named[inside[-1]].end - offset:start - offset]
        if not (_opens(named[i], sentence) and opened.startswith(",") and "," in closed):
            return False
    elif "," in text[named[i].end - offset:start - offset] and "," in text[:named[i].start - offset] \
            and not _opens(named[i], sentence):
        return False  # the actor stands inside a clause set off by commas: the phrase after it is not its own
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


def _opens(actor, sentence):
    """Whether ``actor`` is the sentence's first words (past a bullet, an article or a date)."""
    return not re.search(r"[^\W\d_]", re.sub(r"(?i)^[\W\d_]*(?:(?:the|in|on|by|since)\b[\W\d_]*)*", "",
                                               sentence.text[:actor.start - sentence.start]))


_CLAUSE = re.compile(r"[;:]|,\s+(?:and|but|while|whereas|although|though|or)\b|\s+(?:but|while|whereas)\s+")


def _hedge_of(sentence, first, second, hedges):
    """The hedges of the sentence that bear on the pair: those in the clause or clauses the two stand in.

    "Huawei integrates satellite communication, and Xiaomi's phones reportedly follow": "reportedly"
    hedges Xiaomi's part, not Huawei's.
    """
    kept = []
    for start, end, words in hedges:
        near = any(not _CLAUSE.search(sentence.text[min(start, actor.start) - sentence.start:max(end, actor.end) - sentence.start])
                   for actor in (first, second))
        if near:
            kept.append(words)
    return " … ".join(dict.fromkeys(kept))


def _according_to(hedges, named):
    """The actor named right after "according to", if the sentence says whose view it is."""
    for _start, end, words in hedges:
        if fold(words) == "according to":
            after = [actor for actor in named if actor.start >= end]
            if after and after[0].start - end <= 6:
                return after[0].id
    return None


_MONTH = re.compile(r"(?:\d\s+May\b|\bMay\s+\d)")


def _is_month(text, start, end):
    """Tell whether the hedge cue at ``start:end`` is the month May, written beside a day or a year."""
    return text[start:end] == "May" and bool(_MONTH.search(text, max(0, start - 3), min(len(text), end + 3)))
