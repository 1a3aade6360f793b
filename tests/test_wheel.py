"""The wheel carries the ontology and data, and builds from an unrelated folder."""

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (found,) = out.glob("spacegraph-*.whl")
    return found


def test_wheel_carries_ontology_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "spacegraph/_data/ontology/spacegraph.ttl",
        "spacegraph/_data/ontology/shapes.ttl",
        "spacegraph/_data/graph_data/military.ttl",
        "spacegraph/_data/graph_data/sources/china-trends-22.txt",
        "spacegraph/_data/queries/ilrs-members.rq",
        "spacegraph/sparql/templates/query_page.html",
        "spacegraph/explorer/templates/explorer.html",
        "spacegraph/cli.py",
    ]:
        assert expected in names


def _clean_environment():
    """The environment without PYTHONPATH, so that only the wheel can provide spacegraph."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def test_installed_wheel_builds_outside_the_checkout(wheel, tmp_path):
    env = _clean_environment()
    env_dir = tmp_path / "venv"
    # Dependencies come from the running interpreter; spacegraph itself only from the wheel.
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   env=env, check=True, capture_output=True, text=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import spacegraph.core.paths as p; print(p.data_root())"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout.strip()
    assert where.startswith(str(env_dir)) and where.endswith("_data")
    result = subprocess.run([str(env_dir / "bin" / "spacegraph"), "build"], cwd=work, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (work / "build").iterdir()) == ["explorer.html", "ingest-model.json", "spacegraph-derived.nt", "spacegraph.jsonld", "spacegraph.nt", "spacegraph.ttl",
                                                                  "store", "stores"]
    assert "validation     passed" in result.stdout
    query = subprocess.run([str(env_dir / "bin" / "spacegraph"), "query", "ilrs-members", "--format", "csv"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert query.returncode == 0, query.stderr
    assert "Venezuela" in query.stdout
