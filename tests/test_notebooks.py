"""The notebooks run top to bottom in a fresh kernel, and are committed with their outputs.

nbformat and nbclient are imported by the tests that use them: importing them takes seconds.
"""

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _read(path):
    import nbformat

    return nbformat.read(path, as_version=4)


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01-sparql-tour.ipynb", "02-centrality.ipynb", "03-explore.ipynb"]


#: The text a reader sees, as it is kept: streams and text, Markdown and HTML outputs (images and execution counts aside).
SHOWN = ("text/plain", "text/markdown", "text/html")


def _shown(notebook):
    """Each code cell's text outputs, one string each; a file's size in KiB and the explorer's page inside a frame
    (the explorer's own tests check the page) are replaced by placeholders."""
    import re

    shown = []
    for cell in (c for c in notebook.cells if c.cell_type == "code"):
        texts = []
        for output in cell.outputs:
            if output.output_type == "stream":
                texts.append(f"{output.name}: {output.text}")
            for kind in SHOWN:
                text = output.get("data", {}).get(kind)
                if text is not None:
                    text = re.sub(r"\b\d[\d,]* KiB\b", "N KiB", re.sub(r'^<iframe srcdoc="[^"]*"', '<iframe srcdoc="…"', text))
                    texts.append(f"{kind}: {text}")
        shown.append(texts)
    return shown


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_a_fresh_kernel_and_shows_its_committed_outputs(path, tmp_path):
    from nbclient import NotebookClient

    notebook = _read(path)
    committed = _shown(notebook)
    # run in a temporary folder, as in notebooks/: a notebook leaves nothing behind where it runs
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert list(tmp_path.iterdir()) == []
    assert _shown(notebook) == committed, f"run it again: jupyter nbconvert --to notebook --execute --inplace notebooks/{path.name}"


@pytest.mark.slow
def test_the_notebook_extra_brings_the_jupyter_front_end_the_readme_names():
    import shutil
    import subprocess
    import tomllib

    root = Path(__file__).resolve().parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(requirement.startswith("jupyterlab") for requirement in extras["notebook"])
    readme = (root / "README.md").read_text()
    assert "pip install -e '.[notebook]'" in readme and "jupyter lab notebooks/" in readme
    program = shutil.which("jupyter-lab")
    assert program, "jupyterlab is not installed"
    assert subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60).stdout.startswith("4.")


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_with_outputs_and_no_absolute_paths(path):
    notebook = _read(path)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert all(c.outputs for c in code if not c.source.startswith("import"))
    sources = "\n".join(c.source for c in notebook.cells)
    for absolute in ("/work/", "/tmp/", "/root/", "/home/"):
        assert absolute not in sources


@pytest.mark.slow
def test_the_centrality_notebook_draws_its_charts():
    notebook = _read(NOTEBOOKS[1])
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2


@pytest.mark.slow
def test_the_explore_notebook_shows_the_explorer_inline():
    notebook = _read(NOTEBOOKS[2])
    frames = [o["data"]["text/html"] for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if "text/html" in o.get("data", {}) and "<iframe srcdoc=" in o["data"]["text/html"]]
    assert len(frames) == 2
