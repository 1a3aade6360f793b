"""Validation of the knowledge graph.

:func:`validate` runs every check on a loaded graph;
:func:`spacegraph.workflows.build.validate_files` starts from files, so that parse
errors are reported too. Checks:

``parse``
    each file parses; errors read ``file:line: message``.
``nesting``
    blank nodes nest at most 64 levels deep; a deeper graph stops validation here.
``shacl``
    the SHACL shapes of ``ontology/shapes.ttl``: queries in the store where the
    shapes allow it (:mod:`~spacegraph.validation.direct`), else pySHACL; after a
    first run, only on the nodes a changed file can affect
    (:mod:`~spacegraph.validation.incremental`).
``evidence``
    every entity-to-entity triple is backed by a quote.
``quote``
    every quote is found verbatim, white space aside, in its source text.
``reference``
    every referenced instance has a type and a label; every ``sg:`` term exists.
``qualified``
    a relationship node that qualifies a direct triple comes with that triple,
    and every relationship node's class says which links are its subject and object.
``label``
    no two entities share a label without saying how they differ.

Besides the problems, the report gives warnings that fail nothing: an entity
with two values of a single-valued property (``owl:FunctionalProperty``, such as
a founding date that two sources give differently), each value with its source;
see :mod:`spacegraph.validation.single_valued`.

Examples
--------
>>> import spacegraph
>>> report = spacegraph.load().validate()
>>> report.ok
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .report import Problem, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from ..core.source import EmbeddedGraph, HasSource
    from .locate import SourceIndex

__all__ = ["validate", "Problem", "ValidationReport", "Check", "REGISTRY", "CHECKS", "PROGRESS_STEPS"]


@dataclass(frozen=True)
class Check:
    """One check of :func:`validate`: the name its problems carry, its progress step, and where it runs.

    ``runs`` is ``files`` (while the files are read: :func:`spacegraph.workflows.build.validate_files`),
    ``first`` (before anything else: a graph that fails it is not safe to check further),
    ``shacl`` (the shapes), ``beside`` (in a second process, while SHACL runs) or ``after`` (after SHACL).
    """

    name: str
    step: str | None
    runs: str
    summary: str


#: Every check, in the order the report and the progress bar give them: the one list the others are read from.
REGISTRY = (
    Check("parse", None, "files", "each file parses"),
    Check("nesting", "nesting", "first", "blank nodes nest at most 64 levels deep"),
    Check("reference", "references", "beside", "every referenced instance has a type and a label; every sg: term exists"),
    Check("shacl", "SHACL shapes", "shacl", "the SHACL shapes of ontology/shapes.ttl"),
    Check("evidence", "evidence", "beside", "every entity-to-entity triple is backed by a quote"),
    Check("quote", "quotes", "beside", "every quote is found verbatim in its source text"),
    Check("qualified", "qualified", "after", "a relationship node comes with the triple it qualifies"),
    Check("label", "labels", "after", "no two entities share a label without saying how they differ"),
)

#: The names of the checks, as problems carry them.
CHECKS = tuple(check.name for check in REGISTRY)

#: The names :func:`validate` reports to its ``progress`` callback, once each, in this order (a progress bar's total).
PROGRESS_STEPS = tuple(check.step for check in REGISTRY if check.step is not None)


def validate(kg: HasSource, *, shapes_path: str | Path | None = None, progress: Callable[[str], None] | None = None,
             shard_triples: int | None = None, workers: int | None = None,
             cache_dir: str | Path | None = None, full: bool = False) -> ValidationReport:
    """Run every check on a loaded :class:`~spacegraph.graph.KnowledgeGraph`.

    The SHACL shapes are checked by queries in the store where they allow it
    (:mod:`spacegraph.validation.direct`), while the other checks run in a
    second process, on a second core.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, as :func:`spacegraph.load` returns it.
    shapes_path : path-like, optional
        SHACL shapes to use instead of ``ontology/shapes.ttl``.
    progress : callable, optional
        Called with the name of each check as it completes.
    shard_triples : int, optional
        When pySHACL runs, above this many triples it runs shard by shard (default 100,000),
        with the same violations: see :mod:`spacegraph.validation.shards`.
    workers : int, optional
        Processes validating at once (default: one per core).
    cache_dir : path-like, optional
        Folder that keeps the SHACL result of the last run; when given, only the nodes
        that the changed data files can affect are checked against the shapes again
        (:mod:`spacegraph.validation.incremental`), and ``report.rechecked`` says how many.
    full : bool
        With ``cache_dir``, check every node all the same (and keep the result).

    Returns
    -------
    ValidationReport

    Raises
    ------
    InvalidArgument
        ``kg`` is a SPARQL server: validation reads the triples themselves.

    Examples
    --------
    >>> steps = []
    >>> report = validate(kg, progress=steps.append)
    >>> report.ok, steps == list(PROGRESS_STEPS)
    (True, True)
    >>> report.checks_run == CHECKS
    True
    >>> from spacegraph.graph.remote import RemoteEndpoint
    >>> validate(RemoteEndpoint("http://127.0.0.1:7878/query"))
    Traceback (most recent call last):
    ...
    spacegraph.errors.InvalidArgument: validation needs the graph itself, not the SPARQL server <RemoteEndpoint http://127.0.0.1:7878/query>
    """
    from ..core import paths
    from ..core.source import embedded
    from .beside import run_beside
    from .locate import SourceIndex
    from .nesting import nesting_problems
    from .shacl import render_violations, shacl_violations

    kg = embedded(kg, "validation")  # the triples themselves are read
    index = SourceIndex([paths.ontology_file(), *kg.data_files])
    graph = kg.graph
    done = progress or (lambda name: None)
    problems = nesting_problems(kg, index)
    done(PROGRESS_STEPS[0])
    if problems:  # nothing else is safe to run on such a graph
        return ValidationReport(problems, checks_run=("parse", "nesting"))
    shapes = shapes_path or paths.shapes_file()
    beside = run_beside(lambda: _checks(kg, index, _BESIDE), cores=workers)
    rechecked, labels = None, {}
    if cache_dir is not None:
        from .incremental import incremental_violations

        violations, rechecked, labels = incremental_violations(kg, shapes, cache_dir, full=full)
    else:
        violations = shacl_violations(graph, shapes, kg=kg, shard_triples=shard_triples, workers=workers)
    found = {"SHACL shapes": render_violations(graph, violations, index, labels)}
    here, warnings = _checks(kg, index, _HERE)
    found.update(here)
    there, more_warnings = beside.result()
    found.update(there)
    for name in PROGRESS_STEPS[1:]:
        problems += found[name]
        done(name)
    return ValidationReport(problems, checks_run=CHECKS, warnings=warnings + more_warnings, rechecked=rechecked)


#: The checks run in the second process, beside SHACL, and those run after it in the first: about even halves.
_BESIDE = (*(check.step for check in REGISTRY if check.runs == "beside"), "warnings")
_HERE = tuple(check.step for check in REGISTRY if check.runs == "after")


def _checks(kg: EmbeddedGraph, index: SourceIndex, names: Iterable[str | None]) -> tuple[dict[str, list[Problem]], list[str]]:
    """Run the checks besides SHACL that ``names`` lists: ``({name: problems}, warnings)``."""
    from .evidence import evidence_problems
    from .qualified import qualified_problems
    from .quotes import quote_problems
    from .references import label_clash_problems, reference_problems
    from .single_valued import single_valued_warnings

    graph, store = kg.graph, kg.store
    checks = {"references": lambda: reference_problems(graph, index, store),
              "evidence": lambda: evidence_problems(graph, index, store),
              "quotes": lambda: quote_problems(graph, kg.sources_dir, index, store),
              "qualified": lambda: qualified_problems(kg, index),
              "labels": lambda: label_clash_problems(graph, index, store)}
    found = {name: checks[name]() for name in names if name in checks}
    return found, single_valued_warnings(graph, index) if "warnings" in names else []
