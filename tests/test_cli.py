import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacegraph.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def runner():
    return CliRunner()


def test_validate_real_data(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert re.match(r"valid: 8 checks passed in \d+\.\d\d s", result.output)


@pytest.mark.parametrize(
    "name, line_start",
    [
        ("broken-turtle.ttl", "broken-turtle.ttl:41: [parse] Turtle syntax error"),
        ("shacl-violation.ttl", "shacl-violation.ttl:30: [shacl] sgid:argentina"),
        ("quote-not-in-source.ttl", "quote-not-in-source.ttl:45: [quote] quote not found"),
        ("dangling-iri.ttl", "dangling-iri.ttl:41: [reference] sgid:patagonia-deepspace-station"),
        ("entity-without-label.ttl", "entity-without-label.ttl:26: [shacl] sgid:argentina: rdfs:label"),
        ("missing-evidence.ttl", "missing-evidence.ttl:46: [evidence] no quote backs"),
    ],
)
def test_validate_bad_file_exits_non_zero_with_one_line_per_problem(runner, fixture_path, name, line_start):
    result = runner.invoke(main, ["validate", str(fixture_path(name))])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line_start in line for line in lines), result.output
    assert re.match(r"Error: \d+ problems? \(", lines[-1])
    assert "Traceback" not in result.output


def test_validate_missing_file_is_a_parse_problem_not_a_usage_error(runner, tmp_path, monkeypatch):
    # a data file that is not there is reported like any other problem of the data (exit 1), not as bad usage (exit 2)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["validate", "missing.ttl"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "missing.ttl: [parse] no such file\nError: 1 problem (1 parse)\n"


@pytest.mark.slow
def test_build_writes_three_formats_and_a_summary(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["explorer.html", "ingest-model.json", "spacegraph-derived.nt", "spacegraph.jsonld", "spacegraph.nt", "spacegraph.ttl", "store",
                                                     "stores"]
    assert f"wrote {out / 'store'} (the store the reading commands open while the files are unchanged)" in result.output
    for word in ["triples", "entities", "relationships", "quotes", "sources", "validation     passed"]:
        assert word in result.output


def test_failed_build_writes_nothing_and_keeps_the_old_build(runner, tmp_path, fixture_path):
    out = tmp_path / "build"
    out.mkdir()
    (out / "spacegraph.ttl").write_text("previous build")
    result = runner.invoke(main, ["build", "-o", str(out), str(fixture_path("quote-not-in-source.ttl"))])
    assert result.exit_code == 1
    assert "[quote] quote not found" in result.output
    assert result.output.strip().splitlines()[-1] == "Error: validation failed with 1 problem"
    assert [p.name for p in out.iterdir()] == ["spacegraph.ttl"]
    assert (out / "spacegraph.ttl").read_text() == "previous build"


def test_failed_build_does_not_create_the_output_folder(runner, tmp_path, fixture_path):
    out = tmp_path / "never"
    result = runner.invoke(main, ["build", "-o", str(out), str(fixture_path("broken-turtle.ttl"))])
    assert result.exit_code == 1
    assert not out.exists()


@pytest.mark.slow
def test_build_into_an_unwritable_place_is_a_clear_error(runner, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = runner.invoke(main, ["build", "-o", str(blocker / "sub")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: cannot write to {blocker / 'sub'}")


@pytest.mark.slow
def test_empty_data_is_validated_with_a_warning_and_not_built(runner, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing yet\n")
    checked = runner.invoke(main, ["validate", str(empty)])
    assert checked.exit_code == 0
    assert checked.stderr.splitlines() == [
        f"warning: {empty}: no triples were read from this file",
        "warning: no data was loaded: the graph holds only the ontology's " + checked.stderr.split("ontology's ")[1].split()[0] + " triples"]
    out = tmp_path / "build"
    refused = runner.invoke(main, ["build", str(empty), "-o", str(out)])
    assert refused.exit_code == 1 and not out.exists()
    assert refused.output.strip().splitlines()[-1] == (f"Error: no data was loaded from {empty}: nothing written "
                                                       "(build the ontology alone with --allow-empty)")
    allowed = runner.invoke(main, ["build", str(empty), "-o", str(out), "--allow-empty"])
    assert allowed.exit_code == 0 and (out / "spacegraph.ttl").exists()


@pytest.mark.parametrize("text, message", [
    ("@prefix sg: <https://w3id.org/spacegraph/ontology#> .\nsg:a sg:b .\n", ":2: [parse] Turtle syntax error at column 11: "),
    ("@prefix sg: <x> .\nsg:a sg:b sg:c\nsg:d", ":3: [parse] Turtle syntax error at columns 1-5: A dot is expected"),
])
def test_turtle_errors_have_one_wording(runner, tmp_path, text, message):
    bad = tmp_path / "bad.ttl"
    bad.write_text(text)
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    line = result.output.splitlines()[0]
    assert message in line and "Parser error" not in line and "at at" not in line


@pytest.mark.slow
def test_outputs_respect_the_umask(runner, tmp_path):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        runner.invoke(main, ["render", "-o", str(tmp_path / "page.html")])
        runner.invoke(main, ["export", "-o", str(tmp_path / "net.graphml")])
        runner.invoke(main, ["build", "-o", str(tmp_path / "build")])
        os.umask(0o077)
        runner.invoke(main, ["export", "-o", str(tmp_path / "private.json")])
    finally:
        os.umask(previous)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*") if p.is_file()}
    assert modes.pop("private.json") == 0o600
    assert modes and set(modes.values()) == {0o644}, modes


def test_stats_text_lists_predicates_and_unconnected_entities(runner):
    result = runner.invoke(main, ["stats"])
    assert result.exit_code == 0, result.output
    assert "relationships per predicate" in result.output
    assert re.search(r"^  member of\s+32$", result.output, re.M)
    assert re.search(r"^  attributed claim\s+31$", result.output, re.M)
    # only the five documents ingested since China Trends #22, whose facts are quoted from them, relate to nothing
    assert "entities without any relationship: 5\n  2025 in spaceflight (lead and Overview) - Wikipedia\n" in result.output


def test_stats_json(runner):
    result = runner.invoke(main, ["stats", "--format", "json"])
    figures = json.loads(result.output)
    assert figures["entities"] == sum(figures["entities_by_class"].values())
    # a node that qualifies a direct triple counts with it; only the others add to the direct ones
    assert figures["relationships"] == figures["direct_relationships"] + figures["standalone_relationship_nodes"]
    assert figures["relationship_nodes"] == figures["qualifying_relationship_nodes"] + figures["standalone_relationship_nodes"]
    assert figures["relationships"] == sum(figures["relationships_by_predicate"].values())
    assert figures["quoted_relationships"] == figures["relationships"]
    assert len(figures["sources"]) == 6 and "China Trends #22 - China's Space Dream: No Limits, No End" in figures["sources"]


def test_stats_with_unknown_format_is_a_usage_error(runner):
    result = runner.invoke(main, ["stats", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'json'" in result.output


def test_every_command_has_help_and_is_documented_in_the_readme(runner):
    readme = README.read_text()
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert f"spacegraph {name}" in readme, name


@pytest.mark.slow
def test_progress_shows_on_a_terminal_only(tmp_path):
    """Under CliRunner stderr is no terminal: no bar; on a pseudo-terminal the long steps show one."""
    import os
    import pty
    import subprocess
    import sys

    quiet = CliRunner().invoke(main, ["validate"])
    assert "validating" not in quiet.output
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    env = dict(os.environ, SPACEGRAPH_PROGRESS_DELAY="0")
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "validate"], stdout=subprocess.PIPE,
                               stderr=follower, env=env, cwd=tmp_path)
    shown = b""
    import select

    while True:  # read the terminal while the command runs
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            shown += os.read(leader, 65536)
        elif process.poll() is not None:
            break
    process.stdout.close()
    os.close(follower)
    os.close(leader)
    done = process
    assert done.returncode == 0
    assert b"validating:" in shown


def test_query_file_with_a_malformed_header_names_the_line(runner, tmp_path):
    query = tmp_path / "counts.rq"
    query.write_text("# title: Counts\n# question: How many?\n# param: n integr How many\nSELECT * WHERE { ?s ?p ?o }\n")
    result = runner.invoke(main, ["query", "--file", str(query)])
    assert result.exit_code == 1
    assert f"{query}:3: bad parameter line" in result.output
    plain = tmp_path / "plain.rq"  # no header at all: a plain query
    plain.write_text("# any comment\nASK { ?s ?p ?o }\n")
    result = runner.invoke(main, ["query", "--file", str(plain)])
    assert result.exit_code == 0 and "yes" in result.output


@pytest.mark.slow
def test_render_makes_only_its_default_folder(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(main, ["render"])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "build" / "explorer.html").is_file()
    elsewhere = runner.invoke(main, ["render", "-o", str(tmp_path / "missing" / "page.html")])
    assert elsewhere.exit_code == 1 and "missing" in elsewhere.output
    assert not (tmp_path / "missing").exists()
