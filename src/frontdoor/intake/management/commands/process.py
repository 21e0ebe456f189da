"""`frontdoor process`: finish every message stored but not yet processed (e.g. after a crash)."""

from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.intake.services import inbox_process_pending


class Command(BaseCommand):
    help = "Process every message left received but unprocessed, exactly once."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"processed {inbox_process_pending()} pending messages")
