"""Initial bindings for an endpoint that has none: a ``VALUES`` block at the head of the WHERE group."""

__all__ = ["values_clause", "with_bindings"]


def values_clause(bindings):
    """Return the ``VALUES`` block that carries ``bindings`` to a remote endpoint.

    The protocol has no initial bindings, so, as rdflib's ``SPARQLStore``
    does for ``initBindings``, they travel as one ``VALUES`` block of RDF
    terms serialised by rdflib (``term.n3()``), which escapes them. It is
    placed at the head of the WHERE group (see :func:`with_bindings`), so
    that it binds the variables first, as ``initBindings`` do.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> print(values_clause({"text": Literal('say "hi"'), "actor": URIRef("https://w3id.org/spacegraph/id/china")}).strip())
    VALUES (?text ?actor) { ("say \\"hi\\"" <https://w3id.org/spacegraph/id/china>) }
    """
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_n3(term) for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"


def _n3(term):
    """An RDF term as query text: rdflib's terms (which subclass ``str``) write themselves with ``n3()``; pyoxigraph's
    ``str()`` is their N-Triples form, escaped alike."""
    return term.n3() if isinstance(term, str) else str(term)  # type: ignore[attr-defined]


def with_bindings(text, bindings):
    """Return ``text`` with ``bindings`` as a VALUES block at the head of its WHERE group.

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(with_bindings("SELECT ?n WHERE { BIND(STRLEN(?t) AS ?n) }", {"t": Literal("abc")}))
    SELECT ?n WHERE {
    VALUES (?t) { ("abc") }
     BIND(STRLEN(?t) AS ?n) }
    """
    from .lexer import where_group_start

    if not bindings:
        return text
    start = where_group_start(text)
    if start is None:  # no group found: the trailing form rdflib uses
        return text + values_clause(bindings)
    return text[:start] + values_clause(bindings) + text[start:]
