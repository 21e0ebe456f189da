"""`frontdoor agencies load FILE`: load the register of agencies from a JSON list."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.access.models import Agency
from frontdoor.access.services import RegisterError, agencies_load


class Command(BaseCommand):
    help = "Load (idempotently, by code) or list the register of agencies."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load agencies from a JSON file")
        load.add_argument("file", type=Path)
        actions.add_parser("list", help="List the registered agencies")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for agency in Agency.objects.order_by("code"):
                self.stdout.write(f"{agency.code}\t{agency.type}\t{agency.name}")
            return
        path: Path = options["file"]
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot read: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{path}: not valid JSON: {error}") from None
        if not isinstance(entries, list):
            raise CommandError(f"{path}: expected a JSON list of agencies")
        try:
            summary = agencies_load(entries)
        except RegisterError as error:
            raise CommandError(f"{path}{error}") from None
        self.stdout.write(
            f"agencies: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged"
        )
