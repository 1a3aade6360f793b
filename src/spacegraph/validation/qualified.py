"""Relationship nodes must say how they count: the triple they qualify is stated, and their class has roles.

A node whose class names an ``sg:unqualifiedForm`` (a membership qualifies
``member of``) is the same relationship as the direct triple between its
subject and its object, and is counted once with it (see
:mod:`spacegraph.core.relationships`). If the data states the node but not the
triple, the plain question (``?x sg:memberOf sgid:ilrs``) misses the
relationship, so the triple is required. A node whose class declares no
``sg:subjectRole`` and ``sg:objectRole`` cannot be drawn as an edge.
"""

from ..core.facts import read_facts
from ..core.relationships import Relationships
from ..core.terms import compact
from .report import Problem

__all__ = ["qualified_problems"]


def qualified_problems(kg, index):
    """Return a problem for each relationship node whose triple is missing or whose class has no roles.

    Reads the store a fixed number of times (:func:`~spacegraph.core.facts.read_facts`).
    """
    found = Relationships(read_facts(kg, quotes=False))
    problems = []
    for node in sorted(found.nodes):
        declared = found.declarations[node]
        file, line = index.locate(_iri(node))
        name = f'{compact(node)} "{found.facts.labels.get(node, compact(node))}"'
        if not (declared.subject_role and declared.object_role):
            problems.append(Problem(
                "qualified", f"{name} is a {found.label(declared.cls)}, whose class declares no sg:subjectRole and "
                             "sg:objectRole: the ontology must say which of its links are the subject and the object", file, line))
            continue
        for subject, obj in found.missing_triples(node):
            forms = " or ".join(compact(form) for form in declared.forms)
            problems.append(Problem(
                "qualified", f"{name} qualifies {compact(subject)} {forms} {compact(obj)}, which the data does not "
                             "state: add the triple with its quote, so that both count as one relationship", file, line))
    return problems


def _iri(node):
    from rdflib import URIRef

    return URIRef(node)
