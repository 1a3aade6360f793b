"""The named query library, run on the real data, and every output format."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from helpers import PARAMS

from spacegraph.cli import main
from spacegraph.errors import FederationRefused, ParameterError, QuerySyntaxError, UnknownQuery, UpdateRefused
from spacegraph.sparql import OUTPUT_FORMATS
from spacegraph.sparql.library import list_queries


def _labels(result, column):
    return {str(getattr(row, column)) for row in result}


def test_the_library_has_at_least_twenty_documented_queries():
    queries = list_queries()
    assert len(queries) >= 20
    for q in queries:
        assert q.title and q.question.endswith("?"), q.name
        assert "PREFIX sg:" in q.text


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_runs_on_the_real_data(kg, named):
    result = kg.query(named.name, **PARAMS.get(named.name, {}))
    if named.name in ("unquoted-relationships", "conflicts"):
        assert len(result) == 0  # every relationship has a quote; no two sources give two values of one property
    else:
        assert len(result) > 0, named.name


def test_ilrs_members_has_every_state_that_joined(kg):
    result = kg.query("ilrs-members")
    joined = {"Venezuela", "South Africa", "Azerbaijan", "Pakistan", "Belarus", "Egypt", "Thailand", "Nicaragua",
              "Serbia", "Kazakhstan", "Senegal"}
    assert joined <= _labels(result, "stateLabel")
    roles = {str(r.stateLabel): (str(r.participation), str(r.role)) for r in result}
    assert roles["Venezuela"] == ("membership", "member providing access to ground stations")
    assert roles["Russia"] == ("development partnership", "development partner")
    assert sum(part == "membership" for part, _ in roles.values()) == 11
    assert all(str(r.quote) for r in result)


def test_pla_reorganization(kg):
    result = kg.query("pla-reorganization")
    created = {str(r.unitLabel) for r in result if str(r.change) == "created"}
    assert created == {"Military Aerospace Force", "Cyberspace Force", "Information Support Force"}
    dissolved = {str(r.unitLabel) for r in result if str(r.change) == "dissolved"}
    assert dissolved == {"Strategic Support Force"}
    asf = next(r for r in result if str(r.unitLabel) == "Military Aerospace Force")
    assert str(asf.inheritedLabel) == "Space Systems Department"
    assert str(asf.commanderLabel) == "Central Military Commission"


def test_hosted_facilities(kg):
    rows = {str(r.hostLabel): r for r in kg.query("hosted-facilities")}
    assert str(rows["Argentina"].nationalities) == "China" and rows["Argentina"].operators is None
    assert str(rows["Argentina"].locations) == "Argentina, Patagonia"   # "China's deep space station in Argentina"
    assert str(rows["Venezuela"].programmes) == "International Lunar Research Station"


def test_consumer_satcom(kg):
    rows = {str(r.companyLabel): str(r.products) for r in kg.query("consumer-satcom")}
    assert set(rows) == {"Huawei", "Xiaomi", "BYD"}
    assert all(set(p.split(", ")) == {"Smartphones", "Electric vehicles"} for p in rows.values())


def test_missions(kg):
    rows = {str(r.missionLabel): r for r in kg.query("missions")}
    assert str(rows["Tianwen-3"].destinationLabel) == "Mars"
    assert str(rows["Tianwen-3"].targetStart) == "2028" and str(rows["Tianwen-3"].targetEnd) == "2031"
    assert str(rows["Chang'e-5"].destinationLabel) == "Moon"
    assert "China" in str(rows["Chang'e-5"].operators)


def test_benchmarks_and_rivals(kg):
    pairs = {(str(r.actorLabel), str(r.relation), str(r.otherLabel)) for r in kg.query("benchmarks-and-rivals")}
    assert ("Chinese commercial space companies", "benchmarks against", "SpaceX") in pairs
    assert ("China", "rivals", "United States") in pairs


def test_actor_profile_accepts_label_acronym_prefixed_name_and_iri(kg):
    expected = {str(r.otherLabel) for r in kg.query("actor-profile", actor="Military Aerospace Force")}
    assert "Central Military Commission" in expected
    for name in ["ASF", "asf", "sgid:military-aerospace-force", "https://w3id.org/spacegraph/id/military-aerospace-force"]:
        assert {str(r.otherLabel) for r in kg.query("actor-profile", actor=name)} == expected
    venezuela = {(str(r.direction), str(r.relation), str(r.otherLabel)) for r in kg.query("actor-profile", actor="Venezuela")}
    assert venezuela == {("->", "member of", "International Lunar Research Station"),
                         ("->", "member of", "International Lunar Research Station Cooperation Organization"),
                         ("->", "provides access to", "Ground stations offered by Venezuela"),
                         ("->", "contributes", "Ground stations offered by Venezuela")}


def test_evidence_between_two_actors_gives_quotes_and_source(kg):
    rows = list(kg.query("evidence", actor="China", other="Russia"))
    sources = {str(r.sourceLabel) for r in rows}
    assert len(sources) >= 4 and any(s.startswith("China Trends #22") for s in sources)   # each source's quotes
    assert any("developed in partnership with Russia" in str(r.exact) for r in rows)
    assert all(str(r.exact) for r in rows)


def test_search_ignores_case_and_accents(kg):
    found = {str(r.entityLabel) for r in kg.query("search", text="DUCHATEL")}
    assert "Mathieu Duchâtel" in found
    assert {str(r.entityLabel) for r in kg.query("search", text="raphaël")} == \
           {str(r.entityLabel) for r in kg.query("search", text="Raphael")}


def test_authors_and_timeline(kg):
    authors = {(str(r.documentLabel), str(r.authorLabel)) for r in kg.query("authors")}
    assert ("The Rise of Private Space Actors' Ambitions", "Blaine Curcio") in authors
    dates = [str(r.date) for r in kg.query("timeline")]
    assert dates == sorted(dates) and "2024-04" in dates and "2016" in dates


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda kg: kg.query("ilrs-member"), UnknownQuery, "did you mean ilrs-members?"),
        (lambda kg: kg.query("actor-profile"), ParameterError, "missing parameter 'actor'"),
        (lambda kg: kg.query("actor-profile", actor="ASF", colour="red"), ParameterError, "unknown parameter 'colour'"),
        (lambda kg: kg.query("actor-profile", actor="Atlantis"), ParameterError, "no entity is called 'Atlantis'"),
        (lambda kg: kg.query("SELECT * WHERE {\n ?s ?p \n}"), QuerySyntaxError, "query:3:1: SPARQL syntax error"),
        (lambda kg: kg.query("INSERT DATA { <a> <b> <c> }"), UpdateRefused, "query:1:1: INSERT is an update"),
        (lambda kg: kg.query("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"), FederationRefused, "query:1:12: SERVICE"),
        (lambda kg: kg.query("SELECT * FROM <http://example.org/g> { ?s ?p ?o }"), FederationRefused, "FROM <http://example.org/g>"),
    ],
)
def test_bad_queries_get_clear_errors(kg, call, error, message):
    with pytest.raises(error) as caught:
        call(kg)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_ambiguous_name_lists_the_candidates(kg, tmp_path, fixture_path):
    import spacegraph

    text = fixture_path("valid.ttl").read_text().replace(
        'rdfs:label "Argentina"@en ;', 'rdfs:label "Argentina"@en ;\n    skos:altLabel "Mathieu"@en ;')
    path = tmp_path / "ambiguous.ttl"
    path.write_text(text.replace('rdfs:label "Mathieu Duchâtel"@en ;', 'rdfs:label "Mathieu Duchâtel"@en ;\n    skos:altLabel "Mathieu"@en ;'))
    small = spacegraph.load([path])
    with pytest.raises(ParameterError, match=r"'Mathieu' is ambiguous: it names Argentina \(sgid:argentina\); Mathieu Duchâtel"):
        small.query("actor-profile", actor="Mathieu")


@pytest.mark.slow
def test_a_slow_query_times_out():
    """In a process of its own: the embedded engine cannot be interrupted, and the query's thread, left to finish in
    the background, would take a core from the rest of the suite."""
    import subprocess
    import sys

    code = """
import spacegraph
from spacegraph.errors import QueryTimeout
kg, slow = spacegraph.load(), "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
for run in (lambda: kg.query(slow, timeout=0.2), lambda: kg.source.run(slow, timeout=0.2)):
    try:
        run()
    except QueryTimeout as error:
        print(type(error).__name__, error)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip().splitlines()) == (0, ["QueryTimeout query timed out after 0.2 s"] * 2), done.stderr


def test_result_rows_read_by_name_and_become_a_dataframe(kg):
    import pandas
    result = kg.query("class-counts")
    frame = result.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == result.vars
    assert frame.loc[frame.classLabel == "state", "entities"].item() == 32


def test_to_dataframe_without_pandas_says_how_to_install(kg, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    from spacegraph.errors import MissingDependency

    with pytest.raises(MissingDependency, match=r"pip install 'spacegraph\[notebook\]'"):
        kg.query("class-counts").to_dataframe()


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
def test_every_output_format(fmt):
    result = CliRunner().invoke(main, ["query", "ilrs-members", "--format", fmt, "--width", "100"])
    assert result.exit_code == 0, result.output
    text = result.output
    if fmt == "json":
        data = json.loads(text)
        assert data["head"]["vars"][:2] == ["state", "stateLabel"]
        first = data["results"]["bindings"][0]
        assert first["state"]["type"] == "uri" and first["stateLabel"]["xml:lang"] == "en"
    elif fmt == "xml":
        root = ET.fromstring(text)
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert len(root.findall("r:results/r:result", ns)) == 19   # eleven members, Russia the development partner, seven 2024 agreements
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        # the development partnerships first (Russia's and seven agreements of 2024), then the members
        assert rows[3]["stateLabel"] == "Russia" and rows[8]["stateLabel"] == "Azerbaijan" and rows[0]["state"].startswith("https://")
        assert rows[0]["since"] == "2024" and rows[3]["since"] == ""
    elif fmt == "tsv":
        header, first = text.splitlines()[:2]
        assert header.split("\t")[:2] == ["?state", "?stateLabel"]
        assert first.split("\t")[1] == '"Indonesia"@en'
    elif fmt == "markdown":
        assert text.startswith("| state | participation | role |")
        assert "| Azerbaijan | membership | member |" in text
    else:
        lines = text.splitlines()
        assert lines[0].split()[:3] == ["state", "participation", "role"]  # labels, not IRIs
        assert "https://" not in text
        assert all(len(line) <= 100 for line in lines)
        assert lines[-1] == "(19 rows)"


def test_table_wraps_long_quotes_and_shows_prefixed_names_without_labels():
    result = CliRunner().invoke(main, ["query", "--sparql", "SELECT DISTINCT ?p WHERE { sgid:argentina ?p [] }", "--width", "60"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "rdf:type" in lines and "hosts" in lines  # a prefixed name where there is no label
    wrapped = CliRunner().invoke(main, ["query", "claims", "--width", "80"])
    assert all(len(line) <= 80 for line in wrapped.output.splitlines())


def test_cli_list_and_named_params(tmp_path):
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"])
    assert "ilrs-members" in listing.output and "actor-profile" in listing.output and "--param actor=ENTITY" in listing.output
    profile = runner.invoke(main, ["query", "actor-profile", "-p", "actor=SSF", "--format", "csv"])
    assert profile.exit_code == 0 and "Cyberspace Force" in profile.output
    query_file = tmp_path / "mine.rq"
    query_file.write_text("PREFIX sg: <https://w3id.org/spacegraph/ontology#>\nSELECT (COUNT(*) AS ?n) WHERE { ?s a sg:State }\n")
    counted = runner.invoke(main, ["query", "--file", str(query_file), "--format", "csv"])
    assert counted.output.splitlines() == ["n", "32"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "ilrs-membrs"], "Error: unknown query 'ilrs-membrs'; did you mean ilrs-members?"),
        (["query", "actor-profile"], "Error: actor-profile: missing parameter 'actor'"),
        (["query", "actor-profile", "-p", "actor=ASF", "-p", "who=me"], "Error: actor-profile: unknown parameter 'who'"),
        (["query", "--sparql", "SELECT * WHERE {\n ?s ?p \n}"], "Error: query:3:1: SPARQL syntax error"),
        (["query", "--sparql", "DELETE WHERE { ?s ?p ?o }"], "Error: query:1:1: DELETE is an update"),
        (["query", "--sparql", "SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }"], "Error: query:1:18: SERVICE would make"),
        (["query", "--sparql", "LOAD <http://x.example/data.ttl>"], "Error: query:1:1: LOAD would make"),
        (["query", "missions", "--endpoint", "http://127.0.0.1:9/query"], "Error: cannot reach http://127.0.0.1:9/query"),
        (["query", "missions", "--endpoint", "ftp://example.org/"], "Error: bad endpoint URL 'ftp://example.org/'"),
    ],
)
def test_cli_bad_input_gets_one_line_and_exit_1(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1].startswith(message), result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_cli_a_query_past_its_time_limit_gets_one_line_and_exit_1():
    """The command as a user runs it, in a process of its own (see test_a_slow_query_times_out)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "spacegraph.cli", "query", "--sparql",
                           "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0.3"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.strip().splitlines()[-1] == "Error: query timed out after 0.3 s", done.stderr
    assert "Traceback" not in done.stderr


def test_cli_usage_errors():
    runner = CliRunner()
    both = runner.invoke(main, ["query", "missions", "--sparql", "ASK {}"])
    assert both.exit_code == 2 and "give exactly one of NAME, --file, --sparql or --list" in both.output
    bad = runner.invoke(main, ["query", "search", "-p", "text"])
    assert bad.exit_code == 2 and "'text' is not KEY=VALUE" in bad.output


def test_unquoted_relationships_finds_a_relationship_without_quote(fixture_path):
    import spacegraph

    found = spacegraph.load([fixture_path("missing-evidence.ttl")]).query("unquoted-relationships")
    assert [(str(r.subjectLabel), str(r.relation), str(r.objectLabel)) for r in found] == \
        [("Argentina", "partner of", "Institut Montaigne")]


# ---------------------------------------------------------------- every query, every format, counts as stats counts them

def _distinct_rows(fmt, text):
    """The rows of one output, as comparable values, for each format that lists them one to a record."""
    if fmt == "json":
        return [json.dumps(b, sort_keys=True) for b in json.loads(text)["results"]["bindings"]]
    if fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [ET.tostring(r) for r in ET.fromstring(text).findall("r:results/r:result", ns)]
    if fmt == "csv":
        return [tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:]]
    if fmt == "tsv":
        return text.splitlines()[1:]
    if fmt == "markdown":
        return text.splitlines()[2:]
    return None


@pytest.mark.slow
@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_every_named_query_in_every_format_has_no_traceback_and_no_duplicated_row(named, fmt):
    args = ["query", named.name, "--format", fmt, "--width", "120"]
    for key, value in PARAMS.get(named.name, {}).items():
        args += ["-p", f"{key}={value}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "Traceback" not in result.output and "warning:" not in result.output
    rows = _distinct_rows(fmt, result.stdout)
    if rows is None:  # the table: rows as people see them, wrapped cells put back together
        import spacegraph
        from spacegraph.sparql.answer_text import cells

        kg = spacegraph.load()
        answer = kg.query(named.name, **PARAMS.get(named.name, {}))
        answer.hidden = frozenset(PARAMS.get(named.name, {}))
        rows = [tuple(row) for row in cells(answer.plain(), kg.labels())[1]]
        assert f"({len(rows)} row" in result.stdout
    assert len(rows) == len(set(rows)), named.name
    if named.name not in ("unquoted-relationships", "conflicts"):   # none on the real data
        assert rows, named.name


def test_headings_read_as_names_not_variables():
    """No table heading keeps the "Label" of the variable that names a column."""
    import spacegraph
    from spacegraph.sparql.answer_text import cells

    kg = spacegraph.load()
    for named in list_queries():
        answer = kg.query(named.name, **PARAMS.get(named.name, {}))
        header, _ = cells(answer.plain(), kg.labels())
        assert not [h for h in header if h.endswith("Label")], (named.name, header)
        assert len(header) == len(set(header)), (named.name, header)


def test_counting_queries_agree_with_stats(kg):
    stats = kg.stats()
    counts = {str(r.predicateLabel): (int(r.relationships), int(r.withQuote)) for r in kg.query("relationship-counts")}
    assert counts == {label: (n, n) for label, n in stats.relationships_by_predicate.items()}
    assert sum(n for n, _ in counts.values()) == stats.relationship_count
    classes = {str(r.classLabel): int(r.entities) for r in kg.query("class-counts")}
    assert classes == stats.entities_by_class
    sources = kg.query("sources")
    assert [(str(r.sourceLabel), int(r.quotes), int(r.passages)) for r in sources] == [
        (row["title"], row["quotes"], row["passages"]) for row in stats.by_source]
    assert sum(int(r.quotes) for r in sources) == stats.quotes
    for row in kg.query("most-connected"):
        assert int(row.relationships) == stats.relationships_by_entity["sgid:" + str(row.entity).rsplit("/", 1)[1]]
    assert len(kg.query("unquoted-relationships")) == stats.relationship_count - stats.quoted_relationships == 0


def test_the_quote_index_has_each_passage_of_each_relationship_once(kg):
    from spacegraph.core.facts import read_facts
    from spacegraph.core.relationships import Relationships

    facts = read_facts(kg)
    expected = 0
    for relationship in Relationships(facts).relationships():
        if relationship.node is not None:
            passages = {q for q, _ in facts.node_sources[relationship.node]}
        else:
            triple = (relationship.subject, relationship.predicate, relationship.object)
            passages = {q for q, _ in facts.statement_sources.get(triple, [])}
            for node in relationship.qualifiers:
                passages |= {q for q, _ in facts.node_sources[node]}
        expected += len(passages)
    assert len(kg.query("quotes")) == expected


def test_small_things_a_user_trips_over(kg):
    rows = list(kg.query("search", text="ground"))
    assert [str(r.entityLabel) for r in rows].count("Ground stations offered by Venezuela") == 1
    ilrs = next(r for r in kg.query("partnerships") if str(r.actorLabel) == "International Lunar Research Station")
    assert str(ilrs.relation) == "developed together by" and "developed in partnership with Russia" in str(ilrs.quote)
    table = CliRunner().invoke(main, ["query", "sources", "--width", "200"]).stdout
    assert table.count("China Trends #22 - China's Space") == 1  # the title once, not as the source and as its title
    counts = CliRunner().invoke(main, ["query", "relationship-counts", "--width", "200"]).stdout
    assert counts.splitlines()[0].split() == ["predicate", "relationships", "withQuote"]


# ---------------------------------------------------------------- bad input: one clean line

def test_a_parameter_the_query_does_not_select_is_still_bound(tmp_path):
    query_file = tmp_path / "my.rq"
    query_file.write_text("PREFIX sg: <https://w3id.org/spacegraph/ontology#>\nSELECT ?x WHERE { ?x sg:memberOf ?org }\n")
    result = CliRunner().invoke(main, ["query", "--file", str(query_file), "-p", "org=sgid:ilrs", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 12  # the header and the eleven members
    import spacegraph

    rows = spacegraph.load().query("SELECT ?x WHERE { ?x sg:memberOf ?org }", org="sgid:ilrs")
    assert len(rows) == 11


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { ?s foo:bar ?o }", "query:1:21: SPARQL syntax error: unknown prefix foo: (declare it with PREFIX foo: <...>)"),
    ("SELECT * {\n  foo:x ?p ?o }", "query:2:3: SPARQL syntax error: unknown prefix foo:"),
    ("SELECT * WHERE { ?s ?p ?o", "query:1:26: SPARQL syntax error: the \"{\" opened at 1:16 is never closed"),
])
def test_syntax_errors_name_the_fault_in_one_short_line(query, message):
    result = CliRunner().invoke(main, ["query", "--sparql", query])
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: " + message) and "\n" not in line and "\\u{" not in line and "[_]" not in line


def test_an_unknown_ontology_term_answers_with_a_warning(kg):
    result = CliRunner().invoke(main, ["query", "--sparql", "SELECT ?x WHERE { ?x sg:memberof sgid:ilrs }"])
    assert result.exit_code == 0
    assert result.stderr.strip() == "warning: query:1:22: sg:memberof is not a term of the spacegraph ontology; did you mean sg:memberOf?"
    assert "(0 rows)" in result.stdout
    answer = kg.query("SELECT ?x WHERE { ?x <https://w3id.org/spacegraph/ontology#hostz> ?y }")
    assert answer.warnings == ["query:1:22: <https://w3id.org/spacegraph/ontology#hostz> is not a term of the spacegraph "
                               "ontology; did you mean <https://w3id.org/spacegraph/ontology#hosts>?"]
    assert kg.query("SELECT ?x WHERE { ?x sg:memberOf sgid:ilrs }").warnings == []


def test_a_parameter_given_twice_is_refused():
    result = CliRunner().invoke(main, ["query", "actor-profile", "-p", "actor=China", "-p", "actor=Russia"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: --param actor is given twice ('China' and 'Russia'); a parameter takes one "
                                     "value: run the query once for each")


@pytest.mark.parametrize("written", ["sgid:military-aerospace-force", "https://w3id.org/spacegraph/id/military-aerospace-force",
                                     "<https://w3id.org/spacegraph/id/military-aerospace-force>"])
def test_an_entity_written_as_an_id_is_looked_up_alone(kg, monkeypatch, written):
    """The index of every name is read only for a label, or when the id is not an entity (for the message)."""
    import spacegraph.sparql.query as query_module
    from spacegraph.sparql.query import run_query

    expected = run_query(kg, "actor-profile", {"actor": "ASF"}).rows

    def every_name(target):
        raise AssertionError("read every name of the graph")

    monkeypatch.setattr(query_module, "name_index", every_name)
    assert run_query(kg, "actor-profile", {"actor": written}).rows == expected
    with pytest.raises(AssertionError, match="read every name"):
        run_query(kg, "actor-profile", {"actor": "ASF"})
    with pytest.raises(AssertionError, match="read every name"):  # not an entity: the index finds the message
        run_query(kg, "actor-profile", {"actor": "sgid:nowhere"})


def test_an_unknown_id_still_gets_the_message_with_the_closest_names(kg):
    from spacegraph.sparql.query import run_query

    with pytest.raises(ParameterError, match="^actor: no entity is called 'sgid:military-aerospace-forc'"):
        run_query(kg, "actor-profile", {"actor": "sgid:military-aerospace-forc"})
    with pytest.raises(ParameterError, match="^actor: no entity is called 'sg:State'"):  # a class is no entity
        run_query(kg, "actor-profile", {"actor": "sg:State"})


def test_an_entity_id_on_the_built_store_is_looked_up_alone(built_project, monkeypatch):
    import spacegraph.sparql.store_query as store_query

    folder, _, _ = built_project

    def every_name(store):
        raise AssertionError("read every name of the graph")

    monkeypatch.setattr(store_query, "_name_index", every_name)
    graph = ["--data-dir", str(folder / "graph_data"), "--build", str(folder / "build")]
    by_id = CliRunner().invoke(main, ["query", "actor-profile", *graph, "-p", "actor=sgid:military-aerospace-force",
                                      "--format", "csv"])
    assert by_id.exit_code == 0, by_id.output
    assert "Strategic Support Force" in by_id.stdout
    by_label = CliRunner().invoke(main, ["query", "actor-profile", *graph, "-p", "actor=ASF", "--format", "csv"])
    assert by_label.exit_code != 0 and "read every name" in str(by_label.exception)
