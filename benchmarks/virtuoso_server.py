"""A private Virtuoso on free 127.0.0.1 ports, with its database in a folder of its own.

Shared by the Virtuoso benchmark (``benchmarks/virtuoso.py``) and the tests
(``tests/helpers.py``), which load it by path. Debian's ``virtuoso-opensource``
package provides ``virtuoso-t`` and ``isql-vt``.

Examples
--------
>>> "ServerPort = 127.0.0.1:1112" in virtuoso_ini("/tmp/v", 1111, 1112)
True
"""

import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from spacegraph.core.local_http import free_port

VIRTUOSO_INSTALL = "DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource"

#: Where Debian's package keeps the pages the HTTP server needs (the /sparql endpoint is built in).
VIRTUOSO_VSP = "/var/lib/virtuoso-opensource-7/vsp"

#: Settings for the few thousand triples of the tests: small buffers, answers and query times capped.
SMALL = {"NumberOfBuffers": 10000, "MaxDirtyBuffers": 6000, "ResultSetMaxRows": 100000,
         "MaxQueryExecutionTime": 120, "MaxQueryCostEstimationTime": 400}

#: Settings for a million triples: buffers for about 1.3 GB, no cap on rows or time (the caller cuts).
LARGE = {"NumberOfBuffers": 170000, "MaxDirtyBuffers": 130000, "ResultSetMaxRows": 10000000,
         "MaxQueryExecutionTime": 0, "MaxQueryCostEstimationTime": 0}


def virtuoso_ini(folder, sql_port, http_port, settings=SMALL):
    """The text of an ini file for a private Virtuoso whose database files all live in ``folder``."""
    folder = Path(folder)
    return "\n".join([
        "[Database]",
        *(f"{key} = {folder / name}" for key, name in (
            ("DatabaseFile", "virtuoso.db"), ("ErrorLogFile", "virtuoso.log"), ("LockFile", "virtuoso.lck"),
            ("TransactionFile", "virtuoso.trx"), ("xa_persistent_file", "virtuoso.pxa"))),
        "TempStorage = TempDatabase",
        "[TempDatabase]",
        f"DatabaseFile = {folder / 'virtuoso-temp.db'}",
        f"TransactionFile = {folder / 'virtuoso-temp.trx'}",
        "[Parameters]",
        f"ServerPort = 127.0.0.1:{sql_port}",
        "DisableUnixSocket = 1",
        f"DirsAllowed = ., {folder}",
        f"NumberOfBuffers = {settings['NumberOfBuffers']}",
        f"MaxDirtyBuffers = {settings['MaxDirtyBuffers']}",
        "[HTTPServer]",
        f"ServerPort = 127.0.0.1:{http_port}",
        f"ServerRoot = {VIRTUOSO_VSP}",
        "ServerThreads = 10",
        "Charset = UTF-8",
        "MaxClientConnections = 10",
        "[SPARQL]",
        f"ResultSetMaxRows = {settings['ResultSetMaxRows']}",
        f"MaxQueryExecutionTime = {settings['MaxQueryExecutionTime']}",
        f"MaxQueryCostEstimationTime = {settings['MaxQueryCostEstimationTime']}",
        "",
    ])


class PrivateVirtuoso:
    """A private Virtuoso, run as a context manager; ``base`` is its URL, ``folder`` its database folder.

    Without ``folder`` it makes a temporary one and deletes it on exit. A fresh
    database has the user ``dba`` with the password ``dba``. Raises
    ``RuntimeError`` when ``virtuoso-t`` is missing, exits or does not answer.
    """

    def __init__(self, folder=None, settings=SMALL):
        self.own_folder = folder is None
        self.folder = Path(folder) if folder is not None else None
        self.settings = settings
        self.process = None

    def __enter__(self):
        program = shutil.which("virtuoso-t")
        if not program:
            raise RuntimeError(f"virtuoso-t not found. Install it with `{VIRTUOSO_INSTALL}` (Debian/Ubuntu)")
        if self.own_folder:
            self.folder = Path(tempfile.mkdtemp(prefix="spacegraph-virtuoso-"))
        try:
            self.sql_port, http_port = free_port(), free_port()
            ini = self.folder / "virtuoso.ini"
            ini.write_text(virtuoso_ini(self.folder, self.sql_port, http_port, self.settings), encoding="utf-8")
            self.log = self.folder / "virtuoso-t.out"
            with self.log.open("w") as output:  # a file, not a pipe nobody reads: its log must never block it
                self.process = subprocess.Popen([program, "+foreground", "+configfile", str(ini)],
                                                cwd=self.folder, stdout=output, stderr=subprocess.STDOUT)
            self.base = f"http://127.0.0.1:{http_port}"
            self._wait(self.base + "/sparql?query=ASK%7B%7D", 120)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait(self, url, limit):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Virtuoso exited with {self.process.returncode}; its log ends: "
                                   f"{self.log.read_text(errors='replace')[-600:]}")
            try:
                urllib.request.urlopen(url, timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"Virtuoso did not answer {url} within {limit} s; its log ends: "
                           f"{self.log.read_text(errors='replace')[-600:]}")

    def isql(self, script, timeout):
        """Run an ``isql-vt`` script as ``dba``; return its output, or raise ``RuntimeError`` on an error."""
        done = subprocess.run([shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba"],
                              input=script, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {(done.stdout + done.stderr).strip()[-600:]}")
        return done.stdout

    def __exit__(self, *exc):
        try:
            if self.process is not None:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            if self.own_folder and self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
        return False
