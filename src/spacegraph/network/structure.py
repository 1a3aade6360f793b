"""The shape of a projected graph: communities, paths between actors, neighbourhoods, brokers.

Everything here works on any graph :func:`~spacegraph.network.projection.to_networkx`
returns, through its weighted :func:`~spacegraph.network.centrality.simple_projection`.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
>>> [step["to"] for step in explain_path(G, "a", "c")]
['b', 'c']
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.text_table import ShownAsText
from ..errors import AmbiguousNode, NodeNotFound, NodeNotOnDate, NoPath
from .centrality import simple_projection

if TYPE_CHECKING:
    from collections.abc import Hashable

    import networkx as nx

__all__ = ["communities", "CommunityResult", "PathResult", "ON_SIMPLE_PROJECTION", "explain_path", "ego_network", "brokers", "resolve_node"]



#: What the measures of this module are computed on, as each command says in its output.
ON_SIMPLE_PROJECTION = ("the simple projection: one undirected edge per pair of actors, weighted by their relationships "
                        "(kg.to_networkx(simple=True))")


@dataclass
class CommunityResult(ShownAsText):
    """Communities found by Louvain, largest first, with the partition's modularity.

    ``ranked`` holds each community's nodes, best connected first; ``labels`` their labels.
    ``str()`` (and the notebook's display) gives the text ``spacegraph communities`` prints.

    Examples
    --------
    >>> import networkx as nx
    >>> result = communities(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")]))
    >>> print(result)
    2 communities, modularity 0.444 (Louvain, seed 42, on the simple projection)
      1. (3) b, a, c
      2. (2) x, y
    >>> result.to_dataframe().shape
    (5, 4)
    >>> found = communities(kg.to_networkx())
    >>> 0 < found.modularity < 1, sum(map(len, found.ranked)) == kg.to_networkx().number_of_nodes()
    (True, True)
    """

    communities: list
    modularity: float
    seed: int
    ranked: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)

    def text(self, width: int = 100) -> str:
        """The communities as lines of text, wrapped at ``width``.

        Parameters
        ----------
        width : int
            The widest a line may be.

        Returns
        -------
        str
            A line that says how many and the modularity, then one numbered line (or more) per community.

        Examples
        --------
        >>> import networkx as nx
        >>> result = communities(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")]))
        >>> print(result.text(width=30))
        2 communities, modularity
        0.444 (Louvain, seed 42, on
        the simple projection)
          1. (3) b, a, c
          2. (2) x, y
        """
        import textwrap

        lines = [textwrap.fill(f"{len(self.ranked)} communities, modularity {self.modularity:.3f} (Louvain, seed {self.seed}, "
                               "on the simple projection)", width, break_long_words=False)]
        for number, group in enumerate(self.ranked, start=1):
            names = ", ".join(str(self.labels.get(n, n)) for n in group)
            lead = f"{number:>3}. ({len(group)}) "
            lines.append(textwrap.fill(names, width, initial_indent=lead, subsequent_indent=" " * len(lead),
                                       break_long_words=False, break_on_hyphens=False))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The communities as JSON-ready data: modularity, seed, and each community's actors.

        Returns
        -------
        dict
            ``modularity``, ``seed``, ``on`` (what they are computed on) and ``communities``:
            for each, its actors' ``node``, ``label`` and ``kind``.

        Examples
        --------
        >>> import networkx as nx
        >>> result = communities(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")]))
        >>> data = result.to_dict()
        >>> round(data["modularity"], 3), data["communities"][1]
        (0.444, [{'node': 'x', 'label': 'x', 'kind': None}, {'node': 'y', 'label': 'y', 'kind': None}])
        """
        return {"modularity": self.modularity, "seed": self.seed, "on": ON_SIMPLE_PROJECTION, "communities": [
            [{"node": n, "label": self.labels.get(n, n), "kind": self.kinds.get(n)} for n in group] for group in self.ranked]}

    def to_dataframe(self) -> Any:
        """One row per actor: ``community`` (1 = the largest), ``node``, ``label``, ``kind`` (needs pandas).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        MissingDependency
            pandas is not installed.

        Examples
        --------
        >>> import networkx as nx
        >>> result = communities(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")]))
        >>> result.to_dataframe()[["community", "node"]].values.tolist()
        [[1, 'b'], [1, 'a'], [1, 'c'], [2, 'x'], [2, 'y']]
        """
        from ..core.dataframes import dataframe

        return dataframe([{"community": number, "node": n, "label": self.labels.get(n, n), "kind": self.kinds.get(n)}
                          for number, group in enumerate(self.ranked, start=1) for n in group])


class PathResult(ShownAsText, list):
    """The steps of a path, one per hop (a list of dicts, as :func:`explain_path` documents), and how to show them.

    ``str()`` (and the notebook's display) gives the text ``spacegraph path`` prints;
    :meth:`to_dict` the JSON it prints; :meth:`to_dataframe` one row per relationship.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", label="hosts", sources=[{"quote": "A hosts B.", "document": "sgid:note"}])
    0
    >>> path = explain_path(G, "a", "b")
    >>> print(path)
    a to b: 1 step
      1. a -[hosts]-> b
           "A hosts B." (sgid:note)
    >>> len(path), path.to_dict()["to"]
    (1, 'b')
    """

    def __init__(self, steps: list[dict[str, Any]], *, source: str, target: str, labels: tuple[str, str],
                 asked: tuple[str, str]) -> None:
        super().__init__(steps)
        self.source, self.target = source, target
        self.labels, self.asked = labels, asked

    def text(self, width: int = 100) -> str:
        """The path as lines of text: one numbered step per hop, the relationships that join the same pair inside it.

        Parameters
        ----------
        width : int
            Unused: quotes are printed whole, on one line each, to be read or copied as they stand.

        Returns
        -------
        str
            A line that names both ends and the steps, then each relationship and its quotes.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("a", "b", label="hosts", sources=[{"quote": "A hosts B.", "document": "sgid:note"}])
        0
        >>> path = explain_path(G, "a", "b")
        >>> path.text().splitlines()[:2]
        ['a to b: 1 step', '  1. a -[hosts]-> b']
        """
        if not self:
            label = self.labels[0]
            return f"{label} to {label}: 0 steps ({self.asked[0]!r} and {self.asked[1]!r} name the same actor)"
        lines = [f"{self.labels[0]} to {self.labels[1]}: {len(self)} step{'s' if len(self) != 1 else ''}"]
        width = len(str(len(self)))
        for number, hop in enumerate(self, start=1):
            for index, relation in enumerate(hop["relations"]):
                arrow = f"-[{relation['label']}]->" if relation["direction"] == "->" else f"<-[{relation['label']}]-"
                when = f" ({relation['date']})" if "date" in relation else ""
                lead = f"  {number:>{width}}. " if index == 0 else " " * (width + 4)
                lines.append(f"{lead}{hop['from_label']} {arrow} {hop['to_label']}{when}")
                lines += [" " * (width + 6) + f"\"{quote['quote']}\" ({quote['document']})" for quote in relation["sources"]]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The path as JSON-ready data: ``from``, ``to`` and the ``steps``.

        Returns
        -------
        dict

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("a", "b", label="hosts", sources=[{"quote": "A hosts B.", "document": "sgid:note"}])
        0
        >>> path = explain_path(G, "a", "b")
        >>> data = path.to_dict()
        >>> data["from"], data["to"], data["steps"][0]["relations"][0]["label"]
        ('a', 'b', 'hosts')
        """
        return {"from": self.source, "to": self.target, "steps": list(self)}

    def to_dataframe(self) -> Any:
        """One row per relationship: ``step``, ``from``, ``relationship``, ``direction``, ``to``, ``date``, ``quotes`` (needs pandas).

        Returns
        -------
        pandas.DataFrame
            ``quotes`` is how many quotes back the relationship.

        Raises
        ------
        MissingDependency
            pandas is not installed.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("a", "b", label="hosts", sources=[{"quote": "A hosts B.", "document": "sgid:note"}])
        0
        >>> path = explain_path(G, "a", "b")
        >>> path.to_dataframe().values.tolist()
        [[1, 'a', 'hosts', '->', 'b', None, 1]]
        """
        from ..core.dataframes import dataframe

        return dataframe([{"step": number, "from": hop["from_label"], "relationship": relation["label"],
                           "direction": relation["direction"], "to": hop["to_label"], "date": relation.get("date"),
                           "quotes": len(relation["sources"])}
                          for number, hop in enumerate(self, start=1) for relation in hop["relations"]])


def communities(G: nx.MultiDiGraph, *, seed: int = 42, resolution: float = 1.0) -> CommunityResult:
    """Find communities with the Louvain method (fixed ``seed``) on the weighted simple projection.

    The one algorithm of ``spacegraph communities``, :meth:`KnowledgeGraph.communities
    <spacegraph.graph.verbs.NetworkVerbs.communities>` and the explorer's colours: igraph's
    Louvain (``community_multilevel``, written in C), on one undirected edge per pair of
    actors weighted by their relationships, visiting the actors in an order drawn from
    ``seed``. The same graph and seed give the same communities everywhere.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).
    seed : int
        The random seed: the same seed finds the same communities.
    resolution : float
        Above 1, smaller communities; below 1, larger ones.

    Returns
    -------
    CommunityResult
        The communities, largest first, and the partition's modularity
        (0 when the graph has no edge: each node is then its own community).

    Examples
    --------
    >>> import networkx as nx
    >>> two = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> result = communities(two)
    >>> sorted(sorted(c) for c in result.communities)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    >>> round(result.modularity, 3)
    0.357
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    weights: Counter[tuple[int, int]] = Counter()
    for u, v in G.edges():
        if u != v:
            a, b = index[u], index[v]
            weights[(a, b) if a < b else (b, a)] += 1
    if not weights:
        return _described(G, [{n} for n in nodes], 0.0, seed)
    membership, modularity = _louvain(len(nodes), weights, seed, resolution)
    found: dict[int, set[Any]] = {}
    for node, number in zip(nodes, membership, strict=True):
        found.setdefault(number, set()).add(node)
    ordered = sorted(found.values(), key=lambda c: (-len(c), sorted(map(str, c))))
    return _described(G, ordered, modularity, seed)


def _louvain(size: int, weights: Counter[tuple[int, int]], seed: int, resolution: float) -> tuple[list[int], float]:
    """igraph's Louvain on ``size`` nodes and the weighted pairs ``weights``: each node's community, and the modularity."""
    import random

    import igraph

    pairs = sorted(weights)
    graph = igraph.Graph(n=size, edges=pairs)
    weight = [weights[pair] for pair in pairs]
    igraph.set_random_number_generator(random.Random(seed))  # the visiting order, seeded, then the default given back
    try:
        membership = graph.community_multilevel(weights=weight, resolution=resolution).membership
    finally:
        igraph.set_random_number_generator(random)
    return membership, graph.modularity(membership, weights=weight, resolution=resolution)


def _described(G: nx.Graph, found: list[set[Any]], modularity: float, seed: int) -> CommunityResult:
    """The result, with each community's actors best connected first, and their labels and kinds."""
    labels = {n: G.nodes[n].get("label", n) for n in G}
    ranked = [sorted(c, key=lambda n: (-G.degree(n), str(labels[n]))) for c in found]
    return CommunityResult(found, modularity, seed, ranked, labels, {n: G.nodes[n].get("kind") for n in G})


def resolve_node(G: nx.MultiDiGraph, name: str) -> str:
    """Return the node of ``G`` named by an id, a label or an alternative label (case and accents aside).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx`: nodes with
        ``label`` and ``altLabels``.
    name : str
        A node id (``sgid:cnsa``, or its full IRI), a label or an alternative label.

    Returns
    -------
    str
        The node.

    Raises
    ------
    AmbiguousNode
        The name names several nodes; the message lists them.
    NodeNotFound
        The name names none; the message gives the closest names.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ex:cnsa", label="China National Space Administration", altLabels=["CNSA"])
    >>> G.add_node("ex:mars", label="Mars")
    >>> G.add_node("ex:mars-express", label="Mars Express", altLabels=["Mars"])
    >>> resolve_node(G, "cnsa"), resolve_node(G, "china national space administration")
    ('ex:cnsa', 'ex:cnsa')
    >>> resolve_node(G, "CNSE")
    Traceback (most recent call last):
    ...
    spacegraph.errors.NodeNotFound: no actor is called 'CNSE'; did you mean China National Space Administration?
    >>> resolve_node(G, "Mars")
    Traceback (most recent call last):
    ...
    spacegraph.errors.AmbiguousNode: 'Mars' is ambiguous: it names Mars (ex:mars); Mars Express (ex:mars-express); give the id instead
    >>> resolve_node(kg.to_networkx(), "ASF")
    'sgid:military-aerospace-force'
    """
    from ..core.names import NameIndex
    from ..core.terms import compact

    if name in G:
        return name
    names = NameIndex.of((node, alias, data.get("label", node)) for node, data in G.nodes(data=True)
                         for alias in [data.get("label", node), *data.get("altLabels", [])])
    return names.resolve(name, ids=lambda text: compact(text.strip("<>")))


def explain_path(G: nx.MultiDiGraph, source: str, target: str, *, claims: bool = False,
                 undated: nx.MultiDiGraph | None = None) -> PathResult:
    """Return the shortest chain of relationships from ``source`` to ``target``, with labels and quotes.

    Direction is ignored for finding the chain (an actor links to another
    whichever way the relationship points); each step says which way it
    goes. Among chains of the fewest hops, the one over the strongest ties
    (most parallel relationships) is chosen. A path is a chain of
    relationships: an attributed claim (a ``claims about`` edge, which holds
    the ``claim`` it makes, or in the full view the claim's own node) links a
    claimant to what it speaks of, not one actor to another, so it is left
    out unless ``claims`` is true.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network from :func:`~spacegraph.network.projection.to_networkx`, at a date or not.
    source, target : str
        The two actors: ids, labels or alternative labels.
    claims : bool
        Let attributed claims make steps.
    undated : networkx.MultiDiGraph, optional
        The same network at no date. With it, a name that ``G`` (a network
        ``as_of`` a date) lacks but that names an actor founded later, or gone
        by then, raises :class:`~spacegraph.errors.NodeNotOnDate`, which says
        so, instead of :class:`~spacegraph.errors.NodeNotFound`.

    Returns
    -------
    PathResult
        A list with one dict per hop (none when both names are the same actor): ``from``, ``to`` (ids), ``from_label``, ``to_label``, and
        ``relations``: each edge between them (two actors may be joined by several), with ``label``, ``direction``
        (``->`` or ``<-``) and ``sources``.

    Examples
    --------
    >>> import networkx as nx
    >>> then = nx.MultiDiGraph(as_of="2020-01-01")
    >>> then.add_edge("a", "b")
    0
    >>> now = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> now.nodes["c"].update(label="C", founded="2024-04", start="2024-04-01")
    >>> explain_path(then, "a", "C", undated=now)
    Traceback (most recent call last):
    ...
    spacegraph.errors.NodeNotOnDate: 'C' did not exist yet on 2020-01-01: it was founded 2024-04
    """
    import networkx as nx

    u, v = (_resolve_on_date(G, name, undated) for name in (source, target))
    found: dict[str, Any] = {"source": u, "target": v, "labels": (G.nodes[u].get("label", u), G.nodes[v].get("label", v)),
             "asked": (source, target)}
    if u == v:  # an actor reaches itself in no step
        return PathResult([], **found)
    whole = G
    if not claims:  # no claims-about edge, and in the full view no claim's own node, unless it is an end
        def stated(node: Hashable) -> bool:
            return node in (u, v) or "claim" not in G.nodes[node]

        # types-networkx types edge_subgraph's edges as pairs; a multigraph's are (u, v, key)
        G = _with_nodes(G.edge_subgraph([(a, b, k) for a, b, k, data in G.edges(keys=True, data=True)  # type: ignore[misc]
                                         if "claim" not in data and stated(a) and stated(b)]), whole, u, v)
    S = simple_projection(G)
    try:
        nodes = min(nx.all_shortest_paths(S, u, v), key=lambda p: sum(S.edges[a, b]["distance"] for a, b in itertools.pairwise(p)))
    except nx.NetworkXNoPath:
        through_claims = not claims and nx.has_path(whole.to_undirected(as_view=True), u, v)
        but = " but through attributed claims" if through_claims else ""
        raise NoPath(f"no path links {G.nodes[u].get('label', u)} and {G.nodes[v].get('label', v)} in this graph{but}",
                     through_claims=through_claims) from None
    hops = []
    no_edges: dict[object, dict[str, Any]] = {}
    for a, b in itertools.pairwise(nodes):
        relations: list[dict[str, Any]] = []
        for x, y, direction in ((a, b, "->"), (b, a, "<-")):
            for data in (G.get_edge_data(x, y) or no_edges).values():
                relations.append({"label": data.get("label", ""), "direction": direction, "sources": data.get("sources", []),
                                  **{k: data[k] for k in ("date", "role", "start", "end") if k in data}})
        hops.append({"from": a, "to": b, "from_label": G.nodes[a].get("label", a), "to_label": G.nodes[b].get("label", b),
                     "relations": relations})
    return PathResult(hops, **found)


def _resolve_on_date(G: nx.MultiDiGraph, name: str, undated: nx.MultiDiGraph | None) -> str:
    """:func:`resolve_node` on ``G``; for a name ``G`` lacks on its date, :class:`NodeNotOnDate` when ``undated`` has it."""
    try:
        return resolve_node(G, name)
    except AmbiguousNode:
        raise
    except NodeNotFound as error:
        day = G.graph.get("as_of")
        if undated is None or not day:
            raise
        try:
            node = resolve_node(undated, name)
        except NodeNotFound:
            raise error from None
        data = undated.nodes[node]
        start, end = data.get("start"), data.get("end")
        label = data.get("label", node)
        called = repr(name) if label == name else f"{name!r} ({label})"
        if start is not None and day < start:
            when = f"it was founded {data['founded']}" if "founded" in data else f"it exists from {data.get('date') or start}"
            message = f"{called} did not exist yet on {day}: {when}"
        elif end is not None and day >= end:
            when = f"it was dissolved {data['dissolved']}" if "dissolved" in data else f"it ended {data.get('until') or end}"
            message = f"{called} no longer existed on {day}: {when}"
        else:
            raise
        raise NodeNotOnDate(message, node=node, as_of=day, start=start, end=end) from None


def _with_nodes(G: nx.MultiDiGraph, whole: nx.MultiDiGraph, *nodes: Hashable) -> nx.MultiDiGraph:
    """``G`` (an edge subgraph of ``whole``) with ``nodes`` in it, even those it lost with their last edge."""
    missing = [n for n in nodes if n not in G]
    if not missing:
        return G
    H = G.copy()
    H.add_nodes_from((n, whole.nodes[n]) for n in missing)
    return H


def ego_network(G: nx.MultiDiGraph, center: str, radius: int = 1) -> nx.MultiDiGraph:
    """Return the subgraph of everything within ``radius`` relationships of ``center`` (direction ignored).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx`.
    center : str
        An id, a label or an alternative label (:func:`resolve_node`).
    radius : int
        How many relationships away to reach.

    Returns
    -------
    networkx.MultiDiGraph
        A copy, with the nodes' and edges' attributes.

    Raises
    ------
    NodeNotFound, AmbiguousNode
        As :func:`resolve_node`.

    Examples
    --------
    >>> import networkx as nx
    >>> line = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(ego_network(line, "b")), sorted(ego_network(line, "b", radius=2))
    (['a', 'b', 'c'], ['a', 'b', 'c', 'd'])
    >>> "sgid:argentina" in ego_network(kg.to_networkx(), "Argentina")
    True
    """
    import networkx as nx

    node = resolve_node(G, center)
    return G.subgraph(nx.ego_graph(G.to_undirected(as_view=True), node, radius=radius).nodes).copy()


def brokers(G: nx.MultiDiGraph) -> dict:
    """Return the articulation points and bridges of the simple projection.

    An articulation point is an actor whose removal splits the network; a
    bridge is a tie whose removal does.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx` (or any multigraph).

    Returns
    -------
    dict
        ``articulation_points``: the nodes, sorted; ``bridges``: the pairs, each sorted, sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> result = brokers(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    >>> result["articulation_points"], result["bridges"]
    (['c'], [('c', 'd')])
    """
    import networkx as nx

    S = simple_projection(G)
    return {
        "articulation_points": sorted(nx.articulation_points(S)),
        "bridges": sorted(tuple(sorted(edge)) for edge in nx.bridges(S)),
    }
