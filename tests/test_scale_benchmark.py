"""The suite at one large size (benchmarks/scale.py, run.py --size): each step in its own process, on the built store."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_the_suite_at_one_size_generates_builds_and_reads_the_store(tmp_path):
    data_dir, output = tmp_path / "graph", tmp_path / "scale.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "10k", "--data-dir", str(data_dir),
                           "--runs", "1", "--output", str(output)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = output.read_text(encoding="utf-8")
    assert text.strip() == done.stdout.strip()
    for process in ("generate", "build", "store", "raw", "cold", "oxigraph", "virtuoso"):
        assert f"| {process} | ok |" in text, process
    for step in ("loaded", "serialised", "explorer", "written"):  # each step of the build, timed
        assert f"| {step} | " in text, step
    queries = len(list((ROOT / "queries").glob("*.rq")))
    rows = [line for line in text.splitlines() if line.startswith("| query ")]
    # the built store, then Oxigraph's server and Virtuoso through --endpoint: every named query answered on each
    assert len(rows) == 3 * queries and all(" ms |" in row or " s |" in row for row in rows), rows
    for server in ("Oxigraph's server", "Virtuoso 7"):
        table = text.split(f"| {server}, through `--endpoint`", 1)[1].split("\n\n", 1)[0]
        for command in ("push", "COUNT(*)", "centrality", "communities", "path", "export", "render"):
            assert re.search(rf"^\| {re.escape(command)} \| [0-9.]+ m?s \|", table, re.MULTILINE), (server, command)
    assert "| every named query ≤ 10× a full-scan COUNT(*)" in text and "| build ≤ 15 min |" in text
    # generated once: a second run reuses the graph on disk
    again = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--size", "10k", "--data-dir", str(data_dir),
                            "--runs", "1", "--steps", "generate", "--output", str(output)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "| generate | ok | reused |" in output.read_text(encoding="utf-8")


def test_a_step_that_fails_says_how_and_the_report_is_still_written(tmp_path):
    """A build of a folder without its graph fails in its own process: the suite reports it and goes on."""
    output = tmp_path / "scale.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--size", "10k", "--data-dir", str(tmp_path / "none"),
                           "--runs", "1", "--steps", "build,cold", "--output", str(output)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = output.read_text(encoding="utf-8")
    assert "| build | failed: " in text and "| cold | failed: cold_query.py failed: " in text


@pytest.mark.parametrize("args, message", [
    (["--steps", "generate,fly"], "--steps: fly is not a step"),
    (["--size", "12"], "out of range"),
])
def test_bad_arguments_get_one_line(tmp_path, args, message):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--data-dir", str(tmp_path / "g"), *args],
                          capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr.strip().splitlines()[-1]
