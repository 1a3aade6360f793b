"""The README stays true: its examples run and its session is the real output."""

import doctest
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacegraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _sessions():
    """Yield (command, expected output) for each "$ " command of the README's ```console blocks."""
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            yield command, output


def _normalise(text):
    text = re.sub(r"\d+\.\d\d s\b", "N.NN s", text)
    return re.sub(r"\(\d[\d,]* KiB\)", "(N KiB)", text)


@pytest.mark.parametrize("command, expected", list(_sessions()))
def test_readme_sessions_are_real_output(command, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "spacegraph"
    if args[1] == "build":  # write into a temporary folder, shown as build/ as in the README
        monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args[1:])
    assert _normalise(result.output) == _normalise(expected)


def test_readme_python_examples_run():
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README, {}, "README.md", str(ROOT / "README.md"), 0)
    assert test.examples, "the README has no Python example"
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
    assert f"{len(classes)} classes" in README
    properties = set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert f"{len(classes)} classes and {len(properties)} properties" in README
