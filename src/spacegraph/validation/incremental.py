"""SHACL again after a data file changed: only the nodes the change can affect are checked.

A full run keeps, in the cache folder (``build/validation/`` for the command
line), the SHA-256 of the ontology, the shapes and each data file, a copy of
each data file, and every violation filed under its *anchor*: the IRI it is
about, or the blank node it hangs from (a statement, a quote) that nothing
points at, named by a digest of its content since blank nodes get new names
at every load.

The next run hashes the files. When only data files changed, it parses the
old copy and the new file of each, and compares them anchor by anchor. The
shapes look one step from the node they check (the cut that
:mod:`spacegraph.validation.shards` relies on), so a change can only affect:

* the anchors whose triples changed in the file, with their blank nodes;
* the IRIs that a changed triple points at through a predicate the shapes
  read backwards (``sh:inversePath``, ``sh:targetObjectsOf``), before or after;
* when an IRI's types changed, the nodes that point at it (``sh:class``).

Those nodes are validated by pySHACL on one shard built from the store; the
others keep their previous violations. A change to the ontology, the shapes,
the class hierarchy or the set of files, or a graph whose blank nodes are
shared or cyclic, runs everything again. A violation kept from before shows a
blank node by the name it had then (blank node names hold only within a load).
"""

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..core.prefixes import PREFIXES

__all__ = ["incremental_violations", "CACHE_FORMAT"]

#: The layout of the cache file; another value runs everything again.
CACHE_FORMAT = 2
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_SUBCLASS = PREFIXES["rdfs"] + "subClassOf"


class _Unsupported(Exception):
    """The change cannot be followed anchor by anchor; everything is checked again."""


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _term_text(term):
    import pyoxigraph as ox

    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else str(term)


class Triples:
    """Triples grouped by subject, with the blank nodes' parents, from a parsed file or from the store."""

    def __init__(self, quads=None, store=None):
        self.store = store
        self.by_subject = {}
        self.parents = {}
        for quad in quads or ():
            self._add(quad.subject, quad.predicate.value, quad.object)

    def _add(self, subject, predicate, obj):
        import pyoxigraph as ox

        self.by_subject.setdefault(subject, []).append((predicate, obj))
        if isinstance(obj, ox.BlankNode):
            self.parents.setdefault(obj, []).append(subject)

    def of(self, node):
        """``[(predicate IRI, object)]`` of ``node``."""
        if self.store is None:
            return self.by_subject.get(node, [])
        import pyoxigraph as ox

        return [(q.predicate.value, q.object) for q in self.store.quads_for_pattern(node, None, None, ox.DefaultGraph())]

    def parents_of(self, node):
        if self.store is None:
            return self.parents.get(node, [])
        import pyoxigraph as ox

        return [q.subject for q in self.store.quads_for_pattern(None, None, node, ox.DefaultGraph())]

    def digest(self, node, seen=()):
        """A name for a blank node that survives a reload: the digest of its content, blank nodes included."""
        import pyoxigraph as ox

        if node in seen:
            raise _Unsupported("a cycle of blank nodes")
        seen = (*seen, node)
        lines = sorted(f"{p} {self.digest(o, seen) if isinstance(o, ox.BlankNode) else _term_text(o)}"
                       for p, o in self.of(node))
        return "_:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32]

    def root(self, node):
        """The anchor a node hangs from: itself, or the first node above it that is not blank."""
        import pyoxigraph as ox

        seen = set()
        while isinstance(node, ox.BlankNode):
            parents = self.parents_of(node)
            if not parents:
                return node
            if len(parents) > 1 or node in seen:
                raise _Unsupported("a blank node with two parents")
            seen.add(node)
            node = parents[0]
        return node

    def key(self, node):
        """The anchor key of ``node``: ``iri:...`` or the digest of its blank root."""
        import pyoxigraph as ox

        if isinstance(node, ox.Literal):
            raise _Unsupported("a literal focus node")
        anchor = self.root(node)
        return self.digest(anchor) if isinstance(anchor, ox.BlankNode) else "iri:" + anchor.value

    def closure(self, node):
        """``node`` and the blank nodes below it."""
        import pyoxigraph as ox

        found, todo = [node], [node]
        while todo:
            for _p, o in self.of(todo.pop()):
                if isinstance(o, ox.BlankNode) and o not in found:
                    found.append(o)
                    todo.append(o)
        return found


class _FileAnchors:
    """One version of a data file, anchor by anchor."""

    def __init__(self, data, suffix, base_iri, backward):
        import pyoxigraph as ox

        fmt = ox.RdfFormat.N_TRIPLES if suffix.lower() == ".nt" else ox.RdfFormat.TURTLE
        self.triples = Triples(ox.parse(data, fmt, base_iri=base_iri))
        self.iris: dict[str, Any] = {}
        self.roots: Counter[Any] = Counter()
        self.back: dict[Any, Any] = {}
        self.types: dict[Any, Any] = {}
        self.hierarchy: set[tuple[str, str]] = set()
        self.handles: dict[Any, Any] = {}
        for subject, pairs in self.triples.by_subject.items():
            for p, o in pairs:
                if p == RDFS_SUBCLASS:
                    self.hierarchy.add((_term_text(subject), _term_text(o)))
                if isinstance(o, ox.BlankNode) and len(self.triples.parents[o]) > 1:
                    raise _Unsupported("a blank node with two parents")
            if isinstance(subject, ox.NamedNode):
                key = "iri:" + subject.value
                self.iris[key] = self.triples.digest(subject)
                self.types[subject.value] = frozenset(_term_text(o) for p, o in pairs if p == RDF_TYPE)
            elif subject not in self.triples.parents:
                key = self.triples.digest(subject)
                self.roots[key] += 1
                self.handles.setdefault(key, subject)
            else:
                continue
            self.back[key] = {o.value for node in self.triples.closure(subject) for p, o in self.triples.of(node)
                              if p in backward and isinstance(o, ox.NamedNode)}


def _handle(triples, node):
    """The most telling ``(predicate, object)`` in a blank anchor's closure, and the node that holds it."""
    import pyoxigraph as ox

    best = None
    for member in triples.closure(node):
        for p, o in triples.of(member):
            rank = 0 if isinstance(o, ox.Literal) else 1 if isinstance(o, ox.NamedNode) and p != RDF_TYPE else None
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, p, o)
    if best is None:
        raise _Unsupported("a blank node with nothing but blank nodes to find it by")
    return best[1], best[2]


def _instances(store_triples, store, digest, triples, node):
    """The blank anchors in the store whose content has ``digest`` (found by a triple of theirs)."""
    import pyoxigraph as ox

    predicate, obj = _handle(triples, node)
    found = set()
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), obj, ox.DefaultGraph()):
        if isinstance(quad.subject, ox.BlankNode):
            root = store_triples.root(quad.subject)
            if isinstance(root, ox.BlankNode) and store_triples.digest(root) == digest:
                found.add(root)
    return found


def _encode(violation, graph):
    """A violation as JSON; a blank focus node keeps its label, since its name will not be found again."""
    from rdflib import BNode

    from ..core.model import label_of
    from ..core.terms import plain

    focus, path, inverse, message, value = violation
    return [plain(focus), plain(path) if path is not None else None, inverse, str(message),
            plain(value) if value is not None else None, label_of(graph, focus) if isinstance(focus, BNode) else None]


def _decode(row):
    from rdflib import Literal

    from ..core.terms import to_rdflib

    def term(value):
        return None if value is None else to_rdflib(tuple(value) if isinstance(value, list) else value)

    return term(row[0]), term(row[1]), bool(row[2]), Literal(row[3]), term(row[4])


def _decode_all(filed):
    """The violations of ``filed``, and the labels kept for their blank focus nodes."""
    violations, labels = [], {}
    for rows in filed.values():
        for row in rows:
            violations.append(_decode(row))
            if row[5] is not None:
                labels[violations[-1][0]] = row[5]
    return violations, labels


def _file_by_key(store_triples, violations, graph):
    """``{anchor key: [encoded violation]}``."""
    from ..core.terms import to_oxigraph

    filed: dict[str, list[Any]] = {}
    for violation in violations:
        filed.setdefault(store_triples.key(to_oxigraph(violation[0])), []).append(_encode(violation, graph))
    return filed


def _is_sha256(value):
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _well_formed(record):
    """Whether a cache record has the shape this module writes: hex digests only, so no path is built from anything else.

    Examples
    --------
    >>> _well_formed({"inputs": {"files": {"a.ttl": "0" * 64}}, "violations": {}})
    True
    >>> _well_formed({"inputs": {"files": {"a.ttl": "../../elsewhere"}}, "violations": {}})
    False
    >>> _well_formed({"inputs": {"files": {}}, "violations": {"k": [["http://x", None, False, "m", None]]}})
    False
    """
    inputs = record.get("inputs") if isinstance(record, dict) else None
    files = inputs.get("files") if isinstance(inputs, dict) else None
    violations = record.get("violations") if isinstance(record, dict) else None
    return (isinstance(files, dict) and all(_is_sha256(sha) for sha in files.values())
            and isinstance(violations, dict)
            and all(isinstance(rows, list) and all(_is_encoded_violation(row) for row in rows) for rows in violations.values()))


def _is_encoded_violation(row):
    """Whether ``row`` has the shape :func:`_encode` gives: focus, path, inverse, message, value, label."""
    return (isinstance(row, list) and len(row) == 6 and _is_encoded_term(row[0])
            and (row[1] is None or _is_encoded_term(row[1])) and isinstance(row[2], bool) and isinstance(row[3], str)
            and (row[4] is None or _is_encoded_term(row[4])) and (row[5] is None or isinstance(row[5], str)))


def _is_encoded_term(value):
    """Whether ``value`` is a plain term as JSON keeps it: an IRI, ``["_", id]`` or ``["L", text, language, datatype]``."""
    if isinstance(value, str):
        return True
    if not isinstance(value, list) or not value:
        return False
    if value[0] == "_":
        return len(value) == 2 and isinstance(value[1], str)
    return (value[0] == "L" and len(value) == 4 and isinstance(value[1], str)
            and all(part is None or isinstance(part, str) for part in value[2:]))


class _Cache:
    def __init__(self, folder, kg, shapes_path):
        from ..core import paths

        self.folder = Path(folder)
        self.files = [Path(p).resolve() for p in kg.data_files]
        self.inputs = {"format": CACHE_FORMAT, "ontology": _sha256(paths.ontology_file()), "shapes": _sha256(shapes_path),
                       "files": {str(p): _sha256(p) for p in self.files}}
        named = json.dumps([str(paths.ontology_file().resolve()), str(Path(shapes_path).resolve()), sorted(map(str, self.files))])
        self.path = self.folder / f"shacl-{hashlib.sha256(named.encode()).hexdigest()[:16]}.json"

    def copy_of(self, path, sha):
        return self.folder / "files" / f"{sha}{Path(path).suffix}"

    def read(self):
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not _well_formed(record):
            return None  # edited or damaged by hand: run in full rather than follow it
        before = record["inputs"]
        if {k: before.get(k) for k in ("format", "ontology", "shapes")} != {k: self.inputs[k] for k in ("format", "ontology", "shapes")} \
                or set(before.get("files", {})) != set(self.inputs["files"]):
            return None
        return record

    def write(self, filed):
        from ..core._io import write_files

        (self.folder / "files").mkdir(parents=True, exist_ok=True)
        copies = {self.copy_of(p, sha): p.read_bytes() for p, sha in zip(self.files, self.inputs["files"].values(), strict=True)
                  if not self.copy_of(p, sha).exists()}
        write_files({**copies, self.path: json.dumps({"inputs": self.inputs, "violations": filed})})
        wanted = set()
        for record in self.folder.glob("shacl-*.json"):
            try:
                wanted.update(json.loads(record.read_text(encoding="utf-8"))["inputs"]["files"].values())
            except (OSError, ValueError, KeyError):
                continue
        for copy in (self.folder / "files").iterdir():
            if copy.name.split(".")[0] not in wanted:
                copy.unlink(missing_ok=True)


def incremental_violations(kg, shapes_path, cache_dir, *, full=False):
    """Return ``(violations, rechecked, labels)``: every SHACL violation, and how many nodes were checked again.

    ``rechecked`` is None when every node was checked (no usable previous result, or ``full``);
    ``labels`` gives the label of each blank focus node of a violation kept from before.
    The result is kept in ``cache_dir`` for the next run.

    Examples
    --------
    >>> import tempfile
    >>> import spacegraph
    >>> from spacegraph.core import paths
    >>> kg = spacegraph.load()
    >>> with tempfile.TemporaryDirectory() as cache:
    ...     incremental_violations(kg, paths.shapes_file(), cache)[:2]
    ...     incremental_violations(kg, paths.shapes_file(), cache)[:2]
    ([], None)
    ([], 0)
    """
    from ..core.source import embedded
    from .shacl import shacl_violations

    kg = embedded(kg, "validation")
    cache = _Cache(cache_dir, kg, shapes_path)
    store = kg.store
    record = None if full or store is None else cache.read()
    store_triples = Triples(store=store) if store is not None else None
    if record is not None:
        try:
            rechecked, filed = _rerun(kg, store, store_triples, shapes_path, cache, record)
            violations, labels = _decode_all(filed)
        except _Unsupported:  # a change the cache cannot follow (a cache written by hand is refused when read)
            pass
        else:
            _keep(cache, filed)
            return violations, rechecked, labels
    violations = shacl_violations(kg.graph, shapes_path, kg=kg)
    if store_triples is not None:
        try:
            _keep(cache, _file_by_key(store_triples, violations, kg.graph))
        except _Unsupported:
            cache.path.unlink(missing_ok=True)
    return violations, None, {}


def _keep(cache, filed):
    """Write the cache; a folder that cannot be written costs the next run its head start, not this run its result."""
    from ..errors import OutputError

    try:
        cache.write(filed)
    except (OSError, OutputError):
        pass


def _rerun(kg, store, store_triples, shapes_path, cache, record):
    from rdflib import Graph

    from .shards import backward_predicates

    before, now = record["inputs"]["files"], cache.inputs["files"]
    filed = record["violations"]
    changed = [p for p in cache.files if before[str(p)] != now[str(p)]]
    if not changed:
        return 0, filed
    shapes_text = Path(shapes_path).read_text(encoding="utf-8")
    backward = backward_predicates(Graph().parse(data=shapes_text, format="turtle"))
    iris: set[str] = set()
    blank_roots: set[Any] = set()
    dropped: set[Any] = set()
    for path in changed:
        old_copy = cache.copy_of(path, before[str(path)])
        if not old_copy.exists():
            raise _Unsupported("no copy of the previous file")
        previous = old_copy.read_bytes()
        if hashlib.sha256(previous).hexdigest() != before[str(path)]:
            raise _Unsupported("the copy of the previous file was changed")
        base = path.as_uri()
        old = _FileAnchors(previous, path.suffix, base, backward)
        new = _FileAnchors(path.read_bytes(), path.suffix, base, backward)
        if old.hierarchy != new.hierarchy:
            raise _Unsupported("the class hierarchy changed")
        keys = {k for k in old.iris.keys() | new.iris.keys() if old.iris.get(k) != new.iris.get(k)}
        keys |= {k for k in old.roots.keys() | new.roots.keys() if old.roots.get(k) != new.roots.get(k)}
        dropped |= keys
        for key in keys:
            iris.update(old.back.get(key, set()) | new.back.get(key, set()))
            if key.startswith("iri:"):
                iris.add(key[4:])
                if old.types.get(key[4:], frozenset()) != new.types.get(key[4:], frozenset()):
                    _pointing_at(store, store_triples, key[4:], backward, iris, blank_roots)
            else:
                for version in (old, new):
                    if key in version.handles:
                        blank_roots |= _instances(store_triples, store, key, version.triples, version.handles[key])
    violations, rechecked = _check_shard(store, store_triples, iris, blank_roots, shapes_text, backward)
    dropped |= {"iri:" + iri for iri in iris} | {store_triples.digest(root) for root in blank_roots}
    kept = {key: rows for key, rows in filed.items() if key not in dropped}
    for key, rows in _file_by_key(store_triples, violations, kg.graph).items():
        kept.setdefault(key, []).extend(rows)
    return rechecked, kept


def _pointing_at(store, store_triples, iri, backward, iris, blank_roots):
    """Add the nodes whose values include ``iri``, whose types changed (``sh:class`` reads them).

    They are the nodes with a triple pointing at it, and the IRIs it points at through a predicate read backwards.
    """
    import pyoxigraph as ox

    node = ox.NamedNode(iri)
    for quad in store.quads_for_pattern(None, None, node, ox.DefaultGraph()):
        root = store_triples.root(quad.subject)
        (blank_roots.add(root) if isinstance(root, ox.BlankNode) else iris.add(root.value))
    for predicate in backward:
        iris.update(q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, ox.DefaultGraph())
                    if isinstance(q.object, ox.NamedNode))


def _check_shard(store, store_triples, iris, blank_roots, shapes_text, backward):
    """pySHACL on one shard of the anchors, what points at them backwards, and the types: ``(violations, nodes checked)``."""
    import pyoxigraph as ox

    from ..core.terms import oxigraph_plain_converter
    from .shards import validate_shard

    convert = oxigraph_plain_converter()
    graph = ox.DefaultGraph()
    anchors = [ox.NamedNode(iri) for iri in sorted(iris)] + sorted(blank_roots, key=str)
    triples: set[tuple[Any, ...]] = set()
    owned: set[Any] = set()
    for anchor in anchors:
        for node in store_triples.closure(anchor):
            owned.add(convert(node))
            triples.update((convert(node), p, convert(o)) for p, o in store_triples.of(node))
        if isinstance(anchor, ox.NamedNode):
            for predicate in backward:
                triples.update((convert(q.subject), predicate, anchor.value)
                               for q in store.quads_for_pattern(None, ox.NamedNode(predicate), anchor, graph))
    rdf_type = ox.NamedNode(RDF_TYPE)
    for node in {t[0] for t in triples} | {t[2] for t in triples}:
        if type(node) is str or node[0] == "_":
            term = ox.NamedNode(node) if type(node) is str else ox.BlankNode(node[1])
            triples.update((node, RDF_TYPE, convert(q.object)) for q in store.quads_for_pattern(term, rdf_type, None, graph))
    for q in store.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASS), None, graph):
        triples.add((convert(q.subject), RDFS_SUBCLASS, convert(q.object)))
    return (validate_shard(list(triples), owned, shapes_text) if owned else []), len(owned)
