"""`frontdoor unlock USERNAME [--two-factor]`: let a locked-out user sign in again."""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from frontdoor.access.services import sign_in_unlock
from frontdoor.access.two_factor import totp_reset


class Command(BaseCommand):
    help = (
        "Clear the failed sign-ins that locked a username out; with --two-factor, also forget "
        "the user's authenticator app (a lost phone) so they set one up again (an administrator's "
        "task)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--two-factor",
            action="store_true",
            help="Forget the user's authenticator app; they set up a new one at next sign-in",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if options["two_factor"]:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"username: no user {username!r}")
            removed = totp_reset(user=user, reset_by=None)
            self.stdout.write(
                f"{username} will set up an authenticator app again ({removed} removed)"
            )
        cleared = sign_in_unlock(username=username, unlocked_by=None)
        if cleared:
            self.stdout.write(f"unlocked {username} ({cleared} failed sign-in records cleared)")
        elif not options["two_factor"]:
            raise CommandError(f"username: no failed sign-ins for {username!r}")
