"""Counts that summarise the graph: entities, relationships, quotes, sources.

Relationships are counted by the rule of :mod:`spacegraph.core.relationships`: a
direct triple between two entities once, however many quotes or nodes back
it, and a relationship node that qualifies no triple (an attributed claim)
once; a node that qualifies a triple is not counted again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.facts import Facts
    from ..core.relationships import Relationship
    from ..core.source import HasSource

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
        ``{label: count}``: direct triples by predicate, and relationship nodes that stand alone by class.
    relationship_nodes_by_class : dict
        ``{class label: count}`` of n-ary relationship nodes (memberships, claims...).
    quoted_relationships : int
        Direct relationships and relationship nodes that carry at least one quote.
    quoted_entities : int
        Entities that take part in at least one quoted relationship.
    relationships_by_entity : dict
        ``{compact id: count}``: how many relationships each entity takes part in.
    direct_relationships : int
        Relationships stated as direct triples.
    qualifying_nodes : int
        Relationship nodes that qualify a direct triple, and so count with it.
    quotes : int
        Quote nodes (``sg:Quote``).
    distinct_quotes : int
        Distinct quoted passages.
    sources : list
        Labels of the documents that quotes come from.
    by_source : list
        For each source document (quoted, or with an ``sg:textFile``): a dict of its ``document``
        (compact id), ``title``, ``quotes``, distinct ``passages``, the ``entities`` that take part in
        a relationship it backs, and those ``relationships``, most quoted first.
    unconnected : list
        Labels of the entities without any relationship.
    """

    triples: int = 0
    ontology_triples: int = 0
    entities_by_class: dict[str, int] = field(default_factory=dict)
    relationships_by_predicate: dict[str, int] = field(default_factory=dict)
    relationship_nodes_by_class: dict[str, int] = field(default_factory=dict)
    direct_relationships: int = 0
    qualifying_nodes: int = 0
    quoted_relationships: int = 0
    quoted_entities: int = 0
    relationships_by_entity: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    distinct_quotes: int = 0
    sources: list[str] = field(default_factory=list)
    by_source: list[dict[str, Any]] = field(default_factory=list)
    unconnected: list[str] = field(default_factory=list)

    @property
    def entity_count(self) -> int:
        """Number of entities."""
        return sum(self.entities_by_class.values())

    @property
    def direct_relationship_count(self) -> int:
        """Number of direct entity-to-entity triples, each a relationship."""
        return self.direct_relationships

    @property
    def relationship_node_count(self) -> int:
        """Number of relationship nodes, whether they qualify a triple or stand alone."""
        return sum(self.relationship_nodes_by_class.values())

    @property
    def relationship_count(self) -> int:
        """Relationships: the direct triples and the relationship nodes that qualify none."""
        return sum(self.relationships_by_predicate.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready dict.

        Returns
        -------
        dict
            The fields, the counts the properties give (``entities``, ``relationships``...) and ``data_triples``.

        Examples
        --------
        >>> figures = GraphStats(triples=10, ontology_triples=4, entities_by_class={"state": 2})
        >>> figures.to_dict()["data_triples"], figures.to_dict()["entities"]
        (6, 2)
        """
        return {
            "triples": self.triples,
            "ontology_triples": self.ontology_triples,
            "data_triples": self.triples - self.ontology_triples,
            "entities": self.entity_count,
            "entities_by_class": self.entities_by_class,
            "quoted_entities": self.quoted_entities,
            "relationships": self.relationship_count,
            "direct_relationships": self.direct_relationship_count,
            "standalone_relationship_nodes": self.relationship_count - self.direct_relationship_count,
            "relationship_nodes": self.relationship_node_count,
            "qualifying_relationship_nodes": self.qualifying_nodes,
            "relationship_nodes_by_class": self.relationship_nodes_by_class,
            "relationships_by_predicate": self.relationships_by_predicate,
            "quoted_relationships": self.quoted_relationships,
            "quotes": self.quotes,
            "distinct_quotes": self.distinct_quotes,
            "sources": self.sources,
            "by_source": self.by_source,
            "unconnected_entities": self.unconnected,
            "relationships_by_entity": self.relationships_by_entity,
        }

    def summary_lines(self, detail: bool = False) -> list[str]:
        """Return the summary as lines of text; ``detail`` adds predicates and unconnected entities.

        Parameters
        ----------
        detail : bool
            Add the figures of each source, the relationships per predicate and the entities without any.

        Returns
        -------
        list of str

        Examples
        --------
        >>> figures = GraphStats(triples=10, ontology_triples=4, entities_by_class={"state": 2},
        ...                      relationships_by_predicate={"member of": 1}, direct_relationships=1, sources=["A note"])
        >>> print(*figures.summary_lines()[:4], sep=chr(10))
        triples            10  (4 ontology, 6 data)
        entities            2  (0 in quoted relationships)
          state          2
        relationships       1  (1 direct, 0 as nodes only; 0 with quotes)
        >>> figures.summary_lines(detail=True)[-1]
        'entities without any relationship: 0'
        """
        width = max([len(k) for k in [*self.entities_by_class, *self.relationships_by_predicate, *self.relationship_nodes_by_class]] + [10])
        lines = [
            f"triples        {self.triples:>6,}  ({self.ontology_triples:,} ontology, {self.triples - self.ontology_triples:,} data)",
            f"entities       {self.entity_count:>6,}  ({self.quoted_entities:,} in quoted relationships)",
        ]
        lines += [f"  {name:<{width}} {count:>5}" for name, count in self.entities_by_class.items()]
        alone = self.relationship_count - self.direct_relationship_count
        lines.append(
            f"relationships  {self.relationship_count:>6,}  ({self.direct_relationship_count:,} direct, "
            f"{alone:,} as nodes only; {self.quoted_relationships:,} with quotes)"
        )
        lines.append(
            f"  {self.relationship_node_count:,} relationship nodes: {self.qualifying_nodes:,} qualify a direct "
            f"relationship and count with it, {alone:,} stand{'s' if alone == 1 else ''} alone"
        )
        lines += [f"  {name:<{width}} {count:>5}" for name, count in self.relationship_nodes_by_class.items()]
        lines.append(f"quotes         {self.quotes:>6,}  ({self.distinct_quotes:,} distinct passages)")
        lines.append(f"sources        {len(self.sources):>6,}  ({'; '.join(self.sources)})")
        if detail:
            lines += self.source_lines()
            lines.append("relationships per predicate")
            lines += [f"  {name:<{width}} {count:>5}" for name, count in self.relationships_by_predicate.items()]
            lines.append(f"entities without any relationship: {len(self.unconnected)}")
            lines += [f"  {name}" for name in self.unconnected]
        return lines

    def source_lines(self) -> list[str]:
        """Return the figures of each source as the lines of a table.

        Returns
        -------
        list of str
            A header line, then one line per source.

        Examples
        --------
        >>> figures = GraphStats(by_source=[{"document": "sgid:note", "title": "A note", "quotes": 3, "passages": 2,
        ...                                  "entities": 4, "relationships": 2}])
        >>> print(*figures.source_lines(), sep=chr(10))
        per source  quotes  passages  entities  relationships
          A note         3         2         4              2
        """
        width = max([len(row["title"]) for row in self.by_source] + [8])
        lines = [f"{'per source':<{width + 2}}  quotes  passages  entities  relationships"]
        lines += [f"  {row['title']:<{width}}  {row['quotes']:>6,}  {row['passages']:>8,}  {row['entities']:>8,}  "
                  f"{row['relationships']:>13,}" for row in self.by_source]
        return lines


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def compute_stats(kg: HasSource) -> GraphStats:
    """Compute :class:`GraphStats` for a :class:`~spacegraph.graph.KnowledgeGraph`, with a fixed number of store reads.

    Parameters
    ----------
    kg : KnowledgeGraph
        An embedded graph (a :class:`~spacegraph.graph.remote.RemoteEndpoint` has no count of its triples).

    Returns
    -------
    GraphStats

    Examples
    --------
    >>> stats = compute_stats(kg)
    >>> stats.entities_by_class["state"] > 0, stats.relationships_by_predicate["member of"] > 0
    (True, True)
    >>> stats.relationship_count == sum(stats.relationships_by_predicate.values())
    True
    """
    from ..core.facts import EVIDENCE, SG, Reader, read_facts
    from ..core.prefixes import PREFIXES
    from ..core.relationships import Relationships
    from ..core.source import embedded
    from ..core.terms import compact

    facts = read_facts(kg)
    found = Relationships(facts)
    label = found.label

    by_class = Counter(label(found.most_specific(entity)) for entity in found.entities)
    nodes_by_class = Counter(label(found.most_specific(node)) for node in found.nodes)
    by_predicate: Counter[str] = Counter()
    by_entity: Counter[str] = Counter()
    quoted = 0
    quoted_entities = set()
    direct = 0
    backed: Counter[str] = Counter()  # {document: relationships}
    backed_entities: defaultdict[str, set[str]] = defaultdict(set)
    for relationship in found.relationships():
        by_predicate[label(relationship.predicate)] += 1
        direct += relationship.node is None
        by_entity.update(relationship.participants)
        if relationship.quoted:
            quoted += 1
            quoted_entities |= relationship.participants
            for document in _documents_of(relationship, facts):
                backed[document] += 1
                backed_entities[document] |= relationship.participants

    reader = Reader(kg)
    quote_nodes = {quote for _, quote in reader.scan(EVIDENCE)}
    exact = [(quote, text[1]) for quote, text in reader.scan(PREFIXES["oa"] + "exact")
             if quote in quote_nodes and isinstance(text, tuple)]
    quoted_from = {quote: document for quote, document in reader.scan(PREFIXES["prov"] + "wasQuotedFrom")
                   if quote in quote_nodes and isinstance(document, str)}
    titles = {s: o[1] for s, o in reader.scan(PREFIXES["dct"] + "title") if isinstance(o, tuple)}
    documents = set(quoted_from.values())
    per_source: dict[str, Counter[str]] = {document: Counter() for document in documents | {s for s, _ in reader.scan(SG + "textFile")}}
    for document in quoted_from.values():
        per_source[document]["quotes"] += 1
    for document, _text in {(quoted_from[quote], text) for quote, text in exact if quote in quoted_from}:
        per_source[document]["passages"] += 1
    by_source = [{"document": compact(document), "title": titles.get(document) or facts.labels.get(document, compact(document)),
                  "quotes": figures["quotes"], "passages": figures["passages"],
                  "entities": len(backed_entities[document]) if document in backed else 0,
                  "relationships": backed[document]}
                 for document, figures in per_source.items() if isinstance(document, str)]
    local = embedded(kg, "the statistics")  # the counts of triples are the store's own
    return GraphStats(
        triples=len(local),
        ontology_triples=local.ontology_triples,
        entities_by_class=_ranked(by_class),
        relationships_by_predicate=_ranked(by_predicate),
        relationship_nodes_by_class=_ranked(nodes_by_class),
        direct_relationships=direct,
        qualifying_nodes=len(found.qualifying),
        quoted_relationships=quoted,
        quoted_entities=len(quoted_entities),
        relationships_by_entity=_ranked(Counter({compact(e): n for e, n in by_entity.items()})),
        quotes=len(quote_nodes),
        distinct_quotes=len({text for _, text in exact}),
        sources=sorted(facts.labels.get(d, d) for d in documents),
        by_source=sorted(by_source, key=lambda row: (-row["quotes"], row["title"], row["document"])),
        unconnected=sorted(facts.labels.get(e, e) for e in found.entities - set(by_entity)),
    )


def _documents_of(relationship: Relationship, facts: Facts) -> set[str]:
    """The documents whose quotes back a relationship: on its statement, or on a node that qualifies it, or its own node's."""
    if relationship.node is not None:
        pairs = facts.node_sources.get(relationship.node, ())
    else:
        pairs = [*facts.statement_sources.get((relationship.subject, relationship.predicate, relationship.object), ())]
        for node in relationship.qualifiers:
            pairs += facts.node_sources.get(node, ())
    return {document for _, document in pairs if isinstance(document, str)}
