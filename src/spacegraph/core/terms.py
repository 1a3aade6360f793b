"""RDF terms in one place: compact and expanded IRIs, and the plain form of a term.

A *plain term* is what fast readers pass around instead of rdflib objects
(which cost a Python object and a hash each): an IRI is a ``str``, a blank
node ``("_", id)``, a literal ``("L", text, language, datatype)`` whose
datatype is None for a plain string or a language-tagged one. Plain terms are
hashable, compare by value and pickle small. The converters here read them
from rdflib, from pyoxigraph and from SPARQL JSON results, and turn them back
into rdflib terms.

Examples
--------
>>> compact("https://w3id.org/spacegraph/id/china")
'sgid:china'
>>> expand("sg:hosts")
'https://w3id.org/spacegraph/ontology#hosts'
>>> from rdflib import Literal
>>> plain(Literal("Mars", lang="en"))
('L', 'Mars', 'en', None)
>>> to_rdflib(plain(Literal(3)))
rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
"""

import re
from collections.abc import Callable
from typing import Any

from .prefixes import PREFIXES

__all__ = ["compact", "expand", "shown", "valid_iri", "plain", "plain_from_json", "oxigraph_plain_converter", "rdflib_plain_converter",
           "to_rdflib", "to_oxigraph", "oxigraph_of_plain", "oxigraph_rdflib_converter", "is_literal", "is_blank", "without_xsd_string",
           "json_of_rdflib", "rdflib_from_json", "XSD_STRING"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# longest namespace first, so that a namespace inside another never wins
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(iri, prefixes=None):
    """Return ``prefix:local`` for an IRI in a known namespace, or the IRI itself.

    Parameters
    ----------
    iri : str
    prefixes : dict, optional
        Prefix to namespace; the project's :data:`~spacegraph.core.namespaces.PREFIXES` by default.

    Examples
    --------
    >>> compact("https://w3id.org/spacegraph/ontology#hosts"), compact("http://example.org/x")
    ('sg:hosts', 'http://example.org/x')
    """
    iri = str(iri)
    table = _BY_LENGTH if prefixes is None else sorted(prefixes.items(), key=lambda item: -len(item[1]))
    for prefix, namespace in table:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(name, prefixes=None):
    """Return the full IRI of ``prefix:local``, ``<iri>`` or an IRI; a name of no known prefix comes back as it is.

    Examples
    --------
    >>> expand("sgid:china"), expand("<http://example.org/x>"), expand("http://example.org/x")
    ('https://w3id.org/spacegraph/id/china', 'http://example.org/x', 'http://example.org/x')
    """
    text = str(name)
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    namespace = (PREFIXES if prefixes is None else prefixes).get(prefix) if colon else None
    return str(namespace) + local if namespace is not None else text


def shown(term, prefixes=None):
    """Return a term as people read it: ``sgid:china``, ``<iri>`` when no prefix fits, ``_:id``, a literal's text.

    ``term`` is an rdflib term or a plain term.

    Examples
    --------
    >>> from rdflib import BNode, URIRef
    >>> shown(URIRef("http://example.org/x")), shown(BNode("b1")), shown(("L", "two  words", None, None))
    ('<http://example.org/x>', '_:b1', 'two words')
    """
    value = plain(term) if isinstance(term, str) and type(term) is not str else term  # rdflib terms subclass str
    if is_blank(value):
        return f"_:{value[1]}"
    if is_literal(value):
        return " ".join(value[1].split())
    short = compact(value, prefixes)
    return f"<{value}>" if short == value else short


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def valid_iri(value):
    """Return ``value`` when it can stand between ``<`` and ``>`` in a query; raise otherwise.

    Examples
    --------
    >>> valid_iri("https://example.org/x> } DROP ALL {")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidIRI: 'https://example.org/x> } DROP ALL {' is not a valid IRI
    """
    if _NOT_IN_IRI.search(value):
        from ..errors import InvalidIRI

        raise InvalidIRI(f"{value!r} is not a valid IRI")
    return value


def is_literal(value):
    """Tell whether a plain term is a literal."""
    return type(value) is tuple and value[0] == "L"


def is_blank(value):
    """Tell whether a plain term is a blank node."""
    return type(value) is tuple and value[0] == "_"


def _literal(text, language, datatype):
    if language or datatype in (None, XSD_STRING, _RDF_LANG_STRING):
        return ("L", text, language or None, None)
    return ("L", text, None, datatype)


def plain(term):
    """Return the plain form of an rdflib term.

    Examples
    --------
    >>> from rdflib import BNode, URIRef
    >>> plain(URIRef("http://example.org/x")), plain(BNode("b1"))
    ('http://example.org/x', ('_', 'b1'))
    """
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        return _literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return ("_", str(term))
    return str(term)


def plain_from_json(term):
    """Return the plain form of a term of SPARQL JSON results (``{"type": "uri", "value": ...}``); None for None.

    Examples
    --------
    >>> plain_from_json({"type": "literal", "value": "5", "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
    ('L', '5', None, 'http://www.w3.org/2001/XMLSchema#integer')
    """
    if term is None:
        return None
    kind = term["type"]
    if kind == "uri":
        return term["value"]
    if kind == "bnode":
        return ("_", term["value"])
    return _literal(term["value"], term.get("xml:lang"), term.get("datatype"))


def oxigraph_plain_converter():
    """Return a function from pyoxigraph terms (or None) to plain terms, converting each distinct term once.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> convert = oxigraph_plain_converter()
    >>> convert(ox.NamedNode("http://example.org/x")), convert(ox.Literal("Mars", language="en")), convert(None)
    ('http://example.org/x', ('L', 'Mars', 'en', None), None)
    """
    import pyoxigraph as ox

    named, blank = ox.NamedNode, ox.BlankNode
    cache: dict[object, object] = {}

    def convert(term):
        if term is None:
            return None
        kind = type(term)
        if kind is named:  # the common case, not worth a cache lookup
            return term.value
        value = cache.get(term)
        if value is None:
            if kind is blank:
                value = ("_", term.value)
            else:
                value = _literal(term.value, term.language, term.datatype.value if term.datatype else None)
            cache[term] = value
        return value

    return convert


def rdflib_plain_converter():
    """Return a function from rdflib terms (or None) to plain terms, converting each distinct literal once.

    Examples
    --------
    >>> from rdflib import BNode, Literal, URIRef
    >>> convert = rdflib_plain_converter()
    >>> convert(URIRef("http://example.org/x")), convert(BNode("b1")), convert(Literal(2)), convert(None)
    ('http://example.org/x', ('_', 'b1'), ('L', '2', None, 'http://www.w3.org/2001/XMLSchema#integer'), None)
    """
    from rdflib import BNode, Literal, URIRef

    cache: dict[object, object] = {}

    def convert(term):
        kind = type(term)
        if kind is URIRef:  # the common case, not worth a cache lookup
            return str(term)
        if term is None:
            return None
        value = cache.get(term)
        if value is None:
            if kind is Literal or isinstance(term, Literal):
                value = _literal(str(term), term.language, str(term.datatype) if term.datatype else None)
            elif kind is BNode or isinstance(term, BNode):
                value = ("_", str(term))
            else:
                value = str(term)
            cache[term] = value
        return value

    return convert


def to_rdflib(value):
    """Return the rdflib term of a plain term.

    Examples
    --------
    >>> to_rdflib(("_", "b1")), to_rdflib("http://example.org/x")
    (rdflib.term.BNode('b1'), rdflib.term.URIRef('http://example.org/x'))
    """
    from rdflib import BNode, Literal, URIRef

    if is_literal(value):
        _, text, language, datatype = value
        return Literal(text, lang=language, datatype=URIRef(datatype) if datatype else None)
    if is_blank(value):
        return BNode(value[1])
    return URIRef(value)


def to_oxigraph(term):
    """Return the pyoxigraph term of an rdflib term.

    Examples
    --------
    >>> from rdflib import Literal
    >>> to_oxigraph(Literal("Mars", lang="en"))
    <Literal value=Mars language=en>
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if not isinstance(term, Literal):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def oxigraph_of_plain(value):
    """Return the pyoxigraph term of a plain term.

    Examples
    --------
    >>> oxigraph_of_plain(("L", "Mars", "en", None)), oxigraph_of_plain("http://example.org/x")
    (<Literal value=Mars language=en>, <NamedNode value=http://example.org/x>)
    """
    import pyoxigraph as ox

    if is_literal(value):
        _, text, language, datatype = value
        if language:
            return ox.Literal(text, language=language)
        return ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text)
    if is_blank(value):
        return ox.BlankNode(value[1])
    return ox.NamedNode(value)


def oxigraph_rdflib_converter():
    """Return a function from pyoxigraph terms (or None) to rdflib terms, converting each distinct term once.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> oxigraph_rdflib_converter()(ox.Literal("Mars"))
    rdflib.term.Literal('Mars')
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.term import Identifier

    cache: dict[object, Identifier] = {}

    def convert(term):
        if term is None:
            return None
        found = cache.get(term)
        if found is not None:
            return found
        made: Identifier
        if isinstance(term, ox.NamedNode):
            made = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            made = BNode(term.value)
        elif term.language:
            made = Literal(term.value, lang=term.language)
        elif term.datatype.value == XSD_STRING:
            made = Literal(term.value)
        else:
            made = Literal(term.value, datatype=URIRef(term.datatype.value))
        cache[term] = made
        return made

    return convert


def without_xsd_string(term):
    """An rdflib term without the ``xsd:string`` datatype, implicit on every simple literal since RDF 1.1.

    Examples
    --------
    >>> from rdflib import Literal, XSD
    >>> without_xsd_string(Literal("Mars", datatype=XSD.string))
    rdflib.term.Literal('Mars')
    """
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def json_of_rdflib(term):
    """An rdflib term as a term of SPARQL 1.1 JSON results; ``xsd:string`` left implicit.

    Examples
    --------
    >>> from rdflib import Literal
    >>> json_of_rdflib(Literal("Mars", lang="en"))
    {'type': 'literal', 'value': 'Mars', 'xml:lang': 'en'}
    """
    return _json_converter()(term)


def _json_converter():
    """The function behind :func:`json_of_rdflib`, made once: rdflib's classes looked up once, not at every term."""
    global _JSON_CONVERTER
    if _JSON_CONVERTER is None:
        from rdflib import BNode, URIRef

        def convert(term):
            kind = type(term)
            if kind is URIRef or (kind is not BNode and isinstance(term, URIRef)):
                return {"type": "uri", "value": str(term)}
            if kind is BNode or isinstance(term, BNode):
                return {"type": "bnode", "value": str(term)}
            item = {"type": "literal", "value": str(term)}
            if term.language:
                item["xml:lang"] = term.language
            elif term.datatype is not None and str(term.datatype) != XSD_STRING:
                item["datatype"] = str(term.datatype)
            return item

        _JSON_CONVERTER = convert
    return _JSON_CONVERTER


_JSON_CONVERTER: Callable[[Any], dict[str, str]] | None = None


def rdflib_from_json(item):
    """The rdflib term of a term of SPARQL 1.1 JSON results; None for None.

    Examples
    --------
    >>> rdflib_from_json({"type": "uri", "value": "http://a"})
    rdflib.term.URIRef('http://a')
    """
    from rdflib import BNode, Literal, URIRef

    if item is None:
        return None
    kind, value = item.get("type"), item.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if item.get("xml:lang"):
        return Literal(value, lang=item["xml:lang"])
    datatype = item.get("datatype")
    return Literal(value, datatype=URIRef(datatype) if datatype else None)
