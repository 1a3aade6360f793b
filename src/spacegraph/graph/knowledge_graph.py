"""The :class:`KnowledgeGraph`: the object users hold, its verbs, and the graph source under it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from .local import LocalSource
from .verbs import NetworkVerbs

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx
    import pyoxigraph
    import rdflib
    from IPython.display import HTML
    from rdflib import URIRef

    from ..sparql.results import QueryResult, Row
    from ..validation.report import ValidationReport
    from .stats import GraphStats

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph(NetworkVerbs):
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
        rdflib's per-row overhead. Without it, everything reads through rdflib.
    warnings : list of str, optional
        What looked wrong while loading without stopping it, one line each
        (a data file that adds no triple, a graph with no data).

    Attributes
    ----------
    graph : rdflib.Graph
        The merged graph; query it with SPARQL or iterate its triples.
    warnings : list of str
        What looked wrong while loading.
    source : LocalSource
        The graph as the services read it (:mod:`spacegraph.core.source`): rows, scans,
        labels, the store under the graph and the derived counts.

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load()
    >>> kg.label("sgid:military-aerospace-force")
    'Military Aerospace Force'
    >>> kg.stats().entity_count > 50
    True
    """

    def __init__(self, graph: rdflib.Graph, *, data_files: Iterable[str | Path], sources_dir: str | Path,
                 ontology_triples: int = 0, oxigraph_store: pyoxigraph.Store | None = None, warnings: Iterable[str] = ()) -> None:
        self.source = LocalSource(graph, oxigraph_store, data_files=data_files, sources_dir=sources_dir,
                                  ontology_triples=ontology_triples, warnings=warnings)

    @classmethod
    def from_source(cls, source: LocalSource) -> KnowledgeGraph:
        """Return the knowledge graph over an embedded graph source.

        Parameters
        ----------
        source : LocalSource
            The embedded graph, as another graph's ``.source`` holds it.

        Returns
        -------
        KnowledgeGraph
            A graph that reads ``source``, with nothing loaded again.

        Examples
        --------
        >>> from spacegraph import KnowledgeGraph
        >>> same = KnowledgeGraph.from_source(kg.source)
        >>> same.source is kg.source, same.label("sgid:china")
        (True, 'China')
        """
        kg = cls.__new__(cls)
        kg.source = source
        return kg

    @property
    def graph(self) -> rdflib.Graph:
        """The merged graph (ontology and data); query it with SPARQL or iterate its triples."""
        return self.source.graph

    @property
    def data_files(self) -> list[Path]:
        """The instance data files that were loaded."""
        return self.source.data_files

    @property
    def sources_dir(self) -> Path:
        """The folder of the source texts that quotes are checked against."""
        return self.source.sources_dir

    @property
    def warnings(self) -> list[str]:
        """What looked wrong while loading, one line each."""
        return self.source.warnings

    def __len__(self) -> int:
        return len(self.source)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self)} triples from {len(self.data_files)} data files>"

    def expand(self, name: str) -> URIRef:
        """Return the IRI for a prefixed name such as ``sgid:china``, or ``name`` as an IRI.

        Parameters
        ----------
        name : str
            A prefixed name of one of the graph's prefixes, or an IRI.

        Returns
        -------
        rdflib.URIRef

        Examples
        --------
        >>> kg.expand("sgid:china")
        rdflib.term.URIRef('https://w3id.org/spacegraph/id/china')
        >>> kg.expand("https://w3id.org/spacegraph/id/china") == kg.expand("sgid:china")
        True
        """
        from rdflib import URIRef

        from ..core.terms import expand

        if isinstance(name, URIRef):
            return name
        return URIRef(expand(name, {prefix: str(namespace) for prefix, namespace in self.graph.namespaces()}))

    def label(self, node: str) -> str:
        """Return the English label of ``node`` (an IRI or a prefixed name).

        Parameters
        ----------
        node : str
            An IRI or a prefixed name such as ``sgid:china``.

        Returns
        -------
        str
            Its English ``rdfs:label``, else another label, else its prefixed name.

        Examples
        --------
        >>> kg.label("sgid:ilrs")
        'International Lunar Research Station'
        >>> kg.label("sgid:no-such-actor")
        'sgid:no-such-actor'
        """
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

        Raises
        ------
        UnknownQuery
            ``name_or_sparql`` reads as a name the library lacks.
        ParameterError
            A parameter is unknown, missing, or names no entity.
        QuerySyntaxError, UpdateRefused, FederationRefused, QueryTimeout
            The SPARQL text is wrong, would change the graph, reaches out, or takes too long.

        Examples
        --------
        >>> members = [str(r.stateLabel) for r in kg.query("ilrs-members") if str(r.role) == "member"]
        >>> "Egypt" in members
        True
        >>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:State }").rows[0].n.toPython() > 0
        True
        >>> {str(r.relation) for r in kg.query("actor-profile", actor="ASF")} >= {"creates"}
        True
        """
        from ..sparql.query import run_query

        return run_query(self, name_or_sparql, params, allow_federation=allow_federation, timeout=timeout)

    def select(self, text: str) -> list[Row]:
        """Return the rows of a SELECT query without parameters (no checks: see :meth:`query`).

        Parameters
        ----------
        text : str
            SPARQL SELECT text; the project's prefixes are declared.

        Returns
        -------
        list of Row
            One row per answer, readable by variable name.

        Examples
        --------
        >>> rows = kg.select("SELECT ?label WHERE { sgid:china rdfs:label ?label }")
        >>> [str(row.label) for row in rows]
        ['China']
        """
        return self.source.select(text)

    def labels(self) -> dict[str, str]:
        """Return ``{IRI: English label}`` for every labelled node, computed once.

        Returns
        -------
        dict of str to str

        Examples
        --------
        >>> kg.labels()["https://w3id.org/spacegraph/id/china"]
        'China'
        """
        return self.source.labels()

    @overload
    def to_networkx(self, view: str = ..., as_of: str | None = ..., *, simple: Literal[False] = ...) -> nx.MultiDiGraph: ...
    @overload
    def to_networkx(self, view: str = ..., as_of: str | None = ..., *, simple: bool) -> nx.Graph: ...
    def to_networkx(self, view: str = "actors", as_of: str | None = None, *, simple: bool = False) -> nx.Graph:
        """Project the graph onto an ``nx.MultiDiGraph`` of actors and quoted relationships.

        See :func:`spacegraph.network.projection.to_networkx` for the views and how dates are read.
        With ``simple``, the undirected simple graph the path measures are computed on: one edge
        per pair of actors, ``weight`` = their relationships, ``distance`` = 1/weight
        (:func:`spacegraph.network.centrality.simple_projection`).

        Parameters
        ----------
        view : str
            Which nodes and edges to keep: one of :data:`spacegraph.network.projection.VIEWS`.
        as_of : str, optional
            A date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): keep what held then.
        simple : bool
            Return the undirected simple projection instead.

        Returns
        -------
        networkx.MultiDiGraph or networkx.Graph
            Nodes are prefixed names (``sgid:china``) with ``label`` and ``kind``; edges carry their quotes.

        Raises
        ------
        InvalidArgument
            ``view`` is not a view, or ``as_of`` not a date.

        Examples
        --------
        >>> G = kg.to_networkx()
        >>> G.nodes["sgid:argentina"]["label"], G.nodes["sgid:argentina"]["kind"]
        ('Argentina', 'state')
        >>> S = kg.to_networkx(simple=True)
        >>> S.is_directed(), S.number_of_edges() <= G.number_of_edges()
        (False, True)
        """
        from ..network.projection import to_networkx
        from .verbs import simple_if

        return simple_if(to_networkx(self, view=view, as_of=as_of), simple)

    def _network_for_page(self, view: str, as_of: str | None, kinds: Iterable[str] | None) -> nx.MultiDiGraph:
        G = self.to_networkx(view=view, as_of=as_of)
        if kinds is not None:
            wanted = set(kinds)
            G.remove_nodes_from([n for n, data in list(G.nodes(data=True)) if data.get("kind") not in wanted])
        return G

    def render(self, path: str | Path, *, view: str = "actors", as_of: str | None = None, kinds: Iterable[str] | None = None,
                    size_by: str = "pagerank", color_by: str = "kind", title: str | None = None) -> Path:
        """Write the interactive explorer, one self-contained HTML page, to ``path``; return the path.

        Nodes are sized by ``size_by`` (a centrality measure, PageRank by
        default) and coloured by ``color_by`` (``kind`` or ``community``);
        ``kinds`` keeps only the actors of those kinds. See :mod:`spacegraph.explorer.render`.

        Parameters
        ----------
        path : path-like
            The HTML file to write.
        view, as_of
            The network drawn, as in :meth:`to_networkx`.
        kinds : iterable of str, optional
            Keep only the actors of these kinds (``state``, ``organisation``...).
        size_by : str
            What sizes a node: one of :data:`spacegraph.explorer.render.SIZE_BY`.
        color_by : str
            What colours a node: one of :data:`spacegraph.explorer.render.COLOR_BY`.
        title : str, optional
            The page's title (by default, one that says the view and the date).

        Returns
        -------
        Path
            The file written.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = kg.render(Path(folder) / "explorer.html", kinds=["state"])
        ...     path.name, "<html" in path.read_text(encoding="utf-8")
        ('explorer.html', True)
        """
        from ..explorer.render import render_html

        G = self._network_for_page(view, as_of, kinds)
        return render_html(G, path, kg=self, title=title, size_by=size_by, color_by=color_by)

    def push(self, url: str, *, graph_iri: str | None = None, timeout: float = 120.0, user: str | None = None,
             password: str | None = None) -> tuple[int, int]:
        """Upload the graph and its derived counts to a SPARQL Graph Store (``spacegraph push``).

        Parameters
        ----------
        url : str
            The Graph Store endpoint (Oxigraph's ``/store``, Fuseki's ``/dataset/data``...).
        graph_iri : str, optional
            The named graph to replace; by default the server's default graph.
        timeout : float
            Seconds to wait for each request.
        user, password : str, optional
            HTTP basic authentication.

        Returns
        -------
        tuple of int
            The triples of the graph and the derived triples sent.

        Raises
        ------
        EndpointError
            The server cannot be reached or refuses the upload.

        See Also
        --------
        spacegraph.graph.remote.push_knowledge_graph

        Examples
        --------
        Nothing listens on a free port, and the error says so:

        >>> from spacegraph.sparql.server import free_port
        >>> kg.push(f"http://127.0.0.1:{free_port()}/store", timeout=5)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../store?default: connection refused
        """
        from .remote import push_knowledge_graph

        return push_knowledge_graph(self, url, graph_iri=graph_iri, timeout=timeout, user=user, password=password)

    def show(self, *, view: str = "actors", as_of: str | None = None, kinds: Iterable[str] | None = None,
             size_by: str = "pagerank", color_by: str = "kind", height: int = 720, title: str | None = None) -> HTML:
        """Show the explorer inline in Jupyter or VS Code, as an ``iframe srcdoc`` (a file IFrame shows blank there).

        Parameters
        ----------
        view, as_of, kinds, size_by, color_by, title
            As in :meth:`render`.
        height : int
            The frame's height in pixels.

        Returns
        -------
        IPython.display.HTML
            Shown by a notebook when it is a cell's last value; its ``.data`` is the frame's HTML.

        Raises
        ------
        MissingDependency
            IPython is not installed.

        Examples
        --------
        Outside a notebook, the object holds the frame:

        >>> frame = kg.show(kinds=["state"], height=400)
        >>> frame.data.startswith("<iframe srcdoc="), "height:400px" in frame.data
        (True, True)
        """
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

        Parameters
        ----------
        shapes_path : path-like, optional
            SHACL shapes to use instead of ``ontology/shapes.ttl``.

        Returns
        -------
        ValidationReport
            ``.ok`` when no check found a problem; printed, one line per problem.

        See Also
        --------
        spacegraph.validation.validate : with progress, workers and an incremental cache.

        Examples
        --------
        >>> print(kg.validate())
        valid: no problems found
        """
        from ..validation import validate

        return validate(self, shapes_path=shapes_path)

    def stats(self) -> GraphStats:
        """Return the counts of entities, relationships, quotes and sources as :class:`~spacegraph.graph.stats.GraphStats`.

        Returns
        -------
        GraphStats
            Printed, the summary ``spacegraph stats`` shows.

        Examples
        --------
        >>> stats = kg.stats()
        >>> stats.entity_count > 0, stats.relationships_by_predicate["member of"] > 0
        (True, True)
        """
        from .stats import compute_stats

        return compute_stats(self)

    def serialize(self, format: str = "turtle") -> str:
        """Return the merged graph as text in ``format`` (``turtle``, ``nt`` or ``json-ld``).

        Parameters
        ----------
        format : str
            ``turtle``, ``nt`` or ``json-ld`` (:data:`spacegraph.graph.export.FORMATS`).

        Returns
        -------
        str

        Raises
        ------
        InvalidArgument
            ``format`` is none of them.

        Examples
        --------
        >>> "<https://w3id.org/spacegraph/id/china>" in kg.serialize("nt")
        True
        >>> kg.serialize("xml")
        Traceback (most recent call last):
        ...
        spacegraph.errors.InvalidArgument: unknown format 'xml'; choose one of turtle, nt, json-ld
        """
        from .export import serialize

        return serialize(self.graph, format)
