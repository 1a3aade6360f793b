"""The endpoint and the embedded engine under attack: federation, nesting, endless answers, hostile clients.

Every request goes to 127.0.0.1. A local listener stands for the "remote"
server a query tries to reach: the tests assert it is never called.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import free_port, running_server, stop_process, wait_until_up

from spacegraph.errors import FederationRefused, QuerySyntaxError


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.calls = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.calls.append(connection.recv(200))
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def _request(base, query, *, headers=None, method="POST", path="/query", timeout=30):
    headers = {"Content-Type": "application/sparql-query", **(headers or {})}
    request = urllib.request.Request(base + path, data=query.encode() if method == "POST" else None,
                                     headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _glued(url):
    """SERVICE and FROM spelled every way a token-boundary check misses, each pointing at ``url``."""
    return [
        f"SELECT * {{ ?s ?p ?o .SERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * {{ {{ ?s ?p ?o }}SERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * {{ ?s ?p ?o OPTIONAL{{SERVICE<{url}>{{?a ?b ?c}}}} }}",
        f"SELECT * {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * {{ ?s ?p ?o FILTER EXISTS{{SERVICE SILENT<{url}>{{?a ?b ?c}}}} }}",
        f"select * {{ service#comment\n<{url}> {{ ?a ?b ?c }} }}",
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/> SELECT * {{ {{ SELECT * {{ SERVICE r:sparql {{ ?a ?b ?c }} }} }} }}",
        f"SELECT * FROM<{url}> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED<{url}> {{ ?s ?p ?o }}",
        # a bare carriage return ends a comment for the engine, as the grammar has it: the guard reads it so too
        f"SELECT * WHERE {{ ?s ?p ?o # x\rSERVICE <{url}> {{ ?a ?b ?c }}\n}} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o # x\r\nSERVICE <{url}> {{ ?a ?b ?c }}\n}} LIMIT 1",
    ]


# ---------------------------------------------------------------- 1. federation

@pytest.mark.slow
@pytest.mark.server
def test_glued_federation_is_refused_at_the_endpoint_and_never_leaves(spacegraph_endpoint, listener):
    for query in _glued(listener.url):
        status, _, body = _request(spacegraph_endpoint, query)
        assert status == 400, (query, body)
        assert "SERVICE" in body or "FROM" in body or "syntax error" in body
    time.sleep(0.3)
    assert listener.calls == []


def test_glued_federation_is_refused_by_the_embedded_engine(kg, listener):
    for query in _glued(listener.url):
        with pytest.raises((FederationRefused, QuerySyntaxError)):
            kg.query(query)
    assert listener.calls == []


TERMINATORS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\u2028", "\u2029", "\x85", "\t", " "]


@pytest.mark.parametrize("terminator", TERMINATORS, ids=repr)
def test_the_guard_and_the_engine_end_a_comment_at_the_same_characters(terminator):
    """What follows a comment's end is code for the engine exactly when the guard's lexer reads it as code."""
    import pyoxigraph

    from spacegraph.sparql.lexer import nesting_depth

    query = "SELECT ?x WHERE { # c" + terminator + "{ BIND(1 AS ?x) } }"
    try:
        rows = list(pyoxigraph.Store().query(query))
        engine_reads_it = bool(rows) and rows[0]["x"] is not None
    except SyntaxError:   # the comment ran on to the end: the query has no closing brace
        engine_reads_it = False
    assert engine_reads_it == (nesting_depth(query) > 1)


@pytest.mark.parametrize("terminator", ["\r", "\r\n"], ids=repr)
def test_brackets_hidden_after_a_carriage_return_are_counted(kg, terminator):
    from spacegraph.sparql.guard import MAX_NESTING

    deep = "{ " * (MAX_NESTING + 5) + "?s ?p ?o " + "} " * (MAX_NESTING + 5)
    with pytest.raises(QuerySyntaxError, match="levels of brackets"):
        kg.query("SELECT * WHERE { # x" + terminator + deep + "}")


@pytest.mark.slow
def test_glued_federation_is_refused_by_the_command_line(listener):
    query = _glued(listener.url)[0]
    done = subprocess.run([sys.executable, "-m", "spacegraph.cli", "query", "--sparql", query],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == "Error: query: SERVICE would make the query engine fetch a remote endpoint; federation is off (allow it with --allow-federation)\n"
    assert listener.calls == []


@pytest.mark.slow
@pytest.mark.server
def test_the_engine_behind_the_endpoint_has_no_network_even_past_the_guard(listener):
    """The second layer: a SERVICE query sent straight to the engine, as if the guard had let it through."""
    import http.client

    from spacegraph.sparql.engine import OxigraphEngine

    with OxigraphEngine(b'<http://a> <http://b> "c" .\n', timeout=5) as engine:
        assert engine.isolated
        connection = http.client.HTTPConnection("engine")
        connection.sock = engine.connect()
        connection.request("POST", "/query", body=f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                           headers={"Content-Type": "application/sparql-query"})
        answer = connection.getresponse().read().decode()
        assert "b" not in json.loads(answer.split("[", 1)[0] + "[]}}").get("results", {}).get("bindings", [1])
        assert "refused" in answer.lower() or "unreachable" in answer.lower()
        # the engine lives in a network namespace of its own
        pid = engine.engine_pid()
        assert os.readlink(f"/proc/{pid}/ns/net") != os.readlink("/proc/self/ns/net")
    assert listener.calls == []


def test_the_embedded_engine_has_no_network_even_past_the_guard(listener):
    import pyoxigraph as ox

    from spacegraph.sparql.sandbox import run_offline

    query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(PermissionError):
        run_offline(lambda: list(ox.Store().query(query)), timeout=10)
    assert listener.calls == []
    # the rest of the process keeps its network
    with socket.create_connection(("127.0.0.1", listener.port), timeout=5):
        pass
    deadline = time.monotonic() + 5
    while not listener.calls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(listener.calls) == 1


@pytest.mark.slow
@pytest.mark.server
def test_federation_still_works_when_allowed(kg, oxigraph_server):
    rows = kg.query(f"SELECT * {{ SERVICE <{oxigraph_server}/query> {{ BIND(1 AS ?one) }} }}", allow_federation=True)
    assert [int(row.one) for row in rows] == [1]


@pytest.mark.slow
@pytest.mark.server
def test_a_form_post_from_another_site_is_refused(spacegraph_endpoint):
    body = urllib.parse.urlencode({"query": "ASK {}"})
    status, _, text = _request(spacegraph_endpoint, body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": "http://attacker.example"})
    assert status == 403
    assert text == "requests from pages of http://attacker.example are refused (allow them with --allow-origin http://attacker.example)\n"


# ---------------------------------------------------------------- 2. nesting and supervision

@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "?o" + ")" * 3000 + ") }",
])
def test_deep_nesting_is_refused_and_the_endpoint_lives_on(spacegraph_endpoint, query):
    status, _, body = _request(spacegraph_endpoint, query)
    assert status == 400
    assert body.startswith("query: SPARQL syntax error: the query nests 300")
    assert _request(spacegraph_endpoint, "ASK { ?s ?p ?o }")[0] == 200


def test_deep_nesting_is_refused_by_the_embedded_engine(kg):
    with pytest.raises(QuerySyntaxError, match="nests 3001 levels of brackets deep, more than the 20 allowed"):
        kg.query("SELECT * WHERE " + "{" * 3001 + " ?s ?p ?o " + "}" * 3001)


@pytest.fixture
def own_endpoint():
    """A `spacegraph serve` of its own (tests here kill its parts)."""
    command = lambda port: [sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port), "--timeout", "3"]  # noqa: E731
    with running_server(command, "/") as base:
        yield base


def _engine_of(base):
    port = base.rsplit(":", 1)[1]
    guard = subprocess.run(["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True).stdout.split()[0]
    host = subprocess.run(["pgrep", "-P", guard], capture_output=True, text=True).stdout.split()[0]
    return int(subprocess.run(["pgrep", "-P", host], capture_output=True, text=True).stdout.split()[0])


@pytest.mark.slow
@pytest.mark.server
def test_a_dead_engine_is_restarted_and_requests_meanwhile_get_503(own_endpoint):
    os.kill(_engine_of(own_endpoint), 9)
    statuses = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, headers, _ = _request(own_endpoint, "ASK { ?s ?p ?o }", timeout=10)
        statuses.append(status)
        if status == 200:
            break
        assert status == 503 and headers["Retry-After"] == "1"
        time.sleep(0.1)
    assert statuses[-1] == 200


# ---------------------------------------------------------------- 3. unbounded answers

CROSS_PRODUCT = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _guard_memory(base):
    port = base.rsplit(":", 1)[1]
    guard = subprocess.run(["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True).stdout.split()[0]
    status = Path(f"/proc/{guard}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) * 1024


@pytest.mark.slow
@pytest.mark.server
def test_an_endless_cross_product_is_cut_at_the_cap(spacegraph_endpoint):
    status, headers, body = _request(spacegraph_endpoint, CROSS_PRODUCT, headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["Spacegraph-Results-Truncated"] == "true"
    assert headers["Spacegraph-Results-Cut-By"] == "result-cap"
    assert _guard_memory(spacegraph_endpoint) < 200 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.server
def test_an_endless_construct_is_cut_at_the_cap(spacegraph_endpoint):
    status, headers, body = _request(spacegraph_endpoint, "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                     headers={"Accept": "application/n-triples"})
    assert status == 200 and len(body.splitlines()) == 50
    assert headers["Spacegraph-Results-Truncated"] == "true"


@pytest.fixture
def uncapped_endpoint():
    command = lambda port: [sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port),  # noqa: E731
                            "--timeout", "3", "--result-cap", "100000000"]
    with running_server(command, "/") as base:
        yield base


@pytest.mark.slow
@pytest.mark.server
def test_an_endless_answer_ends_at_the_deadline_with_bounded_memory(uncapped_endpoint):
    status, _, body = _request(uncapped_endpoint, CROSS_PRODUCT, timeout=60)
    assert status in (200, 504)
    if status == 504:
        assert body == "query timed out after 3 s\n"
    else:  # cut by the byte budget first
        assert len(body) < 200 * 1024 * 1024
    assert _guard_memory(uncapped_endpoint) < 200 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.server
def test_a_client_that_leaves_stops_the_reading(uncapped_endpoint):
    host, port = uncapped_endpoint.removeprefix("http://").split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port))) as client:
            body = CROSS_PRODUCT.encode()
            client.sendall(b"POST /query HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                           + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            time.sleep(0.3)
    assert _request(uncapped_endpoint, "ASK { ?s ?p ?o }")[0] == 200
    assert _guard_memory(uncapped_endpoint) < 200 * 1024 * 1024


def test_reading_stops_when_the_client_is_gone():
    import io

    from spacegraph.sparql.answer_stream import ClientGone, read_solutions

    class Trickle(io.BytesIO):  # an engine that writes 4 KB every 10 ms
        def read1(self, size=-1):
            time.sleep(0.01)
            return super().read1(min(size, 4096) if size > 0 else 4096)

    stream = Trickle(b'{"head":{"vars":["x"]},"results":{"bindings":[' + b'{"x":{"type":"literal","value":"1"}},' * 100000)
    with pytest.raises(ClientGone):
        read_solutions(stream, cap=10**9, still_wanted=lambda: stream.tell() < 100000)
    assert stream.tell() < 150000  # the client is looked at every 50 ms: a few chunks more at most


# ---------------------------------------------------------------- 4. connection hygiene

def _raw(base, data, read_timeout=30):
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as client:
        client.sendall(data)
        client.settimeout(read_timeout)
        chunks = []
        while True:
            chunk = client.recv(65536)
            if not chunk:
                return b"".join(chunks).decode("utf-8", "replace")
            chunks.append(chunk)


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("length, answer", [
    ("-1", "Content-Length '-1' is not a number of bytes"),
    ("abc", "Content-Length 'abc' is not a number of bytes"),
    ("300000000", "request body too large: 300000000 bytes (at most 1000000)"),
])
def test_a_bad_content_length_gets_one_line(spacegraph_endpoint, length, answer):
    reply = _raw(spacegraph_endpoint, f"POST /query HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                                      f"Content-Length: {length}\r\n\r\nASK {{}}".encode())
    assert reply.splitlines()[0].split()[1] in ("400", "413")
    assert reply.endswith(answer + "\n")


@pytest.mark.slow
@pytest.mark.server
def test_a_slow_client_is_cut_off(spacegraph_endpoint):
    host, port = spacegraph_endpoint.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as client:
        client.sendall(b"POST /query HTTP/1.0\r\nContent-Type: application/sparql-query\r\n")
        client.settimeout(30)
        received = b""
        for _ in range(25):  # a byte every second: more than the 10 s a request may take
            try:
                client.sendall(b"X")
            except OSError:
                break
            time.sleep(1)
        try:
            received = client.recv(100)
        except OSError:
            pass
    assert received == b"" or received.startswith(b"HTTP/1.0 408") or received.startswith(b"HTTP/1.0 400")


@pytest.mark.slow
@pytest.mark.server
def test_many_clients_at_once_are_all_answered(spacegraph_endpoint):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(64) as pool:
        statuses = list(pool.map(lambda _: _request(spacegraph_endpoint, "ASK { ?s ?p ?o }")[0], range(256)))
    assert statuses == [200] * 256


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("headers, status", [
    ({"Host": "attacker.example"}, 403),
    ({"Host": "attacker.example:80"}, 403),
    ({"Origin": "http://attacker.example"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Origin": "null"}, 403),
])
def test_foreign_pages_are_refused(spacegraph_endpoint, headers, status):
    assert _request(spacegraph_endpoint, "ASK {}", headers=headers)[0] == status


@pytest.mark.slow
@pytest.mark.server
def test_the_query_page_itself_may_query(spacegraph_endpoint):
    status, headers, _ = _request(spacegraph_endpoint, "ASK {}", headers={"Origin": spacegraph_endpoint})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == spacegraph_endpoint
    localhost = spacegraph_endpoint.replace("127.0.0.1", "localhost")
    assert _request(spacegraph_endpoint, "ASK {}", headers={"Origin": localhost, "Host": localhost[7:]})[0] == 200


@pytest.mark.slow
@pytest.mark.server
def test_an_allowed_origin_may_query():
    command = lambda port: [sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port),  # noqa: E731
                            "--allow-origin", "https://tool.example"]
    with running_server(command, "/") as base:
        status, headers, _ = _request(base, "ASK {}", headers={"Origin": "https://tool.example"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://tool.example"
        assert _request(base, "ASK {}", headers={"Origin": "https://other.example"})[0] == 403


def test_a_bad_allowed_origin_is_an_argument_error():
    done = subprocess.run([sys.executable, "-m", "spacegraph.cli", "serve", "--allow-origin", "tool.example"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "Invalid value for --allow-origin: 'tool.example' is not a web origin such as https://tool.example" in done.stderr


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("field", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_are_refused(spacegraph_endpoint, field):
    query = urllib.parse.urlencode({"query": "ASK {}", field: "http://example.org/g"})
    status, _, body = _request(spacegraph_endpoint, "", method="GET", path=f"/query?{query}")
    assert status == 400
    assert body == f"{field} is refused: this endpoint serves one default graph and no named graphs\n"


def _serve(*arguments):
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", *arguments],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process


@pytest.mark.slow
@pytest.mark.server
def test_the_same_port_can_be_served_again_at_once():
    port = free_port()
    for _ in range(2):
        process = _serve("--port", str(port))
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process)
            assert _request(f"http://127.0.0.1:{port}", "ASK { ?s ?p ?o }")[0] == 200
        finally:
            stop_process(process)


@pytest.mark.slow
@pytest.mark.server
def test_ipv6_loopback_is_served_without_a_warning():
    port = free_port()
    process = _serve("--host", "::1", "--port", str(port))
    try:
        wait_until_up(f"http://[::1]:{port}/", process)
        assert _request(f"http://[::1]:{port}", "ASK { ?s ?p ?o }")[0] == 200
    finally:
        stop_process(process)
    assert "warning" not in process.stderr.read()


@pytest.mark.slow
@pytest.mark.server
def test_another_loopback_address_is_not_called_public():
    port = free_port()
    process = _serve("--host", "127.0.0.2", "--port", str(port))
    try:
        wait_until_up(f"http://127.0.0.2:{port}/", process)
    finally:
        stop_process(process)
    assert "warning" not in process.stderr.read()


@pytest.mark.slow
@pytest.mark.server
def test_the_engine_has_no_port_on_the_machine(spacegraph_endpoint):
    """The only listening socket of the endpoint on this machine's network is the guard's."""
    port = int(spacegraph_endpoint.rsplit(":", 1)[1])
    engine = _engine_of(spacegraph_endpoint)
    assert os.readlink(f"/proc/{engine}/ns/net") != os.readlink("/proc/self/ns/net")
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                listening.add(int(fields[1].rsplit(":", 1)[1], 16))
    engine_ports = set()
    for line in Path(f"/proc/{engine}/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A":
            engine_ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    assert port in listening
    assert engine_ports and not engine_ports & (listening - {port}) or engine_ports.isdisjoint(listening)


@pytest.mark.slow
@pytest.mark.parametrize("chunk", [1, 7, 64, 4096])
def test_answers_read_in_any_chunks_are_read_whole(chunk):
    """Bindings cut anywhere by the network are read whole, up to the last one."""
    from spacegraph.sparql.answer_stream import read_solutions, read_triples

    class Trickle:
        def __init__(self, data):
            self.data, self.at = data, 0

        def read(self, size):
            piece = self.data[self.at:self.at + min(size, chunk)]
            self.at += len(piece)
            return piece

    bindings = [{"x": {"type": "literal", "value": "é" * n}, "n": {"type": "literal", "value": str(n)}} for n in range(300)]
    document = json.dumps({"head": {"vars": ["x", "n"]}, "results": {"bindings": bindings}}).encode()
    answer = read_solutions(Trickle(document), cap=1000)
    assert answer.cut is None and answer.as_document()["results"]["bindings"] == bindings
    # an answer too large to read whole is read binding by binding, the same
    if chunk < 64:
        return
    big = [{"x": {"type": "literal", "value": "é" * 5000}, "n": {"type": "literal", "value": str(n)}} for n in range(300)]
    document = json.dumps({"head": {"vars": ["x", "n"]}, "results": {"bindings": big}}).encode()
    answer = read_solutions(Trickle(document), cap=1000)
    assert answer.cut is None and answer.as_document()["results"]["bindings"] == big
    assert len(read_solutions(Trickle(document), cap=7).as_document()["results"]["bindings"]) == 7
    lines = b"".join(b"<http://e/%d> <http://e/p> \"%d\" .\n" % (n, n) for n in range(300))
    assert b"".join(read_triples(Trickle(lines), cap=1000).lines) == lines


@pytest.mark.slow
def test_every_shipped_named_query_passes_the_guard():
    """The command line skips the parse check for the package's own queries; this test is that check."""
    from spacegraph.sparql.guard import check_query, inspect_query
    from spacegraph.sparql.library import list_queries

    for named in list_queries():
        check_query(named.text, where=named.path.name)
        assert inspect_query(named.text) == ()
