"""What analysts expect of `spacegraph serve`: predeclared prefixes, one address per named query, a page to share them, Ctrl-C."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.server, pytest.mark.slow]

DATA = Path(__file__).parent / "data"
STATES = "SELECT ?s WHERE { ?s a sg:State }"


def _open(url, body=None, headers=None):
    request = urllib.request.Request(url, data=body.encode() if body is not None else None, headers=headers or {})
    if body is not None:
        request.add_header("Content-Type", "application/sparql-query")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _cells(body):
    """The rows of a SPARQL JSON answer as a set of tuples of values, in the order of its variables."""
    answer = json.loads(body)
    names = answer["head"]["vars"]
    return names, {tuple(row.get(name, {}).get("value") for name in names) for row in answer["results"]["bindings"]}


def _local_cells(result):
    return {tuple(None if term is None else str(term) for term in row) for row in result.rows}


# ---------------------------------------------------------------- predeclared prefixes


def test_the_cli_queries_the_endpoint_with_the_prefixes_it_uses_locally(spacegraph_endpoint):
    from click.testing import CliRunner

    from spacegraph.cli import main

    runner = CliRunner()
    remote = runner.invoke(main, ["query", "--endpoint", f"{spacegraph_endpoint}/query", "--sparql", STATES, "--format", "csv"])
    local = runner.invoke(main, ["query", "--sparql", STATES, "--format", "csv"])
    assert remote.exit_code == 0, remote.output
    assert local.exit_code == 0, local.output
    states = lambda output: sorted(row[0] for row in csv.reader(io.StringIO(output)))[:-1]  # noqa: E731 (the header sorts last)
    assert len(states(remote.output)) == 32
    assert states(remote.output) == states(local.output)


@pytest.mark.parametrize(
    "text, status, message",
    [
        ("SELECT ?s WHERE {\n  ?s a sg:State ; foo:x ?y }", 400,
         "query:2:19: SPARQL syntax error: unknown prefix foo: (declare it with PREFIX foo: <...>)"),
        ("SELECT ?s WHERE {\n  ?s a sg:State ?p }", 400,
         "query:2:17: SPARQL syntax error: missing \".\" after the triple pattern \"?s a sg:State\""),
        ("SELECT ?s WHERE {\n  ?s a sg:State .\n  SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }", 400,
         "query:3:3: SERVICE would make the query engine fetch a remote endpoint; federation is off"),
        ("# an update\nINSERT DATA { sgid:a sg:b sgid:c }", 403, "query:2:1: INSERT is an update; this service only answers "
                                                              "read-only queries"),
        ("SELECT * WHERE {\n  ?s ?p ?o\n  # x\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }", 400,
         "query:4:1: SERVICE would make the query engine fetch a remote endpoint; federation is off"),
    ],
)
def test_messages_point_into_the_clients_own_text(spacegraph_endpoint, text, status, message):
    got, _, body = _open(f"{spacegraph_endpoint}/query", text)
    assert got == status
    assert body == message + "\n"


def test_a_warning_names_the_term_where_the_client_wrote_it(spacegraph_endpoint):
    status, headers, body = _open(f"{spacegraph_endpoint}/query", "SELECT ?x WHERE {\n  ?x sg:memberof ?y }")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert headers["Spacegraph-Warning"] == ("query:2:6: sg:memberof is not a term of the spacegraph ontology; "
                                             "did you mean sg:memberOf?")


def test_a_prefix_the_client_declares_is_its_own(spacegraph_endpoint):
    # the client's sg: names another namespace: nothing is added, so no State is found
    text = "PREFIX sg: <http://example.org/other#> SELECT ?s WHERE { ?s a sg:State }"
    status, _, body = _open(f"{spacegraph_endpoint}/query", text)
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


@pytest.mark.parametrize(
    "text, added",
    [
        ("SELECT ?s WHERE { ?s a sg:State ; rdfs:label ?l }", ["sg", "rdfs"]),
        ("PREFIX sg: <http://e/> SELECT ?s WHERE { ?s a sg:State ; rdfs:label ?l }", ["rdfs"]),
        ("SELECT ?s WHERE { ?s ?p 'sg:State' } # rdfs:label", []),
        ("SELECT ?s WHERE { ?s a <https://w3id.org/spacegraph/ontology#State> }", []),
        ("SELECT ?s WHERE { ?s a ex:State }", []),
    ],
)
def test_the_guard_judges_the_text_the_engine_runs(text, added):
    import pyoxigraph as ox

    from spacegraph.sparql.guard import check_query
    from spacegraph.sparql.lexer import declared_prefixes
    from spacegraph.sparql.predeclared import predeclare

    query = predeclare(text)
    assert query.added_lines == (1 if added else 0)
    assert query.endswith(text)
    assert list(declared_prefixes(query.split("\n")[0]) if added else {}) == added
    if "ex:" in text:
        return
    check_query(query)  # the guard accepts it ...
    ox.Store().query(query)  # ... and so does the engine, with no prefix of its own
    assert predeclare(text) is query  # a text seen before is not read again


# ---------------------------------------------------------------- named queries at their own address


def test_a_named_query_answers_at_its_own_address_as_it_does_locally(spacegraph_endpoint, kg):
    status, headers, body = _open(f"{spacegraph_endpoint}/query/actor-profile?actor=ASF",
                                  headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    names, rows = _cells(body)
    local = kg.query("actor-profile", actor="ASF")
    assert names == local.vars
    assert rows and rows == _local_cells(local)


@pytest.mark.parametrize(
    "address, accept, media, first_line",
    [
        ("/query/ilrs-members?format=csv", None, "text/csv", "state,stateLabel,participation,role,since,until,quote"),
        ("/query/ilrs-members", "text/tab-separated-values", "text/tab-separated-values",
         "?state\t?stateLabel\t?participation\t?role\t?since\t?until\t?quote"),
        ("/query/search?text=duchatel&format=xml", None, "application/sparql-results+xml", None),
    ],
)
def test_a_named_query_answers_in_the_format_asked(spacegraph_endpoint, address, accept, media, first_line):
    status, headers, body = _open(spacegraph_endpoint + address, headers={"Accept": accept} if accept else {})
    assert status == 200, body
    assert headers["Content-Type"].startswith(media)
    if first_line is not None:
        assert body.splitlines()[0] == first_line


@pytest.mark.parametrize(
    "address, status, line",
    [
        ("/query/actor-profil?actor=ASF", 404, "unknown query 'actor-profil'; did you mean actor-profile, sector-overview?"),
        ("/query/no%20such%20query", 404, "unknown query 'no such query'"),
        ("/query/actor-profile", 400, "actor-profile: missing parameter 'actor' (entity): The actor: its label, alternative "
                                      "label (acronym), prefixed name (sgid:...) or IRI."),
        ("/query/actor-profile?actor=", 400, "actor-profile: missing parameter 'actor' (entity): The actor: its label, "
                                             "alternative label (acronym), prefixed name (sgid:...) or IRI."),
        ("/query/actor-profile?actor=Atlantis", 400, "actor: no entity is called 'Atlantis'; did you mean Atlas V, AstroAnt?"),
        ("/query/actor-profile?actor=ASF&colour=red", 400, "actor-profile: unknown parameter 'colour'; this query takes: actor"),
        ("/query/actor-profile?actor=ASF&actor=CNSA", 400, "actor: given 2 times; give it once"),
        ("/query/quotes?page=two", 400, "page: 'two' is not an integer"),
    ],
)
def test_a_wrong_address_is_answered_in_one_line_naming_what_is_wrong(spacegraph_endpoint, address, status, line):
    got, _, body = _open(spacegraph_endpoint + address)
    assert got == status
    assert body == line + "\n"


@pytest.mark.parametrize("page", [0, -1, 9999])
def test_a_page_out_of_range_is_refused_naming_the_last_page(spacegraph_endpoint, kg, page):
    from spacegraph.sparql.library import get_query, last_page

    last = last_page(get_query("quotes"), lambda text, values: kg.source.run(text, values))
    got, _, body = _open(f"{spacegraph_endpoint}/query/quotes?page={page}")
    assert (got, body) == (400, f"quotes: page {page} is out of range; the last page is {last}\n")
    assert _open(f"{spacegraph_endpoint}/query/quotes?page={last}")[0] == 200


@pytest.mark.parametrize("value", ['x" } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #', "x' . ?s ?p ?o } #", "\\u0022 }"])
def test_a_parameter_value_is_bound_never_spliced(spacegraph_endpoint, value):
    address = f"{spacegraph_endpoint}/query/search?{urllib.parse.urlencode({'text': value})}"
    status, _, body = _open(address, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body  # neither refused as SERVICE nor broken: the value is one literal
    assert json.loads(body)["results"]["bindings"] == []


def test_every_named_query_has_an_address(spacegraph_endpoint):
    from spacegraph.sparql.library import list_queries

    for named in list_queries():
        status, _, body = _open(f"{spacegraph_endpoint}/query/{named.name}?format=csv", headers={})
        required = [p.name for p in named.params if p.required]
        if required:
            assert status == 400 and f"missing parameter {required[0]!r}" in body, named.name
        else:
            assert status in (200, 504), (named.name, status, body)  # 504: the fixture's 2 s limit, not a wrong address


# ---------------------------------------------------------------- the query page


def test_the_page_lists_every_named_query_with_its_parameters_and_the_actor_names():
    from spacegraph.sparql.library import list_queries
    from spacegraph.sparql.server import query_page

    page = query_page(suggestions=[("<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>")])
    payload = json.loads(page.split('<script id="examples" type="application/json">')[1].split("</script>")[0])
    assert sorted(payload["queries"]) == sorted(q.name for q in list_queries())
    assert [p["name"] for p in payload["queries"]["evidence"]["params"]] == ["actor", "other"]
    assert payload["names"] == [["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"]]
    assert "<img" not in page and "alert(2)</script>" not in page  # names reach the page as JSON text only
    assert payload["prefixes"][:2] == ["sg", "sgid"]


def test_the_names_for_suggestions_are_read_once_and_resolve_as_locally(kg):
    from spacegraph.sparql.named_routes import NamedRoutes

    routes = NamedRoutes.from_graph(kg.graph, kg.source.store)
    shown = dict(routes.suggestions)
    assert "ASF" in shown and shown["ASF"] != "ASF"
    assert "<https://w3id.org/spacegraph/id/china>" in routes.sparql("evidence", {"actor": ["sgid:china"], "other": ["Russia"],
                                                                               "format": ["csv"]})


def _page(browser, base):
    page = browser.new_page()
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda message: seen["errors"].append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(base + "/")
    return page, seen


def test_the_page_offers_parameters_suggestions_and_a_link_to_share(browser, spacegraph_endpoint):
    from playwright.sync_api import expect

    page, seen = _page(browser, spacegraph_endpoint)
    choices = page.locator("[data-testid=example] option")
    expect(choices).to_have_count(1 + len(list((Path(__file__).parents[1] / "queries").glob("*.rq"))))
    page.select_option("[data-testid=example]", "actor-profile")
    actor = page.locator("[data-testid=param-actor]")
    expect(actor).to_have_attribute("list", "entity-names")
    assert "ASF" in page.locator("[data-testid=entity-names] option").evaluate_all("options => options.map(o => o.value)")
    actor.fill("ASF")
    link = page.locator("[data-testid=link]")
    expect(link).to_have_text(f"{spacegraph_endpoint}/query/actor-profile?actor=ASF")
    expect(link).to_have_attribute("href", f"{spacegraph_endpoint}/query/actor-profile?actor=ASF")
    page.click("[data-testid=run]")
    expect(page.locator("[data-testid=results] tbody tr").first).to_be_visible()
    assert page.locator("[data-testid=results] td", has_text="Military Aerospace Force").count() > 0
    # the link answers what the page showed
    status, _, body = _open(link.get_attribute("href"), headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == page.locator("[data-testid=results] tbody tr").count()
    # a missing parameter is named before anything is sent
    page.select_option("[data-testid=example]", "evidence")
    page.click("[data-testid=run]")
    expect(page.locator("#status")).to_have_text("actor: give a value (One actor: label, alternative label, prefixed name or IRI.)")
    # an edited text is the user's own: its link is the SPARQL GET address of that text
    page.fill("[data-testid=query]", STATES)
    expect(page.locator("[data-testid=params] input")).to_have_count(0)
    expect(link).to_have_text(f"{spacegraph_endpoint}/query?{urllib.parse.urlencode({'query': STATES})}")
    page.click("[data-testid=run]")
    expect(page.locator("#status")).to_contain_text("32 rows")
    assert not seen["errors"] and not seen["dialogs"]
    assert all(url.startswith(spacegraph_endpoint + "/") for url in seen["requests"])
    page.close()


@pytest.fixture(scope="module")
def hostile_endpoint(tmp_path_factory):
    """`spacegraph serve` of a graph whose labels are HTML and script."""
    from helpers import running_server

    build = tmp_path_factory.mktemp("hostile") / "build"
    command = lambda port: [sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port),  # noqa: E731
                            "--build", str(build), "--data", str(DATA / "hostile.ttl")]
    with running_server(command, "/") as base:
        yield base


def test_values_from_the_data_are_shown_as_text(browser, hostile_endpoint):
    from playwright.sync_api import expect

    page, seen = _page(browser, hostile_endpoint)
    values = page.locator("[data-testid=entity-names] option").evaluate_all("options => options.map(o => o.value)")
    assert "<img src=x onerror=alert(1)>" in values and "EVIL" in values
    page.select_option("[data-testid=example]", "actor-profile")
    page.fill("[data-testid=param-actor]", "EVIL")
    page.click("[data-testid=run]")
    expect(page.locator("[data-testid=results] td", has_text="<img src=x onerror=alert(1)>").first).to_be_visible()
    assert page.locator("[data-testid=results] img, [data-testid=results] script").count() == 0
    assert not seen["dialogs"] and not seen["errors"]
    page.close()


# ---------------------------------------------------------------- Ctrl-C


def _start_serve(tmp_path):
    from helpers import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port), "--build", str(tmp_path / "none")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    return process, f"http://127.0.0.1:{port}"


def _wait_for(condition, process, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "the moment to interrupt never came"
        time.sleep(0.01)


def _answers(base):
    try:
        urllib.request.urlopen(base + "/", timeout=1).read()
        return True
    except OSError:
        return False


def _has_mapped(process, library):
    try:
        return library in Path(f"/proc/{process.pid}/maps").read_text()
    except OSError:
        return False


def _has_child(process):
    return bool(subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split())


def _session(process):
    return subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True).stdout.split()


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(_answers, id="serving"),
        pytest.param(lambda process, base: _has_mapped(process, "pyoxigraph"), id="loading-the-graph"),
        pytest.param(lambda process, base: _has_child(process), id="starting-the-engine"),
    ],
)
@pytest.mark.parametrize("whole_group", [False, True], ids=["to-serve", "to-the-terminals-group"])
def test_ctrl_c_stops_serve_without_a_traceback(tmp_path, moment, whole_group):
    process, base = _start_serve(tmp_path)
    try:
        if moment is _answers:
            _wait_for(lambda: _answers(base), process)
        else:
            _wait_for(lambda: moment(process, base), process)
        if whole_group:  # a terminal's Ctrl-C reaches every process of the group: the engine host too
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, errors
    assert "Traceback" not in errors and "Aborted" not in errors, errors
    deadline = time.monotonic() + 10
    while _session(process) and time.monotonic() < deadline:  # the engine and its host go with it
        time.sleep(0.1)
    assert _session(process) == []
