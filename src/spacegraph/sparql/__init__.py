"""SPARQL: the named-query library, the guard, the embedded engine, results and the read-only endpoint.

Examples
--------
>>> from spacegraph.sparql import list_queries
>>> "ilrs-members" in [q.name for q in list_queries()]
True
"""

from ..core._lazy import attach
from ..core.formats import QUERY

#: The formats a result is written in (:meth:`~spacegraph.sparql.results.QueryResult.serialize`).
OUTPUT_FORMATS = QUERY  # spacegraph.core.formats

_EXPORTS = {
    "list_queries": ".library", "get_query": ".library", "read_query": ".library", "NamedQuery": ".library",
    "run_query": ".query", "QueryResult": ".results", "Row": ".results",
    "check_query": ".guard", "serve": ".server",
}
__getattr__, __dir__, __all__ = attach(__name__, _EXPORTS, eager=["OUTPUT_FORMATS"])
