"""The guard and the engine read every query alike: a generator of spellings, run through both.

Comments ended by every line terminator and space Unicode knows, escapes in keywords, and
tokens glued to dots and brackets are put around SERVICE, FROM and code hidden after a comment.
Each variant goes through the guard (:func:`check_query`, and the token counter behind the
bounds) and through Oxigraph's own parser and evaluator, offline, on a store that holds a
triple in its default graph and another in a named graph. Where one sees a SERVICE, a FROM or code, the other must too.
"""

import itertools

import pyoxigraph as ox
import pytest

from spacegraph.errors import FederationRefused, QuerySyntaxError
from spacegraph.sparql.guard import check_query
from spacegraph.sparql.lexer import tokens
from spacegraph.sparql.sandbox import run_offline

#: Line terminators and spaces: ASCII, Unicode's line and paragraph separators, NEL, the
#: information separators Python's splitlines knows, and spaces the grammar does not.
BREAKS = ["\n", "\r", "\r\n", "\n\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
          "\t", " ", "\u00a0", "\u3000", "\ufeff", "\u200b"]
#: What a comment may hold before its end: nothing, a backslash, a quote, an IRI's bracket.
COMMENT_TEXT = ["", "x\\", "'\"", "<"]
#: Spellings of SERVICE: as written, lower case, and with the grammar's code-point escapes.
SERVICE = ["SERVICE", "service", "\\u0053ERVICE", "S\\u0045RVICE", "\\U00000053ERVICE"]
#: What the keyword is glued to.
GLUE = [" ", ".", "} {"]

REMOTE = "http://127.0.0.1:65000/sparql"  # any attempt to reach it fails offline; it is never reached


@pytest.fixture(scope="module")
def store():
    found = ox.Store()
    found.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("in g"), ox.NamedNode("http://x/g")))
    # the default graph holds a triple too, so that a SERVICE joined to a pattern is always called
    found.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("in default"), ox.DefaultGraph()))
    return found


def _engine(store, text):
    """What Oxigraph makes of ``text``: ("syntax",), ("service",) for an attempted SERVICE call, or ("rows", rows)."""
    def evaluate():  # everything pyoxigraph makes is dropped in this thread, as it requires
        try:
            return ("rows", [[str(value) for value in row] for row in store.query(text)])
        except OSError:  # the SERVICE call, stopped: no network here
            return ("service",)

    try:
        return run_offline(evaluate, timeout=10)
    except SyntaxError:
        return ("syntax",)


def _guard(text):
    """What the guard makes of ``text``: ("syntax",), ("service",), ("from",) or ("pass",)."""
    try:
        check_query(text)
    except QuerySyntaxError:
        return ("syntax",)
    except FederationRefused as refusal:
        return ("from",) if "FROM" in str(refusal) else ("service",)
    return ("pass",)


def _service_variants():
    for space, comment, keyword, glue in itertools.product(BREAKS, COMMENT_TEXT, SERVICE, GLUE):
        yield f"SELECT * WHERE {{ {{ ?s ?p ?o }}{glue}# {comment}{space}{keyword} <{REMOTE}> {{ ?a ?b ?c }}\n}}"
        yield f"SELECT * WHERE {{ ?s ?p ?o{glue}{space}{keyword}{space}<{REMOTE}>{space}{{ ?a ?b ?c }} }}"


def _from_variants():
    for space, comment in itertools.product(BREAKS, COMMENT_TEXT):
        yield f"SELECT ?o # {comment}{space}FROM <http://x/g>\nWHERE {{ ?s ?p ?o }}"
        yield f"SELECT ?o{space}FROM{space}<http://x/g>{space}WHERE {{ ?s ?p ?o }}"


def _code_variants():
    for space, comment in itertools.product(BREAKS, COMMENT_TEXT):
        yield f"SELECT ?x WHERE {{ # {comment}{space}{{ BIND(1 AS ?x) }} }}"


@pytest.mark.slow
def test_the_guard_sees_a_service_exactly_where_the_engine_calls_one(store):
    disagreements = []
    for text in _service_variants():
        engine, guard = _engine(store, text), _guard(text)
        if engine == ("syntax",):
            agree = guard[0] in ("syntax", "service")  # what the engine cannot read never runs
        elif engine == ("service",):
            agree = guard == ("service",)
        else:
            agree = guard == ("pass",)
        if not agree:
            disagreements.append((text, engine, guard))
    assert disagreements == []


@pytest.mark.slow
def test_the_guard_sees_a_from_exactly_where_the_engine_reads_the_graph(store):
    disagreements = []
    for text in _from_variants():
        engine, guard = _engine(store, text), _guard(text)
        if engine == ("syntax",):
            agree = guard[0] in ("syntax", "from")
        else:
            reads_graph = engine == ("rows", [["\"in g\""]])
            agree = guard == (("from",) if reads_graph else ("pass",))
        if not agree:
            disagreements.append((text, engine, guard))
    assert disagreements == []


def test_the_token_counter_sees_code_exactly_where_the_engine_runs_it(store):
    disagreements = []
    for text in _code_variants():
        engine = _engine(store, text)
        counted_bind = "BIND" in [token.text for token in tokens(text)]
        if engine != ("syntax",) and (engine == ("rows", [["\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"]])) != counted_bind:
            disagreements.append((text, engine, counted_bind))
    assert disagreements == []


@pytest.mark.slow
def test_the_generator_covers_each_outcome(store):
    # the three families hold cases the engine reads as code, as comment, and cannot read
    outcomes = {_engine(store, text)[0] for text in _service_variants()}
    assert outcomes == {"syntax", "service", "rows"}
    assert {_guard(text)[0] for text in _from_variants()} == {"from", "pass", "syntax"}
