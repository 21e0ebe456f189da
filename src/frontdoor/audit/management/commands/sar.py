"""`frontdoor sar PERSON_ID [--out DIR]`: a subject access export of one person, as JSON and as a
PDF to read, with third-party information marked for redaction review (docs/audit.md)."""

import json
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from frontdoor.audit.services import console_read_record
from frontdoor.audit.subject_access import subject_access_gather
from frontdoor.audit.subject_access_pdf import subject_access_pdf
from frontdoor.people.models import Person


def _write_private(path: Path, content: bytes) -> None:
    """Readable by the operator alone: the file holds a person's whole record."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)


class Command(BaseCommand):
    help = "Export what the hub holds about a person (subject access), as JSON and PDF."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument(
            "--out", type=Path, default=Path(), help="The folder to write into (default: here)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person_id: int = options["person_id"]
        folder: Path = options["out"]
        if not folder.is_dir():
            raise CommandError(f"--out: no folder {str(folder)!r}")
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"person_id: the hub holds no person {person_id}")
        export = subject_access_gather(person)
        stem = folder / f"sar-person-{person_id}-{timezone.localdate():%Y%m%d}"
        written = [stem.with_suffix(".json"), stem.with_suffix(".pdf")]
        _write_private(
            written[0],
            json.dumps(
                export.as_json(), indent=2, cls=DjangoJSONEncoder, ensure_ascii=False
            ).encode(),
        )
        _write_private(written[1], subject_access_pdf(export))
        items = sum(len(section) for section in export.sections.values())
        console_read_record(
            command="sar",
            details={
                "person_ids": [person_id],
                "files": [str(path) for path in written],
                "items": items,
                "for_redaction_review": export.review_count,
            },
        )
        for path in written:
            self.stdout.write(f"wrote {path}")
        self.stdout.write(f"{items} items, {export.review_count} marked for redaction review")
