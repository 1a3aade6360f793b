"""Decide, before anything executes a SPARQL text, whether it may run.

:func:`check_query` parses the text with rdflib's SPARQL grammar and walks
the parsed form: updates (``INSERT``, ``DELETE``, ``LOAD``...) are refused, and
unless federation is allowed so are ``SERVICE`` (which makes an engine fetch
a remote endpoint) and ``FROM`` / ``FROM NAMED`` (which can make one fetch a
remote graph). A text that does not parse, or nests deeper than
:data:`MAX_NESTING` brackets, is refused as well: what the guard cannot read,
no engine runs.

A small lexer, which skips comments, strings and IRIs, serves everything
else: positions for messages, prefixes, where initial bindings go.

Examples
--------
>>> check_query("SELECT * WHERE { ?s ?p 'INSERT' }")
>>> check_query("INSERT DATA { <a> <b> <c> }")
Traceback (most recent call last):
...
spacegraph.errors.UpdateRefused: query:1:1: INSERT is an update; this service only answers read-only queries
"""

import functools
import re
import threading
from dataclasses import dataclass

from ..errors import FederationRefused, QuerySyntaxError, UpdateRefused

__all__ = ["Keyword", "keywords", "check_query", "inspect_query", "nesting_depth", "Finding", "MAX_NESTING", "where_group_start", "prefixed_names", "declared_prefixes", "iris",
           "UPDATE_KEYWORDS"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_WATCHED = UPDATE_KEYWORDS | {"SERVICE", "FROM", "NAMED"}

_TOKEN = re.compile(
    r'''(?P<skip>\#[^\n]*                       # comment
        |"""(?:[^"\\]|\\.|"(?!""))*"""           # long strings
        |\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
        |"(?:[^"\\\n]|\\.)*"                     # strings
        |'(?:[^'\\\n]|\\.)*'
        )
      |(?P<iri><[^<>"{}|^`\\\s]*>)                # IRI
      |(?P<pname>(?<![\w?$:.-])(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)   # prefixed name
      |(?P<word>(?<![?$:\w.-])[A-Za-z]+(?![\w:-]))   # a bare word: not a variable or prefixed name
      |(?P<brace>\{)
      |(?P<open>[(\[])
      |(?P<close>[)\]}])
    ''',
    re.VERBOSE,
)


@dataclass(frozen=True)
class Keyword:
    """A watched keyword of a query, with its 1-based line and column; ``iri`` follows FROM."""

    word: str
    line: int
    column: int
    iri: str | None = None


def keywords(text):
    """Return the watched keywords of ``text`` in order, outside comments, strings and IRIs.

    Examples
    --------
    >>> [k.word for k in keywords('SELECT * FROM <http://x/g> WHERE { SERVICE <http://e/> { ?s ?p ?o } }')]
    ['FROM', 'SERVICE']
    >>> keywords('SELECT * FROM <http://x/g> {}')[0].iri
    'http://x/g'
    """
    return list(_keywords(text))


@functools.lru_cache(maxsize=512)
def _keywords(text):
    """:func:`keywords` as a tuple, remembered: the named queries are checked at every run."""
    found = []
    pending_from = None
    for match in _TOKEN.finditer(text):
        if match.group("iri") is not None:
            if pending_from is not None:
                found.append(Keyword("FROM", *pending_from, iri=match.group("iri")[1:-1]))
                pending_from = None
            continue
        word = match.group("word")
        if word is None:
            continue
        upper = word.upper()
        if upper not in _WATCHED:
            continue
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        if upper == "FROM":
            pending_from = (line, column)
        elif upper == "NAMED":
            continue
        else:
            found.append(Keyword(upper, line, column))
    if pending_from is not None:  # FROM with a prefixed name: still a FROM
        found.append(Keyword("FROM", *pending_from))
    return tuple(found)


#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have; deeper ones are refused before any parser sees them.
MAX_NESTING = 20


def nesting_depth(text):
    """Return the deepest nesting of brackets in ``text``, outside comments, strings and IRIs.

    Examples
    --------
    >>> nesting_depth("SELECT * { { ?s ?p ?o FILTER((?o > 1)) } }")
    4
    >>> nesting_depth("SELECT * { ?s ?p '{{{{' }")
    1
    """
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        if match.group("brace") is not None or match.group("open") is not None:
            depth += 1
            deepest = max(deepest, depth)
        elif match.group("close") is not None:
            depth = max(0, depth - 1)
    return deepest


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


def _refuse(text, where, allow_federation, prefixes):
    from pyparsing import ParseException

    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QuerySyntaxError(where, f"the query nests {depth} levels of brackets deep, more than the {MAX_NESTING} allowed; it is refused")
    try:
        findings = inspect_query(text)
    except (ParseException, RecursionError) as error:
        raise _unparsable(text, where, error, prefixes) from None
    for finding in findings:
        if finding.kind == "update":
            operation = finding.detail
            if operation in ("Load",) and not allow_federation:
                raise FederationRefused(f"{where}{_position_of(text, 'LOAD')}: LOAD would make the query engine fetch a remote document; it is refused")
            word = next((k for k in keywords(text) if k.word in UPDATE_KEYWORDS), None)
            at = f"{where}:{word.line}:{word.column}: {word.word}" if word else f"{where}: {operation.upper()}"
            raise UpdateRefused(f"{at} is an update; this service only answers read-only queries")
        if allow_federation:
            continue
        if finding.kind == "service":
            raise FederationRefused(f"{where}{_position_of(text, 'SERVICE')}: SERVICE would make the query engine fetch a remote endpoint; federation is off (allow it with --allow-federation)")
        if finding.kind == "from":
            graph = f"<{finding.detail}>" if finding.detail else "a graph"
            raise FederationRefused(f"{where}{_position_of(text, 'FROM')}: FROM {graph} names a graph this store does not hold, and remote graphs are not fetched (allow it with --allow-federation)")


def where_group_start(text):
    """Return the index just inside the ``{`` that opens the query's WHERE group, or None.

    That is where initial bindings go when a query travels as text: a
    ``VALUES`` block there binds the variables before the rest of the group,
    as ``initBindings`` do.

    Examples
    --------
    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[:where_group_start(q)]
    'CONSTRUCT { ?s ?p ?o } WHERE {'
    >>> q = 'SELECT * { ?s ?p "{" }'
    >>> q[:where_group_start(q)]
    'SELECT * {'
    """
    first_brace = None
    after_where = False
    construct = False
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word is not None:
            upper = word.upper()
            if upper == "WHERE":
                after_where = True
            elif upper == "CONSTRUCT":
                construct = True
            continue
        if match.group("brace") is not None:
            if after_where:
                return match.end()
            if first_brace is None and not construct:
                first_brace = match.end()
    return first_brace


@dataclass(frozen=True)
class PrefixedName:
    """A prefixed name of a query (``sg:memberOf``), with its 1-based line and column."""

    prefix: str
    local: str
    line: int
    column: int


def _position(text, index):
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def prefixed_names(text):
    """Return the prefixed names ``text`` uses, outside comments, strings and IRIs (declarations left out).

    Examples
    --------
    >>> [(n.prefix, n.local, n.column) for n in prefixed_names('PREFIX ex: <http://e/> SELECT * { ?s ex:p "a:b" ; foo:q ?o }')]
    [('ex', 'p', 38), ('foo', 'q', 51)]
    """
    found = []
    declaring = False
    for match in _TOKEN.finditer(text):
        word, name = match.group("word"), match.group("pname")
        if word is not None:
            declaring = word.upper() == "PREFIX"
            continue
        if name is not None and not declaring:
            prefix, _, local = name.partition(":")
            found.append(PrefixedName(prefix, local, *_position(text, match.start())))
        declaring = False
    return found


def declared_prefixes(text):
    """Return ``{prefix: IRI}`` of the ``PREFIX`` declarations of ``text``.

    Examples
    --------
    >>> declared_prefixes("PREFIX ex: <http://e/> PREFIX : <http://d/> SELECT * {}")
    {'ex': 'http://e/', '': 'http://d/'}
    """
    declared = {}
    pending = None
    state = None
    for match in _TOKEN.finditer(text):
        word, name, iri = match.group("word"), match.group("pname"), match.group("iri")
        if word is not None:
            state = "prefix" if word.upper() == "PREFIX" else None
        elif name is not None and state == "prefix":
            pending, state = name.partition(":")[0], "iri"
        elif iri is not None and state == "iri":
            declared[pending] = iri[1:-1]
            state = None
        else:
            state = None
    return declared


def iris(text):
    """Return the IRIs written in full in ``text`` (``<...>``), with their line and column, outside comments and strings.

    Examples
    --------
    >>> iris("SELECT * { ?s <http://e/p> '<x>' }")
    [('http://e/p', 1, 15)]
    """
    return [(match.group("iri")[1:-1], *_position(text, match.start()))
            for match in _TOKEN.finditer(text) if match.group("iri") is not None]
