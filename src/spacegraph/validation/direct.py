"""SHACL checked in the store: each property shape is one query, with pySHACL's results.

pySHACL reads every value through rdflib, one focus node at a time. The
shapes of spacegraph use a small set of constraints on one-step paths, which
a SPARQL engine evaluates in bulk: a query per shape finds the (focus, value)
pairs that may fail, the store does the joins, and Python decides each
remaining pair exactly as pySHACL would, with the shape's ``sh:message`` or
pySHACL's own default message. The shapes that share their targets share one
query for their ``sh:minCount 1`` and one for their ``sh:maxCount 1``.
:func:`~spacegraph.validation.shape_plan.plan_checks` reads the shapes, or
says why the store cannot check them.

Examples
--------
>>> import spacegraph
>>> from rdflib import Graph
>>> from spacegraph.core import paths
>>> from spacegraph.validation.shape_plan import plan_checks
>>> kg = spacegraph.load()
>>> checks, _ = plan_checks(Graph().parse(paths.shapes_file()), store_hierarchy(kg.source.store))
>>> direct_violations(kg.source.store, checks)
[]
"""

from typing import Any

from .shape_plan import RDF_TYPE, RDFS_SUBCLASS, Component

__all__ = ["direct_violations", "store_hierarchy"]


def _focus_pattern(check):
    """A group graph pattern binding ``?f`` to each focus node of ``check`` once."""
    from rdflib import Literal

    if len(check.targets) == 1 and check.targets[0][0] == "targetClass" and len(check.targets[0][1]) == 1:
        return f"?f <{RDF_TYPE}> <{next(iter(check.targets[0][1]))}> ."  # one class: no duplicate to remove
    parts = []
    for name, value in check.targets:
        if name == "targetClass":
            classes = " ".join(f"<{c}>" for c in sorted(value))
            parts.append(f"{{ VALUES ?ft {{ {classes} }} ?f <{RDF_TYPE}> ?ft }}")
        elif name == "targetSubjectsOf":
            parts.append(f"{{ ?f <{value}> ?fx }}")
        elif name == "targetObjectsOf":
            parts.append(f"{{ ?fx <{value}> ?f }}")
        else:
            parts.append(f"{{ VALUES ?f {{ {value.n3() if isinstance(value, Literal) else f'<{value}>'} }} }}")
    return f"{{ SELECT DISTINCT ?f WHERE {{ {' UNION '.join(parts)} }} }}"


def _column_expression(item):
    if isinstance(item, Component):
        return item.passes
    predicate = item[1]
    return f"EXISTS {{ ?v <{predicate}> ?vx }}"


def _value_results(store, check, convert):
    """The results of the value constraints of ``check``: one per failing value and constraint."""
    if not check.components:
        return []
    columns = []
    for component in check.components:
        if isinstance(component, Component):
            columns.append(component)
        else:
            for member in component[1]:
                columns.extend(member if isinstance(member, list) else [member])
    names = [f"?ok{i}" for i in range(len(columns))]
    binds = " ".join(f"BIND(COALESCE({_column_expression(item)}, false) AS {name})"
                     for item, name in zip(columns, names, strict=True))
    if check.path is None:
        step = "BIND(?f AS ?v)"
    elif check.inverse:
        step = f"?v <{check.path}> ?f ."
    else:
        step = f"?f <{check.path}> ?v ."
    # a row comes back unless every constraint surely passes
    query = (f"SELECT ?f ?v {' '.join(names)} WHERE {{ {_focus_pattern(check)} {step} {binds} "
             f"FILTER(!({' && '.join(names)})) }}")
    found: list[tuple[Any, Any, Any]] = []  # (focus, value, component)
    for row in store.query(query):
        focus, value = convert(row[0]), convert(row[1])
        passed = {id(item): row[i + 2].value == "true" for i, item in enumerate(columns)}

        def holds(item, value=value, passed=passed):
            if passed[id(item)]:
                return True
            return isinstance(item, Component) and not item.exact and item.check is not None and item.check(value)

        for component in check.components:
            if isinstance(component, Component):
                ok = holds(component)
            else:
                ok = any(all(holds(part) for part in member) if isinstance(member, list) else holds(member)
                         for member in component[1])
            if not ok:
                found.append((focus, value, component))
    return [(focus, check.message if check.message is not None else component.default_message, value)
            for focus, value, component in found]


def _count_results(store, check, convert):
    """The results of ``sh:minCount``, ``sh:maxCount`` and ``sh:uniqueLang``: no value."""
    found: list[tuple[Any, str | None, None]] = []  # (focus, message, no value)
    if check.path is None:
        return found
    step = f"?v <{check.path}> ?f" if check.inverse else f"?f <{check.path}> ?v"
    targets = _focus_pattern(check)
    if check.min_count and check.min_count > 1:
        query = (f"SELECT ?f WHERE {{ {targets} OPTIONAL {{ {step} }} }} "
                 f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {check.min_count})")
        found += [(convert(row[0]), check.message, None) for row in store.query(query)]
    if check.max_count == 0:
        found += [(convert(row[0]), check.message, None)
                  for row in store.query(f"SELECT DISTINCT ?f WHERE {{ {targets} {step} }}")]
    elif check.max_count is not None and check.max_count > 1:
        query = (f"SELECT ?f WHERE {{ {targets} {step} }} "
                 f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) > {check.max_count})")
        found += [(convert(row[0]), check.message, None) for row in store.query(query)]
    if check.unique_lang:
        query = (f"SELECT ?f WHERE {{ {targets} {step} FILTER(isLiteral(?v) && LANG(?v) != \"\") }} "
                 f"GROUP BY ?f (LCASE(LANG(?v))) HAVING (COUNT(DISTINCT ?v) > 1)")
        found += [(convert(row[0]), check.message, None) for row in store.query(query)]
    return found


def _grouped_count_results(store, checks, convert):
    """``sh:minCount 1`` and ``sh:maxCount 1``, one query for all the paths of the shapes that share their targets."""
    groups: dict[tuple[str, bool], list[Any]] = {}  # ShapeChecks by targets and direction
    for check in checks:
        if check.path is not None and (check.min_count == 1 or check.max_count == 1):
            groups.setdefault((repr(sorted(map(repr, check.targets))), check.inverse), []).append(check)
    found = []
    for members in groups.values():
        targets = _focus_pattern(members[0])
        step, other = ("?v ?p ?f", "?w ?p ?f") if members[0].inverse else ("?f ?p ?v", "?f ?p ?w")
        for count, query in (
                ("min_count", "SELECT ?f ?p WHERE {{ {targets} VALUES ?p {{ {paths} }} FILTER NOT EXISTS {{ {step} }} }}"),
                ("max_count", "SELECT DISTINCT ?f ?p WHERE {{ {targets} VALUES ?p {{ {paths} }} {step} . {other} "
                              "FILTER(!sameTerm(?v, ?w)) }}")):
            by_path: dict[str, list[Any]] = {}
            for check in members:
                if getattr(check, count) == 1:
                    by_path.setdefault(check.path, []).append(check)
            if not by_path:
                continue
            paths = " ".join(f"<{path}>" for path in sorted(by_path))
            for row in store.query(query.format(targets=targets, paths=paths, step=step, other=other)):
                found += [(check, convert(row[0]), check.message, None) for check in by_path[row[1].value]]
    return found


def direct_violations(store, checks):
    """Return ``(focus, path, inverse, message, value)`` for every violation, as pySHACL's report gives them.

    Parameters
    ----------
    store : pyoxigraph.Store
        The data and the ontology.
    checks : list of ShapeCheck
        From :func:`~spacegraph.validation.shape_plan.plan_checks`.
    """
    from rdflib import Literal, URIRef

    from ..core.terms import oxigraph_rdflib_converter

    convert = oxigraph_rdflib_converter()
    found = [(check, *result) for check in checks for result in (_value_results(store, check, convert)
                                                                   + _count_results(store, check, convert))]
    found += _grouped_count_results(store, checks, convert)
    return [(focus_node, URIRef(check.path) if check.path is not None else None, check.inverse, Literal(message), value)
            for check, focus_node, message, value in found]


def store_hierarchy(store):
    """The ``rdfs:subClassOf`` pairs between IRIs in ``store``, as strings."""
    import pyoxigraph as ox

    return [(quad.subject.value, quad.object.value)
            for quad in store.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASS), None)
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode)]
