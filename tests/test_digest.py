"""HTTP Digest from the client's side (``exchange(..., credentials=...)``), against a real server on 127.0.0.1.

The server checks each ``Authorization`` header by RFC 2617's arithmetic, written out here on its own;
Virtuoso checks it for real in ``tests/test_virtuoso.py``.
"""

import hashlib
import http.server
import threading
import urllib.request

import pytest

from spacegraph.errors import EndpointError
from spacegraph.sparql.http_client import exchange

pytestmark = [pytest.mark.slow, pytest.mark.server]

USER, PASSWORD = "dba", "s3cret pass"


def _md5(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def _accepted(header, method, path):
    """Whether ``header`` answers the challenge for ``USER`` and ``PASSWORD`` (RFC 2617, MD5)."""
    scheme, _, rest = header.partition(" ")
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
    if scheme != "Digest" or fields.get("uri") != path or PASSWORD in header:
        return False
    known = _md5(f"{fields['username']}:{fields['realm']}:{PASSWORD}")
    asked = _md5(f"{method}:{fields['uri']}")
    if "qop" in fields:
        expected = _md5(f"{known}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{asked}")
    else:
        expected = _md5(f"{known}:{fields['nonce']}:{asked}")
    return fields["response"] == expected


@pytest.fixture
def digest_server(request):
    challenge = request.param
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, status, extra=()):
            self.send_response(status)
            for name, value in extra:
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_HEAD(self):
            self._answer(401, [("WWW-Authenticate", challenge)])

        def do_PUT(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            header = self.headers.get("Authorization") or ""
            received.append(header)
            if _accepted(header, "PUT", self.path):
                self._answer(201)
            else:
                self._answer(401, [("WWW-Authenticate", challenge)])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql-graph-crud-auth?graph=urn%3Ax", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("digest_server", [
    'Digest realm="SPARQL", nonce="7b6ac1", qop="auth", algorithm="MD5", opaque="5ccc06"',
    'Digest realm="SPARQL", nonce="7b6ac1", qop="auth-int, auth"',
    'digest Realm="SPARQL", Nonce="7b6ac1"',  # RFC 2069: no qop; names in any case
], indirect=True, ids=["qop-auth", "auth-offered-second", "rfc2069"])
def test_a_digest_challenge_is_answered_and_the_password_never_travels(digest_server):
    url, received = digest_server
    answer = exchange("PUT", url, body=b"<a> <b> <c> .\n", headers={"Content-Type": "application/n-triples"},
                      timeout=10, what="the upload", credentials=(USER, PASSWORD))
    assert answer.status == 201
    assert len(received) == 1 and PASSWORD not in received[0]


@pytest.mark.parametrize("digest_server, message", [
    ('Digest realm="SPARQL", nonce="1", algorithm="SHA-256"',
     "asks for Digest authentication spacegraph cannot give: Unsupported digest authentication algorithm 'SHA-256'"),
    ('Digest realm="SPARQL", nonce="1", qop="auth-int"', "asks for Digest authentication spacegraph cannot give: qop 'auth-int'"),
    ('Digest nonce="1"', "sent a Digest challenge without a realm or a nonce"),
    ('Basic realm="SPARQL"', "asks for Basic authentication; spacegraph answers only Digest"),
], indirect=["digest_server"], ids=["sha-256", "auth-int-only", "no-realm", "basic"])
def test_a_challenge_that_cannot_be_answered_ends_in_one_line_and_sends_nothing(digest_server, message):
    url, received = digest_server
    with pytest.raises(EndpointError) as caught:
        exchange("PUT", url, body=b"x", timeout=10, what="the upload", credentials=(USER, PASSWORD))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert received == []  # the body was never sent


@pytest.mark.parametrize("digest_server", ['Digest realm="SPARQL", nonce="7b6ac1", qop="auth"'], indirect=True)
def test_a_wrong_password_is_refused_in_one_line(digest_server):
    url, _ = digest_server
    with pytest.raises(EndpointError, match="answered 401 Unauthorized: it refused the user name or password"):
        exchange("PUT", url, body=b"x", timeout=10, what="the upload", credentials=(USER, "wrong"))
    with pytest.raises(EndpointError, match="only with ASCII user names, passwords and realms"):
        exchange("PUT", url, body=b"x", timeout=10, what="the upload", credentials=(USER, "pässword"))
