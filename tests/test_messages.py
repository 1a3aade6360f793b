"""Messages that point the right way: syntax errors, namespace terms, actors on a date, steps, pages, query headers."""

import re

import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.core import paths
from spacegraph.errors import DataFileError, NodeNotFound, NodeNotOnDate, ParameterError, QuerySyntaxError
from spacegraph.sparql.diagnostics import MAX_EXPECTED, clean_expected, explain_syntax_error
from spacegraph.sparql.library import check_page, get_query, read_query, read_query_file
from spacegraph.sparql.syntax_faults import first_fault

# ---------------------------------------------------------------- SPARQL syntax errors, said as a person would

SYNTAX_ERRORS = [
    # the four of the issue
    ("SELEC ?x WHERE {?x ?p ?o}", 1, 1, "unknown keyword SELEC (did you mean SELECT?)"),
    ("SELECT * WHERE { ?s ?p }", 1, 24, 'the triple pattern "?s ?p" needs an object'),
    ("SELECT * WHERE {?s ?p ?o} LIMT 3", 1, 27, "unknown keyword LIMT (did you mean LIMIT?)"),
    ("SELECT * WHERE {?s ?p ?y FILTER(?y > )}", 1, 38, 'the comparison "?y >" needs a right-hand side'),
    # glued tokens
    ("SELECT*WHERE{?s ?p}", 1, 19, 'the triple pattern "?s ?p" needs an object'),
    ("SELECT ?x WHERE{?x ?p ?o FILTER(?o>)}LIMIT 3", 1, 36, 'the comparison "?o >" needs a right-hand side'),
    ("SELECT * WHERE{?s ?p ?o}LIMT3", 1, 25, "unknown keyword LIMT3 (did you mean LIMIT?)"),
    # the error on line 3 (and 4) of a query of several lines
    ("SELECT ?x\nWHERE {\n  ?x ?p ?o FILTER(?o = )\n}", 3, 24, 'the comparison "?o =" needs a right-hand side'),
    ("SELECT ?x\nWHERE {\n  ?x ?p ?o\n  OPTINAL { ?x ?q ?r }\n}", 4, 3, "unknown keyword OPTINAL (did you mean OPTIONAL?)"),
    # triple patterns
    ("SELECT * WHERE { ?s }", 1, 21, 'the triple pattern "?s" needs a predicate and an object'),
    ("ASK { ?s ?p ?o , }", 1, 18, '"," needs another object after it'),
    ("ASK { ?s a sg:State ?p }", 1, 21, 'missing "." after the triple pattern "?s a sg:State"'),
    ("ASK { ?s sg:memberOf/ ?o }", 1, 23, 'the path needs a step (an IRI) after "/", not ?o'),
    ("ASK { ?s memberOf ?o }", 1, 10, "memberOf is neither a keyword nor a name (a name needs a prefix, as in sg:memberOf, "
                                      "or angle brackets, as in <http://...>)"),
    # operators
    ("ASK { ?s ?p ?o FILTER(!) }", 1, 24, 'the negation "!" needs a condition after it'),
    ("ASK { ?s ?p ?o FILTER(< 3) }", 1, 23, 'the comparison "< 3" needs a left-hand side'),
    ("ASK { ?s ?p ?o FILTER(?o && ) }", 1, 29, 'the condition "?o &&" needs a right-hand side'),
    ("SELECT (COUNT(?s) AS ) WHERE { ?s ?p ?o }", 1, 22, '"AS" needs a variable after it'),
    ("SELECT * WHERE { ?s ?p ?o } GROUP ?s", 1, 29, "GROUP needs BY after it (GROUP BY ...)"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT ?x", 1, 35, "LIMIT needs a whole number after it"),
    # brackets
    ("SELECT * WHERE { ?s ?p ?o", 1, 26, 'the "{" opened at 1:16 is never closed'),
    ("ASK { ?s ?p ?o } }", 1, 18, '"}" closes nothing'),
    ("ASK { FILTER(?o > 1 }", 1, 21, 'the "(" opened at 1:13 is not closed before this "}"'),
]


@pytest.mark.parametrize("text, line, column, reason", SYNTAX_ERRORS)
def test_a_syntax_error_says_what_is_wrong_where_it_is(kg, text, line, column, reason):
    with pytest.raises(QuerySyntaxError) as caught:
        kg.query(text)
    error = caught.value
    assert (error.line, error.column, error.reason) == (line, column, reason)
    assert str(error) == f"query:{line}:{column}: SPARQL syntax error: {reason}"


@pytest.mark.parametrize("text, line, column, reason", SYNTAX_ERRORS[:9])
def test_the_command_line_prints_the_syntax_error_in_one_line(text, line, column, reason):
    result = CliRunner().invoke(main, ["query", "--sparql", text])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: query:{line}:{column}: SPARQL syntax error: {reason}\n"


def test_the_engines_own_list_is_shown_only_when_it_is_short():
    many = "expected one of ABS, AVG, DAY, IRI, MAX, MD5, [_], isLITERAL"
    assert clean_expected(many) == "unexpected text here"
    few = 'expected one of ",", ".", ";", "}"'
    assert clean_expected(few) == few and few.count(",") // 2 + 1 <= MAX_EXPECTED
    # with no fault of its own to name, the message says what stands there, and the list only when short
    ends = explain_syntax_error("error at 1:37: " + many, "SELECT * WHERE { ?s ?p ?o } ORDER BY", "query")
    assert str(ends) == "query:1:37: SPARQL syntax error: unexpected end of the query"
    # a fault past where the engine gave up is not the one it met: the token there is named instead
    at = explain_syntax_error("error at 1:26: expected one of \"}\", [_]", "SELECT * WHERE { ?s ?p ?o ?z", "query")
    assert str(at) == 'query:1:26: SPARQL syntax error: unexpected "?z"; expected "}"'
    said = explain_syntax_error("error at 1:32: expected one of Duplicated variable name in SELECT, [_]",
                                "SELECT ?x ?x WHERE { ?s ?p ?o }", "query")
    assert str(said) == "query:1:32: SPARQL syntax error: duplicated variable name in SELECT"
    short = explain_syntax_error("error at 1:30: expected BY", "SELECT * WHERE { ?s ?p ?o } ORDER ?s", "q")
    assert str(short) == "q:1:29: SPARQL syntax error: ORDER needs BY after it (ORDER BY ...)"


def test_a_fault_past_where_the_engine_gave_up_is_not_blamed():
    text = "SELECT * WHERE { ?s ?p }  # SELEC"
    assert first_fault(text, bound=5) is None
    assert first_fault(text).message == 'the triple pattern "?s ?p" needs an object'


VALID = [
    'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p "a"@en-GB , "b"@fr ; <http://q> [ <http://r> 1 ] ; <http://t> (1 2) . '
    '?s <http://p>/<http://q>|^<http://r>* ?o FILTER (?o>1) OPTIONAL { ?s a ?t } FILTER regex(?o, "x") '
    'BIND(STR(?o) AS ?l) VALUES (?a ?b) { (1 2) (UNDEF 3) } _:b <http://p> -1.5e3, "x"^^<http://int> . '
    '{ SELECT ?x WHERE { ?x ?y ?z } ORDER BY DESC(?x) LIMIT 3 } UNION { ?q ?r ?s } FILTER NOT EXISTS { ?s ?p2 ?o2 } '
    'MINUS { ?s ?p3 ?o3 } GRAPH ?g { ?g1 ?g2 ?g3 } ?s (<http://p>)* ?o . ?s ?p ?o ; } GROUP BY ?s '
    'HAVING (COUNT(*) > 1) ORDER BY ?s LIMIT 1 OFFSET 2',
    "ASK { VALUES ?x { 1 2 } ?x ?p ?o FILTER(?o IN (1, 2) && !BOUND(?z) || ?o != -2 * (3 + 4) / 2) }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT3",
]


@pytest.mark.parametrize("text", VALID)
def test_a_query_that_parses_has_no_fault(text):
    import pyoxigraph as ox

    ox.Store().query(text)  # the engine takes it
    assert first_fault(text) is None


@pytest.mark.parametrize("path", sorted((paths.data_root() / "queries").rglob("*.r[qu]")), ids=lambda p: p.name)
def test_no_shipped_query_has_a_fault(path):
    assert first_fault(path.read_text(encoding="utf-8")) is None


# ---------------------------------------------------------------- the namespace is not a term

def test_a_bare_namespace_prefix_gets_no_warning(kg):
    text = "SELECT ?c WHERE { ?c a ?k FILTER(STRSTARTS(STR(?c), STR(sg:))) }"
    assert kg.query(text).warnings == []
    result = CliRunner().invoke(main, ["query", "--sparql", text, "--format", "csv"])
    assert result.exit_code == 0 and result.stderr == ""
    misspelt = kg.query("SELECT ?c WHERE { ?c a sg:state FILTER(STRSTARTS(STR(?c), STR(sg:))) }").warnings
    assert misspelt == ["query:1:24: sg:state is not a term of the spacegraph ontology; did you mean sg:State?"]


# ---------------------------------------------------------------- an actor that did not exist on the date

@pytest.mark.parametrize("args, message", [
    (["path", "Argentina", "ASF", "--as-of", "2023-01-01"],
     "Error: 'ASF' (Military Aerospace Force) did not exist yet on 2023-01-01: it was founded 2024-04"),
    (["path", "SSF", "Argentina", "--as-of", "2025-01-01"],
     "Error: 'SSF' (Strategic Support Force) no longer existed on 2025-01-01: it was dissolved 2024-04"),
    (["path", "Argentina", "Atlantis", "--as-of", "2023-01-01"],
     "Error: no actor is called 'Atlantis'; did you mean Atlas V, AstroAnt?"),
])
def test_path_tells_an_actor_not_yet_founded_or_gone_from_no_actor(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


def test_explain_path_raises_node_not_on_date_with_the_actor_and_its_dates(kg):
    from spacegraph.network import explain_path

    then, undated = kg.to_networkx(as_of="2023-01-01"), kg.to_networkx()
    with pytest.raises(NodeNotOnDate) as caught:
        explain_path(then, "Argentina", "ASF", undated=undated)
    error = caught.value
    assert (error.node, error.as_of, error.start, error.end) == ("sgid:military-aerospace-force", "2023-01-01", "2024-04-01", None)
    assert isinstance(error, NodeNotFound)
    with pytest.raises(NodeNotFound) as unknown:  # without the undated network, or for no actor: no date to give
        explain_path(then, "Argentina", "ASF")
    assert type(unknown.value) is NodeNotFound
    with pytest.raises(NodeNotFound) as unknown:
        explain_path(then, "Argentina", "Atlantis", undated=undated)
    assert type(unknown.value) is NodeNotFound


# ---------------------------------------------------------------- parallel relationships make one step

def test_two_relationships_between_the_same_actors_are_one_numbered_step():
    result = CliRunner().invoke(main, ["path", "Argentina", "ASF"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Argentina to Military Aerospace Force: 4 steps"
    assert [match.group(1) for match in map(re.compile(r"^  (\d+)\. ").match, lines) if match] == ["1", "2", "3", "4"]
    relations = [line for line in lines[1:] if not line.lstrip().startswith('"')]
    assert relations[:3] == [
        "  1. Argentina -[hosts]-> Chinese deep-space station in Patagonia",
        "     Argentina <-[located in]- Chinese deep-space station in Patagonia",
        "  2. Chinese deep-space station in Patagonia -[nationality]-> China",
    ]
    assert len(relations) == 5  # four steps, the first of two relationships


# ---------------------------------------------------------------- pages out of range

@pytest.mark.parametrize("page", ["0", "-1", "2"])
def test_a_page_out_of_range_names_the_last_page(kg, page):
    result = CliRunner().invoke(main, ["query", "quotes", "-p", f"page={page}"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: quotes: page {page} is out of range; the last page is 1\n"
    with pytest.raises(ParameterError, match=f"^quotes: page {page} is out of range; the last page is 1$"):
        kg.query("quotes", page=int(page))
    assert len(kg.query("quotes", page=1)) > 0


def test_the_last_page_is_looked_up_only_for_an_empty_page():
    from spacegraph.sparql.library import last_page

    asked = []

    def last():
        asked.append("quotes")
        return 3

    quotes = get_query("quotes")
    check_page(quotes, 2, 1000, last)  # a full page: no question asked
    check_page(quotes, 1, 0, last)  # the first page of an empty listing
    assert asked == []
    check_page(quotes, 3, 0, last)  # the last page, empty: asked, and in range
    with pytest.raises(ParameterError, match="^quotes: page 4 is out of range; the last page is 3$"):
        check_page(quotes, 4, 0, last)
    assert asked == ["quotes", "quotes"]
    check_page(get_query("missions"), 0, 0, last)  # no pages to check
    assert len(asked) == 2
    texts = []

    def run(text, bindings):
        texts.append((text, bindings))
        return type("Answer", (), {"rows": [type("Row", (), {"last": 7})()]})()

    assert last_page(quotes, run) == 7 and '"quotes"' in texts[0][0] and texts[0][1] == {}


# ---------------------------------------------------------------- query file headers

def test_a_query_file_needs_only_its_param_lines(tmp_path):
    query = tmp_path / "members.rq"
    query.write_text("# The members of an organisation\n# param: org entity  The organisation.\n"
                     "PREFIX sg: <https://w3id.org/spacegraph/ontology#>\nSELECT ?x WHERE { ?x sg:memberOf ?org }\n")
    named = read_query_file(query)
    assert [p.name for p in named.params] == ["org"] and (named.title, named.question) == ("", "")
    result = CliRunner().invoke(main, ["query", "--file", str(query), "-p", "org=sgid:ilrs", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 12  # the header and the eleven members


def test_every_header_problem_is_told_at_once_with_its_line(tmp_path):
    result = CliRunner().invoke(main, ["query", "--file", "tests/data/bad-header.rq"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: tests/data/bad-header.rq:2: '# parm:' is not a header line; did you mean '# param:'?; "
                             "tests/data/bad-header.rq:3: bad parameter line; write '# param: NAME TYPE DESCRIPTION' with "
                             "TYPE one of entity, text, date, integer\n")
    query, error = _header_error(tmp_path, "# title: One\n# title: Two\n# param: n integer  How many.\n"
                                           "# param: n text  Again.\nASK {}\n", read_query_file)
    assert str(error) == (f"{query}:2: a second '# title:' line (the first is line 1); "
                          f"{query}:4: parameter 'n' is declared twice (first on line 3)")
    assert error.line == 2


def test_a_library_query_needs_a_title_and_a_question(tmp_path):
    query, error = _header_error(tmp_path, "# param: n integer  How many.\nASK {}\n", read_query)
    assert str(error) == f"{query}: the header has no '# title:' line; {query}: the header has no '# question:' line"
    assert read_query(query, titled=False).params[0].name == "n"


def test_a_bind_line_says_values_or_inline_or_is_left_out(tmp_path):
    query, error = _header_error(tmp_path, "# param: n integer  How many.\n# bind: substitutions\nASK {}\n", read_query_file)
    assert str(error) == (f"{query}:2: '# bind: substitutions' is not a way to bind parameters; write '# bind: values', "
                          "'# bind: inline' or leave the line out")
    assert error.line == 2


@pytest.mark.parametrize("bind", ["# bind: values\n", "# bind: inline\n"])
def test_a_query_that_binds_by_values_or_inline_gives_the_answer_it_gives_by_substitution(kg, tmp_path, bind):
    # the parameter is not projected: only a VALUES block or the text can bind it; the subquery projects it, the
    # UNION's second branch does not read it, and the FILTER and BIND read it as a value
    body = ("# param: actor entity  The actor.\n{bind}SELECT ?label ?same WHERE {{ "
            "{{ SELECT ?actor ?label WHERE {{ ?actor rdfs:label ?label }} }} UNION {{ BIND (\"none\" AS ?label) }} "
            "FILTER (?label != STR(?actor)) BIND (?actor = sgid:military-aerospace-force AS ?same) }} ORDER BY ?label\n")
    by_bind, by_substitution = tmp_path / "bound.rq", tmp_path / "substitution.rq"
    by_bind.write_text(body.format(bind=bind))
    by_substitution.write_text(body.format(bind=""))
    answers = [CliRunner().invoke(main, ["query", "--file", str(path), "-p", "actor=ASF", "--format", "csv"])
               for path in (by_bind, by_substitution)]
    assert [answer.exit_code for answer in answers] == [0, 0], answers[0].output
    assert answers[0].stdout == answers[1].stdout == "label,same\nMilitary Aerospace Force,true\nnone,true\n"


def test_inline_binding_writes_the_values_where_a_term_may_stand_and_nowhere_else():
    from rdflib import Literal, URIRef

    from spacegraph.sparql.bindings import inline_bindings

    text = ("SELECT ?a (COUNT(?x) AS ?n) WHERE { { SELECT ?a ?x WHERE { ?a <p> ?x } } "
            "VALUES ?b { 1 } BIND (?a AS ?c) FILTER (?t = \"?a\") } GROUP BY ?a ORDER BY ?a")
    done = inline_bindings(text, {"a": URIRef("http://x/a"), "t": Literal('a "b"')})
    assert done == ("SELECT ?a (COUNT(?x) AS ?n) WHERE {\nVALUES (?a ?t) { (<http://x/a> \"a \\\"b\\\"\") }\n"
                    " { SELECT  ?x WHERE { <http://x/a> <p> ?x } } VALUES ?b { 1 } BIND (<http://x/a> AS ?c) "
                    "FILTER (\"a \\\"b\\\"\" = \"?a\") } GROUP BY ?a ORDER BY ?a")


def _header_error(folder, text, read):
    """The file holding ``text``, and the DataFileError ``read`` raises for it."""
    query = folder / "query.rq"
    query.write_text(text)
    with pytest.raises(DataFileError) as caught:
        read(query)
    return query, caught.value


# ---------------------------------------------------------------- usage errors are Click's, exit 2

@pytest.mark.parametrize("args, error", [
    (["query"], "Error: give exactly one of NAME, --file, --sparql or --list"),
    (["query", "missions", "-p", "foo"], "Error: Invalid value for --param: 'foo' is not KEY=VALUE"),
    (["query", "missions", "--format", "bogus"], "Error: Invalid value for '--format': 'bogus' is not one of"),
    (["query", "--file", "no-such-file.rq"], "Error: Invalid value for '-f' / '--file': File 'no-such-file.rq' does not exist."),
])
def test_a_usage_error_prints_the_usage_lines_and_exits_2(args, error):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ") and result.stderr.splitlines()[-1].startswith(error)
