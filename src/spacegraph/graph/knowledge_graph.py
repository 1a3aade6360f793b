"""The :class:`KnowledgeGraph`: the object users hold, its verbs, and the graph source under it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
        """Return the knowledge graph over an embedded graph source."""
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

    def select(self, text: str) -> list[Row]:
        """Return the rows of a SELECT query without parameters (no checks: see :meth:`query`)."""
        return self.source.select(text)

    def labels(self) -> dict[str, str]:
        """Return ``{IRI: English label}`` for every labelled node, computed once."""
        return self.source.labels()

    def to_networkx(self, view: str = "actors", as_of: str | None = None, *, simple: bool = False) -> nx.Graph:
        """Project the graph onto an ``nx.MultiDiGraph`` of actors and quoted relationships.

        See :func:`spacegraph.network.projection.to_networkx` for the views and how dates are read.
        With ``simple``, the undirected simple graph the path measures are computed on: one edge
        per pair of actors, ``weight`` = their relationships, ``distance`` = 1/weight
        (:func:`spacegraph.network.centrality.simple_projection`).

        Examples
        --------
        >>> import spacegraph
        >>> kg = spacegraph.load()
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

    def _network_for_page(self, view, as_of, kinds):
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
        """
        from ..explorer.render import render_html

        G = self._network_for_page(view, as_of, kinds)
        return render_html(G, path, kg=self, title=title, size_by=size_by, color_by=color_by)

    def push(self, url: str, *, graph_iri: str | None = None, timeout: float = 120.0, user: str | None = None,
             password: str | None = None) -> tuple[int, int]:
        """Upload the graph and its derived counts to a SPARQL Graph Store (``spacegraph push``).

        See :func:`spacegraph.graph.remote.push_knowledge_graph` for the parameters. Returns the
        triples of the graph and the derived triples sent.
        """
        from .remote import push_knowledge_graph

        return push_knowledge_graph(self, url, graph_iri=graph_iri, timeout=timeout, user=user, password=password)

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
