"""Where the explorer draws a big graph's actors, and the communities it colours them by.

The layout packs a graph's disconnected pieces into one block: force-directed
alone, it flung the small ones many times the main piece's width away, and the
whole graph fitted on screen showed two dots.
"""

import math
import random

import networkx as nx
import pytest
from helpers import explorer_payload as page_payload

from spacegraph.explorer.layout import (
    CLUSTER_GAP,
    CLUSTERS_FROM,
    SMALL_COMMUNITY,
    SPACING,
    clusters_apart,
    layout_positions,
    packed,
)
from spacegraph.explorer.render import explorer_html
from spacegraph.network import communities


def pieces_graph():
    """A random main piece of 1,500 actors, with 60 pairs, 15 triangles and 25 actors alone beside it."""
    G = nx.MultiDiGraph()
    main = nx.gnm_random_graph(1500, 3500, seed=3)
    G.add_edges_from((f"m{u}", f"m{v}") for u, v in main.edges())
    for i in range(60):
        G.add_edge(f"p{i}a", f"p{i}b")
    for i in range(15):
        G.add_edges_from([(f"t{i}a", f"t{i}b"), (f"t{i}b", f"t{i}c"), (f"t{i}c", f"t{i}a")])
    G.add_nodes_from(f"alone{i}" for i in range(25))
    return G


def boxes_of_pieces(G, positions):
    """The bounding box (left, top, right, bottom) of each connected piece of ``G`` in ``positions``."""
    boxes = []
    for piece in nx.connected_components(G.to_undirected()):
        xs, ys = [positions[n][0] for n in piece], [positions[n][1] for n in piece]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


@pytest.fixture(scope="module")
def laid_out():
    G = pieces_graph()
    return G, layout_positions(G)


def test_a_graphs_pieces_are_packed_into_one_block_about_the_main_piece(laid_out):
    G, positions = laid_out
    boxes = boxes_of_pieces(G, positions)
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    main = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    # the small pieces add a strip to the main piece, not a void around it
    assert width <= 2 * (main[2] - main[0]) and height <= 2 * (main[3] - main[1])
    room = sum((right - left + SPACING) * (bottom - top + SPACING) for left, top, right, bottom in boxes)
    assert width * height <= 2 * room


def test_no_two_pieces_overlap(laid_out):
    G, positions = laid_out
    boxes = boxes_of_pieces(G, positions)
    gap = SPACING - 0.2  # positions are rounded to a tenth of a pixel
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1], (a, b)


def test_the_same_graph_is_laid_out_the_same_and_centred(laid_out):
    G, positions = laid_out
    assert layout_positions(G) == positions
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    assert abs(min(xs) + max(xs)) <= 0.2 and abs(min(ys) + max(ys)) <= 0.2


def test_packed_boxes_never_overlap_and_fill_rows_highest_first():
    rng = random.Random(5)
    sizes = [(rng.uniform(0, 300), rng.uniform(0, 300)) for _ in range(200)] + [(2000.0, 1500.0), (0.0, 0.0)]
    gap = 10.0
    corners = packed(sizes, gap=gap)
    boxes = [(x, y, x + w, y + h) for (x, y), (w, h) in zip(corners, sizes, strict=True)]
    apart = gap - 1e-6  # sums of floats
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] + apart <= b[0] or b[2] + apart <= a[0] or a[3] + apart <= b[1] or b[3] + apart <= a[1], (a, b)
    assert corners[200] == (0.0, 0.0)  # the highest box first
    # the bound of next-fit decreasing-height packing: twice the area (gaps in) over the row's width, plus the highest box
    width = max(right for *_, right, _ in boxes)
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    assert max(bottom for *_, bottom in boxes) <= 2 * area / width + 1500 + gap


def test_a_big_graphs_communities_cover_every_actor_once_largest_first():
    G = nx.MultiDiGraph()
    rng = random.Random(11)
    for group in range(6):  # six dense groups of 1,000, a few ties between them
        members = [f"g{group}-{i}" for i in range(1000)]
        G.add_edges_from((rng.choice(members), rng.choice(members)) for _ in range(4000))
    G.add_edges_from((f"g{a}-0", f"g{(a + 1) % 6}-0") for a in range(6))
    found = communities(G).communities
    assert communities(G).communities == found
    assert sorted(n for c in found for n in c) == sorted(G)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    # each dense group is found, whole, as one community
    assert sorted(sorted({n.split("-")[0] for n in c}) for c in found[:6]) == [[f"g{i}"] for i in range(6)]


def test_the_page_colours_the_communities_the_command_prints(tmp_path):
    from spacegraph.explorer.render import page_payload

    G = nx.MultiDiGraph(nx.les_miserables_graph())
    payload = page_payload(G, title="Les Misérables")
    found = communities(G).communities
    assert {node["id"]: node.get("community") for node in payload["nodes"]} == {n: i for i, c in enumerate(found) for n in c}


def planted_communities(groups=5, size=300, within=900, across=150, seed=13):
    """``groups`` dense groups of ``size`` actors, ``across`` ties between random groups, and 30 actors in 10 triangles."""
    G = nx.MultiDiGraph()
    rng = random.Random(seed)
    members = [[f"g{group}-{i}" for i in range(size)] for group in range(groups)]
    for group in members:
        G.add_edges_from((rng.choice(group), rng.choice(group)) for _ in range(within))
    G.add_edges_from((rng.choice(rng.choice(members)), rng.choice(rng.choice(members))) for _ in range(across))
    for i in range(10):
        G.add_edges_from([(f"t{i}a", f"t{i}b"), (f"t{i}b", f"t{i}c"), (f"t{i}c", f"t{i}a")])
    return G


def box_of(positions, members):
    xs, ys = [positions[n][0] for n in members], [positions[n][1] for n in members]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.slow
def test_a_big_graphs_communities_are_laid_out_apart_each_in_its_own_box():
    G = planted_communities()
    assert G.number_of_nodes() >= CLUSTERS_FROM
    found = communities(G).communities
    positions = layout_positions(G, communities=found)
    assert layout_positions(G, communities=found) == positions and sorted(positions) == sorted(G)
    big = [members for members in found if len(members) >= SMALL_COMMUNITY]
    small = [n for members in found if len(members) < SMALL_COMMUNITY for n in members]
    assert len(big) >= 5 and small  # the triangles are communities of three
    boxes = [box_of(positions, members) for members in big] + [box_of(positions, small)]
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    # the gap is CLUSTER_GAP of the blocks' own size; the whole layout, packing's spare room included, is somewhat bigger
    gap = 0.75 * CLUSTER_GAP * math.sqrt((max(xs) - min(xs)) * (max(ys) - min(ys)))
    for i, a in enumerate(boxes):  # no two communities' boxes meet, and the room between them shows from far out
        for b in boxes[i + 1:]:
            assert a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1], (a, b)
    # laid out whole, the same graph mixes its communities: the boxes overlap
    whole = layout_positions(G)
    mixed = [box_of(whole, members) for members in big]
    assert any(not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]) for i, a in enumerate(mixed) for b in mixed[i + 1:])


def test_a_graph_under_the_clustering_size_is_laid_out_whole():
    G = planted_communities(groups=3, size=100, within=300, across=40)
    assert G.number_of_nodes() < CLUSTERS_FROM
    assert not clusters_apart(G.number_of_nodes(), communities(G).communities)
    assert layout_positions(G, communities=communities(G).communities) == layout_positions(G)


@pytest.mark.slow
def test_the_page_of_a_big_graph_marks_the_communities_it_names():
    payload = page_payload(explorer_html(planted_communities()))
    named = [c for c in payload["communities"] if c.get("apart")]
    assert named and all(c["size"] >= SMALL_COMMUNITY for c in named)
    assert all(not c.get("apart") for c in payload["communities"] if c["size"] < SMALL_COMMUNITY)
    small = page_payload(explorer_html(planted_communities(groups=3, size=100, within=300, across=40)))
    assert not any(c.get("apart") for c in small["communities"])
