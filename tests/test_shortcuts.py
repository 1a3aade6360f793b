"""Each shortcut into another library's internals still holds: these fail when an upstream change breaks one."""

import gc
import re
from pathlib import Path

import pytest

from spacegraph.core._shortcuts import VIS_NETWORK, collector_paused, multidigraph_in_bulk, vis_network_assets

ROOT = Path(__file__).resolve().parent.parent


def test_the_collector_is_paused_inside_and_restored_after_even_on_error():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with collector_paused():
            assert not gc.isenabled()
            raise ZeroDivisionError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a collector paused by the caller stays paused
    finally:
        gc.enable()


def test_bulk_build_equals_the_networkx_api(kg):
    full = kg.to_networkx(view="full")
    import networkx as nx


    nodes = dict(full.nodes(data=True))
    edges = {(u, v, k): data for u, v, k, data in full.edges(keys=True, data=True)}
    built = multidigraph_in_bulk(nodes, edges, view="full")
    reference = nx.MultiDiGraph(view="full")
    reference.add_nodes_from(nodes.items())
    for (u, v, k), data in edges.items():
        reference.add_edge(u, v, k, **data)
    assert built.graph == reference.graph
    assert list(built.nodes(data=True)) == list(reference.nodes(data=True))
    assert list(built.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))
    assert list(built.in_edges(keys=True)) == list(reference.in_edges(keys=True))
    assert nx.utils.graphs_equal(built, reference)
    built.remove_node(next(iter(nodes)))  # the structures stay consistent when edited
    reference.remove_node(next(iter(nodes)))
    assert nx.utils.graphs_equal(built, reference)


def test_pyvis_still_ships_the_vis_network_release_the_page_inlines():
    import tomllib

    import pyvis

    javascript, css = vis_network_assets()
    assert re.search(r"@version (\S+)", javascript[:2000]).group(1) == VIS_NETWORK
    assert ".vis-network" in css
    pinned = [d for d in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
              if d.startswith("pyvis")]
    assert pinned == [f"pyvis=={pyvis.__version__}"], "pin pyvis to one release: the page inlines the vis-network it ships"


def test_the_manual_names_the_vis_network_release_the_page_inlines():
    named = {(page.name, version) for page in (ROOT / "docs").glob("*.md")
             for version in re.findall(r"vis-network (\d+\.\d+\.\d+)", page.read_text(encoding="utf-8"))}
    assert named and all(version == VIS_NETWORK for _, version in named), (sorted(named), VIS_NETWORK)


def test_oxigraph_still_refuses_to_substitute_an_unprojected_variable_in_the_words_we_read():
    import pyoxigraph as ox

    from spacegraph.core._shortcuts import NOT_PROJECTED

    with pytest.raises(RuntimeError) as refused:
        ox.Store().query("SELECT (STRLEN(?t) AS ?l) WHERE {}", substitutions={ox.Variable("t"): ox.Literal("abc")})
    assert NOT_PROJECTED in str(refused.value)


@pytest.mark.slow  # two new interpreters
def test_the_command_line_loads_no_plotting_library_and_the_library_leaves_it_alone(tmp_path):
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parents[1] / "src")
    env = dict(os.environ, PYTHONPATH=src)
    command = subprocess.run([sys.executable, "-X", "importtime", "-m", "spacegraph.cli", "communities"], capture_output=True,
                             text=True, env=env, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert command.returncode == 0, command.stderr[-2000:]
    # igraph ran, and no module of matplotlib was loaded (its own igraph.drawing.matplotlib is igraph's)
    assert "| igraph" in command.stderr and not re.search(r"\| +matplotlib\.", command.stderr)
    library = subprocess.run([sys.executable, "-c", "import spacegraph; spacegraph.load().communities(); import matplotlib; print('ok')"],
                             capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert library.stdout == "ok\n", library.stderr[-2000:]
