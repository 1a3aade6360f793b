"""Push the graph to a real Oxigraph server and run the named queries there."""

import pytest
from click.testing import CliRunner
from helpers import PARAMS, plain_row

from spacegraph.cli import main
from spacegraph.errors import EndpointError
from spacegraph.graph.remote import RemoteEndpoint, push_graph
from spacegraph.sparql.library import list_queries


@pytest.fixture(scope="module")
def pushed(oxigraph_server, kg):
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(kg):,} triples to the default graph" in result.output
    return oxigraph_server


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_named_queries_give_the_same_answers_remotely(pushed, kg, named):
    remote = RemoteEndpoint(pushed + "/query")
    from spacegraph.sparql.query import run_query

    here = run_query(kg, named.name, PARAMS.get(named.name, {}))
    there = run_query(remote, named.name, PARAMS.get(named.name, {}))
    assert there.vars == here.vars
    assert sorted(map(plain_row, there.rows)) == sorted(map(plain_row, here.rows))


@pytest.mark.slow
@pytest.mark.server
def test_cli_query_on_the_endpoint(pushed):
    result = CliRunner().invoke(main, ["query", "--endpoint", pushed + "/query", "pla-reorganization", "--format", "csv"])
    assert result.exit_code == 0, result.output
    for unit in ("Military Aerospace Force", "Cyberspace Force", "Information Support Force"):
        assert unit in result.output
    profile = CliRunner().invoke(main, ["query", "--endpoint", pushed + "/query", "actor-profile", "-p", "actor=ASF", "--format", "csv"])
    assert profile.exit_code == 0 and "Space Systems Department" in profile.output


@pytest.mark.slow
@pytest.mark.server
def test_push_into_a_named_graph(oxigraph_server, kg):
    graph = "https://w3id.org/spacegraph/graph/test"
    count = push_graph(kg.graph, oxigraph_server + "/store", graph_iri=graph)
    assert count == len(kg)
    remote = RemoteEndpoint(oxigraph_server + "/query")
    rows = remote.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    assert int(rows[0].n) == len(kg)


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1:9/query", "cannot reach http://127.0.0.1:9/query"),
        ("{base}/nowhere", "{base}/nowhere answered 404"),
        ("not a url", "bad endpoint URL 'not a url'"),
    ],
)
def test_bad_endpoints_name_the_url_and_status(oxigraph_server, url, message):
    url = url.format(base=oxigraph_server)
    with pytest.raises(EndpointError) as caught:
        RemoteEndpoint(url).run("ASK {}")
    assert str(caught.value).startswith(message.format(base=oxigraph_server))


@pytest.mark.slow
@pytest.mark.server
def test_cli_push_to_a_wrong_url(oxigraph_server):
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server + "/nowhere"])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"Error: {oxigraph_server}/nowhere?default answered 404")


@pytest.mark.slow
@pytest.mark.server
def test_projection_on_the_server_equals_the_local_one(pushed, kg):
    remote = RemoteEndpoint(pushed + "/query")
    for view, as_of in (("actors", None), ("full", None), ("actors", "2023-06-01")):
        local, there = kg.to_networkx(view=view, as_of=as_of), remote.to_networkx(view=view, as_of=as_of)
        assert there.number_of_edges() > 50
        assert sorted(there.nodes(data=True)) == sorted(local.nodes(data=True))
        assert sorted(there.edges(keys=True, data=True)) == sorted(local.edges(keys=True, data=True))


@pytest.mark.slow
@pytest.mark.server
def test_cli_centrality_on_the_endpoint(pushed):
    local = CliRunner().invoke(main, ["centrality", "--format", "csv", "--top", "5"])
    remote = CliRunner().invoke(main, ["centrality", "--endpoint", pushed + "/query", "--format", "csv", "--top", "5"])
    assert remote.exit_code == 0, remote.output
    import csv
    import io

    local_rows = list(csv.reader(io.StringIO(local.stdout)))
    remote_rows = list(csv.reader(io.StringIO(remote.stdout)))
    assert len(remote_rows) == 6 and [r[:3] for r in remote_rows] == [r[:3] for r in local_rows]
    for mine, theirs in zip(local_rows[1:], remote_rows[1:], strict=True):  # igraph's eigenvector varies in the 16th digit
        assert [float(x) for x in theirs[3:]] == pytest.approx([float(x) for x in mine[3:]], rel=1e-9)


def test_a_server_that_sends_a_bad_iri_is_refused():
    from spacegraph.core.terms import valid_iri
    from spacegraph.errors import InvalidIRI

    with pytest.raises(InvalidIRI, match="not a valid IRI"):
        valid_iri("https://example.org/x> } DROP ALL {")


@pytest.mark.server
def test_push_reads_the_built_store_its_data_names(built_project, tmp_path, monkeypatch):
    """--data-dir and --build name the data, as for the other commands: a fresh build is pushed as it is, nothing derived again."""
    from helpers import running_oxigraph

    import spacegraph.core.derived

    folder, _, _ = built_project

    def derive_again(store):
        raise AssertionError("push derived the counts again instead of reading the built store")

    monkeypatch.setattr(spacegraph.core.derived, "derive", derive_again)
    with running_oxigraph("serve", tmp_path / "oxigraph") as base:
        result = CliRunner().invoke(main, ["push", "--data-dir", str(folder / "graph_data"), "--build", str(folder / "build"),
                                           "--endpoint", base + "/store"])
        assert result.exit_code == 0, result.output
        assert "pushed " in result.output and " derived counts to graph " in result.output
        held = RemoteEndpoint(base + "/query").run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
        assert f"pushed {int(held):,} triples to the default graph" in result.output
        # without the build, the same data is read from its files and its counts derived
        result = CliRunner().invoke(main, ["push", "--data-dir", str(folder / "graph_data"), "--build", str(tmp_path / "none"),
                                           "--endpoint", base + "/store"])
    assert result.exit_code != 0 and "push derived the counts again" in str(result.exception)


@pytest.mark.server
def test_max_bytes_caps_each_answer_of_the_endpoint(pushed):
    """--max-bytes bounds what one answer may send (a projection of ten million triples needs more than 256M)."""
    for command in (["query", "ilrs-members"], ["centrality", "--top", "3"]):
        capped = CliRunner().invoke(main, [*command, "--endpoint", pushed + "/query", "--max-bytes", "2K"])
        assert capped.exit_code == 1
        assert "more than 2,048 bytes" in capped.output and "(raise the limit with --max-bytes)" in capped.output
        assert len(capped.output.strip().splitlines()) == 1
        raised = CliRunner().invoke(main, [*command, "--endpoint", pushed + "/query", "--max-bytes", "64M"])
        assert raised.exit_code == 0, raised.output
    wrong = CliRunner().invoke(main, ["query", "ilrs-members", "--endpoint", pushed + "/query", "--max-bytes", "lots"])
    assert wrong.exit_code == 2 and "--max-bytes" in wrong.output
