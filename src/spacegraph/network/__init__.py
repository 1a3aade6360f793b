"""The graph as a network: the NetworkX projection, centrality, communities, paths and exports.

Examples
--------
>>> import spacegraph
>>> from spacegraph.network import centrality_table
>>> table = centrality_table(spacegraph.load().to_networkx(), measures=["degree"])
>>> table.rows[0]["label"]
'China'
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "to_networkx": ".projection", "VIEWS": ".projection", "kind_of": ".projection",
    "MEASURES": ".centrality", "centrality_table": ".centrality", "CentralityTable": ".centrality",
    "simple_projection": ".centrality",
    "communities": ".structure", "CommunityResult": ".structure", "explain_path": ".structure",
    "ego_network": ".structure", "brokers": ".structure", "resolve_node": ".structure",
    "export_graph": ".export", "EXPORT_FORMATS": ".export",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
