"""Plain-text tables that fit the terminal: long cells wrap, short columns keep their width.

The one layout of every table the package prints: query answers, centrality, the figures.
"""

import textwrap
from typing import Any

__all__ = ["text_table", "ShownAsText"]


def text_table(header, body, width=100, *, footer=None, right=()):
    """Lay out ``header`` and ``body`` (lists of strings) as a plain-text table at most ``width`` wide.

    Long cells wrap; columns listed in ``right`` (indexes) are right-aligned.

    Examples
    --------
    >>> print(text_table(["name", "score"], [["China", "0.224"], ["ILRS", "0.176"]], right=[1]), end="")
    name   score
    -----  -----
    China  0.224
    ILRS   0.176
    """
    gap = 2
    natural = [max([len(header[i])] + [len(row[i]) for row in body]) for i in range(len(header))]
    words = [min(16, max((len(word) for cell in [header[i]] + [row[i] for row in body] for word in cell.split()), default=0))
             for i in range(len(header))]
    widths = _fit(natural, max(width - gap * (len(header) - 1), 8 * len(header)), words)

    def lay(parts, i, w):
        return parts.rjust(w) if i in right else parts.ljust(w)

    lines = ["  ".join(lay(h, i, w) for i, (h, w) in enumerate(zip(header, widths, strict=True))).rstrip(), "  ".join("-" * w
                                                                                                                      for w in widths)]
    for row in body:
        wrapped = [_wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
        for depth in range(max(len(cell) for cell in wrapped)):
            parts = [lay(cell[depth] if depth < len(cell) else "", i, w) for i, (cell, w) in enumerate(zip(wrapped, widths, strict=True))]
            lines.append("  ".join(parts).rstrip())
    if footer:
        lines.append(footer)
    return "\n".join(lines) + "\n"


def _wrap(cell, width):
    """The lines of ``cell`` at most ``width`` wide, as ``textwrap.wrap`` breaks them (long words broken, not hyphens).

    A cell that fits is its own line, and a long one of words between single spaces is broken
    here, greedily, as textwrap would, without its regular expressions; any other goes to textwrap.

    Examples
    --------
    >>> _wrap("the Aerospace Force", 10), _wrap("", 5), _wrap("abcdefgh ij", 4)
    (['the', 'Aerospace', 'Force'], [''], ['abcd', 'efgh', 'ij'])
    """
    simple = cell.isprintable() and "  " not in cell and cell[:1] != " " and cell[-1:] != " "
    if not simple:
        return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(cell) <= width:
        return [cell]
    width = max(width, 1)
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for word in cell.split(" "):
        while True:
            needed = len(word) + (1 if line else 0)
            if used + needed <= width:
                line.append(word)
                used += needed
                break
            if len(word) > width:  # too long for any line: as much as fits here, the rest on the next
                room = width - used - (1 if line else 0)
                if room < 1 and line:
                    lines.append(" ".join(line))
                    line, used = [], 0
                    continue
                line.append(word[:max(room, 1)])
                lines.append(" ".join(line))
                word = word[max(room, 1):]
                line, used = [], 0
                continue
            lines.append(" ".join(line))
            line, used = [], 0
    if line:
        lines.append(" ".join(line))
    return lines


def _fit(natural, available, words=None):
    """Column widths that fit ``available``: short columns keep their width, long ones share the rest.

    Columns are first cut to a common floor, the largest that leaves at least
    two fifths of the width for the long columns (quotes, descriptions), which
    then share what is left in proportion to their length.
    """
    if sum(natural) <= available:
        return list(natural)
    words = words or [0] * len(natural)  # longest word of each column (up to 16): not split if avoidable
    for floor in (24, 20, 16, 14, 12, 10, 8):
        widths = [min(w, max(floor, word)) for w, word in zip(natural, words, strict=True)]
        if sum(widths) <= available * 0.6:
            break
    if sum(widths) >= available:  # too many columns: shrink the widest, down to 6
        while sum(widths) > available and max(widths) > 6:
            widths[widths.index(max(widths))] -= 1
        return widths
    spare = available - sum(widths)
    excess = [n - w for n, w in zip(natural, widths, strict=True)]
    total = sum(excess)
    return [w + (spare * e) // total for w, e in zip(widths, excess, strict=True)]


class ShownAsText:
    """A result shown as the text its command prints: ``str()`` and a notebook's display give :meth:`text`.

    Examples
    --------
    >>> class Answer(ShownAsText):
    ...     def text(self, width=100):
    ...         return "42 actors" + chr(10)
    >>> str(Answer())
    '42 actors'
    """

    def text(self, width: int = 100) -> str:
        """The result as the command prints it, at most ``width`` characters wide."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text().rstrip("\n")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))
