import pytest

import spacegraph
from spacegraph import paths
from spacegraph.errors import DataFileError, SpacegraphError
from spacegraph.loader import parse_file


def test_load_reads_ontology_and_every_data_file(kg):
    assert [p.name for p in kg.data_files] == [p.name for p in paths.data_files()]
    assert len(paths.data_files()) >= 5
    assert len(kg) > 2000


def test_broken_turtle_names_file_and_line(fixture_path):
    with pytest.raises(DataFileError) as caught:
        spacegraph.load([fixture_path("broken-turtle.ttl")])
    assert caught.value.line == 51
    assert str(caught.value).endswith("broken-turtle.ttl:51: Turtle syntax error at column 25: . is not a valid RDF object")


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


def test_errors_share_one_base_class():
    assert issubclass(DataFileError, SpacegraphError)
