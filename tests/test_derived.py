"""The counts and listings the graph derives from itself, in a named graph of their own."""

import pytest
from click.testing import CliRunner

import spacegraph
from spacegraph.cli import main
from spacegraph.core import derived
from spacegraph.core.derived import DERIVED_GRAPH, derive, listing_files, listing_key
from spacegraph.errors import ParameterError


def _fresh(files=None, **options):
    return spacegraph.load(files, use_store=False, **options)


def _plain(row):
    # GROUP_CONCAT joins in any order: compare the joined parts as sets
    return tuple("" if term is None else sorted(str(term).split(" | ")) for term in row)


@pytest.mark.slow
def test_deriving_leaves_the_sourced_graph_as_it_was():
    kg = _fresh()
    before = (len(kg), kg.serialize("nt"))
    count = derive(kg.source.store)
    kg.source._derived_triples = count
    assert count > 0
    assert (len(kg), kg.serialize("nt")) == before
    assert "spacegraph/derived" not in kg.serialize("turtle")
    report = kg.validate()
    assert report.ok, str(report)


def test_a_graph_read_from_files_derives_on_the_first_query_that_needs_it():
    kg = _fresh()
    import pyoxigraph as ox

    graph = ox.NamedNode(DERIVED_GRAPH)
    kg.query("ilrs-members")
    assert not kg.source.store.contains_named_graph(graph)
    size = len(kg)
    rows = kg.query("most-connected").rows
    assert kg.source.store.contains_named_graph(graph)
    assert len(kg) == size and len(rows) == 25


def test_the_counts_are_those_of_the_rule_they_come_from(kg):
    # the derivation's own WHERE clause, run as a query, gives the counts most-connected reads
    text = (derived.update_files()[1]).read_text(encoding="utf-8")
    select = text[:text.index("INSERT")] + "SELECT ?entity ?relationships WHERE " + text[text.index("WHERE") + len("WHERE"):]
    expected = {str(r.entity): int(r.relationships) for r in kg.select(select)}
    shown = {str(r.entity): int(r.relationships) for r in kg.query("most-connected")}
    assert len(shown) == 25
    assert all(expected[entity] == count for entity, count in shown.items())
    assert sorted(expected.values(), reverse=True)[:25] == sorted(shown.values(), reverse=True)


@pytest.fixture()
def small_pages(monkeypatch):
    monkeypatch.setattr(derived, "PAGE_ROWS", 15)
    return 15


@pytest.mark.slow
@pytest.mark.parametrize("name", ["quotes", "sector-overview"])
def test_a_listing_read_page_by_page_is_the_whole_listing_in_order(small_pages, name):
    kg = _fresh()
    listing = next(p for p in listing_files() if p.stem == name)
    whole = [tuple(row) for row in kg.query(listing.read_text(encoding="utf-8"))]
    assert len(whole) > small_pages  # more than one page
    pages, page = [], 1
    while True:
        try:
            rows = [tuple(row) for row in kg.query(name, page=page)]
        except ParameterError as error:  # past the last page
            assert str(error) == f"{name}: page {page} is out of range; the last page is {page - 1}"
            break
        assert 0 < len(rows) <= small_pages
        pages.extend(rows)
        page += 1
    assert page == -(-len(whole) // small_pages) + 1
    assert pages == whole
    assert [tuple(row) for row in kg.query(name)] == whole[:small_pages]  # page 1 by default


@pytest.mark.slow
def test_the_command_line_says_how_to_get_the_next_page(small_pages, tmp_path):
    result = CliRunner().invoke(main, ["query", "quotes", "--rebuild", "--build", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == small_pages + 1
    assert "the next: spacegraph query quotes -p page=2" in result.stderr
    listing = next(p for p in listing_files() if p.stem == "quotes")
    rows = len(_fresh().query(listing.read_text(encoding="utf-8")))
    pages = -(-rows // small_pages)
    before = CliRunner().invoke(main, ["query", "quotes", "--build", str(tmp_path), "-p", f"page={pages - 1}", "--format", "csv"])
    assert f"the next: spacegraph query quotes -p page={pages}" in before.stderr
    last = CliRunner().invoke(main, ["query", "quotes", "--build", str(tmp_path), "-p", f"page={pages}", "--format", "csv"])
    assert last.exit_code == 0 and "the next" not in last.stderr


def test_a_page_that_is_not_a_number_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["query", "quotes", "--rebuild", "--build", str(tmp_path), "-p", "page=two"])
    assert result.exit_code != 0
    assert "page" in result.output and "two" in result.output


@pytest.mark.slow
def test_the_build_derives_once_and_a_changed_derivation_makes_the_store_stale(tmp_path, monkeypatch):
    import shutil

    copies = tmp_path / "derived"
    copies.mkdir()
    for path in [*derived.update_files(), *derived.listing_files()]:
        shutil.copy(path, copies / path.name)
    monkeypatch.setattr(derived, "update_files", lambda: sorted(copies.glob("*.ru")))
    monkeypatch.setattr(derived, "listing_files", lambda: sorted(copies.glob("*.rq")))
    build = tmp_path / "build"
    done = CliRunner().invoke(main, ["build", "-o", str(build)])
    assert done.exit_code == 0, done.output
    kg = spacegraph.load(build_dir=build)
    assert kg.source.built is not None and kg.warnings == []
    assert kg.source.derived_triples > 0
    from_files = _fresh()
    assert len(kg) == len(from_files)
    for name in ("most-connected", "sources", "quotes", "sector-overview"):
        assert sorted(map(_plain, kg.query(name))) == sorted(map(_plain, from_files.query(name))), name
    changed = copies / "counts-per-source.ru"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    stale = spacegraph.load(build_dir=build)
    assert stale.source.built is None
    assert stale.warnings == [f"read the files, not the built store: {changed} changed since the last build "
                              "(spacegraph build writes it again)"]
    changed.unlink()
    assert "the queries that derive counts and listings changed" in spacegraph.load(build_dir=build).warnings[0]


def test_the_derived_triples_go_to_a_server_in_parts_that_keep_each_row_whole():
    from spacegraph.core.derived import derived_ntriples_in_parts

    kg = _fresh()
    count = derive(kg.source.store)
    parts = list(derived_ntriples_in_parts(kg.source.store, triples_per_part=100))
    assert len(parts) > 5
    assert sum(part.count(b"\n") for part in parts) == count
    owners = {}
    for number, part in enumerate(parts):
        for line in part.splitlines():
            owners.setdefault(line.split(b" ", 1)[0], set()).add(number)
    assert all(len(numbers) == 1 for numbers in owners.values())


@pytest.mark.server
@pytest.mark.slow
def test_push_sends_the_derived_triples_in_parts_that_the_server_joins(oxigraph_server, monkeypatch):
    from spacegraph.core import derived as module
    from spacegraph.graph.remote import RemoteEndpoint, push_knowledge_graph

    original = module.derived_ntriples_in_parts
    monkeypatch.setattr(module, "derived_ntriples_in_parts", lambda store: original(store, triples_per_part=150))
    kg = _fresh()
    count, sent = push_knowledge_graph(kg, oxigraph_server + "/store")
    assert count == len(kg) and sent == kg.source.derived_triples
    from spacegraph.sparql.query import run_query

    remote = RemoteEndpoint(oxigraph_server + "/query")
    for name in ("most-connected", "quotes", "sources"):
        assert sorted(map(_plain, run_query(remote, name))) == sorted(map(_plain, kg.query(name))), name


def _projected(text):
    """The variables a query answers with, in order, as rdflib's parser reads them."""
    from rdflib.plugins.sparql import prepareQuery

    return [str(variable) for variable in prepareQuery(text).algebra["PV"]]


@pytest.mark.slow
@pytest.mark.parametrize("listing", listing_files(), ids=lambda path: path.stem)
def test_each_listing_is_read_back_column_for_column_by_the_named_query_of_its_name(listing):
    """The named query that reads a listing kept at build time (queries/NAME.rq) answers with the columns the
    listing computes (queries/derived/NAME.rq), in the same order, each read from its own property of the row;
    a listing read by a key (``# key: actor``) is read by the parameter of that name, one value's rows, not pages."""
    from spacegraph.sparql.library import get_query

    text = listing.read_text(encoding="utf-8")
    reader = get_query(listing.stem)
    columns = _projected(text)
    assert _projected(reader.text) == columns
    key = listing_key(text)
    if key is None:
        assert f'sgd:listing "{listing.stem}"' in reader.text and "?row sgd:page " in reader.text
    else:
        assert f'?row sgd:{key} ?{key} ; sgd:listing "{listing.stem}"' in reader.text
        assert [param.name for param in reader.params] == [key] and "sgd:page" not in reader.text
    read = [name for name in columns if name != key]
    # a listing read by a key reads each column outside the GRAPH group of the key (see queries/actor-profile.rq)
    column = "OPTIONAL {{ GRAPH sgd:graph {{ ?row sgd:{name} ?{name} }} }}" if key else "OPTIONAL {{ ?row sgd:{name} ?{name} }}"
    for name in read:
        assert column.format(name=name) in reader.text, name
    assert reader.text.count("OPTIONAL {") == len(read)


def test_a_listing_read_by_a_key_keeps_no_pages(kg):
    rows = kg.select("""PREFIX sgd: <https://w3id.org/spacegraph/derived#>
        SELECT ?listing (COUNT(?row) AS ?rows) (COUNT(?page) AS ?paged)
        WHERE { GRAPH sgd:graph { ?row sgd:listing ?listing OPTIONAL { ?row sgd:page ?page } } } GROUP BY ?listing""")
    counts = {str(row.listing): (int(row.rows), int(row.paged)) for row in rows}
    assert counts["actor-profile"][0] > 900 and counts["actor-profile"][1] == 0
    assert all(rows == paged for name, (rows, paged) in counts.items() if name != "actor-profile")


def test_a_unit_with_two_parents_has_one_row_naming_both(kg):
    rows = [row for row in kg.query("command-structure") if str(row.unitLabel) == "Space Systems Department"]
    assert len(rows) == 1
    assert str(rows[0].partOfLabel) == "People's Liberation Army | Strategic Support Force"


def test_the_command_structure_has_a_row_per_unit_however_many_parents_and_commanders(tmp_path):
    # three parents and three commanders: one row, not nine
    from spacegraph.core import paths

    extra = tmp_path / "units.ttl"
    extra.write_text("""@prefix sg: <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
sgid:unit-x a sg:MilitaryUnit ; rdfs:label "Unit X"@en ;
    sg:subOrganizationOf sgid:unit-a , sgid:unit-c , sgid:unit-b ; sg:underCommandOf sgid:unit-a , sgid:unit-b , sgid:unit-c .
sgid:unit-a a sg:MilitaryUnit ; rdfs:label "Unit A"@en .
sgid:unit-b a sg:MilitaryUnit ; rdfs:label "Unit B"@en .
sgid:unit-c a sg:MilitaryUnit ; rdfs:label "Unit C"@en .
""", encoding="utf-8")
    kg = _fresh([*paths.data_files(), extra])
    rows = [row for row in kg.query("command-structure") if str(row.unitLabel) == "Unit X"]
    assert [(str(row.partOfLabel), str(row.commanderLabel)) for row in rows] == [
        ("Unit A | Unit B | Unit C", "Unit A | Unit B | Unit C")]
