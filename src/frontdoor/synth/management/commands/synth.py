"""`frontdoor synth`: write a synthetic borough, so no real personal data is ever needed."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.synth.generator import DEFAULT_END, DEFAULT_INVALID_RATE, write_borough


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


class Command(BaseCommand):
    help = (
        "Write agencies.json, messages.jsonl and truth.json for a synthetic borough: the "
        "same arguments always give the same bytes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=1000, help="households seen")
        parser.add_argument("--years", type=int, default=1, help="length of the period")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--out", type=Path, required=True, help="output folder")
        parser.add_argument("--end", type=_date, default=DEFAULT_END, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--invalid-rate",
            type=float,
            default=DEFAULT_INVALID_RATE,
            help="share of messages made invalid for the quarantine",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = write_borough(
                options["out"],
                households=options["households"],
                years=options["years"],
                seed=options["seed"],
                end=options["end"],
                invalid_rate=options["invalid_rate"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary.line())
