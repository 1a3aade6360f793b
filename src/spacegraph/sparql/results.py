"""Query results: rows to iterate, a DataFrame, and the SPARQL 1.1 result formats.

Examples
--------
>>> import spacegraph
>>> result = spacegraph.load().query("ilrs-members")
>>> len(result) >= 11
True
>>> result.vars[:2]
['state', 'stateLabel']
>>> print(result.serialize("csv").splitlines()[0])
state,stateLabel,participation,role,since,until,quote
"""

import csv
import functools
import io
import json
import textwrap
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef

from ..core.terms import json_of_rdflib, rdflib_from_json, without_xsd_string
from ..errors import InvalidArgument, MissingDependency
from . import OUTPUT_FORMATS

__all__ = ["Row", "QueryResult", "OUTPUT_FORMATS", "from_sparql_json", "text_table", "row_type"]



class Row(tuple):
    """One solution: a tuple of RDF terms (None when unbound), also readable by variable name.

    The variable names belong to the row's class, one class per list of
    names, so a row costs what its tuple costs: an answer of millions of rows
    holds no dict per row.

    Examples
    --------
    >>> row = Row(["a", "b"], [Literal("x"), None])
    >>> row.a, row.b, row.asdict()
    (rdflib.term.Literal('x'), None, {'a': rdflib.term.Literal('x'), 'b': None})
    """

    __slots__ = ()
    _names = ()

    def __new__(cls, names, values):
        return tuple.__new__(row_type(tuple(names)), values)

    def __getattr__(self, name):
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(f"no variable ?{name} in this result; it has {', '.join('?' + n for n in self._names)}") from None

    def __reduce__(self):
        return Row, (self._names, tuple(self))

    def asdict(self):
        """Return ``{variable: term}``."""
        return dict(zip(self._names, self, strict=True))


@functools.lru_cache(maxsize=256)
def row_type(names):
    """The :class:`Row` class of the rows with these variable names (a tuple); ``row_type(names)._make(values)`` makes one.

    Examples
    --------
    >>> row_type(("a",))._make([None]).a is None
    True
    """
    return type("Row", (Row,), {"__slots__": (), "_names": names, "__module__": __name__,
                                "_make": classmethod(tuple.__new__)})


class QueryResult:
    """The answer to a query: ``vars`` and ``rows`` for SELECT (and for CONSTRUCT, as
    ``subject``, ``predicate``, ``object``), ``boolean`` for ASK.

    Iterating yields the rows; ``len()`` counts them. ``warnings`` lists, one
    line each, what looked wrong in the query without stopping it (an ``sg:``
    term the ontology does not define).
    """

    def __init__(self, vars, rows, *, boolean=None, hidden=(), truncated=False, warnings=()):
        self.vars = [str(v) for v in vars]
        kind = row_type(tuple(self.vars))
        # rows already of this result's class are kept as they are: an answer read from a server is not copied
        self.rows = rows if isinstance(rows, list) and all(type(r) is kind for r in rows) else [
            r if type(r) is kind else kind._make(r) for r in rows]
        self.boolean = boolean
        self.hidden = frozenset(hidden)  # columns the table leaves out (parameters the user gave)
        self.truncated = truncated
        self.warnings = list(warnings)  # one line each: terms of the query that the ontology does not define

    @property
    def kind(self):
        """``ASK`` or ``SELECT`` (graph results are given as rows too)."""
        return "ASK" if self.boolean is not None else "SELECT"

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.boolean) if self.boolean is not None else bool(self.rows)

    def __repr__(self):
        if self.boolean is not None:
            return f"<QueryResult ASK: {self.boolean}>"
        return f"<QueryResult: {len(self.rows)} rows of {', '.join('?' + v for v in self.vars)}>"

    def to_dataframe(self):
        """Return a pandas DataFrame: IRIs as strings, literals as Python values, unbound as None.

        Needs pandas (``pip install 'spacegraph[notebook]'``).
        """
        try:
            import pandas
        except ImportError:
            raise MissingDependency("to_dataframe() needs pandas; install it with: pip install 'spacegraph[notebook]'") from None
        records = [[_python_value(term) for term in row] for row in self.rows]
        return pandas.DataFrame.from_records(records, columns=self.vars)

    def serialize(self, format="table", *, labels=None, width=100):
        """Return the result as text.

        Parameters
        ----------
        format : {"table", "csv", "tsv", "json", "xml", "markdown"}
            ``json``, ``xml``, ``csv`` and ``tsv`` are the SPARQL 1.1 result
            formats; ``table`` and ``markdown`` are for people: they show
            labels instead of IRIs and leave out an IRI column when a
            ``...Label`` column beside it names it.
        labels : dict, optional
            ``{IRI: label}`` for the human formats; IRIs without one are shown
            as prefixed names.
        width : int
            Width of the ``table`` format in characters; long cells wrap.
        """
        writers = {"table": _table, "markdown": _markdown, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}
        if format not in writers:
            raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
        if format in ("table", "markdown"):
            return writers[format](self, labels or {}, width)
        return writers[format](self)


# ---------------------------------------------------------------- terms

def _python_value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def from_sparql_json(data, *, hidden=()):
    """Build a :class:`QueryResult` from a parsed SPARQL 1.1 JSON results document.

    Examples
    --------
    >>> doc = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://a"}}]}}
    >>> from_sparql_json(doc).rows[0].x
    rdflib.term.URIRef('http://a')
    """
    if "boolean" in data:
        return QueryResult([], [], boolean=bool(data["boolean"]))
    names = list(data.get("head", {}).get("vars", []))
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        rows.append([rdflib_from_json(binding.get(name)) for name in names])
    return QueryResult(names, rows, hidden=hidden)


# ---------------------------------------------------------------- machine formats

def _json(result):
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = [{name: json_of_rdflib(term) for name, term in zip(result.vars, row, strict=True) if term is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


def _csv(result):
    from ..core.csv_cells import defused

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:  # a literal a spreadsheet would run as a formula is defused (spacegraph.core.csv_cells)
        writer.writerow(["" if term is None else (f"_:{term}" if isinstance(term, BNode) else defused(term)) for term in row])
    return out.getvalue()


def _tsv(result):
    if result.boolean is not None:
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + name for name in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if term is None else without_xsd_string(term).n3() for term in row))
    return "\n".join(lines) + "\n"


def _xml(result):
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f"    <variable name={quoteattr(name)}/>" for name in result.vars]
    out.append("  </head>")
    if result.boolean is not None:
        out.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for name, term in zip(result.vars, row, strict=True):
                if term is None:
                    continue
                term = without_xsd_string(term)
                if isinstance(term, URIRef):
                    value = f"<uri>{xml_escape(str(term))}</uri>"
                elif isinstance(term, BNode):
                    value = f"<bnode>{xml_escape(str(term))}</bnode>"
                elif term.language:
                    value = f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(str(term))}</literal>"
                elif term.datatype:
                    value = f"<literal datatype={quoteattr(str(term.datatype))}>{xml_escape(str(term))}</literal>"
                else:
                    value = f"<literal>{xml_escape(str(term))}</literal>"
                out.append(f"      <binding name={quoteattr(name)}>{value}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- human formats

def _display_columns(result):
    """The columns people see: no IRI column that a ``...Label`` column names, no given parameters."""
    names = set(result.vars)
    given = result.hidden | {f"{name}Label" for name in result.hidden}
    return [i for i, name in enumerate(result.vars) if f"{name}Label" not in names and name not in given]


def _shown(term, labels):
    if term is None:
        return ""
    if isinstance(term, URIRef) and str(term) in labels:
        return labels[str(term)]
    from ..core.terms import shown

    return shown(term)


def _cells(result, labels):
    if result.boolean is not None:
        return ["answer"], [["yes" if result.boolean else "no"]]
    columns = _display_columns(result)
    if result.rows:  # a column empty in every row tells people nothing
        columns = [i for i in columns if any(row[i] is not None and str(row[i]) for row in result.rows)]
    shown = {result.vars[i] for i in columns}
    # "stateLabel" reads "state", unless a column called "state" is shown too
    header = [_heading(result.vars[i], shown) for i in columns]
    body = [[_shown(row[i], labels) for i in columns] for row in result.rows]
    return header, body


def _heading(name, shown):
    """The column heading people read: ``technologyLabel`` is headed ``technology``.

    Examples
    --------
    >>> _heading("technologyLabel", {"technologyLabel"}), _heading("stateLabel", {"state", "stateLabel"})
    ('technology', 'stateLabel')
    """
    if name.endswith("Label") and len(name) > 5 and name[:-5] not in shown:
        return name[:-5]
    return name


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


def _table(result, labels, width):
    header, body = _cells(result, labels)
    if not header:
        return "(no columns)\n"
    count = "yes/no answer" if result.boolean is not None else f"{len(body)} row{'s' if len(body) != 1 else ''}"
    return text_table(header, body, width, footer=f"({count}{', truncated' if result.truncated else ''})")


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
        wrapped = [textwrap.wrap(cell, w, break_long_words=True, break_on_hyphens=False) or [""] for cell, w in zip(row, widths,
                                                                                                                    strict=True)]
        for depth in range(max(len(cell) for cell in wrapped)):
            parts = [lay(cell[depth] if depth < len(cell) else "", i, w) for i, (cell, w) in enumerate(zip(wrapped, widths, strict=True))]
            lines.append("  ".join(parts).rstrip())
    if footer:
        lines.append(footer)
    return "\n".join(lines) + "\n"


def _markdown(result, labels, width):
    header, body = _cells(result, labels)

    def cell(text):
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
