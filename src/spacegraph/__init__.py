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

__version__ = "0.1.0"

__all__ = ["load", "KnowledgeGraph", "SpacegraphError", "__version__"]


def __getattr__(name):
    # Imported on first use, so that `import spacegraph` (and the CLI) start fast.
    if name == "load":
        from .loader import load

        return load
    if name == "KnowledgeGraph":
        from .graph import KnowledgeGraph

        return KnowledgeGraph
    if name == "SpacegraphError":
        from .errors import SpacegraphError

        return SpacegraphError
    raise AttributeError(f"module 'spacegraph' has no attribute {name!r}")
