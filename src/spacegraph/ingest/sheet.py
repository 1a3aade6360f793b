"""The review sheet: one CSV row per proposed actor, relationship and claim, for an analyst to decide.

A sheet opens in any spreadsheet (UTF-8 with a byte-order mark, so Excel reads accents).
The ``decision`` column is empty, ``accept`` or ``reject``; the analyst may edit ``label``,
``class``, ``subject``, ``predicate``, ``object``, ``direction``, ``aliases``, ``same_as``,
``description``, ``hedge`` and ``quote`` (a quote may be shortened, never reworded: accept
checks it against the stored text). Subjects and objects are prefixed names
(``sgid:china``), full IRIs, a known actor's exact label, or ``new:<name>`` for an actor
row of the same sheet.

A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``)
is written with a leading apostrophe, which reading removes (:mod:`spacegraph.core.csv_cells`,
the rule every CSV spacegraph writes follows): a hostile document cannot plant a formula
in the analyst's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..core.csv_cells import csv_text, restored
from ..core.folding import fold
from ..core.terms import compact
from ..errors import SheetError
from .linking import Mention
from .proposals import NEW

__all__ = ["SheetRow", "COLUMNS", "DECISIONS", "KINDS", "rows_from_proposals", "sheet_text", "read_sheet", "row_key",
           "merge_decisions", "choices_of", "sheet_bytes"]

#: The columns of a review sheet, in order.
COLUMNS = ("decision", "kind", "label", "class", "subject", "predicate", "object", "direction", "quote", "hedge",
           "aliases", "same_as", "description", "id", "alternatives", "note", "sentence", "start", "end", "score", "choices")
#: The values of the ``decision`` column.
DECISIONS = ("", "accept", "reject")
#: The values of the ``kind`` column.
KINDS = ("actor", "relationship", "claim")
_LARGEST_SHEET = 100_000_000


@dataclass
class SheetRow:
    """One row of a review sheet; ``line`` is its line in the file (1 is the header)."""

    decision: str = ""
    kind: str = ""
    label: str = ""
    cls: str = ""
    subject: str = ""
    predicate: str = ""
    object: str = ""
    direction: str = ""
    quote: str = ""
    hedge: str = ""
    aliases: str = ""
    same_as: str = ""
    description: str = ""
    id: str = ""
    alternatives: str = ""
    note: str = ""
    sentence: str = ""
    start: str = ""
    end: str = ""
    score: str = ""
    choices: str = ""
    line: int = field(default=0, compare=False)

    def cells(self) -> list[str]:
        """The row's values in :data:`COLUMNS` order.

        Returns
        -------
        list of str

        Examples
        --------
        >>> SheetRow(decision="accept", kind="actor", label="Aurora", cls="sg:Company").cells()[:4]
        ['accept', 'actor', 'Aurora', 'sg:Company']
        """
        return [getattr(self, "cls" if column == "class" else column) for column in COLUMNS]

    @property
    def number(self) -> int:
        """The row's number as a spreadsheet shows it below the header (the first data row is 1)."""
        return self.line - 1


def row_key(row: SheetRow) -> tuple:
    """The key a decision is remembered by: the same proposal from the same text has the same key.

    Examples
    --------
    >>> row_key(SheetRow(kind="actor", id="new:Aurora Launch Corporation"))
    ('actor', 'aurora launch corporation')
    """
    if row.kind == "actor":
        return ("actor", fold(row.id[len(NEW):] if row.id.startswith(NEW) else row.label))
    if row.kind == "claim":
        return ("claim", fold(row.quote))
    return ("relationship", row.id.split("|")[0], row.id.split("|")[-1], fold(row.quote))


def rows_from_proposals(proposals, graph=None, *, namespaces=None) -> list[SheetRow]:
    """Return the sheet rows for ``proposals``: actors first, then relationships and claims in text order.

    Each row's ``choices`` holds, as JSON, the ranked classes (an actor) or predicates (a relationship)
    with their scores and reasons, for the review page; ``alternatives`` the others in words.

    Parameters
    ----------
    proposals : Proposals
    graph : rdflib.Graph, optional
        Not read any more: what the graph already states comes with the proposals.
    namespaces : dict, optional
        Prefix -> namespace for compact names (default: the project's prefixes).
    """
    shown = _shower(namespaces)
    rows = []
    possible: dict[str, Mention] = {}   # the first mention written so that may be a known actor, looked up once per name
    for m in proposals.mentions:
        if m.entity is None and m.possible:
            possible.setdefault(m.text, m)
    for entry in proposals.new_entities:
        notes = []
        mention = possible.get(entry.occurrences[0][3])
        if mention is not None:
            notes.append("possibly " + ", ".join(f"{shown(iri)} ({score:.2f})" for iri, score in mention.possible)
                         + ": put one in same_as to make this name an alias of it")
        classes = list(getattr(entry, "classes", []) or [])
        if classes:
            notes.append(f"class: {classes[0].reason}")
        else:
            notes.append("no class suggested: choose one")
        first = proposals.sentences[entry.sentences[0]] if entry.sentences else None
        start, end = (entry.occurrences[0][0], entry.occurrences[0][1]) if entry.occurrences else ("", "")
        if entry.same_as:
            notes.insert(0, f"the text gives it as another name of {shown(entry.same_as)}")
        rows.append(SheetRow(kind="actor", label=entry.name, cls=shown(entry.cls) if entry.cls else "",
                             aliases="; ".join(entry.aliases), id=NEW + entry.name, quote=first.text if first else "",
                             same_as=shown(entry.same_as) if entry.same_as else "",
                             alternatives="; ".join(shown(c.cls) for c in classes[1:]),
                             sentence=" ".join(str(n) for n in entry.sentences), start=str(start), end=str(end),
                             score=f"{classes[0].score:.2f}" if classes else "", note="; ".join(notes),
                             choices=_choices_json([(shown(c.cls), c.score, c.reason, "") for c in classes])))
    for candidate in proposals.candidates:
        if candidate.claim:
            about = [shown(actor) for actor in candidate.about]
            rows.append(SheetRow(
                kind="claim", label=_clip(candidate.quote, 70) + " (claim)", subject=shown(candidate.claimant), object="; ".join(about),
                quote=candidate.quote, hedge=candidate.hedge, sentence=str(candidate.sentence), start=str(candidate.start),
                end=str(candidate.end), id=f"claim|{candidate.sentence}", score=f"{candidate.score:.2f}",
                note=f"a view the text gives to {shown(candidate.claimant)}: a claim of theirs, not a fact"))
            continue
        choices = list(candidate.choices)
        predicates = [shown(c.predicate) for c in choices]
        direction = "forward"
        if choices and not choices[0].forward:  # cannot happen for the first choice; kept for sheets edited by hand
            direction = "backward"
        notes = []
        if candidate.stated:
            notes.append(f"the graph already states this ({', '.join(shown(p) for p in candidate.stated)}): accepting adds this "
                         "quote to it")
        if not predicates:
            notes.append("no predicate fits: choose one")
        if candidate.hedge:
            notes.append(f"hedged: {candidate.hedge}")
        notes.append(f"pair: {candidate.reason}")
        rows.append(SheetRow(kind="relationship", subject=shown(candidate.subject), predicate=predicates[0] if predicates else "",
                             object=shown(candidate.object), direction=direction, quote=candidate.quote, hedge=candidate.hedge,
                             alternatives="; ".join(predicates[1:]), sentence=str(candidate.sentence), start=str(candidate.start),
                             end=str(candidate.end), id=f"{shown(candidate.subject)}|{shown(candidate.object)}",
                             score=f"{candidate.score:.2f}", note="; ".join(notes),
                             choices=_choices_json([(shown(c.predicate), c.score, c.reason, "forward" if c.forward else "backward")
                                                    for c in choices])))
    return rows


def _choices_json(choices):
    import json

    if not choices:
        return ""
    return json.dumps([{"value": value, "score": round(score, 3), "reason": reason, **({"direction": d} if d else {})}
                       for value, score, reason, d in choices], ensure_ascii=False)


def choices_of(row) -> list:
    """The ranked choices a row's ``choices`` column holds: ``[{"value", "score", "reason", "direction"?}]``; [] when none
    or when a spreadsheet left something else there.

    Examples
    --------
    >>> choices_of(SheetRow(choices='[{"value": "sg:hosts", "score": 0.9, "reason": "cue phrase"}]'))[0]["value"]
    'sg:hosts'
    >>> choices_of(SheetRow(choices="not json"))
    []
    """
    import json

    try:
        found = json.loads(row.choices) if row.choices.strip() else []
    except ValueError:
        return []
    if not isinstance(found, list):
        return []
    return [c for c in found if isinstance(c, dict) and isinstance(c.get("value"), str)]


def _clip(text, width):
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _shower(namespaces):
    from ..core.prefixes import PREFIXES

    table = dict(namespaces or PREFIXES)

    def shown(iri):
        if iri is None:
            return ""
        if iri.startswith(NEW):
            return iri
        return compact(iri, table)

    return shown


def merge_decisions(rows, previous) -> list[SheetRow]:
    """Carry the decisions and edits of ``previous`` rows over to the fresh ``rows`` with the same key.

    Rows of ``previous`` that were accepted but are no longer proposed are kept, so that
    their facts stay; rows rejected before are dropped from ``rows``.
    """
    before = {row_key(row): row for row in previous}
    merged = []
    for row in rows:
        old = before.pop(row_key(row), None)
        if old is None:
            merged.append(row)
        elif old.decision == "accept":
            merged.append(old)
    merged += [row for row in before.values() if row.decision == "accept"]
    return merged


def sheet_text(rows: Iterable[SheetRow]) -> str:
    """Return the CSV text of a sheet holding ``rows`` (with a header, and a byte-order mark).

    A cell a spreadsheet would run as a formula gets a leading apostrophe, which :func:`read_sheet` removes.

    Parameters
    ----------
    rows : iterable of SheetRow

    Returns
    -------
    str
        To write in UTF-8, with ``\\r\\n`` line ends.

    Examples
    --------
    >>> text = sheet_text([SheetRow(kind="actor", label="=HYPERLINK(1)", id="new:x")])
    >>> text.splitlines()[1].startswith(",actor,'=HYPERLINK(1)")
    True
    """
    return "\ufeff" + csv_text(COLUMNS, (row.cells() for row in rows), line_end="\r\n")


def sheet_bytes(path) -> bytes:
    """The bytes of the sheet at ``path``: a regular file of at most 100 MB, opened without waiting on a FIFO.

    Raises
    ------
    SheetError
        Not a regular file, too large, or not readable.
    """
    import os
    import stat

    path = Path(path)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)   # a FIFO is not waited on
    except OSError as error:
        raise SheetError(path, f"cannot read the sheet: {error.strerror or error}") from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise SheetError(path, "not a regular file: a sheet is a CSV file")
        if status.st_size > _LARGEST_SHEET:
            raise SheetError(path, f"the sheet is larger than {_LARGEST_SHEET // 1_000_000} MB")
        with os.fdopen(os.dup(handle), "rb") as stream:
            return stream.read()
    except OSError as error:
        raise SheetError(path, f"cannot read the sheet: {error.strerror or error}") from None
    finally:
        os.close(handle)


def read_sheet(path: str | Path) -> list[SheetRow]:
    """Read a review sheet.

    Parameters
    ----------
    path : path-like
        The CSV file (UTF-8, with or without a byte-order mark).

    Returns
    -------
    list of SheetRow
        Each with its ``line`` in the file; blank rows are skipped.

    Raises
    ------
    SheetError
        The file cannot be read, is not a CSV with the sheet's header, or a row has an
        unknown decision or kind; the error names the file and line.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     sheet = Path(folder) / "note.csv"
    ...     _ = sheet.write_text(sheet_text([SheetRow(decision="accept", kind="actor", label="=Aurora", id="new:Aurora")]),
    ...                          encoding="utf-8")
    ...     rows = read_sheet(sheet)
    ...     _ = sheet.write_text("a,b" + chr(10) + "1,2" + chr(10), encoding="utf-8")
    ...     try:
    ...         read_sheet(sheet)
    ...     except SheetError as error:
    ...         problem = error
    >>> [(row.decision, row.label, row.line) for row in rows]
    [('accept', '=Aurora', 2)]
    >>> str(problem).split(": ", 1)[1]
    'the header lacks the column(s) decision, kind, id; is this a review sheet?'
    """
    path = Path(path)
    try:
        text = sheet_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(path, f"not UTF-8 at byte {error.start}; save the sheet as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SheetError(path, "the sheet is empty; expected the header " + ",".join(COLUMNS), line=1) from None
    except csv.Error as error:
        raise SheetError(path, f"not a CSV file: {error}", line=1) from None
    header = [column.strip().lower() for column in header]
    missing = [column for column in ("decision", "kind", "id") if column not in header]
    if missing:
        raise SheetError(path, f"the header lacks the column(s) {', '.join(missing)}; is this a review sheet?", line=1)
    names = {f.name for f in fields(SheetRow)} - {"line"}
    rows = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            record = {}
            for column, value in zip(header, values, strict=False):
                attribute = "cls" if column == "class" else column
                if attribute in names:
                    record[attribute] = restored(value).strip() if attribute != "quote" else restored(value)
            row = SheetRow(**record, line=line)
            row.decision = row.decision.lower()
            row.kind = row.kind.lower()
            if row.decision not in DECISIONS:
                raise SheetError(path, f"row {line - 1}: decision {row.decision!r} is not empty, accept or reject", line=line)
            if row.kind not in KINDS:
                raise SheetError(path, f"row {line - 1}: kind {row.kind!r} is not actor, relationship or claim", line=line)
            rows.append(row)
    except csv.Error as error:
        raise SheetError(path, f"not a CSV file: {error}", line=reader.line_num) from None
    return rows
