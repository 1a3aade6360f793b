"""QueryResult in the SPARQL 1.1 result formats: pyoxigraph writes XML, CSV and TSV; what spacegraph adds around it."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Literal, URIRef

from spacegraph.core.csv_cells import restored
from spacegraph.errors import MalformedAnswer
from spacegraph.sparql.results import QueryResult

FORMAT = {"xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}


def _solutions(text, fmt):
    """What a standard reader (pyoxigraph's parser; it reads no CSV) finds in ``text``: one dict per row."""
    return [{"x": s["x"], "y": s["y"]} for s in ox.parse_query_results(text, FORMAT[fmt])]


@pytest.mark.parametrize("fmt", ["xml", "tsv"])
def test_blank_nodes_another_server_labels_its_own_way_are_written_as_one_node_each(fmt):
    virtuoso, other = BNode("nodeID://b10006"), BNode("nodeID://b10007")
    result = QueryResult(["x", "y"], [(virtuoso, other), (virtuoso, BNode("b1")), (other, None)])
    rows = _solutions(result.serialize(fmt), fmt)
    assert all(isinstance(row["x"], ox.BlankNode) for row in rows)
    assert rows[0]["x"] == rows[1]["x"] != rows[0]["y"] == rows[2]["x"]
    assert rows[1]["y"] == ox.BlankNode("b1") and rows[2]["y"] is None  # a label that is valid is kept


def test_a_term_no_results_format_can_carry_is_one_line_and_json_and_csv_write_it_as_it_came():
    result = QueryResult(["x"], [(URIRef("http://example.org/a b"),)])
    for fmt in ("tsv", "xml"):
        with pytest.raises(MalformedAnswer, match=f"the answer holds a term SPARQL {fmt.upper()} results cannot carry"):
            result.serialize(fmt)
    assert json.loads(result.serialize("json"))["results"]["bindings"] == [{"x": {"type": "uri", "value": "http://example.org/a b"}}]
    assert result.serialize("csv").splitlines() == ["x", "http://example.org/a b"]  # a CSV cell is the IRI's text


def test_csv_defuses_every_literal_a_spreadsheet_would_run_and_tsv_writes_terms():
    values = [Literal("=1+1"), Literal(-5), Literal("@SUM(A1)", lang="en"), Literal("+1", datatype=XSD.string), Literal("plain")]
    result = QueryResult(["x"], [(value,) for value in values] + [(URIRef("https://w3id.org/spacegraph/id/x"),), (BNode("b1"),)])
    cells = [row[0] for row in csv.reader(io.StringIO(result.serialize("csv"), newline=""))]
    assert cells == ["x", "'=1+1", "'-5", "'@SUM(A1)", "'+1", "plain", "https://w3id.org/spacegraph/id/x", "_:b1"]
    assert [restored(cell) for cell in cells[1:6]] == [str(value) for value in values]
    # TSV cells are Turtle terms: a literal is quoted, an IRI bracketed; a number goes bare, and a number runs nothing
    assert result.serialize("tsv").splitlines()[1:4] == ['"=1+1"', "-5", '"@SUM(A1)"@en']


def test_rows_handed_over_in_batches_all_arrive_in_order():
    result = QueryResult(["n"], [(Literal(n),) for n in range(2501)])
    assert result.serialize("csv").split("\r\n")[:-1] == ["n"] + [str(n) for n in range(2501)]
    assert len(ET.fromstring(result.serialize("xml")).findall("{http://www.w3.org/2005/sparql-results#}results/*")) == 2501


def test_the_parameters_a_table_leaves_out_stay_in_every_machine_format():
    result = QueryResult(["actor", "actorLabel", "n"], [(URIRef("https://w3id.org/spacegraph/id/asf"), Literal("ASF"), Literal(3))],
                         hidden={"actor"})
    assert result.serialize("table").splitlines()[0].split() == ["n"]
    assert result.serialize("csv").splitlines()[0] == "actor,actorLabel,n"
    assert result.serialize("tsv").splitlines()[0] == "?actor\t?actorLabel\t?n"
    assert json.loads(result.serialize("json"))["head"]["vars"] == ["actor", "actorLabel", "n"]


@pytest.mark.parametrize("fmt, text", [("csv", "true\n"), ("tsv", "true\n"), ("json", '{\n  "head": {},\n  "boolean": true\n}\n')])
def test_an_ask_answer_in_each_format(fmt, text):
    assert QueryResult([], [], boolean=True).serialize(fmt) == text
    assert bool(ox.parse_query_results(QueryResult([], [], boolean=False).serialize("xml"), ox.QueryResultsFormat.XML)) is False
