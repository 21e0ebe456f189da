"""`python -m benchmarks.demo_replay`: a year of the demo borough replayed through the rules.

Issue 4's target: replaying a year of the demo borough takes under two minutes. The demo is
loaded exactly as `frontdoor demo` loads it (a borough of 4,000 households over the year to
yesterday, through intake, trained and re-linked, with the front door's, the MARAC's and the
quality team's demo work), into a fresh database made for the run and dropped after it; then
`alerts_replay`, the service behind `frontdoor rules replay`, is timed over that year. Standalone
like `benchmarks.febrl`: it needs none of the other steps' boroughs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from .config import RULES_REPLAY_TARGET
from .databases import fresh_database
from .results import load_average


def demo_year_replayed() -> tuple[int, int, float]:
    """Load the demo into the configured database and replay its year: the events reported in
    the year, the alerts the replay raised, and its seconds."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from frontdoor.chronology.models import Event
    from frontdoor.risk.engine import alerts_replay

    call_command("migrate", verbosity=0)
    # The demo and the commands it runs print what they did, and the sign-ins: not figures.
    with tempfile.TemporaryDirectory() as data, contextlib.redirect_stdout(io.StringIO()):
        call_command("demo", data=Path(data))
    end = timezone.localdate() - timedelta(days=1)
    start = end - timedelta(days=365)
    events = Event.objects.filter(reported_at__date__range=(start, end)).count()
    began = time.perf_counter()
    tally = alerts_replay(start=start, end=end)
    seconds = time.perf_counter() - began
    connections.close_all()
    return events, tally.raised, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.demo_replay",
        description="A year of the demo borough replayed through the rules (target: < 2 minutes).",
    )
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgres"))
    args = parser.parse_args(argv)
    with fresh_database(args.backend) as url:
        os.environ |= {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "frontdoor.settings.local",
            "DEBUG": "true",  # `frontdoor demo` prints its sign-ins, so it runs only in DEBUG
        }
        load_before = load_average()
        events, raised, seconds = demo_year_replayed()
    passed = seconds < RULES_REPLAY_TARGET
    print(
        f"demo borough, {args.backend}: a year replayed ({events:,} events, {raised:,} alerts "
        f"raised) in {seconds:.1f} s  (target: < {RULES_REPLAY_TARGET:.0f} s)  "
        f"{'PASS' if passed else 'MISS'}; load average before {load_before}, "
        f"after {load_average()}",
        flush=True,
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
