"""PDF documents the hub hands to people (referral receipts, subject access exports): A4 pages
in DejaVu Sans, which has the letters of every name the hub may print. The README's set-up
installs the fonts (Debian's fonts-dejavu-core)."""

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def pdf_document() -> FPDF:
    """A new A4 document with its first page, the hub's font and automatic page breaks."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    return pdf
