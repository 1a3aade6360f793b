"""ESLint finds nothing in the project's JavaScript: the explorer page's scripts and their tests (eslint.config.mjs).

ESLint and its rules are pinned in package.json and package-lock.json; the first run installs them with `npm ci`
into node_modules/ (about 10 s, from the npm registry).
"""

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def tool(name):
    """The path of ``name`` (node, npm or npx), or the calling test fails with how to install them."""
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found: the JavaScript lint needs Node.js and npm. Install them with "
                    "`apt-get install -y nodejs npm` (Debian/Ubuntu)", pytrace=False)
    return found


def installed_eslint():
    """ESLint's own command, installed from the lock file when node_modules lacks it."""
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        tool("node")
        done = subprocess.run([tool("npm"), "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return eslint


def test_eslint_finds_nothing():
    eslint = installed_eslint()
    done = subprocess.run([tool("node"), str(eslint), "--max-warnings", "0", "src/spacegraph/explorer/templates", "tests/js"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"ESLint (eslint.config.mjs) found:\n{done.stdout}{done.stderr}"


def test_eslint_is_the_version_package_json_pins():
    import json

    eslint = installed_eslint()
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["eslint"]
    done = subprocess.run([tool("node"), str(eslint), "--version"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"v{pinned}", "node_modules/ is stale: run `npm ci`"
