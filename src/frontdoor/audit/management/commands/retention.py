"""`frontdoor retention run [--dry-run] [--json]`: archive, then delete, what the partnership's
schedule says is due; `retention hold add PERSON_ID --reason TEXT`, `retention hold lift HOLD_ID
--reason TEXT` and `retention holds`: legal holds, which stop both (docs/audit.md)."""

import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.retention import (
    Plan,
    RetentionError,
    holds_in_force,
    legal_hold_add,
    legal_hold_lift,
    retention_run,
)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Archive and delete records past their retention date; place and lift legal holds."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="Archive, then delete, what is due")
        run.add_argument("--dry-run", action="store_true", help="Say what would be done; do it not")
        run.add_argument("--json", action="store_true", help="Print what was done as JSON")
        run.add_argument("--today", type=_day, help="Judge as of this day (default: today)")
        hold = actions.add_parser("hold", help="Place or lift a legal hold")
        holds = hold.add_subparsers(dest="hold_action", required=True)
        add = holds.add_parser("add", help="Hold a person's records, and their group's")
        add.add_argument("person_id", type=int)
        add.add_argument("--reason", required=True, help="The proceedings or review, and who asked")
        lift = holds.add_parser("lift", help="Lift a legal hold")
        lift.add_argument("hold_id", type=int)
        lift.add_argument("--reason", required=True)
        actions.add_parser("holds", help="The legal holds in force")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "run":
                self._run(options)
            elif options["action"] == "holds":
                for h in holds_in_force():
                    self.stdout.write(
                        f"{h.pk}\tperson {h.person_id}\t{timezone.localtime(h.placed_at):%Y-%m-%d}"
                        f"\t{h.placed_by or 'console'}: {h.reason}"
                    )
            elif options["hold_action"] == "add":
                hold = legal_hold_add(
                    person_id=options["person_id"], reason=options["reason"], user=None
                )
                self.stdout.write(f"legal hold {hold.pk} on person {hold.person_id}")
            else:
                hold = legal_hold_lift(
                    hold_id=options["hold_id"], reason=options["reason"], user=None
                )
                self.stdout.write(f"legal hold {hold.pk} lifted")
        except RetentionError as error:
            raise CommandError(str(error)) from None

    def _run(self, options: dict[str, Any]) -> None:
        dry_run = options["dry_run"]
        plan = retention_run(today=options["today"] or timezone.localdate(), dry_run=dry_run)
        if options["json"]:
            self.stdout.write(json.dumps({"dry_run": dry_run, **plan.as_json()}, indent=2))
        else:
            self._print(plan, dry_run)
        if plan.failed:
            raise CommandError("not done: " + "; ".join(plan.failed))

    def _print(self, plan: Plan, dry_run: bool) -> None:
        verb = ("would archive", "would delete") if dry_run else ("archived", "deleted")
        people = sum(len(group.people) for group, _ in plan.archive)
        messages = sum(len(group.messages) for group, _ in plan.archive)
        self.stdout.write(
            f"{verb[0]}: {len(plan.archive)} group(s), {people} people, {messages} messages"
        )
        self.stdout.write(f"{verb[1]}: {len(plan.delete)} archived group(s)")
        self.stdout.write(f"kept by a legal hold: {plan.held} group(s)")
        self.stdout.write(
            f"past their own date, waiting for others in their group: {plan.waiting} people"
        )
