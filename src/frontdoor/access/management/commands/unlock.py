"""`frontdoor unlock USERNAME`: let a locked-out user sign in again."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.access.services import sign_in_unlock


class Command(BaseCommand):
    help = "Clear the failed sign-ins that locked a username out (an administrator's task)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = sign_in_unlock(username=options["username"], unlocked_by=None)
        if not cleared:
            raise CommandError(f"username: no failed sign-ins for {options['username']!r}")
        self.stdout.write(
            f"unlocked {options['username']} ({cleared} failed sign-in records cleared)"
        )
