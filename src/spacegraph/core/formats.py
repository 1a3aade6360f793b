"""Every output format, in one place: what each command and each writer can give.

The writers and the command line read their lists from here: ``spacegraph query --format``
(:data:`QUERY`), ``stats``, ``centrality``, ``communities``, ``path`` and ``ingest``
(:data:`COMMANDS`), ``spacegraph export`` (:data:`NETWORK_EXPORTS`) and the files ``build``
writes (:data:`RDF`). ``docs/index.md`` is tested against them.

Examples
--------
>>> QUERY[:3], COMMANDS["path"], RDF["nt"]
(('table', 'csv', 'tsv'), ('text', 'json'), '.nt')
"""

__all__ = ["QUERY", "NETWORK_EXPORTS", "RDF", "COMMANDS"]

#: The formats of a query's answer: a table and markdown for people, the SPARQL 1.1 result formats for tools.
QUERY = ("table", "csv", "tsv", "json", "xml", "markdown")

#: The formats ``spacegraph export`` writes the network in (Gephi, Cytoscape, NetworkX node-link, CSV).
NETWORK_EXPORTS = ("graphml", "gexf", "json", "csv")

#: The RDF serialisations, with the suffix of the file ``build`` writes each in.
RDF = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}

#: The ``--format`` choices of the other commands, the first being the default.
COMMANDS = {
    "query": QUERY,
    "stats": ("text", "json"),
    "centrality": ("table", "csv", "json"),
    "communities": ("text", "json"),
    "path": ("text", "json"),
    "ingest": ("text", "json"),
}
