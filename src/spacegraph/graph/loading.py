"""Loading the graph: from the store ``spacegraph build`` left when it is fresh, else from the files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core import paths
from ..core.paths import default_build_dir
from ..errors import DataFileError
from .knowledge_graph import KnowledgeGraph
from .local import LocalSource

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["load", "read_graph", "default_build_dir"]


def load(data_files: Iterable[str | Path] | None = None, *, sources_dir: str | Path | None = None,
         build_dir: str | Path | None = None, use_store: bool = True) -> KnowledgeGraph:
    """Load the ontology and the data into a :class:`~spacegraph.graph.KnowledgeGraph`.

    When ``spacegraph build`` has left a store of exactly these files in the build folder,
    and none has changed since, the graph is that store, opened read-only in milliseconds.
    Otherwise the files are parsed, and when a store was there, ``kg.warnings`` says why it
    was not used ("graph_data/military.ttl changed since the last build").

    Parameters
    ----------
    data_files : list of path-like, optional
        Data files to load instead of the project's ``graph_data/*.ttl``.
        The ontology is always loaded with them.
    sources_dir : path-like, optional
        Folder of source texts that quotes are checked against; the
        project's ``graph_data/sources/`` by default.
    build_dir : path-like, optional
        The build folder whose store to use: ``$SPACEGRAPH_BUILD``, else ``build`` in the
        working folder.
    use_store : bool
        Set to false to parse the files even when a fresh store is there.

    Returns
    -------
    KnowledgeGraph

    Raises
    ------
    DataFileError
        When a file is missing or does not parse; the message names the
        file and line.

    Examples
    --------
    >>> import spacegraph
    >>> kg = spacegraph.load()
    >>> len(kg) > 2000
    True
    """
    files = [Path(p) for p in (paths.data_files() if data_files is None else data_files)]
    sources = Path(sources_dir or paths.sources_dir())
    reason = None
    if use_store and files:
        from ..core.built_store import open_built_store

        store, record, reason = open_built_store(default_build_dir(build_dir), paths.ontology_file(), files, sources)
        if store is not None:
            from ..core.source import BuiltFrom
            from ..core.store import new_graph

            # the derived rows are recorded: counting them again would read them all from disk
            return KnowledgeGraph.from_source(LocalSource(
                new_graph(store), store, data_files=files, sources_dir=sources, ontology_triples=record["ontology_triples"],
                built=BuiltFrom(Path(default_build_dir(build_dir)), record), derived_triples=record["derived_triples"]))
    kg, failures = read_graph(files, sources_dir=sources)
    if failures:
        raise failures[0]
    assert kg is not None  # read_graph returns a graph whenever no file failed
    if reason:
        kg.source.warn(f"read the files, not the built store: {reason} (spacegraph build writes it again)")
    return kg


def read_graph(data_files: Iterable[str | Path] | None = None, *,
               sources_dir: str | Path | None = None) -> tuple[KnowledgeGraph | None, list[DataFileError]]:
    """Parse the ontology and ``data_files`` into a new graph.

    Unlike :func:`load`, it never opens the built store, and it reports every file that fails
    rather than raising the first.

    Parameters
    ----------
    data_files : list of path-like, optional
        Data files to parse instead of the project's ``graph_data/*.ttl``.
    sources_dir : path-like, optional
        Folder of the source texts; the project's ``graph_data/sources/`` by default.

    Returns
    -------
    (KnowledgeGraph or None, list of DataFileError)
        The graph is None when any file failed to parse.

    Examples
    --------
    >>> graph, failures = read_graph()
    >>> graph.label("sgid:china"), failures
    ('China', [])
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     bad = Path(folder) / "bad.ttl"
    ...     _ = bad.write_text("sgid:x a .", encoding="utf-8")
    ...     graph, failures = read_graph([bad])
    >>> graph, [(Path(failure.path).name, failure.line) for failure in failures]
    (None, [('bad.ttl', 1)])
    """
    files = [Path(p) for p in (paths.data_files() if data_files is None else data_files)]
    if not files:
        return None, [DataFileError(paths.data_dir(), "no data files (*.ttl) found")]
    import pyoxigraph

    from ..core.store import new_graph, parse_files

    oxigraph_store = pyoxigraph.Store()
    graph = new_graph(oxigraph_store)
    failures = parse_files([paths.ontology_file()], graph)
    count = oxigraph_store.__len__
    ontology_triples = count()
    warnings: list[str] = []
    failures += parse_files(files, graph, warnings, count)
    if failures:
        return None, failures
    if count() == ontology_triples:
        warnings.append(f"no data was loaded: the graph holds only the ontology's {ontology_triples:,} triples")
    kg = KnowledgeGraph(graph, data_files=files, sources_dir=Path(sources_dir or paths.sources_dir()),
                        ontology_triples=ontology_triples, oxigraph_store=oxigraph_store, warnings=warnings)
    return kg, []

