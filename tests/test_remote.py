"""Push the graph to a real Oxigraph server and run the named queries there."""

import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.errors import EndpointError
from spacegraph.library import list_queries
from spacegraph.remote import RemoteEndpoint, push_graph
from test_queries import PARAMS


@pytest.fixture(scope="module")
def pushed(oxigraph_server, kg):
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(kg):,} triples to the default graph" in result.output
    return oxigraph_server


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_named_queries_give_the_same_answers_remotely(pushed, kg, named):
    remote = RemoteEndpoint(pushed + "/query")
    from spacegraph.querying import run_query

    here = run_query(kg, named.name, PARAMS.get(named.name, {}))
    there = run_query(remote, named.name, PARAMS.get(named.name, {}))
    assert there.vars == here.vars
    assert sorted(map(_plain_row, there.rows)) == sorted(map(_plain_row, here.rows))


def _plain_row(row):
    # GROUP_CONCAT may join in any order: compare the joined parts as sets
    return tuple("" if term is None else sorted(str(term).replace(" | ", ", ").split(", ")) for term in row)


def test_cli_query_on_the_endpoint(pushed):
    result = CliRunner().invoke(main, ["query", "--endpoint", pushed + "/query", "pla-reorganization", "--format", "csv"])
    assert result.exit_code == 0, result.output
    for unit in ("Military Aerospace Force", "Cyberspace Force", "Information Support Force"):
        assert unit in result.output
    profile = CliRunner().invoke(main, ["query", "--endpoint", pushed + "/query", "actor-profile", "-p", "actor=ASF", "--format", "csv"])
    assert profile.exit_code == 0 and "Space Systems Department" in profile.output


def test_push_into_a_named_graph(oxigraph_server, kg):
    graph = "https://w3id.org/spacegraph/graph/test"
    count = push_graph(kg.graph, oxigraph_server + "/store", graph_iri=graph)
    assert count == len(kg)
    remote = RemoteEndpoint(oxigraph_server + "/query")
    rows = remote.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    assert int(rows[0].n) == len(kg)


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


def test_cli_push_to_a_wrong_url(oxigraph_server):
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server + "/nowhere"])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"Error: {oxigraph_server}/nowhere?default answered 404")
