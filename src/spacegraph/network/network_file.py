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
styles of the ontology's kinds, the nodes (``{id: attributes}``), and the edges in columns,
each text once and referred to by number:

* ``texts``: every key, predicate, label, document and licence the edges name, once each;
* ``records``: each quote record once, as ``document, quote, licence`` (the two numbers
  index ``texts``, -1 for none), however many edges it backs;
* ``edges``: five numbers per edge, its start and end (their places among the nodes), and
  its key, predicate and label (their places among the texts), in the projection's order;
* ``sources``: each edge's records, by number;
* ``extras``: ``[edge, {attribute: value}]`` for the edges that have more attributes (dates,
  role, the node they fold...).

Read back, the edges that cite the same passage share its record. At a million triples the
file is 40 % smaller than the same network written edge by edge with its attributes, and
``json.loads`` parses it in about half the time (docs/performance.md).

A build folder may come from elsewhere, so the file is read as untrusted: JSON only, its
size bounded by the store's, every number checked to point where it may, every value checked
to be of a kind the projection makes (text, a flag, a list of texts, ``{"document", "quote"}``
records), each check over a whole column at once. A file that fails a check is not used:
the reason comes back instead, and the caller projects the store.

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
from typing import Any, NamedTuple

from ..core.paths import display_path

__all__ = ["NETWORK_FILE", "BYTES_PER_TRIPLE", "NetworkParts", "EdgeColumns", "write_network_file", "read_network",
           "code_digest", "fingerprint_digest"]

#: The file, in a store's folder, that holds its network.
NETWORK_FILE = "network.json"
#: A network file may hold this many bytes per triple of its store (and 1 MiB more): a larger one is not read.
BYTES_PER_TRIPLE = 2048
_FORMAT = "spacegraph-network"
_VERSION = 2
_EDGE_COLUMNS = ("predicate", "label", "sources")  # the attributes every edge has, kept in columns
#: The modules whose code shapes the network, relative to the package.
_PROJECTING_CODE = ("network/projection.py", "network/network_file.py", "core/facts.py", "core/relationships.py", "core/terms.py",
                    "core/prefixes.py", "core/_shortcuts.py")
_code_digest = None


class NetworkParts(NamedTuple):
    """A network: ``{kind: style}``, ``{node: attributes}`` and its edges (``edges.items()`` gives ``((u, v, key), attributes)``)."""

    kind_styles: dict
    nodes: dict
    edges: Any


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
    >>> edges = {("a", "b", "sg:hosts"): {"predicate": "sg:hosts", "label": "hosts", "sources": []}}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_network_file(folder, NetworkParts({}, {"a": {}, "b": {}}, edges), {"format": 1})
    ...     path.name, path.read_text(encoding="utf-8").count("\\n")
    ('network.json', 1)
    """
    from ..core._io import write_files

    place = {node: number for number, node in enumerate(parts.nodes)}
    texts: dict[str, int] = {}
    records: dict[tuple[Any, ...], int] = {}
    record_columns: list[Any] = []  # document, quote, licence, document...
    columns: list[int] = []  # start, end, key, predicate, label, start...
    sources: list[list[int]] = []
    extras: list[list[Any]] = []

    def text(value: str | None) -> int:
        if value is None:
            return -1
        number = texts.get(value)
        if number is None:
            number = texts[value] = len(texts)
        return number

    for number, ((u, v, key), data) in enumerate(parts.edges.items()):
        columns += (place[u], place[v], text(key), text(data["predicate"]), text(data["label"]))
        cited = []
        for record in data["sources"]:
            ident = (record["document"], record["quote"], record.get("licence"))
            found = records.get(ident)
            if found is None:
                found = records[ident] = len(records)
                record_columns += (text(ident[0]), ident[1], text(ident[2]))
            cited.append(found)
        sources.append(cited)
        rest = {name: value for name, value in data.items() if name not in _EDGE_COLUMNS}
        if rest:
            extras.append([number, rest])
    header = {"format": _FORMAT, "version": _VERSION, "code": code_digest(), "fingerprint": fingerprint_digest(fingerprint),
              "view": "actors", "nodes": len(parts.nodes), "edges": len(sources)}
    body = {"kind_styles": parts.kind_styles, "nodes": parts.nodes, "texts": list(texts), "records": record_columns,
            "edges": columns, "sources": sources, "extras": extras}
    text_of = json.dumps(header, separators=(",", ":")) + "\n" + json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    path = Path(folder) / NETWORK_FILE
    write_files({path: text_of.encode("utf-8")})
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

    Each check runs over a whole column (every edge's start, every record's quote...) in the
    interpreter's C loops: a file of a million triples holds about a hundred thousand edges,
    and this runs at every read.
    """
    _require(isinstance(body, dict) and set(body) == {"kind_styles", "nodes", "texts", "records", "edges", "sources", "extras"},
             "body")
    styles, nodes, texts, record_columns = body["kind_styles"], body["nodes"], body["texts"], body["records"]
    columns, sources, extras = body["edges"], body["sources"], body["extras"]
    _require(type(styles) is dict and type(nodes) is dict and all(type(c) is list for c in
                                                                  (texts, record_columns, columns, sources, extras)), "body")
    _require(_types(styles.values()) <= {dict}, "kind styles")
    _require(_types(chain(styles, *styles.values(), *(s.values() for s in styles.values()))) <= {str}, "kind styles")
    count = header.get("edges")
    _require(len(nodes) == header.get("nodes") and len(columns) == 5 * count and len(sources) == count
             and len(record_columns) % 3 == 0, "counts")
    attributes = list(nodes.values())
    _require(_types(attributes) <= {dict}, "node attributes")
    _require(_types(chain(*(map(itemgetter(name), attributes) for name in ("label", "kind", "description")))) <= {str},
             "node attributes")
    lists = [*map(itemgetter("types"), attributes), *map(itemgetter("altLabels"), attributes)]
    _require(_types(lists) <= {list}, "node attributes")
    _require(_types(chain.from_iterable(lists)) <= {str}, "node types or alternative labels")
    for data in attributes:
        if len(data) > 5:
            _check_values(data)
    _require(_types(texts) <= {str}, "texts")
    documents, quotes, licences = record_columns[0::3], record_columns[1::3], record_columns[2::3]
    _require(_types(quotes) <= {str}, "quote")
    _numbers(chain(documents, licences), -1, len(texts), "record")
    starts, ends = columns[0::5], columns[1::5]
    _numbers(chain(starts, ends), 0, len(nodes), "edge end")
    _numbers(chain(columns[2::5], columns[3::5], columns[4::5]), 0, len(texts), "edge key, predicate or label")
    _require(_types(sources) <= {list}, "sources")
    _numbers(chain.from_iterable(sources), 0, len(quotes), "source")
    for extra in extras:
        _require(type(extra) is list and len(extra) == 2 and type(extra[0]) is int and 0 <= extra[0] < count
                 and type(extra[1]) is dict and not set(extra[1]) & set(_EDGE_COLUMNS), "edge attributes")
        _check_values(extra[1])

    named = [*texts, None]  # -1 names no text
    records = [{"document": named[d], "quote": q} for d, q in zip(documents, quotes, strict=True)]
    for number, licence in enumerate(licences):
        if licence >= 0:
            records[number]["licence"] = named[licence]
    cited = records.__getitem__
    datas = [{"predicate": named[p], "label": named[label], "sources": list(map(cited, refs))}
             for p, label, refs in zip(columns[3::5], columns[4::5], sources, strict=True)]
    for number, attributes in extras:
        datas[number].update(attributes)
    place = list(nodes).__getitem__
    return NetworkParts(styles, nodes, EdgeColumns(list(map(place, starts)), list(map(place, ends)),
                                                   list(map(named.__getitem__, columns[2::5])), datas))


def _numbers(values, low, high, what):
    """Every value is an int from ``low`` to ``high`` (excluded)."""
    values = list(values)
    _require(_types(values) <= {int} and (not values or (low <= min(values) and max(values) < high)), what)


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


class EdgeColumns:
    """Edges as columns (starts, ends, keys, attributes), read as ``((u, v, key), attributes)`` pairs, in order.

    What :func:`~spacegraph.core._shortcuts.multidigraph_in_bulk` reads of an edge mapping,
    without a tuple and a dictionary entry made for each edge first.

    Examples
    --------
    >>> list(EdgeColumns(["a"], ["b"], ["k"], [{"w": "1"}]).items())
    [(('a', 'b', 'k'), {'w': '1'})]
    """

    def __init__(self, starts, ends, keys, attributes):
        self.starts, self.ends, self.keys, self.attributes = starts, ends, keys, attributes

    def items(self):
        """Return an iterator of ``((u, v, key), attributes)``."""
        return zip(zip(self.starts, self.ends, self.keys, strict=True), self.attributes, strict=True)
