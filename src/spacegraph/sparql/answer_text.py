"""An answer written as text: the SPARQL 1.1 result formats, and tables for people.

The one writer of every query answer the package prints, whichever engine gave it. It
reads *plain terms* (:mod:`spacegraph.core.terms`: an IRI is a ``str``, a blank node
``("_", id)``, a literal ``("L", text, language, datatype)``), so that an answer read
straight from a store is written without rdflib: :class:`~spacegraph.sparql.results.QueryResult`
turns its rdflib terms into plain ones and comes here too.

XML and TSV are written by pyoxigraph (``QuerySolutions.serialize``), CSV by the standard
library's ``csv`` writer, JSON by ``json.dumps``, indented for people. pyoxigraph takes
solutions only as parsed results (``QuerySolutions`` has no constructor), so the rows reach
it as SPARQL JSON, a batch of rows at a time as it reads: the whole text never exists.
CSV does not go that way: its cells are the terms' plain text (SPARQL 1.1 CSV results),
which ``csv.writer`` writes five times faster than the round trip through JSON. What stays
here, because no results serializer does it:

* a CSV literal a spreadsheet would run as a formula is defused (:mod:`spacegraph.core.csv_cells`).
  The other cells cannot start a formula: an IRI is absolute (it begins with a scheme's letter),
  a blank node is ``_:label``. TSV is not defused: its cells are Turtle terms, a literal in
  quotes and an IRI in ``<>``; only a number goes bare, and a number runs nothing;
* a blank node label pyoxigraph refuses (Virtuoso's ``nodeID://b10006``) gets a fresh one, the
  same for the same node (labels belong to one answer). An IRI, language tag or datatype it
  refuses, which only another server's answer can hold, ends in
  :class:`~spacegraph.errors.MalformedAnswer`; ``json`` writes it as it came.

Examples
--------
>>> answer = PlainAnswer(["actor", "actorLabel", "since"],
...                      [("https://w3id.org/spacegraph/id/china", ("L", "China", "en", None),
...                        ("L", "2019", None, "http://www.w3.org/2001/XMLSchema#integer"))])
>>> print(write_answer(answer, "table"), end="")
actor  since
-----  -----
China  2019
(1 row)
>>> write_answer(answer, "csv").splitlines()
['actor,actorLabel,since', 'https://w3id.org/spacegraph/id/china,China,2019']
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.formats import QUERY as FORMATS
from ..core.terms import XSD_STRING, shown
from ..core.text_table import text_table
from ..errors import InvalidArgument, MalformedAnswer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from _typeshed import WriteableBuffer

__all__ = ["PlainAnswer", "write_answer", "cells", "shown_columns", "json_term"]

_WRITTEN = {"xml": "XML", "tsv": "TSV"}
_BATCH = 1000  # rows handed to pyoxigraph at a time


class PlainAnswer(NamedTuple):
    """An answer of plain terms: its variables and rows (``None`` when unbound), or the ``boolean`` of an ASK.

    ``hidden`` names the columns tables leave out (the parameters the user gave); ``truncated``
    says the rows were cut at a limit.
    """

    vars: Sequence[str]
    rows: Sequence[Sequence[Any]]
    boolean: bool | None = None
    hidden: frozenset[str] = frozenset()
    truncated: bool = False


def write_answer(answer: PlainAnswer, format: str = "table", *, labels: Mapping[str, str] | None = None,
                 width: int = 100) -> str:
    """Return ``answer`` as text in ``format``.

    Parameters
    ----------
    answer : PlainAnswer
        The variables and rows, of plain terms.
    format : {"table", "csv", "tsv", "json", "xml", "markdown"}
        ``json``, ``xml``, ``csv`` and ``tsv`` are the SPARQL 1.1 result formats; ``table``
        and ``markdown`` are for people: they show labels instead of IRIs and leave out an
        IRI column when a ``...Label`` column beside it names it.
    labels : mapping, optional
        ``{IRI: label}`` for the human formats; IRIs without one are shown as prefixed names.
    width : int
        Width of the ``table`` format in characters; long cells wrap.

    Returns
    -------
    str

    Raises
    ------
    InvalidArgument
        ``format`` is none of them.
    MalformedAnswer
        XML or TSV cannot carry a term of the answer (only another server's answer can hold one).

    Examples
    --------
    >>> print(write_answer(PlainAnswer([], [], boolean=True), "json"), end="")
    {
      "head": {},
      "boolean": true
    }
    >>> write_answer(PlainAnswer(["x"], [(("L", "=1+1", None, None),)]), "csv").splitlines()[1]
    "'=1+1"
    """
    if format == "csv":
        return _csv(answer)
    if format in _WRITTEN:
        return _written(answer, format)
    if format == "json":
        return _json(answer)
    if format in ("table", "markdown"):
        return (_table if format == "table" else _markdown)(answer, labels or {}, width)
    raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def json_term(term: Any) -> dict[str, str]:
    """A plain term as a term of SPARQL 1.1 JSON results; ``xsd:string`` left implicit.

    Examples
    --------
    >>> json_term(("L", "Mars", "en", None)), json_term(("_", "b1"))
    ({'type': 'literal', 'value': 'Mars', 'xml:lang': 'en'}, {'type': 'bnode', 'value': 'b1'})
    """
    if type(term) is str:
        return {"type": "uri", "value": term}
    if term[0] == "_":
        return {"type": "bnode", "value": term[1]}
    _, text, language, datatype = term
    item = {"type": "literal", "value": text}
    if language:
        item["xml:lang"] = language
    elif datatype is not None and datatype != XSD_STRING:
        item["datatype"] = datatype
    return item


# ---------------------------------------------------------------- machine formats

def _cell_text(term: Any) -> str | None:
    """A term's text in a CSV cell (SPARQL 1.1 CSV results): an IRI, ``_:label``, a literal's lexical form."""
    if term is None:
        return None
    if type(term) is str:
        return term
    return f"_:{term[1]}" if term[0] == "_" else term[1]


def _csv(answer: PlainAnswer) -> str:
    from ..core.csv_cells import csv_text

    if answer.boolean is not None:  # as pyoxigraph writes an ASK answer in TSV: the word alone
        return "true\n" if answer.boolean else "false\n"
    # an IRI or a blank node never starts as a formula does: only literals are changed by the one writer's rule
    return csv_text(list(answer.vars), ([_cell_text(term) for term in row] for row in answer.rows), line_end="\r\n")


def _json(answer: PlainAnswer) -> str:
    if answer.boolean is not None:
        return json.dumps({"head": {}, "boolean": answer.boolean}, indent=2) + "\n"
    names = list(answer.vars)
    bindings = [{name: json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
                for row in answer.rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


def _written(answer: PlainAnswer, format: str) -> str:
    import pyoxigraph as ox

    solutions = io.BytesIO()
    try:
        parsed = ox.parse_query_results(io.BufferedReader(_Chunks(_json_batches(answer))), ox.QueryResultsFormat.JSON)
        parsed.serialize(solutions, getattr(ox.QueryResultsFormat, _WRITTEN[format]))
    except SyntaxError as error:
        raise MalformedAnswer(f"the answer holds a term SPARQL {format.upper()} results cannot carry ({error}); "
                              f"the json format writes it as it came") from None
    text = solutions.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"  # pyoxigraph ends XML, and an ASK answer, without one


def _json_batches(answer: PlainAnswer) -> Iterator[bytes]:
    """``answer`` as SPARQL JSON results text, in batches of rows (bytes)."""
    if answer.boolean is not None:
        yield json.dumps({"head": {}, "boolean": answer.boolean}).encode()
        return
    term = _pyoxigraph_term()
    names = list(answer.vars)
    yield b'{"head":{"vars":' + json.dumps(names).encode() + b'},"results":{"bindings":['
    for start in range(0, len(answer.rows), _BATCH):
        batch = [{name: term(value) for name, value in zip(names, row, strict=True) if value is not None}
                 for row in answer.rows[start:start + _BATCH]]
        yield (b"," if start else b"") + json.dumps(batch, ensure_ascii=False)[1:-1].encode()
    yield b"]}}"


def _pyoxigraph_term() -> Callable[[Any], dict[str, str]]:
    """A function from a plain term to its SPARQL JSON term as pyoxigraph will take it (see above)."""
    import pyoxigraph as ox

    labels: dict[str, str] = {}  # {label as given: label pyoxigraph takes}

    def term(value: Any) -> dict[str, str]:
        item = json_term(value)
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

def _display_columns(answer: PlainAnswer) -> list[int]:
    """The columns people see: no IRI column that a ``...Label`` column names, no given parameters."""
    names = set(answer.vars)
    given = answer.hidden | {f"{name}Label" for name in answer.hidden}
    return [i for i, name in enumerate(answer.vars) if f"{name}Label" not in names and name not in given]


def shown_columns(answer: PlainAnswer) -> list[int]:
    """The columns a table shows: :func:`cells` reads these; an IRI in them is shown by its label.

    Examples
    --------
    >>> shown_columns(PlainAnswer(["actor", "actorLabel", "note"], [("urn:x:a", ("L", "A", None, None), None)]))
    [1]
    """
    columns = _display_columns(answer)
    if answer.rows:  # a column empty in every row tells people nothing
        columns = [i for i in columns if any(row[i] is not None and _cell_text(row[i]) for row in answer.rows)]
    return columns


def cells(answer: PlainAnswer, labels: Mapping[str, str]) -> tuple[list[str], list[list[str]]]:
    """The heading and the cells of the table people read: labels for IRIs, no columns they need not see.

    Parameters
    ----------
    answer : PlainAnswer
        The answer.
    labels : mapping
        ``{IRI: label}``; an IRI without one is shown as a prefixed name.

    Returns
    -------
    (list of str, list of list of str)

    Examples
    --------
    >>> cells(PlainAnswer(["state", "stateLabel"], [("urn:x:fr", ("L", "France", "en", None))]), {})
    (['state'], [['France']])
    """
    if answer.boolean is not None:
        return ["answer"], [["yes" if answer.boolean else "no"]]
    columns = shown_columns(answer)
    named = {answer.vars[i] for i in columns}
    # "stateLabel" reads "state", unless a column called "state" is shown too
    header = [_heading(answer.vars[i], named) for i in columns]
    body = [[_shown(row[i], labels) for i in columns] for row in answer.rows]
    return header, body


def _shown(term: Any, labels: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if type(term) is str:
        label = labels.get(term)
        if label is not None:
            return label
    return shown(term)


def _heading(name: str, shown_names: set[str]) -> str:
    """The column heading people read: ``technologyLabel`` is headed ``technology``.

    Examples
    --------
    >>> _heading("technologyLabel", {"technologyLabel"}), _heading("stateLabel", {"state", "stateLabel"})
    ('technology', 'stateLabel')
    """
    if name.endswith("Label") and len(name) > 5 and name[:-5] not in shown_names:
        return name[:-5]
    return name


def _table(answer: PlainAnswer, labels: Mapping[str, str], width: int) -> str:
    header, body = cells(answer, labels)
    if not header:
        return "(no columns)\n"
    count = "yes/no answer" if answer.boolean is not None else f"{len(body)} row{'s' if len(body) != 1 else ''}"
    return text_table(header, body, width, footer=f"({count}{', truncated' if answer.truncated else ''})")


def _markdown(answer: PlainAnswer, labels: Mapping[str, str], width: int) -> str:
    header, body = cells(answer, labels)

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
