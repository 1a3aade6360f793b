"""PDFs made on the fly for the ingest tests, with fpdf2: one with a text layer, one that looks scanned.

fpdf2's core fonts hold Latin-1 only, so the paragraphs given must be Latin-1 text; a line
break inside a paragraph is kept as a line break in the PDF.
"""

from pathlib import Path


def make_pdf(path, paragraphs, title=None, author=None, *, created=None, language=None, password=None, pages=1):
    """Write an A4 PDF whose text layer holds ``paragraphs``, a line's height between each; return its path.

    ``created`` (a datetime) sets /CreationDate (fpdf2 puts the current time otherwise), ``language`` the
    catalogue's /Lang, ``password`` locks the
    file with a user password, and ``pages`` spreads the paragraphs over that many pages, one page break after
    each of the first ``pages - 1`` paragraphs.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    if title is not None:
        pdf.set_title(title)
    if author is not None:
        pdf.set_author(author)
    if created is not None:
        pdf.set_creation_date(created)
    if language is not None:
        pdf.set_lang(language)
    if password is not None:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for index, paragraph in enumerate(paragraphs):
        if 0 < index < pages:
            pdf.add_page()
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    pdf.output(str(path))
    return Path(path)


def make_scanned_pdf(path, pages=2):
    """Write a PDF of ``pages`` pages that hold only a drawn grey page and lines, as a scan without OCR; return its path."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(225, 225, 225)
        pdf.rect(15, 15, 180, 267, style="F")
        for y in range(30, 270, 8):  # strokes where lines of text would be
            pdf.line(25, y, 185, y)
    pdf.output(str(path))
    return Path(path)
