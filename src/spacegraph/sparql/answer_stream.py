"""Read a SPARQL engine's answer as it streams in: at most N results, a byte budget, a deadline.

An answer is never read whole before it is counted. Reading stops at the
first of: the result cap plus one (the answer is then *cut*), the byte
budget (cut too), the deadline (:class:`AnswerTimeout`), or the caller's
``still_wanted()`` turning false (the client left: :class:`ClientGone`).
The caller then closes the connection, which makes the engine stop.

Examples
--------
>>> import io
>>> doc = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}},{"x":{"type":"literal","value":"2"}}]}}'
>>> answer = read_solutions(io.BytesIO(doc), cap=1)
>>> answer.vars, answer.as_document()["results"]["bindings"], answer.cut
(['x'], [{'x': {'type': 'literal', 'value': '1'}}], 'cap')
>>> read_triples(io.BytesIO(b'<a> <b> <c> .\\n<a> <b> <d> .\\n'), cap=5).lines
[b'<a> <b> <c> .\\n', b'<a> <b> <d> .\\n']
"""

import codecs
import json
import re
import time
from dataclasses import dataclass, field

from ..errors import AnswerTimeout, BadAnswer, ClientGone

__all__ = ["read_solutions", "read_triples", "Solutions", "UncountedAnswer", "Triples", "AnswerTimeout", "ClientGone", "BadAnswer",
           "CHUNK"]

CHUNK = 65536
#: Answers up to this size are read whole before they are counted.
WHOLE = 1024 * 1024
_HEAD = re.compile(r'"vars"\s*:\s*(\[[^\]]*\])')
_BINDINGS = re.compile(r'"bindings"\s*:\s*\[')
_BOOLEAN = re.compile(r'"boolean"\s*:\s*(true|false)')
_decoder = json.JSONDecoder()


@dataclass
class Solutions:
    """A SELECT or ASK answer as read: variable names, JSON bindings, or a boolean."""

    vars: list = field(default_factory=list)
    bindings: list = field(default_factory=list)  # each binding as its JSON text
    boolean: bool | None = None
    cut: str | None = None  # "cap" or "size" when reading stopped early
    document: dict | None = None  # the whole answer, parsed, when it came whole and small
    raw: bytes | None = None  # the answer as the engine wrote it, when it is passed on unchanged

    def as_document(self):
        """The answer as a SPARQL 1.1 JSON results document (a dict)."""
        if self.document is not None:
            return self.document
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        return {"head": {"vars": self.vars}, "results": {"bindings": [json.loads(b) for b in self.bindings]}}

    def as_json(self):
        """The answer as SPARQL 1.1 JSON results text (bytes or str): the engine's own text when it is whole."""
        if self.raw is not None:
            return self.raw
        if self.document is not None:
            return json.dumps(self.document, ensure_ascii=False)
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean})
        head = json.dumps(self.vars)
        return '{"head":{"vars":' + head + '},"results":{"bindings":[' + ",".join(self.bindings) + "]}}"


class UncountedAnswer:
    """A whole answer too short to hold more results than the cap, passed on as the engine wrote it.

    It is parsed only if something asks for its parts (``vars``, ``boolean``, :meth:`as_document`):
    the guard sends JSON answers on without ever parsing them.
    """

    cut = None

    def __init__(self, raw):
        self.raw = raw
        self._document = None

    def as_json(self):
        return self.raw

    def as_document(self):
        if self._document is None:
            self._document = _parsed(self.raw, cap=float("inf")).as_document()
        return self._document

    @property
    def vars(self):
        return self.as_document().get("head", {}).get("vars", [])

    @property
    def boolean(self):
        return self.as_document().get("boolean")


@dataclass
class Triples:
    """A CONSTRUCT or DESCRIBE answer as read: N-Triples lines."""

    lines: list = field(default_factory=list)
    cut: str | None = None


#: Seconds between two looks at the client, and two settings of the socket's time-out, while reading.
_LOOK_EVERY = 0.05


class _Reader:
    """Chunks from ``stream`` within the deadline, checking the client between chunks.

    The socket's time-out is set again, and the client looked at, at most every
    :data:`_LOOK_EVERY` seconds: each is a system call, and an answer comes in many
    small chunks. A read may so wait at most that long past the deadline.
    """

    def __init__(self, stream, deadline, still_wanted, max_bytes, sock=None):
        self.stream, self.deadline, self.still_wanted = stream, deadline, still_wanted
        self.max_bytes, self.sock, self.total = max_bytes, sock, 0
        self._timeout_set_at = -1.0
        self._looked_at = time.monotonic()  # the client was there a moment ago: its request just came

    def read(self, size=CHUNK):
        now = time.monotonic()
        if self.deadline is not None:
            left = self.deadline - now
            if left <= 0:
                raise AnswerTimeout("the answer did not come within the time limit")
            if self.sock is not None and now - self._timeout_set_at > _LOOK_EVERY:
                self.sock.settimeout(left)
                self._timeout_set_at = now
        if self.still_wanted is not None and now - self._looked_at > _LOOK_EVERY:
            self._looked_at = now
            if not self.still_wanted():
                raise ClientGone("the client left")
        try:
            data = self.stream.read1(size) if hasattr(self.stream, "read1") else self.stream.read(size)
        except TimeoutError:
            raise AnswerTimeout("the answer did not come within the time limit") from None
        self.total += len(data)
        return data

    @property
    def over_budget(self):
        return self.max_bytes is not None and self.total > self.max_bytes


def read_solutions(stream, *, cap, deadline=None, still_wanted=None, max_bytes=None, sock=None):
    """Read a SPARQL JSON results answer from ``stream``, keeping at most ``cap`` bindings.

    Parameters
    ----------
    stream : binary file object
        The answer body (``http.client.HTTPResponse`` or any object with ``read``).
    cap : int
        Most bindings kept; reading stops at the next one (``cut="cap"``).
    deadline : float, optional
        ``time.monotonic()`` value after which :class:`AnswerTimeout` is raised.
    still_wanted : callable, optional
        Checked between chunks; when it returns False, :class:`ClientGone` is raised.
    max_bytes : int, optional
        Most bytes read; beyond it reading stops (``cut="size"``).
    sock : socket.socket or EngineConnection, optional
        What reads ``stream``; its ``settimeout`` is given what is left of the deadline.
    """
    reader = _Reader(stream, deadline, still_wanted, max_bytes, sock)
    # most answers are small: read them whole and let the C parser count (the engine's text then goes on unchanged)
    head, ended = b"", False
    while len(head) <= WHOLE and not ended:
        chunk = reader.read()
        ended = not chunk
        head += chunk
    if ended:
        return _whole(head, cap)
    decode = codecs.getincrementaldecoder("utf-8")("replace").decode
    text = decode(head)
    answer = Solutions()
    position = None
    while position is None:  # the head, up to the opening of the bindings
        opening = _BINDINGS.search(text)
        if opening is None and not (ended or reader.over_budget):
            chunk = reader.read()
            ended = not chunk
            text += decode(chunk, final=ended)
            continue
        if opening:
            declared = _HEAD.search(text, 0, opening.start())
            answer.vars = json.loads(declared.group(1)) if declared else []
            position = opening.end()
        elif ended or reader.over_budget:
            boolean = _BOOLEAN.search(text)
            if boolean and not reader.over_budget:
                answer.boolean = boolean.group(1) == "true"
                return answer
            raise BadAnswer(_stopped(text))
    retry_at = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position < len(text) and text[position] == "]":
            return answer
        if position < len(text) and (len(text) >= retry_at or ended):
            try:
                binding, end = _decoder.raw_decode(text, position)
            except ValueError:
                retry_at = len(text) * 2 - position  # a binding cut by the chunk: parse again when twice the text is here
            else:
                if not isinstance(binding, dict):
                    raise BadAnswer("the engine's answer holds something that is not a binding")
                if len(answer.bindings) == cap:
                    answer.cut = "cap"
                    return answer
                answer.bindings.append(text[position:end])
                position, retry_at = end, 0
                if position > CHUNK:  # drop what is read, so the text never grows with the answer
                    text, position = text[position:], 0
                continue
        if ended:
            raise BadAnswer(_stopped(text[position:]))
        if reader.over_budget:
            answer.cut = "size"
            return answer
        chunk = reader.read()
        ended = not chunk
        text += decode(chunk, final=ended)


def _whole(data, cap):
    """A complete answer, parsed at once; cut to ``cap`` bindings if it holds more.

    An answer shorter than ``3 * cap`` bytes cannot hold more than ``cap`` bindings (each takes
    at least ``{}`` and a comma): it is not parsed, only checked to end as an answer ends. The
    engine ends an answer it cancels midway with its message, after what it had written.
    """
    if len(data) <= 3 * cap:
        text = data.strip()
        if text.startswith(b'{"head":') and text.endswith((b"]}}", b"true}", b"false}")):
            return UncountedAnswer(data)
    return _parsed(data, cap)


def _parsed(data, cap):
    """A complete answer, parsed; cut to ``cap`` bindings if it holds more."""
    try:
        document = json.loads(data)
    except ValueError:
        raise BadAnswer(_stopped(data[-400:].decode("utf-8", "replace"))) from None
    if not isinstance(document, dict):
        raise BadAnswer("the engine's answer is not a SPARQL results document")
    if "boolean" in document:
        return Solutions(boolean=bool(document["boolean"]), document=document, raw=data)
    try:
        names = document["head"].get("vars", [])
        bindings = document["results"]["bindings"]
    except (KeyError, TypeError, AttributeError):
        raise BadAnswer("the engine's answer is not a SPARQL results document") from None
    if len(bindings) > cap:
        document["results"]["bindings"] = bindings[:cap]
        return Solutions(vars=names, cut="cap", document=document)
    return Solutions(vars=names, document=document, raw=data)


def read_triples(stream, *, cap, deadline=None, still_wanted=None, max_bytes=None, sock=None):
    """Read an N-Triples answer from ``stream``, keeping at most ``cap`` triples (see :func:`read_solutions`)."""
    reader = _Reader(stream, deadline, still_wanted, max_bytes, sock)
    answer = Triples()
    pending = b""
    while True:
        chunk = reader.read()
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            if not line.strip():
                continue
            if len(answer.lines) == cap:
                answer.cut = "cap"
                return answer
            answer.lines.append(line + b"\n")
        if not chunk:
            if pending.strip():
                raise BadAnswer(_stopped(pending.decode("utf-8", "replace")))
            return answer
        if reader.over_budget:
            answer.cut = "size"
            return answer


def _stopped(tail):
    """What the engine wrote instead of the rest of its answer, as one line."""
    words = " ".join(tail.split())[-200:]
    if "cancelled" in words:
        return "cancelled"
    return words or "the engine's answer ended early"
