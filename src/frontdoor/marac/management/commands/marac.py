"""`frontdoor marac meetings`, `frontdoor marac remind` and `frontdoor marac dataset --quarter
2026Q3`: the MARAC at the console, sharing its services with the pages."""

import csv
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.services import console_read_record
from frontdoor.marac.models import Meeting
from frontdoor.marac.selectors import agenda_referrals, dataset_figures, quarter_dates
from frontdoor.marac.services import action_reminders_send


class Command(BaseCommand):
    help = "The MARAC: meetings, reminders of actions due, and the quarterly national dataset."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("meetings", help="Every meeting and the number of cases on its agenda")
        actions.add_parser(
            "remind", help="Email the owners of actions due within two days or overdue"
        )
        dataset = actions.add_parser("dataset", help="The quarterly MARAC dataset as CSV")
        dataset.add_argument("--quarter", required=True, help="For example 2026Q3")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "meetings":
            for meeting in Meeting.objects.order_by("date"):
                state = "held" if meeting.held_at else "to be held"
                cases = len(agenda_referrals(meeting))
                self.stdout.write(f"{meeting.date}\t{state}\t{cases} cases")
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
