"""How much memory a process holds, and asking glibc's allocator to give back what is free.

The endpoint's guard and the host of its engine keep their memory under caps
(``spacegraph serve --memory``, :attr:`spacegraph.core.local_http.Limits.guard_memory`):
they read resident memory from ``/proc``, which is cheap enough to read for
every request (a few microseconds).

Examples
--------
>>> resident_bytes() > 0
True
>>> resident_bytes(2**22 + 12345)  # no such process
0
"""

import ctypes
import functools
import os

__all__ = ["resident_bytes", "few_malloc_arenas", "give_memory_back"]

_M_ARENA_MAX = -8
_PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_bytes(pid="self"):
    """The resident memory of process ``pid`` (this one by default), in bytes; 0 if it is gone or /proc is not there."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


@functools.cache
def _libc():
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: its allocator is left as it is
        return None


def few_malloc_arenas(arenas=2):
    """Keep glibc's allocator to ``arenas`` arenas: with one per thread, the memory of past requests stayed reserved."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, arenas)


def give_memory_back():
    """Return the allocator's free memory to the system (after a long text's parse, it kept it)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
