"""The explorer: one offline HTML page of the projected graph, every edge with its quotes.

Examples
--------
>>> import spacegraph
>>> from spacegraph.explorer import explorer_html
>>> "<html" in explorer_html(spacegraph.load().to_networkx())
True
"""

from ..core._lazy import attach

_EXPORTS = {"explorer_html": ".render", "render_html": ".render", "COLOR_BY": ".render", "SIZE_BY": ".render"}
__getattr__, __dir__, __all__ = attach(__name__, _EXPORTS)
