"""spacegraph: a knowledge graph of the actors of the space sector, every relationship quoted.

Examples
--------
>>> import spacegraph
>>> kg = spacegraph.load()
>>> kg.validate().ok
True
>>> kg.label("sgid:ilrs")
'International Lunar Research Station'
"""

from ._lazy import lazy_exports

__version__ = "0.1.0"

__all__ = ["load", "KnowledgeGraph", "SpacegraphError", "__version__"]

# Imported on first use, so that `import spacegraph` (and the CLI) start fast.
__getattr__ = lazy_exports(__name__, {"load": ".graph", "KnowledgeGraph": ".graph", "SpacegraphError": ".errors"})
