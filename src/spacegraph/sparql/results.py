"""Query results: rows to iterate, a DataFrame, and the SPARQL 1.1 result formats.

Examples
--------
>>> import spacegraph
>>> result = spacegraph.load().query("ilrs-members")
>>> len(result) >= 11
True
>>> result.vars[:2]
['state', 'stateLabel']
>>> print(result.serialize("csv").splitlines()[0])
state,stateLabel,participation,role,since,until,quote
"""

from __future__ import annotations

import functools
import io
import json
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from ..core.terms import json_of_rdflib, rdflib_from_json
from ..core.text_table import text_table
from ..errors import InvalidArgument, MalformedAnswer, MissingDependency
from . import OUTPUT_FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    import pandas
    from _typeshed import WriteableBuffer
    from rdflib.term import Identifier

__all__ = ["Row", "QueryResult", "OUTPUT_FORMATS", "from_sparql_json", "row_type"]



class Row(tuple):
    """One solution: a tuple of RDF terms (None when unbound), also readable by variable name.

    The variable names belong to the row's class, one class per list of
    names, so a row costs what its tuple costs: an answer of millions of rows
    holds no dict per row.

    Examples
    --------
    >>> row = Row(["a", "b"], [Literal("x"), None])
    >>> row.a, row.b, row.asdict()
    (rdflib.term.Literal('x'), None, {'a': rdflib.term.Literal('x'), 'b': None})
    """

    __slots__ = ()
    _names: tuple[str, ...] = ()

    if TYPE_CHECKING:  # row_type gives each class its own, tuple.__new__ itself
        @classmethod
        def _make(cls, values: Iterable[Any]) -> Row: ...

    def __new__(cls, names: Iterable[str], values: Iterable[Any]) -> Row:
        return tuple.__new__(row_type(tuple(names)), values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(f"no variable ?{name} in this result; it has {', '.join('?' + n for n in self._names)}") from None

    def __reduce__(self) -> tuple[type[Row], tuple[tuple[str, ...], tuple[Any, ...]]]:
        return Row, (self._names, tuple(self))

    def asdict(self) -> dict[str, Any]:
        """Return ``{variable: term}``.

        Returns
        -------
        dict
            Each variable of the result, with its term (None when unbound).

        Examples
        --------
        >>> Row(["a", "b"], [Literal("x"), None]).asdict()
        {'a': rdflib.term.Literal('x'), 'b': None}
        """
        return dict(zip(self._names, self, strict=True))


@functools.lru_cache(maxsize=256)
def row_type(names: tuple[str, ...]) -> type[Row]:
    """The :class:`Row` class of the rows with these variable names (a tuple); ``row_type(names)._make(values)`` makes one.

    Examples
    --------
    >>> row_type(("a",))._make([None]).a is None
    True
    """
    return type("Row", (Row,), {"__slots__": (), "_names": names, "__module__": __name__,
                                "_make": classmethod(tuple.__new__)})


class QueryResult:
    """The answer to a query: ``vars`` and ``rows`` for SELECT (and for CONSTRUCT, as
    ``subject``, ``predicate``, ``object``), ``boolean`` for ASK.

    Iterating yields the rows; ``len()`` counts them. ``warnings`` lists, one
    line each, what looked wrong in the query without stopping it (an ``sg:``
    term the ontology does not define).
    """

    def __init__(self, vars: Iterable[object], rows: Iterable[Iterable[Any]], *, boolean: bool | None = None,
                 hidden: Iterable[str] = (), truncated: bool = False, warnings: Iterable[str] = ()) -> None:
        self.vars = [str(v) for v in vars]
        kind = row_type(tuple(self.vars))
        # rows already of this result's class are kept as they are: an answer read from a server is not copied
        self.rows: list[Row] = rows if isinstance(rows, list) and all(type(r) is kind for r in rows) else [
            r if type(r) is kind else kind._make(r) for r in rows]
        self.boolean = boolean
        self.hidden = frozenset(hidden)  # columns the table leaves out (parameters the user gave)
        self.truncated = truncated
        self.warnings = list(warnings)  # one line each: terms of the query that the ontology does not define

    @property
    def kind(self) -> str:
        """``ASK`` or ``SELECT`` (graph results are given as rows too)."""
        return "ASK" if self.boolean is not None else "SELECT"

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.boolean is not None else bool(self.rows)

    def __repr__(self) -> str:
        if self.boolean is not None:
            return f"<QueryResult ASK: {self.boolean}>"
        return f"<QueryResult: {len(self.rows)} rows of {', '.join('?' + v for v in self.vars)}>"

    def to_dataframe(self) -> pandas.DataFrame:
        """Return a pandas DataFrame: IRIs as strings, literals as Python values, unbound as None.

        Needs pandas (``pip install 'spacegraph[notebook]'``).

        Returns
        -------
        pandas.DataFrame
            One column per variable, one row per solution.

        Raises
        ------
        MissingDependency
            pandas is not installed.

        Examples
        --------
        >>> from rdflib import URIRef
        >>> result = QueryResult(["actor", "actorLabel", "since"],
        ...                      [[URIRef("https://w3id.org/spacegraph/id/china"), Literal("China", lang="en"), Literal(2019)]])
        >>> result.to_dataframe().values.tolist()
        [['https://w3id.org/spacegraph/id/china', 'China', 2019]]
        """
        try:
            import pandas
        except ImportError:
            raise MissingDependency("to_dataframe() needs pandas; install it with: pip install 'spacegraph[notebook]'") from None
        records = [[_python_value(term) for term in row] for row in self.rows]
        return pandas.DataFrame.from_records(records, columns=self.vars)

    def serialize(self, format: str = "table", *, labels: Mapping[str, str] | None = None, width: int = 100) -> str:
        """Return the result as text.

        Parameters
        ----------
        format : {"table", "csv", "tsv", "json", "xml", "markdown"}
            ``json``, ``xml``, ``csv`` and ``tsv`` are the SPARQL 1.1 result
            formats; ``table`` and ``markdown`` are for people: they show
            labels instead of IRIs and leave out an IRI column when a
            ``...Label`` column beside it names it.
        labels : dict, optional
            ``{IRI: label}`` for the human formats; IRIs without one are shown
            as prefixed names.
        width : int
            Width of the ``table`` format in characters; long cells wrap.

        Returns
        -------
        str

        Raises
        ------
        InvalidArgument
            ``format`` is none of them.

        Examples
        --------
        >>> from rdflib import URIRef
        >>> result = QueryResult(["actor", "actorLabel", "since"],
        ...                      [[URIRef("https://w3id.org/spacegraph/id/china"), Literal("China", lang="en"), Literal(2019)]])
        >>> print(result.serialize(), end="")
        actor  since
        -----  -----
        China  2019
        (1 row)
        >>> result.serialize("csv").splitlines()
        ['actor,actorLabel,since', 'https://w3id.org/spacegraph/id/china,China,2019']
        """
        if format == "csv":
            return _csv(self)
        if format in _WRITTEN:
            return _written(self, format)
        if format == "json":
            return _json(self)
        if format in ("table", "markdown"):
            return (_table if format == "table" else _markdown)(self, labels or {}, width)
        raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(OUTPUT_FORMATS)}")


# ---------------------------------------------------------------- terms

def _python_value(term: object) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def from_sparql_json(data: Mapping[str, Any], *, hidden: Iterable[str] = ()) -> QueryResult:
    """Build a :class:`QueryResult` from a parsed SPARQL 1.1 JSON results document.

    Parameters
    ----------
    data : mapping
        The document, parsed: ``head`` and ``results`` for SELECT, ``boolean`` for ASK.
    hidden : iterable of str
        Variables the ``table`` format leaves out (the parameters the user gave).

    Returns
    -------
    QueryResult

    Examples
    --------
    >>> doc = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://a"}}]}}
    >>> from_sparql_json(doc).rows[0].x
    rdflib.term.URIRef('http://a')
    >>> from_sparql_json({"boolean": True})
    <QueryResult ASK: True>
    """
    if "boolean" in data:
        return QueryResult([], [], boolean=bool(data["boolean"]))
    names = list(data.get("head", {}).get("vars", []))
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        rows.append([rdflib_from_json(binding.get(name)) for name in names])
    return QueryResult(names, rows, hidden=hidden)


# ---------------------------------------------------------------- machine formats

def _json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = [{name: json_of_rdflib(term) for name, term in zip(result.vars, row, strict=True) if term is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


# XML and TSV are written by pyoxigraph (QuerySolutions.serialize), CSV by the standard library's csv
# writer, JSON by json.dumps, indented for people. pyoxigraph takes solutions only as parsed results
# (QuerySolutions has no constructor), so the rows reach it as SPARQL JSON, a batch of rows at a time
# as it reads: the whole text never exists. CSV does not go that way: its cells are the terms' plain
# text (SPARQL 1.1 CSV results), which csv.writer writes five times faster than the round trip
# through JSON. What stays here, because no results serializer does it:
# * a CSV literal a spreadsheet would run as a formula is defused (spacegraph.core.csv_cells). The
#   other cells cannot start a formula: an IRI is absolute (it begins with a scheme's letter), a
#   blank node is ``_:label``. TSV is not defused: its cells are Turtle terms, a literal in quotes
#   and an IRI in ``<>``; only a number goes bare, and a number runs nothing;
# * a blank node label pyoxigraph refuses (Virtuoso's ``nodeID://b10006``) gets a fresh one, the same
#   for the same node (labels belong to one answer). An IRI, language tag or datatype it refuses, which
#   only another server's answer can hold, ends in MalformedAnswer; ``json`` writes it as it came.

_WRITTEN = {"xml": "XML", "tsv": "TSV"}


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: a header of the variables, then each term's plain text (``_:label`` for a blank node)."""
    from rdflib import BNode

    from ..core.csv_cells import csv_text

    if result.boolean is not None:  # as pyoxigraph writes an ASK answer in TSV: the word alone
        return "true\n" if result.boolean else "false\n"
    # an IRI or a blank node never starts as a formula does: only literals are changed by the one writer's rule
    return csv_text(result.vars, ([None if term is None else f"_:{term}" if isinstance(term, BNode) else str(term) for term in row]
                                  for row in result.rows), line_end="\r\n")
_BATCH = 1000  # rows handed to pyoxigraph at a time


def _written(result: QueryResult, format: str) -> str:
    import pyoxigraph as ox

    solutions = io.BytesIO()
    try:
        parsed = ox.parse_query_results(io.BufferedReader(_Chunks(_json_batches(result))),
                                        ox.QueryResultsFormat.JSON)
        parsed.serialize(solutions, getattr(ox.QueryResultsFormat, _WRITTEN[format]))
    except SyntaxError as error:
        raise MalformedAnswer(f"the answer holds a term SPARQL {format.upper()} results cannot carry ({error}); "
                              f"the json format writes it as it came") from None
    text = solutions.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"  # pyoxigraph ends XML, and an ASK answer, without one


def _json_batches(result: QueryResult) -> Iterator[bytes]:
    """``result`` as SPARQL JSON results text, in batches of rows (bytes)."""
    if result.boolean is not None:
        yield json.dumps({"head": {}, "boolean": result.boolean}).encode()
        return
    term = _pyoxigraph_term()
    yield b'{"head":{"vars":' + json.dumps(result.vars).encode() + b'},"results":{"bindings":['
    for start in range(0, len(result.rows), _BATCH):
        batch = [{name: term(value) for name, value in zip(result.vars, row, strict=True) if value is not None}
                 for row in result.rows[start:start + _BATCH]]
        yield (b"," if start else b"") + json.dumps(batch, ensure_ascii=False)[1:-1].encode()
    yield b"]}}"


def _pyoxigraph_term() -> Callable[[Identifier], dict[str, str]]:
    """A function from an rdflib term to its SPARQL JSON term as pyoxigraph will take it (see above)."""
    import pyoxigraph as ox

    labels: dict[str, str] = {}  # {label as given: label pyoxigraph takes}

    def term(value: Identifier) -> dict[str, str]:
        item = json_of_rdflib(value)
        if item["type"] == "bnode":
            label = item["value"]
            if label not in labels:
                try:
                    labels[label] = ox.BlankNode(label).value
                except ValueError:
                    labels[label] = ox.BlankNode().value
            item["value"] = labels[label]
        return item

    return term


class _Chunks(io.RawIOBase):
    """A readable stream over an iterator of bytes, for a reader that wants a file."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks, self._left = iter(chunks), b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._left:
            self._left = next(self._chunks, b"")
            if not self._left:
                return 0
        view = memoryview(buffer)
        size = min(len(view), len(self._left))
        view[:size], self._left = self._left[:size], self._left[size:]
        return size


# ---------------------------------------------------------------- human formats

def _display_columns(result: QueryResult) -> list[int]:
    """The columns people see: no IRI column that a ``...Label`` column names, no given parameters."""
    names = set(result.vars)
    given = result.hidden | {f"{name}Label" for name in result.hidden}
    return [i for i, name in enumerate(result.vars) if f"{name}Label" not in names and name not in given]


def _shown(term: object, labels: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef) and str(term) in labels:
        return labels[str(term)]
    from ..core.terms import shown

    return shown(term)


def _cells(result: QueryResult, labels: Mapping[str, str]) -> tuple[list[str], list[list[str]]]:
    if result.boolean is not None:
        return ["answer"], [["yes" if result.boolean else "no"]]
    columns = _display_columns(result)
    if result.rows:  # a column empty in every row tells people nothing
        columns = [i for i in columns if any(row[i] is not None and str(row[i]) for row in result.rows)]
    shown = {result.vars[i] for i in columns}
    # "stateLabel" reads "state", unless a column called "state" is shown too
    header = [_heading(result.vars[i], shown) for i in columns]
    body = [[_shown(row[i], labels) for i in columns] for row in result.rows]
    return header, body


def _heading(name: str, shown: set[str]) -> str:
    """The column heading people read: ``technologyLabel`` is headed ``technology``.

    Examples
    --------
    >>> _heading("technologyLabel", {"technologyLabel"}), _heading("stateLabel", {"state", "stateLabel"})
    ('technology', 'stateLabel')
    """
    if name.endswith("Label") and len(name) > 5 and name[:-5] not in shown:
        return name[:-5]
    return name


def _table(result: QueryResult, labels: Mapping[str, str], width: int) -> str:
    header, body = _cells(result, labels)
    if not header:
        return "(no columns)\n"
    count = "yes/no answer" if result.boolean is not None else f"{len(body)} row{'s' if len(body) != 1 else ''}"
    return text_table(header, body, width, footer=f"({count}{', truncated' if result.truncated else ''})")


def _markdown(result: QueryResult, labels: Mapping[str, str], width: int) -> str:
    header, body = _cells(result, labels)

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
