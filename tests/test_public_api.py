"""The public API is typed and importable under the names the README and notebooks use."""

import importlib
import inspect

import pytest

PUBLIC = [
    "spacegraph:load", "spacegraph.graph:read_graph",
    "spacegraph.sparql:run_query", "spacegraph.sparql:list_queries", "spacegraph.sparql:get_query",
    "spacegraph.network:to_networkx", "spacegraph.network:centrality_table", "spacegraph.network:communities",
    "spacegraph.network:explain_path", "spacegraph.network:ego_network", "spacegraph.network:brokers",
    "spacegraph.network:resolve_node", "spacegraph.network:simple_projection", "spacegraph.network:export_graph",
    "spacegraph.explorer:explorer_html", "spacegraph.explorer:render_html", "spacegraph.explorer.render:packed_payload",
    "spacegraph.explorer.render:unpacked_payload", "spacegraph.graph.export:serialize",
    "spacegraph.graph.remote:push_graph", "spacegraph.graph.remote:push_knowledge_graph", "spacegraph.core.derived:derive", "spacegraph.validation:validate", "spacegraph.graph.stats:compute_stats",
    "spacegraph.workflows.curate:ingest", "spacegraph.workflows.curate:accept", "spacegraph.ingest:read_document", "spacegraph.ingest:propose",
    "spacegraph.ingest:split_sentences", "spacegraph.ingest:read_cues", "spacegraph.ingest:alias_index",
]
METHODS = ["expand", "label", "query", "select", "labels", "to_networkx", "render_html", "show", "validate", "stats",
           "serialize"]


def _resolve(spec):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _unannotated(function):
    signature = inspect.signature(function)
    missing = [name for name, p in signature.parameters.items()
               if name != "self" and p.kind is not p.VAR_KEYWORD and p.annotation is inspect.Parameter.empty]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


@pytest.mark.parametrize("spec", PUBLIC)
def test_public_functions_are_typed(spec):
    assert _unannotated(_resolve(spec)) == []


@pytest.mark.parametrize("name", METHODS)
def test_knowledge_graph_methods_are_typed(name):
    from spacegraph import KnowledgeGraph

    assert _unannotated(getattr(KnowledgeGraph, name)) == []


def test_the_package_is_marked_typed():
    from importlib.resources import files

    assert files("spacegraph").joinpath("py.typed").is_file()


@pytest.mark.parametrize("spec", ["spacegraph.graph.remote:RemoteEndpoint", "spacegraph:KnowledgeGraph", "spacegraph:SpacegraphError"])
def test_the_classes_are_importable_where_the_docs_say(spec):
    assert callable(_resolve(spec))


@pytest.mark.parametrize("module", ["spacegraph.library", "spacegraph.analysis"])
def test_the_first_names_of_the_query_library_and_the_network_analysis_are_gone(module):
    """One name each: spacegraph.sparql.library and spacegraph.network."""
    with pytest.raises(ModuleNotFoundError, match=f"No module named '{module}'"):
        importlib.import_module(module)


#: The packages that import their names on first use (SPEC 1), each listing them in ``__all__`` and ``dir()``.
LAZY_PACKAGES = ["spacegraph", "spacegraph.network", "spacegraph.sparql", "spacegraph.explorer", "spacegraph.ingest",
                 "spacegraph.workflows.review"]


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_name_a_package_lists_is_there_and_dir_shows_them(package):
    module = importlib.import_module(package)
    assert dir(module) == sorted(module.__all__) and module.__all__
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError, match=f"module {package!r} has no attribute 'nothing_of_the_kind'"):
        module.nothing_of_the_kind  # noqa: B018


def test_the_package_shows_its_subpackages_before_they_are_imported_and_imports_nothing_heavy():
    """A new process: ``spacegraph.network`` is there without an import, and ``import spacegraph`` alone reads neither
    rdflib nor networkx."""
    import subprocess
    import sys

    code = """
import sys, spacegraph
heavy = sorted(m for m in ("rdflib", "networkx", "pyoxigraph") if m in sys.modules)
listed = [name for name in ("load", "KnowledgeGraph", "network", "sparql", "explorer") if name in dir(spacegraph)]
table = spacegraph.network.centrality_table
print(heavy, listed, table.__module__)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] ['load', 'KnowledgeGraph', 'network', 'sparql', 'explorer'] spacegraph.network.centrality"
