"""The derivation worker beside a benchmark step that writes, as a deployment runs it (decision 15).

With FRONTDOOR_DERIVATION "worker", `frontdoor derive --follow` runs in its own process while the
step sends messages; when the step has sent its last, `drain` times how long the worker takes to
derive what is still due. With "inline", processing derives and there is nothing to run.
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

from frontdoor.intake.derivation import WORKER, derivation_due

from .config import PROJECT_DIR

POLL_SECONDS = 0.2
DRAIN_LIMIT_SECONDS = 3600


@dataclass
class Derivation:
    """What the worker had left when the step stopped sending, and how long it took to finish."""

    mode: str
    due_at_end: int = 0
    drain_seconds: float = 0.0

    def drain(self) -> None:
        """Wait until nothing is due (the worker has caught up), timing it."""
        if self.mode != WORKER:
            return
        self.due_at_end = derivation_due().count()
        began = time.perf_counter()
        while derivation_due().exists():
            if time.perf_counter() - began > DRAIN_LIMIT_SECONDS:
                raise RuntimeError("the derivation worker did not catch up within the hour")
            time.sleep(POLL_SECONDS)
        self.drain_seconds = time.perf_counter() - began

    def note(self, sent: int | None = None, seconds: float = 0.0) -> str:
        """A line for the result: who derived, what was left, and (given what was sent in how
        many seconds) the rate with derivation finished."""
        if self.mode != WORKER:
            return "derivation: inline, in each processing transaction"
        line = (
            f"derivation: a `frontdoor derive --follow` worker beside it; {self.due_at_end:,} "
            f"messages were due when the last was sent, derived {self.drain_seconds:,.1f} s later"
        )
        if sent is None:
            return line
        rate = sent / (seconds + self.drain_seconds)
        return f"{line}; with everything derived, {rate:,.0f} messages/s"


@contextmanager
def derivation_worker(log: Path) -> Iterator[Derivation]:
    """Run the derivation worker (if the settings ask for one) until the block ends."""
    derivation = Derivation(settings.FRONTDOOR_DERIVATION)
    if derivation.mode != WORKER:
        yield derivation
        return
    # The worker opens its own connection; this process's must not be shared with it.
    connections.close_all()
    with log.open("w", encoding="utf-8") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "frontdoor.manage",
                "derive",
                "--follow",
                f"--every={POLL_SECONDS}",
            ],
            cwd=PROJECT_DIR,
            env=os.environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield derivation
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
