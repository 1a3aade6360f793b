"""The clients against servers that misbehave: garbage, redirects, endless answers, trickles, resets.

Each hostile server is a real TCP server on 127.0.0.1, started by the test;
each client call must end on time with one clean line, and never hold more
than its size limit in memory.
"""

import socket
import subprocess
import sys
import threading
import time

import pytest
from helpers import HostileServer

from spacegraph.errors import EndpointError, QueryTimeout
from spacegraph.graph.remote import RemoteEndpoint, push_graph

pytestmark = pytest.mark.slow  # every case waits out a read timeout or a deadline


def _drain_request(connection):
    """Read the request head and as much body as arrives in a moment."""
    connection.settimeout(0.5)
    try:
        while connection.recv(65536):
            pass
    except OSError:
        pass


def _garbage(connection):
    _drain_request(connection)
    connection.sendall(b"\x00\xffthis is not HTTP at all\r\n\r\n")


def _redirect(connection):
    _drain_request(connection)
    connection.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://169.254.169.254/latest\r\n"
                       b"Content-Length: 0\r\n\r\n")


def _gigabyte(connection):
    _drain_request(connection)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
    block = b" " * 65536
    try:
        for _ in range(16384):  # 1 GiB, if anyone reads it
            connection.sendall(block)
    except OSError:
        pass


def _announced_gigabyte(connection):
    _drain_request(connection)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                       b"Content-Length: 1073741824\r\n\r\n")


def _trickle(connection):
    try:
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(120):
            connection.sendall(b"X")
            time.sleep(1)
    except OSError:
        pass


def _reset(connection):
    _drain_request(connection)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def _html_ok(connection):
    _drain_request(connection)
    page = b"<html><body>Welcome to the login page</body></html>"
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(page)).encode()
                       + b"\r\n\r\n" + page)


@pytest.fixture
def hostile(request):
    server = HostileServer(request.param)
    yield server
    server.close()


CASES = [
    (_garbage, EndpointError, "does not speak HTTP: its answer to query q is not an HTTP response"),
    (_redirect, EndpointError, "redirects (307) to http://169.254.169.254/latest; spacegraph does not follow redirects"),
    (_gigabyte, EndpointError, "sent more than 1,048,576 bytes for query q; stopped reading"),
    (_announced_gigabyte, EndpointError, "would send 1,073,741,824 bytes for query q, more than the 1,048,576 accepted"),
    (_trickle, QueryTimeout, "did not answer query q within 3 s"),
    (_reset, EndpointError, "closed the connection during query q"),
]


@pytest.mark.parametrize("hostile, error, message", CASES, indirect=["hostile"], ids=[c[0].__name__ for c in CASES])
def test_a_query_against_a_hostile_server_ends_in_one_line(hostile, error, message):
    endpoint = RemoteEndpoint(hostile.url, timeout=3, max_bytes=1024 * 1024)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        endpoint.run("ASK {}", where="q")
    assert time.monotonic() - started < 30  # ended on its own, by the deadline at the latest
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("hostile", [_trickle], indirect=True)
def test_the_projection_against_a_trickling_server_ends_at_its_deadline(hostile):
    with pytest.raises(QueryTimeout, match="did not answer"):
        RemoteEndpoint(hostile.url, timeout=3).to_networkx()


@pytest.mark.parametrize("hostile, message", [
    (_html_ok, "answered the upload with 200 and text/html, not as a Graph Store does"),
    (_reset, "closed the connection during the upload"),
    (_trickle, "did not answer the upload within 3 s"),
    (_redirect, "redirects (307)"),
], indirect=["hostile"], ids=["html", "reset", "trickle", "redirect"])
def test_push_to_a_hostile_server_ends_in_one_line(kg, hostile, message):
    with pytest.raises((EndpointError, QueryTimeout)) as caught:
        push_graph(kg.graph, hostile.url, timeout=3)
    assert message in str(caught.value)


@pytest.mark.parametrize("hostile", [_garbage], indirect=True)
def test_the_command_line_prints_one_line_not_a_traceback(hostile):
    for command in (["query", "--endpoint", hostile.url, "ilrs-members"],
                    ["push", "--endpoint", hostile.url.replace("/query", "/store")],
                    ["centrality", "--endpoint", hostile.url]):
        done = subprocess.run([sys.executable, "-m", "spacegraph.cli", *command], capture_output=True, text=True)
        assert done.returncode == 1, command
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("Error: ") and "does not speak HTTP" in done.stderr, done.stderr


def test_an_answer_sent_before_the_body_was_read_is_the_one_reported():
    """A server that answers 401 to the request head and closes without reading the upload (as Virtuoso does) is
    reported by its answer, not as a connection closed during the upload."""
    from spacegraph.sparql.http_client import exchange

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # the upload fills it at once
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer_at_once():
        connection, _ = server.accept()
        head = b""
        while b"\r\n\r\n" not in head:
            head += connection.recv(1024)
        connection.sendall(b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="x", nonce="1", qop="auth"\r\n'
                           b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        time.sleep(0.3)
        connection.close()   # the body unread: the client's upload breaks off

    threading.Thread(target=answer_at_once, daemon=True).start()
    try:
        with pytest.raises(EndpointError, match="answered 401 Unauthorized: it asks for a user name and password"):
            exchange("PUT", f"http://127.0.0.1:{server.getsockname()[1]}/store?graph=x", body=b"x" * 50_000_000,
                     headers={"Content-Type": "application/n-triples"}, timeout=10, what="the upload")
    finally:
        server.close()
