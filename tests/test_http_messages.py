"""HTTP message heads and the guard's connection to its engine: strict where the protocol says a server must be.

A request head with a folded field, a space before a colon, a line without a colon or too
many fields is refused with one line, and its connection closed. The engine's answers are
read whatever pieces they arrive in, and one that breaks its own framing is a BadAnswer,
never a hang or a mix-up with the next answer on the same connection.
"""

import io
import socket
import threading

import pytest
from helpers import raw_exchange

from spacegraph.core.http_head import MAX_FIELDS, read_head
from spacegraph.errors import BadAnswer, BadHead
from spacegraph.sparql.engine_connection import EngineConnection


@pytest.mark.parametrize("head, status, words", [
    (b"Host: a\r\n folded\r\n\r\n", 400, "folded"),
    (b"Host : a\r\n\r\n", 400, "space before its colon"),
    (b"Host\t: a\r\n\r\n", 400, "space before its colon"),
    (b"no colon here\r\n\r\n", 400, "no colon"),
    (b"Ho/st: a\r\n\r\n", 400, "not a token"),
    (b": a\r\n\r\n", 400, "not a token"),
    (b"X-A: a\x00b\r\n\r\n", 400, "control character"),
    (b"X-A: a\rb\r\n\r\n", 400, "control character"),
    (b"Host: a\r\n", 400, "ended before its empty line"),
    (b"X-A: " + b"a" * 70000 + b"\r\n\r\n", 431, "longer than"),
    (b"".join(b"X-%d: a\r\n" % n for n in range(MAX_FIELDS + 1)) + b"\r\n", 431, "more than"),
])
def test_a_head_that_breaks_the_protocol_is_refused_with_its_status(head, status, words):
    with pytest.raises(BadHead, match=words) as refused:
        read_head(io.BytesIO(head))
    assert refused.value.status == status


def test_a_head_keeps_repeats_order_and_values_with_tabs():
    head = read_head(io.BytesIO(b"Accept: a\r\nX-Tab: one\ttwo  \r\nACCEPT: b\r\n\r\nnot read"))
    assert head.get_all("accept") == ["a", "b"] and head["Accept"] == "a"
    assert head.get("X-Tab") == "one\ttwo" and len(head) == 3
    assert [name for name, _ in head.items()] == ["Accept", "X-Tab", "ACCEPT"]


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("head, status, words", [
    (b"Accept: text/csv\r\n folded: in\r\n", b"400", b"folded onto the line before it"),
    (b"Content-Length : 40\r\n", b"400", b"space before its colon"),
    (b"".join(b"X-%d: a\r\n" % n for n in range(MAX_FIELDS + 1)), b"431", b"more than 100 header fields"),
])
def test_the_endpoint_refuses_a_bad_head_in_one_line_and_closes(spacegraph_endpoint, head, status, words):
    host = spacegraph_endpoint.removeprefix("http://").encode()
    request = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: " + host + b"\r\n" + head + b"\r\n"
    received = raw_exchange(spacegraph_endpoint, request + b"GET /query?query=ASK%7B%7D HTTP/1.1\r\n\r\n")
    assert received.startswith(b"HTTP/1.1 " + status + b" ")
    assert words in received and b"Connection: close" in received
    assert received.count(b"HTTP/1.1 ") == 1  # nothing after a bad head is read as a request
    assert received.split(b"\r\n\r\n", 1)[1].count(b"\n") == 1  # the refusal is one line


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("line, status", [
    (b"GET /query?query=ASK%7B%7D", b"400"),
    (b"GET /query?query=ASK%7B%7D HTTP/2.0", b"505"),
    (b"GET /query?query=ASK%7B%7D HTTP/1", b"400"),
    (b"GET / ? HTTP/1.1", b"400"),
])
def test_the_endpoint_refuses_a_bad_request_line_with_a_status_line(spacegraph_endpoint, line, status):
    host = spacegraph_endpoint.removeprefix("http://").encode()
    received = raw_exchange(spacegraph_endpoint, line + b"\r\nHost: " + host + b"\r\n\r\n")
    assert received.split(b" ", 2)[1] == status  # a refusal comes with its status line, whatever the request was


@pytest.mark.slow
@pytest.mark.server
def test_http_1_0_is_answered_and_closed_unless_kept(spacegraph_endpoint):
    host = spacegraph_endpoint.removeprefix("http://").encode()
    one = b"GET /query?query=ASK%7B%7D HTTP/1.0\r\nHost: " + host + b"\r\n\r\n"
    assert raw_exchange(spacegraph_endpoint, one * 2).count(b" 200 OK") == 1
    kept = b"GET /query?query=ASK%7B%7D HTTP/1.0\r\nHost: " + host + b"\r\nConnection: keep-alive\r\n\r\n"
    assert raw_exchange(spacegraph_endpoint, kept + one, wait=3).count(b" 200 OK") == 2


# ------------------------------------------------------------ the engine's side


class _Engine:
    """A fake engine on a socket pair: records each request, answers with given bytes in given pieces."""

    def __init__(self, answers, piece=None):
        self.ours, self.theirs = socket.socketpair()
        self.requests = []
        self.answers = list(answers)
        self.piece = piece
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            self._answer_each()
        except OSError:  # the client closed first, as it does after a bad answer
            pass

    def _answer_each(self):
        for answer in self.answers:
            received = b""
            while b"\r\n\r\n" not in received:
                received += self.theirs.recv(65536)
            self.requests.append(received)
            if self.piece is None:
                self.theirs.sendall(answer)
            else:
                for start in range(0, len(answer), self.piece):
                    self.theirs.sendall(answer[start:start + self.piece])
        self.theirs.shutdown(socket.SHUT_WR)

    def connection(self):
        return EngineConnection(self.ours)


def _chunked(*parts, trailer=b""):
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n" + trailer + b"\r\n"


_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
_DOCUMENT = b'{"head":{"vars":["x"]},"results":{"bindings":[' + b",".join([b'{"x":{"type":"literal","value":"v"}}'] * 300) + b"]}}"


@pytest.mark.parametrize("piece", [None, 1, 7, 4096])
@pytest.mark.parametrize("framing", ["chunked", "chunked with a trailer", "length", "until closed"])
def test_an_answer_is_read_whole_in_any_pieces_and_framing(piece, framing):
    parts = [_DOCUMENT[i:i + 100] for i in range(0, len(_DOCUMENT), 100)]
    if framing == "chunked":
        answer = _HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + _chunked(*parts)
    elif framing == "chunked with a trailer":
        answer = _HEAD + b"Transfer-Encoding: Chunked\r\n\r\n" + _chunked(*parts, trailer=b"X-Done: 1\r\n")
    elif framing == "length":
        answer = _HEAD + b"Content-Length: %d\r\n\r\n" % len(_DOCUMENT) + _DOCUMENT
    else:
        answer = _HEAD + b"\r\n" + _DOCUMENT
    engine = _Engine([answer], piece)
    connection = engine.connection()
    response = connection.ask(b"SELECT * {}", accept="application/sparql-results+json")
    assert response.status == 200
    assert response.read() == _DOCUMENT and response.complete
    assert response.will_close == (framing == "until closed")
    connection.close()


def test_a_kept_connection_reads_each_answer_to_its_own_end():
    first = _HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + _chunked(b"[1,", b"2]")
    second = _HEAD + b"Content-Length: 3\r\n\r\n" + b"[3]"
    engine = _Engine([first, second], piece=1)
    connection = engine.connection()
    assert connection.ask(b"ASK {}", accept="x").read() == b"[1,2]" and connection.idle
    response = connection.ask(b"ASK {}", accept="x")
    assert response.read1(1) == b"[" and not connection.idle  # a half-read answer: the connection is not given back
    assert response.finish() and connection.idle
    engine.thread.join(5)
    assert [request.split(b"\r\n")[0] for request in engine.requests] == [b"POST /query HTTP/1.1"] * 2
    connection.close()


def test_a_request_is_one_write():
    writes = []

    class Counting(socket.socket):
        def sendall(self, data, *flags):
            writes.append(bytes(data))
            return super().sendall(data, *flags)

    ours, theirs = socket.socketpair()
    connection = EngineConnection(Counting(fileno=ours.detach()))
    theirs.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    connection.ask(b"ASK {}", accept="application/sparql-results+json")
    assert len(writes) == 1 and writes[0].startswith(b"POST /query HTTP/1.1\r\n") and writes[0].endswith(b"\r\n\r\nASK {}")
    assert b"Content-Length: 6\r\n" in writes[0]
    connection.close()
    theirs.close()


@pytest.mark.parametrize("answer, words", [
    (_HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", "bad chunk size"),
    (_HEAD + b"Transfer-Encoding: chunked\r\n\r\n-2\r\nab\r\n0\r\n\r\n", "bad chunk size"),
    (_HEAD + b"Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "does not end where its size says"),
    (_HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"1" * 2000, "too long"),
    (_HEAD + b"Transfer-Encoding: chunked\r\n\r\n10\r\nabc", "ended early"),
    (_HEAD + b"Content-Length: 10\r\n\r\nabc", "ended early"),
    (_HEAD + b"Transfer-Encoding: gzip\r\n\r\nabc", "Transfer-Encoding"),
    (_HEAD + b"Content-Length: 1e3\r\n\r\nabc", "Content-Length"),
    (_HEAD + b"Bad Field: 1\r\n\r\n", "answer head"),
    (b"SSH-2.0-OpenSSH\r\n\r\n", "status line"),
])
def test_an_answer_that_breaks_its_framing_is_a_bad_answer(answer, words):
    engine = _Engine([answer], piece=3)
    connection = engine.connection()
    with pytest.raises(BadAnswer, match=words):
        connection.ask(b"ASK {}", accept="x").read()
    assert not connection.idle
    connection.close()


def test_an_engine_that_closes_before_answering_is_a_connection_error():
    ours, theirs = socket.socketpair()
    theirs.close()
    with pytest.raises(ConnectionError):
        EngineConnection(ours).ask(b"ASK {}", accept="x")


@pytest.mark.slow
@pytest.mark.server
def test_connections_to_the_engine_idle_past_its_time_limit_are_not_reused(spacegraph_endpoint):
    """The engine ends a connection idle for its time limit (2 s here) with a 500 the next query must never read."""
    import time
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def ask(_):
        request = urllib.request.Request(spacegraph_endpoint + "/query", data=b"ASK { ?s ?p ?o }",
                                         headers={"Content-Type": "application/sparql-query"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(ask, range(8))) == [200] * 8  # several connections to the engine are kept
        time.sleep(3)  # past the engine's idle limit: each has a 500 waiting, then its end
        assert list(pool.map(ask, range(8))) == [200] * 8


def test_a_short_answer_goes_on_unparsed_and_a_cancelled_one_is_still_caught():
    from spacegraph.sparql.answer_stream import UncountedAnswer, read_solutions

    answer = read_solutions(io.BytesIO(_DOCUMENT), cap=10_000)  # 300 results in 11 KB: fewer than the cap, surely
    assert isinstance(answer, UncountedAnswer) and answer.as_json() is not None and answer.as_json() == _DOCUMENT
    assert answer.vars == ["x"] and answer.cut is None and len(answer.as_document()["results"]["bindings"]) == 300
    counted = read_solutions(io.BytesIO(_DOCUMENT), cap=100)  # 11 KB could hold more than 100: counted and cut
    assert counted.cut == "cap" and len(counted.as_document()["results"]["bindings"]) == 100
    cancelled = _DOCUMENT[:5000] + b"The SPARQL operation has been cancelled"  # what the engine writes at its deadline
    with pytest.raises(BadAnswer, match="^cancelled$"):
        read_solutions(io.BytesIO(cancelled), cap=10_000)
    assert read_solutions(io.BytesIO(b'{"head":{},"boolean":false}'), cap=10).boolean is False
