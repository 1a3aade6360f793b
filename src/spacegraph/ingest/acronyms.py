"""Acronyms and short forms: where "Long Name (LN)" starts, which acronyms are terms, which brackets give aliases.

An acronym in brackets fixes where its long name starts: the shortest run of words just before the
bracket whose letters it abbreviates, group by group ("QUESS": QUantum Experimentation at Space
Scale) or in order ("CLTC": China Satellite Launch and Tracking Control General), across "and",
"of", "for", "the" and commas. When that long form is in lower case ("low earth orbit (LEO)"), the
acronym is a term, never an actor. A short form in brackets that is no acronym of the name
("Zhuque-3 (ZQ-3)", "Space Pioneer (Pioneer)") is an alias too.
"""

from __future__ import annotations

import bisect
import re

from ..core.folding import fold
from .linking import JOINING_WORDS as _SKIPPED
from .linking import spells
from .words import name_tokens as _tokens

__all__ = ["acronym_definitions", "acronym_after", "short_form_after", "is_acronym", "used_as_term"]

_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]{0,14}[A-Za-z0-9])\s*[);,]")


def is_acronym(word):
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and word[:1].isupper()


def _initials(words):
    return "".join(w[0] for w in words if w[:1].isupper() or w[:1].isdigit())


def acronym_definitions(text, sentences):
    """Find each "Long Name (LN)" of ``text``: ``{folded acronym: (start, end, acronym, is_term)}`` of its long form.

    The long form is the shortest run of words just before the bracket whose initials spell the
    acronym (the words "of", "for", "and", "the", "at", "in", "on" and commas may stand between).
    When its words are all in lower case ("low earth orbit (LEO)"), the acronym is a term.

    Examples
    --------
    >>> from spacegraph.ingest.sentences import split_sentences
    >>> text = "China Aerospace Science and Technology Corporation (CASC) works in low earth orbit (LEO)."
    >>> found = acronym_definitions(text, split_sentences(text))
    >>> [(text[s:e], term) for s, e, _, term in found.values()]
    [('China Aerospace Science and Technology Corporation', False), ('low earth orbit', True)]
    """
    found: dict[str, tuple[int, int, str, bool]] = {}  # {folded acronym: (start, end, acronym, a term, not a name)}
    starts = [s.start for s in sentences]
    for match in _ACRONYM_IN_BRACKETS.finditer(text):
        acronym = match.group(1)
        letters = "".join(c for c in acronym if c.isupper()) or acronym.upper()
        if len(letters) < 2:
            continue
        position = bisect.bisect_right(starts, match.start()) - 1
        sentence_start = sentences[position].start if position >= 0 else 0
        before = list(_tokens(text[sentence_start:match.start()], sentence_start))
        span = _long_form(before, letters, text)
        if span is not None:
            start, end, words = span
            term = all(not w[:1].isupper() for w in words if w.lower() not in _SKIPPED)
            found.setdefault(fold(acronym), (start, end, acronym, term))
    return found




def _long_form(before, letters, text):
    """The run at the end of ``before`` that ``letters`` abbreviates: each letter group the start of one word in turn
    ("QUESS": QUantum Experimentation at Space Scale), else the shortest run whose initials hold the letters in order;
    words in lower case just before the bracket whose letters hold the acronym in order make a term ("geostationary
    orbit (GEO)")."""
    best = None
    for first in range(len(before) - 1, -1, -1):
        start, _, word = before[first]
        gap_ok = all(text[before[k][1]:before[k + 1][0]].strip() in ("", ",", "-") for k in range(first, len(before) - 1))
        if not gap_ok:
            break
        run = [w for _, _, w in before[first:]]
        if word.lower() in _SKIPPED and not (word.islower() and word[0] == letters[0].lower()
                                             and all(w.islower() for w in run)):  # "in situ resource utilization (ISRU)"
            continue
        parts = [piece for w in run for piece in re.split(r"[-/]", w) if piece]
        if spells(letters.lower(), [p.lower() for p in parts]):
            return start, before[-1][1], run
        if word.lower() in _SKIPPED:
            continue
        content = [w for w in run if w.lower() not in _SKIPPED]
        initials = "".join(w[0] for w in content).upper()
        if best is None and initials[:1] == letters[:1] and len(content) >= 2 and _in_order(letters, initials):
            best = (start, before[-1][1], run)
        if best is None and all(not w[:1].isupper() for w in run) and run[0][:1].lower() == letters[:1].lower() \
                and _in_order(letters.lower(), "".join(run).lower()):
            best = (start, before[-1][1], run)
        if len(content) > len(letters) + 3:
            break
    return best


def _in_order(short, long):
    characters = iter(long)
    return all(c in characters for c in short)


def acronym_after(text, end, words):
    """The acronym in brackets right after a name, when it spells the name's initials."""
    match = re.match(r" ?\(([A-Z][A-Za-z0-9&.-]{1,11})\s*[);,]", text[end:end + 20])
    if not match:
        return None
    acronym = match.group(1)
    letters = "".join(c for c in acronym if c.isupper())
    initials = _initials(words).upper()
    if letters and letters[0] == initials[:1] and _in_order(letters, initials):
        return acronym
    return None


def short_form_after(text, end, name):
    """A short form in brackets right after a name that is no acronym of it: "Zhuque-3 (ZQ-3)", "Space Pioneer (Pioneer)",
    "German Aerospace Center (DLR)"."""
    match = re.match(r" ?\(([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})\)", text[end:end + 40])
    if not match:
        return None
    short = match.group(1)
    if len(short) >= len(name) or fold(short) == fold(name):
        return None
    name_words = fold(name).split()
    if len(name_words) > 1 and " " not in short and short.isupper() and is_acronym(short):
        return short   # an acronym of the name in its own language: "German Aerospace Center (DLR)"
    if fold(short) in name_words or (short[:1] == name[:1] and any(c.isdigit() for c in short) == any(c.isdigit() for c in name)):
        return short
    return None


def used_as_term(acronym, text):
    """Whether an acronym the text never defines is used as a term: never "the ACRONYM" nor "ACRONYM's", and at least
    once right after a word in lower case that is no function word ("space-based ISR", "deny SATCOM").

    An organisation's acronym takes the article or a possessive somewhere ("the PLA", "NASA's"), or
    follows only function words ("launched by JAXA", "ESA and CNSA"); a technical term follows the
    adjective or verb it goes with. Designations with a digit or a hyphen ("LM-6", "C2", "D-CIXS")
    are left alone: they name models as often as terms.

    Examples
    --------
    >>> text = "China's space-based ISR grew, to deny SATCOM. The PLA flew; NASA's probe, the SSF, and JAXA flew."
    >>> [word for word in ("ISR", "SATCOM", "PLA", "NASA", "SSF", "JAXA", "LM-6") if used_as_term(word, text)]
    ['ISR', 'SATCOM']
    """
    from .words import stop_words

    if not is_acronym(acronym) or any(c.isdigit() or c in "-&." for c in acronym):
        return False
    after_a_word = False
    for use in re.finditer(r"(?<![\w-])" + re.escape(acronym) + r"s?(?![\w-])", text):
        before = re.search(r"([\w'’-]+)\s+$", text[max(0, use.start() - 30):use.start()])
        after = text[use.end():use.end() + 2]
        if after in ("'s", "’s") or (after[:1] in "'’" and use.group(0).endswith("s")):
            return False
        if before is None:
            continue
        word = before.group(1)
        if word.lower() == "the":
            following = re.match(r"\s+([a-z][\w-]*)", text[use.end():use.end() + 30])
            if following is None or fold(following.group(1)) in stop_words():
                return False
            continue  # "the ISR satellites", "the PRC continues": a noun or a verb follows, which says nothing
        after_a_word = after_a_word or (word.islower() and fold(word) not in stop_words())
    return after_a_word
