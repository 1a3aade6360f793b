"""Browsers and other local programs: what a page on another port, doubled headers and long warnings get.

A page served from another port of the same machine is "same-site" to a browser and sends no
Origin with an image or a no-cors fetch; it must not be able to make the endpoint run queries.
Tools that send no Sec-Fetch-* header (curl, Python, the CLI) are not browsers and keep working.
"""

import http.client
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import free_port, raw_exchange, stop_process, wait_until_up


def _send(base, path="/query?query=ASK%20%7B%7D", headers=(), method="GET", body=None):
    """Send a request with exactly these headers (repeats kept), as a raw client would."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    names = {name.lower() for name, _ in headers}
    if "host" not in names:
        connection.putheader("Host", f"{host}:{port}")
    for name, value in headers:
        connection.putheader(name, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    answer = response.status, dict(response.getheaders()), response.read().decode()
    connection.close()
    return answer


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("site, status", [
    ("same-site", 403),  # a page on another port of this machine
    ("cross-site", 403),
    ("same-origin", 200),  # the query page itself
    ("none", 200),  # typed in the address bar, or a bookmark
    (None, 200),  # curl, Python, the CLI: no Sec-Fetch-* at all
])
def test_only_the_pages_own_origin_and_non_browsers_may_query(spacegraph_endpoint, site, status):
    headers = [("Sec-Fetch-Site", site), ("Sec-Fetch-Mode", "no-cors"), ("Sec-Fetch-Dest", "image")] if site else []
    got, _, body = _send(spacegraph_endpoint, headers=headers)
    assert got == status
    if status == 403:
        assert body == f"requests from pages of other sites or ports are refused (Sec-Fetch-Site: {site})\n"


@pytest.mark.slow
@pytest.mark.server
def test_a_page_allowed_by_origin_may_query_from_another_site():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port),
                                "--allow-origin", "https://tool.example"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/", process)
        allowed = [("Sec-Fetch-Site", "cross-site"), ("Origin", "https://tool.example")]
        assert _send(base, headers=allowed)[0] == 200
        assert _send(base, headers=[("Sec-Fetch-Site", "cross-site"), ("Origin", "https://other.example")])[0] == 403
    finally:
        stop_process(process)


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("name, values", [
    ("Host", ["", "attacker.example"]),
    ("Host", ["127.0.0.1", "127.0.0.1"]),
    ("Origin", ["", "http://attacker.example"]),
    ("Sec-Fetch-Site", ["same-origin", "cross-site"]),
])
def test_doubled_headers_are_refused(spacegraph_endpoint, name, values):
    status, _, body = _send(spacegraph_endpoint, headers=[(name, value) for value in values])
    assert status == 400
    assert body == f"the request has 2 {name} headers; send one\n"


@pytest.mark.slow
@pytest.mark.server
def test_thousands_of_unknown_terms_give_a_short_header_and_the_full_list_in_the_answer(spacegraph_endpoint):
    terms = ", ".join(f"sg:unknownTerm{i}" for i in range(600))
    text = f"SELECT * WHERE {{ ?s ?p ?o FILTER(?p IN ({terms})) }} LIMIT 1"
    status, headers, body = _send(spacegraph_endpoint, path="/query", method="POST", body=text.encode(),
                                  headers=[("Content-Type", "application/sparql-query"),
                                           ("Accept", "application/sparql-results+json")])
    assert status == 200  # Python's own client read the header
    header = headers["Spacegraph-Warning"]
    assert len(header) <= 2000
    assert header.endswith(" more (the JSON answer lists them all)")
    answer = json.loads(body)
    assert len(answer["warnings"]) == 600
    assert answer["warnings"][599].startswith("query:1:")
    assert "sg:unknownTerm599 is not a term of the spacegraph ontology" in answer["warnings"][599]
    assert answer["results"]["bindings"] == []


class _Page(BaseHTTPRequestHandler):
    """A page of another port of this machine that tries to make the endpoint run a query."""

    target = ""

    def do_GET(self):  # noqa: N802 - http.server's name
        page = (f'<img src="{self.target}/query?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D">'
                f'<script>fetch("{self.target}/query?query=ASK%7B%7D", {{mode: "no-cors"}})'
                f'.finally(() => document.title = "sent")</script>')
        data = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.browser
def test_a_page_on_another_local_port_cannot_make_chromium_run_queries(browser, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as errors:
        process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
    page_server = ThreadingHTTPServer(("127.0.0.1", 0), type("Page", (_Page,), {"target": f"http://127.0.0.1:{port}"}))
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{page_server.server_address[1]}/")
        page.wait_for_function("document.title === 'sent'")
        deadline = time.monotonic() + 10
        while log.read_text().count("GET /query") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        page.close()
    finally:
        page_server.shutdown()
        stop_process(process)
    requests = [line for line in log.read_text().splitlines() if "GET /query" in line]
    assert len(requests) == 2
    assert all('" 403 ' in line for line in requests), requests


@pytest.mark.slow
@pytest.mark.server
def test_a_kept_connection_answers_query_after_query(spacegraph_endpoint):
    host, port = spacegraph_endpoint.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    for text in ("ASK { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "ASK { ?s ?p ?o }"):
        connection.request("POST", "/query", body=text.encode(), headers={"Content-Type": "application/sparql-query"})
        response = connection.getresponse()
        assert response.status == 200 and not response.will_close
        response.read()
    sock = connection.sock
    connection.request("GET", "/query?query=ASK%7B%7D")
    assert connection.getresponse().read() and connection.sock is sock  # the same connection all along
    connection.close()


@pytest.mark.slow
@pytest.mark.server
def test_a_body_left_unread_is_never_read_as_the_next_request(spacegraph_endpoint):
    hidden = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: " + spacegraph_endpoint.removeprefix("http://").encode() + b"\r\n\r\n"
    refused = (b"POST /query HTTP/1.1\r\nHost: " + spacegraph_endpoint.removeprefix("http://").encode()
               + b"\r\nOrigin: http://attacker.example\r\nContent-Type: application/sparql-query\r\n"
               + f"Content-Length: {len(hidden)}\r\n\r\n".encode() + hidden)
    received = raw_exchange(spacegraph_endpoint, refused)
    assert received.startswith(b"HTTP/1.1 403 ")
    assert b"Connection: close" in received
    assert received.count(b"HTTP/1.1 ") == 1  # the request hidden in the body was not answered


@pytest.mark.slow
@pytest.mark.server
def test_two_lengths_are_refused_and_the_connection_closed(spacegraph_endpoint):
    host = spacegraph_endpoint.removeprefix("http://").encode()
    body = b"ASK {}"
    smuggled = (b"POST /query HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 6\r\nContent-Length: 40\r\n\r\n" + body + b"GET /query?query=ASK%7B%7D HTTP/1.1\r\n\r\n")
    received = raw_exchange(spacegraph_endpoint, smuggled)
    assert received.startswith(b"HTTP/1.1 400 ") and b"the request has 2 Content-Length headers; send one" in received
    assert received.count(b"HTTP/1.1 ") == 1
