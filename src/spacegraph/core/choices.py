"""The choices the library and the command line offer, in a module that imports nothing.

The command line builds its options from these at start-up, so they live apart from the
modules that use them (which import networkx, rdflib or igraph): ``spacegraph query`` does not
load what ``spacegraph centrality`` needs. Each module re-exports its own.

Examples
--------
>>> VIEWS, COLOR_BY
(('actors', 'full'), ('kind', 'community'))
>>> "pagerank" in MEASURES and "pagerank" in SIZE_BY
True
"""

__all__ = ["VIEWS", "MEASURES", "COLOR_BY", "SIZE_BY", "SHARD_TRIPLES", "MAX_RESULTS"]

#: The views of the network (:func:`spacegraph.network.projection.to_networkx`).
VIEWS = ("actors", "full")

#: What each centrality measure tells an analyst (:mod:`spacegraph.network.centrality`).
MEASURES = {
    "degree": "how many relationships an actor has, in both directions (normalised by n - 1)",
    "in_degree": "how often others point at an actor: hosted, joined, benchmarked against",
    "out_degree": "how often an actor points at others: hosts, operates, joins, rivals",
    "betweenness": "how often an actor lies on the shortest paths between others: brokers and bridges",
    "closeness": "how near an actor is to everyone it can reach (distance 1/weight)",
    "harmonic": "closeness that also works across disconnected parts of the network",
    "eigenvector": "how connected an actor is to well-connected actors",
    "pagerank": "importance passed along relationships, as a random walk over the directed network",
}

#: How the explorer colours its nodes (:mod:`spacegraph.explorer.render`).
COLOR_BY = ("kind", "community")
#: What the explorer sizes its nodes by.
SIZE_BY = ("pagerank", "degree", "in_degree", "out_degree", "betweenness", "closeness", "harmonic", "eigenvector")

#: Triples in one shard of SHACL validation (:mod:`spacegraph.validation.shards`).
SHARD_TRIPLES = 100_000

#: The most results one answer of a remote endpoint may hold (:mod:`spacegraph.sparql.http_client`).
MAX_RESULTS = 1_000_000
