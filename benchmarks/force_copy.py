"""A force-sized stand-in for the dashboard (docs/benchmarks.md, target 5), and its timing.

    python -m benchmarks.force_copy build [--database fd_bench_force] [--copies 70]
    python -m benchmarks.force_copy copy [--database fd_bench_force] [--copies 70]
    python -m benchmarks.force_copy time [--database fd_bench_force] [--views 10]

`build` makes a PostgreSQL database of the small borough with a front door's ten years of work
(the `ingest` and `insights` steps of `python -m benchmarks`, whose small-scale figures it
prints), then copies that work `--copies` more times with every id offset by 10,000,000 a copy
(events, participants, referrals, decisions, checks, alerts and the audit rows of acting on them,
notifications, MARAC referrals; foreign keys not checked, as in a restore), then `VACUUM
ANALYZE`: about 0.6 of the full borough's dashboard rows for 70 copies. `copy` does the copying
again on a database `build` made.

`time` times `insights_compute` alone in this process for the ten-year and default views: the
first view, then `--views` more of each, with this process's CPU and that of the PostgreSQL
backend serving it (parallel query off, so one backend does all the database's work). Run it
from a checkout to time that checkout's code: the project's `.pth` puts `./src` first.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from .borough import borough_for
from .config import DEFAULT_CACHE_DIR, SCALES
from .databases import _with_database, postgres_server_url
from .results import load_average, ms, percentile

OFFSET = 10_000_000
ALERT = "'risk.alert'"
# Every copied table, and the columns that hold its ids and its links to the other copies.
COPIED = {
    "chronology_event": ("id", "message_id"),
    "chronology_participant": ("id", "event_id", "person_id", "record_id"),
    "triage_referral": ("id", "message_id", "event_id"),
    "triage_decision": ("id",),
    "triage_agencycheck": ("id", "answer_message_id"),
    "triage_decision_checks": ("id", "decision_id", "agencycheck_id"),
    "risk_alert": ("id", "person_id", "trigger_id"),
    "audit_auditevent": ("id",),
    "sharing_notification": ("id", "person_id", "event_id"),
    "marac_maracreferral": ("id", "event_id"),
}
REFERENCES = {  # text keys: a copy's begins with its number in place of "FD" or "MR"
    "triage_referral": ("reference",),
    "triage_decision": ("referral_id",),
    "triage_agencycheck": ("referral_id",),
    "marac_maracreferral": ("reference",),
}
DROPPED = {"sharing_notification": ("acknowledgement_id", "not_sharing_id", "never_tell_id")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.force_copy")
    parser.add_argument("step", choices=("build", "copy", "time"))
    parser.add_argument("--database", default="fd_bench_force")
    parser.add_argument("--copies", type=int, default=70)
    parser.add_argument("--views", type=int, default=10)
    args = parser.parse_args(argv)
    url = _with_database(postgres_server_url(), args.database)
    if args.step == "time":
        timed(url, args.views)
        return
    if args.step == "build":
        build(url, args.database)
    copy(url, args.copies)


def build(url: str, name: str) -> None:
    """A new database of the small borough with a front door's ten years of work."""
    with psycopg.connect(postgres_server_url(), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    borough = borough_for(SCALES["small"], DEFAULT_CACHE_DIR)
    with tempfile.TemporaryDirectory() as scratch:
        for step in ("ingest", "insights"):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.worker",
                    step,
                    f"--borough={borough.folder}",
                    "--scale=small",
                    "--backend=postgres",
                    f"--results={Path(scratch) / 'results.json'}",
                    f"--logs={scratch}",
                ],
                env=os.environ | {"DATABASE_URL": url, "DEBUG": "false"},
                check=True,
            )


def copy(url: str, copies: int) -> None:
    """The front door's work copied `copies` times (any copies made before replaced)."""
    with psycopg.connect(url, autocommit=True) as database:
        database.execute("SET session_replication_role = replica")
        for table in COPIED:
            started = time.perf_counter()
            database.execute(f"DELETE FROM {table} WHERE id >= {OFFSET}")  # noqa: S608
            database.execute(_copy_sql(database, table, copies))
            print(f"{table}: copied in {time.perf_counter() - started:.1f} s", flush=True)
        # Triggers do not run in replica mode: what the dashboard kept (ADR 26) is forgotten.
        database.execute("DELETE FROM insights_keptmonth")
        database.execute("VACUUM ANALYZE")
        for table in COPIED:
            rows = database.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
            print(f"{table}: {rows[0] if rows else 0:,} rows")


def _copy_sql(database: psycopg.Connection, table: str, copies: int) -> str:
    """One INSERT of `copies` copies of the table's rows, ids offset."""
    columns = [
        row[0]
        for row in database.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    ]
    values = []
    for column in columns:
        if column in COPIED[table]:
            values.append(f"{column} + k * {OFFSET}")
        elif column in REFERENCES.get(table, ()):
            values.append(f"lpad(k::text, 2, '0') || substr({column}, 3)")
        elif column in DROPPED.get(table, ()):
            values.append("NULL")
        elif table == "audit_auditevent" and column == "object_id":
            values.append(f"(object_id::bigint + k * {OFFSET})::text")
        else:
            values.append(column)
    where = f"WHERE id < {OFFSET}"
    if table == "audit_auditevent":
        where += f" AND object_type = {ALERT}"
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608  # nosec B608
        f"SELECT {', '.join(values)} FROM {table} CROSS JOIN generate_series(1, {copies}) k "
        f"{where}"
    )


def timed(url: str, views: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.db import connection

    from frontdoor.insights.figures import insights_compute
    from frontdoor.insights.loads import Period

    from .insights import ten_years

    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    first, last = ten_years()
    periods = {"ten years": Period(first, last), "default": Period.last_year(last)}
    print(f"{Path.cwd()}: load average {load_average()} at start")
    for name, period in periods.items():
        runs = [_view(insights_compute, period, backend) for _ in range(views + 1)]
        warm = runs[1:]
        print(
            f"{name}: first {_shown(runs[0])}; warm ({len(warm)}) p95 "
            f"{ms(percentile([r[0] for r in warm], 0.95))} min {ms(min(r[0] for r in warm))}, "
            f"CPU median {ms(statistics.median(r[1] for r in warm))}, "
            f"PostgreSQL CPU median {ms(statistics.median(r[2] for r in warm))}",
            flush=True,
        )
    print(f"load average {load_average()} at end")


def _view(
    compute: Callable[[Any], object], period: Any, backend: int
) -> tuple[float, float, float]:
    """Wall time, this process's CPU and the PostgreSQL backend's CPU, of one view."""
    server = _backend_cpu(backend)
    cpu, started = time.process_time(), time.perf_counter()
    compute(period)
    return (
        time.perf_counter() - started,
        time.process_time() - cpu,
        _backend_cpu(backend) - server,
    )


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _shown(run: tuple[float, float, float]) -> str:
    return f"{ms(run[0])} (CPU {ms(run[1])}, PostgreSQL {ms(run[2])})"


if __name__ == "__main__":
    main()
