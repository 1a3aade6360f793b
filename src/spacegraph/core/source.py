"""What every graph answers, embedded or on a server: the one interface the services read through.

A service (the projection, the query runner, validation, the counts) never asks which
back-end it was given. It takes a :class:`GraphSource` and asks it for rows, scans and
labels. Two classes implement it: the embedded graph,
:class:`~spacegraph.graph.local.LocalSource` (the rdflib graph over its Oxigraph store,
which :class:`~spacegraph.KnowledgeGraph` holds as ``kg.source``), and
:class:`~spacegraph.graph.remote.RemoteEndpoint` (a SPARQL server). Where a service needs
the graph itself (validation reads the triples; the endpoint serves the store), it asks
for :attr:`GraphSource.local`, which a server does not have: it is None there.

Every function of a service takes a graph source or an object that holds one, such as a
``KnowledgeGraph``, and reads ``.source`` first: both have it, and a source's ``source`` is
itself.

Examples
--------
>>> import spacegraph
>>> from spacegraph.core.source import embedded
>>> kg = spacegraph.load()
>>> kg.source.source is kg.source
True
>>> "https://w3id.org/spacegraph/id/argentina" in dict(kg.source.scan("https://w3id.org/spacegraph/ontology#hosts"))
True
>>> embedded(kg).store is not None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    import pyoxigraph
    import rdflib

    from ..sparql.results import QueryResult, Row

__all__ = ["GraphSource", "EmbeddedGraph", "HasSource", "BuiltFrom", "embedded"]


class GraphSource(Protocol):
    """What a graph can be asked, wherever it is.

    Attributes
    ----------
    derived : dict
        What the services derive from the graph once and keep (the index of names).
    warnings : list of str
        What looked wrong while reading it, one line each; :meth:`warn` adds one.
    """

    derived: dict[str, Any]
    warnings: list[str]

    @property
    def source(self) -> GraphSource:
        """The source itself (an object that holds a source gives that one)."""

    @property
    def local(self) -> EmbeddedGraph | None:
        """The embedded graph and its store, or None for a SPARQL server."""

    def run(self, text: str, bindings: Mapping[str, Any] | None = None, *, where: str = "query",
            timeout: float | None = None) -> QueryResult:
        """Run SPARQL ``text`` with initial ``bindings``; no checks (the query runner makes them).

        Parameters
        ----------
        text : str
            SPARQL text.
        bindings : mapping, optional
            ``{variable: RDF term}``: values the query starts with.
        where : str
            What the query is called in error messages.
        timeout : float, optional
            Seconds to wait (a server's exchange; the embedded engine is timed by the query runner).

        Returns
        -------
        QueryResult

        Examples
        --------
        >>> from rdflib import URIRef
        >>> result = kg.source.run("SELECT ?label WHERE { ?x rdfs:label ?label }",
        ...                        {"x": URIRef("https://w3id.org/spacegraph/id/china")})
        >>> [str(row.label) for row in result]
        ['China']
        """

    def select(self, text: str) -> list[Row]:
        """Return the rows of a SELECT query without parameters.

        Parameters
        ----------
        text : str
            SPARQL SELECT text.

        Returns
        -------
        list of Row

        Examples
        --------
        >>> [str(row.label) for row in kg.source.select("SELECT ?label WHERE { sgid:china rdfs:label ?label }")]
        ['China']
        """

    def plain_rows(self, text: str, *, where: str = "query") -> Iterator[tuple[Any, ...]]:
        """Yield the rows of a SELECT query as tuples of plain values (:mod:`spacegraph.core.terms`), None when unbound.

        The query is sent as it is: write full IRIs, since a server may declare no prefix.

        Parameters
        ----------
        text : str
            SPARQL SELECT text.
        where : str
            What the query is called in error messages.

        Yields
        ------
        tuple
            An IRI as a string, a literal as ``("L", text, language, datatype)``.

        Examples
        --------
        >>> list(kg.source.plain_rows("SELECT ?label WHERE { <https://w3id.org/spacegraph/id/china> "
        ...                           "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"))
        [(('L', 'China', 'en', None),)]
        """

    def scan(self, predicate: str, obj: str | None = None) -> Iterator[tuple[Any, Any]]:
        """Yield ``(subject, object)`` of the triples with ``predicate`` (and ``obj``), as plain values.

        Parameters
        ----------
        predicate : str
            The predicate's full IRI.
        obj : str, optional
            Keep only the triples with this object IRI.

        Yields
        ------
        (subject, object)

        Examples
        --------
        >>> hosts = "https://w3id.org/spacegraph/ontology#hosts"
        >>> station = "https://w3id.org/spacegraph/id/patagonia-deep-space-station"
        >>> ("https://w3id.org/spacegraph/id/argentina", station) in kg.source.scan(hosts)
        True
        """

    def labels_of(self, iris: Iterable[str]) -> dict[str, str]:
        """Return ``{IRI: label}`` for ``iris``, the English label where there is one.

        Parameters
        ----------
        iris : iterable of str
            Full IRIs; those without a label are left out.

        Returns
        -------
        dict of str to str

        Examples
        --------
        >>> kg.source.labels_of(["https://w3id.org/spacegraph/id/china"])
        {'https://w3id.org/spacegraph/id/china': 'China'}
        """

    def warn(self, message: str) -> None:
        """Keep ``message`` among :attr:`warnings`, once.

        Parameters
        ----------
        message : str
            One line.

        Examples
        --------
        >>> from spacegraph.graph.remote import RemoteEndpoint
        >>> endpoint = RemoteEndpoint("http://127.0.0.1:7878/query")
        >>> endpoint.warn("an odd answer"); endpoint.warn("an odd answer")
        >>> endpoint.warnings
        ['an odd answer']
        """


class EmbeddedGraph(GraphSource, Protocol):
    """A graph held in this process: its triples, the store under them, and the files they came from.

    Attributes
    ----------
    graph : rdflib.Graph
        Ontology and data, merged.
    store : pyoxigraph.Store or None
        The store under ``graph`` (None for a plain rdflib graph).
    data_files : list of Path
        The instance data files read.
    sources_dir : Path
        The folder of the texts that quotes are checked against.
    ontology_triples : int
        How many of the triples come from the ontology.
    built : BuiltFrom or None
        The build folder and fingerprint, when the graph is a store ``spacegraph build`` wrote.
    """

    graph: rdflib.Graph
    store: pyoxigraph.Store | None
    data_files: list[Path]
    sources_dir: Path
    ontology_triples: int
    built: BuiltFrom | None

    def __len__(self) -> int:
        """The graph's triples, the derived rows left out."""

    @property
    def derived_triples(self) -> int:
        """How many rows :mod:`spacegraph.core.derived` put in their own named graph (0 when none)."""

    def ensure_derived(self) -> None:
        """Derive the counts and listings unless the store holds them already (a built store does).

        Examples
        --------
        A graph of its own, since this adds to its store:

        >>> import spacegraph
        >>> graph = spacegraph.load()
        >>> graph.source.ensure_derived()
        >>> graph.source.derived_triples > 0
        True
        """


class HasSource(Protocol):
    """An object that holds a graph source, such as :class:`~spacegraph.KnowledgeGraph`."""

    @property
    def source(self) -> GraphSource:
        """The graph source it reads through."""


@dataclass(frozen=True)
class BuiltFrom:
    """Where a graph opened from a built store came from: the build folder and the store's fingerprint record."""

    folder: Path
    record: dict[str, Any]


def embedded(graph: HasSource, needed_for: str = "this") -> EmbeddedGraph:
    """Return the embedded graph of ``graph``; a SPARQL server has none.

    Parameters
    ----------
    graph : GraphSource, or an object holding one
        A :class:`~spacegraph.KnowledgeGraph`, its source, or a :class:`~spacegraph.graph.remote.RemoteEndpoint`.
    needed_for : str
        What needs the graph itself, for the error message.

    Returns
    -------
    EmbeddedGraph
        The graph, its store and its files.

    Raises
    ------
    InvalidArgument
        When ``graph`` is a SPARQL server, naming what needed the graph itself.

    Examples
    --------
    >>> embedded(kg) is kg.source
    True
    >>> from spacegraph.graph.remote import RemoteEndpoint
    >>> embedded(RemoteEndpoint("http://127.0.0.1:7878/query"), "validation")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: validation needs the graph itself, not the SPARQL server <RemoteEndpoint http://127.0.0.1:7878/query>
    """
    local = graph.source.local
    if local is None:
        raise InvalidArgument(f"{needed_for} needs the graph itself, not the SPARQL server {graph.source!r}", argument="graph")
    return local
