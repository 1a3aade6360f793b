"""One review sheet under review: its rows, each decision written to the sheet at once, undo, and the final accept.

The CSV stays the record. Every change is checked against the sheet on disk first: if the file
changed since the session read it (a spreadsheet saved it), nothing is written and
:class:`~spacegraph.errors.SheetChanged` says so; the page reads it again. Each change is then
written atomically. A lock beside the sheet (``review/.<sheet>.lock``, held with ``flock`` for
the life of the session) refuses a second session on the same sheet.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from ...errors import AcceptFailed, InvalidArgument, ReviewBusy, SheetChanged

__all__ = ["ReviewSession", "EDITABLE"]

#: The columns a reviewer may change, and the sheet's names for them.
EDITABLE = {"decision": "decision", "label": "label", "class": "cls", "subject": "subject", "predicate": "predicate",
            "object": "object", "direction": "direction", "aliases": "aliases", "same_as": "same_as",
            "description": "description", "hedge": "hedge"}
_LONGEST_CELL = 2000


class ReviewSession:
    """The state of one sheet being reviewed.

    Parameters
    ----------
    sheet_path : path-like
        ``graph_data/review/<slug>.csv``.
    data_dir : path-like, optional
        The graph's data folder (default: the folder above the sheet's ``review/``).

    Raises
    ------
    SheetError
        The sheet cannot be read, or its source was never ingested.
    ReviewBusy
        Another session holds the sheet.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from spacegraph.core import paths
    >>> from spacegraph.workflows.curate import ingest
    >>> with tempfile.TemporaryDirectory() as temporary:
    ...     folder = Path(temporary) / "graph_data"
    ...     _ = shutil.copytree(paths.data_dir(), folder)
    ...     note = Path(temporary) / "note.txt"
    ...     _ = note.write_text("A note\\n\\nArgentina hosts a Chinese deep-space station in Patagonia.\\n", encoding="utf-8")
    ...     sheet = ingest(note, data_dir=folder, date="2025-03-03").sheet_path
    ...     with ReviewSession(sheet) as session:
    ...         row = session.change(0, {"decision": "accept"}, session.version)
    ...         (row["decision"], session.counts())
    ('accept', {'rows': 1, 'decided': 1, 'accepted': 1, 'rejected': 0})
    """

    def __init__(self, sheet_path, data_dir=None):
        from ..curate import sheet_source

        self.sheet_path, self.data_dir, self.record, self.text = sheet_source(sheet_path, data_dir)
        self._lock = _take_lock(self.sheet_path)
        self.history: list = []
        self._known = None
        try:
            self.reload()
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Let the sheet go: another session may take it."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    # ------------------------------------------------------------ reading

    def reload(self):
        """Read the sheet from disk again; the undo history of what was read before is dropped."""
        from ...ingest.sheet import read_sheet

        data = self._bytes()
        self.rows = read_sheet(self.sheet_path)
        self.version = hashlib.sha256(data).hexdigest()
        self.history = []
        self._spans = {}

    def _bytes(self):
        from ...ingest.sheet import sheet_bytes

        return sheet_bytes(self.sheet_path)

    def counts(self) -> dict:
        """How many rows there are, decided, accepted and rejected."""
        decided = [row.decision for row in self.rows if row.decision]
        return {"rows": len(self.rows), "decided": len(decided), "accepted": decided.count("accept"),
                "rejected": decided.count("reject")}

    def snapshot(self) -> dict:
        """What the page shows: the source, the rows (each with its choices and where its actors are in its quote)."""
        return {"sheet": self.sheet_path.name, "title": self.record.title, "slug": self.record.slug, "version": self.version,
                "counts": self.counts(), "rows": [self.row_json(index) for index in range(len(self.rows))]}

    def row_json(self, index) -> dict:
        """One row as the page reads it."""
        from ...ingest.sheet import COLUMNS, choices_of

        row = self.rows[index]
        record = {column: getattr(row, "cls" if column == "class" else column) for column in COLUMNS if column != "choices"}
        record.update(index=index, number=row.number, choices=choices_of(row), highlights=self._highlights(row),
                      names={end: self.name_of(getattr(row, end)) for end in ("subject", "object") if getattr(row, end)})
        return record

    # ------------------------------------------------------------ what rows may name

    def known(self) -> dict:
        """The actors a row may point to (the graph's, then the sheet's new ones), the classes and the predicates."""
        if self._known is None:
            self._known = _known_terms(self)
        actors = list(self._known["actors"])
        actors += [{"id": f"new:{row.id[4:] if row.id.startswith('new:') else row.label}", "label": row.label,
                    "aliases": [a.strip() for a in row.aliases.split(";") if a.strip()], "kind": "new actor of this sheet"}
                   for row in self.rows if row.kind == "actor" and row.decision != "reject"]
        return {"actors": actors, "classes": self._known["classes"], "predicates": self._known["predicates"]}

    def name_of(self, cell) -> str:
        """The label of the actor a cell names (a prefixed name, ``new:<name>`` or a label), for the page."""
        cell = cell.strip()
        if cell.startswith("new:"):
            return cell[4:]
        known = self.known()
        for actor in known["actors"]:
            if actor["id"] == cell:
                return actor["label"]
        return cell

    def _highlights(self, row):
        """``[(start, end, "subject" | "object")]``: where the quote names the row's two actors."""
        from ...ingest.linking import Alias, AliasIndex

        ends = [(end, getattr(row, end).strip()) for end in ("subject", "object") if getattr(row, end).strip()]
        if row.kind == "actor":
            ends = [("subject", f"new:{row.label}")]
        if not ends or not row.quote:
            return []
        aliases = []
        for role, cell in ends:
            for name in self._names(cell, row):
                aliases.append(Alias(name, role, name))
        found = []
        for mention in AliasIndex(aliases).find(row.quote):
            named = mention.entity or (mention.ambiguous[0] if mention.ambiguous else None)
            if named:
                found.append((mention.start, mention.end, named))
        return found

    def _names(self, cell, row):
        if cell.startswith("new:"):
            name = cell[4:]
            owner = next((r for r in self.rows if r.kind == "actor" and (r.id == cell or r.label == name)), None)
            names = [name] + ([owner.label, *owner.aliases.split(";")] if owner is not None else [])
            return [n.strip() for n in names if n.strip()]
        for actor in self.known()["actors"]:
            if actor["id"] == cell:
                return [actor["label"], *actor["aliases"]]
        return [cell]

    # ------------------------------------------------------------ changing

    def _check_version(self, version):
        on_disk = hashlib.sha256(self._bytes()).hexdigest()
        if on_disk != self.version or version != self.version:
            raise SheetChanged(self.sheet_path, "changed on disk since this page read it (in a spreadsheet?): nothing was "
                                                "written; the page reads it again")

    def change(self, index, changes, version) -> dict:
        """Apply ``changes`` (``{column: value}``, columns of :data:`EDITABLE`) to row ``index`` and write the sheet.

        Raises
        ------
        SheetChanged
            The sheet on disk is not the one ``version`` names.
        InvalidArgument
            No such row, a column that cannot be changed, or a value that is not allowed.
        """
        from ...ingest.sheet import DECISIONS

        self._check_version(version)
        if not isinstance(index, int) or not 0 <= index < len(self.rows):
            raise InvalidArgument(f"row {index!r} is not a row of {self.sheet_path.name} (0 to {len(self.rows) - 1})", argument="row")
        if not isinstance(changes, dict) or not changes:
            raise InvalidArgument("no change given", argument="changes")
        values: dict[str, Any] = {}  # the row's text fields, by name
        for column, value in changes.items():
            if column not in EDITABLE:
                raise InvalidArgument(f"column {column!r} cannot be changed here; the page may change {', '.join(EDITABLE)}",
                                      argument="changes")
            if not isinstance(value, str) or len(value) > _LONGEST_CELL or "\x00" in value:
                raise InvalidArgument(f"{column}: a value is text of at most {_LONGEST_CELL} characters", argument="changes")
            values[EDITABLE[column]] = value.strip() if column != "decision" else value.strip().lower()
        if values.get("decision", "") not in DECISIONS:
            raise InvalidArgument(f"decision {values['decision']!r} is not empty, accept or reject", argument="changes")
        if values.get("direction", "forward") not in ("forward", "backward"):
            raise InvalidArgument(f"direction {values['direction']!r} is not forward or backward", argument="changes")
        previous = replace(self.rows[index])
        self.rows[index] = replace(previous, **values)
        self._write()
        self.history.append((index, previous))
        return self.row_json(index)

    def undo(self, version) -> dict | None:
        """Take the last change back and write the sheet; return the row it restored (None when there is none)."""
        self._check_version(version)
        if not self.history:
            return None
        index, previous = self.history.pop()
        self.rows[index] = previous
        self._write()
        return self.row_json(index)

    def _write(self):
        from ...core._io import write_files
        from ...ingest.sheet import sheet_text

        text = sheet_text(self.rows)
        write_files({self.sheet_path: text})
        self.version = hashlib.sha256(text.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------ accepting

    def accept(self, version, *, allow_orphans=False) -> dict:
        """Run ``spacegraph accept`` on the sheet: ``{"ok": True, "summary": ...}``, or the errors, each on its row."""
        from ..curate import accept

        self._check_version(version)
        try:
            result = accept(self.sheet_path, data_dir=self.data_dir, allow_orphans=allow_orphans)
        except AcceptFailed as failed:
            by_line: dict[int | None, int] = {row.line: index for index, row in enumerate(self.rows)}
            return {"ok": False, "errors": [{"row": by_line.get(getattr(error, "line", None)),
                                             "message": getattr(error, "reason", None) if getattr(error, "line", None) in by_line
                                             else str(error)} for error in failed.errors]}
        summary = {f.name: getattr(result, f.name) for f in fields(result) if f.name not in ("data_file", "warnings", "orphans")}
        return {"ok": True, "summary": summary, "data_file": result.data_file.name, "warnings": result.warnings,
                "orphans": result.orphans}


def _take_lock(sheet_path):
    """Hold ``review/.<sheet>.lock`` for the life of the session, or raise :class:`ReviewBusy`."""
    import fcntl

    lock_path = Path(sheet_path).with_name(f".{Path(sheet_path).name}.lock")
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise ReviewBusy(f"{sheet_path} is being reviewed by another spacegraph review; close that one first") from None
    return handle


def _known_terms(session):
    """Actors, classes and predicates of the graph without the sheet's own source, in the page's form."""
    from ...core.prefixes import PREFIXES
    from ...core.store import select_rows
    from ...core.terms import compact
    from ...graph import load
    from ...ingest.domains import read_schema
    from ...ingest.learning import kinds_of

    data_file = session.data_dir / f"{session.record.slug}.ttl"
    others = [f for f in sorted(session.data_dir.glob("*.ttl")) if f.resolve() != data_file.resolve()]
    graph = load(others, sources_dir=session.data_dir / "sources").graph
    rdfs, skos, sg = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["sg"]
    kinds = kinds_of(graph)
    actors: dict = {}
    for entity, label, alias in select_rows(graph, f"""SELECT ?e ?l ?a WHERE {{ ?c <{rdfs}subClassOf>* <{sg}Entity> . ?e a ?c ;
            <{rdfs}label> ?l . OPTIONAL {{ ?e <{skos}altLabel> ?a }} }}"""):
        entry = actors.setdefault(str(entity), {"id": compact(str(entity)), "label": str(label), "aliases": [],
                                                "kind": kinds.get(str(entity), "")})
        if alias is not None and str(alias) not in entry["aliases"]:
            entry["aliases"].append(str(alias))
    schema = read_schema(graph)
    classes = sorted({cls for types in schema.types.values() for cls in types} | set(schema.parents))
    labels = {str(c): str(label)
              for c, label in select_rows(graph, f"SELECT ?c ?l WHERE {{ ?c a <{PREFIXES['owl']}Class> ; <{rdfs}label> ?l }}")}
    relationship_classes = {c for c in classes if sg + "Relationship" in schema.lineage(c)}
    return {"actors": sorted(actors.values(), key=lambda a: a["label"].casefold()),
            "classes": [{"id": compact(c), "label": labels.get(c, compact(c))} for c in classes
                        if c.startswith(sg) and sg + "Entity" in schema.lineage(c) and c not in relationship_classes],
            "predicates": [{"id": compact(p), "label": label} for p, label in sorted(schema.labels.items())
                           if not (schema.domains.get(p, frozenset()) & relationship_classes)]}
