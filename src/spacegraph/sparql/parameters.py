"""A query's parameters, checked against its header and turned into plain RDF terms.

Values never become query text by string formatting: the terms made here are bound as initial
bindings (or substitutions) by whichever engine runs the query, or travel as RDF terms written
and escaped by :mod:`spacegraph.sparql.bindings` (a ``VALUES`` block, or the terms themselves
for a query that says ``# bind: inline``). An ``entity`` parameter is resolved to an
IRI by label, alternative label, prefixed name or IRI, with a clear error when it is unknown
or ambiguous. Terms are plain (:mod:`spacegraph.core.terms`): this module needs no rdflib.

Examples
--------
>>> from spacegraph.sparql.library import get_query
>>> plain_parameters(lambda: None, get_query("timeline"), {})
{}
>>> plain_parameters(lambda: None, None, {"when": "2024"})
{'when': ('L', '2024', None, None)}
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ..core.prefixes import sparql_prefixes
from ..core.terms import expand, plain
from ..errors import ParameterError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..core.names import NameIndex
    from .library import NamedQuery

__all__ = ["entity_iri", "plain_parameters", "NAMES_QUERY", "entity_query"]

_XSD = "http://www.w3.org/2001/XMLSchema#"

#: One query that fetches every entity's names, to resolve ``entity`` parameters.
NAMES_QUERY = sparql_prefixes("sg", "rdfs", "skos") + """SELECT ?entity ?name ?label WHERE {
  ?entity a ?class ; rdfs:label ?label .
  ?class rdfs:subClassOf* sg:Entity .
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
}"""


def entity_query(iri: str) -> str:
    """The query whose answer is one row when ``iri`` (valid) is an entity with a label, as :data:`NAMES_QUERY` reads them.

    Examples
    --------
    >>> "<https://w3id.org/spacegraph/id/china> a ?class" in entity_query("https://w3id.org/spacegraph/id/china")
    True
    """
    return sparql_prefixes("sg", "rdfs") + f"""SELECT ?class WHERE {{
  <{iri}> a ?class ; rdfs:label ?label .
  ?class rdfs:subClassOf* sg:Entity .
}} LIMIT 1"""


def entity_iri(names: Callable[[], NameIndex], value: object, *, param: str = "actor",
               is_entity: Callable[[str], bool] | None = None) -> str:
    """Return the IRI of the entity ``value`` names: a label, alternative label, prefixed name or IRI.

    ``names()`` gives the index of names to look in, asked for only when needed. Resolved by
    :meth:`spacegraph.core.names.NameIndex.resolve`; its errors come back as a
    :class:`~spacegraph.errors.ParameterError` that names ``param``.

    Parameters
    ----------
    names : callable
        Returns the index of names (:func:`spacegraph.sparql.query.name_index`).
    value : object
        The name: a label, an alternative label, a prefixed name or an IRI.
    param : str
        The parameter, for the error message.
    is_entity : callable, optional
        Tells whether an IRI is an entity with a label (one targeted read, :func:`entity_query`):
        a value written as an id (an IRI, ``<IRI>`` or a prefixed name) that is one is taken
        without reading every name of the graph, which costs seconds at ten million triples.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        The name names no entity, or several.

    Examples
    --------
    >>> from spacegraph.sparql.query import name_index
    >>> entity_iri(lambda: name_index(kg), "ASF")
    'https://w3id.org/spacegraph/id/military-aerospace-force'
    >>> entity_iri(lambda: name_index(kg), "Nowhere Agency", param="other")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.ParameterError: other: no entity is called 'Nowhere Agency'...
    """
    from ..core.terms import valid_iri
    from ..errors import InvalidIRI, NodeNotFound

    text = str(value).strip()
    if is_entity is not None:
        iri = _iri_of(text)
        if iri != text or text.startswith(("http://", "https://", "urn:")):
            try:
                if is_entity(valid_iri(iri)):
                    return iri
            except InvalidIRI:
                pass  # not an IRI: the index says what it could be
    try:
        return names().resolve(text, noun="entity", ids=_iri_of)
    except NodeNotFound as error:
        raise ParameterError(f"{param}: {error}") from None


def _iri_of(text: str) -> str:
    """The IRI a parameter written as an id names: ``<https://...>`` or a prefixed name of the project's prefixes."""
    from ..core.prefixes import PREFIXES

    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    prefix, colon, local = iri.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        iri = PREFIXES[prefix] + local
    return iri


def _convert(names: Callable[[], NameIndex], named: NamedQuery | None, name: str, value: object,
             is_entity: Callable[[str], bool] | None = None) -> Any:
    parameter = named.param(name) if named else None
    kind = parameter.type if parameter else "auto"
    if isinstance(value, str) and type(value) is not str:  # an rdflib term (they subclass str): taken as it is
        return plain(value)
    text = str(value)
    if kind == "entity":
        return entity_iri(names, text, param=name, is_entity=is_entity)
    if kind == "date":
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise ParameterError(f"{name}: {text!r} is not a date; write YYYY-MM-DD") from None
        return ("L", text, None, _XSD + "date")
    if kind == "integer":
        try:
            return ("L", str(int(text)), None, _XSD + "integer")
        except ValueError:
            raise ParameterError(f"{name}: {text!r} is not an integer") from None
    if kind == "auto":  # an ad-hoc query: an IRI when it reads as one, else a string
        iri = expand(text)
        if iri != text or text.startswith("<"):
            return iri
    return ("L", text, None, None)


def plain_parameters(names: Callable[[], NameIndex], named: NamedQuery | None,
                     params: Mapping[str, object] | None, *, is_entity: Callable[[str], bool] | None = None
                     ) -> dict[str, Any]:
    """Check ``params`` against the query's header and return ``{variable: plain term}``.

    Parameters
    ----------
    names : callable
        Returns the index of names entity parameters are resolved in; asked for only when an
        entity is to be resolved.
    named : NamedQuery or None
        The query, whose header types the parameters; None for SPARQL text, where a value that
        reads as an IRI is one, and any other is a string.
    params : mapping, optional
        ``{name: value}``, as text or rdflib terms.
    is_entity : callable, optional
        Tells whether an IRI is an entity (see :func:`entity_iri`).

    Returns
    -------
    dict of str to plain term

    Raises
    ------
    ParameterError
        A parameter is unknown or missing, or a value is not of its type.

    Examples
    --------
    >>> from spacegraph.sparql.library import get_query
    >>> plain_parameters(lambda: None, None, {"x": "sgid:china", "n": 3})
    {'x': 'https://w3id.org/spacegraph/id/china', 'n': ('L', '3', None, None)}
    >>> plain_parameters(lambda: None, get_query("actor-profile"), {"who": "ASF"})
    Traceback (most recent call last):
    ...
    spacegraph.errors.ParameterError: actor-profile: unknown parameter 'who'; this query takes: actor
    """
    given = dict(params or {})
    if named is not None:
        allowed = {p.name for p in named.params}
        for name in given:
            if name not in allowed:
                expected = ", ".join(sorted(allowed)) or "none"
                raise ParameterError(f"{named.name}: unknown parameter {name!r}; this query takes: {expected}")
        for parameter in named.params:
            if parameter.required and parameter.name not in given:
                raise ParameterError(f"{named.name}: missing parameter {parameter.name!r} ({parameter.type}): {parameter.description}")
    return {name: _convert(names, named, name, value, is_entity) for name, value in given.items()}
