"""Network analysis under its first name; it lives in :mod:`spacegraph.network`.

Examples
--------
>>> from spacegraph.analysis import centrality_table, communities, explain_path
>>> explain_path.__module__
'spacegraph.network.structure'
"""

from .network.centrality import *  # noqa: F403
from .network.centrality import __all__ as _CENTRALITY
from .network.structure import *  # noqa: F403
from .network.structure import __all__ as _STRUCTURE

__all__ = [*_CENTRALITY, *_STRUCTURE]
