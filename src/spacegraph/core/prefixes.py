"""The project's prefixes as plain strings: light to import, the one table of namespace IRIs.

:mod:`spacegraph.core.namespaces` builds rdflib namespaces on it; readers that work
on plain strings (:mod:`spacegraph.core.terms`, :mod:`spacegraph.core.facts`) use it
directly, without importing rdflib.

Examples
--------
>>> PREFIXES["sgid"] + "china"
'https://w3id.org/spacegraph/id/china'
"""

__all__ = ["PREFIXES", "sparql_prefixes"]

PREFIXES = {
    "sg": "https://w3id.org/spacegraph/ontology#",
    "sgid": "https://w3id.org/spacegraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prefixes(*names):
    """The SPARQL ``PREFIX`` lines of the project's prefixes ``names`` (all of them by default), one per line.

    Examples
    --------
    >>> print(sparql_prefixes("sg", "rdfs"), end="")
    PREFIX sg: <https://w3id.org/spacegraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names or PREFIXES)
