"""The host of the Oxigraph server behind ``spacegraph serve``: it keeps it running and hands out connections.

``spacegraph serve`` starts this module as a program, in a network namespace
of its own when the machine allows it (see :func:`spacegraph.sparql.sandbox.namespace_prefix`)::

    unshare --net python -m spacegraph.sparql.engine_host FD PROGRAM STORE TIMEOUT MEMORY

There it brings the namespace's loopback up, starts ``oxigraph
serve-read-only`` on it, with a spare beside it; it replaces the answering one with the
spare when it dies, passes its memory cap, or the guard asks (a query past its deadline). The guard asks for
a connection by writing one byte on the Unix socket ``FD``; the host connects
to Oxigraph and passes the connected socket back (``SCM_RIGHTS``), or a
``-`` when Oxigraph is not answering yet. Nothing outside can reach the
Oxigraph server, and Oxigraph can reach nothing outside: a SERVICE call finds
no network at all.

When the guard's end of the socket closes, the host stops Oxigraph and exits.
"""

import fcntl
import select
import signal
import socket
import struct
import subprocess
import sys
import time

from ..core.local_http import free_port
from .process_memory import resident_bytes

__all__ = ["main", "bring_loopback_up"]

_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1
_PR_SET_PDEATHSIG = 1


def bring_loopback_up():
    """Set the ``lo`` interface of this network namespace up (a new namespace starts with it down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as handle:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(handle, _SIOCGIFFLAGS, request))[1]
        if not flags & _IFF_UP:
            fcntl.ioctl(handle, _SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | _IFF_UP))


def _die_with_parent():
    """Run in Oxigraph's process before it starts: it is killed if this host dies, however."""
    import ctypes

    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class _Oxigraph:
    """The Oxigraph server that answers, and a spare already started to take its place at once.

    A query that passes its deadline may keep a server busy (planning a long path, sorting a
    cross product): the guard then asks for the server to be replaced (``k``). The server is
    killed, which stops its work at once, and the spare answers from then on, while a new spare
    starts. A server whose resident memory passes the cap is killed and replaced the same way
    (checked every :data:`_MEMORY_CHECK_SECONDS`), as is one that dies.

    The cap is on resident memory, not address space: Oxigraph starts a thread per query to
    time it out, each with its own stack reserved, so under load its address space grows by
    gigabytes it never touches, and an address-space limit refused threads to honest queries.
    """

    def __init__(self, program, store, timeout, memory=0):
        self.command = [program, "serve-read-only", "--location", store, "--timeout-s", timeout]
        self.memory = int(memory)
        self.current = None  # (process, port)
        self.spare = None
        self.starts = 0

    def _spawn(self):
        port = free_port()

        def prepare():  # in the server's process, before it starts
            _die_with_parent()
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal reaches the group: the guard stops it

        process = subprocess.Popen([*self.command, "--bind", f"127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=prepare)
        self.starts += 1
        return process, port

    def ensure_running(self):
        if self.current is not None and self.current[0].poll() is not None:
            process = self.current[0]
            sys.stderr.write(f"spacegraph: the Oxigraph server stopped (exit code {process.returncode}); its spare takes "
                             f"over\n")
            self.current = None
        if self.spare is not None and self.spare[0].poll() is not None:
            self.spare = None
        if self.current is None:
            self.current, self.spare = (self.spare or self._spawn()), None
        if self.spare is None:
            self.spare = self._spawn()

    def check_memory(self):
        """Replace the answering server if its resident memory passed the cap."""
        if not self.memory or self.current is None:
            return
        used = resident_bytes(self.current[0].pid)
        if used > self.memory:
            sys.stderr.write(f"spacegraph: the Oxigraph server used {used / 2**30:.2f} GiB, more than its cap of "
                             f"{self.memory / 2**30:.2f} GiB; its spare takes over\n")
            self.replace()

    def replace(self):
        """Kill the answering server (its work stops at once); the spare takes its place."""
        if self.current is not None:
            _kill(self.current[0])
            self.current = None
        self.ensure_running()

    def connect(self, wait=2.0):
        self.ensure_running()
        assert self.current is not None  # ensure_running started one
        process, port = self.current
        deadline = time.monotonic() + wait
        while True:  # a spare that just took over may still be opening the store
            try:
                return socket.create_connection(("127.0.0.1", port), timeout=2)
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    return None
                time.sleep(0.02)

    def pid(self):
        return self.current[0].pid if self.current is not None else 0

    def stop(self):
        for kept in (self.current, self.spare):
            if kept is not None and kept[0].poll() is None:
                _kill(kept[0], politely=True)
        self.current = self.spare = None


#: How often the host reads the answering server's resident memory.
_MEMORY_CHECK_SECONDS = 0.05
def _kill(process, politely=False):
    if politely:
        process.terminate()
        try:
            process.wait(5)
            return
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    process.wait()


def main(argv=None):
    """Run the host: ``FD PROGRAM STORE TIMEOUT [MEMORY]`` (MEMORY: the resident bytes a server may use; 0 for no cap).

    On ``FD`` the guard writes ``c`` for a connection (answered ``+`` with the socket, or ``-``),
    ``k`` to replace the answering server, and ``p`` for its process id (answered as 8 bytes).
    """
    fd, program, store, timeout, *rest = (argv or sys.argv[1:])
    channel = socket.socket(fileno=int(fd))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the host ends when the guard does
    try:
        bring_loopback_up()
    except OSError as error:  # not in a namespace of our own: the host's loopback is up already
        if error.errno != 1:
            raise
    engine = _Oxigraph(program, store, timeout, rest[0] if rest else 0)
    engine.ensure_running()
    try:
        while True:
            ready, _, _ = select.select([channel], [], [], _MEMORY_CHECK_SECONDS)
            engine.ensure_running()  # a dead server is restarted at once, not at the next request
            engine.check_memory()
            if not ready:
                continue
            asked = channel.recv(64)
            if not asked:
                return 0
            for command in asked:
                if command == ord("k"):
                    engine.replace()
                    continue
                if command == ord("p"):
                    channel.sendall(engine.pid().to_bytes(8, "big"))
                    continue
                connection = engine.connect()
                if connection is None:
                    channel.sendall(b"-")
                    continue
                socket.send_fds(channel, [b"+"], [connection.fileno()])
                connection.close()
    finally:
        engine.stop()


if __name__ == "__main__":  # no parent-death signal here: the guard may start a host from a thread that ends soon
    sys.exit(main())
