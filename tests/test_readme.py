"""The README and the manual stay true: their examples run, their sessions are the real output, their links lead somewhere."""

import doctest
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacegraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text()
PAGES = [README_PATH, *sorted((ROOT / "docs").glob("*.md"))]


def _name(page):
    return str(page.relative_to(ROOT))


#: Pages whose sessions build on each other (they write into graph_data/): run in order on a copy of the project.
WALKTHROUGHS = [ROOT / "docs" / "adding-a-source.md"]


def _commands(page):
    """Each "$ " command of the page's ```console blocks, with its expected output."""
    for block in re.findall(r"```console\n(.*?)```", page.read_text(), re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            yield command, output


def _sessions():
    """Yield a param (page, command, expected output) for each command of the pages that are not walkthroughs."""
    for page in PAGES:
        if page in WALKTHROUGHS:
            continue
        for command, output in _commands(page):
            marks = [pytest.mark.slow] if command.startswith("spacegraph build") else []  # a whole build: seconds
            yield pytest.param(command, output, id=f"{_name(page)}: {command}", marks=marks)


def _normalise(text):
    text = re.sub(r"\d+\.\d\d s\b", "N.NN s", text)
    return re.sub(r"\(\d[\d,]* KiB\)", "(N KiB)", text)


@pytest.mark.parametrize("command, expected", list(_sessions()))
def test_readme_sessions_are_real_output(command, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "spacegraph"
    if args[1] == "build":  # write into a temporary folder, shown as build/ as in the text
        monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args[1:])
    assert _normalise(result.output) == _normalise(expected)


def _decisions(page):
    """The page's table of decisions: ``{row number: (decision, {column: value})}``."""
    decided = {}
    for number, decision, edits in re.findall(r"^\| (\d+) \| [^|]+ \| (accept|reject) \|([^|]*)\|$", page.read_text(), re.M):
        changes = dict(part.split(": ", 1) for part in (p.strip() for p in edits.replace("`", "").split(";")) if part)
        decided[int(number)] = (decision, changes)
    return decided


@pytest.mark.slow
@pytest.mark.parametrize("page", WALKTHROUGHS, ids=_name)
def test_walkthrough_sessions_are_real_output(page, tmp_path, monkeypatch):
    """Run a walkthrough's commands in order on a copy of the project; before `accept`, make the page's decisions."""
    import shutil

    from spacegraph.core import paths
    from spacegraph.ingest.sheet import read_sheet, sheet_text

    for folder in ("ontology", "graph_data", "queries", "tests/data/ingest"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("review"))
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    monkeypatch.chdir(tmp_path)
    decided = _decisions(page)
    assert decided, f"{_name(page)} has no table of decisions"
    for command, expected in _commands(page):
        args = shlex.split(command)
        assert args[0] == "spacegraph"
        if args[1] == "accept":
            rows = read_sheet(args[2])
            assert sorted(decided) == [row.number for row in rows], "the table of decisions must give one line per sheet row"
            for row in rows:
                row.decision, changes = decided[row.number]
                for column, value in changes.items():
                    setattr(row, "cls" if column == "class" else column, value)
            Path(args[2]).write_text(sheet_text(rows), encoding="utf-8")
        result = CliRunner().invoke(main, args[1:])
        assert _normalise(result.output) == _normalise(expected), command


# The README always has a Python example; a page of the manual is checked when it has one.
PYTHON_PAGES = [README_PATH, *(page for page in PAGES[1:] if ">>> " in page.read_text())]


@pytest.mark.parametrize("page", [pytest.param(page, marks=pytest.mark.slow) if page in WALKTHROUGHS else page  # it ingests: seconds
                                  for page in PYTHON_PAGES], ids=_name)
def test_readme_python_examples_run(page):
    parser = doctest.DocTestParser()
    test = parser.get_doctest(page.read_text(), {}, _name(page), str(page), 0)
    assert test.examples, f"{_name(page)} has no Python example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize().failed == 0


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"Test it.*?```bash\n(.*?)\n```", README, re.S)
    assert len(commands) == 1
    assert commands[0] in (ROOT / ".ci" / "run").read_text()


def test_readme_counts_of_the_vocabulary_are_true():
    from rdflib import RDF, Graph
    from rdflib.namespace import OWL

    g = Graph().parse(ROOT / "ontology" / "spacegraph.ttl")
    classes = [c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith("https://w3id.org/spacegraph/")]
    properties = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty))
    texts = [README, (ROOT / "docs" / "data-model.md").read_text()]
    holders = [text for text in texts if re.search(r"\d+ classes and \d+ properties", text)]
    assert holders, "neither the README nor docs/data-model.md gives the counts of the vocabulary"
    for text in holders:
        assert f"{len(classes)} classes and {len(properties)} properties" in text


def test_readme_is_short():
    assert len(README.splitlines()) <= 200, "the README is the front page: move the details to docs/"


def _slug(heading):
    """The anchor a code forge gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    heading = heading.strip().lower()
    return re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


def _anchors(page):
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def _links(page):
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)  # code blocks hold no links
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_relative_links_lead_to_files_and_headings_that_exist(page):
    links = [link for link in _links(page) if not re.match(r"[a-z][a-z0-9+.-]*:", link)]
    for link in links:
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), f"{_name(page)}: {link} leads to no file"
        if anchor and path.suffix == ".md":
            assert anchor in _anchors(path), f"{_name(page)}: {link}: no such heading in {path.name}"
