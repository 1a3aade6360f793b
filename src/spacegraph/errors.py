"""The exceptions spacegraph raises, all derived from :class:`SpacegraphError`.

Each message is one line that names the file and line, the entity or the
argument at fault, so the command line can print it as it is. Messages speak
of the library's own arguments (``size_by``); the command line adds the
options that set them (``--size-by``) and how to change them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

    from .validation.report import ValidationReport

__all__ = [
    "SpacegraphError",
    "DataFileError",
    "ValidationFailed",
    "OutputError",
    "EmptyGraph",
    "QueryError",
    "QuerySyntaxError",
    "UnknownQuery",
    "ParameterError",
    "ForbiddenQuery",
    "UpdateRefused",
    "FederationRefused",
    "QueryTimeout",
    "QueryTooLarge",
    "EndpointError",
    "MalformedAnswer",
    "TooManyResults",
    "MissingDependency",
    "InvalidArgument",
    "InvalidIRI",
    "NodeNotFound",
    "AmbiguousNode",
    "NodeNotOnDate",
    "NoPath",
    "FileTooLarge",
    "EngineUnavailable",
    "EngineFailed",
    "AnswerTimeout",
    "ClientGone",
    "BadAnswer",
    "BadHead",
    "DocumentError",
    "SourceConflict",
    "SheetError",
    "AcceptFailed",
    "ReviewBusy",
    "SheetChanged",
]


class SpacegraphError(Exception):
    """Base class of every error spacegraph raises on purpose."""


class DataFileError(SpacegraphError):
    """A data file is missing, unreadable or not valid RDF.

    Parameters
    ----------
    path : str or os.PathLike
        The file at fault.
    message : str
        What is wrong with it.
    line : int, optional
        The 1-based line of the problem, when known.
    """

    def __init__(self, path: str | os.PathLike[str], message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ValidationFailed(SpacegraphError):
    """The graph did not pass validation; ``report`` lists every problem."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        count = len(report.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"validation failed with {count} {noun}")


class OutputError(SpacegraphError):
    """An output file or folder cannot be written."""


class EmptyGraph(SpacegraphError):
    """The data files hold no triple, so there is nothing to build (unless an empty build is asked for)."""


class QueryError(SpacegraphError):
    """A SPARQL query cannot be run as given."""


class QuerySyntaxError(QueryError):
    """A query does not parse; the message names the query, line and column."""

    def __init__(self, where: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.where, self.line, self.column, self.reason = where, line, column, message
        position = f":{line}:{column}" if line is not None else ""
        super().__init__(f"{where}{position}: SPARQL syntax error: {message}")


class QueryTooLarge(QueryError):
    """A query holds more than a bound allows (tokens, terms, patterns, operators, path steps); ``limit`` names the bound."""

    def __init__(self, message: str, limit: str | None = None) -> None:
        self.limit = limit
        super().__init__(message)


class UnknownQuery(QueryError):
    """No named query has this name; the message lists the closest names."""


class ParameterError(QueryError):
    """A query parameter is unknown, missing, malformed, ambiguous or matches nothing."""


class ForbiddenQuery(QueryError):
    """A query asks for something a read-only, local query service refuses."""


class UpdateRefused(ForbiddenQuery):
    """A SPARQL update (INSERT, DELETE, LOAD, CLEAR...) was sent where only queries are allowed."""


class FederationRefused(ForbiddenQuery):
    """A query would fetch remote data (SERVICE, LOAD, FROM) and federation was not allowed."""


class QueryTimeout(QueryError):
    """A query ran longer than its time limit."""


class EndpointError(SpacegraphError):
    """A remote SPARQL endpoint cannot be reached or answered with an error status; ``status`` is that status.

    Examples
    --------
    >>> error = EndpointError("http://h/q answered 401 Unauthorized", status=401)
    >>> error.status, EndpointError("http://h/q refused the connection").status
    (401, None)
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class MalformedAnswer(EndpointError):
    """A server's answer is not what the protocol says (bad JSON, nested too deep, a binding of the wrong shape).

    Examples
    --------
    >>> str(MalformedAnswer("http://h/q sent an answer to query q that is not SPARQL JSON results: a binding is not an object"))
    'http://h/q sent an answer to query q that is not SPARQL JSON results: a binding is not an object'
    """


class TooManyResults(EndpointError):
    """A server's answer holds more results than the limit read; ``limit`` is that limit.

    Examples
    --------
    >>> TooManyResults("http://h/q sent more than 10 results", limit=10).limit
    10
    """

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class MissingDependency(SpacegraphError):
    """An optional package is needed for this feature; the message says how to install it."""


class InvalidArgument(SpacegraphError, ValueError):
    """An argument has a value the function does not accept; ``argument`` names it.

    Examples
    --------
    >>> error = InvalidArgument("unknown view 'small'; choose one of actors, full", argument="view")
    >>> error.argument, isinstance(error, ValueError)
    ('view', True)
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class InvalidIRI(SpacegraphError, ValueError):
    """A text that should be an IRI cannot stand between ``<`` and ``>``."""


class NodeNotFound(SpacegraphError, LookupError):
    """No node of the graph has this id, label or alternative label; the message names the closest."""


class AmbiguousNode(NodeNotFound):
    """A name fits several nodes; ``candidates`` lists their ids."""

    def __init__(self, message: str, candidates: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class NodeNotOnDate(NodeNotFound):
    """A name fits an actor that did not exist on the network's date ``as_of``; ``node`` is its id, ``start`` and ``end`` its dates.

    Examples
    --------
    >>> error = NodeNotOnDate("'ASF' did not exist yet on 2023-01-01", node="sgid:asf", as_of="2023-01-01", start="2024-04-01")
    >>> error.node, error.start, isinstance(error, NodeNotFound)
    ('sgid:asf', '2024-04-01', True)
    """

    def __init__(self, message: str, *, node: str, as_of: str, start: str | None = None, end: str | None = None) -> None:
        super().__init__(message)
        self.node, self.as_of, self.start, self.end = node, as_of, start, end


class NoPath(SpacegraphError):
    """No chain of relationships links two actors; ``through_claims`` says whether attributed claims would."""

    def __init__(self, message: str, *, through_claims: bool = False) -> None:
        super().__init__(message)
        self.through_claims = through_claims


class FileTooLarge(DataFileError):
    """A data file is larger than the limit read (``spacegraph.core.store.MAX_FILE_BYTES``)."""


class EngineUnavailable(SpacegraphError):
    """The query engine is not answering now (it is starting or restarting)."""


class EngineFailed(SpacegraphError):
    """The query engine could not load the graph or did not start."""


class AnswerTimeout(SpacegraphError):
    """The deadline passed before the answer was complete."""


class ClientGone(SpacegraphError):
    """The client closed its connection; reading stopped."""


class BadAnswer(SpacegraphError):
    """The engine's answer is not what the protocol says (or the engine stopped with an error mid-answer)."""


class BadHead(SpacegraphError):
    """An HTTP message's head breaks the protocol (a folded field, a space before a colon...); ``status`` is the answer due.

    Examples
    --------
    >>> BadHead("more than 100 header fields", status=431).status
    431
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class DocumentError(DataFileError):
    """A document cannot be ingested: unknown extension, empty, binary, not in its encoding, or a PDF without text.

    Examples
    --------
    >>> str(DocumentError("scan.pdf", "no text layer on any of its 3 pages"))
    'scan.pdf: no text layer on any of its 3 pages'
    """


class SourceConflict(SpacegraphError):
    """A different text is already stored under the source's slug; ``slug`` names it."""

    def __init__(self, message: str, *, slug: str | None = None) -> None:
        super().__init__(message)
        self.slug = slug


class SheetError(DataFileError):
    """One row of a review sheet cannot be turned into data; ``line`` is the row's line in the file.

    Examples
    --------
    >>> str(SheetError("review/note.csv", "row 4: unknown class 'sg:Spaceship'", line=5))
    "review/note.csv:5: row 4: unknown class 'sg:Spaceship'"
    """


class AcceptFailed(SpacegraphError):
    """A review sheet was not accepted; ``errors`` holds one :class:`SheetError` per row at fault.

    Nothing was written.
    """

    def __init__(self, errors: Iterable[DataFileError]) -> None:
        self.errors = list(errors)
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        super().__init__(f"{self.errors[0]}{more}" if self.errors else "the sheet was not accepted")


class ReviewBusy(SpacegraphError):
    """The sheet is already being reviewed, by another ``spacegraph review`` or in another page."""


class SheetChanged(SheetError):
    """The sheet changed on disk since the review page read it: nothing was written; read it again.

    Examples
    --------
    >>> str(SheetChanged("review/note.csv", "changed on disk since it was read"))
    'review/note.csv: changed on disk since it was read'
    """
