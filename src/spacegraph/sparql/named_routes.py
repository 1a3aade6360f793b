"""Each named query at an address of its own: ``/query/actor-profile?actor=ASF``.

``spacegraph serve`` answers ``GET /query/NAME?PARAM=VALUE`` with the named
query ``NAME`` of the library (:mod:`spacegraph.sparql.library`), its
parameters resolved exactly as ``spacegraph query NAME -p PARAM=VALUE``
resolves them on the local graph (:func:`spacegraph.sparql.query.bind_parameters`:
an actor by label, alternative label, prefixed name or IRI). The values
travel to the engine as RDF terms in a ``VALUES`` block, as they do to any
remote endpoint (:func:`spacegraph.sparql.bindings.with_bindings`): they
are serialised by rdflib, never pasted into the query text.

The names of the graph's entities are read once, when the server starts:
they resolve the parameters and are the suggestions of the query page.

Examples
--------
>>> import spacegraph
>>> routes = NamedRoutes.from_graph(spacegraph.load().graph)
>>> text = routes.sparql("actor-profile", {"actor": ["ASF"], "format": ["csv"]})
>>> "VALUES (?actor) { (<https://w3id.org/spacegraph/id/military-aerospace-force>) }" in text
True
>>> routes.sparql("actor-profile", {})
Traceback (most recent call last):
...
spacegraph.errors.ParameterError: actor-profile: missing parameter 'actor' (entity): The actor: ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ParameterError

if TYPE_CHECKING:
    from ..core.names import NameIndex

__all__ = ["NamedRoutes", "RESERVED_FIELDS", "MAX_SUGGESTIONS"]

#: Fields of a named query's address that are not its parameters: the result format.
RESERVED_FIELDS = frozenset({"format"})

#: Most names the query page suggests for an actor (a large graph's full list would weigh on the page).
MAX_SUGGESTIONS = 20_000


@dataclass
class NamedRoutes:
    """The named queries of ``/query/NAME``, with the graph's entity names to resolve their parameters.

    Parameters
    ----------
    names : NameIndex
        The entity names, as :func:`spacegraph.sparql.query.index_names` makes them.
    suggestions : list of (str, str)
        ``(name, label)`` of each entity name (labels and alternative labels), sorted, for the query page.
    """

    names: NameIndex
    suggestions: list = field(default_factory=list)
    #: The last page of each listing derived once (``quotes``...), read once: a page past it is refused before any query.
    last_pages: dict = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph, oxigraph_store=None):
        """Read the names of ``graph``'s entities once (through ``oxigraph_store``, the store under it, when given)."""
        from .library import last_page, list_queries
        from .query import NAMES_QUERY, index_names, local_run

        rows = local_run(graph, NAMES_QUERY, {}, where="names", oxigraph_store=oxigraph_store).rows
        shown = sorted({(str(row.name), str(row.label)) for row in rows}, key=lambda pair: (pair[0].casefold(), pair))
        last_pages = {}
        for named in list_queries():
            if named.listing is not None:
                last_pages[named.name] = last_page(named, lambda text, values: local_run(
                    graph, text, values, where="pages", oxigraph_store=oxigraph_store))
        return cls(index_names(rows), shown[:MAX_SUGGESTIONS], last_pages)

    def sparql(self, name, fields):
        """Return the SPARQL text that answers the named query ``name`` with the parameters in ``fields``.

        Parameters
        ----------
        name : str
            The query's name, as in ``/query/NAME``.
        fields : dict
            The address's query fields, ``{name: [value, ...]}`` (as ``urllib.parse.parse_qs`` gives them);
            ``format`` is left to the caller, and an empty value counts as not given.

        Raises
        ------
        UnknownQuery
            When no named query is called ``name`` (the message names the closest).
        ParameterError
            For a missing, unknown, repeated or invalid parameter (the message names it).
        """
        from .bindings import with_bindings
        from .library import get_query
        from .query import bind_parameters

        named = get_query(name)
        params = {}
        for key, values in fields.items():
            if key in RESERVED_FIELDS:
                continue
            given = [value for value in values if value.strip()]
            if len(given) > 1:
                raise ParameterError(f"{key}: given {len(given)} times; give it once")
            if given:
                params[key] = given[0]
        bindings = bind_parameters(lambda: self.names, named, params)
        if "page" in bindings and named.name in self.last_pages:
            from .library import check_page

            check_page(named, bindings["page"], 0, lambda: self.last_pages[named.name])
        return with_bindings(named.text, bindings)
