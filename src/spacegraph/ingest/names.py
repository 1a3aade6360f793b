"""Proper names and acronyms that the graph does not know: the new actors a text proposes.

A name is a run of capitalised words, acronyms and numbers ("Aurora Launch Corporation",
"Kestrel-2", "Long March 8", "Phase IV"). How a run becomes names:

* **Acronyms decide first.** "Long Name (LN)" is one actor with the acronym as an alias, and the
  acronym fixes where the long name starts, across "and", "of", "for", "the" and commas: "China
  Aerospace Science and Technology Corporation (CASC)", "State Administration for Science,
  Technology and Industry for National Defense (SASTIND)". An acronym whose long form is written
  in lower case ("low earth orbit (LEO)") is a term, never an actor. A short form in brackets
  ("Zhuque-3 (ZQ-3)", "Space Pioneer (Pioneer)") is an alias too.
* **Joined words.** "of", "for", "de" join after a word that names an institution ("Institute for
  Space Law"); "and" joins when the name ends in such a word ("Science and Technology
  Corporation"); "and the" never joins; "'s" joins after an ordinary word ("National People's
  Congress") but not after a name ("China's Chang'e").
* **What is cut off.** A leading function word ("The", "In"), a title ("Dr.", "Gen.": it suggests a
  person), an adjective of nationality ("Chinese", "American") and a known state ("U.S. Saturn V")
  are not part of the name, unless an acronym or a last word naming an institution says they are
  ("Chinese Lunar Exploration Program (CLEP)", "Russian Space Agency").
* **What is no name.** A single capitalised word that some text writes in lower case (an
  ordinary word: "Navigation", "Earth"), a function word, an adjective of nationality, and a word
  that opens a sentence, a list item or a heading unless the text also capitalises it
  mid-sentence. Headings propose nothing.
* **One row per actor.** An acronym and its long form, a title and a surname ("Mr Musk") and the
  full name, and a last word that one longer name of the text ends with ("Pioneer", "Space
  Pioneer") are one actor; a word that two names share ("Congress") is left alone.

A name longer than a known actor's alias it contains ("Space Systems Department" around
"Space") replaces that mention: the text is naming something else. The words used to tell
names from ordinary words come from :mod:`spacegraph.ingest.words`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..core.folding import fold
from .acronyms import acronym_after, acronym_definitions, is_acronym, short_form_after, used_as_term
from .words import name_tokens as _tokens

__all__ = ["Name", "find_names", "NEW"]

#: The prefix of a new actor's id in proposals and review sheets: ``new:<name>``.
NEW = "new:"

_JOINERS = frozenset({"of", "for", "de", "du", "des", "and", "&", "the"})
_ROMAN = re.compile(r"[IVX]{1,4}")
_INSTITUTION_WORDS = frozenset("""institute institution university academy ministry department bureau agency administration
office school college centre center laboratory lab bank council commission committee association society federation
foundation league union corps command force forces army navy republic kingdom state states corporation company group
organization organisation observatory observatories station party congress""".split())


@dataclass
class Name:
    """A new actor proposed by the text.

    ``occurrences`` holds ``(start, end, sentence index, text)`` for each place the text names it,
    ``evidence`` what makes it a name (an acronym, a word naming an institution, a title...).
    """

    name: str
    aliases: list = field(default_factory=list)
    cls: str | None = None
    sentences: list = field(default_factory=list)
    occurrences: list = field(default_factory=list)
    same_as: str | None = None
    classes: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    title: str | None = None


def _is_capitalised(word):
    return word[:1].isupper()


def _is_number_part(word):
    """A word that carries on a name: "8", "3A", "T1", "IV", "II"."""
    return (any(c.isdigit() for c in word) and len(word) <= 6) or bool(_ROMAN.fullmatch(word))


def find_names(text, sentences, mentions, cues, *, headings=frozenset(), words=None, definitions=None, places=frozenset()):
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
        The ontology's class cues (titles that precede a person's name, words that end an institution's).
    headings : set of int
        Numbers of the sentences that are headings: they propose no name.
    words : Vocabulary, optional
        What the words of the text are (:class:`~spacegraph.ingest.words.Vocabulary`); by default, the text's own.
    definitions : dict, optional
        The acronyms the text defines (:func:`acronym_definitions`), when already found.
    places : set of str
        IRIs of the graph's states and regions: one named before a name is cut off it ("U.S. Saturn V").

    Returns
    -------
    (list of Name, set of Mention)
        The names, in order of first appearance, and the mentions inside a longer name.

    Examples
    --------
    >>> from spacegraph.ingest.cues import Cues
    >>> from spacegraph.ingest.sentences import split_sentences
    >>> text = "The Aurora Launch Corporation (ALC) met Dr. Mei Wen. ALC flew. Brought here, the probe works."
    >>> cues = Cues(name_cues={"corporation": "ex:Company"}, preceding_cues={"dr.": "ex:Person"})
    >>> names, _ = find_names(text, split_sentences(text), [], cues)
    >>> [(n.name, n.aliases, n.title) for n in names]
    [('Aurora Launch Corporation', ['ALC'], None), ('Mei Wen', [], 'Dr.')]
    """
    from .words import Vocabulary

    words = words if words is not None else Vocabulary(text)
    definitions = definitions if definitions is not None else acronym_definitions(text, sentences)
    terms = {key for key, (_, _, _, term) in definitions.items() if term}
    terms |= {key[:-1] for key in terms if key.endswith("s")} | {key + "s" for key in terms}
    defined_spans = sorted((start, end, acronym) for start, end, acronym, term in definitions.values() if not term)
    covered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in covered]
    capitalised_inside = _capitalised_mid_sentence(text, sentences, headings)
    titles = {fold(t).rstrip(".") for t in (cues.preceding_cues or {})}
    institution = _INSTITUTION_WORDS | {fold(w) for w in (cues.name_cues or {})}
    states = {m.start: m for m in covered if m.entity in places}
    known_at = {m.start: m for m in covered if m.entity}
    found: dict[str, Name] = {}
    written: dict[str, str] = {}
    replaced = set()
    glosses = [match.span() for match in _GLOSS.finditer(text)]
    gloss_starts = [start for start, _ in glosses]
    for sentence in sentences:
        if sentence.index in headings:
            continue
        for start, end, run_words, title in _names_in(text, sentence, words, capitalised_inside, titles, institution, terms,
                                                      defined_spans, states, known_at):
            near = covered[max(0, bisect.bisect_left(starts, start) - 1):bisect.bisect_left(starts, end)]
            inside = [m for m in near if m.start >= start and m.end <= end]
            overlapping = [m for m in near if m.start < end and m.end > start]
            if _in_gloss(start, glosses, gloss_starts):
                continue  # "(Chinese: 中国探月工程; pinyin: Zhōngguó Tànyuè Gōngchéng)" says the name in another language
            if len(overlapping) != len(inside) or (inside and _only_known(text, start, end, inside)):
                continue  # the run is known actors only, or runs into one: leave it linked
            name = written.setdefault(text[start:end], text[start:end])   # one string however often the name is written
            replaced.update(inside)
            key = fold(name)
            entry = found.setdefault(key, Name(name))
            if not entry.sentences or entry.sentences[-1] != sentence.index:   # sentences come in order
                entry.sentences.append(sentence.index)
            entry.occurrences.append((start, end, sentence.index, name))
            if title and entry.title is None:
                entry.title = title
            acronym = acronym_after(text, end, run_words)
            if acronym and fold(acronym) not in terms and acronym not in entry.aliases:
                entry.aliases.append(acronym)
            short = short_form_after(text, end, name)
            if short and short not in entry.aliases:
                entry.aliases.append(short)
    _known_as(list(found.values()), text, covered)
    merged = _one_row_per_actor(list(found.values()), words)
    from .sentences import sentence_lookup

    sentence_at = sentence_lookup(sentences)
    in_headings = {key for key, (start, *_) in definitions.items() if sentence_at(start) in headings}
    bare = [entry for entry in merged if not entry.aliases and (fold(entry.name) not in definitions or fold(entry.name) in in_headings)
            and used_as_term(entry.name, text)]  # a heading capitalises every word: its long form says nothing
    for entry in bare:  # its mentions are the known actors' again
        replaced.difference_update(m for m in covered if any(m.start >= s and m.end <= e for s, e, *_ in entry.occurrences))
    return [entry for entry in merged if entry not in bare], replaced


#: A bracket that gives a name in another language or script: "(Chinese: 嫦娥工程; pinyin: Cháng'é Gōngchéng)".
_GLOSS = re.compile(r"\((?:[^()]*;\s*)?(?:[A-Z][a-z]+|pinyin|lit\.)\s*:[^()]*\)")


_KNOWN_AS = re.compile(r"(?:also|formerly|otherwise|commonly|better) (?:known as|called)\s+(?:the\s+)?[\"“]?\Z")


def _in_gloss(start, glosses, starts):
    """Whether ``start`` falls in one of ``glosses`` (spans in text order, as a regular expression finds them)."""
    position = bisect.bisect_right(starts, start) - 1
    return position >= 0 and start < glosses[position][1]


def _known_as(names, text, known):
    """Make a name the text introduces by "also known as" or "formerly called" an alias of the name just before it
    in its sentence: another name of that new actor, or, after a known actor, a name to add to it (``same_as``)."""
    for entry in names:
        start, _, number, _ = entry.occurrences[0]
        if not _KNOWN_AS.search(text[max(0, start - 40):start]):
            continue
        before = [(other.occurrences[0][1], other) for other in names
                  if other is not entry and other.occurrences[0][2] == number and other.occurrences[0][1] <= start]
        before += [(m.end, m) for m in known if m.entity and m.end <= start and start - m.end < 200]
        if not before:
            continue
        _, owner = max(before, key=lambda item: item[0])
        if isinstance(owner, Name):
            if entry.name not in owner.aliases:
                owner.aliases.append(entry.name)
        else:
            entry.same_as = owner.entity


def _only_known(text, start, end, inside):
    """Whether a run holds nothing but known actors' names and joining words."""
    uncovered = [w for s, e, w in _tokens(text[start:end], start)
                 if not any(m.start <= s and e <= m.end for m in inside) and w[:1].isupper()]
    covered_chars = sum(m.end - m.start for m in inside)
    return not uncovered or covered_chars >= end - start


def _capitalised_mid_sentence(text, sentences, headings):
    """Folded words that the text capitalises somewhere other than at a sentence's or a list item's start, or in a heading."""
    seen = set()
    for sentence in sentences:
        if sentence.index in headings:
            continue
        tokens = list(_tokens(sentence.text, 0))
        first = _first_word_index(sentence.text, tokens)
        for number, (_start, _end, word) in enumerate(tokens):
            if number > first and _is_capitalised(word) and not _after_opening(sentence.text, _start):
                seen.add(fold(word))
    return seen


def _first_word_index(text, tokens):
    """The index of the first word of a sentence, past a bullet or a number that opens a list item."""
    for number, (_start, _end, word) in enumerate(tokens):
        if any(c.isalpha() for c in word):
            return number
    return 0


def _after_opening(text, start):
    """Whether the word at ``start`` follows an opening quote or bracket, or a colon: it may be capitalised for that."""
    end = start   # the last character before the white space, found without copying all that comes before
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] in _OPENINGS


_OPENINGS = frozenset("“\"(:‘—–")


def _names_in(text, sentence, words, capitalised_inside, titles, institution, terms, defined_spans, states, known_at):
    """Yield ``(start, end, words, title)`` for each name of ``sentence``."""
    tokens = list(_tokens(sentence.text, sentence.start))
    first = _first_word_index(sentence.text, [(s - sentence.start, e, w) for s, e, w in tokens])
    first_defined = bisect.bisect_left(defined_spans, (sentence.start,))
    defined = [(s, e, a) for s, e, a in defined_spans[first_defined:bisect.bisect_left(defined_spans, (sentence.end,))]
               if e <= sentence.end]
    taken = []
    for start, end, _acronym in defined:
        run = [t for t in tokens if start <= t[0] and t[1] <= end]
        if run:
            taken.append((start, end))
            yield start, end, [w for _, _, w in run], _title_before(text, start, titles)
    for run in _runs(text, tokens, words, sentence.end):
        if any(s < run[-1][1] and run[0][0] < e for s, e in taken):
            run = [t for t in run if not any(s <= t[0] < e for s, e in taken)]
            if not run:
                continue
        for part in _split(text, run, words, institution, states):
            name = _trimmed(part, words, titles, institution, text, states)
            if name is not None:
                name = (_after_known(name[0], known_at), name[1])
            if name is None:
                continue
            part, title = name
            title = title or _title_before(text, part[0][0], titles)
            if _is_name(part, text, tokens, first, words, capitalised_inside, terms, institution, title):
                yield part[0][0], part[-1][1], [w for _, _, w in part], title


def _runs(text, tokens, words, sentence_end):
    """Runs of name words in a sentence's tokens: capitalised words, acronyms, numbers after them, joining words."""
    run: list[tuple[int, int, str]] = []
    for start, end, word in tokens:
        gap = text[run[-1][1]:start] if run else " "
        joined = gap in (" ", "-") or (gap in ("'s ", "’s ") and run and words.is_ordinary(run[-1][2]) and _is_capitalised(word))
        if run and not joined:
            yield from _flushed(run)
            run = []
        lower = word.lower()
        if _is_capitalised(word) and not _is_abbreviation(word, text, end, sentence_end) and not _is_compound_adjective(word):
            run.append((start, end, word))
        elif run and _is_number_part(word):
            run.append((start, end, word))
        elif run and lower in _JOINERS and gap == " " and (lower != "the" or run[-1][2].lower() in _JOINERS):
            run.append((start, end, word))
        else:
            yield from _flushed(run)
            run = []
    yield from _flushed(run)


def _is_compound_adjective(word):
    """A capitalised word joined to a word in lower case: "China-operated", "Earth-orbiting", "Sample-return"."""
    parts = word.split("-")
    return len(parts) > 1 and parts[-1][:1].islower() and not any(c.isdigit() for c in parts[-1])


def _flushed(run):
    while run and run[-1][2].lower() in _JOINERS:
        run = run[:-1]
    if run:
        yield list(run)


def _is_abbreviation(word, text, end, sentence_end):
    """A short capitalised word followed by a full stop inside a sentence ("Dr.", "No. 5", "St.") is not a name."""
    return len(word) <= 3 and not is_acronym(word) and text[end:end + 1] == "." and end + 1 < sentence_end


def _split(text, run, words, institution, known_at):
    """Split a run where it holds two names: at "and the", at "and" unless the whole ends in an institution's word,
    and at "of"/"for" unless an institution's word comes before."""
    parts: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    ends_institution = fold(run[-1][2]) in institution
    starts_institution = len(run) > 2 and fold(run[0][2]) in institution and run[1][2].lower() in ("of", "for")
    for index, token in enumerate(run):
        lower = token[2].lower()
        following = run[index + 1][2].lower() if index + 1 < len(run) else ""
        ordinary_before = bool(current) and (words.is_ordinary(current[-1][2]) or fold(current[-1][2]) in institution)
        if lower in ("and", "&") and (following == "the" or not (ends_institution or starts_institution) or not ordinary_before):
            parts.append(current)
            current = []
            continue
        if lower == "the" and current and current[-1][2].lower() in ("and", "&"):
            continue
        if lower in ("of", "for", "de", "du", "des") and not (current and fold(current[-1][2]) in institution
                                                                     or starts_institution):
            parts.append(current)
            current = []
            continue
        current.append(token)
    parts.append(current)
    return [[t for t in part] for part in parts if part]


def _trimmed(part, words, titles, institution, text, known_at):
    """The part without what opens it and is no name (a function word, a title, a nationality, a known state); or None."""
    title = None
    part = list(part)
    while part and part[-1][2].lower() in _JOINERS:
        part.pop()
    while part:
        word = part[0][2]
        folded = fold(word).rstrip(".")
        confirmed = len(part) > 1 and (fold(part[-1][2]) in institution or acronym_after(text, part[-1][1],
                                                                                          [w for _, _, w in part]))
        if folded in titles and len(part) > 1:
            title = word if not title else f"{title} {word}"
            part.pop(0)
        elif (words.is_stop(word) and not is_acronym(word)) or word.lower() in _JOINERS:
            part.pop(0)
        elif len(part) > 1 and not confirmed and words.is_demonym(word):
            part.pop(0)
        elif len(part) > 2 and not confirmed and _is_known_place(part[0], known_at):  # "U.S. Saturn V", not "China SatNet"
            part.pop(0)
        else:
            break
    return (part, title) if part else None


def _after_known(part, known_at):
    """The part without a known actor that opens it when what follows is a name of its own: an acronym ("PLA EW",
    "U.S. ISR") or a numbered name ("SpaceX Falcon 9"). "PLA Rocket Force" and "China SatNet" stay whole."""
    mention = known_at.get(part[0][0])
    if mention is None:
        return part
    rest = [token for token in part if token[0] >= mention.end]
    if not rest or len(rest) == len(part):
        return part
    words = [w for _, _, w in rest]
    acronym = len(words) == 1 and is_acronym(words[0]) and not any(c.isdigit() for c in words[0])
    numbered = len(words) >= 2 and words[0][:1].isupper() and not _is_number_part(words[0]) and _is_number_part(words[-1])
    return rest if acronym or numbered else part


def _is_known_place(token, known_at):
    """Whether a known actor's mention starts at this token and covers it whole (a state before a name: "U.S. Saturn V")."""
    mention = known_at.get(token[0])
    return mention is not None and mention.end >= token[1]


def _is_name(part, text, tokens, first, words, capitalised_inside, terms, institution, title):
    """Whether a trimmed run is a name."""
    names = [w for _, _, w in part]
    if len(names) == 1:
        word = names[0]
        folded = fold(word)
        if folded in terms:
            return False
        if is_acronym(word):
            return not words.is_stop(word)
        if words.is_stop(word) or words.is_demonym(word) or word.isdigit() or _ROMAN.fullmatch(word):
            return False
        if title or any(c.isdigit() for c in word):   # "Chang'e-4", "Zhuque-3": no ordinary word holds a digit
            return True
        if words.is_ordinary(word):
            return False
        opens = tokens and part[0][0] == tokens[first][0]
        return not opens or folded in capitalised_inside
    if all(words.is_stop(w) or _is_number_part(w) for w in names):
        return False
    opens = tokens and part[0][0] == tokens[first][0]
    ordinary = all(words.is_ordinary(w) or words.is_stop(w) or w.lower() in _JOINERS for w in names)
    if opens and ordinary and fold(names[-1]) not in institution:  # "Sample-return Missions" opening a sentence
        return False
    return True


def _title_before(text, start, titles):
    """The title written just before a name ("Dr." in "Dr. Mei Wen", "Lt. Gen." in "Lt. Gen. Li"), or None."""
    words = text[max(0, start - 24):start].split()
    found: list[str] = []
    while words and fold(words[-1]).rstrip(".") in titles:
        found.insert(0, words.pop())
    return " ".join(found) or None


def _one_row_per_actor(names, words):
    """Merge the names that are one actor: an acronym or short form and its long name, a surname and the full name."""
    by_alias: dict[str, Name] = {}
    for entry in names:
        for alias in entry.aliases:
            by_alias.setdefault(fold(alias), entry)
    ends_with: dict[str, list[Name]] = {}
    begins_with: dict[str, list[Name]] = {}
    for entry in names:
        parts = fold(entry.name).split()
        if len(parts) > 1:
            ends_with.setdefault(parts[-1], []).append(entry)
            if entry.title:
                begins_with.setdefault(parts[0], []).append(entry)
    by_name = {fold(entry.name): entry for entry in names}
    merged: list[Name] = []
    merged_into: dict[int, Name] = {}  # {id of a row: the row it was merged into}
    for entry in names:
        key = fold(entry.name)
        owner = by_alias.get(key)
        if owner is None and key.endswith("s") and is_acronym(entry.name[:-1]):  # "DEWs" is "DEW"
            owner = by_alias.get(key[:-1]) or by_name.get(key[:-1])
        if owner is None and " " not in key:
            longer = ends_with.get(key, []) + begins_with.get(key, [])
            longer = list({id(other): other for other in longer if other is not entry}.values())
            if len(longer) == 1:
                owner = longer[0]
                if entry.name not in owner.aliases:
                    owner.aliases.append(entry.name)
        while owner is not None and id(owner) in merged_into:  # a row merged into another: that other is the owner
            owner = merged_into[id(owner)]
        if owner is not None and owner is not entry:
            merged_into[id(entry)] = owner
            owner.aliases.extend(alias for alias in entry.aliases if alias not in owner.aliases and alias != owner.name)
            owner.occurrences.extend(entry.occurrences)
            owner.sentences = sorted(set(owner.sentences) | set(entry.sentences))
            owner.title = owner.title or entry.title
            continue
        merged.append(entry)
    return merged
