"""What the network projection and the counts read from the store, in a fixed number of targeted reads.

:func:`read_facts` reads, with one scan per class and per predicate and one
join per kind of quote, everything :mod:`spacegraph.core.relationships`,
:mod:`spacegraph.network.projection` and :mod:`spacegraph.graph.stats` need: types, the
class hierarchy, labels and descriptions, the literals of dates and roles, the
links between IRIs, the ontology's declarations of how relationship nodes
relate to direct triples, and the quotes. Never one read per node or edge.

Values come back as plain terms (:mod:`spacegraph.core.terms`): IRIs as strings,
blank nodes ``("_", id)``, literals ``("L", text, language, datatype)``. On an Oxigraph store the scans and joins
run in Rust; on a :class:`~spacegraph.graph.remote.RemoteEndpoint` the server runs
them and only the rows needed travel.

Examples
--------
>>> import spacegraph
>>> facts = read_facts(spacegraph.load())
>>> facts.labels[SGID + "argentina"]
'Argentina'
>>> facts.subject_role[SG + "Membership"] == SG + "member"
True
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .names import keep_label
from .prefixes import PREFIXES, sparql_prefixes
from .terms import is_literal

__all__ = ["Facts", "Reader", "read_facts", "ancestors", "SG", "SGID", "STATEMENT_QUOTES", "NODE_QUOTES"]

SG = PREFIXES["sg"]
SGID = PREFIXES["sgid"]
RDF = PREFIXES["rdf"]
RDF_TYPE = RDF + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
RDFS_SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
SKOS_ALT = PREFIXES["skos"] + "altLabel"
DCT_DESCRIPTION = PREFIXES["dct"] + "description"
OWL_OBJECT_PROPERTY = PREFIXES["owl"] + "ObjectProperty"
EVIDENCE = SG + "evidence"

#: Literals read for each node: dates, roles, claims (local names in ``sg:``).
LITERALS = ("roleName", "claimText", "hedge", "foundingDate", "dissolutionDate", "startDate", "endDate", "date",
            "targetStartDate", "targetEndDate")

_PREFIXES = sparql_prefixes("rdf", "sg", "oa", "prov")
#: Quotes of direct relationships: statement subject, predicate and object, with each quote.
STATEMENT_QUOTES = _PREFIXES + """SELECT ?s ?p ?o ?exact ?document WHERE {
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:evidence ?quote .
  ?quote oa:exact ?exact .
  OPTIONAL { ?quote prov:wasQuotedFrom ?document }
}"""
#: The hedges of evidence statements ("often"): statement subject, predicate and object, with the hedge.
STATEMENT_HEDGES = _PREFIXES + """SELECT ?s ?p ?o ?hedge WHERE {
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:hedge ?hedge .
}"""
#: Quotes attached to relationship nodes (memberships, integrations, claims).
NODE_QUOTES = _PREFIXES + """SELECT ?node ?exact ?document WHERE {
  ?node sg:evidence ?quote . FILTER(isIRI(?node))
  ?quote oa:exact ?exact .
  OPTIONAL { ?quote prov:wasQuotedFrom ?document }
}"""


def _earlier_first(text):
    """Sort key under which the earlier of two dates comes first; a decade ("1990s") stands for its first year.

    Examples
    --------
    >>> sorted(["2020-05", "2020s", "2019"], key=_earlier_first)
    ['2019', '2020s', '2020-05']
    """
    return (text[:-1] if text.endswith("s") else text, text)


def ancestors(cls, parents):
    """Return ``cls`` and every class above it, nearest first, from ``{class: [superclasses]}``.

    Examples
    --------
    >>> ancestors("c", {"c": ["b"], "b": ["a"]})
    ['c', 'b', 'a']
    """
    seen, todo = [], [cls]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.append(current)
        todo.extend(parents.get(current, ()))
    return seen


@dataclass
class Facts:
    """What :func:`read_facts` read, grouped by kind.

    Attributes
    ----------
    types : dict
        ``{IRI: {class IRI}}`` for nodes typed with an entity or relationship class.
    parents : dict
        ``{class IRI: [superclass IRIs]}``.
    labels, descriptions : dict
        ``{IRI: text}`` (English labels preferred).
    alts : dict
        ``{IRI: [alternative labels]}``.
    literals : dict
        ``{IRI: {local name: text}}`` for :data:`LITERALS`.
    links : list
        ``(subject, property, object)`` of every object property between two IRIs, sorted per property.
    subject_role, object_role : dict
        ``{relationship class: property}``: ``sg:subjectRole`` and ``sg:objectRole``.
    unqualified : dict
        ``{relationship class: [properties]}``: ``sg:unqualifiedForm``.
    edge_labels : dict
        ``{class or property: label}``: ``sg:edgeLabel``.
    kinds : dict
        ``{class: kind}``: ``sg:networkKind``.
    kind_styles : dict
        ``{kind: {"color": ..., "shape": ...}}``: ``sg:kindColour`` and ``sg:kindShape``.
    statement_sources : dict
        ``{(s, p, o): [(quote, document)]}`` from the evidence statements.
    statement_hedges : dict
        ``{(s, p, o): hedge}``: the words by which the sources hedge a direct relationship ("often"); the
        words of several sources are joined by "; ", sorted.
    node_sources : dict
        ``{node: [(quote, document)]}`` from relationship nodes' own evidence.
    licences : dict
        ``{document: licence}``: ``sg:licence``, which travels with the document's quotes.
    """

    types: dict = field(default_factory=lambda: defaultdict(set))
    parents: dict = field(default_factory=lambda: defaultdict(list))
    labels: dict = field(default_factory=dict)
    alts: dict = field(default_factory=lambda: defaultdict(list))
    descriptions: dict = field(default_factory=dict)
    literals: dict = field(default_factory=lambda: defaultdict(dict))
    links: list = field(default_factory=list)
    subject_role: dict = field(default_factory=dict)
    object_role: dict = field(default_factory=dict)
    unqualified: dict = field(default_factory=lambda: defaultdict(list))
    edge_labels: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    kind_styles: dict = field(default_factory=dict)
    statement_sources: dict = field(default_factory=lambda: defaultdict(list))
    statement_hedges: dict = field(default_factory=dict)
    node_sources: dict = field(default_factory=lambda: defaultdict(list))
    licences: dict = field(default_factory=dict)

    def lineage(self, cls):
        """Return ``cls`` and its ancestors, nearest first (computed once per class)."""
        cache = self.__dict__.setdefault("_lineage", {})
        found = cache.get(cls)
        if found is None:
            found = cache[cls] = tuple(ancestors(cls, self.parents))
        return found

    def classes_under(self, root):
        """Return every class with ``root`` (a local name in ``sg:``) among its ancestors, ``root`` included."""
        cache = self.__dict__.setdefault("_under", {})
        if root not in cache:
            top = SG + root
            cache[root] = frozenset(c for c in list(self.parents) + [top] if top in self.lineage(c))
        return cache[root]

    def is_a(self, node, classes):
        """Tell whether ``node`` has a type among ``classes``."""
        return bool(self.types.get(node, set()) & classes)


class Reader:
    """Targeted reads of a graph source: one scan per predicate (or class), joins in SPARQL.

    Parameters
    ----------
    kg : GraphSource or an object holding one
        A loaded graph (read through its store) or a SPARQL endpoint (which then runs every read).
    """

    def __init__(self, kg):
        self.source = kg.source

    def scan(self, predicate, obj=None):
        """Yield (subject, object) of the triples with this predicate (and object IRI)."""
        return self.source.scan(predicate, obj)

    def select(self, sparql, where="the quotes of the projection"):
        """Yield the rows of a SELECT query as tuples of plain values (``None`` when unbound)."""
        return self.source.plain_rows(sparql, where=where)


def read_facts(kg, *, quotes=True):
    """Read what the projection and the counts need, in one targeted read per predicate or class.

    Parameters
    ----------
    kg : KnowledgeGraph or RemoteEndpoint
        Where to read.
    quotes : bool
        Also join the quotes of statements and relationship nodes.

    Returns
    -------
    Facts
    """
    reader = Reader(kg)
    facts = Facts()
    parents = facts.parents
    for s, o in reader.scan(RDFS_SUBCLASS):
        if isinstance(o, str):
            parents[s].append(o)
    roots = {SG + "Entity", SG + "Relationship"}
    classes = {c for c in list(parents) + list(roots) if roots & set(ancestors(c, parents))}
    for cls in sorted(classes):
        for s, _ in reader.scan(RDF_TYPE, cls):
            if isinstance(s, str):
                facts.types[s].add(cls)
    labels = facts.labels
    for s, o in reader.scan(RDFS_LABEL):
        if is_literal(o):
            keep_label(labels, s, o[1], o[2])
    for s, o in reader.scan(SKOS_ALT):
        if isinstance(o, tuple):
            facts.alts[s].append(o[1])
    for s, o in reader.scan(DCT_DESCRIPTION):
        if isinstance(o, tuple):
            facts.descriptions[s] = o[1]
    for name in LITERALS:
        for s, o in reader.scan(SG + name):
            if isinstance(s, str) and isinstance(o, tuple):
                values = facts.literals[s]
                # two values of one property (sources that disagree, which validate reports): the earlier
                # date (a decade as its first year), so that every store gives the same
                if name not in values or _earlier_first(o[1]) < _earlier_first(values[name]):
                    values[name] = o[1]
    for annotation, into in (("subjectRole", facts.subject_role), ("objectRole", facts.object_role)):
        for s, o in reader.scan(SG + annotation):
            if isinstance(s, str) and isinstance(o, str):
                into[s] = o
    for s, o in reader.scan(SG + "unqualifiedForm"):
        if isinstance(s, str) and isinstance(o, str):
            facts.unqualified[s].append(o)
    for forms in facts.unqualified.values():
        forms.sort()
    for s, o in reader.scan(SG + "edgeLabel"):
        if isinstance(s, str) and isinstance(o, tuple):
            facts.edge_labels[s] = o[1]
    for s, o in reader.scan(SG + "networkKind"):
        if isinstance(s, str) and is_literal(o):
            facts.kinds[s] = o[1]
    for annotation, key in (("kindColour", "color"), ("kindShape", "shape")):
        for s, o in reader.scan(SG + annotation):
            if s in facts.kinds and is_literal(o):
                facts.kind_styles.setdefault(facts.kinds[s], {})[key] = o[1]
    object_properties = {s for s, _ in reader.scan(RDF_TYPE, OWL_OBJECT_PROPERTY) if isinstance(s, str)}
    for predicate in sorted(object_properties - {EVIDENCE}):
        # sorted, so that the graph is the same, edge for edge and in the same order, from any store
        facts.links.extend(sorted((s, predicate, o) for s, o in reader.scan(predicate)
                                  if isinstance(s, str) and isinstance(o, str)))
    if quotes:
        for s, p, o, exact, document in reader.select(STATEMENT_QUOTES):
            facts.statement_sources[s, p, o].append((exact[1], document))
        for node, exact, document in reader.select(NODE_QUOTES):
            facts.node_sources[node].append((exact[1], document))
        for document, licence in reader.scan(SG + "licence"):
            if isinstance(document, str) and is_literal(licence):
                facts.licences[document] = licence[1]
        # the join runs only when some statement is hedged: it reads every statement
        if any(isinstance(s, tuple) for s, _ in reader.scan(SG + "hedge")):
            hedges = defaultdict(set)
            for s, p, o, hedge in reader.select(STATEMENT_HEDGES, where="the hedges of the projection"):
                hedges[s, p, o].add(hedge[1])
            # several sources may hedge one relationship in their own words: each is kept, in one order
            facts.statement_hedges.update((key, "; ".join(sorted(words))) for key, words in hedges.items())
    return facts
