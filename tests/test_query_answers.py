"""The answers of the relationship queries, pinned: a faster shape of a query must give the same rows.

``tests/data/query_answers.json`` holds the rows that ``sector-overview``, ``evidence``,
``most-connected``, ``quotes``, ``unquoted-relationships`` and ``sources`` gave on the real
data, on the real data with a second source (``tests/data/two_sources``), on the real data with
relationships no quote backs (``UNQUOTED`` below), and on the benchmarks' synthetic graph of
10,000 triples (seed 7). Each row is stored as the N3 forms of its terms (``None`` for an unbound
one). Every one of these queries has an ORDER BY on columns it selects: the sort keys must come
in the stored order, and the rows must be the same multiset (rows whose keys tie may come in
any order). ``actor-profile`` is compared, for every entity of each of these graphs, with the
query it was before its rows were derived once (``tests/data/actor-profile-direct.rq``).
"""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from helpers import PARAMS

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = Path(__file__).parent / "data" / "query_answers.json"
QUERIES = ("sector-overview", "evidence", "most-connected", "quotes", "unquoted-relationships", "sources")

#: The columns each query orders by, in order (all of them selected).
ORDER_KEYS = {
    "sector-overview": ["actorLabel", "direction", "relation", "otherLabel"],
    "evidence": ["subjectLabel", "relation", "exact"],
    "most-connected": ["relationships", "entityLabel"],
    "quotes": ["exact", "subjectLabel", "relation", "objectLabel"],
    "unquoted-relationships": ["subjectLabel", "relation", "objectLabel"],
    "sources": ["quotes", "sourceLabel"],
    "actor-profile": ["direction", "relation", "otherLabel"],
}

#: Added to the real data: a triple between two entities and a claim that no quote backs, and a
#: membership that qualifies a triple with a quote of its own, a role and a ground station it contributes.
UNQUOTED = """\
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

sgid:china sg:oversees sgid:argentina .

sgid:claim-unquoted a sg:Claim ;
    rdfs:label "An unquoted claim (test)"@en ;
    sg:claimant sgid:xi-jinping ;
    sg:about sgid:argentina .
"""

#: The parameters of ``evidence`` on each graph (the real data's are those of tests/helpers.py).
EVIDENCE = {
    "real": PARAMS["evidence"],
    "two_sources": PARAMS["evidence"],
    "two_sources_patagonia": {"actor": "Argentina", "other": "sgid:patagonia-deep-space-station"},
    "unquoted": {"actor": "China", "other": "Argentina"},
    "synthetic_10k": {"actor": "sgid:state-163", "other": "sgid:technology-152"},
}


def encode(term):
    return None if term is None else term.n3()


def answer(kg, name, params):
    """The rows of ``name`` as lists of N3 strings, with the selected variables."""
    result = kg.query(name, **params)
    return {"vars": [str(v) for v in result.vars], "rows": [[encode(term) for term in row] for row in result]}


def assert_same_answer(got, expected, name):
    assert got["vars"] == expected["vars"], name
    columns = [expected["vars"].index(key) for key in ORDER_KEYS[name]]
    keys = lambda rows: [[row[i] for i in columns] for row in rows]  # noqa: E731
    assert keys(got["rows"]) == keys(expected["rows"]), f"{name}: the rows come in another order"
    got_rows, expected_rows = Counter(map(tuple, got["rows"])), Counter(map(tuple, expected["rows"]))
    assert got_rows == expected_rows, (f"{name}: rows differ; extra {list((got_rows - expected_rows).elements())[:3]}, "
                                       f"missing {list((expected_rows - got_rows).elements())[:3]}")


@pytest.fixture(scope="module")
def answers():
    return json.loads(ANSWERS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def unquoted(tmp_path_factory):
    import spacegraph
    from spacegraph.core import paths

    extra = tmp_path_factory.mktemp("unquoted") / "unquoted.ttl"
    extra.write_text(UNQUOTED, encoding="utf-8")
    return spacegraph.load([*paths.data_files(), extra])


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory, synthetic):
    import spacegraph

    folder = tmp_path_factory.mktemp("synthetic-10k")
    synthetic.generate(10_000, folder, seed=7)
    return spacegraph.load([folder / "synthetic.ttl"], sources_dir=folder / "sources")


@pytest.mark.parametrize("name", QUERIES)
def test_the_real_data_gives_the_pinned_answer(kg, answers, name):
    params = EVIDENCE["real"] if name == "evidence" else {}
    assert_same_answer(answer(kg, name, params), answers["real"][name], name)


def test_the_pinned_answers_are_the_documented_ones(answers):
    # the figures of docs/queries.md, so that the snapshot cannot drift from what users read
    sources = answers["real"]["sources"]["rows"]
    assert len(sources) == 6 and sources[0][-4:] == [f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>'
                                                     for n in (147, 56, 88, 114)]   # China Trends #22 first
    assert answers["real"]["unquoted-relationships"]["rows"] == []
    assert len(answers["real"]["quotes"]["rows"]) > 100 and len(answers["real"]["sector-overview"]["rows"]) > 30


@pytest.mark.parametrize("name", ["sources", "evidence"])
def test_two_sources_give_the_pinned_answer(two_sources, answers, name):
    params = EVIDENCE["two_sources"] if name == "evidence" else {}
    assert_same_answer(answer(two_sources, name, params), answers["two_sources"][name], name)


def test_evidence_stated_by_two_sources_gives_a_row_for_each(two_sources, answers):
    got = answer(two_sources, "evidence", EVIDENCE["two_sources_patagonia"])
    assert_same_answer(got, answers["two_sources_patagonia"], "evidence")
    assert len(got["rows"]) == 3   # "hosts" from China Trends #22 and the note; "located in" from the Wikipedia text


@pytest.mark.parametrize("name", QUERIES)
def test_relationships_without_a_quote_give_the_pinned_answer(unquoted, answers, name):
    params = EVIDENCE["unquoted"] if name == "evidence" else {}
    assert_same_answer(answer(unquoted, name, params), answers["unquoted"][name], name)


def test_the_unquoted_relationships_are_found(answers):
    rows = answers["unquoted"]["unquoted-relationships"]["rows"]
    assert sorted(row[0] for row in rows) == ["<https://w3id.org/spacegraph/id/china>",
                                              "<https://w3id.org/spacegraph/id/claim-unquoted>"]


@pytest.mark.parametrize("name", QUERIES)
def test_the_synthetic_graph_gives_the_pinned_answer(synthetic_10k, answers, name):
    params = EVIDENCE["synthetic_10k"] if name == "evidence" else {}
    assert_same_answer(answer(synthetic_10k, name, params), answers["synthetic_10k"][name], name)


#: ``actor-profile`` as it was before its rows were derived once: the relationship rule, run for one actor.
ACTOR_PROFILE_DIRECT = Path(__file__).parent / "data" / "actor-profile-direct.rq"


@pytest.mark.slow
@pytest.mark.parametrize("graph", ["kg", "two_sources", "unquoted", "synthetic_10k"])
def test_actor_profile_reads_back_the_rows_the_relationship_rule_finds_for_every_entity(request, graph):
    # every entity a parameter can name, those with no relationship too (no row either way)
    from rdflib import URIRef

    from spacegraph.sparql.query import NAMES_QUERY

    kg = request.getfixturevalue(graph)
    direct = ACTOR_PROFILE_DIRECT.read_text(encoding="utf-8")
    entities = sorted({str(row.entity) for row in kg.select(NAMES_QUERY)})
    assert len(entities) > 300
    empty = 0
    for entity in entities:
        found = kg.source.run(direct, {"actor": URIRef(entity)})  # the engine alone: checking the text each time takes 0.1 s
        expected = {"vars": [str(v) for v in found.vars], "rows": [[encode(term) for term in row] for row in found]}
        try:
            assert_same_answer(answer(kg, "actor-profile", {"actor": f"<{entity}>"}), expected, "actor-profile")
        except AssertionError as error:
            raise AssertionError(f"{entity}: {error}") from None
        empty += not expected["rows"]
    assert 0 < empty < len(entities) / 2


# ---------------------------------------------------------------- benchmarks/queries.py

def run_script(*arguments, cwd):
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "queries.py"), *arguments],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("arguments, message", [
    (["--size", "500"], "size '500' is out of range: from 1,000 to 20,000,000 triples"),
    (["--size", "ten"], "'ten' is not a size: write 10000, 10k or 1M"),
    (["--runs", "0"], "'0' must be more than 0"),
    (["--queries", "sources,ilrs-membrs"], "unknown query 'ilrs-membrs'"),
    (["--queries", ","], "give at least one query name"),
])
def test_the_query_benchmark_refuses_bad_arguments_in_one_line(tmp_path, arguments, message):
    result = run_script(*arguments, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_query_benchmark_refuses_a_data_folder_that_is_a_file(tmp_path):
    taken = tmp_path / "graph"
    taken.write_text("not a folder")
    result = run_script("--size", "1k", "--data-dir", str(taken), cwd=tmp_path)
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr


@pytest.mark.slow
def test_the_query_benchmark_times_the_queries_it_is_given(tmp_path):
    result = run_script("--size", "1k", "--runs", "1", "--queries", "sources,evidence",
                        "--data-dir", str(tmp_path / "graph"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("| sources |") for line in lines)
    assert any(line.startswith("| evidence |") for line in lines)
    assert "load average" in result.stdout
