"""`frontdoor rebuild`: derive everything again from the inbox, the source of truth."""

from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.intake.services import inbox_rebuild


class Command(BaseCommand):
    help = "Delete every derived record and derive it again from the inbox, in arrival order."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"rebuilt from {inbox_rebuild()} inbox messages")
