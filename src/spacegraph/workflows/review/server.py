"""``spacegraph review SHEET``: one local page to review a sheet, keyboard first.

The page is served on 127.0.0.1 only, on a free port, under a random token that every request
must carry in its path (``http://127.0.0.1:PORT/TOKEN/``); a wrong or missing token gets 403.
The server has the endpoint's hardening (:mod:`spacegraph.core.local_http`: Host and Origin checked,
bodies within limits, slow clients cut off) and takes changes only as JSON ``POST`` from its own
page. One page at a time: a page holds the sheet while it is open, and a second page on the same
sheet is refused until the first is closed.

The API, under ``/TOKEN/``:

=================  ======  ================================================================
path               method  what
=================  ======  ================================================================
``/``              GET     the page (its script and style sheet beside it)
``api/sheet``      GET     the sheet: the source, the rows with their choices, the version
``api/known``      GET     what a row may point to: actors, classes, predicates
``api/lease``      POST    ``{"page"}``: hold the sheet (409 while another page does)
``api/release``    POST    ``{"page"}``: let it go
``api/row``        POST    ``{"page", "version", "index", "changes"}``: change one row, written at once
``api/undo``       POST    ``{"page", "version"}``: take the last change back
``api/accept``     POST    ``{"page", "version", "allow_orphans"}``: ``spacegraph accept`` the sheet
=================  ======  ================================================================

A change to a sheet that changed on disk since the page read it gets 409 and writes nothing.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
import urllib.parse
from pathlib import Path

from ...core.local_http import LocalHandler, LocalServer
from ...errors import EndpointError, InvalidArgument, SheetChanged

__all__ = ["ReviewServer", "serve_review", "LEASE_SECONDS"]

#: A page that has not been heard of for this long lets the sheet go.
LEASE_SECONDS = 15.0
_TEMPLATES = Path(__file__).parent / "templates"
_PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_BODY_LIMIT = 64 * 1024


class ReviewServer(LocalServer):
    """The review page's server: one session, one token, one page at a time.

    Parameters
    ----------
    session : ReviewSession
        The sheet under review.
    port : int
        0 for a free port.
    token : str, optional
        The secret every path starts with (default: 24 random bytes, URL-safe).
    """

    def __init__(self, session, *, port=0, token=None):
        self.session = session
        self.token = token or secrets.token_urlsafe(24)
        self.lock = threading.Lock()
        self.page_holder = None
        self.page_seen = 0.0
        super().__init__(("127.0.0.1", port), _ReviewHandler)

    @property
    def url(self) -> str:
        """The page's address, token included."""
        return f"http://127.0.0.1:{self.server_address[1]}/{self.token}/"

    def hold(self, page) -> bool:
        """Let ``page`` hold the sheet, unless another page held it within :data:`LEASE_SECONDS`."""
        now = time.monotonic()
        with self.lock:
            if self.page_holder not in (None, page) and now - self.page_seen < LEASE_SECONDS:
                return False
            self.page_holder, self.page_seen = page, now
            return True

    def release(self, page):
        with self.lock:
            if self.page_holder == page:
                self.page_holder = None


class _ReviewHandler(LocalHandler):
    what = "this review page"
    common_headers = {"Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
    server: ReviewServer

    def log_request(self, code="-", size="-"):  # the curator's terminal hears of refusals and failures only
        if str(code).isdigit() and int(code) >= 400:
            super().log_request(code, size)

    def _route(self):
        """The path after the token, or None after answering 403 for a wrong or missing token."""
        path = urllib.parse.urlsplit(self.path).path
        token, _, rest = path.lstrip("/").partition("/")
        if not hmac.compare_digest(token.encode("utf-8", "replace"), self.server.token.encode("utf-8")):
            self._error(403, "this page needs the address spacegraph review printed, token included")
            return None
        return rest

    def do_GET(self):
        self.server.unwatch(self.connection)
        if self._foreign():
            return
        rest = self._route()
        if rest is None:
            return
        if rest == "":
            page = (_TEMPLATES / "review.html").read_text(encoding="utf-8")
            return self._reply(200, page, "text/html; charset=utf-8", {"Content-Security-Policy": _PAGE_POLICY})
        if rest in ("review.js", "review.css"):
            kind = "text/javascript" if rest.endswith(".js") else "text/css"
            return self._reply(200, (_TEMPLATES / rest).read_bytes(), f"{kind}; charset=utf-8")
        session = self.server.session
        if rest == "api/sheet":
            with self.server.lock:
                session.reload()
                return self._json(200, session.snapshot())
        if rest == "api/known":
            with self.server.lock:
                return self._json(200, session.known())
        return self._error(404, f"no such page: /{rest}")

    do_HEAD = do_GET

    def do_POST(self):
        if self._foreign():
            return
        rest = self._route()
        if rest is None:
            return
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            self.server.unwatch(self.connection)
            return self._error(415, "send JSON (Content-Type: application/json)")
        raw = self._read_body(_BODY_LIMIT)
        self.server.unwatch(self.connection)
        if raw is None:
            return
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self._error(400, "the body is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("page"), str) or not 8 <= len(body["page"]) <= 64:
            return self._error(400, "the body names no page ({\"page\": \"...\"})")
        server, page = self.server, body["page"]
        if rest == "api/release":
            server.release(page)
            return self._json(200, {"released": True})
        if not server.hold(page):
            return self._json(409, {"error": "this sheet is open in another page: review it there, or close that page first",
                                    "busy": True})
        if rest == "api/lease":
            return self._json(200, {"held": True, "seconds": LEASE_SECONDS})
        try:
            with server.lock:
                return self._change(rest, body)
        except SheetChanged as error:
            return self._json(409, {"error": str(error), "changed": True})
        except InvalidArgument as error:
            return self._json(400, {"error": str(error)})

    def _change(self, rest, body):
        session = self.server.session
        version = body.get("version")
        if rest == "api/row":
            row = session.change(body.get("index"), body.get("changes"), version)
            return self._json(200, {"row": row, "version": session.version, "counts": session.counts()})
        if rest == "api/undo":
            row = session.undo(version)
            return self._json(200, {"row": row, "version": session.version, "counts": session.counts()})
        if rest == "api/accept":
            outcome = session.accept(version, allow_orphans=bool(body.get("allow_orphans")))
            session.reload()
            return self._json(200 if outcome["ok"] else 422, {**outcome, "version": session.version})
        return self._error(404, f"no such action: /{rest}")

    def _json(self, status, payload):
        return self._reply(status, json.dumps(payload, ensure_ascii=False), "application/json; charset=utf-8")

    def _refuse(self):
        self.server.unwatch(self.connection)
        self._error(405, f"{self.command} is not used here")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse


def serve_review(session, *, port=0, ready=None, open_browser=False):
    """Serve the review page of ``session`` until interrupted (Ctrl-C or SIGTERM).

    Parameters
    ----------
    session : ReviewSession
    port : int
        The port on 127.0.0.1 (0: a free one).
    ready : callable, optional
        Called with the page's address once it answers.
    open_browser : bool
        Open the page in the default browser.
    """
    import signal

    try:
        server = ReviewServer(session, port=port)
    except OSError as error:
        raise EndpointError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    try:
        with server:
            if ready is not None:
                ready(server.url)
            if open_browser:
                import webbrowser

                webbrowser.open(server.url)
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
