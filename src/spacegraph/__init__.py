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

from .core._lazy import attach

__version__ = "0.1.0"

# Imported on first use, so that `import spacegraph` (and the CLI) start fast; `dir(spacegraph)` lists them all.
__getattr__, __dir__, __all__ = attach(
    __name__, {"load": ".graph", "KnowledgeGraph": ".graph", "SpacegraphError": ".errors", "build": ".workflows.build",
              "RemoteEndpoint": ".graph.remote"},
    submodules=["core", "errors", "explorer", "graph", "ingest", "network", "sparql", "validation", "workflows"], eager=["__version__"])
