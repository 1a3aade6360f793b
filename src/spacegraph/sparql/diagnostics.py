"""What to tell a user about a query: syntax errors in plain words, unknown prefixes, unknown terms.

The query engines report a syntax error as the place their parser gave up,
often past the fault, and the list of every token the grammar allows there,
character ranges included. An undeclared prefix often reads as ``expected
OPTIONAL`` at the end of the query, a misspelt ``SELECT`` as ``expected
CONSTRUCT``. These functions turn that into one line that names the fault
and where it is (an undeclared prefix, then the faults of
:mod:`spacegraph.sparql.syntax_faults`: a word that is no keyword, a triple
pattern cut short, an operator with a side missing, a bracket left open),
listing what the engine expected only when that is a handful of tokens; and
they warn about ``sg:`` terms the ontology does not define
(``sg:memberof``), naming the closest term.

Examples
--------
>>> explain_syntax_error("error at 1:30: expected OPTIONAL", "SELECT * { ?s foo:p ?o }", "query").args[0]
'query:1:15: SPARQL syntax error: unknown prefix foo: (declare it with PREFIX foo: <...>)'
>>> explain_syntax_error("error at 1:10: expected CONSTRUCT", "SELEC ?x WHERE { ?x ?p ?o }", "query").args[0]
'query:1:1: SPARQL syntax error: unknown keyword SELEC (did you mean SELECT?)'
>>> unknown_terms("SELECT * { ?s sg:memberof ?o }", {"sg": "https://w3id.org/spacegraph/ontology#"})
['query:1:15: sg:memberof is not a term of the spacegraph ontology; did you mean sg:memberOf?']
>>> unknown_terms("SELECT * { ?s a ?k FILTER(STRSTARTS(STR(?k), STR(sg:))) }", {"sg": "https://w3id.org/spacegraph/ontology#"})
[]
"""

import difflib
import re

from ..errors import QuerySyntaxError
from .lexer import declared_prefixes, iris, prefixed_names, tokens
from .syntax_faults import first_fault

__all__ = ["explain_syntax_error", "unknown_terms", "clean_expected"]

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
#: One item of a parser's list of expected tokens: a quoted token, a bracketed character class, or a word.
_ITEM = re.compile(r"""\"(?:[^"\\]|\\.)*"|\[(?:[^\]'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")*\]|[^,\s][^,]*""")
SG = "https://w3id.org/spacegraph/ontology#"
#: A sentence of the engine's own in its list of expected tokens: unquoted words with a space between.
_ENGINE_SENTENCE = re.compile(r"(?:^|of |, )([A-Z][a-z]+(?: [\w:]+)+)(?=,|$)")
#: The most tokens a message lists as expected.
MAX_EXPECTED = 4


def clean_expected(message):
    """Drop the character ranges from a parser's list of expected tokens; a list longer than :data:`MAX_EXPECTED` says nothing.

    Examples
    --------
    >>> clean_expected("expected one of \\",\\", \\"}\\", ['0' ..= '9' | 'A'], [_]")
    'expected one of ",", "}"'
    >>> clean_expected("expected one of ['A' ..= 'Z'], [_]")
    'unexpected text here'
    >>> clean_expected("expected one of ABS, AVG, DAY, IRI, MAX, MD5")
    'unexpected text here'
    """
    text = " ".join(message.split())
    if not text.startswith("expected"):
        return text
    _, _, rest = text.partition(" of ") if text.startswith("expected one of") else ("expected", "", text[len("expected "):])
    items = [item.strip() for item in _ITEM.findall(rest)]
    kept = [item for item in items if not item.startswith("[") and item != "Prefix not found"]
    if not kept or len(kept) > MAX_EXPECTED:  # a long list is the grammar's, not the user's: no help
        return "unexpected text here"
    return f"expected one of {', '.join(kept)}" if len(kept) > 1 else f"expected {kept[0]}"


def explain_syntax_error(message, text, where, prefixes=None):
    """Return a :class:`QuerySyntaxError` for an engine's syntax error ``message`` about query ``text``.

    An undeclared prefix is named, at its own position, whatever the engine
    said; otherwise the first fault :func:`~spacegraph.sparql.syntax_faults.first_fault`
    finds up to where the engine gave up, at its own position; otherwise the
    engine's position is kept, with what stands there and the tokens it
    expected, cleaned of character ranges, when they are no more than
    :data:`MAX_EXPECTED`.

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
    bound = _offset(text, int(match.group(1)), int(match.group(2))) if match else None
    fault = first_fault(text, bound)
    if fault is not None:
        return QuerySyntaxError(where, fault.message, *_line_and_column(text, fault.start))
    said = _ENGINE_SENTENCE.search(match.group(3)) if match else None
    if said and match:  # the engine's own words, among the tokens (Duplicated variable name in SELECT)
        sentence = said.group(1)
        return QuerySyntaxError(where, sentence[0].lower() + sentence[1:], int(match.group(1)), int(match.group(2)))
    if match:
        return QuerySyntaxError(where, _unexpected(text, bound, clean_expected(match.group(3))),
                                int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(where, " ".join(message.split()))


def _offset(text, line, column):
    """The index in ``text`` of a 1-based line and column (columns count characters, as the engine's do)."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + column - 1, len(text))


def _line_and_column(text, index):
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _unexpected(text, index, expected):
    """What stands at ``index`` (the token there, or the end of the query), with the short list the engine expected."""
    at = next((token for token in tokens(text) if token.start >= index), None)
    if at is None:
        found = "unexpected end of the query"
    else:
        found = f'unexpected "{at.text if len(at.text) <= 30 else at.text[:27] + "..."}"'
    return found if expected == "unexpected text here" else f"{found}; {expected}"


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
    by_fold: dict[str, str] = {}
    for term in known:
        by_fold.setdefault(term.casefold(), term)
    # a bare sg: (an empty local name) is the namespace itself, as STR(sg:) reads it, not a term
    used = [(name.local, name.prefix, name.line, name.column) for name in prefixed_names(text)
            if declared.get(name.prefix) == SG and name.local]
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
