"""``spacegraph build``: load, validate, then write the merged graph."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import EmptyGraph, ValidationFailed
from ..validation import PROGRESS_STEPS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..core.source import HasSource
    from ..graph import KnowledgeGraph
    from ..graph.stats import GraphStats
    from ..ingest.learning import IngestModel
    from ..validation.report import ValidationReport

    #: Called with the name of each step once it is done.
    Progress = Callable[[str], None]
    Files = Iterable[str | Path]

__all__ = ["BuildResult", "build", "validate_files", "load_and_validate", "OUTPUT_NAME", "DERIVED_NAME", "BUILD_STEPS",
           "VALIDATE_STEPS"]

#: The names :func:`load_and_validate` reports to its ``progress`` callback: the graph loaded, then validation's.
VALIDATE_STEPS = ("loaded", *PROGRESS_STEPS)

#: The names :func:`build` reports to its ``progress`` callback, once each, in this order (a progress bar's total).
BUILD_STEPS = (*VALIDATE_STEPS, "serialised", "explorer", "written")

OUTPUT_NAME = "spacegraph"
#: The derived counts and listings (:mod:`spacegraph.core.derived`) as N-Triples, for a server's bulk loader.
DERIVED_NAME = "spacegraph-derived.nt"


@dataclass
class BuildResult:
    """What :func:`build` did: the report, the figures and the files written."""

    report: ValidationReport
    stats: GraphStats
    written: list[Path]
    store: Path | None = None
    model: IngestModel | None = None


def build(data_files: Files | None = None, *, output_dir: str | Path = "build", progress: Progress | None = None,
                allow_empty: bool = False, sources_dir: str | Path | None = None) -> BuildResult:
    """Load and validate the graph, then write it in three formats, the explorer page and the store to ``output_dir``.

    ``spacegraph-derived.nt`` holds the counts and listings derived from the graph
    (:mod:`spacegraph.core.derived`), to load into the named graph
    :data:`~spacegraph.core.derived.DERIVED_GRAPH` of a server. The store (``output_dir/store``,
    see :mod:`spacegraph.core.built_store`) is what the reading commands and
    :func:`spacegraph.load` open instead of parsing the files, while the files are unchanged.

    Parameters
    ----------
    data_files : list of path-like, optional
        Data files instead of the project's ``graph_data/*.ttl``.
    output_dir : path-like
        Folder for ``spacegraph.ttl``, ``spacegraph.nt`` and ``spacegraph.jsonld``.
    progress : callable, optional
        Called with the name of each step as it completes (10 steps).
    allow_empty : bool
        Build even when the data files hold no triple (only the ontology).
    sources_dir : path-like, optional
        Folder of the source texts (default: the project's ``graph_data/sources/``).

    Returns
    -------
    BuildResult

    Raises
    ------
    ValidationFailed
        When any check fails; nothing is written then.
    EmptyGraph
        When no data was loaded and ``allow_empty`` is false; nothing is written.
    DataFileError, OutputError
        When a file cannot be read, parsed or written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = build(output_dir=folder)
    >>> sorted(p.name for p in result.written)
    ['explorer.html', 'ingest-model.json', 'spacegraph-derived.nt', 'spacegraph.jsonld', 'spacegraph.nt', 'spacegraph.ttl']
    >>> result.report.ok, result.stats.entity_count > 0
    (True, True)
    """
    from ..core._io import write_into
    from ..graph.export import FORMATS, write_rdf

    done = progress or (lambda name: None)
    kg, report = load_and_validate(data_files, sources_dir=sources_dir, progress=done)
    if not report.ok:
        raise ValidationFailed(report)
    assert kg is not None  # every file parsed
    if len(kg) == kg.source.ontology_triples and not allow_empty:
        files = ", ".join(str(p) for p in kg.data_files)
        raise EmptyGraph(f"no data was loaded from {files}: nothing written")
    from ..explorer.render import explorer_html

    # each file written as it is made, when every output is ready (write_into: all or none)
    contents: dict[str, str | bytes | Callable[[BinaryIO], None]] = {
        f"{OUTPUT_NAME}{suffix}": functools.partial(write_rdf, kg.graph, fmt, store=kg.source.store) for fmt, suffix in FORMATS.items()}
    kg.source.ensure_derived()  # the counts and listings of spacegraph.core.derived, for the store and for bulk loaders
    contents[DERIVED_NAME] = functools.partial(_write_derived_ntriples, kg)
    done(BUILD_STEPS[-3])
    from ..network.projection import actors_parts, network_of_parts, write_network

    parts = actors_parts(kg)  # projected once, for the page and for the network file beside the store
    contents["explorer.html"] = explorer_html(network_of_parts(parts), kg=kg)
    done(BUILD_STEPS[-2])
    from ..ingest.learning import MODEL_FILE, train_model

    model = train_model(kg.graph)  # learnt again whenever the graph changes: accepted sheets improve the next proposals
    contents[MODEL_FILE] = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True) + "\n"
    written = write_into(output_dir, contents)
    from ..core.built_store import write_store

    store = write_store(kg.source, output_dir, network_writer=lambda folder, record: write_network(kg, folder, record, parts))
    done(BUILD_STEPS[-1])
    return BuildResult(report=report, stats=kg.stats(), written=written, store=store, model=model)


def write_built_store(kg: HasSource, build_dir: str | Path) -> Path:
    """Write ``kg`` as the store ``spacegraph build`` leaves in ``build_dir``, with its network file, without validating.

    :func:`build` validates first and writes every other output too; this writes the
    store alone (a graph already validated, a benchmark's generated graph). Returns the store's folder.

    Examples
    --------
    >>> import tempfile, spacegraph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = write_built_store(spacegraph.load(use_store=False), folder)
    ...     spacegraph.load(build_dir=folder).source.built is not None
    True
    """
    from ..core.built_store import write_store
    from ..network.projection import write_network

    return write_store(kg, build_dir, network_writer=lambda folder, record: write_network(kg, folder, record))


def _write_derived_ntriples(kg: KnowledgeGraph, out: BinaryIO) -> None:
    """Write the derived counts and listings as N-Triples into ``out``, as they are read."""
    import pyoxigraph as ox

    from ..core.derived import DERIVED_GRAPH

    store = kg.source.store
    if store is None:  # a plain rdflib graph: nothing was derived
        return
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))
    ox.serialize((quad.triple for quad in quads), out, format=ox.RdfFormat.N_TRIPLES)


def validate_files(data_files: Files | None = None, *, sources_dir: str | Path | None = None, shapes_path: str | Path | None = None,
                   progress: Progress | None = None, shard_triples: int | None = None, workers: int | None = None) -> ValidationReport:
    """Load ``data_files`` (the project's data by default) and validate them.

    Unlike ``load(...).validate()``, a file that does not parse becomes a
    ``parse`` problem in the report, one per file, instead of an exception.

    Parameters
    ----------
    data_files : list of path-like, optional
        Data files instead of the project's ``graph_data/*.ttl``.
    sources_dir : path-like, optional
        Folder of the source texts (default: the project's ``graph_data/sources/``).
    shapes_path : path-like, optional
        SHACL shapes to use instead of ``ontology/shapes.ttl``.
    progress : callable, optional
        Called with each of :data:`VALIDATE_STEPS` as it completes.
    shard_triples, workers : int, optional
        As for :func:`spacegraph.validation.validate`.

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> validate_files().ok
    True
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     bad = Path(folder) / "bad.ttl"
    ...     _ = bad.write_text("sgid:x a .", encoding="utf-8")
    ...     report = validate_files([bad])
    >>> report.ok, [(problem.check, Path(problem.path).name, problem.line) for problem in report.problems]
    (False, [('parse', 'bad.ttl', 1)])
    """
    return load_and_validate(data_files, sources_dir=sources_dir, shapes_path=shapes_path, progress=progress,
                             shard_triples=shard_triples, workers=workers)[1]


def load_and_validate(data_files: Files | None = None, *, sources_dir: str | Path | None = None,
                      shapes_path: str | Path | None = None, progress: Progress | None = None, shard_triples: int | None = None,
                      workers: int | None = None, cache_dir: str | Path | None = None,
                      full: bool = False) -> tuple[KnowledgeGraph | None, ValidationReport]:
    """Load and validate in one pass; return ``(kg, report)``.

    ``kg`` is None when a file does not parse; the report then holds the
    ``parse`` problems. ``progress`` is called with each of :data:`VALIDATE_STEPS`;
    ``cache_dir`` and ``full`` are :func:`spacegraph.validation.validate`'s.

    Parameters
    ----------
    data_files, sources_dir, shapes_path, progress, shard_triples, workers
        As for :func:`validate_files`.
    cache_dir : path-like, optional
        Folder that keeps the SHACL result of the last run, to check only what changed.
    full : bool
        With ``cache_dir``, check every node all the same.

    Returns
    -------
    (KnowledgeGraph or None, ValidationReport)

    Examples
    --------
    >>> kg, report = load_and_validate()
    >>> report.ok, report.checks_run[0]
    (True, 'parse')
    """
    from ..graph import read_graph
    from ..validation import Problem, ValidationReport, validate

    kg, failures = read_graph(data_files, sources_dir=sources_dir)
    if progress:
        progress(VALIDATE_STEPS[0])
    if failures:
        problems = [Problem("parse", error.reason, error.path, error.line, cause=error) for error in failures]
        return None, ValidationReport(problems, checks_run=("parse",))
    assert kg is not None  # read_graph returns a graph whenever no file failed
    report = validate(kg, shapes_path=shapes_path, progress=progress, shard_triples=shard_triples, workers=workers,
                      cache_dir=cache_dir, full=full)
    report.warnings = list(kg.warnings) + report.warnings
    return kg, report
