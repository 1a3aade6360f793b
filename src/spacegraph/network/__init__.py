"""The graph as a network: the NetworkX projection, centrality, communities, paths and exports.

Examples
--------
>>> import spacegraph
>>> from spacegraph.network import centrality_table
>>> table = centrality_table(spacegraph.load().to_networkx(), measures=["degree"])
>>> table.rows[0]["degree_rank"], "China" in [row["label"] for row in table.rows]
(1, True)
"""

from ..core._lazy import attach

_EXPORTS = {
    "to_networkx": ".projection", "VIEWS": ".projection", "kind_of": ".projection",
    "MEASURES": ".centrality", "centrality_table": ".centrality", "CentralityTable": ".centrality",
    "simple_projection": ".centrality",
    "communities": ".structure", "CommunityResult": ".structure", "explain_path": ".structure",
    "ego_network": ".structure", "brokers": ".structure", "resolve_node": ".structure",
    "export_graph": ".export", "EXPORT_FORMATS": ".export",
}
__getattr__, __dir__, __all__ = attach(__name__, _EXPORTS)
