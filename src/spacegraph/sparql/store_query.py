"""A query on the store ``spacegraph build`` wrote, read with pyoxigraph alone.

What ``spacegraph query`` runs when a fresh built store holds the graph: the query goes
straight to the read-only store, its answer comes back as plain terms
(:mod:`spacegraph.core.terms`) and is written by :mod:`.answer_text`. Nothing here imports
rdflib or networkx, so that a short query starts as fast as the engine it runs on.

It checks and runs a query as :func:`spacegraph.sparql.query.run_query` does on the embedded
engine: the same guard for queries that are not the package's own, the same parameters
(:mod:`.parameters`), the same prefixes, the same thread cut off from the network, the same
time limit, the same page checks, and the same warnings about terms the ontology lacks.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://w3id.org/spacegraph/id/china"),
...                   ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("China", language="en")))
>>> answer, warnings = query_store(store, "SELECT ?x ?name WHERE { ?x rdfs:label ?name }")
>>> answer.rows, warnings
([('https://w3id.org/spacegraph/id/china', ('L', 'China', 'en', None))], [])
>>> labels_of(store, ["https://w3id.org/spacegraph/id/china"])
{'https://w3id.org/spacegraph/id/china': 'China'}
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ..core.prefixes import PREFIXES
from .answer_text import PlainAnswer

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pyoxigraph

    from ..core.names import NameIndex

__all__ = ["query_store", "labels_of", "ENGINE_PREFIXES"]

#: The prefixes the embedded engine declares to every query: the project's, and ``xml:``.
ENGINE_PREFIXES = {**PREFIXES, "xml": "http://www.w3.org/XML/1998/namespace"}
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def query_store(store: pyoxigraph.Store, name_or_sparql: str, params: Mapping[str, object] | None = None, *,
                allow_federation: bool = False, timeout: float | None = None) -> tuple[PlainAnswer, list[str]]:
    """Run a named query or SPARQL text on a pyoxigraph ``store``; return the answer and its warnings.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store, such as a built store opened read-only.
    name_or_sparql : str
        A library name (``ilrs-members``) or SPARQL text.
    params : mapping, optional
        Parameter values by name, as text.
    allow_federation : bool
        Allow ``SERVICE`` and ``FROM`` of remote graphs (off by default).
    timeout : float, optional
        Seconds to wait for the answer.

    Returns
    -------
    (PlainAnswer, list of str)
        The answer (the parameters given are its hidden columns), and one line for each term
        of the query the ontology does not define.

    Raises
    ------
    UnknownQuery, ParameterError, QuerySyntaxError, UpdateRefused, FederationRefused, QueryTimeout

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> query_store(ox.Store(), "ASK { ?s sg:hosts ?o }")[0].boolean
    False
    >>> query_store(ox.Store(), "DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    spacegraph.errors.UpdateRefused: query:1:1: DELETE is an update; this service only answers read-only queries
    """
    from ..core._shortcuts import query_with_bindings
    from ..core.terms import oxigraph_of_plain
    from .bindings import bound_text
    from .library import check_page, last_page_query, queries_dir, resolve_query
    from .parameters import plain_parameters
    from .sandbox import offline_supported, run_in_thread, run_offline

    named, text, where = resolve_query(name_or_sparql)
    shipped = named is not None and named.path.parent == queries_dir()
    if not shipped:  # the package's own queries are checked by its tests, not at every run
        from .guard import check_query

        check_query(text, where=where, allow_federation=allow_federation, prefixes=ENGINE_PREFIXES)
    bindings = plain_parameters(functools.cache(lambda: _name_index(store)), named, params,
                                is_entity=lambda iri: _is_entity(store, iri))
    substitutions = {name: oxigraph_of_plain(term) for name, term in bindings.items()}

    def run() -> PlainAnswer:
        try:
            answer = query_with_bindings(store, text, ENGINE_PREFIXES, substitutions, lambda: bound_text(text, substitutions))
            return _plain(answer, frozenset(bindings))
        except SyntaxError as error:
            from .diagnostics import explain_syntax_error

            raise explain_syntax_error(str(error), text, where, ENGINE_PREFIXES) from None

    if not allow_federation and offline_supported():
        # the second layer: the engine runs in a thread that cannot open a connection
        answer = run_offline(run, timeout, where)
    else:
        answer = run_in_thread(run, timeout, where) if timeout else run()
    if named is not None and "page" in bindings:
        check_page(named, bindings["page"][1], len(answer.rows), lambda: _last_page(store, last_page_query(named)))
    warnings: list[str] = []
    if not shipped:
        from .diagnostics import unknown_terms

        warnings = unknown_terms(text, PREFIXES, where=where)
    return answer, warnings


def labels_of(store: pyoxigraph.Store, iris: Iterable[str]) -> dict[str, str]:
    """Return ``{IRI: label}`` for ``iris`` only, in one query: the English label, else another.

    Parameters
    ----------
    store : pyoxigraph.Store
        Where the labels are.
    iris : iterable of str
        The IRIs to label; other texts are left out.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> labels_of(ox.Store(), ["https://w3id.org/spacegraph/id/china", "not an IRI"])
    {}
    """
    import pyoxigraph as ox

    from ..core.names import keep_label
    from ..core.store import solutions
    from ..core.terms import valid_iri
    from ..errors import InvalidIRI

    wanted = []
    for iri in sorted(set(iris)):
        if iri.startswith(("http://", "https://", "urn:")):
            try:
                wanted.append(f"<{valid_iri(iri)}>")
            except InvalidIRI:
                continue
    if not wanted:
        return {}
    found: dict[str, str] = {}
    text = f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {' '.join(wanted)} }} ?node <{_LABEL}> ?label }}"
    for row in solutions(store, text):
        label = row[1]
        keep_label(found, row[0].value, label.value, label.language if isinstance(label, ox.Literal) else None)
    return found


def _plain(answer: Any, hidden: frozenset[str]) -> PlainAnswer:
    """Oxigraph's answer, read whole, as plain terms."""
    import pyoxigraph as ox

    from ..core.terms import oxigraph_plain_converter

    if isinstance(answer, ox.QueryBoolean):
        return PlainAnswer([], [], boolean=bool(answer), hidden=hidden)
    convert = oxigraph_plain_converter()
    if isinstance(answer, ox.QueryTriples):
        return PlainAnswer(["subject", "predicate", "object"],
                           [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in answer], hidden=hidden)
    names = [variable.value for variable in answer.variables]
    width = range(len(names))
    return PlainAnswer(names, [tuple([convert(solution[i]) for i in width]) for solution in answer], hidden=hidden)


def _name_index(store: pyoxigraph.Store) -> NameIndex:
    from ..core.names import NameIndex
    from ..core.store import solutions
    from ..core.terms import compact
    from .parameters import NAMES_QUERY

    rows = ((row[0].value, row[1].value, row[2].value) for row in solutions(store, NAMES_QUERY))
    return NameIndex.of(rows, shown=compact)


def _is_entity(store: pyoxigraph.Store, iri: str) -> bool:
    from ..core.store import solutions
    from .parameters import entity_query

    return any(True for _ in solutions(store, entity_query(iri)))


def _last_page(store: pyoxigraph.Store, text: str) -> int:
    from ..core.store import solutions

    found = [row[0] for row in solutions(store, text)]
    return max(int(found[0].value), 1) if found and found[0] is not None else 1
