"""The benchmark suite's arguments, and how it reports references that fail."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test runs a benchmark script in a fresh interpreter

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "benchmarks" / "run.py"


def run_suite(*arguments, cwd):
    return subprocess.run([sys.executable, str(SUITE), *arguments], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.mark.parametrize("arguments, message", [
    (["--sizes", "500"], "size '500' is out of range: from 1,000 to 20,000,000 triples"),
    (["--sizes", "30M"], "size '30M' is out of range"),
    (["--sizes", "ten"], "'ten' is not a size: write 10000, 10k or 1M"),
    (["--sizes", ","], "give at least one size"),
    (["--runs", "0"], "'0' must be more than 0"),
    (["--timeout", "-1"], "'-1' must be more than 0"),
    (["--step-timeout", "0"], "'0' must be more than 0"),
    (["--memory-limit", "2T"], "'2T' is not a memory size: write 8G or 4096M"),
    (["--memory-limit", "10M"], "is too small: at least 256M"),
])
def test_out_of_range_arguments_are_refused_in_one_line(tmp_path, arguments, message):
    result = run_suite(*arguments, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_folder_that_is_a_file_is_refused(tmp_path):
    taken = tmp_path / "results"
    taken.write_text("not a folder")
    result = run_suite("--output-dir", str(taken), cwd=tmp_path)
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr


def test_references_cut_or_failing_are_shown_in_the_table(tmp_path):
    # every reference step is cut at once: the suite goes on and says so in the table
    result = run_suite("--sizes", "1k", "--runs", "1", "--timeout", "0.000001", "--step-timeout", "0.000001",
                       "--output-dir", str(tmp_path / "out"),
                       "--workdir", str(tmp_path / "work"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = (tmp_path / "out" / "suite.md").read_text(encoding="utf-8")
    csv = (tmp_path / "out" / "suite.csv").read_text(encoding="utf-8")
    load = next(line for line in table.splitlines() if line.startswith("| load |"))
    cells = [cell.strip() for cell in load.strip("|").split("|")]
    assert cells[1].endswith(" ms")              # spacegraph is never cut
    assert cells[2] == cells[3] == "> 1e-06 s"   # both references are
    assert "| query claims |" in table and "not run: load failed" in table
    assert "peak memory" in table and "triples,step,engine,median_s,runs,status,detail" in csv
    assert ",load,rdflib,,0,timeout," in csv


LOAD = Path(__file__).resolve().parent.parent / "benchmarks" / "load.py"


@pytest.mark.server
def test_the_load_benchmark_runs_both_servers_and_writes_its_table(tmp_path):
    output = tmp_path / "load.md"
    done = subprocess.run([sys.executable, str(LOAD), "--clients", "2", "--seconds", "1", "--repeats", "1", "--sequential", "20",
                           "--output", str(output)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    table = output.read_text()
    assert "| 2 | raw oxigraph serve-read-only |" in table and "| 2 | spacegraph serve |" in table
    assert "| 2 | " in table.split("spacegraph ÷ raw")[-1]
    guard_row = next(line for line in table.splitlines() if line.startswith("| 2 | spacegraph serve |"))
    assert float(guard_row.split("|")[7].strip().removesuffix(" ms")) > 0  # the guard's CPU per query was counted
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("arguments, message", [
    (["--clients", "16,many"], "--clients: '16,many' is not a list of numbers such as 16,64"),
    (["--seconds", "0"], "--clients, --seconds, --repeats and --sequential must be positive"),
])
def test_the_load_benchmark_refuses_bad_arguments_in_one_line(arguments, message):
    done = subprocess.run([sys.executable, str(LOAD), *arguments], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].endswith(message)


VIRTUOSO = Path(__file__).resolve().parent.parent / "benchmarks" / "virtuoso.py"


def test_the_virtuoso_benchmark_refuses_a_bad_size_in_one_line():
    done = subprocess.run([sys.executable, str(VIRTUOSO), "--size", "ten"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].endswith("'ten' is not a size: write 10000, 10k or 1M")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("document, message", [
    ("graph_data/sources/dod-cmpr2025-forces-partners.txt", "dod-cmpr2025-forces-partners is in the graph already"),
    ("no/such.txt", "no/such.txt: no such document"),
])
def test_the_corpus_review_refuses_a_document_in_one_line_and_writes_nothing(document, message):
    before = sorted(p.name for p in (ROOT / "graph_data").rglob("*"))
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "curate_corpus.py"), document], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in (ROOT / "graph_data").rglob("*")) == before


HOSTILE = Path(__file__).resolve().parent.parent / "benchmarks" / "hostile.py"


@pytest.mark.slow
@pytest.mark.server
def test_the_hostile_benchmark_reports_each_case(tmp_path):
    output = tmp_path / "hostile.md"
    done = subprocess.run([sys.executable, str(HOSTILE), "--timeout", "2", "--match", "bare CR", "--match", "MINUS",
                           "--output", str(output)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line for line in output.read_text().splitlines() if line.startswith("| ") and "request" not in line]
    assert [row.split(" | ")[0] for row in rows] == ["| SERVICE after a comment ended by a bare CR",
                                                     "| 5,000 brackets after a bare CR", "| 5,000 MINUS blocks"]
    assert all(row.split(" | ")[1] == "400" for row in rows)


def test_the_hostile_benchmark_refuses_an_unknown_case_in_one_line():
    done = subprocess.run([sys.executable, str(HOSTILE), "--match", "no such case"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].endswith("--match: no case's name holds 'no such case'")


def test_the_result_writers_benchmark_times_every_format_and_refuses_a_bad_count(tmp_path):
    from spacegraph.core.formats import QUERY

    script = ROOT / "benchmarks" / "result_writers.py"
    done = subprocess.run([sys.executable, str(script), "--rows", "50", "--runs", "1"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [line.split(" | ")[0].strip("| ") for line in done.stdout.splitlines()[2:]] == list(QUERY)
    refused = subprocess.run([sys.executable, str(script), "--rows", "0"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert refused.returncode == 2 and "--rows and --runs must be at least 1" in refused.stderr
