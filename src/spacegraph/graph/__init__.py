"""The facade: the objects users hold.

:class:`KnowledgeGraph` and :func:`load` (an embedded graph, read from the store ``spacegraph
build`` wrote or from the files), :class:`~spacegraph.graph.remote.RemoteEndpoint` (the same
questions asked of a SPARQL server), the figures of :mod:`~spacegraph.graph.stats` and RDF
serialisation in :mod:`~spacegraph.graph.export`.
"""

from .knowledge_graph import KnowledgeGraph
from .loading import default_build_dir, load, read_graph

__all__ = ["KnowledgeGraph", "load", "read_graph", "default_build_dir"]
