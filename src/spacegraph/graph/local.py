"""The embedded graph: an rdflib graph over its Oxigraph store, read as every service reads a graph.

:class:`LocalSource` implements :class:`~spacegraph.core.source.EmbeddedGraph`: the rows,
scans and labels the services ask for, the derived counts, and the label caches.
:class:`~spacegraph.KnowledgeGraph` holds one as ``kg.source``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.names import keep_label

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    import pyoxigraph
    import rdflib

    from ..core.source import BuiltFrom
    from ..sparql.results import QueryResult, Row

__all__ = ["LocalSource"]

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class LocalSource:
    """An embedded graph: ``graph`` (rdflib) over ``store`` (pyoxigraph), with the files it was read from.

    Parameters
    ----------
    graph : rdflib.Graph
        Ontology and data, merged.
    store : pyoxigraph.Store, optional
        The store under ``graph``: SPARQL and scans go to it directly, which skips rdflib's
        per-row cost. Without it, everything is read through rdflib.
    data_files : list of path-like
        The instance data files that were read.
    sources_dir : path-like
        The folder of the texts that quotes are checked against.
    ontology_triples : int
        How many of the triples come from the ontology.
    warnings : list of str
        What looked wrong while reading, one line each.
    built : BuiltFrom, optional
        The build folder and fingerprint, when the store is one ``spacegraph build`` wrote.
    derived_triples : int, optional
        The rows of the derived graph, when known (a built store records them).

    Examples
    --------
    >>> import spacegraph
    >>> source = spacegraph.load().source
    >>> source.labels_of(["https://w3id.org/spacegraph/id/china"])
    {'https://w3id.org/spacegraph/id/china': 'China'}
    >>> states = source.plain_rows("SELECT ?s WHERE { ?s a <https://w3id.org/spacegraph/ontology#State> }")
    >>> ("https://w3id.org/spacegraph/id/argentina",) in states
    True
    """

    def __init__(self, graph: rdflib.Graph, store: pyoxigraph.Store | None = None, *, data_files: Iterable[str | Path] = (),
                 sources_dir: str | Path = ".", ontology_triples: int = 0, warnings: Iterable[str] = (),
                 built: BuiltFrom | None = None, derived_triples: int | None = None) -> None:
        self.graph = graph
        self.store = store
        self.data_files = [Path(p) for p in data_files]
        self.sources_dir = Path(sources_dir)
        self.ontology_triples = ontology_triples
        self.warnings = list(warnings)
        self.built = built
        #: What the services derive from the graph once and keep (the index of names).
        self.derived: dict[str, Any] = {}
        self._derived_triples = derived_triples
        self._labels: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"<LocalSource: {len(self)} triples from {len(self.data_files)} data files>"

    @property
    def source(self) -> LocalSource:
        """The source itself."""
        return self

    @property
    def local(self) -> LocalSource:
        """The source itself: the graph is here."""
        return self

    def __len__(self) -> int:
        # the store counts in Rust; rdflib's len() walks every triple in Python (5 s at a million)
        if self.store is None:
            return len(self.graph)
        return len(self.store) - self.derived_triples

    @property
    def derived_triples(self) -> int:
        """How many of the store's quads are derived rows (:mod:`spacegraph.core.derived`), not the graph's triples."""
        if self._derived_triples is None:
            if self.store is None:
                return 0
            import pyoxigraph as ox

            from ..core.derived import DERIVED_GRAPH

            graph = ox.NamedNode(DERIVED_GRAPH)
            if not self.store.contains_named_graph(graph):
                return 0
            self._derived_triples = sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))
        return self._derived_triples

    def ensure_derived(self) -> None:
        """Derive the counts of :mod:`spacegraph.core.derived` unless the store holds them already (a built store does)."""
        if self.store is None or self._derived_triples is not None:
            return
        import pyoxigraph as ox

        from ..core.derived import DERIVED_GRAPH, derive

        if self.store.contains_named_graph(ox.NamedNode(DERIVED_GRAPH)):
            self._derived_triples = sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH)))
            return
        self._derived_triples = derive(self.store)

    def warn(self, message: str) -> None:
        """Keep ``message`` among :attr:`warnings`, once."""
        if message not in self.warnings:
            self.warnings.append(message)

    def run(self, text: str, bindings: Mapping[str, Any] | None = None, *, where: str = "query",
            timeout: float | None = None) -> QueryResult:
        """Run SPARQL ``text`` with initial ``bindings`` on the embedded engine (no checks).

        With ``timeout`` (seconds), :class:`~spacegraph.errors.QueryTimeout` is raised when it passes first; the
        engine cannot stop the query, which finishes in a background thread.
        """
        from ..core.derived import names_derived_graph
        from ..sparql.query import call_with_timeout, local_run

        if names_derived_graph(text):
            self.ensure_derived()
        return call_with_timeout(lambda: local_run(self.graph, text, dict(bindings or {}), where=where, oxigraph_store=self.store),
                                 timeout, where)

    def select(self, text: str) -> list[Row]:
        """Return the rows of a SELECT query without parameters."""
        return self.run(text).rows

    def plain_rows(self, text: str, *, where: str = "query") -> Iterator[tuple[Any, ...]]:
        """Yield the rows of a SELECT query as tuples of plain values (``None`` when unbound)."""
        from ..core.store import select_rows, solutions
        from ..core.terms import oxigraph_plain_converter, plain

        if self.store is not None:
            convert = oxigraph_plain_converter()
            for solution in solutions(self.store, text):
                yield tuple(convert(term) for term in solution)
            return
        for solution in select_rows(self.graph, text):
            yield tuple(None if term is None else plain(term) for term in solution)

    def scan(self, predicate: str, obj: str | None = None) -> Iterator[tuple[Any, Any]]:
        """Yield ``(subject, object)`` of the triples with ``predicate`` (and object IRI ``obj``) in the default graph."""
        from ..core.terms import oxigraph_plain_converter, plain

        if self.store is not None:
            import pyoxigraph as ox

            convert = oxigraph_plain_converter()
            named = ox.NamedNode
            for quad in self.store.quads_for_pattern(None, named(predicate), None if obj is None else named(obj), ox.DefaultGraph()):
                yield convert(quad.subject), convert(quad.object)
            return
        from rdflib import URIRef

        for s, _, o in self.graph.triples((None, URIRef(predicate), None if obj is None else URIRef(obj))):
            yield plain(s), plain(o)

    def labels(self) -> dict[str, str]:
        """Return ``{IRI: English label}`` for every labelled node, computed once."""
        if self._labels is None:
            found: dict[str, str] = {}
            if self.store is not None:  # read from the store itself: no rdflib term per triple
                import pyoxigraph

                for quad in self.store.quads_for_pattern(None, pyoxigraph.NamedNode(_LABEL), None):
                    node, value = quad.subject, quad.object
                    if isinstance(node, pyoxigraph.Triple):  # a label on a quoted triple (RDF 1.2) names no node
                        continue
                    if isinstance(value, pyoxigraph.Literal):
                        keep_label(found, node.value, value.value, value.language)
            else:
                from rdflib import Literal, URIRef

                for subject, label in self.graph.subject_objects(URIRef(_LABEL)):
                    if isinstance(label, Literal):
                        keep_label(found, str(subject), str(label), label.language)
            self._labels = found
        return self._labels

    def labels_of(self, iris: Iterable[str]) -> dict[str, str]:
        """Return ``{IRI: English label}`` for ``iris`` only, in one query (cheaper than :meth:`labels` on a big graph)."""
        wanted = sorted({iri for iri in iris if iri.startswith(("http://", "https://", "urn:"))})
        if self._labels is not None or not wanted:
            labels = self._labels or {}
            return {iri: labels[iri] for iri in wanted if iri in labels}
        from ..core.store import select_rows, solutions
        from ..core.terms import valid_iri

        values = " ".join(f"<{iri}>" for iri in wanted if valid_iri(iri))
        text = f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} ?node <{_LABEL}> ?label }}"
        found: dict[str, str] = {}
        if self.store is not None:
            rows = ((row["node"].value, row["label"].value, row["label"].language) for row in solutions(self.store, text))
        else:
            from rdflib import Literal

            rows = ((str(node), str(label), label.language if isinstance(label, Literal) else None)
                    for node, label in select_rows(self.graph, text))
        for node, label, language in rows:
            keep_label(found, node, label, language)
        return found
