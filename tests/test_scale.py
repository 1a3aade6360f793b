"""A million triples on a real Oxigraph server: push, bulk load, the named queries, the projection.

The graph is the benchmarks' synthetic graph at 1,000,000 triples
(benchmarks/synthetic.py), shaped like the real data.
"""

import subprocess

import pytest
from click.testing import CliRunner
from helpers import oxigraph_program, running_oxigraph

import spacegraph
from spacegraph.cli import main
from spacegraph.graph.remote import RemoteEndpoint, push_knowledge_graph

pytestmark = [pytest.mark.slow, pytest.mark.server]

MILLION = 1_000_000
# the named queries compared in full, local against remote (the heaviest are in benchmarks/run.py)
COMPARED = ("class-counts", "relationship-counts", "sources", "most-connected", "ilrs-members", "pla-reorganization",
            "unquoted-relationships", "claims")


@pytest.fixture(scope="module")
def big(tmp_path_factory, synthetic):
    folder = tmp_path_factory.mktemp("million")
    data, _ = synthetic.generate(MILLION, folder)
    kg = spacegraph.load([data], sources_dir=folder / "sources")
    assert len(kg) > MILLION
    return kg


@pytest.fixture(scope="module")
def pushed(big, tmp_path_factory):
    with running_oxigraph("serve", tmp_path_factory.mktemp("million-store")) as base:
        count, _ = push_knowledge_graph(big, base + "/store", timeout=600)
        assert count == len(big)
        yield RemoteEndpoint(base + "/query", timeout=600)


def _count(endpoint):
    return int(endpoint.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0].n)


def test_push_sends_every_triple(pushed, big):
    assert _count(pushed) == len(big)


def test_named_queries_answer_the_same_on_the_server(pushed, big):
    from spacegraph.sparql.query import run_query

    for name in COMPARED:
        local, remote = run_query(big, name, {}), run_query(pushed, name, {})
        assert remote.vars == local.vars, name
        assert len(remote) == len(local), name
        assert sorted(map(_plain, remote.rows)) == sorted(map(_plain, local.rows)), name


def _plain(row):
    # GROUP_CONCAT may join in any order: compare the joined parts as sets
    return tuple("" if term is None else sorted(str(term).replace(" | ", ", ").split(", ")) for term in row)


def test_projection_on_the_server_equals_the_local_one(pushed, big):
    local, remote = big.to_networkx(), pushed.to_networkx()
    assert remote.number_of_edges() == local.number_of_edges() > 50_000
    assert list(remote.nodes(data=True)) == list(local.nodes(data=True))
    assert list(remote.edges(keys=True, data=True)) == list(local.edges(keys=True, data=True))


def test_bulk_load_with_oxigraph_load_then_query_read_only(big, tmp_path):
    dump = tmp_path / "spacegraph.nt"
    dump.write_text(big.serialize("nt"), encoding="utf-8")
    store = tmp_path / "store"
    subprocess.run([oxigraph_program(), "load", "--location", str(store), "--file", str(dump)], check=True,
                   capture_output=True)
    with running_oxigraph("serve-read-only", store) as base:
        endpoint = RemoteEndpoint(base + "/query", timeout=600)
        assert _count(endpoint) == len(big)
        result = CliRunner().invoke(main, ["query", "--endpoint", base + "/query", "--timeout", "600", "class-counts",
                                           "--format", "csv"])
        assert result.exit_code == 0, result.output
        assert sorted(result.output.splitlines()[1:]) == sorted(
            ",".join(str(value) for value in row) for row in big.query("class-counts").rows)
