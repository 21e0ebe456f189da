"""`frontdoor access settings` and `frontdoor access setting KEY VALUE --from DATE --reason R`:
the partnership's access settings (how long break-glass lasts), with their history."""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from frontdoor.access.configuration import DEFAULTS, access_setting_on
from frontdoor.access.models import AccessSetting
from frontdoor.access.services import access_setting_set
from frontdoor.audit.setting_commands import setting_change, setting_history


class Command(BaseCommand):
    help = "Show the access settings and their history, or change one from a date."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("settings", help="The access settings in force, and their history")
        setting = actions.add_parser("setting", help="Change an access setting from a date")
        setting.add_argument("key", choices=sorted(DEFAULTS))
        setting.add_argument("value", help="JSON: a whole number, e.g. 30")
        setting.add_argument(
            "--from", dest="effective_from", type=date.fromisoformat, required=True
        )
        setting.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "setting":
            self.stdout.write(setting_change(access_setting_set, options))
            return
        today = timezone.localdate()
        for key, default in DEFAULTS.items():
            self.stdout.write(f"{key} = {access_setting_on(key, today)} today ({default.meaning})")
        for line in setting_history(AccessSetting):
            self.stdout.write(line)
