"""`frontdoor quarantine --json`: the messages in quarantine, with every reason."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.audit.services import console_read_record
from frontdoor.intake.models import InboxMessage, Status


class Command(BaseCommand):
    help = "List the messages in quarantine."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            {
                "source": m.source,
                "message_id": m.message_id,
                "received_at": m.received_at.isoformat(),
                "errors": m.errors,
            }
            for m in InboxMessage.objects.filter(status=Status.REJECTED)
            .defer("raw")
            .order_by("received_at", "pk")
        ]
        console_read_record(command="quarantine", details={"messages": len(rows)})
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['source']}/{row['message_id']}: {'; '.join(row['errors'])}")
