"""The SHACL shapes read into checks the store can run: targets, a one-step path, constraints.

:func:`plan_checks` turns each targeted shape (after
:func:`~spacegraph.validation.shards.flatten_property_shapes`) into a
:class:`ShapeCheck`: its focus nodes, its path and its constraints, each a
:class:`Component` with a SPARQL test that only conforming values pass and,
where the store cannot decide, pySHACL's own test in Python (an ill-typed
``xsd:date``, a pattern). It says why when the shapes use anything else (another
constraint, a longer path, a message that is not one literal); the caller then
runs pySHACL. :mod:`spacegraph.validation.direct` runs the checks.

Examples
--------
>>> from rdflib import Graph
>>> from spacegraph.core import paths
>>> checks, reason = plan_checks(Graph().parse(paths.shapes_file()))
>>> reason is None, len(checks) > 50
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from ..core.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["plan_checks", "ShapeCheck", "Component"]

SH = PREFIXES["sh"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
XSD = PREFIXES["xsd"]
RDF_LANGSTRING = PREFIXES["rdf"] + "langString"
_STRINGS = (XSD + "string", RDF_LANGSTRING)

_TARGETS = ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf")
_ANNOTATIONS = {"message", "name", "description", "order", "group", "severity", "deactivated", "path"}
_VALUE = {"class", "datatype", "nodeKind", "minLength", "maxLength", "pattern", "flags", "languageIn", "or"}
_COUNTS = {"minCount", "maxCount", "uniqueLang"}
#: Constraints whose default message pySHACL writes from the constraint alone.
_DEFAULT_MESSAGES = {"class": "Value does not have class {}", "datatype": "Value is not Literal with datatype {}",
                     "nodeKind": "Value is not of Node Kind {}"}
_NODE_KINDS = {"IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)",
               "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))", "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
               "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))"}


@dataclass
class Component:
    """One value constraint: a SPARQL test that passes only conforming values, and pySHACL's exact test."""

    name: str
    passes: str
    exact: bool = True
    check: Callable[[Any], bool] | None = None  # rdflib term -> bool, for the values the SPARQL test does not pass
    default_message: str | None = None


@dataclass
class ShapeCheck:
    """A targeted shape: its focus nodes, its path (None on a node shape) and its constraints."""

    shape: object
    targets: list
    path: str | None = None
    inverse: bool = False
    message: str | None = None
    components: list = field(default_factory=list)  # Component, or ("or", [[Component...] or ("exists", p)...])
    min_count: int | None = None
    max_count: int | None = None
    unique_lang: bool = False


def _sh(name):
    from rdflib import URIRef

    return URIRef(SH + name)


def _local(term):
    text = str(term)
    return text[len(SH):] if text.startswith(SH) else None


def _integer(value):
    from rdflib import Literal

    if isinstance(value, Literal) and isinstance(value.value, int) and not isinstance(value.value, bool) and value.value >= 0:
        return value.value
    return None


class _Unsupported(Exception):
    """The shapes use something this module does not check; pySHACL runs instead."""


def _terms(shapes, node):
    """``{local sh: name: [values]}`` of ``node``; other predicates are annotations."""
    found: dict[str, list[Node]] = {}
    for predicate, value in shapes.predicate_objects(node):
        name = _local(predicate)
        if name is not None:
            found.setdefault(name, []).append(value)
    return found


def _one(terms, name):
    values = terms.get(name, [])
    if len(values) != 1:
        raise _Unsupported(f"sh:{name} is given {len(values)} times")
    return values[0]


def _closure(store_hierarchy, cls):
    """``cls`` and every class below it through ``rdfs:subClassOf``."""
    below: dict[str, set[str]] = {}
    for sub, sup in store_hierarchy:
        below.setdefault(sup, set()).add(sub)
    found, todo = {cls}, [cls]
    while todo:
        for sub in below.get(todo.pop(), ()):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def _value_components(shapes, terms, hierarchy, shown):
    """The value constraints in ``terms`` as :class:`Component` objects."""
    from rdflib import Literal

    components = []
    for name in sorted(set(terms) & _VALUE - {"flags", "or"}):
        rule = _one(terms, name)
        default = _DEFAULT_MESSAGES[name].format(shown(rule)) if name in _DEFAULT_MESSAGES else None
        if name == "class":
            classes = " ".join(f"<{c}>" for c in sorted(_closure(hierarchy, str(rule))))
            components.append(Component(name, f"EXISTS {{ ?v <{RDF_TYPE}> ?vt . VALUES ?vt {{ {classes} }} }}",
                                        default_message=default))
        elif name == "datatype":
            exact = str(rule) in _STRINGS  # other datatypes also need a well-formed value, which Python decides
            components.append(Component(name, f"(isLiteral(?v) && datatype(?v) = <{rule}>)" if exact else "false", exact,
                                        partial(_datatype_matches, rule=rule), default))
        elif name == "nodeKind":
            kind = _local(rule)
            if kind not in _NODE_KINDS:
                raise _Unsupported(f"sh:nodeKind {rule}")
            components.append(Component(name, _NODE_KINDS[kind], default_message=default))
        elif name in ("minLength", "maxLength"):
            limit = _integer(rule)
            if limit is None:
                raise _Unsupported(f"sh:{name} {rule}")
            compare = ">=" if name == "minLength" else "<="
            plain = f"(isIRI(?v) || (isLiteral(?v) && datatype(?v) IN (<{_STRINGS[0]}>, <{_STRINGS[1]}>)))"
            components.append(Component(name, f"({plain} && STRLEN(STR(?v)) {compare} {limit})", False,
                                        partial(_length_ok, limit=limit, least=name == "minLength")))
        elif name == "pattern":
            flags = 0
            for flag in terms.get("flags", [])[:1]:
                flags |= (re.I if "i" in str(flag).lower() else 0) | (re.M if "m" in str(flag).lower() else 0)
            if not isinstance(rule, Literal):
                raise _Unsupported("sh:pattern that is not a literal")
            matcher = re.compile(str(rule), flags)
            components.append(Component(name, "false", False, partial(_pattern_ok, matcher=matcher)))
        elif name == "languageIn":
            languages = [str(item).lower() for item in shapes.items(rule)]
            if "*" in languages:
                test = 'LANG(?v) != ""'
            else:
                listed = ", ".join(_string_literal(lang) for lang in languages) or '""'
                test = f'LANG(?v) != "" && (LCASE(LANG(?v)) IN ({listed}) || LCASE(STRBEFORE(CONCAT(LANG(?v), "-"), "-")) IN ({listed}))'
            components.append(Component(name, f"(isLiteral(?v) && {test})"))
    return components


def _string_literal(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _datatype_matches(value, rule):
    """pySHACL's test of ``sh:datatype``: the datatype, and a well-formed value of it."""
    import datetime
    from decimal import Decimal

    from rdflib import RDF, RDFS, Literal
    from rdflib.namespace import XSD as X

    if not isinstance(value, Literal):
        return False
    expected: dict[object, type | tuple[type, ...]] = {
        X.string: (str, bytes), RDF.langString: (str, bytes), X.integer: int, X.float: float, X.decimal: Decimal,
        X.boolean: bool, X.date: datetime.date, X.time: datetime.time, X.dateTime: datetime.datetime}

    def actual():
        kind = expected.get(rule)
        return kind is None or isinstance(value.value, kind)

    if value.datatype == rule:
        return getattr(value, "ill_typed", None) is not True and actual()
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == X.string:
        return actual()
    if rule == RDF.langString and value.language:
        return actual()
    return False


def _as_text(value):
    """The string pySHACL's string constraints read from a value."""
    from rdflib import RDF, Literal
    from rdflib.namespace import XSD as X

    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString, X.string):
        return str(value.value)
    return str(value)


def _length_ok(value, limit, least):
    from rdflib import BNode

    if least and limit == 0:
        return True
    if isinstance(value, BNode):
        return False
    length = len(_as_text(value))
    return length >= limit if least else length <= limit


def _pattern_ok(value, matcher):
    from rdflib import BNode

    return not isinstance(value, BNode) and matcher.search(_as_text(value)) is not None


def _or_members(shapes, head, hierarchy, shown, node_level):
    from rdflib import URIRef

    members = []
    for member in shapes.items(head):
        terms = _terms(shapes, member)
        if "path" in terms:
            path = _one(terms, "path")
            rest = set(terms) - {"path", "minCount"} - _ANNOTATIONS
            if not node_level or rest or _integer(_one(terms, "minCount")) != 1 or not isinstance(path, URIRef):
                raise _Unsupported("sh:or with a property shape other than a minCount 1 on a predicate")
            members.append(("exists", str(path)))
            continue
        extra = set(terms) - _VALUE - {"or"} - _ANNOTATIONS
        if extra or "or" in terms:
            raise _Unsupported(f"sh:or with sh:{sorted(extra or {'or'})[0]}")
        members.append(_value_components(shapes, terms, hierarchy, shown))
    return members


def _shape_check(shapes, shape, hierarchy, shown):
    from rdflib import BNode, URIRef

    terms = _terms(shapes, shape)
    unknown = set(terms) - set(_TARGETS) - _ANNOTATIONS - _VALUE - _COUNTS - {"property"}
    if unknown:
        raise _Unsupported(f"shape {shape} uses sh:{sorted(unknown)[0]}")
    if "property" in terms:
        raise _Unsupported(f"shape {shape} has a property shape without targets")
    targets = [(name, value) for name in _TARGETS for value in terms.get(name, [])]
    check = ShapeCheck(shape, targets)
    if "path" in terms:
        path = _one(terms, "path")
        if isinstance(path, BNode):
            inverse = list(shapes.objects(path, _sh("inversePath")))
            if len(inverse) != 1 or not isinstance(inverse[0], URIRef) or len(set(shapes.predicates(path))) != 1:
                raise _Unsupported(f"a property shape of {shape} has a path longer than one step")
            check.path, check.inverse = str(inverse[0]), True
        else:
            check.path = str(path)
    elif set(terms) & _COUNTS:
        raise _Unsupported("a count on a node shape")
    messages = terms.get("message", [])
    if len(messages) > 1:
        raise _Unsupported(f"shape {shape} has several messages")
    check.message = str(messages[0]) if messages else None
    check.components = _value_components(shapes, terms, hierarchy, shown)
    for head in terms.get("or", []):
        check.components.append(("or", _or_members(shapes, head, hierarchy, shown, check.path is None)))
    if len(terms.get("or", [])) > 1:
        raise _Unsupported("several sh:or on one shape")
    if check.message is None:
        if any(not isinstance(c, Component) or c.default_message is None for c in check.components) or set(terms) & _COUNTS:
            raise _Unsupported(f"shape {shape} has a constraint without sh:message whose default message is not checked here")
    if "minCount" in terms:
        check.min_count = _integer(_one(terms, "minCount"))
    if "maxCount" in terms:
        check.max_count = _integer(_one(terms, "maxCount"))
    if "uniqueLang" in terms:
        check.unique_lang = bool(_one(terms, "uniqueLang").toPython())
    if "minCount" in terms and check.min_count is None or "maxCount" in terms and check.max_count is None:
        raise _Unsupported("a count that is not a whole number")
    return check


def plan_checks(shapes, hierarchy=()):
    """Return ``(checks, None)``, or ``(None, reason)`` when the shapes use what this module does not check.

    Parameters
    ----------
    shapes : rdflib.Graph
        The SHACL shapes; they are not changed.
    hierarchy : iterable of (str, str)
        The ``rdfs:subClassOf`` pairs of the data graph, for ``sh:targetClass`` and ``sh:class``.
    """
    from rdflib import Graph, Literal, URIRef

    from .shards import flatten_property_shapes

    flat = Graph()
    for prefix, namespace in shapes.namespaces():
        flat.bind(prefix, namespace)
    for triple in shapes:
        flat.add(triple)
    flatten_property_shapes(flat)
    flat.namespace_manager.bind("sh", SH, override=False, replace=False)

    def shown(term):
        return term.n3(namespace_manager=flat.namespace_manager)

    hierarchy = list(hierarchy)
    targeted = {s for name in _TARGETS for s in flat.subjects(_sh(name), None)}
    classes = {URIRef(PREFIXES["rdfs"] + "Class"), URIRef(PREFIXES["owl"] + "Class")}
    for kind in ("NodeShape", "PropertyShape"):
        for shape in flat.subjects(URIRef(PREFIXES["rdf"] + "type"), _sh(kind)):
            if set(flat.objects(shape, URIRef(PREFIXES["rdf"] + "type"))) & classes:
                return None, f"shape {shape} is also a class (an implicit class target)"
    checks = []
    try:
        for shape in sorted(targeted, key=str):
            if any(value == Literal(True) for value in flat.objects(shape, _sh("deactivated"))):
                continue
            check = _shape_check(flat, shape, hierarchy, shown)
            check.targets = [(name, {str(c) for c in _closure(hierarchy, str(value))} if name == "targetClass" else value)
                             for name, value in check.targets]
            checks.append(check)
    except _Unsupported as reason:
        return None, str(reason)
    return checks, None
