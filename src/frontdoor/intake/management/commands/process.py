"""`frontdoor process`: finish intake for every message stored but not yet recorded or derived
(e.g. after a crash); with --follow, keep doing so as the intake worker (decision 15)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.intake.derivation import derivation_due, derivations_run
from frontdoor.intake.services import checked_messages_record, inbox_process_pending


class Command(BaseCommand):
    help = (
        "Process every message left received but unprocessed, exactly once, and derive every "
        "message left due; with --follow, go on as the intake worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--follow",
            action="store_true",
            help="Keep running: record what the API checks and derive what intake records.",
        )
        parser.add_argument(
            "--every",
            type=float,
            default=1.0,
            help="With --follow, the seconds to wait when there is nothing to do (default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"processed {inbox_process_pending()} pending messages")
        skip: set[int] = set()
        while options["follow"]:
            recorded = checked_messages_record(skip=skip)
            derived = derivations_run(skip=skip)
            if recorded or derived:
                self.stdout.write(f"recorded {recorded} and derived {derived} messages")
            else:
                time.sleep(options["every"])
        if due := derivation_due().count():
            self.stderr.write(f"{due} messages could not be derived (see the log); they stay due")
