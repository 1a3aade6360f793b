"""Blank nodes must not nest deeper than writers can follow.

``[ :p [ :p [ ... ] ] ]`` and ``( ( ( ... ) ) )`` parse into chains of blank
nodes, each the object of the one before. Writers that nest them (JSON-LD,
the explorer's panels) recurse once per level, so a file of a million levels
would validate and then crash ``build``. This check finds the longest chain,
without recursion, and refuses the graph before anything else runs; a long
flat list (``rdf:rest`` after ``rdf:rest``) is not nesting and is allowed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

from .report import Problem

Node = TypeVar("Node", bound=Hashable)

__all__ = ["nesting_problems", "blank_node_depth", "MAX_BLANK_NESTING"]

#: Deepest chain of blank nodes accepted (rdflib's JSON-LD writer follows a hundred).
MAX_BLANK_NESTING = 64

_PAIRS = """
SELECT ?s ?o WHERE {
  ?s ?p ?o .
  FILTER(isBlank(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>)
}"""


def blank_node_depth(pairs: Iterable[tuple[Node, Node]]) -> tuple[int, Node | None]:
    """Return ``(depth, start)``: the most links in a chain of ``pairs`` (subject, blank object), and where it starts.

    A cycle is followed once round, not forever. Iterative: a chain of any length is measured.

    Examples
    --------
    >>> blank_node_depth([("a", "_1"), ("_1", "_2"), ("_2", "_3"), ("b", "_4")])
    (3, 'a')
    >>> blank_node_depth([("_1", "_2"), ("_2", "_1")])[0]
    1
    """
    children: dict[Node, list[Node]] = {}
    for subject, obj in pairs:
        children.setdefault(subject, []).append(obj)
    depth: dict[Node, int] = {}
    for root in list(children):
        if root in depth:
            continue
        stack = [(root, iter(children.get(root, ())))]
        on_path = {root}
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                depth[node] = max((depth.get(c, 0) + 1 for c in children.get(node, ()) if c not in on_path), default=0)
            elif child not in depth and child not in on_path:
                on_path.add(child)
                stack.append((child, iter(children.get(child, ()))))
    start = max(depth, key=depth.__getitem__, default=None)
    return (depth[start], start) if start is not None else (0, None)


def nesting_problems(kg, index, limit=MAX_BLANK_NESTING):
    """Return a problem if blank nodes nest deeper than ``limit`` (one store query, one pass in Python)."""
    from ..core.source import embedded
    from ..core.store import select_rows, solutions

    local = embedded(kg, "the nesting check")
    pairs: list[tuple[Hashable, Hashable]]
    if local.store is not None:
        pairs = [(s[0], s[1]) for s in solutions(local.store, _PAIRS)]
    else:
        pairs = [(row.s, row.o) for row in select_rows(local.graph, _PAIRS)]
    depth, start = blank_node_depth(pairs)
    if depth <= limit:
        return []
    from rdflib import URIRef

    where = str(getattr(start, "value", start))
    is_iri = type(start).__name__ in ("NamedNode", "URIRef")
    file, line = index.locate(URIRef(where)) if is_iri else (None, None)
    shown = f"<{where}>" if is_iri else "a blank node"
    return [Problem("nesting", f"blank nodes nest {depth:,} levels deep under {shown}, more than the {limit} allowed: "
                               "give the inner nodes IRIs", file, line)]
