"""Run code that executes queries where it cannot open a network connection.

This is the second layer against federation: whatever a query says, and
whether or not the query guard (:mod:`spacegraph.sparql.guard`) read it right,
the engine that runs it has no way out.

* In this process, :func:`run_offline` runs a function in a fresh thread
  under a seccomp filter that makes ``socket()``, ``connect()`` and io_uring
  fail with ``EPERM``. A seccomp filter binds the thread that installs it
  (and threads it starts) and never the rest of the process, so a notebook
  keeps its network.
* The Oxigraph server behind ``spacegraph serve`` runs in a network
  namespace of its own (:func:`namespace_prefix`): its only interface is a
  private loopback, reached from outside through a Unix socket.

Examples
--------
>>> run_offline(lambda: 6 * 7)
42
"""

import ctypes
import errno
import os
import platform
import shutil
import struct
import subprocess
import threading

from ..errors import QueryTimeout

__all__ = ["offline_supported", "run_offline", "run_in_thread", "namespace_prefix"]

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | errno.EPERM

# (audit architecture, system call numbers of socket, connect, io_uring_setup/enter/register)
_ARCHITECTURES = {
    "x86_64": (0xC000003E, (41, 42, 425, 426, 427)),
    "aarch64": (0xC00000B7, (198, 203, 425, 426, 427)),
}


def _statement(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)


def _filter_program(machine):
    """Return the BPF program that refuses the network system calls on ``machine``, as bytes."""
    arch, calls = _ARCHITECTURES[machine]
    load_word = 0x00 | 0x00 | 0x20  # BPF_LD | BPF_W | BPF_ABS
    jump_equal = 0x05 | 0x10         # BPF_JMP | BPF_JEQ | BPF_K
    jump_at_least = 0x05 | 0x30      # BPF_JMP | BPF_JGE | BPF_K
    ret = 0x06                       # BPF_RET | BPF_K
    program = [_statement(load_word, 4),                        # architecture
               _statement(jump_equal, arch, 1, 0),
               _statement(ret, _RET_EPERM),                     # any other ABI: refused
               _statement(load_word, 0)]                        # system call number
    if machine == "x86_64":
        program.append(_statement(jump_at_least, 0x40000000, len(calls) + 1, 0))  # the x32 ABI: refused
    for position, call in enumerate(calls):
        program.append(_statement(jump_equal, call, len(calls) - position, 0))
    program += [_statement(ret, _RET_ALLOW), _statement(ret, _RET_EPERM)]
    return b"".join(program)


def offline_supported():
    """Whether this machine can take the network away from one thread (Linux on x86-64 or ARM64).

    Examples
    --------
    >>> isinstance(offline_supported(), bool)
    True
    """
    return platform.system() == "Linux" and platform.machine() in _ARCHITECTURES


def _go_offline():
    """Install the filter on the calling thread; raise OSError if the kernel refuses."""
    libc = ctypes.CDLL(None, use_errno=True)
    code = _filter_program(platform.machine())
    instructions = ctypes.create_string_buffer(code, len(code))

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = _Program(len(code) // 8, ctypes.cast(instructions, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"cannot install the network filter: {os.strerror(number)}")


def run_in_thread(function, timeout=None, what="query", prepare=None):
    """Call ``function()`` in a new thread, after ``prepare()`` there; wait at most ``timeout`` seconds.

    The thread cannot be interrupted: on time-out the caller stops waiting
    and :class:`QueryTimeout` is raised while the thread finishes in the
    background (the command line exits at once). Exceptions are raised here.

    Examples
    --------
    >>> run_in_thread(lambda: 6 * 7, timeout=5)
    42
    """
    outcome = {}

    def work():
        try:
            if prepare is not None:
                prepare()
            outcome["value"] = function()
        except BaseException as error:  # handed to the waiting thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True, name="spacegraph-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"{what} timed out after {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_offline(function, timeout=None, what="query"):
    """Call ``function()`` in a new thread that cannot open any network connection; return its value.

    Parameters
    ----------
    function : callable
        What to run; its exceptions are raised here.
    timeout : float, optional
        Seconds to wait (see :func:`run_in_thread`).
    what : str
        How to name the work in the time-out message.

    Raises
    ------
    QueryTimeout
        If ``timeout`` passes first.
    OSError
        If this machine cannot take the network away (see :func:`offline_supported`).

    Examples
    --------
    >>> import socket
    >>> run_offline(lambda: socket.socket())
    Traceback (most recent call last):
    ...
    PermissionError: [Errno 1] Operation not permitted
    """
    return run_in_thread(function, timeout, what, prepare=_go_offline)


def namespace_prefix():
    """Return the command prefix that starts a program in a network namespace of its own, or None.

    ``unshare --net`` when this process may create one (root), else
    ``unshare --map-root-user --net`` (an unprivileged user namespace); None
    when neither works here, which the caller must report.

    Examples
    --------
    >>> prefix = namespace_prefix()
    >>> prefix is None or prefix[0].endswith("unshare")
    True
    """
    program = shutil.which("unshare")
    if program is None:
        return None
    for prefix in ([program, "--net"], [program, "--map-root-user", "--net"]):
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return prefix
    return None
