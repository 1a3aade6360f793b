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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

from rdflib import Literal

from ..core.terms import rdflib_from_json
from ..errors import MissingDependency
from . import OUTPUT_FORMATS
from .answer_text import PlainAnswer, write_answer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    import pandas

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
        return write_answer(self.plain(), format, labels=labels, width=width)

    def plain(self) -> PlainAnswer:
        """Return the answer as plain terms (:mod:`spacegraph.core.terms`), as :mod:`.answer_text` writes it.

        The rows are converted as they are read, not copied: an answer of millions of rows is
        written without a second copy of it in memory.

        Returns
        -------
        PlainAnswer

        Examples
        --------
        >>> from rdflib import URIRef
        >>> list(QueryResult(["x"], [[URIRef("https://w3id.org/spacegraph/id/china")]]).plain().rows)
        [('https://w3id.org/spacegraph/id/china',)]
        """
        from ..core.terms import rdflib_plain_converter

        return PlainAnswer(self.vars, _PlainRows(self.rows, rdflib_plain_converter()), self.boolean, self.hidden,
                           self.truncated)


class _PlainRows(Sequence[tuple[Any, ...]]):
    """Rows of rdflib terms read as rows of plain terms, each converted when it is read (a sequence: ``len``, index, slice)."""

    def __init__(self, rows: list[Row], convert: Callable[[Any], Any]) -> None:
        self.rows, self.convert = rows, convert

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        convert = self.convert
        return (tuple(map(convert, row)) for row in self.rows)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Any, ...] | list[tuple[Any, ...]]:
        convert = self.convert
        if isinstance(index, slice):
            return [tuple(map(convert, row)) for row in self.rows[index]]
        return tuple(map(convert, self.rows[index]))


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
