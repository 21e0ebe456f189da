"""Target 1: batch ingest through the whole spine, at least 1,000 messages a second, near-linear.

This is `frontdoor ingest` without the progress bar: the borough's messages in file order through
`messages_ingest`, in batches of FRONTDOOR_INGEST_BATCH_SIZE (store, check, resolve, relate,
record events and referrals), with the rules, MARAC and sharing stages derived either inline or
by the intake worker beside it (`--intake`, decision 15). Checkpoints are multiples of the
batch size, so each ends a batch. The clock is read at fixed message counts, so the table shows
whether throughput holds up as the database grows; a lookup that scans a growing table shows up
as a falling slice rate long before it shows in the overall figure.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from frontdoor.collector import collector_tune
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Arriving, messages_ingest

from .borough import Borough
from .config import INGEST_TARGET, SCALING_TARGET, Scale
from .intake_worker import intake_worker
from .results import Result, load_average, machine_pace


def run(borough: Borough, scale: Scale, backend: str, *, log: Path) -> Result:
    """Migrate, load the register of agencies, then time the ingest of the borough; `log`
    takes the intake worker's output."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("agencies", "load", str(borough.agencies_file), stdout=io.StringIO())
    # The process set up as the `frontdoor` command sets up `frontdoor ingest`.
    collector_tune(batch=True)
    count = borough.messages - scale.held_back
    checkpoints = [c for c in scale.checkpoints if c < count] + [count]
    load_before, pace_before = load_average(), machine_pace()

    outcomes: Counter[str] = Counter()
    marks: list[tuple[int, float]] = [(0, 0.0)]
    done = 0
    with intake_worker(log) as worker:
        began, cpu_began = time.perf_counter(), time.process_time()
        arriving = (Arriving(line) for line in borough.lines(0, count))
        for batch, answers in messages_ingest(arriving, channel=Channel.FILE):
            outcomes.update(answer.status for answer in answers)
            done += len(batch)
            if done in checkpoints:
                marks.append((done, time.perf_counter() - began))
                _progress(backend, marks)
        cpu = time.process_time() - cpu_began
        worker.drain()
    pace_after = machine_pace()

    rows = [["messages", "seconds", "messages/s", "slice", "slice s", "slice messages/s"]]
    rates = []
    for (start, start_at), (end, end_at) in pairwise(marks):
        rate = (end - start) / (end_at - start_at)
        rates.append(rate)
        rows.append(
            [
                f"{end:,}",
                f"{end_at:.1f}",
                f"{end / end_at:,.0f}",
                f"{start:,}–{end:,}",
                f"{end_at - start_at:.1f}",
                f"{rate:,.0f}",
            ]
        )
    total, seconds = marks[-1]
    overall = total / seconds
    ratio = rates[-1] / rates[0]
    return Result(
        benchmark="ingest",
        backend=backend,
        scale=scale.name,
        figure=(
            f"{overall:,.0f} messages/s over {total:,} messages in {seconds:,.0f} s; "
            f"last/first slice {ratio:.2f}"
        ),
        target=f">= {INGEST_TARGET:,.0f} messages/s; last/first slice >= {SCALING_TARGET}",
        passed=overall >= INGEST_TARGET and ratio >= SCALING_TARGET,
        table=rows,
        notes=[
            f"borough: {borough.summary}",
            f"outcomes: accepted {outcomes['accepted']:,}, duplicate {outcomes['duplicate']:,}, "
            f"rejected {outcomes['rejected']:,}; batches of "
            f"{settings.FRONTDOOR_INGEST_BATCH_SIZE}; the last {scale.held_back:,} messages "
            "are left for the API benchmark",
            worker.note(total, seconds),
            f"intake's process used {cpu:,.0f} s of CPU in the {seconds:,.0f} s; the rest it spent "
            "waiting: for the database server, or for a core",
            f"the machine's pace (seconds of CPU for ten million additions in Python): "
            f"{pace_before:.2f} before, {pace_after:.2f} after",
        ],
        load_before=load_before,
        load_after=load_average(),
    )


def _progress(backend: str, marks: list[tuple[int, float]]) -> None:
    (start, start_at), (end, end_at) = marks[-2], marks[-1]
    print(
        f"  ingest {backend}: {end:,} messages in {end_at:.1f} s ({end / end_at:,.0f}/s; "
        f"{start:,}–{end:,} at {(end - start) / (end_at - start_at):,.0f}/s); "
        f"load {load_average()}",
        flush=True,
    )
