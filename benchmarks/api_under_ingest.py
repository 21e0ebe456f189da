"""The API's target (p95 under 100 ms a message, 8 clients) held while a batch ingest runs.

Agencies' systems send single messages through the API at any hour, and a nightly file (or a
catch-up after an outage) is taken in by `frontdoor ingest` at the same time: the hub must keep
answering the API quickly while it does. The app is served as in the `api` step; `frontdoor
ingest` runs in a process of its own on a block of the borough held back for it; once the ingest
has stored its first batch, eight clients send another held-back block, one message a request,
until they have sent it all, the ingest ends, or the time is up. Only requests made while the
ingest ran are counted, and the ingest's own rate over the same time is reported beside them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection, connections

from frontdoor.intake.models import InboxMessage

from .api import (
    HEADINGS,
    HOST,
    SERVER_ENV,
    Latencies,
    clients_send,
    requests_of,
    warm_up,
    wsgi_server,
)
from .borough import Borough
from .config import API_CLIENTS, API_P95_TARGET, API_WARM_UP, PROJECT_DIR, Scale
from .intake_worker import intake_worker
from .results import Result, load_average

STARTED_SECONDS = 60.0  # for the ingest to store its first batch


def _ingest_started(ingest: subprocess.Popen[bytes], before: int) -> None:
    """Wait until the ingest has stored its first batch (and so is processing)."""
    deadline = time.monotonic() + STARTED_SECONDS
    while time.monotonic() < deadline:
        if ingest.poll() is not None:
            raise RuntimeError(f"the ingest ended before the API was timed ({ingest.returncode})")
        if InboxMessage.objects.count() > before:
            connection.close()  # the clients' time is the server's and the ingest's alone
            return
        time.sleep(0.05)
    raise RuntimeError(f"the ingest stored nothing in {STARTED_SECONDS:.0f} s")


def run(borough: Borough, scale: Scale, backend: str, *, server: str, log: Path) -> Result:
    """Serve the app and start an ingest; time the API clients while the ingest runs."""
    requests = requests_of(borough, scale, "api-under-ingest")
    start, stop = scale.held_back_for("ingest-alongside")
    with tempfile.TemporaryDirectory() as scratch:
        alongside = Path(scratch) / "alongside.jsonl"
        alongside.write_text(
            "".join(
                f"{line}\n"
                for line in borough.lines(borough.messages + start, borough.messages + stop)
            ),
            encoding="utf-8",
        )
        connections.close_all()
        with (
            intake_worker(log.with_name(f"worker-{log.name}")) as worker,
            wsgi_server(server, log, backend) as (port, description),
        ):
            warmed = warm_up(port, requests[:API_WARM_UP])
            before = InboxMessage.objects.count()
            ingest = subprocess.Popen(
                [sys.executable, "-m", "frontdoor.manage", "ingest", "--quiet", str(alongside)],
                cwd=PROJECT_DIR,
                env=SERVER_ENV,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            try:
                _ingest_started(ingest, before)
                stored_before = InboxMessage.objects.count()
                load_before = load_average()
                began = time.monotonic()
                deadline = began + scale.api_seconds
                samples = clients_send(
                    port,
                    requests[API_WARM_UP:],
                    lambda: time.monotonic() < deadline and ingest.poll() is None,
                )
                ended = time.monotonic()
                stored_during = InboxMessage.objects.count() - stored_before
                load_after = load_average()
                connection.close()
            finally:
                output, _ = ingest.communicate(timeout=None)
            if ingest.returncode:
                raise RuntimeError(f"the ingest failed: {output.decode(errors='replace')[-2000:]}")
            worker.drain()
    if not samples:
        raise RuntimeError(
            "the ingest ended before the clients sent anything: hold back more messages for it "
            "(Scale.under_ingest_messages)"
        )

    seen = Latencies.of(samples)
    ingest_rate = (stored_during - len(samples)) / (ended - began)
    ran_out = "the ingest ended first" if len(samples) < len(requests) - len(warmed) else ""
    return Result(
        benchmark="api-under-ingest",
        backend=backend,
        scale=scale.name,
        figure=f"{seen.figure}; ingest alongside at {ingest_rate:,.0f} messages/s",
        target=(
            f"p95 < {API_P95_TARGET * 1000:.0f} ms with {API_CLIENTS} clients while "
            "`frontdoor ingest` runs, no failures"
        ),
        passed=seen.p95 < API_P95_TARGET and seen.failed == 0,
        table=[HEADINGS, seen.row],
        notes=[
            f"server: {description} on {HOST}; {API_CLIENTS} client threads, keep-alive",
            f"answers: {seen.answers}",
            *(f"  e.g. {example}" for example in seen.examples),
            f"alongside: `frontdoor ingest` of {stop - start:,} held-back messages in its own "
            f"process; it stored about {stored_during - len(samples):,} while the clients "
            f"sent ({ended - began:.1f} s){'; ' + ran_out if ran_out else ''}",
            f"{len(warmed)} warm-up requests first, before the ingest; the clients start after "
            f"its first batch and stop after {len(requests) - len(warmed):,} requests, "
            f"{scale.api_seconds:.0f} s or the ingest's end; server log {log}",
            worker.note(),
        ],
        load_before=load_before,
        load_after=load_after,
    )
