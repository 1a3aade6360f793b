"""What a text proposes to the graph: mentions of known actors, new actors, candidate relationships.

:func:`propose` runs the whole reading of one stored text against the graph: sentences,
linking, new names, their near misses, and candidate pairs. :meth:`Proposals.to_json` gives
the record ``spacegraph ingest --format json`` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..prefixes import PREFIXES
from ..terms import compact
from .candidates import Actor, PhraseFinder, find_candidates
from .cues import read_cues
from .linking import Alias, AliasIndex, Mention, fold
from .names import find_names
from .sentences import split_sentences

if TYPE_CHECKING:
    from collections.abc import Collection

    import rdflib

    from .learning import IngestModel

__all__ = ["Proposals", "propose", "alias_index", "NEW"]

#: The prefix of a new actor's id in proposals and review sheets: ``new:<name>``.
NEW = "new:"

_ALIASES = f"""PREFIX rdfs: <{PREFIXES['rdfs']}>
PREFIX skos: <{PREFIXES['skos']}>
SELECT ?entity ?label ?alias WHERE {{
  ?class rdfs:subClassOf* <{PREFIXES['sg']}Entity> .
  ?entity a ?class ; rdfs:label ?label .
  {{ ?entity rdfs:label ?alias }} UNION {{ ?entity skos:altLabel ?alias }}
}}"""
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]$")


def alias_index(graph: rdflib.Graph, *, exclude: Collection[str] = frozenset()) -> AliasIndex:
    """Return the :class:`AliasIndex` of every entity's label and alternative labels in ``graph`` (one query).

    Entities in ``exclude`` (IRIs) are left out: a source does not link its own title.
    """
    aliases = {}
    for entity, label, alias in graph.query(_ALIASES):
        if str(entity) in exclude:
            continue
        aliases[(str(alias), str(entity))] = Alias(str(alias), str(entity), str(label))
    return AliasIndex(aliases.values())


@dataclass
class Proposals:
    """Everything a text proposes; see :func:`propose`."""

    text: str
    sentences: list
    mentions: list
    new_entities: list
    candidates: list
    source: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """Return the proposals as the JSON record of ``spacegraph ingest --format json`` (see ``docs/adding-a-source.md``)."""
        return {
            "source": {**self.source, "sentences": len(self.sentences)},
            "mentions": [_mention_json(m, self._sentence_of(m.start)) for m in self.mentions],
            "new_entities": [{"name": n.name, "class": n.cls, "classes": [c.to_json() for c in n.classes], "aliases": list(n.aliases),
                              "sentences": list(n.sentences), "occurrences": [[start, end] for start, end, *_ in n.occurrences],
                              **({"title": n.title} if n.title else {}), **({"same_as": n.same_as} if n.same_as else {})}
                             for n in self.new_entities],
            "candidates": [{"kind": "claim" if c.claim else "relationship", "subject": c.subject, "object": c.object,
                            "predicates": [choice.to_json() for choice in c.choices], "direction": "forward",
                            "score": c.score, "reason": c.reason, "stated": list(c.stated), "quote": c.quote,
                            "start": c.start, "end": c.end, "sentence": c.sentence, "hedged": bool(c.hedge), "hedge": c.hedge,
                            **({"claimant": c.claimant, "about": list(c.about)} if c.claim else {})} for c in self.candidates],
        }

    def _sentence_of(self, offset):
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence.index
        return None


def _mention_json(mention, sentence):
    return {"entity": mention.entity, "label": mention.label, "text": mention.text, "start": mention.start, "end": mention.end,
            "sentence": sentence, "ambiguous": list(mention.ambiguous),
            "possible": [{"entity": iri, "score": score} for iri, score in mention.possible]}


def propose(text: str, graph: rdflib.Graph, *, index: AliasIndex | None = None, language: str = "en",
            rejected: frozenset = frozenset(), exclude: Collection[str] = frozenset(), vocabulary: Collection[str] = frozenset(),
            model: IngestModel | None = None) -> Proposals:
    """Read ``text`` against ``graph`` and return what it proposes.

    Parameters
    ----------
    text : str
        The stored text of a source.
    graph : rdflib.Graph
        The graph with its ontology (``KnowledgeGraph.graph``): known actors and cues come from it.
    index : AliasIndex, optional
        The aliases to link, when already built (else built from ``graph``).
    language : str
        Language of the text, for the sentence rules.
    rejected : frozenset
        Keys of proposals a reviewer rejected before (see :mod:`spacegraph.ingest.sheet`); not proposed again.
    exclude : collection of str
        IRIs never linked: a source does not name itself.
    vocabulary : collection of str
        Words other texts write in lower case (the graph's sources): capitalised, they are no names.
    model : IngestModel, optional
        The models learnt from the graph (:mod:`spacegraph.ingest.learning`): classes, pairs, predicates.

    Returns
    -------
    Proposals

    Examples
    --------
    >>> import spacegraph
    >>> found = propose("Argentina hosts a Chinese deep-space station in Patagonia.", spacegraph.load().graph)
    >>> [m.label for m in found.mentions]
    ['Argentina', 'Chinese deep-space station in Patagonia']
    >>> [(c.subject.rsplit("/", 1)[1], [p.rsplit("#", 1)[1] for p in c.predicates]) for c in found.candidates]
    [('argentina', ['hosts'])]
    """
    from .classes import rank_classes
    from .domains import read_schema
    from .learning import kinds_of
    from .names import acronym_definitions
    from .stated import stated_between
    from .words import Vocabulary

    cues = read_cues(graph)
    index = index if index is not None else alias_index(graph)
    sentences = split_sentences(text, language)
    headings = _headings(text, sentences)
    places = _places(graph)
    words = Vocabulary(text, ordinary=vocabulary, places=[name for _, name in places])
    known = [m for m in index.find(text) if m.entity not in exclude and not _ordinary_opening(m, text, sentences, headings, words)]
    known = _with_surnames(known, text, graph, index)
    definitions = acronym_definitions(text, sentences)
    names, replaced = find_names(text, sentences, known, cues, headings=headings, words=words, definitions=definitions,
                                 places={iri for iri, _ in places})
    known = [m for m in known if m not in replaced]
    names = [n for n in names if ("actor", fold(n.name)) not in rejected]
    new_index = AliasIndex([Alias(alias, NEW + n.name, n.name) for n in names for alias in (n.name, *n.aliases)])
    known_starts = [k.start for k in known]
    new_mentions = [m for m in new_index.find(text) if not _overlaps(m, known, known_starts)]
    sentence_at = _sentence_lookup(sentences)
    by_id = {NEW + n.name: n for n in names}
    for mention in new_mentions:  # later uses of a new name or its acronym
        entry = by_id.get(mention.entity or "")
        number = sentence_at(mention.start)
        if entry is None or number is None or number in headings:
            continue
        if number not in entry.sentences:
            entry.sentences.append(number)
            entry.sentences.sort()
        if all(start != mention.start for start, *_ in entry.occurrences):
            entry.occurrences.append((mention.start, mention.end, number, mention.text))
    attributed, speakers = _attributions(text, sentences, headings, known, new_mentions, names)
    names += speakers
    sentence_at = _sentence_lookup(sentences)
    for entry in names:
        entry.occurrences.sort()
        context = [word for number in entry.sentences[:3] for word in fold(sentences[number].text).split()]
        entry.classes = entry.classes or rank_classes(entry, text, cues, title=entry.title, context_words=context, model=model)
        entry.cls = entry.classes[0].cls if entry.classes else None
    possible = []
    for entry in names:
        misses = index.near_misses(entry.name)
        if misses:
            start, end, _, written = entry.occurrences[0]
            possible.append(Mention(start, end, written, None, possible=tuple(misses)))
    mentions = sorted(known + possible, key=lambda m: m.start)
    actors = [Actor(m.entity, m.start, m.end, sentence_at(m.start)) for m in known if m.entity]
    actors += [Actor(m.entity, m.start, m.end, sentence_at(m.start)) for m in new_mentions
               if sentence_at(m.start) not in headings and m.entity]
    actors += [Actor(NEW + n.name, start, end, number) for n in speakers for start, end, number, _ in n.occurrences]
    schema = read_schema(graph)
    kinds = kinds_of(graph)
    class_kinds = _class_kinds(graph, schema)
    new_classes = {NEW + n.name: n.cls for n in names if n.cls}
    kinds.update({actor: class_kinds.get(cls, "") for actor, cls in new_classes.items()})
    pairs = {(a.id, b.id) for a in actors for b in actors if a.sentence == b.sentence and a.id != b.id}
    stated = stated_between(graph, pairs)
    candidates = [c for c in find_candidates(sentences, actors, PhraseFinder(cues), text, schema=schema, model=model, kinds=kinds,
                                             new_classes=new_classes, stated=stated, attributed=attributed)
                  if _candidate_key(c) not in rejected and c.sentence not in headings]
    return Proposals(text, sentences, mentions, names, candidates)


_PLACES = f"""SELECT DISTINCT ?place ?name WHERE {{
  VALUES ?class {{ <{PREFIXES['sg']}State> <{PREFIXES['sg']}Region> }}
  ?place a ?class .
  {{ ?place <{PREFIXES['rdfs']}label> ?name }} UNION {{ ?place <{PREFIXES['skos']}altLabel> ?name }}
}}"""
_PERSONS = f"""SELECT DISTINCT ?person WHERE {{
  ?class <{PREFIXES['rdfs']}subClassOf>* <{PREFIXES['sg']}Person> . ?person a ?class }}"""


def _class_kinds(graph, schema):
    """``{class IRI: kind}``: the kind (``sg:networkKind``) of each class, that of its nearest class above that has one."""
    declared = {str(c): str(k) for c, k in graph.query(f"SELECT ?c ?k WHERE {{ ?c <{PREFIXES['sg']}networkKind> ?k }}")}
    kinds = {}
    for cls in set(schema.parents) | set(declared):
        above = sorted((c for c in schema.lineage(cls) if c in declared), key=lambda c: -len(schema.lineage(c)))
        if above:
            kinds[cls] = declared[above[0]]
    return kinds


_ATTRIBUTING = re.compile(r"\s*(?:\w+ly\s+)?(?:said|says|say|told|argued|argues|argue|believes?|believed|claims?|claimed|suggests?|"
                          r"suggested|warned|warns|stated|asserts?|asserted|views?|viewed|sees|considers?|considered|perceives?|"
                          r"perceived|announced)\b")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+([^,;]{1,120}?)\s*,")
_LOWER_GROUP = re.compile(r"(?:the |some |a |an )?([a-z][\w'’-]*(?: [a-z][\w'’-]*){0,3})")
_GROUP_SAYS = re.compile(r"\A(?:[\W\d_]*)((?:[Tt]he |[Ss]ome |[Mm]any |[Ss]everal |[Mm]ost |[Cc]ertain )?"
                         r"([a-z][\w'’-]*(?: [a-z][\w'’-]*){0,3}))"
                         r"(?=\s+(?:\w+ly\s+)?(?:say|said|argue|argued|believe|believed|claim|claimed|suggest|suggested|warn|warned|"
                         r"assert|asserted|view|viewed|see|saw|consider|considered|perceive|perceived)\b)")


def _attributions(text, sentences, headings, known, new_mentions, names):
    """Who each sentence gives its view to: ``({sentence index: (actor id, where the view starts)}, [new actors that speak])``.

    "According to X, …" gives it to X, a named actor or a group the text names in lower case
    ("according to local officials": a new actor); "X said / argues / suggests / views …" to X, and
    "some experts suggest …" to the experts, a new actor. What the text says of the speaker ("Dr.
    Mei Wen of the Lunar Policy Institute") stays a fact; what comes after is the view.
    """
    from .classes import ClassChoice
    from .names import Name

    sentence_at = _sentence_lookup(sentences)
    named = sorted([(m.start, m.end, m.entity) for m in known if m.entity] + [(m.start, m.end, m.entity) for m in new_mentions if m.entity])
    by_sentence: dict = {}
    for start, end, entity in named:
        by_sentence.setdefault(sentence_at(start), []).append((start, end, entity))
    attributed, speakers = {}, {}

    def speaker(phrase, start, sentence):
        entry = speakers.setdefault(fold(phrase), Name(phrase[:1].upper() + phrase[1:]))
        entry.occurrences.append((start, start + len(phrase), sentence.index, phrase))
        if sentence.index not in entry.sentences:
            entry.sentences.append(sentence.index)
        entry.classes = [ClassChoice(PREFIXES["sg"] + "ActorGroup", 0.6, "a group the text gives a view to")]
        return NEW + entry.name

    for sentence in sentences:
        if sentence.index in headings:
            continue
        actors = by_sentence.get(sentence.index, [])
        according = _ACCORDING_TO.search(sentence.text)
        if according:
            begin = sentence.start + according.start(1)
            view = sentence.start + according.end()
            after = [entity for start, _, entity in actors if 0 <= start - begin <= 8 and start < view]
            group = _LOWER_GROUP.fullmatch(according.group(1))
            if after or group:
                claimant = after[0] if after else speaker(group.group(1), begin + group.start(1), sentence)
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


def _places(graph):
    """``(IRI, name)`` of the graph's states and regions: their adjectives of nationality are no names."""
    return [(str(place), str(name)) for place, name in graph.query(_PLACES)]


def _ordinary_opening(mention, text, sentences, headings, words):
    """Whether a one-word alias that is also an ordinary word ("Space") is written where any word is capitalised:
    opening a sentence, or in a heading. It names nothing there."""
    if " " in mention.text.strip() or not words.is_ordinary(mention.text):
        return False
    for sentence in sentences:
        if sentence.start <= mention.start < sentence.end:
            if sentence.index in headings:
                return True
            opening = re.match(r"[\W\d_]*", sentence.text).end()
            return mention.start - sentence.start <= opening
    return False


def _with_surnames(known, text, graph, index):
    """``known`` with the later mentions of a known person by one word of the name ("Xi" after "Xi Jinping")."""
    named = {m.entity: m for m in known if m.entity and " " in m.text.strip()}
    if not named:
        return known
    persons = {str(p) for (p,) in graph.query(_PERSONS)} & set(named)
    local = []
    for iri in persons:
        label = named[iri].label or named[iri].text
        parts = [w for w in label.split() if len(w) > 1 and w[:1].isupper()]
        for word in (parts[0], parts[-1]) if len(parts) > 1 else ():
            if len(index.entities_named(word)) == 0:
                local.append(Alias(word, iri, label))
    if not local:
        return known
    extra = [m for m in AliasIndex(local).find(text) if m.entity]
    starts = sorted(m.start for m in known)
    ordered = sorted(known, key=lambda m: m.start)
    return sorted(known + [m for m in extra if not _overlaps(m, ordered, starts)], key=lambda m: m.start)


def _headings(text, sentences):
    """Numbers of the sentences that are headings: a block without final punctuation in title case, or a run-in heading
    ("Space Strategy and Doctrine." opening a paragraph)."""
    from .normalise import _is_heading_line

    headings = set()
    for sentence in sentences:
        whole = _is_whole_block(sentence, sentences)
        if whole and not _ENDS_SENTENCE.search(sentence.text) and _is_heading_line(sentence.text):
            headings.add(sentence.index)
        elif not whole and _opens_block(sentence, sentences) and sentence.text.endswith((".", ":")) \
                and _in_title_case(sentence.text.rstrip(".:")) and len(sentence.text.split()) <= 10:
            headings.add(sentence.index)
    return headings


def _in_title_case(text):
    """Every word capitalised but function words: "Space Strategy and Doctrine", not "The Congress met"."""
    from .words import stop_words

    words = re.findall(r"[^\W\d_][\w'’&-]*", text)
    return len(words) >= 1 and all(w[:1].isupper() or w.lower() in stop_words() for w in words) \
        and not all(w.lower() in stop_words() for w in words)


def _opens_block(sentence, sentences):
    return sentence.index == 0 or sentences[sentence.index - 1].block != sentence.block


def _overlaps(mention, known, starts):
    """Tell whether ``mention`` overlaps one of ``known`` (sorted by ``starts``, not overlapping each other)."""
    import bisect

    position = bisect.bisect_left(starts, mention.end)
    return position > 0 and known[position - 1].end > mention.start


def _candidate_key(candidate):
    if candidate.claim:
        return ("claim", fold(candidate.quote))
    return ("relationship", compact(candidate.subject), compact(candidate.object), fold(candidate.quote))


def _is_whole_block(sentence, sentences):
    return sum(1 for s in sentences if s.block == sentence.block) == 1


def _sentence_lookup(sentences):
    import bisect

    starts = [s.start for s in sentences]

    def lookup(offset):
        position = bisect.bisect_right(starts, offset) - 1
        if position >= 0 and offset < sentences[position].end:
            return sentences[position].index
        return None

    return lookup
