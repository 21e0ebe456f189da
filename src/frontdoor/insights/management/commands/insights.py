"""`frontdoor insights --from DATE --to DATE [--agency CODE] [--team NAME] --format json|csv`:
the dashboard's figures at the console, from the same services."""

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.insights.exports import insights_csv, insights_document
from frontdoor.insights.figures import insights_compute
from frontdoor.insights.loads import Period


def _day(name: str, text: str | None, default: date) -> date:
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{name}: not a date as YYYY-MM-DD: {text!r}") from None


class Command(BaseCommand):
    help = "The insights' measures for a period (and one agency or team) as JSON or CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="first", help="YYYY-MM-DD (default: 11 months ago)")
        parser.add_argument("--to", dest="last", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--agency", default="", help="An agency's code: its figures only")
        parser.add_argument(
            "--team", default="", help="A police station or team, as incidents name it"
        )
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        default = Period.last_year(timezone.localdate())
        try:
            period = Period.checked(
                _day("from", options["first"], default.first),
                _day("to", options["last"], default.last),
            )
            insights = insights_compute(period, agency_code=options["agency"], team=options["team"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["format"] == "csv":
            insights_csv(insights, self.stdout)
            return
        self.stdout.write(json.dumps(insights_document(insights), indent=2))
