"""Initial bindings for an endpoint that has none: a ``VALUES`` block at the head of the WHERE group.

A named query with a ``# bind: inline`` line also has its parameters written into
its WHERE group as constants (:func:`inline_bindings`), which the engine's plan sees.
"""

from ..core._shortcuts import binds_inline

__all__ = ["values_clause", "with_bindings", "inline_bindings", "binds_inline", "bound_text"]


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


def inline_bindings(text, bindings):
    """Return ``text`` with each bound variable written as its term inside the WHERE group, and bound by ``VALUES`` too.

    A variable stays a variable where a term cannot stand: after ``AS`` and in the
    variables of a ``VALUES`` block. A subquery that lists it among others in its
    projection lists it no more (it would be unbound there). The ``VALUES`` block at
    the head of the WHERE group (:func:`with_bindings`) still binds it, for the
    query's projection, ``GROUP BY`` and ``ORDER BY``. This is for
    queries whose parameters mean the same value in every group and subquery, as the
    named queries that say ``# bind: inline`` do: an engine plans the query with the
    values it will read by, where a ``VALUES`` block joined to a ``UNION`` is often
    joined only after the whole ``UNION`` was read.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> text = "SELECT ?a ?n WHERE { { SELECT ?a WHERE { ?a <p> ?x } } UNION { ?a <q> ?n FILTER(?n != ?a) } } ORDER BY ?a"
    >>> print(inline_bindings(text, {"a": URIRef("http://x/a")}))
    SELECT ?a ?n WHERE {
    VALUES (?a) { (<http://x/a>) }
     { SELECT ?a WHERE { <http://x/a> <p> ?x } } UNION { <http://x/a> <q> ?n FILTER(?n != <http://x/a>) } } ORDER BY ?a
    >>> print(inline_bindings("SELECT * { { SELECT ?a ?x (STR(?a) AS ?s) { ?a <p> ?x } } }", {"a": URIRef("http://x/a")}))
    SELECT * {
    VALUES (?a) { (<http://x/a>) }
     { SELECT  ?x (STR(<http://x/a>) AS ?s) { <http://x/a> <p> ?x } } }
    >>> print(inline_bindings("SELECT ?t WHERE { BIND(UCASE(?t) AS ?u) }", {"t": Literal('say "hi"')}))
    SELECT ?t WHERE {
    VALUES (?t) { ("say \\"hi\\"") }
     BIND(UCASE("say \\"hi\\"") AS ?u) }
    """
    from .lexer import tokens, where_group_start

    if not bindings:
        return text
    start = where_group_start(text)
    if start is None:
        return with_bindings(text, bindings)
    written = {name: _n3(term) for name, term in bindings.items()}
    edits: list[tuple[int, int, str]] = []  # (position, length, replacement)
    dropped: list[tuple[int, int]] = []
    kept = False  # a subquery's projection: the bound variables it lists bare, and whether it lists more
    projection_depth = None  # the depth of the SELECT being read, while its projection is
    after_as = in_values_head = False
    depth = 1  # inside the WHERE group's brace; its close ends the rewrite (GROUP BY, ORDER BY keep their variables)
    for token in tokens(text[start:]):
        word = token.text.upper() if token.kind == "word" else None
        ends_projection = projection_depth is not None and (word == "WHERE" or token.text == "{")
        if ends_projection:
            # a subquery no longer binds what it reads as a constant: projected, it would be unbound there, and
            # some servers (Virtuoso 7) join an unbound column with nothing; a projection left empty keeps them
            if kept:
                edits += [(at, length, "") for at, length in dropped]
            projection_depth = None
        if word == "SELECT":
            projection_depth, dropped, kept = depth, [], False
        elif word == "VALUES":
            in_values_head = True
        elif token.kind == "open":
            depth += 1
            if token.text == "{":
                in_values_head = False
        elif token.kind == "close":
            depth -= 1
            if depth == 0:
                break
        at = start + token.start
        if token.kind == "var" and not after_as and not in_values_head:
            bound = token.text[1:] in written
            if projection_depth is not None and depth == projection_depth:
                if bound:
                    dropped.append((at, len(token.text)))
                else:
                    kept = True
            elif bound:
                edits.append((at, len(token.text), written[token.text[1:]]))
        elif projection_depth is not None and depth > projection_depth or token.text == "*":
            kept = kept or token.text in ("(", "*")
        after_as = word == "AS"
    pieces, last = [], start
    for at, length, replacement in sorted(edits):
        pieces += [text[last:at], replacement]
        last = at + length
    inlined = text[:start] + "".join(pieces) + text[last:]
    return with_bindings(inlined, bindings)


def bound_text(text, bindings):
    """Return ``text`` with ``bindings`` as it travels to an engine without initial bindings.

    Written into the WHERE group as well (:func:`inline_bindings`) when the query says
    ``# bind: inline``; otherwise a ``VALUES`` block at its head (:func:`with_bindings`).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> print(bound_text("# bind: inline\\nSELECT ?a WHERE { ?a <p> ?o }", {"a": URIRef("http://x/a")}))
    # bind: inline
    SELECT ?a WHERE {
    VALUES (?a) { (<http://x/a>) }
     <http://x/a> <p> ?o }
    """
    return inline_bindings(text, bindings) if binds_inline(text) else with_bindings(text, bindings)
