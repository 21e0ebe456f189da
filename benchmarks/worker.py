"""One benchmark step in its own process, on the database DATABASE_URL names.

`python -m benchmarks.worker STEP --borough DIR --scale NAME --backend LABEL --results FILE`.
The parent sets DATABASE_URL and DEBUG=false: with DEBUG on, Django keeps and formats every SQL
statement it runs (about a tenth of ingest time), which a deployed hub never does. Steps run in
this order on one database: `ingest` (migrates it and loads the borough), then `api`,
`person-page`, `rules`, `queue`, `insights` and `linkage`, which need the borough loaded.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
from pathlib import Path

import django

STEPS = (
    "ingest",
    "person-page",
    "api",
    "api-under-ingest",
    "rules",
    "queue",
    "insights",
    "linkage",
)
PROFILE_LINES = 30


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("--borough", type=Path, required=True)
    parser.add_argument("--scale", required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--server", default="auto")
    parser.add_argument("--logs", type=Path, required=True)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.local")
    django.setup()
    # Imported only now: they import models, which need the settings in place.
    from . import api, api_under_ingest, ingest, insights, linkage, person_page, queue, rules
    from .borough import Borough
    from .config import SCALES

    borough, scale = Borough.at(args.borough), SCALES[args.scale]
    # The API is served by another process, so profiling this one would show only the clients.
    profiler = cProfile.Profile() if args.profile and not args.step.startswith("api") else None
    if profiler:
        profiler.enable()
    if args.step == "ingest":
        result = ingest.run(
            borough, scale, args.backend, log=args.logs / f"worker-ingest-{args.backend}.log"
        )
    elif args.step == "person-page":
        result = person_page.run(borough, scale, args.backend)
    elif args.step == "rules":
        result = rules.run(borough, scale, args.backend)
    elif args.step == "queue":
        result = queue.run(borough, scale, args.backend)
    elif args.step == "insights":
        result = insights.run(borough, scale, args.backend)
    elif args.step == "linkage":
        result = linkage.run(borough, scale, args.backend)
    else:
        kind = api.server_kind(args.server)
        log = args.logs / f"{args.step}-{args.backend}-{kind}.log"
        measure = api_under_ingest.run if args.step == "api-under-ingest" else api.run
        result = measure(borough, scale, args.backend, server=kind, log=log)
    if profiler:
        profiler.disable()
        _print_profile(profiler, args.logs / f"{args.step}-{args.backend}.prof")
        # cProfile slows Python-heavy code several times over: say so where the figure is.
        result.figure += " [under cProfile: not a benchmark figure]"
    result.print()
    result.save(args.results)


def _print_profile(profiler: cProfile.Profile, path: Path) -> None:
    """The step's hottest functions, and the whole profile saved for `python -m pstats`."""
    profiler.dump_stats(path)
    print(f"\nprofile of this process saved to {path}")
    stats = pstats.Stats(profiler)
    stats.strip_dirs().sort_stats("cumulative").print_stats(PROFILE_LINES)
    stats.sort_stats("tottime").print_stats(PROFILE_LINES)


if __name__ == "__main__":
    main()
