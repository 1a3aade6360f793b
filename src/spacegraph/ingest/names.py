"""Proper names and acronyms that the graph does not know: the new actors a text proposes.

A name is a run of capitalised words, acronyms and trailing numbers ("Aurora Launch
Corporation", "Kestrel-2", "Long March 8"), joined by "of", "for", "de"... only after a word
that names an institution ("Institute for Space Law"). A leading "The" is not part of it;
a lone capitalised word that opens a sentence counts only if the text capitalises it
elsewhere too. Headings (a block without final punctuation) propose nothing. A name
followed by "(ACR)", where ACR spells its initials, is one actor with the acronym as an alias.

A name longer than a known actor's alias it contains ("U.S. Space Force" around "U.S.")
replaces that mention: the text is naming something else.

The class suggested comes from the ontology's cues, in this order: a following word
("mission", "rocket"), the last institution word of the name ("Corporation", "Agency"), a
preceding title ("Dr."), then a name pattern (a name ending in a number is a mission).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .linking import fold

__all__ = ["Name", "find_names"]

# English function words that start sentences with a capital but never a name.
_FUNCTION_WORDS = frozenset("""
a an the this that these those some many most much more few several all both each every any no not
according after although also and as at before but by despite during for from he her here his however
i if in into it its meanwhile my nor of on once or our over she since so such than their them then there
they though thus to under unlike until we what when where whether which while who whose why with within
without yet you your yes january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
_CONNECTORS = frozenset({"of", "for", "de", "du", "des", "on", "and", "&"})
_TOKEN = re.compile(r"[^\W_](?:[\w'’.&-]*[\w.])?")
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]$")


@dataclass
class Name:
    """A new actor proposed by the text."""

    name: str
    aliases: list = field(default_factory=list)
    cls: str | None = None
    sentences: list = field(default_factory=list)
    occurrences: list = field(default_factory=list)  # (start, end, sentence index, text)
    same_as: str | None = None


def _tokens(text, offset):
    for match in _TOKEN.finditer(text):
        word = match.group()
        end = match.end()
        for suffix in ("'s", "’s"):
            if word.endswith(suffix):
                word, end = word[: -len(suffix)], end - len(suffix)
        if word.endswith(".") and word[:-1].count(".") == 0:  # a full stop, not "U.S."
            word, end = word[:-1], end - 1
        if word:
            yield offset + match.start(), offset + end, word


def _is_acronym(word):
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_capitalised(word):
    return word[:1].isupper()


def _is_abbreviation(word, text, end, sentence_end):
    """A short capitalised word followed by a full stop inside a sentence ("No. 5", "St.") is not a name."""
    return len(word) <= 3 and not _is_acronym(word) and text[end:end + 1] == "." and end + 1 < sentence_end


def find_names(text, sentences, mentions, cues, *, headings=frozenset()):
    """Return the new names of ``text`` and the mentions they replace.

    Parameters
    ----------
    text : str
        The stored text.
    sentences : list of Sentence
        Its sentences.
    mentions : list of Mention
        The known actors found in it.
    cues : Cues
        The ontology's class cues.
    headings : set of int
        Numbers of the sentences that are headings.

    Returns
    -------
    (list of Name, set of Mention)
        The names, in order of first appearance, and the mentions inside a longer name.

    Examples
    --------
    >>> from spacegraph.ingest.cues import Cues
    >>> from spacegraph.ingest.sentences import split_sentences
    >>> text = "The Aurora Launch Corporation (ALC) met Dr. Mei Wen. ALC flew."
    >>> cues = Cues(name_cues={"corporation": "ex:Company"}, preceding_cues={"dr.": "ex:Person"})
    >>> names, _ = find_names(text, split_sentences(text), [], cues)
    >>> [(n.name, n.aliases, n.cls) for n in names]
    [('Aurora Launch Corporation', ['ALC'], 'ex:Company'), ('Mei Wen', [], 'ex:Person')]
    """
    covered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in covered]
    capitalised_inside = _capitalised_mid_sentence(text, sentences)
    found: dict[str, Name] = {}
    replaced = set()
    for sentence in sentences:
        if sentence.index in headings:
            continue
        for start, end, words in _runs(text, sentence, capitalised_inside):
            near = covered[max(0, bisect.bisect_left(starts, start) - 1):bisect.bisect_left(starts, end)]
            inside = [m for m in near if m.start >= start and m.end <= end]
            overlapping = [m for m in near if m.start < end and m.end > start]
            covered_chars = sum(m.end - m.start for m in inside)
            uncovered = [w for s, e, w in _tokens(text[start:end], start)
                         if not any(m.start <= s and e <= m.end for m in inside) and w[:1].isupper()]
            if len(overlapping) != len(inside) or (inside and (not uncovered or covered_chars >= end - start)):
                continue  # the run is known actors only, or runs into one: leave it linked
            name = text[start:end]
            replaced.update(inside)
            key = fold(name)
            entry = found.setdefault(key, Name(name))
            if sentence.index not in entry.sentences:
                entry.sentences.append(sentence.index)
            entry.occurrences.append((start, end, sentence.index, name))
            acronym = _acronym_after(text, end, words)
            if acronym:
                if acronym not in entry.aliases:
                    entry.aliases.append(acronym)
            if entry.cls is None:
                entry.cls = _suggested_class(text, start, end, words, cues)
    names = list(found.values())
    by_alias = {fold(alias): entry for entry in names for alias in entry.aliases}
    merged = [entry for entry in names if fold(entry.name) not in by_alias]
    for entry in names:
        owner = by_alias.get(fold(entry.name))
        if owner is not None and owner is not entry:  # "ALC" alone, later on: the same actor
            owner.occurrences.extend(entry.occurrences)
            owner.sentences = sorted(set(owner.sentences) | set(entry.sentences))
    return merged, replaced


def _capitalised_mid_sentence(text, sentences):
    """Folded words that the text capitalises somewhere other than at a sentence's start."""
    seen = set()
    for sentence in sentences:
        for number, (_start, _end, word) in enumerate(_tokens(sentence.text, 0)):
            if number and _is_capitalised(word):
                seen.add(fold(word))
    return seen


def _runs(text, sentence, capitalised_inside):
    """Yield ``(start, end, words)`` for each run of name words in ``sentence``."""
    tokens = list(_tokens(sentence.text, sentence.start))
    run = []

    def flush():
        while run and (run[-1][2].lower() in _CONNECTORS or run[-1][2].lower() == "the"):
            run.pop()
        while run and ((run[0][2].lower() in _FUNCTION_WORDS and not _is_acronym(run[0][2])) or not _is_capitalised(run[0][2])):
            run.pop(0)
        if run:
            words = [w for _, _, w in run]
            first_in_sentence = run[0][0] == tokens[0][0]
            single = len(words) == 1
            if not (single and first_in_sentence and fold(words[0]) not in capitalised_inside):
                yield run[0][0], run[-1][1], words
        run.clear()

    for number, (start, end, word) in enumerate(tokens):
        gap = text[run[-1][1]:start] if run else " "
        joined = gap in (" ", "-")
        lower = word.lower()
        if run and not joined:
            yield from flush()
        if _is_capitalised(word) and not _is_abbreviation(word, text, end, sentence.end):
            if lower in _FUNCTION_WORDS and not run and number:
                continue
            run.append((start, end, word))
        elif run and word.isdigit() and len(word) <= 4:
            run.append((start, end, word))
        elif run and lower in _CONNECTORS and _is_institution_word(run[-1][2]):
            run.append((start, end, word))
        elif run and lower == "the" and run[-1][2].lower() in _CONNECTORS:
            run.append((start, end, word))
        else:
            yield from flush()
    yield from flush()


_INSTITUTION_WORDS = frozenset("""institute institution university academy ministry department bureau agency administration
office school college centre center laboratory lab bank council commission committee association society federation
foundation league union corps command force forces army navy republic kingdom state states""".split())


def _is_institution_word(word):
    return word.lower() in _INSTITUTION_WORDS


def _acronym_after(text, end, words):
    """The acronym in brackets right after a name, when it spells the name's initials."""
    match = re.match(r" ?\(([A-Z][A-Za-z0-9&.-]{1,11})\)", text[end:end + 16])
    if not match:
        return None
    acronym = match.group(1)
    letters = "".join(c for c in acronym if c.isupper())
    initials = "".join(w[0].upper() for w in words if w[:1].isupper())
    if letters and letters[0] == initials[:1] and _is_subsequence(letters, initials):
        return acronym
    return None


def _is_subsequence(short, long):
    characters = iter(long)
    return all(c in characters for c in short)


def _suggested_class(text, start, end, words, cues):
    after = fold(text[end:end + 40])
    for phrase, cls in sorted((cues.following_cues or {}).items(), key=lambda item: -len(item[0])):
        if after == phrase or after.startswith(phrase + " ") or after.startswith(phrase + ",") or after.startswith(phrase + "."):
            return cls
    for word in reversed(words):
        cls = (cues.name_cues or {}).get(fold(word).rstrip("."))
        if cls:
            return cls
    before = fold(text[max(0, start - 20):start]).split()
    if before:
        cls = (cues.preceding_cues or {}).get(before[-1])
        if cls:
            return cls
    name = text[start:end]
    for pattern, cls in cues.name_patterns:
        if pattern.fullmatch(name):
            return cls
    return None
