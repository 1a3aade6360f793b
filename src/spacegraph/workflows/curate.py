"""Growing the graph from documents: :func:`ingest` a document, review its sheet, :func:`accept` it.

:func:`ingest` stores the document's normalised text as a source
(``graph_data/sources/<slug>.txt`` and ``<slug>.json``), describes it in
``graph_data/<slug>.ttl``, and writes the review sheet ``graph_data/review/<slug>.csv``
with the actors and relationships it proposes. :func:`accept` turns the sheet's accepted
rows into ``graph_data/<slug>.ttl``, validates the whole graph with it, and writes nothing
unless every check passes.

Examples
--------
>>> import shutil, tempfile
>>> from pathlib import Path
>>> from spacegraph.core import paths
>>> with tempfile.TemporaryDirectory() as temporary:
...     folder = Path(temporary) / "graph_data"
...     _ = shutil.copytree(paths.data_dir(), folder)
...     note = Path(temporary) / "note.txt"
...     _ = note.write_text("A note\\n\\nArgentina hosts a Chinese deep-space station in Patagonia.\\n", encoding="utf-8")
...     result = ingest(note, data_dir=folder, date="2025-03-03", today="2026-01-05")
...     again = ingest(note, data_dir=folder)
>>> result.status, result.sheet_path.name
('new', 'a-note.csv')
>>> [(c.subject, c.predicates[0]) for c in result.proposals.candidates]
[('https://w3id.org/spacegraph/id/argentina', 'https://w3id.org/spacegraph/ontology#hosts')]
>>> again.status
'unchanged'
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import paths
from ..core._io import write_files
from ..core.prefixes import PREFIXES
from ..errors import AcceptFailed, InvalidArgument, SheetError

if TYPE_CHECKING:
    import rdflib

    from ..graph import KnowledgeGraph
    from ..ingest.accepted import AcceptedSource, KnownTerms
    from ..ingest.learning import IngestModel
    from ..ingest.linking import AliasIndex
    from ..ingest.proposals import Proposals
    from ..ingest.sheet import SheetRow
    from ..ingest.sources import SourceRecord

__all__ = ["ingest", "accept", "refresh", "sheet_source", "Ingester", "IngestResult", "AcceptResult", "RefreshResult", "review_dir"]


def review_dir(data_dir: str | os.PathLike[str]) -> Path:
    """Return the folder of review sheets, ``<data_dir>/review``.

    Parameters
    ----------
    data_dir : path-like
        The graph's data folder.

    Returns
    -------
    Path

    Examples
    --------
    >>> review_dir("graph_data").as_posix()
    'graph_data/review'
    """
    return Path(data_dir) / "review"


@dataclass
class IngestResult:
    """What :func:`ingest` did: the source, its status, the proposals and the files written."""

    record: SourceRecord
    status: str
    proposals: Proposals | None = None
    sheet_path: Path | None = None
    written: list[Path] = field(default_factory=list)
    broken_quotes: list[str] = field(default_factory=list)
    same_as: str | None = None

    @property
    def assumed(self) -> list[str]:
        """What was taken from the file rather than given, one phrase each."""
        return list(self.record.assumed)


@dataclass
class AcceptResult:
    """What :func:`accept` wrote: the data file and its counts, and the validation warnings."""

    data_file: Path
    actors: int
    aliases: int
    relationships: int
    second_quotes: int
    claims: int
    rejected: int
    pending: int
    warnings: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)


def _data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    return Path(data_dir) if data_dir is not None else paths.data_dir()


def ingest(path: str | os.PathLike, *, data_dir: str | os.PathLike | None = None, title: str | None = None, date: str | None = None,
           url: str | None = None, publisher: str | None = None, authors: list[str] | None = None, slug: str | None = None,
           licence: str | None = None, licence_url: str | None = None, attribution: str | None = None,
           encoding: str | None = None, replace: bool = False, dry_run: bool = False, max_bytes: int | None = None,
           today: str | None = None, max_pages: int | None = None) -> IngestResult:
    """Store a document as a source and propose what it adds to the graph.

    Parameters
    ----------
    path : path-like
        A ``.txt``, ``.md``, ``.html``/``.htm`` or ``.pdf`` file.
    data_dir : path-like, optional
        The graph's data folder (default: the project's ``graph_data/``).
    title, date, url, publisher : str, optional
        The source's description; each not given is taken from the file, and said so.
    authors : list of str, optional
        The source's authors.
    slug : str, optional
        The source's short name (default: made from the title).
    licence, licence_url, attribution : str, optional
        The licence the source is under, its address, and the attribution line it asks for; written on
        the source's description and shown with its quotes. Each not given is taken from a description
        beside the file (``NAME.json``, :mod:`spacegraph.ingest.sidecar`), if there is one.
    encoding : str, optional
        The text encoding of a ``.txt``, ``.md`` or ``.html`` file (default: UTF-8, or the page's charset).
    replace : bool
        Replace a different text already stored under the slug; quotes of the source that
        no longer verify are listed in ``broken_quotes``.
    dry_run : bool
        Propose, but write nothing.
    max_bytes : int, optional
        The largest file read.
    max_pages : int, optional
        The most pages of a PDF read (default :data:`spacegraph.ingest.read.MAX_PDF_PAGES`); a PDF with
        more is refused before its text is extracted.
    today : str, optional
        The date of ingestion, YYYY-MM-DD (default: today).

    Returns
    -------
    IngestResult

    Raises
    ------
    DocumentError
        The document cannot be read (its type, emptiness, encoding, no text layer...).
    SourceConflict
        Another text is stored under the slug and ``replace`` is false.
    InvalidArgument
        A date, URL or slug that is not well formed, or a slug taken by another file or actor.

    Examples
    --------
    With ``dry_run``, the proposals of a document against the project's graph, and nothing written:

    >>> import tempfile
    >>> from pathlib import Path
    >>> NOTE = "A note" + chr(10) * 2 + "Argentina hosts a Chinese deep-space station in Patagonia." + chr(10)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     note = Path(folder) / "note.txt"
    ...     _ = note.write_text(NOTE, encoding="utf-8")
    ...     result = ingest(note, dry_run=True, today="2026-01-05")
    >>> result.status, result.record.slug, result.written
    ('new', 'a-note', [])
    >>> [(c.subject, c.predicates[0]) for c in result.proposals.candidates]
    [('https://w3id.org/spacegraph/id/argentina', 'https://w3id.org/spacegraph/ontology#hosts')]
    """
    return Ingester(data_dir).ingest(path, title=title, date=date, url=url, publisher=publisher, authors=authors, slug=slug,
                                     licence=licence, licence_url=licence_url, attribution=attribution,
                                     encoding=encoding, replace=replace, dry_run=dry_run, max_bytes=max_bytes, today=today,
                                     max_pages=max_pages)


class Ingester:
    """Ingest several documents against one graph, read once: :meth:`ingest` is :func:`ingest` for each.

    Each document gets its own sheet; the graph they are read against is the graph as it is
    when the first one is read (sheets are not accepted in between).

    Parameters
    ----------
    data_dir : path-like, optional
        The graph's data folder (default: the project's ``graph_data/``).
    """

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = _data_dir(data_dir)
        self.sources_dir = self.data_dir / "sources"
        self._graph: tuple[KnowledgeGraph, KnownTerms, AliasIndex] | None = None
        self.model: IngestModel | None = None

    def _context(self) -> tuple[KnowledgeGraph, KnownTerms, AliasIndex]:
        """The graph of every data file, what rows may name, and the alias index: read once."""
        if self._graph is None:
            from ..graph import load
            from ..ingest.accepted import known_terms
            from ..ingest.proposals import alias_index

            kg = load(sorted(self.data_dir.glob("*.ttl")), sources_dir=self.sources_dir)
            self._graph = (kg, known_terms(kg.graph), alias_index(kg.graph))
            self.model = ingest_model(kg)
        return self._graph

    def ingest(self, path: str | os.PathLike[str], *, title: str | None = None, date: str | None = None, url: str | None = None,
               publisher: str | None = None, authors: list[str] | None = None, slug: str | None = None,
               licence: str | None = None, licence_url: str | None = None, attribution: str | None = None,
               encoding: str | None = None, replace: bool = False, dry_run: bool = False, max_bytes: int | None = None,
               today: str | None = None, max_pages: int | None = None) -> IngestResult:
        """Store the document at ``path`` as a source and propose what it adds; see :func:`ingest`.

        Parameters
        ----------
        path : path-like
            A ``.txt``, ``.md``, ``.html``/``.htm`` or ``.pdf`` file.
        title, date, url, publisher, authors, slug, licence, licence_url, attribution
            The source's description, as for :func:`ingest`.
        encoding, replace, dry_run, max_bytes, today, max_pages
            As for :func:`ingest`.

        Returns
        -------
        IngestResult

        Raises
        ------
        DocumentError, SourceConflict, InvalidArgument
            As :func:`ingest`.

        Examples
        --------
        Two documents read against one graph, read once:

        >>> import tempfile
        >>> from pathlib import Path
        >>> NOTE = "A note" + chr(10) * 2 + "Argentina hosts a Chinese deep-space station in Patagonia." + chr(10)
        >>> ingester = Ingester()
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     first, second = Path(folder) / "first.txt", Path(folder) / "second.txt"
        ...     _ = first.write_text(NOTE, encoding="utf-8")
        ...     _ = second.write_text("Another note" + NOTE[6:], encoding="utf-8")
        ...     found = [ingester.ingest(path, dry_run=True, today="2026-01-05") for path in (first, second)]
        >>> [result.record.slug for result in found], [len(result.proposals.candidates) for result in found]
        (['a-note', 'another-note'], [1, 1])
        """
        from ..ingest.accepted import source_turtle
        from ..ingest.normalise import normalise_blocks
        from ..ingest.read import read_document
        from ..ingest.sheet import merge_decisions, read_sheet, sheet_text
        from ..ingest.sources import describe_source, source_status, stored_bytes

        data_dir, sources_dir = self.data_dir, self.sources_dir
        document = read_document(path, encoding=encoding, max_bytes=max_bytes, max_pages=max_pages)
        text = normalise_blocks(document.blocks)
        record = describe_source(document, text, title=title, date=date, url=url, publisher=publisher, authors=authors, slug=slug,
                                 licence=licence, licence_url=licence_url, attribution=attribution, today=today)
        status, previous = source_status(record, sources_dir, replace=replace)
        if status == "unchanged" and previous is not None and not dry_run:
            return IngestResult(previous, status, same_as=previous.slug)
        data_file = data_dir / f"{record.slug}.ttl"
        if data_file.exists() and not (sources_dir / f"{record.slug}.json").exists():
            raise InvalidArgument(f"{paths.display_path(data_file)} exists and is not a source's data file; choose another slug",
                                  argument="slug")
        if status == "replaced" and previous is not None:
            record = _keep_first_ingestion(record, previous)
        kg, terms, index = self._context()
        document_iri = PREFIXES["sgid"] + record.slug
        if document_iri in terms.iris and not (sources_dir / f"{record.slug}.json").exists():
            raise InvalidArgument(f"slug {record.slug!r} is already the id of an actor (sgid:{record.slug}); choose another slug",
                                  argument="slug")
        sheet_path = review_dir(data_dir) / f"{record.slug}.csv"
        proposals, rows = _proposed_rows(kg, index, text, record, data_dir, self.model)
        broken = []
        if status == "replaced":
            broken = _broken_quotes(kg, document_iri, text)
            previous_rows = read_sheet(sheet_path) if sheet_path.exists() else []
            stale = [row for row in previous_rows if row.decision == "accept" and row.kind != "actor" and row.quote.strip() in broken]
            for row in stale:
                row.decision, row.note = "", "the quote is no longer in the replaced text: review it again"
            rows = merge_decisions(rows, previous_rows) + stale
        result = IngestResult(record, status, proposals, sheet_path, broken_quotes=broken,
                              same_as=previous.slug if status == "unchanged" and previous is not None else None)
        if dry_run:
            return result
        if status == "replaced":  # the source's own actors are rebuilt from its sheet
            from ..graph import load
            from ..ingest.accepted import known_terms

            others = [f for f in sorted(data_dir.glob("*.ttl")) if f != data_file]
            terms = known_terms(load(others, sources_dir=sources_dir).graph)
        accepted = source_turtle(rows if status == "replaced" else [], record, terms, text, sheet_path)
        contents = {sources_dir / record.text_file: stored_bytes(text),
                    sources_dir / f"{record.slug}.json": json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n",
                    data_file: accepted.text, sheet_path: sheet_text(rows)}
        review_dir(data_dir).mkdir(parents=True, exist_ok=True)
        result.written = write_files(contents)
        return result


def ingest_model(kg: KnowledgeGraph, build_dir: str | Path | None = None) -> IngestModel:
    """The models ingest applies: those ``spacegraph build`` stored beside the store when they were learnt from this
    very graph, else learnt now (in a second or two)."""
    from ..ingest.learning import MODEL_FILE, fingerprint_of, read_model, train_model

    fingerprint = fingerprint_of(kg.graph)
    from ..graph import default_build_dir

    stored = read_model(default_build_dir(build_dir) / MODEL_FILE, fingerprint)
    return stored if stored is not None else train_model(kg.graph, measure=False)


def _proposed_rows(kg: KnowledgeGraph, index: AliasIndex, text: str, record: SourceRecord, data_dir: Path,
                   model: IngestModel | None = None) -> tuple[Proposals, list[SheetRow]]:
    """Read ``text`` against the graph: its proposals and their sheet rows, without what was rejected before."""
    from ..ingest.accepted import rejected_keys
    from ..ingest.proposals import propose
    from ..ingest.sheet import read_sheet, rows_from_proposals
    from ..ingest.words import sources_vocabulary

    rejected_path = review_dir(data_dir) / f"{record.slug}.rejected.csv"
    rejected = read_sheet(rejected_path) if rejected_path.exists() else []
    proposals = propose(text, kg.graph, index=index, language=record.language, rejected=frozenset(rejected_keys(rejected)),
                        exclude={PREFIXES["sgid"] + record.slug}, vocabulary=sources_vocabulary(data_dir / "sources"), model=model)
    proposals.source = {"slug": record.slug, "title": record.title, "sha256": record.sha256}
    return proposals, rows_from_proposals(proposals, kg.graph)


@dataclass
class RefreshResult:
    """What :func:`refresh` did to a sheet: rows before and after, and the names now linked to known actors."""

    sheet_path: Path
    before: int
    after: int
    decided: int
    now_known: list[tuple[str, str]] = field(default_factory=list)   # (name the sheet proposed as new, IRI of the known actor)


def refresh(sheet_path: str | os.PathLike, *, data_dir: str | os.PathLike | None = None) -> RefreshResult:
    """Read a sheet's source again against the graph as it is now, and renew the sheet's undecided rows.

    Decided rows stay as they are (accepted rows, with their edits; rejected rows are
    remembered as before). Undecided rows are proposed afresh: an actor another sheet added
    since is now a known actor, so the rows that named it as ``new:`` name it by its id.

    Parameters
    ----------
    sheet_path : path-like
        ``graph_data/review/<slug>.csv``.
    data_dir : path-like, optional
        The graph's data folder (default: the folder above the sheet's ``review/``, else the project's).

    Returns
    -------
    RefreshResult

    Raises
    ------
    SheetError
        The sheet cannot be read, or its source was never ingested.

    Examples
    --------
    A note ingested into a copy of the data; its sheet read again, the decisions kept:

    >>> import shutil, tempfile
    >>> from spacegraph.core import paths
    >>> with tempfile.TemporaryDirectory() as temporary:
    ...     folder = Path(temporary) / "graph_data"
    ...     _ = shutil.copytree(paths.data_dir(), folder)
    ...     note = Path(temporary) / "note.txt"
    ...     _ = note.write_text("A note" + chr(10) * 2 + "Argentina hosts a Chinese deep-space station in Patagonia.",
    ...                         encoding="utf-8")
    ...     sheet = ingest(note, data_dir=folder, today="2026-01-05").sheet_path
    ...     result = refresh(sheet)
    >>> result.before, result.after, result.decided, result.now_known
    (1, 1, 0, [])
    """
    from ..core.folding import fold
    from ..graph import load
    from ..ingest.accepted import rejected_keys
    from ..ingest.proposals import alias_index
    from ..ingest.sheet import merge_decisions, read_sheet, row_key, sheet_text

    sheet_path, data_dir, record, text = sheet_source(sheet_path, data_dir)
    rows = read_sheet(sheet_path)
    data_file = data_dir / f"{record.slug}.ttl"
    others = [f for f in sorted(data_dir.glob("*.ttl")) if f.resolve() != data_file.resolve()]
    kg = load(others, sources_dir=data_dir / "sources")
    index = alias_index(kg.graph)
    _, fresh = _proposed_rows(kg, index, text, record, data_dir, ingest_model(kg))
    rejected = rejected_keys(rows)
    fresh = [row for row in fresh if row_key(row) not in rejected]
    merged = merge_decisions(fresh, [row for row in rows if row.decision])
    undecided_before = {fold(row.label) for row in rows if row.kind == "actor" and not row.decision}
    now_known = []
    for name in sorted(undecided_before):
        known = index.entities_named(name)
        if len(known) == 1:
            iri, alias = next(iter(known.items()))
            now_known.append((alias.text, iri))
    write_files({sheet_path: sheet_text(merged)})
    return RefreshResult(sheet_path, len(rows), len(merged), sum(1 for row in merged if row.decision), now_known)


def sheet_source(sheet_path: str | os.PathLike[str],
                 data_dir: str | os.PathLike[str] | None = None) -> tuple[Path, Path, SourceRecord, str]:
    """Return ``(sheet path, data folder, source record, stored text)`` for a review sheet.

    The data folder is ``data_dir``, else the folder above the sheet's ``review/``, else the project's.

    Parameters
    ----------
    sheet_path : path-like
        ``<data folder>/review/<slug>.csv``; the sheet itself need not exist.
    data_dir : path-like, optional
        The graph's data folder.

    Returns
    -------
    (Path, Path, SourceRecord, str)
        The stored text without its last line break.

    Raises
    ------
    SheetError
        The sheet's source was never ingested (no ``sources/<slug>.json``).

    Examples
    --------
    >>> from spacegraph.core import paths
    >>> sheet, folder, record, text = sheet_source(paths.data_dir() / "review" / "wiki-2025-in-spaceflight-overview.csv")
    >>> folder == paths.data_dir(), record.slug, len(text) > 0
    (True, 'wiki-2025-in-spaceflight-overview', True)
    >>> sheet_source(paths.data_dir() / "review" / "no-such-source.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.SheetError: ...no-such-source.csv: no source 'no-such-source' in graph_data/sources: ingest the document first
    """
    from ..ingest.sources import SourceRecord

    sheet = Path(sheet_path)
    if data_dir is None:
        data_dir = sheet.resolve().parent.parent if sheet.resolve().parent.name == "review" else paths.data_dir()
    folder = Path(data_dir)
    sources_dir = folder / "sources"
    slug = sheet.name[: -len(".csv")] if sheet.name.endswith(".csv") else sheet.stem
    try:
        record = SourceRecord.from_json(json.loads((sources_dir / f"{slug}.json").read_text(encoding="utf-8")))
        stored = (sources_dir / record.text_file).read_text(encoding="utf-8")
    except (OSError, ValueError, TypeError, KeyError):
        raise SheetError(sheet, f"no source {slug!r} in {paths.display_path(sources_dir)}: ingest the document first") from None
    return sheet, folder, record, stored[:-1] if stored.endswith("\n") else stored


def _keep_first_ingestion(record: SourceRecord, previous: SourceRecord) -> SourceRecord:
    from dataclasses import replace

    return replace(record, ingested=previous.ingested)


def _broken_quotes(kg: KnowledgeGraph, document_iri: str, text: str) -> list[str]:
    """Every quote of the document that the new ``text`` no longer holds."""
    from ..core.store import select_rows
    from ..validation.quotes import SourceText

    source = SourceText(text)
    query = (f"SELECT DISTINCT ?exact WHERE {{ ?q <{PREFIXES['prov']}wasQuotedFrom> <{document_iri}> ; "
             f"<{PREFIXES['oa']}exact> ?exact }} ORDER BY ?exact")
    return [str(exact) for (exact,) in select_rows(kg.graph, query) if not source.contains(str(exact))]


def _related_elsewhere(graph: rdflib.Graph, accepted: AcceptedSource, row: SheetRow) -> bool:
    """Tell whether another data file relates the actor that ``row`` creates (a later source may name it)."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    iri = next((URIRef(i) for i, r in accepted.new_actors if r is row), None)
    return iri is not None and (any(graph.triples((None, None, iri)))
                                or any(p != SKOS.altLabel for _, p, _ in graph.triples((iri, None, None))))


def accept(sheet_path: str | os.PathLike, *, data_dir: str | os.PathLike | None = None,
           shard_triples: int | None = None, allow_orphans: bool = False) -> AcceptResult:
    """Turn the accepted rows of a review sheet into the source's data file, if the whole graph then validates.

    Parameters
    ----------
    sheet_path : path-like
        ``graph_data/review/<slug>.csv``, as :func:`ingest` wrote it and an analyst decided it.
    data_dir : path-like, optional
        The graph's data folder (default: the folder above the sheet's ``review/``, else the project's).
    shard_triples : int, optional
        Passed to validation.
    allow_orphans : bool
        Accept new actors that take part in no accepted relationship or claim; without it, each
        such actor row is an error.

    Returns
    -------
    AcceptResult

    Raises
    ------
    SheetError
        The sheet cannot be read, or its source was never ingested.
    AcceptFailed
        A row cannot become data, or the graph with it does not validate; ``errors`` names
        each row (or data file) at fault. Nothing was written.

    Examples
    --------
    A note ingested into a copy of the data, its row accepted as an analyst would, then accepted:

    >>> import shutil, tempfile
    >>> from spacegraph.core import paths
    >>> from spacegraph.ingest import read_sheet, sheet_text
    >>> with tempfile.TemporaryDirectory() as temporary:
    ...     folder = Path(temporary) / "graph_data"
    ...     _ = shutil.copytree(paths.data_dir(), folder)
    ...     note = Path(temporary) / "note.txt"
    ...     _ = note.write_text("A note" + chr(10) * 2 + "Argentina hosts a Chinese deep-space station in Patagonia.",
    ...                         encoding="utf-8")
    ...     sheet = ingest(note, data_dir=folder, today="2026-01-05").sheet_path
    ...     rows = read_sheet(sheet)
    ...     for row in rows:
    ...         row.decision = "accept"
    ...     _ = sheet.write_text(sheet_text(rows), encoding="utf-8")
    ...     result = accept(sheet)
    ...     written = "sg:hosts" in result.data_file.read_text(encoding="utf-8")
    >>> result.data_file.name, result.relationships, result.second_quotes, written
    ('a-note.ttl', 1, 1, True)
    """
    from ..graph import load
    from ..ingest.accepted import known_terms, source_turtle
    from ..ingest.sheet import read_sheet, row_key, sheet_text
    from ..ingest.stated import stated_between
    from .build import validate_files

    sheet_path, data_dir, record, text = sheet_source(sheet_path, data_dir)
    sources_dir = data_dir / "sources"
    slug = record.slug
    rows = read_sheet(sheet_path)
    data_file = data_dir / f"{slug}.ttl"
    others = [f for f in sorted(data_dir.glob("*.ttl")) if f.resolve() != data_file.resolve()]
    kg = load(others, sources_dir=sources_dir)
    accepted = source_turtle(rows, record, known_terms(kg.graph), text, sheet_path)
    orphans = [row for row in accepted.orphans() if not _related_elsewhere(kg.graph, accepted, row)]
    if orphans and not allow_orphans:
        raise AcceptFailed([SheetError(sheet_path, f"row {row.number}: actor {row.label!r} takes part in no accepted relationship or "
                                                   "claim; accept one, reject the actor, or allow orphans", line=row.line)
                            for row in orphans])
    stated = stated_between(kg.graph, [(s, o) for s, _, o, _ in accepted.triples])
    second_quotes = sum(1 for s, p, o, _ in accepted.triples if (p, True) in stated.get((s, o), ()))
    with tempfile.TemporaryDirectory(prefix="spacegraph-accept-") as scratch:
        candidate = Path(scratch) / data_file.name
        candidate.write_text(accepted.text, encoding="utf-8")
        report = validate_files([*others, candidate], sources_dir=sources_dir, shard_triples=shard_triples)
        if not report.ok:
            errors = []
            for problem in report.problems:
                stating = accepted.row_stating(problem.focus, problem.predicate, problem.value) if problem.predicate else None
                if stating is not None:  # a relationship row's triple breaks a shape: name that row, not its subject's
                    errors.append(SheetError(sheet_path, f"row {stating.number}: [{problem.check}] {problem.message}", line=stating.line))
                elif problem.path and Path(problem.path).resolve() == candidate.resolve():
                    row = accepted.row_at(problem.line or 0)
                    where = f"row {row.number}: " if row is not None else ""
                    errors.append(SheetError(sheet_path, f"{where}[{problem.check}] {problem.message}",
                                             line=row.line if row is not None else None))
                elif (row := accepted.row_naming(problem.message)) is not None:  # found on an actor this row links
                    errors.append(SheetError(sheet_path, f"row {row.number}: [{problem.check}] {problem.message}", line=row.line))
                else:
                    errors.append(SheetError(problem.path or sheet_path, f"[{problem.check}] {problem.message}", line=problem.line))
            raise AcceptFailed(errors)
    rejected_path = review_dir(data_dir) / f"{slug}.rejected.csv"
    remembered = read_sheet(rejected_path) if rejected_path.exists() else []
    keys = {row_key(row) for row in remembered}
    remembered += [row for row in accepted.rejected if row_key(row) not in keys]
    contents = {data_file: accepted.text}
    if remembered:
        contents[rejected_path] = sheet_text(remembered)
    write_files(contents)
    warnings = [str(w) for w in report.warnings]
    return AcceptResult(data_file, accepted.actors, accepted.aliases, accepted.relationships, second_quotes, accepted.claims,
                        len(accepted.rejected), accepted.pending, warnings, orphans=[row.label for row in orphans])
