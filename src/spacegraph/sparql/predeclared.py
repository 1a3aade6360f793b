"""The prefixes ``spacegraph serve`` declares for every query, as the embedded engine does.

``spacegraph query --sparql 'SELECT ?s WHERE { ?s a sg:State }'`` runs on the
local graph without a ``PREFIX`` line, because the embedded engine knows the
project's prefixes (:data:`spacegraph.core.prefixes.PREFIXES`). The endpoint does
the same: :func:`predeclare` puts the declarations a text needs in front of
it, on one line of their own, and that is the text the guard judges and the
engine runs. Only prefixes the text uses and does not declare itself are
added, from a fixed table: nothing of the client's text goes into them.

Positions in messages about the longer text (syntax errors, refusals,
warnings) are moved back by that one line with
:meth:`EngineQuery.for_client`, so they point into the client's own text.

Examples
--------
>>> query = predeclare("SELECT ?s WHERE { ?s a sg:State }")
>>> print(query)
PREFIX sg: <https://w3id.org/spacegraph/ontology#>
SELECT ?s WHERE { ?s a sg:State }
>>> query.for_client("query:2:24: SPARQL syntax error: unexpected text here")
'query:1:24: SPARQL syntax error: unexpected text here'
>>> predeclare("PREFIX sg: <http://e/> SELECT * { ?s a sg:X }").added_lines
0
"""

import re

from ..core.prefixes import PREFIXES
from .lexer import declared_prefixes, prefixed_names
from .memo import remember_short

__all__ = ["PREDECLARED", "EngineQuery", "predeclare"]

#: The prefixes every query to the endpoint may use undeclared: the project's own and the W3C ones its queries use.
PREDECLARED = dict(PREFIXES)

#: A position in a message: at its start, or after the "; " that joins several warnings.
_POSITION = re.compile(r"(^|; )(query):(\d+):(\d+)")


class EngineQuery(str):
    """The text the guard judges and the engine runs: a client's query with the declarations it needs in front.

    It is the text itself (a ``str``), and knows how many lines were put
    before the client's first line.
    """

    added_lines = 0

    def for_client(self, message):
        """Return ``message`` with each ``query:LINE:COLUMN`` moved back into the client's text."""
        if not self.added_lines:
            return message

        def moved(match):
            line = max(1, int(match.group(3)) - self.added_lines)
            return f"{match.group(1)}{match.group(2)}:{line}:{match.group(4)}"

        return _POSITION.sub(moved, message)


@remember_short(maxsize=1024)
def predeclare(text):
    """Return the :class:`EngineQuery` for ``text``: the predeclared prefixes it uses and lacks, declared first.

    Parameters
    ----------
    text : str
        A client's SPARQL text.

    Returns
    -------
    EngineQuery
        ``text`` itself when it needs no declaration, else one line of ``PREFIX`` declarations and ``text``.
    """
    declared = declared_prefixes(text)
    used = {name.prefix for name in prefixed_names(text)}
    missing = [prefix for prefix in PREDECLARED if prefix in used and prefix not in declared]
    if not missing:
        return EngineQuery(text)
    header = " ".join(f"PREFIX {prefix}: <{PREDECLARED[prefix]}>" for prefix in missing)
    query = EngineQuery(f"{header}\n{text}")
    query.added_lines = 1
    return query
