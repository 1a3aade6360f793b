"""spacegraph review: the session that writes each decision, the hardened local server, and the page in Chromium, keyboard only."""

import http.client
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.core import paths
from spacegraph.errors import InvalidArgument, ReviewBusy, SheetChanged
from spacegraph.ingest.sheet import read_sheet, sheet_text
from spacegraph.workflows.review.server import ReviewServer
from spacegraph.workflows.review.session import ReviewSession

pytestmark = [pytest.mark.slow, pytest.mark.server]

ARTICLE = Path(__file__).parent / "data" / "ingest" / "article.txt"
SLUG = "lunar-partners-and-new-launchers"


@pytest.fixture
def sheet(tmp_path):
    folder = tmp_path / "graph_data"
    shutil.copytree(paths.data_dir(), folder, ignore=shutil.ignore_patterns("review"))
    result = CliRunner().invoke(main, ["ingest", str(ARTICLE), "--data-dir", str(folder), "--date", "2025-03-03",
                                       "--publisher", "Orbital Review"])
    assert result.exit_code == 0, result.output
    return folder / "review" / f"{SLUG}.csv"


@pytest.fixture
def served(sheet):
    session = ReviewSession(sheet)
    server = ReviewServer(session)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    session.close()


def request(server, method, path, body=None, headers=None, token=None):
    """``(status, text)`` of one request to the review server."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    prefix = f"/{server.token if token is None else token}/"
    payload = json.dumps(body).encode("utf-8") if isinstance(body, dict) else body
    sent = {"Content-Type": "application/json"} if payload is not None else {}
    connection.request(method, prefix + path, body=payload, headers={**sent, **(headers or {})})
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    connection.close()
    return response.status, text


# ---------------------------------------------------------------- the session


def test_each_decision_is_written_to_the_sheet_at_once_and_undo_takes_it_back(sheet):
    with ReviewSession(sheet) as session:
        before = sheet.read_bytes()
        row = session.change(0, {"decision": "accept", "class": "sg:PrivateCompany"}, session.version)
        assert (row["decision"], row["class"]) == ("accept", "sg:PrivateCompany")
        on_disk = read_sheet(sheet)[0]
        assert (on_disk.decision, on_disk.cls) == ("accept", "sg:PrivateCompany")
        session.undo(session.version)
        assert sheet.read_bytes() == before


def test_a_sheet_changed_on_disk_is_not_overwritten(sheet):
    with ReviewSession(sheet) as session:
        rows = read_sheet(sheet)
        rows[1].decision = "reject"   # a spreadsheet saved the sheet meanwhile
        sheet.write_text(sheet_text(rows), encoding="utf-8")
        edited = sheet.read_bytes()
        with pytest.raises(SheetChanged, match="changed on disk since this page read it"):
            session.change(0, {"decision": "accept"}, session.version)
        assert sheet.read_bytes() == edited
        session.reload()
        assert session.row_json(1)["decision"] == "reject"


def test_a_second_session_on_the_same_sheet_is_refused(sheet):
    with ReviewSession(sheet):
        with pytest.raises(ReviewBusy, match="is being reviewed by another spacegraph review"):
            ReviewSession(sheet)
    with ReviewSession(sheet):   # let go when the first one ended
        pass


@pytest.mark.parametrize("index, changes, message", [
    (99, {"decision": "accept"}, "row 99 is not a row of"),
    (0, {"decision": "maybe"}, "decision 'maybe' is not empty, accept or reject"),
    (0, {"direction": "sideways"}, "direction 'sideways' is not forward or backward"),
    (0, {"quote": "reworded"}, "column 'quote' cannot be changed here"),
    (0, {"label": 5}, "label: a value is text"),
    (0, {}, "no change given"),
])
def test_a_bad_change_is_refused_in_one_line_and_changes_nothing(sheet, index, changes, message):
    with ReviewSession(sheet) as session:
        before = sheet.read_bytes()
        with pytest.raises(InvalidArgument, match=message) as caught:
            session.change(index, changes, session.version)
        assert "\n" not in str(caught.value)
        assert sheet.read_bytes() == before


def test_the_quote_highlights_both_actors_of_a_row(sheet):
    with ReviewSession(sheet) as session:
        rows = [session.row_json(i) for i in range(len(session.rows))]
        hosts = next(r for r in rows if r["predicate"] == "sg:hosts")
        marked = {role: hosts["quote"][start:end] for start, end, role in hosts["highlights"]}
        assert marked == {"subject": "Argentina", "object": "Chinese deep-space station in Patagonia"}
        actor = rows[0]
        assert [actor["quote"][s:e] for s, e, _ in actor["highlights"]] == ["Aurora Launch Corporation", "ALC"]


# ---------------------------------------------------------------- the server


def test_every_request_needs_the_token(served):
    assert request(served, "GET", "")[0] == 200
    assert request(served, "GET", "api/sheet", token="")[0] == 403
    status, text = request(served, "GET", "api/sheet", token="wrong-token")
    assert status == 403 and "needs the address spacegraph review printed" in text
    assert request(served, "POST", "api/row", {"page": "p" * 16, "version": "x", "index": 0, "changes": {}}, token="nope")[0] == 403


def test_foreign_pages_hosts_and_bodies_are_refused(served):
    page = {"page": "a-page-id-0001", "version": "", "index": 0, "changes": {"decision": "accept"}}
    status, text = request(served, "POST", "api/row", page, headers={"Origin": "http://127.0.0.1:1"})
    assert status == 403 and "requests from pages of http://127.0.0.1:1 are refused" in text
    status, text = request(served, "GET", "", headers={"Host": "attacker.example"})
    assert status == 403 and "is not this review page" in text
    assert request(served, "POST", "api/row", b"decision=accept", headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    assert request(served, "POST", "api/row", b"x" * 70_000)[0] == 413
    assert request(served, "POST", "api/row", b"{not json")[0] == 400
    assert request(served, "DELETE", "api/row")[0] == 405


def test_the_page_is_served_with_a_strict_policy(served):
    connection = http.client.HTTPConnection("127.0.0.1", served.server_address[1], timeout=10)
    connection.request("GET", f"/{served.token}/")
    response = connection.getresponse()
    response.read()
    policy = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.getheader("Referrer-Policy") == "no-referrer"
    connection.close()


def test_a_second_page_is_refused_while_the_first_holds_the_sheet(served):
    first, second = {"page": "first-page-0001"}, {"page": "second-page-002"}
    assert request(served, "POST", "api/lease", first)[0] == 200
    status, text = request(served, "POST", "api/lease", second)
    assert status == 409 and "open in another page" in text
    assert request(served, "POST", "api/release", first)[0] == 200
    assert request(served, "POST", "api/lease", second)[0] == 200


def test_a_change_to_a_sheet_changed_on_disk_gets_409(served, sheet):
    page = {"page": "first-page-0001"}
    version = json.loads(request(served, "GET", "api/sheet")[1])["version"]
    sheet.write_text(sheet.read_text(encoding="utf-8-sig").replace(",actor,", "reject,actor,", 1), encoding="utf-8")
    status, text = request(served, "POST", "api/row", {**page, "version": version, "index": 0, "changes": {"decision": "accept"}})
    assert status == 409 and json.loads(text)["changed"] is True
    assert read_sheet(sheet)[0].decision == "reject"


def test_the_command_prints_the_page_and_refuses_a_second_review(sheet):
    process = subprocess.Popen([sys.executable, "-m", "spacegraph.cli", "review", str(sheet), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        url = lines[1].split()[1]
        assert lines[0].startswith("review      Lunar Partners and New Launchers: 23 rows")
        assert url.startswith("http://127.0.0.1:") and url.endswith("/") and len(url.rsplit("/", 2)[1]) >= 24
        again = CliRunner().invoke(main, ["review", str(sheet), "--no-browser"])
        assert again.exit_code == 1 and "is being reviewed by another spacegraph review" in again.output
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0


# ---------------------------------------------------------------- the page, keyboard only


def opened(browser, served, **options):
    """The review page, ready; the tests poll it with their own scripts, which its policy would refuse."""
    page = browser.new_page(bypass_csp=True, **options)
    page.goto(served.url)
    page.wait_for_selector("body[data-ready=true]")
    return page


@pytest.mark.browser
def test_a_sheet_is_reviewed_and_accepted_with_the_keyboard_alone(served, sheet, browser):
    errors = []
    page = opened(browser, served, viewport={"width": 1280, "height": 800})
    page.on("pageerror", lambda error: errors.append(str(error)))
    rows = read_sheet(sheet)
    wrong = {"new:Tiangog", "new:Example Dynamics Ltd", "new:Kestrel-2"}
    for row in rows:
        assert page.inner_text("[data-testid=position]").startswith(f"Row {row.number} of {len(rows)}")
        if row.kind == "actor" and row.label == "Military Aerospace Corps":
            page.keyboard.press("m")                    # the same actor as a known one: search as you type
            page.keyboard.type("aerospace forc")
            assert page.locator("[data-testid=results] li").first.inner_text().startswith("Military Aerospace Force")
            page.keyboard.press("Enter")
            page.wait_for_function("document.querySelector('[data-testid=fields]').textContent.includes('same as')")
            page.keyboard.press("a")
        elif row.kind == "actor":
            page.keyboard.press("r" if f"new:{row.label}" in wrong else "a")
        elif row.kind == "relationship":
            bad = wrong & {row.subject, row.object} or {row.subject, row.object} == {"sgid:huawei", "sgid:xiaomi"}
            page.keyboard.press("x" if bad else "1")
        else:
            page.keyboard.press("Enter")
        page.wait_for_function(f"spacegraphReview.state.counts.decided === {row.number}")
    assert page.inner_text("[data-testid=count]").startswith(f"{len(rows)} of {len(rows)} decided · 0 left")
    assert page.locator("[data-testid=finish]").is_visible()
    page.keyboard.press("Enter")                        # the accept button has the focus
    page.wait_for_function("document.querySelector('[data-testid=accept-summary]').textContent.startsWith('Accepted')")
    summary = page.inner_text("[data-testid=accept-summary]")
    assert "4 new actors, 1 aliases, 8 relationships (5 already stated: a second quote), 2 claims" in summary
    assert f"Wrote {SLUG}.ttl (validated)" in summary
    assert "sgid:aurora-launch-corporation a sg:Company" in (sheet.parent.parent / f"{SLUG}.ttl").read_text(encoding="utf-8")
    assert {r.decision for r in read_sheet(sheet)} == {"accept", "reject"}
    assert errors == []


@pytest.mark.browser
def test_undo_flip_any_predicate_and_an_accept_error_shown_on_its_row(served, sheet, browser):
    page = opened(browser, served, viewport={"width": 1280, "height": 800})
    rows = read_sheet(sheet)
    hosts = next(r for r in rows if r.predicate == "sg:hosts")
    for _ in range(hosts.number - 1):
        page.keyboard.press("s")
    assert "Argentina" in page.inner_text("[data-testid=statement]")
    page.keyboard.press("f")                            # flip: the station now hosts Argentina
    page.wait_for_function("spacegraphReview.state.rows.some(r => r.direction === 'backward')")
    assert read_sheet(sheet)[hosts.number - 1].direction == "backward"
    page.keyboard.press("u")
    page.wait_for_function("!spacegraphReview.state.rows.some(r => r.direction === 'backward')")
    assert read_sheet(sheet)[hosts.number - 1].direction == "forward"
    page.keyboard.press("p")                            # any predicate: "rivals" cannot join a state and a station
    page.keyboard.type("rivals")
    page.keyboard.press("Enter")
    page.wait_for_function("spacegraphReview.state.rows.some(r => r.predicate === 'sg:rivals')")
    page.keyboard.press("a")
    page.keyboard.press("A")
    page.locator("[data-testid=accept-button]").wait_for()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-testid=accept-errors]').children.length > 0")
    assert "Nothing accepted" in page.inner_text("[data-testid=accept-summary]")
    error = page.inner_text("[data-testid=accept-errors]")
    assert f"row {hosts.number}: [shacl]" in error
    page.keyboard.press("Enter")                        # "go to the row" has the focus
    assert page.inner_text("[data-testid=position]").startswith(f"Row {hosts.number} of")
    assert "[shacl]" in page.inner_text("[data-testid=row-errors]")
    assert not (sheet.parent.parent / f"{SLUG}.ttl").read_text(encoding="utf-8").count("sg:rivals")


@pytest.mark.browser
def test_the_page_reads_a_sheet_changed_on_disk_again_and_a_second_page_is_refused(served, sheet, browser):
    page = opened(browser, served)
    rows = read_sheet(sheet)
    rows[0].label = "Aurora Launch Corp."             # edited in a spreadsheet meanwhile
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    page.keyboard.press("a")
    page.wait_for_function("document.querySelector('[data-testid=message]').textContent.includes('changed on disk')")
    page.wait_for_function("spacegraphReview.state.rows[0].label === 'Aurora Launch Corp.'")
    assert read_sheet(sheet)[0].decision == ""          # nothing was written over the spreadsheet's save
    second = browser.new_page(bypass_csp=True)
    second.goto(served.url)
    second.wait_for_function("document.querySelector('[data-testid=card]').textContent.includes('Already open')")
    assert "open in another page" in second.inner_text("[data-testid=card]")


@pytest.mark.browser
def test_strings_of_the_sheet_are_shown_as_text(served, sheet, browser):
    rows = read_sheet(sheet)
    hostile = '<img src=x onerror="window.pwned=1">'
    rows[0].label = hostile
    rows[0].note = hostile
    sheet.write_text(sheet_text(rows), encoding="utf-8")
    page = opened(browser, served)
    assert hostile in page.inner_text("[data-testid=statement]")
    assert page.locator("[data-testid=card] img").count() == 0
    assert page.evaluate("window.pwned") is None


@pytest.mark.browser
def test_an_end_is_pointed_at_another_actor_found_with_accents_folded_and_a_label_is_edited(served, sheet, browser):
    page = opened(browser, served)
    rows = read_sheet(sheet)
    member = next(r for r in rows if r.predicate == "sg:memberOf")
    page.keyboard.press("e")                            # the first row is an actor: edit its label
    page.keyboard.press("End")
    page.keyboard.type(" Ltd")
    page.keyboard.press("Enter")
    page.wait_for_function("spacegraphReview.state.rows[0].label.endsWith(' Ltd')")
    assert read_sheet(sheet)[0].label == "Aurora Launch Corporation Ltd"
    page.keyboard.press("l")
    page.keyboard.press("End")
    page.keyboard.type("; Aurora")
    page.keyboard.press("Enter")
    page.wait_for_function("spacegraphReview.state.rows[0].aliases === 'ALC; Aurora'")
    while not page.inner_text("[data-testid=position]").startswith(f"Row {member.number} "):
        page.keyboard.press("s")
    page.keyboard.press("t")                            # point the object at a known actor, typed without its accent
    page.keyboard.type("duchatel")
    assert page.locator("[data-testid=results] li").first.inner_text().startswith("Mathieu Duchâtel")
    page.keyboard.press("Enter")
    page.wait_for_function(f"spacegraphReview.state.rows[{member.number - 1}].object === 'sgid:mathieu-duchatel'")
    assert read_sheet(sheet)[member.number - 1].object == "sgid:mathieu-duchatel"
    assert "Mathieu Duchâtel" in page.inner_text("[data-testid=statement]")
