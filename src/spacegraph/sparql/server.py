"""``spacegraph serve``: a read-only SPARQL 1.1 endpoint on the Oxigraph server.

Two parts work together:

* the engine (:class:`spacegraph.sparql.engine.OxigraphEngine`): ``oxigraph
  serve-read-only`` in a network namespace of its own, supervised and
  restarted if it dies, reachable only through sockets this process is
  handed; it cancels any query that runs past the time limit;
* the guard, this module, which is what clients talk to. It reads each
  request within time and size limits, refuses what it must (updates 403;
  SERVICE, LOAD, FROM and what does not parse 400; foreign Host or Origin
  403), streams the engine's answer, stops at the result cap or the
  deadline, negotiates the result format (JSON, XML, CSV, TSV; N-Triples or
  Turtle for graphs) and serves a query page at ``/``.

``docs/security.md`` says what the endpoint promises and how it is tested.
"""

from __future__ import annotations

import functools
import json
import select
import socket
import threading
import time
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.local_http import Limits, LocalHandler, LocalServer, free_port, is_loopback  # noqa: F401 (exported here too)
from ..errors import AnswerTimeout, BadAnswer, EndpointError, FederationRefused, QuerySyntaxError, QueryTooLarge, UpdateRefused
from .engine import EngineUnavailable, OxigraphEngine, oxigraph_command
from .engine_connection import EngineConnection
from .guard import check_query
from .limits import check_limits
from .memo import SHORT_TEXT
from .predeclared import predeclare
from .process_memory import few_malloc_arenas, give_memory_back, resident_bytes
from .term_warnings import each_warning, term_warnings, warning_header

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import pyoxigraph
    import rdflib

__all__ = ["SparqlGuard", "serve", "free_port", "RESULT_TYPES", "oxigraph_command", "query_page", "negotiate", "Limits"]

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


#: What the query page may load and run: its own inline script and style, and requests to this server.
_PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"

class SparqlGuard(LocalServer):
    """The public, read-only SPARQL endpoint: checks each request, then asks the engine.

    Parameters
    ----------
    address : (str, int)
        Host and port to listen on.
    engine : OxigraphEngine
        Where queries go.
    timeout : float
        The query time limit, in seconds.
    result_cap : int
        At most this many results (rows, or triples) are returned.
    allow_federation : bool
        Let SERVICE and FROM of remote graphs through.
    allowed_origins : iterable of str
        Web origins (``https://tool.example``) whose pages may query the endpoint, besides its own.
    page : str
        The HTML of the query page.
    named : NamedRoutes, optional
        What answers ``/query/NAME?PARAM=VALUE`` (see :mod:`spacegraph.sparql.named_routes`); without it, 404.
    memory : int
        Resident bytes past which new queries get 503 until the guard is back under them.
    """

    timeout: float  # the query time limit (socketserver's own, for handle_request, is float | None)

    def __init__(self, address, *, engine, timeout, result_cap, allow_federation=False, allowed_origins=(), page="", named=None,
                 memory=Limits.guard_memory):
        self.named = named
        self.memory = memory
        self._memory_read_at = -1.0
        self._over_memory = False
        self.engine = engine
        self.timeout = timeout
        self.result_cap = result_cap
        self.allow_federation = allow_federation
        self.page = page.encode("utf-8")
        self._upstream = []  # idle keep-alive connections to the engine
        self._upstream_lock = threading.Lock()
        self._upstream_of = engine.replacements  # the engine server the kept connections go to
        super().__init__(address, _GuardHandler, allowed_origins=allowed_origins)

    def over_memory(self):
        """Whether the guard holds more than its memory cap, after giving free memory back (read at most every 0.1 s)."""
        now = time.monotonic()
        if now - self._memory_read_at > 0.1:
            self._memory_read_at = now
            if resident_bytes() > self.memory:
                give_memory_back()
                self._over_memory = resident_bytes() > self.memory
            else:
                self._over_memory = False
        return self._over_memory

    # ------------------------------------------------------------ the engine

    def upstream(self, fresh=False):
        """An HTTP connection to the engine: an idle one still open, or (``fresh``, or none left) a new one."""
        if not fresh:
            with self._upstream_lock:
                if self._upstream_of != self.engine.replacements:  # kept for a server since replaced: all closed
                    stale, self._upstream, self._upstream_of = self._upstream, [], self.engine.replacements
                    for connection in stale:
                        connection.close()
                if self._upstream and time.monotonic() - self._upstream[-1].idle_since > self.timeout / 2:
                    # the engine ends a connection idle for its time limit, with a 500 left to read: never reused
                    stale, self._upstream = self._upstream, []
                    for connection in stale:
                        connection.close()
                if self._upstream:  # the one given back last; if the engine closed it, the query is asked again
                    return self._upstream.pop(), True
        return EngineConnection(self.engine.connect()), False

    def give_back(self, connection):
        """Keep ``connection`` for the next query if its last answer was read whole; close it otherwise."""
        if not connection.idle:
            connection.close()
            return
        connection.idle_since = time.monotonic()
        with self._upstream_lock:
            if len(self._upstream) < 64:
                self._upstream.append(connection)
                return
        connection.close()


class _GuardHandler(LocalHandler):
    what = "this endpoint"
    server: SparqlGuard

    def _cors_headers(self):
        origin = self.headers.get("Origin") if self.headers else None
        if origin and origin in self.server.allowed_origins:
            return {"Access-Control-Allow-Origin": origin,
                    "Access-Control-Expose-Headers": "Spacegraph-Results-Truncated, Spacegraph-Warning", "Vary": "Origin"}
        return {}

    def _foreign_hint(self, origin):
        return f" (allow them with --allow-origin {origin})"

    # ------------------------------------------------------------ methods

    def do_GET(self):
        self.server.unwatch(self.connection)
        if self._foreign():
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            return self._reply(200, self.server.page, "text/html; charset=utf-8", {"Content-Security-Policy": _PAGE_POLICY})
        if url.path in ("/query", "/sparql"):
            fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "update" in fields:
                return self._error(403, "updates are refused: this endpoint is read-only")
            if "query" not in fields:
                return self._error(400, "no query: send ?query=... (GET) or a POST as in the SPARQL 1.1 Protocol")
            return self._answer(fields["query"][0], fields)
        if url.path.startswith("/query/") and self.server.named is not None:
            return self._named_query(urllib.parse.unquote(url.path[len("/query/"):]), url.query)
        if url.path == "/update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        return self._error(404, f"no such page: {url.path}; the SPARQL endpoint is /query")

    do_HEAD = do_GET

    def _named_query(self, name, query):
        """Answer ``/query/NAME?PARAM=VALUE``: the named query, its parameters bound, through the same checks as any query."""
        from ..errors import ParameterError, UnknownQuery

        fields = urllib.parse.parse_qs(query, keep_blank_values=True)
        try:
            text = self.server.named.sparql(name, fields)
        except UnknownQuery as error:
            return self._error(404, str(error))
        except ParameterError as error:
            return self._error(400, str(error))
        return self._answer(text, {key: fields[key] for key in ("format",) if key in fields})

    def do_OPTIONS(self):
        self.server.unwatch(self.connection)
        if self._foreign():
            return
        self._reply(204, b"", headers={"Access-Control-Allow-Methods": "GET, POST",
                                       "Access-Control-Allow-Headers": "Content-Type, Accept", "Allow": "GET, POST, HEAD"})

    def do_POST(self):
        if self._foreign():
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if url.path not in ("/query", "/sparql"):
            return self._error(404, f"no such endpoint: {url.path}; the SPARQL endpoint is /query")
        raw = self._read_body()
        self.server.unwatch(self.connection)
        if raw is None:
            return
        body = raw.decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if kind == "application/sparql-update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if kind == "application/sparql-query":
            return self._answer(body, fields)
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "updates are refused: this endpoint is read-only")
            if "query" not in form:
                return self._error(400, "no query field in the form")
            return self._answer(form["query"][0], {**fields, **form})
        return self._error(415, f"unsupported Content-Type {kind or '(none)'}; send application/sparql-query or a form")

    def _refuse_writes(self):
        self.server.unwatch(self.connection)
        self._error(403, f"{self.command} is refused: this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _refuse_writes

    # ------------------------------------------------------------ answering

    def _negotiate(self, explicit):
        accept = self.headers.get("Accept")
        if len(accept or "") > 200 or len(explicit or "") > 200:  # a long one is judged, not remembered
            return negotiate.__wrapped__(explicit, accept)
        return negotiate(explicit, accept)

    def _client_still_there(self):
        """False once the client has closed its side (it sends nothing more after its request)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return not readable or self.connection.recv(1, socket.MSG_PEEK) != b""
        except OSError:
            return False

    def _answer(self, text, fields):
        try:
            return self._answer_within_limits(text, fields)
        finally:
            if len(text) > 65536:  # a long text's parse leaves freed memory the allocator keeps unless asked
                give_memory_back()

    def _answer_within_limits(self, text, fields):
        server = self.server
        if server.over_memory():
                return self._error(503, f"the endpoint is using more than its {server.memory / 2**20:,.0f} MiB of memory; "
                                        f"try again in a moment", {"Retry-After": "1"})
        started = time.monotonic()
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in fields:
                return self._error(400, f"{name} is refused: this endpoint serves one default graph and no named graphs")
        if len(text) > SHORT_TEXT:  # a long text is measured before anything reads it whole
            try:
                check_limits(text)
            except QueryTooLarge as error:
                return self._error(400, str(error), {"Spacegraph-Limit": error.limit})
        text = predeclare(text)  # what the guard judges is what the engine runs; messages point into the client's text
        try:
            check_query(text, allow_federation=server.allow_federation)
        except UpdateRefused as error:
            return self._error(403, text.for_client(str(error)))
        except (FederationRefused, QuerySyntaxError, QueryTooLarge) as error:
            return self._error(400, text.for_client(str(error)),
                               {"Spacegraph-Limit": error.limit} if isinstance(error, QueryTooLarge) else None)
        result_format = self._negotiate((fields.get("format") or [None])[0])
        if result_format is None:
            return self._error(406, "none of the accepted types is served; ask for application/sparql-results+json, "
                                    "application/sparql-results+xml, text/csv or text/tab-separated-values")
        deadline = started + server.timeout + 1
        if time.monotonic() >= deadline - 0.5:  # it waited its whole time for its turn to be judged: never ran
            return self._error(504, f"query timed out after {server.timeout:g} s")
        for attempt in (1, 2):
            try:
                connection, reused = server.upstream(fresh=attempt == 2)
            except EngineUnavailable as error:
                return self._error(503, f"{error}; try again in a moment", {"Retry-After": "1"})
            replacements = server.engine.replacements
            try:
                return self._relay(connection, text, result_format, deadline)
            except (TimeoutError, AnswerTimeout):  # past the deadline: the engine may still be working on it
                connection.close()
                server.engine.replace()  # killing its server is what stops the work; the spare answers the others
                return self._error(504, f"query timed out after {server.timeout:g} s")
            except (OSError, BadAnswer) as error:
                # a kept connection the engine had closed, or a server killed for another query's deadline:
                # asked again once, on a fresh connection, while there is time. A server that died on its own
                # (past its memory cap) is not asked again: the query that did it would only do it again
                connection.close()
                replaced = server.engine.replacements != replacements
                if attempt == 1 and (reused or replaced) and time.monotonic() < deadline - 0.5:
                    continue
                if isinstance(error, BadAnswer):
                    return self._error(502, f"the query engine failed: {error}")
                return self._error(503, "the query engine stopped while answering; it is restarting, try again",
                                   {"Retry-After": "1"})

    def _relay(self, connection, text, result_format, deadline):
        """Send ``text`` to the engine and answer the client; raises AnswerTimeout past ``deadline``, BadAnswer or OSError."""
        from .answer_stream import ClientGone, read_solutions, read_triples

        server = self.server
        connection.settimeout(deadline - time.monotonic())
        response = connection.ask(text.encode("utf-8"), accept="application/sparql-results+json, application/n-triples;q=0.9")
        if response.status != 200:
            detail = response.read(2000).decode("utf-8", "replace").strip()
            connection.close()
            if response.status == 400 and detail.lower().startswith("error at"):
                from .diagnostics import explain_syntax_error

                return self._error(400, text.for_client(str(explain_syntax_error(detail, text, "query"))))
            if "cancelled" in detail or "timeout" in detail.lower():
                return self._error(504, f"query timed out after {server.timeout:g} s")
            return self._error(400 if response.status == 400 else 502, detail or f"the query engine answered {response.status}")
        content_type = response.headers.get("Content-Type", "")
        options = dict(cap=server.result_cap, deadline=deadline, still_wanted=self._client_still_there,
                       max_bytes=Limits.answer_bytes, sock=connection)
        try:
            answer = read_triples(response, **options) if "n-triples" in content_type else read_solutions(response, **options)
        except ClientGone:
            connection.close()  # the engine stops writing into a closed connection
            self.close_connection = True
            return None
        except BadAnswer as error:
            if str(error) != "cancelled":
                raise
            connection.close()
            return self._error(504, f"query timed out after {server.timeout:g} s")
        if answer.cut is None and not response.will_close and response.finish():
            server.give_back(connection)  # kept for the next query
        else:
            connection.close()
        warnings = text.for_client(term_warnings(text))
        headers = {"Spacegraph-Results-Truncated": "true" if answer.cut else "false"}
        if answer.cut:
            headers["Spacegraph-Results-Cut-By"] = "result-cap" if answer.cut == "cap" else "answer-size"
        if warnings:
            headers["Spacegraph-Warning"] = warning_header(warnings)
        if "n-triples" in content_type:
            wants_turtle = "text/turtle" in (self.headers.get("Accept") or "")
            media = "text/turtle" if wants_turtle else "application/n-triples"  # N-Triples is valid Turtle
            return self._reply(200, b"".join(answer.lines), f"{media}; charset=utf-8", headers)
        if result_format == "json":
            body = answer.as_json()
            if warnings:  # every warning, however many, in a member SPARQL JSON readers skip
                listed = json.dumps(each_warning(warnings), ensure_ascii=True).encode("ascii")
                body = b'{"warnings":' + listed + b"," + body.lstrip()[1:]
        else:
            from .results import from_sparql_json

            body = from_sparql_json(answer.as_document()).serialize(result_format)
        return self._reply(200, body, f"{_MEDIA_TYPE[result_format]}; charset=utf-8", headers)


@functools.lru_cache(maxsize=256)
def negotiate(explicit, accept):
    """The result format (``json``, ``xml``, ``csv``, ``tsv``) for a ``format`` field and an Accept header; None if none fits.

    Examples
    --------
    >>> negotiate(None, "text/csv;q=0.5, application/sparql-results+xml"), negotiate("tsv", None), negotiate(None, "image/png")
    ('xml', 'tsv', None)
    """
    if explicit:
        chosen = explicit.lower()
        if chosen in _MEDIA_TYPE:
            return chosen
        if chosen in RESULT_TYPES:
            return RESULT_TYPES[chosen]
        return None
    accept = accept or "*/*"
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


def query_page(title="spacegraph SPARQL endpoint", suggestions=()):
    """Return the HTML of the query page: a form, every named query with its parameters, results as a table.

    Every value from the data reaches the page as text (``textContent``), never as markup.

    Parameters
    ----------
    title : str
        The page's title.
    suggestions : iterable of (str, str)
        ``(name, label)`` pairs the page suggests for actor parameters
        (:attr:`spacegraph.sparql.named_routes.NamedRoutes.suggestions`).

    Examples
    --------
    >>> page = query_page(suggestions=[("ASF", "Aerospace Force")])
    >>> '"actor-profile"' in page and '["ASF","Aerospace Force"]' in page
    True
    """
    import jinja2

    from .library import list_queries
    from .predeclared import PREDECLARED

    queries = {q.name: {"title": q.title, "question": q.question, "text": q.text,
                        "params": [{"name": p.name, "type": p.type, "description": p.description, "required": p.required}
                                   for p in q.params]}
               for q in list_queries()}
    payload = {"queries": queries, "names": [list(pair) for pair in suggestions], "prefixes": list(PREDECLARED)}
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True)
    # tojson writes "<", ">", "&" and "'" as \u00XX escapes, so that no query text or name can close the script element;
    # in the queries' order (not sorted), compact
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    return environment.get_template("query_page.html").render(title=title, examples=payload)


def _judge_named_queries(allow_federation):
    from .library import list_queries

    for named in list_queries():
        try:
            check_query(named.text, allow_federation=allow_federation)
        except (FederationRefused, QuerySyntaxError, QueryTooLarge, UpdateRefused):
            pass
        time.sleep(0.01)  # let requests in between


def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt


def serve(graph: rdflib.Graph, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0, result_cap: int = 10_000,
          allow_federation: bool = False, allowed_origins: Iterable[str] = (), ready: Callable[[str], object] | None = None,
          warn: Callable[[str], object] | None = None, store_location: str | Path | None = None,
          oxigraph_store: pyoxigraph.Store | None = None, memory: int = 4 << 30) -> None:
    """Serve ``graph`` read-only over the SPARQL 1.1 Protocol until interrupted.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to serve.
    host, port : str, int
        Where clients connect; 127.0.0.1 unless told otherwise (``::1`` works too).
    timeout : float
        Query time limit in seconds.
    result_cap : int
        Most results returned for one query.
    allow_federation : bool
        Let SERVICE and FROM of remote graphs through (the engine then runs with the network).
    allowed_origins : iterable of str
        Web origins whose pages may query the endpoint besides its own query page.
    ready : callable, optional
        Called with the endpoint URL once it accepts requests.
    warn : callable, optional
        Called with each warning (a string), such as "no network namespace here".
    store_location : path-like, optional
        The on-disk store ``graph`` was opened from (a built store): the engine serves it
        read-only where it is, without a copy.
    oxigraph_store : pyoxigraph.Store, optional
        The store under ``graph``: its named graphs (the derived counts) are served too.
    memory : int
        Resident bytes the engine process may use (0: no cap); past it, it is replaced.

    Raises
    ------
    EndpointError
        It cannot listen on ``host`` and ``port``.
    MissingDependency
        The Oxigraph server is not installed (``pip install 'spacegraph[server]'``).

    Examples
    --------
    Serve on a free port (``port=0``); once it listens, a client asks it a question, then
    stops it as Ctrl-C or ``kill`` would:

    >>> import os, signal, threading
    >>> from spacegraph.graph.remote import RemoteEndpoint
    >>> answers = []
    >>> def ask(url):
    ...     def client():
    ...         try:
    ...             answers.append(RemoteEndpoint(url).labels_of(["https://w3id.org/spacegraph/id/china"]))
    ...         finally:
    ...             os.kill(os.getpid(), signal.SIGTERM)
    ...     threading.Thread(target=client).start()
    >>> serve(kg.graph, port=0, ready=ask)
    >>> answers
    [{'https://w3id.org/spacegraph/id/china': 'China'}]
    """
    import signal

    data = None
    if store_location is None and oxigraph_store is not None:
        import pyoxigraph as ox

        data = oxigraph_store.dump(format=ox.RdfFormat.N_QUADS)
    elif store_location is None:
        payload = graph.serialize(format="ox-ntriples")
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
    few_malloc_arenas()
    previous = None
    if threading.current_thread() is threading.main_thread():
        # a polite kill (SIGTERM) stops the server as Ctrl-C does, so the engine and its store go too;
        # the caller's handler comes back when serving ends
        previous = signal.signal(signal.SIGTERM, _stop_on_signal)
    try:
        from .named_routes import NamedRoutes

        # the entities' names are read once: they resolve /query/NAME's parameters and are the page's suggestions
        named = NamedRoutes.from_graph(graph, oxigraph_store)
        _serve_until_stopped(data, host, port, timeout, result_cap, allow_federation, allowed_origins, ready, warn,
                             store_location, memory, named=named)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM, even while starting: a normal stop
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _serve_until_stopped(data, host, port, timeout, result_cap, allow_federation, allowed_origins, ready, warn,
                         store_location=None, memory=0, named=None):
    with OxigraphEngine(data, timeout=timeout, isolate=not allow_federation, location=store_location,
                        memory=memory) as engine:
        if not engine.isolated and not allow_federation and warn is not None:
            warn("network namespaces are not available here, so the query engine is not cut off from the network: "
                 "only the query guard stands between a query and SERVICE; it listens on a private 127.0.0.1 port")
        try:
            guard = SparqlGuard((host, port), engine=engine, timeout=timeout, result_cap=result_cap,
                                allow_federation=allow_federation, allowed_origins=allowed_origins,
                                page=query_page(suggestions=named.suggestions if named else ()), named=named)
        except OSError as error:
            raise EndpointError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        with guard:
            # the named queries are judged once, in the background, so their first clients do not wait for the parser
            threading.Thread(target=_judge_named_queries, args=(allow_federation,), daemon=True,
                             name="spacegraph-warm-up").start()
            shown = f"[{host}]" if ":" in host else host
            url = f"http://{shown}:{guard.server_address[1]}/query"
            if ready is not None:
                ready(url)
            try:
                guard.serve_forever()
            except KeyboardInterrupt:
                pass
