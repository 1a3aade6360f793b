"""The explorer: one offline HTML page of the projected graph, every edge with its quotes.

Examples
--------
>>> import spacegraph
>>> from spacegraph.explorer import explorer_html
>>> "<html" in explorer_html(spacegraph.load().to_networkx())
True
"""

from .._lazy import lazy_exports

_EXPORTS = {"explorer_html": ".render", "render_html": ".render", "COLOR_BY": ".render", "SIZE_BY": ".render"}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
