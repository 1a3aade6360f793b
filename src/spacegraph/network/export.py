"""Write a projected graph for Gephi, Cytoscape and other tools: GraphML, GEXF, JSON, CSV.

Lists and dicts (``types``, ``altLabels``, ``sources``...) become JSON text in
GraphML, GEXF and CSV, which hold only plain values. GEXF carries each node's
and edge's ``start`` and ``end`` dates, so Gephi's timeline works. Files are
written atomically: on any error no file is left half-written.

Examples
--------
>>> import tempfile, networkx as nx
>>> from pathlib import Path
>>> G = nx.MultiDiGraph()
>>> G.add_node("sgid:a", label="A", types=["sg:State"], start="2024-04-01")
>>> _ = G.add_edge("sgid:a", "sgid:a", key="sg:rivals", label="rivals", sources=[])
>>> with tempfile.TemporaryDirectory() as folder:
...     paths = export_graph(G, Path(folder) / "g.gexf", "gexf")
...     'mode="dynamic"' in paths[0].read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.formats import NETWORK_EXPORTS
from ..errors import InvalidArgument

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "export_graph", "flat_copy", "format_of"]

EXPORT_FORMATS = NETWORK_EXPORTS  # spacegraph.core.formats


def format_of(path: str | Path, given: str | None = None) -> str:
    """Return the export format for ``path``: ``given``, or the one its extension names.

    Parameters
    ----------
    path : path-like
        The file to write.
    given : str, optional
        The format asked for: one of :data:`EXPORT_FORMATS`.

    Returns
    -------
    str

    Raises
    ------
    InvalidArgument
        ``given`` is unknown, or differs from the format the extension names, or neither tells one.

    Examples
    --------
    >>> format_of("actors.GraphML"), format_of("actors.txt", "csv")
    ('graphml', 'csv')
    >>> format_of("actors.gexf", "json")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: actors.gexf ends in .gexf but the format asked for is json; rename the file or ask for gexf
    """
    suffix = Path(path).suffix.lower()
    named = suffix[1:] if suffix[1:] in EXPORT_FORMATS else None
    if given is None:
        if named is None:
            raise InvalidArgument(f"cannot tell the format of {path}: name it .graphml, .gexf, .json or .csv", argument="format")
        return named
    if given not in EXPORT_FORMATS:
        raise InvalidArgument(f"unknown export format {given!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if named is not None and named != given:
        raise InvalidArgument(f"{path} ends in {suffix} but the format asked for is {given}; rename the file or ask for "
                              f"{suffix.lstrip('.')}", argument="format")
    return given


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def flat_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``G`` whose attributes are all strings or numbers (lists and dicts as JSON).

    Attributes that are None are left out; each edge gets ``quotes``, how many sources it has.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx`.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", altLabels=["A", "Ay"], description=None)
    >>> _ = G.add_edge("a", "b", key="sg:hosts", sources=[{"document": "sgid:note", "quote": "A hosts B."}])
    >>> H = flat_copy(G)
    >>> H.nodes["a"], H.edges["a", "b", "sg:hosts"]["quotes"]
    ({'altLabels': '["A", "Ay"]'}, 1)
    """
    H = G.__class__()
    H.graph.update({k: _flat(v) for k, v in G.graph.items() if v is not None})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        attributes = {k: _flat(v) for k, v in data.items() if v is not None}
        attributes["quotes"] = len(data.get("sources", []))
        H.add_edge(u, v, key=key, **attributes)
    return H


def _graphml(G: nx.MultiDiGraph) -> dict[str, bytes]:
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(flat_copy(G), out, encoding="utf-8")
    return {"": out.getvalue()}


def _gexf(G: nx.MultiDiGraph) -> dict[str, bytes]:
    import networkx as nx

    out = io.BytesIO()
    nx.write_gexf(flat_copy(G), out, encoding="utf-8", version="1.2draft")
    return {"": out.getvalue()}


def _json(G: nx.MultiDiGraph) -> dict[str, bytes]:
    import networkx as nx

    data = nx.node_link_data(G, edges="edges")
    return {"": (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}


def _csv(G: nx.MultiDiGraph) -> dict[str, bytes]:
    from ..core.csv_cells import csv_text

    # every cell defused by the one CSV writer: labels and quotes come from documents (spacegraph.core.csv_cells)
    node_keys = ["id", "label", "kind", "types", "altLabels", "description"]
    extra = sorted({k for _, d in G.nodes(data=True) for k in d} - set(node_keys))
    nodes = csv_text(node_keys + extra, ([node] + [_flat(data.get(k, "")) for k in node_keys[1:] + extra]
                                         for node, data in G.nodes(data=True)))
    edge_keys = ["source", "target", "predicate", "label", "quotes", "sources"]
    extra = sorted({k for *_, d in G.edges(keys=True, data=True) for k in d} - set(edge_keys) - {"key"})
    edges = csv_text(edge_keys + extra, ([u, v, data.get("predicate", key), data.get("label", ""), len(data.get("sources", [])),
                                          _flat(data.get("sources", []))] + [_flat(data.get(k, "")) for k in extra]
                                         for u, v, key, data in G.edges(keys=True, data=True)))
    return {"-nodes": nodes.encode("utf-8"), "-edges": edges.encode("utf-8")}


def _targets(path: Path, parts: dict[str, bytes]) -> dict[str, Path]:
    if list(parts) == [""]:
        return {"": path}
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return {part: path.with_name(f"{stem}{part}{path.suffix or '.csv'}") for part in parts}


def export_graph(G: nx.MultiDiGraph, path: str | Path, format: str) -> list[Path]:
    """Write ``G`` to ``path`` in ``format``; return the paths written.

    ``csv`` writes two files beside ``path``: ``NAME-nodes.csv`` and ``NAME-edges.csv``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection from :func:`~spacegraph.network.projection.to_networkx`.
    path : path-like
        The file to write (for ``csv``, the name the two files are named after).
    format : str
        ``graphml``, ``gexf``, ``json`` (node-link) or ``csv``: one of :data:`EXPORT_FORMATS`.

    Returns
    -------
    list of Path
        The files written, atomically.

    Raises
    ------
    InvalidArgument
        ``format`` is unknown.

    Examples
    --------
    >>> import tempfile
    >>> G = kg.to_networkx()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = export_graph(G, Path(folder) / "actors.csv", "csv")
    ...     [path.name for path in written], "sgid:china" in written[0].read_text(encoding="utf-8")
    (['actors-nodes.csv', 'actors-edges.csv'], True)
    >>> export_graph(G, "actors.dot", "dot")
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: unknown export format 'dot'; choose one of graphml, gexf, json, csv
    """
    writers = {"graphml": _graphml, "gexf": _gexf, "json": _json, "csv": _csv}
    if format not in writers:
        raise InvalidArgument(f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    from ..core._io import write_files

    path = Path(path)
    contents = writers[format](G)
    targets = _targets(path, contents)
    return write_files({targets[part]: data for part, data in contents.items()})
