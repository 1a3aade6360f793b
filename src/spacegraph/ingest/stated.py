"""What the graph already states between two actors, asked in one query for many pairs.

A proposal between two actors the graph already relates is marked "already stated" whatever
predicate is suggested: accepting it adds a quote to the edge, not a second edge. ``accept``
counts its second quotes with the same question.
"""

from __future__ import annotations

from ..core.prefixes import PREFIXES

__all__ = ["stated_between"]


def stated_between(graph, pairs) -> dict:
    """Return ``{(a, b): [(predicate IRI, forward)]}`` for each pair of actor IRIs the graph relates directly.

    ``forward`` is true when the graph states ``a predicate b``, false when ``b predicate a``; a
    symmetric property stated either way is given both ways. Only the project's object properties
    count (``sg:``), so a label or a type is no relationship.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph with its ontology.
    pairs : iterable of (str, str)
        Pairs of IRIs; pairs naming something else (``new:...``) are skipped.

    Examples
    --------
    >>> import spacegraph
    >>> found = stated_between(spacegraph.load().graph, [("https://w3id.org/spacegraph/id/argentina",
    ...                                                   "https://w3id.org/spacegraph/id/patagonia-deep-space-station")])
    >>> [(p.rsplit("#", 1)[1], forward) for p in found.values() for p, forward in p]
    [('hosts', True), ('locatedIn', False)]
    """
    wanted = sorted({(a, b) for a, b in pairs if a.startswith(("http://", "https://")) and b.startswith(("http://", "https://"))
                     and a != b})
    if not wanted:
        return {}
    values = " ".join(f"(<{a}> <{b}>)" for a, b in wanted)
    sg, owl, rdf = PREFIXES["sg"], PREFIXES["owl"], PREFIXES["rdf"]
    query = f"""SELECT ?a ?b ?p ?forward WHERE {{
      VALUES (?a ?b) {{ {values} }}
      {{ ?a ?p ?b BIND(true AS ?forward) }} UNION {{ ?b ?p ?a BIND(false AS ?forward) }}
      ?p <{rdf}type> <{owl}ObjectProperty> .
      FILTER(STRSTARTS(STR(?p), "{sg}"))
    }}"""
    symmetric = {str(p) for (p,) in graph.query(f"SELECT ?p WHERE {{ ?p <{rdf}type> <{owl}SymmetricProperty> }}")}
    found: dict = {}
    for a, b, predicate, forward in graph.query(query):
        key, predicate = (str(a), str(b)), str(predicate)
        directions = (True, False) if predicate in symmetric else (bool(forward.toPython()),)
        for direction in directions:
            if (predicate, direction) not in found.setdefault(key, []):
                found[key].append((predicate, direction))
    for key in found:
        found[key].sort()
    return found
