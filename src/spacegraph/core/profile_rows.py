"""The rows of ``actor-profile`` for every entity, found in one pass over the store's scans.

``queries/derived/actor-profile.rq`` defines the rows: a union of six joins over the class
hierarchy, the statements and the relationship nodes. Evaluated whole, those joins grow faster
than the graph (12 s at a million triples, 53 s at three million), so ``spacegraph build``
finds the same rows here instead: one scan per property and class, two joins for the quotes,
then dictionaries, in time that grows with the graph. The query stays the definition;
the tests hold the two to the same rows in the same order.

Terms stay pyoxigraph terms from the scans to the rows, so that the derived graph holds
exactly what the query would have returned.

Examples
--------
>>> import spacegraph
>>> kg = spacegraph.load(use_store=False)
>>> rows = list(actor_profile_rows(kg.source.store))
>>> next(r for r in rows if r[0].value.endswith("/military-aerospace-force"))[2].value
'->'
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .facts import ancestors
from .prefixes import PREFIXES

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyoxigraph

__all__ = ["COLUMNS", "SECTOR_COLUMNS", "QUOTES_COLUMNS", "Profiles", "actor_profile_rows"]

#: The columns of a row, as the listing's query names them.
COLUMNS = ("actor", "actorLabel", "direction", "relation", "other", "otherLabel", "role", "via", "quote")
#: The columns of a row of ``quotes``.
QUOTES_COLUMNS = ("exact", "subject", "subjectLabel", "relation", "object", "objectLabel")
#: The columns of a row of ``sector-overview``.
SECTOR_COLUMNS = ("actor", "actorLabel", "kind", "direction", "relation", "other", "otherLabel", "role", "via", "quote")

_SG, _RDF, _RDFS, _OWL = PREFIXES["sg"], PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_STATEMENT_EXACTS = f"""SELECT ?s ?p ?o ?exact WHERE {{
  ?statement <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; <{_SG}evidence>/<{PREFIXES["oa"]}exact> ?exact }}"""
_NODE_EXACTS = f"SELECT ?node ?exact WHERE {{ ?node <{_SG}evidence>/<{PREFIXES['oa']}exact> ?exact }}"


class _Scans:
    """What the rows are made of, read with one scan per predicate (and per class for the types)."""

    def __init__(self, store):
        import pyoxigraph as ox

        self.ox, self.store = ox, store
        named = ox.NamedNode
        self.default = ox.DefaultGraph()
        parents = defaultdict(list)
        for subject, parent in self.pairs(named(_RDFS + "subClassOf")):
            parents[subject].append(parent)
        self.subject_roles = self.grouped(named(_SG + "subjectRole"))
        self.object_roles = self.grouped(named(_SG + "objectRole"))
        self.forms = self.grouped(named(_SG + "unqualifiedForm"))
        self.edge_labels = self.grouped(named(_SG + "edgeLabel"))
        self.labels = self.grouped(named(_RDFS + "label"))
        self.role_names = self.grouped(named(_SG + "roleName"))
        # a declaring class names a subject role and an object role (each pair of them, as the query joins them)
        declaring = [c for c in self.subject_roles if c in self.object_roles]
        classes = set(parents) | {p for ps in parents.values() for p in ps} | set(declaring)
        entity = named(_SG + "Entity")
        lineages = {c: ancestors(c, parents) for c in classes | {entity}}
        entity_classes = [c for c, lineage in lineages.items() if entity in lineage]
        declared_by = {c: [d for d in lineage if d in self.object_roles and d in self.subject_roles]
                       for c, lineage in lineages.items()}
        rdf_type = named(_RDF + "type")
        self.entities = {s for c in entity_classes for s in self.subjects(rdf_type, c)}
        #: {node: [declaring classes above any of its types]}
        self.declarations: dict = defaultdict(list)
        for cls, above in declared_by.items():
            if above:
                for node in self.subjects(rdf_type, cls):
                    found = self.declarations[node]
                    found.extend(d for d in above if d not in found)
        self.object_properties = set(self.subjects(rdf_type, named(_OWL + "ObjectProperty")))
        self.evidence = named(_SG + "evidence")
        self.lineages = lineages
        self.relationship_types = self.types_under(_SG + "Relationship")
        self.relationship_nodes = set(self.relationship_types)
        # what the profile rows are made of, kept for the listings made from the same reads (set by _profile_rows)
        self.direct: list = []
        self.links: dict = {}
        self.statement_exacts: dict = {}
        self.node_exacts: dict = {}
        self.qualifying: dict = {}

    def types_under(self, root):
        """``{node: {its classes under root}}``: every node typed with ``root`` (an IRI) or a class under it."""
        top = self.ox.NamedNode(root)
        rdf_type = self.ox.NamedNode(_RDF + "type")
        found = defaultdict(set)
        for c, lineage in self.lineages.items():
            if top in lineage:
                for s in self.subjects(rdf_type, c):
                    found[s].add(c)
        return found

    def instances_under(self, root):
        """Every node typed with ``root`` (an IRI) or a class under it."""
        top = self.ox.NamedNode(root)
        rdf_type = self.ox.NamedNode(_RDF + "type")
        return {s for c, lineage in self.lineages.items() if top in lineage for s in self.subjects(rdf_type, c)}

    def pairs(self, predicate):
        return ((q.subject, q.object) for q in self.store.quads_for_pattern(None, predicate, None, self.default))

    def subjects(self, predicate, obj):
        return (q.subject for q in self.store.quads_for_pattern(None, predicate, obj, self.default))

    def grouped(self, predicate):
        found = defaultdict(list)
        for subject, value in self.pairs(predicate):
            found[subject].append(value)
        return found


def actor_profile_rows(store: pyoxigraph.Store) -> Iterator[tuple]:
    """Yield the rows of ``queries/derived/actor-profile.rq`` over the store's default graph, in its order.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store that holds the ontology and the data in its default graph.

    Returns
    -------
    iterator of tuple
        One tuple per row, its values in the order of :data:`COLUMNS` (None where unbound).

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load(use_store=False)
    >>> row = next(actor_profile_rows(kg.source.store))
    >>> len(row) == len(COLUMNS)
    True
    """
    return iter(Profiles(store).actor_profile())


class Profiles:
    """The profile rows of every entity, found once; each listing made of them is read from here.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store that holds the ontology and the data in its default graph.

    Examples
    --------
    >>> import spacegraph
    >>> profiles = Profiles(spacegraph.load(use_store=False).source.store)
    >>> {row[2].value for row in profiles.sector_overview()} <= {"company", "group of actors"}
    True
    >>> rows = profiles.quotes()
    >>> rows == sorted(rows, key=lambda row: row[0].value) and len(rows) > 100
    True
    """

    def __init__(self, store):
        self.scans = _Scans(store)
        self.rows = _profile_rows(self.scans, store)

    def actor_profile(self):
        """The rows of ``actor-profile``, in its order."""
        return sorted(self.rows, key=_order)

    def sector_overview(self):
        """The rows of ``sector-overview``, in its order: those of companies and groups of actors, documents left out."""
        scans = self.scans
        ox = scans.ox
        rdf_type = ox.NamedNode(_RDF + "type")
        kinds = defaultdict(list)
        for name in ("Company", "ActorGroup"):
            cls = ox.NamedNode(_SG + name)
            for label in scans.labels.get(cls, ()):
                for actor in scans.subjects(rdf_type, cls):
                    kinds[actor].append(label)
        documents = scans.instances_under(_SG + "Document")
        found = [(actor, actor_label, kind, direction, relation, other, other_label, role, via, quote)
                 for actor, actor_label, direction, relation, other, other_label, role, via, quote in self.rows
                 if actor in kinds and other not in documents for kind in kinds[actor]]
        found.sort(key=_sector_order)
        return found

    def quotes(self):
        """The rows of ``quotes``, in its order: each passage with the relationship it backs.

        A direct triple between two entities has the quotes of its statement and of the nodes that
        qualify it; a relationship node that qualifies no stated triple (a claim) has its own, under
        its most specific class.
        """
        scans = self.scans
        labels = scans.labels
        found = set()
        for triple in scans.direct:
            subject, predicate, value = triple
            exacts = set(scans.statement_exacts.get(triple, ()))
            for node in scans.qualifying.get(triple, ()):
                exacts.update(scans.node_exacts.get(node, ()))
            for exact in exacts:
                for relation in labels[predicate]:
                    for subject_label in labels.get(subject, ()):
                        for value_label in labels.get(value, ()):
                            found.add((exact, subject, subject_label, relation, value, value_label))
        stated: set = set()
        for form in {form for forms in scans.forms.values() for form in forms}:
            stated.update(triple for triple in ((s, form, o) for s, o in scans.pairs(form)) if triple in scans.qualifying)
        qualifying = {node for triple in stated for node in scans.qualifying[triple]}
        for node, classes in scans.relationship_types.items():
            if node in qualifying or node not in scans.node_exacts:
                continue
            lineages = scans.lineages
            for cls in classes:
                if any(other != cls and cls in lineages[other][1:] for other in classes):
                    continue  # a narrower class of the node names it
                for relation in labels.get(cls, ()):
                    for node_label in labels.get(node, ()):
                        for exact in scans.node_exacts[node]:
                            found.add((exact, node, node_label, relation, None, None))
        return sorted(found, key=_quotes_order)


def _profile_rows(scans, store):
    """Every row of every entity's profile, in no order."""
    ox = scans.ox
    entities, labels, declarations = scans.entities, scans.labels, scans.declarations
    labelled_properties = {p for p in scans.object_properties if p != scans.evidence and p in labels}
    role_properties = {p for cls in declarations_classes(declarations) for table in (scans.subject_roles, scans.object_roles)
                       for p in table[cls]}
    links: dict = defaultdict(lambda: defaultdict(list))  # {node: {property: [values]}}
    direct = []
    for predicate in sorted(labelled_properties | role_properties | (scans.object_properties - {scans.evidence}),
                            key=lambda p: p.value):
        is_direct = predicate in labelled_properties
        for subject, value in scans.pairs(predicate):
            if subject in declarations:
                links[subject][predicate].append(value)
            if is_direct and subject in entities and value in entities:
                direct.append((subject, predicate, value))
    statement_exacts = defaultdict(set)
    for solution in store.query(_STATEMENT_EXACTS):
        statement_exacts[solution[0], solution[1], solution[2]].add(solution[3])
    node_exacts = defaultdict(set)
    relationship_nodes = scans.relationship_nodes
    for solution in store.query(_NODE_EXACTS):
        if solution[0] in declarations or solution[0] in relationship_nodes:
            node_exacts[solution[0]].add(solution[1])
    scans.direct, scans.links, scans.statement_exacts, scans.node_exacts = direct, links, statement_exacts, node_exacts

    rows: dict = defaultdict(list)  # {(actor, direction, relation, other, role, via): [sets of exacts]}
    forward, backward = ox.Literal("->"), ox.Literal("<-")
    nothing = (None,)
    # the nodes that qualify a direct triple add their quotes and roles to its row
    qualifying = defaultdict(set)
    for node, classes in declarations.items():
        node_links = links.get(node, {})
        for cls in classes:
            for form in scans.forms.get(cls, ()):
                for subject_role in scans.subject_roles[cls]:
                    for object_role in scans.object_roles[cls]:
                        for subject in node_links.get(subject_role, ()):
                            for value in node_links.get(object_role, ()):
                                qualifying[subject, form, value].add(node)
    scans.qualifying = qualifying
    for triple in direct:
        subject, predicate, value = triple
        exacts = [statement_exacts.get(triple, ())]
        roles = []
        for node in qualifying.get(triple, ()):
            exacts.append(node_exacts.get(node, ()))
            roles.extend(scans.role_names.get(node, ()))
        for relation in labels[predicate]:
            for role in roles or nothing:
                rows[subject, forward, relation, value, role, None] += exacts
                rows[value, backward, relation, subject, role, None] += exacts
    # a node that stands alone, and whatever else a node links to
    for node, classes in declarations.items():
        node_links = links.get(node, {})
        vias = labels.get(node)
        if not vias:
            continue
        exacts = [node_exacts.get(node, ())]
        node_roles = scans.role_names.get(node) or nothing
        for cls in classes:
            for subject_role in scans.subject_roles[cls]:
                for object_role in scans.object_roles[cls]:
                    if cls not in scans.forms:
                        relations = _relations(scans.edge_labels.get(cls), labels.get(object_role))
                        for subject in node_links.get(subject_role, ()):
                            for value in node_links.get(object_role, ()):
                                for relation in relations:
                                    for via in vias:
                                        for role in node_roles:
                                            rows[subject, forward, relation, value, role, via] += exacts
                                            rows[value, backward, relation, subject, role, via] += exacts
                    for extra, values in node_links.items():
                        if extra in (subject_role, object_role, scans.evidence) or extra not in scans.object_properties:
                            continue
                        relations = _relations(scans.edge_labels.get(extra), labels.get(extra))
                        for subject in node_links.get(subject_role, ()):
                            for value in values:
                                for relation in relations:
                                    for via in vias:
                                        if isinstance(value, ox.NamedNode):
                                            rows[subject, forward, relation, value, None, via] += exacts
                                        if isinstance(subject, ox.NamedNode):
                                            rows[value, backward, relation, subject, None, via] += exacts
    found = []
    for (actor, direction, relation, other, role, via), exact_sets in rows.items():
        if actor not in entities:
            continue
        quote = _joined({exact for exacts in exact_sets for exact in exacts}, ox)
        for actor_label in labels.get(actor, ()):
            for other_label in labels.get(other, ()):
                found.append((actor, actor_label, direction, relation, other, other_label, role, via, quote))
    return found



def declarations_classes(declarations):
    """Every declaring class some node has."""
    return {cls for classes in declarations.values() for cls in classes}


def _relations(edge_labels, property_labels):
    """A relationship's name: the class's or property's edge label, else the property's label (which must exist)."""
    if not property_labels:
        return []
    return list(dict.fromkeys(edge_labels)) if edge_labels else list(dict.fromkeys(property_labels))


def _joined(exacts, ox):
    """The quotes of a row as the query's GROUP_CONCAT joins them: distinct, in the order of their text."""
    if not exacts:
        return None
    ordered = sorted(exacts, key=_term_key)
    text = " | ".join(exact.value for exact in ordered)
    languages = {exact.language for exact in ordered}
    language = languages.pop() if len(languages) == 1 else None
    return ox.Literal(text, language=language) if language else ox.Literal(text)


def _term_key(term):
    """The order of SPARQL's ORDER BY over terms: unbound, blank nodes, IRIs, then literals by their text."""
    if term is None:
        return (0, "", False)
    kind = type(term).__name__
    if kind == "BlankNode":
        return (1, term.value, False)
    if kind == "NamedNode":
        return (2, term.value, False)
    return (3, term.value, term.language is None)


def _order(row):
    actor, _, direction, relation, other, other_label, role, via, _ = row
    return (_term_key(actor), direction.value, _term_key(relation), _term_key(other_label), _term_key(other),
            _term_key(via), _term_key(role))


def _sector_order(row):
    actor, actor_label, _, direction, relation, other, other_label, role, via, _ = row
    # ties (two actors of one name) in the order of their IRIs, the same at every build
    return (_term_key(actor_label), direction.value, _term_key(relation), _term_key(other_label), _term_key(via),
            _term_key(role), _term_key(actor), _term_key(other))


def _quotes_order(row):
    exact, subject, subject_label, relation, value, value_label = row
    return (_term_key(exact), _term_key(subject_label), _term_key(relation), _term_key(value_label), _term_key(subject),
            _term_key(value))
