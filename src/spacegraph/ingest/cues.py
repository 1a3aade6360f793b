"""The cues behind ingest's proposals, read from the ontology.

Which phrase suggests which property, which word suggests which class, and which words
hedge a sentence are annotations in ``ontology/spacegraph.ttl`` (``sg:cuePhrase``,
``sg:inverseCuePhrase``, ``sg:nameCue``, ``sg:precedingCue``, ``sg:followingCue``,
``sg:namePattern``, ``sg:hedgeCue``), so a curator extends them without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.folding import fold
from ..core.prefixes import PREFIXES

if TYPE_CHECKING:
    import rdflib

__all__ = ["Cues", "read_cues"]

_SG = PREFIXES["sg"]


@dataclass(frozen=True)
class Cues:
    """Every cue of the ontology, folded for matching.

    Attributes
    ----------
    phrases : tuple
        ``(folded phrase, property IRI, inverse)``: ``inverse`` when the phrase states the
        property from the second actor to the first ("operated by").
    name_cues, preceding_cues, following_cues, context_cues : dict
        Folded word or phrase -> class IRI.
    name_lists : dict
        Name of a published list (``"ISO 3166-1"``) -> class IRI.
    name_patterns : tuple
        ``(compiled regular expression, class IRI)``, tried on a whole name.
    hedges : tuple
        Folded hedge words and phrases.
    """

    phrases: tuple = ()
    name_cues: dict | None = None
    preceding_cues: dict | None = None
    following_cues: dict | None = None
    name_patterns: tuple = ()
    hedges: tuple = ()
    context_cues: dict | None = None
    name_lists: dict | None = None


_QUERY = f"""SELECT ?cue ?term ?value WHERE {{
  VALUES ?cue {{ <{_SG}cuePhrase> <{_SG}inverseCuePhrase> <{_SG}nameCue> <{_SG}precedingCue>
                 <{_SG}followingCue> <{_SG}namePattern> <{_SG}hedgeCue> <{_SG}contextCue> <{_SG}nameList> }}
  ?term ?cue ?value .
}}"""


def read_cues(graph: rdflib.Graph) -> Cues:
    """Read the cues annotated in ``graph`` (an rdflib graph holding the ontology), in one query.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph that holds the ontology, such as ``kg.graph``.

    Returns
    -------
    Cues
        The phrases that name each property (``phrases``), the words that name a class
        (``name_cues``...), the patterns of names and the hedges.

    Examples
    --------
    >>> cues = read_cues(kg.graph)
    >>> ("hosts", "https://w3id.org/spacegraph/ontology#hosts", False) in cues.phrases
    True
    >>> cues.name_cues["agency"].rsplit("#", 1)[1]
    'GovernmentAgency'
    """
    from ..core.store import select_rows

    phrases: list[tuple[str, str, bool]] = []
    patterns: list[tuple[re.Pattern[str], str]] = []
    hedges: list[str] = []
    # {cue text: class or property IRI}
    names: dict[str, str] = {}
    preceding: dict[str, str] = {}
    following: dict[str, str] = {}
    context: dict[str, str] = {}
    lists: dict[str, str] = {}
    for row in sorted(select_rows(graph, _QUERY)):
        cue, term, text = (str(value) for value in row)
        kind = cue.rsplit("#", 1)[1]
        if kind in ("cuePhrase", "inverseCuePhrase"):
            phrases.append((fold(text), term, kind == "inverseCuePhrase"))
        elif kind == "nameCue":
            names.setdefault(fold(text).rstrip("."), term)
        elif kind == "precedingCue":
            preceding.setdefault(fold(text), term)
        elif kind == "followingCue":
            following.setdefault(fold(text), term)
        elif kind == "namePattern":
            patterns.append((re.compile(text), term))
        elif kind == "hedgeCue":
            hedges.append(fold(text))
        elif kind == "contextCue":
            context.setdefault(fold(text), term)
        elif kind == "nameList":
            lists.setdefault(text, term)
    return Cues(tuple(phrases), names, preceding, following, tuple(patterns), tuple(sorted(set(hedges))), context, lists)
