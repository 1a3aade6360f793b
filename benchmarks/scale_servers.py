"""The suite's server steps at one large size: the built graph pushed to Oxigraph's server and to Virtuoso, then asked there.

``benchmarks/scale.py`` runs them as its steps ``oxigraph`` and ``virtuoso``, each in a process of its own:

- ``oxigraph``: a writable ``oxigraph serve`` on a free 127.0.0.1 port, its database in
  ``DATA_DIR/servers/oxigraph``; ``spacegraph push`` of the built store to its Graph Store
  (``/store``), as a user runs it, cut at ``--push-limit`` seconds; when it is cut or fails,
  ``oxigraph load`` reads the two N-Triples files the build wrote into a fresh database, timed
  instead, and the server is started on it;
- ``virtuoso``: a private Virtuoso 7 (``virtuoso-t``), its database in ``DATA_DIR/servers/virtuoso``;
  ``spacegraph push --user dba --graph IRI`` to ``/sparql-graph-crud-auth``, cut at
  ``--push-limit`` seconds; when it is cut or fails, a fresh Virtuoso loads the N-Triples files
  ``spacegraph build`` wrote (the graph and its derived counts) with its bulk loader
  (``ld_dir``, ``rdf_loader_run``, ``checkpoint``), which is timed instead.

Then, on each server, every command that takes ``--endpoint``, each a new process as a user
starts it: a full-scan ``COUNT(*)`` (the yardstick of the named queries), ``query NAME`` for every
named query with the suite's parameters, ``centrality``, ``communities``, ``path`` (the hub to its
neighbour), ``export`` (GraphML) and ``render`` (the explorer page). Each is cut at ``--timeout``
seconds; its wall time, exit and peak memory (resident) are recorded, and the server's own peak.
A network command stopped by a cap on one answer (``--max-results``, a million rows;
``--max-bytes``, 256 MiB) runs again with caps of a hundred million rows and 16 GiB, recorded
beside it.
The server's folder is deleted at the end.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from virtuoso_server import LARGE, SMALL, PrivateVirtuoso  # noqa: E402

GRAPH = "https://w3id.org/spacegraph/graph"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Virtuoso's buffers for ten million triples and their derived counts: about 8 GB, two thirds of them dirty at most.
HUGE = {"NumberOfBuffers": 1_000_000, "MaxDirtyBuffers": 750_000, "ResultSetMaxRows": 100_000_000,
        "MaxQueryExecutionTime": 0, "MaxQueryCostEstimationTime": 0}
#: From this many triples, HUGE settings; from LARGE_FROM, those for a million; below, the tests' small ones.
HUGE_FROM, LARGE_FROM = 2_000_000, 100_000
#: Seconds a bulk loader may take at least (four times --push-limit when that is more).
BULK_LIMIT = 3600
#: The caps on one answer given to a network command whose answer outgrew a default one (``--max-results``, ``--max-bytes``).
LARGER_CAP, LARGER_BYTES = 100_000_000, "16G"


def run_command(arguments, limit, env=None, cwd=None):
    """Run a command, cut at ``limit`` seconds; return (seconds, status, peak resident bytes, last line of its output)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(arguments, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        status, usage = None, None
        while status is None:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                process.returncode = status
                break
            if time.perf_counter() - started > limit:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return time.perf_counter() - started, "timeout", usage.ru_maxrss * 1024, ""
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        output.seek(0)
        lines = output.read().decode("utf-8", "replace").strip().splitlines()
    last = lines[-1].strip() if lines else ""
    return seconds, "ok" if status == 0 else f"failed ({status}): {last[:400]}", usage.ru_maxrss * 1024, last


def spacegraph_command(*words):
    return [sys.executable, "-m", "spacegraph.cli", *words]


def peak_of(pid):
    """The peak resident memory (bytes) of a running process, from /proc (0 when unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def count_on(query_url, limit):
    """Run the full-scan COUNT(*) on a server's query URL; return (seconds, count)."""
    separator = "&" if "?" in query_url else "?"
    request = urllib.request.Request(f"{query_url}{separator}query={urllib.parse.quote(COUNT_ALL)}",
                                     headers={"Accept": "text/csv"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=limit) as answer:
        body = answer.read().decode("utf-8")
    return time.perf_counter() - started, int(body.split()[-1].strip('"'))


def endpoint_commands(records, query_url, params, args, server, workdir):
    """Time every command that takes --endpoint against ``query_url``, each as a new process."""
    from spacegraph.sparql.library import list_queries

    try:
        seconds, count = count_on(query_url, args.timeout)
        records.write(step=f"{server}: COUNT(*)", seconds=seconds, status="ok", triples=count)
    except OSError as error:
        records.write(step=f"{server}: COUNT(*)", seconds=None, status=f"failed: {str(error)[:120]}")
    common = ["--endpoint", query_url, "--timeout", f"{args.timeout:g}"]
    for query in list_queries():
        given = [word for key, (_, value) in params.get(query.name, {}).items() for word in ("-p", f"{key}={value}")]
        seconds, status, peak, last = run_command(spacegraph_command("query", query.name, *given, *common, "--format", "csv"),
                                                  args.timeout + 30)
        records.write(step=f"{server}: query {query.name}", seconds=seconds, status=_short(status, query_url), peak=peak,
                      **({"limit": args.timeout + 30} if status == "timeout" else {}))
    hub = params.get("evidence", {}).get("actor", ["iri", ""])[1]
    neighbour = params.get("evidence", {}).get("other", ["iri", ""])[1]
    commands = {
        "centrality": ["centrality", "--top", "10"],
        "communities": ["communities"],
        "path": ["path", hub, neighbour],
        "export": ["export", "-o", str(workdir / f"{server}-network.graphml")],
        "render": ["render", "-o", str(workdir / f"{server}-explorer.html")],
    }
    for name, words in commands.items():
        limit = args.timeout * 4 + 60  # a network command sends several queries, each cut at --timeout
        seconds, status, peak, last = run_command(spacegraph_command(*words, *common), limit)
        records.write(step=f"{server}: {name}", seconds=seconds, status=_short(status, query_url), peak=peak,
                      **({"limit": limit} if status == "timeout" else {}))
        if "--max-results" in last or "--max-bytes" in last:  # an answer over a default cap: again, with larger ones
            larger = ["--max-results", str(LARGER_CAP), "--max-bytes", LARGER_BYTES]
            seconds, status, peak, _ = run_command(spacegraph_command(*words, *common, *larger), limit)
            records.write(step=f"{server}: {name} {' '.join(larger)}", seconds=seconds,
                          status=_short(status, query_url), peak=peak,
                          **({"limit": limit} if status == "timeout" else {}))


def _short(status, url):
    """A command's status with the server's URL said as "the endpoint", so that the table shows the error itself."""
    return status.replace(url, "the endpoint")[:220]


def push_arguments(data, sources, build, endpoint, limit, *extra):
    return spacegraph_command("push", "--data", str(data), "--sources", str(sources), "--build", str(build),
                              "--endpoint", endpoint, "--timeout", f"{limit:g}", *extra)


def child_oxigraph(args, records, paths, params):
    from spacegraph.core.derived import DERIVED_GRAPH

    data, sources, build = paths
    folder = args.data_dir / "servers" / "oxigraph"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        with _oxigraph_server(folder) as (server, base):
            seconds, status, peak, last = run_command(push_arguments(data, sources, build, base + "/store", args.push_limit),
                                                      args.push_limit)
            records.write(step="oxigraph: push", seconds=seconds, status=status, peak=peak, said=last[:200],
                          **({"limit": args.push_limit} if status == "timeout" else {}))
            if status == "ok":
                endpoint_commands(records, base + "/query", params, args, "oxigraph", folder.parent)
                records.write(step="oxigraph: server", seconds=None, status="ok", peak=peak_of(server.pid))
                return
        # cut or failed: Oxigraph's own bulk loader reads the two files the build wrote into a fresh database
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        program = shutil.which("oxigraph") or "oxigraph"
        started, peak = time.perf_counter(), 0
        for name, graph in (("spacegraph.nt", None), ("spacegraph-derived.nt", DERIVED_GRAPH)):
            seconds, status, used, _ = run_command([program, "load", "--location", str(folder / "db"), "--file",
                                                    str(build / name), *(["--graph", graph] if graph else [])],
                                                   max(4 * args.push_limit, BULK_LIMIT))
            peak = max(peak, used)
            if status != "ok":
                records.write(step="oxigraph: bulk loader", seconds=None, status=f"{name}: {status}", peak=peak)
                return
        records.write(step="oxigraph: bulk loader", seconds=time.perf_counter() - started, status="ok", peak=peak)
        with _oxigraph_server(folder) as (server, base):
            endpoint_commands(records, base + "/query", params, args, "oxigraph", folder.parent)
            records.write(step="oxigraph: server", seconds=None, status="ok", peak=peak_of(server.pid))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _oxigraph_server(folder):
    """A writable ``oxigraph serve`` on a free port with its database in ``folder/db``: yields (process, base URL)."""
    from spacegraph.core.local_http import free_port

    port = free_port()
    with (folder.parent / "oxigraph.log").open("a") as log:
        server = subprocess.Popen([shutil.which("oxigraph") or "oxigraph", "serve", "--location", str(folder / "db"),
                                   "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/query?query=ASK%7B%7D", server)
            yield server, base
        finally:
            server.terminate()
            try:
                server.wait(120)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def child_virtuoso(args, records, paths, params):
    from spacegraph.core.derived import DERIVED_GRAPH

    data, sources, build = paths
    folder = args.data_dir / "servers" / "virtuoso"
    settings = HUGE if args.size >= HUGE_FROM else LARGE if args.size >= LARGE_FROM else SMALL
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        with PrivateVirtuoso(folder, settings=settings) as server:
            env = {**os.environ, "SPACEGRAPH_PASSWORD": "dba"}
            seconds, status, peak, last = run_command(
                push_arguments(data, sources, build, server.base + "/sparql-graph-crud-auth", args.push_limit,
                               "--user", "dba", "--graph", GRAPH), args.push_limit, env=env)
            records.write(step="virtuoso: push", seconds=seconds, status=status, peak=peak, said=last[:200],
                          **({"limit": args.push_limit} if status == "timeout" else {}))
            if status == "ok":
                _virtuoso_commands(records, server, params, args, folder)
                return
        shutil.rmtree(folder, ignore_errors=True)  # a cut upload may leave Virtuoso holding its locks: a fresh one
        folder.mkdir(parents=True)
        with PrivateVirtuoso(folder, settings=settings) as server:
            for name in ("spacegraph.nt", "spacegraph-derived.nt"):  # the files the build wrote, where Virtuoso may read
                os.link(build / name, folder / name)
            started = time.perf_counter()
            server.isql("\n".join([f"ld_dir('{folder}', 'spacegraph.nt', '{GRAPH}');",
                                   f"ld_dir('{folder}', 'spacegraph-derived.nt', '{DERIVED_GRAPH}');",
                                   "rdf_loader_run();", "checkpoint;", ""]), max(4 * args.push_limit, BULK_LIMIT))
            records.write(step="virtuoso: bulk loader", seconds=time.perf_counter() - started, status="ok")
            _virtuoso_commands(records, server, params, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _virtuoso_commands(records, server, params, args, folder):
    from spacegraph.core.derived import DERIVED_GRAPH

    query_url = (f"{server.base}/sparql?default-graph-uri={urllib.parse.quote(GRAPH, safe='')}"
                 f"&named-graph-uri={urllib.parse.quote(DERIVED_GRAPH, safe='')}")
    endpoint_commands(records, query_url, params, args, "virtuoso", folder.parent)
    records.write(step="virtuoso: server", seconds=None, status="ok", peak=peak_of(server.process.pid))


def _wait(url, process, limit=120):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {limit} s")


def server_rows(steps):
    """Markdown lines: each server's push and commands, their peaks, and each query against the server's COUNT(*)."""
    lines = []
    for server in ("oxigraph", "virtuoso"):
        mine = {step.split(": ", 1)[1]: record for step, record in steps.get(server, {}).items()
                if step.startswith(server + ": ")}
        if not mine:
            continue
        count = (mine.get("COUNT(*)") or {}).get("seconds")
        title = {"oxigraph": "Oxigraph's server", "virtuoso": "Virtuoso 7"}[server]
        lines += ["", f"| {title}, through `--endpoint` (each a new process) | wall | peak memory | ÷ its COUNT(*) |",
                  "|---|---:|---:|---:|"]
        for name, record in mine.items():
            cell = ("" if record.get("seconds") is None else
                    f"> {record['limit']:g} s" if record["status"] == "timeout" else
                    _seconds(record["seconds"]) if record["status"] == "ok" else record["status"].replace("|", "\\|"))
            peak = f"{record['peak'] / (1 << 30):.2f} GB" if record.get("peak") else ""
            ratio = (f"{record['seconds'] / count:.1f}" if count and name.startswith("query ") and record["status"] == "ok"
                     else "")
            lines.append(f"| {name} | {cell} | {peak} | {ratio} |")
    return lines


def _seconds(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
