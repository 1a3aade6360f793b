import pytest

import spacegraph
from spacegraph.core import paths
from spacegraph.core.store import parse_file
from spacegraph.errors import DataFileError, SpacegraphError


def test_load_reads_ontology_and_every_data_file(kg):
    assert [p.name for p in kg.data_files] == [p.name for p in paths.data_files()]
    assert len(paths.data_files()) >= 5
    assert len(kg) > 2000


def test_broken_turtle_names_file_and_line(fixture_path):
    with pytest.raises(DataFileError) as caught:
        spacegraph.load([fixture_path("broken-turtle.ttl")])
    assert caught.value.line == 41
    assert str(caught.value).endswith("broken-turtle.ttl:41: Turtle syntax error at column 25: . is not a valid RDF object")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match=r"nope\.ttl: no such file"):
        spacegraph.load([tmp_path / "nope.ttl"])


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "data.jsonld"
    path.write_text("{}")
    with pytest.raises(DataFileError, match=r"unsupported file type '\.jsonld'"):
        spacegraph.load([path])


def test_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.ttl"
    path.write_bytes("# caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataFileError, match=r"latin1\.ttl: not UTF-8 text"):
        spacegraph.load([path])


def test_ntriples_error_names_the_line(tmp_path):
    path = tmp_path / "bad.nt"
    path.write_text(
        "<https://w3id.org/spacegraph/id/a> <http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n"
        "<https://w3id.org/spacegraph/id/b> <http://www.w3.org/2000/01/rdf-schema#label> .\n"
    )
    with pytest.raises(DataFileError) as caught:
        parse_file(path, __import__("rdflib").Graph())
    assert caught.value.line == 2


def test_a_data_file_error_is_caught_as_a_spacegraph_error_with_file_and_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    with pytest.raises(SpacegraphError) as caught:
        spacegraph.load([path])
    assert type(caught.value) is DataFileError
    assert caught.value.path.endswith("bad.ttl") and caught.value.line == 3
    assert str(caught.value) == f"{caught.value.path}:3: Turtle syntax error at column 11: . is not a valid RDF object"


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    import os

    fifo = tmp_path / "data.ttl"
    os.mkfifo(fifo)
    with pytest.raises(DataFileError) as caught:
        parse_file(fifo, spacegraph.core.store.new_graph())
    assert str(caught.value).endswith("data.ttl: is a FIFO, not a regular file; only regular files are read")


def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.ttl"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataFileError) as caught:
        parse_file(link, spacegraph.core.store.new_graph())
    assert str(caught.value).endswith("zero.ttl: is a device, not a regular file; only regular files are read")


@pytest.mark.slow
def test_a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "data.ttl"
    data.write_text('<http://example.org/a> <http://example.org/b> "' + "x" * 2_000_000 + '" .\n')
    command = [sys.executable, "-m", "spacegraph.cli", "--max-file-size", "1M", "validate", str(data)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1
    size = data.stat().st_size
    assert f"data.ttl: [parse] is {size:,} bytes, more than the 1,048,576 read (raise the limit with spacegraph --max-file-size)" in done.stderr
    command[4] = "3M"
    assert "[parse]" not in subprocess.run(command, capture_output=True, text=True).stderr
    done = subprocess.run([*command[:4], "0", *command[5:]], capture_output=True, text=True)
    assert done.returncode == 2 and "Invalid value for '--max-file-size': '0' is not a positive size" in done.stderr.replace("\"", "'")


@pytest.mark.slow
def test_a_term_too_large_for_the_parser_is_one_line(tmp_path):
    data = tmp_path / "big.ttl"
    with open(data, "w") as handle:
        handle.write('<http://example.org/a> <http://example.org/b> "')
        for _ in range(300):
            handle.write("x" * 1024 * 1024)
        handle.write('" .\n')
    with pytest.raises(DataFileError) as caught:
        parse_file(data, spacegraph.core.store.new_graph())
    assert str(caught.value).endswith("big.ttl: cannot parse: a single term (such as a literal) is too large for the parser's buffer")
