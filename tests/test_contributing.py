"""CONTRIBUTING.md stays true: its table of the package's layers names every module and folder, and nothing else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "spacegraph"


def _table_rows():
    """The cells of each row of the layer table (the one headed "| layer ..."), header and rule left out."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = re.search(r"^\| layer[^\n]*\n\|[-| ]+\|\n((?:\|[^\n]*\n)+)", text, re.M)
    assert table, "CONTRIBUTING.md has no table headed '| layer ...'"
    return [[cell.strip() for cell in row.strip().strip("|").split(" | ")] for row in table.group(1).splitlines()]


def _named(cells):
    """The names in backticks, without a trailing ``.py``."""
    return {name.removesuffix(".py") for cell in cells for name in re.findall(r"`([^`]+)`", cell)}


def _package():
    """The package's modules (by name, ``__init__`` aside) and its folders (``name/``)."""
    modules = {path.stem for path in PACKAGE.rglob("*.py") if path.stem != "__init__"}
    folders = {f"{path.parent.name}/" for path in PACKAGE.rglob("__init__.py") if path.parent != PACKAGE}
    return modules, folders


def test_the_layer_table_names_every_module_and_folder_of_the_package():
    modules, folders = _package()
    named = set().union(*(_named(row) for row in _table_rows()))
    assert sorted(modules - named) == [], "modules missing from CONTRIBUTING.md's layer table"
    assert sorted(folders - named) == [], "folders missing from CONTRIBUTING.md's layer table"


def test_the_layer_table_names_no_module_that_does_not_exist():
    # the first two columns hold only modules and folders; the third also names functions, classes and templates
    modules, folders = _package()
    packages = {folder.removesuffix("/") for folder in folders}
    named = set().union(*(_named(row[:2]) for row in _table_rows()))
    unknown = {name for name in named if name not in folders and name.removesuffix("/") not in modules | packages}
    assert sorted(unknown) == [], "CONTRIBUTING.md's layer table names modules or folders that do not exist"
