"""`spacegraph query` on a fresh built store: pyoxigraph alone, the same answers, the same errors, no rdflib."""

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from helpers import PARAMS

import spacegraph
from spacegraph.cli import main
from spacegraph.core.terms import to_rdflib
from spacegraph.errors import ParameterError, QuerySyntaxError, UpdateRefused
from spacegraph.sparql import OUTPUT_FORMATS
from spacegraph.sparql.answer_text import PlainAnswer, cells, write_answer
from spacegraph.sparql.library import list_queries
from spacegraph.sparql.results import QueryResult
from spacegraph.sparql.store_query import labels_of, query_store
from spacegraph.workflows.build import write_built_store


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real data's store in a build folder, the graph opened from it, and the store itself, read-only."""
    folder = tmp_path_factory.mktemp("store-query") / "build"
    write_built_store(spacegraph.load(use_store=False), folder)
    kg = spacegraph.load(build_dir=folder)
    assert kg.source.local.built is not None  # opened from the store, so both read the same store
    store = ox.Store.read_only(os.path.realpath(folder / "store"))
    return folder, kg, store


def plain_row(row):
    """A row of plain terms, the parts GROUP_CONCAT joined sorted."""
    return tuple(("L", " | ".join(sorted(t[1].split(" | "))), t[2], t[3]) if type(t) is tuple and t[0] == "L" else t
                 for t in row)


def _cli(*args):
    return CliRunner().invoke(main, ["query", *args], catch_exceptions=False)


def _unordered(text):
    """Text with the parts GROUP_CONCAT joined (`` | ``) sorted on each line: it may join them in any order."""
    return [sorted(line.split(" | ")) for line in text.splitlines()]


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_answers_as_on_the_graph(built, named):
    _, kg, store = built
    params = PARAMS.get(named.name, {})
    answer, warnings = query_store(store, named.name, params)
    result = kg.query(named.name, **params)
    assert warnings == [] and answer.hidden == result.hidden == frozenset(params)
    assert answer.vars == result.vars
    assert sorted(map(plain_row, answer.rows)) == sorted(map(plain_row, result.plain().rows))


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_answer_is_written_as_the_graph_writes_it(built, named, fmt):
    """The one writer, given plain terms or rdflib's, writes the same text."""
    _, kg, store = built
    answer, _ = query_store(store, named.name, PARAMS.get(named.name, {}))
    result = QueryResult(answer.vars, [[None if t is None else to_rdflib(t) for t in row] for row in answer.rows],
                         hidden=answer.hidden)
    labels = kg.labels()
    assert write_answer(answer, fmt, labels=labels, width=120) == result.serialize(fmt, labels=labels, width=120)


def test_the_command_line_answers_from_the_store_as_the_graph_does(built):
    """The same store read both ways, so that GROUP_CONCAT joins in the same order."""
    folder, kg, _ = built
    for name, params, fmt in (("actor-profile", {"actor": "ASF"}, "table"), ("ilrs-members", {}, "csv"),
                              ("SELECT ?s WHERE { ?s a sg:State } ORDER BY ?s", {}, "json"),
                              ("evidence", {"actor": "Russia", "other": "China"}, "markdown")):
        given = [arg for key, value in params.items() for arg in ("-p", f"{key}={value}")]
        what = [name] if " " not in name else ["--sparql", name]
        from_store = _cli(*what, *given, "--format", fmt, "--build", str(folder), "--width", "100")
        assert from_store.exit_code == 0, from_store.output
        result = kg.query(name, **params)
        expected = result.serialize(fmt, labels=kg.labels(), width=100)
        assert _unordered(from_store.stdout) == _unordered(expected) and from_store.stdout.strip()


@pytest.mark.parametrize("args", [
    ["actor-profile", "-p", "actor=Atlantis"],
    ["actor-profile", "-p", "who=ASF"],
    ["actor-profile"],
    ["quotes", "-p", "page=999"],
    ["--sparql", "SELECT ?s WHERE { ?s sg:hosts ?o"],
    ["--sparql", "INSERT DATA { sgid:a sg:hosts sgid:b }"],
    ["--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"],
    ["--sparql", "SELECT ?x WHERE { ?x sg:memberof ?y }"],
], ids=["unknown-entity", "unknown-parameter", "missing-parameter", "page-out-of-range", "syntax", "update", "service",
        "unknown-term"])
def test_bad_input_gets_the_same_one_line_answer_from_the_store(built, args):
    folder = built[0]
    from_store = _cli(*args, "--build", str(folder))
    from_files = _cli(*args, "--build", str(folder), "--rebuild")
    assert (from_store.exit_code, from_store.stderr, from_store.stdout) == (from_files.exit_code, from_files.stderr, from_files.stdout)
    assert from_store.stderr.strip()
    if args[-1] != "SELECT ?x WHERE { ?x sg:memberof ?y }":  # a warning only: the query runs
        assert from_store.exit_code != 0 and len(from_store.stderr.strip().splitlines()) == 1, from_store.stderr


def test_errors_name_the_query_and_position(built):
    store = built[2]
    with pytest.raises(QuerySyntaxError, match=r"^query:1:"):
        query_store(store, "SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(UpdateRefused, match="DROP is an update"):
        query_store(store, "DROP ALL")
    with pytest.raises(ParameterError, match="page: 'two' is not an integer"):
        query_store(store, "quotes", {"page": "two"})


def test_a_parameter_the_query_does_not_project_is_bound_too(built):
    store = built[2]
    answer, _ = query_store(store, "SELECT (STRLEN(?t) AS ?n) WHERE {}", {"t": "abcd"})
    assert answer.rows == [(("L", "4", None, "http://www.w3.org/2001/XMLSchema#integer"),)]
    answer, _ = query_store(store, "SELECT ?label WHERE { ?x rdfs:label ?label }", {"x": "sgid:military-aerospace-force"})
    assert answer.rows == [(("L", "Military Aerospace Force", "en", None),)]


def test_labels_are_read_for_the_iris_asked_only(built):
    kg, store = built[1], built[2]
    china = "https://w3id.org/spacegraph/id/china"
    assert labels_of(store, [china, "not an IRI", "https://example.org/x> } DROP ALL {"]) == {china: kg.labels()[china]}


def test_the_table_shows_labels_for_iris_without_a_label_column():
    answer = PlainAnswer(["x", "n"], [("urn:x:a", ("L", "3", None, "http://www.w3.org/2001/XMLSchema#integer")),
                                      ("urn:x:b", None)])
    assert cells(answer, {"urn:x:a": "Alpha"}) == (["x", "n"], [["Alpha", "3"], ["<urn:x:b>", ""]])


def test_a_query_on_the_built_store_imports_neither_rdflib_nor_networkx(built):
    folder = built[0]
    script = ("import sys, runpy, atexit\n"
              "atexit.register(lambda: print(sorted(m for m in ('rdflib', 'networkx', 'igraph') if m in sys.modules), file=sys.stderr))\n"
              f"sys.argv = ['spacegraph', 'query', 'actor-profile', '-p', 'actor=ASF', '--build', {str(folder)!r}]\n"
              "runpy.run_module('spacegraph.cli', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert "creates" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_the_cold_query_benchmark_times_both_and_says_the_ratio(built, tmp_path):
    folder = built[0]
    root = Path(__file__).parent.parent
    script = root / "benchmarks" / "cold_query.py"
    from spacegraph.core import paths

    # one data file is not the set of files the store was built from: spacegraph reads that file instead, slower but right
    done = subprocess.run([sys.executable, str(script), str(paths.data_files()[0]), str(paths.sources_dir()), str(folder),
                           "--runs", "1"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ratio" in done.stdout and "pyoxigraph  median" in done.stdout
    missing = subprocess.run([sys.executable, str(script), "a.ttl", "sources", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and "holds no built store" in missing.stderr.strip().splitlines()[-1]
