"""A single-valued property with two values: a warning that names each value and where it comes from.

The ontology declares which properties take one value (``owl:FunctionalProperty``:
the founding, start, end and other dates). When the data gives an entity two
values of one, most often because two sources disagree, that is not an error
of the data but a question for its reader: :func:`single_valued_warnings`
returns one line per such entity and property, with each value and the
source that states it (the title of the document quoted by an ``rdf:Statement``
whose ``rdf:object`` is that value), or else the file and line where the
value is written.

Examples
--------
>>> import spacegraph
>>> from spacegraph.core import paths
>>> from spacegraph.validation.locate import SourceIndex
>>> single_valued_warnings(spacegraph.load().graph, SourceIndex(paths.data_files()))
[]
"""

from typing import Any

from ..core.model import label_of, short_name
from ..core.prefixes import sparql_prefixes
from .locate import SourceIndex

__all__ = ["single_valued_warnings"]

_PREFIXES = sparql_prefixes("rdf", "rdfs", "owl", "dct", "prov", "sg")
#: Every value of a single-valued property of a subject that has more than one.
_SEVERAL = _PREFIXES + """SELECT ?s ?p ?value WHERE {
  { SELECT ?s ?p WHERE { ?p a owl:FunctionalProperty . ?s ?p ?any } GROUP BY ?s ?p HAVING (COUNT(DISTINCT ?any) > 1) }
  ?s ?p ?value .
}"""
#: The sources that state a value of a single-valued property, by the title of the document quoted.
_STATED_BY = _PREFIXES + """SELECT DISTINCT ?s ?p ?value ?source ?title ?label WHERE {
  ?p a owl:FunctionalProperty .
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?value ; sg:evidence ?quote .
  ?quote prov:wasQuotedFrom ?source .
  OPTIONAL { ?source dct:title ?title }
  OPTIONAL { ?source rdfs:label ?label }
}"""


def single_valued_warnings(graph, index: SourceIndex) -> list[str]:
    """Return one line for each entity that has two values or more of a single-valued property.

    Parameters
    ----------
    graph : rdflib.Graph
        The data and the ontology.
    index : SourceIndex
        Where each node is written, for the file and line of a value that no statement quotes.

    Returns
    -------
    list of str
        ``file:line: entity "label" has 2 values of property (sg:name), which takes one: "v1" (stated by
        Title); "v2" (written at file:line)``, sorted by file and line.
    """
    values: dict[tuple[Any, Any], set[Any]] = {}  # {(subject, property): its values}
    for s, p, value in graph.query(_SEVERAL):
        values.setdefault((s, p), set()).add(value)
    if not values:
        return []
    stated: dict[tuple[Any, Any, Any], set[str]] = {}  # {(subject, property, value): who states it}
    for s, p, value, source, title, label in graph.query(_STATED_BY):
        if (s, p) in values:
            stated.setdefault((s, p, value), set()).add(str(title or label or short_name(graph, source)))
    found = []
    for (s, p), terms in values.items():
        ordered = sorted(terms, key=lambda term: (str(term), str(getattr(term, "datatype", "") or "")))
        lexical = [str(term) for term in ordered]
        parts = []
        for term in ordered:
            shown = f'"{term}"' if lexical.count(str(term)) == 1 else term.n3(graph.namespace_manager)
            sources = sorted(stated.get((s, p, term), ()))
            if sources:
                parts.append(f"{shown} (stated by {' and '.join(sources)})")
                continue
            file, line = index.find_in_description(s, short_name(graph, p), term.n3(graph.namespace_manager))
            if file is None:
                file, line = index.find_in_description(s, short_name(graph, p), f'"{term}"')
            parts.append(f"{shown} (written at {file}:{line})" if file else shown)
        name, label = short_name(graph, s), label_of(graph, s)
        who = name if label == name else f'{name} "{label}"'
        message = (f"{who} has {len(terms)} values of {label_of(graph, p)} ({short_name(graph, p)}), which takes one: "
                   + "; ".join(parts))
        file, line = index.locate(s)
        found.append(((file or "", line or 0, message), f"{file}:{line}: {message}" if file else message))
    return [text for _, text in sorted(found)]
