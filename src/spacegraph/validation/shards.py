"""SHACL validation in shards: every violation of one whole-graph run, in bounded memory, on every core.

pySHACL holds its data graph in memory and looks every value up through
rdflib, which at a million triples takes minutes and gigabytes. Our shapes
only ever look one step away from the node they validate, so the graph can be
cut into shards that each validate exactly as the whole graph would:

* an **anchor** is an IRI, or a blank node that nothing points to (a
  statement); every blank node belongs to the first anchor that reaches it;
* a shard holds some anchors with their descriptions (their triples, and the
  triples of the blank nodes they reach, transitively), the triples that
  point at them through a predicate the shapes read backwards
  (``sh:inversePath``, ``sh:targetObjectsOf``), the ``rdf:type`` of every node
  those triples mention (for ``sh:class``), and the class hierarchy;
* pySHACL runs on each shard, and a shard reports only the violations whose
  focus node it owns: nodes it merely mentions are validated in their own shard.

:func:`sharding_blocker` checks that the shapes keep to what this cut
supports (one-step paths, value shapes that look at the value alone); when
they do not, validation runs on the whole graph in one piece.

Examples
--------
>>> from spacegraph.core import paths
>>> from rdflib import Graph
>>> sharding_blocker(Graph().parse(paths.shapes_file())) is None
True
"""

import os
from collections import defaultdict
from typing import Any

from ..core.choices import SHARD_TRIPLES  # triples per shard: about 300 MB of pySHACL memory each
from ..core.prefixes import PREFIXES
from ..core.terms import is_blank, oxigraph_plain_converter, plain, to_rdflib

__all__ = ["SHARD_TRIPLES", "sharding_blocker", "backward_predicates", "read_descriptions", "plan_shards",
           "validate_shard", "flatten_property_shapes", "violations"]


RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
SH = PREFIXES["sh"]

# What a shape may say and still be validated shard by shard.
_NODE_LEVEL = {"targetClass", "targetObjectsOf", "targetSubjectsOf", "targetNode", "property", "node", "closed",
               "ignoredProperties", "deactivated", "message", "severity", "name", "description", "order", "group"}
_VALUE_LEVEL = {"datatype", "nodeKind", "class", "pattern", "flags", "minLength", "maxLength", "in", "hasValue",
                "languageIn", "uniqueLang", "minCount", "maxCount", "minInclusive", "maxInclusive",
                "minExclusive", "maxExclusive", "or", "and", "not", "xone", "path", "inversePath", "message",
                "severity", "name", "description", "order", "group", "deactivated"}


def _sh_terms(shapes, node):
    """The ``sh:`` predicates used on ``node``, as local names (other predicates are ignored)."""
    return {str(p)[len(SH):] for p in shapes.predicates(node) if str(p).startswith(SH)}


def _list_items(shapes, head):
    from rdflib.collection import Collection

    return list(Collection(shapes, head))


def sharding_blocker(shapes):
    """Return why ``shapes`` cannot be validated shard by shard, or None when they can.

    Parameters
    ----------
    shapes : rdflib.Graph
        The SHACL shapes.
    """
    from rdflib import URIRef

    def check_value_shape(shape, where):
        extra = _sh_terms(shapes, shape) - _VALUE_LEVEL - {"path", "inversePath"}
        if extra:
            return f"{where} uses sh:{sorted(extra)[0]} on a value, which looks beyond it"
        for logical in ("or", "and", "xone"):
            for head in shapes.objects(shape, URIRef(SH + logical)):
                for member in _list_items(shapes, head):
                    reason = check_value_shape(member, where)
                    if reason:
                        return reason
        for member in shapes.objects(shape, URIRef(SH + "not")):
            reason = check_value_shape(member, where)
            if reason:
                return reason
        return None

    for shape in set(shapes.subjects(URIRef(SH + "property"), None)) | set(shapes.subjects(URIRef(SH + "targetClass"), None)):
        unknown = _sh_terms(shapes, shape) - _NODE_LEVEL - _VALUE_LEVEL
        if unknown:
            return f"shape {shape} uses sh:{sorted(unknown)[0]}"
        for prop in shapes.objects(shape, URIRef(SH + "property")):
            for path in shapes.objects(prop, URIRef(SH + "path")):
                if isinstance(path, URIRef):
                    continue
                inverse = list(shapes.objects(path, URIRef(SH + "inversePath")))
                if len(inverse) != 1 or not isinstance(inverse[0], URIRef):
                    return f"a property shape of {shape} has a path longer than one step"
            reason = check_value_shape(prop, f"a property shape of {shape}")
            if reason:
                return reason
    return None


def backward_predicates(shapes):
    """The predicates the shapes follow from object to subject (inverse paths, objects-of targets)."""
    from rdflib import URIRef

    found = {str(p) for path in shapes.subjects(URIRef(SH + "inversePath"), None)
             for p in shapes.objects(path, URIRef(SH + "inversePath"))}
    found |= {str(p) for p in shapes.objects(None, URIRef(SH + "targetObjectsOf"))}
    return found


_TARGETS = ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf")


def flatten_property_shapes(shapes):
    """Give each property shape its node shape's targets, in place, and return ``shapes``.

    SHACL validates a targeted property shape exactly as it does through
    ``sh:property``: same focus nodes, values, results and messages. pySHACL,
    though, runs a nested property shape once per focus node, re-reading its
    constraints each time, and a targeted one once for all its focus nodes:
    three times faster on our shapes. Node shapes keep their own constraints.
    """
    from rdflib import URIRef

    prop_link = URIRef(SH + "property")
    for node, prop in list(shapes.subject_objects(prop_link)):
        if (node, URIRef(SH + "deactivated"), None) in shapes:
            continue
        for name in _TARGETS:
            for value in shapes.objects(node, URIRef(SH + name)):
                shapes.add((prop, URIRef(SH + name), value))
        if any(True for name in _TARGETS for _ in shapes.objects(node, URIRef(SH + name))):
            shapes.remove((node, prop_link, prop))
    return shapes


class Descriptions:
    """The graph grouped for sharding: triples by subject, backward triples by object, types by node.

    Terms are plain (:mod:`spacegraph.core.terms`): IRIs as strings, ``("_", id)``,
    ``("L", text, language, datatype)``, shared between triples, so that a
    shard pickles small for a worker process.
    """

    def __init__(self):
        self.by_subject = defaultdict(list)
        self.backward = defaultdict(list)
        self.types = defaultdict(list)
        self.hierarchy = []
        self.pointed_at = set()


def read_descriptions(kg, backward):
    """Group the triples of ``kg`` in one pass over its store; ``backward``: see :func:`backward_predicates`."""
    from ..core.source import embedded

    kg = embedded(kg, "sharding")
    found = Descriptions()
    for s, p, o in _plain_triples(kg, kg.store):
        triple = (s, p, o)
        found.by_subject[s].append(triple)
        if p == RDF_TYPE:
            found.types[s].append(triple)
        elif p == RDFS_SUBCLASS:
            found.hierarchy.append(triple)
        if is_blank(o):
            found.pointed_at.add(o)
        elif type(o) is str and p in backward:
            found.backward[o].append(triple)
    return found


def _plain_triples(kg, store):
    if store is not None:
        import pyoxigraph as ox

        convert = oxigraph_plain_converter()
        cache: dict[Any, Any] = {}  # one tuple per distinct term, shared by every triple that holds it
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            terms = []
            for term in (quad.subject, quad.predicate, quad.object):
                value = convert(term)
                terms.append(cache.setdefault(value, value))
            yield tuple(terms)
        return
    cache = {}
    for triple in kg.graph:
        yield tuple(cache.setdefault(value, value) for value in map(plain, triple))


def plan_shards(descriptions, shard_triples=SHARD_TRIPLES):
    """Yield ``(owned, triples)`` per shard: the anchors and blank nodes it reports on, and its triples."""
    anchors = [s for s in descriptions.by_subject if type(s) is str or s not in descriptions.pointed_at]
    anchors += [o for o in descriptions.backward if o not in descriptions.by_subject]
    owner: dict[Any, Any] = {}  # {node: the anchor whose shard holds it}
    members = {}
    for anchor in anchors:
        members[anchor] = _closure(anchor, descriptions.by_subject, owner)
    for subject in descriptions.by_subject:  # blank nodes in cycles that no anchor reaches
        if subject not in owner:
            anchors.append(subject)
            members[subject] = _closure(subject, descriptions.by_subject, owner)
    owned: set[Any] = set()
    triples = set(descriptions.hierarchy)
    for anchor in anchors:
        added = set()
        for node in members[anchor]:
            added.update(descriptions.by_subject.get(node, ()))
        added.update(descriptions.backward.get(anchor, ()))
        mentioned = {t[2] for t in added} | {t[0] for t in added}
        for node in mentioned:
            added.update(descriptions.types.get(node, ()))
        owned.update(n for n in members[anchor] if owner.get(n) == anchor)
        owned.add(anchor)
        triples |= added
        if len(triples) >= shard_triples:
            yield owned, list(triples)
            owned, triples = set(), set(descriptions.hierarchy)
    if owned:
        yield owned, list(triples)


def _closure(anchor, by_subject, owner):
    """The anchor and every blank node it reaches; claims unowned ones for it."""
    owner.setdefault(anchor, anchor)
    reached, todo = [anchor], [anchor]
    seen = {anchor}
    while todo:
        node = todo.pop()
        for _, _, o in by_subject.get(node, ()):
            if is_blank(o) and o not in seen:
                seen.add(o)
                owner.setdefault(o, anchor)
                reached.append(o)
                todo.append(o)
    return reached


def _rdflib_term(term, cache):
    value = cache.get(term)
    if value is None:
        value = cache[term] = to_rdflib(term)
    return value


def validate_shard(triples, owned, shapes_text):
    """Validate one shard with pySHACL; return its violations on the nodes it owns.

    Returns a list of ``(focus, path, inverse, message, value)`` with rdflib
    terms; ``inverse`` is True for an ``sh:inversePath``. Runs in a worker process.
    """
    import pyshacl
    from rdflib import Graph

    cache: dict[Any, Any] = {}
    data = Graph()
    for s, p, o in triples:
        data.add((_rdflib_term(s, cache), _rdflib_term(p, cache), _rdflib_term(o, cache)))
    shapes = flatten_property_shapes(Graph().parse(data=shapes_text, format="turtle"))
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none", abort_on_first=False,
                                                allow_warnings=False, meta_shacl=False, advanced=True, inplace=True)
    return violations(results, keep={_rdflib_term(node, cache) for node in owned})


def violations(results, keep=None):
    """Return ``(focus, path, inverse, message, value)`` for each result of a SHACL report graph.

    ``inverse`` is True for an ``sh:inversePath``; with ``keep``, only results on those focus nodes.
    """
    from rdflib import BNode, URIRef

    found = []
    for result in results.subjects(URIRef(RDF_TYPE), URIRef(SH + "ValidationResult")):
        focus = results.value(result, URIRef(SH + "focusNode"))
        if keep is not None and focus not in keep:
            continue
        path = results.value(result, URIRef(SH + "resultPath"))
        inverse = False
        if isinstance(path, BNode):
            backward = results.value(path, URIRef(SH + "inversePath"))
            if backward is not None:
                path, inverse = backward, True
        found.append((focus, path, inverse, results.value(result, URIRef(SH + "resultMessage")), results.value(result,
                                                                                                               URIRef(SH + "value"))))
    return found


def default_workers():
    """Worker processes for sharded validation: one per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
