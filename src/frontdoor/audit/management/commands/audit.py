"""`frontdoor audit unusual --since DATE [--until DATE] [--json]`: the report of unusual access;
`frontdoor audit settings` and `frontdoor audit setting KEY VALUE --from DATE --reason TEXT`:
the partnership's thresholds, working hours and retention schedule."""

import dataclasses
import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.configuration import DEFAULTS, Timeline
from frontdoor.audit.models import AuditSetting
from frontdoor.audit.selectors import UnusualAccess, unusual_access
from frontdoor.audit.services import audit_setting_set, console_read_record
from frontdoor.audit.setting_commands import setting_change, setting_history


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "The report of unusual access, and the settings of access review and retention."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        unusual = actions.add_parser("unusual", help="Unusual reads over a period")
        unusual.add_argument("--since", type=_day, required=True, help="First day, YYYY-MM-DD")
        unusual.add_argument("--until", type=_day, help="Last day, inclusive (default: today)")
        unusual.add_argument("--json", action="store_true", help="Print the report as JSON")
        actions.add_parser("settings", help="The settings in force today, and their history")
        setting = actions.add_parser("setting", help="Change a setting from a date")
        setting.add_argument("key", choices=sorted(DEFAULTS))
        setting.add_argument("value", help='JSON: 60, "08:00", ["mon", "tue"]')
        setting.add_argument("--from", dest="effective_from", type=_day, required=True)
        setting.add_argument("--reason", required=True, help="Why the partnership changed it")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "unusual":
            self._unusual(options["since"], options["until"] or timezone.localdate(), options)
        elif options["action"] == "settings":
            self._show_settings()
        else:
            self._change_setting(options)

    def _unusual(self, since: date, until: date, options: dict[str, Any]) -> None:
        if until < since:
            raise CommandError(f"--until: {until} is before --since {since}")
        report = unusual_access(since=since, until=until)
        console_read_record(
            command="audit.unusual", details={"since": str(since), "until": str(until)}
        )
        if options["json"]:
            self.stdout.write(json.dumps(dataclasses.asdict(report), indent=2, default=str))
            return
        self._print(report)

    def _print(self, report: UnusualAccess) -> None:
        self.stdout.write(f"unusual access {report.since} to {report.until}")
        self.stdout.write(f"many more people than usual: {len(report.volume)}")
        for v in report.volume:
            self.stdout.write(
                f"  {v.day}\t{v.username} ({v.agency})\t{v.people} people, usual {v.usual}, "
                f"threshold {v.threshold}"
            )
        self.stdout.write(f"out of hours: {len(report.out_of_hours)}")
        for o in report.out_of_hours:
            self.stdout.write(
                f"  {o.day}\t{o.username} ({o.agency})\t{o.reads} reads of {o.people} people, "
                f"{timezone.localtime(o.first):%H:%M} to {timezone.localtime(o.last):%H:%M}"
            )
        self.stdout.write(f"break glass: {len(report.break_glass)}")
        for b in report.break_glass:
            self.stdout.write(
                f"  {timezone.localtime(b.at):%Y-%m-%d %H:%M}\t{b.username} ({b.agency})\t"
                f"person {b.person_id}\t{b.purpose}"
            )

    def _show_settings(self) -> None:
        in_force = Timeline.load().values_on(timezone.localdate())
        for key, default in DEFAULTS.items():
            self.stdout.write(f"{key} = {json.dumps(in_force[key])}\t({default.meaning})")
        for line in setting_history(AuditSetting):
            self.stdout.write(line)

    def _change_setting(self, options: dict[str, Any]) -> None:
        self.stdout.write(setting_change(audit_setting_set, options))
