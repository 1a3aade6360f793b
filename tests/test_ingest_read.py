"""Reading documents for ingest: the same article as text, Markdown, HTML and PDF, its metadata, and every refusal."""

import datetime
import os
import re
import threading
from pathlib import Path

import pytest
from ingest_fixtures import make_pdf, make_scanned_pdf

from spacegraph.core import store
from spacegraph.errors import DocumentError, FileTooLarge
from spacegraph.ingest import DOCUMENT_FORMATS, ReadDocument, normalise_blocks, read_document
from spacegraph.ingest.normalise import normalise_text, split_paragraphs

INGEST = Path(__file__).parent / "data" / "ingest"
ARTICLE = (INGEST / "article.txt").read_text(encoding="utf-8")
ARTICLE_TEXT = normalise_text(ARTICLE)


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def page(head="", body=""):
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


ARTICLE_BODY = ("<article><h1>Station news</h1><p>The Tiangog station received a new antenna, the operator said in a"
                " statement that it published for the press and the public.</p><p>Argentina hosts the station in Patagonia,"
                " and the agreement that allows it runs for fifty years from the day it was signed.</p></article>")


# --- normalising -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("blocks", "expected"), [
    (["  Lunar \t Partners\n and\r\nNew   Launchers  "], "Lunar Partners and New Launchers"),
    (["3.5\u00a0m", "Kestrel\u20072"], "3.5 m\n\nKestrel 2"),  # no-break and figure spaces
    (["inter\u00adnational", "zero\u200bwidth", "\ufeffmarked"], "international\n\nzerowidth\n\nmarked"),
    (["bell\x07 and\x00nul", "tab\x0bbed"], "bell andnul\n\ntab bed"),
    (["Cafe\u0301", "Caf\u00e9"], "Caf\u00e9\n\nCaf\u00e9"),  # NFC
    (["e\u00ad\u0301"], "\u00e9"),  # composes once the soft hyphen between letter and accent is gone
    (["", "  ", "\u200b\u00ad", "\n\t"], ""),
    (["ends here.", "Starts here."], "ends here.\n\nStarts here."),
])
def test_normalise_blocks(blocks, expected):
    assert normalise_blocks(blocks) == expected


HANDMADE_TEXTS = [
    ARTICLE, "", " \n\n \n", "one\n\n\n\ntwo\r\n\r\nthree", "a\u00a0\u00a0b\n \u200b \nc", "e\u00ad\u0301 \u2001 x",
    "line one\nline two\n\n\u00adsoft\u00ad\n\n\x01\x02", "\ufeff\ufeffBOM twice\u2028and a line separator", "tab\t\n\t\ntab",
]


@pytest.mark.parametrize("text", HANDMADE_TEXTS)
def test_normalising_twice_changes_nothing(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert normalise_blocks(once.split("\n\n")) == once
    assert not re.search(r"[^\S ]|  |^ | $", once.replace("\n\n", "|"))


def test_normalise_text_keeps_paragraphs_apart_and_joins_lines():
    assert normalise_text("Lunar Partners\nand New Launchers\n\nThis is  made up.\n") == "Lunar Partners and New Launchers\n\nThis is made up."
    assert split_paragraphs("one\ntwo\n   \nthree") == ["one two", "three"]


# --- the same article in each format -----------------------------------------------------------------------------

@pytest.fixture
def article_pdf(tmp_path):
    paragraphs = ARTICLE.strip().split("\n\n")
    return make_pdf(tmp_path / "article.pdf", paragraphs, title="Lunar Partners and New Launchers",
                    author="Ada Example; Mei Wen", created=datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC))


@pytest.mark.parametrize("name", ["article.txt", "article.md", "article.html"])
def test_each_format_reads_the_article_text(name):
    document = read_document(INGEST / name)
    assert isinstance(document, ReadDocument)
    assert document.format == DOCUMENT_FORMATS[Path(name).suffix]
    assert normalise_blocks(document.blocks) == document.text == ARTICLE_TEXT
    assert len(document.blocks) == 5  # the title and four paragraphs, each a block of its own


def test_the_pdf_article_reads_as_its_paragraphs(article_pdf):
    document = read_document(article_pdf)
    assert document.format == "pdf"
    assert document.text == ARTICLE_TEXT
    assert document.blocks[0] == "Lunar Partners and New Launchers"


def test_the_html_article_has_nothing_but_the_article():
    text = read_document(INGEST / "article.html").text
    for outside in ["Home", "Subscribe", "cookies", "Manage preferences", "dataLayer", "track(", "Related content",
                    "small rockets", "© 2025", "All rights reserved", "Privacy policy", "About us"]:
        assert outside not in text
    assert (INGEST / "article.html").read_text(encoding="utf-8").count("Accept all cookies") == 1  # the page does have them


@pytest.mark.parametrize(("name", "metadata", "found"), [
    ("article.txt", {"title": "Lunar Partners and New Launchers"}, {"title": "the first line"}),
    ("article.md",
     {"title": "Lunar Partners and New Launchers", "authors": ["Ada Example"], "date": "2025-03-03"},
     {"title": "the front matter's title", "authors": "the front matter's author", "date": "the front matter's date"}),
    ("article.html",
     {"title": "Lunar Partners and New Launchers", "authors": ["Ada Example"], "date": "2025-03-03",
      "url": "https://orbital-review.example/lunar-partners", "publisher": "Orbital Review", "language": "en"},
     {"title": "the page's <title>", "authors": 'the <meta name="author"> tag',
      "date": 'the <meta property="article:published_time"> tag', "url": 'the <link rel="canonical">',
      "publisher": 'the <meta property="og:site_name"> tag', "language": "the <html lang> attribute"}),
])
def test_metadata_and_where_it_was_found(name, metadata, found):
    document = read_document(INGEST / name)
    assert document.metadata == metadata
    assert document.found == found


def test_pdf_metadata_and_where_it_was_found(article_pdf):
    document = read_document(article_pdf)
    assert document.metadata == {"title": "Lunar Partners and New Launchers", "authors": ["Ada Example", "Mei Wen"],
                                 "date": "2025-03-04"}
    assert document.found == {"title": "the PDF's /Title", "authors": "the PDF's /Author",
                              "date": "the PDF's creation date (assumed)"}


# --- text ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "blocks"), [
    ("\ufeffKestrel-2\n\nflies".encode(), ("Kestrel-2", "flies")),  # a UTF-8 byte order mark is dropped
    ("Kestrel-2\r\n\r\nflies\r\nin 2026".encode("utf-16"), ("Kestrel-2", "flies in 2026")),  # UTF-16 by its mark
    ("Kestrel-2\n\nflies".encode("utf-16-be").join([b"\xfe\xff", b""]), ("Kestrel-2", "flies")),
])
def test_text_encodings_known_by_their_byte_order_mark(tmp_path, content, blocks):
    document = read_document(write(tmp_path, "note.txt", content))
    assert document.blocks == blocks
    assert document.metadata == {"title": "Kestrel-2"}


def test_text_in_the_encoding_named(tmp_path):
    document = read_document(INGEST / "latin1.txt", encoding="latin-1")
    assert document.blocks == ("Station notes", "The contract was signed at the café in Neuquen.")
    cp1252 = write(tmp_path, "quotes.txt", "\u201cQuoted\u201d \u2013 said".encode("cp1252"))
    assert read_document(cp1252, encoding="cp1252").text == "\u201cQuoted\u201d \u2013 said"


def test_a_paragraph_as_long_as_a_page_is_not_taken_for_a_title(tmp_path):
    long_line = "The station " + "and its antenna " * 20 + "works."
    assert read_document(write(tmp_path, "long.txt", long_line)).metadata == {}
    assert read_document(write(tmp_path, "short.txt", "\n\n  A title \n" + long_line)).metadata == {"title": "A title"}


# --- Markdown -----------------------------------------------------------------------------------------------------

MARKDOWN = """\
Some **bold** and *slanted* words, a [link](https://example.org), `inline code` &amp; an image ![alt text](i.png).
A second line <span>with a tag</span>.

## A heading

- first item
- second item
  - nested item

> A quoted paragraph.

| Year | Event |
|------|-------|
| 2024 | Antenna ordered |

```python
print("code is left out")
```

    indented code is left out too

<div class="note">an HTML block is left out</div>
"""


def test_markdown_blocks_are_the_text_without_markup(tmp_path):
    document = read_document(write(tmp_path, "notes.md", MARKDOWN))
    assert normalise_blocks(document.blocks).split("\n\n") == [
        "Some bold and slanted words, a link, inline code & an image . A second line with a tag.",
        "A heading", "first item", "second item", "nested item", "A quoted paragraph.",
        "Year | Event", "2024 | Antenna ordered",
    ]
    assert document.metadata == {"title": "A heading"}
    assert document.found == {"title": "the first heading"}


def test_markdown_without_heading_takes_its_first_line_and_lists_authors(tmp_path):
    text = "---\nauthors:\n  - Ada Example\n  - 'Mei Wen'\ndate: '2024/5/6'\nurl: https://example.org/a\nsubtitle: not kept\n---\n" \
           "Station notes\nmore of the paragraph\n"
    document = read_document(write(tmp_path, "notes.markdown", text))
    assert document.format == "markdown"
    assert document.blocks == ("Station notes\nmore of the paragraph",)
    assert document.metadata == {"authors": ["Ada Example", "Mei Wen"], "date": "2024-05-06", "url": "https://example.org/a",
                                 "title": "Station notes"}
    assert document.found["title"] == "the first line"
    assert document.found["authors"] == "the front matter's authors"


# --- HTML ---------------------------------------------------------------------------------------------------------

def test_a_date_only_in_the_text_or_a_copyright_footer_is_not_taken(tmp_path):
    import trafilatura

    html = page("<title>Station news</title>", ARTICLE_BODY.replace("new antenna", "new antenna on 3 March 2025")
                + "<footer><p>© 2025 Station News. All rights reserved.</p></footer>")
    assert trafilatura.extract_metadata(html).date  # trafilatura would guess one
    document = read_document(write(tmp_path, "news.html", html))
    assert "date" not in document.metadata
    assert document.metadata == {"title": "Station news"}


@pytest.mark.parametrize(("head", "body", "date", "found"), [
    ('<meta name="citation_publication_date" content="2024/05/06">', ARTICLE_BODY, "2024-05-06",
     'the <meta name="citation_publication_date"> tag'),
    ('<meta name="DC.date" content="2023-11-30">', ARTICLE_BODY, "2023-11-30", 'the <meta name="DC.date"> tag'),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2022-01-02T08:00:00+01:00"}]}</script>',
     ARTICLE_BODY, "2022-01-02", "the page's JSON-LD datePublished"),
    ("", ARTICLE_BODY.replace("</h1>", '</h1><time datetime="2021-07-08">8 July</time>'), "2021-07-08",
     "the <time datetime> in the <article>"),
    ('<meta property="article:published_time" content="not a date"><script type="application/ld+json">{oops</script>',
     ARTICLE_BODY, None, None),
])
def test_html_dates_come_only_from_where_the_page_states_them(tmp_path, head, body, date, found):
    document = read_document(write(tmp_path, "news.html", page(head, body)))
    assert document.metadata.get("date") == date
    assert document.found.get("date") == found


def test_html_citation_tags_and_a_title_without_its_site_name(tmp_path):
    head = ('<title>Orbital Review - The station</title><meta property="og:site_name" content="Orbital Review">'
            '<meta name="citation_author" content="Example, Ada"><meta name="citation_author" content="Wen, Mei">'
            '<meta property="og:url" content="https://orbital-review.example/station">')
    document = read_document(write(tmp_path, "news.htm", page(head, ARTICLE_BODY)))
    assert document.metadata["title"] == "The station"
    assert document.metadata["authors"] == ["Example, Ada", "Wen, Mei"]
    assert document.found["authors"] == 'the <meta name="citation_author"> tag'
    assert (document.metadata["url"], document.found["url"]) == ("https://orbital-review.example/station", 'the <meta property="og:url"> tag')
    citation = page('<meta name="citation_title" content="The real title"><title>Other</title>', ARTICLE_BODY)
    document = read_document(write(tmp_path, "paper.html", citation))
    assert (document.metadata["title"], document.found["title"]) == ("The real title", 'the <meta name="citation_title"> tag')


def test_html_json_ld_authors_through_trafilatura_and_no_profile_url_for_an_author(tmp_path):
    json_ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
               ' "author": [{"@type": "Person", "name": "Mei Wen"}, {"@type": "Person", "name": "Bo Li"}],'
               ' "publisher": {"@type": "Organization", "name": "Station News"}}</script>')
    head = '<meta property="article:author" content="https://social.example/ada">' + json_ld
    document = read_document(write(tmp_path, "news.html", page(head, ARTICLE_BODY)))
    assert document.metadata == {"title": "Station news", "authors": ["Mei Wen", "Bo Li"], "publisher": "Station News"}
    assert document.found == {"title": "the page's first <h1>", "authors": "the page, as trafilatura reads it",
                              "publisher": "the page, as trafilatura reads it"}


def test_html_lists_tables_and_line_breaks_are_blocks_and_code_is_left_out(tmp_path):
    body = ARTICLE_BODY.replace("</article>", "<h2>Partners</h2><ul><li>Argentina, <b>the host</b></li><li>Senegal</li></ul>"
                                "<table><tr><th>Year</th><th>Event</th></tr><tr><td>2024</td><td>Antenna ordered</td></tr></table>"
                                "<p>Run <code>spacegraph ingest</code> first.<br>Then review.</p><pre><code>x = 1\ny = 2</code></pre></article>")
    blocks = normalise_blocks(read_document(write(tmp_path, "news.html", page("", body))).blocks).split("\n\n")
    assert blocks[3:] == ["Partners", "Argentina, the host", "Senegal", "Year | Event", "2024 | Antenna ordered",
                          "Run spacegraph ingest first. Then review."]


@pytest.mark.parametrize(("head", "encoding"), [
    ('<meta charset="windows-1252">', None),
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', None),  # read as windows-1252, as browsers do
    ("", "cp1252"),
])
def test_html_is_decoded_as_declared_or_as_told(tmp_path, head, encoding):
    html = f"<html><head>{head}</head><body>{ARTICLE_BODY.replace('new antenna', '“new” antenna at the café')}</body></html>"
    document = read_document(write(tmp_path, "news.html", html.encode("cp1252")), encoding=encoding)
    assert "received a “new” antenna at the café" in document.text


def test_html_in_another_encoding_than_utf8_without_a_declaration_is_refused(tmp_path):
    path = write(tmp_path, "news.html", page("", ARTICLE_BODY.replace("new", "café")).encode("latin-1"))
    with pytest.raises(DocumentError, match=r"^.*news\.html: not valid UTF-8 at line 1, byte \d+ \(0xe9\); name the encoding with encoding=\.\.\.$"):
        read_document(path)


# --- PDF ----------------------------------------------------------------------------------------------------------

def test_pdf_words_broken_at_a_line_end_are_joined_again(tmp_path):
    pdf = make_pdf(tmp_path / "broken.pdf", ["The interna-\ntional station and the Kestrel-\n2 mission.", "Second para-\ngraph."])
    assert read_document(pdf).blocks == ("The international station and the Kestrel-2 mission.", "Second paragraph.")


def test_pdf_sentence_running_on_to_the_next_page_is_one_block(tmp_path):
    paragraphs = ["The station was built", "in Patagonia in 2017.", "Next paragraph,\nwhich runs on\nfor three lines."]
    pdf = make_pdf(tmp_path / "pages.pdf", paragraphs, pages=2)
    assert read_document(pdf).blocks == ("The station was built in Patagonia in 2017.", "Next paragraph, which runs on for three lines.")
    pdf = make_pdf(tmp_path / "ended.pdf", ["The station was built.", "It works."], pages=2)
    assert read_document(pdf).blocks == ("The station was built.", "It works.")


def test_pdf_language_and_a_creation_date_that_is_not_a_date(tmp_path):
    pdf = make_pdf(tmp_path / "paper.pdf", ["Some text."], language="en-GB", created=datetime.datetime(2025, 3, 4, tzinfo=datetime.UTC))
    assert (read_document(pdf).metadata, read_document(pdf).found) == (
        {"date": "2025-03-04", "language": "en-GB"}, {"date": "the PDF's creation date (assumed)", "language": "the PDF's /Lang"})
    data = pdf.read_bytes()
    assert data.count(b"(D:2025") == 1
    pdf.write_bytes(data.replace(b"(D:2025", b"(D:20X5"))  # as long as before, so the cross-reference table still holds
    assert read_document(pdf).metadata == {"language": "en-GB"}


@pytest.mark.parametrize(("author", "authors"), [
    ("Ada Example", ["Ada Example"]),
    ("Ada Example and Mei Wen", ["Ada Example", "Mei Wen"]),
    ("Ada Example, Mei Wen, Bo Li", ["Ada Example", "Mei Wen", "Bo Li"]),
    ("Example, Ada; Wen, Mei", ["Example, Ada", "Wen, Mei"]),
])
def test_pdf_authors_are_split(tmp_path, author, authors):
    document = read_document(make_pdf(tmp_path / "paper.pdf", ["Some text."], author=author))
    assert document.metadata["authors"] == authors
    assert "title" not in document.metadata


# --- refusals -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("notes.docx", r"notes\.docx: unknown document type '\.docx'; spacegraph reads \.htm, \.html, \.markdown, \.md, \.pdf, \.txt$"),
    ("missing.txt", r"missing\.txt: no such file$"),
    ("empty.txt", r"empty\.txt: the document is empty$"),
    ("blank.txt", r"blank\.txt: the document is empty$"),
    ("binary.txt", r"binary\.txt: is binary, not text: it holds NUL bytes \(the first at byte 8\)$"),
    ("latin1.txt", r"latin1\.txt: not valid UTF-8 at line 3, byte 49 \(0xe9\); name the encoding with encoding=\.\.\.$"),
    ("not-a-pdf.pdf", r"not-a-pdf\.pdf: is not a PDF: it does not start with %PDF-$"),
    ("nav-only.html", r"nav-only\.html: no main text found in the page$"),
])
def test_bad_documents_are_refused_with_what_is_wrong(name, message):
    with pytest.raises(DocumentError, match=message) as caught:
        read_document(INGEST / name)
    assert caught.value.path.endswith(name)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ["image.md", "image.html", "image.htm"])
def test_binary_markdown_and_html_are_refused(tmp_path, name):
    path = write(tmp_path, name, (INGEST / "binary.txt").read_bytes())
    with pytest.raises(DocumentError, match=rf"{re.escape(name)}: is binary, not text: it holds NUL bytes \(the first at byte 8\)$"):
        read_document(path)


def test_the_byte_named_is_the_first_bad_one():
    data = (INGEST / "latin1.txt").read_bytes()
    assert data[49] == 0xE9 and data[:49].count(b"\n") == 2
    assert (INGEST / "binary.txt").read_bytes().index(b"\0") == 8


@pytest.mark.parametrize(("name", "content"), [
    ("nothing.txt", "\u200b\n\u00ad\n"), ("nothing.md", "```\nonly code\n```\n"), ("nothing.pdf", None),
])
def test_documents_with_nothing_to_read_are_empty(tmp_path, name, content):
    path = write(tmp_path, name, content) if content else make_pdf(tmp_path / name, ["   "])
    message = "no text layer on its only page" if content is None else "the document is empty"
    with pytest.raises(DocumentError, match=f"{name}: {message}"):
        read_document(path)


def test_an_unknown_encoding_is_named(tmp_path):
    for encoding in ("latin-9x", "rot13"):
        with pytest.raises(DocumentError, match=f"latin1.txt: unknown encoding '{encoding}'; name one Python knows"):
            read_document(INGEST / "latin1.txt", encoding=encoding)


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(DocumentError, match=r"folder\.md: is a folder, not a regular file; only regular files are read$"):
        read_document(tmp_path / "folder.md")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            read_document(fifo)
        except DocumentError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():  # it opened the FIFO and waits for a writer: give it one so that the test ends
        with open(fifo, "wb"):
            pass
    assert not reader.is_alive() and len(outcome) == 1
    assert re.fullmatch(r".*pipe\.txt: is a FIFO, not a regular file; only regular files are read", outcome[0])


def test_a_file_larger_than_the_limit_is_not_read(tmp_path, monkeypatch):
    size = (INGEST / "article.txt").stat().st_size
    with pytest.raises(FileTooLarge, match=rf"article\.txt: is {size:,} bytes, more than the 1,000 read$"):
        read_document(INGEST / "article.txt", max_bytes=1000)
    monkeypatch.setattr(store, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(FileTooLarge, match=f"more than the {size - 1:,} read"):
        read_document(INGEST / "article.txt")
    assert read_document(INGEST / "article.txt", max_bytes=size).text == ARTICLE_TEXT


def test_a_scanned_pdf_asks_for_ocr(tmp_path):
    with pytest.raises(DocumentError, match=r"scan\.pdf: no text layer on any of its 3 pages \(a scanned PDF\?\); run OCR first, e\.g\. with ocrmypdf$"):
        read_document(make_scanned_pdf(tmp_path / "scan.pdf", pages=3))


def test_a_pdf_locked_with_a_password_is_refused(tmp_path):
    with pytest.raises(DocumentError, match=r"locked\.pdf: is encrypted and needs a password to open"):
        read_document(make_pdf(tmp_path / "locked.pdf", ["Secret text."], password="secret"))


def test_a_damaged_pdf_is_refused(tmp_path):
    cut = write(tmp_path, "cut.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(DocumentError, match=r"cut\.pdf: is a damaged PDF that pypdf cannot read \(.+\)$"):
        read_document(cut)
