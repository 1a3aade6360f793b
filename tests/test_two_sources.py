"""A graph with two sources: the real data and tests/data/two_sources/orbital-note.ttl, a made-up note.

The note states one triple the real data already states (Argentina hosts the station in
Patagonia), one relationship of its own (Thailand partner of Egypt) and a founding date of
the Military Aerospace Force that differs from the real data's. Every part of spacegraph
must count, list, draw and check both sources.
"""

import json

import pytest
from click.testing import CliRunner
from helpers import TWO_SOURCES, two_source_files

import spacegraph
from spacegraph.cli import main

CHINA_TRENDS = "China Trends #22 - China's Space Dream: No Limits, No End"
HOSTS_IN_CHINA_TRENDS = ("Argentina, which hosts a Chinese deep-space station in Patagonia, is also a key node in this "
                         "Chinese international strategy.")
HOSTS_IN_NOTE = "Argentina hosts a deep-space station in Patagonia that tracks missions far beyond the Moon."


def _figures(rows):
    return {str(r.sourceLabel): (int(r.quotes), int(r.passages), int(r.entities), int(r.relationships)) for r in rows}


# ---------------------------------------------------------------- validation


def test_the_two_sources_validate_with_one_warning_that_shows_both_values(two_sources, monkeypatch):
    from spacegraph.core import paths

    monkeypatch.chdir(paths.data_root())  # files are shown relative to the working folder
    report = two_sources.validate()
    assert report.ok, str(report)
    assert report.warnings == [
        'graph_data/military.ttl:33: sgid:military-aerospace-force "Military Aerospace Force" has 2 values of founding '
        'date (sg:foundingDate), which takes one: "2024-04" (stated by China Trends #22 - '
        'China\'s Space Dream: No Limits, No End); "2024-05" (stated by Orbital Note)']


def test_validate_prints_the_warning_and_passes(two_sources, monkeypatch):
    from spacegraph.core import paths

    monkeypatch.chdir(paths.data_root())
    result = CliRunner().invoke(main, ["validate", *map(str, two_source_files()), "--sources", str(two_sources.sources_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid: 8 checks passed")
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("warning: graph_data/military.ttl:33: ")
    assert ('"2024-04" (stated by China Trends #22 - China\'s Space Dream: No Limits, No End); "2024-05" (stated by Orbital '
            'Note)') in warnings[0]


def test_a_value_two_sources_quote_names_both(tmp_path, two_sources):
    """The same single-valued fact, quoted by two sources with different values, names each source by its title."""
    note = tmp_path / "other-note.ttl"
    text = (TWO_SOURCES / "orbital-note.ttl").read_text(encoding="utf-8")
    # the real value, now quoted too: a statement with the literal as its object
    note.write_text(text + """
[] a rdf:Statement ;
    rdf:subject sgid:military-aerospace-force ; rdf:predicate sg:foundingDate ; rdf:object "2024-04"^^xsd:gYearMonth ;
    sg:evidence [ a sg:Quote ; oa:exact "In April 2024, China undertook a major reorganization of the People's Liberation Army (PLA)" ;
        prov:wasQuotedFrom sgid:china-trends-22 ] .
""", encoding="utf-8")
    from spacegraph.core import paths

    kg = spacegraph.load([*paths.data_files(), note], sources_dir=two_sources.sources_dir)
    report = kg.validate()
    assert report.ok, str(report)
    assert [w.split(": ", 1)[1] for w in report.warnings] == [
        'sgid:military-aerospace-force "Military Aerospace Force" has 2 values of founding date (sg:foundingDate), '
        f'which takes one: "2024-04" (stated by {CHINA_TRENDS}); "2024-05" (stated by Orbital Note)']


def test_a_date_of_the_wrong_type_is_still_a_violation(tmp_path, two_sources):
    bad = tmp_path / "bad-date.ttl"
    bad.write_text('@prefix sg: <https://w3id.org/spacegraph/ontology#> .\n@prefix sgid: <https://w3id.org/spacegraph/id/> .\n'
                   'sgid:military-aerospace-force sg:foundingDate "April 2024" .\n', encoding="utf-8")
    from spacegraph.core import paths

    report = spacegraph.load([*paths.data_files(), bad], sources_dir=two_sources.sources_dir).validate()
    assert [p.check for p in report.problems] == ["shacl"]
    assert "founding date must be an xsd:date, xsd:gYearMonth or xsd:gYear" in report.problems[0].message
    assert len(report.warnings) == 1 and '"April 2024" (written at ' in report.warnings[0]


def test_a_source_document_needs_only_its_title_and_digest(tmp_path, two_sources):
    """orbital-note.ttl has no URL, publisher, author or date; without a title it is refused."""
    from spacegraph.core import paths

    untitled = tmp_path / "untitled.ttl"
    untitled.write_text((TWO_SOURCES / "orbital-note.ttl").read_text(encoding="utf-8")
                        .replace('    dct:title "Orbital Note"@en ;\n', ""), encoding="utf-8")
    report = spacegraph.load([*paths.data_files(), untitled], sources_dir=two_sources.sources_dir).validate()
    assert [p.message for p in report.problems] == ['sgid:orbital-note "Orbital Note": dct:title: '
                                                     "A source document needs exactly one dct:title."]


# ---------------------------------------------------------------- counts


def test_stats_gives_the_figures_of_each_source(two_sources, kg):
    stats = two_sources.stats()
    rows = {row["document"]: row for row in stats.by_source}
    assert rows["sgid:china-trends-22"] == {"document": "sgid:china-trends-22", "title": CHINA_TRENDS, "quotes": 147,
                                            "passages": 56, "entities": 88, "relationships": 114}
    assert rows["sgid:orbital-note"] == {"document": "sgid:orbital-note", "title": "Orbital Note", "quotes": 3,
                                         "passages": 3, "entities": 4, "relationships": 2}
    assert stats.by_source == sorted(stats.by_source, key=lambda row: (-row["quotes"], row["title"], row["document"]))
    # the triple both state is one relationship: the graph gains one, the partnership
    assert stats.relationship_count == kg.stats().relationship_count + 1
    assert "Orbital Note" in stats.sources


def test_the_stats_command_prints_a_table_of_sources_and_json(two_sources):
    files = [str(path) for path in two_source_files()]
    text = CliRunner().invoke(main, ["stats", *files]).stdout.splitlines()
    header = next(line for line in text if line.startswith("per source"))
    assert header.split()[-4:] == ["quotes", "passages", "entities", "relationships"]
    rows = text[text.index(header) + 1:text.index("relationships per predicate")]
    assert [row.split()[-4:] for row in rows if row.startswith("  Orbital Note ")] == [["3", "3", "4", "2"]]
    assert [row.split()[-4:] for row in rows if row.startswith("  " + CHINA_TRENDS)] == [["147", "56", "88", "114"]]
    figures = json.loads(CliRunner().invoke(main, ["stats", *files, "--format", "json"]).stdout)
    assert figures["by_source"] == two_sources.stats().by_source


def test_the_sources_query_counts_entities_and_relationships_of_each_source(two_sources):
    figures = _figures(two_sources.query("sources"))
    assert figures[CHINA_TRENDS] == (147, 56, 88, 114)
    assert figures["Orbital Note"] == (3, 3, 4, 2)


@pytest.mark.parametrize("files", ["real", "two sources", "held-both-ways.ttl"])
def test_the_sources_query_agrees_with_stats(files, kg, two_sources, fixture_path):
    graph = {"real": kg, "two sources": two_sources}.get(files) or spacegraph.load([fixture_path(files)])
    expected = {row["title"]: (row["quotes"], row["passages"], row["entities"], row["relationships"])
                for row in graph.stats().by_source}
    assert _figures(graph.query("sources")) == expected


def test_a_source_text_no_quote_cites_is_listed_with_nothing(tmp_path, two_sources):
    from spacegraph.core import paths

    silent = tmp_path / "silent.ttl"
    text = (TWO_SOURCES / "orbital-note.ttl").read_text(encoding="utf-8")
    silent.write_text(text[:text.index("# stated by China Trends #22 too")], encoding="utf-8")
    stats = spacegraph.load([*paths.data_files(), silent], sources_dir=two_sources.sources_dir).stats()
    assert stats.by_source[-1] == {"document": "sgid:orbital-note", "title": "Orbital Note", "quotes": 0, "passages": 0,
                                   "entities": 0, "relationships": 0}


# ---------------------------------------------------------------- evidence and the network


def test_evidence_gives_the_quote_and_title_of_each_source(two_sources):
    rows = two_sources.query("evidence", actor="Argentina", other="sgid:patagonia-deep-space-station")
    assert {(str(r.relation), str(r.exact), str(r.sourceLabel)) for r in rows} == {
        ("hosts", HOSTS_IN_CHINA_TRENDS, CHINA_TRENDS),
        ("hosts", HOSTS_IN_NOTE, "Orbital Note"),
        ("located in", "It also received support from NASA’s LRO team, Russia’s radioisotope heat source, China’s deep space "
         "station in Argentina, and the European Space Agency’s tracking station.", "Chinese Lunar Exploration Program - Wikipedia"),
    }


def test_an_edge_two_sources_state_is_one_edge_with_both_sources(two_sources):
    G = two_sources.to_networkx()
    assert G.number_of_edges("sgid:argentina", "sgid:patagonia-deep-space-station") == 1
    edge = G.edges["sgid:argentina", "sgid:patagonia-deep-space-station", "sg:hosts"]
    assert edge["sources"] == [{"document": "sgid:china-trends-22", "quote": HOSTS_IN_CHINA_TRENDS},   # it states no licence
                               {"document": "sgid:orbital-note", "quote": HOSTS_IN_NOTE, "licence": "CC BY 4.0"}]
    assert G.edges["sgid:thailand", "sgid:egypt", "sg:partnerOf"]["sources"] == [
        {"document": "sgid:orbital-note", "quote": "Thailand and Egypt are partners in building small satellites together.",
         "licence": "CC BY 4.0"}]
    # two founding dates: the earlier is read, from any store
    assert G.nodes["sgid:military-aerospace-force"]["founded"] == "2024-04"


def test_the_fixture_says_it_is_made_up():
    assert "a made-up note, written for the tests" in (TWO_SOURCES / "orbital-note.txt").read_text(encoding="utf-8")


def test_a_source_licence_travels_with_its_quotes_into_every_export(two_sources, tmp_path):
    import csv
    import json

    from click.testing import CliRunner

    from spacegraph.cli import main

    data = [*[str(p) for p in __import__("spacegraph.core.paths").core.paths.data_files()], str(TWO_SOURCES / "orbital-note.ttl")]
    args = [a for path in data for a in ("--data", path)]
    out = tmp_path / "net.csv"
    result = CliRunner().invoke(main, ["export", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "net-edges.csv").read_text(encoding="utf-8-sig").splitlines()))
    hosts = next(r for r in rows if r["source"] == "sgid:argentina" and r["predicate"] == "sg:hosts")
    assert {s["document"]: s.get("licence") for s in json.loads(hosts["sources"])} == {
        "sgid:china-trends-22": None, "sgid:orbital-note": "CC BY 4.0"}
    graphml = tmp_path / "net.graphml"
    assert CliRunner().invoke(main, ["export", "-o", str(graphml), *args]).exit_code == 0
    assert "CC BY 4.0" in graphml.read_text(encoding="utf-8")


def test_the_conflicts_query_lists_each_value_with_the_sources_that_state_it(two_sources, kg):
    rows = two_sources.query("conflicts")
    found = {(str(r.entityLabel), str(r.propertyLabel), str(r.value), str(r.sourceLabel)) for r in rows}
    assert found == {("Military Aerospace Force", "founding date", "2024-04", CHINA_TRENDS),
                     ("Military Aerospace Force", "founding date", "2024-05", "Orbital Note")}
    assert all(str(r.quote) for r in rows)
    assert len(kg.query("conflicts")) == 0   # the six sources give no two values of one property


def test_the_conflicts_query_runs_from_the_command_line(tmp_path):
    from helpers import load_two_sources

    kg = load_two_sources(tmp_path)
    result = CliRunner().invoke(main, ["query", "conflicts", "--format", "json",
                                       *[arg for f in two_source_files() for arg in ("--data", str(f))],
                                       "--sources", str(kg.sources_dir)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    values = sorted(b["value"]["value"] for b in answer["results"]["bindings"])
    assert values == ["2024-04", "2024-05"]
