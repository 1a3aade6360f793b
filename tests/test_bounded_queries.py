"""Every query bounded in size, time and memory: the hostile cases of an attack pass, each sent as it was.

Flat chains that crashed the engine or held the guard's parser are refused on their tokens,
before any parser, with 400 and the name of the bound; a query past its deadline stops using
CPU because its engine process is killed and a spare takes over; a query past the memory cap
ends its own process, never the service; refused texts do not stay in the guard's memory.
"""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import free_port, running_server, stop_process, wait_until_up

from spacegraph.errors import QueryTooLarge
from spacegraph.sparql.guard import check_query
from spacegraph.sparql.library import list_queries
from spacegraph.sparql.limits import DEFAULT_LIMITS, measure

#: The flat chains of the attack pass, as they were sent, and the bound each passes.
FLAT_CHAINS = {
    "5,000 MINUS blocks": ("SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 5000 + "}", "patterns"),
    "5,000 BINDs": ("SELECT * WHERE { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(5000)) + " }", "patterns"),
    "a UNION of 4,000 branches": ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 4000) + " }", "patterns"),
    "a sum of 10,000 terms": ("SELECT (" + "+".join(["1"] * 10000) + " AS ?x) WHERE {}", "operators"),
    "a 200 KB || chain": ("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?o = 1"] * 20000) + ") }", "operators"),
    "a property path of 1,000 steps": ("SELECT * WHERE { ?s " + "/".join(["<http://e/p>"] * 1000) + " ?o }", "path_steps"),
    "10,000 VALUES rows": ("SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://e/{i}>" for i in range(10000)) + " } }",
                           "terms"),
    "6,000 variables in SELECT": ("SELECT " + " ".join(f"?v{i}" for i in range(6000)) + " WHERE {}", "terms"),
}

#: Sorting a cross product of the whole graph: the engine's own time-out does not stop it.
ENDLESS_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"


def _post(base, query, timeout=60, accept="application/sparql-results+json"):
    request = urllib.request.Request(base + "/query", data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.mark.parametrize("name", FLAT_CHAINS)
def test_flat_chains_are_refused_on_their_tokens_naming_the_bound(name):
    text, bound = FLAT_CHAINS[name]
    with pytest.raises(QueryTooLarge, match=r"^query:1:\d+: .*; the query is refused$") as refused:
        check_query(text)
    assert refused.value.limit == bound


@pytest.mark.parametrize("name", FLAT_CHAINS)
def test_the_embedded_engine_refuses_flat_chains_instead_of_crashing(kg, name):
    with pytest.raises(QueryTooLarge):
        kg.query(FLAT_CHAINS[name][0])
    assert kg.query("ASK { ?s ?p ?o }").boolean is True  # the process lives on


def test_every_named_query_fits_well_within_every_bound():
    for named in list_queries():
        size, passed, _ = measure(named.text, DEFAULT_LIMITS)
        assert passed is None
        for bound in ("tokens", "terms", "patterns", "operators"):
            assert getattr(size, bound) * 4 <= getattr(DEFAULT_LIMITS, bound), (named.name, bound)


@pytest.mark.slow
def test_a_group_of_a_hundred_triple_patterns_is_read(kg):
    # the parser recursed past Python's default limit at about a hundred patterns and called it nesting
    text = "SELECT * WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(300)) + " } LIMIT 1"
    check_query(text)


def test_comments_and_strings_do_not_count_towards_the_bounds():
    text = "SELECT * WHERE { ?s ?p '" + "+" * 5000 + "' } # " + "MINUS { } " * 1000
    assert measure(text, DEFAULT_LIMITS)[1] is None
    hidden = "SELECT * WHERE { ?s ?p ?o # x\r" + "MINUS { ?s ?p ?o } " * 500 + "}"  # after a bare CR: code
    assert measure(hidden, DEFAULT_LIMITS)[1] == "patterns"


# ---------------------------------------------------------------- the endpoint


def _pids(base):
    """(guard, host, [Oxigraph servers]) of the `spacegraph serve` behind ``base``."""
    port = base.rsplit(":", 1)[1]
    guard = subprocess.run(["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True).stdout.split()[0]
    host = subprocess.run(["pgrep", "-P", guard], capture_output=True, text=True).stdout.split()[0]
    servers = subprocess.run(["pgrep", "-P", host], capture_output=True, text=True).stdout.split()
    return int(guard), int(host), [int(pid) for pid in servers]


def _cpu_seconds(pid):
    """CPU time (user + system) a process has used, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    if fields[0] == "Z":
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_memory(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) * 1024


def _serve(*options):
    return running_server(lambda port: [sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port), *options], "/")


@pytest.fixture(scope="module")
def endpoint():
    with _serve("--timeout", "2") as base:
        yield base


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("name", ["5,000 MINUS blocks", "a sum of 10,000 terms", "a property path of 1,000 steps"])
def test_the_endpoint_answers_flat_chains_400_with_the_bound_and_lives_on(endpoint, name):
    text, bound = FLAT_CHAINS[name]
    status, headers, body = _post(endpoint, text)
    assert status == 400
    assert headers["Spacegraph-Limit"] == bound
    assert body.startswith("query:1:") and body.count("\n") == 1
    assert _post(endpoint, "ASK { ?s ?p ?o }")[0] == 200


@pytest.mark.slow
@pytest.mark.server
def test_a_query_past_its_deadline_stops_using_cpu(endpoint):
    _, _, before = _pids(endpoint)
    status, _, body = _post(endpoint, ENDLESS_SORT)
    assert (status, body) == (504, "query timed out after 2 s\n")
    time.sleep(1)  # the promise: within a second of the 504, no engine process works on it
    _, _, after = _pids(endpoint)
    used = {pid: _cpu_seconds(pid) for pid in after}
    time.sleep(1)
    for pid in after:
        now = _cpu_seconds(pid)
        assert now is None or used[pid] is None or now - used[pid] < 0.2, "an engine process still works"
    assert set(before) != set(after)  # the server that sorted was killed; its spare answers now
    assert _post(endpoint, "ASK { ?s ?p ?o }")[0] == 200


@pytest.mark.slow
@pytest.mark.server
def test_other_clients_are_answered_while_a_hostile_query_runs(endpoint):
    hostile = threading.Thread(target=_post, args=(endpoint, ENDLESS_SORT))
    hostile.start()
    time.sleep(0.3)
    try:
        answers = [_post(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")[0] for _ in range(5)]
    finally:
        hostile.join()
    assert answers == [200] * 5


@pytest.mark.slow
@pytest.mark.server
def test_a_query_past_the_memory_cap_ends_its_own_process_not_the_service(tmp_path):
    log = tmp_path / "serve.log"
    port = free_port()
    with open(log, "w") as errors:
        process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "serve", "--port", str(port), "--timeout", "30",
                                    "--memory", "300M"], stdout=subprocess.DEVNULL, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process)
        before = _pids(base)[2]
        status, headers, body = _post(base, ENDLESS_SORT)
        assert status == 503 and headers["Retry-After"] == "1"
        assert body.startswith("the query engine stopped while answering")
        assert set(_pids(base)[2]) != set(before)  # the spare answers now
        assert _post(base, "ASK { ?s ?p ?o }")[0] == 200
    finally:
        stop_process(process)
    reports = [line for line in log.read_text().splitlines() if "more than its cap" in line]
    assert len(reports) == 1
    used = float(reports[0].split(" used ")[1].split(" GiB")[0])
    cap = float(reports[0].split(" cap of ")[1].split(" GiB")[0])
    assert cap == pytest.approx(300 / 1024, abs=0.01)
    assert cap <= used < cap + 0.1  # killed within a few tens of megabytes of the cap


@pytest.mark.slow
@pytest.mark.server
def test_refused_texts_do_not_stay_in_the_guard(endpoint):
    guard = _pids(endpoint)[0]
    for number in range(400):  # 400 distinct bodies of 900 KB, each refused at once by a bound
        text = f"SELECT * WHERE {{ ?s ?p {number} " + "MINUS { ?s ?p ?o } " * 47_000 + "}"
        status, headers, _ = _post(endpoint, text)
        assert status == 400 and headers["Spacegraph-Limit"] == "characters"
    for number in range(20):  # and 20 refused by the parser: a long string, then a syntax error
        text = f"SELECT * WHERE {{ ?s ?p '{number}" + "x" * 250_000 + "' ) }"
        status, headers, _ = _post(endpoint, text)
        assert status == 400 and "Spacegraph-Limit" not in headers
    assert _peak_memory(guard) < 400 * 1024 * 1024  # it reached 3.1 GB when refused texts stayed in caches


def test_parses_take_turns_cheapest_first():
    from spacegraph.sparql.guard import CheapestFirst

    turns, order = CheapestFirst(), []

    def take(cost):
        with turns(cost):
            order.append(cost)

    with turns(0):  # a parse under way, while others queue behind it in arrival order
        waiting = []
        for cost in (500, 30, 4000, 1):
            waiting.append(threading.Thread(target=take, args=(cost,)))
            waiting[-1].start()
        while len(turns._waiting) < 4:
            time.sleep(0.01)
    for thread in waiting:
        thread.join()
    assert order == [1, 30, 500, 4000]


@pytest.mark.slow
@pytest.mark.server
def test_the_guard_answers_503_past_its_own_memory_cap():
    import http.client

    from spacegraph.sparql.engine import OxigraphEngine
    from spacegraph.sparql.server import SparqlGuard

    data = b"<http://e/s> <http://e/p> <http://e/o> .\n"
    with OxigraphEngine(data, timeout=5) as engine:
        answers = {}
        for name, cap in (("under", 1 << 40), ("over", 1 << 20)):  # a terabyte; a megabyte, less than any Python process
            guard = SparqlGuard(("127.0.0.1", 0), engine=engine, timeout=5, result_cap=10, memory=cap)
            threading.Thread(target=guard.serve_forever, daemon=True).start()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", guard.server_address[1], timeout=30)
                connection.request("POST", "/query", body=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})
                response = connection.getresponse()
                answers[name] = response.status, response.getheader("Retry-After"), response.read().decode()
                connection.close()
            finally:
                guard.shutdown()
                guard.server_close()
    assert answers["under"][0] == 200
    assert answers["over"] == (503, "1", "the endpoint is using more than its 1 MiB of memory; try again in a moment\n")
