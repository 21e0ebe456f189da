"""`frontdoor rules list`, `rules replay [--from DATE --to DATE]`, `rules set KEY VALUE ...`:
a threshold is changed through the same service as on its page, and read as every app's setting
command reads its value (audit/setting_commands.py)."""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from frontdoor.audit.services import audit_record
from frontdoor.audit.setting_commands import setting_change, setting_history
from frontdoor.risk.engine import alerts_replay
from frontdoor.risk.models import RuleSetting
from frontdoor.risk.rules import RULES
from frontdoor.risk.services import rule_setting_set
from frontdoor.risk.thresholds import DEFAULTS, Timeline


def _day(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "List the rules, replay a period through them, or change a threshold."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Each rule: code, version and message; each threshold")
        replay = actions.add_parser("replay", help="Evaluate the rules again over a period")
        replay.add_argument("--from", dest="start", help="First day (YYYY-MM-DD), inclusive")
        replay.add_argument("--to", dest="end", help="Last day (YYYY-MM-DD), inclusive")
        change = actions.add_parser("set", help="Change a threshold from a date")
        change.add_argument("key")
        change.add_argument("value", help="A number, or words separated by commas")
        change.add_argument(
            "--from",
            dest="effective_from",
            type=date.fromisoformat,
            required=True,
            help="In force from (YYYY-MM-DD)",
        )
        change.add_argument("--reason", required=True, help="Why the partnership changed it")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
        elif options["action"] == "replay":
            start, end = _day("--from", options["start"]), _day("--to", options["end"])
            if start and end and start > end:
                raise CommandError(f"--to: {end} is before --from {start}")
            with transaction.atomic():
                tally = alerts_replay(start=start, end=end)
                audit_record(
                    actor=None,
                    action="rules.replay",
                    details={"from": str(start), "to": str(end), "raised": tally.raised},
                )
            self.stdout.write(f"replayed: {tally.raised} alerts raised, {tally.resolved} resolved")
        else:
            self.stdout.write(setting_change(rule_setting_set, options))

    def _list(self) -> None:
        for rule in RULES.values():
            self.stdout.write(f"{rule.code} v{rule.version}: {rule.message}")
        today = Timeline.load().on(date.today())
        for key, default in DEFAULTS.items():
            self.stdout.write(f"{key} = {today[key]!r} ({default.meaning})")
        for line in setting_history(RuleSetting):
            self.stdout.write(line)
