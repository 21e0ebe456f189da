"""One side of a pair (`benchmarks/pairs.py`): load messages into a SQLite hub, print the figures.

Run as a script, not a module, with a checkout's `src` first on PYTHONPATH, so the side runs
that checkout's hub (first migrated to that checkout's schema, untimed); it imports nothing from
the benchmarks package, which the checkout may not have. Prints one line of JSON: the messages
taken in, the seconds, the process's CPU seconds.

    python -P benchmarks/pair_side.py DATABASE MESSAGES_FILE START COUNT [--fresh AGENCIES_FILE]
"""

import argparse
import io
import itertools
import json
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("messages_file")
    parser.add_argument("start", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--fresh", metavar="AGENCIES_FILE", help="a new hub: load its agencies")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.local")

    import django  # only once the settings are chosen

    django.setup()
    from django.core.management import call_command

    from frontdoor.collector import collector_tune
    from frontdoor.intake.models import Channel
    from frontdoor.intake.services import Arriving, messages_ingest

    # The checkout's own schema, whatever the hub was made with; untimed.
    call_command("migrate", verbosity=0, interactive=False)
    if args.fresh:
        call_command("agencies", "load", args.fresh, stdout=io.StringIO())
    collector_tune(batch=True)
    with open(args.messages_file, encoding="utf-8", errors="replace") as handle:
        lines = itertools.islice(handle, args.start, args.start + args.count)
        began, cpu_began = time.perf_counter(), time.process_time()
        taken = 0
        for batch, _ in messages_ingest((Arriving(line) for line in lines), channel=Channel.FILE):
            taken += len(batch)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    print(json.dumps({"messages": taken, "seconds": seconds, "cpu": cpu}))


if __name__ == "__main__":
    main()
