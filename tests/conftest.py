from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def kg():
    import spacegraph

    return spacegraph.load()


@pytest.fixture
def fixture_path():
    return lambda name: DATA / name


import contextlib
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def _stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_program():
    from spacegraph.sparql.server import oxigraph_command

    return oxigraph_command()


@contextlib.contextmanager
def running_server(command, ready_path):
    """Run ``command(port)`` on a free 127.0.0.1 port until it answers ``ready_path``; yield its base URL."""
    port = _free_port()
    process = subprocess.Popen([*command(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + ready_path, process)
        yield base
    finally:
        _stop(process)


def running_oxigraph(subcommand, location):
    """Run ``oxigraph SUBCOMMAND --location LOCATION`` on a free 127.0.0.1 port; yield its base URL."""
    return running_server(lambda port: [oxigraph_program(), subcommand, "--location", str(location),
                                        "--bind", f"127.0.0.1:{port}"], "/query?query=ASK%7B%7D")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real, writable Oxigraph server on a free 127.0.0.1 port: yields its base URL."""
    with running_oxigraph("serve", tmp_path_factory.mktemp("oxigraph")) as base:
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
