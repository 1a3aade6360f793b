"""A small SPARQL lexer: keywords, brackets, prefixed names and IRIs, outside comments and strings.

It reads positions for messages, the prefixes a text declares, and where the
WHERE group starts; it decides nothing. What may run is decided on the parsed
form, in :mod:`spacegraph.sparql.guard`.

Examples
--------
>>> [k.word for k in keywords("INSERT DATA { <a> <b> 'DELETE' } # LOAD")]
['INSERT']
"""

import re
from dataclasses import dataclass

from .memo import remember_short

__all__ = ["Keyword", "keywords", "Token", "tokens", "nesting_depth", "where_group_start", "PrefixedName", "prefixed_names",
           "declared_prefixes", "iris", "UPDATE_KEYWORDS"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_WATCHED = UPDATE_KEYWORDS | {"SERVICE", "FROM", "NAMED"}

_TOKEN = re.compile(
    r'''(?P<skip>\#[^\r\n]*                     # comment: a carriage return ends it too, as the grammar has it
        |"""(?:[^"\\]|\\.|"(?!""))*"""           # long strings
        |\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
        |"(?:[^"\\\r\n]|\\.)*"                   # strings: no line terminator in them
        |'(?:[^'\\\r\n]|\\.)*'
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


#: Every token of a query, as the engine's lexer cuts it; operators are told apart from the IRI brackets
#: ``<`` and ``>`` because an IRI is tried first, as in the grammar.
_EVERY = re.compile(
    r'''(?P<space>\s+)
      |(?P<comment>\#[^\r\n]*)
      |(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                 |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
      |(?P<iri><[^<>"{}|^`\\\s]*>)
      |(?P<var>[?$]\w+)
      |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      |(?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)
      |(?P<word>[A-Za-z_]\w*)
      |(?P<op>\|\||&&|!=|<=|>=|\^\^|[=<>!+*/|^?-])
      |(?P<open>[{(\[])
      |(?P<close>[)\]}])
      |(?P<other>.)
    ''',
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One token of a query: its ``kind`` (``iri``, ``var``, ``op``, ``open``...), its text and where it starts."""

    kind: str
    text: str
    start: int


def tokens(text):
    """Yield the tokens of ``text`` the engine reads, spaces and comments left out.

    A comment ends at a line feed or a carriage return, as in the SPARQL grammar and Oxigraph.

    Examples
    --------
    >>> [(t.kind, t.text) for t in tokens("SELECT ?x { ?x <p>/^<q> 'a' } # c\\rLIMIT 1")]  # doctest: +NORMALIZE_WHITESPACE
    [('word', 'SELECT'), ('var', '?x'), ('open', '{'), ('var', '?x'), ('iri', '<p>'), ('op', '/'), ('op', '^'),
     ('iri', '<q>'), ('string', "'a'"), ('close', '}'), ('word', 'LIMIT'), ('number', '1')]
    """
    for match in _EVERY.finditer(text):
        kind = match.lastgroup  # every alternative is named: never None
        if kind is not None and kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


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


@remember_short(maxsize=512)
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
