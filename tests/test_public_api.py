"""The public API is typed and importable under the names the README and notebooks use."""

import importlib
import inspect

import pytest

#: The packages and modules users import. Each lists its public names in ``__all__``, and every function and
#: every public method of a class named there is annotated: each parameter but self, cls, *args and **kwargs, and
#: the return. mypy checks these modules with ``disallow_untyped_defs`` too (``pyproject.toml``).
PUBLIC_MODULES = [
    "spacegraph", "spacegraph.errors", "spacegraph.core.source",
    "spacegraph.graph", "spacegraph.graph.knowledge_graph", "spacegraph.graph.loading", "spacegraph.graph.local",
    "spacegraph.graph.remote", "spacegraph.graph.stats", "spacegraph.graph.export",
    "spacegraph.sparql", "spacegraph.sparql.query", "spacegraph.sparql.results", "spacegraph.sparql.library",
    "spacegraph.network", "spacegraph.network.projection", "spacegraph.network.centrality", "spacegraph.network.structure",
    "spacegraph.network.export",
    "spacegraph.explorer", "spacegraph.explorer.render",
    "spacegraph.validation", "spacegraph.validation.report",
    "spacegraph.ingest",
    "spacegraph.workflows.build", "spacegraph.workflows.curate",
]


def _resolve(spec):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _unannotated(function):
    """The parameters of ``function`` without an annotation (self, cls, *args and **kwargs aside), and "return"."""
    signature = inspect.signature(function)
    missing = [name for name, p in signature.parameters.items()
               if name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               and p.annotation is inspect.Parameter.empty]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def _methods(cls):
    """``{name: function}``: the public methods of ``cls`` and of its spacegraph bases, ``__init__`` and ``__call__`` too."""
    found = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("spacegraph"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_") and name not in ("__init__", "__call__"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            elif isinstance(member, property):
                member = member.fget
            if inspect.isfunction(member) and member.__module__.startswith("spacegraph"):  # not typing's Protocol.__init__
                found[name] = member
    return found


def _public_functions(module):
    """``{name: function}`` of every function, and every public method of a class, that ``module.__all__`` names."""
    found = {}
    for name in module.__all__:
        value = getattr(module, name)
        if not getattr(value, "__module__", "").startswith("spacegraph"):  # a module, a constant, another library's
            continue
        if inspect.isclass(value):
            found.update({f"{name}.{method}": function for method, function in _methods(value).items()})
        elif callable(value):
            found[name] = value
    return found


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_every_public_function_and_method_is_annotated(module):
    functions = _public_functions(importlib.import_module(module))
    assert functions, f"{module} names no function or class in __all__"
    assert {name: gaps for name, function in functions.items() if (gaps := _unannotated(function))} == {}


def test_the_annotation_check_finds_what_is_missing():
    import types

    module = types.ModuleType("spacegraph.example")

    def typed(a: int, *rest: int, **options: str) -> int:
        return a

    def untyped(a, b: int = 0):
        return a

    class Thing:
        def method(self, x: int): ...

        @property
        def size(self) -> int:
            return 0

    for value in (typed, untyped, Thing, Thing.method, Thing.size.fget):
        value.__module__ = module.__name__
    module.typed, module.untyped, module.Thing, module.types = typed, untyped, Thing, types
    module.__all__ = ["typed", "untyped", "Thing", "types"]  # a module it names is left aside
    assert {name: _unannotated(function) for name, function in _public_functions(module).items()} == {
        "typed": [], "untyped": ["a", "return"], "Thing.method": ["return"], "Thing.size": []}


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
