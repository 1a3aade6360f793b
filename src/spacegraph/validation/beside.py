"""Run a function in a forked process while the caller goes on: two checks on two cores.

The checks only read the loaded graph, so a child forked from the process
that holds it reads the same store without copying or reloading it, and
sends its result back through a pipe. Where processes cannot be forked, or
only one core may be used, the function runs in the caller, when its result
is asked for.

Examples
--------
>>> task = run_beside(lambda: sum(range(10)))
>>> task.result()
45
"""

import multiprocessing
import os
import pickle

__all__ = ["run_beside"]


class _Inline:
    def __init__(self, function):
        self._function = function

    def result(self):
        return self._function()


class _Forked:
    def __init__(self, function):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(function, send), daemon=True)
        self._process.start()
        send.close()
        self._function = function

    def result(self):
        try:
            outcome, value = pickle.loads(self._receive.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):  # the child died: do the work here
            self._process.join()
            return self._function()
        finally:
            self._receive.close()
        self._process.join()
        if outcome == "error":
            raise value
        return value


def _child(function, send):
    try:
        payload = ("ok", function())
    except BaseException as error:  # sent to the parent, which raises it
        payload = ("error", error)
    try:
        data = pickle.dumps(payload)
    except Exception as error:
        data = pickle.dumps(("error", RuntimeError(f"a result that cannot be sent back: {error}")))
    send.send_bytes(data)
    send.close()
    os._exit(0)  # no atexit handler of the parent runs twice


def run_beside(function, *, cores=None):
    """Start ``function()`` in a forked child and return a task whose ``result()`` waits for it.

    Parameters
    ----------
    function : callable
        Takes no argument; its result is pickled back to the caller.
    cores : int, optional
        The cores the caller may use (default: those of the process); with one, nothing is forked.
    """
    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:
            cores = os.cpu_count() or 1
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _Inline(function)
    return _Forked(function)
