import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from spacegraph.core._io import write_into
from spacegraph.core.store import new_graph
from spacegraph.errors import InvalidArgument, OutputError
from spacegraph.graph.export import serialize


def _in_memory(graph):
    copy = Graph()
    copy += graph
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_each_output_parses_back_to_the_same_graph(kg, fmt):
    text = serialize(kg.graph, fmt)
    again = new_graph().parse(data=text, format=fmt)
    # compared as in-memory copies: rdflib's isomorphism test is slow through a store
    assert isomorphic(_in_memory(again), _in_memory(kg.graph))


def test_jsonld_uses_the_project_prefixes(kg):
    text = serialize(kg.graph, "json-ld")
    assert '"sg": "https://w3id.org/spacegraph/ontology#"' in text
    assert '"sg:hosts"' in text


def test_unknown_format_is_refused(kg):
    with pytest.raises(InvalidArgument, match=r"^unknown format 'xml'; choose one of turtle, nt, json-ld$"):
        serialize(kg.graph, "xml")


def test_atomic_write_replaces_files_whole(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    write_into(tmp_path, {"a.txt": "new", "b.txt": "b"})
    assert (tmp_path / "a.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_atomic_write_leaves_nothing_when_a_file_fails(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    with pytest.raises(OutputError, match="cannot write .*missing/b.txt"):
        # the second name is a folder path that cannot be created inside the staging folder
        write_into(tmp_path, {"a.txt": "new", "missing/b.txt": "b"})
    assert (tmp_path / "a.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_file_made_by_a_writer_is_written_whole_or_not_at_all(tmp_path):
    (tmp_path / "a.nt").write_text("old")

    def fails_half_way(out):
        out.write(b"<urn:x:a> <urn:x:b> <urn:x:c> .\n")
        raise ValueError("the graph went away")

    with pytest.raises(ValueError, match="the graph went away"):
        write_into(tmp_path, {"b.ttl": lambda out: out.write(b"# whole\n"), "a.nt": fails_half_way})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nt"] and (tmp_path / "a.nt").read_text() == "old"
    write_into(tmp_path, {"b.ttl": lambda out: out.write(b"# whole\n"), "a.nt": "new"})
    assert (tmp_path / "b.ttl").read_text() == "# whole\n" and (tmp_path / "a.nt").read_text() == "new"


def test_jsonld_is_written_node_by_node_and_reads_back(kg):
    import io
    import json

    from spacegraph.graph.export import write_rdf

    out = io.BytesIO()
    write_rdf(kg.graph, "json-ld", out, store=kg.source.store)
    lines = out.getvalue().decode("utf-8").splitlines()
    document = json.loads("\n".join(lines))
    nodes = document["@graph"]
    assert len(lines) > len(nodes)  # one node object per line, after the context
    china: dict = {}  # a subject the store gives in several runs has a node object for each: JSON-LD merges them
    for node in nodes:
        if node["@id"] == "sgid:china":
            for key, values in node.items():
                china.setdefault(key, []).extend(values if isinstance(values, list) else [values])
    assert "sg:State" in china["@type"] and {"@value": "China", "@language": "en"} in china["rdfs:label"]
    again = Graph().parse(data=out.getvalue(), format="json-ld")
    assert len(again) == len(kg.graph)
    plain = Graph().parse(data=serialize(kg.graph, "json-ld"), format="json-ld")  # through rdflib's terms: the same
    assert len(plain) == len(again)
