"""What to tell a user about a query: syntax errors in plain words, unknown prefixes, unknown terms.

The query engines report a syntax error as a position and the list of every
token the grammar allows there, character ranges included. An undeclared
prefix often reads as ``expected OPTIONAL`` at the end of the query. These
functions turn that into one line that names the fault and where it is, and
warn about ``sg:`` terms the ontology does not define (``sg:memberof``),
naming the closest term.

Examples
--------
>>> explain_syntax_error("error at 1:30: expected OPTIONAL", "SELECT * { ?s foo:p ?o }", "query").args[0]
'query:1:15: SPARQL syntax error: unknown prefix foo: (declare it with PREFIX foo: <...>)'
>>> unknown_terms("SELECT * { ?s sg:memberof ?o }", {"sg": "https://w3id.org/spacegraph/ontology#"})
['query:1:15: sg:memberof is not a term of the spacegraph ontology; did you mean sg:memberOf?']
"""

import difflib
import re

from ..errors import QuerySyntaxError
from .lexer import declared_prefixes, iris, prefixed_names

__all__ = ["explain_syntax_error", "unknown_terms", "clean_expected"]

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
#: One item of a parser's list of expected tokens: a quoted token, a bracketed character class, or a word.
_ITEM = re.compile(r"""\"(?:[^"\\]|\\.)*"|\[(?:[^\]'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")*\]|[^,\s][^,]*""")
SG = "https://w3id.org/spacegraph/ontology#"


def clean_expected(message):
    """Drop the character ranges from a parser's list of expected tokens.

    Examples
    --------
    >>> clean_expected("expected one of \\",\\", \\"}\\", ['0' ..= '9' | 'A'], [_]")
    'expected one of ",", "}"'
    >>> clean_expected("expected one of ['A' ..= 'Z'], [_]")
    'unexpected text here'
    """
    text = " ".join(message.split())
    if not text.startswith("expected"):
        return text
    head, _, rest = text.partition(" of ") if text.startswith("expected one of") else ("expected", "", text[len("expected "):])
    items = [item.strip() for item in _ITEM.findall(rest)]
    kept = [item for item in items if not item.startswith("[") and item != "Prefix not found"]
    if not kept:
        return "unexpected text here"
    return f"{head} of {', '.join(kept)}" if len(kept) > 1 or head == "expected one" else f"expected {kept[0]}"


def explain_syntax_error(message, text, where, prefixes=None):
    """Return a :class:`QuerySyntaxError` for an engine's syntax error ``message`` about query ``text``.

    An undeclared prefix is named, at its own position, whatever the engine
    said; otherwise the engine's position is kept and its list of expected
    tokens is cleaned of character ranges.

    Parameters
    ----------
    message : str
        What the engine said, such as ``error at 1:25: expected ...``.
    text : str
        The query.
    where : str
        How to name the query (its name, its file, or ``query``).
    prefixes : dict, optional
        Prefixes the engine declares on its own (the project's, on the embedded engine).
    """
    declared = dict(prefixes or {})
    declared.update(declared_prefixes(text))
    for name in prefixed_names(text):
        if name.prefix not in declared:
            return QuerySyntaxError(where, f"unknown prefix {name.prefix}: (declare it with PREFIX {name.prefix}: <...>)",
                                    name.line, name.column)
    match = _POSITION.search(message)
    if match:
        return QuerySyntaxError(where, clean_expected(match.group(3)), int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(where, " ".join(message.split()))


def _vocabulary():
    from ..core.namespaces import SG as SG_TERMS

    return sorted(SG_TERMS.__annotations__)


def unknown_terms(text, prefixes=None, where="query"):
    """Return a warning for each ``sg:`` term of ``text`` that the ontology does not define.

    Parameters
    ----------
    text : str
        The query.
    prefixes : dict, optional
        Prefixes declared by the engine besides the query's own.
    where : str
        How to name the query.
    """
    declared = dict(prefixes or {})
    declared.update(declared_prefixes(text))
    known = _vocabulary()
    by_fold = {}
    for term in known:
        by_fold.setdefault(term.casefold(), term)
    used = [(name.local, name.prefix, name.line, name.column) for name in prefixed_names(text)
            if declared.get(name.prefix) == SG]
    # a full IRI in the namespace, but not the namespace itself (as a PREFIX declares it)
    used += [(iri[len(SG):], None, line, column) for iri, line, column in iris(text) if iri.startswith(SG) and iri != SG]
    warnings = []
    seen = set()
    for local, prefix, line, column in used:
        if local in known or local in seen:
            continue
        seen.add(local)
        shown = f"{prefix}:{local}" if prefix is not None else f"<{SG}{local}>"
        closest = by_fold.get(local.casefold()) or next(iter(difflib.get_close_matches(local, known, n=1, cutoff=0.6)), None)
        hint = ""
        if closest:
            hint = f"; did you mean {prefix}:{closest}?" if prefix is not None else f"; did you mean <{SG}{closest}>?"
        warnings.append(f"{where}:{line}:{column}: {shown} is not a term of the spacegraph ontology{hint}")
    return warnings
