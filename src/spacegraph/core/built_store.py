"""The graph as ``spacegraph build`` leaves it: an on-disk Oxigraph store, opened in milliseconds.

``build`` writes the merged graph, with what it derives from it (:mod:`spacegraph.core.derived`),
into ``BUILD/stores/<id>/`` with ``fingerprint.json``, which records every input (the
ontology, each data file, each source text, each query that derives: size, modification
time and SHA-256), then points ``BUILD/store`` at it by replacing a symbolic
link, which is atomic: a command reading while a build runs sees the old store or the new
one, never half of one. Readers open the store read-only, so any number can read at once.

A store is fresh when the files it was built from are the files asked for and none has
changed; a file whose size and time are unchanged is not read again, and one that was only
touched is hashed and found the same. When the store is stale, :func:`open_built_store`
says why ("graph_data/military.ttl changed since the last build"), and the caller loads
the files instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import display_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from .source import HasSource

__all__ = ["write_store", "open_built_store", "fingerprint", "STORE_LINK", "STORES_DIR", "FINGERPRINT"]

#: The link, under the build folder, to the current store.
STORE_LINK = "store"
#: The folder, under the build folder, that holds the stores.
STORES_DIR = "stores"
#: The file, in a store's folder, that records its inputs.
FINGERPRINT = "fingerprint.json"
_FORMAT = 3


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _described(path):
    status = Path(path).stat()
    return {"path": str(Path(path).resolve()), "size": status.st_size, "mtime_ns": status.st_mtime_ns, "sha256": _sha256(path)}


def fingerprint(ontology, data_files, sources_dir) -> dict:
    """Describe the inputs of a graph: the ontology, each data file and each source text.

    Examples
    --------
    >>> from spacegraph.core import paths
    >>> record = fingerprint(paths.ontology_file(), paths.data_files(), paths.sources_dir())
    >>> sorted(record), len(record["sources"]) >= 1
    (['data', 'derivations', 'format', 'ontology', 'sources'], True)
    """
    from .derived import derivation_files

    sources = sorted(p for p in Path(sources_dir).glob("*") if p.is_file()) if Path(sources_dir).is_dir() else []
    return {"format": _FORMAT, "ontology": _described(ontology), "data": [_described(p) for p in data_files],
            "sources": [_described(p) for p in sources],
            "derivations": [_described(p) for p in derivation_files()]}


def write_store(graph: HasSource, build_dir: str | Path, network_writer: Callable[[Path, dict], object]) -> Path:
    """Write the embedded graph of ``graph`` as an on-disk store under ``build_dir`` and make it the current one; return its folder.

    The store is written into a new folder and ``build_dir/store`` is then switched to it by
    an atomic rename; the store it replaces stays until the next build (a reader may still
    have it open), older ones are removed. ``network_writer(folder, record)`` writes the
    network file into the new store's folder (:func:`spacegraph.network.projection.write_network`).
    """
    import pyoxigraph as ox

    from ..errors import InvalidArgument
    from . import paths
    from .derived import DERIVED_GRAPH
    from .source import embedded

    source = embedded(graph, "writing a store")
    if source.store is None:
        raise InvalidArgument("writing a store needs a graph over an Oxigraph store, not a plain rdflib graph", argument="graph")
    build_dir = Path(build_dir)
    stores = build_dir / STORES_DIR
    stores.mkdir(parents=True, exist_ok=True)
    target = stores / uuid.uuid4().hex[:12]
    store = ox.Store(str(target))
    source.ensure_derived()  # the counts that would take seconds at every query, computed once
    store.bulk_extend(source.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    store.bulk_extend(source.store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH)))
    store.flush()
    del store
    record = fingerprint(paths.ontology_file(), source.data_files, source.sources_dir)
    record.update(triples=len(source), ontology_triples=source.ontology_triples, sources_dir=str(Path(source.sources_dir).resolve()),
                  derived_triples=source.derived_triples)
    (target / FINGERPRINT).write_text(json.dumps(record, indent=1), encoding="utf-8")
    # the network to_networkx reads, switched in with the store
    network_writer(target, record)
    link = build_dir / STORE_LINK
    previous = Path(os.path.realpath(link)) if link.is_symlink() else None
    staged = build_dir / f".{STORE_LINK}-{uuid.uuid4().hex[:8]}"
    os.symlink(Path(STORES_DIR) / target.name, staged)
    os.replace(staged, link)
    for old in stores.iterdir():
        if old.is_dir() and old.resolve() not in (target.resolve(), previous):
            shutil.rmtree(old, ignore_errors=True)
    return target


def _changed(entry, path):
    """Why ``path`` is not the file ``entry`` describes, or None when it is."""
    try:
        status = Path(path).stat()
    except OSError:
        return f"{display_path(path)} is missing since the last build"
    if status.st_size == entry["size"] and status.st_mtime_ns == entry["mtime_ns"]:
        return None
    if status.st_size == entry["size"] and _sha256(path) == entry["sha256"]:
        return None  # touched, not changed
    return f"{display_path(path)} changed since the last build"


def _staleness(record, ontology, data_files, sources_dir):
    """The first reason the store of ``record`` does not hold these inputs, or None."""
    if record.get("format") != _FORMAT:
        return "the store was written by another version of spacegraph"
    wanted = [str(Path(p).resolve()) for p in data_files]
    built = [entry["path"] for entry in record["data"]]
    if sorted(wanted) != sorted(built):
        added = sorted(set(wanted) - set(built))
        removed = sorted(set(built) - set(wanted))
        if added:
            return f"{display_path(added[0])} is not in the last build"
        return f"{display_path(removed[0])} was in the last build and is not asked for now"
    if str(Path(sources_dir).resolve()) != record.get("sources_dir"):
        return f"the last build checked its quotes against another sources folder ({record.get('sources_dir')})"
    reason = _changed(record["ontology"], ontology)
    if reason:
        return reason
    from .derived import derivation_files

    derivations = [str(p.resolve()) for p in derivation_files()]
    if derivations != [entry["path"] for entry in record.get("derivations", [])]:
        return "the queries that derive counts and listings changed since the last build"
    for entry in record["derivations"]:
        reason = _changed(entry, entry["path"])
        if reason:
            return reason
    for entry in record["data"]:
        reason = _changed(entry, entry["path"])
        if reason:
            return reason
    current = sorted(str(p.resolve()) for p in Path(sources_dir).glob("*") if p.is_file()) if Path(sources_dir).is_dir() else []
    if current != [entry["path"] for entry in record["sources"]]:
        return f"the source texts in {display_path(sources_dir)} changed since the last build"
    for entry in record["sources"]:
        reason = _changed(entry, entry["path"])
        if reason:
            return reason
    return None


def open_built_store(build_dir, ontology, data_files, sources_dir):
    """Open the current store of ``build_dir`` read-only if it holds exactly these inputs.

    Returns
    -------
    (pyoxigraph.Store or None, dict or None, str or None)
        The store and its fingerprint record; or None, None and why not (None too when
        there is no store at all: nothing to say then).
    """
    import pyoxigraph

    link = Path(build_dir) / STORE_LINK
    if not link.exists():
        return None, None, None
    folder = Path(os.path.realpath(link))  # resolved once: a build switching the link later does not move this reader
    try:
        record = json.loads((folder / FINGERPRINT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None, f"the store in {display_path(link)} has no readable {FINGERPRINT}"
    reason = _staleness(record, ontology, data_files, sources_dir)
    if reason:
        return None, None, reason
    try:
        return pyoxigraph.Store.read_only(str(folder)), record, None
    except OSError as error:
        return None, None, f"the store in {display_path(link)} cannot be opened: {error}"
