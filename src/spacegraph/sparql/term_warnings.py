"""The warnings a query gets for the ``sg:`` terms it names that the ontology lacks, as a header and as a list.

The endpoint answers such a query, with a ``Spacegraph-Warning`` header naming
the closest term for each. Thousands of unknown terms made a 400 KB header that
HTTP clients refuse to read, so the header is cut at
:data:`WARNING_HEADER_CHARS` and the JSON answer lists every warning.

Examples
--------
>>> each_warning("query:1:9: sg:x is not a term; did you mean sg:y?; query:2:1: sg:z is not a term")
['query:1:9: sg:x is not a term; did you mean sg:y?', 'query:2:1: sg:z is not a term']
"""

import re

from .memo import remember_short

__all__ = ["term_warnings", "each_warning", "warning_header", "WARNING_HEADER_CHARS"]


@remember_short(maxsize=1024)
def term_warnings(text):
    """The Spacegraph-Warning header for ``text``: each sg: term the ontology lacks, with the closest one (ASCII)."""
    from .diagnostics import unknown_terms

    return "; ".join(unknown_terms(text)).encode("ascii", "backslashreplace").decode("ascii")


#: Most characters of the Spacegraph-Warning header; clients' header readers refuse long lines.
WARNING_HEADER_CHARS = 2000


def each_warning(warnings):
    """The warnings joined in ``warnings``, one per term (each starts with its ``query:LINE:COLUMN``)."""
    return re.split(r"; (?=[^\s;]+:\d+:\d+: )", warnings)


def warning_header(warnings):
    """The Spacegraph-Warning header: the warnings that fit in :data:`WARNING_HEADER_CHARS`, and how many were left out.

    Examples
    --------
    >>> warning_header("a; b")
    'a; b'
    >>> warning_header("; ".join(["query:1:9: sg:x is not a term; did you mean sg:y?"] * 500))[-62:]
    ' mean sg:y?; ... and 462 more (the JSON answer lists them all)'
    """
    if len(warnings) <= WARNING_HEADER_CHARS:
        return warnings
    parts = each_warning(warnings)
    kept, size = [], 0
    for part in parts:
        if size + len(part) + 2 > WARNING_HEADER_CHARS - 60:
            break
        kept.append(part)
        size += len(part) + 2
    return "; ".join(kept) + f"; ... and {len(parts) - len(kept)} more (the JSON answer lists them all)"
