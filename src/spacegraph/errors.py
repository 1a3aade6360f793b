"""The exceptions spacegraph raises, all derived from :class:`SpacegraphError`.

Each message is one line that names the file and line, the entity or the
argument at fault, so the command line can print it as it is.
"""

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
    "EndpointError",
    "MissingDependency",
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

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ValidationFailed(SpacegraphError):
    """The graph did not pass validation; ``report`` lists every problem."""

    def __init__(self, report):
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

    def __init__(self, where, message, line=None, column=None):
        self.where, self.line, self.column, self.reason = where, line, column, message
        position = f":{line}:{column}" if line is not None else ""
        super().__init__(f"{where}{position}: SPARQL syntax error: {message}")


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
    """A remote SPARQL endpoint cannot be reached or answered with an error status."""


class MissingDependency(SpacegraphError):
    """An optional package is needed for this feature; the message says how to install it."""
