"""The package keeps its layers: no import cycle, no import from a higher layer.

The folders are the layers, lowest first (CONTRIBUTING.md draws the map):

core
    ``errors`` (the one exceptions module, kept at the top for users) and ``core/``
services
    ``sparql/``, ``validation/``, ``network/``, ``explorer/``, ``ingest/``; a service uses
    another only where ``SERVICE_USES`` says so (the explorer draws the network)
facade
    ``graph/`` (``KnowledgeGraph``, ``load``, ``RemoteEndpoint``, stats, export)
workflows
    ``workflows/`` (build, curate, review)
cli
    ``cli``

Every import counts, including those inside functions, which keep start-up
light but are dependencies all the same.
"""

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "spacegraph"

LAYERS = {
    "core": 0, "services": 1, "facade": 2, "workflows": 3, "cli": 4,
}
#: Each top-level module or folder of the package, and its layer.
LAYER_OF = {
    "errors": "core", "core": "core",
    "sparql": "services", "validation": "services", "network": "services", "explorer": "services", "ingest": "services",
    "graph": "facade", "workflows": "workflows", "cli": "cli",
}
#: The only imports from one service to another.
SERVICE_USES = {("explorer", "network"), ("ingest", "validation")}


def module_name(path, root):
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree):
    """Every import statement, except those under ``if TYPE_CHECKING:`` (read by type checkers only)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skipped.update(id(child) for statement in node.body for child in ast.walk(statement))
    return [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped]


def import_graph(root):
    """Return a DiGraph of module -> module for every import between modules of the package at ``root``."""
    package = root.name
    files = {module_name(path, root): path for path in root.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _runtime_imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # "from . import paths" names a module; "from .x import f" names a function of x
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in files else module for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in files and "." in target:
                    target = target.rpartition(".")[0]
                if target in files and target != name and target.split(".")[0] == package and target != package:
                    graph.add_edge(name, target, line=node.lineno)
    return graph


def unit_of(module):
    """The first component below the package: ``spacegraph.sparql.guard`` -> ``sparql``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def violations(graph, layer_of=LAYER_OF, service_uses=SERVICE_USES):
    """Return one line for each cycle, each upward or sideways import, and each module of no layer."""
    found = []
    for cycle in nx.simple_cycles(graph):
        found.append("import cycle: " + " -> ".join([*cycle, cycle[0]]))
    for module in graph:
        unit = unit_of(module)
        if unit is not None and unit not in layer_of:
            found.append(f"{module} belongs to no layer; add it to LAYER_OF")
    for a, b, data in graph.edges(data=True):
        ua, ub = unit_of(a), unit_of(b)
        if None in (ua, ub) or ua == ub or ua not in layer_of or ub not in layer_of:
            continue
        la, lb = layer_of[ua], layer_of[ub]
        if LAYERS[lb] > LAYERS[la]:
            found.append(f"{a} (line {data['line']}) imports {b}: {la} may not import from {lb}")
        elif la == lb == "services" and (ua, ub) not in service_uses:
            found.append(f"{a} (line {data['line']}) imports {b}: services {ua} and {ub} are independent")
    return found


def test_the_package_has_no_cycle_and_no_upward_import():
    assert violations(import_graph(PACKAGE_DIR)) == []


def test_the_library_never_imports_the_cli():
    graph = import_graph(PACKAGE_DIR)
    users = sorted(a for a, b in graph.edges if b == "spacegraph.cli")
    assert users == []


@pytest.fixture
def bad_package(tmp_path):
    """A package with a cycle hidden in functions, an upward import and a module of no layer."""
    root = tmp_path / "spacegraph"
    (root / "sparql").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "sparql" / "__init__.py").write_text("")
    (root / "core").mkdir()
    (root / "core" / "__init__.py").write_text("")
    (root / "graph.py").write_text("def f():\n    from .core import store\n")
    (root / "core" / "store.py").write_text("def g():\n    from ..graph import KnowledgeGraph\n")
    (root / "sparql" / "guard.py").write_text("from ..cli import main\nfrom ..network.projection import to_networkx\n")
    (root / "cli.py").write_text("")
    (root / "network").mkdir()
    (root / "network" / "__init__.py").write_text("")
    (root / "network" / "projection.py").write_text("")
    (root / "stray.py").write_text("import spacegraph.errors\n")
    return root


def test_the_checker_finds_cycles_upward_and_sideways_imports(bad_package):
    found = violations(import_graph(bad_package))
    assert "import cycle: spacegraph.graph -> spacegraph.core.store -> spacegraph.graph" in found or \
        "import cycle: spacegraph.core.store -> spacegraph.graph -> spacegraph.core.store" in found
    assert "spacegraph.core.store (line 2) imports spacegraph.graph: core may not import from facade" in found
    assert "spacegraph.sparql.guard (line 1) imports spacegraph.cli: services may not import from cli" in found
    assert ("spacegraph.sparql.guard (line 2) imports spacegraph.network.projection: "
            "services sparql and network are independent") in found
    assert "spacegraph.stray belongs to no layer; add it to LAYER_OF" in found


GRAPH_NAMES = {"kg", "graph", "target", "source", "endpoint", "local"}


def back_end_probes(root):
    """``(module, line)`` of each ``hasattr``/``getattr`` that asks a graph what it is (``hasattr(kg, "oxigraph_store")``)."""
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("hasattr", "getattr")
                    and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in GRAPH_NAMES):
                found.append((module_name(path, root), node.lineno))
    return found


def test_no_service_asks_a_graph_which_back_end_it_is():
    # every graph is a GraphSource (spacegraph.core.source): its services ask it for rows, never what it is
    assert back_end_probes(PACKAGE_DIR) == []


def test_the_probe_finder_finds_a_probe(tmp_path):
    root = tmp_path / "spacegraph"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "facts.py").write_text("def read(kg):\n    return getattr(kg, 'oxigraph_store', None)\n")
    assert back_end_probes(root) == [("spacegraph.facts", 2)]
