"""What a person would say about a query that does not parse, read from the lexer's tokens.

The engine says where its parser gave up, which is often past the fault (after the whole
group), and which tokens it would have taken there, which is often a list of function
names. The faults found here are certain mistakes, each with its own place, found on the
tokens of :func:`~spacegraph.sparql.lexer.tokens` (never on the text):

* a word that is no keyword (a bare word of SPARQL is always a keyword, a function or
  ``a``, ``true``, ``false``): the nearest keyword by edit distance (``SELEC``: ``SELECT``);
  ``GROUP`` or ``ORDER`` without ``BY``, ``LIMIT`` or ``OFFSET`` without a whole number;
* a triple pattern cut short (``{ ?s ?p }``), or two run together without a ``.``;
* an operator with nothing on one side (``FILTER(?y > )``);
* a bracket that is never closed, or that closes nothing.

:func:`first_fault` returns the first of them in the text, up to where the engine gave up.

Examples
--------
>>> first_fault("SELEC ?x WHERE { ?x ?p ?o }").message
'unknown keyword SELEC (did you mean SELECT?)'
>>> fault = first_fault("SELECT * WHERE { ?s ?p }")
>>> fault.message, fault.start
('the triple pattern "?s ?p" needs an object', 23)
>>> first_fault("SELECT * WHERE { ?s ?p ?y FILTER(?y > ) }").message
'the comparison "?y >" needs a right-hand side'
>>> first_fault("SELECT * WHERE { ?s ?p ?o }") is None
True
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .lexer import Token, tokens

__all__ = ["Fault", "first_fault", "KEYWORDS"]

#: Every bare word of SPARQL 1.1 and 1.2 as Oxigraph reads it: keywords, built-in functions, ``a``, ``true``, ``false``.
KEYWORDS = (
    "a", "ABS", "ADD", "ADJUST", "ALL", "AS", "ASC", "ASK", "AVG", "BASE", "BIND", "BNODE", "BOUND", "BY", "CEIL",
    "CLEAR", "COALESCE", "CONCAT", "CONSTRUCT", "CONTAINS", "COPY", "COUNT", "CREATE", "DATA", "DATATYPE", "DAY",
    "DEFAULT", "DELETE", "DESC", "DESCRIBE", "DISTINCT", "DROP", "ENCODE_FOR_URI", "EXISTS", "false", "FILTER", "FLOOR",
    "FROM", "GRAPH", "GROUP", "GROUP_CONCAT", "hasLANG", "hasLANGDIR", "HAVING", "HOURS", "IF", "IN", "INSERT", "INTO",
    "IRI", "isBLANK", "isIRI", "isLITERAL", "isNUMERIC", "isTRIPLE", "isURI", "LANG", "LANGDIR", "LANGMATCHES",
    "LATERAL", "LCASE", "LIMIT", "LOAD", "MAX", "MD5", "MIN", "MINUS", "MINUTES", "MONTH", "MOVE", "NAMED", "NOT",
    "NOW", "OBJECT", "OFFSET", "OPTIONAL", "ORDER", "PREDICATE", "PREFIX", "RAND", "REDUCED", "REGEX", "REPLACE",
    "ROUND", "sameTerm", "SAMPLE", "SECONDS", "SELECT", "SEPARATOR", "SERVICE", "SHA1", "SHA256", "SHA384", "SHA512",
    "SILENT", "STR", "STRAFTER", "STRBEFORE", "STRDT", "STRENDS", "STRLANG", "STRLANGDIR", "STRLEN", "STRSTARTS",
    "STRUUID", "SUBJECT", "SUBSTR", "SUM", "TIMEZONE", "TO", "TRIPLE", "true", "TZ", "UCASE", "UNDEF", "UNION", "URI",
    "USING", "UUID", "VALUES", "VERSION", "WHERE", "WITH", "YEAR",
)
_SPELLING = {word.upper(): word for word in KEYWORDS}
#: Words that stand for a term in a triple pattern.
_TERM_WORDS = frozenset({"A", "TRUE", "FALSE"})
#: Keywords after which an expression follows, up to its closing bracket.
_EXPRESSION_KEYWORDS = frozenset({"FILTER", "BIND"})

_COMPARISONS = frozenset({"=", "!=", "<", ">", "<=", ">="})
_CONDITIONS = frozenset({"&&", "||"})
_ARITHMETIC = frozenset({"+", "-", "*", "/"})
_PATH_JOINS = frozenset({"/", "|", "^"})
_PAIRS = {"{": "}", "(": ")", "[": "]"}
#: Rules in the order they win when two faults start at the same place.
_RULES = ("word", "operator", "triple", "bracket")


@dataclass(frozen=True)
class Fault:
    """A mistake of a query: where it is (an index into the text), what to say, and the rule that found it."""

    start: int
    message: str
    rule: str = "word"


def first_fault(text: str, bound: int | None = None) -> Fault | None:
    """Return the first fault of ``text`` that starts at or before index ``bound`` (the whole text by default), or None."""
    bound = len(text) if bound is None else bound
    try:
        found = [fault for fault in _faults(text) if fault.start <= bound]
    except RecursionError:  # brackets nested past Python's stack (the guard refuses such a query before it runs)
        return None
    return min(found, key=lambda f: (f.start, _RULES.index(f.rule)), default=None)


def _faults(text):
    every = list(tokens(text))
    quiet = _tag_words(every)
    yield from _unknown_words(every, quiet)
    root, faults = _tree(text, every)
    yield from faults
    yield from _Walk(text, quiet).sequence(root, "top")


def _end(token):
    return token.start + len(token.text)


def _tag_words(every):
    """The indices of words that are no keywords by their place: language tags (``"x"@en-GB``) and the ``_`` of ``_:b``."""
    quiet = set()
    for index, token in enumerate(every):
        if token.kind != "word":
            continue
        following = every[index + 1] if index + 1 < len(every) else None
        if token.text == "_" and following is not None and following.text.startswith(":"):
            quiet.add(id(token))
            continue
        previous = every[index - 1] if index else None
        if previous is None or _end(previous) != token.start:
            continue
        if previous.text == "@" or (previous.text == "-" and index >= 2 and id(every[index - 2]) in quiet):
            quiet.add(id(token))
    return quiet


def _is_keyword(word):
    upper = word.upper()
    # LIMIT3 is LIMIT 3 to the engine's lexer
    return upper in _SPELLING or (upper.rstrip("0123456789") in _SPELLING and upper[-1].isdigit())


def _unknown_words(every, quiet):
    """Words that are no keyword, and the keywords of two words (``GROUP BY``, ``ORDER BY``) with the second missing."""
    for index, token in enumerate(every):
        if token.kind != "word" or id(token) in quiet:
            continue
        if not _is_keyword(token.text):
            close = difflib.get_close_matches(token.text.upper(), list(_SPELLING), n=1, cutoff=0.75)
            if close:
                yield Fault(token.start, f"unknown keyword {token.text} (did you mean {_SPELLING[close[0]]}?)", "word")
            else:
                yield Fault(token.start, f"{token.text} is neither a keyword nor a name (a name needs a prefix, as in "
                                         f"sg:{token.text}, or angle brackets, as in <http://...>)", "word")
        elif token.text.upper() in ("GROUP", "ORDER"):
            following = every[index + 1] if index + 1 < len(every) else None
            if following is None or following.text.upper() != "BY":
                yield Fault(token.start, f"{token.text} needs BY after it ({token.text.upper()} BY ...)", "word")
        elif token.text.upper() in ("LIMIT", "OFFSET"):
            following = every[index + 1] if index + 1 < len(every) else None
            if following is None or following.kind != "number" or not following.text.isdigit():
                yield Fault(token.start if following is None else following.start,
                            f"{token.text} needs a whole number after it", "word")


@dataclass
class _Bracket:
    """A bracketed part of the query: its opening token, what it holds, and its closing token (None if never closed)."""

    open: Token
    items: list = field(default_factory=list)
    close: Token | None = None


def _tree(text, every):
    """The brackets of the query as a tree, and the faults of brackets that never close or close nothing."""
    root = _Bracket(Token("open", "", 0))  # the whole query, a bracket without text
    stack = [root]
    faults = []
    for token in every:
        if token.kind == "open":
            inner = _Bracket(token)
            stack[-1].items.append(inner)
            stack.append(inner)
        elif token.kind == "close":
            matching = [b for b in stack[1:] if _PAIRS[b.open.text] == token.text]
            if not matching:
                faults.append(Fault(token.start, f'"{token.text}" closes nothing', "bracket"))
                continue
            while stack[-1] is not matching[-1]:
                faults.append(Fault(token.start, f'the "{stack[-1].open.text}" opened at {_place(text, stack[-1].open.start)} '
                                                 f'is not closed before this "{token.text}"', "bracket"))
                stack.pop()
            stack.pop().close = token
        else:
            stack[-1].items.append(token)
    end = len(text.rstrip())
    for inner in stack[1:]:
        faults.append(Fault(end, f'the "{inner.open.text}" opened at {_place(text, inner.open.start)} is never closed', "bracket"))
    return root, faults


def _place(text, index):
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


class _Pattern:
    """A triple pattern read term by term: what it still needs when it ends."""

    def __init__(self, text):
        self.text = text
        self.reset()

    def reset(self):
        self.need, self.first, self.last, self.after = "subject", None, None, None

    def _shown(self):
        shown = self.text[self.first:self.last]
        return " ".join(shown.split()) if len(shown) <= 40 else " ".join(shown[:37].split()) + "..."

    def term(self, start, end):
        fault = None
        if self.need == "subject":
            self.need, self.first = "verb", start
        elif self.need in ("verb", "next verb"):
            self.need = "object"
        elif self.need == "object":
            self.need = "more"
        else:  # a new subject with no "." after the last object
            fault = Fault(start, f'missing "." after the triple pattern "{self._shown()}"', "triple")
            self.need, self.first, self.after = "verb", start, None
        self.last = end
        return fault

    def separator(self, token):
        """``,`` (another object) or ``;`` (another predicate): the fault when it comes too early."""
        if token.text == "," and self.need == "more":
            self.need, self.after = "object", ","
        elif token.text == ";" and self.need in ("more", "next verb"):
            self.need, self.after = "next verb", ";"
        elif self.need == "subject":
            return Fault(token.start, f'"{token.text}" needs a whole triple pattern before it', "triple")
        else:
            return self.end(token.start)
        self.last = _end(token)
        return None

    def end(self, start):
        """The pattern ends at ``start``: the fault when it lacks a term."""
        need, after = self.need, self.after
        shown = self._shown() if self.first is not None else ""
        self.reset()
        if need == "verb":
            return Fault(start, f'the triple pattern "{shown}" needs a predicate and an object', "triple")
        if need == "object" and after == ",":
            return Fault(start, '"," needs another object after it', "triple")
        if need == "object":
            return Fault(start, f'the triple pattern "{shown}" needs an object', "triple")
        return None


class _Walk:
    """Walks the bracket tree: triple patterns in groups, operators in expressions and paths."""

    def __init__(self, text, quiet):
        self.text, self.quiet = text, quiet

    def _span(self, item):
        if isinstance(item, _Bracket):
            end = _end(item.close) if item.close else len(self.text.rstrip())
            return item.open.start, end
        return item.start, _end(item)

    def _shown(self, item):
        start, end = self._span(item)
        shown = " ".join(self.text[start:end].split())
        return shown if len(shown) <= 30 else shown[:27] + "..."

    def sequence(self, bracket, context):
        """Yield the faults of what ``bracket`` holds; ``context`` is ``group``, ``expression``, ``path`` or ``top``."""
        items = bracket.items
        if context in ("expression", "path"):
            yield from self._operators(bracket, context)
        pattern = _Pattern(self.text)
        mode = "triples" if context == "group" else "other"
        data_next = False  # the next { } is the data of VALUES
        join = False  # the next term belongs to the last one (a path step, a datatype)
        for item in items:
            if isinstance(item, _Bracket):
                if item.open.text == "{":
                    if mode == "triples":
                        yield from filter(None, [pattern.end(item.open.start)])
                    if not data_next:
                        yield from self.sequence(item, "group")
                    data_next, join, mode = False, False, "triples" if context == "group" else "other"
                    pattern.reset()
                    continue
                inner = "path" if mode == "triples" or item.open.text == "[" else "expression"
                if context == "expression":
                    inner = "expression"
                yield from self.sequence(item, inner)
                if mode == "triples":
                    yield from self._term(pattern, item, join)
                    join = False
                elif mode == "arguments":
                    mode = "triples" if context == "group" else "other"
                continue
            token = item
            if token.kind == "word" and token.text.upper() not in _TERM_WORDS and id(token) not in self.quiet:
                upper = token.text.upper()
                if mode == "triples":
                    yield from filter(None, [pattern.end(token.start)])
                data_next = data_next or upper == "VALUES"
                if mode != "arguments":
                    mode = "arguments" if upper in _EXPRESSION_KEYWORDS else "other"
                continue
            if token.text == "." and token.kind == "other":
                if mode == "triples":
                    yield from filter(None, [pattern.end(token.start)])
                pattern.reset()
                mode, join = ("triples" if context == "group" else "other"), False
                continue
            if mode != "triples":
                continue
            if token.text in (",", ";"):
                yield from filter(None, [pattern.separator(token)])
            elif token.kind == "op" and token.text in ("/", "|", "^^"):
                join = token.text
            elif join in ("/", "|") and token.kind in ("var", "string", "number"):
                yield Fault(token.start, f'the path needs a step (an IRI) after "{join}", not {token.text}', "triple")
                mode = "other"
            elif token.kind in ("var", "iri", "pname", "string", "number") or (
                    token.kind == "word" and token.text.upper() in _TERM_WORDS):
                yield from self._term(pattern, token, join)
                join = False
            elif token.kind == "op" and token.text in ("<", ">", "<=", ">=", "=", "!=", "&&", "||"):
                mode = "other"  # not a triple pattern (a quoted triple, or worse): no guess
            # the rest (@ of a language tag, ^ ! * + ? of paths, a sign, the _ of a blank node) adds no term
        if context == "group" and mode == "triples":
            close = bracket.close
            yield from filter(None, [pattern.end(close.start if close else len(self.text.rstrip()))])

    def _term(self, pattern, item, join):
        start, end = self._span(item)
        if join:
            pattern.last = end
            return
        yield from filter(None, [pattern.term(start, end)])

    def _operators(self, bracket, context):
        """Operators with nothing on one side, inside round brackets."""
        items = bracket.items
        end = bracket.close.start if bracket.close else len(self.text.rstrip())
        for index, item in enumerate(items):
            if isinstance(item, _Bracket):
                continue
            before = items[index - 1] if index else None
            after = items[index + 1] if index + 1 < len(items) else None
            if context == "expression" and after is None and (item.text == "," or item.text.upper() == "AS"):
                wanted = "another item" if item.text == "," else "a variable"
                yield Fault(end, f'"{item.text}" needs {wanted} after it', "operator")
            if item.kind != "op":
                continue
            op = item.text
            if context == "path":
                needs_right, needs_left = op in _PATH_JOINS, False
            else:
                all_columns = op == "*" and (before is None or (not isinstance(before, _Bracket) and before.kind == "word"))
                needs_right = (op in _COMPARISONS | _CONDITIONS | _ARITHMETIC | {"!"}) and not all_columns
                needs_left = op in _COMPARISONS | _CONDITIONS | {"/"} and (
                    before is None or (not isinstance(before, _Bracket) and (before.kind == "op" or before.text == ",")))
            what = ("the comparison" if op in _COMPARISONS else "the condition" if op in _CONDITIONS
                    else "the path" if context == "path" else "the operation")
            missing_right = after is None or (not isinstance(after, _Bracket) and (
                after.text == "," or (after.kind == "word" and after.text.upper() == "AS")))
            if needs_right and missing_right:
                at = end if after is None else after.start
                if op == "!":
                    yield Fault(at, 'the negation "!" needs a condition after it', "operator")
                    continue
                shown = f"{self._shown(before)} {op}" if before is not None else op
                yield Fault(at, f'{what} "{shown}" needs a right-hand side', "operator")
            elif needs_left and after is not None:
                yield Fault(item.start, f'{what} "{op} {self._shown(after)}" needs a left-hand side', "operator")
