"""`frontdoor tokens issue|rotate|revoke|list`: the API tokens of agency systems."""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.access.models import Agency, ApiToken, Scope
from frontdoor.access.tokens import TokenError, token_issue, token_revoke, token_rotate


class Command(BaseCommand):
    help = "Issue, rotate, revoke and list the API tokens with which agency systems use the API."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="Issue a token; its secret is shown only once")
        issue.add_argument("agency", help="The agency's code")
        issue.add_argument("name", help="What the token is for, e.g. the sending system")
        issue.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            metavar="SCOPE",
            help=f"What it may do, repeatable: {', '.join(Scope.values)} (default: send)",
        )
        rotate = actions.add_parser(
            "rotate", help="Replace a token with a new secret of the same agency and scopes"
        )
        rotate.add_argument("token_id", type=int)
        rotate.add_argument(
            "--grace-minutes",
            type=int,
            default=0,
            help="Let the old token work this much longer while the system switches (default 0)",
        )
        revoke = actions.add_parser("revoke", help="Revoke a token at once")
        revoke.add_argument("token_id", type=int)
        actions.add_parser("list", help="List tokens (never their secrets)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except TokenError as error:
            raise CommandError(str(error)) from None

    def _token(self, options: dict[str, Any]) -> ApiToken:
        token = ApiToken.objects.select_related("agency").filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(f"token_id: no token {options['token_id']}")
        return token

    def _issue(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"agency: no agency with code {options['agency']!r}")
        secret = token_issue(
            agency=agency, name=options["name"], issued_by=None, scopes=options["scopes"]
        )
        self.stdout.write(secret)

    def _rotate(self, options: dict[str, Any]) -> None:
        grace = timedelta(minutes=options["grace_minutes"])
        self.stdout.write(token_rotate(token=self._token(options), rotated_by=None, grace=grace))

    def _revoke(self, options: dict[str, Any]) -> None:
        token = self._token(options)
        token_revoke(token=token, revoked_by=None)
        self.stdout.write(f"revoked token {token.pk} ({token})")

    def _list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("agency").order_by("pk"):
            if token.revoked_at:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            elif token.expires_at:
                state = f"expires {token.expires_at:%Y-%m-%d %H:%M}"
            else:
                state = "live"
            scopes = ",".join(token.scopes)
            self.stdout.write(f"{token.pk}\t{token.agency.code}\t{token.name}\t{state}\t{scopes}")
