"""The NetworkX projection: actors as nodes, relationships as attributed, quoted edges.

:func:`to_networkx` reads the store with a fixed number of targeted reads (one
scan per class and per property, and one join in the store for the quotes),
never one per node or edge, and returns an ``nx.MultiDiGraph``:

* nodes are entities, with compact ids (``sgid:argentina``) and the
  attributes ``label``, ``types``, ``kind``, ``description``, ``altLabels``,
  and ``start`` / ``end`` (ISO dates) with ``founded``, ``dissolved`` or
  ``date`` as the source gives them;
* edges are relationships, keyed by predicate, with ``predicate`` (compact
  IRI), ``label``, ``sources`` (a list of ``{"document", "quote"}``) and,
  where known, ``start`` / ``end``, ``date``, ``role``, ``products``...;
* literals never become nodes; ``rdf:type``, the ontology and the provenance
  records (statements, quotes) never become edges.

``view="actors"`` (the default) is the network of the sector's actors. It
leaves out documents, with their authorship and publication edges, and the
entities that then have no relationship left (authors known only as such);
quotes still name their documents. It folds n-ary nodes into edges: a membership
becomes attributes (role, dates) of the member's ``member of`` edge, a
technology integration adds ``products`` to the ``integrates`` edges, a
reorganisation dates the ``succeeded by`` edges between the units it
dissolved and created, and a hedged claim becomes a ``claims about`` edge
from the claimant, marked ``hedged``. ``view="full"`` keeps documents and those nodes.

Time
----
``as_of="2023-06-01"`` keeps the nodes that exist on that date and the edges
between them that hold then. A node exists from its founding, start or event
date and until its dissolution or end date (exclusive); an edge holds within
its own dates. A date given as a year or a month stands for its first day: an
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

import datetime
import gc
import re
from collections import defaultdict

from .errors import SpacegraphError

__all__ = ["to_networkx", "VIEWS", "KINDS", "parse_date", "kind_of"]

VIEWS = ("actors", "full")

SG = "https://w3id.org/spacegraph/ontology#"
SGID = "https://w3id.org/spacegraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT_DESCRIPTION = "http://purl.org/dc/terms/description"
OA_EXACT = "http://www.w3.org/ns/oa#exact"
PROV_QUOTED = "http://www.w3.org/ns/prov#wasQuotedFrom"
EVIDENCE = SG + "evidence"

#: Coarse kinds for colouring, from the most specific class up; the first match wins.
KINDS = [
    ("State", "state"), ("MilitaryOrganization", "military"), ("GovernmentAgency", "government"),
    ("PoliticalParty", "government"), ("Company", "company"), ("ResearchInstitute", "research"),
    ("MediaOutlet", "media"), ("Organization", "organisation"), ("ActorGroup", "group"), ("Person", "person"),
    ("Mission", "mission"), ("Programme", "programme"), ("Facility", "facility"),
    ("SatelliteConstellation", "facility"), ("Technology", "technology"), ("ProductCategory", "technology"),
    ("Sector", "technology"), ("Resource", "resource"), ("Region", "place"), ("CelestialBody", "place"),
    ("Event", "event"), ("Document", "document"), ("Relationship", "relationship"),
]

_STARTS = ("foundingDate", "startDate", "date")
_ENDS = ("dissolutionDate", "endDate")
_DATE_ATTRIBUTE = {"foundingDate": "founded", "dissolutionDate": "dissolved", "startDate": "since",
                   "endDate": "until", "date": "date", "targetStartDate": "targetStart", "targetEndDate": "targetEnd"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text, *, what="date"):
    """Return the first day of a date, month or year given as text (``2024``, ``2024-04``, ``2024-04-15``).

    Examples
    --------
    >>> parse_date("2024-04")
    datetime.date(2024, 4, 1)
    >>> parse_date("April 2024")
    Traceback (most recent call last):
    ...
    spacegraph.errors.SpacegraphError: date 'April 2024' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY
    """
    if isinstance(text, datetime.date):
        return text
    match = _DATE.match(str(text).strip())
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        return datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise SpacegraphError(f"{what} {str(text)!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY") from None


def compact(iri):
    """Return the compact id of an IRI (``sgid:china``, ``sg:hosts``), or the IRI itself."""
    if iri.startswith(SGID):
        return "sgid:" + iri[len(SGID):]
    if iri.startswith(SG):
        return "sg:" + iri[len(SG):]
    return iri


def _ancestors(cls, parents):
    seen, todo = [], [cls]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.append(current)
        todo.extend(parents.get(current, ()))
    return seen


def kind_of(types, parents):
    """Return the coarse kind of a node from its classes (full IRIs) and the class hierarchy."""
    lineage = set()
    for cls in types:
        lineage.update(_ancestors(cls, parents))
    for name, kind in KINDS:
        if SG + name in lineage:
            return kind
    return "other"


class _Reader:
    """Targeted reads of the store: one scan per predicate (or class), joins in SPARQL.

    Values come back plain: IRIs as strings, blank nodes ``("_", id)`` and
    literals ``("L", value, language)``. On an Oxigraph store the scans and
    joins run in Rust and only the rows the projection needs reach Python.
    """

    def __init__(self, kg):
        self.store = getattr(kg, "oxigraph_store", None)
        self.graph = getattr(kg, "graph", None)
        self.endpoint = kg if hasattr(kg, "plain_rows") else None  # a RemoteEndpoint

    def scan(self, predicate, obj=None):
        """Yield (subject, object) of the triples with this predicate (and object IRI)."""
        if self.endpoint is not None:
            pattern = f"<{_iri(predicate)}> " + ("?o" if obj is None else f"<{_iri(obj)}>")
            select = "?s ?o" if obj is None else "?s"
            for row in self.endpoint.plain_rows(f"SELECT {select} WHERE {{ ?s {pattern} }}", where=f"the scan of <{predicate}>"):
                yield (row[0], row[1]) if obj is None else (row[0], obj)
            return
        if self.store is not None:
            import pyoxigraph as ox

            named, blank = ox.NamedNode, ox.BlankNode
            quads = self.store.quads_for_pattern(None, named(predicate), None if obj is None else named(obj),
                                                 ox.DefaultGraph())
            for quad in quads:
                s, o = quad.subject, quad.object
                subject = s.value if type(s) is named else ("_", s.value)
                if type(o) is named:
                    yield subject, o.value
                elif type(o) is blank:
                    yield subject, ("_", o.value)
                else:
                    yield subject, ("L", o.value, o.language)
            return
        from rdflib import URIRef

        for s, _, o in self.graph.triples((None, URIRef(predicate), None if obj is None else URIRef(obj))):
            yield _plain(s), _plain(o)

    def select(self, sparql):
        """Yield the rows of a SELECT query as tuples of plain values (``None`` when unbound)."""
        if self.endpoint is not None:
            yield from self.endpoint.plain_rows(sparql, where="the quotes of the projection")
            return
        if self.store is not None:
            import pyoxigraph as ox

            named, blank = ox.NamedNode, ox.BlankNode
            for solution in self.store.query(sparql):
                row = []
                for term in solution:
                    if term is None or type(term) is named:
                        row.append(term if term is None else term.value)
                    elif type(term) is blank:
                        row.append(("_", term.value))
                    else:
                        row.append(("L", term.value, term.language))
                yield tuple(row)
            return
        for solution in self.graph.query(sparql):
            yield tuple(None if term is None else _plain(term) for term in solution)


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri(value):
    """``value`` if it can stand between ``<`` and ``>`` in a query; an error otherwise."""
    if _NOT_IN_IRI.search(value):
        raise SpacegraphError(f"the server sent {value!r} as a class or property IRI, which is not a valid IRI")
    return value


def _plain(term):
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        return ("L", str(term), term.language)
    if isinstance(term, BNode):
        return ("_", str(term))
    return str(term)


_PREFIXES = (f"PREFIX rdf: <{RDF}> PREFIX sg: <{SG}> PREFIX oa: <http://www.w3.org/ns/oa#> "
             "PREFIX prov: <http://www.w3.org/ns/prov#> ")
#: Quotes of direct relationships: statement subject, predicate and object, with each quote.
STATEMENT_QUOTES = _PREFIXES + """SELECT ?s ?p ?o ?exact ?document WHERE {
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:evidence ?quote .
  ?quote oa:exact ?exact .
  OPTIONAL { ?quote prov:wasQuotedFrom ?document }
}"""
#: Quotes attached to relationship nodes (memberships, integrations, claims).
NODE_QUOTES = _PREFIXES + """SELECT ?node ?exact ?document WHERE {
  ?node sg:evidence ?quote . FILTER(isIRI(?node))
  ?quote oa:exact ?exact .
  OPTIONAL { ?quote prov:wasQuotedFrom ?document }
}"""
OWL_OBJECT_PROPERTY = "http://www.w3.org/2002/07/owl#ObjectProperty"
_LITERALS = ("roleName", "claimText") + tuple(_DATE_ATTRIBUTE)


def _read(kg, *, quotes=True):
    """What the projection needs, grouped, in one targeted read per predicate or class."""
    reader = _Reader(kg)
    facts = {
        "types": defaultdict(set), "labels": {}, "alts": defaultdict(list), "descriptions": {},
        "literals": defaultdict(dict), "links": [], "parents": defaultdict(list),
        "statement_sources": defaultdict(list), "node_sources": defaultdict(list),
    }
    parents = facts["parents"]
    for s, o in reader.scan(RDFS_SUBCLASS):
        if isinstance(o, str):
            parents[s].append(o)
    classes = {c for c in list(parents) + [SG + "Entity", SG + "Relationship"]
               if {SG + "Entity", SG + "Relationship"} & set(_ancestors(c, parents))}
    types = facts["types"]
    for cls in sorted(classes):
        for s, _ in reader.scan(RDF_TYPE, cls):
            if isinstance(s, str):
                types[s].add(cls)
    labels = facts["labels"]
    for s, o in reader.scan(RDFS_LABEL):
        if isinstance(o, tuple) and o[0] == "L" and (o[2] == "en" or s not in labels):
            labels[s] = o[1]
    for s, o in reader.scan(SKOS_ALT):
        if isinstance(o, tuple):
            facts["alts"][s].append(o[1])
    for s, o in reader.scan(DCT_DESCRIPTION):
        if isinstance(o, tuple):
            facts["descriptions"][s] = o[1]
    for name in _LITERALS:
        for s, o in reader.scan(SG + name):
            if isinstance(s, str) and isinstance(o, tuple):
                facts["literals"][s][name] = o[1]
    links = facts["links"]
    object_properties = {s for s, _ in reader.scan(RDF_TYPE, OWL_OBJECT_PROPERTY) if isinstance(s, str)}
    for predicate in sorted(object_properties - {EVIDENCE}):
        # sorted, so that the graph is the same, edge for edge and in the same order, from any store
        links.extend(sorted((s, predicate, o) for s, o in reader.scan(predicate) if isinstance(s, str) and isinstance(o, str)))
    if quotes:
        by_statement = facts["statement_sources"]
        for s, p, o, exact, document in reader.select(STATEMENT_QUOTES):
            by_statement[s, p, o].append((exact[1], document))
        for node, exact, document in reader.select(NODE_QUOTES):
            facts["node_sources"][node].append((exact[1], document))
    return facts


def _sources(pairs, compact_of=compact):
    """The ``sources`` attribute: ``{"document", "quote"}`` records, sorted."""
    found = [{"document": compact_of(document) if isinstance(document, str) else None, "quote": quote}
             for quote, document in pairs]
    if len(found) < 2:
        return found
    return sorted(found, key=lambda item: (item["document"] or "", item["quote"]))


def _interval(values):
    start = next((values[k] for k in _STARTS if k in values), None)
    end = next((values[k] for k in _ENDS if k in values), None)
    return (parse_date(start).isoformat() if start else None, parse_date(end).isoformat() if end else None)


def _holds(attributes, day):
    start, end = attributes.get("start"), attributes.get("end")
    return (start is None or start <= day) and (end is None or day < end)


def to_networkx(kg, view="actors", as_of=None):
    """Project a :class:`~spacegraph.graph.KnowledgeGraph` onto an ``nx.MultiDiGraph``.

    Parameters
    ----------
    kg : KnowledgeGraph or RemoteEndpoint
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
    """
    if view not in VIEWS:
        raise SpacegraphError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    day = parse_date(as_of, what="as-of date").isoformat() if as_of is not None else None
    # the projection allocates a few objects per triple and frees none of them: the cyclic
    # collector would only rescan them, again and again (a third of the time at 1M triples)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _project(kg, view, day)
    finally:
        if collecting:
            gc.enable()


def _project(kg, view, day):
    facts = _read(kg)
    parents = facts["parents"]
    entity_classes = {c for c in list(parents) + [SG + "Entity"] if SG + "Entity" in _ancestors(c, parents)}
    relationship_classes = {c for c in list(parents) + [SG + "Relationship"] if SG + "Relationship" in _ancestors(c, parents)}
    folded_classes = {c for c in entity_classes if SG + "Reorganization" in _ancestors(c, parents)}
    document_classes = {c for c in entity_classes if SG + "Document" in _ancestors(c, parents)}

    def is_a(node, classes):
        return bool(facts["types"].get(node, set()) & classes)

    entities = {n for n in facts["types"] if isinstance(n, str) and is_a(n, entity_classes)}
    relationship_nodes = {n for n in facts["types"] if isinstance(n, str) and is_a(n, relationship_classes)}
    folded = {n for n in entities if is_a(n, folded_classes)} if view == "actors" else set()
    documents = {n for n in entities if is_a(n, document_classes)} if view == "actors" else set()
    node_ids = (entities - folded - documents) | (relationship_nodes if view == "full" else set())

    compact_of = _Compactor()
    kinds = {}
    nodes = {}
    for node in sorted(node_ids):
        types = sorted(facts["types"][node])
        values = facts["literals"].get(node, {})
        kind_key = tuple(types)
        if kind_key not in kinds:
            kinds[kind_key] = kind_of(types, parents)
        attributes = {
            "label": facts["labels"].get(node) or compact_of(node),
            "types": [compact_of(t) for t in types],
            "kind": kinds[kind_key],
            "description": facts["descriptions"].get(node, ""),
            "altLabels": sorted(facts["alts"].get(node, ())),
        }
        if values:
            for key, name in _DATE_ATTRIBUTE.items():
                if key in values:
                    attributes[name] = values[key]
            start, end = _interval(values)
            if start:
                attributes["start"] = start
            if end:
                attributes["end"] = end
        if node in relationship_nodes:
            attributes["sources"] = _sources(facts["node_sources"].get(node, ()), compact_of)
            if "roleName" in values:
                attributes["role"] = values["roleName"]
            if "claimText" in values:
                attributes["claim"] = values["claimText"]
        nodes[compact_of(node)] = attributes

    statements, node_sources = facts["statement_sources"], facts["node_sources"]
    label_of = facts["labels"]
    edges = {}

    def add_edge(s, p, o, sources, **extra):
        """Add the edge s -p-> o, or merge its sources and attributes into it; return its attributes."""
        key = compact_of(p)
        ident = (compact_of(s), compact_of(o), key)
        data = edges.get(ident)
        if data is None:
            data = edges[ident] = {"predicate": key, "label": label_of.get(p, key), "sources": sources, **extra}
            return data
        seen = {(x["document"], x["quote"]) for x in data["sources"]}
        data["sources"] = data["sources"] + [x for x in sources if (x["document"], x["quote"]) not in seen]
        for name, value in extra.items():
            data.setdefault(name, value)
        return data

    for s, p, o in facts["links"]:
        if s not in node_ids or o not in node_ids:
            continue
        quotes = statements.get((s, p, o)) or (node_sources.get(s, ()) if s in relationship_nodes else ())
        add_edge(s, p, o, _sources(quotes, compact_of))

    if view == "actors":
        _fold(edges, facts, relationship_nodes, folded, node_ids, add_edge, compact_of)
        # people known only as authors of documents have no place in the network of actors
        connected = {u for u, _, _ in edges} | {v for _, v, _ in edges}
        nodes = {n: data for n, data in nodes.items() if n in connected}
    if day is not None:
        nodes = {n: data for n, data in nodes.items() if _holds(data, day)}
        edges = {ident: data for ident, data in edges.items()
                 if ident[0] in nodes and ident[1] in nodes and _holds(data, day)}

    return _multidigraph(nodes, edges, view=view, as_of=day or "")


def _multidigraph(nodes, edges, **graph_attributes):
    """A ``MultiDiGraph`` of these nodes and keyed edges, built in bulk.

    Equal to ``add_nodes_from`` then ``add_edge`` for each edge (a test checks
    it), but it fills NetworkX's adjacency dictionaries directly, once per edge:
    ``add_edge`` checks and copies each edge's attributes, which doubles the
    projection's build time at a million triples. Every edge end is in ``nodes``.
    """
    import networkx as nx

    G = nx.MultiDiGraph(**graph_attributes)
    G._node.update(nodes)
    succ, pred = G._succ, G._pred
    for node in nodes:
        succ[node] = {}
        pred[node] = {}
    for (u, v, key), data in edges.items():
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[key] = data
    return G


class _Compactor(dict):
    """:func:`compact`, remembered: a projection compacts the same few IRIs many times."""

    def __call__(self, iri):
        try:
            return self[iri]
        except KeyError:
            value = self[iri] = compact(iri)
            return value


def _fold(edges, facts, relationship_nodes, folded, node_ids, add_edge, compact_of):
    """Turn relationship nodes and reorganisations into attributes of edges between actors."""
    outgoing = defaultdict(lambda: defaultdict(list))
    for s, p, o in facts["links"]:
        if s in relationship_nodes or s in folded:
            outgoing[s][p[len(SG):] if p.startswith(SG) else p].append(o)
    for node in sorted(relationship_nodes):
        links = outgoing.get(node, {})
        values = facts["literals"].get(node, {})
        sources = _sources(facts["node_sources"].get(node, ()), compact_of)
        classes = facts["types"][node]
        if SG + "Membership" in classes:
            extra = {}
            if "roleName" in values:
                extra["role"] = values["roleName"]
            start, end = _interval(values)
            if start:
                extra["start"] = start
            if end:
                extra["end"] = end
            for member in links.get("member", []):
                for organization in links.get("organization", []):
                    if member not in node_ids or organization not in node_ids:
                        continue
                    predicate = SG + ("affiliatedWith" if SG + "Person" in facts["types"].get(member, ()) else "memberOf")
                    add_edge(member, predicate, organization, sources, **extra).update(extra)
        elif SG + "TechnologyIntegration" in classes:
            products = sorted(facts["labels"].get(p) or compact_of(p) for p in links.get("product", []))
            for integrator in links.get("integrator", []):
                for technology in links.get("technology", []):
                    if integrator in node_ids and technology in node_ids:
                        add_edge(integrator, SG + "integratesTechnology", technology, sources, products=products)
        elif SG + "Claim" in classes:
            claim = values.get("claimText", "")
            for claimant in links.get("claimant", []):
                for subject in links.get("about", []):
                    if claimant in node_ids and subject in node_ids:
                        add_edge(claimant, SG + "about", subject, sources, hedged=True, claim=claim)["label"] = "claims about"
    for event in sorted(folded):
        links = outgoing.get(event, {})
        date = facts["literals"].get(event, {}).get("date")
        for old in links.get("originalOrganization", []):
            for new in links.get("resultingOrganization", []):
                data = edges.get((compact_of(old), compact_of(new), "sg:succeededBy"))
                if data is not None and date:
                    data["date"] = date
                    data["event"] = compact_of(event)
