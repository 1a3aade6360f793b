"""Centrality of the actors of a projected graph.

Everything here works on any graph :func:`~spacegraph.network.projection.to_networkx`
returns. Betweenness, closeness and harmonic centrality, which need a
shortest-path tree from every node, run in igraph's C code (ten times
NetworkX's speed) and are normalised as NetworkX normalises them. Measures that need a simple graph use :func:`simple_projection`:
an undirected graph where parallel relationships between two actors, in
either direction, become one edge whose ``weight`` is their number, and
whose ``distance`` (used by path measures) is ``1 / weight``, so that actors
tied by several relationships count as closer.

Examples
--------
>>> import networkx as nx
>>> star = nx.MultiDiGraph([("hub", leaf) for leaf in "abcd"])
>>> table = centrality_table(star, measures=["degree", "betweenness"])
>>> table.rows[0]["node"], table.rows[0]["betweenness"]
('hub', 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.choices import MEASURES  # what each measure tells an analyst
from ..core.text_table import ShownAsText
from ..errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence

    import networkx as nx

__all__ = ["MEASURES", "ON_SIMPLE", "simple_projection", "centrality_table", "computed_on", "CentralityTable"]



def simple_projection(G: nx.MultiDiGraph) -> nx.Graph:
    """Return the undirected simple graph of ``G``: one edge per pair, ``weight`` = relationships, ``distance`` = 1/weight.

    Self-loops are left out; nodes keep their attributes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> S = simple_projection(G)
    >>> S.edges["a", "b"]["weight"], S.edges["a", "b"]["distance"]
    (2, 0.5)
    """
    import networkx as nx

    S: nx.Graph[Hashable] = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if u == v:
            continue
        if S.has_edge(u, v):
            S.edges[u, v]["weight"] += 1
        else:
            S.add_edge(u, v, weight=1)
    for _, _, data in S.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return S


#: The measures computed on the simple projection (the others count every relationship of the network).
ON_SIMPLE = ("betweenness", "closeness", "harmonic", "eigenvector")


def computed_on(measures: Sequence[str]) -> str:
    """Say which graph ``measures`` are computed on: every relationship of the network, or its simple projection.

    Parameters
    ----------
    measures : sequence of str
        Names from :data:`MEASURES`.

    Returns
    -------
    str
        One clause per graph, as :attr:`CentralityTable.on` holds it.

    Examples
    --------
    >>> computed_on(["degree", "betweenness"])
    'degree on every relationship; betweenness on the simple projection, one weighted edge per pair (kg.to_networkx(simple=True))'
    """
    direct = [m for m in measures if m not in ON_SIMPLE]
    simple = [m for m in measures if m in ON_SIMPLE]
    parts = [f"{', '.join(direct)} on every relationship"] if direct else []
    if simple:
        parts.append(f"{', '.join(simple)} on the simple projection, one weighted edge per pair (kg.to_networkx(simple=True))")
    return "; ".join(parts)


@dataclass
class CentralityTable(ShownAsText):
    """Scores and ranks per node; ``rows`` are dicts sorted by the first measure.

    ``str()`` (and the notebook's display) gives the table ``spacegraph centrality`` prints;
    :meth:`to_dataframe` gives pandas.

    Examples
    --------
    >>> import networkx as nx
    >>> print(centrality_table(nx.MultiDiGraph([("a", "b"), ("b", "c")]), ["degree"]).top(2))
    #  actor  kind   degree
    -  -----  -----  ------
    1  b      other   1.000
    2  a      other   0.500
    """

    measures: list
    rows: list
    notes: list = field(default_factory=list)
    on: str = ""

    def to_dataframe(self) -> Any:
        """Return the table as a pandas DataFrame (needs pandas).

        Returns
        -------
        pandas.DataFrame
            One row per node: ``node``, ``label``, ``kind``, and each measure with its rank.

        Raises
        ------
        MissingDependency
            pandas is not installed.

        Examples
        --------
        >>> import networkx as nx
        >>> table = centrality_table(nx.MultiDiGraph([("a", "b"), ("b", "c")]), ["degree"])
        >>> table.to_dataframe()[["node", "degree"]].values.tolist()
        [['b', 1.0], ['a', 0.5], ['c', 0.5]]
        """
        from ..core.dataframes import dataframe

        return dataframe(self.rows)

    def top(self, n: int) -> CentralityTable:
        """Return a table with the first ``n`` rows.

        Parameters
        ----------
        n : int
            How many rows to keep.

        Returns
        -------
        CentralityTable
            The same measures and notes, fewer rows.

        Examples
        --------
        >>> import networkx as nx
        >>> table = centrality_table(nx.MultiDiGraph([("a", "b"), ("b", "c")]), ["degree"])
        >>> [row["node"] for row in table.top(1).rows]
        ['b']
        """
        return CentralityTable(self.measures, self.rows[:n], self.notes, self.on)

    def text(self, width: int = 100) -> str:
        """The table as text at most ``width`` wide: rank, actor, kind and one column per measure.

        Parameters
        ----------
        width : int
            The widest a line may be; long labels are cut to fit.

        Returns
        -------
        str
            The lines of the table, each ending in a new line; ``str(table)`` is this text.

        Examples
        --------
        >>> import networkx as nx
        >>> table = centrality_table(nx.MultiDiGraph([("a", "b"), ("b", "c")]), ["degree"])
        >>> print(table.text(width=40), end="")
        #  actor  kind   degree
        -  -----  -----  ------
        1  b      other   1.000
        2  a      other   0.500
        2  c      other   0.500
        """
        from ..core.text_table import text_table

        short = {"in_degree": "in", "out_degree": "out"}
        header = ["#", "actor", "kind"] + [short.get(m, m) for m in self.measures]
        body = [[str(row[f"{self.measures[0]}_rank"]), row["label"], row["kind"]] + [f"{row[m]:.3f}" for m in self.measures]
                for row in self.rows]
        return text_table(header, body, width, right=[0] + list(range(3, 3 + len(self.measures))))

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-ready data: the measures, what they are computed on, the notes and the rows.

        Returns
        -------
        dict
            ``measures``, ``on``, ``notes`` and ``rows``.

        Examples
        --------
        >>> import networkx as nx
        >>> table = centrality_table(nx.MultiDiGraph([("a", "b"), ("b", "c")]), ["degree"])
        >>> data = table.to_dict()
        >>> data["on"], data["rows"][0]
        ('degree on every relationship', {'node': 'b', 'label': 'b', 'kind': 'other', 'degree': 1.0, 'degree_rank': 1})
        """
        return {"measures": self.measures, "on": self.on, "notes": self.notes, "rows": self.rows}


def _eigenvector(S: nx.Graph, notes: list[str]) -> dict[Hashable, float]:
    """Eigenvector centrality (unit Euclidean norm, as NetworkX) on the largest connected component."""
    import igraph
    import networkx as nx

    if S.number_of_edges() == 0:
        notes.append("eigenvector: the graph has no edges; every score is 0")
        return {n: 0.0 for n in S}
    components = list(nx.connected_components(S))
    largest = max(components, key=len)
    scores = {n: 0.0 for n in S}
    if len(components) > 1:
        notes.append(f"eigenvector: the graph has {len(components)} connected components; it is computed on the "
                     f"largest ({len(largest)} of {S.number_of_nodes()} nodes) and is 0 elsewhere")
    nodes = sorted(largest, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    sub = S.subgraph(largest)
    graph = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in sub.edges()], directed=False)
    raw = graph.eigenvector_centrality(weights=[d["weight"] for _, _, d in sub.edges(data=True)])
    norm = sum(value * value for value in raw) ** 0.5 or 1.0
    scores.update({node: abs(value) / norm for node, value in zip(nodes, raw, strict=True)})
    return scores


#: Above this many nodes, path measures are estimated from PIVOTS shortest-path trees, not computed from all.
SAMPLE_ABOVE = 20_000
#: Pivots (sources of shortest-path trees) of the estimates, drawn with seed 42.
PIVOTS = 1000


class _PathMeasures:
    """Betweenness, closeness and harmonic centrality with igraph's C code, on distance = 1/weight.

    The scores are normalised as NetworkX normalises them: betweenness by the
    number of pairs, closeness with the Wasserman-Faust correction for
    disconnected graphs, harmonic by n - 1.

    Above :data:`SAMPLE_ABOVE` nodes, each measure needs only :data:`PIVOTS`
    shortest-path trees instead of one per node:

    * betweenness is NetworkX's sampled estimate (``k=PIVOTS, seed=42``): the
      same pivots and the same rescaling, computed in C; the numbers are
      NetworkX's (a test checks it) wherever path lengths add up exactly, and
      where floating-point sums differ in the last bit igraph counts the
      paths as equally short, as they are;
    * closeness and harmonic centrality are estimated, on each component
      larger than PIVOTS, from the distances between every node and the
      pivots drawn in its component (Eppstein and Wang's estimator: a node's
      sum of distances, or of inverse distances, to the pivots, scaled to the
      component); smaller components are computed exactly.
    """

    def __init__(self, S: nx.Graph, notes: list[str] | None = None) -> None:
        import igraph

        self.nodes = list(S)
        index = {node: i for i, node in enumerate(self.nodes)}
        edges = [(index[u], index[v]) for u, v in S.edges()]
        self.distances = [data["distance"] for _, _, data in S.edges(data=True)]
        self.graph = igraph.Graph(n=len(self.nodes), edges=edges, directed=False)
        self.n = len(self.nodes)
        self.notes = notes if notes is not None else []
        self._estimates: tuple[dict[Hashable, float], dict[Hashable, float]] | None = None

    @property
    def sampled(self) -> bool:
        return self.n > SAMPLE_ABOVE

    def betweenness(self) -> dict[Hashable, float]:
        n = self.n
        if not self.sampled:
            scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
            raw = self.graph.betweenness(directed=False, weights=self.distances or None)
            return {node: value * scale for node, value in zip(self.nodes, raw, strict=True)}
        import random

        k = min(PIVOTS, n)
        chosen = random.Random(42).sample(self.nodes, k)  # NetworkX's draw for seed=42
        index = {node: i for i, node in enumerate(self.nodes)}
        pivots = [index[node] for node in chosen]
        both_ways = self.graph.copy()
        both_ways.es["distance"] = self.distances
        both_ways = both_ways.as_directed(mode="mutual")  # every ordered pair, as NetworkX counts them
        raw = both_ways.betweenness(directed=True, weights="distance" if self.distances else None, sources=pivots)
        self.notes.append(f"betweenness: sampled with k={k} pivots (seed 42) on {n} nodes")
        # NetworkX's rescaling for sampled sources without endpoints
        N = n - 1
        as_source, as_other = 1 / ((k - 1) * (N - 1)), 1 / (k * (N - 1))
        sources = set(pivots)
        return {node: value * (as_source if i in sources else as_other)
                for i, (node, value) in enumerate(zip(self.nodes, raw, strict=True))}

    def closeness(self) -> dict[Hashable, float]:
        if self.sampled:
            return self._estimated()[0]
        n = self.n
        sizes: dict[int, int] = {}
        for component in self.graph.connected_components():
            for vertex in component:
                sizes[vertex] = len(component)
        raw = self.graph.closeness(weights=self.distances or None, normalized=True)
        return {node: (0.0 if value != value else value * (sizes[i] - 1) / (n - 1))  # NaN: an isolated node
                for i, (node, value) in enumerate(zip(self.nodes, raw, strict=True))}

    def harmonic(self) -> dict[Hashable, float]:
        if self.sampled:
            return self._estimated()[1]
        n = self.n
        raw = self.graph.harmonic_centrality(weights=self.distances or None, normalized=False)
        return {node: value / (n - 1) for node, value in zip(self.nodes, raw, strict=True)}

    def _estimated(self) -> tuple[dict[Hashable, float], dict[Hashable, float]]:
        """Closeness and harmonic scores: estimated on large components, exact on the others."""
        if self._estimates is not None:
            return self._estimates
        import random

        import numpy as np

        n, weights = self.n, self.distances or None
        closeness, harmonic = np.zeros(n), np.zeros(n)
        estimated = []
        for component in self.graph.connected_components():
            size = len(component)
            if size < 2:
                continue
            if size <= PIVOTS:
                raw_c = self.graph.closeness(vertices=component, weights=weights, normalized=True)
                raw_h = self.graph.harmonic_centrality(vertices=component, weights=weights, normalized=False)
                closeness[component] = [0.0 if v != v else v * (size - 1) / (n - 1) for v in raw_c]
                harmonic[component] = [v / (n - 1) for v in raw_h]
                continue
            pivots = random.Random(42).sample(sorted(component), PIVOTS)
            total, inverse = np.zeros(size), np.zeros(size)
            for start in range(0, len(pivots), 100):  # 100 trees at a time: bounded memory
                block = np.array(self.graph.distances(source=pivots[start:start + 100], target=component, weights=weights))
                total += block.sum(axis=0)
                with np.errstate(divide="ignore"):
                    inverse += np.where(block > 0, 1.0 / block, 0.0).sum(axis=0)
            others = np.full(size, float(PIVOTS)) - np.isin(component, pivots)  # pivots other than the node
            with np.errstate(divide="ignore", invalid="ignore"):
                closeness[component] = np.where(total > 0, others / total, 0.0) * (size - 1) / (n - 1)
            harmonic[component] = inverse * (size - 1) / others / (n - 1)
            estimated.append(size)
        if estimated:
            self.notes.append(f"closeness, harmonic: estimated from {PIVOTS} pivots (seed 42) on the components of "
                              f"{', '.join(f'{size:,}' for size in estimated)} nodes; exact on the others")
        self._estimates = ({node: float(closeness[i]) for i, node in enumerate(self.nodes)},
                           {node: float(harmonic[i]) for i, node in enumerate(self.nodes)})
        return self._estimates


def _scores(G: nx.MultiDiGraph, S: nx.Graph, measure: str, notes: list[str],
            paths: Callable[[], _PathMeasures]) -> dict[Hashable, float]:
    import networkx as nx

    n = G.number_of_nodes()
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    if measure in ("betweenness", "closeness", "harmonic") and n < 2:
        return {v: 0.0 for v in G}
    if measure == "degree":
        return {v: G.degree(v) * scale for v in G}
    if measure == "in_degree":
        return {v: G.in_degree(v) * scale for v in G}
    if measure == "out_degree":
        return {v: G.out_degree(v) * scale for v in G}
    if measure == "betweenness":
        return paths().betweenness()
    if measure == "closeness":
        return paths().closeness()
    if measure == "harmonic":
        return paths().harmonic()
    if measure == "eigenvector":
        return _eigenvector(S, notes)
    if measure == "pagerank":
        # on the multigraph itself: parallel relationships add up, as a weight would
        return nx.pagerank(G, weight=None) if n else {}
    raise InvalidArgument(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}", argument="measures")


def centrality_table(G: nx.MultiDiGraph, measures: Sequence[str] | None = None, *, kind: str | None = None,
                     progress: Callable[[str], None] | None = None) -> CentralityTable:
    """Score every node of ``G`` on each measure, normalised, with a rank per measure.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).
    measures : list of str, optional
        Names from :data:`MEASURES`; all of them by default. Rows are sorted
        by the first.
    kind : str, optional
        Keep only the nodes of this ``kind`` in the table; scores are still
        computed on the whole graph.
    progress : callable, optional
        Called with each measure's name once it is computed.

    Returns
    -------
    CentralityTable
        ``rows`` of ``{"node", "label", "kind", measure: score, measure + "_rank": rank}``.
        Ranks start at 1 for the highest score; ties share the best rank.

    Raises
    ------
    InvalidArgument
        A measure is unknown, or no node is of ``kind``.

    Examples
    --------
    >>> import networkx as nx
    >>> star = nx.MultiDiGraph([("hub", leaf) for leaf in "abcd"])
    >>> table = centrality_table(star, ["degree", "pagerank"])
    >>> [(row["node"], row["degree"], row["degree_rank"]) for row in table.rows[:2]]
    [('hub', 1.0, 1), ('a', 0.25, 2)]
    >>> table = centrality_table(kg.to_networkx(), ["degree"], kind="state")
    >>> {row["kind"] for row in table.rows}, table.rows[0]["degree_rank"] <= table.rows[-1]["degree_rank"]
    ({'state'}, True)
    >>> centrality_table(star, ["fame"])
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: unknown measure 'fame'; choose from degree, in_degree, out_degree, ...
    """
    measures = list(measures or MEASURES)
    for measure in measures:
        if measure not in MEASURES:
            raise InvalidArgument(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}", argument="measures")
    if kind is not None:
        kinds = sorted({data.get("kind", "other") for _, data in G.nodes(data=True)})
        if kind not in kinds:
            raise InvalidArgument(f"no node of kind {kind!r}; the kinds in this graph are {', '.join(kinds) or 'none'}",
                                  argument="kind")
    S = simple_projection(G)
    notes: list[str] = []
    built: list[_PathMeasures] = []

    def paths() -> _PathMeasures:  # one igraph copy for all path measures, built when first needed
        if not built:
            built.append(_PathMeasures(S, notes))
        return built[0]

    scores: dict[str, dict[Hashable, float]] = {}
    for measure in measures:
        scores[measure] = _scores(G, S, measure, notes, paths)
        if progress:
            progress(measure)
    rows: list[dict[str, Any]] = []
    for node, data in G.nodes(data=True):
        row: dict[str, Any] = {"node": node, "label": data.get("label", str(node)), "kind": data.get("kind", "other")}
        for measure in measures:
            row[measure] = float(scores[measure].get(node, 0.0))
        rows.append(row)
    for measure in measures:
        ordered = sorted(rows, key=lambda r: -r[measure])
        rank, previous = 0, None
        for position, row in enumerate(ordered, start=1):
            if previous is None or not math.isclose(row[measure], previous, rel_tol=1e-9, abs_tol=1e-12):
                rank, previous = position, row[measure]
            row[f"{measure}_rank"] = rank
    first = measures[0]
    rows.sort(key=lambda r: (r[f"{first}_rank"], r["label"]))
    if kind is not None:
        rows = [r for r in rows if r["kind"] == kind]
    return CentralityTable(measures, rows, notes, computed_on(measures))

