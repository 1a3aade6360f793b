"""Decide, before anything executes a SPARQL text, whether it may run.

:func:`check_query` parses the text with rdflib's SPARQL grammar and walks
the parsed form: updates (``INSERT``, ``DELETE``, ``LOAD``...) are refused, and
unless federation is allowed so are ``SERVICE`` (which makes an engine fetch
a remote endpoint) and ``FROM`` / ``FROM NAMED`` (which can make one fetch a
remote graph). A text that does not parse, or nests deeper than
:data:`MAX_NESTING` brackets, is refused as well: what the guard cannot read,
no engine runs.

The lexer of :mod:`spacegraph.sparql.lexer`, which skips comments, strings
and IRIs, serves everything else: positions for messages.

Examples
--------
>>> check_query("SELECT * WHERE { ?s ?p 'INSERT' }")
>>> check_query("INSERT DATA { <a> <b> <c> }")
Traceback (most recent call last):
...
spacegraph.errors.UpdateRefused: query:1:1: INSERT is an update; this service only answers read-only queries
"""

import functools
import threading
from dataclasses import dataclass

from ..errors import FederationRefused, QuerySyntaxError, UpdateRefused
from .lexer import UPDATE_KEYWORDS, keywords, nesting_depth

__all__ = ["check_query", "inspect_query", "Finding", "MAX_NESTING"]

#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have; deeper ones are refused before any parser sees them.
MAX_NESTING = 20

@dataclass(frozen=True)
class Finding:
    """What the parsed form of a query holds that matters for safety: ``SERVICE``, ``FROM`` or an update."""

    kind: str
    detail: str = ""


_PARSE_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1024)
def inspect_query(text):
    """Parse ``text`` with rdflib's SPARQL grammar and return what in it matters for safety.

    The parsed form is walked, so no spelling hides a clause from the check:
    ``.SERVICE`` glued to a dot, ``\\u0053ERVICE``, lower case, comments, or
    a SERVICE inside FILTER EXISTS or a subquery all come out as
    ``ServiceGraphPattern``.

    Returns
    -------
    tuple of Finding
        ``Finding("update", operation)`` for an update (which the query
        grammar cannot read), ``Finding("service", endpoint)`` and
        ``Finding("from", graph)`` for each remote clause; an empty tuple for
        a plain query.

    Raises
    ------
    pyparsing.ParseException
        When the text is neither a query nor an update.
    RecursionError
        When the text nests deeper than the parser can follow.

    Examples
    --------
    >>> inspect_query("SELECT * { ?s ?p ?o .SERVICE <http://e/> { ?a ?b ?c } }")
    (Finding(kind='service', detail='http://e/'),)
    >>> inspect_query("SELECT * FROM <http://x/g> { ?s ?p ?o }")
    (Finding(kind='from', detail='http://x/g'),)
    >>> inspect_query("ask { ?s ?p ?o }")
    ()
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSE_LOCK:  # pyparsing's caches are shared
        try:
            parsed = parseQuery(text)
        except ParseException as query_error:
            try:
                update = parseUpdate(text)
            except ParseException:
                raise query_error from None
            operations = [getattr(part, "name", "update") for part in update.get("request", [])]
            return tuple(Finding("update", name) for name in operations) or (Finding("update", "update"),)
    return tuple(_remote_clauses(parsed))


def _remote_clauses(parsed):
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                yield Finding("service", str(node.get("term", "")))
            elif node.name == "DatasetClause":
                graph = node.get("default", node.get("named"))
                yield Finding("from", str(graph) if graph is not None else "")
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(reversed(list(node)))


def _position_of(text, word):
    """The position of the first ``word`` the lexer sees, as ``:line:column``, or empty (for messages only)."""
    for keyword in keywords(text):
        if keyword.word == word:
            return f":{keyword.line}:{keyword.column}"
    return ""


def _unparsable(text, where, error, prefixes):
    """Return the QuerySyntaxError for a query the guard cannot parse, in the engine's words where it has any."""
    from .diagnostics import explain_syntax_error

    if isinstance(error, RecursionError):
        return QuerySyntaxError(where, f"the query nests deeper than {MAX_NESTING} levels of brackets; it is refused")
    try:  # Oxigraph's message is the clearer one: parse on an empty store, in a thread with no network
        import pyoxigraph as ox

        from .sandbox import offline_supported, run_offline

        if offline_supported():
            run_offline(lambda: ox.Store().query(text, prefixes=dict(prefixes or {})), timeout=5)
    except SyntaxError as engine_error:
        return explain_syntax_error(str(engine_error), text, where, prefixes)
    except Exception:  # noqa: BLE001 - the guard's own message follows
        pass
    found = getattr(error, "found", None) or "this text"
    return QuerySyntaxError(where, f"unexpected {found}", getattr(error, "lineno", None), getattr(error, "col", None))


def check_query(text, *, where="query", allow_federation=False, prefixes=None):
    """Refuse updates, and unless ``allow_federation``, SERVICE, LOAD and FROM; refuse what does not parse.

    The decision is made on the parsed query (:func:`inspect_query`), never
    on its spelling; the lexer only finds positions for the messages.

    Parameters
    ----------
    text : str
        The SPARQL text.
    where : str
        How to name the query in messages (its name or file).
    allow_federation : bool
        Let ``SERVICE`` and ``FROM`` through.
    prefixes : dict, optional
        Prefixes the engine declares on its own, for clearer syntax errors.

    Raises
    ------
    QuerySyntaxError
        When the query does not parse, or nests deeper than :data:`MAX_NESTING`.
    FederationRefused
        For SERVICE, LOAD, FROM or FROM NAMED, without ``allow_federation``.
    UpdateRefused
        For any update operation.
    """
    if prefixes is None:  # a text seen before gets the same verdict at once (the endpoint sees the same queries often)
        refusal = _verdict(text, where, allow_federation)
        if refusal is not None:
            raise refusal
        return
    refusal = _judge(text, where, allow_federation, prefixes)
    if refusal is not None:
        raise refusal


@functools.lru_cache(maxsize=1024)
def _verdict(text, where, allow_federation):
    return _judge(text, where, allow_federation, None)


def _judge(text, where, allow_federation, prefixes):
    """Return the exception that refuses ``text``, or None."""
    try:
        _refuse(text, where, allow_federation, prefixes)
    except (QuerySyntaxError, FederationRefused, UpdateRefused) as refusal:
        refusal.__traceback__ = None
        return refusal
    return None


def engine_lines(text):
    """``text`` with its line ends as the engine reads them: a bare carriage return ends a line (and a comment) too.

    The SPARQL grammar ends a comment at CR or LF, and Oxigraph follows it; rdflib's parser, which
    the guard reads the query with, ends one at LF only. Read with CR as LF, the query the guard
    judges has the structure of the one the engine runs (inside a long string, the only place a raw
    CR is allowed, it changes a character of a value, never a token).

    Examples
    --------
    >>> engine_lines("SELECT * { # x\\rSERVICE <http://a/> {} }")
    'SELECT * { # x\\nSERVICE <http://a/> {} }'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse(text, where, allow_federation, prefixes):
    from pyparsing import ParseException

    text = engine_lines(text)
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QuerySyntaxError(where, f"the query nests {depth} levels of brackets deep, more than the {MAX_NESTING} allowed; it "
                                      f"is refused")
    try:
        findings = inspect_query(text)
    except (ParseException, RecursionError) as error:
        raise _unparsable(text, where, error, prefixes) from None
    for finding in findings:
        if finding.kind == "update":
            operation = finding.detail
            if operation in ("Load",) and not allow_federation:
                raise FederationRefused(f"{where}{_position_of(text, 'LOAD')}: LOAD would make the query engine fetch a remote "
                                        f"document; it is refused")
            word = next((k for k in keywords(text) if k.word in UPDATE_KEYWORDS), None)
            at = f"{where}:{word.line}:{word.column}: {word.word}" if word else f"{where}: {operation.upper()}"
            raise UpdateRefused(f"{at} is an update; this service only answers read-only queries")
        if allow_federation:
            continue
        if finding.kind == "service":
            raise FederationRefused(f"{where}{_position_of(text, 'SERVICE')}: SERVICE would make the query engine fetch a remote "
                                    f"endpoint; federation is off")
        if finding.kind == "from":
            graph = f"<{finding.detail}>" if finding.detail else "a graph"
            raise FederationRefused(f"{where}{_position_of(text, 'FROM')}: FROM {graph} names a graph this store does not hold, "
                                    f"and remote graphs are not fetched")


