"""Exports open in Gephi, Cytoscape and NetworkX, with their attributes."""

import csv
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.errors import OutputError
from spacegraph.network.export import export_graph


@pytest.fixture(scope="module")
def G(kg):
    return kg.to_networkx()


def test_graphml_round_trip(G, tmp_path):
    (path,) = export_graph(G, tmp_path / "g.graphml", "graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.nodes["sgid:argentina"]["label"] == "Argentina" and H.nodes["sgid:argentina"]["kind"] == "state"
    assert json.loads(H.nodes["sgid:military-aerospace-force"]["altLabels"]) == ["ASF", "Aerospace Force"]
    edge = H.edges["sgid:argentina", "sgid:patagonia-deep-space-station", "sg:hosts"]
    assert edge["label"] == "hosts" and edge["quotes"] == 1
    assert json.loads(edge["sources"])[0]["quote"].startswith("Argentina, which hosts")


def test_gexf_round_trip_with_dates(G, tmp_path):
    (path,) = export_graph(G, tmp_path / "g.gexf", "gexf")
    text = path.read_text()
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    H = nx.read_gexf(path)
    assert H.number_of_nodes() == G.number_of_nodes()
    asf = H.nodes["sgid:military-aerospace-force"]
    assert asf["label"] == "Military Aerospace Force" and asf["start"] == "2024-04-01"
    assert H.nodes["sgid:strategic-support-force"]["end"] == "2024-04-01"


def test_json_is_node_link_data(G, tmp_path):
    (path,) = export_graph(G, tmp_path / "g.json", "json")
    # read with NetworkX's defaults, as every version the project allows (3.6 and later) reads it
    H = nx.node_link_graph(json.loads(path.read_text()))
    assert H.is_directed() and H.is_multigraph()
    assert H.edges["sgid:venezuela", "sgid:ilrs", "sg:memberOf"]["role"] == "member providing access to ground stations"
    assert nx.utils.graphs_equal(H, G)


def test_csv_writes_nodes_and_edges(G, tmp_path):
    paths = export_graph(G, tmp_path / "network.csv", "csv")
    assert [p.name for p in paths] == ["network-nodes.csv", "network-edges.csv"]
    nodes = list(csv.DictReader(paths[0].open()))
    edges = list(csv.DictReader(paths[1].open()))
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert {"id", "label", "kind"} <= set(nodes[0]) and {"source", "target", "predicate", "label", "sources"} <= set(edges[0])
    assert all(int(e["quotes"]) >= 1 for e in edges)


def test_unwritable_path_is_a_clear_error_and_leaves_nothing(G, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match="cannot write"):
        export_graph(G, blocker / "g.graphml", "graphml")
    with pytest.raises(OutputError):
        export_graph(G, tmp_path / "missing" / "g.csv", "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_export_replaces_a_file_whole(G, tmp_path):
    target = tmp_path / "g.json"
    target.write_text("old")
    export_graph(G, target, "json")
    assert json.loads(target.read_text())["directed"] is True
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_cli_export_and_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--format", "gexf", "-o", str(tmp_path / "x.gexf"), "--as-of", "2023-06-01"])
    assert result.exit_code == 0, result.output
    assert "sgid:military-aerospace-force" not in (tmp_path / "x.gexf").read_text()
    bad = runner.invoke(main, ["export", "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2 and "'pdf' is not one of 'graphml', 'gexf', 'json', 'csv'" in bad.output
    by_extension = runner.invoke(main, ["export", "-o", str(tmp_path / "y.graphml")])
    assert by_extension.exit_code == 0 and (tmp_path / "y.graphml").read_text().startswith("<?xml")
    unknown = runner.invoke(main, ["export", "-o", str(tmp_path / "y.dat")])
    assert unknown.exit_code == 1 and unknown.output.strip() == (
        f"Error: cannot tell the format of {tmp_path / 'y.dat'}: name it .graphml, .gexf, .json or .csv (or give --format)")
    clash = runner.invoke(main, ["export", "--format", "json", "-o", str(tmp_path / "y.gexf")])
    assert clash.exit_code == 1 and "ends in .gexf but the format asked for is json" in clash.output
    assert not (tmp_path / "y.gexf").exists() and not (tmp_path / "y.dat").exists()
    nowhere = runner.invoke(main, ["export", "--format", "json", "-o", str(tmp_path / "no" / "x.json")])
    assert nowhere.exit_code == 1 and nowhere.output.startswith(f"Error: cannot write {tmp_path / 'no' / 'x.json'}")
