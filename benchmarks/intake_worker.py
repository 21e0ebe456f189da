"""The intake worker beside a benchmark step that writes, as a deployment runs it (decision 15).

With FRONTDOOR_INTAKE "worker", `frontdoor process --follow` runs in its own process while the
step sends messages; when the step has sent its last, `drain` times how long the worker takes to
finish what is still waiting (recording what the API checked, deriving what is due). With
"inline", intake does everything itself and there is nothing to run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

from frontdoor.intake.derivation import WORKER, intake_backlog

from .config import PROJECT_DIR
from .processes import process_stop

POLL_SECONDS = 0.2
DRAIN_LIMIT_SECONDS = 3600
START_LIMIT_SECONDS = 120


@dataclass
class WorkerRun:
    """What the worker had left when the step stopped sending, and how long it took to finish."""

    mode: str
    waiting_at_end: int = 0
    drain_seconds: float = 0.0

    def drain(self) -> None:
        """Wait until nothing is due (the worker has caught up), timing it."""
        if self.mode != WORKER:
            return
        self.waiting_at_end = intake_backlog().count
        began = time.perf_counter()
        while intake_backlog().count:
            if time.perf_counter() - began > DRAIN_LIMIT_SECONDS:
                raise RuntimeError("the intake worker did not catch up within the hour")
            time.sleep(POLL_SECONDS)
        self.drain_seconds = time.perf_counter() - began

    def note(self, sent: int | None = None, seconds: float = 0.0) -> str:
        """A line for the result: who finished intake, what was left, and (given what was sent
        in how many seconds) the rate with everything finished."""
        if self.mode != WORKER:
            return "intake: inline (each message recorded and derived as it is received)"
        line = (
            f"intake: a `frontdoor process --follow` worker beside it; {self.waiting_at_end:,} "
            f"messages were waiting when the last was sent, finished {self.drain_seconds:,.1f} s "
            "later"
        )
        if sent is None:
            return line
        rate = sent / (seconds + self.drain_seconds)
        return f"{line}; with everything finished, {rate:,.0f} messages/s"


@contextmanager
def intake_worker(log: Path) -> Iterator[WorkerRun]:
    """Run the intake worker (if the settings ask for one) until the block ends."""
    run = WorkerRun(settings.FRONTDOOR_INTAKE)
    if run.mode != WORKER:
        yield run
        return
    # The worker opens its own connection; this process's must not be shared with it.
    connections.close_all()
    with log.open("w", encoding="utf-8") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "frontdoor.manage",
                "process",
                "--follow",
                f"--every={POLL_SECONDS}",
            ],
            cwd=PROJECT_DIR,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _ready_wait(worker, log)
        yield run
    finally:
        process_stop(worker)


def _ready_wait(worker: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the worker has started and finished what it found waiting (its first line),
    as a deployment's worker, a service, has long before a load begins. Started beside a load,
    it would take the load's first stored batches as messages left half-done by a crash and
    record them itself, the two taking turns at the processing lock (measured on PostgreSQL: it
    recorded 1,500 of a load's first messages, and 2.7 s went on waiting for the lock)."""
    began = time.perf_counter()
    while not log.read_text(encoding="utf-8").strip():
        if worker.poll() is not None:
            raise RuntimeError(f"the intake worker stopped as it started: see {log}")
        if time.perf_counter() - began > START_LIMIT_SECONDS:
            raise RuntimeError(f"the intake worker had not started within two minutes: see {log}")
        time.sleep(POLL_SECONDS)
