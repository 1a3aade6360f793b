"""Load the ontology and data files into one rdflib graph.

The graph lives in an Oxigraph store under rdflib's API (``oxrdflib``), so
parsing and SPARQL run at Oxigraph's speed. Parse errors name the file and
line. Only Turtle (``.ttl``) and N-Triples (``.nt``) are read: both parse
without fetching anything from the network.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import DataFileError, InvalidArgument
from . import paths
from ._io import read_regular_file

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import pyoxigraph
    import rdflib
    from rdflib.query import ResultRow

__all__ = ["new_graph", "parse_file", "parse_files", "parse_size", "select_rows", "solutions", "RDF_FORMATS", "MAX_FILE_BYTES"]

#: Parser for each file suffix: Oxigraph's Turtle and N-Triples parsers, through oxrdflib.
RDF_FORMATS = {".ttl": "ox-turtle", ".nt": "ox-ntriples"}

_FORMAT_NAMES = {"ox-turtle": "Turtle", "ox-ntriples": "N-Triples"}
# Oxigraph words its errors "at line L column C: ..." or "Parser error at line L between columns C and D: ..."
_POSITION = re.compile(r"^(?:Parser error )?at line \d+ (?:column (\d+)|between columns (\d+) and (\d+)): ")


def new_graph(oxigraph_store: pyoxigraph.Store | None = None) -> rdflib.Graph:
    """Return an empty rdflib graph on an Oxigraph store, with the project's prefixes bound.

    The triples go to the store's default graph, so that SPARQL sent to the
    store itself (``pyoxigraph.Store.query``) sees them too.

    Parameters
    ----------
    oxigraph_store : pyoxigraph.Store, optional
        The store to use; a new in-memory one by default.

    Examples
    --------
    >>> type(new_graph().store).__name__
    'OxigraphStore'
    """
    import pyoxigraph
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from .namespaces import bind_prefixes

    store = OxigraphStore(store=oxigraph_store if oxigraph_store is not None else pyoxigraph.Store())
    return bind_prefixes(Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="core"))


#: Largest data file read, in bytes; ``spacegraph --max-file-size`` raises it.
MAX_FILE_BYTES = 1024 ** 3


def parse_size(text: str) -> int:
    """Return the number of bytes ``text`` names: ``512M``, ``2G``, ``100000`` (K, M, G, T are powers of 1024).

    Examples
    --------
    >>> parse_size("512M"), parse_size("2g"), parse_size("100")
    (536870912, 2147483648, 100)
    """
    units = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
    cleaned = text.strip().upper().removesuffix("B").removesuffix("I")
    number, unit = (cleaned[:-1], cleaned[-1]) if cleaned[-1:] in units else (cleaned, "")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"{text!r} is not a size such as 512M or 2G") from None
    if value <= 0:
        raise ValueError(f"{text!r} is not a positive size")
    return int(value * units[unit])


def _format_of(path: Path) -> str:
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataFileError(path, f"unsupported file type {path.suffix or '(none)'!r}; use .ttl (Turtle) or .nt (N-Triples)")
    return fmt


def parse_file(path: str | Path, graph: rdflib.Graph) -> rdflib.Graph:
    """Parse one file into ``graph``; raise :class:`DataFileError` naming the file and line.

    Examples
    --------
    >>> from spacegraph.core import paths
    >>> g = parse_file(paths.ontology_file(), new_graph())
    >>> len(g) > 100
    True
    """

    path = Path(path)
    shown = paths.display_path(path)
    fmt = _format_of(path)
    try:
        data = read_regular_file(path, shown, MAX_FILE_BYTES)
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(shown, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise DataFileError(shown, error.strerror or str(error)) from None
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except SyntaxError as error:
        message = " ".join(str(error.msg or error).split())
        position = _POSITION.match(message)
        if position:
            column, first, last = position.groups()
            where = f"column {column}" if column else f"columns {first}-{last}"
            message = f"{_FORMAT_NAMES[fmt]} syntax error at {where}: {message[position.end():]}"
        else:
            message = f"{_FORMAT_NAMES[fmt]} syntax error: {message}"
        raise DataFileError(shown, message, line=error.lineno) from None
    except ValueError as error:
        raise DataFileError(shown, f"cannot parse: {' '.join(str(error).split())}") from None
    except MemoryError:
        raise DataFileError(shown, "cannot parse: a single term (such as a literal) is too large for the parser's buffer") from None
    return graph


def parse_files(files: Iterable[str | Path], graph: rdflib.Graph, warnings: list[str] | None = None,
                count: Callable[[], int] | None = None) -> list[DataFileError]:
    """Parse every file into ``graph``; return the :class:`DataFileError` of each that failed.

    A file that adds no triple gets a line in ``warnings``, when it is given;
    ``count`` tells how many triples the graph holds (``len`` by default; the
    store's own count is much faster than rdflib's, which walks every triple).
    """

    count = count or (lambda: len(graph))
    failures = []
    for path in files:
        before = count()
        try:
            parse_file(path, graph)
        except DataFileError as error:
            failures.append(error)
            continue
        if warnings is not None and count() == before:
            warnings.append(f"{paths.display_path(Path(path))}: no triples were read from this file")
    return failures


def select_rows(graph: rdflib.Graph, text: str, **kwargs: Any) -> Iterator[ResultRow]:
    """Return the rows of the SELECT query ``text`` on an rdflib graph (``kwargs`` go to ``graph.query``).

    rdflib's result yields rows, triples or a boolean, whichever the query asked for; this says
    which, so that a caller unpacks rows.

    Examples
    --------
    >>> [str(row.s) for row in select_rows(new_graph(), "SELECT ?s WHERE { VALUES ?s { <urn:x> } }")]
    ['urn:x']
    """
    result = graph.query(text, **kwargs)
    if result.type != "SELECT":
        raise InvalidArgument(f"a SELECT query was expected, not {result.type}", argument="text")
    return cast("Iterator[ResultRow]", iter(result))


def solutions(store: pyoxigraph.Store, text: str, **kwargs: Any) -> pyoxigraph.QuerySolutions:
    """Return the solutions of the SELECT query ``text`` on a pyoxigraph store (``kwargs`` go to ``store.query``).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> [s["s"].value for s in solutions(ox.Store(), "SELECT ?s WHERE { VALUES ?s { <urn:x> } }")]
    ['urn:x']
    """
    import pyoxigraph as ox

    result = store.query(text, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise InvalidArgument(f"a SELECT query was expected, not {type(result).__name__}", argument="text")
    return result
