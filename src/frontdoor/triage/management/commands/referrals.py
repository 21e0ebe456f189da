"""`frontdoor referrals [--json]`, `frontdoor referrals receipt REF` and the partnership's
front-door settings (`frontdoor referrals settings`, `frontdoor referrals setting KEY VALUE`)."""

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.services import console_read_record
from frontdoor.audit.setting_commands import setting_change, setting_history
from frontdoor.triage.configuration import DEFAULTS, Timeline
from frontdoor.triage.models import Decision, Referral, SignOff, TriageSetting
from frontdoor.triage.receipts import referral_receipt_pdf
from frontdoor.triage.services import triage_setting_set

STANDING = (SignOff.NOT_REQUIRED, SignOff.AGREED)


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
        actions.add_parser("settings", help="The front-door settings in force, and their history")
        setting = actions.add_parser("setting", help="Change a front-door setting from a date")
        setting.add_argument("key", choices=sorted(DEFAULTS))
        setting.add_argument("value", help='JSON: 2, "08:30", ["no_further_action"]')
        setting.add_argument(
            "--from", dest="effective_from", type=date.fromisoformat, required=True
        )
        setting.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "receipt":
            self._write_receipt(options["reference"], options["out"])
            return
        if options["action"] == "settings":
            self._show_settings()
            return
        if options["action"] == "setting":
            self._change_setting(options)
            return
        referrals = Referral.objects.select_related("agency", "message").order_by(
            "received_at", "pk"
        )
        standing = {
            str(d.referral_id): d
            for d in Decision.objects.filter(sign_off__in=STANDING).order_by("decided_at", "pk")
        }
        rows = [self._row(r, standing.get(r.reference)) for r in referrals]
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

    @staticmethod
    def _row(referral: Referral, decision: Decision | None) -> dict[str, Any]:
        """A referral as the command prints it: where from, its status, and its decision."""
        decided = referral.decided_at
        return {
            "reference": referral.reference,
            "source": referral.agency.code,
            "source_type": referral.agency.type,
            "message_id": referral.message.message_id,
            "received_at": referral.received_at.isoformat(),
            "due_at": referral.due_at.isoformat(),
            "status": referral.status,
            "decision": {
                "outcome": decision.outcome,
                "decided_at": decided.isoformat() if decided else None,
                "sign_off": decision.sign_off,
            }
            if decision and referral.outcome
            else None,
            "hours_to_decision": round((decided - referral.received_at).total_seconds() / 3600, 2)
            if decided
            else None,
            "on_time": decided <= referral.due_at if decided else None,
        }

    def _show_settings(self) -> None:
        in_force = Timeline.load().on(timezone.localdate())
        self.stdout.write(
            f"in force today: a decision within {in_force.working_days} working day(s); "
            f"working day {in_force.starts:%H:%M} to {in_force.ends:%H:%M}; "
            f"manager sign-off for: {', '.join(sorted(in_force.sign_off)) or 'none'}"
        )
        for line in setting_history(TriageSetting):
            self.stdout.write(line)

    def _change_setting(self, options: dict[str, Any]) -> None:
        self.stdout.write(setting_change(triage_setting_set, options))
