"""The NetworkX projection: actors as nodes, relationships as attributed, quoted edges.

:func:`to_networkx` reads the store with a fixed number of targeted reads (one
scan per class and per property, and one join in the store for the quotes),
never one per node or edge, and returns an ``nx.MultiDiGraph``:

* nodes are entities, with compact ids (``sgid:argentina``) and the
  attributes ``label``, ``types``, ``kind`` (from the ontology's
  ``sg:networkKind``), ``description``, ``altLabels``,
  and ``start`` / ``end`` (ISO dates) with ``founded``, ``dissolved`` or
  ``date`` as the source gives them;
* edges are relationships, with ``predicate`` (compact IRI), ``label``,
  ``sources`` (a list of ``{"document", "quote"}``) and, where known,
  ``start`` / ``end``, ``date``, ``role``, ``claim``, ``hedged``...; an edge
  is keyed by its predicate, or for an attributed claim by the claim node;
* literals never become nodes; ``rdf:type``, the ontology and the provenance
  records (statements, quotes) never become edges.

Edges follow the relationship rule of :mod:`spacegraph.core.relationships`: a
relationship held both as a direct triple and as a node that qualifies it is
one edge. ``view="actors"`` (the default) is the network of the sector's
actors. It leaves out documents, with their authorship and publication edges,
and the entities that then have no relationship left (authors known only as
such); quotes still name their documents. It folds relationship nodes into
edges: a membership becomes the role and dates of the member's ``member of``
edge, a technology integration names its ``product`` on the ``integrates``
edges, a claim becomes a ``claims about`` edge from each claimant to each
thing it is about, marked ``hedged``; whatever else a node links to (the
ground stations a member contributes, the war that complicates a
partnership) becomes an edge from its subject, with ``via`` naming the node,
so that folding never drops a link. A reorganisation dates the ``succeeded
by`` edges between the units it dissolved and created. ``view="full"`` keeps
documents and relationship nodes as nodes, each node linked to its
participants, and leaves out the triples those nodes qualify.

A graph opened from the store ``spacegraph build`` wrote reads the actors view
from the network file the build wrote beside that store
(:mod:`spacegraph.network.network_file`) instead of projecting the store: the
same graph, node for node and edge for edge, without a read of the store. A
file that is missing, spoilt or of another build is said in ``kg.warnings``,
and the store is projected.

Time
----
``as_of="2023-06-01"`` keeps the nodes that exist on that date and the edges
between them that hold then. A node exists from its founding, start or event
date and until its dissolution or end date (exclusive); an edge holds within
its own dates. A date given as a year, a month or a decade stands for its first day: an
organisation dissolved in "2024-04" is gone from 1 April 2024, one founded in
"2024-04" exists from that day. **Undated facts are timeless**: a node or edge
without dates is kept at every date, since the source states it without a
time limit.

Examples
--------
>>> import spacegraph
>>> G = spacegraph.load().to_networkx()
>>> G.nodes["sgid:military-aerospace-force"]["kind"]
'military'
>>> edge = G.edges["sgid:strategic-support-force", "sgid:military-aerospace-force", "sg:succeededBy"]
>>> edge["label"], edge["date"]
('succeeded by', '2024-04')
>>> "sgid:strategic-support-force" in spacegraph.load().to_networkx(as_of="2025-01-01")
False
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..core._shortcuts import collector_paused, multidigraph_in_bulk
from ..core.choices import VIEWS
from ..core.facts import SG, ancestors, read_facts
from ..core.relationships import Relationships, interval, parse_date
from ..core.terms import compact
from ..errors import InvalidArgument
from .network_file import NetworkParts, read_network, write_network_file

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from pathlib import Path

    import networkx as nx

    from ..core._shortcuts import EdgeItems
    from ..core.facts import Facts
    from ..core.source import HasSource

    #: ``{node: attributes}``, ``{(u, v, key): attributes}`` and ``{kind: style}``: a network's parts, undated.
    Parts = tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str], dict[str, Any]], dict[str, dict[str, str]]]

__all__ = ["to_networkx", "VIEWS", "parse_date", "kind_of"]

_DATE_ATTRIBUTE = {"foundingDate": "founded", "dissolutionDate": "dissolved", "startDate": "since",
                   "endDate": "until", "date": "date", "targetStartDate": "targetStart", "targetEndDate": "targetEnd"}


def kind_of(types: Iterable[str], parents: Mapping[str, Sequence[str]], kinds: Mapping[str, str]) -> str:
    """Return the coarse kind of a node from its classes, the class hierarchy and the ontology's kinds.

    The nearest class with a kind (``sg:networkKind``), up from each of
    ``types`` in turn, gives it; a node of no such class is of kind ``other``.

    Parameters
    ----------
    types : iterable of str
        The node's classes, most specific first.
    parents : mapping of str to sequence of str
        Each class's superclasses.
    kinds : mapping of str to str
        The classes that have a kind, and that kind.

    Returns
    -------
    str

    Examples
    --------
    >>> kind_of(["ex:Rover"], {"ex:Rover": ["ex:Vehicle"], "ex:Vehicle": ["ex:Thing"]},
    ...         {"ex:Vehicle": "vehicle", "ex:Thing": "thing"})
    'vehicle'
    >>> kind_of(["ex:Idea"], {}, {"ex:Vehicle": "vehicle"})
    'other'
    """
    for cls in types:
        for ancestor in ancestors(cls, parents):
            if ancestor in kinds:
                return kinds[ancestor]
    return "other"


def _sources(pairs: Iterable[tuple[str, object]], compact_of: Callable[[str], str] = compact,
             licences: Mapping[object, str] | None = None) -> list[dict[str, Any]]:
    """The ``sources`` attribute: ``{"document", "quote"}`` records, sorted; ``"licence"`` too when the document has one."""
    licences = licences or {}
    found = [{"document": compact_of(document) if isinstance(document, str) else None, "quote": quote,
              **({"licence": licences[document]} if document in licences else {})}
             for quote, document in pairs]
    if len(found) < 2:
        return found
    return sorted(found, key=lambda item: (item["document"] or "", item["quote"]))


def _holds(attributes: Mapping[str, Any], day: str) -> bool:
    start, end = attributes.get("start"), attributes.get("end")
    return (start is None or start <= day) and (end is None or day < end)


def to_networkx(kg: HasSource, view: str = "actors", as_of: str | None = None) -> nx.MultiDiGraph:
    """Project a :class:`~spacegraph.graph.KnowledgeGraph` onto an ``nx.MultiDiGraph``.

    Parameters
    ----------
    kg : GraphSource, or an object holding one (KnowledgeGraph, RemoteEndpoint)
        The graph, from :func:`spacegraph.load`, or a SPARQL endpoint that
        holds it (the server then does the reads).
    view : {"actors", "full"}
        ``actors`` folds memberships, integrations, reorganisations and claims
        into attributed edges; ``full`` keeps them as nodes.
    as_of : str or datetime.date, optional
        Keep only the nodes and edges that hold on this date (YYYY-MM-DD, or a
        year or month); undated facts are kept at every date.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    InvalidArgument
        ``view`` is not one of :data:`VIEWS`, or ``as_of`` not a date.

    Notes
    -----
    On a graph opened from a fresh built store, the actors view (at any date) is read
    from the network file beside the store, without a read of the store.

    Examples
    --------
    >>> G = to_networkx(kg)
    >>> G.nodes["sgid:china"]["label"], G.nodes["sgid:china"]["kind"]
    ('China', 'state')
    >>> full = to_networkx(kg, view="full")
    >>> full.number_of_nodes() > G.number_of_nodes()
    True
    >>> "sgid:strategic-support-force" in to_networkx(kg, as_of="2025-01-01")
    False
    >>> to_networkx(kg, view="people")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: unknown view 'people'; choose one of actors, full
    """
    if view not in VIEWS:
        raise InvalidArgument(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    day = parse_date(as_of, what="as-of date").isoformat() if as_of is not None else None
    with collector_paused():
        if view == "actors":
            parts, reason = read_network(kg)
            if parts is not None:
                G = _network(parts.nodes, parts.edges, parts.kind_styles, view, day)
                _promote_to_oldest_generation()
                return G
            if reason:
                _warn_once(kg, f"projected the store, not its network file: {reason} (spacegraph build writes it again)")
        return _network(*_projected(kg, view), view, day)


def actors_parts(kg: HasSource) -> Parts:
    """The undated actors network of ``kg`` as its parts ``(nodes, edges, kind styles)``, projected once.

    ``spacegraph build`` projects them once for both the explorer page
    (:func:`network_of_parts`) and the network file (:func:`write_network`).

    Examples
    --------
    >>> import spacegraph
    >>> parts = actors_parts(spacegraph.load())
    >>> network_of_parts(parts).number_of_edges() == spacegraph.load().to_networkx().number_of_edges()
    True
    """
    with collector_paused():
        return _projected(kg, "actors")


def network_of_parts(parts: Parts) -> nx.MultiDiGraph:
    """The undated actors view made of :func:`actors_parts`, as :func:`to_networkx` returns it."""
    with collector_paused():
        return _network(*parts, "actors", None)


def write_network(kg: HasSource, folder: str | Path, fingerprint: dict[str, Any], parts: Parts | None = None) -> Path:
    """Write the actors network of ``kg``, undated, into the built store ``folder`` (see :mod:`.network_file`).

    :func:`to_networkx` reads it, on a graph opened from that store, instead of projecting the store.
    ``parts`` are :func:`actors_parts` when the caller has projected them already.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_network(kg, folder, {"format": 1}).name
    'network.json'
    """
    if parts is None:
        parts = actors_parts(kg)
    nodes, edges, styles = parts
    return write_network_file(folder, NetworkParts(styles, nodes, edges), fingerprint)


def _promote_to_oldest_generation() -> None:
    """Move the objects the garbage collector tracks into its oldest generation, unless the program froze some.

    A graph read from its file is half a million new containers that the caller keeps:
    left in the youngest generation, the collector would traverse them all when it is
    resumed, a fifth of the time of the read. ``gc.freeze`` and ``gc.unfreeze`` move them
    in one step. Skipped when objects are frozen already: ``unfreeze`` would release those.
    """
    import gc

    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _warn_once(kg: HasSource, warning: str) -> None:
    kg.source.warn(warning)


def _projected(kg: HasSource, view: str) -> Parts:
    """The nodes ``{id: attributes}``, the edges ``{(u, v, key): attributes}`` and the styles of every kind, undated."""
    facts = read_facts(kg)
    found = Relationships(facts)
    document_classes = facts.classes_under("Document")
    documents = {n for n in found.entities if facts.is_a(n, document_classes)}
    if view == "actors":
        node_ids = found.entities - documents
    else:
        node_ids = found.entities | found.nodes

    compact_of = _Compactor()
    kinds: dict[tuple[str, ...], str] = {}  # the kind of each combination of types, worked out once
    nodes = {compact_of(node): _node_attributes(node, facts, found, compact_of, kinds) for node in sorted(node_ids)}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add_edge(s: str, key: str, o: str, predicate: str, label: str, sources: Iterable[tuple[str, object]],
                 attributes: dict[str, Any]) -> None:
        """Add the edge s -key-> o, or merge its sources and attributes into it."""
        ident = (compact_of(s), compact_of(o), compact_of(key))
        records = _sources(sources, compact_of, facts.licences)
        data = edges.get(ident)
        if data is None:
            edges[ident] = {"predicate": compact_of(predicate), "label": label, "sources": records, **attributes}
            return
        seen = {(x["document"], x["quote"]) for x in data["sources"]}
        data["sources"] = data["sources"] + [x for x in records if (x["document"], x["quote"]) not in seen]
        for name, value in attributes.items():
            data.setdefault(name, value)

    if view == "actors":
        for edge in found.edges():
            if edge.subject in node_ids and edge.object in node_ids:
                attributes = {k: _compacted(k, v, compact_of) for k, v in edge.attributes.items()} if edge.attributes else {}
                add_edge(edge.subject, edge.key, edge.object, edge.predicate, edge.label, edge.sources, attributes)
    else:
        # each relationship once: a node keeps its links, and the triple it qualifies is not drawn again
        for s, p, o in found.triples:
            if (s, p, o) not in found.qualifiers and s in node_ids and o in node_ids:
                add_edge(s, p, o, p, found.label(p), facts.statement_sources.get((s, p, o), []), {})
        for node in sorted(found.nodes):
            for p, values in sorted(found.node_links.get(node, {}).items()):
                for o in values:
                    if o in node_ids:
                        add_edge(node, p, o, p, found.label(p), facts.node_sources.get(node, []), {})
    _date_successions(edges, facts, found, compact_of)
    if view == "actors":
        # people known only as authors of documents have no place in the network of actors
        connected = {u for u, _, _ in edges} | {v for _, v, _ in edges}
        nodes = {n: data for n, data in nodes.items() if n in connected}
    return nodes, edges, {kind: dict(style) for kind, style in sorted(facts.kind_styles.items())}


def _network(nodes: Mapping[str, dict[str, Any]], edges: EdgeItems, kind_styles: Mapping[str, Mapping[str, str]], view: str,
             day: str | None) -> nx.MultiDiGraph:
    """The graph of ``nodes`` and ``edges`` on ``day`` (all of them when None), with the styles of the kinds it shows."""
    if day is not None:
        nodes = {n: data for n, data in nodes.items() if _holds(data, day)}
        edges = {ident: data for ident, data in edges.items()
                 if ident[0] in nodes and ident[1] in nodes and _holds(data, day)}

    used = {data["kind"] for data in nodes.values()}
    styles = {kind: dict(style) for kind, style in kind_styles.items() if kind in used}
    return multidigraph_in_bulk(nodes, edges, view=view, as_of=day or "", kind_styles=styles)


def _compacted(name: str, value: Any, compact_of: Callable[[str], str]) -> Any:
    if name in ("qualifiedBy",):
        return [compact_of(v) for v in value]
    if name in ("via", "relationship"):
        return compact_of(value)
    return value


def _node_attributes(node: str, facts: Facts, found: Relationships, compact_of: Callable[[str], str],
                     kinds: dict[tuple[str, ...], str]) -> dict[str, Any]:
    types = tuple(sorted(facts.types[node]))
    values = facts.literals.get(node, {})
    if types not in kinds:
        kinds[types] = kind_of(types, facts.parents, facts.kinds)
    attributes = {
        "label": facts.labels.get(node) or compact_of(node),
        "types": [compact_of(t) for t in types],
        "kind": kinds[types],
        "description": facts.descriptions.get(node, ""),
        "altLabels": sorted(facts.alts.get(node, ())),
    }
    if values:
        for key, name in _DATE_ATTRIBUTE.items():
            if key in values:
                attributes[name] = values[key]
        start, end = interval(values)
        if start:
            attributes["start"] = start
        if end:
            attributes["end"] = end
    if node in found.nodes:
        attributes["sources"] = _sources(facts.node_sources.get(node, ()), compact_of, facts.licences)
        for key, name in (("roleName", "role"), ("claimText", "claim"), ("hedge", "hedge")):
            if key in values:
                attributes[name] = values[key]
        qualified = [t for t in found.qualified_triples(node) if node in found.qualifiers.get(t, ())]
        if qualified:
            attributes["qualifies"] = [" ".join(compact_of(x) for x in t) for t in qualified]
    return attributes


def _date_successions(edges: dict[tuple[str, str, str], dict[str, Any]], facts: Facts, found: Relationships,
                      compact_of: Callable[[str], str]) -> None:
    """Date the ``succeeded by`` edges between the units a reorganisation dissolved and created."""
    reorganisations = facts.classes_under("Reorganization")
    outgoing: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in found.triples:
        if facts.is_a(s, reorganisations):
            outgoing[s][p].append(o)
    for event in sorted(outgoing):
        date = facts.literals.get(event, {}).get("date")
        links = outgoing[event]
        for old in links.get(SG + "originalOrganization", []):
            for new in links.get(SG + "resultingOrganization", []):
                data = edges.get((compact_of(old), compact_of(new), "sg:succeededBy"))
                if data is not None and date:
                    data["date"] = date
                    data["event"] = compact_of(event)


class _Compactor(dict[str, str]):
    """:func:`compact`, remembered: a projection compacts the same few IRIs many times."""

    def __call__(self, iri: str) -> str:
        try:
            return self[iri]
        except KeyError:
            value = self[iri] = compact(iri)
            return value
