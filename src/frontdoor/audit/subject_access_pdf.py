"""The subject access export as a document a person can read, made with fpdf2 like the referral
receipts: each section in turn, each item's fields, and a boxed note on every item that needs a
redaction review before it is released."""

import json
from typing import Any

from fpdf import FPDF

from frontdoor.documents import pdf_document

from .subject_access import SECTIONS, Item, SubjectAccess

LABEL_WIDTH = 48


def _shown(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, indent=1, ensure_ascii=False)
    return str(value)


def _line(pdf: FPDF, label: str, value: Any) -> None:
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(LABEL_WIDTH, 5, label.replace("_", " ").capitalize())
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, _shown(value), align="L", new_x="LMARGIN", new_y="NEXT")


def _review_note(pdf: FPDF, review: Item) -> None:
    names = "; ".join(
        f"{t['name']} ({t['role'].replace('_', ' ')}, person {t['person_id']})"
        for t in review["third_parties"]
    )
    text = "Review before release: " + "; ".join(review["reasons"])
    if names:
        text += f". Other people: {names}"
    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(0, 5, text, border=1, align="L", new_x="LMARGIN", new_y="NEXT")


def _item(pdf: FPDF, item: Item) -> None:
    review = item["redaction_review"]
    if review["needed"]:
        _review_note(pdf, review)
    for label, value in item.items():
        if label != "redaction_review":
            _line(pdf, label, value)
    pdf.ln(3)


def subject_access_pdf(export: SubjectAccess) -> bytes:
    pdf = pdf_document()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, "Subject access: what the hub holds", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        5,
        f"{export.partnership}. Made {export.generated_at}. "
        f"{export.review_count} item(s) name or may describe other people and are marked "
        "for a redaction review: a person must decide what to release.",
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    for label, value in export.person.items():
        _line(pdf, label, value)
    for key, title in SECTIONS:
        items = export.sections[key]
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(0, 8, f"{title} ({len(items)})", new_x="LMARGIN", new_y="NEXT")
        if not items:
            pdf.set_font("DejaVu", "", 9)
            pdf.cell(0, 5, "None held.", new_x="LMARGIN", new_y="NEXT")
        for item in items:
            _item(pdf, item)
    return bytes(pdf.output())
