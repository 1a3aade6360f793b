"""Where the explorer draws each actor: positions computed once, in Python, the same for the same graph.

The page never moves a node on its own: filters, dates and Reset show and hide
actors at these positions, so a view before and after a change can be compared.
The layout is igraph's Fruchterman-Reingold (on a grid above a thousand
actors, which keeps it near-linear: 1.3 s for 10,000 actors), started from
positions drawn with a fixed seed, so the same graph gives the same picture.
Nothing holds two disconnected pieces together in it, so its repulsion flings
the small ones far out: on a synthetic graph of 50,896 actors, the 599 actors
of its 284 small pieces lay a median of five times the main piece's width from
its middle, the farthest almost ten times, and the whole graph fitted on screen
was two dots. So each connected piece keeps its shape, and the pieces are then
packed side by side, biggest first, into a block about as wide as high (see
:func:`packed`). Above 10,000 actors the layout takes fewer rounds (see
:func:`rounds`).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
>>> first, again = layout_positions(G), layout_positions(G)
>>> first == again, sorted(first)
(True, ['a', 'b', 'c'])
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["layout_positions", "clusters_apart", "clustered", "separated", "packed", "rounds", "SPACING", "SEPARATE_UP_TO", "ASPECT",
           "CLUSTERS_FROM", "CLUSTER_GAP", "SMALL_COMMUNITY"]

#: About how many pixels apart two actors are drawn at zoom 1, so that their labels rarely meet.
SPACING = 110.0


#: Up to this many actors, the boxes of actors and their labels are then moved apart until none overlap.
SEPARATE_UP_TO = 600

#: About how much wider than high the pieces of a graph are packed: a screen's shape.
ASPECT = 4 / 3

#: From this many actors, each community is laid out on its own, apart from the others (see :func:`clustered`).
CLUSTERS_FROM = 1000

#: The room between two communities, as a share of the width of the block that holds them all.
CLUSTER_GAP = 0.04

#: Communities smaller than this are laid out together, in one block.
SMALL_COMMUNITY = 10


def rounds(actors: int) -> int:
    """How many rounds of Fruchterman-Reingold lay out a graph of ``actors``: 500 up to 10,000, then fewer, down to 200.

    A round costs in proportion to the actors; on a graph of 30,000 actors in communities, the
    relationships came out about as long after 200 rounds as after 500 (the median one 56 times
    the distance from an actor to its nearest, either way), in 0.8 s against 1.8 s.

    Examples
    --------
    >>> rounds(2_000), rounds(20_000), rounds(50_000)
    (500, 250, 200)
    """
    return min(500, max(200, 5_000_000 // max(actors, 1)))


def layout_positions(G: nx.Graph, seed: int = 7, boxes: dict | None = None, communities: list | None = None) -> dict:
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
    communities : list of sets, optional
        The graph's communities; on a graph of at least :data:`CLUSTERS_FROM` actors, each is laid
        out on its own and they are packed apart (see :func:`clustered`).
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
    if communities is not None and clusters_apart(len(nodes), communities):
        groups = [sorted(index[node] for node in members if node in index) for members in communities]
        return _centred(nodes, clustered(graph, [group for group in groups if group], seed))
    coords = _pieces_packed(_scaled(_force_directed(graph, seed)), graph.connected_components())
    positions = _centred(nodes, coords)
    if boxes and len(nodes) <= SEPARATE_UP_TO:
        positions = separated(positions, boxes)
    return positions


def clusters_apart(actors: int, communities: list | None) -> bool:
    """Whether a graph of ``actors`` in ``communities`` is laid out a community at a time (see :func:`clustered`).

    Examples
    --------
    >>> clusters_apart(5_000, [{"a"}, {"b"}]), clusters_apart(500, [{"a"}, {"b"}]), clusters_apart(5_000, [{"a", "b"}])
    (True, False, False)
    """
    return communities is not None and actors >= CLUSTERS_FROM and len(communities) > 1


def _force_directed(graph, seed, actors=None):
    """igraph's Fruchterman-Reingold layout of ``graph``, from starting positions drawn with ``seed``: a list of (x, y).

    It takes the :func:`rounds` of a graph of ``actors`` (by default, its own).
    """
    import igraph

    if graph.vcount() == 1:
        return [(0.0, 0.0)]
    igraph.set_random_number_generator(random.Random(seed))  # the starting positions, seeded, then the default given back
    try:
        return graph.layout_fruchterman_reingold(niter=rounds(actors or graph.vcount()), grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: Python's random module


def clustered(graph, groups: list, seed: int = 7) -> list:
    """Lay out each community of ``graph`` on its own, then pack them apart; return the (x, y) of every vertex.

    A force-directed layout of a big graph draws its communities into one another, and the
    relationships between them cover the picture: at 10,299 actors the first view was two grey
    balls. Here each community keeps the shape the force-directed layout gives it alone (its own
    connected pieces packed, see :func:`packed`), and the communities are packed side by side,
    biggest first, :data:`CLUSTER_GAP` of the whole block's width apart, so that each can be seen,
    named and told from the others from far out. Communities of fewer than
    :data:`SMALL_COMMUNITY` actors (mostly the small pieces the graph is not joined to) are packed
    together in one block of their own, as in an unclustered layout.

    Parameters
    ----------
    graph : igraph.Graph
        The graph, undirected and simple.
    groups : list of lists of int
        The vertices of each community; every vertex in exactly one.
    seed : int
        The seed of each layout's starting positions.

    Examples
    --------
    >>> import igraph
    >>> two = igraph.Graph(n=6, edges=[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    >>> at = clustered(two, [[0, 1, 2], [3, 4, 5]])
    >>> left, right = max(x for x, _ in at[:3]), min(x for x, _ in at[3:])
    >>> right - left > SPACING
    True
    """
    coords = [None] * graph.vcount()
    big = [group for group in groups if len(group) >= SMALL_COMMUNITY]
    small = [vertex for group in groups if len(group) < SMALL_COMMUNITY for vertex in group]
    blocks = []  # (vertices, their coordinates with the block's top left corner at 0, 0, width, height)
    for vertices in big + ([sorted(small)] if small else []):
        part = graph.induced_subgraph(vertices)
        # the rounds of the whole graph: a graph's communities together cost what it would cost laid out whole
        local = _pieces_packed(_scaled(_force_directed(part, seed, graph.vcount())), part.connected_components())
        xs, ys = [x for x, _ in local], [y for _, y in local]
        left, top = min(xs), min(ys)
        blocks.append((vertices, [(x - left, y - top) for x, y in local], max(xs) - left, max(ys) - top))
    area = sum((w + SPACING) * (h + SPACING) for _, _, w, h in blocks)
    gap = max(2 * SPACING, CLUSTER_GAP * math.sqrt(area * ASPECT))
    corners = packed([(w, h) for _, _, w, h in blocks], gap=gap)
    for (vertices, local, _, _), (left, top) in zip(blocks, corners, strict=True):
        for vertex, (x, y) in zip(vertices, local, strict=True):
            coords[vertex] = (x + left, y + top)
    return coords


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
    return {node: (round(xy[0], 1), round(xy[1], 1)) for node, xy in zip(order, at, strict=True)}


def packed(sizes: list, gap: float = 0.0, aspect: float = ASPECT) -> list:
    """Place boxes side by side in rows, biggest first; return the top left corner of each, in the order given.

    The rows (shelves) are as wide as the widest box, or as a block ``aspect`` times as wide as
    high holding every box would be; the boxes go in by height, the highest first, each at the
    end of the current row, or else at the start of a new row below the last. This is "next fit,
    decreasing height" shelf packing: the block it fills is no higher than twice the boxes' area
    (gaps counted in) over the row's width, plus the highest box, whatever their number and sizes.

    Parameters
    ----------
    sizes : list of (width, height)
        The boxes.
    gap : float
        The room left between two boxes, across and down.
    aspect : float
        How much wider than high the block of boxes is meant to be.

    Examples
    --------
    >>> packed([(1, 1), (4, 3), (2, 1)])
    [(2.0, 3.0), (0.0, 0.0), (0.0, 3.0)]
    """
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i][1], -sizes[i][0], i))  # ties kept in the order given
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    width = max(max((w for w, _ in sizes), default=0), math.sqrt(area * aspect))
    corners = [(0.0, 0.0)] * len(sizes)  # each set below
    x = y = row = 0.0
    for i in order:
        w, h = sizes[i]
        if x > 0 and x + w > width:  # the row is full: a new one below it
            x, y, row = 0.0, y + row + gap, 0.0
        corners[i] = (x, y)
        x += w + gap
        row = max(row, h)
    return corners


def _pieces_packed(coords, pieces):
    """The layout's connected pieces moved, each whole, to their places in :func:`packed`; the new coordinates.

    Two pieces stand :data:`SPACING` apart, as two neighbouring actors do.
    """
    if len(pieces) < 2:
        return coords
    boxes = []
    for members in pieces:
        xs, ys = [coords[i][0] for i in members], [coords[i][1] for i in members]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    corners = packed([(right - left, bottom - top) for left, top, right, bottom in boxes], gap=SPACING)
    moved = list(coords)
    for members, (left, top, _, _), (x, y) in zip(pieces, boxes, corners, strict=True):
        for i in members:
            moved[i] = (coords[i][0] - left + x, coords[i][1] - top + y)
    return moved


def _scaled(coords):
    """The layout scaled so that the median distance from an actor to its nearest one is :data:`SPACING`."""
    nearest = _nearest_distances(coords)
    typical = sorted(nearest)[len(nearest) // 2] if nearest else 1.0
    factor = SPACING / typical if typical > 0 else 1.0
    return [(x * factor, y * factor) for x, y in coords]


def _centred(nodes, coords):
    """``{node: (x, y)}``, the middle of the layout's bounding box at 0, to a tenth of a pixel."""
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(x - cx, 1), round(y - cy, 1)) for node, (x, y) in zip(nodes, coords, strict=True)}


def _nearest_distances(coords):
    """The distance from each point to its nearest other point (a k-d tree: 10,000 points in milliseconds)."""
    if len(coords) < 2:
        return []
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(coords).query(coords, k=2)
    return [float(row[1]) for row in distances]
