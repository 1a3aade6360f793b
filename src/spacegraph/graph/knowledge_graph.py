"""The :class:`KnowledgeGraph`: an rdflib graph of ontology and data, with its files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core import paths
from ..errors import DataFileError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx
    from IPython.display import HTML
    from rdflib import URIRef

    from ..sparql.results import QueryResult, Row
    from ..validation.report import ValidationReport
    from .stats import GraphStats

__all__ = ["KnowledgeGraph", "load", "read_graph", "default_build_dir"]


class KnowledgeGraph:
    """The spacegraph knowledge graph: ontology and instance data in one rdflib graph.

    Build it with :func:`spacegraph.load`.

    Parameters
    ----------
    graph : rdflib.Graph
        Ontology and data, merged.
    data_files : list of Path
        The instance data files that were loaded.
    sources_dir : Path
        Folder of the source texts that quotes are checked against.
    ontology_triples : int
        How many of the graph's triples come from the ontology.
    oxigraph_store : pyoxigraph.Store, optional
        The store under ``graph``; SPARQL goes to it directly, which skips
        rdflib's per-row overhead.
    warnings : list of str, optional
        What looked wrong while loading without stopping it, one line each
        (a data file that adds no triple, a graph with no data).

    Attributes
    ----------
    graph : rdflib.Graph
        The merged graph; query it with SPARQL or iterate its triples.
    warnings : list of str
        What looked wrong while loading.

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load()
    >>> kg.label("sgid:military-aerospace-force")
    'Military Aerospace Force'
    >>> kg.stats().entity_count > 50
    True
    """

    def __init__(self, graph, *, data_files, sources_dir, ontology_triples=0, oxigraph_store=None, warnings=()):
        self.graph = graph
        self.warnings = list(warnings)
        self.oxigraph_store = oxigraph_store
        self.ontology_triples = ontology_triples
        self.data_files = [Path(p) for p in data_files]
        self.sources_dir = Path(sources_dir)
        self._labels = None  # {IRI: label}, made on first use by labels()
        #: The build folder whose store this graph is, when it was opened from one (else None).
        self.built_store = None
        #: The fingerprint record of that store (else None): its network file must name it.
        self.built_fingerprint = None
        #: What the query helpers derive from the graph once and keep (the index of names).
        self.derived = {}
        self._derived_triples = None  # how many triples the derived graph holds, once it is known to be there

    def __len__(self):
        # the store counts in Rust; rdflib's len() walks every triple in Python (5 s at a million)
        if self.oxigraph_store is None:
            return len(self.graph)
        return len(self.oxigraph_store) - self._count_derived()

    def _count_derived(self):
        """How many of the store's quads are derived counts (:mod:`spacegraph.core.derived`), not the graph's triples."""
        if self._derived_triples is None:
            import pyoxigraph as ox

            from ..core.derived import DERIVED_GRAPH

            graph = ox.NamedNode(DERIVED_GRAPH)
            if not self.oxigraph_store.contains_named_graph(graph):
                return 0
            self._derived_triples = sum(1 for _ in self.oxigraph_store.quads_for_pattern(None, None, None, graph))
        return self._derived_triples

    def ensure_derived(self) -> None:
        """Derive the counts of :mod:`spacegraph.core.derived` unless the store holds them already (a built store does)."""
        import pyoxigraph as ox

        from ..core.derived import DERIVED_GRAPH, derive

        if self.oxigraph_store is None or self._derived_triples is not None:
            return
        if self.oxigraph_store.contains_named_graph(ox.NamedNode(DERIVED_GRAPH)):
            self._count_derived()
            return
        self._derived_triples = derive(self.oxigraph_store)

    def __repr__(self):
        return f"<KnowledgeGraph: {len(self)} triples from {len(self.data_files)} data files>"

    def expand(self, name: str) -> URIRef:
        """Return the IRI for a prefixed name such as ``sgid:china``, or ``name`` as an IRI."""
        from rdflib import URIRef

        from ..core.terms import expand

        if isinstance(name, URIRef):
            return name
        return URIRef(expand(name, {prefix: str(namespace) for prefix, namespace in self.graph.namespaces()}))

    def label(self, node: str) -> str:
        """Return the English label of ``node`` (an IRI or a prefixed name)."""
        from ..core.model import label_of

        return label_of(self.graph, self.expand(node))

    def query(self, name_or_sparql: str, *, allow_federation: bool = False, timeout: float | None = None,
              **params: object) -> QueryResult:
        """Run a named query (``"ilrs-members"``) or SPARQL text, with parameters as keywords.

        Parameters
        ----------
        name_or_sparql : str
            A name from the query library (see :func:`spacegraph.sparql.library.list_queries`) or SPARQL text.
        allow_federation : bool
            Allow ``SERVICE`` and ``FROM`` of remote graphs; refused by default.
        timeout : float, optional
            Seconds to wait for the answer.
        **params
            The query's parameters, e.g. ``actor="ASF"``.

        Returns
        -------
        QueryResult
            Iterates as rows (readable by variable name); ``.to_dataframe()`` gives pandas.

        Examples
        --------
        >>> import spacegraph
        >>> kg = spacegraph.load()
        >>> [str(r.stateLabel) for r in kg.query("ilrs-members") if str(r.role) == "member"][:3]
        ['Azerbaijan', 'Belarus', 'Egypt']
        >>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:State }").rows[0].n.toPython()
        32
        """
        from ..sparql.query import run_query

        return run_query(self, name_or_sparql, params, allow_federation=allow_federation, timeout=timeout)

    def run(self, text, bindings=None, *, where="query", timeout=None):
        """Run SPARQL ``text`` with initial ``bindings`` on the embedded engine (no checks; see :meth:`query`).

        With ``timeout`` (seconds), :class:`~spacegraph.errors.QueryTimeout` is raised when it passes first; the
        engine cannot stop the query, which finishes in a background thread.
        """
        from ..core.derived import names_derived_graph
        from ..sparql.query import call_with_timeout, local_run

        if names_derived_graph(text):
            self.ensure_derived()
        return call_with_timeout(lambda: local_run(self.graph, text, bindings or {}, where=where, oxigraph_store=self.oxigraph_store),
                                 timeout, where)

    def select(self, text: str) -> list[Row]:
        """Return the rows of a SELECT query without parameters."""
        return self.run(text).rows

    def labels(self) -> dict[str, str]:
        """Return ``{IRI: English label}`` for every labelled node, computed once."""
        if self._labels is None:
            found = {}
            if self.oxigraph_store is not None:  # read from the store itself: no rdflib term per triple
                import pyoxigraph

                label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
                for quad in self.oxigraph_store.quads_for_pattern(None, label, None):
                    value = quad.object
                    if isinstance(value, pyoxigraph.Literal) and (value.language == "en" or quad.subject.value not in found):
                        found[quad.subject.value] = value.value
            else:
                from rdflib import RDFS, Literal

                for node, value in self.graph.subject_objects(RDFS.label):
                    if isinstance(value, Literal) and (value.language == "en" or str(node) not in found):
                        found[str(node)] = str(value)
            self._labels = found
        return self._labels

    def labels_of(self, iris: Iterable[str]) -> dict[str, str]:
        """Return ``{IRI: English label}`` for ``iris`` only, in one query (cheaper than :meth:`labels` on a big graph)."""
        iris = sorted({iri for iri in iris if iri.startswith(("http://", "https://", "urn:"))})
        if self._labels is not None or not iris:
            labels = self._labels or {}
            return {iri: labels[iri] for iri in iris if iri in labels}
        from ..core.terms import valid_iri

        values = " ".join(f"<{iri}>" for iri in iris if valid_iri(iri))
        text = f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
        found = {}
        if self.oxigraph_store is not None:
            rows = ((row["node"].value, row["label"].value, row["label"].language) for row in self.oxigraph_store.query(text))
        else:
            rows = ((str(node), str(label), getattr(label, "language", None)) for node, label in self.graph.query(text))
        for node, label, language in rows:
            if language == "en" or node not in found:
                found[node] = label
        return found

    def to_networkx(self, view: str = "actors", as_of: str | None = None) -> nx.MultiDiGraph:
        """Project the graph onto an ``nx.MultiDiGraph`` of actors and quoted relationships.

        See :func:`spacegraph.network.projection.to_networkx` for the views and how dates are read.

        Examples
        --------
        >>> import spacegraph
        >>> G = spacegraph.load().to_networkx()
        >>> G.nodes["sgid:argentina"]["label"], G.nodes["sgid:argentina"]["kind"]
        ('Argentina', 'state')
        """
        from ..network.projection import to_networkx

        return to_networkx(self, view=view, as_of=as_of)

    def write_network(self, folder: str | Path, fingerprint: dict) -> Path:
        """Write the network :meth:`to_networkx` reads from a built store into that store's ``folder``.

        ``spacegraph build`` calls it for each store it writes; ``fingerprint`` is the store's
        record. See :mod:`spacegraph.network.network_file`.

        Examples
        --------
        >>> import tempfile, spacegraph
        >>> spacegraph.load().write_network(tempfile.mkdtemp(), {"format": 1}).name
        'network.json'
        """
        from ..network.projection import write_network

        return write_network(self, folder, fingerprint)

    def _network_for_page(self, view, as_of, kinds):
        G = self.to_networkx(view=view, as_of=as_of)
        if kinds is not None:
            wanted = set(kinds)
            G.remove_nodes_from([n for n, data in list(G.nodes(data=True)) if data.get("kind") not in wanted])
        return G

    def render_html(self, path: str | Path, *, view: str = "actors", as_of: str | None = None, kinds: Iterable[str] | None = None,
                    size_by: str = "pagerank", color_by: str = "kind", title: str | None = None) -> Path:
        """Write the interactive explorer, one self-contained HTML page, to ``path``; return the path.

        Nodes are sized by ``size_by`` (a centrality measure, PageRank by
        default) and coloured by ``color_by`` (``kind`` or ``community``);
        ``kinds`` keeps only the actors of those kinds. See :mod:`spacegraph.explorer.render`.
        """
        from ..explorer.render import render_html

        G = self._network_for_page(view, as_of, kinds)
        return render_html(G, path, kg=self, title=title, size_by=size_by, color_by=color_by)

    def show(self, *, view: str = "actors", as_of: str | None = None, kinds: Iterable[str] | None = None,
             size_by: str = "pagerank", color_by: str = "kind", height: int = 720, title: str | None = None) -> HTML:
        """Show the explorer inline in Jupyter or VS Code, as an ``iframe srcdoc`` (a file IFrame shows blank there)."""
        import html as html_module

        try:
            from IPython.display import HTML
        except ImportError:
            from ..errors import MissingDependency

            raise MissingDependency("show() needs IPython; install it with: pip install 'spacegraph[notebook]'") from None

        import warnings

        from ..explorer.render import explorer_html

        page = explorer_html(self._network_for_page(view, as_of, kinds), kg=self, title=title, size_by=size_by, color_by=color_by)
        frame = (f'<iframe srcdoc="{html_module.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;border:0" '
                 f'sandbox="allow-scripts"></iframe>')
        with warnings.catch_warnings():  # IPython suggests IFrame, which shows blank in VS Code and JupyterLab
            warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")
            return HTML(frame)

    def validate(self, *, shapes_path: str | Path | None = None) -> ValidationReport:
        """Run every check and return a :class:`~spacegraph.validation.ValidationReport`.

        Examples
        --------
        >>> import spacegraph
        >>> print(spacegraph.load().validate())
        valid: no problems found
        """
        from ..validation import validate

        return validate(self, shapes_path=shapes_path)

    def stats(self) -> GraphStats:
        """Return the counts of entities, relationships, quotes and sources as :class:`~spacegraph.graph.stats.GraphStats`."""
        from .stats import compute_stats

        return compute_stats(self)

    def serialize(self, format: str = "turtle") -> str:
        """Return the merged graph as text in ``format`` (``turtle``, ``nt`` or ``json-ld``).

        Examples
        --------
        >>> import spacegraph
        >>> spacegraph.load().serialize("nt").count("\\n") > 2000
        True
        """
        from .export import serialize

        return serialize(self.graph, format)


def load(data_files: Iterable[str | Path] | None = None, *, sources_dir: str | Path | None = None,
         build_dir: str | Path | None = None, use_store: bool = True) -> KnowledgeGraph:
    """Load the ontology and the data into a :class:`~spacegraph.graph.KnowledgeGraph`.

    When ``spacegraph build`` has left a store of exactly these files in the build folder,
    and none has changed since, the graph is that store, opened read-only in milliseconds.
    Otherwise the files are parsed, and when a store was there, ``kg.warnings`` says why it
    was not used ("graph_data/military.ttl changed since the last build").

    Parameters
    ----------
    data_files : list of path-like, optional
        Data files to load instead of the project's ``graph_data/*.ttl``.
        The ontology is always loaded with them.
    sources_dir : path-like, optional
        Folder of source texts that quotes are checked against; the
        project's ``graph_data/sources/`` by default.
    build_dir : path-like, optional
        The build folder whose store to use: ``$SPACEGRAPH_BUILD``, else ``build`` in the
        working folder.
    use_store : bool
        Set to false to parse the files even when a fresh store is there.

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    DataFileError
        When a file is missing or does not parse; the message names the
        file and line.

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load()
    >>> len(kg) > 2000
    True
    """
    files = [Path(p) for p in (paths.data_files() if data_files is None else data_files)]
    sources = Path(sources_dir or paths.sources_dir())
    reason = None
    if use_store and files:
        from ..core.built_store import open_built_store

        store, record, reason = open_built_store(default_build_dir(build_dir), paths.ontology_file(), files, sources)
        if store is not None:
            from ..core.store import new_graph

            kg = KnowledgeGraph(new_graph(store), data_files=files, sources_dir=sources,
                                ontology_triples=record["ontology_triples"], oxigraph_store=store)
            kg.built_store = Path(default_build_dir(build_dir))
            kg._derived_triples = record["derived_triples"]  # counting them again would read them all from disk
            kg.built_fingerprint = record
            return kg
    kg, failures = read_graph(files, sources_dir=sources)
    if failures:
        raise failures[0]
    if reason:
        kg.warnings.append(f"read the files, not the built store: {reason} (spacegraph build writes it again)")
    return kg


def default_build_dir(build_dir: str | Path | None = None) -> Path:
    """Return the build folder: ``build_dir``, else ``$SPACEGRAPH_BUILD``, else ``build`` in the working folder."""
    import os

    return Path(build_dir or os.environ.get("SPACEGRAPH_BUILD") or "build")


def read_graph(data_files: Iterable[str | Path] | None = None, *,
               sources_dir: str | Path | None = None) -> tuple[KnowledgeGraph | None, list[DataFileError]]:
    """Parse the ontology and ``data_files`` into a new graph.

    Returns
    -------
    (KnowledgeGraph or None, list of DataFileError)
        The graph is None when any file failed to parse.
    """
    files = [Path(p) for p in (paths.data_files() if data_files is None else data_files)]
    if not files:
        return None, [DataFileError(paths.data_dir(), "no data files (*.ttl) found")]
    import pyoxigraph

    from ..core.store import new_graph, parse_files

    oxigraph_store = pyoxigraph.Store()
    graph = new_graph(oxigraph_store)
    failures = parse_files([paths.ontology_file()], graph)
    count = oxigraph_store.__len__
    ontology_triples = count()
    warnings = []
    failures += parse_files(files, graph, warnings, count)
    if failures:
        return None, failures
    if count() == ontology_triples:
        warnings.append(f"no data was loaded: the graph holds only the ontology's {ontology_triples:,} triples")
    kg = KnowledgeGraph(graph, data_files=files, sources_dir=Path(sources_dir or paths.sources_dir()),
                        ontology_triples=ontology_triples, oxigraph_store=oxigraph_store, warnings=warnings)
    return kg, []

