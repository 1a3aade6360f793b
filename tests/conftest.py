import sys
from pathlib import Path

import pytest
from helpers import load_two_sources, running_oxigraph, running_server, running_virtuoso

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def kg():
    import spacegraph

    return spacegraph.load()


@pytest.fixture(scope="session")
def two_sources(tmp_path_factory):
    """The real data and a second source that states one of its triples again, one new one and a different date."""
    return load_two_sources(tmp_path_factory.mktemp("two-sources"))


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
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("spacegraph_benchmarks_synthetic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
