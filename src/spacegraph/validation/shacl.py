"""SHACL validation, one readable problem per violation.

On a graph in an Oxigraph store, shapes that keep to the constraints of
:mod:`spacegraph.validation.direct` are checked by queries in the store, with
pySHACL's results. Otherwise pySHACL runs: graphs larger than one shard are
validated shard by shard, in parallel worker processes, with the same
violations as one whole-graph run (see :mod:`spacegraph.validation.shards`).
"""

import os
from pathlib import Path

from rdflib import Graph, URIRef

from ..core.model import label_of, short_name
from .report import Problem, in_file_order
from .shards import SHARD_TRIPLES

__all__ = ["shacl_problems", "shacl_violations", "render_violations"]


def shacl_problems(graph, shapes_path, index, *, kg=None, shard_triples=None, workers=None, direct=True):
    """Validate ``graph`` against the shapes in ``shapes_path``.

    The graph already holds the ontology, so shapes that target a class also
    reach the instances of its subclasses.

    Parameters
    ----------
    graph : rdflib.Graph
        The data and the ontology.
    shapes_path : path-like
        The SHACL shapes (Turtle).
    index : SourceIndex
        Where each node is written, for the file and line of each problem.
    kg : KnowledgeGraph, optional
        The graph's store, read in one pass when the graph is sharded.
    shard_triples : int, optional
        Triples per shard (default :data:`~spacegraph.validation.shards.SHARD_TRIPLES`);
        a graph no larger than one shard is validated whole.
    workers : int, optional
        Processes validating shards at once (default: one per core).
    direct : bool
        Check the shapes by queries in the store where they allow it (True), or always with pySHACL.

    Returns
    -------
    list of Problem
        One per violation: the focus node's name and label, the path, and the
        shape's message. Sorted by file and line.
    """
    violations = shacl_violations(graph, shapes_path, kg=kg, shard_triples=shard_triples, workers=workers,
                                  direct=direct)
    return render_violations(graph, violations, index)


def shacl_violations(graph, shapes_path, *, kg=None, shard_triples=None, workers=None, direct=True):
    """Return ``(focus, path, inverse, message, value)`` for each violation, in rdflib terms.

    ``direct=False`` runs pySHACL even where the store could answer (the reference).
    """
    from .direct import direct_violations, store_hierarchy
    from .shape_plan import plan_checks
    from .shards import sharding_blocker

    shapes_text = Path(shapes_path).read_text(encoding="utf-8")
    shapes = Graph().parse(data=shapes_text, format="turtle")
    if kg is not None:
        from ..core.source import embedded

        kg = embedded(kg, "the SHACL check")
    store = kg.store if kg is not None else None
    if direct and store is not None:
        checks, _reason = plan_checks(shapes, store_hierarchy(store))
        if checks is not None:
            return direct_violations(store, checks)
    shard_triples = shard_triples or SHARD_TRIPLES
    if kg is not None and len(kg) > shard_triples and sharding_blocker(shapes) is None:
        return _sharded(kg, shapes, shapes_text, shard_triples, workers)
    return _whole(graph, shapes)


def render_violations(graph, violations, index, labels=None):
    """One :class:`Problem` per violation: entity, label, path, message and value, sorted by file and line.

    ``labels`` gives the label of focus nodes the graph cannot name (blank nodes of an earlier load).
    """
    problems = []
    for focus, path, inverse, message, value in violations:
        name = short_name(graph, focus)
        label = (labels or {}).get(focus) or label_of(graph, focus)
        who = name if label == name else f'{name} "{label}"'
        where = f"{'^' if inverse else ''}{short_name(graph, path)}: " if path is not None else ""
        detail = f" (value: {short_name(graph, value)})" if value is not None and value != focus else ""
        file, line = index.locate(focus)
        problems.append(Problem("shacl", f"{who}: {where}{message}{detail}", file, line, focus=_iri(focus),
                                predicate=_iri(path) if not inverse else None, value=_iri(value)))
    return in_file_order(problems)


def _iri(term):
    return str(term) if isinstance(term, URIRef) else None


def _whole(graph, shapes):
    import pyshacl

    from .shards import flatten_property_shapes, violations

    _conforms, results, _text = pyshacl.validate(graph, shacl_graph=flatten_property_shapes(shapes), inference="none", abort_on_first=False,
                                                allow_warnings=False, meta_shacl=False, advanced=True, inplace=False)
    return violations(results)


def _sharded(kg, shapes, shapes_text, shard_triples, workers):
    """Validate shard by shard; at most two shards per worker wait in memory."""
    from .shards import backward_predicates, default_workers, plan_shards, read_descriptions, validate_shard

    workers = workers or default_workers()
    found = []
    if workers == 1:
        for owned, triples in plan_shards(read_descriptions(kg, backward_predicates(shapes)), shard_triples):
            found += validate_shard(triples, owned, shapes_text)
        return found
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # fork where there is one: the workers need nothing from the parent but the function,
    # and spawn would run the caller's script again in every worker
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        # start the workers now, before the grouped triples fill the parent they are forked from
        for started in [pool.submit(os.getpid) for _ in range(workers)]:
            started.result()
        shards = plan_shards(read_descriptions(kg, backward_predicates(shapes)), shard_triples)
        pending = set()
        for owned, triples in shards:
            pending.add(pool.submit(validate_shard, triples, owned, shapes_text))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    found += future.result()
        for future in pending:
            found += future.result()
    return found
