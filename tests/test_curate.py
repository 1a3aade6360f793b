"""From a document to cited facts, through the command line: ingest, review, accept, validate, query, explore.

Every test works on a copy of the project's graph_data/ in a temporary folder (--data-dir).
"""

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import explorer_payload
from ingest_fixtures import make_pdf, make_scanned_pdf
from rdflib import URIRef
from rdflib.namespace import SKOS

import spacegraph
from spacegraph.cli import main
from spacegraph.core import paths
from spacegraph.ingest.sheet import read_sheet, sheet_text

FIXTURES = Path(__file__).parent / "data" / "ingest"
ARTICLE = FIXTURES / "article.txt"
SLUG = "lunar-partners-and-new-launchers"
ID = "https://w3id.org/spacegraph/id/"
DESCRIBED = ["--date", "2025-03-03", "--publisher", "Orbital Review", "--author", "Ada Example"]


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "graph_data"
    shutil.copytree(paths.data_dir(), folder, ignore=shutil.ignore_patterns("review"))
    return folder


def run(*arguments):
    return CliRunner().invoke(main, [str(a) for a in arguments])


def tree(folder):
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


WRONG_ACTORS = ("Tiangog", "Example Dynamics Ltd", "Kestrel-2")   # a misspelling, and two actors no accepted fact names


def decide(sheet):
    """A curator's reading of the fixture article's sheet."""
    rows = read_sheet(sheet)
    for row in rows:
        if row.kind == "actor":
            if row.label in WRONG_ACTORS:
                row.decision = "reject"
            elif row.label == "Military Aerospace Corps":
                row.decision, row.same_as = "accept", "sgid:military-aerospace-force"
            else:
                row.decision = "accept"
        elif row.kind == "relationship":
            ends = {row.subject, row.object}
            wrong = any(f"new:{name}" in ends for name in WRONG_ACTORS) or ends == {"sgid:huawei", "sgid:xiaomi"}
            row.decision = "reject" if wrong else "accept"
        else:
            row.decision = "accept"
    Path(sheet).write_text(sheet_text(rows), encoding="utf-8")
    return rows


def ingested(data_dir, document=ARTICLE, *extra):
    result = run("ingest", document, "--data-dir", data_dir, *DESCRIBED, *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow
def test_ingest_stores_the_source_describes_it_and_writes_a_review_sheet(data_dir):
    result = ingested(data_dir)
    assert "assumed: title 'Lunar Partners and New Launchers' taken from the first line" in result.output
    assert "linked      15 mentions of 13 known actors; 3 possible, 0 ambiguous" in result.output
    assert "proposed    8 new actors, 13 relationships, 2 claims" in result.output
    stored = (data_dir / "sources" / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert stored.startswith("Lunar Partners and New Launchers\n\nThis is a made-up article")
    record = json.loads((data_dir / "sources" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert record["sha256"] == hashlib.sha256(stored.encode("utf-8")).hexdigest()
    assert (record["date"], record["publisher"], record["authors"]) == ("2025-03-03", "Orbital Review", ["Ada Example"])
    rows = read_sheet(data_dir / "review" / f"{SLUG}.csv")
    assert [r.kind for r in rows].count("actor") == 8 and {r.decision for r in rows} == {""}
    assert spacegraph.load(sorted(data_dir.glob("*.ttl")), sources_dir=data_dir / "sources").validate().ok


@pytest.mark.slow
def test_ingesting_the_same_content_again_changes_nothing_and_says_so(data_dir):
    ingested(data_dir)
    before = tree(data_dir)
    again = run("ingest", FIXTURES / "article.html", "--data-dir", data_dir)  # the same text, inside a web page
    assert again.exit_code == 0, again.output
    assert f"already ingested as '{SLUG}'" in again.output and "nothing changed" in again.output
    assert tree(data_dir) == before


@pytest.mark.slow
def test_a_dry_run_writes_nothing_and_json_prints_the_proposals(data_dir):
    before = tree(data_dir)
    result = run("ingest", ARTICLE, "--data-dir", data_dir, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["source"]["slug"] == SLUG and record["source"]["sentences"] == 13 and record["source"]["status"] == "new"
    assert {n["name"] for n in record["new_entities"]} >= {"Aurora Launch Corporation", "Kestrel-2"}
    assert tree(data_dir) == before


@pytest.mark.slow
def test_html_markdown_and_pdf_give_the_same_proposals_as_plain_text(data_dir, tmp_path):
    text = run("ingest", ARTICLE, "--data-dir", data_dir, "--dry-run", "--format", "json")
    html = run("ingest", FIXTURES / "article.html", "--data-dir", data_dir, "--dry-run", "--format", "json")
    paragraphs = [" ".join(block.split()) for block in ARTICLE.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    pdf = make_pdf(tmp_path / "article.pdf", paragraphs, title="Lunar Partners and New Launchers", author="Ada Example")
    from_pdf = run("ingest", pdf, "--data-dir", data_dir, "--dry-run", "--format", "json")
    records = [json.loads(r.output) for r in (text, html, from_pdf)]
    assert records[0]["source"]["sha256"] == records[1]["source"]["sha256"] == records[2]["source"]["sha256"]
    assert records[0]["candidates"] == records[1]["candidates"] == records[2]["candidates"]


@pytest.mark.slow
def test_ingest_review_accept_validate_query_and_explore(data_dir, tmp_path):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    decide(sheet)
    accepted = run("accept", sheet)
    assert accepted.exit_code == 0, accepted.output
    assert ("accepted    4 new actors, 1 alias, 8 relationships (5 already stated: a second quote), 2 claims"
            in accepted.output)
    assert "rejected    8 rows (remembered); 0 rows still undecided" in accepted.output
    assert (data_dir / "review" / f"{SLUG}.rejected.csv").exists()

    validated = run("validate", *sorted(data_dir.glob("*.ttl")), "--sources", data_dir / "sources")
    assert validated.exit_code == 0, validated.output

    kg = spacegraph.load(sorted(data_dir.glob("*.ttl")), sources_dir=data_dir / "sources")
    answer = kg.query("evidence", actor="Aurora Launch Corporation", other="ILRS")
    rows = [dict(zip(answer.vars, (str(v) if v is not None else None for v in row), strict=True)) for row in answer.rows]
    assert [(r["relation"], r["exact"], r["sourceLabel"]) for r in rows] == [
        ("member of", "The Aurora Launch Corporation (ALC) joined the International Lunar Research Station in 2025.",
         "Lunar Partners and New Launchers")]
    # a relationship another source states gains a second quote, not a second edge
    G = kg.to_networkx()
    hosts = [d for _, _, d in G.edges("sgid:argentina", data=True) if d["predicate"] == "sg:hosts"]
    assert len(hosts) == 1
    assert {s["document"] for s in hosts[0]["sources"]} == {"sgid:china-trends-22", f"sgid:{SLUG}"}
    # the alias accepted for a near miss names the known actor
    assert "Military Aerospace Corps" in {str(v) for v in kg.graph.objects(URIRef(ID + "military-aerospace-force"), SKOS.altLabel)}
    page = kg.render(tmp_path / "explorer.html")
    assert "Lunar Partners and New Launchers" in explorer_payload(page.read_text(encoding="utf-8"))["documents"][f"sgid:{SLUG}"]["title"]


@pytest.mark.slow
def test_a_failed_accept_leaves_graph_data_byte_for_byte_unchanged(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    for row in rows:
        if row.label == "Aurora Launch Corporation":
            row.cls = "sg:Spaceship"
        if row.subject == "sgid:argentina":
            row.quote = "Argentina hosts two Chinese stations in Patagonia."
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    before = tree(data_dir)
    result = run("accept", sheet)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith(f"{sheet}:") and "row 1: class 'sg:Spaceship' is no class of the ontology" in line for line in lines)
    assert any("quote not found in" in line and "a quote may be shortened, not reworded" in line for line in lines)
    assert any("subject 'new:Aurora Launch Corporation' is actor row 1, which has an error" in line for line in lines)
    assert any("nothing accepted: 3 errors" in line for line in lines)
    assert tree(data_dir) == before


@pytest.mark.slow
def test_a_row_that_breaks_a_shape_is_named_by_the_validation_error(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    hosts = next(r for r in rows if r.predicate == "sg:hosts")
    hosts.object = "sgid:china"   # sg:hosts must point at a facility
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    before = tree(data_dir)
    result = run("accept", sheet)
    assert result.exit_code == 1
    assert f"{sheet}:{hosts.line}: row {hosts.number}: [shacl]" in result.output
    assert "must be a facility" in result.output
    assert tree(data_dir) == before


@pytest.mark.slow
def test_an_unknown_reference_in_a_row_is_named(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    for row in rows:
        if row.label == "Aurora Launch Corporation":
            row.decision = ""   # left undecided, yet a relationship names it
        if row.subject == "sgid:strategic-support-force":
            row.predicate = "sg:replacedWith"
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    result = run("accept", sheet)
    assert result.exit_code == 1
    assert "subject 'new:Aurora Launch Corporation' is actor row 1, which is not accepted" in result.output
    assert "predicate 'sg:replacedWith' is no object property of the ontology" in result.output


@pytest.mark.slow
def test_a_relationship_that_breaks_a_shape_is_named_not_its_new_subject(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    member = next(r for r in rows if r.subject == "new:Aurora Launch Corporation" and r.predicate == "sg:memberOf")
    member.predicate, member.object = "sg:hosts", "sgid:china"   # a company that hosts a state: its row, not the company's
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    result = run("accept", sheet)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[shacl]" in line]
    assert lines and all(line.startswith(f"{sheet}:{member.line}: row {member.number}: [shacl]") for line in lines), result.output


@pytest.mark.slow
@pytest.mark.parametrize("cell", ["sgid:bad name", "sgid:x>y", "<http://example.org/a b>"])
def test_a_cell_that_names_no_iri_is_an_error_on_its_row(data_dir, cell):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    hosts = next(r for r in rows if r.predicate == "sg:hosts")
    hosts.object = cell
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    before = tree(data_dir)
    result = run("accept", sheet)
    assert result.exit_code == 1
    assert f"{sheet}:{hosts.line}: row {hosts.number}: object {cell!r} is no known actor" in result.output
    assert "Traceback" not in result.output and "InvalidIRI" not in result.output
    assert tree(data_dir) == before


@pytest.mark.slow
def test_an_actor_without_relationships_is_refused_unless_orphans_are_allowed(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    kestrel = next(r for r in rows if r.label == "Kestrel-2")
    kestrel.decision, kestrel.cls = "accept", "sg:Mission"
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    before = tree(data_dir)
    refused = run("accept", sheet)
    assert refused.exit_code == 1
    assert (f"{sheet}:{kestrel.line}: row {kestrel.number}: actor 'Kestrel-2' takes part in no accepted relationship or claim"
            in refused.output)
    assert "nothing accepted: 1 error (accept actors without relationships with --allow-orphans)" in refused.output
    assert tree(data_dir) == before
    allowed = run("accept", sheet, "--allow-orphans")
    assert allowed.exit_code == 0, allowed.output
    assert "new actor 'Kestrel-2' takes part in no relationship or claim" in allowed.output
    assert "sgid:kestrel-2 a sg:Mission" in (data_dir / f"{SLUG}.ttl").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_pair_the_graph_states_is_counted_as_a_second_quote_whatever_was_suggested(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    for row in rows:
        row.note = ""   # what ingest said about the row does not decide the count
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    result = run("accept", sheet)
    assert result.exit_code == 0, result.output
    assert "(5 already stated: a second quote)" in result.output


@pytest.mark.slow
def test_several_documents_and_a_folder_are_ingested_each_to_its_sheet_and_a_bad_one_is_reported(data_dir, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "first.txt").write_text("First Note\n\nArgentina hosts a Chinese deep-space station in Patagonia.\n", encoding="utf-8")
    (folder / "second.md").write_text("# Second Note\n\nRussia joined the International Lunar Research Station.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "ignored.csv").write_text("a,b\n", encoding="utf-8")
    result = run("ingest", folder, FIXTURES / "article.txt", "--data-dir", data_dir, "--date", "2025-03-03")
    assert result.exit_code == 1
    assert f"error: {folder / 'empty.txt'}: the document is empty" in result.output
    assert "Error: 1 of 4 documents not ingested" in result.output
    assert {p.name for p in (data_dir / "review").glob("*.csv")} == {"first-note.csv", "second-note.csv", f"{SLUG}.csv"}
    assert result.output.count("source      ") == 3


def test_options_that_describe_one_document_are_refused_with_several(data_dir):
    result = run("ingest", ARTICLE, FIXTURES / "article.md", "--data-dir", data_dir, "--title", "One title")
    assert result.exit_code == 2
    assert "--title describes one document; 2 were given" in result.output


@pytest.mark.slow
def test_refresh_links_an_actor_another_sheet_added_and_keeps_decisions(data_dir, tmp_path):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = read_sheet(sheet)
    kept = next(r for r in rows if r.predicate == "sg:hosts")
    kept.decision = "accept"
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    # another source adds the Lunar Policy Institute, and is accepted first
    other = tmp_path / "institute.txt"
    other.write_text("Institute Note\n\nThe Lunar Policy Institute is a member of the International Lunar Research Station.\n",
                     encoding="utf-8")
    assert run("ingest", other, "--data-dir", data_dir, "--date", "2025-04-01").exit_code == 0
    second = data_dir / "review" / "institute-note.csv"
    rows = read_sheet(second)
    for row in rows:
        row.decision = "accept"
        if row.kind == "actor":
            row.cls = "sg:ResearchInstitute"
        if row.kind == "relationship":
            row.predicate = "sg:memberOf"
    second.write_text(sheet_text(rows), encoding="utf-8")
    assert run("accept", second).exit_code == 0
    refreshed = run("ingest", "--refresh", sheet, "--data-dir", data_dir)
    assert refreshed.exit_code == 0, refreshed.output
    assert "now known   'Lunar Policy Institute' is sgid:lunar-policy-institute" in refreshed.output
    rows = read_sheet(sheet)
    assert "Lunar Policy Institute" not in {r.label for r in rows if r.kind == "actor"}
    assert any(r.subject == "sgid:lunar-policy-institute" for r in rows if r.kind == "relationship")
    assert [r.quote for r in rows if r.decision == "accept"] == [kept.quote]


@pytest.mark.slow
def test_refresh_and_documents_are_not_given_together(data_dir):
    ingested(data_dir)
    result = run("ingest", ARTICLE, "--refresh", data_dir / "review" / f"{SLUG}.csv", "--data-dir", data_dir)
    assert result.exit_code == 2 and "give either DOCUMENTS or --refresh SHEET, not both" in result.output


@pytest.mark.slow
def test_the_working_folders_project_is_read_and_written_and_named(tmp_path, monkeypatch):
    project = tmp_path / "second-checkout"
    for folder in ("ontology", "graph_data", "queries"):
        shutil.copytree(paths.data_root() / folder, project / folder, ignore=shutil.ignore_patterns("review"))
    monkeypatch.delenv("SPACEGRAPH_PROJECT", raising=False)
    monkeypatch.chdir(project / "graph_data")   # anywhere inside the project
    assert paths.data_dir() == project / "graph_data"
    result = run("ingest", ARTICLE, *DESCRIBED)
    assert result.exit_code == 0, result.output
    assert f"data        {(project / 'graph_data').resolve()}\n" in result.output
    assert (project / "graph_data" / "review" / f"{SLUG}.csv").exists()
    assert not (Path(__file__).parent.parent / "graph_data" / "review" / f"{SLUG}.csv").exists()


@pytest.mark.slow
def test_replacing_a_source_lists_quotes_that_no_longer_verify_and_remembers_rejections(data_dir, tmp_path):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    decide(sheet)
    assert run("accept", sheet).exit_code == 0
    changed = tmp_path / "article.txt"
    changed.write_text(ARTICLE.read_text(encoding="utf-8").replace("is a member of the ILRS", "has left the ILRS"), encoding="utf-8")
    refused = run("ingest", changed, "--data-dir", data_dir, *DESCRIBED)
    assert refused.exit_code == 1
    assert f"holds a different text under the slug '{SLUG}'" in refused.output
    assert "(replace it with --replace, or choose another --slug)" in refused.output
    replaced = run("ingest", changed, "--data-dir", data_dir, *DESCRIBED, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert "no longer verifies: 'The Lunar Policy Institute is a member of the ILRS.'" in replaced.output
    rows = read_sheet(sheet)
    assert "Tiangog" not in {r.label for r in rows}                      # rejected before: not proposed again
    assert {r.label for r in rows if r.decision == "accept" and r.kind == "actor"} >= {"Aurora Launch Corporation"}
    stale = next(r for r in rows if "member of the ILRS" in r.quote and r.kind == "relationship")
    assert stale.decision == "" and "no longer in the replaced text" in stale.note
    kg = spacegraph.load(sorted(data_dir.glob("*.ttl")), sources_dir=data_dir / "sources")
    assert kg.validate().ok


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "the document is empty"),
    ("blank.txt", "the document is empty"),
    ("latin1.txt", "not valid UTF-8 at line 3"),
    ("binary.txt", "binary"),
    ("notes.docx", "unknown document type '.docx'"),
    ("not-a-pdf.pdf", "not a PDF"),
    ("nav-only.html", "no main text found in the page"),
])
def test_a_document_that_cannot_be_read_gets_one_line_and_nothing_is_written(data_dir, name, message):
    before = tree(data_dir)
    result = run("ingest", FIXTURES / name, "--data-dir", data_dir)
    assert result.exit_code == 1
    assert message in result.output and name in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert tree(data_dir) == before


@pytest.mark.slow
def test_an_undecodable_file_gets_a_hint_and_reads_with_its_encoding(data_dir):
    refused = run("ingest", FIXTURES / "latin1.txt", "--data-dir", data_dir, "--dry-run")
    assert "(name the file's encoding with --encoding)" in refused.output
    read = run("ingest", FIXTURES / "latin1.txt", "--data-dir", data_dir, "--dry-run", "--encoding", "latin-1")
    assert read.exit_code == 0, read.output


def test_a_scanned_pdf_and_a_fifo_are_refused(data_dir, tmp_path):
    scan = make_scanned_pdf(tmp_path / "scan.pdf", pages=2)
    result = run("ingest", scan, "--data-dir", data_dir)
    assert result.exit_code == 1 and "no text layer on any of its 2 pages" in result.output
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run("ingest", fifo, "--data-dir", data_dir)
    assert result.exit_code == 1 and "pipe.txt" in result.output


@pytest.mark.parametrize("options, message", [
    (["--date", "2025-13-45"], "Invalid value for '--date': date '2025-13-45' is not a date written YYYY-MM-DD"),
    (["--url", "ftp://example.org/x"], "Invalid value for '--url': url 'ftp://example.org/x' is not an http(s) address"),
    (["--slug", "Bad Slug"], "Invalid value for '--slug': slug 'Bad Slug' must be lowercase letters, digits and hyphens"),
    (["--slug", "military"], "Invalid value for '--slug': graph_data/military.ttl exists and is not a source's data file"),
    pytest.param(["--slug", "china"], "Invalid value for '--slug': slug 'china' is already the id of an actor (sgid:china)",
                 marks=pytest.mark.slow),  # the graph is read to know its actors
])
def test_bad_options_are_usage_errors_naming_the_option(data_dir, options, message, monkeypatch):
    monkeypatch.chdir(data_dir.parent)
    before = tree(data_dir)
    result = run("ingest", ARTICLE, "--data-dir", "graph_data", *options)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert tree(data_dir) == before


def test_accepting_a_sheet_of_a_source_never_ingested_is_refused(tmp_path):
    sheet = tmp_path / "review" / "nothing.csv"
    sheet.parent.mkdir()
    sheet.write_text("decision,kind,id\n", encoding="utf-8")
    result = run("accept", sheet)
    assert result.exit_code == 1
    assert "no source 'nothing'" in result.output and "ingest the document first" in result.output


@pytest.mark.slow
def test_accepting_the_same_sheet_again_writes_the_same_file(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    decide(sheet)
    assert run("accept", sheet).exit_code == 0
    first = tree(data_dir)
    assert run("accept", sheet).exit_code == 0
    assert tree(data_dir) == first


@pytest.mark.slow
def test_a_sheet_saved_by_a_spreadsheet_without_its_apostrophes_still_reads(data_dir):
    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    rows = decide(sheet)
    text = sheet.read_text(encoding="utf-8-sig").replace("\r\n", "\n")   # saved again: no byte-order mark, Unix lines
    sheet.write_text(text, encoding="utf-8")
    assert [r.decision for r in read_sheet(sheet)] == [r.decision for r in rows]
    assert run("accept", sheet).exit_code == 0


@pytest.mark.browser
@pytest.mark.slow
def test_the_explorer_shows_the_ingested_source(data_dir, tmp_path):
    from helpers import CHROMIUM_ARGS, Opened, chromium_executable
    from playwright.sync_api import sync_playwright

    ingested(data_dir)
    sheet = data_dir / "review" / f"{SLUG}.csv"
    decide(sheet)
    assert run("accept", sheet).exit_code == 0
    page = spacegraph.load(sorted(data_dir.glob("*.ttl")), sources_dir=data_dir / "sources").render(tmp_path / "explorer.html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        view = Opened(browser, page)
        titles = [t.strip() for t in view.page.locator("#sources label").all_inner_texts()]
        assert "Lunar Partners and New Launchers" in titles
        view.page.evaluate("spacegraph.select('sgid:argentina')")
        group = view.page.locator("[data-testid=relation-group]", has=view.page.locator("h3", has_text="hosts"))
        hosts = group.locator("ul.relations > li", has_text="Chinese deep-space station in Patagonia")
        assert hosts.count() == 1
        assert "Argentina hosts a Chinese deep-space station in Patagonia." in hosts.locator("blockquote").all_inner_texts()
        assert any("Lunar Partners and New Launchers" in cite for cite in hosts.locator(".cite").all_inner_texts())
        view.page.evaluate("spacegraph.select('sgid:aurora-launch-corporation')")
        assert "member of" in view.page.locator("[data-testid=details]").inner_text()
        assert view.errors == []
        browser.close()


@pytest.mark.slow
def test_list_items_of_markdown_and_html_without_a_full_stop_propose_too(data_dir, tmp_path):
    markdown = tmp_path / "items.md"
    markdown.write_text("# Items\n\nWhat happened:\n\n- The rocket maker Kestrel Launch launched the Aurora-3 rocket\n- Argentina hosts a Chinese "
                        "deep-space station in Patagonia\n", encoding="utf-8")
    page = tmp_path / "items.html"
    page.write_text("<html><head><title>Items</title></head><body><article><h1>Items</h1><p>What happened this year in "
                    "space, as the record shows it:</p><ul><li>The rocket maker Kestrel Launch launched the Aurora-3 rocket</li><li>Argentina hosts a "
                    "Chinese deep-space station in Patagonia</li></ul></article></body></html>", encoding="utf-8")
    for document in (markdown, page):
        record = json.loads(run("ingest", document, "--data-dir", data_dir, "--dry-run", "--format", "json").output)
        assert {"Kestrel Launch", "Aurora-3"} <= {n["name"] for n in record["new_entities"]}, document.name
        assert any(c["subject"] == ID + "argentina" and c["predicates"][0]["predicate"].endswith("#hosts")
                   for c in record["candidates"]), document.name


@pytest.mark.slow
def test_the_ingest_summary_counts_one_of_a_kind_in_the_singular(data_dir, tmp_path):
    document = tmp_path / "notes.txt"
    document.write_text("Local Notes\n\nAccording to local officials, Argentina may join the ILRS.\n", encoding="utf-8")
    result = run("ingest", document, "--data-dir", data_dir, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "proposed    1 new actor, 0 relationships, 1 claim\n" in result.output


WIKI = {"title": "Lunar Notes", "publisher": "Wikipedia", "published": None, "url": "https://en.wikipedia.org/wiki/Lunar_Notes",
        "authors": ["Wikipedia contributors"], "licence": "CC BY-SA 4.0",
        "licence_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "attribution": 'From Wikipedia, article "Lunar Notes", by Wikipedia contributors, CC BY-SA 4.0', "words": 9,
        "capture": "The lead only; tables and citation markers stripped.", "provenance": "A crawler's copy."}


def _described(tmp_path, description, text="notes\n\nArgentina hosts a Chinese deep-space station in Patagonia.\n"):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    document = folder / "lunar-notes.txt"
    document.write_text(text, encoding="utf-8")
    description = dict(description)
    if description.pop("sha256", None) == "right":
        description["sha256"] = hashlib.sha256(document.read_bytes()).hexdigest()
    (folder / "lunar-notes.json").write_text(json.dumps(description), encoding="utf-8")
    return document


@pytest.mark.slow
def test_a_description_beside_the_document_describes_the_source_and_its_licence_travels_with_it(data_dir, tmp_path):
    document = _described(tmp_path, {**WIKI, "sha256": "right"})
    (document.parent / "README.md").write_text("# A corpus\n\nWhat this folder holds.\n", encoding="utf-8")
    result = run("ingest", document.parent, "--data-dir", data_dir)          # the folder: its README is no source
    assert result.exit_code == 0, result.output
    assert "assumed: title 'Lunar Notes' taken from lunar-notes.json" in result.output
    assert "assumed: licence 'CC BY-SA 4.0' taken from lunar-notes.json" in result.output
    assert "README" not in result.output and not (data_dir / "sources" / "a-corpus.txt").exists()
    record = json.loads((data_dir / "sources" / "lunar-notes.json").read_text(encoding="utf-8"))
    assert (record["title"], record["licence"], record["licence_url"]) == ("Lunar Notes", WIKI["licence"], WIKI["licence_url"])
    assert record["attribution"] == WIKI["attribution"] and record["authors"] == ["Wikipedia contributors"]
    assert (record["capture"], record["provenance"]) == (WIKI["capture"], WIKI["provenance"])   # how and whence, kept
    assert "words" not in record   # another key is left alone
    kg = spacegraph.load(sorted(data_dir.glob("*.ttl")), sources_dir=data_dir / "sources")
    assert kg.validate().ok
    SG = "https://w3id.org/spacegraph/ontology#"
    document_node = URIRef("https://w3id.org/spacegraph/id/lunar-notes")
    assert str(kg.graph.value(document_node, URIRef(SG + "licence"))) == "CC BY-SA 4.0"
    assert str(kg.graph.value(document_node, URIRef(SG + "licenceUrl"))) == WIKI["licence_url"]
    assert str(kg.graph.value(document_node, URIRef(SG + "attribution"))) == WIKI["attribution"]


@pytest.mark.slow
def test_the_options_win_over_the_description_beside_the_document(data_dir, tmp_path):
    document = _described(tmp_path, WIKI)
    result = run("ingest", document, "--data-dir", data_dir, "--title", "Other Title", "--licence", "CC0 1.0", "--dry-run",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["source"]["title"] == "Other Title"
    stored = run("ingest", document, "--data-dir", data_dir, "--licence", "CC0 1.0", "--slug", "notes")
    assert stored.exit_code == 0, stored.output
    assert json.loads((data_dir / "sources" / "notes.json").read_text(encoding="utf-8"))["licence"] == "CC0 1.0"
    refused = run("ingest", document, "--data-dir", data_dir, "--licence-url", "javascript:alert(1)", "--dry-run")
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines()[-1].endswith("licence URL 'javascript:alert(1)' is not an http(s) address")


@pytest.mark.parametrize("description, message", [
    ('{"title": 3}', "lunar-notes.json: 'title' must be text, not int"),
    ('{"authors": "Ada"}', "lunar-notes.json: 'authors' must be a list of names"),
    ('{"title": "x",\n "sha256": }', "lunar-notes.json: line 2, column 12: Expecting value"),
    ('["x"]', "lunar-notes.json: the description beside the document must be a JSON object"),
    ('{"sha256": "00"}', "lunar-notes.json: its sha256 is not that of lunar-notes.txt: it describes another text"),
    ('{"licence_url": "ftp://example.org/licence"}', "licence URL 'ftp://example.org/licence' is not an http(s) address"),
    ("[" * 100_000 + "]" * 100_000, "lunar-notes.json: the description beside the document is nested too deeply"),
    ('{"title": "' + "x" * 1_000_001 + '"}', "lunar-notes.json: a description beside a document holds at most 1,000,000 bytes"),
])
def test_a_bad_description_beside_the_document_gets_one_line_and_writes_nothing(data_dir, tmp_path, description, message):
    document = _described(tmp_path, {})
    (document.parent / "lunar-notes.json").write_text(description, encoding="utf-8")
    before = tree(data_dir)
    result = run("ingest", document, "--data-dir", data_dir)
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()[-1:]
    assert line.startswith("Error: ") and line.endswith(message), result.output
    assert tree(data_dir) == before


def test_a_description_that_is_a_fifo_is_refused_without_waiting(data_dir, tmp_path):
    document = _described(tmp_path, {})
    (document.parent / "lunar-notes.json").unlink()
    os.mkfifo(document.parent / "lunar-notes.json")
    result = run("ingest", document, "--data-dir", data_dir, "--dry-run")
    assert result.exit_code == 1
    assert result.output.strip().endswith("lunar-notes.json: is a FIFO, not a regular file; only regular files are read")


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["dod-cmpr2023-space-counterspace", "dod-cmpr2025-space-counterspace"])
def test_a_corpus_sheet_accepted_again_after_later_sources_writes_the_same_file(tmp_path, slug):
    """Later sources name the actors this sheet created (the European Space Agency, the China Manned Space Agency): they
    keep their IRIs, and an actor only a later source relates is no orphan."""
    folder = tmp_path / "graph_data"
    shutil.copytree(paths.data_dir(), folder)
    before = (folder / f"{slug}.ttl").read_bytes()
    result = run("accept", folder / "review" / f"{slug}.csv", "--data-dir", folder)
    assert result.exit_code == 0, result.output
    assert (folder / f"{slug}.ttl").read_bytes() == before
