"""Centrality, communities, paths and brokers, checked on graphs whose answers are known by hand."""

import itertools
import json

import networkx as nx
import pytest

from spacegraph.errors import SpacegraphError
from spacegraph.network import brokers, centrality_table, communities, ego_network, explain_path, resolve_node, simple_projection


def _line():
    G = nx.MultiDiGraph()
    for node in "abc":
        G.add_node(node, label=node.upper(), kind="state" if node != "b" else "company")
    G.add_edge("a", "b", key="sg:hosts", label="hosts", sources=[{"document": "d", "quote": "a hosts b"}])
    G.add_edge("b", "c", key="sg:operates", label="operates", sources=[{"document": "d", "quote": "b operates c"}])
    return G


def _row(table, node):
    return next(r for r in table.rows if r["node"] == node)


def test_centralities_of_a_line_by_hand():
    table = centrality_table(_line())
    a, b = _row(table, "a"), _row(table, "b")
    assert b["degree"] == pytest.approx(1.0) and a["degree"] == pytest.approx(0.5)
    assert a["out_degree"] == pytest.approx(0.5) and a["in_degree"] == 0
    assert b["betweenness"] == pytest.approx(1.0) and a["betweenness"] == 0
    assert b["closeness"] == pytest.approx(1.0) and a["closeness"] == pytest.approx(2 / 3)
    assert b["harmonic"] == pytest.approx(1.0) and a["harmonic"] == pytest.approx(0.75)
    assert sum(r["pagerank"] for r in table.rows) == pytest.approx(1.0)
    assert b["degree_rank"] == 1 and table.rows[0]["node"] == "b"


def test_ties_share_the_best_rank():
    table = centrality_table(_line(), ["betweenness"])
    assert sorted(r["betweenness_rank"] for r in table.rows) == [1, 2, 2]


def test_parallel_relationships_become_weight_and_shorter_distance():
    G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b"), ("b", "c")])
    S = simple_projection(G)
    assert S.edges["a", "b"]["weight"] == 3 and S.edges["a", "b"]["distance"] == pytest.approx(1 / 3)
    # through the strong tie, c is closer to a than a to c alone would make it
    assert nx.shortest_path_length(S, "a", "c", weight="distance") == pytest.approx(1 / 3 + 1)


def test_eigenvector_on_a_disconnected_graph_uses_the_largest_component_and_says_so():
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    table = centrality_table(G, ["eigenvector"])
    assert _row(table, "x")["eigenvector"] == 0.0 and _row(table, "a")["eigenvector"] > 0
    assert table.notes == ["eigenvector: the graph has 2 connected components; it is computed on the largest (3 of 5 nodes) and is 0 elsewhere"]


def test_kind_filter_and_bad_names():
    table = centrality_table(_line(), kind="state")
    assert {r["node"] for r in table.rows} == {"a", "c"}
    with pytest.raises(SpacegraphError, match="no node of kind 'planet'; the kinds in this graph are company, state"):
        centrality_table(_line(), kind="planet")
    with pytest.raises(SpacegraphError, match="unknown measure 'fame'; choose from degree, in_degree"):
        centrality_table(_line(), ["fame"])


def test_empty_graph_gives_an_empty_table():
    assert centrality_table(nx.MultiDiGraph()).rows == []


def test_louvain_is_seeded_and_reports_modularity():
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    first, second = communities(G, seed=1), communities(G, seed=1)
    assert first.communities == second.communities
    assert sorted(sorted(c) for c in first.communities) == [["a", "b", "c"], ["x", "y", "z"]]
    assert first.modularity == pytest.approx(5 / 14)


def test_explained_path_gives_each_step_with_quotes():
    hops = explain_path(_line(), "A", "c")
    assert [(h["from"], h["to"]) for h in hops] == [("a", "b"), ("b", "c")]
    assert hops[0]["relations"] == [{"label": "hosts", "direction": "->", "sources": [{"document": "d", "quote": "a hosts b"}]}]
    back = explain_path(_line(), "c", "a")
    assert back[0]["relations"][0]["direction"] == "<-"


def test_names_resolve_or_fail_clearly():
    G = _line()
    G.add_node("d", label="A", kind="state")
    with pytest.raises(SpacegraphError, match=r"'A' is ambiguous: it names A \(a\); A \(d\)"):
        resolve_node(G, "A")
    with pytest.raises(SpacegraphError, match="no actor is called 'Q'"):
        resolve_node(G, "Q")
    with pytest.raises(SpacegraphError, match="no path links A and A"):
        explain_path(G, "a", "d")


def test_brokers_and_ego_network():
    G = _line()
    assert brokers(G) == {"articulation_points": ["b"], "bridges": [("a", "b"), ("b", "c")]}
    assert set(ego_network(G, "a")) == {"a", "b"}


def test_real_data_path_from_argentina_to_the_aerospace_force(kg):
    G = kg.to_networkx()
    hops = explain_path(G, "Argentina", "Military Aerospace Force")
    assert hops[0]["from_label"] == "Argentina" and hops[-1]["to_label"] == "Military Aerospace Force"
    last = hops[-1]["relations"]
    assert [(r["label"], r["direction"]) for r in last] == [("part of organisation", "<-")]
    assert all(r["sources"] for hop in hops for r in hop["relations"])
    succession = explain_path(G, "Strategic Support Force", "ASF")[0]["relations"]
    assert any(r["label"] == "succeeded by" and r["date"] == "2024-04" for r in succession)


def test_a_path_leaves_attributed_claims_out_unless_asked(kg):
    from spacegraph.errors import NoPath

    G = kg.to_networkx()
    labels = lambda hops: {r["label"] for hop in hops for r in hop["relations"]}  # noqa: E731
    assert "claims about" not in labels(explain_path(G, "Argentina", "ASF"))
    assert "claims about" in labels(explain_path(G, "Argentina", "ASF", claims=True))
    with pytest.raises(NoPath, match=r"^no path links Blaine Curcio and Argentina in this graph but through attributed claims$"):
        explain_path(G, "Blaine Curcio", "Argentina")
    assert explain_path(G, "Blaine Curcio", "Argentina", claims=True)[0]["relations"][0]["label"] == "claims about"


@pytest.mark.slow
def test_in_the_full_view_a_path_passes_through_no_claim_unless_asked(kg):
    from spacegraph.errors import NoPath

    G = kg.to_networkx(view="full")
    claims = {n for n, data in G.nodes(data=True) if "claim" in data}
    crossed = 0
    for claim in sorted(claims):
        ends = sorted(n for n in set(G.successors(claim)) | set(G.predecessors(claim)) if n not in claims)
        for a, b in itertools.pairwise(ends):
            try:
                inside = {hop["to"] for hop in explain_path(G, a, b)[:-1]}
            except NoPath:
                continue
            assert not inside & claims, (a, b)
            crossed += bool({hop["to"] for hop in explain_path(G, a, b, claims=True)[:-1]} & claims)
    assert crossed  # asked, some of these paths do go through a claim


def test_no_path_at_all_does_not_point_at_claims():
    import networkx as nx

    from spacegraph.errors import NoPath

    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="c1", claim="a says b", label="claims about")
    G.add_node("d", label="D")
    with pytest.raises(NoPath, match=r"^no path links a and D in this graph$") as raised:
        explain_path(G, "a", "d")
    assert raised.value.through_claims is False
    with pytest.raises(NoPath, match="but through attributed claims$") as raised:
        explain_path(G, "a", "b")
    assert raised.value.through_claims is True


def test_cli_path_names_the_option_that_takes_claims_in():
    from click.testing import CliRunner

    from spacegraph.cli import main

    refused = CliRunner().invoke(main, ["path", "Blaine Curcio", "Argentina"])
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "Error: no path links Blaine Curcio and Argentina in this graph but through attributed claims (--claims lets them link)"]
    taken = CliRunner().invoke(main, ["path", "Blaine Curcio", "Argentina", "--claims"])
    assert taken.exit_code == 0 and "Blaine Curcio -[claims about]->" in taken.output


@pytest.mark.parametrize("source, target", [("China", "China"), ("ASF", "Military Aerospace Force"), ("sgid:china", "Beijing")])
def test_a_path_from_an_actor_to_itself_has_no_step(kg, source, target):
    from click.testing import CliRunner

    from spacegraph.cli import main

    assert explain_path(kg.to_networkx(), source, target) == []
    result = CliRunner().invoke(main, ["path", source, target])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert result.output.splitlines()[0].endswith(f": 0 steps ({source!r} and {target!r} name the same actor)")


def test_real_data_rankings(kg):
    table = centrality_table(kg.to_networkx(), ["betweenness", "degree"])
    assert table.rows[0]["label"] == "China"
    states = centrality_table(kg.to_networkx(), ["degree"], kind="state")
    assert {r["kind"] for r in states.rows} == {"state"}


@pytest.mark.slow
def test_cli_centrality():
    from click.testing import CliRunner

    from spacegraph.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["centrality", "--top", "3", "--width", "100"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "note: eigenvector: the graph has" in result.stderr
    assert lines[0].split()[:7] == ["#", "actor", "kind", "degree", "betweenness", "closeness", "eigenvector"]
    assert lines[2].split()[:3] == ["1", "China", "state"]
    states = runner.invoke(main, ["centrality", "--kind", "state", "-m", "betweenness", "--format", "csv"])
    rows = states.stdout.strip().splitlines()
    assert rows[0] == "node,label,kind,betweenness,betweenness_rank" and all(",state," in r for r in rows[1:])
    everything = runner.invoke(main, ["centrality", "-m", "all", "--format", "json"])
    import json

    assert json.loads(everything.stdout)["measures"] == list(__import__("spacegraph.network.centrality", fromlist=["MEASURES"]).MEASURES)
    before = runner.invoke(main, ["centrality", "--as-of", "2023-06-01", "--format", "csv", "--top", "100"])
    assert "Strategic Support Force" in before.output and "Military Aerospace Force" not in before.output


@pytest.mark.parametrize("args, code, message", [
    (["centrality", "--measure", "fame"], 2, "'fame' is not one of 'degree', 'in_degree'"),
    (["centrality", "--kind", "planet"], 2, "Invalid value for '--kind': no node of kind 'planet'; the kinds in this graph are company, event"),
    (["centrality", "--as-of", "2024-02-30"], 2, "Invalid value for --as-of: '2024-02-30' is not a date"),
    (["path", "Argentina", "Atlantis"], 1, "Error: no actor is called 'Atlantis'"),
    (["path", "Argentina", "Information Support"], 1, "did you mean Information Support Force?"),
    (["communities", "--resolution", "0"], 2, "Invalid value for '--resolution'"),
])
def test_cli_network_bad_input(args, code, message):
    from click.testing import CliRunner

    from spacegraph.cli import main

    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_cli_path_and_communities():
    from click.testing import CliRunner

    from spacegraph.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["path", "Argentina", "ASF"])
    assert result.exit_code == 0, result.output
    # through the station Argentina hosts: "a key node in this Chinese international strategy" is no partnership
    assert result.output.startswith("Argentina to Military Aerospace Force: 4 steps")
    assert "People's Liberation Army <-[part of organisation]- Military Aerospace Force" in result.output
    assert '"In April 2024, China undertook a major reorganization' in result.output
    assert "claims about" not in result.output
    dated = runner.invoke(main, ["path", "SSF", "ASF"])
    assert "Strategic Support Force -[succeeded by]-> Military Aerospace Force (2024-04)" in dated.output
    as_json = json.loads(runner.invoke(main, ["path", "Argentina", "ASF", "--format", "json"]).output)
    assert as_json["from"] == "sgid:argentina" and len(as_json["steps"]) == 4
    assert as_json["steps"][0]["relations"][0]["sources"][0]["quote"].startswith("Argentina, which hosts")
    found = runner.invoke(main, ["communities", "--width", "60"])
    assert found.exit_code == 0 and "modularity" in found.output.splitlines()[0]
    assert max(len(line) for line in found.output.splitlines()) <= 60


def test_path_measures_equal_networkx_on_a_weighted_graph_with_a_separate_part():
    import random

    rng = random.Random(3)
    G = nx.MultiDiGraph()
    for _ in range(160):
        u, v = rng.randrange(40), rng.randrange(40)
        G.add_edge(u, v)
    G.add_edges_from([(100, 101), (101, 102)])  # a second component
    G.add_node(200)  # an isolated node
    table = centrality_table(G, ["betweenness", "closeness", "harmonic"])
    S = simple_projection(G)
    expected = {
        "betweenness": nx.betweenness_centrality(S, weight="distance", normalized=True),
        "closeness": nx.closeness_centrality(S, distance="distance", wf_improved=True),
        "harmonic": {v: h / (S.number_of_nodes() - 1) for v, h in nx.harmonic_centrality(S, distance="distance").items()},
    }
    for row in table.rows:
        for measure, scores in expected.items():
            assert row[measure] == pytest.approx(scores[row["node"]], abs=1e-9), (measure, row["node"])


def test_eigenvector_equals_networkx_on_a_connected_graph():
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("c", "d")])
    table = centrality_table(G, ["eigenvector"])
    expected = nx.eigenvector_centrality_numpy(simple_projection(G), weight="weight")
    for row in table.rows:
        assert row["eigenvector"] == pytest.approx(expected[row["node"]], abs=1e-6)


def _two_part_network(big=600, small=40, seed=5):
    """A weighted random network with a large part and a small separate one, as a multigraph of actors."""
    import random

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    linked = set()
    for first, size, edges in ((0, big, 3 * big), (big, small, 2 * small)):
        nodes = [f"n{i}" for i in range(first, first + size)]
        pairs = [(nodes[i], nodes[rng.randrange(i)]) for i in range(1, size)]  # connected: a random tree...
        pairs += [tuple(rng.sample(nodes, 2)) for _ in range(edges)]  # ...and more edges
        for u, v in pairs:
            if frozenset((u, v)) in linked:
                continue
            linked.add(frozenset((u, v)))
            # 1, 2 or 4 parallel relationships: distances 1, 0.5, 0.25 add up exactly, so ties are exact
            for number in range(rng.choice((1, 1, 2, 4))):
                G.add_edge(u, v, key=f"sg:p{number}")
    return G


def test_sampled_betweenness_is_networkx_sampled_estimate(monkeypatch):
    from spacegraph.network import centrality as analysis

    G = _two_part_network()
    S = simple_projection(G)
    monkeypatch.setattr(analysis, "SAMPLE_ABOVE", 100)
    monkeypatch.setattr(analysis, "PIVOTS", 150)
    table = centrality_table(G, ["betweenness"])
    expected = nx.betweenness_centrality(S, k=150, weight="distance", normalized=True, seed=42)
    got = {row["node"]: row["betweenness"] for row in table.rows}
    assert got == pytest.approx(expected, abs=1e-12)
    assert "betweenness: sampled with k=150 pivots (seed 42) on 640 nodes" in table.notes


@pytest.mark.slow
def test_estimated_closeness_and_harmonic_track_the_exact_scores(monkeypatch):
    from scipy.stats import spearmanr

    from spacegraph.network import centrality as analysis

    G = _two_part_network()
    exact = centrality_table(G, ["closeness", "harmonic"])
    monkeypatch.setattr(analysis, "SAMPLE_ABOVE", 100)
    monkeypatch.setattr(analysis, "PIVOTS", 150)
    estimate = centrality_table(G, ["closeness", "harmonic"])
    assert any("estimated from 150 pivots (seed 42) on the components of 600 nodes" in n for n in estimate.notes)
    for measure in ("closeness", "harmonic"):
        truth = {row["node"]: row[measure] for row in exact.rows}
        guess = {row["node"]: row[measure] for row in estimate.rows}
        small = [f"n{i}" for i in range(600, 640)]  # the separate part is under PIVOTS nodes: exact
        assert [guess[n] for n in small] == pytest.approx([truth[n] for n in small], rel=1e-9)
        large = [f"n{i}" for i in range(600)]
        errors = [abs(guess[n] - truth[n]) / truth[n] for n in large]
        assert sum(errors) / len(errors) < 0.05, measure
        assert spearmanr([truth[n] for n in large], [guess[n] for n in large]).statistic > 0.9, measure
