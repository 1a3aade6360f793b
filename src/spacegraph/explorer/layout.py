"""Where the explorer draws each actor: positions computed once, in Python, the same for the same graph.

The page never moves a node on its own: filters, dates and Reset show and hide
actors at these positions, so a view before and after a change can be compared.
The layout is igraph's Fruchterman-Reingold (on a grid above a thousand
actors, which keeps it near-linear: 1.3 s for 10,000 actors), started from
positions drawn with a fixed seed, so the same graph gives the same picture.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
>>> first, again = layout_positions(G), layout_positions(G)
>>> first == again, sorted(first)
(True, ['a', 'b', 'c'])
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["layout_positions", "separated", "SPACING", "SEPARATE_UP_TO"]

#: About how many pixels apart two actors are drawn at zoom 1, so that their labels rarely meet.
SPACING = 110.0


#: Up to this many actors, the boxes of actors and their labels are then moved apart until none overlap.
SEPARATE_UP_TO = 600


def layout_positions(G: nx.Graph, seed: int = 7, boxes: dict | None = None) -> dict:
    """Return ``{node: (x, y)}`` for every node of ``G``, in page pixels at zoom 1, centred on 0.

    Parameters
    ----------
    G : networkx graph
        Any graph; direction, parallel edges and loops do not change the layout.
    seed : int
        The seed of the starting positions: the same graph and seed give the same positions.
    boxes : dict, optional
        ``{node: (width, height)}``, the room each actor takes with its label, centred on its
        position; on a graph of at most :data:`SEPARATE_UP_TO` actors, overlapping boxes are
        then moved apart.
    """
    import igraph

    nodes = list(G)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    graph = igraph.Graph(n=len(nodes), edges=pairs)
    igraph.set_random_number_generator(random.Random(seed))  # the starting positions, seeded, then the default given back
    try:
        coords = graph.layout_fruchterman_reingold(niter=500, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: Python's random module
    positions = _scaled(nodes, coords)
    if boxes and len(nodes) <= SEPARATE_UP_TO:
        positions = separated(positions, boxes)
    return positions


def separated(positions: dict, boxes: dict, rounds: int = 200) -> dict:
    """Move overlapping boxes apart, each pair along the axis where they overlap least; return new positions.

    Examples
    --------
    >>> separated({"a": (0.0, 0.0), "b": (10.0, 0.0)}, {"a": (40, 20), "b": (40, 20)})
    {'a': (0.0, -10.5), 'b': (10.0, 10.5)}
    """
    if len(positions) < 2:
        return dict(positions)
    from scipy.spatial import cKDTree

    order = sorted(positions)
    at = [list(positions[node]) for node in order]
    room = [boxes.get(node, (0, 0)) for node in order]
    reach = max(max(w for w, _ in room), max(h for _, h in room), 1)  # no two boxes farther apart than this touch
    for _ in range(rounds):
        moved = False
        for i, j in sorted(cKDTree(at).query_pairs(reach, p=float("inf"))):  # the pairs near enough, found once a round
            (wa, ha), (wb, hb) = room[i], room[j]
            dx, dy = at[j][0] - at[i][0], at[j][1] - at[i][1]
            over_x, over_y = (wa + wb) / 2 - abs(dx), (ha + hb) / 2 - abs(dy)
            if over_x <= 0 or over_y <= 0:
                continue
            moved = True
            if over_x <= over_y:
                push = (over_x / 2 + 0.5) * (1 if dx >= 0 else -1)
                at[i][0] -= push
                at[j][0] += push
            else:
                push = (over_y / 2 + 0.5) * (1 if dy >= 0 else -1)
                at[i][1] -= push
                at[j][1] += push
        if not moved:
            break
    at = dict(zip(order, at, strict=True))
    return {node: (round(xy[0], 1), round(xy[1], 1)) for node, xy in at.items()}


def _scaled(nodes, coords):
    """Centre the layout on 0 and scale it so that the median distance to the nearest actor is :data:`SPACING`."""
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    nearest = _nearest_distances(coords)
    typical = sorted(nearest)[len(nearest) // 2] if nearest else 1.0
    factor = SPACING / typical if typical > 0 else 1.0
    return {node: (round((x - cx) * factor, 1), round((y - cy) * factor, 1)) for node, (x, y) in zip(nodes, coords, strict=True)}


def _nearest_distances(coords):
    """The distance from each point to its nearest other point (a k-d tree: 10,000 points in milliseconds)."""
    if len(coords) < 2:
        return []
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(coords).query(coords, k=2)
    return [float(row[1]) for row in distances]
