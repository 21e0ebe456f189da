"""A against B: two loads at once, on copies of one SQLite hub, one a core.

The machine's pace changes by a third within an hour (docs/benchmarks.md), more than most
changes to the spine are worth, so two loads one after the other compare the hour as much as
the code. Run at once, each in its own process on its own copy, the two see the same machine:
two identical sides have measured 608 and 606 messages/s. SQLite only: on PostgreSQL the two
would share the server's processes as well as the cores.

    .venv/bin/python -m benchmarks.pairs [--a CHECKOUT] [--b CHECKOUT] [--a-env NAME=VALUE ...]
        [--b-env NAME=VALUE ...] [--hub-messages 100000] [--count 12000] [--rounds 2]

Each side runs a checkout's hub (`--a`, `--b`: a folder holding `src/frontdoor`, by default
this one) with its own settings from the environment (`--a-env FRONTDOOR_INTAKE=worker`). The
hub is the full borough's first `--hub-messages` messages loaded inline by this checkout, made
once and kept in the cache folder; each side takes in the `--count` messages after them. Each
round after the first swaps the sides' places, and the table gives B's rate over A's for each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .borough import Borough, borough_for, generator_version
from .config import DEFAULT_CACHE_DIR, PROJECT_DIR, SCALES

SIDE_SCRIPT = Path(__file__).with_name("pair_side.py")


@dataclass(frozen=True)
class Side:
    """A checkout and the settings it runs with."""

    name: str
    checkout: Path
    settings: dict[str, str]


def _settings(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise SystemExit(f"--a-env/--b-env: {pair!r} is not NAME=VALUE")
        settings[name] = value
    return settings


def _side_start(
    side: Side, database: Path, borough: Borough, start: int, count: int, *fresh: str
) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.local",
        "PYTHONPATH": str(side.checkout / "src"),
        **side.settings,
    }
    return subprocess.Popen(
        [
            sys.executable,
            # Without the script's folder on the path: its modules (queue.py) hide the stdlib's.
            "-P",
            str(SIDE_SCRIPT),
            str(database),
            str(borough.messages_file),
            str(start),
            str(count),
            *fresh,
        ],
        cwd=side.checkout,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )


def _figures(process: subprocess.Popen[str]) -> dict[str, float]:
    output, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"a side stopped with status {process.returncode}")
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def hub_for(borough: Borough, messages: int, cache: Path) -> Path:
    """The borough's first `messages` loaded inline into a SQLite hub by this checkout, kept,
    its log copied back into the file so that one file is the whole hub."""
    hub = cache / f"pairs-hub-{generator_version()}-{messages}.sqlite3"
    if hub.is_file():
        return hub
    print(f"loading the borough's first {messages:,} messages into {hub} ...", flush=True)
    making = hub.with_suffix(".making")
    # What a load stopped part-way left: begun again from an empty file.
    for stale in [making, *making.parent.glob(f"{making.name}-*")]:
        stale.unlink(missing_ok=True)
    this = Side("hub", PROJECT_DIR, {"FRONTDOOR_INTAKE": "inline"})
    process = _side_start(this, making, borough, 0, messages, "--fresh", str(borough.agencies_file))
    _figures(process)
    with sqlite3.connect(making) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    making.rename(hub)
    for leftover in making.parent.glob(f"{making.name}-*"):
        leftover.unlink()
    return hub


def pair_run(sides: tuple[Side, Side], hub: Path, borough: Borough, start: int, count: int) -> None:
    """One round: each side on its own copy of the hub, both at once, started in the order
    given; print their figures."""
    with tempfile.TemporaryDirectory(prefix="fd-pair-") as folder:
        runs = []
        for side in sides:
            copy = Path(folder) / f"{side.name}.sqlite3"
            shutil.copyfile(hub, copy)
            runs.append((side, _side_start(side, copy, borough, start, count)))
        rates = {}
        for side, process in runs:
            figures = _figures(process)
            rates[side.name] = figures["messages"] / figures["seconds"]
            settings = " ".join(f"{k}={v}" for k, v in side.settings.items()) or "-"
            print(
                f"| {side.name} | {side.checkout} | {settings} | {rates[side.name]:,.0f} "
                f"| {1000 * figures['cpu'] / figures['messages']:.2f} |",
                flush=True,
            )
        print(f"B / A: {rates['B'] / rates['A']:.3f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", type=Path, default=PROJECT_DIR, help="side A's checkout")
    parser.add_argument("--b", type=Path, default=PROJECT_DIR, help="side B's checkout")
    parser.add_argument("--a-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--b-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--hub-messages", type=int, default=100_000)
    parser.add_argument("--count", type=int, default=12_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    args = parser.parse_args(argv)
    for checkout in (args.a, args.b):
        if not (checkout / "src" / "frontdoor").is_dir():
            raise SystemExit(f"--a/--b: {str(checkout)!r} holds no src/frontdoor")

    borough = borough_for(SCALES["full"], args.cache)
    hub = hub_for(borough, args.hub_messages, args.cache)
    a = Side("A", args.a.resolve(), _settings(args.a_env))
    b = Side("B", args.b.resolve(), _settings(args.b_env))
    print("| side | checkout | settings | messages/s | CPU ms a message |")
    print("| --- | --- | --- | ---: | ---: |")
    for round_ in range(args.rounds):
        sides = (a, b) if round_ % 2 == 0 else (b, a)
        pair_run(sides, hub, borough, args.hub_messages, args.count)


if __name__ == "__main__":
    main()
