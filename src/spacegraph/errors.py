"""The exceptions spacegraph raises, all derived from :class:`SpacegraphError`.

Each message is one line that names the file and line, the entity or the
argument at fault, so the command line can print it as it is.
"""

__all__ = [
    "SpacegraphError",
    "DataFileError",
    "ValidationFailed",
    "OutputError",
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
