"""Talk to any SPARQL 1.1 server over HTTP: run queries, and push the graph.

Queries use the SPARQL 1.1 Protocol (POST of a form, ``query=...``, which every
server takes: Virtuoso 7 never answers a POST of ``application/sparql-query``);
uploads use the SPARQL 1.1 Graph Store HTTP Protocol (PUT of N-Triples).
Every exchange has a total deadline and a size limit, follows no redirect,
and ends any failure in one line that names the URL
(:func:`spacegraph.sparql.http_client.exchange`). Results are read as they
arrive, binding by binding, into compact rows, up to ``max_results``
(:mod:`spacegraph.sparql.results_json`), so the memory a query takes follows
the answer's size, not a parser's dicts of it.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from typing import TYPE_CHECKING, Any, Literal, overload

from ..errors import EndpointError, MalformedAnswer, TooManyResults
from ..sparql.bindings import bound_text
from ..sparql.http_client import MAX_ANSWER_BYTES, MAX_RESULTS, exchange
from ..sparql.results import QueryResult, Row, row_type
from ..sparql.results_json import read_results
from .verbs import NetworkVerbs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    import networkx as nx
    from rdflib import Graph
    from rdflib.term import Identifier

    from ..sparql.http_client import Answer
    from . import KnowledgeGraph

__all__ = ["RemoteEndpoint", "push_graph", "push_knowledge_graph", "MAX_RESULTS"]
#: The variables a ``SELECT ?a ?b WHERE`` asks for, in order (a query that projects expressions or * gives none).
_ASKED = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?((?:\?\w+\s+)+)WHERE\b", re.IGNORECASE)

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.5"


def _check_url(url: str) -> None:
    from ..sparql.http_client import check_url

    check_url(url)


class RemoteEndpoint(NetworkVerbs):
    """A SPARQL 1.1 query endpoint, such as ``http://127.0.0.1:7878/query`` (Oxigraph).

    Parameters
    ----------
    url : str
        The query endpoint.
    timeout : float
        Seconds for each exchange, all told; :meth:`to_networkx`, which makes
        several, gets this much in all.
    max_bytes : int
        Largest answer read.
    max_results : int or None
        Most results (rows or triples) read from one answer; an answer with
        more ends in :class:`~spacegraph.errors.TooManyResults`. None reads
        every result the ``max_bytes`` allow.

    Raises
    ------
    EndpointError
        ``url`` is not an ``http://`` or ``https://`` address.

    Examples
    --------
    A server that answers SPARQL from the graph, as Oxigraph or ``spacegraph serve`` would:

    >>> import http.server, threading, urllib.parse
    >>> class Answers(http.server.BaseHTTPRequestHandler):
    ...     def do_POST(self):
    ...         form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
    ...         body = kg.graph.query(form["query"][0]).serialize(format="json")
    ...         self.send_response(200)
    ...         self.send_header("Content-Type", "application/sparql-results+json")
    ...         self.send_header("Content-Length", str(len(body)))
    ...         self.end_headers()
    ...         self.wfile.write(body)
    ...     def log_message(self, *args): pass
    >>> server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()

    The endpoint answers the same questions as the graph itself:

    >>> endpoint = RemoteEndpoint(f"http://127.0.0.1:{server.server_port}/query")
    >>> endpoint.labels_of(["https://w3id.org/spacegraph/id/china"])
    {'https://w3id.org/spacegraph/id/china': 'China'}
    >>> endpoint.to_networkx().number_of_nodes() == kg.to_networkx().number_of_nodes()
    True
    >>> endpoint.path("Argentina", "Military Aerospace Force")[0]["from_label"]
    'Argentina'
    >>> server.shutdown()
    >>> server.server_close()
    >>> RemoteEndpoint("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    spacegraph.errors.EndpointError: bad endpoint URL 'ftp://example.org/sparql': give an http:// or https:// address
    """

    def __init__(self, url: str, *, timeout: float = 30.0, max_bytes: int = MAX_ANSWER_BYTES,
                 max_results: int | None = MAX_RESULTS) -> None:
        _check_url(url)
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_results = max_results
        self._deadline: float | None = None
        #: What the services derive from the server once and keep (the index of names).
        self.derived: dict[str, Any] = {}
        #: What looked wrong while reading the server's answers, one line each.
        self.warnings: list[str] = []

    @property
    def source(self) -> RemoteEndpoint:
        """The endpoint itself: it is a :class:`~spacegraph.core.source.GraphSource`."""
        return self

    @property
    def local(self) -> None:
        """None: the graph is on the server, not in this process."""
        return None

    def warn(self, message: str) -> None:
        """Keep ``message`` among :attr:`warnings`, once.

        Parameters
        ----------
        message : str
            One line.

        Examples
        --------
        >>> endpoint = RemoteEndpoint("http://127.0.0.1:7878/query")
        >>> endpoint.warn("an odd answer")
        >>> endpoint.warn("an odd answer")
        >>> endpoint.warnings
        ['an odd answer']
        """
        if message not in self.warnings:
            self.warnings.append(message)

    def _post(self, text: str, accept: str, what: str, timeout: float | None = None,
              reader: Callable[[str, Iterable[bytes]], Any] | None = None) -> Answer:
        seconds = timeout or self.timeout
        if self._deadline is not None:
            seconds = min(seconds, self._deadline - time.monotonic())
            if seconds <= 0:
                from ..errors import QueryTimeout

                raise QueryTimeout(f"{self.url} did not answer {what} within {self.timeout:g} s")
        form = urllib.parse.urlencode({"query": text}).encode("ascii")
        return exchange("POST", self.url, form, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                        timeout=seconds, what=what, max_bytes=self.max_bytes, reader=reader)

    def __repr__(self) -> str:
        return f"<RemoteEndpoint {self.url}>"

    def run(self, text: str, bindings: Mapping[str, Any] | None = None, *, where: str = "query",
            timeout: float | None = None) -> QueryResult:
        """Send ``text`` with ``bindings`` and return a :class:`~spacegraph.sparql.results.QueryResult`.

        No check is made here: :func:`spacegraph.sparql.query.run_query` makes them, then calls this.

        Parameters
        ----------
        text : str
            SPARQL text.
        bindings : mapping, optional
            ``{variable: RDF term}``, written into the query as a ``VALUES`` block.
        where : str
            What the query is called in error messages.
        timeout : float, optional
            Seconds for this exchange, instead of the endpoint's ``timeout``.

        Returns
        -------
        QueryResult
            Rows of a SELECT, the boolean of an ASK, or the triples of a CONSTRUCT.

        Raises
        ------
        EndpointError, QueryTimeout, MalformedAnswer, TooManyResults
            The server is not reached, is slow, or answers what cannot be read or is too much.

        Examples
        --------
        The class's example runs queries on a server; without one, the error says so:

        >>> from spacegraph.sparql.server import free_port
        >>> endpoint = RemoteEndpoint(f"http://127.0.0.1:{free_port()}/query", timeout=5)  # nothing listens there
        >>> endpoint.run("ASK { ?s ?p ?o }")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../query: connection refused
        """
        what = f"query {where}"
        answer = self._post(bound_text(text, bindings or {}), _ACCEPT, what, timeout,
                            reader=lambda content_type, chunks: self._read(content_type, chunks, what))
        content_type, payload = answer.content_type, answer.body
        if isinstance(payload, QueryResult):
            return payload
        if "n-triples" in content_type or "text/plain" in content_type:
            from ..core.store import new_graph

            try:
                graph = new_graph().parse(data=payload, format="ox-ntriples")
            except (SyntaxError, ValueError) as error:
                raise MalformedAnswer(f"{self.url} sent triples for {what} that are not N-Triples "
                                      f"({' '.join(str(error).split())[:200]})") from None
            names = ["subject", "predicate", "object"]
            return QueryResult(names, [Row(names, triple) for triple in graph])
        raise EndpointError(f"{self.url} answered with {content_type or 'no content type'}, not SPARQL results")

    def _read(self, content_type: str, chunks: Iterable[bytes], what: str) -> QueryResult | bytes:
        """Results as they arrive: JSON into a :class:`QueryResult`, N-Triples as bytes with their lines counted."""
        if "json" in content_type:
            answer = read_results(chunks, source=self.url, what=what, max_results=self.max_results,
                                  make_term=_rdflib_term, row_maker=lambda names: row_type(tuple(names))._make)
            if answer.boolean is not None:
                return QueryResult([], [], boolean=answer.boolean)
            return QueryResult(answer.vars, answer.rows)
        body = bytearray()
        for chunk in chunks:
            body += chunk
            if self.max_results is not None and body.count(b"\n") > self.max_results:
                raise TooManyResults(f"{self.url} sent more than {self.max_results:,} triples for {what} (max_results); "
                                     "stopped reading", limit=self.max_results)
        return bytes(body)

    def select(self, text: str) -> list[Row]:
        """Run a query without parameters and return its rows.

        Parameters
        ----------
        text : str
            SPARQL SELECT text.

        Returns
        -------
        list of Row

        Raises
        ------
        EndpointError, QueryTimeout, MalformedAnswer, TooManyResults
            As :meth:`run`.

        Examples
        --------
        >>> from spacegraph.sparql.server import free_port
        >>> endpoint = RemoteEndpoint(f"http://127.0.0.1:{free_port()}/query", timeout=5)  # nothing listens there
        >>> endpoint.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../query: connection refused
        """
        return self.run(text).rows

    def plain_rows(self, text: str, *, where: str = "query") -> Iterator[tuple[Any, ...]]:
        """Run a SELECT query; yield its rows as tuples of plain values, without rdflib terms.

        Terms are plain (:mod:`spacegraph.core.terms`), unbound variables None: the
        form :mod:`spacegraph.network.projection` reads. Each row holds the
        variables the query's ``SELECT ?a ?b WHERE`` asks for, in that order,
        whatever order the server's head gives; a head without one of them is
        a :class:`~spacegraph.errors.MalformedAnswer`.

        Parameters
        ----------
        text : str
            SPARQL SELECT text.
        where : str
            What the query is called in error messages.

        Yields
        ------
        tuple
            One row: a plain value, or None, for each variable.

        Raises
        ------
        EndpointError, QueryTimeout, MalformedAnswer, TooManyResults
            As :meth:`run`, once the first row is asked for.

        Examples
        --------
        Nothing is sent until the first row is asked for:

        >>> from spacegraph.sparql.server import free_port
        >>> endpoint = RemoteEndpoint(f"http://127.0.0.1:{free_port()}/query", timeout=5)  # nothing listens there
        >>> rows = endpoint.plain_rows("SELECT ?s WHERE { ?s ?p ?o }")
        >>> next(rows)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../query: connection refused
        """
        asked = _ASKED.search(text)
        wanted = asked.group(1).replace("?", " ").split() if asked else None

        def read(content_type: str, chunks: Iterable[bytes]) -> Any:
            if "json" not in content_type:
                raise EndpointError(f"{self.url} answered {where} with {content_type or 'no content type'}, "
                                    "not SPARQL JSON results")
            return read_results(chunks, source=self.url, what=where, max_results=self.max_results,
                                row_maker=lambda names: _aligned(names, wanted, self.url, where))

        yield from self._post(text, "application/sparql-results+json", where, reader=read).body.rows

    def scan(self, predicate: str, obj: str | None = None) -> Iterator[tuple[Any, Any]]:
        """Yield ``(subject, object)`` of the server's triples with ``predicate`` (and object IRI ``obj``), as plain values.

        Parameters
        ----------
        predicate : str
            The predicate's full IRI.
        obj : str, optional
            Keep only the triples with this object IRI.

        Yields
        ------
        (subject, object)
            Plain values (:mod:`spacegraph.core.terms`).

        Raises
        ------
        InvalidIRI
            ``predicate`` or ``obj`` is not an IRI (nothing is sent).
        EndpointError, QueryTimeout, MalformedAnswer, TooManyResults
            As :meth:`run`.

        Examples
        --------
        >>> endpoint = RemoteEndpoint("http://127.0.0.1:7878/query")
        >>> next(endpoint.scan("sg:hosts as text"))
        Traceback (most recent call last):
        ...
        spacegraph.errors.InvalidIRI: 'sg:hosts as text' is not a valid IRI
        """
        from ..core.terms import valid_iri

        pattern = f"<{valid_iri(predicate)}> " + ("?o" if obj is None else f"<{valid_iri(obj)}>")
        select = "?s ?o" if obj is None else "?s"
        for row in self.plain_rows(f"SELECT {select} WHERE {{ ?s {pattern} }}", where=f"the scan of <{predicate}>"):
            yield (row[0], row[1]) if obj is None else (row[0], obj)

    def labels_of(self, iris: Iterable[str]) -> dict[str, str]:
        """Return ``{IRI: English label}`` for ``iris``, in one query to the server.

        Parameters
        ----------
        iris : iterable of str
            Full IRIs; anything else (a blank node, a literal) is left out.

        Returns
        -------
        dict of str to str
            The English label where there is one, else another.

        Examples
        --------
        With no IRI to ask about, nothing is sent:

        >>> RemoteEndpoint("http://127.0.0.1:7878/query").labels_of(["_:b0", "not an IRI"])
        {}
        """
        import rdflib

        from ..core.names import keep_label
        from ..core.terms import valid_iri

        wanted = sorted({iri for iri in iris if iri.startswith(("http://", "https://", "urn:")) and valid_iri(iri)})
        if not wanted:
            return {}
        values = " ".join(f"<{iri}>" for iri in wanted)
        found: dict[str, str] = {}
        text = f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
        for row in self.run(text, where="the labels").rows:
            label = row[1]
            keep_label(found, str(row[0]), str(label), label.language if isinstance(label, rdflib.Literal) else None)
        return found

    @overload
    def to_networkx(self, view: str = ..., as_of: str | None = ..., *, simple: Literal[False] = ...) -> nx.MultiDiGraph: ...
    @overload
    def to_networkx(self, view: str = ..., as_of: str | None = ..., *, simple: bool) -> nx.Graph: ...
    def to_networkx(self, view: str = "actors", as_of: str | None = None, *, simple: bool = False) -> nx.Graph:
        """Project the graph the server holds, as :func:`spacegraph.network.projection.to_networkx` does locally.

        The server does the reading: one SELECT per class and property the
        projection needs, and one join for the quotes, so only those rows
        travel, never the whole graph (statements, quote nodes, literals it
        does not use stay on the server).

        Parameters
        ----------
        view : str
            The network: one of :data:`spacegraph.network.projection.VIEWS`.
        as_of : str, optional
            A date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): only what held then.
        simple : bool
            Return the undirected simple projection instead.

        Returns
        -------
        networkx.MultiDiGraph or networkx.Graph

        Raises
        ------
        EndpointError, QueryTimeout, MalformedAnswer, TooManyResults
            As :meth:`run`; the ``timeout`` holds for all the queries together.

        Examples
        --------
        The class's example projects a server's graph; see also the README, "Beyond one machine".

        >>> from spacegraph.sparql.server import free_port
        >>> endpoint = RemoteEndpoint(f"http://127.0.0.1:{free_port()}/query", timeout=5)  # nothing listens there
        >>> endpoint.to_networkx()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../query: connection refused
        """
        from ..network.projection import to_networkx
        from .verbs import simple_if

        self._deadline = time.monotonic() + self.timeout
        try:
            return simple_if(to_networkx(self, view=view, as_of=as_of), simple)
        finally:
            self._deadline = None


def _rdflib_term(kind: str, value: str, language: str | None, datatype: str | None) -> Identifier:
    from rdflib import BNode, Literal, URIRef

    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


def _aligned(names: Sequence[str], wanted: list[str] | None, url: str, where: str) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A maker of rows that hold the ``wanted`` variables in order, from rows in the order of ``names``."""
    if wanted is None or wanted == list(names):
        return tuple
    missing = [name for name in wanted if name not in names]
    if missing:
        raise MalformedAnswer(f"{url} answered {where} without the variables it asks for: "
                              f"{', '.join('?' + name for name in missing)}")
    order = [list(names).index(name) for name in wanted]
    return lambda row: tuple(row[i] for i in order)


def push_graph(graph: Graph, url: str, *, graph_iri: str | None = None, timeout: float = 120.0,
               user: str | None = None, password: str | None = None) -> int:
    """Upload ``graph`` to a Graph Store Protocol endpoint, replacing what the target graph held.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to upload (ontology and data).
    url : str
        The Graph Store endpoint, such as ``http://127.0.0.1:7878/store`` (Oxigraph).
    graph_iri : str, optional
        The named graph to replace; the default graph when omitted (Virtuoso
        has none for uploads: give a graph there).
    timeout : float
        Seconds for the upload, all told.
    user, password : str, optional
        Credentials for an endpoint that asks for HTTP Digest authentication,
        such as Virtuoso's ``/sparql-graph-crud-auth``. The password is never
        sent, only a hash of it with the server's challenge.

    Returns
    -------
    int
        The number of triples sent.

    Raises
    ------
    EndpointError
        The server cannot be reached, refuses the upload, or is not a Graph Store.

    Examples
    --------
    >>> from spacegraph.sparql.server import free_port
    >>> push_graph(kg.graph, f"http://127.0.0.1:{free_port()}/store", timeout=5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../store?default: connection refused
    """
    _check_url(url)
    payload = graph.serialize(format="ox-ntriples")
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return _upload("PUT", data, url, graph_iri, timeout, user, password)


def _upload(method: str, data: bytes, url: str, graph_iri: str | None, timeout: float, user: str | None, password: str | None) -> int:
    """Send N-Triples ``data`` to a Graph Store: PUT replaces the graph, POST adds to it; return the triples sent."""
    target = "graph=" + urllib.parse.quote(graph_iri, safe="") if graph_iri else "default"
    full = f"{url}{'&' if '?' in url else '?'}{target}"
    credentials = (user, password or "") if user is not None else None
    answer = exchange(method, full, data, {"Content-Type": "application/n-triples"}, timeout=timeout,
                      what="the upload", max_bytes=1024 * 1024, credentials=credentials)
    # a Graph Store answers a PUT with 201 Created, 204 No Content, or 200 OK and at most a short message
    # (Virtuoso labels its empty answer text/html)
    said = answer.body.strip()
    if answer.status not in (200, 201, 204) or said and "html" in answer.content_type.lower() or \
            said[:1] in (b"<", b"{") and answer.status == 200:
        raise EndpointError(f"{full} answered the upload with {answer.status} and "
                            f"{answer.content_type or 'no content type'}, not as a Graph Store does: "
                            "is it the Graph Store endpoint (Oxigraph: /store)?")
    return data.count(b"\n")


def push_knowledge_graph(kg: KnowledgeGraph, url: str, *, graph_iri: str | None = None, timeout: float = 120.0,
                         user: str | None = None, password: str | None = None) -> tuple[int, int]:
    """Upload a knowledge graph and its derived counts (:mod:`spacegraph.core.derived`) to a Graph Store endpoint.

    The graph replaces ``graph_iri`` (or the default graph), then the derived counts replace
    the named graph :data:`~spacegraph.core.derived.DERIVED_GRAPH`, which ``most-connected`` and
    ``sources`` read.

    Parameters
    ----------
    kg : KnowledgeGraph
        An embedded graph.
    url, graph_iri, timeout, user, password
        As for :func:`push_graph`.

    Returns
    -------
    (int, int)
        The triples of the graph and the derived triples sent.

    Raises
    ------
    EndpointError
        As :func:`push_graph`; when only some of the derived triples went, it says so.
    InvalidArgument
        ``kg`` is a SPARQL server, not a graph held here.

    Examples
    --------
    >>> from spacegraph.sparql.server import free_port
    >>> push_knowledge_graph(kg, f"http://127.0.0.1:{free_port()}/store", timeout=5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.EndpointError: cannot reach http://127.0.0.1:.../store?default: connection refused
    """
    from ..core.derived import DERIVED_GRAPH, derived_ntriples_in_parts
    from ..core.source import embedded

    source = embedded(kg, "pushing")
    count = push_graph(source.graph, url, graph_iri=graph_iri, timeout=timeout, user=user, password=password)
    source.ensure_derived()
    derived = 0
    # in parts of whole rows: a server takes one big transaction far more slowly than several small ones
    for number, part in enumerate(derived_ntriples_in_parts(source.store)):
        try:
            derived += _upload("PUT" if number == 0 else "POST", part, url, DERIVED_GRAPH, timeout, user, password)
        except EndpointError as error:
            if number == 0:
                raise
            raise EndpointError(f"{error} (the graph was pushed, and {derived:,} of the derived triples: push again)",
                                status=error.status) from None
    return count, derived

