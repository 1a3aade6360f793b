"""The named query library: ``queries/*.rq`` with a header comment each.

A query file starts with comment lines that describe it::

    # title: ILRS members
    # question: Which states take part in the International Lunar Research Station?
    # param: actor entity  An actor: label, alternative label, prefixed name or IRI.

The header is the comment lines at the top of the file, up to the first line
that is not a comment; other comments may stand among its lines. A query of
the library needs one ``title`` and one ``question``; a query file of one's
own needs neither, only a ``param`` line for each parameter it takes. A
parameter has a name, a type and a description. Types: ``entity`` (resolved
to the IRI of an entity by label, alternative label, prefixed name or IRI),
``text`` (a string literal), ``date`` (an ``xsd:date``, YYYY-MM-DD) and
``integer``. A type ending in ``?`` makes the parameter optional. Every
problem of a header is told at once, each with its line.

Examples
--------
>>> from spacegraph.sparql.library import get_query, list_queries
>>> len(list_queries()) >= 20
True
>>> get_query("ilrs-members").title
'ILRS members and partners'
>>> [p.name for p in get_query("evidence").params]
['actor', 'other']
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import paths
from ..errors import DataFileError, ParameterError, UnknownQuery

if TYPE_CHECKING:
    from collections.abc import Callable

    from rdflib import Literal

    from .results import QueryResult

__all__ = ["resolve_query", "NamedQuery", "QueryParameter", "list_queries", "get_query", "queries_dir", "read_query", "read_query_file",
           "PARAMETER_TYPES", "check_page", "last_page", "last_page_query", "LAST_PAGE_QUERY"]

PARAMETER_TYPES = ("entity", "text", "date", "integer")
HEADER_KEYS = ("title", "question", "param", "bind")
_HEADER = re.compile(r"^#\s*(title|question|param|bind):\s*(.*?)\s*$")
#: A comment that reads like a header line (``# parm: ...``), to name the key it misspells.
_KEY_LIKE = re.compile(r"^#\s*([A-Za-z]+)\s*:")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s+(\w+)(\??)\s+(.+)$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class QueryParameter:
    """A parameter of a named query, bound to the variable of the same name."""

    name: str
    type: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, header and SPARQL text."""

    name: str
    title: str
    question: str
    text: str
    path: Path
    params: tuple[QueryParameter, ...] = field(default_factory=tuple)

    def param(self, name: str) -> QueryParameter | None:
        """Return the parameter called ``name``, or None.

        Parameters
        ----------
        name : str
            The parameter's name, as the header's ``param`` line gives it.

        Returns
        -------
        QueryParameter or None

        Examples
        --------
        >>> evidence = get_query("evidence")
        >>> evidence.param("actor").type, evidence.param("nothing")
        ('entity', None)
        """
        return next((p for p in self.params if p.name == name), None)

    @property
    def listing(self) -> str | None:
        """The listing derived once (``queries/derived/NAME.rq``) whose pages this query reads with ``page``, or None."""
        from ..core.derived import listing_files

        if self.param("page") is None or self.path.parent != queries_dir():
            return None
        return self.name if self.name in {path.stem for path in listing_files()} else None


#: The number of the last page of a listing derived once, with ``?listing`` bound to its name.
LAST_PAGE_QUERY = """PREFIX sgd: <https://w3id.org/spacegraph/derived#>
SELECT (MAX(?page) AS ?last) WHERE { GRAPH sgd:graph { ?row sgd:listing ?listing ; sgd:page ?page } }"""


def last_page(named: NamedQuery, run: Callable[[str, dict[str, Literal]], QueryResult]) -> int:
    """The number of the last page of the listing ``named`` reads (1 for an empty one), asked with ``run(text, bindings)``.

    Parameters
    ----------
    named : NamedQuery
        A query that reads a listing derived once (its :attr:`~NamedQuery.listing` is not None).
    run : callable
        ``run(text, bindings)`` runs SPARQL where the listing is, such as ``kg.source.run``.

    Returns
    -------
    int

    Examples
    --------
    >>> last_page(get_query("quotes"), kg.source.run) >= 1
    True
    """
    answer = run(last_page_query(named), {})
    found = answer.rows[0].last if answer.rows else None
    return max(int(found), 1) if found is not None else 1


def last_page_query(named: NamedQuery) -> str:
    """The text of :data:`LAST_PAGE_QUERY` for the listing ``named`` reads, its name bound in the text (``VALUES``).

    Bound in the text, which every engine and server reads alike.

    Parameters
    ----------
    named : NamedQuery
        A query that reads a listing derived once.

    Returns
    -------
    str

    Examples
    --------
    >>> 'VALUES (?listing) { ("quotes") }' in last_page_query(get_query("quotes"))
    True
    """
    import pyoxigraph as ox

    from .bindings import with_bindings

    return with_bindings(LAST_PAGE_QUERY, {"listing": ox.Literal(str(named.listing))})


def check_page(named: NamedQuery | None, page: str | int | None, rows: int, last: Callable[[], int]) -> None:
    """Raise :class:`ParameterError` when ``page`` is no page of the listing ``named`` reads: below 1, or past the last.

    ``rows`` is how many rows the page held: ``last()`` (see :func:`last_page`) is asked for
    the last page only for an empty page other than the first (an empty listing has one page, empty).

    Parameters
    ----------
    named : NamedQuery or None
        The query run; nothing is checked unless it reads a listing.
    page : str or int or None
        The ``page`` parameter given.
    rows : int
        How many rows that page held.
    last : callable
        Returns the number of the last page; called only when needed.

    Raises
    ------
    ParameterError
        ``page`` is below 1 or past the last page.

    Examples
    --------
    >>> quotes = get_query("quotes")
    >>> check_page(quotes, 2, 0, lambda: 1)
    Traceback (most recent call last):
    ...
    spacegraph.errors.ParameterError: quotes: page 2 is out of range; the last page is 1
    """
    if named is None or page is None or named.listing is None:
        return
    number = int(page)
    if number >= 1 and (rows or number == 1):
        return
    final = last()
    if not 1 <= number <= final:
        raise ParameterError(f"{named.name}: page {number} is out of range; the last page is {final}")


def resolve_query(name_or_sparql: str | NamedQuery) -> tuple[NamedQuery | None, str, str]:
    """Return ``(NamedQuery or None, text, where)`` for a library name, a NamedQuery or SPARQL text.

    Parameters
    ----------
    name_or_sparql : str or NamedQuery
        A library name (``ilrs-members``), a query read from a file, or SPARQL text.

    Returns
    -------
    (NamedQuery or None, str, str)
        The named query (None for SPARQL text), its text, and what errors call it (its file name, or ``query``).

    Raises
    ------
    UnknownQuery
        A name the library lacks.

    Examples
    --------
    >>> named, text, where = resolve_query("ilrs-members")
    >>> named.name, where
    ('ilrs-members', 'ilrs-members.rq')
    >>> resolve_query("SELECT * WHERE { ?s ?p ?o }")
    (None, 'SELECT * WHERE { ?s ?p ?o }', 'query')
    """
    if isinstance(name_or_sparql, NamedQuery):
        return name_or_sparql, name_or_sparql.text, name_or_sparql.path.name
    text = str(name_or_sparql)
    if NAME.match(text.strip()):
        named = get_query(text.strip())
        return named, named.text, named.path.name
    return None, text, "query"


def queries_dir() -> Path:
    """Return the folder of the named queries, ``queries/``.

    Returns
    -------
    Path
        In a checkout, ``queries/`` beside ``src/``; in an installed wheel, the copy inside the package.

    Examples
    --------
    >>> (queries_dir() / "ilrs-members.rq").is_file()
    True
    """
    return paths.data_root() / "queries"


def read_query(path: str | Path, *, titled: bool = True) -> NamedQuery:
    """Read one ``.rq`` file and its header; raise :class:`DataFileError` naming every line at fault.

    With ``titled`` (the library's queries), the header must give a title and
    a question; without, only its ``param`` lines matter. A file is read again
    only when it changes.

    Parameters
    ----------
    path : path-like
        The ``.rq`` file.
    titled : bool
        Ask for a title and a question, as the library does.

    Returns
    -------
    NamedQuery

    Raises
    ------
    DataFileError
        The file cannot be read, or its header is wrong; the message names each line at fault.

    Examples
    --------
    >>> read_query(queries_dir() / "ilrs-members.rq").name
    'ilrs-members'
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "mine.rq"
    ...     _ = path.write_text("# param: actor entity An actor" + chr(10) + "SELECT * {}", encoding="utf-8")
    ...     mine = read_query(path, titled=False)
    ...     try:
    ...         read_query(path)
    ...     except DataFileError as error:
    ...         problem = error.reason
    >>> [p.name for p in mine.params], problem.startswith("the header has no '# title:' line")
    (['actor'], True)
    """
    path = Path(path)
    try:
        status = path.stat()
    except OSError as error:
        raise DataFileError(path, error.strerror or str(error)) from None
    return _read_query_once(path, status.st_mtime_ns, status.st_size, titled)


def read_query_file(path: str | Path) -> NamedQuery | str:
    """Read a query a user gives as a file: a :class:`NamedQuery` when it has a header, else its text.

    A file whose header (its first comment lines) holds a header line
    (``# title:``, ``# question:`` or ``# param:``, or a misspelling of one) is
    read as a named query, with no need of a title or a question: a malformed
    header is an error that names its lines, never a silent fallback to plain text.

    Parameters
    ----------
    path : path-like
        The file.

    Returns
    -------
    NamedQuery or str
        The query and its parameters, or the file's text when it has no header.

    Raises
    ------
    DataFileError
        The file cannot be read, or its header is wrong.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "q.rq"
    ...     _ = path.write_text("# param: n integer How many" + chr(10) + "SELECT * {}", encoding="utf-8")
    ...     [p.name for p in read_query_file(path).params]
    ...     _ = path.write_text("SELECT * {}", encoding="utf-8")
    ...     read_query_file(path)
    ...     _ = path.write_text("# param: n integr How many" + chr(10) + "# parm: m text" + chr(10) + "SELECT * {}", encoding="utf-8")
    ...     try:
    ...         read_query_file(path)
    ...     except DataFileError as error:
    ...         problem = error
    ['n']
    'SELECT * {}'
    >>> problem.line, problem.reason  # doctest: +ELLIPSIS
    (1, "bad parameter line; ...; ...q.rq:2: '# parm:' is not a header line; did you mean '# param:'?")
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path, getattr(error, "strerror", None) or str(error)) from None
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    return read_query(path, titled=False) if any(_HEADER.match(line) or _misspelt_key(line) for line in header) else text


def _misspelt_key(line: str) -> str | None:
    """The header key a comment line misspells (``# parm:``, ``# Title:``), or None."""
    match = _KEY_LIKE.match(line)
    if match is None or _HEADER.match(line):
        return None
    close = difflib.get_close_matches(match.group(1).lower(), HEADER_KEYS, n=1, cutoff=0.75)
    return close[0] if close else None


@functools.lru_cache(maxsize=256)
def _read_query_once(path: Path, modified: int, size: int, titled: bool) -> NamedQuery:
    return _read_query(path, titled)


def _read_query(path: Path, titled: bool = True) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, tuple[int, str]] = {}  # {key: (line, value)}
    declared: dict[str, int] = {}  # {parameter: line}
    params: list[QueryParameter] = []
    problems: list[tuple[int | None, str]] = []  # (line, message)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            misspelt = _misspelt_key(line)
            written = _KEY_LIKE.match(line)
            if misspelt and written:
                problems.append((number, f"'# {written.group(1)}:' is not a header line; did you mean '# {misspelt}:'?"))
            continue
        key, value = match.groups()
        if key != "param":
            if key in header:
                problems.append((number, f"a second '# {key}:' line (the first is line {header[key][0]})"))
            elif not value:
                problems.append((number, f"the '# {key}:' line is empty"))
            elif key == "bind" and value not in ("values", "inline"):
                problems.append((number, f"'# bind: {value}' is not a way to bind parameters; write '# bind: values', "
                                         "'# bind: inline' or leave the line out"))
            else:
                header[key] = (number, value)
            continue
        spec = _PARAM.match(value)
        if not spec or spec.group(2) not in PARAMETER_TYPES:
            problems.append((number, f"bad parameter line; write '# param: NAME TYPE DESCRIPTION' with TYPE one of "
                                     f"{', '.join(PARAMETER_TYPES)}"))
            continue
        name, kind, optional, description = spec.groups()
        if name in declared:
            problems.append((number, f"parameter {name!r} is declared twice (first on line {declared[name]})"))
            continue
        declared[name] = number
        params.append(QueryParameter(name, kind, description, required=not optional))
    if titled:
        problems += [(None, f"the header has no '# {key}:' line") for key in ("title", "question") if key not in header
                     and not any(message.startswith(f"the '# {key}:'") for _, message in problems)]
    if problems:
        (first_line, first), rest = problems[0], problems[1:]
        more = "".join(f"; {path}:{number}: {message}" if number else f"; {path}: {message}" for number, message in rest)
        raise DataFileError(path, first + more, line=first_line)
    title, question = (header.get(key, (None, ""))[1] for key in ("title", "question"))
    return NamedQuery(path.stem, title, question, text, path, tuple(params))


def list_queries() -> list[NamedQuery]:
    """Return every named query, sorted by name.

    Returns
    -------
    list of NamedQuery

    Raises
    ------
    DataFileError
        A query file's header is wrong.

    Examples
    --------
    >>> queries = list_queries()
    >>> "ilrs-members" in [query.name for query in queries], all(query.title for query in queries)
    (True, True)
    """
    return [read_query(path) for path in sorted(queries_dir().glob("*.rq"))]


def get_query(name: str) -> NamedQuery:
    """Return the named query ``name``; raise :class:`UnknownQuery` listing the closest names.

    Parameters
    ----------
    name : str
        The query's name: its file's name without ``.rq``.

    Returns
    -------
    NamedQuery

    Raises
    ------
    UnknownQuery
        No query is called ``name``; the message gives the closest names.

    Examples
    --------
    >>> get_query("ilrs-members").question.endswith("?")
    True
    >>> get_query("ilrs-member")
    Traceback (most recent call last):
    ...
    spacegraph.errors.UnknownQuery: unknown query 'ilrs-member'; did you mean ilrs-members?
    """
    path = queries_dir() / f"{name}.rq"
    if NAME.match(name) and path.is_file():
        return read_query(path)
    names = [p.stem for p in sorted(queries_dir().glob("*.rq"))]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownQuery(f"unknown query {name!r}{hint}")
