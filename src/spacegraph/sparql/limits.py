"""Bounds on the size of a query, checked on its tokens before any parser or engine sees it.

A parser's work, and an engine's planning, grow with the length of what they
read: a few thousand ``MINUS`` blocks, ``BIND``\\ s or ``UNION`` branches, a
sum of ten thousand terms or a property path of a thousand steps each held a
parser for tens of seconds or crashed the engine. :func:`check_limits` counts
the tokens of a query in one linear pass (the lexer of
:mod:`spacegraph.sparql.lexer`, which reads comments and line ends as the
engine does) and refuses a query past any bound, naming which. The bounds on
tokens, terms, patterns and operators are at least four times what the
largest named query holds.

Examples
--------
>>> check_limits("SELECT * WHERE { ?s ?p ?o }")
QuerySize(tokens=8, terms=3, patterns=1, operators=1, path_steps=0)
>>> check_limits("SELECT * WHERE { ?s " + "/".join(["<p>"] * 100) + " ?o }")
Traceback (most recent call last):
...
spacegraph.errors.QueryTooLarge: query:1:148: a property path of more than 32 steps; the query is refused
"""

from dataclasses import dataclass

from ..errors import QueryTooLarge
from .lexer import tokens

__all__ = ["QueryLimits", "QuerySize", "measure", "check_limits", "DEFAULT_LIMITS"]

#: Keywords that each add a graph pattern to evaluate.
_PATTERN_WORDS = frozenset({"OPTIONAL", "MINUS", "UNION", "BIND", "FILTER", "VALUES", "GRAPH", "SERVICE"})
#: Tokens that may sit inside a property path.
_PATH_PARTS = frozenset({"iri", "pname"})


@dataclass(frozen=True)
class QueryLimits:
    """The most a query may hold; at least four times what the largest named query holds.

    Attributes
    ----------
    characters : int
        Length of the text (the largest named query has about 8,000; a parser holds some
        hundred times the length of a text it cannot read while it looks for an error).
    tokens : int
        Tokens of any kind (the largest named query has about 800).
    terms : int
        IRIs, prefixed names, variables, strings and numbers.
    patterns : int
        Groups (``{``) and ``OPTIONAL``, ``MINUS``, ``UNION``, ``BIND``, ``FILTER``, ``VALUES``, ``GRAPH``, ``SERVICE``.
    operators : int
        Operators: ``+ - * / = != < > <= >= ! && || ^ ? |``.
    path_steps : int
        Steps of the longest property path (``<a>/<b>/<c>`` has 3).

    The nesting of brackets has its own bound, :data:`spacegraph.sparql.guard.MAX_NESTING`.
    """

    characters: int = 262_144
    tokens: int = 4000
    terms: int = 2000
    patterns: int = 400
    operators: int = 120
    path_steps: int = 32


DEFAULT_LIMITS = QueryLimits()


@dataclass(frozen=True)
class QuerySize:
    """What :func:`measure` counts in a query."""

    tokens: int = 0
    terms: int = 0
    patterns: int = 0
    operators: int = 0
    path_steps: int = 0


_NAMES = {
    "tokens": "more than {most} tokens",
    "terms": "more than {most} terms (IRIs, names, variables, literals)",
    "patterns": "more than {most} graph patterns (groups, OPTIONAL, MINUS, UNION, BIND, FILTER, VALUES...)",
    "operators": "more than {most} operators",
    "path_steps": "a property path of more than {most} steps",
}


def measure(text, limits=None):
    """Count what :class:`QueryLimits` bounds in ``text``; with ``limits``, stop at the first bound passed.

    Returns
    -------
    (QuerySize, str or None, int or None)
        The counts (up to where a bound was passed), the name of the first bound
        passed (or None) and the offset in ``text`` of the token that passed it.

    Examples
    --------
    >>> size, passed, at = measure("SELECT ?x { ?x <p>/<q>/<r> ?y FILTER(?y > 1 && ?y < 5) }")
    >>> size.path_steps, size.operators, size.patterns, passed
    (3, 5, 2, None)
    """
    counts = dict(tokens=0, terms=0, patterns=0, operators=0, path_steps=0)
    steps = 0  # steps of the path being read
    after_step = False  # the last token could end a path step
    for token in tokens(text):
        kind = token.kind
        counts["tokens"] += 1
        if kind in ("iri", "pname", "var", "string", "number"):
            counts["terms"] += 1
        elif kind == "open" and token.text == "{":
            counts["patterns"] += 1
        elif kind == "op":
            counts["operators"] += 1
        elif kind == "word" and token.text.upper() in _PATTERN_WORDS:
            counts["patterns"] += 1
        # a property path: steps (IRIs, names, ``a``) joined by / or |, with ^ ( ) and modifiers between
        if kind in _PATH_PARTS or (kind == "word" and token.text == "a"):
            if not after_step:
                steps = steps or 1
            after_step = True
        elif kind == "op" and token.text in ("/", "|"):
            if after_step or steps:
                steps += 1
            after_step = False
        elif kind == "op" and token.text in ("^", "*", "+", "?", "!") or token.text in ("(", ")"):
            pass
        else:
            steps, after_step = 0, False
        counts["path_steps"] = max(counts["path_steps"], steps)
        if limits is not None:
            for name, value in counts.items():
                if value > getattr(limits, name):
                    return QuerySize(**counts), name, token.start
    return QuerySize(**counts), None, None


def check_limits(text, *, where="query", limits=DEFAULT_LIMITS):
    """Refuse ``text`` if it passes any bound of ``limits``, before anything parses it.

    Returns
    -------
    QuerySize
        What the query holds, for a caller that weighs the work ahead.

    Raises
    ------
    QueryTooLarge
        Naming the bound, the query and the line and column where it was passed.
    """
    if len(text) > limits.characters:
        raise QueryTooLarge(f"{where}: the query has {len(text):,} characters, more than the {limits.characters:,} allowed; "
                            f"it is refused", limit="characters")
    size, passed, at = measure(text, limits)
    if passed is None:
        return size
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    detail = _NAMES[passed].format(most=getattr(limits, passed))
    raise QueryTooLarge(f"{where}:{line}:{column}: {detail}; the query is refused", limit=passed)
