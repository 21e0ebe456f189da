"""`frontdoor notifications --json`: every notification, oldest first."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from frontdoor.audit.services import console_read_record
from frontdoor.sharing.models import Notification


class Command(BaseCommand):
    help = "Print every notification the duties made as a JSON list, oldest first."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", required=True, help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            {
                "id": notification.pk,
                "duty": notification.duty,
                "recipient": notification.recipient.code,
                "person": notification.person_id,
                "messages": notification.messages,
                "due_by": timezone.localtime(notification.due_by).isoformat(),
                "lawful_basis": notification.lawful_basis,
                "status": notification.shown_status,
            }
            for notification in Notification.objects.select_related("recipient").order_by(
                "raised_at", "pk"
            )
        ]
        self.stdout.write(json.dumps(rows, indent=2))
        console_read_record(
            command="notifications", details={"person_ids": sorted({r["person"] for r in rows})}
        )
