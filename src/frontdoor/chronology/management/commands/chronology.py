"""`frontdoor chronology PERSON_ID --json`: one person's events, oldest first."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.services import console_read_record
from frontdoor.chronology.selectors import participations_of
from frontdoor.people.models import Person


class Command(BaseCommand):
    help = "Print a person's multi-agency chronology as a JSON list, oldest first."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--json", action="store_true", required=True, help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        person_id = options["person_id"]
        if not Person.objects.filter(pk=person_id).exists():
            raise CommandError(f"person_id: no person with id {person_id}")
        rows = [
            {
                "event_id": p.event_id,
                "occurred_at": timezone.localtime(p.event.occurred_at).isoformat(),
                "reported_at": timezone.localtime(p.event.reported_at).isoformat(),
                "source": p.event.agency.code,
                "message_id": p.message_key,  # type: ignore[attr-defined]  # annotated
                "kind": p.event.kind,
                "summary": p.event.summary,
                "role": p.role,
                "present": p.present,
                "seen": p.seen,
                "seen_alone": p.seen_alone,
                "spoken_to": p.spoken_to,
                "voice": p.voice or None,
                "facts": p.event.facts,
            }
            for p in participations_of(person_id)
        ]
        self.stdout.write(json.dumps(rows, indent=2))
        console_read_record(command="chronology", details={"person_ids": [person_id]})
