"""`frontdoor ingest FILE...`: take in JSON Lines files of agency messages."""

import sys
from argparse import ArgumentParser
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from frontdoor.audit.services import operator_name
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Arriving, messages_ingest

SHOWN_REJECTIONS = 20


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Each non-blank line as bytes: intake decodes it, and keeps a line that is not UTF-8."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line.rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf")


class Command(BaseCommand):
    help = "Store and process JSON Lines files of messages; never stops at a bad line."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [str(path) for path in options["files"] if not path.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        counts: Counter[str] = Counter()
        shown = 0
        operator = operator_name()
        for path in options["files"]:
            arriving = (
                Arriving(raw, f"{path}:{number} by {operator}") for number, raw in _lines(path)
            )
            with tqdm(
                desc=path.name,
                unit=" messages",
                disable=options["quiet"] or not sys.stderr.isatty(),
            ) as progress:
                taken = 0
                try:
                    for batch, outcomes in messages_ingest(arriving, channel=Channel.FILE):
                        for one, outcome in zip(batch, outcomes, strict=True):
                            counts[outcome.status] += 1
                            if outcome.status == "rejected" and shown < SHOWN_REJECTIONS:
                                shown += 1
                                where = one.origin.rsplit(" by ", 1)[0]
                                self.stderr.write(f"{where}: {'; '.join(outcome.errors)}")
                        progress.update(len(batch))
                        taken += len(batch)
                except (OperationalError, InterfaceError) as error:
                    raise CommandError(
                        f"{path}: the database could not be reached or written ({error}) after "
                        f"{taken:,} messages of this file. What was stored is kept. When the "
                        "database is back (or has space again), run `frontdoor process`, then the "
                        "same command: messages already stored are counted as duplicates, never "
                        "stored twice."
                    ) from error
        if counts["rejected"] > shown:
            self.stderr.write(f"... and {counts['rejected'] - shown} more rejected")
        pending = (
            f", pending {counts['pending']} (run frontdoor process)" if counts["pending"] else ""
        )
        self.stdout.write(
            f"accepted {counts['accepted']}, duplicate {counts['duplicate']}, "
            f"rejected {counts['rejected']} (in quarantine){pending}"
        )
