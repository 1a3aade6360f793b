"""Which predicates can join two actors: the ontology's domains and ranges against the actors' classes.

A predicate is offered from a subject to an object only when the subject's class falls under
the predicate's ``rdfs:domain`` and the object's under its ``rdfs:range``. An actor whose class
is not known yet (a new actor with no class suggested) fits any; a domain given as a union of
classes fits a class under any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.prefixes import PREFIXES

__all__ = ["Schema", "read_schema"]

_SG, _RDFS, _OWL = PREFIXES["sg"], PREFIXES["rdfs"], PREFIXES["owl"]


@dataclass
class Schema:
    """Domains, ranges, the class hierarchy and the classes of known actors.

    Attributes
    ----------
    domains, ranges : dict
        ``{property IRI: frozenset of class IRIs}``; a property missing from one accepts anything there.
    parents : dict
        ``{class IRI: set of direct superclass IRIs}``.
    types : dict
        ``{entity IRI: set of class IRIs}``.
    labels : dict
        ``{property IRI: label}``.
    symmetric : set
        Properties that read the same both ways (``owl:SymmetricProperty``).
    """

    domains: dict = field(default_factory=dict)
    ranges: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    symmetric: set = field(default_factory=set)

    def lineage(self, cls):
        """``cls`` and every class above it."""
        cache = self.__dict__.setdefault("_lineage", {})
        if cls not in cache:
            seen, todo = set(), [cls]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(self.parents.get(current, ()))
            cache[cls] = frozenset(seen)
        return cache[cls]

    def classes_of(self, actor, new_classes=None):
        """The classes of an actor: a known actor's types, or a new actor's suggested class; empty when unknown."""
        if actor in self.types:
            return self.types[actor]
        cls = (new_classes or {}).get(actor)
        return {cls} if cls else set()

    def fits(self, predicate, subject_classes, object_classes):
        """Whether ``predicate`` can go from an actor of ``subject_classes`` to one of ``object_classes``.

        Examples
        --------
        >>> schema = Schema(domains={"p": frozenset({"Agent"})}, ranges={"p": frozenset({"Facility"})},
        ...                 parents={"State": {"Agent"}, "Station": {"Facility"}})
        >>> schema.fits("p", {"State"}, {"Station"}), schema.fits("p", {"Station"}, {"State"}), schema.fits("p", set(), {"Station"})
        (True, False, True)
        """
        return self._fits_end(self.domains.get(predicate), subject_classes) and self._fits_end(self.ranges.get(predicate),
                                                                                               object_classes)

    def _fits_end(self, allowed, classes):
        if not allowed or not classes:
            return True
        return any(allowed & self.lineage(cls) for cls in classes)


def read_schema(graph) -> Schema:
    """Read the domains, ranges, hierarchy and actors' classes of ``graph`` (an rdflib graph with the ontology), in four queries.

    Examples
    --------
    >>> import spacegraph
    >>> schema = read_schema(spacegraph.load().graph)
    >>> china, station = "https://w3id.org/spacegraph/id/china", "https://w3id.org/spacegraph/id/patagonia-deep-space-station"
    >>> hosts = "https://w3id.org/spacegraph/ontology#hosts"
    >>> schema.fits(hosts, schema.types[china], schema.types[station]), schema.fits(hosts, schema.types[station], schema.types[china])
    (True, False)
    """
    schema = Schema()
    ends: dict[str, dict[str, set[str]]] = {"domain": {}, "range": {}}
    for prop, kind, value, member in graph.query(f"""SELECT ?p ?kind ?v ?m WHERE {{
            VALUES ?kind {{ <{_RDFS}domain> <{_RDFS}range> }}
            ?p a <{_OWL}ObjectProperty> ; ?kind ?v .
            FILTER(STRSTARTS(STR(?p), "{_SG}"))
            OPTIONAL {{ ?v <{_OWL}unionOf>/<{PREFIXES['rdf']}rest>*/<{PREFIXES['rdf']}first> ?m }} }}"""):
        table = ends["domain" if str(kind).endswith("domain") else "range"]
        classes = table.setdefault(str(prop), set())
        if member is not None:
            classes.add(str(member))
        elif not _is_blank(value):
            classes.add(str(value))
    schema.domains = {p: frozenset(c) for p, c in ends["domain"].items() if c and _SG + "Entity" not in c}
    schema.ranges = {p: frozenset(c) for p, c in ends["range"].items() if c and _SG + "Entity" not in c}
    for cls, parent in graph.query(f"SELECT ?c ?p WHERE {{ ?c <{_RDFS}subClassOf> ?p . FILTER(isIRI(?p)) }}"):
        schema.parents.setdefault(str(cls), set()).add(str(parent))
    for entity, cls in graph.query(f"""SELECT ?e ?c WHERE {{ ?c <{_RDFS}subClassOf>* <{_SG}Entity> . ?e a ?c .
                                       FILTER(isIRI(?e)) }}"""):
        schema.types.setdefault(str(entity), set()).add(str(cls))
    for prop, label, symmetric in graph.query(f"""SELECT ?p ?l ?s WHERE {{ ?p a <{_OWL}ObjectProperty> .
            FILTER(STRSTARTS(STR(?p), "{_SG}")) OPTIONAL {{ ?p <{_RDFS}label> ?l }}
            BIND(EXISTS {{ ?p a <{_OWL}SymmetricProperty> }} AS ?s) }}"""):
        if label is not None:
            schema.labels.setdefault(str(prop), str(label))
        if symmetric is not None and symmetric.toPython():
            schema.symmetric.add(str(prop))
    return schema


def _is_blank(term):
    return type(term).__name__ == "BNode"
