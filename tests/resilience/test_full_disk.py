"""A full disk under the SQLite database: a clear error, nothing half-written, and recovery.

SQLite's `max_page_count` caps the database's size where it stands, so the next page it needs
fails exactly as a full disk does (SQLITE_FULL, "database or disk is full"); raising the cap
again is the space coming back.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from frontdoor.access.models import Agency
from frontdoor.access.tokens import token_issue
from frontdoor.chronology.models import Event
from frontdoor.intake.models import InboxMessage, Status
from frontdoor.intake.services import inbox_process_pending
from frontdoor.synth.generator import AGENCIES_FILE

from .conftest import postgres

pytestmark = pytest.mark.skipif(
    postgres(), reason="fills a SQLite file; PostgreSQL's disk is its server's, shared here"
)
SQLITE_MOST_PAGES = 4294967294
HEADROOM_PAGES = 20
MESSAGES = 100
FAILURES = 5


@contextmanager
def disk_full(headroom_pages: int = HEADROOM_PAGES) -> Iterator[None]:
    """The database may grow by `headroom_pages` pages only, until the block ends."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")  # free pages left by earlier tests would be room to grow
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages + headroom_pages}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {SQLITE_MOST_PAGES}")


@pytest.fixture
def borough_loaded(transactional_db: None, borough: Path) -> None:
    call_command("agencies", "load", str(borough / AGENCIES_FILE), stdout=StringIO())


def _half_done() -> int:
    """Events whose message is not marked processed: a partial write."""
    return Event.objects.exclude(message__status=Status.PROCESSED).count()


def _stored_once(payloads: list[dict[str, object]]) -> bool:
    keys = sorted(InboxMessage.objects.values_list("source", "message_id"))
    return keys == sorted((str(p["source"]), str(p["message_id"])) for p in payloads)


@pytest.fixture
def payloads(borough_loaded: None, messages_file: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in messages_file.read_text().splitlines()[:MESSAGES]]


def test_api_on_a_full_disk_answers_503_and_recovers(
    payloads: list[dict[str, object]], settings: Any
) -> None:
    settings.FRONTDOOR_API_RATE_LIMIT = 10 * MESSAGES  # every message is sent twice
    tokens = {
        agency.code: token_issue(agency=agency, name="test", issued_by=None)
        for agency in Agency.objects.all()
    }
    client = Client()

    def send(payload: dict[str, object]) -> tuple[int, dict[str, object]]:
        response = client.post(
            "/api/v1/messages",
            data=json.dumps(payload),
            content_type="application/json",
            headers={"Authorization": f"Bearer {tokens[str(payload['source'])]}"},
        )
        return response.status_code, response.json()

    answered: list[tuple[int, dict[str, object]]] = []
    with disk_full():
        for payload in payloads:
            answered.append(send(payload))
            if sum(status == 503 for status, _ in answered) == FAILURES:
                break
        assert _half_done() == 0
        stored = set(InboxMessage.objects.values_list("source", "message_id"))

    statuses = {status for status, _ in answered}
    assert 503 in statuses
    assert statuses <= {201, 202, 422, 503}, "no 500, ever"
    refused = next(answer for status, answer in answered if status == 503)
    assert refused["title"] == "Database unavailable"
    assert "Send it again" in str(refused["detail"])
    for (status, answer), payload in zip(answered, payloads, strict=False):
        if status < 500:
            assert (payload["source"], payload["message_id"]) in stored, answer

    inbox_process_pending()
    again = [send(payload)[0] for payload in payloads]
    assert set(again) <= {200, 201, 422}
    assert again.count(200) == len(stored)
    assert _stored_once(payloads)
    assert not InboxMessage.objects.filter(status=Status.RECEIVED).exists()
    assert _half_done() == 0


def test_ingest_on_a_full_disk_stops_with_a_clear_error_and_recovers(
    payloads: list[dict[str, object]], tmp_path: Path
) -> None:
    messages_file = tmp_path / "messages.jsonl"
    messages_file.write_text("".join(json.dumps(p) + "\n" for p in payloads))

    with disk_full(), pytest.raises(CommandError) as stopped:
        call_command("ingest", "--quiet", str(messages_file), stdout=StringIO(), stderr=StringIO())
    assert "database or disk is full" in str(stopped.value)
    assert "run `frontdoor process`, then the same command" in str(stopped.value)
    assert _half_done() == 0
    assert InboxMessage.objects.count() < len(payloads)

    call_command("process", stdout=StringIO())
    output = StringIO()
    call_command("ingest", "--quiet", str(messages_file), stdout=output, stderr=StringIO())
    assert "pending" not in output.getvalue()
    assert _stored_once(payloads)
    assert not InboxMessage.objects.filter(status=Status.RECEIVED).exists()
    assert _half_done() == 0
