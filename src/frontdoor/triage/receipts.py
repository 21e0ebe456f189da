"""The referral receipt: a PDF the referrer keeps as proof of what they sent and when."""

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from frontdoor.documents import pdf_document

from .models import Referral


def _line(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(55, 7, label)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 7, value or "Not given", align="L", new_x="LMARGIN", new_y="NEXT")


def referral_receipt_pdf(referral: Referral) -> bytes:
    """What was sent, when it was received, by whom, and what happens next."""
    event = referral.event
    received = timezone.localtime(referral.received_at)
    due = timezone.localtime(referral.due_at)
    pdf = pdf_document()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 12, "Referral receipt", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(
        0,
        6,
        f"{settings.FRONTDOOR_PARTNERSHIP_NAME}: {settings.FRONTDOOR_SERVICE_NAME}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    _line(pdf, "Reference", referral.reference)
    made = timezone.localtime(event.reported_at)
    _line(pdf, "Sent", f"{made:%-d %B %Y at %H:%M} ({made.tzname()})")
    _line(pdf, "Received", f"{received:%-d %B %Y at %H:%M} ({received.tzname()})")
    _line(pdf, "From", referral.agency.name)
    referrer = referral.referrer
    _line(
        pdf,
        "Referrer",
        ", ".join(str(referrer.get(k, "")) for k in ("name", "role") if referrer.get(k)),
    )
    _line(
        pdf,
        "Contact",
        ", ".join(str(referrer.get(k, "")) for k in ("phone", "email") if referrer.get(k)),
    )
    _line(pdf, "Urgent", "Yes" if referral.urgent else "No")
    _line(pdf, "Concerns", ", ".join(c.replace("_", " ") for c in referral.concerns))
    people = [
        f"{p.record.given_name} {p.record.family_name} ({p.role.replace('_', ' ')}"
        + (f", born {p.record.date_of_birth:%-d %B %Y}" if p.record.date_of_birth else "")
        + ")"
        for p in event.participants.select_related("record")
    ]
    _line(pdf, "About", "; ".join(people))
    _line(pdf, "What you told us", referral.reason)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 9, "What happens next", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(
        0,
        6,
        "The front door will look at everything the partnership knows about the child and decide "
        f"what should happen by {due:%A %-d %B, %H:%M} (within one working day of receiving "
        "the referral), sooner if it is urgent. We will tell you the decision and the next "
        "steps. Quote the reference above if you contact us. If a child is in immediate "
        "danger, call 999.",
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
