"""The relationship rule: what counts as one relationship, who takes part in it, and the edges it draws.

The graph holds a relationship in one of two ways, or in both:

* a **direct triple** between two entities, ``sgid:venezuela sg:memberOf sgid:ilrs``,
  backed by an ``rdf:Statement`` with its quotes;
* a **relationship node** (an ``sg:Relationship``: a membership, a development
  partnership, a technology integration, an attributed claim) that carries a
  role, dates, more participants and its own quotes.

The ontology says how the two meet. A relationship class declares the
property of its nodes that gives the subject (``sg:subjectRole``), the one
that gives the object (``sg:objectRole``) and, when its nodes *qualify* a
direct triple, the direct property (``sg:unqualifiedForm``): a membership of
Venezuela in the ILRS qualifies ``sgid:venezuela sg:memberOf sgid:ilrs``.

**The rule**: a qualifying node and the triple it qualifies are one
relationship, counted once. So the relationships of a graph are its direct
triples between entities, each once however many quotes or nodes back it, and
the relationship nodes that qualify no triple (attributed claims), each once.
An entity *takes part* in a relationship when it is the triple's subject or
object, or a value that the relationship's node links to (the ground
stations a member contributes, the war that complicates a partnership).

Every consumer applies this one rule: :mod:`spacegraph.graph.stats` counts
:func:`Relationships.relationships`, the network projection draws
:func:`Relationships.edges` (one edge per triple; a claim draws one edge
from each claimant to each thing it is about; every other entity a node
links to becomes an edge from the subject, so that no link between two
entities is lost), and the named queries in ``queries/`` say the same in
SPARQL; tests hold them together.

Examples
--------
>>> import spacegraph
>>> from spacegraph.core.facts import read_facts, SG, SGID
>>> found = Relationships(read_facts(spacegraph.load()))
>>> [r.qualifiers for r in found.relationships()
...  if (r.subject, r.predicate, r.object) == (SGID + "venezuela", SG + "memberOf", SGID + "ilrs")]
[('https://w3id.org/spacegraph/id/membership-venezuela-ilrs',)]
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import InvalidArgument
from .facts import SG

__all__ = ["Relationship", "Edge", "Relationships", "parse_date", "interval"]

_STARTS = ("foundingDate", "startDate", "date")
_ENDS = ("dissolutionDate", "endDate")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3}0)s$")


def parse_date(text: str | datetime.date, *, what: str = "date") -> datetime.date:
    """Return the first day of a date, month, year or decade given as text.

    ``2024-04-15``, ``2024-04``, ``2024`` and ``1990s`` (an ``sg:decade``)
    stand for their first day.

    Parameters
    ----------
    text : str or datetime.date
        The date as text; a ``datetime.date`` is returned as it is.
    what : str
        What the date is, in the error message (``as-of date``).

    Returns
    -------
    datetime.date

    Raises
    ------
    InvalidArgument
        ``text`` is none of these forms, or no day of the calendar.

    Examples
    --------
    >>> parse_date("2024-04"), parse_date("1990s")
    (datetime.date(2024, 4, 1), datetime.date(1990, 1, 1))
    >>> parse_date("April 2024")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: date 'April 2024' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY
    """
    if isinstance(text, datetime.date):
        return text
    value = str(text).strip()
    decade = _DECADE.match(value)
    if decade:
        return datetime.date(int(decade.group(1)), 1, 1)
    match = _DATE.match(value)
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        return datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidArgument(f"{what} {str(text)!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY") from None


def interval(values):
    """Return ``(start, end)`` as ISO dates from a node's date literals (``None`` where unknown)."""
    start = next((values[k] for k in _STARTS if k in values), None)
    end = next((values[k] for k in _ENDS if k in values), None)
    return (parse_date(start).isoformat() if start else None, parse_date(end).isoformat() if end else None)


@dataclass(frozen=True)
class Relationship:
    """One relationship, as it is counted.

    Attributes
    ----------
    predicate : str
        The direct property's IRI, or for a node that qualifies no triple, its class's IRI.
    subject, object : str or None
        The ends of a direct triple; None for a node that stands alone.
    node : str or None
        The relationship node that stands alone (an attributed claim).
    qualifiers : tuple
        The nodes that qualify a direct triple (memberships, integrations...).
    participants : frozenset
        Every entity that takes part.
    quoted : bool
        Whether at least one quote backs it, on its statement or on a node.
    """

    predicate: str
    subject: str | None = None
    object: str | None = None
    node: str | None = None
    qualifiers: tuple = ()
    participants: frozenset = frozenset()
    quoted: bool = False


@dataclass
class Edge:
    """One edge of the network projection, drawn from a relationship (IRIs, not yet compacted).

    ``key`` is the direct property for a triple or for another link of a
    node, and the node itself for the edges of a node that stands alone, so
    that two claims between the same actors stay two edges.
    """

    subject: str
    object: str
    key: str
    predicate: str
    label: str
    sources: list
    attributes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Declaration:
    cls: str
    subject_role: str | None = None
    object_role: str | None = None
    forms: tuple[str, ...] = ()
    edge_label: str | None = None


class Relationships:
    """The relationships of a graph, found from :class:`~spacegraph.core.facts.Facts` by the rule above.

    Attributes
    ----------
    entities : set
        IRIs typed with an ``sg:Entity`` class.
    nodes : set
        IRIs of relationship nodes.
    triples : list
        ``(s, p, o)`` of every direct triple between two entities, sorted.
    qualifiers : dict
        ``{(s, p, o): [nodes]}``: the nodes that qualify each triple.
    """

    def __init__(self, facts):
        self.facts = facts
        entity_classes = facts.classes_under("Entity")
        relationship_classes = facts.classes_under("Relationship")
        self.entities = {n for n in facts.types if facts.is_a(n, entity_classes)}
        self.nodes = {n for n in facts.types if n not in self.entities and facts.is_a(n, relationship_classes)}
        self.node_links: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        triples = []
        for s, p, o in facts.links:
            if s in self.nodes:
                self.node_links[s][p].append(o)
            elif s in self.entities and o in self.entities:
                triples.append((s, p, o))
        self.triples = sorted(triples)
        stated = set(self.triples)
        self.declarations = {node: self._declaration(node) for node in sorted(self.nodes)}
        self.qualifiers: defaultdict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.qualifying: set[str] = set()
        for node in self.declarations:
            for triple in self.qualified_triples(node):
                if triple in stated:
                    self.qualifiers[triple].append(node)
                    self.qualifying.add(node)

    # ------------------------------------------------------------ declarations

    def _declaration(self, node):
        facts = self.facts
        lineage = []
        for cls in sorted(facts.types[node], key=lambda c: -len(facts.lineage(c))):
            lineage += [c for c in facts.lineage(cls) if c not in lineage]
        first = lambda table: next((table[c] for c in lineage if c in table), None)  # noqa: E731
        return _Declaration(cls=self.most_specific(node), subject_role=first(facts.subject_role),
                            object_role=first(facts.object_role), forms=tuple(first(facts.unqualified) or ()),
                            edge_label=first(facts.edge_labels))

    def most_specific(self, node):
        """Return the most specific class of ``node`` (the first in sorted order among equals)."""
        types = self.facts.types.get(node, set())
        if len(types) == 1:
            return next(iter(types))
        lineage = self.facts.lineage
        specific = [t for t in types if not any(o != t and t in lineage(o) for o in types)]
        return sorted(specific)[0] if specific else None

    def ends(self, node):
        """Return ``(subjects, objects)``: the entities a node's subject and object roles name."""
        declared = self.declarations[node]
        links: dict[str, list[str]] = self.node_links.get(node, {})
        if declared.subject_role and declared.object_role:
            subjects = [v for v in links.get(declared.subject_role, []) if v in self.entities]
            objects = [v for v in links.get(declared.object_role, []) if v in self.entities]
            return subjects, objects
        # a class that declares no roles: the first link is the subject, the others its objects
        values = [(p, v) for p, vs in sorted(links.items()) for v in vs if v in self.entities]
        return [v for _, v in values[:1]], [v for _, v in values[1:]]

    def extras(self, node):
        """Return ``[(property, entity)]``: what a node links to besides its subject and object."""
        declared = self.declarations[node]
        if not (declared.subject_role and declared.object_role):
            return []
        roles = {declared.subject_role, declared.object_role}
        return [(p, v) for p, values in sorted(self.node_links.get(node, {}).items()) if p not in roles
                for v in values if v in self.entities]

    def qualified_triples(self, node):
        """Return the triples a node would qualify: each subject, form and object it names."""
        declared = self.declarations[node]
        if not declared.forms:
            return []
        subjects, objects = self.ends(node)
        return [(s, p, o) for s in subjects for o in objects for p in declared.forms]

    def missing_triples(self, node):
        """For a node that qualifies triples, the ``(subject, object)`` pairs for which the data states none of its forms."""
        declared = self.declarations[node]
        if not declared.forms:
            return []
        stated = self.qualifiers
        subjects, objects = self.ends(node)
        return [(s, o) for s in subjects for o in objects
                if not any(node in stated.get((s, p, o), ()) for p in declared.forms)]

    # ------------------------------------------------------------ the rule

    def relationships(self):
        """Yield every :class:`Relationship`: the direct triples, then the nodes that stand alone."""
        facts = self.facts
        for triple in self.triples:
            nodes = tuple(self.qualifiers.get(triple, ()))
            participants = {triple[0], triple[2]}
            for node in nodes:
                participants.update(v for _, v in self.extras(node))
            quoted = bool(facts.statement_sources.get(triple)) or any(facts.node_sources.get(n) for n in nodes)
            yield Relationship(triple[1], triple[0], triple[2], qualifiers=nodes, participants=frozenset(participants),
                               quoted=quoted)
        for node in sorted(self.nodes - self.qualifying):
            subjects, objects = self.ends(node)
            participants = set(subjects) | set(objects) | {v for _, v in self.extras(node)}
            yield Relationship(self.declarations[node].cls, node=node, participants=frozenset(participants),
                               quoted=bool(facts.node_sources.get(node)))

    def label(self, iri):
        """The label of a class or property, or its IRI."""
        return self.facts.labels.get(iri, iri)

    def edge_label(self, prop):
        """The label of the edge a node's link through ``prop`` draws."""
        return self.facts.edge_labels.get(prop) or self.label(prop)

    def edges(self):
        """Yield the :class:`Edge` objects the actors view draws for every relationship.

        A triple draws one edge (with the roles, dates and quotes of the nodes
        that qualify it); a node that stands alone draws one edge from each
        subject to each object; every other entity a node links to draws an
        edge from each subject to it.
        """
        facts = self.facts
        qualifiers, statement_sources, hedges, label = self.qualifiers, facts.statement_sources, facts.statement_hedges, self.label
        for triple in self.triples:
            s, p, o = triple
            nodes = qualifiers.get(triple)
            if not nodes and triple not in hedges:  # the common case: a triple and its statement, nothing more
                yield Edge(s, o, p, p, label(p), _unique(statement_sources.get(triple, ())), {})
                continue
            nodes = nodes or []
            sources = list(statement_sources.get(triple, []))
            attributes = {"hedge": hedges[triple]} if triple in hedges else {}
            for node in nodes:
                sources += facts.node_sources.get(node, [])
                self._describe(node, attributes)
            if nodes:
                attributes["qualifiedBy"] = list(nodes)
            yield Edge(s, o, p, p, self.label(p), _unique(sources), attributes)
            for node in nodes:
                yield from self._extra_edges(node, [s])
        for node in sorted(self.nodes - self.qualifying):
            declared = self.declarations[node]
            subjects, objects = self.ends(node)
            attributes = {"relationship": node}
            self._describe(node, attributes)
            if SG + "Claim" in facts.lineage(declared.cls):
                attributes["hedged"] = True
            # (a node whose class qualifies triples but whose triple the data lacks, which validation
            # reports, is drawn the same way, under its class's name)
            drawn = declared.edge_label or (self.label(declared.cls) if declared.forms else None)
            for subject in subjects:
                for obj in objects:
                    predicate = declared.object_role or self._property_to(node, obj)
                    yield Edge(subject, obj, node, predicate, drawn or self.label(predicate),
                               _unique(facts.node_sources.get(node, [])), dict(attributes))
            yield from self._extra_edges(node, subjects)

    def _property_to(self, node, value):
        return next(p for p, values in sorted(self.node_links[node].items()) if value in values)

    def _describe(self, node, attributes):
        """Add a node's role, dates, claim and other links to an edge's attributes (the first value wins)."""
        values = self.facts.literals.get(node, {})
        for name, attribute in (("roleName", "role"), ("claimText", "claim"), ("hedge", "hedge")):
            if name in values:
                attributes.setdefault(attribute, values[name])
        start, end = interval(values)
        if start:
            attributes.setdefault("start", start)
        if end:
            attributes.setdefault("end", end)
        for prop, value in self.extras(node):
            local = prop.rsplit("#", 1)[-1]
            names = attributes.setdefault(local, [])
            name = self.facts.labels.get(value, value)
            if name not in names:
                names.append(name)
                names.sort()

    def _extra_edges(self, node, subjects):
        sources = _unique(self.facts.node_sources.get(node, []))
        for prop, value in self.extras(node):
            for subject in subjects:
                if subject != value:
                    yield Edge(subject, value, prop, prop, self.edge_label(prop), sources,
                               {"via": node, "viaLabel": self.facts.labels.get(node, node)})


def _unique(pairs):
    if len(pairs) < 2:
        return list(pairs)
    seen, kept = set(), []
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            kept.append(pair)
    return kept
