"""What every local HTTP server of spacegraph does before it reads a request: the endpoint's guard and the review page.

A :class:`LocalServer` counts its connections (past :attr:`Limits.connections`, 503), gives
each client :attr:`Limits.request_seconds` to send its whole request (a slow client is cut
off), and answers only requests that name it: a ``Host`` it is (when it listens on loopback)
and an ``Origin`` it allows. A :class:`LocalHandler` replies with ``nosniff`` and
``no-store``, reads a body only with a ``Content-Length`` within :attr:`Limits.body`, and
refuses a chunked one.
"""

import ipaddress
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Limits", "LocalServer", "LocalHandler", "free_port", "is_loopback"]


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
    """

    body = 1_000_000
    request_seconds = 10.0
    answer_bytes = 8 * 1024 * 1024
    connections = 256
    backlog = 1024


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

    def _reap_slow_clients(self):
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            for connection, deadline in list(self._reading.items()):
                if deadline < now:
                    self._reading.pop(connection, None)
                    try:
                        connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass


class LocalHandler(BaseHTTPRequestHandler):
    """Replies and refusals shared by spacegraph's servers; subclasses add the methods."""

    server_version = "spacegraph"
    sys_version = ""
    timeout = Limits.request_seconds  # no single read waits longer
    #: Extra headers sent with every reply.
    common_headers: dict = {}
    #: What to call the server in a refusal ("this endpoint").
    what = "this server"

    def log_message(self, format, *args):  # one line per request on stderr
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def setup(self):
        super().setup()
        self.server.watch(self.connection)

    def finish(self):
        self.server.unwatch(self.connection)
        super().finish()

    def _reply(self, status, body, content_type="text/plain; charset=utf-8", headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for key, value in {**self.common_headers, **self._cors_headers(), **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(data)
            except OSError:
                pass

    def _cors_headers(self):
        return {}

    def _error(self, status, message, headers=None):
        if status >= 500:  # the server's side of the story goes to the log
            self.log_message("%s", message)
        self._reply(status, message.rstrip() + "\n", headers=headers)

    def _foreign_hint(self, origin):
        return ""

    def _foreign(self):
        """Refuse (403) a request from a foreign page: a Host the server is not, or an Origin it does not allow."""
        server = self.server
        host = (self.headers.get("Host") or "").strip().lower()
        if server.check_host and host and host not in server.allowed_hosts:
            self._error(403, f"Host {host} is not {self.what} (it answers as {sorted(server.allowed_hosts)[0]}); refused")
            return True
        origin = self.headers.get("Origin")
        if origin is not None and origin not in server.allowed_origins:
            self._error(403, f"requests from pages of {origin} are refused{self._foreign_hint(origin)}")
            return True
        if origin is None and self.headers.get("Sec-Fetch-Site") == "cross-site":
            self._error(403, "requests from pages of other sites are refused")
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
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            return None
        return body
