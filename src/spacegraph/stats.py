"""Counts that summarise the graph: entities, relationships, quotes, sources."""

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF
from rdflib.namespace import OWL, PROV

from .model import instances, label_of, most_specific_types, short_name
from .namespaces import OA, SG

__all__ = ["GraphStats", "compute_stats"]


@dataclass
class GraphStats:
    """The figures ``spacegraph build`` and ``spacegraph stats`` print.

    Attributes
    ----------
    triples : int
        Triples in the merged graph (ontology and data).
    ontology_triples : int
        Triples that come from the ontology.
    entities_by_class : dict
        ``{class label: count}``, each entity counted under its most specific class.
    relationships_by_predicate : dict
        ``{predicate label: count}`` of direct entity-to-entity triples.
    relationship_nodes_by_class : dict
        ``{class label: count}`` of n-ary relationship nodes (memberships, claims...).
    quoted_relationships : int
        Direct relationships and relationship nodes that carry at least one quote.
    quoted_entities : int
        Entities that take part in at least one quoted relationship.
    quotes : int
        Quote nodes (``sg:Quote``).
    distinct_quotes : int
        Distinct quoted passages.
    sources : list
        Labels of the documents that quotes come from.
    unconnected : list
        Labels of the entities without any relationship.
    """

    triples: int = 0
    ontology_triples: int = 0
    entities_by_class: dict = field(default_factory=dict)
    relationships_by_predicate: dict = field(default_factory=dict)
    relationship_nodes_by_class: dict = field(default_factory=dict)
    quoted_relationships: int = 0
    quoted_entities: int = 0
    quotes: int = 0
    distinct_quotes: int = 0
    sources: list = field(default_factory=list)
    unconnected: list = field(default_factory=list)

    @property
    def entity_count(self):
        """Number of entities."""
        return sum(self.entities_by_class.values())

    @property
    def direct_relationship_count(self):
        """Number of direct entity-to-entity triples."""
        return sum(self.relationships_by_predicate.values())

    @property
    def relationship_node_count(self):
        """Number of n-ary relationship nodes."""
        return sum(self.relationship_nodes_by_class.values())

    @property
    def relationship_count(self):
        """Direct relationships plus relationship nodes."""
        return self.direct_relationship_count + self.relationship_node_count

    def to_dict(self):
        """Return the figures as a JSON-ready dict."""
        return {
            "triples": self.triples,
            "ontology_triples": self.ontology_triples,
            "data_triples": self.triples - self.ontology_triples,
            "entities": self.entity_count,
            "entities_by_class": self.entities_by_class,
            "quoted_entities": self.quoted_entities,
            "relationships": self.relationship_count,
            "direct_relationships": self.direct_relationship_count,
            "relationship_nodes": self.relationship_node_count,
            "relationship_nodes_by_class": self.relationship_nodes_by_class,
            "relationships_by_predicate": self.relationships_by_predicate,
            "quoted_relationships": self.quoted_relationships,
            "quotes": self.quotes,
            "distinct_quotes": self.distinct_quotes,
            "sources": self.sources,
            "unconnected_entities": self.unconnected,
        }

    def summary_lines(self, detail=False):
        """Return the summary as lines of text; ``detail`` adds predicates and unconnected entities."""
        width = max([len(k) for k in [*self.entities_by_class, *self.relationships_by_predicate, *self.relationship_nodes_by_class]] + [10])
        lines = [
            f"triples        {self.triples:>6,}  ({self.ontology_triples:,} ontology, {self.triples - self.ontology_triples:,} data)",
            f"entities       {self.entity_count:>6,}  ({self.quoted_entities:,} in quoted relationships)",
        ]
        lines += [f"  {name:<{width}} {count:>5}" for name, count in self.entities_by_class.items()]
        lines.append(
            f"relationships  {self.relationship_count:>6,}  ({self.direct_relationship_count:,} direct, "
            f"{self.relationship_node_count:,} as nodes; {self.quoted_relationships:,} with quotes)"
        )
        lines += [f"  {name:<{width}} {count:>5}" for name, count in self.relationship_nodes_by_class.items()]
        lines.append(f"quotes         {self.quotes:>6,}  ({self.distinct_quotes:,} distinct passages)")
        lines.append(f"sources        {len(self.sources):>6,}  ({'; '.join(self.sources)})")
        if detail:
            lines.append("relationships per predicate")
            lines += [f"  {name:<{width}} {count:>5}" for name, count in self.relationships_by_predicate.items()]
            lines.append(f"entities without any relationship: {len(self.unconnected)}")
            lines += [f"  {name}" for name in self.unconnected]
        return lines


def _ranked(counter):
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def compute_stats(kg):
    """Compute :class:`GraphStats` for a :class:`~spacegraph.graph.KnowledgeGraph` in one pass over its triples.

    Examples
    --------
    >>> import spacegraph
    >>> stats = spacegraph.load().stats()
    >>> stats.entities_by_class["state"] > 10
    True
    """
    from .validation.evidence import evidenced_triples

    graph = kg.graph
    entities = instances(graph, SG.Entity)
    relationship_nodes = instances(graph, SG.Relationship)
    backed = evidenced_triples(graph)

    by_class = Counter()
    for entity in entities:
        for cls in most_specific_types(graph, entity):
            by_class[label_of(graph, cls)] += 1
    nodes_by_class = Counter()
    quoted = 0
    connected = set()
    quoted_entities = set()
    for node in relationship_nodes:
        for cls in most_specific_types(graph, node):
            nodes_by_class[label_of(graph, cls)] += 1
        linked = {o for o in graph.objects(node) if o in entities}
        connected |= linked
        if (node, SG.evidence, None) in graph:
            quoted += 1
            quoted_entities |= linked

    by_predicate = Counter()
    for s, p, o in graph:
        if s in entities and o in entities and p not in (RDF.type, OWL.differentFrom):
            by_predicate[label_of(graph, p)] += 1
            connected |= {s, o}
            if (s, p, o) in backed:
                quoted += 1
                quoted_entities |= {s, o}

    quotes = set(graph.objects(None, SG.evidence))
    texts = {str(graph.value(q, OA.exact)) for q in quotes}
    documents = {graph.value(q, PROV.wasQuotedFrom) for q in quotes} - {None}
    return GraphStats(
        triples=len(graph),
        ontology_triples=kg.ontology_triples,
        entities_by_class=_ranked(by_class),
        relationships_by_predicate=_ranked(by_predicate),
        relationship_nodes_by_class=_ranked(nodes_by_class),
        quoted_relationships=quoted,
        quoted_entities=len(quoted_entities),
        quotes=len(quotes),
        distinct_quotes=len(texts),
        sources=sorted(label_of(graph, d) for d in documents),
        unconnected=sorted(label_of(graph, e) for e in entities - connected),
    )
