"""Run a named or ad-hoc SPARQL query on the local graph or on a remote endpoint.

Parameters of named queries are checked against the query's header, converted
to RDF terms and bound as initial bindings (``initBindings``): values never
become query text. An ``entity`` parameter is resolved to an IRI by label,
alternative label, prefixed name or IRI, with a clear error when it is
unknown or ambiguous.

Examples
--------
>>> import spacegraph
>>> kg = spacegraph.load()
>>> rows = kg.query("actor-profile", actor="ASF")
>>> {"creates", "inherits the responsibilities of"} <= {str(r.relation) for r in rows}
True
>>> kg.query("actor-profile", actor="Atlantis")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
spacegraph.errors.ParameterError: actor: no entity is called 'Atlantis'; did you mean ...?
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from rdflib import URIRef

from ..core._shortcuts import query_with_bindings
from ..core.names import NameIndex
from ..core.terms import oxigraph_rdflib_converter, to_oxigraph, to_rdflib
from .bindings import bound_text
from .guard import check_query
from .library import NamedQuery, check_page, last_page, queries_dir, resolve_query
from .parameters import NAMES_QUERY, entity_iri, entity_query, plain_parameters
from .results import QueryResult, Row
from .sandbox import offline_supported, run_in_thread, run_offline

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    import pyoxigraph
    import rdflib
    from rdflib.term import Identifier

    from ..core.source import HasSource
    from ..errors import QuerySyntaxError


_T = TypeVar("_T")

__all__ = ["run_query", "resolve_query", "resolve_entity", "bind_parameters", "name_index", "index_names", "NAMES_QUERY"]


def name_index(target: HasSource) -> NameIndex:
    """Return ``{folded name: {iri: label}}`` for the target, read once and kept among what its source derived.

    Parameters
    ----------
    target : GraphSource, or an object holding one
        The graph whose entities' names to index.

    Returns
    -------
    NameIndex
        Read with :data:`NAMES_QUERY` the first time, then kept in ``target.source.derived``.

    Examples
    --------
    >>> name_index(kg).resolve("ASF")
    'https://w3id.org/spacegraph/id/military-aerospace-force'
    >>> name_index(kg) is name_index(kg)
    True
    """
    derived = target.source.derived
    if "names" not in derived:
        derived["names"] = index_names(target.source.select(NAMES_QUERY))
    return derived["names"]


def index_names(rows: Iterable[Row]) -> NameIndex:
    """Return the index of the names in the rows of :data:`NAMES_QUERY`: what :func:`resolve_entity` looks names up in.

    Parameters
    ----------
    rows : iterable of Row
        Rows with ``entity``, ``name`` and ``label``.

    Returns
    -------
    NameIndex
        Its messages show ids as prefixed names.

    Examples
    --------
    >>> from spacegraph.sparql.results import Row
    >>> names = index_names([Row(["entity", "name", "label"], ["https://w3id.org/spacegraph/id/cnsa", "CNSA",
    ...                                                         "China National Space Administration"])])
    >>> names.resolve("cnsa")
    'https://w3id.org/spacegraph/id/cnsa'
    """
    from ..core.terms import compact

    return NameIndex.of(((str(row.entity), str(row.name), str(row.label)) for row in rows), shown=compact)


def resolve_entity(names: Callable[[], NameIndex], value: object, *, param: str = "actor") -> URIRef:
    """Return the IRI of the entity ``value`` names, as an rdflib term (see :func:`.parameters.entity_iri`).

    Parameters
    ----------
    names : callable
        Returns the index of names (:func:`name_index`).
    value : object
        The name: a label, an alternative label, a prefixed name or an IRI.
    param : str
        The parameter, for the error message.

    Returns
    -------
    rdflib.URIRef

    Raises
    ------
    ParameterError
        The name names no entity, or several.

    Examples
    --------
    >>> resolve_entity(lambda: name_index(kg), "ASF")
    rdflib.term.URIRef('https://w3id.org/spacegraph/id/military-aerospace-force')
    >>> resolve_entity(lambda: name_index(kg), "Nowhere Agency", param="other")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.ParameterError: other: no entity is called 'Nowhere Agency'...
    """
    return URIRef(entity_iri(names, value, param=param))


def bind_parameters(names: Callable[[], NameIndex], named: NamedQuery | None,
                    params: Mapping[str, object] | None, *, is_entity: Callable[[str], bool] | None = None
                    ) -> dict[str, Identifier]:
    """Check ``params`` against the query's header and return ``{variable: rdflib term}``.

    :func:`.parameters.plain_parameters`, with the terms as rdflib's.

    Parameters
    ----------
    names : callable
        Returns the index of names; asked for only when an entity is to be resolved.
    named : NamedQuery or None
        The query, whose header types the parameters; None for SPARQL text, where a value that
        reads as an IRI is one, and any other is a string.
    params : mapping, optional
        ``{name: value}``, as text or RDF terms.

    Returns
    -------
    dict of str to rdflib term

    Raises
    ------
    ParameterError
        A parameter is unknown or missing, or a value is not of its type.

    Examples
    --------
    >>> from spacegraph.sparql.library import get_query
    >>> profile = get_query("actor-profile")
    >>> bind_parameters(lambda: name_index(kg), profile, {"actor": "ASF"})
    {'actor': rdflib.term.URIRef('https://w3id.org/spacegraph/id/military-aerospace-force')}
    >>> bind_parameters(lambda: name_index(kg), None, {"x": "sgid:china", "y": "China"})
    {'x': rdflib.term.URIRef('https://w3id.org/spacegraph/id/china'), 'y': rdflib.term.Literal('China')}
    >>> bind_parameters(lambda: name_index(kg), profile, {"who": "ASF"})
    Traceback (most recent call last):
    ...
    spacegraph.errors.ParameterError: actor-profile: unknown parameter 'who'; this query takes: actor
    """
    return {name: to_rdflib(value) for name, value in plain_parameters(names, named, params, is_entity=is_entity).items()}


def syntax_error(error: BaseException, where: str, text: str = "", prefixes: Mapping[str, str] | None = None) -> QuerySyntaxError:
    """Turn an engine's syntax error into a one-line :class:`QuerySyntaxError` with line and column.

    See :func:`spacegraph.sparql.diagnostics.explain_syntax_error`.
    """
    from .diagnostics import explain_syntax_error

    return explain_syntax_error(str(error), text, where, prefixes)


def call_with_timeout(function: Callable[[], _T], timeout: float | None, what: str) -> _T:
    """Run ``function`` in a worker thread and wait at most ``timeout`` seconds (see :func:`~spacegraph.sparql.sandbox.run_in_thread`)."""
    if not timeout:
        return function()
    return run_in_thread(function, timeout, what)


def run_query(target: HasSource, name_or_sparql: str, params: Mapping[str, object] | None = None, *,
              allow_federation: bool = False, timeout: float | None = None) -> QueryResult:
    """Run a named query or SPARQL text on ``target`` and return a :class:`QueryResult`.

    Parameters
    ----------
    target : GraphSource, or an object holding one (KnowledgeGraph, RemoteEndpoint)
        Where to run it (:mod:`spacegraph.core.source`).
    name_or_sparql : str or NamedQuery
        A library name (``ilrs-members``) or SPARQL text.
    params : dict, optional
        Parameter values by name, as text or RDF terms.
    allow_federation : bool
        Allow ``SERVICE`` and ``FROM`` of remote graphs (off by default).
    timeout : float, optional
        Seconds to wait for the answer.

    Returns
    -------
    QueryResult
        Rows readable by variable name (or the boolean of an ASK); ``.warnings`` names terms
        the ontology lacks.

    Raises
    ------
    UnknownQuery, ParameterError, QuerySyntaxError, UpdateRefused, FederationRefused, QueryTimeout, EndpointError

    Examples
    --------
    >>> result = run_query(kg, "actor-profile", {"actor": "ASF"})
    >>> result.vars[:4], len(result) > 0
    (['actor', 'actorLabel', 'direction', 'relation'], True)
    >>> run_query(kg, "ASK { sgid:china a sg:State }").boolean
    True
    >>> run_query(kg, "SELECT ?x WHERE { ?x sg:memberof ?y }").warnings
    ['query:1:22: sg:memberof is not a term of the spacegraph ontology; did you mean sg:memberOf?']
    >>> run_query(kg, "INSERT DATA { sgid:a sg:hosts sgid:b }")
    Traceback (most recent call last):
    ...
    spacegraph.errors.UpdateRefused: query:1:1: INSERT is an update; this service only answers read-only queries
    """
    named, text, where = resolve_query(name_or_sparql)
    source = target.source
    embedded = source.local
    local = embedded is not None
    shipped = named is not None and named.path.parent == queries_dir()
    if not shipped:  # the package's own queries are checked by its tests, not at every run
        prefixes = {prefix: str(ns) for prefix, ns in embedded.graph.namespaces()} if embedded is not None else None
        check_query(text, where=where, allow_federation=allow_federation, prefixes=prefixes)
    bindings = bind_parameters(lambda: name_index(source), named, params,
                               is_entity=lambda iri: any(True for _ in source.select(entity_query(iri))))
    # the time limit is kept here for the embedded engine (run_offline, call_with_timeout), by the client for a server
    run = lambda: source.run(text, bindings, where=where, timeout=None if local else timeout)  # noqa: E731
    if local and not allow_federation and offline_supported():
        # the second layer: the embedded engine runs in a thread that cannot open a connection
        result = run_offline(run, timeout, where)
    else:
        result = call_with_timeout(run, timeout, where)
    result.hidden = frozenset(bindings)
    if named is not None:
        check_page(named, bindings.get("page"), len(result),
                   lambda: last_page(named, lambda page_text, values: source.run(page_text, values, where=where)))
    if not shipped:
        from ..core.namespaces import PREFIXES
        from .diagnostics import unknown_terms

        # the embedded engine declares the project's prefixes
        result.warnings = unknown_terms(text, PREFIXES if local else None, where=where)
    return result


def local_run(graph: rdflib.Graph, text: str, bindings: Mapping[str, Identifier], *, where: str = "query",
              oxigraph_store: pyoxigraph.Store | None = None) -> QueryResult:
    """Run ``text`` on the local graph; return every row as a :class:`QueryResult`.

    With the graph's Oxigraph store at hand, the query goes straight to it,
    with the same initial bindings and prefixes, and each distinct term is
    converted to rdflib once; otherwise it goes through ``graph.query``.
    """
    if oxigraph_store is not None:
        return _oxigraph_run(oxigraph_store, graph, text, bindings, where)
    try:
        answer = graph.query(text, initBindings=bindings)
        if answer.type == "ASK":
            return QueryResult([], [], boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            names = ["subject", "predicate", "object"]
            return QueryResult(names, [Row(names, triple) for triple in answer.graph or ()])
        variables = answer.vars or []
        names = [str(v) for v in variables]
        return QueryResult(names, [Row(names, [row.get(v) for v in variables]) for row in answer.bindings])
    except SyntaxError as error:
        raise syntax_error(error, where, text, dict(graph.namespaces())) from None


def _oxigraph_run(store: pyoxigraph.Store, graph: rdflib.Graph, text: str, bindings: Mapping[str, Identifier], where: str) -> QueryResult:
    import pyoxigraph as ox

    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    try:
        answer = query_with_bindings(store, text, prefixes, {name: to_oxigraph(term) for name, term in bindings.items()},
                                     lambda: bound_text(text, bindings))
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult([], [], boolean=bool(answer))
        convert = oxigraph_rdflib_converter()
        if isinstance(answer, ox.QueryTriples):
            names = ["subject", "predicate", "object"]
            return QueryResult(names, [Row(names, (convert(t.subject), convert(t.predicate), convert(t.object))) for t in answer])
        names = [variable.value for variable in answer.variables]
        width = range(len(names))
        return QueryResult(names, [Row(names, [convert(solution[i]) for i in width]) for solution in answer])
    except SyntaxError as error:
        raise syntax_error(error, where, text, prefixes) from None
