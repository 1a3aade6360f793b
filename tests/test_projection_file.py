"""The network a build writes beside its store: read instead of projecting, equal to the projection, never trusted blindly."""

import json
import os
import shutil
from pathlib import Path

import pytest

import spacegraph
from spacegraph.core.built_store import STORE_LINK
from spacegraph.network import projection
from spacegraph.network.network_file import NETWORK_FILE, read_network
from spacegraph.workflows.build import write_built_store

DATES = [None, "2015", "2023-06-01", "2024-04-15", "2025-01-01"]


def same_graph(got, expected):
    """Tell whether two MultiDiGraphs are the same: nodes, edges, keys, attributes and the order of each."""
    return (list(got.nodes(data=True)) == list(expected.nodes(data=True))
            and list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
            and list(got.in_edges(keys=True)) == list(expected.in_edges(keys=True))
            and got.graph == expected.graph)


def from_store(kg, monkeypatch, **options):
    """The projection of the store itself, the network file left aside."""
    with monkeypatch.context() as patch:
        patch.setattr(projection, "read_network", lambda kg: (None, None))
        return kg.to_networkx(**options)


def network_file(build):
    return Path(os.path.realpath(build / STORE_LINK)) / NETWORK_FILE


def open_built(build, files=None, sources=None):
    kg = spacegraph.load(files, sources_dir=sources, build_dir=build)
    assert kg.source.built.folder == build, kg.warnings
    return kg


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    build = tmp_path_factory.mktemp("real") / "build"
    write_built_store(spacegraph.load(use_store=False), build)
    return build


@pytest.fixture
def build(real_build, tmp_path):
    """A copy of the real data's build folder, to spoil."""
    copy = tmp_path / "build"
    shutil.copytree(real_build, copy, symlinks=True)
    return copy


@pytest.mark.parametrize("as_of", DATES)
def test_the_network_file_gives_the_graph_the_store_projects(real_build, monkeypatch, as_of):
    kg = open_built(real_build)
    got = kg.to_networkx(as_of=as_of)
    assert same_graph(got, from_store(kg, monkeypatch, as_of=as_of))
    assert same_graph(got, spacegraph.load(use_store=False).to_networkx(as_of=as_of))
    assert kg.warnings == []
    if as_of is None:  # every kind of value the projection makes: flags, lists, several quotes
        edges = [data for _, _, data in got.edges(data=True)]
        assert any(data.get("hedged") is True for data in edges) and any(len(data["sources"]) > 1 for data in edges)
        assert any(isinstance(data.get("qualifiedBy"), list) for data in edges) and any("via" in data for data in edges)


def test_the_network_file_is_read_instead_of_the_store(real_build, monkeypatch):
    from test_projection import CountingStore

    kg = open_built(real_build)
    counting = CountingStore(kg.source.store)
    monkeypatch.setattr(kg.source, "store", counting)
    G = kg.to_networkx()
    assert counting.reads == 0 and G.number_of_edges() == 484
    kg.to_networkx(view="full")  # the full view projects the store
    assert counting.reads > 0


def test_each_read_gives_a_new_graph(real_build):
    kg = open_built(real_build)
    first = kg.to_networkx()
    first.edges["sgid:venezuela", "sgid:ilrs", "sg:memberOf"]["sources"].clear()
    assert kg.to_networkx().edges["sgid:venezuela", "sgid:ilrs", "sg:memberOf"]["sources"]


def test_reading_leaves_the_garbage_collector_as_it_was(real_build, monkeypatch):
    import gc

    kg = open_built(real_build)
    before = (gc.isenabled(), gc.get_freeze_count())
    kg.to_networkx()
    assert (gc.isenabled(), gc.get_freeze_count()) == before
    gc.freeze()  # as a program about to fork does
    try:
        # what the program froze stays frozen: reading neither unfreezes it nor freezes more (a frozen object that
        # dies meanwhile leaves the count, so the calls are watched, not the count)
        calls = []
        monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
        monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
        assert kg.to_networkx().number_of_edges() == 484
        assert calls == [] and gc.get_freeze_count() > 0
    finally:
        monkeypatch.undo()
        gc.unfreeze()


def test_a_graph_read_from_files_has_no_network_file_to_read(real_build):
    kg = spacegraph.load(build_dir=real_build, use_store=False)
    assert read_network(kg) == (None, None)


def test_the_file_is_in_the_store_folder_before_the_switch(tmp_path, monkeypatch):
    build = tmp_path / "build"
    switched = []
    replace = os.replace

    def watching(source, target, *args, **kwargs):
        if Path(target) == build / STORE_LINK:
            folder = build / os.readlink(source)
            switched.append((folder / NETWORK_FILE).is_file() and (folder / "fingerprint.json").is_file())
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", watching)
    write_built_store(spacegraph.load(use_store=False), build)
    assert switched == [True]
    assert [p.name for p in network_file(build).parent.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_a_reader_keeps_its_graph_when_a_rebuild_switches_the_store(build, tmp_path, monkeypatch):
    from spacegraph.core import paths

    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix sgid: <https://w3id.org/spacegraph/id/> . @prefix sg: <https://w3id.org/spacegraph/ontology#> .\n"
                     "sgid:argentina sg:partnerOf sgid:russia .\n", encoding="utf-8")
    reader = open_built(build)
    before = reader.to_networkx()
    write_built_store(spacegraph.load([*paths.data_files(), extra], use_store=False), build)
    assert network_file(build).read_bytes()  # the new store has its own file, of another graph
    again = reader.to_networkx()
    assert same_graph(again, before)
    assert "belongs to another build than the store this graph was opened from" in reader.warnings[0]
    newer = open_built(build, [*paths.data_files(), extra])
    assert newer.to_networkx().has_edge("sgid:argentina", "sgid:russia") and newer.warnings == []


def _rewrite(path, change):
    """Parse the file's two lines, let ``change(header, body)`` spoil them, write them back."""
    head, body = path.read_text(encoding="utf-8").split("\n")
    header, body = json.loads(head), json.loads(body)
    change(header, body)
    path.write_text(json.dumps(header) + "\n" + json.dumps(body), encoding="utf-8")


def _first_extra(body):
    """The attributes beyond predicate, label and sources of the first edge that has some."""
    return body["extras"][0][1]


SPOILED = {
    "missing": (lambda path: path.unlink(), "is missing"),
    "a folder": (lambda path: (path.unlink(), path.mkdir()), "cannot be read (Is a directory)"),
    "empty": (lambda path: path.write_bytes(b""), "is not a valid network file"),
    "truncated": (lambda path: path.write_bytes(path.read_bytes()[:-1000]), "is not a valid network file"),
    "not json": (lambda path: path.write_bytes(b"\x80\x81 garbage\n\xff"), "is not a valid network file"),
    "a pickle": (lambda path: path.write_bytes(b"\x80\x04\x95cos\nsystem\n(S'touch /tmp/x'\ntR."), "is not a valid network file"),
    "deeply nested": (lambda path: path.write_bytes(path.read_bytes().split(b"\n")[0] + b"\n" + b"[" * 100000),
                      "is not a valid network file"),
    "another version": (lambda path: _rewrite(path, lambda h, b: h.update(code="0" * 64)), "was written by another version"),
    "another store": (lambda path: _rewrite(path, lambda h, b: h.update(fingerprint="0" * 64)), "belongs to another build"),
    "another view": (lambda path: _rewrite(path, lambda h, b: h.update(view="full")), "is not a valid network file"),
    "an edge too few": (lambda path: _rewrite(path, lambda h, b: b["edges"].__delitem__(slice(0, 5))), "is not a valid network file"),
    "an edge to no node": (lambda path: _rewrite(path, lambda h, b: b["edges"].__setitem__(1, len(b["nodes"]))),
                           "is not a valid network file"),
    "an edge end before the first": (lambda path: _rewrite(path, lambda h, b: b["edges"].__setitem__(0, -1)),
                                     "is not a valid network file"),
    "an edge end as text": (lambda path: _rewrite(path, lambda h, b: b["edges"].__setitem__(0, "sgid:china")),
                            "is not a valid network file"),
    "a key past the texts": (lambda path: _rewrite(path, lambda h, b: b["edges"].__setitem__(2, len(b["texts"]))),
                             "is not a valid network file"),
    "a key of no text": (lambda path: _rewrite(path, lambda h, b: b["edges"].__setitem__(2, -1)), "is not a valid network file"),
    "a flag for a number": (lambda path: _rewrite(path, lambda h, b: b["edges"].__setitem__(3, True)), "is not a valid network file"),
    "a text that is a list": (lambda path: _rewrite(path, lambda h, b: b["texts"].__setitem__(0, ["x"])),
                              "is not a valid network file"),
    "an edge without sources": (lambda path: _rewrite(path, lambda h, b: b["sources"].pop()), "is not a valid network file"),
    "a source past the records": (lambda path: _rewrite(path, lambda h, b: b["sources"][0].append(len(b["records"]) // 3)),
                                  "is not a valid network file"),
    "a quote that is a number": (lambda path: _rewrite(path, lambda h, b: b["records"].__setitem__(1, 1)),
                                 "is not a valid network file"),
    "a record cut short": (lambda path: _rewrite(path, lambda h, b: b["records"].pop()), "is not a valid network file"),
    "a document past the texts": (lambda path: _rewrite(path, lambda h, b: b["records"].__setitem__(0, len(b["texts"]))),
                                  "is not a valid network file"),
    "an attribute that is an object": (lambda path: _rewrite(path, lambda h, b: _first_extra(b).update(role={"a": 1})),
                                       "is not a valid network file"),
    "a list of numbers": (lambda path: _rewrite(path, lambda h, b: _first_extra(b).update(qualifiedBy=[1, 2])),
                          "is not a valid network file"),
    "extras that override the columns": (lambda path: _rewrite(path, lambda h, b: _first_extra(b).update(label="x")),
                                         "is not a valid network file"),
    "extras of no edge": (lambda path: _rewrite(path, lambda h, b: b["extras"].append([h["edges"], {"role": "x"}])),
                          "is not a valid network file"),
    "a node of numbers": (lambda path: _rewrite(path, lambda h, b: b["nodes"]["sgid:china"].update(types=[3])),
                          "is not a valid network file"),
    "a node without a kind": (lambda path: _rewrite(path, lambda h, b: b["nodes"]["sgid:china"].pop("kind")),
                              "is not a valid network file"),
    "a node that is text": (lambda path: _rewrite(path, lambda h, b: b["nodes"].update({"sgid:china": "China"})),
                            "is not a valid network file"),
    "a style that is a number": (lambda path: _rewrite(path, lambda h, b: b["kind_styles"].update(state={"color": 1})),
                                 "is not a valid network file"),
    "another body": (lambda path: _rewrite(path, lambda h, b: b.update(extra=1)), "is not a valid network file"),
    "too large": (lambda path: path.write_bytes(path.read_bytes() + b" " * (2048 * 10000 + (1 << 20))), "is larger than"),
}


@pytest.mark.parametrize("spoil", SPOILED, ids=list(SPOILED))
def test_a_spoiled_network_file_is_said_and_the_store_projected(build, monkeypatch, spoil):
    change, reason = SPOILED[spoil]
    path = network_file(build)
    change(path)
    kg = open_built(build)
    G = kg.to_networkx()
    assert same_graph(G, from_store(kg, monkeypatch))
    assert G.number_of_edges() == 484
    assert len(kg.warnings) == 1 and kg.warnings[0].startswith("projected the store, not its network file: ")
    assert reason in kg.warnings[0] and kg.warnings[0].endswith("(spacegraph build writes it again)")
    kg.to_networkx(as_of="2020")
    assert len(kg.warnings) == 1  # said once


def test_an_unspoiled_rewrite_is_read(build):
    """The spoiling above is what fails: the same file, parsed and written back unchanged, is read."""
    _rewrite(network_file(build), lambda header, body: None)
    kg = open_built(build)
    assert kg.to_networkx().number_of_edges() == 484 and kg.warnings == []


SECOND_QUOTES = """\
@prefix sg:   <https://w3id.org/spacegraph/ontology#> .
@prefix sgid: <https://w3id.org/spacegraph/id/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory, synthetic):
    """The synthetic 10k graph, with more quotes (some from no named document) on a tenth of its relationships, built."""
    from spacegraph.core.terms import expand

    folder = tmp_path_factory.mktemp("synthetic")
    data, _ = synthetic.generate(10000, folder)
    edges = list(spacegraph.load([data], sources_dir=folder / "sources", use_store=False).to_networkx().edges(keys=True, data=True))
    lines = [SECOND_QUOTES]
    for number, (u, v, _, attributes) in enumerate(edges[::10]):
        quotes = [f'[ a sg:Quote ; oa:exact "A second sentence, number {number}, on {u}." ; prov:wasQuotedFrom sgid:second-report ]',
                  f'[ a sg:Quote ; oa:exact "An unattributed sentence on {v} ({number})." ]']
        lines.append(f"[] a rdf:Statement ; rdf:subject <{expand(u)}> ; rdf:predicate <{expand(attributes['predicate'])}> ; "
                     f"rdf:object <{expand(v)}> ; sg:evidence {' , '.join(quotes)} .")
    more = folder / "more-quotes.ttl"
    more.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = [data, more]
    write_built_store(spacegraph.load(files, sources_dir=folder / "sources", use_store=False), folder / "build")
    return folder / "build", files, folder / "sources"


@pytest.mark.slow
@pytest.mark.parametrize("as_of", [None, "2010", "2030"])
def test_a_synthetic_graph_with_several_quotes_per_edge_reads_back_the_same(synthetic_build, monkeypatch, as_of):
    build, files, sources = synthetic_build
    kg = open_built(build, files, sources)
    got = kg.to_networkx(as_of=as_of)
    assert same_graph(got, from_store(kg, monkeypatch, as_of=as_of)) and kg.warnings == []
    quoted = [data["sources"] for _, _, data in got.edges(data=True) if len(data["sources"]) >= 3]
    if as_of is None:
        assert got.number_of_edges() > 900 and len(quoted) >= 90
        assert any(source["document"] is None for sources in quoted for source in sources)


def test_the_code_digest_reads_every_module_that_shapes_the_network():
    """A module it cannot read would make the digest random, and every file written by another process unusable."""
    from spacegraph.network import network_file as module

    package = Path(module.__file__).resolve().parent.parent
    assert [name for name in module._PROJECTING_CODE if not (package / name).is_file()] == []


def test_a_new_process_reads_the_network_file_a_build_wrote(real_build):
    import subprocess
    import sys

    script = ("import spacegraph, sys\n"
              f"kg = spacegraph.load(build_dir={str(real_build)!r})\n"
              "G = kg.to_networkx()\n"
              "print(G.number_of_edges(), kg.warnings)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    edges, warnings = done.stdout.split(" ", 1)
    assert int(edges) == spacegraph.load(use_store=False).to_networkx().number_of_edges()
    assert warnings.strip() == "[]"
