"""`frontdoor tokens issue AGENCY NAME`, `frontdoor tokens revoke ID`, `frontdoor tokens list`."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.access.models import Agency, ApiToken
from frontdoor.access.tokens import token_issue, token_revoke


class Command(BaseCommand):
    help = "Issue, list and revoke the API tokens with which agency systems send messages."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="Issue a token; its secret is shown only once")
        issue.add_argument("agency", help="The agency's code")
        issue.add_argument("name", help="What the token is for, e.g. the sending system")
        revoke = actions.add_parser("revoke", help="Revoke a token at once")
        revoke.add_argument("token_id", type=int)
        actions.add_parser("list", help="List tokens (never their secrets)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "issue":
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"agency: no agency with code {options['agency']!r}")
            self.stdout.write(token_issue(agency=agency, name=options["name"], issued_by=None))
        elif options["action"] == "revoke":
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"token_id: no token {options['token_id']}")
            token_revoke(token=token, revoked_by=None)
            self.stdout.write(f"revoked token {token.pk} ({token})")
        else:
            for token in ApiToken.objects.select_related("agency").order_by("pk"):
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
                self.stdout.write(f"{token.pk}\t{token.agency.code}\t{token.name}\t{state}")
