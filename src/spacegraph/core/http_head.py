"""The head of an HTTP/1.1 message (its header fields), read strictly and in one pass.

The local servers read every request's head with :func:`read_head`, and the
endpoint's guard reads its engine's answers with it too. The standard library
reads a head through its e-mail parser, which cost the guard a fifth of its
time per request and accepts what RFC 9112 says a server must refuse: a space
before the colon, a field folded onto the next line, a line without a colon.
Here those get :class:`~spacegraph.errors.BadHead`, with the status to answer.

Examples
--------
>>> import io
>>> head = read_head(io.BytesIO(b"Host: a\\r\\nAccept: x\\r\\naccept: y\\r\\n\\r\\nbody"))
>>> head.get("host"), head.get_all("Accept"), head.get("Origin", "none"), len(head)
('a', ['x', 'y'], 'none', 3)
>>> read_head(io.BytesIO(b"Host : a\\r\\n\\r\\n"))
Traceback (most recent call last):
...
spacegraph.errors.BadHead: header line 1 has a space before its colon
"""

import re

from ..errors import BadHead

__all__ = ["Head", "read_head", "MAX_LINE", "MAX_FIELDS"]

#: Most bytes in one head line.
MAX_LINE = 65536
#: Most header fields in one head.
MAX_FIELDS = 100

# RFC 9110 token characters: what a field name may hold
_TOKEN = frozenset(b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# a whole field line as RFC 9112 writes it: a token, a colon, a value without control characters (a tab may
# stand in it), the line end. Each part's characters exclude the next part's first: one way to match, in linear time
_FIELD = re.compile(rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+):([^\x00-\x08\x0a-\x1f\x7f]*)\r?\n\Z")


class Head:
    """Header fields in the order received; names compared without case.

    Offers what :class:`http.client.HTTPMessage` offers the servers: :meth:`get`
    (the first value), :meth:`get_all`, ``in``, ``[name]``, :meth:`items` and ``len``.

    Parameters
    ----------
    fields : list of (str, str)
        ``(name, value)`` pairs, values without surrounding spaces.

    Examples
    --------
    >>> head = Head([("Content-Type", "text/csv")])
    >>> head["content-type"], "CONTENT-TYPE" in head, head.get("Accept"), list(head.items())
    ('text/csv', True, None, [('Content-Type', 'text/csv')])
    """

    __slots__ = ("_fields", "_by_name")

    def __init__(self, fields):
        self._fields = fields
        by_name: dict[str, list[str]] = {}
        for name, value in fields:
            by_name.setdefault(name.lower(), []).append(value)
        self._by_name = by_name

    def get(self, name, default=None):
        values = self._by_name.get(name.lower())
        return values[0] if values else default

    def get_all(self, name, default=None):
        values = self._by_name.get(name.lower())
        return list(values) if values else default

    def __getitem__(self, name):
        return self.get(name)

    def __contains__(self, name):
        return name.lower() in self._by_name

    def __len__(self):
        return len(self._fields)

    def items(self):
        return iter(self._fields)

    def __repr__(self):
        return f"Head({self._fields!r})"


def read_head(stream, *, max_line=MAX_LINE, max_fields=MAX_FIELDS):
    """Read header lines from ``stream`` up to the empty line that ends them; return a :class:`Head`.

    Parameters
    ----------
    stream : binary file object
        Positioned after the request or status line; read with ``readline``.
    max_line, max_fields : int
        Bounds on a line's bytes and on the number of fields.

    Raises
    ------
    spacegraph.errors.BadHead
        A line too long or too many fields (``status`` 431), a folded field, a
        space before a colon, a line without a colon, a name that is not a token,
        a control character in a value, or a head cut off by the end of the stream
        (``status`` 400).
    """
    fields: list[tuple[str, str]] = []
    while True:
        line = stream.readline(max_line + 1)
        field = _FIELD.match(line)
        if field is not None and len(line) <= max_line:  # the common case, checked whole in one match
            if len(fields) == max_fields:
                raise BadHead(f"more than {max_fields} header fields", status=431)
            fields.append((field.group(1).decode("ascii"), field.group(2).strip(b" \t").decode("iso-8859-1")))
            continue
        if line in (b"\r\n", b"\n"):
            return Head(fields)
        raise _what_is_wrong(line, len(fields) + 1, max_line, max_fields)


def _what_is_wrong(line, number, max_line, max_fields):
    """The :class:`BadHead` for a head line that is not a well-formed field."""
    if len(line) > max_line:
        return BadHead(f"header line {number} is longer than {max_line} bytes", status=431)
    if not line.endswith(b"\n"):
        return BadHead("the head ended before its empty line")
    if number > max_fields:
        return BadHead(f"more than {max_fields} header fields", status=431)
    if line[:1] in (b" ", b"\t"):
        return BadHead(f"header line {number} is folded onto the line before it; send each field on one line")
    name, colon, _ = line.partition(b":")
    if not colon:
        return BadHead(f"header line {number} has no colon")
    if name.rstrip(b" \t") and _TOKEN.issuperset(name.rstrip(b" \t")) and name != name.rstrip(b" \t"):
        return BadHead(f"header line {number} has a space before its colon")
    if not name or not _TOKEN.issuperset(name):
        return BadHead(f"header line {number} has a field name that is not a token")
    return BadHead(f"header line {number} has a control character in its value")
