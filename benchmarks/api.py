"""Target 2: POST /api/v1/messages, p95 under 100 ms a message with 8 clients at once.

The app is served by a real WSGI server on 127.0.0.1 (a free port), in its own process(es):
gunicorn when it is installed, else Django's threaded `runserver --noreload`, which needs
nothing beyond Django. Eight client threads, each with its own keep-alive connection, send the
borough's last messages (held back from ingest, so each is new and arrives in time order) one a
request, each with the token of the agency that sent it, until every message is sent or the time
is up. Latency is what the client sees, from sending the request to reading the whole answer.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from frontdoor.access.models import Agency
from frontdoor.access.tokens import token_issue

from .borough import Borough
from .config import API_CLIENTS, API_P95_TARGET, API_WARM_UP, PROJECT_DIR, Scale
from .intake_worker import intake_worker
from .processes import process_stop
from .results import Result, load_average, ms, percentile

PATH = "/api/v1/messages"
HOST = "127.0.0.1"
# (workers, threads) by backend; together they take all eight clients at once. PostgreSQL: a
# worker a core. SQLite lets one connection write at a time: one process, whose threads take
# turns at intake's writer lock instead of polling the database file's lock.
GUNICORN_PROCESSES = {"postgres": (2, 4), "sqlite": (1, 8)}
READY_SECONDS = 60.0


@dataclass(frozen=True)
class Sample:
    began: float
    ended: float
    status: int  # the HTTP status; 0 when the request failed without one
    answer: bytes = b""  # the body of an answer other than 201, to say why


def server_kind(requested: str) -> str:
    """`auto` is gunicorn when it is installed (it is pinned), else runserver."""
    if requested != "auto":
        return requested
    return "gunicorn" if importlib.util.find_spec("gunicorn") else "runserver"


# A token per agency sends a year of messages in minutes, far past any per-token rate a
# partnership would allow its systems: the benchmark times the API, not its rate limit.
SERVER_ENV = {**os.environ, "FRONTDOOR_API_RATE_LIMIT": str(10**9)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _command(kind: str, port: int, backend: str) -> tuple[list[str], str]:
    if kind == "gunicorn":
        from importlib.metadata import version

        workers, threads = GUNICORN_PROCESSES[backend]
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "benchmarks.server_app:application",  # frontdoor.wsgi's app; see that module
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--log-level=warning",
        ], (f"gunicorn {version('gunicorn')}, gthread, {workers} workers x {threads} threads")
    if kind == "runserver":
        return [
            sys.executable,
            "-m",
            "django",
            "runserver",
            "--noreload",
            "--skip-checks",
            f"{HOST}:{port}",
        ], "Django runserver --noreload (threaded; a thread a connection)"
    raise ValueError(f"unknown server {kind!r}")


@contextmanager
def wsgi_server(kind: str, log: Path, backend: str) -> Iterator[tuple[int, str]]:
    """The app served on a free loopback port until the block ends; its output goes to `log`."""
    port = _free_port()
    command, description = _command(kind, port, backend)
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=PROJECT_DIR, env=SERVER_ENV
        )
    try:
        _wait_until_ready(port, server, log)
        yield port, description
    finally:
        process_stop(server)


def _wait_until_ready(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited ({server.returncode}); see {log}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {READY_SECONDS:.0f} s; see {log}")


def _send(connection: http.client.HTTPConnection, token: str, body: bytes) -> Sample:
    began = time.perf_counter()
    try:
        connection.request(
            "POST",
            PATH,
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        answer = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request opens a new connection
        status, answer = 0, repr(error).encode()
    return Sample(began, time.perf_counter(), status, b"" if status == 201 else answer)


def _client(
    port: int, jobs: deque[tuple[str, bytes]], go_on: Callable[[], bool], out: list[Sample]
) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        while go_on():
            try:
                token, body = jobs.popleft()
            except IndexError:
                return
            out.append(_send(connection, token, body))
    finally:
        connection.close()


def warm_up(port: int, requests: list[tuple[str, bytes]]) -> list[Sample]:
    """One client's untimed requests first: connections, lazy imports."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        return [_send(connection, token, body) for token, body in requests]
    finally:
        connection.close()


def requests_of(borough: Borough, scale: Scale, step: str) -> list[tuple[str, bytes]]:
    """The messages held back for `step`, each with a fresh token of the agency it says sent it."""
    start, stop = scale.held_back_for(step)
    raws = list(borough.lines(borough.messages + start, borough.messages + stop))
    sources = {json.loads(raw).get("source") for raw in raws}
    tokens = {
        agency.code: token_issue(agency=agency, name="benchmark", issued_by=None)
        for agency in Agency.objects.filter(code__in=[s for s in sources if isinstance(s, str)])
    }
    # A message naming no registered agency is sent with some agency's token and is rejected,
    # as it would be in life; the generator makes a few such on purpose.
    fallback = next(iter(tokens.values()))
    return [
        (tokens.get(json.loads(raw).get("source"), fallback), raw.encode("utf-8")) for raw in raws
    ]


def clients_send(
    port: int, requests: list[tuple[str, bytes]], go_on: Callable[[], bool]
) -> list[Sample]:
    """The requests from API_CLIENTS clients at once, while `go_on()`: what each saw."""
    jobs = deque(requests)
    samples: list[Sample] = []
    clients = [
        threading.Thread(target=_client, args=(port, jobs, go_on, samples))
        for _ in range(API_CLIENTS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    return samples


@dataclass(frozen=True)
class Latencies:
    """What the clients saw: the percentiles, the rate, and the answers by status."""

    p50: float
    p95: float
    p99: float
    rate: float
    seconds: float
    failed: int
    answers: str
    examples: list[str]
    row: list[str]

    @classmethod
    def of(cls, samples: list[Sample]) -> Latencies:
        latencies = [s.ended - s.began for s in samples]
        seconds = max(s.ended for s in samples) - min(s.began for s in samples)
        statuses = Counter(s.status for s in samples)
        p50, p95, p99 = (percentile(latencies, q) for q in (0.50, 0.95, 0.99))
        rate = len(samples) / seconds
        return cls(
            p50=p50,
            p95=p95,
            p99=p99,
            rate=rate,
            seconds=seconds,
            failed=sum(n for status, n in statuses.items() if status == 0 or status >= 500),
            answers=", ".join(
                f"{status or 'no answer'}: {n:,}" for status, n in sorted(statuses.items())
            ),
            examples=[s.answer.decode(errors="replace")[:300] for s in samples if s.answer][:3],
            row=[
                f"{len(samples):,}",
                f"{seconds:.1f}",
                f"{rate:,.1f}",
                ms(p50),
                ms(p95),
                ms(p99),
                ms(max(latencies)),
                ms(statistics.fmean(latencies)),
            ],
        )

    @property
    def figure(self) -> str:
        return (
            f"p95 {ms(self.p95)} (p50 {ms(self.p50)}, p99 {ms(self.p99)}), "
            f"{self.rate:,.1f} requests/s"
        )


HEADINGS = ["requests", "seconds", "requests/s", "p50", "p95", "p99", "max", "mean"]


def run(borough: Borough, scale: Scale, backend: str, *, server: str, log: Path) -> Result:
    """Serve the app, send the held-back messages from eight clients, and read the latencies."""
    requests = requests_of(borough, scale, "api")
    connections.close_all()  # the server has the database to itself
    kind = server_kind(server)
    with (
        intake_worker(log.with_name(f"worker-{log.name}")) as worker,
        wsgi_server(kind, log, backend) as (port, description),
    ):
        warmed = warm_up(port, requests[:API_WARM_UP])
        load_before = load_average()
        began = time.monotonic()
        deadline = began + scale.api_seconds
        samples = clients_send(port, requests[API_WARM_UP:], lambda: time.monotonic() < deadline)
        sending = time.monotonic() - began
        load_after = load_average()
        worker.drain()

    seen = Latencies.of(samples)
    return Result(
        benchmark="api",
        backend=backend,
        scale=scale.name,
        figure=seen.figure,
        target=(f"p95 < {API_P95_TARGET * 1000:.0f} ms with {API_CLIENTS} clients, no failures"),
        passed=seen.p95 < API_P95_TARGET and seen.failed == 0,
        table=[HEADINGS, seen.row],
        notes=[
            f"server: {description} on {HOST}; {API_CLIENTS} client threads, keep-alive",
            f"answers: {seen.answers} (201 accepted, 422 rejected: the borough's invalid messages)",
            *(f"  e.g. {example}" for example in seen.examples),
            f"{len(warmed)} warm-up requests first, not counted; stops after "
            f"{scale.api_requests:,} requests or {scale.api_seconds:.0f} s; server log {log}",
            f"database: the {scale.name} borough ({borough.messages - scale.held_back:,} "
            "messages) already ingested",
            worker.note(len(samples), sending),
        ],
        load_before=load_before,
        load_after=load_after,
    )
