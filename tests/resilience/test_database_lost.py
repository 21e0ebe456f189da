"""PostgreSQL lost again and again while a real server takes messages.

The server (gunicorn, two workers of four threads, as deployed) holds its connections open
between requests. While clients send the borough's messages one a request, the database goes
away, in two ways: every backend connected to the test's database is terminated
(`pg_terminate_backend`), several times a second for a while; or the database restarts: the
hub reaches it through a relay (`relay.Relay`: the machine's PostgreSQL server is shared, so the
test cannot restart it), which is stopped, cutting every connection and refusing new ones for
half a second, then started again, several times. A client sends again what was answered 503, as
an agency system is asked to. Afterwards every message is stored exactly once, nothing is
half-written, and the server answers as before.
"""

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from .conftest import PROJECT_DIR, frontdoor, frontdoor_env, postgres, query
from .relay import Relay

pytestmark = pytest.mark.skipif(
    not postgres(), reason="cuts PostgreSQL's connections; SQLite has no server to lose"
)
HOST = "127.0.0.1"
CLIENTS = 4
MESSAGES = 200
CUTS = 15
CUT_EVERY_SECONDS = 0.25
RESTARTS = 6
UP_SECONDS = 1.0
DOWN_SECONDS = 0.5
SEND_SECONDS = 120.0
READY_SECONDS = 60.0
ISSUE_TOKENS = (
    "import json; from frontdoor.access.models import Agency; "
    "from frontdoor.access.tokens import token_issue; "
    "print(json.dumps({a.code: token_issue(agency=a, name='test', issued_by=None) "
    "for a in Agency.objects.all()}))"
)
HALF_DONE = (
    "SELECT count(*) FROM chronology_event e JOIN intake_inboxmessage m ON m.id = e.message_id "
    "WHERE m.status <> 'processed'"
)


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@contextmanager
def served(url: str, log: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """The hub served by gunicorn on a free loopback port until the block ends."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "frontdoor.wsgi:application",
        f"--bind={HOST}:{port}",
        "--workers=2",
        "--threads=4",
        "--worker-class=gthread",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=frontdoor_env(url, FRONTDOOR_API_RATE_LIMIT=str(10**9)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if _get(port, "/api/v1/openapi.json") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start; see {log}")
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def _cut_connections(url: str, database: str) -> int:
    """Terminate every backend on `database`, CUTS times; how many were terminated."""
    cut = 0
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        for _ in range(CUTS):
            rows = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            ).fetchall()
            cut += sum(1 for (done,) in rows if done)
            time.sleep(CUT_EVERY_SECONDS)
    return cut


def _restart_database(relay: Relay) -> int:
    """Stop the relay for DOWN_SECONDS, RESTARTS times, a second apart; how many restarts."""
    for _ in range(RESTARTS):
        time.sleep(UP_SECONDS)
        relay.stop()
        time.sleep(DOWN_SECONDS)
        relay.start()
    return RESTARTS


def _through(relay: Relay, url: str) -> str:
    """`url` with its host and port replaced by the relay's."""
    parts = urlsplit(url)
    netloc = f"{parts.username}@{HOST}:{relay.port}" if parts.username else f"{HOST}:{relay.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _client(
    port: int,
    tokens: dict[str, str],
    jobs: deque[dict[str, object]],
    answers: list[tuple[int, dict[str, object], object]],
    deadline: float,
) -> None:
    """Send until every job is answered; a 503 goes back in the queue to be sent again."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline:
        try:
            payload = jobs.popleft()
        except IndexError:
            break
        try:
            connection.request(
                "POST",
                "/api/v1/messages",
                body=json.dumps(payload),
                headers={
                    "Authorization": f"Bearer {tokens[str(payload['source'])]}",
                    "Content-Type": "application/json",
                },
            )
            response = connection.getresponse()
            status, answer = response.status, json.loads(response.read())
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            status, answer = 0, repr(error)
        answers.append((status, payload, answer))
        if status == 503:
            jobs.append(payload)
    connection.close()


def test_cut_connections_under_load_lose_nothing_and_the_server_recovers(
    hub_database: str, messages_file: Path, tmp_path: Path
) -> None:
    database = hub_database.rsplit("/", 1)[1]
    _send_while(
        lambda: _cut_connections(hub_database, database),
        hub_database,
        hub_database,
        messages_file,
        tmp_path,
    )


def test_database_restarts_under_load_lose_nothing_and_the_server_recovers(
    hub_database: str, messages_file: Path, tmp_path: Path
) -> None:
    upstream = urlsplit(hub_database)
    with Relay((upstream.hostname or HOST, upstream.port or 5432)) as relay:
        _send_while(
            lambda: _restart_database(relay),
            _through(relay, hub_database),
            hub_database,
            messages_file,
            tmp_path,
        )


def _send_while(
    outages: Callable[[], int],
    served_url: str,
    hub_database: str,
    messages_file: Path,
    tmp_path: Path,
) -> None:
    """Clients send MESSAGES messages to a server on `served_url` while `outages()` runs; then
    every message is stored once, nothing is half-written, and the server answers as before."""
    tokens = json.loads(frontdoor(hub_database, "shell", "--no-imports", "-c", ISSUE_TOKENS).stdout)
    payloads = [json.loads(line) for line in messages_file.read_text().splitlines()[:MESSAGES]]
    jobs = deque(payloads)
    answers: list[tuple[int, dict[str, object], object]] = []

    with served(served_url, tmp_path / "server.log") as (port, server):
        deadline = time.monotonic() + SEND_SECONDS
        clients = [
            threading.Thread(target=_client, args=(port, tokens, jobs, answers, deadline))
            for _ in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        cut = outages()
        for client in clients:
            client.join()
        assert server.poll() is None, "the server died"
        assert _get(port, "/api/v1/openapi.json") == 200

    statuses = Counter(status for status, _, _ in answers)
    assert cut > 0
    assert set(statuses) <= {200, 201, 202, 422, 503}, statuses
    # A request that met a cut is answered 503 (send again), or 202 when the message was stored
    # but its processing kept meeting cuts (`frontdoor process` finishes it).
    assert statuses[503] + statuses[202] > 0, f"no request met a lost database: {statuses}"
    assert all(
        isinstance(answer, dict) and answer["title"] == "Database unavailable"
        for status, _, answer in answers
        if status == 503
    )
    assert not jobs, "not every message was answered in time"

    stored = query(
        hub_database, "SELECT source, message_id, count(*) FROM intake_inboxmessage GROUP BY 1, 2"
    )
    assert sorted((source, key) for source, key, _ in stored) == sorted(
        (p["source"], p["message_id"]) for p in payloads
    )
    assert {count for _, _, count in stored} == {1}
    assert query(hub_database, HALF_DONE) == [(0,)]
    frontdoor(hub_database, "process")
    assert query(
        hub_database, "SELECT count(*) FROM intake_inboxmessage WHERE status = 'received'"
    ) == [(0,)]
    assert query(hub_database, HALF_DONE) == [(0,)]
