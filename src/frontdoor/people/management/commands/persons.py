"""`frontdoor persons --json`: every person in the index, with the source records behind them."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Prefetch

from frontdoor.audit.services import console_read_record
from frontdoor.people.models import Person, SourceRecord


class Command(BaseCommand):
    help = "Print every person and their source records as a JSON list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", required=True, help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        # A person whose records were all found to be of someone else holds none: not listed.
        holding = Exists(SourceRecord.objects.filter(person=OuterRef("pk")))
        people = (
            Person.objects.filter(holding)
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "records",
                    queryset=SourceRecord.objects.select_related("agency").order_by("pk"),
                )
            )
        )
        count = 0
        self.stdout.write("[", ending="")
        for person in people.iterator(chunk_size=2000):
            row = {
                "id": person.pk,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
                "records": [
                    {"source": r.agency.code, "source_person_id": r.source_person_id}
                    for r in person.records.all()
                ],
            }
            self.stdout.write(("," if count else "") + "\n  " + json.dumps(row), ending="")
            count += 1
        self.stdout.write("\n]" if count else "]")
        console_read_record(command="persons", details={"count": count})
