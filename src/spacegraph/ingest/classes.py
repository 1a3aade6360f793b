"""A class for every new actor, ranked, each with its reason.

The candidates come from the ontology's cues (``sg:nameCue``, ``sg:followingCue``,
``sg:precedingCue``, ``sg:nameList``, ``sg:namePattern``, ``sg:contextCue``) and from the model learnt from the
graph's own actors (:mod:`spacegraph.ingest.learning`); each says why it is offered:

=================  =====  ===========================================================
cue                score  example
=================  =====  ===========================================================
following word     0.9    "the Zhurong rover" → mission
title before       0.9    "Dr. Mei Wen" → person
a published list   0.9    "Namibia", in ISO 3166-1 → state (``sg:nameList``)
last word          0.85   "Aurora Launch Corporation" → company
name pattern       0.5    "Kestrel-2" (a name ending in a number) → mission
word nearby        0.35   "launched" in the sentence → mission
model              ≤ 0.8  the graph's actors named like it (60% sure or more)
model's guess      ≤ 0.3  the model's next guesses, when fewer than three are offered
=================  =====  ===========================================================

Scores of one class add up (at most 1), and the best three are kept. With fewer than three, the
model's next guesses fill the list, however unsure, so that every new actor has a class to pick
with one key.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.folding import fold

__all__ = ["ClassChoice", "rank_classes", "GUESS_SCORE"]

#: The highest score of a class the model only guesses (when fewer than three are offered otherwise).
GUESS_SCORE = 0.3


@dataclass(frozen=True)
class ClassChoice:
    """One class offered for a new actor: the class IRI, a score in 0-1 and why."""

    cls: str
    score: float
    reason: str

    def to_json(self) -> dict:
        return {"class": self.cls, "score": round(self.score, 3), "reason": self.reason}


def rank_classes(name, text, cues, *, title=None, context_words=(), model=None, limit=3) -> list[ClassChoice]:
    """Return up to ``limit`` classes for the new actor ``name``, best first.

    Parameters
    ----------
    name : Name
        The new actor, with its occurrences in ``text``.
    text : str
        The stored text.
    cues : Cues
        The ontology's cues.
    title : str, optional
        The title the text writes before the name ("Dr."), if any.
    context_words : iterable of str
        The folded words of the sentences that name it, in order.
    model : ClassModel, optional
        The model learnt from the graph's actors.

    Examples
    --------
    >>> from spacegraph.ingest.cues import Cues
    >>> from spacegraph.ingest.names import Name
    >>> text = "The Kestrel-2 rocket flew."
    >>> cues = Cues(following_cues={"rocket": "ex:Rocket"}, name_cues={"corporation": "ex:Company"})
    >>> [(c.cls, c.reason) for c in rank_classes(Name("Kestrel-2", occurrences=[(4, 13, 0, "Kestrel-2")]), text, cues)]
    [('ex:Rocket', "followed by 'rocket'")]
    """
    scores: dict[str, float] = {}
    reasons: dict[str, list] = {}

    def offer(cls, score, reason):
        if cls:
            scores[cls] = min(1.0, scores.get(cls, 0.0) + score)
            if reason not in reasons.setdefault(cls, []):
                reasons[cls].append(reason)

    following = sorted((cues.following_cues or {}).items(), key=lambda item: -len(item[0]))
    for _start, end, _sentence, _written in name.occurrences[:5]:
        after = fold(text[end:end + 40])
        for phrase, cls in following:
            if after == phrase or after.startswith((phrase + " ", phrase + ",", phrase + ".")):
                offer(cls, 0.9, f"followed by {phrase!r}")
                break
    if title:
        preceding = cues.preceding_cues or {}
        for word in reversed(title.split()):
            cls = preceding.get(fold(word)) or preceding.get(fold(word).rstrip(".")) or preceding.get(fold(word).rstrip(".") + ".")
            if cls:
                offer(cls, 0.9, f"after {title!r}")
                break
    words = fold(name.name).split()
    name_cues = cues.name_cues or {}
    ending = next((" ".join(words[k:]) for k in range(len(words)) if " ".join(words[k:]).rstrip(".") in name_cues), None)
    if ending:  # the longest cue the name ends with: "launch center" before "center"
        offer(name_cues[ending.rstrip(".")], 0.85, f"the name ends in {ending!r}")
    else:
        for word in reversed(words[:-1]):
            cls = name_cues.get(word.rstrip("."))
            if cls:
                offer(cls, 0.6, f"the name holds {word!r}")
                break
    from .words import listed_names

    for list_name, cls in (cues.name_lists or {}).items():
        if fold(name.name) in listed_names(list_name) or any(fold(alias) in listed_names(list_name) for alias in name.aliases):
            offer(cls, 0.9, f"a name of {list_name}")
    for pattern, cls in cues.name_patterns:
        if pattern.fullmatch(name.name):
            offer(cls, 0.5, "a name ending in a number")
    context = " " + " ".join(context_words) + " "
    for phrase, cls in (cues.context_cues or {}).items():
        if f" {phrase} " in context:
            offer(cls, 0.35, f"{phrase!r} in the sentence")
    if model is not None:
        guesses = model.predict(name.name, context)
        for cls, probability in guesses[:3]:
            if probability >= 0.6:
                offer(cls, 0.8 * probability, f"named like the graph's {model.label(cls)} actors ({probability:.0%})")
        for cls, probability in guesses:  # fewer than three: the model's next guesses, however unsure, fill the list
            if len(scores) >= limit:
                break
            if cls not in scores:
                offer(cls, GUESS_SCORE * probability, f"the model's guess ({probability:.0%})")
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [ClassChoice(cls, score, "; ".join(reasons[cls])) for cls, score in ranked]
