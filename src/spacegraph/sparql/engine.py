"""The Oxigraph server behind ``spacegraph serve``: loaded, isolated, supervised.

:class:`OxigraphEngine` bulk-loads the graph into a private store, then starts
:mod:`spacegraph.sparql.engine_host` in a network namespace of its own, which runs
``oxigraph serve-read-only`` there and restarts it if it dies. The guard gets
each connection to it as a socket passed over a Unix socket pair: no port is
open to the machine, and the engine has no route to anything.

Where namespaces are not available, the host runs beside the guard and the
engine listens on a private 127.0.0.1 port; :attr:`OxigraphEngine.isolated`
says which, and ``spacegraph serve`` warns.
"""

import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..errors import EngineFailed, EngineUnavailable, MissingDependency

__all__ = ["OxigraphEngine", "EngineUnavailable", "oxigraph_command"]


def oxigraph_command():
    """Return the path of the ``oxigraph`` server program, or raise :class:`MissingDependency`."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise MissingDependency("spacegraph serve needs the Oxigraph server; install it with: pip install 'spacegraph[server]'")
    return found


class OxigraphEngine:
    """The graph in a read-only Oxigraph server that only this process can reach.

    Parameters
    ----------
    ntriples : bytes or None
        The graph, as N-Triples or N-Quads (named graphs too), loaded into a store of its own; None with ``location``.
    location : path-like, optional
        An Oxigraph store on disk to serve as it is, read-only, instead (a built store: it
        is neither copied nor deleted).
    timeout : float
        Seconds after which Oxigraph cancels a query.
    isolate : bool
        Run the engine in a network namespace of its own (off for federation,
        which needs the network).
    memory : int
        Resident bytes an Oxigraph server may use (0: no cap). A query that needs more gets
        its server killed, which its spare replaces; the other queries are asked again.
    """

    def __init__(self, ntriples, *, timeout, isolate=True, location=None, memory=0):
        self.ntriples = ntriples
        self.location = Path(location) if location is not None else None
        self.timeout = timeout
        self.isolate = isolate
        self.isolated = False
        self.folder: Path | None = None
        self.host: subprocess.Popen[bytes] | None = None
        self.channel: socket.socket | None = None
        self._lock = threading.Lock()
        self.restarts = 0
        self.memory = int(memory)
        #: How many times a server was replaced on request (a query past its deadline).
        self.replacements = 0

    def start(self, wait=30.0):
        """Load the data, start the engine, and wait until it answers."""
        from .sandbox import namespace_prefix

        program = oxigraph_command()
        if self.location is None:
            self.folder = Path(tempfile.mkdtemp(prefix="spacegraph-serve-"))
            data = self.folder / "graph.nq"  # N-Triples are N-Quads too
            data.write_bytes(self.ntriples)
            loaded = subprocess.run([program, "load", "--location", str(self.folder / "store"), "--file", str(data)],
                                    capture_output=True, text=True)
            data.unlink()
            if loaded.returncode != 0:
                self.stop()
                raise EngineFailed(f"oxigraph load failed: {' '.join(loaded.stderr.strip().splitlines()[-1:])}")
        self.prefix = namespace_prefix() if self.isolate else None
        self.isolated = self.prefix is not None
        self._start_host()
        deadline = time.monotonic() + wait
        while True:
            try:
                self.connect().close()
                return self
            except EngineUnavailable:
                if time.monotonic() > deadline:
                    self.stop()
                    raise EngineFailed(f"the Oxigraph server did not answer within {wait:g} s") from None
                time.sleep(0.05)

    def _start_host(self):
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        command = [sys.executable, "-m", "spacegraph.sparql.engine_host", str(theirs.fileno()), oxigraph_command(),
                   str(self._store), str(max(1, round(self.timeout))), str(self.memory)]
        # the host exits when its end of the channel closes, so it never outlives this process
        self.host = subprocess.Popen([*(self.prefix or []), *command], pass_fds=(theirs.fileno(),),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        theirs.close()
        self.channel = mine

    @property
    def _store(self) -> Path:
        """Where the store is: the location given, else the folder :meth:`start` loaded the data into."""
        if self.location is not None:
            return self.location
        if self.folder is None:
            raise EngineUnavailable("the query engine is stopped")
        return self.folder / "store"

    def connect(self, timeout=5.0):
        """Return a new socket connected to the engine's HTTP port.

        Raises
        ------
        EngineUnavailable
            While the engine starts or restarts (the caller answers 503).
        """
        with self._lock:
            if self.host is None or self.channel is None:
                raise EngineUnavailable("the query engine is stopped")
            if self.host.poll() is not None:  # the host itself died: start a new one
                self.channel.close()
                self.restarts += 1
                self._start_host()
                raise EngineUnavailable("the query engine is restarting")
            try:
                self.channel.settimeout(timeout)
                self.channel.sendall(b"c")
                message, fds, _, _ = socket.recv_fds(self.channel, 1, 1)
            except OSError:
                raise EngineUnavailable("the query engine is restarting") from None
            if message != b"+" or not fds:
                raise EngineUnavailable("the query engine is restarting")
            connection = socket.socket(fileno=fds[0])
            connection.setblocking(True)  # the host connected it with a time-out, which left it non-blocking
            return connection

    def replace(self):
        """Kill the Oxigraph server now answering, so whatever it is doing stops at once; its spare takes over.

        Queries it was answering fail with a closed connection; the guard asks again those that
        were not past their own deadline.
        """
        with self._lock:
            if self.host is None or self.channel is None or self.host.poll() is not None:
                return
            try:
                self.channel.sendall(b"k")
            except OSError:
                return
            self.replacements += 1

    def engine_pid(self):
        """The process id of the Oxigraph server now answering, or None (for tests and diagnostics)."""
        with self._lock:
            if self.host is None or self.channel is None or self.host.poll() is not None:
                return None
            try:
                self.channel.settimeout(5)
                self.channel.sendall(b"p")
                answer = b""
                while len(answer) < 8:
                    part = self.channel.recv(8 - len(answer))
                    if not part:
                        return None
                    answer += part
            except OSError:
                return None
        return int.from_bytes(answer, "big") or None

    def stop(self):
        """Stop the engine and delete its store."""
        with self._lock:
            if self.channel is not None:
                self.channel.close()
                self.channel = None
            if self.host is not None:
                try:
                    self.host.wait(5)  # the host stops Oxigraph when its channel closes
                except subprocess.TimeoutExpired:
                    self.host.kill()
                    self.host.wait()
                self.host = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
