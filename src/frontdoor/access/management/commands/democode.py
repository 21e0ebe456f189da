"""`frontdoor democode USERNAME`: a demo user's current code, for the demo only."""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from frontdoor.access.two_factor import NotADemoUser, totp_demo_code


class Command(BaseCommand):
    help = "Print the code a demo user's authenticator shows now (only with the demo setting on)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"username: no user {options['username']!r}")
        try:
            self.stdout.write(totp_demo_code(user))
        except NotADemoUser as error:
            raise CommandError(str(error)) from None
