"""What a text proposes to the graph: mentions of known actors, new actors, candidate relationships.

:func:`propose` runs the whole reading of one stored text against the graph: sentences,
linking, new names, their near misses, and candidate pairs. :meth:`Proposals.to_json` gives
the record ``spacegraph ingest --format json`` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.folding import fold
from ..core.prefixes import PREFIXES, sparql_prefixes
from ..core.terms import compact
from .attribution import attributions
from .candidates import Actor, PhraseFinder, find_candidates
from .classes import GUESS_SCORE
from .cues import read_cues
from .linking import Alias, AliasIndex, Mention, overlaps_any
from .names import NEW, find_names
from .sentences import MAX_SENTENCE, sentence_lookup, split_sentences
from .shortened import as_mentions, known_variant, with_short_names

if TYPE_CHECKING:
    from collections.abc import Collection

    import rdflib

    from .learning import IngestModel

__all__ = ["Proposals", "propose", "alias_index", "NEW"]


_ALIASES = sparql_prefixes("rdfs", "skos") + f"""SELECT ?entity ?label ?alias WHERE {{
  ?class rdfs:subClassOf* <{PREFIXES['sg']}Entity> .
  ?entity a ?class ; rdfs:label ?label .
  {{ ?entity rdfs:label ?alias }} UNION {{ ?entity skos:altLabel ?alias }}
}}"""
_STATES = f"""SELECT ?state ?label WHERE {{ ?state a <{PREFIXES['sg']}State> ; <{PREFIXES['rdfs']}label> ?label }}"""
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]$")


def alias_index(graph: rdflib.Graph, *, exclude: Collection[str] = frozenset()) -> AliasIndex:
    """Return the :class:`AliasIndex` of every entity's label and alternative labels in ``graph`` (two queries).

    A state also goes by the official name ISO 3166-1 gives it, and that name's initials ("People's
    Republic of China", "PRC"): :func:`~spacegraph.ingest.words.official_forms`. Entities in
    ``exclude`` (IRIs) are left out: a source does not link its own title.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph, such as ``kg.graph``.
    exclude : collection of str
        IRIs of entities to leave out.

    Returns
    -------
    AliasIndex

    Examples
    --------
    >>> index = alias_index(kg.graph)
    >>> list(index.entities_named("PRC")), index.label_of("https://w3id.org/spacegraph/id/china")
    (['https://w3id.org/spacegraph/id/china'], 'China')
    >>> alias_index(kg.graph, exclude={"https://w3id.org/spacegraph/id/china"}).entities_named("China")
    {}
    """
    from ..core.store import select_rows
    from .words import official_forms

    aliases: dict[tuple[str, str], Alias] = {}
    for entity, label, alias in select_rows(graph, _ALIASES):
        if str(entity) in exclude:
            continue
        aliases[(str(alias), str(entity))] = Alias(str(alias), str(entity), str(label))
    for state, label in select_rows(graph, _STATES):
        if str(state) in exclude:
            continue
        for form in official_forms(str(label)):
            aliases.setdefault((form, str(state)), Alias(form, str(state), str(label)))
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
        """Return the proposals as the JSON record of ``spacegraph ingest --format json`` (see ``docs/adding-a-source.md``).

        Returns
        -------
        dict
            ``source``, ``mentions``, ``new_entities`` and ``candidates``, JSON-ready.

        Examples
        --------
        >>> record = propose("Argentina hosts a Chinese deep-space station in Patagonia.", kg.graph).to_json()
        >>> sorted(record), record["candidates"][0]["predicates"][0]["predicate"]
        (['candidates', 'mentions', 'new_entities', 'source'], 'https://w3id.org/spacegraph/ontology#hosts')
        """
        sentence_of = sentence_lookup(self.sentences)
        warnings = {"warnings": self.warnings} if self.warnings else {}
        return {
            "source": {**self.source, "sentences": len(self.sentences), **warnings},
            "mentions": [_mention_json(m, sentence_of(m.start)) for m in self.mentions],
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

    @property
    def warnings(self) -> list:
        """What the reader of the proposals should know of how the text was read, one sentence each."""
        pieces = [s for s in self.sentences if s.piece]
        if not pieces:
            return []
        cut = sum(1 for s in pieces if s.piece == 1)
        return [f"{cut:,} sentence{'s' if cut > 1 else ''} longer than {MAX_SENTENCE:,} characters (a text without full "
                f"stops, or a table?) read in {len(pieces):,} pieces: they propose new actors but no relationship"]


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
    from .acronyms import acronym_definitions
    from .classes import rank_classes
    from .domains import read_schema
    from .learning import kinds_of
    from .stated import stated_between
    from .words import Vocabulary

    cues = read_cues(graph)
    index = index if index is not None else alias_index(graph)
    sentences = split_sentences(text, language)
    headings = _headings(text, sentences)
    places = _places(graph)
    words = Vocabulary(text, ordinary=vocabulary, places=[name for _, name in places])
    sentence_at = sentence_lookup(sentences)
    known = [m for m in index.find(text) if m.entity not in exclude and not _ordinary_opening(m, sentences, sentence_at, headings, words)]
    definitions = acronym_definitions(text, sentences)
    known = with_short_names(known, text, graph, index, definitions, words)
    names, replaced = find_names(text, sentences, known, cues, headings=headings, words=words, definitions=definitions,
                                 places={iri for iri, _ in places})
    known = [m for m in known if m not in replaced]
    names, known = _variants_known(names, known, index)
    names = [n for n in names if ("actor", fold(n.name)) not in rejected]
    new_index = AliasIndex([Alias(alias, NEW + n.name, n.name) for n in names for alias in (n.name, *n.aliases)])
    known_starts = [k.start for k in known]
    new_mentions = [m for m in new_index.find(text) if not overlaps_any(m, known, known_starts)]
    _add_later_uses(names, new_mentions, sentence_at, headings)
    attributed, speakers = attributions(text, sentences, headings, known, new_mentions, names)
    names += speakers
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
    # a class the model only guesses does not rule predicates out: domain and range read the classes a cue gave
    new_classes = {NEW + n.name: n.cls for n in names if n.cls and n.classes and n.classes[0].score > GUESS_SCORE}
    kinds.update({actor: class_kinds.get(cls, "") for actor, cls in new_classes.items()})
    pairs = _pairs_by_sentence(actors)
    stated = stated_between(graph, pairs)
    candidates = [c for c in find_candidates(sentences, actors, PhraseFinder(cues), text, schema=schema, model=model, kinds=kinds,
                                             new_classes=new_classes, stated=stated, attributed=attributed)
                  if _candidate_key(c) not in rejected and c.sentence not in headings]
    return Proposals(text, sentences, mentions, names, candidates)


def _add_later_uses(names, new_mentions, sentence_at, headings):
    """Add to each new name the sentences and occurrences where the text uses it again (or its acronym)."""
    by_id = {NEW + n.name: n for n in names}
    sentences = {id(n): set(n.sentences) for n in names}   # sets: a name used in every sentence costs no rescan
    starts = {id(n): {start for start, *_ in n.occurrences} for n in names}
    grown = set()
    for mention in new_mentions:
        entry = by_id.get(mention.entity or "")
        number = sentence_at(mention.start)
        if entry is None or number is None or number in headings:
            continue
        if number not in sentences[id(entry)]:
            sentences[id(entry)].add(number)
            entry.sentences.append(number)
            grown.add(id(entry))
        if mention.start not in starts[id(entry)]:
            starts[id(entry)].add(mention.start)
            entry.occurrences.append((mention.start, mention.end, number, mention.text))
    for entry in names:
        if id(entry) in grown:
            entry.sentences.sort()


def _pairs_by_sentence(actors):
    """``{(a, b)}``: the ids of every two different actors named in one sentence, in both orders."""
    by_sentence: dict = {}
    for actor in actors:
        by_sentence.setdefault(actor.sentence, set()).add(actor.id)
    return {(a, b) for ids in by_sentence.values() for a in ids for b in ids if a != b}


_PLACES = f"""SELECT DISTINCT ?place ?name WHERE {{
  VALUES ?class {{ <{PREFIXES['sg']}State> <{PREFIXES['sg']}Region> }}
  ?place a ?class .
  {{ ?place <{PREFIXES['rdfs']}label> ?name }} UNION {{ ?place <{PREFIXES['skos']}altLabel> ?name }}
}}"""


def _class_kinds(graph, schema):
    """``{class IRI: kind}``: the kind (``sg:networkKind``) of each class, that of its nearest class above that has one."""
    declared = {str(c): str(k) for c, k in graph.query(f"SELECT ?c ?k WHERE {{ ?c <{PREFIXES['sg']}networkKind> ?k }}")}
    kinds = {}
    for cls in set(schema.parents) | set(declared):
        above = sorted((c for c in schema.lineage(cls) if c in declared), key=lambda c: -len(schema.lineage(c)))
        if above:
            kinds[cls] = declared[above[0]]
    return kinds


def _places(graph):
    """``(IRI, name)`` of the graph's states and regions: their adjectives of nationality are no names."""
    return [(str(place), str(name)) for place, name in graph.query(_PLACES)]


def _ordinary_opening(mention, sentences, sentence_at, headings, words):
    """Whether a one-word alias that is also an ordinary word ("Space") is written where any word is capitalised:
    opening a sentence, or in a heading. It names nothing there."""
    if " " in mention.text.strip() or not words.is_ordinary(mention.text):
        return False
    number = sentence_at(mention.start)
    if number is None:
        return False
    sentence = sentences[number]
    if sentence.index in headings:
        return True
    opening = re.match(r"[\W\d_]*", sentence.text)  # matches every text, if only its empty start
    return mention.start - sentence.start <= (opening.end() if opening else 0)


def _variants_known(names, known, index):
    """``(names, known)`` with the names that are a known actor spaced otherwise or without its first word made mentions of it."""
    kept = []
    for entry in names:
        entity = known_variant(entry.name, index)
        if entity is None:
            kept.append(entry)
            continue
        known = known + as_mentions(entry, entity, index.label_of(entity) or entry.name)
    return kept, sorted(known, key=lambda m: m.start)


def _headings(text, sentences):
    """Numbers of the sentences that are headings: a block without final punctuation in title case, or a run-in heading
    ("Space Strategy and Doctrine." opening a paragraph)."""
    from .normalise import _is_heading_line

    headings = set()
    per_block: dict = {}
    for sentence in sentences:
        per_block[sentence.block] = per_block.get(sentence.block, 0) + 1
    for sentence in sentences:
        whole = per_block[sentence.block] == 1
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


def _candidate_key(candidate):
    if candidate.claim:
        return ("claim", fold(candidate.quote))
    return ("relationship", compact(candidate.subject), compact(candidate.object), fold(candidate.quote))
