"""`python -m benchmarks
[ingest|api|api-under-ingest|person-page|rules|queue|insights|linkage|all]...
[--backend ...] [--scale ...]`.

For each backend: a fresh database; the ingest step (which is also how the others get a loaded
borough to run on); then the API, the API while an ingest runs, the person page, the rules, the
front door's queue, the leaders' dashboard and person linkage (which trains and re-links,
so it goes last), each in its own worker process; then the database is dropped. Prints each
result as it comes and a summary at the end. Exits 0 when every target is met, 1 when any is
missed, 2 when a step could not run.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from .borough import borough_for
from .config import DEFAULT_CACHE_DIR, PROJECT_DIR, SCALES
from .databases import fresh_database, postgres_server_url, postgres_unavailable
from .results import Result, load, load_average, machine_pace, table

BENCHMARKS = (
    "ingest",
    "api",
    "api-under-ingest",
    "person-page",
    "rules",
    "queue",
    "insights",
    "linkage",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Frontdoor's performance benchmarks."
    )
    parser.add_argument(
        "benchmark",
        nargs="*",
        default=["all"],
        choices=(*BENCHMARKS, "all"),
        help="one or more, run in the order listed above; all (the default) runs every one",
    )
    parser.add_argument("--backend", default="both", choices=("sqlite", "postgres", "both"))
    parser.add_argument("--scale", default="full", choices=tuple(SCALES))
    parser.add_argument(
        "--server",
        default="auto",
        choices=("auto", "runserver", "gunicorn"),
        help="WSGI server for the API benchmarks; auto: gunicorn if installed, else runserver",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE_DIR,
        help="where generated boroughs, server logs and profiles are kept",
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile ingest and person-page with cProfile"
    )
    parser.add_argument(
        "--intake",
        default="worker",
        choices=("worker", "inline"),
        help="who finishes intake while messages arrive: a `frontdoor process --follow` worker "
        "beside it (the default), or the receiving process itself",
    )
    args = parser.parse_args(argv)

    wanted = tuple(b for b in BENCHMARKS if "all" in args.benchmark or b in args.benchmark)
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    scale = SCALES[args.scale]
    logs = args.cache / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    _print_machine()
    borough = borough_for(scale, args.cache)
    print(f"borough ({scale.name}): {borough.summary}\n  in {borough.folder}", flush=True)

    results: list[Result] = []
    problems: list[str] = []
    for backend in backends:
        if backend == "postgres" and (why := postgres_unavailable()):
            problems.append(f"postgres: not run: {why}")
            print(problems[-1], flush=True)
            continue
        with fresh_database(backend) as url, tempfile.TemporaryDirectory() as scratch:
            results_file = Path(scratch) / "results.json"
            print(f"\n### {backend}: fresh database {_shown(url)}", flush=True)
            for step in ("ingest", *(b for b in BENCHMARKS[1:] if b in wanted)):
                command = [
                    sys.executable,
                    "-m",
                    "benchmarks.worker",
                    step,
                    f"--borough={borough.folder}",
                    f"--scale={scale.name}",
                    f"--backend={backend}",
                    f"--results={results_file}",
                    f"--server={args.server}",
                    f"--logs={logs}",
                    *(["--profile"] if args.profile else []),
                ]
                if step == "ingest" and "ingest" not in wanted:
                    print("loading the borough through ingest first (not a result here)")
                environment = os.environ | {
                    "DATABASE_URL": url,
                    "DEBUG": "false",
                    "FRONTDOOR_INTAKE": args.intake,
                }
                code = subprocess.run(command, cwd=PROJECT_DIR, env=environment).returncode
                if code:
                    how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
                    problems.append(f"{backend}: {step} failed ({how}); see above")
                    print(f"ERROR {problems[-1]}", flush=True)
                    break
            if results_file.exists():
                results.extend(r for r in load(results_file) if r.benchmark in wanted)

    _print_summary(results, problems)
    if problems:
        return 2
    return 0 if all(r.passed for r in results) else 1


def _shown(url: str) -> str:
    return url.replace(postgres_server_url().rsplit("/", 1)[0], "postgres://…")


def _print_machine() -> None:
    """What the figures were measured on; they mean little without it."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = next(
        (
            f"{int(line.split()[1]) / 1024**2:.1f} GiB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "unknown",
    )
    print(
        f"Frontdoor benchmarks, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n"
        f"  {os.cpu_count()} CPUs ({cpu}), {memory} memory; load average {load_average()}\n"
        f"  pace: {machine_pace():.2f} s of CPU for ten million additions in Python\n"
        f"  Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        flush=True,
    )


def _print_summary(results: list[Result], problems: list[str]) -> None:
    print("\n## Summary\n")
    if results:
        rows = [["benchmark", "backend", "scale", "figure", "target", "verdict"]]
        rows += [[r.benchmark, r.backend, r.scale, r.figure, r.target, r.verdict] for r in results]
        print(table(rows))
    for problem in problems:
        print(f"ERROR {problem}")


if __name__ == "__main__":
    sys.exit(main())
