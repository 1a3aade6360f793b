"""One HTTP exchange with a server spacegraph does not control: a total deadline, a size limit, no surprises.

:func:`exchange` sends one request and reads its answer so that a hostile or
broken server cannot hold the caller:

* a **total deadline**, not only a time-out per read: a watchdog shuts down
  the connection's socket when it passes, so a server that trickles a byte
  every second is cut off on time, in its headers or in its body;
* a **size limit** on the answer, read in chunks, which a ``reader`` can
  turn into results as they arrive instead of keeping the whole body;
* **redirects are not followed**: the error names where the server points,
  so that nothing is sent to an address the user did not give;
* **one clean error** for every failure (refused, reset, garbage instead of
  HTTP, a status line too long, an answer cut short): :class:`EndpointError`,
  or :class:`QueryTimeout` when the deadline passed.

Examples
--------
>>> exchange("GET", "ftp://example.org/", timeout=1, what="a test")
Traceback (most recent call last):
...
spacegraph.errors.EndpointError: bad endpoint URL 'ftp://example.org/': give an http:// or https:// address
"""

import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from ..core.choices import MAX_RESULTS  # most results a client reads from one answer, unless told otherwise
from ..errors import EndpointError, QueryTimeout, SpacegraphError

__all__ = ["exchange", "Answer", "MAX_ANSWER_BYTES", "MAX_RESULTS", "check_url"]

#: Largest answer read from a server, in bytes.
MAX_ANSWER_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass
class Answer:
    """What a server answered: status, content type and body."""

    status: int
    content_type: str
    body: Any  # the bytes, or what the request's reader made of them


def check_url(url):
    """Raise :class:`EndpointError` unless ``url`` is an http(s) address with a host."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        raise EndpointError(f"bad endpoint URL {url!r}: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"bad endpoint URL {url!r}: give an http:// or https:// address")
    return parts


class _Watchdog:
    """Shuts down a connection's socket when the deadline passes, whatever it is doing."""

    def __init__(self, connection, seconds):
        self.connection = connection
        self.sock = None
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def connect(self):
        """Open the connection and keep its socket: once ``getresponse`` has handed the socket to the response,
        ``connection.sock`` is None (for an answer that closes the connection), and only this reference reaches it."""
        self.connection.connect()
        self.sock = self.connection.sock

    def _fire(self):
        self.fired = True
        sock = self.sock or self.connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()


def exchange(method, url, body=None, headers=None, *, timeout, what, max_bytes=MAX_ANSWER_BYTES, credentials=None,
             reader=None):
    """Send one request to ``url`` and return its :class:`Answer` (any status below 300).

    Parameters
    ----------
    method, url : str
        The request.
    body : bytes, optional
        What to send.
    headers : dict, optional
        Request headers.
    timeout : float
        Seconds for the whole exchange: connecting, sending, and reading the answer.
    what : str
        What the request is, for messages ("query relationship-counts", "the upload").
    max_bytes : int
        Largest answer accepted.
    credentials : tuple of str, optional
        A user name and password, for a server that asks for HTTP Digest
        authentication: a request without a body (HEAD) fetches the challenge
        first, so that the body is sent once. The password never travels.
    reader : callable, optional
        ``reader(content_type, chunks)``, called with the answer's content type
        and an iterator of its chunks (within the deadline and the size limit);
        what it returns is the answer's ``body``. Without it the body is the bytes.

    Raises
    ------
    QueryTimeout
        When the exchange did not end within ``timeout``.
    EndpointError
        For an error status, a redirect, an answer too large, or anything that is not HTTP.
    """
    parts = check_url(url)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    if credentials is not None:
        challenge = _challenge(parts, target, timeout, url, what)
        if challenge:
            headers = {**(headers or {}), "Authorization": _authorization(challenge, method, url, target, credentials)}
    return _send(method, url, parts, target, body, headers, timeout, what, max_bytes, reader)


def _authorization(challenge, method, url, target, credentials):
    """The ``Authorization`` header that answers a ``WWW-Authenticate: Digest ...`` challenge (RFC 2617).

    The standard library's :class:`urllib.request.HTTPDigestAuthHandler` computes it; this module still
    sends the request (a deadline, a size limit, no redirect), so only the handler's arithmetic is used.
    It answers MD5 (what Virtuoso asks for) with ``qop=auth`` or no ``qop``, and ASCII credentials.
    """
    import urllib.request

    scheme, _, fields = challenge.strip().partition(" ")
    if scheme.lower() != "digest":
        raise EndpointError(f"{url} asks for {scheme or 'an unnamed'} authentication; spacegraph answers only Digest")
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *credentials)
    request = urllib.request.Request(url, method=method)
    request.selector = target
    fields = {key.lower(): value for key, value in
              urllib.request.parse_keqv_list([part for part in urllib.request.parse_http_list(fields) if part]).items()}
    if "qop" in fields:  # "auth-int, auth" offers auth too: the handler looks for it between bare commas
        fields["qop"] = ",".join(option.strip() for option in fields["qop"].split(","))
    try:
        answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, fields)
    except UnicodeEncodeError:
        raise EndpointError(f"{url} asks for Digest authentication, which spacegraph answers only with ASCII user names, "
                            "passwords and realms") from None
    except (ValueError, OSError) as error:  # an algorithm other than MD5 or SHA, a qop other than auth
        raise EndpointError(f"{url} asks for Digest authentication spacegraph cannot give: {getattr(error, 'reason', error)}") from None
    if answer is None:
        raise EndpointError(f"{url} sent a Digest challenge without a realm or a nonce")
    return "Digest " + answer


def _challenge(parts, target, timeout, url, what):
    """The ``WWW-Authenticate`` header a bodiless HEAD request is answered with, or None when the server asks for none."""
    connection = _connection(parts, timeout)
    try:
        with _Watchdog(connection, timeout) as watchdog:
            watchdog.connect()
            connection.request("HEAD", target)
            response = connection.getresponse()
            response.read()
            return response.getheader("WWW-Authenticate") if response.status == 401 else None
    except (http.client.HTTPException, OSError) as error:
        raise EndpointError(_explain(url, what, error)) from None
    finally:
        connection.close()


def _connection(parts, timeout):
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return kind(parts.hostname, parts.port, timeout=timeout)


def _send(method, url, parts, target, body, headers, timeout, what, max_bytes, reader=None):
    connection = _connection(parts, timeout)
    started = time.monotonic()
    late = QueryTimeout(f"{url} did not answer {what} within {timeout:g} s")
    try:
        with _Watchdog(connection, timeout) as watchdog:
            try:
                try:
                    watchdog.connect()
                    connection.request(method, target, body=body, headers=headers or {})
                except (BrokenPipeError, ConnectionResetError):
                    # a server may answer (a 401, a 413) before it has read the whole body, and close: its answer counts
                    response = _early_answer(connection)
                    if response is None:
                        raise
                else:
                    response = connection.getresponse()
                if 300 <= response.status < 400:
                    where = response.getheader("Location") or "(no Location given)"
                    raise EndpointError(f"{url} redirects ({response.status}) to {where[:200]}; spacegraph does not "
                                        "follow redirects: give that address instead if you trust it")
                if response.status == 401:
                    refused = "refused the user name or password" if "Authorization" in (headers or {}) else \
                        "asks for a user name and password"
                    raise EndpointError(f"{url} answered 401 Unauthorized: it {refused}", status=401)
                if response.status >= 400:
                    detail = response.read(300).decode("utf-8", "replace").strip().splitlines()
                    first = f": {detail[0]}" if detail else ""
                    raise EndpointError(f"{url} answered {response.status} {response.reason}{first}", status=response.status)
                declared = response.getheader("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise EndpointError(f"{url} would send {int(declared):,} bytes for {what}, more than the {max_bytes:,} accepted")
                content_type = response.getheader("Content-Type") or ""
                chunks = _chunks(response, max_bytes, url, what)
                try:
                    payload = b"".join(chunks) if reader is None else reader(content_type, chunks)
                except SpacegraphError:
                    if watchdog.fired:  # the reader saw the answer end where the watchdog cut it
                        raise late from None
                    raise
                if watchdog.fired:  # the watchdog closed the connection: what came is not the whole answer
                    raise late
                return Answer(response.status, content_type, payload)
            except TimeoutError:
                raise late from None
            except (http.client.HTTPException, OSError) as error:
                if watchdog.fired or time.monotonic() - started >= timeout:
                    raise late from None
                raise EndpointError(_explain(url, what, error)) from None
    finally:
        connection.close()


def _chunks(response, max_bytes, url, what):
    """The chunks of an answer's body as they arrive, never more than ``max_bytes`` in all."""
    size = 0
    while True:
        chunk = response.read1(_CHUNK)
        if not chunk:
            return
        size += len(chunk)
        if size > max_bytes:
            raise EndpointError(f"{url} sent more than {max_bytes:,} bytes for {what}; stopped reading")
        yield chunk


def _early_answer(connection):
    """The answer a server sent before it stopped reading the request's body, or None when none came."""
    try:
        return connection.getresponse()
    except (http.client.HTTPException, OSError):
        return None


def _explain(url, what, error):
    if isinstance(error, ConnectionRefusedError):
        return f"cannot reach {url}: connection refused"
    if isinstance(error, socket.gaierror):
        return f"cannot reach {url}: unknown host"
    if isinstance(error, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
        return f"{url} closed the connection during {what}"
    if isinstance(error, http.client.IncompleteRead):
        return f"{url} stopped sending in the middle of {what}"
    if isinstance(error, (http.client.BadStatusLine, http.client.LineTooLong)):
        return f"{url} does not speak HTTP: its answer to {what} is not an HTTP response"
    if isinstance(error, http.client.HTTPException):
        return f"{url} sent a malformed answer to {what} ({type(error).__name__})"
    return f"cannot reach {url}: {error.strerror or error}" if isinstance(error, OSError) else f"{url}: {error}"
