"""One kept HTTP/1.1 connection from the endpoint's guard to its engine, and the answers read on it.

The guard sends every query to ``oxigraph serve-read-only`` and reads the answer
as it streams. :mod:`http.client` did this at twice the cost: the request's head
and body in two writes, the answer's head through the e-mail parser, and one call
per chunk of a chunked answer. Here a request is one write, the head is read by
:func:`spacegraph.core.http_head.read_head`, and each read decodes every chunk
already received.

Examples
--------
>>> import socket, threading
>>> server, client = socket.socketpair()
>>> def engine():
...     server.recv(65536)
...     server.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
...                    b"3\\r\\n[1,\\r\\n2\\r\\n2]\\r\\n0\\r\\n\\r\\n")
>>> threading.Thread(target=engine).start()
>>> connection = EngineConnection(client)
>>> response = connection.ask(b"SELECT * {}", accept="application/json")
>>> response.status, response.headers.get("Content-Type"), response.read(), response.complete, connection.idle
(200, 'application/json', b'[1,2]', True, True)
>>> connection.close(); server.close()
"""

import socket

from ..core.http_head import read_head
from ..core.local_http import bound_waits
from ..errors import BadAnswer, BadHead

__all__ = ["EngineConnection", "EngineResponse"]

#: Bytes asked of the socket at once.
RECEIVE = 65536
#: Longest chunk-size or trailer line accepted.
_SIZE_LINE = 1024
_HEX = frozenset(b"0123456789abcdefABCDEF")


class EngineConnection:
    """A connection to the engine on ``sock``; one request at a time, kept between them.

    Parameters
    ----------
    sock : socket.socket
        Connected to the engine.
    """

    def __init__(self, sock):
        sock.settimeout(None)  # blocking: each wait is bounded by the kernel (settimeout), with no poll before it
        self.sock = sock
        self._timeout = None
        if sock.family in (socket.AF_INET, socket.AF_INET6):  # a request is one write: nothing waits for an ACK
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b""  # bytes received and not yet read
        self._response = None
        self._broken = False

    @property
    def idle(self):
        """Whether the last answer was read to its end and nothing more came: the connection can ask again."""
        return (not self._broken and (self._response is None or self._response.complete) and not self._buffer
                and self.sock is not None)

    def settimeout(self, seconds):
        """Let no single wait for the engine last much longer than ``seconds``; past it, TimeoutError.

        The bound is the socket's own (``SO_RCVTIMEO``, ``SO_SNDTIMEO``): a socket with a Python
        time-out polls before every read and write, a system call each. It is set again only when
        the bound in place is more than 0.1 s longer or 0.5 s shorter than ``seconds``, so that
        queries of the same time limit, one after another, set it once. (The guard's deadline is a
        second past the engine's own time limit, so a bound half a second short ends no answer early.)
        """
        seconds = max(0.001, seconds)
        if self._timeout is not None and seconds - 0.5 <= self._timeout <= seconds + 0.1:
            return
        bound_waits(self.sock, receive=seconds, send=seconds)
        self._timeout = seconds

    def ask(self, body, *, accept, path="/query", content_type="application/sparql-query; charset=utf-8"):
        """Send ``body`` in one POST and return the :class:`EngineResponse` once its head is read.

        Raises
        ------
        ConnectionError
            The engine closed the connection before its answer's head.
        TimeoutError
            The socket's time-out passed.
        BadAnswer
            The answer's status line or head breaks the protocol.
        """
        head = (f"POST {path} HTTP/1.1\r\nHost: engine\r\nContent-Type: {content_type}\r\nAccept: {accept}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode("ascii")
        self._response = None
        self._broken = True  # until the answer's head is read
        try:
            self.sock.sendall(head + body)
        except BlockingIOError:  # the send time-out passed
            raise TimeoutError("the engine did not take the query within the time limit") from None
        self._response = EngineResponse(self)
        self._broken = False
        return self._response

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    # what EngineResponse reads with

    def _receive(self):
        try:
            data = self.sock.recv(RECEIVE)
        except BlockingIOError:  # the receive time-out passed
            raise TimeoutError("the engine's answer did not come within the time limit") from None
        self._buffer += data
        return bool(data)

    def readline(self, most):
        """A line of at most ``most`` bytes (with its ``\\n``), or what came before the connection ended."""
        while True:
            end = self._buffer.find(b"\n", 0, most)
            if end >= 0:
                line, self._buffer = self._buffer[:end + 1], self._buffer[end + 1:]
                return line
            if len(self._buffer) >= most or not self._receive():
                line, self._buffer = self._buffer[:most], self._buffer[most:]
                return line


class EngineResponse:
    """The engine's answer: ``status``, ``headers``, then the body through :meth:`read1` or :meth:`read`.

    The body is read as the engine framed it (``Content-Length``, chunked, or up to the end of the
    connection). ``complete`` turns true once it is read to its end; ``will_close`` says the
    engine will not take another request on this connection.
    """

    def __init__(self, connection):
        self._connection = connection
        line = connection.readline(_SIZE_LINE)
        if not line:
            raise ConnectionResetError("the engine closed the connection before answering")
        version, _, rest = line.decode("iso-8859-1").rstrip("\r\n").partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise BadAnswer(f"the engine's answer does not start with a status line: {line[:80]!r}")
        self.status = int(code)
        try:
            self.headers = read_head(connection)
        except BadHead as error:
            raise BadAnswer(f"the engine's answer head: {error}") from None
        connection_field = (self.headers.get("Connection") or "").lower()
        self.will_close = connection_field == "close" or (version == "HTTP/1.0" and connection_field != "keep-alive")
        chunked = (self.headers.get("Transfer-Encoding") or "").lower()
        length = self.headers.get("Content-Length")
        self._chunked = chunked == "chunked"
        self._state = "size"  # in a chunked body: "size", "data", "data-end" or "trailer" comes next
        self._chunk_left = 0  # bytes left in the current chunk
        self._trailer_lines = 0
        if chunked and not self._chunked:
            raise BadAnswer(f"the engine's answer has Transfer-Encoding {chunked[:40]!r}")
        if self._chunked:
            self._left = None
        elif length is not None:
            if not length.isascii() or not length.isdigit():
                raise BadAnswer(f"the engine's answer has Content-Length {length[:40]!r}")
            self._left = int(length)
        else:
            self._left = None
            self.will_close = True  # the body ends when the connection does
        self.complete = self._left == 0

    def read1(self, size=RECEIVE):
        """Up to ``size`` bytes of the body: what has come, waiting for more only when nothing has; ``b""`` at its end."""
        while not self.complete:
            data = self._take(size)
            if data:
                return data
            if self.complete:
                break
            if not self._connection._receive():
                if self._left is None and not self._chunked:  # the body ran to the end of the connection
                    self.complete = True
                    break
                raise BadAnswer("the engine's answer ended early")
        return b""

    def read(self, size=-1):
        """The body's next ``size`` bytes (all of it if negative), fewer only at its end."""
        parts, got = [], 0
        while size < 0 or got < size:
            data = self.read1(RECEIVE if size < 0 else size - got)
            if not data:
                break
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    def finish(self, most=RECEIVE):
        """Read what is left of the body, at most ``most`` bytes; True if it ended there (the connection may serve again)."""
        try:
            while not self.complete and most > 0:
                most -= len(self.read1(most))
        except (OSError, BadAnswer):
            return False
        return self.complete

    def _take(self, size):
        """Decode from the bytes already received, up to ``size`` body bytes."""
        connection = self._connection
        buffer = connection._buffer
        if not self._chunked:
            if self._left is None:
                data, connection._buffer = buffer[:size], buffer[size:]
                return data
            data = buffer[:min(size, self._left)]
            connection._buffer = buffer[len(data):]
            self._left -= len(data)
            self.complete = self._left == 0
            return data
        parts, got, position = [], 0, 0
        while got < size and not self.complete:
            if self._state == "data":
                taken = buffer[position:position + min(self._chunk_left, size - got)]
                if not taken:
                    break
                parts.append(taken)
                got += len(taken)
                position += len(taken)
                self._chunk_left -= len(taken)
                if self._chunk_left == 0:
                    self._state = "data-end"
            elif self._state == "data-end":  # a chunk's data ends with CRLF
                if len(buffer) - position < 2:
                    break
                if buffer[position:position + 2] != b"\r\n":
                    raise BadAnswer("the engine's answer has a chunk that does not end where its size says")
                position += 2
                self._state = "size"
            else:  # a chunk's size line, or (after the last chunk) a trailer line: an empty one ends the body
                end = buffer.find(b"\r\n", position, position + _SIZE_LINE)
                if end < 0:
                    if len(buffer) - position >= _SIZE_LINE:
                        raise BadAnswer("the engine's answer has a chunk size or trailer line too long")
                    break
                line, position = buffer[position:end], end + 2
                if self._state == "trailer":
                    self._trailer_lines += 1
                    if not line:
                        self.complete = True
                    elif self._trailer_lines > 100:
                        raise BadAnswer("the engine's answer has more than 100 trailer lines")
                    continue
                digits = line.split(b";", 1)[0].strip()
                if not digits or not _HEX.issuperset(digits):
                    raise BadAnswer(f"the engine's answer has a bad chunk size {digits[:20]!r}")
                self._chunk_left = int(digits, 16)
                self._state = "data" if self._chunk_left else "trailer"
        connection._buffer = buffer[position:]
        return b"".join(parts)
