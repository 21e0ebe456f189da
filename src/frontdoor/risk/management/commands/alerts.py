"""`frontdoor alerts --json`: every alert, oldest first."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from frontdoor.audit.services import console_read_record
from frontdoor.risk.models import Alert


class Command(BaseCommand):
    help = "Print every alert the rules raised as a JSON list, oldest first."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", required=True, help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            {
                "id": alert.pk,
                "rule": alert.rule,
                "person": alert.person_id,
                "messages": alert.messages,
                "raised_at": timezone.localtime(alert.raised_at).isoformat(),
                "due_by": alert.due_by.isoformat() if alert.due_by else None,
                "status": alert.status,
            }
            for alert in Alert.objects.order_by("raised_at", "pk")
        ]
        self.stdout.write(json.dumps(rows, indent=2))
        console_read_record(
            command="alerts", details={"person_ids": sorted({r["person"] for r in rows})}
        )
