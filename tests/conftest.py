import sys
from pathlib import Path

import pytest
from helpers import benchmark_module, load_two_sources, running_oxigraph, running_server, running_virtuoso

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def china_trends_kg():
    """The graph of China Trends #22 alone (its five theme files): the graph before the corpus was ingested."""
    from helpers import china_trends_files

    import spacegraph

    return spacegraph.load(china_trends_files())


@pytest.fixture(scope="session")
def two_sources(tmp_path_factory):
    """The real data and a second source that states one of its triples again, one new one and a different date."""
    return load_two_sources(tmp_path_factory.mktemp("two-sources"))


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """A copy of graph_data/ and a build of it, made once: ``(folder, data files, sources folder)``, the build in folder/build.

    Only for tests that read it: a test that changes a file or the build makes its own.
    """
    import shutil

    from spacegraph.core import paths
    from spacegraph.workflows.build import build

    folder = tmp_path_factory.mktemp("built-project")
    data = folder / "graph_data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("review"))
    files = sorted(data.glob("*.ttl"))
    build(files, output_dir=folder / "build", sources_dir=data / "sources")
    return folder, files, data / "sources"


@pytest.fixture
def fixture_path():
    return lambda name: DATA / name


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real, writable Oxigraph server on a free 127.0.0.1 port: yields its base URL."""
    with running_oxigraph("serve", tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A private Virtuoso 7 (its own database and ini in a temporary folder) on free 127.0.0.1 ports: yields its base URL."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture(scope="session")
def spacegraph_endpoint():
    """`spacegraph serve` as a user starts it, on a free port, with a 2 s timeout and a cap of 50 results."""
    command = lambda port: [sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port),  # noqa: E731
                            "--timeout", "2", "--result-cap", "50"]
    with running_server(command, "/") as base:
        yield base


@pytest.fixture(scope="session")
def synthetic():
    """The benchmarks' synthetic graph generator (benchmarks/synthetic.py) as a module."""
    return benchmark_module("synthetic")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (see ``helpers.chromium_executable``)."""
    from helpers import CHROMIUM_ARGS, chromium_executable
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, kg):
    """The explorer page of the real data, written once per module."""
    return kg.render(tmp_path_factory.mktemp("explorer") / "explorer.html")


@pytest.fixture
def opened_desktop(browser, page_file):
    """The real data's explorer page in a 1440 × 900 window; the test fails on any console error it leaves."""
    from helpers import Opened

    view = Opened(browser, page_file, viewport=(1440, 900))
    yield view
    assert view.errors == []
    view.page.close()
