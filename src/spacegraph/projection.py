"""The NetworkX projection: actors as nodes, relationships as attributed, quoted edges.

:func:`to_networkx` reads the store in one pass over its triples and returns
an ``nx.MultiDiGraph``:

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


def _triples(kg):
    """Yield every triple as (subject, predicate, object) of plain values, in one pass.

    IRIs are strings, blank nodes ``("_", id)`` and literals ``("L", value, language)``.
    """
    store = getattr(kg, "oxigraph_store", None)
    if store is not None:
        import pyoxigraph as ox

        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            s, p, o = quad.subject, quad.predicate, quad.object
            subject = s.value if isinstance(s, ox.NamedNode) else ("_", s.value)
            if isinstance(o, ox.NamedNode):
                obj = o.value
            elif isinstance(o, ox.BlankNode):
                obj = ("_", o.value)
            else:
                obj = ("L", o.value, o.language)
            yield subject, p.value, obj
        return
    from rdflib import BNode, Literal

    for s, p, o in kg.graph:
        subject = ("_", str(s)) if isinstance(s, BNode) else str(s)
        if isinstance(o, Literal):
            obj = ("L", str(o), o.language)
        elif isinstance(o, BNode):
            obj = ("_", str(o))
        else:
            obj = str(o)
        yield subject, str(p), obj


def _read(kg):
    """One pass over the store: what the projection needs, grouped."""
    facts = {
        "types": defaultdict(set), "labels": {}, "alts": defaultdict(list), "descriptions": {},
        "literals": defaultdict(dict), "links": [], "parents": defaultdict(list), "property_labels": {},
        "statements": defaultdict(dict), "quotes": defaultdict(dict), "evidence": defaultdict(list),
    }
    types, labels, links = facts["types"], facts["labels"], facts["links"]
    for s, p, o in _triples(kg):
        if p == RDF_TYPE:
            if isinstance(o, str):
                types[s].add(o)
        elif p == RDFS_LABEL:
            if isinstance(o, tuple) and o[0] == "L" and (o[2] == "en" or s not in labels):
                labels[s] = o[1]
        elif p == RDFS_SUBCLASS:
            if isinstance(o, str):
                facts["parents"][s].append(o)
        elif p == EVIDENCE:
            facts["evidence"][s].append(o)
        elif p == OA_EXACT:
            facts["quotes"][o_key(s)]["quote"] = o[1]
        elif p == PROV_QUOTED:
            facts["quotes"][o_key(s)]["document"] = o
        elif p.startswith(RDF) and p[len(RDF):] in ("subject", "predicate", "object"):
            facts["statements"][o_key(s)][p[len(RDF):]] = o
        elif p == SKOS_ALT:
            facts["alts"][s].append(o[1])
        elif p == DCT_DESCRIPTION:
            facts["descriptions"][s] = o[1]
        elif isinstance(o, tuple) and o[0] == "L":
            if isinstance(s, str) and p.startswith(SG):
                facts["literals"][s][p[len(SG):]] = o[1]
        elif isinstance(s, str) and isinstance(o, str):
            links.append((s, p, o))
    return facts


def o_key(node):
    """A hashable key for a blank node or IRI as :func:`_triples` yields them."""
    return node if isinstance(node, str) else node[1]


def _sources(facts, quote_nodes):
    found = []
    for node in quote_nodes:
        record = facts["quotes"].get(o_key(node), {})
        if "quote" in record:
            document = record.get("document")
            found.append({"document": compact(document) if isinstance(document, str) else None, "quote": record["quote"]})
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
    kg : KnowledgeGraph
        The graph, from :func:`spacegraph.load`.
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
    import networkx as nx

    if view not in VIEWS:
        raise SpacegraphError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    day = parse_date(as_of, what="as-of date").isoformat() if as_of is not None else None
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

    G = nx.MultiDiGraph(view=view, as_of=day or "")
    for node in sorted(node_ids):
        types = sorted(facts["types"][node])
        values = facts["literals"].get(node, {})
        attributes = {
            "label": facts["labels"].get(node, compact(node)),
            "types": [compact(t) for t in types],
            "kind": kind_of(types, parents),
            "description": facts["descriptions"].get(node, ""),
            "altLabels": sorted(facts["alts"].get(node, [])),
        }
        for key, name in _DATE_ATTRIBUTE.items():
            if key in values:
                attributes[name] = values[key]
        start, end = _interval(values)
        if start:
            attributes["start"] = start
        if end:
            attributes["end"] = end
        if node in relationship_nodes:
            attributes["sources"] = _sources(facts, facts["evidence"].get(node, []))
            if "roleName" in values:
                attributes["role"] = values["roleName"]
            if "claimText" in values:
                attributes["claim"] = values["claimText"]
        G.add_node(compact(node), **attributes)

    statements = defaultdict(list)
    for record_key, record in facts["statements"].items():
        triple = (record.get("subject"), record.get("predicate"), record.get("object"))
        statements[triple].extend(facts["evidence"].get(("_", record_key), []) + facts["evidence"].get(record_key, []))

    label_of = facts["labels"]

    def add_edge(s, p, o, sources, **extra):
        key = compact(p)
        u, v = compact(s), compact(o)
        if G.has_edge(u, v, key):
            data = G.edges[u, v, key]
            seen = {(x["document"], x["quote"]) for x in data["sources"]}
            data["sources"] += [x for x in sources if (x["document"], x["quote"]) not in seen]
            for name, value in extra.items():
                data.setdefault(name, value)
            return
        G.add_edge(u, v, key=key, predicate=key, label=label_of.get(p, key), sources=sources, **extra)

    for s, p, o in facts["links"]:
        if p == EVIDENCE or s not in node_ids or o not in node_ids:
            continue
        quotes = statements.get((s, p, o)) or (facts["evidence"].get(s, []) if s in relationship_nodes else [])
        add_edge(s, p, o, _sources(facts, quotes))

    if view == "actors":
        _fold(G, facts, relationship_nodes, folded, node_ids, add_edge)
        # people known only as authors of documents have no place in the network of actors
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])

    if day is not None:
        G.remove_nodes_from([n for n, data in G.nodes(data=True) if not _holds(data, day)])
        G.remove_edges_from([(u, v, k) for u, v, k, data in G.edges(keys=True, data=True) if not _holds(data, day)])
    return G


def _fold(G, facts, relationship_nodes, folded, node_ids, add_edge):
    """Turn relationship nodes and reorganisations into attributes of edges between actors."""
    outgoing = defaultdict(lambda: defaultdict(list))
    for s, p, o in facts["links"]:
        if s in relationship_nodes or s in folded:
            outgoing[s][p[len(SG):] if p.startswith(SG) else p].append(o)
    for node in relationship_nodes:
        links = outgoing.get(node, {})
        values = facts["literals"].get(node, {})
        sources = _sources(facts, facts["evidence"].get(node, []))
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
                    add_edge(member, predicate, organization, sources, **extra)
                    data = G.edges[_c(member), _c(organization), _c(predicate)]
                    for name, value in extra.items():
                        data[name] = value
        elif SG + "TechnologyIntegration" in classes:
            products = sorted(facts["labels"].get(p, _c(p)) for p in links.get("product", []))
            for integrator in links.get("integrator", []):
                for technology in links.get("technology", []):
                    if integrator in node_ids and technology in node_ids:
                        add_edge(integrator, SG + "integratesTechnology", technology, sources, products=products)
        elif SG + "Claim" in classes:
            claim = values.get("claimText", "")
            for claimant in links.get("claimant", []):
                for subject in links.get("about", []):
                    if claimant in node_ids and subject in node_ids:
                        add_edge(claimant, SG + "about", subject, sources, hedged=True, claim=claim)
                        G.edges[_c(claimant), _c(subject), "sg:about"]["label"] = "claims about"
    for event in folded:
        links = outgoing.get(event, {})
        date = facts["literals"].get(event, {}).get("date")
        for old in links.get("originalOrganization", []):
            for new in links.get("resultingOrganization", []):
                key = (_c(old), _c(new), "sg:succeededBy")
                if G.has_edge(*key) and date:
                    G.edges[key]["date"] = date
                    G.edges[key]["event"] = _c(event)


def _c(iri):
    return compact(iri)
