"""Who a sentence gives its view to: the claimant of an attributed claim.

"According to X, …" gives the view after the comma to X: a named actor, or a group the text names
in lower case ("according to local officials": a new actor, not Argentina of the view). "X said /
argues / suggests / views …" gives it to X, and "some experts suggest …" to the experts. What
the text says of the speaker before the view ("Dr. Mei Wen of the Lunar Policy Institute") stays a
fact.
"""

from __future__ import annotations

import re

from ..core.folding import fold
from ..core.prefixes import PREFIXES

__all__ = ["attributions"]

_ATTRIBUTING = re.compile(r"\s*(?:\w+ly\s+)?(?:said|says|say|told|argued|argues|argue|believes?|believed|claims?|claimed|suggests?|"
                          r"suggested|warned|warns|stated|asserts?|asserted|views?|viewed|sees|considers?|considered|perceives?|"
                          r"perceived|announced)\b")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+([^,;]{1,120}?)\s*,")
_LOWER_GROUP = re.compile(r"(?:the |some |a |an )?([a-z][\w'’-]*(?: [a-z][\w'’-]*){0,3})")
_GROUP_SAYS = re.compile(r"\A(?:[\W\d_]*)((?:[Tt]he |[Ss]ome |[Mm]any |[Ss]everal |[Mm]ost |[Cc]ertain )?"
                         r"([a-z][\w'’-]*(?: [a-z][\w'’-]*){0,3}))"
                         r"(?=\s+(?:\w+ly\s+)?(?:say|said|argue|argued|believe|believed|claim|claimed|suggest|suggested|warn|warned|"
                         r"assert|asserted|view|viewed|see|saw|consider|considered|perceive|perceived)\b)")


def attributions(text, sentences, headings, known, new_mentions, names):
    """Who each sentence gives its view to: ``({sentence index: (actor id, where the view starts)}, [new actors that speak])``.

    "According to X, …" gives it to X, a named actor or a group the text names in lower case
    ("according to local officials": a new actor); "X said / argues / suggests / views …" to X, and
    "some experts suggest …" to the experts, a new actor. What the text says of the speaker ("Dr.
    Mei Wen of the Lunar Policy Institute") stays a fact; what comes after is the view.
    """
    from .classes import ClassChoice
    from .names import NEW, Name
    from .sentences import sentence_lookup

    sentence_at = sentence_lookup(sentences)
    named = sorted([(m.start, m.end, m.entity) for m in known if m.entity] + [(m.start, m.end, m.entity) for m in new_mentions if m.entity])
    by_sentence: dict = {}
    for start, end, entity in named:
        by_sentence.setdefault(sentence_at(start), []).append((start, end, entity))
    attributed: dict[int, tuple[str, int]] = {}  # {sentence: (claimant, where the view starts)}
    speakers: dict[str, Name] = {}

    def speaker(phrase, start, sentence):
        entry = speakers.setdefault(fold(phrase), Name(phrase[:1].upper() + phrase[1:]))
        entry.occurrences.append((start, start + len(phrase), sentence.index, phrase))
        if sentence.index not in entry.sentences:
            entry.sentences.append(sentence.index)
        entry.classes = [ClassChoice(PREFIXES["sg"] + "ActorGroup", 0.6, "a group the text gives a view to")]
        return NEW + entry.name

    for sentence in sentences:
        if sentence.index in headings or sentence.piece:
            continue
        actors = by_sentence.get(sentence.index, [])
        according = _ACCORDING_TO.search(sentence.text)
        if according:
            begin = sentence.start + according.start(1)
            view = sentence.start + according.end()
            after = [entity for start, _, entity in actors if 0 <= start - begin <= 8 and start < view]
            group = _LOWER_GROUP.fullmatch(according.group(1))
            if after or group:
                claimant = after[0] if after or group is None else speaker(group.group(1), begin + group.start(1), sentence)
                attributed[sentence.index] = (claimant, view)
                continue
        group = _GROUP_SAYS.match(sentence.text)
        if group and not any(start < sentence.start + group.end() for start, _, _ in actors):
            claimant = speaker(group.group(2), sentence.start + group.start(2), sentence)
            attributed[sentence.index] = (claimant, sentence.start + group.end())
            continue
        for start, end, entity in actors:
            verb = _ATTRIBUTING.match(text, end, sentence.end)
            if verb and start - sentence.start <= 60:
                attributed[sentence.index] = (entity, verb.end())
                break
    taken = {fold(n.name) for n in names}
    return attributed, [entry for key, entry in speakers.items() if key not in taken]
