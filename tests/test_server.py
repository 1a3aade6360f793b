"""`spacegraph serve` over real HTTP: the SPARQL 1.1 Protocol, read-only, guarded."""

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = [pytest.mark.server, pytest.mark.slow]

STATES = "PREFIX sg: <https://w3id.org/spacegraph/ontology#> SELECT ?s WHERE { ?s a sg:State } ORDER BY ?s"


def _post(base, body, content_type="application/sparql-query", accept=None, path="/query"):
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(base + path, data=body.encode(), headers=headers, method="POST")
    return _open(request)


def _get(base, query, accept=None, path="/query"):
    url = f"{base}{path}?{urllib.parse.urlencode({'query': query})}"
    return _open(urllib.request.Request(url, headers={"Accept": accept} if accept else {}))


def _open(request):
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_get_returns_sparql_json(spacegraph_endpoint):
    status, headers, body = _get(spacegraph_endpoint, STATES)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == 32
    assert headers["Spacegraph-Results-Truncated"] == "false"


@pytest.mark.parametrize(
    "accept, check",
    [
        ("application/sparql-results+json", lambda body: json.loads(body)["head"]["vars"] == ["s"]),
        ("application/sparql-results+xml", lambda body: ET.fromstring(body).tag == "{http://www.w3.org/2005/sparql-results#}sparql"),
        ("text/csv", lambda body: next(csv.reader(io.StringIO(body))) == ["s"] and "https://w3id.org/spacegraph/id/argentina" in body),
        ("text/tab-separated-values", lambda body: body.splitlines()[0] == "?s" and "<https://w3id.org/spacegraph/id/argentina>" in body),
    ],
)
def test_post_negotiates_the_result_format(spacegraph_endpoint, accept, check):
    status, headers, body = _post(spacegraph_endpoint, STATES, accept=accept)
    assert status == 200
    assert headers["Content-Type"].startswith(accept)
    assert check(body)


def test_form_post_and_format_parameter(spacegraph_endpoint):
    status, headers, body = _post(spacegraph_endpoint, urllib.parse.urlencode({"query": STATES, "format": "csv"}),
                                  content_type="application/x-www-form-urlencoded")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")


def test_ask_and_construct(spacegraph_endpoint):
    status, _, body = _get(spacegraph_endpoint, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = _get(spacegraph_endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
                                 accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.strip().splitlines()) == 3


@pytest.mark.parametrize(
    "send",
    [
        lambda base: _post(base, "INSERT DATA { <http://a> <http://b> <http://c> }", content_type="application/sparql-update"),
        lambda base: _post(base, urllib.parse.urlencode({"update": "CLEAR ALL"}), content_type="application/x-www-form-urlencoded"),
        lambda base: _post(base, "INSERT DATA { <http://a> <http://b> <http://c> }"),
        lambda base: _get(base, "DELETE WHERE { ?s ?p ?o }"),
        lambda base: _post(base, "CLEAR ALL", path="/update", content_type="application/sparql-update"),
        lambda base: _open(urllib.request.Request(base + "/store?default", data=b"", method="PUT")),
    ],
)
def test_updates_are_refused_with_403(spacegraph_endpoint, send):
    status, _, body = send(spacegraph_endpoint)
    assert status == 403
    assert "read-only" in body
    status, _, body = _get(spacegraph_endpoint, "SELECT (COUNT(*) AS ?n) WHERE { <http://a> ?p ?o }")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"


@pytest.mark.parametrize(
    "query, reason",
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE would make the query engine fetch a remote endpoint"),
        ("LOAD <http://example.org/data.ttl>", "LOAD would make the query engine fetch a remote document"),
        ("SELECT * FROM <http://example.org/graph> WHERE { ?s ?p ?o }", "FROM <http://example.org/graph> names a graph this store does not hold"),
    ],
)
def test_federation_is_refused_with_400_before_execution(spacegraph_endpoint, query, reason):
    status, _, body = _post(spacegraph_endpoint, query)
    assert status == 400
    assert reason in body


def test_syntax_error_is_400_with_position(spacegraph_endpoint):
    status, _, body = _post(spacegraph_endpoint, "SELECT * WHERE { ?s ?p }")
    assert status == 400
    assert body.strip() == 'query:1:24: SPARQL syntax error: the triple pattern "?s ?p" needs an object'


def test_slow_query_times_out_with_504(spacegraph_endpoint):
    status, _, body = _post(spacegraph_endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert status == 504
    assert body.strip() == "query timed out after 2 s"


def test_results_are_capped(spacegraph_endpoint):
    status, headers, body = _post(spacegraph_endpoint, "SELECT * WHERE { ?s ?p ?o }", accept="text/csv")
    assert status == 200
    assert len(body.strip().splitlines()) == 1 + 50
    assert headers["Spacegraph-Results-Truncated"] == "true"


def test_unacceptable_type_and_unknown_path(spacegraph_endpoint):
    assert _get(spacegraph_endpoint, STATES, accept="image/png")[0] == 406
    assert _get(spacegraph_endpoint, STATES, path="/nowhere")[0] == 404
    assert _post(spacegraph_endpoint, STATES, content_type="text/plain")[0] == 415


def test_query_page_is_self_contained(spacegraph_endpoint):
    status, headers, body = _open(urllib.request.Request(spacegraph_endpoint + "/"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    # an absolute IRI appears only as the namespace of a PREFIX in an example query, never as something to fetch
    iris = re.findall(r"https?://[^\s\"'<>&\\]+", body)
    namespaces = re.findall(r"PREFIX\s+[\w-]*:\s*(?:&lt;|\\u003c)(https?://[^\s\"'<>&\\]+)", body)
    assert iris and iris == namespaces
    assert not re.search(r"\b(?:src|href|action)\s*=|url\(|@import", body)
    assert "<script src" not in body and "<link" not in body
    assert "ilrs-members" in body


def test_it_listens_on_loopback_only(spacegraph_endpoint):
    assert spacegraph_endpoint.startswith("http://127.0.0.1:")


def test_stopping_the_endpoint_stops_oxigraph_and_removes_its_store(tmp_path):
    import subprocess
    import sys
    import time

    from helpers import free_port, stop_process, wait_until_up

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port), "--build", str(tmp_path / "none")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_up(f"http://127.0.0.1:{port}/", process)
    hosts = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert len(hosts) == 1
    engines = subprocess.run(["pgrep", "-P", hosts[0]], capture_output=True, text=True).stdout.split()
    assert len(engines) == 2  # the server that answers and its spare
    arguments = Path(f"/proc/{engines[0]}/cmdline").read_text().split("\0")
    assert "serve-read-only" in arguments
    folder = arguments[arguments.index("--location") + 1]
    try:
        stop_process(process)
        deadline = time.monotonic() + 10
        alive = lambda pid: subprocess.run(["ps", "-p", pid], capture_output=True).returncode == 0  # noqa: E731
        while any(alive(pid) for pid in [hosts[0], *engines]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in [hosts[0], *engines])
    finally:
        process.kill()
    assert folder.endswith("/store") and not Path(folder).parent.exists(), folder


def test_an_undeclared_prefix_is_named_in_one_line(spacegraph_endpoint):
    status, _, body = _post(spacegraph_endpoint, "SELECT * WHERE { ?s foo:bar ?o }")
    assert status == 400
    assert body.strip() == "query:1:21: SPARQL syntax error: unknown prefix foo: (declare it with PREFIX foo: <...>)"


def test_an_unknown_ontology_term_answers_with_a_warning_header(spacegraph_endpoint):
    query = "PREFIX sg: <https://w3id.org/spacegraph/ontology#> SELECT ?x WHERE { ?x sg:memberof ?y }"
    status, headers, body = _post(spacegraph_endpoint, query)
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert headers["Spacegraph-Warning"] == ("query:1:73: sg:memberof is not a term of the spacegraph ontology; "
                                             "did you mean sg:memberOf?")
    _, clean, _ = _post(spacegraph_endpoint, STATES)
    assert clean["Spacegraph-Warning"] is None


@pytest.mark.server
def test_serve_stops_on_sigterm_and_gives_back_the_callers_handler(kg):
    import os
    import signal

    from spacegraph.sparql.server import serve

    def mine(signum, frame):  # never called: serve replaces it while it runs
        raise AssertionError("the caller's handler ran while serving")

    previous = signal.signal(signal.SIGTERM, mine)
    urls = []
    try:
        serve(kg.graph, port=0, ready=lambda url: (urls.append(url), os.kill(os.getpid(), signal.SIGTERM)))
        assert urls and signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)
