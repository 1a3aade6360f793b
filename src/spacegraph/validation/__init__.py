"""Validation of the knowledge graph.

:func:`validate` runs every check on a loaded graph;
:func:`spacegraph.build.validate_files` starts from files, so that parse
errors are reported too. Checks:

``parse``
    each file parses; errors read ``file:line: message``.
``nesting``
    blank nodes nest at most 64 levels deep; a deeper graph stops validation here.
``shacl``
    the SHACL shapes of ``ontology/shapes.ttl`` (pySHACL).
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

from typing import TYPE_CHECKING

from .report import Problem, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ..graph import KnowledgeGraph

__all__ = ["validate", "Problem", "ValidationReport", "CHECKS"]

CHECKS = ("parse", "nesting", "shacl", "evidence", "quote", "reference", "qualified", "label")


def validate(kg: KnowledgeGraph, *, shapes_path: str | Path | None = None, progress: Callable[[str], None] | None = None,
             shard_triples: int | None = None, workers: int | None = None) -> ValidationReport:
    """Run every check on a loaded :class:`~spacegraph.graph.KnowledgeGraph`.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, as :func:`spacegraph.load` returns it.
    shapes_path : path-like, optional
        SHACL shapes to use instead of ``ontology/shapes.ttl``.
    progress : callable, optional
        Called with the name of each check as it completes.
    shard_triples : int, optional
        Above this many triples, SHACL validation runs shard by shard (default 100,000),
        with the same violations: see :mod:`spacegraph.validation.shards`.
    workers : int, optional
        Processes validating SHACL shards at once (default: one per core).

    Returns
    -------
    ValidationReport
    """
    from .. import paths
    from .evidence import evidence_problems
    from .locate import SourceIndex
    from .nesting import nesting_problems
    from .qualified import qualified_problems
    from .quotes import quote_problems
    from .references import label_clash_problems, reference_problems
    from .shacl import shacl_problems
    from .single_valued import single_valued_warnings

    index = SourceIndex([paths.ontology_file(), *kg.data_files])
    graph = kg.graph
    done = progress or (lambda name: None)
    problems = nesting_problems(kg, index)
    done("nesting")
    if problems:  # nothing else is safe to run on such a graph
        return ValidationReport(problems, checks_run=("parse", "nesting"))
    for name, check in (
        ("references", lambda: reference_problems(graph, index)),
        ("SHACL shapes", lambda: shacl_problems(graph, shapes_path or paths.shapes_file(), index, kg=kg,
                                               shard_triples=shard_triples, workers=workers)),
        ("evidence", lambda: evidence_problems(graph, index)),
        ("quotes", lambda: quote_problems(graph, kg.sources_dir, index)),
        ("qualified", lambda: qualified_problems(kg, index)),
        ("labels", lambda: label_clash_problems(graph, index)),
    ):
        problems += check()
        done(name)
    return ValidationReport(problems, checks_run=CHECKS, warnings=single_valued_warnings(graph, index))

