"""`frontdoor derive`: run the rules, MARAC and sharing stages on messages processed but not yet
derived (decision 15); with --follow, keep doing so as a worker beside intake."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.intake.derivation import derivation_due, derivations_run


class Command(BaseCommand):
    help = "Derive the alerts, MARAC listings and notifications of every processed message due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--follow",
            action="store_true",
            help="Keep running: derive what intake processes, as it does (a worker process).",
        )
        parser.add_argument(
            "--every",
            type=float,
            default=1.0,
            help="With --follow, the seconds to wait when nothing is due (default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        skip: set[int] = set()
        while True:
            derived = derivations_run(skip=skip)
            if derived or not options["follow"]:
                self.stdout.write(f"derived {derived} messages")
            if not options["follow"]:
                break
            if not derived:
                time.sleep(options["every"])
        if skip:
            self.stderr.write(
                f"{len(skip)} messages could not be derived (see the log): "
                f"{', '.join(map(str, sorted(skip)))}; they stay due"
            )
        self.stdout.write(f"{derivation_due().count()} messages due")
