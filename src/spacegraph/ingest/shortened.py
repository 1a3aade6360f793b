"""Known actors a text names short: by an acronym it defines, by one word of a person's name, with other spacing.

The alias index (:mod:`spacegraph.ingest.linking`) finds the names the graph holds. A text also
names a known actor in ways the graph cannot list in advance:

* an acronym the text defines for a known long name: "the Central Military Commission (CMC)"
  makes every later "CMC" the commission; an acronym it uses without defining it, when it spells
  the name of exactly one known actor, by initials or word starts ("SATCOM": satellite communication);
* one word of a known person's name, written alone: "Xi" for Xi Jinping, once the text names him
  in full, or when no other actor goes by that word and the word is no ordinary one;
* a name written with other spacing than the graph's, or the graph's name without its first word:
  "Cyber Space Force" for "Cyberspace Force", "Aerospace Force" for "Military Aerospace Force",
  when exactly one known actor fits.
"""

from __future__ import annotations

import re

from ..core.folding import fold
from ..core.prefixes import PREFIXES
from .linking import Alias, AliasIndex, Mention, overlaps_any

__all__ = ["with_short_names", "known_variant", "as_mentions"]

_PERSONS = f"""SELECT DISTINCT ?person ?label WHERE {{
  ?class <{PREFIXES['rdfs']}subClassOf>* <{PREFIXES['sg']}Person> . ?person a ?class ; <{PREFIXES['rdfs']}label> ?label }}"""


def with_short_names(known, text, graph, index, definitions, words):
    """Return ``known`` (mentions of known actors, in text order) with the short names of those actors added.

    Parameters
    ----------
    known : list of Mention
        The mentions the alias index found.
    text : str
        The stored text.
    graph : rdflib.Graph
        The graph: which actors are persons.
    index : AliasIndex
        Every alias of the graph: a short name that another actor goes by is never taken.
    definitions : dict
        The acronyms the text defines (:func:`~spacegraph.ingest.acronyms.acronym_definitions`).
    words : Vocabulary
        What the words of the text are: an ordinary word is no person's name.

    Examples
    --------
    >>> import spacegraph
    >>> from spacegraph.ingest.acronyms import acronym_definitions
    >>> from spacegraph.ingest.proposals import alias_index
    >>> from spacegraph.ingest.sentences import split_sentences
    >>> from spacegraph.ingest.words import Vocabulary
    >>> graph = spacegraph.load().graph
    >>> index = alias_index(graph)
    >>> text = "The Central Military Commission (CMC) leads. The CMC met."
    >>> found = with_short_names(index.find(text), text, graph, index, acronym_definitions(text, split_sentences(text)),
    ...                          Vocabulary(text))
    >>> [(m.start, m.text, m.label) for m in found]  # doctest: +NORMALIZE_WHITESPACE
    [(4, 'Central Military Commission', 'Central Military Commission'), (33, 'CMC', 'Central Military Commission'),
     (49, 'CMC', 'Central Military Commission')]
    """
    local = _defined_acronyms(known, text, definitions, index) + _person_parts(known, text, graph, index, words)
    local += _spelt_acronyms(text, definitions, index)
    if not local:
        return known
    ordered = sorted(known, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    extra = [m for m in AliasIndex(local).find(text) if m.entity and not overlaps_any(m, ordered, starts)]
    return sorted(ordered + extra, key=lambda m: m.start)


def _defined_acronyms(known, text, definitions, index):
    """Aliases for the acronyms the text defines right after a known actor's name ("… Commission (CMC)")."""
    by_end = {m.end: m for m in known if m.entity}
    local = []
    for start, end, acronym, term in definitions.values():
        mention = by_end.get(end)
        if term or mention is None or mention.start < start or not _only_article(text[start:mention.start]):
            continue
        if index.entities_named(acronym) and mention.entity not in index.entities_named(acronym):
            continue  # another actor goes by it in the graph: the text's definition does not outweigh that
        local.append(Alias(acronym, mention.entity, mention.label or mention.text))
    return local


_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Za-z&]*[A-Z](?![\w-])")


def _spelt_acronyms(text, definitions, index):
    """Aliases for the acronyms the text uses without defining them that spell one known actor's name ("SATCOM")."""
    from .acronyms import is_acronym

    local, seen = [], set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(0)
        if acronym in seen or not is_acronym(acronym) or fold(acronym) in definitions or index.entities_named(acronym):
            continue
        seen.add(acronym)
        fitting = index.entities_spelt(acronym)
        if len(fitting) == 1:
            entity = next(iter(fitting))
            local.append(Alias(acronym, entity, index.label_of(entity) or acronym))
    return local


def _only_article(words):
    return fold(words) in ("", "the")


def _person_parts(known, text, graph, index, words):
    """Aliases for one word of a known person's name: its first or last, when no other actor goes by it.

    Once the text names the person in full, either word will do; otherwise only a word that is no
    ordinary word, that the text writes alone (never followed by another capitalised word), and that
    no other known person's name holds.
    """
    persons = {str(p): str(label) for p, label in graph.query(_PERSONS)}
    if not persons:
        return []
    named = {m.entity for m in known if m.entity in persons and " " in m.text.strip()}
    parts_of = {iri: _parts(label) for iri, label in persons.items()}
    holders: dict[str, set] = {}
    for iri, parts in parts_of.items():
        for word in parts:
            holders.setdefault(fold(word), set()).add(iri)
    local = []
    for iri, parts in parts_of.items():
        for word in (parts[0], parts[-1]) if len(parts) > 1 else ():
            if index.entities_named(word) or len(holders[fold(word)]) > 1:
                continue
            if iri in named or (not words.is_ordinary(word) and not words.is_stop(word) and _written_alone(text, word)):
                local.append(Alias(word, iri, persons[iri]))
    return local


def _parts(label):
    return [w for w in label.split() if len(w) > 1 and w[:1].isupper()]


def _written_alone(text, word):
    """Whether ``text`` writes ``word`` and never as part of a longer capitalised name."""
    uses = list(re.finditer(r"(?<![\w.-])" + re.escape(word) + r"(?![\w-])", text))
    return bool(uses) and not any(re.match(r"\s+[A-Z]", text[m.end():m.end() + 2]) or
                                  re.search(r"[A-Z][\w'’-]*\s$", text[max(0, m.start() - 30):m.start()]) for m in uses)


def known_variant(name, index):
    """The one known actor ``name`` names with other spacing or without its first word, else ``None``.

    "Cyber Space Force" is "Cyberspace Force" spaced otherwise; "Aerospace Force" is "Military
    Aerospace Force" without its first word. The name must have two words or more, and exactly one
    known actor must fit.

    Examples
    --------
    >>> index = AliasIndex([Alias("Cyberspace Force", "ex:csf", "Cyberspace Force"),
    ...                     Alias("Military Aerospace Force", "ex:asf", "Military Aerospace Force"),
    ...                     Alias("United States Space Force", "ex:ussf", "USSF"), Alias("Space Force", "ex:x", "X")])
    >>> known_variant("Cyber Space Force", index), known_variant("Aerospace Force", index)
    ('ex:csf', 'ex:asf')
    >>> known_variant("Space Force", index) is None, known_variant("Force", index) is None
    (True, True)
    """
    words = fold(name).split()
    if len(words) < 2 or index.entities_named(name):
        return None
    fitting = index.entities_spaced(name) | index.entities_ending(words)
    return next(iter(fitting)) if len(fitting) == 1 else None


def as_mentions(entry, entity, label):
    """The mentions of a known actor that a proposed name's occurrences turn out to be."""
    return [Mention(start, end, written, entity, label, entry.name) for start, end, _, written in entry.occurrences]
