"""Helpers shared by several test modules: free ports, server processes, Chromium, named query parameters, the two-source graph.

Fixtures live in conftest.py; this module holds plain functions and constants,
imported as ``from helpers import ...`` (pytest puts tests/ on sys.path).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from spacegraph.core.local_http import free_port

#: Parameters for the named queries that need them.
PARAMS = {
    "actor-profile": {"actor": "ASF"},
    "evidence": {"actor": "Russia", "other": "China"},
    "search": {"text": "duchatel"},
}

def plain_row(row, *, empty_is_unbound=False):
    """A result row as plain values, to compare answers of two engines.

    GROUP_CONCAT may join in any order: the joined parts are compared as sets.
    With ``empty_is_unbound``, an empty string counts as unbound: Virtuoso's
    GROUP_CONCAT over no value gives "" where Oxigraph leaves the variable unbound.
    """
    def plain(term):
        if term is None or empty_is_unbound and str(term) == "":
            return ""
        return sorted(str(term).replace(" | ", ", ").split(", "))

    return tuple(plain(term) for term in row)


#: A second source for the real data: a made-up note (orbital-note.txt) and the facts quoted from it (orbital-note.ttl).
TWO_SOURCES = Path(__file__).parent / "data" / "two_sources"


#: The data files of China Trends #22, the graph's first source, by theme.
CHINA_TRENDS_FILES = ("commercial.ttl", "exploration.ttl", "geopolitics.ttl", "military.ttl", "publications.ttl")


def china_trends_files():
    """The data files of China Trends #22 alone, without the sources ingested since."""
    from spacegraph.core import paths

    return [paths.data_dir() / name for name in CHINA_TRENDS_FILES]


def two_source_files():
    """The real ``graph_data/*.ttl`` and ``tests/data/two_sources/orbital-note.ttl``."""
    from spacegraph.core import paths

    return [*paths.data_files(), TWO_SOURCES / "orbital-note.ttl"]


def load_two_sources(folder):
    """Load :func:`two_source_files` with a sources folder, made in ``folder``, that holds every source text."""
    import spacegraph
    from spacegraph.core import paths

    sources = Path(folder) / "sources"
    sources.mkdir()
    for text in [*paths.sources_dir().glob("*.txt"), TWO_SOURCES / "orbital-note.txt"]:
        shutil.copy(text, sources)
    return spacegraph.load(two_source_files(), sources_dir=sources)


def wait_until_up(url, process, seconds=60):
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


def stop_process(process):
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
    port = free_port()
    process = subprocess.Popen([*command(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + ready_path, process)
        yield base
    finally:
        stop_process(process)


def running_oxigraph(subcommand, location):
    """Run ``oxigraph SUBCOMMAND --location LOCATION`` on a free 127.0.0.1 port; yield its base URL."""
    return running_server(lambda port: [oxigraph_program(), subcommand, "--location", str(location),
                                        "--bind", f"127.0.0.1:{port}"], "/query?query=ASK%7B%7D")


def benchmark_module(name):
    """The script ``benchmarks/NAME.py`` as a module (the benchmarks are scripts, not a package)."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"spacegraph_benchmarks_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def running_virtuoso(folder):
    """Run a private Virtuoso (``virtuoso-t``) with its database in ``folder``; yield its base URL.

    Fails the calling test, saying why (with how to install it when ``virtuoso-t`` is missing).
    A fresh database has the user ``dba`` with the password ``dba``.
    """
    import pytest

    try:
        server = benchmark_module("virtuoso_server").PrivateVirtuoso(folder).__enter__()
    except RuntimeError as error:
        pytest.fail(f"the Virtuoso tests need a running Virtuoso: {error}", pytrace=False)
    try:
        yield server.base
    finally:
        server.__exit__()


def chromium_executable():
    """The Chromium the browser tests drive: $SPACEGRAPH_CHROMIUM, else ``chromium`` or ``chromium-browser`` on PATH.

    Fails the calling test, with how to install it, when there is none.
    """
    import pytest

    chosen = os.environ.get("SPACEGRAPH_CHROMIUM")
    if chosen:
        found = shutil.which(chosen)
        if not found:
            pytest.fail(f"SPACEGRAPH_CHROMIUM={chosen} is not an executable file; point it at a Chromium binary "
                        "or unset it to use chromium from PATH", pytrace=False)
        return found
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium not found: the browser tests need it. Install it with `apt-get install -y chromium` "
                    "(Debian/Ubuntu), or set SPACEGRAPH_CHROMIUM to the path of a Chromium binary", pytrace=False)
    return found


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class Opened:
    """A page with every console error, dialog and request recorded."""

    def __init__(self, browser, path, *, viewport=(1400, 900), fragment=""):
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri() + fragment)
        # polled from here: the page's Content-Security-Policy forbids the eval that wait_for_function uses
        deadline = time.monotonic() + 30
        while not self.page.evaluate("() => Boolean(window.spacegraph && window.spacegraph.isStable())"):
            assert time.monotonic() < deadline, "the layout did not settle within 30 s"
            self.page.wait_for_timeout(50)

    def visible(self):
        return set(self.page.evaluate("window.spacegraph.visibleNodeIds()"))


def explorer_payload(html):
    """The data an explorer page holds, read back from its packed ``explorer-data`` element."""
    import re

    from spacegraph.explorer.render import unpacked_payload

    found = re.search(r'<script id="explorer-data" type="application/octet-stream">(.*?)</script>', html, re.S)
    assert found, "the page holds no explorer-data element"
    return unpacked_payload(found.group(1))


class HostileServer:
    """A TCP server on a free 127.0.0.1 port that hands each connection to ``behaviour(connection)``, in a thread."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/query"
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        try:
            self.behaviour(connection)
        finally:
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.listener.close()


def raw_exchange(base, data, wait=3.0):
    """Send raw bytes on one connection to ``base``; return all the server sends back until it closes or goes quiet."""
    import socket

    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(data)
        received = b""
        try:
            while part := connection.recv(65536):
                received += part
        except TimeoutError:
            pass
    return received
