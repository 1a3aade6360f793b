"""``spacegraph serve``: a read-only SPARQL 1.1 endpoint on the Oxigraph server.

Two processes work together:

* the Oxigraph server (``oxigraph serve-read-only``), which holds the graph,
  answers queries and cancels any that runs past ``--timeout-s``; it listens
  on a private 127.0.0.1 port;
* a small guard, this module, which is what clients talk to. Before a query
  reaches Oxigraph it refuses updates (403) and, unless federation is allowed,
  ``SERVICE``, ``LOAD`` and ``FROM`` of graphs the store does not hold (400).
  It caps the number of results, turns Oxigraph's cancelled answers into a
  clear 504, negotiates the result format (JSON, XML, CSV, TSV; N-Triples or
  Turtle for graphs) and serves a query page at ``/``.
"""

import html
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import EndpointError, FederationRefused, MissingDependency, SpacegraphError, UpdateRefused
from .sparql_guard import check_query

__all__ = ["OxigraphProcess", "SparqlGuard", "serve", "free_port", "RESULT_TYPES"]

#: Result format for each accepted media type of a SELECT or ASK answer.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_MEDIA_TYPE = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"}
_GRAPH_TYPES = ("application/n-triples", "text/turtle")
MAX_BODY = 1_000_000


def free_port(host="127.0.0.1"):
    """Return a TCP port that is free on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def oxigraph_command():
    """Return the path of the ``oxigraph`` server program, or raise :class:`MissingDependency`."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise MissingDependency("spacegraph serve needs the Oxigraph server; install it with: pip install 'spacegraph[server]'")
    return found


def _wait_for_port(port, process, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SpacegraphError(f"the Oxigraph server stopped at start-up (exit code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SpacegraphError(f"the Oxigraph server did not start listening on 127.0.0.1:{port} within {seconds:g} s")


class OxigraphProcess:
    """The graph loaded into a private, read-only Oxigraph server on 127.0.0.1.

    Parameters
    ----------
    ntriples : bytes
        The graph, as N-Triples.
    timeout : float
        Seconds after which Oxigraph cancels a query.
    """

    def __init__(self, ntriples, *, timeout):
        self.ntriples = ntriples
        self.timeout = timeout
        self.folder = None
        self.process = None
        self.port = None

    @property
    def query_url(self):
        """The private query endpoint."""
        return f"http://127.0.0.1:{self.port}/query"

    def start(self):
        """Bulk-load the data into a temporary store and start the read-only server."""
        program = oxigraph_command()
        self.folder = Path(tempfile.mkdtemp(prefix="spacegraph-serve-"))
        data = self.folder / "graph.nt"
        data.write_bytes(self.ntriples)
        loaded = subprocess.run([program, "load", "--location", str(self.folder / "store"), "--file", str(data)],
                                capture_output=True, text=True)
        if loaded.returncode != 0:
            self.stop()
            raise SpacegraphError(f"oxigraph load failed: {loaded.stderr.strip().splitlines()[-1:]}")
        data.unlink()
        self.port = free_port()
        self.process = subprocess.Popen(
            [program, "serve-read-only", "--location", str(self.folder / "store"),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(max(1, round(self.timeout)))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_port(self.port, self.process)
        except SpacegraphError:
            self.stop()
            raise
        return self

    def stop(self):
        """Stop the server and delete its store."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SparqlGuard(ThreadingHTTPServer):
    """The public, read-only SPARQL endpoint: checks each request, then asks Oxigraph.

    Parameters
    ----------
    address : (str, int)
        Host and port to listen on.
    upstream : str
        The private Oxigraph query endpoint.
    timeout : float
        The query time limit, in seconds.
    result_cap : int
        At most this many results (rows, or triples) are returned.
    allow_federation : bool
        Let SERVICE and FROM of remote graphs through.
    page : str
        The HTML of the query page.
    """

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address, *, upstream, timeout, result_cap, allow_federation=False, page=""):
        self.upstream = upstream
        self.timeout = timeout
        self.result_cap = result_cap
        self.allow_federation = allow_federation
        self.page = page.encode("utf-8")
        super().__init__(address, _GuardHandler)


class _GuardHandler(BaseHTTPRequestHandler):
    server_version = "spacegraph"
    sys_version = ""

    def log_message(self, format, *args):  # one line per request on stderr
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    # ------------------------------------------------------------ replies

    def _reply(self, status, body, content_type="text/plain; charset=utf-8", headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status, message):
        self._reply(status, message.rstrip() + "\n")

    # ------------------------------------------------------------ methods

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            return self._reply(200, self.server.page, "text/html; charset=utf-8",
                               {"Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"})
        if url.path in ("/query", "/sparql"):
            fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "update" in fields:
                return self._error(403, "updates are refused: this endpoint is read-only")
            if "query" not in fields:
                return self._error(400, "no query: send ?query=... (GET) or a POST as in the SPARQL 1.1 Protocol")
            return self._answer(fields["query"][0], fields.get("format", [None])[0])
        if url.path == "/update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        return self._error(404, f"no such page: {url.path}; the SPARQL endpoint is /query")

    do_HEAD = do_GET

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if url.path not in ("/query", "/sparql"):
            return self._error(404, f"no such endpoint: {url.path}; the SPARQL endpoint is /query")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._error(413, f"request body too large: {length} bytes (at most {MAX_BODY})")
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if kind == "application/sparql-update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if kind == "application/sparql-query":
            return self._answer(body, fields.get("format", [None])[0])
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "updates are refused: this endpoint is read-only")
            if "query" not in form:
                return self._error(400, "no query field in the form")
            return self._answer(form["query"][0], (form.get("format") or fields.get("format") or [None])[0])
        return self._error(415, f"unsupported Content-Type {kind or '(none)'}; send application/sparql-query or a form")

    def _refuse_writes(self):
        self._error(403, f"{self.command} is refused: this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _refuse_writes

    # ------------------------------------------------------------ answering

    def _negotiate(self, explicit):
        if explicit:
            chosen = explicit.lower()
            if chosen in _MEDIA_TYPE:
                return chosen
            if chosen in RESULT_TYPES:
                return RESULT_TYPES[chosen]
            return None
        accept = self.headers.get("Accept") or "*/*"
        ranked = []
        for position, part in enumerate(accept.split(",")):
            media, *options = [p.strip() for p in part.split(";")]
            quality = 1.0
            for option in options:
                if option.startswith("q="):
                    try:
                        quality = float(option[2:])
                    except ValueError:
                        quality = 0.0
            ranked.append((-quality, position, media.lower()))
        for _, _, media in sorted(ranked):
            if media in RESULT_TYPES:
                return RESULT_TYPES[media]
            if media in ("*/*", "application/*") or media in _GRAPH_TYPES or media.startswith("text/"):
                return "json"
        return None

    def _answer(self, text, explicit_format):
        server = self.server
        try:
            check_query(text, allow_federation=server.allow_federation)
        except UpdateRefused as error:
            return self._error(403, str(error))
        except FederationRefused as error:
            return self._error(400, str(error))
        result_format = self._negotiate(explicit_format)
        if result_format is None:
            return self._error(406, "none of the accepted types is served; ask for application/sparql-results+json, "
                                    "application/sparql-results+xml, text/csv or text/tab-separated-values")
        request = urllib.request.Request(
            server.upstream, data=text.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query; charset=utf-8",
                     "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
        )
        try:
            with urllib.request.urlopen(request, timeout=server.timeout + 5) as response:
                content_type = response.headers.get("Content-Type", "")
                payload = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(2000).decode("utf-8", "replace").strip()
            if error.code == 400 and detail.lower().startswith("error at"):
                from .sparql_diagnostics import explain_syntax_error

                return self._error(400, str(explain_syntax_error(detail, text, "query")))
            status = 400 if error.code == 400 else 502
            return self._error(status, detail or f"the query service answered {error.code}")
        except (socket.timeout, TimeoutError):
            return self._error(504, f"query timed out after {server.timeout:g} s")
        except urllib.error.URLError as error:
            return self._error(502, f"the query service is unavailable: {error.reason}")
        if b"operation has been cancelled" in payload[-200:]:
            return self._error(504, f"query timed out after {server.timeout:g} s")
        from .sparql_diagnostics import unknown_terms

        # a term the ontology lacks (sg:memberof) answers, with a warning naming the closest term
        warnings = "; ".join(unknown_terms(text)).encode("ascii", "backslashreplace").decode("ascii")
        headers = {"Spacegraph-Warning": warnings} if warnings else {}
        if "n-triples" in content_type:
            return self._graph_answer(payload, headers)
        return self._solutions_answer(payload, result_format, headers)

    def _graph_answer(self, payload, headers):
        lines = payload.splitlines(keepends=True)
        cap = self.server.result_cap
        truncated = len(lines) > cap
        wants_turtle = "text/turtle" in (self.headers.get("Accept") or "")
        media = "text/turtle" if wants_turtle else "application/n-triples"  # N-Triples is valid Turtle
        return self._reply(200, b"".join(lines[:cap]), f"{media}; charset=utf-8",
                           {"Spacegraph-Results-Truncated": "true" if truncated else "false", **headers})

    def _solutions_answer(self, payload, result_format, headers):
        from .results import from_sparql_json

        try:
            result = from_sparql_json(json.loads(payload))
        except ValueError:
            return self._error(502, "the query service sent an answer that is not valid JSON")
        cap = self.server.result_cap
        truncated = len(result.rows) > cap
        if truncated:
            result.rows = result.rows[:cap]
        return self._reply(200, result.serialize(result_format), f"{_MEDIA_TYPE[result_format]}; charset=utf-8",
                           {"Spacegraph-Results-Truncated": "true" if truncated else "false", **headers})


def query_page(title="spacegraph SPARQL endpoint"):
    """Return the HTML of the query page: a form, named queries to start from, results as a table.

    Every value from the data reaches the page as text (``textContent``), never as markup.
    """
    from .library import list_queries

    examples = {q.name: {"title": q.title, "text": q.text} for q in list_queries() if not q.params}
    # "<" is escaped so that no query text can close the script element
    payload = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = (Path(__file__).parent / "templates" / "query_page.html").read_text(encoding="utf-8")
    return template.replace("{{TITLE}}", html.escape(title)).replace("{{EXAMPLES}}", payload)


def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt


def serve(graph, *, host="127.0.0.1", port=7878, timeout=10.0, result_cap=10_000, allow_federation=False, ready=None):
    """Serve ``graph`` read-only over the SPARQL 1.1 Protocol until interrupted.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to serve.
    host, port : str, int
        Where clients connect; 127.0.0.1 unless told otherwise.
    timeout : float
        Query time limit in seconds.
    result_cap : int
        Most results returned for one query.
    allow_federation : bool
        Let SERVICE and FROM of remote graphs through.
    ready : callable, optional
        Called with the endpoint URL once it accepts requests.
    """
    import signal
    import threading

    payload = graph.serialize(format="ox-ntriples")
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if threading.current_thread() is threading.main_thread():
        # a polite kill (SIGTERM) stops the server as Ctrl-C does, so the Oxigraph process and its store go too
        signal.signal(signal.SIGTERM, _stop_on_signal)
    with OxigraphProcess(data, timeout=timeout) as store:
        try:
            guard = SparqlGuard((host, port), upstream=store.query_url, timeout=timeout, result_cap=result_cap,
                                allow_federation=allow_federation, page=query_page())
        except OSError as error:
            raise EndpointError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        with guard:
            url = f"http://{host}:{guard.server_address[1]}/query"
            if ready is not None:
                ready(url)
            try:
                guard.serve_forever()
            except KeyboardInterrupt:
                pass
