"""The communities the explorer colours actors by: Louvain's, found fast enough for a big graph.

Up to :data:`SAME_AS_ANALYSIS_UP_TO` actors they are those of
:func:`spacegraph.network.communities` (networkx's Louvain, seed 42), the ones
``spacegraph communities`` prints. networkx's Louvain is written in Python and
took 5.6 to 6.3 s of the 13 to 14 s a page of 50,896 actors took to generate
(docs/performance.md); above that size the page uses igraph's Louvain
(``community_multilevel``, written in C) on the same weighted graph, one
relationship adding one to the weight of a pair, with the same seed: 0.5 to
0.7 s. Both maximise the same modularity, visiting the actors in a different
order, so their communities differ in detail.

Examples
--------
>>> import networkx as nx
>>> two = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
>>> page_communities(two) == page_communities(two, fast_from=1) == [{"a", "b", "c"}, {"x", "y", "z"}]
True
"""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["page_communities", "SAME_AS_ANALYSIS_UP_TO"]

#: Up to this many actors the page's communities are :func:`spacegraph.network.communities`'s (0.45 s at 5,296 actors).
SAME_AS_ANALYSIS_UP_TO = 5000


def page_communities(G: nx.MultiDiGraph, seed: int = 42, fast_from: int = SAME_AS_ANALYSIS_UP_TO + 1) -> list[set]:
    """Return the communities of ``G``, largest first (ties in the order of their sorted members).

    Parameters
    ----------
    G : networkx graph
        The projected graph; direction is ignored, and parallel relationships weigh a pair more.
    seed : int
        The seed of the order in which Louvain visits the actors: the same graph and seed give
        the same communities.
    fast_from : int
        From this many actors, igraph's Louvain is used.
    """
    if G.number_of_nodes() < fast_from:
        from ..network.structure import communities

        return communities(G, seed=seed).communities
    return _sorted(_igraph_louvain(G, seed))


def _igraph_louvain(G: nx.MultiDiGraph, seed: int) -> list[set[Any]]:
    """igraph's Louvain on the weighted simple graph of ``G``: a list of sets of nodes."""
    import igraph

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    weights: Counter[tuple[int, int]] = Counter()
    for u, v in G.edges():
        if u != v:
            a, b = index[u], index[v]
            weights[(a, b) if a < b else (b, a)] += 1
    pairs = sorted(weights)
    graph = igraph.Graph(n=len(nodes), edges=pairs)
    igraph.set_random_number_generator(random.Random(seed))  # the visiting order, seeded, then the default given back
    try:
        membership = graph.community_multilevel(weights=[weights[pair] for pair in pairs]).membership
    finally:
        igraph.set_random_number_generator(random)
    found: dict[int, set[Any]] = {}
    for node, number in zip(nodes, membership, strict=True):
        found.setdefault(number, set()).add(node)
    return list(found.values())


def _sorted(found):
    """Communities largest first, as :func:`spacegraph.network.communities` orders them."""
    return sorted(found, key=lambda members: (-len(members), sorted(members)))
