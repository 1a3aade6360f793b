"""PDFs made on the fly for the ingest tests, with fpdf2: one with a text layer, one that looks scanned.

fpdf2's core fonts hold Latin-1 only, so the paragraphs given must be Latin-1 text.
"""

from pathlib import Path


def make_pdf(path, paragraphs, title=None, author=None):
    """Write an A4 PDF whose text layer holds ``paragraphs``, a blank line's height between each; return its path."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(None) if False else None
    if title is not None:
        pdf.set_title(title)
    if author is not None:
        pdf.set_author(author)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(6)
    pdf.output(str(path))
    return Path(path)


def make_scanned_pdf(path, pages=2):
    """Write a PDF of ``pages`` pages that hold only drawn shapes, as a scan without OCR does; return its path."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(20, 20, 170, 250, style="F")
    pdf.output(str(path))
    return Path(path)
