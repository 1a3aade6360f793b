"""The named query library: ``queries/*.rq`` with a header comment each.

A query file starts with comment lines that describe it::

    # title: ILRS members
    # question: Which states take part in the International Lunar Research Station?
    # param: actor entity  An actor: label, alternative label, prefixed name or IRI.

A parameter has a name, a type and a description. Types: ``entity`` (resolved
to the IRI of an entity by label, alternative label, prefixed name or IRI),
``text`` (a string literal), ``date`` (an ``xsd:date``, YYYY-MM-DD) and
``integer``. A type ending in ``?`` makes the parameter optional.

Examples
--------
>>> from spacegraph.sparql.library import get_query, list_queries
>>> len(list_queries()) >= 20
True
>>> get_query("ilrs-members").title
'ILRS members and partners'
>>> [p.name for p in get_query("evidence").params]
['actor', 'other']
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import paths
from ..errors import DataFileError, UnknownQuery

__all__ = ["NamedQuery", "QueryParameter", "list_queries", "get_query", "queries_dir", "read_query", "read_query_file",
           "PARAMETER_TYPES"]

PARAMETER_TYPES = ("entity", "text", "date", "integer")
_HEADER = re.compile(r"^#\s*(title|question|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s+(\w+)(\??)\s+(.+)$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class QueryParameter:
    """A parameter of a named query, bound to the variable of the same name."""

    name: str
    type: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, header and SPARQL text."""

    name: str
    title: str
    question: str
    text: str
    path: Path
    params: tuple = field(default_factory=tuple)

    def param(self, name):
        """Return the parameter called ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


def queries_dir():
    """Return the folder of the named queries, ``queries/``."""
    return paths.data_root() / "queries"


def read_query(path: str | Path) -> NamedQuery:
    """Read one ``.rq`` file and its header; raise :class:`DataFileError` naming the line at fault.

    A file is read again only when it changes.
    """
    path = Path(path)
    try:
        status = path.stat()
    except OSError as error:
        raise DataFileError(path, error.strerror or str(error)) from None
    return _read_query_once(path, status.st_mtime_ns, status.st_size)


def read_query_file(path: str | Path) -> NamedQuery | str:
    """Read a query a user gives as a file: a :class:`NamedQuery` when it has a header, else its text.

    A file whose first line is a header line (``# title:``, ``# question:``
    or ``# param:``) is read as a named query, so a malformed header is an
    error that names its line, never a silent fallback to plain text.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "q.rq"
    >>> _ = path.write_text("# title: Counts" + chr(10) + "# param: n integr How many" + chr(10) + "SELECT * {}")
    >>> read_query_file(path)
    Traceback (most recent call last):
    ...
    spacegraph.errors.DataFileError: ...q.rq:2: bad parameter line; write '# param: NAME TYPE DESCRIPTION' ...
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path, getattr(error, "strerror", None) or str(error)) from None
    first = text.split("\n", 1)[0]
    return read_query(path) if _HEADER.match(first) else text


@functools.lru_cache(maxsize=256)
def _read_query_once(path, modified, size):
    return _read_query(path)


def _read_query(path):
    text = path.read_text(encoding="utf-8")
    header = {"title": None, "question": None}
    params = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key != "param":
            header[key] = value
            continue
        spec = _PARAM.match(value)
        if not spec or spec.group(2) not in PARAMETER_TYPES:
            raise DataFileError(path, f"bad parameter line; write '# param: NAME TYPE DESCRIPTION' with TYPE one of "
                                      f"{', '.join(PARAMETER_TYPES)}", line=number)
        name, kind, optional, description = spec.groups()
        params.append(QueryParameter(name, kind, description, required=not optional))
    for key, value in header.items():
        if not value:
            raise DataFileError(path, f"the header has no '# {key}:' line")
    return NamedQuery(path.stem, header["title"], header["question"], text, path, tuple(params))


def list_queries() -> list[NamedQuery]:
    """Return every named query, sorted by name."""
    return [read_query(path) for path in sorted(queries_dir().glob("*.rq"))]


def get_query(name: str) -> NamedQuery:
    """Return the named query ``name``; raise :class:`UnknownQuery` listing the closest names.

    Examples
    --------
    >>> get_query("ilrs-member")
    Traceback (most recent call last):
    ...
    spacegraph.errors.UnknownQuery: unknown query 'ilrs-member'; did you mean ilrs-members?
    """
    path = queries_dir() / f"{name}.rq"
    if NAME.match(name) and path.is_file():
        return read_query(path)
    names = [p.stem for p in sorted(queries_dir().glob("*.rq"))]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownQuery(f"unknown query {name!r}{hint}")
