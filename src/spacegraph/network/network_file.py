"""The network of a built store, written once beside the store and read in bulk.

``spacegraph build`` writes ``network.json`` into the store's own folder before
``BUILD/store`` is switched to it, so that the switch covers both. The file holds the
actors view of :func:`~spacegraph.network.projection.to_networkx` before any date is
applied: every node and edge in the order the projection made them, with every
attribute, each edge's quotes and documents included. A graph opened from that store
reads it with one ``json.loads`` instead of projecting the store again.

The file is two lines of JSON. The first, the header, says what the file is and which
graph it projects: its format, a digest of the code that projects (a file written by
other code is not used), a digest of the store's fingerprint (a file beside another
store is not used) and the counts of nodes and edges. The second, the body, holds the
styles of the ontology's kinds, the nodes (``{id: attributes}``) and the edges as one
flat list ``[u, v, key, attributes, u, v, key, attributes, ...]``.

A build folder may come from elsewhere, so the file is read as untrusted: JSON only, its
size bounded by the store's, every value checked to be of a kind the projection makes
(text, a flag, a list of texts, ``{"document", "quote"}`` records) and every edge's ends
to be nodes. A file that fails a check is not used: the reason comes back instead, and
the caller projects the store.

Examples
--------
>>> import tempfile, spacegraph
>>> from spacegraph.core.built_store import write_store
>>> from spacegraph.network.projection import write_network
>>> kg = spacegraph.load(use_store=False)
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = write_store(kg, folder, network_writer=lambda store, record: write_network(kg, store, record))
...     parts, reason = read_network(spacegraph.load(build_dir=folder))
>>> reason is None, len(parts.nodes) == kg.to_networkx().number_of_nodes()
(True, True)
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from ..core.paths import display_path

__all__ = ["NETWORK_FILE", "BYTES_PER_TRIPLE", "NetworkParts", "FlatEdges", "write_network_file", "read_network",
           "code_digest", "fingerprint_digest"]

#: The file, in a store's folder, that holds its network.
NETWORK_FILE = "network.json"
#: A network file may hold this many bytes per triple of its store (and 1 MiB more): a larger one is not read.
BYTES_PER_TRIPLE = 2048
_FORMAT = "spacegraph-network"
_VERSION = 1
#: The modules whose code shapes the network, relative to the package.
_PROJECTING_CODE = ("network/projection.py", "network/network_file.py", "core/facts.py", "core/relationships.py", "core/terms.py",
                    "core/prefixes.py", "core/_shortcuts.py")
_code_digest = None


class NetworkParts(NamedTuple):
    """A network as its file holds it: ``{kind: style}``, ``{node: attributes}`` and the flat list of edges."""

    kind_styles: dict
    nodes: dict
    edges: list


def code_digest() -> str:
    """Return the SHA-256 of the code that projects a graph, so that a file written by other code is not used.

    Examples
    --------
    >>> len(code_digest())
    64
    """
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent.parent
        for name in _PROJECTING_CODE:
            try:
                digest.update((package / name).read_bytes())
            except OSError:
                digest.update(os.urandom(16))  # code that cannot be read matches no file
        _code_digest = digest.hexdigest()
    return _code_digest


def fingerprint_digest(record: dict) -> str:
    """Return the SHA-256 of a store's fingerprint record, as canonical JSON.

    Examples
    --------
    >>> fingerprint_digest({"b": 1, "a": [2]}) == fingerprint_digest({"a": [2], "b": 1})
    True
    """
    return hashlib.sha256(json.dumps(record, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def write_network_file(folder: str | Path, parts: NetworkParts, fingerprint: dict) -> Path:
    """Write ``parts`` into the store ``folder`` whose fingerprint record is ``fingerprint``; return the file.

    The file is written whole under a temporary name, then renamed (:func:`spacegraph.core._io.write_files`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_network_file(folder, NetworkParts({}, {"a": {}}, []), {"format": 1})
    ...     path.name, path.read_text(encoding="utf-8").count("\\n")
    ('network.json', 1)
    """
    from ..core._io import write_files

    header = {"format": _FORMAT, "version": _VERSION, "code": code_digest(), "fingerprint": fingerprint_digest(fingerprint),
              "view": "actors", "nodes": len(parts.nodes), "edges": len(parts.edges) // 4}
    body = {"kind_styles": parts.kind_styles, "nodes": parts.nodes, "edges": parts.edges}
    text = json.dumps(header, separators=(",", ":")) + "\n" + json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    path = Path(folder) / NETWORK_FILE
    write_files({path: text.encode("utf-8")})
    return path


def read_network(kg) -> tuple[NetworkParts | None, str | None]:
    """Read the network file of the built store ``kg`` was opened from.

    Returns
    -------
    (NetworkParts or None, str or None)
        The network; or None and why the file cannot be used (None too when ``kg`` was
        not opened from a built store: nothing to say then).

    Examples
    --------
    >>> import spacegraph
    >>> read_network(spacegraph.load(use_store=False))
    (None, None)
    """
    local = kg.source.local
    if local is None or local.built is None:
        return None, None
    record = local.built.record
    from ..core.built_store import STORE_LINK

    path = Path(os.path.realpath(Path(local.built.folder) / STORE_LINK)) / NETWORK_FILE
    shown = display_path(path)
    triples = record.get("triples")  # len(kg) would count an on-disk store
    limit = BYTES_PER_TRIPLE * (triples if type(triples) is int else 0) + (1 << 20)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                return None, f"{shown} is larger than its store could make ({size:,} bytes)"
            head, body = handle.readline(), handle.read()
    except FileNotFoundError:
        return None, f"{shown} is missing"
    except OSError as error:
        return None, f"{shown} cannot be read ({error.strerror or error})"
    try:
        header = json.loads(head)
        _require(isinstance(header, dict) and header.get("format") == _FORMAT and header.get("view") == "actors", "its header")
        if header.get("version") != _VERSION or header.get("code") != code_digest():
            return None, f"{shown} was written by another version of spacegraph"
        if header.get("fingerprint") != fingerprint_digest(record):
            return None, f"{shown} belongs to another build than the store this graph was opened from"
        return _checked(json.loads(body), header), None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        return None, f"{shown} is not a valid network file ({type(error).__name__}: {str(error)[:80]})"


def _types(values):
    return set(map(type, values))


def _require(condition, what):
    if not condition:
        raise ValueError(f"unexpected {what}")


def _checked(body, header):
    """Check that ``body`` holds a network of the shape the projection makes; return its parts.

    One pass over the nodes and one over the edges, each check inline, then the quote
    records in bulk: a file of a million triples holds about a hundred thousand edges,
    and this runs at every read.
    """
    _require(isinstance(body, dict) and set(body) == {"kind_styles", "nodes", "edges"}, "body")
    styles, nodes, edges = body["kind_styles"], body["nodes"], body["edges"]
    _require(type(styles) is dict and type(nodes) is dict and type(edges) is list, "body")
    _require(_types(styles.values()) <= {dict}, "kind styles")
    _require(_types(chain(styles, *styles.values(), *(s.values() for s in styles.values()))) <= {str}, "kind styles")
    _require(len(nodes) == header.get("nodes") and len(edges) == 4 * header.get("edges"), "counts")
    lists: list[list[object]] = []  # every node's types and alternative labels, checked in bulk below
    for data in nodes.values():
        if not (type(data) is dict and type(data["label"]) is str and type(data["kind"]) is str
                and type(data["description"]) is str and type(data["types"]) is list and type(data["altLabels"]) is list):
            raise ValueError("unexpected node attributes")
        lists += (data["types"], data["altLabels"])
        if len(data) > 5:
            _check_values(data)
    _require(_types(chain.from_iterable(lists)) <= {str}, "node types or alternative labels")
    sources, unusual = [], []
    ends = iter(edges)
    for u, v, key, data in zip(ends, ends, ends, ends, strict=True):
        if not (u in nodes and v in nodes and type(key) is str and type(data) is dict):
            raise ValueError("unexpected edge")
        found = data["sources"]
        if type(found) is not list or type(data["predicate"]) is not str or type(data["label"]) is not str:
            raise ValueError("unexpected edge attributes")
        sources.append(found)
        if len(data) > 3:
            unusual.append(data)
    _check_records(list(chain.from_iterable(sources)))
    for data in unusual:
        _check_values(data)
    return NetworkParts(styles, nodes, edges)


def _check_records(records):
    """Every record of ``sources`` is ``{"document": text or null, "quote": text}``, with ``"licence": text`` when the
    document states one."""
    _require(_types(records) <= {dict} and set(map(len, records)) <= {2, 3}, "source record")
    _require(_types(map(itemgetter("quote"), records)) <= {str}, "quote")
    _require(_types(map(itemgetter("document"), records)) <= {str, type(None)}, "document")
    licensed = [record for record in records if len(record) == 3]
    _require(_types(record.get("licence") for record in licensed) <= {str}, "licence")


def _check_values(data):
    """The attributes beyond the usual ones: text, a flag or a list of texts (``sources``: quote records)."""
    for name, value in data.items():
        if name == "sources":
            _require(type(value) is list, "sources")
            _check_records(value)
        elif type(value) is list:
            _require(_types(value) <= {str}, f"attribute {name!r}")
        else:
            _require(type(value) in (str, bool), f"attribute {name!r}")


class FlatEdges:
    """The edges of a flat list ``[u, v, key, attributes, ...]`` as ``((u, v, key), attributes)`` pairs, in order.

    What :func:`~spacegraph.core._shortcuts.multidigraph_in_bulk` reads of an edge mapping,
    without a tuple and a dictionary entry made for each edge first.

    Examples
    --------
    >>> list(FlatEdges(["a", "b", "k", {"w": "1"}]).items())
    [(('a', 'b', 'k'), {'w': '1'})]
    """

    def __init__(self, edges):
        self.edges = edges

    def items(self):
        """Return an iterator of ``((u, v, key), attributes)``."""
        edges = self.edges
        return zip(zip(edges[0::4], edges[1::4], edges[2::4], strict=True), edges[3::4], strict=True)
