"""Read a server's SPARQL 1.1 JSON results as they arrive: compact rows, a cap on results, one line for any fault.

A client cannot trust the answer it is sent. ``json.loads`` of an answer of
60 million empty bindings (180 MB) builds 60 million dicts, gigabytes; a
document nested a million levels deep overflows the parser's recursion; a
binding that is a list, or a term without ``"type"``, fails deep inside the
caller. So this reader walks the document's outer structure itself, decodes
one binding at a time from the text that has arrived (never the whole
answer), turns it at once into a tuple of terms, keeps each recent distinct
term once, and stops at ``max_results``. Any fault is a
:class:`~spacegraph.errors.MalformedAnswer` that names the server.

Examples
--------
>>> chunks = [b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri",', b'"value":"http://a"}}]}}']
>>> read_results(chunks, source="http://h/q", what="query q").rows
[('http://a',)]
>>> read_results([b'{"head":{},"results":{"bindings":[[]]}}'], source="http://h/q", what="query q")
Traceback (most recent call last):
...
spacegraph.errors.MalformedAnswer: http://h/q sent an answer to query q that is not SPARQL JSON results: a binding is not a JSON object
"""

import codecs
import json
from dataclasses import dataclass, field

from ..errors import MalformedAnswer, TooManyResults

__all__ = ["read_results", "JsonResults", "plain_term"]

_SPACE = " \t\r\n"
_KINDS = frozenset({"uri", "bnode", "literal", "typed-literal"})
#: Distinct terms remembered, so that a term repeated in many rows is one object; the memory is cleared when full.
_TERMS_KEPT = 65536
_decoder = json.JSONDecoder()


@dataclass
class JsonResults:
    """A SELECT answer (``vars``, ``rows`` of terms, None when unbound) or an ASK answer (``boolean``)."""

    vars: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    boolean: bool | None = None


def plain_term(kind, value, language, datatype):
    """The plain form of a term (:mod:`spacegraph.core.terms`): an IRI as a string, a blank node or literal as a tuple.

    Examples
    --------
    >>> plain_term("uri", "http://a", None, None), plain_term("literal", "Mars", "en", None)
    ('http://a', ('L', 'Mars', 'en', None))
    """
    from ..core.terms import _literal

    if kind == "uri":
        return value
    if kind == "bnode":
        return ("_", value)
    return _literal(value, language, datatype)


class _Text:
    """The answer's text as it arrives: a window on what is not yet read, and more on demand."""

    def __init__(self, chunks, fault):
        self.chunks = iter(chunks)
        self.decode = codecs.getincrementaldecoder("utf-8")().decode
        self.text, self.at, self.ended, self.fault = "", 0, False, fault

    def more(self):
        """Append the next chunk of the answer; False once it has ended."""
        if self.ended:
            return False
        chunk = next(self.chunks, None)
        try:
            if chunk is None:
                self.ended = True
                self.text += self.decode(b"", final=True)
                return False
            if self.at > 65536 and self.at * 2 > len(self.text):  # drop what is read, so the window never grows with the answer
                self.text, self.at = self.text[self.at:], 0
            self.text += self.decode(chunk)
        except UnicodeDecodeError:
            raise self.fault("it is not UTF-8 text") from None
        return True

    def peek(self):
        """The next character that is not white space; empty at the end of the answer."""
        while True:
            text, at = self.text, self.at
            while at < len(text) and text[at] in _SPACE:
                at += 1
            self.at = at
            if at < len(text):
                return text[at]
            if not self.more():
                return ""

    def take(self, expected):
        """Read past the next character, one of ``expected``, and return it."""
        found = self.peek()
        if not found or found not in expected:
            shown = repr(found) if found else "the end of the answer"
            raise self.fault(f"{' or '.join(repr(c) for c in expected)} expected, {shown} found")
        self.at += 1
        return found

    def value(self):
        """Decode the one JSON value that starts here (a binding, the head), reading more of the answer as needed."""
        self.peek()
        wait_for = 0
        while True:
            if len(self.text) >= wait_for or self.ended:
                try:
                    value, end = _decoder.raw_decode(self.text, self.at)
                except RecursionError:
                    raise self.fault("it is nested deeper than a JSON parser follows") from None
                except ValueError:
                    if self.ended:
                        raise self.fault("it is not valid JSON") from None
                    # a value cut by the chunk: parse again when twice as much is here, not at every chunk
                    wait_for = self.at + 2 * (len(self.text) - self.at)
                else:
                    if end < len(self.text) or self.ended or not isinstance(value, int | float):
                        self.at = end
                        return value
                    wait_for = len(self.text) + 1  # a number that ends the window may go on in the next chunk
            self.more()


def read_results(chunks, *, source, what, max_results=None, make_term=plain_term, row_maker=None):
    """Read SPARQL 1.1 JSON results from ``chunks`` (bytes, as they arrive).

    Parameters
    ----------
    chunks : iterable of bytes
        The answer's body.
    source, what : str
        The server and the request, for messages (``http://h/q``, ``query q``).
    max_results : int, optional
        Most results read; one more is :class:`~spacegraph.errors.TooManyResults`.
    make_term : callable
        ``(kind, value, language, datatype) -> term``; :func:`plain_term` by default.
    row_maker : callable, optional
        ``names -> (values -> row)``, called once the variables are known; rows are tuples by default.

    Returns
    -------
    JsonResults

    Raises
    ------
    MalformedAnswer
        When the answer is not SPARQL JSON results, named by what is wrong.
    TooManyResults
        When it holds more than ``max_results`` results.
    """

    def fault(reason):
        return MalformedAnswer(f"{source} sent an answer to {what} that is not SPARQL JSON results: {reason}")

    reader = _Bindings(fault, make_term, max_results, source, what)
    text = _Text(chunks, fault)
    answer = JsonResults()
    head = None
    text.take("{")
    if text.peek() != "}":
        while True:
            key = text.value()
            if not isinstance(key, str):
                raise fault("a key of the document is not a string")
            text.take(":")
            if key == "head":
                head = _names(text.value(), fault)
            elif key == "results":
                reader.read(text)
            elif key == "boolean":
                answer.boolean = text.value()
                if not isinstance(answer.boolean, bool):
                    raise fault("its boolean is neither true nor false")
            else:  # "link", and what a server adds of its own
                text.value()
            if text.take(",}") == "}":
                break
    if text.peek():
        raise fault("more follows the end of the document")
    if answer.boolean is not None:
        return answer
    if head is None:
        raise fault("it has no head")
    if not reader.found:
        raise fault("it has neither results nor a boolean")
    answer.vars = head
    answer.rows = reader.finish(head, row_maker or (lambda names: tuple))
    return answer


def _names(head, fault):
    if not isinstance(head, dict):
        raise fault("its head is not a JSON object")
    names = head.get("vars", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        raise fault("the variables of its head are not a list of distinct names")
    return names


class _Bindings:
    """The bindings of an answer, each turned into a tuple of terms as it is read."""

    def __init__(self, fault, make_term, max_results, source, what):
        self.fault, self.make_term, self.max_results = fault, make_term, max_results
        self.source, self.what = source, what
        self.names, self.index, self.rows, self.terms, self.found = [], {}, [], {}, False

    def read(self, text):
        """Read the ``results`` object, with its ``bindings`` array."""
        if self.found:
            raise self.fault("it has results twice")
        self.found = True
        text.take("{")
        if text.peek() == "}":
            raise self.fault("its results have no bindings")
        bindings = False
        while True:
            key = text.value()
            text.take(":")
            if key == "bindings":
                text.take("[")
                if text.peek() == "]":
                    text.at += 1
                else:
                    while True:
                        self.add(text.value())
                        if text.take(",]") == "]":
                            break
                bindings = True
            else:
                text.value()
            if text.take(",}") == "}":
                break
        if not bindings:
            raise self.fault("its results have no bindings")

    def add(self, binding):
        if type(binding) is not dict:
            raise self.fault("a binding is not a JSON object")
        if self.max_results is not None and len(self.rows) >= self.max_results:
            raise TooManyResults(f"{self.source} sent more than {self.max_results:,} results for {self.what} "
                                 f"(max_results); stopped reading", limit=self.max_results)
        if not binding:
            self.rows.append(())  # the one empty tuple: millions of empty bindings cost a pointer each
            return
        # variables are numbered as they come: the head may follow the results, which the protocol allows
        index, values = self.index, [None] * len(self.index)
        for name, item in binding.items():
            position = index.get(name)
            if position is None:
                position = index[name] = len(self.names)
                self.names.append(name)
                values.append(None)
            values[position] = self.term(item)
        self.rows.append(tuple(values))

    def term(self, item):
        if type(item) is not dict:
            raise self.fault("a term is not a JSON object")
        key = (item.get("type"), item.get("value"), item.get("xml:lang"), item.get("datatype"))
        try:
            return self.terms[key]
        except KeyError:
            pass
        except TypeError:  # a list or an object where a string belongs
            raise self.fault("a term's type, value, language or datatype is not a string") from None
        kind, value, language, datatype = key
        if kind not in _KINDS:
            raise self.fault(f"a term has the type {kind!r}, not uri, bnode or literal" if kind is not None else
                             "a term has no type")
        if not isinstance(value, str) or not isinstance(language, str | None) or not isinstance(datatype, str | None):
            raise self.fault("a term's value, language or datatype is not a string")
        try:
            term = self.make_term(kind, value, language, datatype)
        except ValueError as error:
            raise self.fault(f"a term cannot be read ({' '.join(str(error).split())[:200]})") from None
        if len(self.terms) >= _TERMS_KEPT:
            self.terms.clear()
        self.terms[key] = term
        return term

    def finish(self, head, row_maker):
        """The rows, each in the order of the head's variables, made by ``row_maker(head)``."""
        make = row_maker(head)
        order = [self.index.get(name) for name in head]
        same = order == list(range(len(head))) and len(self.names) == len(head)
        rows, width = self.rows, len(self.names)
        empty = make((None,) * len(head))
        for number, row in enumerate(rows):  # in place, so that the old rows go as the new ones come
            if not row:
                rows[number] = empty
            elif same and len(row) == width:
                rows[number] = make(row)
            else:  # rows read before a later binding named another variable are shorter; variables outside the head are left out
                rows[number] = make(tuple(None if i is None or i >= len(row) else row[i] for i in order))
        return rows
