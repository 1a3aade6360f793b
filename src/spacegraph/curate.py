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
>>> from spacegraph import paths
>>> folder = Path(tempfile.mkdtemp()) / "graph_data"
>>> _ = shutil.copytree(paths.data_dir(), folder)
>>> note = folder.parent / "note.txt"
>>> _ = note.write_text("A note\\n\\nArgentina hosts a Chinese deep-space station in Patagonia.\\n")
>>> result = ingest(note, data_dir=folder, date="2025-03-03", today="2026-01-05")
>>> result.status, result.sheet_path.name
('new', 'a-note.csv')
>>> [(c.subject, c.predicates) for c in result.proposals.candidates]
[('https://w3id.org/spacegraph/id/argentina', ('https://w3id.org/spacegraph/ontology#hosts',))]
>>> ingest(note, data_dir=folder).status
'unchanged'
>>> shutil.rmtree(folder.parent)
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from ._io import write_files
from .errors import AcceptFailed, InvalidArgument, SheetError
from .prefixes import PREFIXES

__all__ = ["ingest", "accept", "IngestResult", "AcceptResult", "review_dir"]


def review_dir(data_dir) -> Path:
    """Return the folder of review sheets, ``<data_dir>/review``."""
    return Path(data_dir) / "review"


@dataclass
class IngestResult:
    """What :func:`ingest` did: the source, its status, the proposals and the files written."""

    record: object
    status: str
    proposals: object = None
    sheet_path: Path | None = None
    written: list = field(default_factory=list)
    broken_quotes: list = field(default_factory=list)
    same_as: str | None = None

    @property
    def assumed(self):
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
    warnings: list = field(default_factory=list)


def _data_dir(data_dir):
    return Path(data_dir) if data_dir is not None else paths.data_dir()


def ingest(path: str | os.PathLike, *, data_dir: str | os.PathLike | None = None, title: str | None = None, date: str | None = None,
           url: str | None = None, publisher: str | None = None, authors: list[str] | None = None, slug: str | None = None,
           encoding: str | None = None, replace: bool = False, dry_run: bool = False, max_bytes: int | None = None,
           today: str | None = None) -> IngestResult:
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
    encoding : str, optional
        The text encoding of a ``.txt``, ``.md`` or ``.html`` file (default: UTF-8, or the page's charset).
    replace : bool
        Replace a different text already stored under the slug; quotes of the source that
        no longer verify are listed in ``broken_quotes``.
    dry_run : bool
        Propose, but write nothing.
    max_bytes : int, optional
        The largest file read.
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
    """
    from .graph import load
    from .ingest.accepted import known_terms, rejected_keys, source_turtle
    from .ingest.normalise import normalise_blocks
    from .ingest.proposals import alias_index, propose
    from .ingest.read import read_document
    from .ingest.sheet import merge_decisions, read_sheet, rows_from_proposals, sheet_text
    from .ingest.sources import describe_source, source_status, stored_bytes

    data_dir = _data_dir(data_dir)
    sources_dir = data_dir / "sources"
    document = read_document(path, encoding=encoding, max_bytes=max_bytes)
    text = normalise_blocks(document.blocks)
    record = describe_source(document, text, title=title, date=date, url=url, publisher=publisher, authors=authors, slug=slug,
                             today=today)
    status, previous = source_status(record, sources_dir, replace=replace)
    if status == "unchanged" and previous is not None and not dry_run:
        return IngestResult(previous, status, same_as=previous.slug)
    data_file = data_dir / f"{record.slug}.ttl"
    if data_file.exists() and not (sources_dir / f"{record.slug}.json").exists():
        raise InvalidArgument(f"{paths.display_path(data_file)} exists and is not a source's data file; choose another slug",
                              argument="slug")
    if status == "replaced" and previous is not None:
        record = _keep_first_ingestion(record, previous)
    kg = load(sorted(data_dir.glob("*.ttl")), sources_dir=sources_dir)
    document_iri = PREFIXES["sgid"] + record.slug
    terms = known_terms(kg.graph)
    if document_iri in terms.iris and not (sources_dir / f"{record.slug}.json").exists():
        raise InvalidArgument(f"slug {record.slug!r} is already the id of an actor (sgid:{record.slug}); choose another slug",
                              argument="slug")
    sheet_path = review_dir(data_dir) / f"{record.slug}.csv"
    rejected_path = review_dir(data_dir) / f"{record.slug}.rejected.csv"
    rejected = read_sheet(rejected_path) if rejected_path.exists() else []
    index = alias_index(kg.graph, exclude={document_iri})
    proposals = propose(text, kg.graph, index=index, language=record.language, rejected=frozenset(rejected_keys(rejected)))
    proposals.source = {"slug": record.slug, "title": record.title, "sha256": record.sha256}
    rows = rows_from_proposals(proposals, kg.graph)
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
    others = [f for f in sorted(data_dir.glob("*.ttl")) if f != data_file]
    if status == "replaced":  # the source's own actors are rebuilt from its sheet
        terms = known_terms(load(others, sources_dir=sources_dir).graph)
    accepted = source_turtle(rows if status == "replaced" else [], record, terms, text, sheet_path)
    contents = {sources_dir / record.text_file: stored_bytes(text),
                sources_dir / f"{record.slug}.json": json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n",
                data_file: accepted.text, sheet_path: sheet_text(rows)}
    review_dir(data_dir).mkdir(parents=True, exist_ok=True)
    result.written = write_files(contents)
    return result


def _keep_first_ingestion(record, previous):
    from dataclasses import replace

    return replace(record, ingested=previous.ingested)


def _broken_quotes(kg, document_iri, text):
    """Every quote of the document that the new ``text`` no longer holds."""
    from .validation.quotes import SourceText

    source = SourceText(text)
    query = (f"SELECT DISTINCT ?exact WHERE {{ ?q <{PREFIXES['prov']}wasQuotedFrom> <{document_iri}> ; "
             f"<{PREFIXES['oa']}exact> ?exact }} ORDER BY ?exact")
    return [str(exact) for (exact,) in kg.graph.query(query) if not source.contains(str(exact))]


def accept(sheet_path: str | os.PathLike, *, data_dir: str | os.PathLike | None = None,
           shard_triples: int | None = None) -> AcceptResult:
    """Turn the accepted rows of a review sheet into the source's data file, if the whole graph then validates.

    Parameters
    ----------
    sheet_path : path-like
        ``graph_data/review/<slug>.csv``, as :func:`ingest` wrote it and an analyst decided it.
    data_dir : path-like, optional
        The graph's data folder (default: the folder above the sheet's ``review/``, else the project's).
    shard_triples : int, optional
        Passed to validation.

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
    """
    from .build import validate_files
    from .graph import load
    from .ingest.accepted import known_terms, source_turtle
    from .ingest.sheet import read_sheet, row_key, sheet_text
    from .ingest.sources import SourceRecord

    sheet_path = Path(sheet_path)
    if data_dir is None:
        data_dir = sheet_path.resolve().parent.parent if sheet_path.resolve().parent.name == "review" else paths.data_dir()
    data_dir = Path(data_dir)
    sources_dir = data_dir / "sources"
    slug = sheet_path.name[: -len(".csv")] if sheet_path.name.endswith(".csv") else sheet_path.stem
    described = sources_dir / f"{slug}.json"
    try:
        record = SourceRecord.from_json(json.loads(described.read_text(encoding="utf-8")))
        stored = (sources_dir / record.text_file).read_text(encoding="utf-8")
    except (OSError, ValueError, TypeError, KeyError):
        raise SheetError(sheet_path, f"no source {slug!r} in {paths.display_path(sources_dir)}: ingest the document first") from None
    text = stored[:-1] if stored.endswith("\n") else stored
    rows = read_sheet(sheet_path)
    data_file = data_dir / f"{slug}.ttl"
    others = [f for f in sorted(data_dir.glob("*.ttl")) if f.resolve() != data_file.resolve()]
    kg = load(others, sources_dir=sources_dir)
    accepted = source_turtle(rows, record, known_terms(kg.graph), text, sheet_path)
    with tempfile.TemporaryDirectory(prefix="spacegraph-accept-") as scratch:
        candidate = Path(scratch) / data_file.name
        candidate.write_text(accepted.text, encoding="utf-8")
        report = validate_files([*others, candidate], sources_dir=sources_dir, shard_triples=shard_triples)
        if not report.ok:
            errors = []
            for problem in report.problems:
                if problem.path and Path(problem.path).resolve() == candidate.resolve():
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
    return AcceptResult(data_file, accepted.actors, accepted.aliases, accepted.relationships, accepted.second_quotes, accepted.claims,
                        len(accepted.rejected), accepted.pending, warnings)
