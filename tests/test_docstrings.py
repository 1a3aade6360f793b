"""Every user-facing function and method has a numpydoc docstring with an example, and no doctest leaves a folder behind."""

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

#: The modules whose ``__all__`` names the user-facing API (issue 29): every function they name, and every public
#: method of a class they name, documents its parameters, what it returns, and shows an example that runs.
USER_FACING = [
    "spacegraph", "spacegraph.graph", "spacegraph.graph.knowledge_graph", "spacegraph.graph.loading",
    "spacegraph.graph.remote", "spacegraph.graph.stats", "spacegraph.graph.export",
    "spacegraph.network", "spacegraph.network.projection", "spacegraph.network.centrality", "spacegraph.network.structure",
    "spacegraph.network.export",
    "spacegraph.sparql", "spacegraph.sparql.library", "spacegraph.sparql.query", "spacegraph.sparql.results",
    "spacegraph.validation", "spacegraph.validation.report",
    "spacegraph.workflows.build", "spacegraph.workflows.curate",
    "spacegraph.explorer", "spacegraph.explorer.render",
    "spacegraph.ingest",
    "spacegraph.core.source", "spacegraph.core.names",
]

SRC = Path(__file__).resolve().parents[1] / "src"


def _sections(doc):
    """The numpydoc section titles of ``doc``: each a line underlined with dashes."""
    lines = inspect.cleandoc(doc or "").splitlines()
    return {lines[i].strip() for i in range(len(lines) - 1)
            if lines[i].strip() and re.fullmatch(r"-{3,}", lines[i + 1].strip())}


def _takes_parameters(function):
    parameters = list(inspect.signature(function).parameters)
    return bool(parameters[1:] if parameters[:1] in (["self"], ["cls"]) else parameters)


def _returns_something(function):
    """Whether ``function`` returns or yields a value: from its return annotation, else from its body."""
    annotation = inspect.signature(function, eval_str=False).return_annotation
    if annotation is not inspect.Signature.empty:
        return annotation not in (None, "None", type(None))
    try:
        tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return True
    body = tree.body[0]
    nested = {id(node) for inner in ast.walk(body) if inner is not body and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                                            ast.Lambda, ast.ClassDef))
              for node in ast.walk(inner)}
    return any(isinstance(node, (ast.Yield, ast.YieldFrom)) or isinstance(node, ast.Return) and node.value is not None
               for node in ast.walk(body) if id(node) not in nested)


def _missing(function):
    """The sections ``function``'s docstring lacks: Parameters, Returns (or Yields) and Examples, each where it applies."""
    sections = _sections(inspect.getdoc(function))
    missing = []
    if _takes_parameters(function) and "Parameters" not in sections:
        missing.append("Parameters")
    if _returns_something(function) and not sections & {"Returns", "Yields"}:
        missing.append("Returns")
    if "Examples" not in sections:
        missing.append("Examples")
    return missing


def _methods(cls):
    """``{name: function}``: the public methods (not properties) of ``cls`` and of its spacegraph bases."""
    found = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("spacegraph"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if inspect.isfunction(member) and member.__module__.startswith("spacegraph"):
                found[name] = member
    return found


def user_facing(module):
    """``{name: function}`` of every function, and every public method of a class, that ``module.__all__`` names."""
    found = {}
    for name in module.__all__:
        value = getattr(module, name)
        if not getattr(value, "__module__", "").startswith("spacegraph") or inspect.ismodule(value):
            continue
        if inspect.isclass(value):
            if not issubclass(value, BaseException):
                found.update({f"{name}.{method}": function for method, function in _methods(value).items()})
        elif inspect.isfunction(value):
            found[name] = value
    return found


@pytest.mark.parametrize("module", USER_FACING)
def test_every_user_facing_function_has_parameters_returns_and_examples(module):
    functions = user_facing(importlib.import_module(module))
    assert {f"{module}.{name}": gaps for name, function in functions.items() if (gaps := _missing(function))} == {}


def test_the_docstring_check_finds_what_is_missing():
    import types

    module = types.ModuleType("spacegraph.example")

    def complete(a):
        """Double.

        Parameters
        ----------
        a : int

        Returns
        -------
        int

        Examples
        --------
        >>> complete(1)
        2
        """
        return 2 * a

    def bare(a) -> int:
        """Double."""
        return 2 * a

    def quiet():
        """Nothing.

        Examples
        --------
        >>> quiet()
        """

    def generator():
        """Count."""
        yield 1

    class Thing:
        def method(self, x: int) -> None:
            """Do.

            Examples
            --------
            >>> Thing().method(1)
            """

        def _private(self):
            return 1

        @property
        def size(self) -> int:
            return 0

    for value in (complete, bare, quiet, generator, Thing, Thing.method, Thing._private):
        value.__module__ = module.__name__
    module.complete, module.bare, module.quiet, module.generator, module.Thing = complete, bare, quiet, generator, Thing
    module.types = types
    module.__all__ = ["complete", "bare", "quiet", "generator", "Thing", "types"]
    assert {name: _missing(function) for name, function in user_facing(module).items()} == {
        "complete": [], "bare": ["Parameters", "Returns", "Examples"], "quiet": [], "generator": ["Returns", "Examples"],
        "Thing.method": ["Parameters"]}


def _doctest_sources():
    """``(file, line, source)`` of every ``>>>`` and ``...`` line of the modules under src/."""
    for file in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith((">>> ", "... ")):
                yield file, number, stripped[4:]


def test_no_doctest_makes_a_folder_it_leaves_behind():
    """``tempfile.mkdtemp()`` in an example leaves a folder on every run; a ``TemporaryDirectory()`` block cleans up."""
    found = [f"{file.relative_to(SRC)}:{number}" for file, number, source in _doctest_sources() if "mkdtemp(" in source]
    assert found == []
    assert any("TemporaryDirectory(" in source for _, _, source in _doctest_sources())
