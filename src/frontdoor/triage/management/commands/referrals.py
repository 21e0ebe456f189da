"""`frontdoor referrals [--json]` and `frontdoor referrals receipt REF`."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.audit.services import console_read_record
from frontdoor.triage.models import Referral
from frontdoor.triage.receipts import referral_receipt_pdf


class Command(BaseCommand):
    help = "List referrals, or write a referral's receipt as a PDF."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")
        actions = parser.add_subparsers(dest="action")
        receipt = actions.add_parser("receipt", help="Write the receipt PDF of a referral")
        receipt.add_argument("reference")
        receipt.add_argument(
            "--out", type=Path, help="Where to write it (default: referral-REF.pdf here)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "receipt":
            self._write_receipt(options["reference"], options["out"])
            return
        referrals = Referral.objects.select_related("agency", "message").order_by(
            "received_at", "pk"
        )
        rows = [
            {
                "reference": r.reference,
                "source": r.agency.code,
                "message_id": r.message.message_id,
                "received_at": r.received_at.isoformat(),
                "status": r.status,
            }
            for r in referrals
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['reference']}\t{row['received_at']}\t{row['source']}\t{row['status']}"
            )

    def _write_receipt(self, reference: str, out: Path | None) -> None:
        referral = (
            Referral.objects.select_related("agency", "event")
            .filter(reference=reference.upper())
            .first()
        )
        if referral is None:
            raise CommandError(f"reference: no referral {reference!r}")
        path = out or Path(f"referral-{referral.reference}.pdf")
        path.write_bytes(referral_receipt_pdf(referral))
        console_read_record(
            command="referrals.receipt",
            details={
                "person_ids": list(referral.event.participants.values_list("person_id", flat=True))
            },
        )
        self.stdout.write(f"wrote {path}")
