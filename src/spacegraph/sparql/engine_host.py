"""The host of the Oxigraph server behind ``spacegraph serve``: it keeps it running and hands out connections.

``spacegraph serve`` starts this module as a program, in a network namespace
of its own when the machine allows it (see :func:`spacegraph.sparql.sandbox.namespace_prefix`)::

    unshare --net python -m spacegraph.sparql.engine_host FD PROGRAM STORE TIMEOUT

There it brings the namespace's loopback up, starts ``oxigraph
serve-read-only`` on it and restarts it whenever it dies. The guard asks for
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


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Oxigraph:
    def __init__(self, program, store, timeout):
        self.command = [program, "serve-read-only", "--location", store, "--timeout-s", timeout]
        self.process = None
        self.port = None
        self.starts = 0

    def ensure_running(self):
        if self.process is not None and self.process.poll() is None:
            return
        if self.process is not None:
            sys.stderr.write(f"spacegraph: the Oxigraph server stopped (exit code {self.process.returncode}); restarting it\n")
        self.port = _free_port()
        self.process = subprocess.Popen([*self.command, "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=_die_with_parent)
        self.starts += 1

    def connect(self):
        self.ensure_running()
        try:
            return socket.create_connection(("127.0.0.1", self.port), timeout=2)
        except OSError:
            return None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def main(argv=None):
    """Run the host: ``FD PROGRAM STORE TIMEOUT``."""
    fd, program, store, timeout = (argv or sys.argv[1:])
    channel = socket.socket(fileno=int(fd))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        bring_loopback_up()
    except OSError as error:  # not in a namespace of our own: the host's loopback is up already
        if error.errno != 1:
            raise
    engine = _Oxigraph(program, store, timeout)
    engine.ensure_running()
    try:
        while True:
            ready, _, _ = select.select([channel], [], [], 0.2)
            engine.ensure_running()  # a dead server is restarted at once, not at the next request
            if not ready:
                continue
            asked = channel.recv(64)
            if not asked:
                return 0
            for _ in asked:
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
