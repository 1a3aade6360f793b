"""What every local HTTP server of spacegraph does before it reads a request: the endpoint's guard and the review page.

A :class:`LocalServer` counts its connections (past :attr:`Limits.connections`, 503), gives
each client :attr:`Limits.request_seconds` to send its whole request (a slow client is cut
off), and answers only requests that name it: a ``Host`` it is (when it listens on loopback)
and an ``Origin`` it allows. A :class:`LocalHandler` replies with ``nosniff`` and
``no-store``, reads a body only with a ``Content-Length`` within :attr:`Limits.body`, and
refuses a chunked one.
"""

import email.utils
import ipaddress
import socket
import struct
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..errors import BadHead
from .http_head import Head, read_head

__all__ = ["Limits", "LocalServer", "LocalHandler", "free_port", "is_loopback", "bound_waits"]


class Limits:
    """What one client may ask of a local server.

    Attributes
    ----------
    body : int
        Most bytes in a request body.
    request_seconds : float
        Time a client has to send its request line, headers and body.
    answer_bytes : int
        Most bytes of an engine answer read for one request; beyond, the answer is cut.
    connections : int
        Most connections open at once; more are answered 503.
    backlog : int
        Connections the kernel queues before the server accepts them.
    guard_memory : int
        Resident bytes past which the endpoint's guard answers new queries 503 until it is back under.
    """

    body = 1_000_000
    request_seconds = 10.0
    answer_bytes = 8 * 1024 * 1024
    connections = 256
    backlog = 1024
    guard_memory = 1 << 30


def free_port(host="127.0.0.1"):
    """Return a TCP port that is free on ``host`` now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def is_loopback(host):
    """Whether ``host`` names this machine's loopback (127.0.0.0/8, ::1, localhost).

    Examples
    --------
    >>> is_loopback("127.0.0.2"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, True, False, True)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LocalServer(ThreadingHTTPServer):
    """A threading HTTP server that limits connections, cuts slow clients off and knows its own names.

    Parameters
    ----------
    address : (str, int)
        Host and port to listen on (port 0: a free one).
    handler : type
        The request handler, a :class:`LocalHandler`.
    allowed_origins : iterable of str
        Web origins whose pages may call the server, besides its own.
    """

    daemon_threads = True
    allow_reuse_address = True  # a restart may bind the port while old connections linger in TIME_WAIT
    request_queue_size = Limits.backlog

    def __init__(self, address, handler, *, allowed_origins=()):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self._open = 0
        self._open_lock = threading.Lock()
        self._reading = {}  # connection -> deadline for the request to arrive
        self._log_lines = []
        self._log_lock = threading.Lock()
        super().__init__(address, handler)
        port = self.server_address[1]
        host = address[0]
        names = {host, "localhost", "127.0.0.1", "[::1]", f"[{host}]"}
        self.allowed_hosts = {f"{name}:{port}" for name in names} | (names if port == 80 else set())
        self.allowed_origins = {f"http://{name}:{port}" for name in names} | set(allowed_origins)
        self.check_host = is_loopback(host)
        threading.Thread(target=self._reap_slow_clients, daemon=True, name="spacegraph-reaper").start()

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open += 1
            crowded = self._open > Limits.connections
        if crowded:
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Retry-After: 1\r\nConnection: close\r\n\r\ntoo many connections; try again\n")
            except OSError:
                pass
            self.shutdown_request(request)
            self._closed()
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._closed()

    def _closed(self):
        with self._open_lock:
            self._open -= 1

    def watch(self, connection):
        """Give ``connection`` :attr:`Limits.request_seconds` to send its whole request."""
        self._reading[connection] = time.monotonic() + Limits.request_seconds

    def unwatch(self, connection):
        self._reading.pop(connection, None)

    def log(self, line):
        """Add ``line`` to the log, which :meth:`flush_log` writes to stderr (a write per request cost the guard time)."""
        with self._log_lock:
            self._log_lines.append(line)

    def flush_log(self):
        with self._log_lock:
            lines, self._log_lines = self._log_lines, []
        if lines:
            try:
                sys.stderr.write("".join(lines))
                sys.stderr.flush()
            except (OSError, ValueError):  # no stderr to write to (closed, or a pipe nobody reads): the log is lost
                pass

    def server_close(self):
        super().server_close()
        self.flush_log()

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, BlockingIOError)):  # a client that left or stalled: one line
            self.log(f"{client_address[0]} connection ended: {error.strerror or error}\n")
            return
        super().handle_error(request, client_address)

    def _reap_slow_clients(self):
        while True:
            time.sleep(0.5)
            self.flush_log()
            now = time.monotonic()
            for connection, deadline in list(self._reading.items()):
                if deadline < now:
                    self._reading.pop(connection, None)
                    try:
                        connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass


_PHRASES = {status.value: status.phrase for status in HTTPStatus}
_date = (0, "")


def _http_date():
    """The Date of a reply (RFC 9110), written once a second.

    Examples
    --------
    >>> _http_date().endswith(" GMT") and len(_http_date()) == 29
    True
    """
    global _date
    now = int(time.time())
    second, text = _date
    if second != now:
        text = email.utils.formatdate(now, usegmt=True)
        _date = (now, text)  # one assignment: another thread sees the old pair or the new one
    return text


def bound_waits(sock, *, receive=None, send=None):
    """Let no read (``receive`` seconds) or write (``send``) on the blocking ``sock`` wait longer.

    The bound is the kernel's (``SO_RCVTIMEO``, ``SO_SNDTIMEO``): a wait cut short raises
    ``BlockingIOError``, or ends a buffered read early. Unlike a Python time-out
    (``settimeout``), it costs no poll before each read and write.

    Examples
    --------
    >>> import socket
    >>> ours, theirs = socket.socketpair()
    >>> bound_waits(ours, receive=0.05)
    >>> ours.recv(1)
    Traceback (most recent call last):
    ...
    BlockingIOError: [Errno 11] Resource temporarily unavailable
    >>> ours.close(); theirs.close()
    """
    for option, seconds in ((socket.SO_RCVTIMEO, receive), (socket.SO_SNDTIMEO, send)):
        if seconds is not None:
            seconds = max(seconds, 0.001)  # zero would mean no bound at all
            whole = int(seconds)
            sock.setsockopt(socket.SOL_SOCKET, option, struct.pack("ll", whole, int((seconds - whole) * 1_000_000)))


def _version(word):
    """``(major, minor)`` of ``HTTP/major.minor``, or None.

    Examples
    --------
    >>> _version("HTTP/1.1"), _version("HTTP/01.0"), _version("HTTP/1"), _version("http/1.1")
    ((1, 1), (1, 0), None, None)
    """
    if not word.startswith("HTTP/"):
        return None
    major, dot, minor = word[5:].partition(".")
    if not dot or not (major.isascii() and major.isdigit() and minor.isascii() and minor.isdigit()) or len(word) > 30:
        return None
    return int(major), int(minor)


class LocalHandler(BaseHTTPRequestHandler):
    """Replies and refusals shared by spacegraph's servers; subclasses add the methods."""

    server_version = "spacegraph"
    sys_version = ""
    protocol_version = "HTTP/1.1"  # connections are kept for the next request (every reply has a Content-Length)
    # no Python time-out on the socket, which would poll before every read and write: the kernel bounds
    # each wait instead (see setup), and the server's reaper cuts off a client slow to send its request
    timeout = None
    #: Extra headers sent with every reply.
    common_headers: dict = {}
    #: What to call the server in a refusal ("this endpoint").
    what = "this server"
    # what the standard library's stubs declare otherwise or not at all:
    server: LocalServer  # a LocalHandler is only made by a LocalServer (socketserver says BaseServer)
    raw_requestline: bytes  # set by handle_one_request
    headers: Head  # type: ignore[assignment]  # read by read_head (strictly), not by email's parser

    def log_message(self, format, *args):  # one line per request on stderr, written with others every half second
        self.server.log(f"{self.address_string()} {format % args}\n")

    def setup(self):
        super().setup()
        # a reply is one write; without this, the kernel held small writes for the client's delayed ACK (40 ms)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # no single write waits longer than a client has to send its request; no read waits much past it
        # (the reaper shuts the connection at that time): a read or write cut short ends the connection
        bound_waits(self.connection, receive=Limits.request_seconds + 2, send=Limits.request_seconds)

    def handle_one_request(self):
        # each request of a kept connection has its own time to arrive; an idle connection is closed after it
        self.server.watch(self.connection)
        self._body_read = False
        super().handle_one_request()

    def parse_request(self):
        """Read the request line and head (:func:`spacegraph.core.http_head.read_head`); False after answering what is wrong.

        HTTP/1.0 and 1.1 are served (HTTP/0.9's two-word lines are not); 1.1 keeps the connection
        unless told ``Connection: close``, 1.0 closes it unless told ``keep-alive``.
        """
        self.command = ""
        self.headers = None  # type: ignore[assignment]  # until read_head has read them (see _unread_body)
        self.request_version = "HTTP/1.0"  # what a refusal of this request is sent as, until its line is read
        self.close_connection = True  # until the request is known to be whole and well formed
        self.requestline = requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = requestline.split()
        if not words:
            return False
        version = _version(words[-1]) if len(words) == 3 else None
        if version is None:
            self._error(400, f"bad request line {requestline[:200]!r}: send METHOD PATH HTTP/1.1")
            return False
        if version >= (2, 0):
            self._error(505, f"HTTP version {words[-1][5:15]} is not served; send HTTP/1.1")
            return False
        self.command, self.path, self.request_version = words
        if self.path.startswith("//"):  # //host/path reads as another site to some clients
            self.path = "/" + self.path.lstrip("/")
        try:
            self.headers = read_head(self.rfile)
        except BadHead as error:
            self._error(error.status, str(error))
            return False
        connection = (self.headers.get("Connection") or "").lower()
        self.close_connection = connection == "close" or (version < (1, 1) and connection != "keep-alive")
        if (self.headers.get("Expect") or "").lower() == "100-continue" and version >= (1, 1):
            return self.handle_expect_100()
        return True

    def _unread_body(self):
        """Whether the request announced a body this handler has not read (it must not be read as the next request)."""
        if self.headers is None:
            return False
        return bool(self.headers.get("Transfer-Encoding")) or (self.headers.get("Content-Length") or "0").strip() not in ("", "0")

    def finish(self):
        self.server.unwatch(self.connection)
        super().finish()

    def _reply(self, status, body, content_type="text/plain; charset=utf-8", headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        if not self._body_read and self._unread_body():
            self.close_connection = True  # what is left of the body must never be read as a request
        self.log_request(status)
        fields = [f"{self.protocol_version} {status} {_PHRASES.get(status, '')}", f"Server: {self.version_string()}",
                  f"Date: {_http_date()}", f"Content-Type: {content_type}", f"Content-Length: {len(data)}",
                  "X-Content-Type-Options: nosniff", "Cache-Control: no-store"]
        for key, value in {**self.common_headers, **self._cors_headers(), **(headers or {})}.items():
            if "\r" in value or "\n" in value:  # a value is never allowed to start a header of its own
                raise ValueError(f"the {key} header holds a line break")
            fields.append(f"{key}: {value}")
        if self.close_connection:
            fields.append("Connection: close")
        head = ("\r\n".join(fields) + "\r\n\r\n").encode("latin-1")
        try:
            self.wfile.write(head if self.command == "HEAD" else head + data)  # one write: see setup
        except OSError:
            self.close_connection = True

    def _cors_headers(self):
        return {}

    def _error(self, status, message, headers=None):
        if status >= 500:  # the server's side of the story goes to the log
            self.log_message("%s", message)
        self._reply(status, message.rstrip() + "\n", headers=headers)

    def _foreign_hint(self, origin):
        return ""

    def _foreign(self):
        """Refuse a request a foreign page or program may have sent: 400 for a doubled header, 403 otherwise.

        Refused: two ``Host``, ``Origin``, ``Sec-Fetch-Site``, ``Content-Length`` or ``Transfer-Encoding``
        headers (an empty one, then a foreign one; two lengths a proxy and this server could each pick from);
        a ``Host`` the server is not (DNS rebinding); an ``Origin`` it does not allow; and a
        ``Sec-Fetch-Site`` other than ``same-origin`` or ``none`` (a page of another site, or of another
        port of this machine, which browsers call same-site) unless its ``Origin`` is allowed. Tools that
        send no ``Sec-Fetch-*`` header are not browsers and pass.
        """
        server = self.server
        for name in ("Host", "Origin", "Sec-Fetch-Site", "Content-Length", "Transfer-Encoding"):
            given = self.headers.get_all(name) or []
            if len(given) > 1:
                self._error(400, f"the request has {len(given)} {name} headers; send one")
                return True
        host = (self.headers.get("Host") or "").strip().lower()
        if server.check_host and host and host not in server.allowed_hosts:
            self._error(403, f"Host {host} is not {self.what} (it answers as {sorted(server.allowed_hosts)[0]}); refused")
            return True
        origin = self.headers.get("Origin")
        if origin is not None and origin not in server.allowed_origins:
            self._error(403, f"requests from pages of {origin} are refused{self._foreign_hint(origin)}")
            return True
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if site and site not in ("same-origin", "none") and origin is None:
            self._error(403, f"requests from pages of other sites or ports are refused (Sec-Fetch-Site: {site[:20]})")
            return True
        return False

    def _read_body(self, most=None):
        """Return the request body, or None after answering what is wrong with its length."""
        most = Limits.body if most is None else most
        if self.headers.get("Transfer-Encoding"):
            self._error(411, "send the body with a Content-Length (chunked bodies are not accepted)")
            return None
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isdigit():
            self._error(400, f"Content-Length {declared[:40]!r} is not a number of bytes")
            return None
        length = int(declared)
        if length > most:
            self._error(413, f"request body too large: {length} bytes (at most {most})")
            return None
        body = self.rfile.read(length)  # None when the receive time-out passed
        self._body_read = True
        if body is None or len(body) < length:
            self.close_connection = True
            return None
        return body
