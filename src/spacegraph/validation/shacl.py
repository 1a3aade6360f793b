"""SHACL validation with pySHACL, one readable problem per violation."""

from rdflib import BNode, Graph, Namespace, RDF

from ..model import label_of, short_name
from .report import Problem

__all__ = ["shacl_problems"]

SH = Namespace("http://www.w3.org/ns/shacl#")


def _path_name(graph, results, path):
    """Name a SHACL result path; an inverse path reads ``^sg:partOf``."""
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + short_name(graph, inverse)
    return short_name(graph, path)


def shacl_problems(graph, shapes_path, index):
    """Validate ``graph`` against the shapes in ``shapes_path``.

    The graph already holds the ontology, so shapes that target a class also
    reach the instances of its subclasses.

    Returns
    -------
    list of Problem
        One per violation: the focus node's name and label, the path, and the
        shape's message. Sorted by file and line.
    """
    import pyshacl

    shapes = Graph().parse(shapes_path, format="turtle")
    _conforms, results, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=True,
        inplace=False,
    )
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        name = short_name(graph, focus)
        label = label_of(graph, focus)
        who = name if label == name else f'{name} "{label}"'
        where = f"{_path_name(graph, results, path)}: " if path is not None else ""
        detail = f" (value: {short_name(graph, value)})" if value is not None and value != focus else ""
        file, line = index.locate(focus)
        problems.append(Problem("shacl", f"{who}: {where}{message}{detail}", file, line))
    return sorted(problems, key=lambda p: (p.path or "", p.line or 0, p.message))
