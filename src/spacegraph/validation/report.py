"""Problems found in the data, and the report that gathers them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Problem", "ValidationReport", "in_file_order"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, printable as one line.

    Parameters
    ----------
    check : str
        The check that found it: ``parse``, ``nesting``, ``shacl``, ``evidence``, ``quote``,
        ``reference``, ``qualified`` or ``label``.
    message : str
        What is wrong, naming the entity at fault.
    path : str, optional
        The data file where the problem is, when known.
    line : int, optional
        The 1-based line in ``path``, when known.
    cause : SpacegraphError, optional
        The error behind the problem (a file that does not parse), when there is one.
    focus, predicate, value : str, optional
        For a problem with a shape: the IRIs of the entity at fault, of the property and of the
        value that breaks it, so that a caller can find the statement without reading the message.

    Examples
    --------
    >>> str(Problem("parse", "bad syntax", "data.ttl", 3))
    'data.ttl:3: [parse] bad syntax'
    """

    check: str
    message: str
    path: str | None = None
    line: int | None = None
    cause: Exception | None = field(default=None, compare=False, repr=False)
    focus: str | None = field(default=None, compare=False, repr=False)
    predicate: str | None = field(default=None, compare=False, repr=False)
    value: str | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}[{self.check}] {self.message}"


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Return ``problems`` sorted by file, line and message, as an editor walks them.

    Parameters
    ----------
    problems : iterable of Problem

    Returns
    -------
    list of Problem
        Problems without a file first.

    Examples
    --------
    >>> [str(p) for p in in_file_order([Problem("quote", "b", "x.ttl", 9), Problem("quote", "a", "x.ttl", 2)])]
    ['x.ttl:2: [quote] a', 'x.ttl:9: [quote] b']
    """
    return sorted(problems, key=lambda p: (p.path or "", p.line or 0, p.message))


@dataclass
class ValidationReport:
    """Every problem found by :func:`spacegraph.validation.validate`.

    Examples
    --------
    >>> report = ValidationReport([])
    >>> report.ok
    True
    >>> str(report)
    'valid: no problems found'
    """

    problems: list[Problem] = field(default_factory=list)
    checks_run: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    #: Nodes checked against the SHACL shapes again when the run reused a previous result; None on a full run.
    rechecked: int | None = None

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def __bool__(self) -> bool:
        return self.ok

    def count_by_check(self) -> dict[str, int]:
        """Return ``{check: number of problems}``.

        Returns
        -------
        dict of str to int
            Only the checks that found a problem, in the order they first appear.

        Examples
        --------
        >>> report = ValidationReport([Problem("quote", "a"), Problem("shacl", "b"), Problem("quote", "c")])
        >>> report.count_by_check()
        {'quote': 2, 'shacl': 1}
        >>> kg.validate().count_by_check()
        {}
        """
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.check] = counts.get(problem.check, 0) + 1
        return counts

    def __str__(self) -> str:
        if self.ok:
            return "valid: no problems found"
        return "\n".join(str(problem) for problem in self.problems)
