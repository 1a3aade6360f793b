"""The linking benchmark (benchmarks/linking.py): its table, its arguments and its generator."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import benchmark_module

pytestmark = pytest.mark.slow  # the script runs in a fresh interpreter and builds an Aho-Corasick automaton

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "linking.py"


def run_script(*arguments, cwd):
    return subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def linking():
    return benchmark_module("linking")


def _row(table, step):
    line = next(line for line in table.splitlines() if line.startswith(f"| {step} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def _count(cell, what):
    return int(re.search(rf"([\d,]+) {what}", cell).group(1).replace(",", ""))


def test_a_small_run_writes_the_table_of_every_step(tmp_path):
    out = tmp_path / "out"
    result = run_script("--words", "2000", "--aliases", "5000", "--runs", "1", "--output-dir", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = (out / "linking.md").read_text(encoding="utf-8")
    assert result.stdout == table
    assert "`python benchmarks/linking.py --words 2000 --aliases 5000 --runs 1 --seed 7`" in table
    assert "| step | seconds (median) | runs | counts |" in table
    assert "2,000 words" in table and "load average" in table and "CPUs, Python 3." in table
    index, sentences, link, propose = (_row(table, step) for step in ("index", "sentences", "link", "propose"))
    for row in (index, sentences, link, propose):
        assert row[2] == "1"
        assert row[1] == "< 0.001" or float(row[1]) >= 0
    assert _count(index[3], "aliases") == 5000 and _count(index[3], "shared") == 100
    assert _count(sentences[3], "sentences") >= 2000 // 30
    mentions = _count(link[3], "mentions")
    assert 20 < mentions < 200  # about 3% of 2,000 positions name an alias
    assert 0 < _count(propose[3], "mentions") <= mentions
    assert _count(propose[3], "new entities") > 0 and _count(propose[3], "candidates") > 0
    assert re.search(r"^\| propose \| [\d.<> ]+ \| (yes|no) \|$", table, re.M)
    assert "this run is another size" in table
    assert [p.name for p in out.iterdir()] == ["linking.md"]  # no temporary file left behind


@pytest.mark.parametrize("arguments, message", [
    (["--words", "99"], "argument --words: --words '99' is out of range: from 100 to 5,000,000"),
    (["--words", "5000001"], "argument --words: --words '5000001' is out of range: from 100 to 5,000,000"),
    (["--words", "many"], "argument --words: --words 'many' is not a whole number"),
    (["--aliases", "9"], "argument --aliases: --aliases '9' is out of range: from 10 to 5,000,000"),
    (["--aliases", "5000001"], "argument --aliases: --aliases '5000001' is out of range: from 10 to 5,000,000"),
    (["--runs", "0"], "argument --runs: --runs '0' is out of range: at least 1"),
])
def test_out_of_range_arguments_are_refused_in_one_line(tmp_path, arguments, message):
    out = tmp_path / "out"
    result = run_script(*arguments, "--output-dir", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"linking.py: error: {message}\n"
    assert "Traceback" not in result.stderr
    assert result.stdout == "" and not out.exists()


def test_an_output_folder_that_is_a_file_is_refused(tmp_path):
    taken = tmp_path / "results"
    taken.write_text("not a folder")
    result = run_script("--words", "100", "--aliases", "10", "--output-dir", str(taken), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"linking.py: error: argument --output-dir: {str(taken)!r} is a file, not a folder"]
    assert taken.read_text() == "not a folder"


def test_the_generator_gives_the_same_aliases_and_document_for_a_seed(linking):
    aliases, document = linking.generate(3000, 2000, seed=11)
    assert linking.generate(3000, 2000, seed=11) == (aliases, document)
    assert linking.generate(3000, 2000, seed=12) != (aliases, document)
    assert len(aliases) == 2000 and len(document.split()) == 3000
    assert {iri for _, iri, _ in aliases} == {f"https://example.org/id/e{n}" for n in range(2000)}
    texts = [text for text, _, _ in aliases]
    assert len(texts) - len(set(texts)) == 2000 // 50  # shared by two entities
    assert any(text.isupper() for text in texts) and any("-" in text for text in texts)
    assert any(c in "éâ" for text in texts for c in text)
    assert all(1 <= len(text.split()) <= 4 for text in texts)
    paragraphs = document.strip().split("\n\n")
    assert len(paragraphs) > 1 and all(paragraph.endswith(".") for paragraph in paragraphs)
    assert sum(text in document for text in set(texts) if " " in text) > 10
