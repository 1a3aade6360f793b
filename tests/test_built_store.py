"""The store `spacegraph build` leaves: opened when fresh, never silently stale, switched atomically."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import spacegraph
from spacegraph.cli import main
from spacegraph.core import paths
from spacegraph.core.built_store import STORE_LINK, STORES_DIR, open_built_store
from spacegraph.workflows.build import build, write_built_store


@pytest.fixture
def project(tmp_path):
    """A copy of graph_data/ and a build of it in tmp_path/build, for a test that changes them (``built_project`` is shared)."""
    data = tmp_path / "graph_data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("review"))
    files = sorted(data.glob("*.ttl"))
    build(files, output_dir=tmp_path / "build", sources_dir=data / "sources")
    return tmp_path, files, data / "sources"


def load(project, **options):
    folder, files, sources = project
    return spacegraph.load(options.pop("files", files), sources_dir=sources, build_dir=folder / "build", **options)


def answer(kg, name):
    """A query's rows as plain text, each concatenated cell's parts sorted (GROUP_CONCAT has no order)."""
    return sorted(tuple(" | ".join(sorted(str(v).split(" | "))) if v is not None else "" for v in row) for row in kg.query(name).rows)


def same_graph(first, second):
    """Tell whether two loaded graphs hold the same triples, blank nodes aside.

    The data's blank nodes (statements, quotes) form trees: each is named by what it holds,
    recursively, which compares them in linear time where a general isomorphism test takes long.
    """
    from collections import Counter

    from rdflib import BNode

    def described(kg):
        graph, names = kg.graph, {}

        def name(term):
            if not isinstance(term, BNode):
                return term
            if term not in names:
                names[term] = ("_", tuple(sorted((str(p), str(name(o))) for p, o in graph.predicate_objects(term))))
            return names[term]

        return Counter((name(s), p, name(o)) for s, p, o in graph)

    return described(first) == described(second)


def test_build_writes_a_store_that_load_opens_with_the_same_triples(built_project):
    folder, files, sources = built_project
    link = folder / "build" / STORE_LINK
    assert link.is_symlink() and (link / "fingerprint.json").is_file()
    opened = load(built_project)
    parsed = load(built_project, use_store=False)
    assert opened.source.built.folder == folder / "build" and parsed.source.built is None
    assert opened.warnings == [] and len(opened) == len(parsed) and opened.source.ontology_triples == parsed.source.ontology_triples
    assert same_graph(opened, parsed)
    assert answer(opened, "ilrs-members") == answer(parsed, "ilrs-members")
    assert opened.to_networkx().number_of_edges() == parsed.to_networkx().number_of_edges()


def test_the_store_is_read_only(built_project):
    import pyoxigraph

    kg = load(built_project)
    with pytest.raises(RuntimeError, match="only possible on read-write instances"):
        kg.source.store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/a"), pyoxigraph.NamedNode("http://example.org/b"),
                                              pyoxigraph.NamedNode("http://example.org/c")))


@pytest.mark.slow
def test_a_changed_file_is_read_again_and_says_why(project):
    folder, files, sources = project
    military = next(f for f in files if f.name == "military.ttl")
    military.write_text(military.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    kg = load(project)
    assert kg.source.built is None
    assert kg.warnings == [f"read the files, not the built store: {paths.display_path(military)} changed since the last build "
                           "(spacegraph build writes it again)"]


@pytest.mark.slow
def test_a_touched_file_keeps_the_store(project):
    folder, files, sources = project
    os.utime(files[0])
    assert load(project).source.built is not None


@pytest.mark.parametrize("change, reason", [
    (lambda files, sources: files[:-1], "was in the last build and is not asked for now"),
    (lambda files, sources: [*files, paths.data_root() / "tests" / "data" / "valid.ttl"], "is not in the last build"),
])
def test_other_files_than_the_build_are_read_and_said(built_project, change, reason):
    folder, files, sources = built_project
    kg = load(built_project, files=change(files, sources))
    assert kg.source.built is None and reason in kg.warnings[0]


@pytest.mark.slow
def test_a_changed_source_text_makes_the_store_stale(project):
    folder, files, sources = project
    (sources / "china-trends-22.txt").write_text("another text\n", encoding="utf-8")
    assert "china-trends-22.txt changed since the last build" in load(project).warnings[0]


@pytest.mark.slow
def test_a_rebuild_switches_atomically_and_a_reader_keeps_its_store(project):
    folder, files, sources = project
    reader = load(project)
    first = Path(os.path.realpath(folder / "build" / STORE_LINK))
    write_built_store(load(project, use_store=False), folder / "build")
    second = Path(os.path.realpath(folder / "build" / STORE_LINK))
    assert second != first and first.is_dir()           # the replaced store stays for readers that have it open
    assert len(reader.query("ilrs-members")) == 19      # and this one still reads it
    write_built_store(load(project, use_store=False), folder / "build")
    assert not first.exists()                           # two builds later it is gone
    assert sorted(p.name for p in (folder / "build" / STORES_DIR).iterdir()) == sorted(
        [second.name, Path(os.path.realpath(folder / "build" / STORE_LINK)).name])


@pytest.mark.slow
def test_two_processes_read_the_store_at_once(built_project):
    folder, files, sources = built_project
    command = [sys.executable, "-m", "spacegraph.cli", "query", "ilrs-members", "--format", "csv", "--build", str(folder / "build"),
               "--sources", str(sources), *[arg for f in files for arg in ("--data", str(f))]]
    readers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [reader.communicate(timeout=120) for reader in readers]
    assert [reader.returncode for reader in readers] == [0, 0]
    assert outputs[0][0] == outputs[1][0] and outputs[0][0].count("\n") == 20
    assert outputs[0][1] == outputs[1][1] == ""          # fresh: no warning


def test_no_store_at_all_says_nothing(tmp_path):
    assert open_built_store(tmp_path, paths.ontology_file(), paths.data_files(), paths.sources_dir()) == (None, None, None)


@pytest.mark.slow
def test_the_cli_says_why_and_rebuild_reads_the_files(project):
    folder, files, sources = project
    arguments = ["stats", "--build", str(folder / "build"), "--sources", str(sources), *[a for f in files for a in ("--data", str(f))]]
    fresh = CliRunner().invoke(main, arguments)
    assert fresh.exit_code == 0 and "warning" not in fresh.output
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    stale = CliRunner().invoke(main, arguments)
    assert f"warning: read the files, not the built store: {paths.display_path(files[0])} changed since the last build" in stale.output
    forced = CliRunner().invoke(main, [*arguments, "--rebuild"])
    assert forced.exit_code == 0 and "warning" not in forced.output


def test_every_reading_command_names_its_data_the_same_way():
    for command in ("stats", "query", "serve", "centrality", "communities", "path", "export", "render"):
        names = {option for param in main.commands[command].params for option in param.opts}
        assert {"--data", "--sources", "--build", "--rebuild"} <= names, command


def test_render_reads_explicit_files(tmp_path):
    result = CliRunner().invoke(main, ["render", "--data", str(paths.data_root() / "tests" / "data" / "valid.ttl"),
                                       "-o", str(tmp_path / "valid.html"), "--build", str(tmp_path / "no-build")])
    assert result.exit_code == 0, result.output
    assert "2 actors, 1 relationships" in result.output


def test_labels_of_reads_only_the_labels_asked_for(kg):
    asked = ["https://w3id.org/spacegraph/id/china", "https://w3id.org/spacegraph/id/ilrs", "https://example.org/unknown", "not an iri"]
    assert kg.source.labels_of(asked) == {"https://w3id.org/spacegraph/id/china": "China",
                                   "https://w3id.org/spacegraph/id/ilrs": "International Lunar Research Station"}
    assert {iri: kg.labels()[iri] for iri in asked[:2]} == kg.source.labels_of(asked)


@pytest.mark.server
@pytest.mark.slow
def test_serve_serves_the_built_store_where_it_is(project):
    import json
    import time
    import urllib.parse
    import urllib.request

    from helpers import free_port, stop_process, wait_until_up

    folder, files, sources = project
    store = Path(os.path.realpath(folder / "build" / STORE_LINK))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port), "--build", str(folder / "build"),
                                "--sources", str(sources), *[a for f in files for a in ("--data", str(f))]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        hosts = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        engines = subprocess.run(["pgrep", "-P", hosts[0]], capture_output=True, text=True).stdout.split()
        arguments = Path(f"/proc/{engines[0]}/cmdline").read_text().split("\0")
        assert arguments[arguments.index("--location") + 1] == str(store)   # the built store itself, not a copy
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query?{query}", headers={"Accept": "application/sparql-results+json"})
        answer = json.loads(urllib.request.urlopen(request, timeout=30).read())
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(load(project, use_store=False))
    finally:
        stop_process(process)
    time.sleep(0.2)
    assert (store / "fingerprint.json").is_file()                          # and it is still there afterwards


@pytest.mark.slow
def test_build_and_validation_report_each_step_of_their_progress_once_in_order(tmp_path):
    """The progress bar's total is the number of steps reported: one list of names drives both."""
    from spacegraph.workflows.build import BUILD_STEPS, VALIDATE_STEPS, validate_files

    reported = []
    build(output_dir=tmp_path / "build", progress=reported.append)
    assert reported == list(BUILD_STEPS) and len(set(BUILD_STEPS)) == len(BUILD_STEPS)
    reported.clear()
    validate_files(progress=reported.append)
    assert reported == list(VALIDATE_STEPS) == list(BUILD_STEPS[:len(VALIDATE_STEPS)])
