"""`frontdoor returns cin --year 2026 --out FILE`: the children in need census extract at the
console, made by the same code as the page's download."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.audit.services import console_read_record
from frontdoor.returns.cin_census import ReturnError
from frontdoor.returns.selectors import cin_census_made


class Command(BaseCommand):
    help = "Statutory returns: the children in need census extract of the front door's referrals."

    def add_arguments(self, parser: ArgumentParser) -> None:
        returns = parser.add_subparsers(dest="return_name", required=True)
        cin = returns.add_parser("cin", help="The children in need census extract, as XML")
        cin.add_argument(
            "--year", type=int, required=True, help="The year it ends on 31 March, e.g. 2026"
        )
        cin.add_argument(
            "--out", type=Path, help="Where to write it (default: cin-census-YEAR.xml here)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            extract = cin_census_made(options["year"])
        except ReturnError as error:
            raise CommandError(str(error)) from None
        census = extract.census
        path: Path = options["out"] or Path(extract.filename)
        path.write_bytes(extract.xml)
        console_read_record(
            command="returns.cin",
            details={
                "year": census.year,
                "file": str(path),
                "person_ids": [child.person_id for child in census.children],
            },
        )
        self.stdout.write(
            f"wrote {path}: {len(census.children)} children, {census.referral_count} referrals "
            f"received {census.first:%-d %B %Y} to {census.last:%-d %B %Y}"
        )
