"""`frontdoor marac meetings`, `frontdoor marac remind`, `frontdoor marac dataset --quarter
2026Q3`, and the MARAC's settings (`frontdoor marac settings`, `frontdoor marac setting KEY
VALUE`): the MARAC at the console, sharing its services with the pages."""

import csv
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.dated_settings import WEEKDAYS
from frontdoor.audit.services import console_read_record
from frontdoor.audit.setting_commands import setting_change, setting_history
from frontdoor.marac.configuration import DEFAULTS, Timeline
from frontdoor.marac.models import MaracSetting, Meeting
from frontdoor.marac.selectors import agenda_referrals, dataset_figures, quarter_dates
from frontdoor.marac.services import action_reminders_send, marac_setting_set, meeting_next_date


class Command(BaseCommand):
    help = (
        "The MARAC: meetings, reminders of actions due, the quarterly national dataset, and its "
        "settings."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("meetings", help="Every meeting and the number of cases on its agenda")
        actions.add_parser(
            "remind", help="Email the owners of actions due within two days or overdue"
        )
        dataset = actions.add_parser("dataset", help="The quarterly MARAC dataset as CSV")
        dataset.add_argument("--quarter", required=True, help="For example 2026Q3")
        actions.add_parser("settings", help="The MARAC settings in force, and their history")
        setting = actions.add_parser("setting", help="Change a MARAC setting from a date")
        setting.add_argument("key", choices=sorted(DEFAULTS))
        setting.add_argument(
            "value", help=f"meeting.weekday: a day ({', '.join(WEEKDAYS)}); meeting.every_weeks: 2"
        )
        setting.add_argument(
            "--from", dest="effective_from", type=date.fromisoformat, required=True
        )
        setting.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "meetings":
            for meeting in Meeting.objects.order_by("date"):
                state = "held" if meeting.held_at else "to be held"
                cases = len(agenda_referrals(meeting))
                self.stdout.write(f"{meeting.date}\t{state}\t{cases} cases")
        elif options["action"] == "settings":
            self._show_settings()
        elif options["action"] == "setting":
            self.stdout.write(setting_change(marac_setting_set, options))
        elif options["action"] == "remind":
            for action in action_reminders_send(today=timezone.localdate()):
                self.stdout.write(
                    f"{action.due_on}\t{action.owner.email or action.owner.get_username()}\t"
                    f"{action.referral_id}\t{action.description}"
                )
        else:
            try:
                first, last = quarter_dates(options["quarter"])
            except ValueError as error:
                raise CommandError(str(error)) from None
            figures = dataset_figures(first, last)
            console_read_record(command="marac.dataset", details={"quarter": options["quarter"]})
            writer = csv.writer(self.stdout)
            writer.writerow(["quarter", "measure", "category", "value"])
            for figure in figures:
                writer.writerow([options["quarter"], figure.measure, figure.category, figure.value])

    def _show_settings(self) -> None:
        today = timezone.localdate()
        in_force = Timeline.load().on(today)
        self.stdout.write(
            f"in force today: meetings on {WEEKDAYS[in_force.weekday]}, every "
            f"{in_force.every_weeks} week(s); the next from today: {meeting_next_date(today)}"
        )
        for line in setting_history(MaracSetting):
            self.stdout.write(line)
