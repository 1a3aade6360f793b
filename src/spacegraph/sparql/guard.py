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

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import FederationRefused, QuerySyntaxError, QueryTooLarge, UpdateRefused
from .lexer import UPDATE_KEYWORDS, keywords, nesting_depth
from .limits import DEFAULT_LIMITS, check_limits
from .memo import remember_short

__all__ = ["check_query", "inspect_query", "Finding", "MAX_NESTING"]

#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have; deeper ones are refused before any parser sees them.
MAX_NESTING = 20

@dataclass(frozen=True)
class Finding:
    """What the parsed form of a query holds that matters for safety: ``SERVICE``, ``FROM`` or an update."""

    kind: str
    detail: str = ""


class CheapestFirst:
    """A lock its waiters take in order of the work they announce, cheapest first.

    The parser is shared (pyparsing's state is), so parses take turns; taken in arrival
    order, a short query sent after a queue of long ones would wait for all of them. Here it
    waits at most for the parse under way.

    Examples
    --------
    >>> turns = CheapestFirst()
    >>> with turns(cost=10):
    ...     pass
    """

    def __init__(self):
        import heapq
        import itertools

        self._heap = heapq
        self._condition = threading.Condition()
        self._held = False
        self._waiting = []
        self._arrival = itertools.count()

    def __call__(self, cost):
        import contextlib

        @contextlib.contextmanager
        def turn():
            with self._condition:
                ticket = (cost, next(self._arrival))
                self._heap.heappush(self._waiting, ticket)
                while self._held or self._waiting[0] != ticket:
                    self._condition.wait()
                self._heap.heappop(self._waiting)
                self._held = True
            try:
                yield
            finally:
                with self._condition:
                    self._held = False
                    self._condition.notify_all()

        return turn()


_PARSE_TURNS = CheapestFirst()


def inspect_query(text, cost=0):
    """Parse ``text`` with rdflib's SPARQL grammar and return what in it matters for safety.

    The parsed form is walked, so no spelling hides a clause from the check:
    ``.SERVICE`` glued to a dot, ``\\u0053ERVICE``, lower case, comments, or
    a SERVICE inside FILTER EXISTS or a subquery all come out as
    ``ServiceGraphPattern``.

    Parameters
    ----------
    text : str
        The SPARQL text, within the bounds of :mod:`spacegraph.sparql.limits`.
    cost : int
        The work its parse is expected to take: cheaper parses take their turn first.

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
    >>> inspect_query("SELECT * FROM NAMED <http://x/n> { ?s ?p ?o }")
    (Finding(kind='from', detail='http://x/n'),)
    >>> inspect_query("ask { ?s ?p ?o }")
    ()
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSE_TURNS(cost):  # pyparsing's state is shared; short queries go first
        try:
            parsed = _with_deep_stack(parseQuery, text)
        except ParseException as query_error:
            try:
                update = _with_deep_stack(parseUpdate, text)
            except ParseException:
                raise query_error from None
            operations = [getattr(part, "name", "update") for part in update.get("request", [])]
            return tuple(Finding("update", name) for name in operations) or (Finding("update", "update"),)
    return tuple(_remote_clauses(parsed))


#: Frames the parser may use: it recurses about ten frames per triple pattern of a group, so the
#: interpreter's default (1,000) refused groups of a hundred patterns. The bounds of
#: :mod:`spacegraph.sparql.limits` keep it well below this.
_PARSER_FRAMES = 20_000
_PARSER_STACK = 256 << 20


def _with_deep_stack(parse, text):
    """Run ``parse(text)`` in a thread with a stack, and a recursion limit, deep enough for any query within the bounds."""
    import sys

    outcome = {}

    def run():
        try:
            outcome["value"] = parse(text)
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = error

    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous_limit, _PARSER_FRAMES))
    try:
        previous_stack = threading.stack_size(_PARSER_STACK)
        try:
            worker = threading.Thread(target=run, name="spacegraph-parse")
            worker.start()
        finally:
            threading.stack_size(previous_stack)
        worker.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _remote_clauses(parsed):
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                # CompValue.get(key) gives the key itself for a missing key, and takes no default: ask with `in`
                yield Finding("service", str(node["term"]) if "term" in node else "")
            elif node.name == "DatasetClause":
                graph = node["default"] if "default" in node else node["named"] if "named" in node else None
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


def check_query(text: str, *, where: str = "query", allow_federation: bool = False, prefixes: Mapping[str, str] | None = None) -> None:
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
    QueryTooLarge
        When it holds more than a bound of :mod:`spacegraph.sparql.limits` allows (checked before parsing).
    FederationRefused
        For SERVICE, LOAD, FROM or FROM NAMED, without ``allow_federation``.
    UpdateRefused
        For any update operation.

    Examples
    --------
    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    >>> check_query("DELETE WHERE { ?s ?p ?o }", where="mine.rq")
    Traceback (most recent call last):
    ...
    spacegraph.errors.UpdateRefused: mine.rq:1:1: DELETE is an update; this service only answers read-only queries
    >>> remote = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    >>> check_query(remote)
    Traceback (most recent call last):
    ...
    spacegraph.errors.FederationRefused: query:1:18: SERVICE would make the query engine fetch a remote endpoint; federation is off
    >>> check_query(remote, allow_federation=True)
    >>> check_query("SELECT * WHERE { ?s ?p }")
    Traceback (most recent call last):
    ...
    spacegraph.errors.QuerySyntaxError: query:1:24: SPARQL syntax error: the triple pattern "?s ?p" needs an object
    """
    if prefixes is None:  # a text seen before gets the same verdict at once (the endpoint sees the same queries often)
        refusal = _verdict(text, where, allow_federation)
        if refusal is not None:
            raise refusal
        return
    refusal = _judge(text, where, allow_federation, prefixes)
    if refusal is not None:
        raise refusal


@remember_short(maxsize=1024)
def _verdict(text, where, allow_federation):
    return _judge(text, where, allow_federation, None)


def _judge(text, where, allow_federation, prefixes):
    """Return the exception that refuses ``text``, or None."""
    try:
        _refuse(text, where, allow_federation, prefixes)
    except (QuerySyntaxError, QueryTooLarge, FederationRefused, UpdateRefused) as refusal:
        # a remembered refusal keeps nothing of the text alive: no traceback, no parser exception behind it
        refusal.__traceback__ = refusal.__context__ = refusal.__cause__ = None
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
    if len(text) > DEFAULT_LIMITS.characters:  # refused before anything reads it whole
        check_limits(text, where=where)
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QuerySyntaxError(where, f"the query nests {depth} levels of brackets deep, more than the {MAX_NESTING} allowed; it "
                                      f"is refused")
    size = check_limits(text, where=where)  # before the parser, whose work grows with the length of the text
    try:
        findings = inspect_query(text, size.tokens + 10 * size.operators)  # operators cost the parser most
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


